import { join } from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import { extractLocale, type LocaleChange } from '../core/extract-locale.js';
import { localePath } from '../core/build-site.js';
import { readLocales } from '../core/read-locales.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadLocaleTexts, loadReleases } from '../io/load-site.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics } from './context.js';
import { openProject } from './open-project.js';

export const extractCommand: Command = {
  name: 'extract',
  summary: 'update locale files from the German releases (never loses a translation)',
  usage: 'presslate extract [--json] [--dry-run] [--root <folder>]',
  help: `Reads every release in releases/ and brings locales/<lng>/<release>.yaml up to date for each
target language: new segments are added (status new), changed German marks a segment stale (keeping
its translation and the old German as \`previous\`), removed segments move to \`obsolete\`.
Comments and formatting in locale files are kept; a second run changes nothing.

Options:
  --dry-run        report what would change, write nothing
  --json           print the changes as JSON
  --root <folder>  project folder (default: found from the current folder)

Exit codes: 0 done, 2 bad input (nothing is written then).`,
  options: { ...COMMON_OPTIONS, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  async run({ values }, io) {
    const project = await openProject(io, values.root as string | undefined);
    if (!project) return EXIT.badInput;
    const { config } = project;
    const [{ sources, releases, diagnostics }, localeTexts] = await Promise.all([loadReleases(project), loadLocaleTexts(project)]);
    const ids = new Set(sources.map((s) => s.file.replace(/^releases\//, '').replace(/\.md$/, '')));
    const read = readLocales(localeTexts, ids, config);
    const problems: Diagnostic[] = [...diagnostics, ...read.diagnostics];
    const texts = new Map<string, string>();
    for (const [, list] of localeTexts) for (const { file, text } of list) texts.set(file, text);
    const writes: { file: string; text: string; changes: LocaleChange[] }[] = [];
    if (!hasErrors(problems)) {
      for (const release of releases) {
        for (const lng of release.languages) {
          const file = localePath(lng, release.id);
          const existing = texts.get(file);
          const result = extractLocale(release, lng, config.sourceLanguage, existing === undefined ? undefined : { file, text: existing });
          problems.push(...result.diagnostics);
          if (result.text !== undefined) writes.push({ file, text: result.text, changes: result.changes });
        }
      }
    }
    printDiagnostics(io, problems);
    if (hasErrors(problems)) {
      io.stderr.write('extract: nothing was written; fix the errors above and run it again.\n');
      return EXIT.badInput;
    }
    if (!values['dry-run']) {
      for (const write of writes) await writeFileAtomic(join(project.root, write.file), write.text);
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ written: values['dry-run'] ? [] : writes.map((w) => w.file), changes: writes.map((w) => ({ file: w.file, changes: w.changes })) }, null, 2)}\n`);
    } else {
      for (const write of writes) io.stdout.write(`${write.file}: ${summarize(write.changes)}\n`);
      io.stdout.write(
        writes.length === 0
          ? `extract: ${releases.length} release(s), all locale files up to date.\n`
          : `extract: ${values['dry-run'] ? 'would update' : 'updated'} ${writes.length} locale file(s) for ${releases.length} release(s).\n`,
      );
    }
    return EXIT.ok;
  },
};

function summarize(changes: LocaleChange[]): string {
  if (changes.length === 0) return 'created';
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
}
