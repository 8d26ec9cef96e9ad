/** Shapes shared by the quality checks (`presslate check`). */
import type { Severity } from '../diagnostic.js';
import type { Glossary } from '../glossary.js';
import type { Status } from '../locale-file.js';

/** One locale-file entry as the checks see it. */
export interface CheckEntry {
  /** Project-relative path of the locale file. */
  file: string;
  release: string;
  lng: string;
  sourceLanguage: string;
  key: string;
  /**
   * The German the translation must match: the current German, or for a stale entry the German the
   * translation was made for (`previous`), so a stale translation is not reported for being stale.
   */
  source: string;
  /** The entry's German as the file has it (`de:`), stale or not. */
  writtenSource: string;
  translation: string;
  status: Status;
  /** The line of the entry's key (diagnostics point at the translation's line and column: run-checks.ts). */
  line: number;
  column?: number;
}

/** What every check may look at besides the entry. */
export interface CheckContext {
  glossary: Glossary;
}

/** A problem a check found; the runner adds file, line, key, language and severity. */
export interface Finding {
  code: string;
  message: string;
  hint: string;
  /** Report it at the entry's German (`de:`) rather than at its translation. */
  at?: 'source';
}

/** A check of one entry at a time. */
export interface EntryCheck {
  scope: 'entry';
  /** Whether the check looks at entries without a translation (only EMPTY_TRANSLATION does). */
  includeEmpty?: boolean;
  run(entry: CheckEntry, context: CheckContext): Finding[];
}

/** A finding of a language-wide check, with the entry it is about. */
export interface LanguageFinding {
  entry: CheckEntry;
  finding: Finding;
}

/** A check across all entries of one language (consistency). */
export interface LanguageCheck {
  scope: 'language';
  run(entries: readonly CheckEntry[], context: CheckContext): LanguageFinding[];
}

/** Documentation of one diagnostic code: for `--help`, the README and SARIF rules. */
export interface RuleInfo {
  code: string;
  severity: Severity;
  /** One line: what the code means. */
  summary: string;
  /** What to do about it. */
  help: string;
}

/** A check in the registry: its rules (codes) and its implementation. */
export interface CheckDefinition {
  /** Short name for `--only`/`--skip` (e.g. `numbers`). */
  name: string;
  rules: RuleInfo[];
  check: EntryCheck | LanguageCheck;
}
