/** Chooses what an export holds and writes it in the asked format. */
import type { ReleaseAnalysis } from '../analyze-release.js';
import { compareText, diagnostic, type Diagnostic } from '../diagnostic.js';
import type { LocaleFile } from '../locale-file.js';
import { wordCount } from '../publish-gate.js';
import { writeI18nextJson } from './i18next-json.js';
import { collectExportRelease, type ExchangeFormat, type ExportSet } from './model.js';
import { writePo } from './po.js';
import { writeXliff } from './xliff.js';

/** What to export. */
export interface ExportRequest {
  format: ExchangeFormat;
  sourceLanguage: string;
  /** Target language, or the source language for an i18next export of the German. */
  lng: string;
  /** Release ids to export; all locale files of the language when empty. */
  releases: readonly string[];
  /** Only segments that need work: new, stale, translated (not reviewed). */
  todo?: boolean;
}

/** The written file and what is in it. */
export interface ExportResult {
  text?: string;
  releases: string[];
  segments: number;
  /** Words of German still to translate (new + stale) and to review (translated). */
  words: { translate: number; review: number };
  diagnostics: Diagnostic[];
}

/**
 * Builds the export: the locale files of `request.lng` by release id, entries in file order,
 * optionally only what needs work; for the source language (i18next only) the German of the
 * releases. Warns when a locale file is behind its release (run extract first). Pure.
 */
export function buildExport(
  request: ExportRequest,
  locales: readonly { file: string; locale: LocaleFile }[],
  analyses: ReadonlyMap<string, ReleaseAnalysis>,
): ExportResult {
  const diagnostics: Diagnostic[] = [];
  const exportingSource = request.lng === request.sourceLanguage;
  const wanted = (id: string): boolean => request.releases.length === 0 || request.releases.includes(id);
  const set: ExportSet = { sourceLanguage: request.sourceLanguage, targetLanguage: request.lng, releases: [] };
  if (exportingSource) {
    // The German itself, straight from the releases: the source file a platform translates from.
    for (const analysis of [...analyses.values()].filter((a) => wanted(a.id)).sort((a, b) => compareText(a.id, b.id))) {
      set.releases.push({
        id: analysis.id,
        file: analysis.file,
        entries: analysis.segments.map((segment) => ({ key: segment.key, source: segment.source, target: segment.source, status: 'new' as const })),
      });
    }
  }
  const words = { translate: 0, review: 0 };
  let segments = 0;
  const chosen = locales.filter((item) => !exportingSource && item.locale.language === request.lng && wanted(item.locale.release));
  for (const { file, locale } of [...chosen].sort((a, b) => compareText(a.locale.release, b.locale.release))) {
    const analysis = analyses.get(locale.release);
    if (analysis && isBehind(locale, analysis)) {
      diagnostics.push(
        diagnostic('EXPORT_OUTDATED', 'warning', file, `is behind ${analysis.file}: its German has changed since the last extract`, {
          hint: 'run `npm run extract` and export again, so translators get the current German',
        }),
      );
    }
    const release = collectExportRelease(locale, analysis);
    release.localeFile = file;
    if (request.todo) release.entries = release.entries.filter((entry) => entry.status !== 'reviewed');
    set.releases.push(release);
  }
  for (const release of set.releases) {
    for (const entry of release.entries) {
      const count = wordCount(entry.source);
      if (entry.status === 'new' || entry.status === 'stale') words.translate += count;
      else if (entry.status === 'translated') words.review += count;
    }
    segments += release.entries.length;
  }
  const result: ExportResult = { releases: set.releases.map((r) => r.id), segments, words, diagnostics };
  if (segments === 0) {
    diagnostics.push(
      diagnostic('EXPORT_EMPTY', 'error', `locales/${request.lng}`, 'has nothing to export', {
        hint: request.todo ? 'every segment is reviewed; drop --todo to export everything' : 'run `npm run extract` first, or check --lang and --release',
      }),
    );
    return result;
  }
  if (exportingSource && request.format !== 'i18next') {
    diagnostics.push(
      diagnostic('EXPORT_SOURCE_LANGUAGE', 'error', `locales/${request.lng}`, `${request.format} files are bilingual: export a target language`, {
        hint: `only --format i18next can export the German alone (--lang ${request.sourceLanguage})`,
      }),
    );
    return result;
  }
  switch (request.format) {
    case 'xliff': {
      const written = writeXliff(set);
      diagnostics.push(...written.diagnostics);
      result.text = written.text;
      break;
    }
    case 'po':
      result.text = writePo(set);
      break;
    case 'i18next': {
      const written = writeI18nextJson(set, { source: exportingSource });
      diagnostics.push(...written.diagnostics);
      if (!written.diagnostics.some((d) => d.severity === 'error')) result.text = written.text;
      break;
    }
  }
  return result;
}

function isBehind(locale: LocaleFile, analysis: ReleaseAnalysis): boolean {
  if (analysis.segments.length !== locale.entries.size) return true;
  return analysis.segments.some((segment) => locale.entries.get(segment.key)?.source !== segment.source);
}
