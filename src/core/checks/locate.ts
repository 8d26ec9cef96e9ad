/** Where each translation sits in a locale file, so check diagnostics point at the translation's line. */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { readLocaleFileFast } from '../locale-file-fast.js';
import { normalizeLineBreaks } from '../yaml-position.js';

/**
 * Line and column of the translation value (`<lng>:`) of every entry under `segments`, by key
 * (with the source language for `lng`: of the German). `expected` (the file's release and
 * languages) lets a file the fast reader accepts be located without a YAML parse.
 * Entries without a translation value are left out (callers fall back to the key's line).
 */
export function locateTranslations(
  text: string,
  lng: string,
  expected?: { release: string; language: string; sourceLanguage: string },
): Map<string, { line: number; column: number }> {
  // A file in the layout extract writes is located in one pass over its lines (the fast reader);
  // a YAML parse of every file with a finding was most of what `check` took on a large archive.
  if (expected) {
    const places = new Map<string, { line: number; column: number }>();
    if (readLocaleFileFast(text, expected, { lng, places })) return places;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(normalizeLineBreaks(text), { lineCounter, schema: 'failsafe', prettyErrors: false, uniqueKeys: false }); // read and checked before (yaml's check is quadratic)
  const result = new Map<string, { line: number; column: number }>();
  const root = document.contents;
  if (!isMap(root)) return result;
  const segments = root.get('segments', true);
  if (!isMap(segments)) return result;
  for (const pair of segments.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const value = pair.value.get(lng, true);
    const range = isScalar(value) ? value.range : undefined;
    // An empty value (`en:` with nothing after it) has no text to point at: use the key's line.
    if (!range || range[0] === range[1]) continue;
    const place = lineCounter.linePos(range[0]);
    result.set(String(pair.key.value), { line: place.line, column: place.col });
  }
  return result;
}
