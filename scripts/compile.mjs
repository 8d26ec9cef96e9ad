// Bundles src/cli into lib/ with esbuild: one file loads far faster than hundreds of ESM modules,
// which keeps `presslate` start-up short. Type checking is `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The build id keys the build cache (.presslate-cache/): a hash of everything that decides what
// Presslate outputs, so results of other code are never reused (same recipe as src/io/build-id.ts).
const repo = fileURLToPath(new URL('..', import.meta.url));
function buildId() {
  const parts = [];
  const walk = (folder) => {
    for (const entry of readdirSync(join(repo, folder), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) parts.push(path, readFileSync(join(repo, path), 'utf8'));
    }
  };
  walk('src');
  for (const file of ['package.json', 'package-lock.json']) {
    try {
      parts.push(file, readFileSync(join(repo, file), 'utf8'));
    } catch {
      parts.push(file, '');
    }
  }
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

// `--outdir <folder>` compiles elsewhere (a private copy for benchmarks while lib/ is rebuilt by tests).
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag > 0 ? process.argv[outdirFlag + 1] : join(repo, 'lib');
rmSync(outdir, { recursive: true, force: true });
await build({
  // worker: the entry of the worker threads that parse and render releases in parallel.
  entryPoints: { cli: 'src/cli/run.ts', worker: 'src/io/worker-entry.ts' },
  define: { __PRESSLATE_BUILD_ID__: JSON.stringify(buildId()) },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __presslateRequire } from 'node:module'; const require = __presslateRequire(import.meta.url);" },
  logLevel: 'warning',
});
