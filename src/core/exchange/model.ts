/**
 * The data exchanged with translators' tools (XLIFF 2.0, PO, i18next JSON), independent of format:
 * what export writes (`ExportSet`) and what a parsed file gives import (`ImportDocument`). The YAML
 * locale files stay the single source of truth; these are views of them.
 */
import type { ReleaseAnalysis } from '../analyze-release.js';
import type { Diagnostic } from '../diagnostic.js';
import type { LocaleFile, Status, Suggestion } from '../locale-file.js';

/** Formats `presslate export` writes and `presslate import` reads. */
export const EXCHANGE_FORMATS = ['xliff', 'po', 'i18next'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

/** File name extension per format. */
export const EXCHANGE_EXTENSIONS: Record<ExchangeFormat, string> = { xliff: 'xlf', po: 'po', i18next: 'json' };

/** One locale entry to export. */
export interface ExportEntry {
  key: string;
  /** Current German (tagged text). */
  source: string;
  /** Translation ('' when there is none). */
  target: string;
  status: Status;
  /** While stale: the German the translation was made for, and its status then. */
  previous?: string;
  previousStatus?: Status;
  suggestion?: Suggestion;
  /** Line of the segment in the release (`#: releases/x.md:12` in PO). */
  line?: number;
  /** Line of the entry in its locale file, for diagnostics about the translation. */
  localeLine?: number;
  /** Kind of markup behind each tag (mdast node type: link, emphasis, break, …), for CAT tools. */
  tagKinds?: Map<number, { node: string; raw: string }>;
}

/** The entries of one release. */
export interface ExportRelease {
  id: string;
  /** The German source file, `releases/<id>.md`. */
  file: string;
  /** The locale file the entries come from, for diagnostics. */
  localeFile?: string;
  entries: ExportEntry[];
}

/** Everything one exchange file holds: one target language, one or more releases. */
export interface ExportSet {
  sourceLanguage: string;
  targetLanguage: string;
  releases: ExportRelease[];
}

/**
 * The entries of a locale file as export entries (obsolete entries are not exported: they have no
 * German left to translate). `analysis`, when given, adds source lines and tag kinds.
 */
export function collectExportRelease(locale: LocaleFile, analysis?: ReleaseAnalysis): ExportRelease {
  const segments = new Map((analysis?.segments ?? []).map((segment) => [segment.key, segment]));
  const entries: ExportEntry[] = [];
  for (const entry of locale.entries.values()) {
    const item: ExportEntry = { key: entry.key, source: entry.source, target: entry.translation, status: entry.status, localeLine: entry.line };
    if (entry.previous !== undefined) item.previous = entry.previous;
    if (entry.previousStatus !== undefined) item.previousStatus = entry.previousStatus;
    if (entry.suggestion) item.suggestion = entry.suggestion;
    const segment = segments.get(entry.key);
    if (segment) {
      item.line = segment.line;
      const kinds = new Map<number, { node: string; raw: string }>();
      for (const token of segment.occurrences[0]?.tokens ?? []) {
        if (token.type === 'open' || token.type === 'atom') kinds.set(token.id, { node: token.node, raw: token.raw });
      }
      if (kinds.size > 0) item.tagKinds = kinds;
    }
    entries.push(item);
  }
  return { id: locale.release, file: analysis?.file ?? `releases/${locale.release}.md`, entries };
}

/**
 * What a unit of an exchange file says about its translation's state:
 * - `initial`: XLIFF initial: not done, but many tools leave it so when the translator has
 *   finished, so a changed text counts as translated;
 * - `draft`: explicitly not done (PO fuzzy): a changed text is taken as a draft, never as done;
 * - `translated`, `reviewed`: XLIFF translated, reviewed/final;
 * - `confirmed`: done, but the format cannot tell translated from reviewed (PO without fuzzy);
 * - `unspecified`: the format has no states (i18next JSON).
 */
export type ImportState = 'initial' | 'draft' | 'translated' | 'reviewed' | 'confirmed' | 'unspecified';

/** One unit read from an exchange file. */
export interface ImportUnit {
  /** Release id (XLIFF file id, PO msgctxt prefix, i18next namespace). */
  release: string;
  key: string;
  /** The German the file carries, when the format has it (not i18next JSON). */
  source?: string;
  /** Translation as tagged text; '' when the file has none. */
  target: string;
  state: ImportState;
  /** Line in the exchange file, when known. */
  line?: number;
}

/** A parsed exchange file. */
export interface ImportDocument {
  format: ExchangeFormat;
  /** Languages the file declares (XLIFF srcLang/trgLang, PO Language header). */
  sourceLanguage?: string;
  targetLanguage?: string;
  units: ImportUnit[];
}

/** What a parser returns: the document, or diagnostics saying why the file cannot be read. */
export interface ParseResult {
  document?: ImportDocument;
  diagnostics: Diagnostic[];
}
