import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';

/**
 * `presslate extract` and `presslate build` with nothing to do must not load the pipeline's
 * libraries: they are most of the start-up time (see docs/drafts/performance.md). This bundles the
 * CLI as scripts/compile.mjs does and follows the static imports from each command's chunk.
 */
const HEAVY = /node_modules\/(micromark|mdast-util-from-markdown|unified|remark-|rehype-|hast-util-|yaml|zod|i18next|xmlbuilder2|parse5)/;

describe('lazy loading', () => {
  it('keeps the pipeline libraries out of what extract and build load up front', async () => {
    const result = await build({
      absWorkingDir: REPO,
      entryPoints: { cli: 'src/cli/run.ts', worker: 'src/io/worker-entry.ts' },
      outdir: 'lib-metafile',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    for (const command of ['src/cli/extract.ts', 'src/cli/build.ts']) {
      const chunk = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === command);
      expect(chunk, command).toBeDefined();
      const loaded = staticClosure(outputs, [chunk!, Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'src/cli/run.ts')!]);
      const heavy = [...loaded].flatMap((path) => Object.keys(outputs[path]!.inputs)).filter((input) => HEAVY.test(input));
      expect(heavy, command).toEqual([]);
    }
    // Not vacuous: the other commands (loaded through main.ts) do pull the libraries in.
    const main = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'src/cli/main.ts')!;
    const all = [...staticClosure(outputs, [main])].flatMap((path) => Object.keys(outputs[path]!.inputs));
    expect(all.some((input) => HEAVY.test(input))).toBe(true);
  });
});

function staticClosure(outputs: Metafile['outputs'], roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const entry of outputs[path]?.imports ?? []) if (entry.kind === 'import-statement' && !entry.external) visit(entry.path);
  };
  roots.forEach(visit);
  return seen;
}
