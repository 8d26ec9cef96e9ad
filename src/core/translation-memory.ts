/**
 * Translation memory: every reviewed translation in `locales/`, indexed so that extract and
 * pretranslate can reuse earlier work. An identical German text (boilerplate, contact blocks) gets
 * the reviewed translation as `translated` (a person still reviews it); a similar one gets a
 * suggestion with its score and origin, and its status stays `new`.
 *
 * Fuzzy matching uses Levenshtein distance (`fastest-levenshtein`, Myers' bit-parallel algorithm)
 * on the plain words (tags removed). Two exact filters keep it fast for thousands of segments
 * without ever missing a match above the threshold:
 * - length: similarity = 1 − distance / longest ≤ shortest / longest, so candidates are taken
 *   from a length window found by binary search;
 * - trigrams (the q-gram lemma): strings within edit distance d share at least
 *   longest − 2 − 3·d trigrams, so most candidates are dropped before the distance is computed,
 *   and the rest are tried from the highest possible similarity down, stopping as soon as no
 *   remaining candidate can reach the best one found.
 */
import { distance } from 'fastest-levenshtein';
import { compareText } from './diagnostic.js';
import type { MemoryAnswer } from './extract-locale.js';
import { plainText } from './inline-text.js';
import type { LocaleFile } from './locale-file.js';

/** One reviewed translation in the memory. */
export interface MemoryUnit {
  /** The German (tagged text) the translation was made for. */
  source: string;
  translation: string;
  release: string;
  key: string;
  /** `<release-id>#<key>`: shown to translators with a suggestion. */
  origin: string;
}

/** The memory of one target language. Build it with {@link buildTranslationMemory}. */
export interface TranslationMemory {
  language: string;
  /** Normalized German → the chosen reviewed translation. */
  exact: Map<string, MemoryUnit>;
  /** One candidate per distinct normalized German, sorted by plain-text length. */
  candidates: FuzzyCandidate[];
  /** Trigram → the candidates that contain it (ascending index) and how often. */
  postings: Map<string, { candidates: Int32Array; counts: Int32Array }>;
}

interface FuzzyCandidate {
  unit: MemoryUnit;
  plain: string;
}

/** Options of a memory look-up. */
export interface LookupOptions {
  /** Minimum similarity (0–1) for a suggestion; `memory.similarity` in the config (default 0.75). */
  similarity: number;
  /** Origins (`<release>#<key>`) not to answer with, e.g. the entry being looked up itself. */
  exclude?: ReadonlySet<string>;
}

const GRAM = 3;

/**
 * Normalizes German for exact matching: Unicode NFC and runs of white space folded to one space,
 * so a re-wrapped or re-typed paragraph still matches. Tags are kept: an exact match must have the
 * same markup, which keeps the reused translation's tags valid.
 */
