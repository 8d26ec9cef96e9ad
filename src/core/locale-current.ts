import type { ReleaseAnalysis } from './analyze-release.js';
import type { LocaleEntry, LocaleFile } from './locale-file.js';

/**
 * Whether `extractLocale` would leave this locale file as it is: its entries are exactly the
 * release's segments, in the same order, each with the same German. Then extract has nothing to
 * add, mark stale, rename, obsolete, reorder or tidy, and never consults the translation memory — so
 * the verdict can be made from the plain `LocaleFile` (as the fast reader gives it) without the
 * YAML document. Only valid for a `LocaleFile` from `readLocaleFileFast`, whose entries are all of
 * the file's items; callers fall back to running `extractLocale` otherwise.
 */
export function isLocaleCurrent(analysis: Pick<ReleaseAnalysis, 'segments'>, locale: LocaleFile): boolean {
  if (locale.entries.size !== analysis.segments.length) return false;
  const keys = locale.entries.keys();
  for (const segment of analysis.segments) {
    if (keys.next().value !== segment.key) return false;
    const entry = locale.entries.get(segment.key);
    if (entry?.source !== segment.source) return false;
    if (needsTidying(entry)) return false;
  }
  return true;
}

/** Entries whose `previous…` fields extract brings in step with their status (see tidyPrevious). */
function needsTidying(entry: LocaleEntry): boolean {
  const hasPrevious = entry.previous !== undefined || entry.previousStatus !== undefined || entry.previousTranslation !== undefined;
  if (entry.status === 'reviewed') return hasPrevious;
  // `previous` equal to the German: extract makes the entry current again (see backToPrevious).
  if (entry.previous === entry.source && entry.status !== 'new' && (entry.status === 'stale' || entry.previousTranslation !== undefined || entry.translation.trim() !== '')) return true;
  return entry.status === 'stale' && entry.previousTranslation === undefined && entry.translation.trim() !== '' && entry.previousStatus !== undefined;
}
