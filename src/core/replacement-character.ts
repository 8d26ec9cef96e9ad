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
  if (index < 0) return undefined;
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let at = before.indexOf('\n'); at >= 0; at = before.indexOf('\n', at + 1)) line++;
  return { line, column: index - lineStart + 1 };
}

/** The hint for a file with U+FFFD: what the writer of the file should do. */
export const ENCODING_HINT =
  'save the file as UTF-8 (in the editor\'s "Save with encoding" or "Encoding" menu) and retype the characters shown as �';
