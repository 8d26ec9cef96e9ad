/**
 * Turns the bytes of an exchange file into text by the encoding the file itself declares, the way
 * its format defines it:
 * - a byte order mark decides (UTF-8, UTF-16 LE/BE); without one, a NUL in the first two bytes
 *   means UTF-16 without a mark (XML 1.0 appendix F; RFC 4627 for JSON);
 * - XLIFF: otherwise the `encoding` of the XML declaration, else UTF-8;
 * - PO: otherwise the `charset` of the header's `Content-Type`, else UTF-8;
 * - i18next JSON: UTF-8 (RFC 8259).
 * A declaration that contradicts the byte order mark, an encoding the platform cannot decode, and
 * bytes that are not valid in the encoding refuse the file (IMPORT_INVALID): a decoder that put
 * U+FFFD in their place would store a translator's letters as `�` without anyone noticing.
 *
 * Decoding is done by the WHATWG Encoding Standard's TextDecoder (`fatal: true`), windows-1252 by
 * its table (see decodeWindows1252). The labels ISO-8859-1, latin1 and US-ASCII are read as
 * windows-1252, as browsers do: such files written on Windows mean € or „ by the bytes 0x80–0x9F,
 * and the C1 control characters those bytes are in ISO-8859-1 would be refused on import anyway.
 */
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import type { ExchangeFormat } from './model.js';

type Detected = { encoding: string; by: 'bom' | 'pattern' };

/** The text of an exchange file, or diagnostics saying why its bytes cannot be read as text. */
export function decodeExchangeFile(bytes: Uint8Array, format: ExchangeFormat, file: string): { text?: string; diagnostics: Diagnostic[] } {
  const refuse = (message: string, hint: string, line = 1): { diagnostics: Diagnostic[] } => ({
    diagnostics: [diagnostic('IMPORT_INVALID', 'error', file, message, { line, hint })],
  });
  const saveAsUtf8 = 'save the file as UTF-8 (in your editor: "Save with encoding" or "Encoding: UTF-8")';
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return refuse('is saved as UTF-32, which Presslate does not read', saveAsUtf8);
  }
  const detected = detectUnicode(bytes);
  if (detected) {
    const decoded = decode(bytes, detected.encoding);
    if (decoded.text === undefined) {
      return refuse(`is not valid ${label(detected.encoding)}: the bytes at line ${decoded.line} are not ${label(detected.encoding)}`, saveAsUtf8, decoded.line);
    }
    // A declaration inside a UTF-16 or UTF-8-marked file must name that encoding (XML 1.0 §4.3.3).
    const declared = declaredEncoding(decoded.text, format);
    if (declared && !sameEncoding(declared.name, detected.encoding)) {
      const how = detected.by === 'bom' ? `starts with a ${label(detected.encoding)} byte order mark` : `is saved as ${label(detected.encoding)}`;
      return refuse(
        `${how} but declares ${declared.name} ${format === 'po' ? 'in its header' : 'in its XML declaration'}`,
        `${saveAsUtf8}, or correct the declaration to the encoding the file is saved in`,
        declared.line,
      );
    }
    return { text: decoded.text, diagnostics: [] };
  }
  // No byte order mark: an ASCII-compatible encoding. Its declaration is in ASCII, so it can be
  // read from the bytes before the encoding is known.
  const declared = declaredEncoding(asciiView(format === 'xliff' ? bytes.subarray(0, 1024) : bytes), format);
  const name = declared?.name ?? 'UTF-8';
  let encoding: string;
  try {
    encoding = new TextDecoder(name).encoding;
  } catch {
    encoding = 'replacement';
  }
  if (encoding === 'replacement') {
    return refuse(`declares the encoding "${name}", which Presslate cannot read`, `${saveAsUtf8} and declare charset=UTF-8`, declared?.line);
  }
  if (encoding.startsWith('utf-16')) {
    return refuse(`declares ${name} but is not saved as UTF-16`, `${saveAsUtf8}, or correct the declaration to the encoding the file is saved in`, declared?.line);
  }
  const decoded = decode(bytes, encoding);
  if (decoded.text === undefined) {
    return refuse(
      declared
        ? `is not valid ${name} (the encoding it declares): the bytes at line ${decoded.line} are not ${name}`
        : `is not valid UTF-8: the bytes at line ${decoded.line} are in another encoding`,
      declared
        ? `${saveAsUtf8}, or correct the declared encoding to the one the file is saved in`
        : `${saveAsUtf8}, or declare its encoding (${format === 'po' ? '"Content-Type: text/plain; charset=…" in the header' : format === 'xliff' ? '<?xml version="1.0" encoding="…"?>' : 'JSON is always UTF-8'})`,
      decoded.line,
    );
  }
  return { text: decoded.text, diagnostics: [] };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function detectUnicode(bytes: Uint8Array): Detected | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', by: 'bom' };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', by: 'bom' };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', by: 'bom' };
  // `<?`, `{`, `#` or `m` as UTF-16 without a mark: one NUL byte beside the first ASCII character.
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return { encoding: 'utf-16be', by: 'pattern' };
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return { encoding: 'utf-16le', by: 'pattern' };
  return undefined;
}

