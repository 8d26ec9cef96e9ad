import type { LocaleEntry, LocaleFile } from './locale-file.js';
import { entryFields, FIELD, previousTranslationField, STATUSES, type Status } from './locale-fields.js';

/**
 * A fast reader for locale files in the layout Presslate writes (and people keep when they edit
 * one): top-level `key: value` lines, `segments:` / `obsolete:` maps of entries, one field per line,
 * values as single-line plain, 'single-quoted' or "double-quoted" scalars, comment and blank lines
 * anywhere.
 *
 * Why not only `yaml`: building a full YAML Document with positions runs at about 7 MB/s, and an
 * archive of 1,000 releases has some 50 MB of locale files. This reader does one pass over the
 * lines at well over 100 MB/s. It is exact by construction: it accepts only a subset of YAML whose
 * meaning it knows completely, and returns `undefined` for anything else — any other YAML
 * feature, any doubt (a plain scalar containing `: ` or ` #`, a tab, a multi-line value, an
 * unusual escape), and any problem the full reader would report. Callers then use
 * `readLocaleFile`, which handles all of YAML and reports problems with file, line and column.
 * For every text this function accepts, its result equals `readLocaleFile(...).locale`; a
 * property test holds the two to that (test/locale-file-fast.test.ts).
 */
export function readLocaleFileFast(
  text: string,
  expected: { release: string; language: string; sourceLanguage: string },
  locate?: TranslationPlaces,
): LocaleFile | undefined {
  // Characters YAML treats specially or forbids, and tabs and carriage returns: leave them to `yaml`.
  if (UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  const lines = text.split('\n');
  const top = new Map<string, string | Map<string, LocaleEntry>>();
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlankOrComment(line)) {
      index++;
      continue;
    }
    if (line.charCodeAt(0) === SPACE) return undefined; // content indented below nothing
    const field = splitField(line, 0);
    if (!field || top.has(field.key)) return undefined;
    if (field.key === 'release' || field.key === 'language') {
      if (field.value === undefined) return undefined;
      const value = readScalar(field.value);
      if (value === undefined || !nextIsShallower(lines, index, 0)) return undefined;
      top.set(field.key, value);
      index++;
    } else if (field.key === 'segments' || field.key === 'obsolete') {
      if (field.value !== undefined) {
        if (field.value !== '{}' || !nextIsShallower(lines, index, 0)) return undefined;
        top.set(field.key, new Map());
        index++;
        continue;
      }
      const section = readSection(lines, index + 1, expected, field.key === 'segments' ? locate : undefined);
      if (!section) return undefined;
      top.set(field.key, section.entries);
      index = section.next;
    } else {
      // Any other key (`notes:`, a misspelt `segmnets:`): the full reader reads the file and warns
      // (LOCALE_UNKNOWN_KEY), so this reader, which reports nothing, must not accept it.
      return undefined;
    }
  }
  if (top.get('release') !== expected.release || top.get('language') !== expected.language) return undefined;
  const entries = top.get('segments');
  const obsolete = top.get('obsolete');
  return {
    release: expected.release,
    language: expected.language,
    entries: entries instanceof Map ? entries : new Map(),
    obsolete: obsolete instanceof Map ? obsolete : new Map(),
  };
}

/**
 * With readLocaleFileFast, collects where the value of field `lng` of every entry under
 * `segments` starts (1-based line and column), for entries that have one: what
 * checks/locate.ts finds with a YAML parse, for the files this reader accepts (a property test
 * holds the two to the same places). Only valid when readLocaleFileFast returned a file.
 */
export interface TranslationPlaces {
  lng: string;
  places: Map<string, { line: number; column: number }>;
}

const SPACE = 0x20;
// Tab, CR, C0/C1 controls, DEL, NEL, line/paragraph separators, BOM, non-characters.
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffd\ufffe\uffff]/;
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function isBlankOrComment(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === SPACE) continue;
    return code === 0x23; // '#'
  }
  return true;
}

