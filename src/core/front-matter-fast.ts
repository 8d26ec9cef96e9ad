/**
 * A reader for the front matter people usually write — `key: value` lines, one level of nested
 * keys (`image:` with `  alt: …` under it), values that are plain, single- or double-quoted text on
 * one line, and one-line lists of texts (`tags: [a, "b"]`) — that gives exactly what the `yaml`
 * library gives for it (the data, and the line and range of each text), and declines everything
 * else: any other YAML feature, any value that is not text (numbers, true/false, null), comments,
 * tabs, control characters, a doubtful character anywhere. parse-release.ts then reads with the
 * library, which also reports errors with their places.
 *
 * Why not the library alone: `parseDocument` costs about 1 ms per release until V8 has optimized
 * it, which in a cold run of 1,000 releases split over two threads is most of the run (some 0.5 s
 * of each thread's 9 s). This reader takes microseconds. A property test
 * (test/front-matter-fast.test.ts) holds it to the library on everything it accepts.
 */

import { lineOfOffset, lineStarts } from './line-index.js';

/** Where a text value is in the front matter, as the library's node range gives it. */
export interface FrontMatterScalar {
  /** 1-based line of the value within the front matter text. */
  line: number;
  /** Offsets of the value's first character and of the character after it (quotes included). */
  start: number;
  end: number;
  style: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';
}

export interface FastFrontMatter {
  data: Record<string, unknown>;
  /** Every text value, by its path joined with NUL (`image\0alt`, `tags\0${index}`). */
  scalars: Map<string, FrontMatterScalar>;
}

/** The key of a path in {@link FastFrontMatter.scalars}. */
export function scalarKey(path: readonly (string | number)[]): string {
  return path.join('\u0000');
}

