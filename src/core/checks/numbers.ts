/**
 * NUMBER_MISMATCH: the numbers of a translation must have the values of the German's, written the
 * way the target language writes them (15 → 15; 1.234,5 → 1,234.5 in English, 1 234,5 in French).
 *
 * Numbers are read per language and compared by value as multisets, so order and formatting may
 * change but a changed, dropped or added number is reported. Written by hand on purpose: number
 * *parsing* libraries (Intl has only formatting) expect one clean number, not numbers inside prose
 * next to dates, phone numbers, versions and ordinals. Special cases, each to avoid false alarms:
 * - phone numbers ("+49 531 121 8-0") compare as one string of digits;
 * - numeric dates (16.03.2018, 2018-03-16) contribute day and year, since the month is often written
 *   as a word in the translation ("16 March 2018"); "12. Februar" and "12 February" both give 12;
 * - times: "13 Uhr" = "1 pm", "9.30 Uhr" = "9:30";
 * - a dot followed by other than three digits is a decimal point in every language ("GrowIn 4.0");
 * - small numbers written out ("fünf", "five") reconcile with digits on the other side;
 * - URLs and e-mail addresses are left to URL_CHANGED / EMAIL_CHANGED.
 */
import { languageName } from '../extract-locale.js';
import { blankAddresses, listText, multisetDifference, textWithTagGaps } from './text-tools.js';
import type { CheckDefinition } from './types.js';

/** A number found in text: its value as a canonical string, and what was written. */
export interface FoundNumber {
  value: string;
  raw: string;
}

const SPACE = '[ \\u00A0\\u202F]';
const NARROW = '[\\u00A0\\u202F]';
const BEFORE = '(?<![\\p{N}])';
const AFTER = '(?![\\p{N}])';

/** Number patterns per style, tried in order at each position; `thousands` and `decimal` say how to read a match. */
interface NumberStyle {
  patterns: { pattern: string; thousands: RegExp | null; decimal: string }[];
}

const COMMA_DECIMAL: NumberStyle = {
  // de, nl, da: 1.234.567,89 — also 1 234,5 with (narrow) no-break spaces, as DIN 5008 allows.
  patterns: [
    { pattern: `\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?`, thousands: /\./g, decimal: ',' },
    { pattern: `\\d{1,3}(?:${NARROW}\\d{3})+(?:,\\d+)?`, thousands: /[\u00A0\u202F]/g, decimal: ',' },
    { pattern: `\\d+,\\d+`, thousands: null, decimal: ',' },
    { pattern: `\\d+\\.\\d+`, thousands: null, decimal: '.' },
    { pattern: `\\d+`, thousands: null, decimal: '.' },
  ],
};

const POINT_DECIMAL: NumberStyle = {
  // en: 1,234,567.89
  patterns: [
    { pattern: `\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?`, thousands: /,/g, decimal: '.' },
    { pattern: `\\d+\\.\\d+`, thousands: null, decimal: '.' },
    { pattern: `\\d+`, thousands: null, decimal: '.' },
  ],
};

const SPACE_THOUSANDS: NumberStyle = {
  // fr: 1 234 567,89 with a space, no-break space or narrow no-break space.
  patterns: [
    { pattern: `\\d{1,3}(?:${SPACE}\\d{3})+(?:,\\d+)?`, thousands: /[ \u00A0\u202F]/g, decimal: ',' },
    { pattern: `\\d+,\\d+`, thousands: null, decimal: ',' },
    { pattern: `\\d+\\.\\d+`, thousands: null, decimal: '.' },
    { pattern: `\\d+`, thousands: null, decimal: '.' },
  ],
};

const STYLES: Record<string, NumberStyle> = { de: COMMA_DECIMAL, nl: COMMA_DECIMAL, da: COMMA_DECIMAL, en: POINT_DECIMAL, fr: SPACE_THOUSANDS };

/** How a language writes 1234.5, for hints. */
const EXAMPLES: Record<string, string> = { de: '1.234,5', nl: '1.234,5', da: '1.234,5', en: '1,234.5', fr: '1 234,5' };

