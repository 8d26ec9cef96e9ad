// Bundles the CLI into lib/ with esbuild: lib/cli.cjs (the commands), lib/worker.cjs (the
// worker threads that parse and render releases in parallel) and lib/load.cjs, which runs them
// with V8's code cache (src/loader/load-bundle.ts says why they are CommonJS). One file loads far
// faster than hundreds of modules, which keeps `presslate` start-up short. Type checking is
// `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
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
  absWorkingDir: repo,
  entryPoints: { cli: 'src/cli/run.ts', worker: 'src/io/worker-entry.ts' },
  define: { __PRESSLATE_BUILD_ID__: JSON.stringify(forcedId ?? buildId()), 'import.meta.url': '__presslateModuleUrl' },
  // import.meta.url (where the worker bundle is) as a CommonJS module knows it: from __filename.
  inject: ['scripts/module-url.mjs'],
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  // One file per entry: a module a command imports when it has work for it stays in the bundle,
  // compiled (from the code cache) but not run until then.
  splitting: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its ESM build
  // (the "module" field, which platform node does not read) bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // Smaller source to read at every start. Identifiers are not minified, so names stay for stack
  // traces without keepNames (whose __name call on every function made, closures included, was
  // 3 % of a rendering thread's time).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The loader knows each bundle by its content: a code cache is used only with the bundle it was made from.
const bundles = Object.fromEntries(['cli', 'worker'].map((name) => [name, createHash('sha256').update(readFileSync(join(outdir, `${name}.cjs`))).digest('hex').slice(0, 16)]));
await build({
  absWorkingDir: repo,
  entryPoints: { load: 'src/loader/load-bundle.ts' },
  define: { __PRESSLATE_BUNDLES__: JSON.stringify(bundles) },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
