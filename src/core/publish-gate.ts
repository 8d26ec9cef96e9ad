import type { ReleaseAnalysis } from './analyze-release.js';
import type { Config } from './config.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { isPublic } from './embargo.js';
import { hasText, normalizeTagged, plainText, validateTags } from './inline-text.js';
import type { LocaleFile, Status } from './locale-file.js';
import { locateTranslations } from './checks/locate.js';
import { keyRulesOutText } from './segment.js';

/** Segment counts per status. */
export type StatusCounts = Record<Status, number>;

/** Whether and how a release publishes in one target language. */
export interface LanguageState {
  release: string;
  lng: string;
  /** Project-relative path of the locale file. */
  file: string;
  /** The release goes to this language (front matter `languages`) and is past its embargo and date. */
  due: boolean;
  counts: StatusCounts;
  /**
   * Words of German still to translate (new), to re-translate (stale) and to review (translated):
   * counted when asked for (`status`); a build publishes without them (counting was 2–3% of a
   * cold build's rendering threads).
   */
  words?: { new: number; stale: number; review: number; total: number };
  publishes: boolean;
  /** Publishes, but some segments render a translation of older German. */
  outdated: boolean;
  /** Why the release is held in this language (empty when it publishes or is not due). */
  reasons: string[];
  /** The text each segment publishes with, by key (only when it publishes). */
  translations: Map<string, string>;
  diagnostics: Diagnostic[];
}

/**
 * Applies the publish gate to one release in one language: every segment needs a translation
 * whose status meets `publish.require` (reviewed, or translated for teams without review).
 * A stale segment keeps publishing the translation of the previous German when that translation
 * had met the requirement — the release is then `outdated` — and only a segment with no usable
 * translation at all holds the release back. A translation whose tags do not fit is an error and
 * holds the release in that language; German text never stands in for a missing translation.
 */
export function assessLanguage(
  analysis: ReleaseAnalysis,
  locale: LocaleFile | undefined,
  lng: string,
  file: string,
  config: Config,
  now: number,
  text?: string,
  options: { countWords?: boolean } = {},
): LanguageState {
  const counts: StatusCounts = { new: 0, translated: 0, reviewed: 0, stale: 0 };
  const words = { new: 0, stale: 0, review: 0, total: 0 };
  const translations = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const reasons: string[] = [];
  const notReady: string[] = [];
  // A problem with a translation points at the translation (line and column), as `check` does;
  // located only when there is one.
  let places: Map<string, { line: number; column: number }> | undefined;
  const placeOf = (key: string, line: number): { line: number; column?: number } =>
    (places ??= text === undefined ? new Map() : locateTranslations(text, lng, { release: analysis.id, language: lng, sourceLanguage: config.sourceLanguage })).get(key) ?? {
      line,
    };
  const embargoed = !isPublic(analysis, now);
  // A language the release's `languages` leaves out gets no translation: nothing is to do there,
  // so its segments count towards no word total (`status`'s totals are what translators quote by).
  const meant = analysis.languages.includes(lng);
  const due = meant && !embargoed;
  const accepted: Status[] = config.publish.require === 'reviewed' ? ['reviewed'] : ['reviewed', 'translated'];
  let outdated = false;
  let missing = 0;

  for (const segment of analysis.segments) {
    const count = options.countWords && meant ? wordCount(segment.source) : 0;
    words.total += count;
    const entry = locale?.entries.get(segment.key);
    if (!entry) {
      // Extract makes no entry for a language the release does not go to: not a segment to do.
      if (!meant) {
        notReady.push(segment.key);
        continue;
      }
      counts.new++;
      words.new += count;
      missing++;
      notReady.push(segment.key);
      continue;
    }
    let status = entry.status;
    let previousStatus = entry.previousStatus;
    // A German the key rules out was edited in the locale file, not changed in the release: the
    // translation is still the one for this German (extract puts it back and keeps the status).
    if (entry.source !== segment.source && status !== 'new' && !keyRulesOutText(segment.key, entry.source)) {
      // The German changed and extract has not run yet: the same as stale.
      previousStatus = status === 'stale' ? previousStatus : status;
      status = 'stale';
    }
    counts[status]++;
    if (status === 'new') words.new += count;
    else if (status === 'stale') words.stale += count;
    else if (status === 'translated') words.review += count;
    // What this segment publishes: its translation once it meets the requirement; until then the
    // translation that met it for the previous German (kept as `previous-<lng>` while the entry is
    // stale or re-translated but not yet reviewed again).
    const current = accepted.includes(status);
    const fallback = !current && previousStatus !== undefined && accepted.includes(previousStatus);
    const translation = current ? entry.translation : fallback ? (entry.previousTranslation ?? (status === 'stale' ? entry.translation : undefined)) : undefined;
    if ((status === 'translated' || status === 'reviewed') && !hasText(entry.translation)) {
      const what = entry.translation.trim() === '' ? 'no translation' : 'no text besides its tags';
      diagnostics.push(
        diagnostic('EMPTY_TRANSLATION', 'error', file, `entry \`${segment.key}\` is \`${entry.status}\` but has ${what}`, {
          ...placeOf(entry.key, entry.line), key: segment.key, lng,
          hint: `write the translation under \`${lng}:\` or set \`status: new\``,
        }),
      );
      notReady.push(segment.key);
      continue;
    }
    // Tags alone (`<1></1>`) are no translation either: the page would lose the block's words.
    if (translation === undefined || !hasText(translation)) {
      notReady.push(segment.key);
      continue;
    }
    const problems = validateTags(segment.source, translation);
    if (problems.length > 0) {
      for (const problem of problems) {
        diagnostics.push(
          diagnostic(problem.code, 'error', file, `entry \`${segment.key}\` ${problem.message}`, {
            ...placeOf(entry.key, entry.line), key: segment.key, lng, hint: problem.hint,
          }),
        );
      }
      notReady.push(segment.key);
      continue;
    }
    if (!current) outdated = true;
    // Published in Unicode normalization form C, as the web wants text (the Nu HTML checker warns
    // about every decomposed run): a translation typed decomposed reads the same, composed.
    translations.set(segment.key, normalizeTagged(translation));
  }

  if (due) {
    if (!locale) reasons.push(`no locale file ${file} yet: run \`npm run extract\``);
    else if (missing > 0) reasons.push(`${missing} segment(s) not in ${file} yet: run \`npm run extract\``);
    const broken = new Set(diagnostics.map((d) => d.key));
    const waiting = notReady.filter((key) => !broken.has(key) && locale?.entries.has(key));
    if (waiting.length > 0) {
      reasons.push(`${waiting.length} segment(s) not ${config.publish.require}: ${abbreviate(waiting)}`);
    }
    if (broken.size > 0) reasons.push(`${broken.size} segment(s) with broken tags or empty text: ${abbreviate([...broken] as string[])}`);
  }
  const publishes = due && notReady.length === 0;
  return {
    release: analysis.id,
    lng,
    file,
    due,
    counts,
    ...(options.countWords ? { words } : {}),
    publishes,
    outdated: publishes && outdated,
    reasons: publishes ? [] : reasons,
    translations: publishes ? translations : new Map(),
    diagnostics,
  };
}