/** Small numbers written out (2–12; "one" is left out: it is also an article or a pronoun). */
const NUMBER_WORDS: Record<string, string[]> = {
  de: ['zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf'],
  en: ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
  fr: ['deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze'],
  nl: ['twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'],
  da: ['to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni', 'ti', 'elleve', 'tolv'],
};

const PHONE = /\+\d[\d \u00A0\u202F\-/()]{5,}\d/g;
const NUMERIC_DATE = new RegExp(`${BEFORE}(?:(\\d{1,2})[./](\\d{1,2})[./](\\d{4}|\\d{2})|(\\d{4})-(\\d{2})-(\\d{2}))${AFTER}`, 'gu');
/** Words that mark a time after the hour, per language ("13 Uhr", "1 pm", "13 h", "13 uur"). */
const TIME_SUFFIXES: Record<string, string> = {
  de: 'Uhr',
  en: 'a\\.m\\.|p\\.m\\.|am(?![\\p{L}])|pm(?![\\p{L}])|AM(?![\\p{L}])|PM(?![\\p{L}])',
  fr: 'h(?![\\p{L}])',
  nl: 'uur',
};

/** Words that mark a time before the hour ("kl. 9.30"). */
const TIME_PREFIXES: Record<string, string> = { da: 'kl\\.|klokken' };

/** Time patterns of a language; groups: 1 hour, 2 minutes, 3 am/pm marker (if any). */
function timePatterns(lng: string): RegExp[] {
  const patterns: RegExp[] = [];
  const suffix = TIME_SUFFIXES[lng];
  if (suffix) patterns.push(new RegExp(`${BEFORE}(\\d{1,2})(?:[:.](\\d{2}))?${SPACE}?(${suffix})`, 'gu'));
  const prefix = TIME_PREFIXES[lng];
  if (prefix) patterns.push(new RegExp(`(?:${prefix})${SPACE}?(\\d{1,2})(?:[:.](\\d{2}))?()${AFTER}`, 'gu'));
  patterns.push(new RegExp(`${BEFORE}(\\d{1,2}):(\\d{2})()${AFTER}`, 'gu'));
  return patterns;
}

/**
 * Decimal digits of other scripts as ASCII digits, so that "٦٧" (Arabic-Indic), "۶۷" (Persian),
 * "६७" (Devanagari) or full-width "６７" read as 67. Unicode encodes every set of decimal digits
 * (general category Nd) as a run of ten code points from zero to nine, so a digit's value is its
 * distance from the start of its run; some runs follow each other directly (the mathematical
 * digits), hence the remainder.
 */
function asciiDigits(text: string): string {
  return text.replace(/(?![0-9])\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    let zero = code;
    while (zero > 0 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    return String((code - zero) % 10);
  });
}

/**
 * A month written as a number with the CJK month sign (ja/zh 3月, ko 3월): the German has the
 * month as a word ("9. März" → "3月9日"), so the month counts no more than it does in a numeric
 * date; the day and the year around it are numbers as usual.
 */
const CJK_MONTH = /(?<![\p{N}])\d{1,2}[ \u00A0\u202F]?[月월]/gu;

