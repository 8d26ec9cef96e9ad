import { relative, resolve } from 'node:path';
import { hasErrors } from '../core/diagnostic.js';
import { EXCHANGE_EXTENSIONS, EXCHANGE_FORMATS, type ExchangeFormat } from '../core/exchange/model.js';
import { buildExport } from '../core/exchange/select-export.js';
import { languageName } from '../core/extract-locale.js';
import { writeReportFile } from '../io/atomic-write.js';
import { loadLocales } from '../io/load-locales.js';
import { loadReleases } from '../io/load-site.js';
import { projectPath } from '../io/project.js';
import { COMMON_OPTIONS, splitList, type Command } from './commands.js';
import { EXIT, printDiagnostics, UsageError } from './context.js';
import { openProject } from './open-project.js';
import { outputFile } from './output-file.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write translations for CAT tools and platforms: XLIFF 2.0, PO (gettext) or i18next JSON',
  usage: 'presslate export --format xliff|po|i18next --lang <lng> [--release <id>]… [--todo] [--out <file>|-] [--json] [--root <folder>]',
  help: `Writes the segments of one language — German and translation, with status — in a format
translators' tools open: XLIFF 2.0 (Trados, memoQ, OmegaT, Phrase, Okapi), PO (Poedit, Weblate) or
i18next JSON v4 (platforms that sync i18next files). Translate in the tool, then bring the work back
with \`presslate import <file>\`. The locale files stay the single source of truth.

Options:
  --format <format>  xliff, po or i18next (required)
  --lang <lng>       target language (required); with --format i18next, the source language
                     exports the German alone (the source file of a platform)
  --release <id>     only this release (repeatable, or a,b; default: every release)
  --todo             only segments that need work (new, stale, translated; not reviewed)
  --out <file>       where to write (default: <release>.<lng>.<ext> for one release,
                     presslate.<lng>.<ext> for several, in the current folder; - for stdout)
  --json             print what was exported as JSON
  --root <folder>    project folder

Exit codes: 0 written, 2 bad input or nothing to export (nothing is written then).`,
  options: {
    ...COMMON_OPTIONS,
    format: { type: 'string' },
    lang: { type: 'string' },
    release: { type: 'string', multiple: true },
    todo: { type: 'boolean' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const format = values.format as string | undefined;
    if (format === undefined) throw new UsageError(`--format is required: ${EXCHANGE_FORMATS.join(', ')}`);
    if (!(EXCHANGE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXCHANGE_FORMATS.join(', ')}, got "${format}"`);
    const lng = values.lang as string | undefined;
    if (lng === undefined || lng.trim() === '') throw new UsageError('--lang is required (the target language to export)');
    // With the build cache: the releases extract or build analysed are not parsed again (loadReleases).
    const project = await openProject(io, values.root as string | undefined, { cache: true });
    if (!project) return EXIT.badInput;
    const { config } = project;
    if (lng === config.sourceLanguage && format !== 'i18next') {
      // README: the German alone is an i18next source file; XLIFF and PO pair it with a translation.
      throw new UsageError(
        `--lang ${lng} is the source language: ${format === 'po' ? 'PO' : 'XLIFF'} needs a target language (${config.targetLanguages.join(', ')}); --format i18next --lang ${lng} exports the German alone`,
      );
    }
    if (!config.targetLanguages.includes(lng) && lng !== config.sourceLanguage) {
      throw new UsageError(`--lang ${lng} is not a target language (presslate.config.yaml has ${config.targetLanguages.join(', ')})`);
    }
    // Refused before any work: the file named is one of the project's own, or a pipe nobody reads.
    const target = values.out === undefined || values.out === '-' ? undefined : outputFile(project.root, io.cwd, '--out', values.out as string);
    // As in check: repeatable or comma-separated; given empty, a usage error (not every release).
    const releases = splitList(values.release);
    if (values.release !== undefined && releases.length === 0) throw new UsageError('--release names no release; give a release id, e.g. 2018-03-16-growin-konferenz');
    const [loaded, analyzed] = await Promise.all([loadLocales(project), loadReleases(project)]);
    for (const id of releases) {
      if (!loaded.releaseIds.has(id)) throw new UsageError(`--release ${id}: there is no releases/${id}.md`);
    }
    const loadProblems = [...loaded.diagnostics, ...analyzed.diagnostics];
    if (hasErrors(loadProblems)) {
      printDiagnostics(io, loadProblems);
      io.stderr.write('export: nothing was written; fix the errors above and run it again.\n');
      return EXIT.badInput;
    }
    const result = buildExport(
      { format: format as ExchangeFormat, sourceLanguage: config.sourceLanguage, lng, releases, todo: values.todo === true },
      loaded.locales,
      new Map(analyzed.releases.map((analysis) => [analysis.id, analysis])),
    );
    printDiagnostics(io, [...loadProblems, ...result.diagnostics]);
    if (result.text === undefined || hasErrors(result.diagnostics)) {
      io.stderr.write('export: nothing was written.\n');
      return EXIT.badInput;
    }
    const extension = EXCHANGE_EXTENSIONS[format as ExchangeFormat];
    const out = (values.out as string | undefined) ?? (result.releases.length === 1 ? `${result.releases[0]}.${lng}.${extension}` : `presslate.${lng}.${extension}`);
    let written: string | null = null;
    if (out === '-') {
      io.stdout.write(result.text);
    } else {
      const path = resolve(io.cwd, out);
      await writeReportFile(target ?? path, result.text);
      written = relative(project.root, path).startsWith('..') ? path : projectPath(project, path);
    }
    const report = out === '-' ? io.stderr : io.stdout;
    if (values.json && out !== '-') {
      io.stdout.write(`${JSON.stringify({ file: written, format, lng, releases: result.releases, segments: result.segments, words: result.words }, null, 2)}\n`);
    } else {
      report.write(
        `export: ${result.segments} segment(s) of ${result.releases.length} release(s) in ${languageName(lng)} → ${written ?? 'stdout'}` +
          ` (${result.words.translate} word(s) to translate, ${result.words.review} to review).\n`,
      );
    }
    return EXIT.ok;
  },
};
