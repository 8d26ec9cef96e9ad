// Bundles src/cli into lib/ with esbuild: one file loads far faster than hundreds of ESM modules,
// which keeps `presslate` start-up short. Type checking is `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../lib', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/run.ts' },
  outdir: 'lib',
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
