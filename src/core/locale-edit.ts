/**
 * Small in-place edits of a locale file's YAML document, shared by pretranslate and import. Editing
 * the parsed document (not re-serializing plain data) keeps the comments and formatting people wrote.
 */
import { isMap, isScalar, Pair, Scalar, type Document, type YAMLMap } from 'yaml';
import { FIELD, setFieldText } from './locale-file.js';
import { previousTranslationField } from './locale-fields.js';

/** Options that match how extract writes locale files, so an edit changes only the edited lines. */
export const LOCALE_STRINGIFY_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * `text` (as the YAML library writes it, with LF) with the line endings of the file it replaces:
 * one saved with CRLF throughout keeps them, so a translator's editor on Windows sees only the
 * lines that changed. (Readers strip a byte order mark; `writeFileAtomic` with `keepBom` puts it back.)
 */
export function inFileLineEndings(original: string | undefined, text: string): string {
  if (original === undefined || !/\r\n/.test(original) || /(^|[^\r])\n/.test(original)) return text;
  return text.replace(/\r?\n/g, '\r\n');
}

/** Reading order of the fields of an entry: German, previous German, translation, status, …. */
export function entryFieldOrder(sourceLanguage: string, lng: string): string[] {
  return [sourceLanguage, FIELD.previous, lng, FIELD.status, FIELD.previousStatus, previousTranslationField(lng), FIELD.suggestion];
}

/** The YAML map of the entry `key` under `segments`, or undefined. */
export function entryMap(document: Document, key: string): YAMLMap | undefined {
  const root = document.contents;
  if (!isMap(root)) return undefined;
  const segments = root.get('segments', true);
  if (!isMap(segments)) return undefined;
  const value = segments.get(key, true);
  return isMap(value) ? value : undefined;
}

/**
 * Sets a text field of an entry. An existing scalar keeps its node (and its comments); a field
 * that is not there yet is inserted at its place in the reading order, not at the end.
 */
export function setEntryField(map: YAMLMap, key: string, value: string, order: readonly string[]): void {
  const existing = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
  if (existing) {
    setFieldText(existing, value);
    return;
  }
  const pair = new Pair(new Scalar(key), null);
  setFieldText(pair, value);
  insertField(map, pair, order);
}

/** Sets a field to a map value (the `suggestion` of an entry), replacing what was there. */
export function setEntryMapField(document: Document, map: YAMLMap, key: string, value: Record<string, string>, order: readonly string[]): void {
  const node = document.createNode(value);
  const existing = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
  if (existing) {
    existing.value = node;
    return;
  }
  insertField(map, new Pair(new Scalar(key), node), order);
}

function insertField(map: YAMLMap, pair: Pair, order: readonly string[]): void {
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  const key = String((pair.key as Scalar).value);
  const index = map.items.findIndex((item) => isScalar(item.key) && rank(String(item.key.value)) > rank(key));
  if (index < 0) map.items.push(pair);
  else map.items.splice(index, 0, pair);
}
