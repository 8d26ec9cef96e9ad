/** Text helpers shared by the checks: tags out, URLs and e-mail addresses found, spaces folded. */
import { tokenizeTagged } from '../inline-text.js';

/**
 * The text of a tagged string with the tags removed (not replaced by spaces) and escapes decoded,
 * so that "mot</1>\u00A0:" stays "mot\u00A0:" and spacing around punctuation can be judged.
 */
export function stripTags(tagged: string): string {
  return tokenizeTagged(tagged)
    .map((token) => (token.type === 'text' ? token.value : ''))
    .join('');
}

/**
 * The text with tags replaced by a space, for finding numbers and words: a tag between two digits
 * ("1<1/>2") must not glue them into one number.
 */
export function textWithTagGaps(tagged: string): string {
  return tokenizeTagged(tagged)
    .map((token) => (token.type === 'text' ? token.value : ' '))
    .join('');
}

/**
 * The text for finding names and terms: paired tags removed, as in {@link stripTags} (a name may
 * have part of it emphasized: "Allianz <1>für</1> die Region"), self-closing ones replaced by a
 * space, since they stand for a line break, an image or code between words ("GmbH<1/>Frankfurter"),
 * and invisible line-break hints removed.
 */
export function textWithAtomGaps(tagged: string): string {
  return tokenizeTagged(tagged)
    .map((token) => (token.type === 'text' ? token.value.replace(INVISIBLE_BREAKS, '') : token.type === 'atom' ? ' ' : ''))
    .join('');
}

/**
 * Soft hyphens, zero-width spaces and word joiners: invisible hints where a line may (or may not)
 * break, which word processors put into text pasted from them. "Re\u00ADgion" reads "Region".
 */
const INVISIBLE_BREAKS = /[\u00AD\u200B\u2060]/g;

/** Folds every run of white space (including no-break spaces) to one space and trims. */
export function foldSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"“”„«»‹›]+/giu;
const EMAIL_PATTERN = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Tried only where a run of punctuation starts (the look-behind): from every position of a long run
// that does not end the URL, the pattern ran to the run's end (quadratic).
const TRAILING_PUNCTUATION = /(?<![.,;:!?…)\]'’])[.,;:!?…)\]'’]+$/u;

/** A URL or e-mail address found in text, with its place. */
export interface FoundAddress {
  value: string;
  index: number;
  length: number;
}

/**
 * What every match of URL_PATTERN and EMAIL_PATTERN contains. Most texts have neither, and a
 * look for these is far cheaper than running the patterns, which try every position of the text
 * (EMAIL_PATTERN with Unicode classes: 60,000 entries of a large archive took `check` 8 s there).
 */
const MAY_BE_URL = /:\/\/|www\./i;

/** URLs written in the text (http://, https://, www.), trailing sentence punctuation removed. */
export function findUrls(text: string): FoundAddress[] {
  const result: FoundAddress[] = [];
  if (!MAY_BE_URL.test(text)) return result;
  for (const match of text.matchAll(URL_PATTERN)) {
    const value = match[0].replace(TRAILING_PUNCTUATION, '');
    result.push({ value, index: match.index, length: value.length });
  }
  return result;
}

/** EMAIL_PATTERN tried at one position only (sticky). */
const EMAIL_AT = new RegExp(EMAIL_PATTERN.source, 'uy');
const LOCAL_CHARACTER = /^[\p{L}\p{N}._%+-]$/u;

/**
 * E-mail addresses written in the text: the matches of EMAIL_PATTERN, found from each `@`. Run
 * over the text, the pattern tries every position, and from each it takes the whole run of
 * letters before it fails for want of an `@`: quadratic, so `check` took minutes on a
 * translation of 150,000 characters with one address in it (and seconds on a long German
 * paragraph). A match can only start where the run of local-part characters before an `@`
 * starts (a later start in that run ends at the same `@` and fails the same way), so the pattern
 * is tried there alone.
 */
export function findEmails(text: string): FoundAddress[] {
  const result: FoundAddress[] = [];
  let searchFrom = 0; // where the last match ended: matches do not overlap
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < searchFrom) continue;
    EMAIL_AT.lastIndex = localPartStart(text, at, searchFrom);
    const match = EMAIL_AT.exec(text);
    if (!match) continue;
    result.push({ value: match[0], index: match.index, length: match[0].length });
    searchFrom = match.index + match[0].length;
  }
  return result;
}

/** Where the run of local-part characters (by code point) that ends at `at` starts, not before `floor`. */
function localPartStart(text: string, at: number, floor: number): number {
  let start = at;
  while (start > floor) {
    let previous = start - 1;
    const unit = text.charCodeAt(previous);
    if (unit >= 0xdc00 && unit <= 0xdfff && previous > floor) {
      const high = text.charCodeAt(previous - 1);
      if (high >= 0xd800 && high <= 0xdbff) previous--;
    }
    if (!LOCAL_CHARACTER.test(text.slice(previous, start))) break;
    start = previous;
  }
  return start;
}

/** The text with URLs and e-mail addresses blanked out (same length), so other checks skip them. */
export function blankAddresses(text: string): string {
  const found = [...findUrls(text), ...findEmails(text)].sort((a, b) => a.index - b.index);
  if (found.length === 0) return text;
  // One pass over the text (rebuilding it per address was quadratic: 6,000 links in a pasted
  // translation took 11 s). Addresses may overlap (an e-mail inside a mailto: URL).
  const parts: string[] = [];
  let cursor = 0;
  for (const { index, length } of found) {
    const end = index + length;
    if (end <= cursor) continue;
    const start = Math.max(index, cursor);
    parts.push(text.slice(cursor, start), ' '.repeat(end - start));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** Differences between two multisets of strings: what `expected` has that `actual` lacks, and the reverse. */
export function multisetDifference(expected: readonly string[], actual: readonly string[]): { missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const value of expected) counts.set(value, (counts.get(value) ?? 0) + 1);
  const extra: string[] = [];
  for (const value of actual) {
    const count = counts.get(value) ?? 0;
    if (count > 0) counts.set(value, count - 1);
    else extra.push(value);
  }
  const missing: string[] = [];
  for (const [value, count] of counts) for (let i = 0; i < count; i++) missing.push(value);
  return { missing, extra };
}

/** "a", "a and b", "a, b and c" — for messages. */
export function listText(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;
}