export function normalizeSource(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Builds the translation memory of one language from its locale files. Only reviewed translations
 * count: status `reviewed`, and `stale` entries whose translation had been reviewed (indexed under
 * the German it was made for, `previous`). When one German text has several reviewed translations,
 * the most frequent wins; ties go to the newest release (release ids start with the date), then to
 * the smaller key — so the answer never depends on the order files were read in.
 */
export function buildTranslationMemory(language: string, locales: Iterable<LocaleFile>): TranslationMemory {
  const groups = new Map<string, MemoryUnit[]>();
  for (const locale of locales) {
    if (locale.language !== language) continue;
    for (const entry of locale.entries.values()) {
      let source: string | undefined;
      let translation = entry.translation;
      if (entry.status === 'reviewed') source = entry.source;
      else if (entry.status === 'stale' && entry.previousStatus === 'reviewed' && entry.previous !== undefined) {
        // The reviewed translation of the previous German is `previous-<lng>`; the translation under
        // `<lng>:` may already be a rework for the new German that nobody has reviewed.
        source = entry.previous;
        translation = entry.previousTranslation ?? entry.translation;
      }
      if (source === undefined || translation.trim() === '') continue;
      const unit: MemoryUnit = {
        source,
        translation,
        release: locale.release,
        key: entry.key,
        origin: `${locale.release}#${entry.key}`,
      };
      const normalized = normalizeSource(source);
      const group = groups.get(normalized);
      if (group) group.push(unit);
      else groups.set(normalized, [unit]);
    }
  }
  const exact = new Map<string, MemoryUnit>();
  const candidates: FuzzyCandidate[] = [];
  for (const normalized of [...groups.keys()].sort(compareText)) {
    const unit = chooseUnit(groups.get(normalized)!);
    exact.set(normalized, unit);
    candidates.push({ unit, plain: plainText(unit.source) });
  }
  candidates.sort((a, b) => a.plain.length - b.plain.length || compareText(a.plain, b.plain) || compareText(a.unit.origin, b.unit.origin));
  // Inverted trigram index: a look-up adds up shared trigrams per candidate in one pass over the
  // postings of its own trigrams, instead of intersecting with every candidate.
  const lists = new Map<string, { candidates: number[]; counts: number[] }>();
  candidates.forEach((candidate, index) => {
    for (const [gram, count] of gramsOf(candidate.plain)) {
      let list = lists.get(gram);
      if (!list) lists.set(gram, (list = { candidates: [], counts: [] }));
      list.candidates.push(index);
      list.counts.push(count);
    }
  });
  const postings = new Map<string, { candidates: Int32Array; counts: Int32Array }>();
  for (const [gram, list] of lists) postings.set(gram, { candidates: Int32Array.from(list.candidates), counts: Int32Array.from(list.counts) });
  return { language, exact, candidates, postings };
}

/**
 * Looks up German text: an exact match (same normalized German, same tags) returns the reviewed
 * translation; otherwise the most similar German at or above `options.similarity` returns a
 * suggestion with its score (0–100, rounded down) and origin. Ties on score go to the newest
 * release, then the smaller key. Returns undefined when nothing is close enough.
 */
export function lookupMemory(memory: TranslationMemory, source: string, options: LookupOptions): MemoryAnswer | undefined {
  const exact = memory.exact.get(normalizeSource(source));
  if (exact && !options.exclude?.has(exact.origin)) {
    return { kind: 'exact', translation: exact.translation, origin: exact.origin };
  }
  const best = findSimilar(memory, source, options);
  if (!best) return undefined;
  return {
    kind: 'fuzzy',
    suggestion: { text: best.unit.translation, score: Math.floor(best.similarity * 100 + 1e-9), origin: best.unit.origin },
  };
}

/**
 * The most similar reviewed unit at or above the threshold, by plain-text Levenshtein similarity
 * (1 − distance / length of the longer text), or undefined.
 */
export function findSimilar(
  memory: TranslationMemory,
  source: string,
  options: LookupOptions,
): { unit: MemoryUnit; similarity: number } | undefined {
  const threshold = Math.min(Math.max(options.similarity, 0), 1);
  const query = plainText(source);
  if (query.length === 0) return undefined;
  const { candidates } = memory;
  const minimum = Math.ceil(query.length * threshold - 1e-9);
  const maximum = threshold > 0 ? Math.floor(query.length / threshold + 1e-9) : Number.POSITIVE_INFINITY;
  const low = firstAtLeast(candidates, minimum);
  let high = low;
  while (high < candidates.length && candidates[high]!.plain.length <= maximum) high++;
  if (low === high) return undefined;
  // Shared trigrams (multiset intersection) of the query with every candidate in the length window.
  const shared = new Int32Array(high - low);
  for (const [gram, queryCount] of gramsOf(query)) {
    const list = memory.postings.get(gram);
    if (!list) continue;
    for (let i = lowerBound(list.candidates, low); i < list.candidates.length && list.candidates[i]! < high; i++) {
      shared[list.candidates[i]! - low]! += Math.min(queryCount, list.counts[i]!);
    }
  }
  // The q-gram lemma also bounds similarity from above: distance ≥ (longest − 2 − shared) / 3.
  // Candidates are tried best bound first, and the search stops once no bound can beat (or tie)
  // the best similarity found, so usually only a few distances are computed.
  const hopeful: { index: number; bound: number }[] = [];
  for (let index = low; index < high; index++) {
    const candidate = candidates[index]!;
    if (options.exclude?.has(candidate.unit.origin)) continue;
    const longest = Math.max(query.length, candidate.plain.length);
    const fewestEdits = Math.max(0, Math.ceil((longest - GRAM + 1 - shared[index - low]!) / GRAM), Math.abs(query.length - candidate.plain.length));
    const bound = 1 - fewestEdits / longest;
    if (bound + 1e-9 >= threshold) hopeful.push({ index, bound });
  }
  hopeful.sort((a, b) => b.bound - a.bound || a.index - b.index);
  let best: { unit: MemoryUnit; similarity: number } | undefined;
  for (const { index, bound } of hopeful) {
    if (best && bound + 1e-12 < best.similarity) break;
    const candidate = candidates[index]!;
    const longest = Math.max(query.length, candidate.plain.length);
    const similarity = 1 - distance(query, candidate.plain) / longest;
    if (similarity + 1e-9 < threshold) continue;
    if (!best || isBetter(similarity, candidate.unit, best)) best = { unit: candidate.unit, similarity };
  }
  return best;
}

function isBetter(similarity: number, unit: MemoryUnit, best: { unit: MemoryUnit; similarity: number }): boolean {
  if (Math.abs(similarity - best.similarity) > 1e-12) return similarity > best.similarity;
  return preferUnit(unit, best.unit) < 0;
}

/** Newest release first, then the smaller key: a total order, so choices are deterministic. */
function preferUnit(a: MemoryUnit, b: MemoryUnit): number {
  return compareText(b.release, a.release) || compareText(a.key, b.key);
}

function chooseUnit(units: MemoryUnit[]): MemoryUnit {
  const counts = new Map<string, number>();
  for (const unit of units) counts.set(unit.translation, (counts.get(unit.translation) ?? 0) + 1);
  return [...units].sort((a, b) => (counts.get(b.translation)! - counts.get(a.translation)!) || preferUnit(a, b))[0]!;
}

function gramsOf(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i + GRAM <= text.length; i++) {
    const gram = text.slice(i, i + GRAM);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

function lowerBound(values: Int32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function firstAtLeast(candidates: FuzzyCandidate[], length: number): number {
  let low = 0;
  let high = candidates.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (candidates[middle]!.plain.length < length) low = middle + 1;
    else high = middle;
  }
  return low;
}