/**
 * Only the space is white space around a YAML value here (a tab sends the file to `yaml`): a
 * no-break space (U+00A0, U+202F) or another Unicode space, which JavaScript's trim() removes, is
 * text to YAML. Trimming it made "Agreement signed" of `en: Agreement signed\u00A0` (the full
 * reader keeps the space) and took `status: reviewed\u00A0` and `"text"\u00A0`, which YAML
 * reads as another status or refuses.
 */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end--;
  return end === text.length ? text : text.slice(0, end);
}

function onlySpaces(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (text.charCodeAt(i) !== SPACE) return false;
  return true;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === SPACE) i++;
  return i;
}

/**
 * `key:` or `key: value` at `indent`; value undefined when nothing follows the colon. `at` is
 * where the value starts in the line (0-based).
 */
function splitField(line: string, indent: number): { key: string; value?: string; at?: number } | undefined {
  const colon = line.indexOf(':', indent);
  if (colon < 0) return undefined;
  const key = line.slice(indent, colon);
  if (key.length > 1000 || !KEY.test(key)) return undefined;
  const rest = line.slice(colon + 1);
  const lead = indentOf(rest);
  const value = trimSpaces(rest.slice(lead));
  if (value === '') return { key };
  if (lead === 0) return undefined;
  return { key, value, at: colon + 1 + lead };
}

/** The next line that is not blank or a comment is indented at most `indent` (or there is none). */
function nextIsShallower(lines: string[], index: number, indent: number): boolean {
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlankOrComment(line)) continue;
    return indentOf(line) <= indent;
  }
  return true;
}

function readSection(
  lines: string[],
  start: number,
  expected: { language: string; sourceLanguage: string },
  locate: TranslationPlaces | undefined,
): { entries: Map<string, LocaleEntry>; next: number } | undefined {
  const entries = new Map<string, LocaleEntry>();
  let entryIndent = -1;
  let index = start;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlankOrComment(line)) {
      index++;
      continue;
    }
    const indent = indentOf(line);
    if (indent === 0) break;
    if (entryIndent < 0) entryIndent = indent;
    if (indent !== entryIndent) return undefined;
    const head = splitField(line, indent);
    if (!head || head.value !== undefined || entries.has(head.key)) return undefined;
    const fields = readFields(lines, index + 1, indent, locate?.lng);
    if (!fields) return undefined;
    const entry = toEntry(head.key, index + 1, fields.values, fields.suggestion, expected);
    if (!entry) return undefined;
    entries.set(head.key, entry);
    if (locate && fields.place) locate.places.set(head.key, fields.place);
    index = fields.next;
  }
  // A section key followed by nothing is an empty (null) section, as for `yaml`.
  return { entries, next: index };
}

interface Fields {
  values: Map<string, string>;
  suggestion?: Map<string, string>;
  next: number;
  /** Where the value of the field asked for (`locate`) starts, when it has one. */
  place?: { line: number; column: number };
}

/** The field lines of one entry (indented deeper than `parentIndent`); `locate`: a field whose value's place to find. */
function readFields(lines: string[], start: number, parentIndent: number, locate?: string): Fields | undefined {
  let place: { line: number; column: number } | undefined;
  const values = new Map<string, string>();
  let suggestion: Map<string, string> | undefined;
  let fieldIndent = -1;
  let index = start;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlankOrComment(line)) {
      index++;
      continue;
    }
    const indent = indentOf(line);
    if (indent <= parentIndent) break;
    if (fieldIndent < 0) fieldIndent = indent;
    if (indent !== fieldIndent) return undefined;
    const field = splitField(line, indent);
    if (!field || !FIELD_NAME.test(field.key) || values.has(field.key) || (field.key === FIELD.suggestion && suggestion)) return undefined;
    if (field.value === undefined && field.key === FIELD.suggestion) {
      const nested = readFields(lines, index + 1, indent);
      if (!nested || nested.suggestion || nested.values.size === 0) return undefined;
      suggestion = nested.values;
      index = nested.next;
      continue;
    }
    // An empty value is null (read as ''), unless deeper lines follow: then it is a block.
    const value = field.value === undefined ? '' : readScalar(field.value);
    if (value === undefined || !nextIsShallower(lines, index, indent)) return undefined;
    values.set(field.key, value);
    if (field.key === locate && field.at !== undefined) place = { line: index + 1, column: field.at + 1 };
    index++;
  }
  if (fieldIndent < 0) return undefined; // an entry without fields is not a map
  const result: Fields = { values, next: index };
  if (suggestion) result.suggestion = suggestion;
  if (place) result.place = place;
  return result;
}

