import { join } from 'node:path';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { LocaleChange } from '../core/extract-locale.js';
import type { TranslationMemory } from '../core/translation-memory.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics } from './context.js';
import { startRun } from './last-run.js';
import { summarizeChanges } from '../core/run-report.js';

export const extractCommand: Command = {
  name: 'extract',
  summary: 'update locale files from the German releases (never loses a translation)',
  usage: 'presslate extract [--json] [--dry-run] [--no-cache] [--root <folder>]',
  help: `Reads every release in releases/ and brings locales/<lng>/<release>.yaml up to date for each
target language: new segments are added (status new; German that already has a reviewed translation
elsewhere is pre-filled from translation memory as translated, a close match is offered as
\`suggestion\`), changed German marks a segment stale (keeping
its translation and the old German as \`previous\`), removed segments move to \`obsolete\`.
A German edited in a locale file is put back from the release, the entry's status kept (warning
LOCALE_SOURCE_EDITED). Comments and formatting in locale files are kept; a second run changes nothing.

Options:
  --dry-run        report what would change, write nothing
  --json           print the changes as JSON
  --no-cache       ignore and do not update the build cache (.presslate-cache/)
  --root <folder>  project folder (default: found from the current folder)

Exit codes: 0 done, 2 bad input (nothing is written then).`,
  options: { ...COMMON_OPTIONS, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, 'no-cache': { type: 'boolean' } },
  async run({ values }, cliIo) {
    // Nothing changed since a run that changed nothing: print its report (last-run.ts) before
    // loading anything else — the project, the cache, this command's modules.
    const start = await startRun('extract', values, cliIo);
    if ('replayed' in start) return start.replayed;
    const { run } = start;
    const { io } = run;
    // Heavy modules (remark, yaml) are imported only when there is work: a run that finds every
    // locale file up to date loads neither. See io/incremental-extract.ts.
    const [{ openProject }, { planExtract }, { writeFilesTogether }] = await Promise.all([
      import('./open-project.js'),
      import('../io/incremental-extract.js'),
      import('../io/atomic-write.js'),
    ]);
    const project = await openProject(io, values.root as string | undefined, { cache: !values['no-cache'] });
    if (!project) return EXIT.badInput;
    const { config } = project;
    // Listed and statted before any input is read (the stamp a replay is checked against).
    const listed = run.listInputs(config.targetLanguages);
    project.cache?.useStats((file) => run.statOf(file));
    if (run.listing) project.listing = run.listing;
    const plan = await planExtract(project, listed);
    const problems: Diagnostic[] = [...plan.diagnostics];
    const writes: { file: string; text: string; changes: LocaleChange[]; basedOn: string | null }[] = [];
    if (!hasErrors(problems) && plan.pending.length > 0) {
      const [{ extractLocale }, { buildTranslationMemory, lookupMemory }] = await Promise.all([
        import('../core/extract-locale.js'),
        import('../core/translation-memory.js'),
      ]);
      // Translation memory per language, from the reviewed translations (see translation-memory.ts).
      // Built only when a new segment asks for it: reading every locale file of a language is the
      // costliest part of extract, and most runs add no segment.
      const memories = new Map<string, TranslationMemory>();
      const needsMemory = Symbol('needs translation memory');
      for (const { release, lng, file, existing } of plan.pending) {
        for (;;) {
          try {
            const result = extractLocale(release, lng, config.sourceLanguage, existing, {
              memory: (segment) => {
                const memory = memories.get(lng);
                if (!memory) throw needsMemory;
                return lookupMemory(memory, segment.source, { similarity: config.memory.similarity });
              },
            });
            problems.push(...result.diagnostics);
            if (result.text !== undefined) writes.push({ file, text: result.text, changes: result.changes, basedOn: existing?.text ?? null });
            break;
          } catch (error) {
            if (error !== needsMemory) throw error;
            // extractLocale is pure: run it again once the memory is there.
            memories.set(lng, buildTranslationMemory(lng, await plan.localesOf(lng)));
          }
        }
      }
    }
    printDiagnostics(io, problems);
    if (hasErrors(problems)) {
      io.stderr.write('extract: nothing was written; fix the errors above and run it again.\n');
      return EXIT.badInput;
    }
    if (!values['dry-run']) {
      // All of a run's locale files change, or none does: languages left half updated (a folder
      // made read-only, a file where a folder should be) would disagree without a word.
      // A locale file saved by a translator after this run read it is not overwritten (ChangedMeanwhileError).
      await writeFilesTogether(writes.map((write) => ({ path: join(project.root, write.file), content: write.text, basedOn: write.basedOn })), { keepBom: true });
    }
    // A dry run records no verdicts (the next real run checks again); cached analyses may stay.
    if (!values['dry-run']) plan.finish(writes.map((write) => write.file));
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ written: values['dry-run'] ? [] : writes.map((w) => w.file), changes: writes.map((w) => ({ file: w.file, changes: w.changes })) }, null, 2)}\n`);
    } else {
      for (const write of writes) io.stdout.write(`${write.file}: ${summarizeChanges(write.changes)}\n`);
      io.stdout.write(
        writes.length === 0
          ? `extract: ${plan.releaseCount} release(s), all locale files up to date.\n`
          : `extract: ${values['dry-run'] ? 'would update' : 'updated'} ${writes.length} locale file(s) for ${plan.releaseCount} release(s).\n`,
      );
    }
    // A run that wrote nothing prints the same for the same inputs: the next one may replay it.
    run.finish(EXIT.ok, project, { changedNothing: values['dry-run'] === true || writes.length === 0 });
    return EXIT.ok;
  },
};
