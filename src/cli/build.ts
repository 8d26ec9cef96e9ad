import { resolve } from 'node:path';
import { buildSite } from '../core/build-site.js';
import { hasErrors } from '../core/diagnostic.js';
import { loadSite } from '../io/load-site.js';
import { syncDirectory } from '../io/sync-dist.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics, resolveNow } from './context.js';
import { openProject } from './open-project.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'merge reviewed translations and write dist/ (pages and feeds per language)',
  usage: 'presslate build [--strict] [--now <date-time>] [--out <folder>] [--json] [--root <folder>]',
  help: `Writes dist/<lng>/<release>.md for German and for every language in which the release passes the
publish gate (all segments reviewed, or translated if publish.require is translated). A release held
in a language appears nowhere in that language's output. Same inputs, byte-identical output.

Options:
  --strict           exit 1 when a release due in a language is held (for CI)
  --now <date-time>  judge embargoes at this moment instead of the clock
  --out <folder>     output folder (default: dist)
  --json             print what was written and the publish state as JSON
  --root <folder>    project folder

Exit codes: 0 built, 1 --strict and a release is held, 2 bad input (nothing is written then).`,
  options: {
    ...COMMON_OPTIONS,
    strict: { type: 'boolean' },
    now: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const project = await openProject(io, values.root as string | undefined);
    if (!project) return EXIT.badInput;
    const now = resolveNow(io, values.now as string | undefined);
    const site = await loadSite(project);
    if (hasErrors(site.diagnostics)) {
      printDiagnostics(io, site.diagnostics);
      io.stderr.write('build: nothing was written; fix the errors above and run it again.\n');
      return EXIT.badInput;
    }
    const output = buildSite({ config: project.config, releases: site.releases, locales: site.locales, now });
    printDiagnostics(io, [...site.diagnostics, ...output.diagnostics]);
    const out = resolve(project.root, (values.out as string | undefined) ?? 'dist');
    const { written, removed } = await syncDirectory(out, output.files);
    const held = output.states.filter((s) => s.due && !s.publishes);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ written, removed, held: held.map((s) => ({ release: s.release, lng: s.lng, reasons: s.reasons })) }, null, 2)}\n`);
    } else {
      for (const state of held) io.stderr.write(`held: ${state.release} [${state.lng}] — ${state.reasons.join('; ')}\n`);
      io.stdout.write(`build: ${output.files.size} file(s) in ${out}; ${written.length} written, ${removed.length} removed, ${held.length} release-language pair(s) held.\n`);
    }
    return values.strict && held.length > 0 ? EXIT.problems : EXIT.ok;
  },
};
