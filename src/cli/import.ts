import { readFileNamed } from '../io/read-file.js';
import { basename, join, relative, resolve } from 'node:path';
import { compareText, formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { decodeExchangeFile } from '../core/exchange/decode.js';
import { parseI18nextJson } from '../core/exchange/i18next-json.js';
import { EXCHANGE_FORMATS, type ExchangeFormat, type ParseResult } from '../core/exchange/model.js';
import { planImport, type ImportDecision, type ImportLocale } from '../core/exchange/plan-import.js';
import { parsePo } from '../core/exchange/po.js';
import { parseXliff } from '../core/exchange/xliff.js';
import { writeFilesTogether } from '../io/atomic-write.js';
import { listReleaseIds, loadLocales } from '../io/load-locales.js';
import { loadGlossary } from '../io/load-glossary.js';
import { RELEASE_ID_PATTERN } from '../core/release-id.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics, UsageError } from './context.js';
import { openProject } from './open-project.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'bring translations back from an XLIFF, PO or i18next JSON file (validated, never loses work)',
  usage: 'presslate import <file> [--format xliff|po|i18next] [--lang <lng>] [--release <id>] [--overwrite-reviewed] [--partial] [--dry-run] [--json] [--root <folder>]',
  allowPositionals: true,
  help: `Reads a file exported with \`presslate export\` and edited in a CAT tool or platform, checks
every entry and writes the translations into locales/<lng>/<release>.yaml (comments kept, atomic).
Reports per entry what it took and what it refused:
  - an unknown release or key, broken tags, control characters, or a key twice: refused (error);
  - an empty translation never deletes one;
  - German that changed since the export: the translation is taken as stale;
  - a reviewed translation is never replaced by an unreviewed one (refused, warning) unless
    --overwrite-reviewed.
A file with any error-level refusal changes nothing unless --partial. Importing an unedited
export changes nothing.

Options:
  --format <format>     xliff, po or i18next (default: from the file name: .xlf/.xliff, .po, .json)
  --lang <lng>          the file's language (needed for i18next JSON unless the name is *.<lng>.json)
  --release <id>        the release of a single-release i18next JSON file (default: from the name;
                        PO and XLIFF entries name their own)
  --overwrite-reviewed  allow replacing reviewed translations with unreviewed ones
  --partial             apply what can be taken even if some entries are refused with errors
  --dry-run             report what would happen, write nothing
  --json                print the decisions as JSON
  --root <folder>       project folder

Exit codes: 0 imported (or nothing to do), 1 some entries refused (the rest was imported),
2 bad input or file refused (nothing is written then).`,
  options: {
    ...COMMON_OPTIONS,
    format: { type: 'string' },
    lang: { type: 'string' },
    release: { type: 'string' },
    'overwrite-reviewed': { type: 'boolean' },
    partial: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the file to import' : 'import one file at a time');
    const path = resolve(io.cwd, positionals[0]!);
    const display = relative(io.cwd, path) || basename(path);
    const format = (values.format as string | undefined) ?? formatFromName(path);
    if (format === undefined) throw new UsageError(`cannot tell the format of ${display} from its name; pass --format ${EXCHANGE_FORMATS.join('|')}`);
    if (!(EXCHANGE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXCHANGE_FORMATS.join(', ')}, got "${format}"`);
    // Said and ignored, it would suggest the file's entries go to that release.
    if (values.release !== undefined && format !== 'i18next') {
      throw new UsageError(`--release applies to i18next JSON only: a ${format === 'po' ? 'PO' : 'XLIFF'} file names the release of each entry itself; leave --release out`);
    }
    const project = await openProject(io, values.root as string | undefined);
    if (!project) return EXIT.badInput;
    const { config } = project;
    let bytes: Uint8Array;
    try {
      bytes = await readFileNamed(path);
    } catch (error) {
      throw new UsageError(`cannot read ${display}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    // Read as the file's declared encoding (PO header, XML declaration, byte order mark), never
    // with replacement characters: see decodeExchangeFile.
    const decoded = decodeExchangeFile(bytes, format as ExchangeFormat, display);
    if (decoded.text === undefined) {
      printDiagnostics(io, decoded.diagnostics);
      io.stderr.write(`import: ${display} was not imported; nothing was written.\n`);
      return EXIT.badInput;
    }
    const text = decoded.text;
    const releaseIds = await listReleaseIds(project);
    const nameHints = hintsFromName(path, releaseIds, config.targetLanguages);
    const release = (values.release as string | undefined) ?? nameHints.release;
    let parsed: ParseResult;
    switch (format as ExchangeFormat) {
      case 'xliff':
        parsed = parseXliff(text, display);
        break;
      case 'po':
        parsed = parsePo(text, display);
        break;
      case 'i18next':
        parsed = parseI18nextJson(text, display, {
          releaseIds,
          ...(release !== undefined ? { release } : {}),
          ...(nameHints.unknownRelease !== undefined ? { nameRelease: nameHints.unknownRelease } : {}),
        });
        break;
    }
    const document = parsed.document;
    if (!document) {
      printDiagnostics(io, parsed.diagnostics);
      io.stderr.write(`import: ${display} was not imported; nothing was written.\n`);
      return EXIT.badInput;
    }
    const fileLanguage = document.targetLanguage === undefined ? undefined : matchLanguage(document.targetLanguage, config.targetLanguages);
    const option = values.lang as string | undefined;
    if (option !== undefined && fileLanguage !== undefined && option !== fileLanguage) {
      throw new UsageError(`--lang ${option} does not match the file, which is in ${document.targetLanguage}`);
    }
    // An English export whose header a tool set to French (or the reverse) would put English text
    // into the French locale files, over reviewed French translations: the name and the header
    // must agree unless --lang says which is right.
    if (option === undefined && fileLanguage !== undefined && nameHints.lng !== undefined && fileLanguage !== nameHints.lng) {
      printDiagnostics(io, [
        fileProblem(display, `has ${nameHints.lng} in its name but says it is in ${document.targetLanguage}`, `check which language the translations are in: pass --lang ${fileLanguage} to import it as ${fileLanguage}, or fix the language in the file (${format === 'po' ? 'the Language: header' : 'trgLang'}) to ${nameHints.lng}`),
      ]);
      io.stderr.write(`import: ${display} was not imported; nothing was written.\n`);
      return EXIT.badInput;
    }
    const lng = option ?? fileLanguage ?? nameHints.lng;
    if (lng === undefined) throw new UsageError(`cannot tell the language of ${display}; pass --lang <lng>`);
    if (!config.targetLanguages.includes(lng)) {
      printDiagnostics(io, [fileProblem(display, `is in ${lng}, which is not a target language (${config.targetLanguages.join(', ')})`, 'import files of the target languages in presslate.config.yaml')]);
      return EXIT.badInput;
    }
    if (document.sourceLanguage !== undefined && matchLanguage(document.sourceLanguage, [config.sourceLanguage]) !== config.sourceLanguage) {
      printDiagnostics(io, [fileProblem(display, `translates from ${document.sourceLanguage}, but the releases are in ${config.sourceLanguage}`, 'export the file from this project again')]);
      return EXIT.badInput;
    }
    // Only this language's locale files: the others are neither read nor written.
    // The glossary tells a copy of German that needs no translating (names, numbers) from a
    // tool's copy of the source for an untranslated segment; one that does not parse (check
    // reports it) counts as empty.
    const [loaded, glossary] = await Promise.all([loadLocales(project, [lng]), loadGlossary(project)]);
    const localeProblems = loaded.diagnostics.filter((d) => d.file.startsWith(`locales/${lng}/`));
    if (hasErrors(localeProblems)) {
      printDiagnostics(io, localeProblems);
      io.stderr.write('import: nothing was written; fix the locale files above first.\n');
      return EXIT.badInput;
    }
    printDiagnostics(io, localeProblems);
    const locales = new Map<string, ImportLocale>();
    for (const item of loaded.locales) if (item.locale.language === lng) locales.set(item.locale.release, { file: item.file, text: item.text });
    const plan = planImport(
      document,
      locales,
      { lng, sourceLanguage: config.sourceLanguage, exchangeFile: display, ...(glossary.glossary ? { glossary: glossary.glossary } : {}) },
      { overwriteReviewed: values['overwrite-reviewed'] === true, partial: values.partial === true },
    );
    const dryRun = values['dry-run'] === true;
    const written: string[] = [];
    if (!plan.refused && !dryRun) {
      // The locale files of one import change together or not at all (see writeFilesTogether).
      const files = [...plan.writes].sort(([a], [b]) => compareText(a, b));
      const paths = new Map(files.map(([file]) => [join(project.root, file), file]));
      // A locale file saved after this import read it is not overwritten (ChangedMeanwhileError).
      const read = new Map(loaded.locales.map((item) => [item.file, item.text]));
      const changed = await writeFilesTogether(files.map(([file, content]) => ({ path: join(project.root, file), content, ...(read.has(file) ? { basedOn: read.get(file) } : {}) })), { keepBom: true });
      for (const path of changed) written.push(paths.get(path)!);
    }
    const counts = { taken: 0, unchanged: 0, refused: 0 };
    for (const decision of plan.decisions) counts[decision.outcome]++;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ file: display, format, lng, refused: plan.refused, dryRun, counts, written, decisions: plan.decisions, diagnostics: sortDiagnostics([...parsed.diagnostics, ...plan.diagnostics]) }, null, 2)}\n`,
      );
    } else {
      // What the file holds but import cannot take (PO's obsolete entries): warnings, not refusals.
      printDiagnostics(io, parsed.diagnostics);
      for (const decision of plan.decisions.filter((d) => d.outcome === 'taken')) io.stdout.write(`  took     ${describe(decision)}\n`);
      for (const d of sortDiagnostics(plan.diagnostics)) io.stdout.write(`  refused  ${formatDiagnostic(d)}\n`);
      io.stdout.write(summary(display, format, lng, counts, plan.refused, dryRun, written, plan.writes.size));
    }
    if (plan.refused) return EXIT.badInput;
    return counts.refused > 0 ? EXIT.problems : EXIT.ok;
  },
};

function describe(decision: ImportDecision): string {
  return `${decision.release}#${decision.key}  ${decision.message}`;
}

