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
 * - numbers written as words ("einem", "fünf", "zwanzig", "five", 二十) reconcile with digits on the other side;
 * - URLs and e-mail addresses are left to URL_CHANGED / EMAIL_CHANGED.
 */
import { languageName } from '../extract-locale.js';
import { TAG_LOOKALIKE } from '../inline-text.js';
import { blankAddresses, listText, multisetDifference, textWithTagGaps } from './text-tools.js';
import type { CheckDefinition } from './types.js';

/** A number found in text: its value as a canonical string, and what was written. */
export interface FoundNumber {
  value: string;
  raw: string;
  /** The value times the scale word after it ("12,5 Mio." → 12500000), when there is one. */
  scaled?: string;
}

/**
 * Scale words after a number, in the project languages and English abbreviations: "12,5 Mio. €"
 * is 12 500 000 €, which a translator may write out ("12 500 000 €") or keep ("€12.5 million").
 */
const SCALES: [RegExp, number][] = [
  [/^[ \u00A0\u202F]?(?:Tsd\.|[Tt]ausend|thousand|k(?![\p{L}])|mille|duizend|tusind)/u, 1e3],
  [/^[ \u00A0\u202F]?(?:Mio\.|Mill\.|Million(?:en)?|millions?|millioner|miljoen|mln\.?|mio\.|M(?![\p{L}])|m(?![\p{L}]))/u, 1e6],
  [/^[ \u00A0\u202F]?(?:Mrd\.|Milliarden?|milliards?|milliarder|miljard|mld\.?|mia\.|billions?|bn(?![\p{L}])|Md(?![\p{L}]))/u, 1e9],
];

const SPACE = '[ \\u00A0\\u202F]';
const NARROW = '[\\u00A0\\u202F]';
const BEFORE = '(?<![\\p{N}])';
const AFTER = '(?![\\p{N}])';

/** Number patterns per style, tried in order at each position; `thousands` and `decimal` say how to read a match. */
interface NumberStyle {
  patterns: { pattern: string; thousands: RegExp | null; decimal: string }[];
}

const COMMA_DECIMAL: NumberStyle = {
  // de (and languages without a style of their own): 1.234.567,89 — also 1 234,5 with (narrow)
  // no-break spaces, as DIN 5008 allows.
  patterns: [
    { pattern: `\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?`, thousands: /\./g, decimal: ',' },
    { pattern: `\\d{1,3}(?:${NARROW}\\d{3})+(?:,\\d+)?`, thousands: /[\u00A0\u202F]/g, decimal: ',' },
    { pattern: `\\d+,\\d+`, thousands: null, decimal: ',' },
    { pattern: `\\d+\\.\\d+`, thousands: null, decimal: '.' },
    { pattern: `\\d+`, thousands: null, decimal: '.' },
  ],
};

const SPACE_OR_DOT_THOUSANDS: NumberStyle = {
  // nl, da: 1.234.567,89, and 1 234 567,89 with any space (Taalunie and Retskrivningsreglerne
  // allow a space between groups of three as well as the dot).
  patterns: [
    { pattern: `\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?`, thousands: /\./g, decimal: ',' },
    { pattern: `\\d{1,3}(?:${SPACE}\\d{3})+(?:,\\d+)?`, thousands: /[ \u00A0\u202F]/g, decimal: ',' },
    { pattern: `\\d+,\\d+`, thousands: null, decimal: ',' },
    { pattern: `\\d+\\.\\d+`, thousands: null, decimal: '.' },
    { pattern: `\\d+`, thousands: null, decimal: '.' },
  ],
};

