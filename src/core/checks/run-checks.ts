/** Runs the registered quality checks over locale files: data in, diagnostics out. */
import { compareText, diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { Glossary } from '../glossary.js';
import type { LocaleFile } from '../locale-file.js';
import { locateTranslations } from './locate.js';
import { CHECKS } from './registry.js';
import { SOURCE_EDITED } from './source-edited.js';
import type { CheckDefinition, CheckEntry, Finding } from './types.js';

/** What `runChecks` needs: the parsed locale files (with their text, for precise lines) and the glossary. */
export interface CheckInput {
  sourceLanguage: string;
  glossary: Glossary;
  files: readonly { file: string; locale: LocaleFile; text?: string }[];
  /** Run only these checks (names such as `numbers`, or codes such as `NUMBER_MISMATCH`). */
  only?: readonly string[];
  /** Skip these checks (names or codes). */
  skip?: readonly string[];
}

/**
 * Runs every selected check on every entry under `segments` (obsolete entries are history and are
 * not checked). A stale entry is checked against the German its translation was made for; an entry
 * whose German was edited in the locale file (LOCALE_SOURCE_EDITED) is reported as such and checked
 * no further, since the German its translation was made for is the release's. Returns
 * the diagnostics sorted by file and line; severities are fixed per code (see the registry).
 */
export function runChecks(input: CheckInput): Diagnostic[] {
  const selected = selectChecks(input.only, input.skip);
  const diagnostics: Diagnostic[] = [];
  const byLanguage = new Map<string, CheckEntry[]>();
  const context = { glossary: input.glossary };
  // Where each file's translations are, found only for a file with a finding (a pass over its
  // lines, or a YAML parse): most files have none, and parsing all of them was a fifth of what
  // `check` took.
  const locators = new Map<string, () => Map<string, { line: number; column: number }>>();
  /** Adds the finding as a diagnostic unless its code is not selected; true when it was added. */
  const report = (definition: CheckDefinition, entry: CheckEntry, finding: Finding, place?: { line: number; column: number }): boolean => {
    const rule = definition.rules.find((r) => r.code === finding.code);
    if (!rule || !codeSelected(finding.code, definition, input.only, input.skip)) return false;
    const translationPlace = place ? undefined : locators.get(entry.file)?.().get(entry.key);
    const column = place?.column ?? translationPlace?.column ?? entry.column;
    diagnostics.push(
      diagnostic(finding.code, rule.severity, entry.file, `entry \`${entry.key}\` ${finding.message}`, {
        line: place?.line ?? translationPlace?.line ?? entry.line,
        ...(column !== undefined ? { column } : {}),
        hint: finding.hint,
        key: entry.key,
        lng: entry.lng,
      }),
    );
    return true;
  };
  for (const { file, locale, text } of input.files) {
    const expected = { release: locale.release, language: locale.language, sourceLanguage: input.sourceLanguage };
    let places: Map<string, { line: number; column: number }> | undefined;
    locators.set(file, () => (places ??= text === undefined ? new Map() : locateTranslations(text, locale.language, expected)));
    const entries: CheckEntry[] = [];
    for (const entry of locale.entries.values()) {
      const checkEntry: CheckEntry = {
        file,
        release: locale.release,
        lng: locale.language,
        sourceLanguage: input.sourceLanguage,
        key: entry.key,
        // Compared in Unicode normalization form C: a translation typed decomposed (e + U+0301,
        // as macOS input can produce) is the same text as one typed composed, and must meet the
        // glossary's names, the German's numbers and the other translations alike.
        source: (entry.status === 'stale' && entry.previous !== undefined ? entry.previous : entry.source).normalize('NFC'),
        writtenSource: entry.source,
        translation: entry.translation.normalize('NFC'),
        status: entry.status,
        // The key's line; a diagnostic points at the translation's line and column (report).
        line: entry.line,
      };
      entries.push(checkEntry);
    }
    // Where the German is, for findings about it: located only when there is one.
    let sourcePlaces: Map<string, { line: number; column: number }> | undefined;
    const placeOf = (entry: CheckEntry, finding: Finding): { line: number; column: number } | undefined =>
      finding.at === 'source' && text !== undefined ? (sourcePlaces ??= locateTranslations(text, input.sourceLanguage, expected)).get(entry.key) : undefined;
    const edited = new Set<CheckEntry>();
    for (const definition of selected) {
      const { check } = definition;
      if (check.scope !== 'entry') continue;
      for (const entry of entries) {
        if (edited.has(entry) || (entry.translation.trim() === '' && !check.includeEmpty)) continue;
        for (const finding of check.run(entry, context)) {
          // The source check runs first (see the registry): an entry it reports is checked no further.
          if (report(definition, entry, finding, placeOf(entry, finding)) && finding.code === SOURCE_EDITED) edited.add(entry);
        }
      }
    }
    const list = byLanguage.get(locale.language) ?? [];
    list.push(...entries.filter((entry) => !edited.has(entry)));
    byLanguage.set(locale.language, list);
  }
  for (const definition of selected) {
    const { check } = definition;
    if (check.scope !== 'language') continue;
    for (const [, entries] of [...byLanguage].sort(([a], [b]) => compareText(a, b))) {
      for (const { entry, finding } of check.run(entries, context)) report(definition, entry, finding);
    }
  }
  return sortDiagnostics(diagnostics);
}

/** Names of the checks and their codes, for `--only` / `--skip` validation. */
export function checkSelectors(): string[] {
  return CHECKS.flatMap((check) => [check.name, ...check.rules.map((rule) => rule.code)]);
}

function selectChecks(only: readonly string[] | undefined, skip: readonly string[] | undefined): CheckDefinition[] {
  return CHECKS.filter((check) => {
    const names = [check.name, ...check.rules.map((rule) => rule.code)];
    if (only && only.length > 0 && !names.some((name) => only.includes(name))) return false;
    if (skip && skip.includes(check.name)) return false;
    return true;
  });
}

function codeSelected(code: string, check: CheckDefinition, only: readonly string[] | undefined, skip: readonly string[] | undefined): boolean {
  if (skip?.includes(code)) return false;
  if (only && only.length > 0 && !only.includes(check.name) && !only.includes(code)) return false;
  return true;
}