function summary(
  file: string,
  format: string,
  lng: string,
  counts: { taken: number; unchanged: number; refused: number },
  refused: boolean,
  dryRun: boolean,
  written: string[],
  changedFiles: number,
): string {
  const head = `import: ${file} (${format}, ${lng}): ${counts.taken} taken, ${counts.unchanged} unchanged, ${counts.refused} refused.`;
  if (refused) return `${head}\nimport: the file was refused and nothing was written; fix the errors above, or pass --partial to take the rest.\n`;
  if (dryRun) return `${head}\nimport: dry run — ${changedFiles} locale file(s) would change; nothing was written.\n`;
  if (written.length === 0) return `${head}\nimport: no locale file changed.\n`;
  return `${head}\n${written.map((file) => `wrote ${file}`).join('\n')}\n`;
}

function fileProblem(file: string, message: string, hint: string): Diagnostic {
  return { code: 'IMPORT_INVALID', severity: 'error', file, message, hint };
}

/**
 * The project language a file's language tag means: CAT tools often write regional tags (en-US,
 * de_DE) for a project's plain ones. An exact match wins; else the primary subtag, if that is a
 * project language. Otherwise the tag as written (and the caller reports it).
 */
function matchLanguage(tag: string, languages: readonly string[]): string {
  const normalized = tag.replace(/_/g, '-');
  const exact = languages.find((lng) => lng.toLowerCase() === normalized.toLowerCase());
  if (exact) return exact;
  const primary = normalized.split('-')[0]!.toLowerCase();
  return languages.find((lng) => lng === primary) ?? normalized;
}

function formatFromName(path: string): string | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.xlf') || lower.endsWith('.xliff')) return 'xliff';
  if (lower.endsWith('.po')) return 'po';
  if (lower.endsWith('.json')) return 'i18next';
  return undefined;
}

/**
 * `<release>.<lng>.<ext>` and `presslate.<lng>.<ext>`, as export names files. A name in the form
 * of a release id that no release has is `unknownRelease`: the file says which release it is for,
 * and that release is unknown (misspelt, renamed, or not extracted yet).
 */
function hintsFromName(path: string, releaseIds: ReadonlySet<string>, languages: readonly string[]): { release?: string; unknownRelease?: string; lng?: string } {
  const parts = basename(path).split('.');
  const hints: { release?: string; unknownRelease?: string; lng?: string } = {};
  if (parts.length >= 3) {
    const lng = parts.at(-2)!;
    if (languages.includes(lng)) hints.lng = lng;
    const release = parts.slice(0, -2).join('.');
    if (releaseIds.has(release)) hints.release = release;
    else if (RELEASE_ID_PATTERN.test(release)) hints.unknownRelease = release;
  }
  return hints;
}