/** Words in a tagged text, counted the way translators bill: runs of letters or digits. */
export function wordCount(tagged: string): number {
  let count = wordCounts.get(tagged);
  if (count === undefined) {
    count = countWords(tagged);
    // Every target language counts the same German: count each text once.
    if (wordCounts.size > 50_000) wordCounts.clear();
    wordCounts.set(tagged, count);
  }
  return count;
}

const wordCounts = new Map<string, number>();

/**
 * A word: letters or digits with the marks, soft hyphens and joiners inside words (combining
 * accents of decomposed text, Indic and Thai vowel signs, U+00AD, ZWNJ/ZWJ), joined by hyphens,
 * apostrophes and number punctuation ("Best-Practice-Beispiele", "1.234,5" are one word each).
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}\u00AD\u200C\u200D]*(?:[-'’.,][\p{L}\p{N}][\p{L}\p{M}\p{N}\u00AD\u200C\u200D]*)*/gu;

/** Chinese and Japanese characters (Han, kana): each is a word, as CAT tools count them. */
const CJK_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]/gu;

/** Scripts written without spaces between words, split by the ICU word dictionaries. */
const UNSPACED = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}][\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{M}]*/gu;
let unspacedWords: Intl.Segmenter | undefined;

function countWords(tagged: string): number {
  let text = plainText(tagged);
  let count = 0;
  if (/[^\u0000-\u024F]/.test(text)) {
    text = text.replace(CJK_CHARACTER, () => {
      count++;
      return ' ';
    });
    text = text.replace(UNSPACED, (run) => {
      unspacedWords ??= new Intl.Segmenter('th', { granularity: 'word' });
      for (const segment of unspacedWords.segment(run)) if (segment.isWordLike) count++;
      return ' ';
    });
  }
  return count + (text.match(WORD)?.length ?? 0);
}

function abbreviate(keys: string[]): string {
  return keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more`;
}
