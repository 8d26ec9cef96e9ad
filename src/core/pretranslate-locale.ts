/**
 * Pretranslation: applies the translation memory to the untranslated entries of an existing
 * locale file (extract does the same for segments it adds).
 */
import type { Diagnostic } from './diagnostic.js';
import type { MemoryAnswer } from './extract-locale.js';
import { entryFieldOrder, entryMap, inFileLineEndings, LOCALE_STRINGIFY_OPTIONS, setEntryField, setEntryMapField } from './locale-edit.js';
import { FIELD } from './locale-file.js';
import { readLocale } from './read-locale.js';

/** What pretranslation did to one entry. */
export interface PretranslateChange {
  kind: 'prefilled' | 'suggested';
  key: string;
  origin: string;
  /** For suggestions: the similarity 0–100. */
  score?: number;
}

/**
 * Fills the entries that have no translation yet (status `new`, empty text) from the memory: an
 * exact match becomes the translation with status `translated`; a close match is stored as
 * `suggestion` (text, score, origin) and the status stays `new`. Entries with text, and entries
 * whose suggestion is already the one the memory gives, are left alone. Returns `text: undefined`
 * when nothing changes, so a second run writes nothing.
 */
export function pretranslateLocale(
  input: { file: string; text: string },
  expected: { release: string; language: string; sourceLanguage: string },
  lookup: (source: string, key: string) => MemoryAnswer | undefined,
): { text?: string; changes: PretranslateChange[]; diagnostics: Diagnostic[] } {
  // Parsed into a YAML document only when the memory has something for the file (readLocale):
  // most files of a large archive have nothing to fill.
  const read = readLocale(input.text, input.file, expected);
  const { locale, diagnostics } = read;
  if (!locale) return { changes: [], diagnostics };
  const answers: { key: string; answer: MemoryAnswer }[] = [];
  for (const entry of locale.entries.values()) {
    if (entry.status !== 'new' || entry.translation.trim() !== '') continue;
    const answer = lookup(entry.source, entry.key);
    if (!answer) continue;
    if (answer.kind !== 'exact') {
      const { suggestion } = answer;
      const current = entry.suggestion;
      if (current && current.text === suggestion.text && current.score === suggestion.score && current.origin === suggestion.origin) continue;
    }
    answers.push({ key: entry.key, answer });
  }
  if (answers.length === 0) return { changes: [], diagnostics };
  const document = read.document()!;
  const order = entryFieldOrder(expected.sourceLanguage, expected.language);
  const changes: PretranslateChange[] = [];
  for (const { key, answer } of answers) {
    const map = entryMap(document, key);
    if (!map) continue;
    if (answer.kind === 'exact') {
      setEntryField(map, expected.language, answer.translation, order);
      setEntryField(map, FIELD.status, 'translated', order);
      map.delete(FIELD.suggestion);
      changes.push({ kind: 'prefilled', key, origin: answer.origin });
      continue;
    }
    const { suggestion } = answer;
    setEntryMapField(document, map, FIELD.suggestion, { text: suggestion.text, score: String(suggestion.score), origin: suggestion.origin }, order);
    changes.push({ kind: 'suggested', key, origin: suggestion.origin, score: suggestion.score });
  }
  if (changes.length === 0) return { changes, diagnostics };
  return { text: inFileLineEndings(input.text, document.toString(LOCALE_STRINGIFY_OPTIONS)), changes, diagnostics };
}