/** Canonical string of a numeric value: "4.0" and "4" are the same number. */
function canonical(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/**
 * Finds the numbers in a tagged text written in language `lng`, with their values. Unknown
 * languages are read like German (comma decimal).
 */
export function extractNumbers(tagged: string, lng: string): FoundNumber[] {
  let text = asciiDigits(blankAddresses(textWithTagGaps(tagged)));
  const found: FoundNumber[] = [];
  const blank = (index: number, length: number): void => {
    text = text.slice(0, index) + ' '.repeat(length) + text.slice(index + length);
  };
  for (const match of [...text.matchAll(CJK_MONTH)]) blank(match.index, match[0].length);
  for (const match of [...text.matchAll(PHONE)]) {
    found.push({ value: `tel:${match[0].replace(/\D/g, '')}`, raw: match[0] });
    blank(match.index, match[0].length);
  }
  for (const match of [...text.matchAll(NUMERIC_DATE)]) {
    const day = match[1] ?? match[6]!;
    const year = match[3] ?? match[4]!;
    found.push({ value: canonical(Number(day)), raw: match[0] }, { value: canonical(Number(year)), raw: match[0] });
    blank(match.index, match[0].length);
  }
  for (const pattern of timePatterns(lng)) {
    for (const match of [...text.matchAll(pattern)]) {
      let hour = Number(match[1]);
      const minutes = match[2];
      const marker = (match[3] ?? '').toLowerCase().replace(/\./g, '');
      if (marker === 'pm' && hour < 12) hour += 12;
      if (marker === 'am' && hour === 12) hour = 0;
      found.push({ value: canonical(hour), raw: match[0] });
      if (minutes !== undefined && Number(minutes) !== 0) found.push({ value: canonical(Number(minutes)), raw: match[0] });
      blank(match.index, match[0].length);
    }
  }
  const style = STYLES[lng] ?? COMMA_DECIMAL;
  const pattern = new RegExp(style.patterns.map((p) => `${BEFORE}(${p.pattern})${AFTER}`).join('|'), 'gu');
  for (const match of text.matchAll(pattern)) {
    const group = match.slice(1).findIndex((value) => value !== undefined);
    const rule = style.patterns[group]!;
    let raw = match[0];
    if (rule.thousands) raw = raw.replace(rule.thousands, '');
    if (rule.decimal === ',') raw = raw.replace(',', '.');
    found.push({ value: canonical(Number(raw)), raw: match[0] });
  }
  return found;
}

/** Values of written-out small numbers in the text (2–12), for reconciling with digits. */
function numberWords(tagged: string, lng: string): string[] {
  const words = NUMBER_WORDS[lng];
  if (!words) return [];
  const result: string[] = [];
  const lower = textWithTagGaps(tagged).toLowerCase();
  words.forEach((word, index) => {
    const pattern = new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'gu');
    for (const _match of lower.matchAll(pattern)) result.push(String(index + 2));
  });
  return result;
}

/** Removes from `values` the ones explained by `words` (each word explains one value). */
function reconcile(values: string[], words: string[]): string[] {
  const pool = [...words];
  return values.filter((value) => {
    const index = pool.indexOf(value);
    if (index < 0) return true;
    pool.splice(index, 1);
    return false;
  });
}

function show(value: string): string {
  return value.startsWith('tel:') ? `the phone number ${value.slice(4)}` : value;
}

/** NUMBER_MISMATCH, as a registry entry. */
export const numbersCheck: CheckDefinition = {
  name: 'numbers',
  rules: [
    {
      code: 'NUMBER_MISMATCH',
      severity: 'error',
      summary: 'a number of the translation has another value than in the German, or a number was dropped or added',
      help: 'keep every number, date, percentage, amount and phone number; write it the way the language does (1.234,5 → 1,234.5 in English, 1 234,5 in French)',
    },
  ],
  check: {
    scope: 'entry',
    run(entry) {
      const source = extractNumbers(entry.source, entry.sourceLanguage).map((n) => n.value);
      const target = extractNumbers(entry.translation, entry.lng).map((n) => n.value);
      let { missing, extra } = multisetDifference(source, target);
      missing = reconcile(missing, numberWords(entry.translation, entry.lng));
      extra = reconcile(extra, numberWords(entry.source, entry.sourceLanguage));
      if (missing.length === 0 && extra.length === 0) return [];
      const example = EXAMPLES[entry.lng];
      const hint = `keep the German's numbers with the same value${example ? `, written as ${languageName(entry.lng)} does (${example})` : ''}`;
      let message: string;
      if (missing.length > 0 && extra.length > 0) {
        message = `has ${listText(extra.map(show))} where the German has ${listText(missing.map(show))}`;
      } else if (missing.length > 0) {
        message = `lacks ${listText(missing.map(show))}, which the German has`;
      } else {
        message = `has ${listText(extra.map(show))}, which the German does not have`;
      }
      return [{ code: 'NUMBER_MISMATCH', message, hint }];
    },
  },
};