/**
 * Decodes strictly. On invalid bytes, the line they are on: the longest prefix that decodes (a
 * streaming decoder accepts a sequence cut off at the end) is found by bisection, which is cheap
 * next to the rest of an import and needs no decoder of our own.
 */
function decode(bytes: Uint8Array, encoding: string): { text: string; line?: undefined } | { text?: undefined; line: number } {
  if (encoding === 'windows-1252') return { text: decodeWindows1252(bytes) };
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const middle = Math.floor((good + bad) / 2);
      try {
        new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
        good = middle;
      } catch {
        bad = middle;
      }
    }
    const before = new TextDecoder(encoding).decode(bytes.subarray(0, good), { stream: true });
    return { line: before.split('\n').length };
  }
}

/**
 * What the WHATWG index gives the bytes 0x80–0x9F of windows-1252 (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’
 * “ ” • – — ˜ ™ š › œ ž Ÿ; the five unassigned bytes stay C1 code points). Every other byte is its
 * Latin-1 character.
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * windows-1252 (the labels ISO-8859-1, latin1, CP1252, US-ASCII) decoded by its table rather than
 * by TextDecoder: Node 20.18.3 and later (and 22.13 to 23) take a Latin-1 shortcut for it and give
 * 0x93 as the control character U+0093 instead of “ (nodejs/node#56542, #60888), so a PO file
 * saved as CP1252 had every typographic quote refused as a control character.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 0x8000) {
    const chunk = Array.from(bytes.subarray(start, Math.min(start + 0x8000, bytes.length)), (byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : byte));
    parts.push(String.fromCharCode(...chunk));
  }
  return parts.join('');
}

/** The bytes as Latin-1 characters: enough to read an ASCII declaration of any ASCII-compatible encoding. */
function asciiView(bytes: Uint8Array): string {
  // fromCharCode.apply on a typed array in chunks: spreading the chunks into arguments took 6 s for
  // the 15 MB PO file of a 1,000-release archive, this 0.4 s.
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 0x2000) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(start, Math.min(start + 0x2000, bytes.length)) as unknown as number[]));
  }
  return parts.join('');
}

/** The encoding a file declares, with the line of the declaration. */
function declaredEncoding(text: string, format: ExchangeFormat): { name: string; line: number } | undefined {
  if (format === 'xliff') {
    const match = /^\uFEFF?<\?xml\s[^?]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(text);
    return match ? { name: match[2]!, line: 1 } : undefined;
  }
  if (format === 'po') return poCharset(text);
  return undefined;
}

/**
 * The charset of a PO file's header (`"Content-Type: text/plain; charset=UTF-8\n"` in the msgstr
 * of its first entry, the one with an empty msgid and no msgctxt). The template placeholder
 * `CHARSET` counts as none.
 */
function poCharset(text: string): { name: string; line: number } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let index = 0;
  while (index < lines.length && (lines[index]!.trim() === '' || lines[index]!.startsWith('#'))) index++;
  if (!/^msgid\s+""\s*\r?$/.test(lines[index] ?? '')) return undefined;
  index++;
  while (index < lines.length && /^\s*"/.test(lines[index]!)) index++;
  if (!/^msgstr\s+"/.test(lines[index] ?? '')) return undefined;
  // The header's strings joined (a tool may wrap a header line), with the line each part starts on.
  let header = '';
  const starts: { offset: number; line: number }[] = [];
  for (let line = index; line < lines.length; line++) {
    const match = (line === index ? /^msgstr\s+"(.*)"\s*\r?$/ : /^\s*"(.*)"\s*\r?$/).exec(lines[line]!);
    if (!match) break;
    starts.push({ offset: header.length, line: line + 1 });
    header += match[1]!;
  }
  const charset = /(?:^|\\n)\s*Content-Type\s*:[^\\]*?;\s*charset\s*=\s*([^\s;\\"]+)/i.exec(header);
  if (!charset || charset[1]!.toUpperCase() === 'CHARSET') return undefined;
  const at = charset.index + charset[0].length;
  return { name: charset[1]!, line: starts.findLast((start) => start.offset < at)?.line ?? index + 1 };
}

function sameEncoding(declared: string, actual: string): boolean {
  // "UTF-16" names either byte order; TextDecoder maps the bare label to little-endian.
  if (/^utf-?16$/i.test(declared.trim())) return actual.startsWith('utf-16');
  try {
    return new TextDecoder(declared).encoding === actual;
  } catch {
    return false;
  }
}

function label(encoding: string): string {
  return { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 (little-endian)', 'utf-16be': 'UTF-16 (big-endian)' }[encoding] ?? encoding;
}
