import { hasErrors } from '../core/diagnostic.js';
import { planSite } from '../core/build-site.js';
import type { LanguageState } from '../core/publish-gate.js';
import { loadSite } from '../io/load-site.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics, resolveNow } from './context.js';
import { openProject } from './open-project.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show, per release and language, how far translation is and whether it publishes',
  usage: 'presslate status [--json] [--now <date-time>] [--root <folder>]',
  help: `For every release and target language: counts of new / translated / reviewed / stale segments,
the words left to translate and to review, and whether the release publishes in that language —
and if not, why. Lists upcoming embargoes.

Options:
  --json             machine-readable output for scripts and CI
  --now <date-time>  judge embargoes at this moment instead of the clock
  --root <folder>    project folder

Exit codes: 0 done, 2 bad input.`,
  options: { ...COMMON_OPTIONS, json: { type: 'boolean' }, now: { type: 'string' } },
  async run({ values }, io) {
    // With the build cache: the releases extract or build analysed are not parsed again (loadReleases).
    const project = await openProject(io, values.root as string | undefined, { cache: true });
    if (!project) return EXIT.badInput;
    const now = resolveNow(io, values.now as string | undefined);
    const site = await loadSite(project);
    if (hasErrors(site.diagnostics)) {
      printDiagnostics(io, site.diagnostics);
      return EXIT.badInput;
    }
    const plan = planSite({ config: project.config, releases: site.releases, locales: site.locales, now, countWords: true });
    const { embargoed, diagnostics } = plan;
    const states = plan.states.map(counted);
    // What reading the files warned about (a key a locale file does not use, a release saved as
    // .MD), as extract and build print it, then what the plan found.
    printDiagnostics(io, [...site.diagnostics, ...diagnostics]);
    if (values.json) {
      const releases = site.releases.map((release) => ({
        id: release.id,
        segments: release.segments.length,
        embargo: release.embargo?.text ?? null,
        languages: Object.fromEntries(
          states
            .filter((s) => s.release === release.id)
            .map((s) => [
              s.lng,
              { due: s.due, publishes: s.publishes, outdated: s.outdated, counts: s.counts, words: s.words, reasons: s.reasons, file: s.file },
            ]),
        ),
      }));
      io.stdout.write(`${JSON.stringify({ releases, totals: languageTotals(states), embargoes: embargoed }, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows: string[][] = [['release', 'lng', 'new', 'transl.', 'reviewed', 'stale', 'words to do', 'publishes']];
    for (const state of states) {
      const verdict = !state.due
        ? embargoed.some((e) => e.id === state.release) ? 'embargoed' : 'not due'
        : state.publishes ? (state.outdated ? 'yes (outdated)' : 'yes') : 'HELD';
      rows.push([
        state.release, state.lng,
        String(state.counts.new), String(state.counts.translated), String(state.counts.reviewed), String(state.counts.stale),
        `${state.words.new + state.words.stale}+${state.words.review}`,
        verdict,
      ]);
    }
    io.stdout.write(table(rows));
    io.stdout.write('\nWords per language (how translators quote):\n');
    for (const [lng, words] of Object.entries(languageTotals(states))) {
      io.stdout.write(`  ${lng}: ${words.new} new, ${words.stale} stale, ${words.review} to review — ${words.new + words.stale} to translate\n`);
    }
    const held = states.filter((s) => s.due && !s.publishes);
    if (held.length > 0) {
      io.stdout.write('\nHeld:\n');
      for (const state of held) io.stdout.write(`  ${state.release} [${state.lng}]: ${state.reasons.join('; ')}\n`);
    }
    const outdated = states.filter((s) => s.outdated);
    if (outdated.length > 0) {
      io.stdout.write('\nOutdated (publishing a translation of older German until translators catch up):\n');
      for (const state of outdated) io.stdout.write(`  ${state.release} [${state.lng}]: ${state.counts.stale} stale segment(s) in ${state.file}\n`);
    }
    if (embargoed.length > 0) {
      io.stdout.write('\nUpcoming embargoes:\n');
      for (const item of embargoed) {
        io.stdout.write(`  ${item.id}: not before ${item.until}${item.reason === 'date' ? ' (dated in the future)' : ' (embargo)'}\n`);
      }
    }
    io.stdout.write('\n"words to do" = words to translate (new + stale) + words to review.\n');
    return EXIT.ok;
  },
};

/** A state planned with countWords (every state of `status`'s plan). */
function counted(state: LanguageState): LanguageState & { words: NonNullable<LanguageState['words']> } {
  if (!state.words) throw new Error(`status: no word counts for ${state.release} (${state.lng})`);
  return state as LanguageState & { words: NonNullable<LanguageState['words']> };
}

/** Words per language over all releases (embargoed ones too: they need translating before they go out). */
function languageTotals(states: { lng: string; words: { new: number; stale: number; review: number } }[]): Record<string, { new: number; stale: number; review: number }> {
  const totals: Record<string, { new: number; stale: number; review: number }> = {};
  for (const state of states) {
    const total = (totals[state.lng] ??= { new: 0, stale: 0, review: 0 });
    total.new += state.words.new;
    total.stale += state.words.stale;
    total.review += state.words.review;
  }
  return totals;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, i) => (i >= 2 && i <= 6 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}
