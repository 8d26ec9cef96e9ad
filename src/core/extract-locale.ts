import { distance } from 'fastest-levenshtein';
import { Document, isMap, isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import type { ReleaseAnalysis } from './analyze-release.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { plainText } from './inline-text.js';
import { previousTranslationField } from './locale-fields.js';
import { FIELD, LOCALE_YAML_TAGS, readLocaleFile, setFieldText, type LocaleEntry, type Status, type Suggestion } from './locale-file.js';
import { keyRulesOutText, normalizeForKey, type Segment } from './segment.js';
import { inFileLineEndings } from './locale-edit.js';
import { lineOfOffset, lineStarts } from './line-index.js';
import { normalizeLineBreaks } from './yaml-position.js';

/** What extract did to one entry, for the summary it prints. */
export interface LocaleChange {
  kind: 'added' | 'updated' | 'stale' | 'renamed' | 'obsoleted' | 'restored' | 'prefilled' | 'suggested' | 'reordered' | 'caught-up' | 'source-restored';
  key: string;
  /** For renamed entries: the old key. */
  from?: string;
}

/** Translation memory's answer for a new segment (see `translation-memory.ts`). */
export type MemoryAnswer =
  | { kind: 'exact'; translation: string; origin: string }
  | { kind: 'fuzzy'; suggestion: Suggestion };

export interface ExtractOptions {
  /** Looks up a new segment in the translation memory. */
  memory?: (segment: Segment) => MemoryAnswer | undefined;
}

/** Below this similarity an edited paragraph counts as removed + added rather than changed. */
const SAME_SEGMENT_SIMILARITY = 0.5;

/**
 * Brings a locale file up to date with its release, never losing a translation:
 * new segments are added (status `new`, or pre-filled from translation memory as `translated`);
 * a segment whose German changed keeps its translation, becomes `stale` and keeps the old German
 * as `previous`; removed segments move to `obsolete` with their translation; a segment that comes
 * back is restored from there. A German edited in the locale file (one its key rules out, see
 * keyRulesOutText) is put back from the release, the entry's status kept, and reported
 * (LOCALE_SOURCE_EDITED). Comments and formatting people wrote stay, because the YAML
 * document is edited in place. Returns `text: undefined` when nothing needs to change, so a
 * second run changes no byte.
 */
export function extractLocale(
  analysis: ReleaseAnalysis,
  lng: string,
  sourceLanguage: string,
  existing: { file: string; text: string } | undefined,
  options: ExtractOptions = {},
): { text?: string; changes: LocaleChange[]; diagnostics: Diagnostic[] } {
  const changes: LocaleChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const previousLng = previousTranslationField(lng);
  const ranks = [sourceLanguage, FIELD.previous, lng, FIELD.status, FIELD.previousStatus, previousLng, FIELD.suggestion];
  const rank = (key: string): number => (ranks.includes(key) ? ranks.indexOf(key) : ranks.length);
  const setField = (map: YAMLMap, key: string, value: string): void => setEntryField(map, key, value, rank);
  let document: Document;
  let oldEntries = new Map<string, LocaleEntry>();
  let oldObsolete = new Map<string, LocaleEntry>();
  if (existing) {
    const read = readLocaleFile(existing.text, existing.file, { release: analysis.id, language: lng, sourceLanguage });
    if (!read.locale || !read.document) return { changes, diagnostics: read.diagnostics };
    document = read.document;
    oldEntries = read.locale.entries;
    oldObsolete = read.locale.obsolete;
  } else {
    document = new Document({ release: analysis.id, language: lng, segments: {}, obsolete: {} }, { schema: 'failsafe', customTags: LOCALE_YAML_TAGS });
    document.commentBefore = headerComment(analysis, lng, sourceLanguage);
  }
  const root = document.contents as YAMLMap;
  const segmentsMap = sectionMap(document, root, 'segments');
  const obsoleteMap = sectionMap(document, root, 'obsolete');
  const pairs = new Map<string, Pair>();
  const obsoletePairs = new Map<string, Pair>();
  for (const pair of segmentsMap.items) pairs.set(String((pair.key as Scalar).value), pair as Pair);
  for (const pair of obsoleteMap.items) obsoletePairs.set(String((pair.key as Scalar).value), pair as Pair);

  let starts: number[] | undefined; // of the existing file's lines, for placeOf
  const matched = new Map<string, Pair>(); // new key → pair
  const usedOld = new Set<string>();
  const segments = analysis.segments;

  // 1. Same key: the same text (or, for front matter, the same field).
  for (const segment of segments) {
    const entry = oldEntries.get(segment.key);
    const pair = pairs.get(segment.key);
    if (entry && pair) {
      matched.set(segment.key, pair);
      usedOld.add(segment.key);
      bringUpToDate(pair, entry, segment);
    }
  }
  // 2. A segment that was removed earlier and is back: restore it from `obsolete`.
  for (const segment of segments) {
    if (matched.has(segment.key)) continue;
    const entry = oldObsolete.get(segment.key);
    const pair = obsoletePairs.get(segment.key);
    if (entry && pair) {
      matched.set(segment.key, pair);
      obsoletePairs.delete(segment.key);
      changes.push({ kind: 'restored', key: segment.key });
      // As an entry found under its key in `segments`: a German that differs only in white space
      // keeps the status, and the `previous…` fields are brought in step with it (else the next
      // run would do that, and extract would not be idempotent).
      bringUpToDate(pair, entry, segment);
    }
  }
  // 3. Same text under another key (the block changed kind, e.g. became a list item).
  const unmatchedOld = (): LocaleEntry[] => [...oldEntries.values()].filter((e) => !usedOld.has(e.key));
  // The old entries by German, in file order, made once: a search of every old entry per segment
  // made a release whose blocks all changed kind quadratic.
  const bySource = new Map<string, LocaleEntry[]>();
  for (const entry of oldEntries.values()) {
    if (usedOld.has(entry.key)) continue;
    const list = bySource.get(entry.source);
    if (list) list.push(entry);
    else bySource.set(entry.source, [entry]);
  }
  for (const segment of segments) {
    if (matched.has(segment.key)) continue;
    // Not an entry whose `de:` was edited in the locale file (its key rules the German out): that
    // German is the translator's, not the one the translation was made for — a typo fixed in both
    // the release and the locale file is still a change of the German.
    const same = bySource.get(segment.source)?.find((e) => !usedOld.has(e.key) && !e.key.startsWith('meta.') && !keyRulesOutText(e.key, e.source));
    if (same) rename(same, segment, false);
  }
  // 3b. An edit undone: an entry whose `previous` is the segment's German gets it back (and its
  // status, see backToPrevious), also when the edit left too little of the German for step 4 to
  // see the two as similar (a paragraph cut down or split in parts, see 4b, and put back).
  const byPrevious = new Map<string, LocaleEntry[]>();
  for (const entry of oldEntries.values()) {
    if (usedOld.has(entry.key) || entry.previous === undefined || entry.key.startsWith('meta.')) continue;
    const list = byPrevious.get(entry.previous);
    if (list) list.push(entry);
    else byPrevious.set(entry.previous, [entry]);
  }
  for (const segment of segments) {
    if (matched.has(segment.key)) continue;
    const was = byPrevious.get(segment.source)?.find((e) => !usedOld.has(e.key));
    if (was) rename(was, segment, true);
  }
  // 4. A similar text of the same kind: the German was edited. The best score (similarity less
  // 0.001 per place between the entry's place in the file and the segment's; the first in file
  // order among equal scores) is searched outward from the segment's place, and the search stops
  // where even a similarity of 1 could no longer beat the best found: an edited release, whose
  // paragraphs are near their old places, no longer compares every pair (10^3 edited paragraphs
  // took 3 s per language, 2·10^3 took 12 s). The plain text of each old entry is made once.
  const oldOrder = [...oldEntries.values()];
  const oldPlain: (string | undefined)[] = [];
  segments.forEach((segment, index) => {
    if (matched.has(segment.key) || segment.kind === 'meta') return;
    const kind = `${segment.kind}-`;
    const right = plainText(segment.source);
    let best: { entry: LocaleEntry; score: number; at: number } | undefined;
    const consider = (at: number): void => {
      const entry = oldOrder[at]!;
      if (usedOld.has(entry.key) || !entry.key.startsWith(kind)) return;
      const left = (oldPlain[at] ??= plainText(entry.source));
      const similarity = plainSimilarity(left, right);
      if (similarity < SAME_SEGMENT_SIMILARITY) return;
      const score = similarity - Math.abs(at - index) * 0.001;
      if (!best || score > best.score || (score === best.score && at < best.at)) best = { entry, score, at };
    };
    for (let gap = 0; index - gap >= 0 || index + gap < oldOrder.length; gap++) {
      if (best && 1 - gap * 0.001 < best.score) break;
      if (index - gap >= 0 && index - gap < oldOrder.length) consider(index - gap);
      if (gap > 0 && index + gap < oldOrder.length) consider(index + gap);
    }
    if (best) rename(best.entry, segment, true);
  });
  // 4b. A paragraph split in three or more, or cut down to a sentence or two: no part is similar
  // enough to the old paragraph, but each is a piece of its German. The old entry goes to the
  // first piece (stale, the whole old German as `previous`) instead of to `obsolete`, so the
  // translator finds the translation where the text starts and the published page keeps it.
  const segmentPlain: (string | undefined)[] = [];
  oldOrder.forEach((entry, at) => {
    if (usedOld.has(entry.key) || entry.key.startsWith('meta.')) return;
    const kind = `${entry.key.slice(0, entry.key.indexOf('-'))}-`;
    const whole = folded((oldPlain[at] ??= plainText(entry.source)));
    const piece = segments.find((segment, index) => !matched.has(segment.key) && segment.key.startsWith(kind) && isPieceOf((segmentPlain[index] ??= folded(plainText(segment.source))), whole));
    if (piece) rename(entry, piece, true);
  });
  // 5. Everything else is new.
  for (const segment of segments) {
    if (matched.has(segment.key)) continue;
    matched.set(segment.key, newPair(segment));
  }
  // Removed segments go to `obsolete` with their translation; untranslated ones have nothing to
  // keep (the `previous` of an untranslated `new` entry is only the German it had before) — unless
  // a translator wrote a comment in the entry, which would go with it, or the entry still holds
  // the translation that was published (`previous-<lng>`, also when `<lng>:` was emptied).
  for (const entry of unmatchedOld()) {
    const pair = pairs.get(entry.key);
    if (!pair) continue;
    if (entry.translation.trim() !== '' || entry.previousTranslation !== undefined || (entry.previous !== undefined && entry.status !== 'new') || hasComment(pair)) {
      obsoletePairs.set(entry.key, pair);
    }
    changes.push({ kind: 'obsoleted', key: entry.key });
  }

  const newItems = segments.map((segment) => matched.get(segment.key)!);
  const orderChanged = newItems.length !== segmentsMap.items.length || newItems.some((pair, i) => pair !== segmentsMap.items[i]);
  if (orderChanged && changes.length === 0) changes.push({ kind: 'reordered', key: '' });
  segmentsMap.items = newItems;
  segmentsMap.flow = newItems.length === 0;
  const obsoleteItems = [...obsoletePairs.values()];
  const obsoleteChanged = obsoleteItems.length !== obsoleteMap.items.length || obsoleteItems.some((pair, i) => pair !== obsoleteMap.items[i]);
  obsoleteMap.items = obsoleteItems;
  obsoleteMap.flow = obsoleteItems.length === 0;

  const changed = !existing || changes.length > 0 || orderChanged || obsoleteChanged;
  if (!changed) return { changes, diagnostics };
  return { text: inFileLineEndings(existing?.text, document.toString({ lineWidth: 0, flowCollectionPadding: false })), changes, diagnostics };

  /** An entry found under the segment's key (in `segments` or `obsolete`) brought up to date with its German. */
  function bringUpToDate(pair: Pair, entry: LocaleEntry, segment: Segment): void {
    if (entry.source === segment.source) tidyPrevious(pair, entry, segment);
    else if (normalizeForKey(entry.source) === normalizeForKey(segment.source)) {
      // Only white space (or the Unicode form) changed, as the same key says: the translation
      // still fits. The German is brought up to date, the status stays.
      setField(pair.value as YAMLMap, sourceLanguage, segment.source);
      changes.push({ kind: 'updated', key: segment.key });
      tidyPrevious(pair, entry, segment);
    } else if (keyRulesOutText(segment.key, entry.source)) {
      // The release never had this German under this key: it was edited in the locale file.
      // The translation was made for the release's German, which has not changed.
      restoreSource(pair, entry, segment);
      tidyPrevious(pair, entry, segment);
    } else updateSource(pair, entry, segment);
  }

  /**
   * Puts the release's German back into an entry whose German was edited in the locale file (see
   * keyRulesOutText); translation and status stay as they are. The edited German is no
   * translation: it is dropped, and the warning shows where it differed.
   */
  function restoreSource(pair: Pair, entry: LocaleEntry, segment: Segment): void {
    const map = pair.value as YAMLMap;
    const place = placeOf(map.get(sourceLanguage, true)) ?? { line: entry.line };
    setField(map, sourceLanguage, segment.source);
    changes.push({ kind: 'source-restored', key: segment.key });
    const shown = differingPart(entry.source, segment.source);
    diagnostics.push(
      diagnostic(
        'LOCALE_SOURCE_EDITED',
        'warning',
        existing!.file,
        `entry \`${segment.key}\`: \`${sourceLanguage}:\` differed from the German in ${analysis.file} ("${shown.edited}" where the release has "${shown.original}") and was restored from it; the translation and its status (${entry.status}) are kept`,
        { ...place, key: segment.key, lng, hint: `change the German in ${analysis.file}, not in the locale file: extract copies it from there into every language` },
      ),
    );
  }

  /** Line and column of a node of the existing file. */
  function placeOf(node: unknown): { line: number; column: number } | undefined {
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    if (offset === undefined || !existing) return undefined;
    starts ??= lineStarts(normalizeLineBreaks(existing.text));
    const line = lineOfOffset(starts, offset);
    return { line, column: offset - starts[line - 1]! + 1 };
  }

  function updateSource(pair: Pair, entry: LocaleEntry, segment: Segment): void {
    const map = pair.value as YAMLMap;
    setField(map, sourceLanguage, segment.source);
    const hasTranslation = entry.translation.trim() !== '';
    // The German the entry had: unknown when its `de:` was edited in the locale file (see
    // keyRulesOutText), and then not written as `previous`.
    const had = keyRulesOutText(entry.key, entry.source) ? undefined : entry.source;
    const setPrevious = (): void => {
      if (had === undefined) map.delete(FIELD.previous);
      else setField(map, FIELD.previous, had);
    };
    // A `previous` left from before the entry was translated (the German an untranslated entry or a
    // draft had) is not the German its translation was made for: a German that goes back to it does
    // not make the translation current again.
    const leftover = entry.previous !== undefined && hasTranslation && (entry.status === 'translated' || entry.status === 'reviewed') && entry.previousStatus === undefined && entry.previousTranslation === undefined;
    if (entry.previous === segment.source && !leftover && backToPrevious(map, entry, segment)) return;
    if (!hasTranslation || entry.status === 'new') {
      // A draft keeps its status; the German it was drafted for is kept as `previous` (until the
      // German goes back to it), so the translator sees what changed. An untranslated entry
      // keeps its first German as `previous` too: a translator may be translating it from an
      // export made before the change, and import finds the entry (under its new key) by that
      // German to keep the translation as stale.
      if (entry.previous === segment.source) map.delete(FIELD.previous);
      else if (entry.previous === undefined) setPrevious();
      changes.push({ kind: 'updated', key: segment.key });
      return;
    }
    if (entry.status !== 'stale' && entry.previousTranslation === undefined) {
      setPrevious();
      setField(map, FIELD.status, 'stale');
      setField(map, FIELD.previousStatus, entry.status);
      // The translation as it is now goes on being published until the new one is reviewed.
      setField(map, previousLng, entry.translation);
    } else if (entry.status !== 'stale') {
      // Already being re-translated for an earlier change: keep the published text and the German
      // it was made for; the entry is stale again because the German moved on.
      setField(map, FIELD.status, 'stale');
      if (entry.previous === undefined) setPrevious();
    }
    changes.push({ kind: 'stale', key: segment.key });
  }

  /**
   * The German went back to what the published translation was made for (`previous`): the entry
   * is current again, and a `previous` equal to the German would tell the translator nothing.
   * Returns false when there is nothing to do here (an untranslated entry or a draft).
   */
  function backToPrevious(map: YAMLMap, entry: LocaleEntry, segment: Segment): boolean {
    if (entry.status === 'new') return false;
    const hasTranslation = entry.translation.trim() !== '';
    const published = entry.previousTranslation;
    if (published !== undefined && hasTranslation && entry.translation !== published) {
      // The translator had already rewritten it for the changed German: that work stays, to be
      // reviewed (it was written for another German), and the translation that was published
      // for this German goes on being published until then.
      setField(map, FIELD.status, 'translated');
      map.delete(FIELD.previous);
      if (entry.previousStatus === undefined) setField(map, FIELD.previousStatus, 'translated');
      changes.push({ kind: 'updated', key: segment.key });
      return true;
    }
    if (entry.status === 'stale' || published !== undefined) {
      // Nothing was rewritten: the translation is again the one made for this German (an entry
      // with no translation at all is simply untranslated).
      const text = hasTranslation || published !== undefined;
      setField(map, FIELD.status, text ? (entry.previousStatus ?? 'translated') : 'new');
      if (!hasTranslation && published !== undefined) setField(map, lng, published);
      map.delete(FIELD.previous);
      map.delete(FIELD.previousStatus);
      map.delete(previousLng);
      changes.push({ kind: 'caught-up', key: segment.key });
      return true;
    }
    if (!hasTranslation) return false;
    map.delete(FIELD.previous);
    changes.push({ kind: 'updated', key: segment.key });
    return true;
  }

  /**
   * Keeps the `previous…` fields in step with the status: a reviewed entry has caught up and no
   * longer needs them; a stale entry written before `previous-<lng>` existed gets it, so that the
   * reviewed text goes on being published while the translator edits the translation.
   */
  function tidyPrevious(pair: Pair, entry: LocaleEntry, segment: Segment): void {
    const map = pair.value as YAMLMap;
    const hasPrevious = entry.previous !== undefined || entry.previousStatus !== undefined || entry.previousTranslation !== undefined;
    // Written before extract handled a German that went back (or by hand): `previous` equal to the German.
    if (entry.previous === segment.source && entry.status !== 'reviewed' && backToPrevious(map, entry, segment)) return;
    if (entry.status === 'reviewed' && hasPrevious) {
      map.delete(FIELD.previous);
      map.delete(FIELD.previousStatus);
      map.delete(previousLng);
      changes.push({ kind: 'caught-up', key: segment.key });
    } else if (entry.status === 'stale' && entry.previousTranslation === undefined && entry.translation.trim() !== '' && entry.previousStatus !== undefined) {
      setField(map, previousLng, entry.translation);
      changes.push({ kind: 'updated', key: segment.key });
    }
  }

  function rename(entry: LocaleEntry, segment: Segment, edited: boolean): void {
    const pair = pairs.get(entry.key)!;
    const oldKey = pair.key as Scalar;
    const key = new Scalar(segment.key);
    key.commentBefore = oldKey.commentBefore;
    key.spaceBefore = oldKey.spaceBefore;
    key.comment = oldKey.comment;
    pair.key = key;
    usedOld.add(entry.key);
    matched.set(segment.key, pair);
    // An edited paragraph is reported as stale (its key follows its text); a moved one as renamed.
    if (edited || entry.source !== segment.source) updateSource(pair, entry, segment);
    else {
      changes.push({ kind: 'renamed', key: segment.key, from: entry.key });
      // Same German: the `previous…` fields are brought in step with the status as under the old key.
      tidyPrevious(pair, entry, segment);
    }
  }

  function newPair(segment: Segment): Pair {
    const answer = options.memory?.(segment);
    const value: Record<string, unknown> = { [sourceLanguage]: segment.source };
    if (answer?.kind === 'exact') {
      value[lng] = answer.translation;
      value[FIELD.status] = 'translated';
      changes.push({ kind: 'prefilled', key: segment.key });
    } else {
      value[lng] = '';
      value[FIELD.status] = 'new';
      changes.push({ kind: 'added', key: segment.key });
      if (answer?.kind === 'fuzzy') {
        value[FIELD.suggestion] = { text: answer.suggestion.text, score: String(answer.suggestion.score), origin: answer.suggestion.origin };
        changes.push({ kind: 'suggested', key: segment.key });
      }
    }
    return document.createPair(segment.key, value) as Pair;
  }
}

/**
 * Sets a field of an entry; a field that is not there yet is inserted at its place in the
 * entry's reading order (German, previous German, translation, status, …), not at the end.
 */
function setEntryField(map: YAMLMap, key: string, value: string, rank: (key: string) => number): void {
  const existing = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
  if (existing) {
    setFieldText(existing as Pair, value);
    return;
  }
  const pair = new Pair(new Scalar(key), new Scalar(value));
  const index = map.items.findIndex((item) => isScalar(item.key) && rank(String(item.key.value)) > rank(key));
  if (index < 0) map.items.push(pair);
  else map.items.splice(index, 0, pair);
}

/** Whether a comment was written anywhere in an entry: before or after its key, or among its fields. */
function hasComment(pair: Pair): boolean {
  const commented = (node: unknown): boolean => {
    const n = node as { commentBefore?: string | null; comment?: string | null } | null;
    return Boolean(n?.commentBefore || n?.comment);
  };
  if (commented(pair.key) || commented(pair.value)) return true;
  return isMap(pair.value) && pair.value.items.some((field) => commented(field.key) || commented(field.value) || (isMap(field.value) && field.value.items.some((item) => commented(item.key) || commented(item.value))));
}

function sectionMap(document: Document, root: YAMLMap, name: string): YAMLMap {
  const node = root.get(name, true);
  if (isMap(node)) return node;
  const map = new YAMLMap(document.schema);
  root.set(name, map);
  return map;
}

/**
 * Where two texts differ, as short excerpts of each: the differing stretch with a few characters
 * around it (`…16 Projektpartner aus…` against `…15 Projektpartner aus…`), cut with `…` where the
 * text goes on. Counted in code points, so no excerpt splits a character.
 */
export function differingPart(a: string, b: string, around = 20, longest = 60): { edited: string; original: string } {
  const left = Array.from(a);
  const right = Array.from(b);
  let prefix = 0;
  while (prefix < left.length && prefix < right.length && left[prefix] === right[prefix]) prefix++;
  let suffix = 0;
  while (suffix < left.length - prefix && suffix < right.length - prefix && left.at(-1 - suffix) === right.at(-1 - suffix)) suffix++;
  const excerpt = (chars: string[]): string => {
    const from = Math.max(0, prefix - around);
    const differingEnd = chars.length - suffix;
    const to = Math.min(chars.length, differingEnd + around);
    // A long differing stretch is shown by its start and its end.
    const middle =
      differingEnd - prefix <= longest
        ? chars.slice(prefix, differingEnd).join('')
        : `${chars.slice(prefix, prefix + longest / 2).join('')}…${chars.slice(differingEnd - longest / 2, differingEnd).join('')}`;
    return `${from > 0 ? '…' : ''}${chars.slice(from, prefix).join('')}${middle}${chars.slice(differingEnd, to).join('')}${to < chars.length ? '…' : ''}`;
  };
  return { edited: excerpt(left), original: excerpt(right) };
}

/** Similarity of two tagged texts, 0–1, on their words (tags removed). */
export function similarityOf(a: string, b: string): number {
  return plainSimilarity(plainText(a), plainText(b));
}

/** A plain text with its white space folded, for isPieceOf. */
function folded(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether a plain text is a piece of a longer one cut at word boundaries (a paragraph split in
 * parts, or cut down): at least two words, found in the whole with white space or an end on
 * either side. Both are folded (see folded).
 */
function isPieceOf(part: string, text: string): boolean {
  if (!part.includes(' ') || part.length >= text.length) return false;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
    const end = at + part.length;
    if ((at === 0 || text[at - 1] === ' ') && (end === text.length || text[end] === ' ')) return true;
  }
  return false;
}

/** similarityOf for texts already made plain. */
function plainSimilarity(left: string, right: string): number {
  const longest = Math.max(left.length, right.length);
  if (longest === 0) return 1;
  return 1 - distance(left, right) / longest;
}

function headerComment(analysis: ReleaseAnalysis, lng: string, sourceLanguage: string): string {
  const name = languageName(lng);
  const sourceName = languageName(sourceLanguage);
  return [
    ` ${name} translation of ${analysis.file}`,
    ` Write the ${name} under \`${lng}:\`. Keep every <n>…</n> and <n/> tag around the matching words.`,
    ` status: new → translated → reviewed (only reviewed text is published); stale = the ${sourceName} changed,`,
    ` \`previous\` shows the ${sourceName} your translation was made for, and \`previous-${lng}\` the ${name} that stays`,
    ` published until your updated translation is reviewed. Obsolete entries are kept for reference.`,
  ].join('\n');
}

/**
 * Names made once per language: check names languages in thousands of messages, and making an
 * Intl.DisplayNames for each cost more than some of the checks.
 */
const LANGUAGE_NAMES = new Map<string, string>();

/** English name of a language code: `da` → Danish. */
export function languageName(lng: string): string {
  let name = LANGUAGE_NAMES.get(lng);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames(['en'], { type: 'language' }).of(lng) ?? lng;
    } catch {
      name = lng;
    }
    LANGUAGE_NAMES.set(lng, name);
  }
  return name;
}

export type { Status };
