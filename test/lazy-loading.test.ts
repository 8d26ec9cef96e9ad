import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';

/**
 * `presslate extract` and `presslate build` with nothing to do must not run the pipeline's
 * libraries: they are most of the start-up time (see "Start-up" in README.md). This bundles the
 * CLI with esbuild, split into chunks, and follows the static imports from its entry: what runs
 * when the CLI starts. scripts/compile.mjs makes one CommonJS file, in which esbuild keeps a
 * module reached only through `import()` as a function run the first time it is imported, so the
 * same graph decides what runs there.
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
    // extract and build are imported statically by the CLI's entry (run.ts → run-command.ts).
    const cli = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'src/cli/run.ts')!;
    const loaded = staticClosure(outputs, [cli]);
    const inputs = [...loaded].flatMap((path) => Object.keys(outputs[path]!.inputs));
    for (const command of ['src/cli/extract.ts', 'src/cli/build.ts', 'src/cli/last-run.ts']) expect(inputs, command).toContain(command);
    expect(inputs.filter((input) => HEAVY.test(input))).toEqual([]);
    // The no-change check (last-run.ts) runs before the cache, the project and node:crypto load.
    for (const module of ['src/io/cache.ts', 'src/io/project.ts', 'src/io/incremental-extract.ts', 'src/io/incremental-build.ts']) {
      expect(inputs, module).not.toContain(module);
    }
    const builtins = [...loaded].flatMap((path) => outputs[path]!.imports.filter((entry) => entry.external && entry.kind === 'import-statement').map((entry) => entry.path));
    expect(builtins).not.toContain('node:crypto');
    expect(builtins).not.toContain('node:worker_threads');
    // Not vacuous: the other commands (loaded through main.ts) do pull the libraries in.
    const main = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'src/cli/main.ts')!;
    const all = [...staticClosure(outputs, [main])].flatMap((path) => Object.keys(outputs[path]!.inputs));
    expect(all.some((input) => HEAVY.test(input))).toBe(true);

    // Rendering (build's worker threads, and the main thread of an edit build) works from the
    // cached German tree: it loads no Markdown parser.
    const render = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'src/core/render-release.ts')!;
    const rendering = [...staticClosure(outputs, [render])].flatMap((path) => Object.keys(outputs[path]!.inputs));
    expect(rendering).toContain('node_modules/mdast-util-to-hast/lib/index.js');
    expect(rendering.filter((input) => /node_modules\/(micromark|mdast-util-from-markdown|remark-parse)\//.test(input))).toEqual([]);
    // Nor, unless a release has raw HTML, the HTML parser: rehype-raw, parse5 and the entity
    // tables are three quarters of the rendering code (feed/release-html.ts, RawHtmlPlugin).
    expect(rendering.filter((input) => /node_modules\/(rehype-raw|hast-util-raw|parse5|entities)\//.test(input))).toEqual([]);
    const tasks = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'src/io/release-tasks.ts')!;
    expect(tasks).toBeDefined();
    const tasksLoad = [...staticClosure(outputs, [tasks])].flatMap((path) => Object.keys(outputs[path]!.inputs));
    expect(tasksLoad.filter((input) => /node_modules\/(rehype-raw|parse5)\//.test(input))).toEqual([]);
    expect(Object.values(outputs).some((output) => Object.keys(output.inputs).some((input) => input.startsWith('node_modules/parse5/')))).toBe(true);
    // zod is imported as a namespace, so only what is used is bundled: its English messages, not
    // the 60-odd other locales (which made the front-matter checks' chunk four times larger).
    const bundled = Object.values(outputs).flatMap((output) => Object.entries(output.inputs).filter(([, use]) => use.bytesInOutput > 0).map(([input]) => input));
    const zodLocales = bundled.filter((input) => input.includes('node_modules/zod/') && input.includes('/locales/'));
    expect(zodLocales).toEqual(['node_modules/zod/v4/locales/en.js']);
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
