import { diagnostic, type Diagnostic } from './diagnostic.js';

/**
 * Where `text` holds U+FFFD (�), the replacement character, as a 1-based line and column; undefined
 * when it holds none. Files are read as UTF-8, and a byte that is not UTF-8 (a release saved as
 * Latin-1 or Windows-1252: `Caf\xe9`) arrives as U+FFFD — published as "Caf�" on the page and
 * dropped from the feeds. The character itself never belongs in published text either: where it
 * was typed, it is the trace of an earlier broken conversion. So readers report it as an error
 * instead of publishing it.
 */
export function replacementCharacterAt(text: string): { line: number; column: number } | undefined {
  const index = text.indexOf('\uFFFD');
  return index < 0 ? undefined : positionAt(text, index);
}

/** The 1-based line and column of the character at `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The hint for a file with U+FFFD: what the writer of the file should do. */
export const ENCODING_HINT =
  'save the file as UTF-8 (in the editor\'s "Save with encoding" or "Encoding" menu) and retype the characters shown as �';

/**
 * Whether `text`, a file's bytes read as UTF-8, is a file saved as UTF-16 — what Windows Notepad
 * long called "Unicode", and what some CAT tools export. Each ASCII character then comes with a NUL
 * byte, so at least a quarter of its first characters are NUL (about half for ASCII text; the
 * byte order mark and most other characters turn into U+FFFD instead). Told apart from a stray NUL
 * or a Latin-1 file, for which the readers have their own messages.
 */
export function savedAsUtf16(text: string): boolean {
  const head = text.slice(0, 256);
  let nul = 0;
  for (let index = head.indexOf('\u0000'); index >= 0; index = head.indexOf('\u0000', index + 1)) nul++;
  return nul > 0 && nul * 4 >= head.length;
}

/**
 * The error a reader reports, under its own code, for a text {@link savedAsUtf16}: at line 1, with
 * what to do. Otherwise the YAML or Markdown readers saw NUL bytes and text that made no sense,
 * and said so in their terms ("contains a NUL byte", "expected object, received string").
 */
export function utf16Problem(text: string, code: string, file: string, extra: { lng?: string } = {}): Diagnostic | undefined {
  if (!savedAsUtf16(text)) return undefined;
  return diagnostic(code, 'error', file, 'is saved as UTF-16 (what Windows Notepad calls "Unicode"), not UTF-8', {
    line: 1,
    column: 1,
    ...extra,
    hint: 'save the file again as UTF-8 (in the editor\'s "Save as" dialog, "Encoding": UTF-8)',
  });
}