const POINT_DECIMAL: NumberStyle = {
  // en: 1,234,567.89, and 1 234 567.89 with (narrow) no-break spaces, the SI and ISO 80000 style.
  patterns: [
    { pattern: `\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?`, thousands: /,/g, decimal: '.' },
    { pattern: `\\d{1,3}(?:${NARROW}\\d{3})+(?:\\.\\d+)?`, thousands: /[\u00A0\u202F]/g, decimal: '.' },
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

const STYLES: Record<string, NumberStyle> = { de: COMMA_DECIMAL, nl: SPACE_OR_DOT_THOUSANDS, da: SPACE_OR_DOT_THOUSANDS, en: POINT_DECIMAL, fr: SPACE_THOUSANDS };

/** How a language writes 1234.5, for hints. */
const EXAMPLES: Record<string, string> = { de: '1.234,5', nl: '1.234,5', da: '1.234,5', en: '1,234.5', fr: '1 234,5' };

/**
 * Numbers written as words, per language: 0–20, the tens, hundred and thousand, and the ordinals
 * first to twelfth (in German, Dutch and Danish with every ending, as compounds are). "Noon" and
 * "midi" are 12 ("12 Uhr"). The forms of "one" include the indefinite article ("seit einem Jahr" = "1年ぶり",
 * "a year" = "1 Jahr"): a word only ever explains a digit the other side lacks, so an article
 * that is not a number costs nothing. In languages that write compounds (de, nl, da) a number word
 * also counts at the start of a longer word ("zweitägige", "driejarig", "tredages").
 */
const NUMBER_WORDS: Record<string, { values: [number, string[]][]; compounds: boolean }> = {
  de: {
    compounds: true,
    values: [
      [0, ['null']], [1, ['ein', 'eine', 'einen', 'einem', 'einer', 'eines', 'eins']],
      [2, ['zwei']], [3, ['drei']], [4, ['vier']], [5, ['fünf']], [6, ['sechs']], [7, ['sieben']], [8, ['acht']], [9, ['neun']],
      [10, ['zehn']], [11, ['elf']], [12, ['zwölf']], [13, ['dreizehn']], [14, ['vierzehn']], [15, ['fünfzehn']], [16, ['sechzehn']],
      [17, ['siebzehn']], [18, ['achtzehn']], [19, ['neunzehn']], [20, ['zwanzig']], [30, ['dreißig']], [40, ['vierzig']],
      [50, ['fünfzig']], [60, ['sechzig']], [70, ['siebzig']], [80, ['achtzig']], [90, ['neunzig']], [100, ['hundert', 'einhundert']],
      [1000, ['tausend', 'eintausend']],
      // ordinals ("2. Halbjahr" = second half, "zum dritten Mal" = 3rd time)
      [1, ['erste']], [2, ['zweite']], [3, ['dritte']], [4, ['vierte']], [5, ['fünfte']], [6, ['sechste']], [7, ['siebte', 'siebente']], [8, ['achte']], [9, ['neunte']], [10, ['zehnte']], [11, ['elfte']], [12, ['zwölfte']],
    ],
  },
  en: {
    compounds: false,
    values: [
      [0, ['zero']], [1, ['one', 'a', 'an']], [2, ['two']], [3, ['three']], [4, ['four']], [5, ['five']], [6, ['six']], [7, ['seven']],
      [8, ['eight']], [9, ['nine']], [10, ['ten']], [11, ['eleven']], [12, ['twelve']], [13, ['thirteen']], [14, ['fourteen']],
      [15, ['fifteen']], [16, ['sixteen']], [17, ['seventeen']], [18, ['eighteen']], [19, ['nineteen']], [20, ['twenty']],
      [30, ['thirty']], [40, ['forty']], [50, ['fifty']], [60, ['sixty']], [70, ['seventy']], [80, ['eighty']], [90, ['ninety']],
      [100, ['hundred']], [1000, ['thousand']],
      // ordinals ("2. Halbjahr" = second half, "zum dritten Mal" = 3rd time)
      [1, ['first']], [2, ['second']], [3, ['third']], [4, ['fourth']], [5, ['fifth']], [6, ['sixth']], [7, ['seventh']], [8, ['eighth']], [9, ['ninth']], [10, ['tenth']], [11, ['eleventh']], [12, ['twelfth', 'noon', 'midday']],
    ],
  },
  fr: {
    compounds: false,
    values: [
      [0, ['zéro']], [1, ['un', 'une']], [2, ['deux']], [3, ['trois']], [4, ['quatre']], [5, ['cinq']], [6, ['six']], [7, ['sept']],
      [8, ['huit']], [9, ['neuf']], [10, ['dix']], [11, ['onze']], [12, ['douze']], [13, ['treize']], [14, ['quatorze']],
      [15, ['quinze']], [16, ['seize']], [17, ['dix-sept']], [18, ['dix-huit']], [19, ['dix-neuf']], [20, ['vingt']], [30, ['trente']],
      [40, ['quarante']], [50, ['cinquante']], [60, ['soixante']], [70, ['soixante-dix', 'septante']], [80, ['quatre-vingts', 'quatre-vingt', 'huitante']],
      [90, ['quatre-vingt-dix', 'nonante']], [100, ['cent']], [1000, ['mille']],
      // ordinals ("2. Halbjahr" = second half, "zum dritten Mal" = 3rd time)
      [1, ['premier', 'première', 'premiers', 'premières']], [2, ['deuxième', 'second', 'seconde']], [3, ['troisième']], [4, ['quatrième']], [5, ['cinquième']], [6, ['sixième']], [7, ['septième']], [8, ['huitième']], [9, ['neuvième']], [10, ['dixième']], [11, ['onzième']], [12, ['douzième', 'midi']],
    ],
  },
  nl: {
    compounds: true,
    values: [
      [0, ['nul']], [1, ['een', 'één']], [2, ['twee']], [3, ['drie']], [4, ['vier']], [5, ['vijf']], [6, ['zes']], [7, ['zeven']],
      [8, ['acht']], [9, ['negen']], [10, ['tien']], [11, ['elf']], [12, ['twaalf']], [13, ['dertien']], [14, ['veertien']],
      [15, ['vijftien']], [16, ['zestien']], [17, ['zeventien']], [18, ['achttien']], [19, ['negentien']], [20, ['twintig']],
      [30, ['dertig']], [40, ['veertig']], [50, ['vijftig']], [60, ['zestig']], [70, ['zeventig']], [80, ['tachtig']], [90, ['negentig']],
      [100, ['honderd']], [1000, ['duizend']],
      // ordinals ("2. Halbjahr" = second half, "zum dritten Mal" = 3rd time)
      [1, ['eerste']], [2, ['tweede']], [3, ['derde']], [4, ['vierde']], [5, ['vijfde']], [6, ['zesde']], [7, ['zevende']], [8, ['achtste']], [9, ['negende']], [10, ['tiende']], [11, ['elfde']], [12, ['twaalfde']],
    ],
  },
  da: {
    compounds: true,
    values: [
      [0, ['nul']], [1, ['en', 'et', 'én', 'ét']], [2, ['to']], [3, ['tre']], [4, ['fire']], [5, ['fem']], [6, ['seks']], [7, ['syv']],
      [8, ['otte']], [9, ['ni']], [10, ['ti']], [11, ['elleve']], [12, ['tolv']], [13, ['tretten']], [14, ['fjorten']], [15, ['femten']],
      [16, ['seksten']], [17, ['sytten']], [18, ['atten']], [19, ['nitten']], [20, ['tyve']], [30, ['tredive']], [40, ['fyrre']],
      [50, ['halvtreds']], [60, ['tres']], [70, ['halvfjerds']], [80, ['firs']], [90, ['halvfems']], [100, ['hundrede']], [1000, ['tusind']],
      // ordinals ("2. Halbjahr" = second half, "zum dritten Mal" = 3rd time)
      [1, ['første']], [2, ['anden', 'andet']], [3, ['tredje']], [4, ['fjerde']], [5, ['femte']], [6, ['sjette']], [7, ['syvende']], [8, ['ottende']], [9, ['niende']], [10, ['tiende']], [11, ['ellevte']], [12, ['tolvte']],
    ],
  },
};

/** Shortest form that counts at the start of a compound: shorter ones ("to", "ni", "ein") start too many other words. */
const COMPOUND_MIN_LENGTH = 4;

/** Chinese/Japanese numerals (also Korean hanja): 一 … 九, 十, 百, 千, 万/萬, and 两/兩 for two. */
const CJK_DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CJK_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CJK_NUMERAL = /[〇零一二两兩三四五六七八九十百千万萬]+/gu;

/** The value of a run of CJK numerals ("二十五" = 25, "三千" = 3000, "一万" = 10000), or undefined. */
function cjkValue(run: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const char of run) {
    if (char in CJK_DIGITS) {
      if (digit !== undefined) return undefined; // 二三: not one number
      digit = CJK_DIGITS[char]!;
    } else if (char in CJK_UNITS) {
      section += (digit ?? 1) * CJK_UNITS[char]!;
      digit = undefined;
    } else {
      total = (total + section + (digit ?? 0) || 1) * 10000;
      section = 0;
      digit = undefined;
    }
  }
  return total + section + (digit ?? 0);
}

const PHONE = /\+\d[\d \u00A0\u202F\-/()]{5,}\d/g;
const NUMERIC_DATE = new RegExp(`${BEFORE}(?:(\\d{1,2})[./](\\d{1,2})[./](\\d{4}|\\d{2})|(\\d{4})-(\\d{2})-(\\d{2}))${AFTER}`, 'gu');
/** Words that mark a time after the hour, per language ("13 Uhr", "1 pm", "13 h", "13 uur"). */
const TIME_SUFFIXES: Record<string, string> = {
  de: 'Uhr',
  en: 'a\\.m\\.|p\\.m\\.|am(?![\\p{L}])|pm(?![\\p{L}])|AM(?![\\p{L}])|PM(?![\\p{L}])',
  fr: 'h(?![\\p{L}])',
  nl: 'uur',
};

/** What joins the two times of a range ("9.30 bis 13 Uhr", "9.30–13 uur", "9:30 to 1 pm", "9 h 30 à 13 h"). */
const RANGE_WORDS = '[–—-]|bis|to|until|tot|til|à|au';

/** Words that mark a time before the hour ("kl. 9.30"). */
const TIME_PREFIXES: Record<string, string> = { da: 'kl\\.|klokken' };

/** Time patterns of a language; groups: 1 hour, 2 minutes, 3 am/pm marker (if any). */
function timePatterns(lng: string): RegExp[] {
  let patterns = TIME_PATTERNS.get(lng);
  if (patterns === undefined) TIME_PATTERNS.set(lng, (patterns = makeTimePatterns(lng)));
  return patterns;
}

/**
 * The patterns of a language, made once: made per call, compiling them was most of what `check`
 * spent on numbers (two calls per entry, 60,000 entries in a large archive). Only used with
 * matchAll, which copies a regular expression and leaves its `lastIndex` alone, so sharing them
 * is safe.
 */
const TIME_PATTERNS = new Map<string, RegExp[]>();
const NUMBER_PATTERNS = new Map<NumberStyle, RegExp>();

function numberPattern(style: NumberStyle): RegExp {
  let pattern = NUMBER_PATTERNS.get(style);
  if (pattern === undefined) {
    pattern = new RegExp(style.patterns.map((p) => `${BEFORE}(${p.pattern})${AFTER}`).join('|'), 'gu');
    NUMBER_PATTERNS.set(style, pattern);
  }
  return pattern;
}

function makeTimePatterns(lng: string): RegExp[] {
  const patterns: RegExp[] = [];
  const suffix = TIME_SUFFIXES[lng];
  if (suffix) {
    // The start of a time range whose end carries the marker: "von 9.30 bis 13 Uhr", "9.30–13 uur".
    patterns.push(new RegExp(`${BEFORE}(\\d{1,2})[:.]([0-5]\\d)()(?=${SPACE}?(?:${RANGE_WORDS})${SPACE}?\\d{1,2}(?:[:.]\\d{2})?${SPACE}?(?:${suffix}))`, 'gu'));
    patterns.push(new RegExp(`${BEFORE}(\\d{1,2})(?:[:.](\\d{2}))?${SPACE}?(${suffix})`, 'gu'));
  }
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

/** A decimal digit of any script (asciiDigits reads them all). */
const ANY_DIGIT = /\p{Nd}/u;

/** Canonical string of a numeric value: "4.0" and "4" are the same number. */
function canonical(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/**
 * Finds the numbers in a tagged text written in language `lng`, with their values. Unknown
 * languages are read like German (comma decimal).
 */
export function extractNumbers(tagged: string, lng: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  let text = textWithTagGaps(tagged);
  // Every pattern below needs a digit, and a text without any (a heading, most list items) has no number.
  if (!ANY_DIGIT.test(text)) return found;
  // A tag typed as text (`&lt;1&gt;`, `< 1 >`) is not a number: "has 1 and 1, which the German
  // does not have" came beside TAG_MISSING for every such tag.
  text = text.replace(TAG_LOOKALIKE, (match) => ' '.repeat(match.length));
  text = asciiDigits(blankAddresses(text));
  // The matches of one pattern are blanked together once it has run (they do not overlap): one
  // new string per match made a long text of dates or numbers quadratic (3月 written 60,000 times
  // took `check` 36 s).
  const pending: [index: number, length: number][] = [];
  const blank = (index: number, length: number): void => {
    pending.push([index, length]);
  };
  const applyBlanks = (): void => {
    if (pending.length === 0) return;
    const parts: string[] = [];
    let at = 0;
    for (const [index, length] of pending) {
      parts.push(text.slice(at, index), ' '.repeat(length));
      at = index + length;
    }
    parts.push(text.slice(at));
    text = parts.join('');
    pending.length = 0;
  };
  for (const match of [...text.matchAll(CJK_MONTH)]) blank(match.index, match[0].length);
  applyBlanks();
  for (const match of [...text.matchAll(PHONE)]) {
    found.push({ value: `tel:${match[0].replace(/\D/g, '')}`, raw: match[0] });
    blank(match.index, match[0].length);
  }
  applyBlanks();
  for (const match of [...text.matchAll(NUMERIC_DATE)]) {
    const day = match[1] ?? match[6]!;
    const year = match[3] ?? match[4]!;
    found.push({ value: canonical(Number(day)), raw: match[0] }, { value: canonical(Number(year)), raw: match[0] });
    blank(match.index, match[0].length);
  }
  applyBlanks();
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
    applyBlanks();
  }
  const style = STYLES[lng] ?? COMMA_DECIMAL;
  for (const match of text.matchAll(numberPattern(style))) {
    const group = match.slice(1).findIndex((value) => value !== undefined);
    const rule = style.patterns[group]!;
    let raw = match[0];
    if (rule.thousands) raw = raw.replace(rule.thousands, '');
    if (rule.decimal === ',') raw = raw.replace(',', '.');
    const number: FoundNumber = { value: canonical(Number(raw)), raw: match[0] };
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 14);
    const scale = SCALES.find(([word]) => word.test(after))?.[1];
    if (scale !== undefined) number.scaled = canonical(Number(raw) * scale);
    found.push(number);
  }
  return found;
}

/**
 * Values of numbers written as words in the text, for reconciling with digits on the other side:
 * the words of the language (see NUMBER_WORDS) and, in any language, CJK numerals.
 */
function numberWords(tagged: string, lng: string): string[] {
  const result: string[] = [];
  const lower = textWithTagGaps(tagged).toLowerCase();
  const words = wordPattern(lng);
  if (words) {
    for (const match of lower.matchAll(words.pattern)) result.push(canonical(words.values.get(match[1] ?? match[2]!)!));
  }
  for (const match of lower.matchAll(CJK_NUMERAL)) {
    const value = cjkValue(match[0]);
    if (value !== undefined) result.push(canonical(value));
  }
  return result;
}

/** One pattern per language for all its number words, longest first ("dreizehn" before "drei"). */
const WORD_PATTERNS = new Map<string, { pattern: RegExp; values: Map<string, number> } | undefined>();

function wordPattern(lng: string): { pattern: RegExp; values: Map<string, number> } | undefined {
  const base = lng.split('-')[0]!.toLowerCase();
  if (WORD_PATTERNS.has(base)) return WORD_PATTERNS.get(base);
  const words = NUMBER_WORDS[base];
  let made: { pattern: RegExp; values: Map<string, number> } | undefined;
  if (words) {
    const values = new Map<string, number>();
    const starts: string[] = [];
    const whole: string[] = [];
    for (const [value, forms] of words.values) {
      for (const form of forms) {
        if (values.has(form)) continue;
        values.set(form, value);
        (words.compounds && form.length >= COMPOUND_MIN_LENGTH ? starts : whole).push(form);
      }
    }
    const alternatives = (list: string[]): string => [...list].sort((x, y) => y.length - x.length).join('|');
    made = { pattern: new RegExp(`(?<![\\p{L}\\p{M}-])(?:(${alternatives(starts) || '(?!)'})|(${alternatives(whole)})(?![\\p{L}\\p{M}]))`, 'gu'), values };
  }
  WORD_PATTERNS.set(base, made);
  return made;
}

/**
 * Removes from `values` the ones explained by `words` (each word explains one value, the first
 * such value first). Counted in a map: indexOf and splice on the list made a translation of
 * 120,000 characters of numbers take `check` several seconds, and twice that length minutes.
 */
function reconcile(values: string[], words: string[]): string[] {
  const pool = countOf(words);
  return values.filter((value) => !take(pool, value));
}

/**
 * Pairs a value of `one` side written with a scale word ("12,5 Mio.") with the same amount written
 * out on the `other` side (12500000); both leave their lists.
 */
function reconcileScaled(one: string[], other: string[], numbers: FoundNumber[]): [string[], string[]] {
  // Per value, the amounts its numbers stand for with their scale words, in the order of `numbers`.
  const scaledOf = new Map<string, string[]>();
  for (const n of numbers) if (n.scaled !== undefined) (scaledOf.get(n.value) ?? scaledOf.set(n.value, []).get(n.value)!).push(n.scaled);
  const left = countOf(other);
  const taken = new Map<string, number>(); // per amount, how many of its first occurrences in `other` were paired
  const kept = one.filter((value) => {
    const scaled = scaledOf.get(value)?.find((amount) => (left.get(amount) ?? 0) > 0);
    if (scaled === undefined) return true;
    take(left, scaled);
    taken.set(scaled, (taken.get(scaled) ?? 0) + 1);
    return false;
  });
  const rest = other.filter((value) => !take(taken, value));
  return [kept, rest];
}

function countOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Takes one `value` from `counts`; whether there was one. */
function take(counts: Map<string, number>, value: string): boolean {
  const count = counts.get(value) ?? 0;
  if (count === 0) return false;
  counts.set(value, count - 1);
  return true;
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
      const sourceNumbers = extractNumbers(entry.source, entry.sourceLanguage);
      const targetNumbers = extractNumbers(entry.translation, entry.lng);
      const source = sourceNumbers.map((n) => n.value);
      const target = targetNumbers.map((n) => n.value);
      let { missing, extra } = multisetDifference(source, target);
      [missing, extra] = reconcileScaled(missing, extra, sourceNumbers);
      [extra, missing] = reconcileScaled(extra, missing, targetNumbers);
      if (missing.length > 0) missing = reconcile(missing, numberWords(entry.translation, entry.lng));
      if (extra.length > 0) extra = reconcile(extra, numberWords(entry.source, entry.sourceLanguage));
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
