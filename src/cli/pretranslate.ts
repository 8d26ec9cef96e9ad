import { join } from 'node:path';
import { compareText, hasErrors } from '../core/diagnostic.js';
import { pretranslateLocale, type PretranslateChange } from '../core/pretranslate-locale.js';
import { buildTranslationMemory, lookupMemory } from '../core/translation-memory.js';
import { writeFilesTogether } from '../io/atomic-write.js';
import { loadLocales } from '../io/load-locales.js';
import { COMMON_OPTIONS, splitList, type Command } from './commands.js';
import { EXIT, printDiagnostics, UsageError } from './context.js';
import { openProject } from './open-project.js';

export const pretranslateCommand: Command = {
  name: 'pretranslate',
  summary: 'fill untranslated segments from translation memory (reviewed translations of other releases)',
  usage: 'presslate pretranslate [--lang <lng>]… [--release <id>]… [--dry-run] [--json] [--root <folder>]',
  help: `Looks up every untranslated segment (status new, no text) in the translation memory — all
reviewed translations in locales/ — and
  - fills it when the same German already has a reviewed translation (status becomes translated:
    a person still reviews it), or
  - adds a \`suggestion\` (text, score, origin) when similar German has one, at or above
    memory.similarity in presslate.config.yaml (default 0.75); the status stays new.
\`npm run extract\` does the same for the segments it adds.

Options:
  --lang <lng>     only this language (repeatable, or a,b)
  --release <id>   only this release (repeatable, or a,b)
  --dry-run        report what would change, write nothing
  --json           print the changes as JSON
  --root <folder>  project folder

Exit codes: 0 done, 2 bad input (nothing is written then).`,
  options: {
    ...COMMON_OPTIONS,
    lang: { type: 'string', multiple: true },
    release: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const project = await openProject(io, values.root as string | undefined);
    if (!project) return EXIT.badInput;
    const { config } = project;
    // As in check: repeatable or comma-separated, and given empty (`--lang "$LNG"` with the
    // variable unset) a usage error rather than every language.
    const languages = splitList(values.lang);
    if (values.lang !== undefined && languages.length === 0) throw new UsageError(`--lang names no language; give one of ${config.targetLanguages.join(', ')}`);
    for (const lng of languages) {
      if (!config.targetLanguages.includes(lng)) throw new UsageError(`--lang ${lng} is not a target language (presslate.config.yaml has ${config.targetLanguages.join(', ')})`);
    }
    const releases = splitList(values.release);
    if (values.release !== undefined && releases.length === 0) throw new UsageError('--release names no release; give a release id, e.g. 2018-03-16-growin-konferenz');
    const loaded = await loadLocales(project);
    for (const id of releases) {
      if (!loaded.releaseIds.has(id)) throw new UsageError(`--release ${id}: there is no releases/${id}.md`);
    }
    if (hasErrors(loaded.diagnostics)) {
      printDiagnostics(io, loaded.diagnostics);
      io.stderr.write('pretranslate: nothing was written; fix the errors above and run it again.\n');
      return EXIT.badInput;
    }
    printDiagnostics(io, loaded.diagnostics);
    const results: { file: string; text: string; changes: PretranslateChange[]; basedOn: string }[] = [];
    for (const lng of config.targetLanguages) {
      if (languages.length > 0 && !languages.includes(lng)) continue;
      const mine = loaded.locales.filter((item) => item.locale.language === lng);
      // Built when an entry first needs it: a language with nothing left to fill needs no index.
      let memory: ReturnType<typeof buildTranslationMemory> | undefined;
      for (const item of mine) {
        if (releases.length > 0 && !releases.includes(item.locale.release)) continue;
        const result = pretranslateLocale(
          { file: item.file, text: item.text },
          { release: item.locale.release, language: lng, sourceLanguage: config.sourceLanguage },
          (source) => lookupMemory((memory ??= buildTranslationMemory(lng, mine.map((other) => other.locale))), source, { similarity: config.memory.similarity }),
        );
        if (result.text !== undefined) results.push({ file: item.file, text: result.text, changes: result.changes, basedOn: item.text });
      }
    }
    results.sort((a, b) => compareText(a.file, b.file));
    const dryRun = values['dry-run'] === true;
    // The locale files of one run change together or not at all (see writeFilesTogether).
    // A locale file saved after this run read it is not overwritten (ChangedMeanwhileError).
    if (!dryRun) await writeFilesTogether(results.map((result) => ({ path: join(project.root, result.file), content: result.text, basedOn: result.basedOn })), { keepBom: true });
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ written: dryRun ? [] : results.map((r) => r.file), changes: results.map((r) => ({ file: r.file, changes: r.changes })) }, null, 2)}\n`);
      return EXIT.ok;
    }
    for (const result of results) {
      const prefilled = result.changes.filter((c) => c.kind === 'prefilled').length;
      const suggested = result.changes.length - prefilled;
      io.stdout.write(`${result.file}: ${prefilled} prefilled, ${suggested} suggestion(s)\n`);
    }
    io.stdout.write(
      results.length === 0
        ? 'pretranslate: nothing to fill from translation memory.\n'
        : `pretranslate: ${dryRun ? 'would update' : 'updated'} ${results.length} locale file(s); prefilled segments are \`translated\` and still need review.\n`,
    );
    return EXIT.ok;
  },
};
