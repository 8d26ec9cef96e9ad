import { CHECKS, CHECK_RULES } from '../core/checks/registry.js';
import { checkSelectors, runChecks } from '../core/checks/run-checks.js';
import { toSarif } from '../core/checks/sarif.js';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { writeReportFile } from '../io/atomic-write.js';
import { loadGlossary } from '../io/load-glossary.js';
import { listReleaseIds, loadLocales } from '../io/load-locales.js';
import { COMMON_OPTIONS, splitList, type Command } from './commands.js';
import { EXIT, UsageError } from './context.js';
import { openProject } from './open-project.js';
import { outputFile } from './output-file.js';

const FORMATS = ['human', 'json', 'sarif'] as const;

/** Version reported in SARIF; kept with the CLI's. */
const TOOL = { name: 'presslate', version: '0.1.0' };

export const checkCommand: Command = {
  name: 'check',
  summary: 'check translations: tags, numbers, URLs, glossary, spacing, quotes, consistency (exit 1 on errors)',
  usage: 'presslate check [--lang <lng>]… [--release <id>]… [--format human|json|sarif] [--json] [--sarif <file>] [--only <check>]… [--skip <check>]… [--strict] [--list] [--root <folder>]',
  help: `Checks every translation in locales/<lng>/*.yaml against its German and the glossary
(locales/glossary.yaml) and reports problems with a stable code, severity, file:line and a hint.
Errors: broken tags, changed numbers, URLs or e-mail addresses, changed glossary names, empty
translations marked translated/reviewed. Warnings: German edited in the locale file, glossary terms,
untranslated text, spaces, end punctuation, French spacing, quotation marks, inconsistent and far
too long/short translations. Stale entries are checked against the German their translation was
made for; an entry whose German was edited in the locale file is checked no further (run extract).

Options:
  --lang <lng>       check only this language (repeatable, or a,b)
  --release <id>     check only this release (repeatable, or a,b)
  --format <format>  human (default), json, or sarif (SARIF 2.1.0 for code-scanning annotations)
  --json             the same as --format json
  --sarif <file>     also write SARIF 2.1.0 to <file> (e.g. for github/codeql-action/upload-sarif)
  --only <check>     run only this check or code (repeatable, or a,b; see --list)
  --skip <check>     skip this check or code (repeatable, or a,b)
  --strict           exit 1 on warnings too
  --list             list the checks and their codes, then exit
  --root <folder>    project folder

Also checks locales/<lng>/common.yaml (the UI texts) as build does.

Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 bad input (a locale file,
a common.yaml or the glossary does not parse or is invalid, unknown option).`,
  options: {
    ...COMMON_OPTIONS,
    lang: { type: 'string', multiple: true },
    release: { type: 'string', multiple: true },
    format: { type: 'string' },
    json: { type: 'boolean' },
    sarif: { type: 'string' },
    only: { type: 'string', multiple: true },
    skip: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    list: { type: 'boolean' },
  },
  async run({ values }, io) {
    if (values.list) {
      io.stdout.write(listChecks());
      return EXIT.ok;
    }
    const format = outputFormat(values.format as string | undefined, values.json === true);
    const only = splitList(values.only);
    // `--only ""` (an empty CI variable) selected nothing, and nothing selected meant every check.
    if (values.only !== undefined && only.length === 0) {
      throw new UsageError(`--only names no check; give one or more of ${CHECKS.map((c) => c.name).join(', ')} (or a code: \`presslate check --list\`)`);
    }
    const skip = splitList(values.skip);
    const known = checkSelectors();
    for (const name of [...only, ...skip]) {
      if (!known.includes(name)) throw new UsageError(`unknown check "${name}"; run \`presslate check --list\` for the checks and codes`);
    }
    const project = await openProject(io, values.root as string | undefined);
    if (!project) return EXIT.badInput;
    // Refused before any work: the file named is one of the project's own, or a pipe nobody reads.
    const sarifFile = values.sarif === undefined ? undefined : outputFile(project.root, io.cwd, '--sarif', values.sarif as string);
    const languages = splitList(values.lang);
    const releases = splitList(values.release);
    // As with --only: `--lang "$LNG"` with the variable empty checked every language, where
    // pretranslate and export refuse an empty language.
    if (values.lang !== undefined && languages.length === 0) {
      throw new UsageError(`--lang names no language; give one of ${project.config.targetLanguages.join(', ')}`);
    }
    if (values.release !== undefined && releases.length === 0) throw new UsageError('--release names no release; give a release id, e.g. 2018-03-16-growin-konferenz');
    for (const lng of languages) {
      if (!project.config.targetLanguages.includes(lng)) {
        throw new UsageError(`--lang ${lng} is not a target language (presslate.config.yaml has ${project.config.targetLanguages.join(', ')})`);
      }
    }
    const [releaseIds, glossary] = await Promise.all([listReleaseIds(project), loadGlossary(project)]);
    for (const id of releases) {
      if (!releaseIds.has(id)) throw new UsageError(`--release ${id}: there is no releases/${id}.md`);
    }
    // One language at a time: every check looks at one language (consistency compares the entries
    // of a language), so the findings are the same, and only one language's locale files are held
    // at once (all four took 2.8 GB at 10,000 releases, much of the time spent collecting garbage).
    // Every language is read, also with --lang, so that a locale file that does not parse is
    // reported as before.
    const localeProblems: Diagnostic[] = [];
    const findings: Diagnostic[] = [];
    let checkedFiles = 0;
    for (const lng of project.config.targetLanguages) {
      const loaded = await loadLocales(project, [lng]);
      localeProblems.push(...loaded.diagnostics);
      if (languages.length > 0 && !languages.includes(lng)) continue;
      const files = loaded.locales.filter(({ locale }) => releases.length === 0 || releases.includes(locale.release));
      checkedFiles += files.length;
      if (glossary.glossary) findings.push(...runChecks({ sourceLanguage: project.config.sourceLanguage, glossary: glossary.glossary, files, only, skip }));
    }
    // The UI texts are translators' work too: a common.yaml that would stop the build (a date
    // option Intl does not take, a missing placeholder) stops check the same way. A missing one is
    // build's business (COMMON_MISSING): check checks the files that are there.
    const { loadCommonStrings } = await import('../io/load-site.js');
    const common = (await loadCommonStrings(project)).diagnostics.filter((d) => d.code !== 'COMMON_MISSING');
    const loadProblems = [...localeProblems, ...glossary.diagnostics, ...common];
    const diagnostics = sortDiagnostics([...loadProblems, ...findings]);
    if (sarifFile !== undefined) {
      await writeReportFile(sarifFile, `${JSON.stringify(toSarif(diagnostics, CHECK_RULES, TOOL), null, 2)}\n`);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    if (format === 'sarif') {
      io.stdout.write(`${JSON.stringify(toSarif(diagnostics, CHECK_RULES, TOOL), null, 2)}\n`);
    } else if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ files: checkedFiles, errors, warnings, diagnostics }, null, 2)}\n`);
    } else {
      for (const d of diagnostics) io.stdout.write(`${formatDiagnostic(d)}\n`);
      io.stdout.write(summary(checkedFiles, errors, warnings));
    }
    if (hasErrors(loadProblems)) return EXIT.badInput;
    if (errors > 0 || (values.strict && warnings > 0)) return EXIT.problems;
    return EXIT.ok;
  },
};

/**
 * The one output format the options ask for: `--json` is `--format json`, so `--json --format
 * sarif` (or `human`) asks for two and is refused rather than one of them taken without a word.
 */
function outputFormat(format: string | undefined, json: boolean): (typeof FORMATS)[number] {
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  if (json && format !== undefined && format !== 'json') {
    throw new UsageError(`--json and --format ${format} ask for two output formats; give one of them (--json is --format json)`);
  }
  return json ? 'json' : ((format as (typeof FORMATS)[number] | undefined) ?? 'human');
}

function summary(files: number, errors: number, warnings: number): string {
  if (errors === 0 && warnings === 0) return `check: no problems in ${files} locale file(s).\n`;
  return `check: ${errors} error(s), ${warnings} warning(s) in ${files} locale file(s).\n`;
}

function listChecks(): string {
  const lines: string[] = [];
  for (const check of CHECKS) {
    lines.push(`${check.name}`);
    for (const rule of check.rules) lines.push(`  ${rule.code.padEnd(24)} ${rule.severity.padEnd(7)} ${rule.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

