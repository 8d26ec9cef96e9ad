import type { ReleaseAnalysis } from './analyze-release.js';
import type { LocaleFile } from './locale-file.js';

/**
 * Whether `extractLocale` would leave this locale file as it is: its entries are exactly the
 * release's segments, in the same order, each with the same German. Then extract has nothing to
 * add, mark stale, rename, obsolete or reorder, and never consults the translation memory — so
 * the verdict can be made from the plain `LocaleFile` (as the fast reader gives it) without the
 * YAML document. Only valid for a `LocaleFile` from `readLocaleFileFast`, whose entries are all of
 * the file's items; callers fall back to running `extractLocale` otherwise.
 */
export function isLocaleCurrent(analysis: Pick<ReleaseAnalysis, 'segments'>, locale: LocaleFile): boolean {
  if (locale.entries.size !== analysis.segments.length) return false;
  const keys = locale.entries.keys();
  for (const segment of analysis.segments) {
    if (keys.next().value !== segment.key) return false;
    if (locale.entries.get(segment.key)?.source !== segment.source) return false;
  }
  return true;
}
