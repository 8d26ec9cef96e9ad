// Bundles src/cli into lib/ with esbuild: one file loads far faster than hundreds of ESM modules,
// which keeps `presslate` start-up short. Type checking is `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSources } from './source-hash.mjs';

// The build id keys the build cache (.presslate-cache/): a hash of everything that decides what
// Presslate outputs, so results of other code are never reused (scripts/source-hash.mjs).
const repo = fileURLToPath(new URL('..', import.meta.url));
const buildId = () => hashSources(repo);

// `--outdir <folder>` compiles elsewhere (a private copy for benchmarks while lib/ is rebuilt by tests).
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag > 0 ? process.argv[outdirFlag + 1] : join(repo, 'lib');
// `--build-id <id>` (experiments only): time a variant of the code on a cache made by another
// build. Outputs of that cache are then NOT guaranteed to be this code's; never ship such a build.
const idFlag = process.argv.indexOf('--build-id');
const forcedId = idFlag > 0 ? process.argv[idFlag + 1] : undefined;
rmSync(outdir, { recursive: true, force: true });
await build({
  // worker: the entry of the worker threads that parse and render releases in parallel.
  entryPoints: { cli: 'src/cli/run.ts', worker: 'src/io/worker-entry.ts' },
  define: { __PRESSLATE_BUILD_ID__: JSON.stringify(forcedId ?? buildId()) },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its ESM build
  // (the "module" field, which platform node does not read) bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __presslateRequire } from 'node:module'; const require = __presslateRequire(import.meta.url);" },
  logLevel: 'warning',
});
