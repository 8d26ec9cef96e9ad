import type { Document } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { readLocaleFile, type LocaleFile } from './locale-file.js';
import { readLocaleFileFast } from './locale-file-fast.js';

/**
 * A locale file read for the commands that read many (check, status, export, import,
 * pretranslate): with the fast reader where it accepts the file — the full reader's result, for
 * the layout extract writes — else with the full reader, which reports every problem with its
 * position. The YAML document, for a command that edits the file, is made when asked for: most
 * files of a large archive are only read, and the yaml library took seconds per 1,000 releases.
 * `document()` is undefined only when `locale` is.
 */
export function readLocale(
  text: string,
  file: string,
  expected: { release: string; language: string; sourceLanguage: string },
): { locale?: LocaleFile; diagnostics: Diagnostic[]; document(): Document.Parsed | undefined } {
  const fast = readLocaleFileFast(text, expected);
  if (fast) {
    let document: Document.Parsed | undefined;
    return { locale: fast, diagnostics: [], document: () => (document ??= readLocaleFile(text, file, expected).document) };
  }
  const read = readLocaleFile(text, file, expected);
  const locale = read.document ? read.locale : undefined;
  return { ...(locale ? { locale } : {}), diagnostics: read.diagnostics, document: () => (locale ? read.document : undefined) };
}