/** Characters the reader does not judge: control characters, separators, BOM, non-characters, surrogates, CR, tab. */
const DOUBTFUL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
const NESTED_LINE = /^ {2}([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
/** What the core schema reads as something other than text (yaml/dist/schema/core and common/null). */
const NOT_TEXT = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** Characters that start something other than plain text (indicators, reserved characters). */
const PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Value = { value: unknown; scalars: [(string | number)[], Omit<FrontMatterScalar, 'line'>][] };

/** Reads `yaml` (the text between the `---` lines) as described above, or declines (undefined). */
export function readFrontMatterFast(yaml: string): FastFrontMatter | undefined {
  if (DOUBTFUL.test(yaml)) return undefined;
  const data: Record<string, unknown> = {};
  const scalars = new Map<string, FrontMatterScalar>();
  const lines = yaml.split('\n');
  const starts = lineStarts(yaml);
  const lineOf = (at: number): number => lineOfOffset(starts, at);
  const record = (path: (string | number)[], found: Value['scalars']): void => {
    for (const [inner, place] of found) scalars.set(scalarKey([...path, ...inner]), { ...place, line: lineOf(place.start) });
  };
  let parent: Record<string, unknown> | undefined; // the nested map being filled, if any
  let parentKey = '';
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (isSpaces(line)) continue;
    const start = starts[index]!;
    const nested = parent ? NESTED_LINE.exec(line) : null;
    if (nested) {
      const key = nested[1]!;
      if (!textKey(key) || key in parent!) return undefined;
      const read = readValue(yaml, start + nested[0].length, start + line.length);
      if (!read) return undefined;
      parent![key] = read.value;
      record([parentKey, key], read.scalars);
      continue;
    }
    const top = KEY_LINE.exec(line);
    if (!top) return undefined;
    if (parent && Object.keys(parent).length === 0) return undefined; // `key:` with nothing under it is null
    parent = undefined;
    const key = top[1]!;
    if (!textKey(key) || key in data) return undefined;
    if (isSpaces(line.slice(top[0].length))) {
      parent = {};
      parentKey = key;
      data[key] = parent;
      continue;
    }
    const read = readValue(yaml, start + top[0].length, start + line.length);
    if (!read) return undefined;
    data[key] = read.value;
    record([key], read.scalars);
  }
  if (parent && Object.keys(parent).length === 0) return undefined;
  if (Object.keys(data).length === 0) return undefined; // an empty document is null, not a map
  return { data, scalars };
}

/**
 * Only spaces (or nothing): the white space YAML skips around values here (tabs are declined
 * above). JavaScript's trim() also removes U+00A0, U+202F and the other Unicode spaces, which are
 * text to YAML: `title: Titel\u00A0` came out as "Titel", and `title: "Titel"\u00A0`, which
 * YAML refuses, was taken.
 */
function isSpaces(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

/** Whether the library reads `key` as that text (not `true`, `null`, a number) and it is safe as an object key. */
function textKey(key: string): boolean {
  return !UNSAFE_KEYS.has(key) && !NOT_TEXT.some((pattern) => pattern.test(key));
}

/** The value between `from` and `to` (the rest of a key's line): a text or a one-line list of texts. */
function readValue(yaml: string, from: number, to: number): Value | undefined {
  if (yaml[from] === '[') return readList(yaml, from, to);
  const scalar = readScalar(yaml, from, to, false);
  if (!scalar || !isSpaces(yaml.slice(scalar.end, to))) return undefined;
  return { value: scalar.value, scalars: [[[], { start: from, end: scalar.end, style: scalar.style }]] };
}

function readList(yaml: string, from: number, to: number): Value | undefined {
  const items: string[] = [];
  const scalars: Value['scalars'] = [];
  let at = from + 1;
  for (;;) {
    while (yaml[at] === ' ') at++;
    if (yaml[at] === ']' && items.length === 0) {
      at++;
      break;
    }
    const item = readScalar(yaml, at, to, true);
    if (!item) return undefined;
    scalars.push([[items.length], { start: at, end: item.end, style: item.style }]);
    items.push(item.value);
    at = item.end;
    while (yaml[at] === ' ') at++;
    if (yaml[at] === ',') {
      at++;
      continue;
    }
    if (yaml[at] !== ']') return undefined;
    at++;
    break;
  }
  if (!isSpaces(yaml.slice(at, to))) return undefined;
  return { value: items, scalars };
}

/**
 * A text starting at `from` and ending by `to`: quoted, or plain (in a list, up to `,` or `]`).
 * `end` is after its last character (the closing quote; trailing spaces are not part of it).
 */
function readScalar(
  yaml: string,
  from: number,
  to: number,
  inList: boolean,
): { value: string; end: number; style: FrontMatterScalar['style'] } | undefined {
  const first = yaml[from];
  if (first === '"') {
    let value = '';
    for (let at = from + 1; at < to; at++) {
      const char = yaml[at]!;
      if (char === '"') return { value, end: at + 1, style: 'QUOTE_DOUBLE' };
      if (char === '\\') {
        const next = yaml[++at];
        if (next !== '"' && next !== '\\') return undefined;
        value += next;
      } else {
        value += char;
      }
    }
    return undefined;
  }
  if (first === "'") {
    let value = '';
    for (let at = from + 1; at < to; at++) {
      const char = yaml[at]!;
      if (char === "'") {
        if (yaml[at + 1] === "'") {
          value += "'";
          at++;
          continue;
        }
        return { value, end: at + 1, style: 'QUOTE_SINGLE' };
      }
      value += char;
    }
    return undefined;
  }
  let end = to;
  if (inList) {
    const stop = yaml.slice(from, to).search(/[,\]]/);
    if (stop < 0) return undefined;
    end = from + stop;
  }
  const raw = yaml.slice(from, end);
  const value = raw.replace(/(?<! ) +$/, ''); // the look-behind: linear in a run of spaces inside the value
  if (value === '' || PLAIN_START.test(value) || value.includes(': ') || value.endsWith(':') || value.includes(' #')) return undefined;
  if (inList && /[[\]{}"':]/.test(value)) return undefined;
  if (NOT_TEXT.some((pattern) => pattern.test(value))) return undefined;
  return { value, end: from + value.length, style: 'PLAIN' };
}