function toEntry(
  key: string,
  line: number,
  values: Map<string, string>,
  suggestion: Map<string, string> | undefined,
  expected: { language: string; sourceLanguage: string },
): LocaleEntry | undefined {
  const source = values.get(expected.sourceLanguage);
  const status = values.get(FIELD.status) ?? 'new';
  if (source === undefined || !(STATUSES as readonly string[]).includes(status)) return undefined;
  // A field the full reader warns about (LOCALE_UNKNOWN_FIELD): this reader reports nothing.
  const known = entryFields(expected);
  for (const name of values.keys()) if (!known.includes(name)) return undefined;
  if (suggestion && values.has(FIELD.suggestion)) return undefined;
  const entry: LocaleEntry = { key, source, translation: values.get(expected.language) ?? '', status: status as Status, line };
  const previous = values.get(FIELD.previous);
  if (previous !== undefined) entry.previous = previous;
  const previousStatus = values.get(FIELD.previousStatus);
  if (previousStatus && (STATUSES as readonly string[]).includes(previousStatus)) entry.previousStatus = previousStatus as Status;
  const previousTranslation = values.get(previousTranslationField(expected.language));
  if (previousTranslation !== undefined && previousTranslation !== '') entry.previousTranslation = previousTranslation;
  if (suggestion) {
    const text = suggestion.get('text');
    if (text !== undefined) {
      entry.suggestion = { text, score: Number(suggestion.get('score') ?? 0), origin: suggestion.get('origin') ?? '' };
    }
  }
  return entry;
}

/**
 * A single-line scalar as YAML's failsafe schema reads it, or undefined when it is anything this
 * reader does not handle with certainty.
 */
function readScalar(raw: string): string | undefined {
  const first = raw.charCodeAt(0);
  if (first === 0x22) return readDoubleQuoted(raw);
  if (first === 0x27) return readSingleQuoted(raw);
  // Indicators (-?:,[]{}#&*!|>'"%@`) at the start change the meaning; so do ": " and " #" inside.
  if ('-?:,[]{}#&*!|>%@`'.includes(raw[0]!)) return undefined;
  if (raw.includes(': ') || raw.endsWith(':') || raw.includes(' #')) return undefined;
  return raw;
}

function readDoubleQuoted(raw: string): string | undefined {
  let end = -1;
  for (let i = 1; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x5c) {
      // Only the escapes JSON shares with YAML; YAML's others (\x, \e, \N, \_, …) go to `yaml`.
      const next = raw[i + 1];
      if (next === undefined || !'"\\/bfnrtu'.includes(next)) return undefined;
      i++;
    } else if (code === 0x22) {
      end = i;
      break;
    }
  }
  if (end < 0 || !onlySpaces(raw, end + 1)) return undefined;
  try {
    return JSON.parse(raw.slice(0, end + 1)) as string;
  } catch {
    return undefined;
  }
}

function readSingleQuoted(raw: string): string | undefined {
  let value = '';
  for (let i = 1; i < raw.length; i++) {
    const char = raw[i]!;
    if (char !== "'") {
      value += char;
      continue;
    }
    if (raw[i + 1] === "'") {
      value += "'";
      i++;
      continue;
    }
    return onlySpaces(raw, i + 1) ? value : undefined;
  }
  return undefined;
}
