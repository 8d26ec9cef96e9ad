/**
 * i18next JSON v4, for translation platforms that sync i18next resource files. Each release is a
 * namespace; keys nest on their dots as i18next's default `keySeparator: "."` expects:
 *
 *     { "meta": { "title": "…", "image": { "alt": "…" } }, "p-1a2b3c4d": "…" }
 *
 * A file with several releases nests them under the release id:
 * `{ "<release-id>": { "meta": { … }, "p-…": "…" } }`. Untranslated segments are "" so the file
 * lists every key. i18next JSON has no German and no states: import checks keys and tags against
 * the current German, and an unchanged value changes nothing.
 */
import { parse as parseJsonc, printParseErrorCode, visit as visitJson, type ParseError } from 'jsonc-parser';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import { lineOfOffset, lineStarts } from '../line-index.js';
import type { ExportSet, ImportUnit, ParseResult } from './model.js';

type Tree = { [key: string]: string | Tree };

/**
 * Writes the JSON (2-space indented, keys in locale-file order). With `source: true` it writes the
 * German instead of the translations (`--lang de`), the source file platforms translate from.
 */
export function writeI18nextJson(set: ExportSet, options: { source?: boolean; nestReleases?: boolean } = {}): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const nest = options.nestReleases ?? set.releases.length !== 1;
  const root: Tree = {};
  for (const release of set.releases) {
    const namespace: Tree = nest ? (root[release.id] = {}) : root;
    for (const entry of release.entries) {
      const value = options.source ? entry.source : entry.target;
      if (!place(namespace, entry.key.split('.'), value)) {
        diagnostics.push(
          diagnostic('EXPORT_KEY_CONFLICT', 'error', `releases/${release.id}.md`, `key \`${entry.key}\` is both a text and a group of keys in i18next JSON`, {
            key: entry.key,
            ...(entry.line !== undefined ? { line: entry.line } : {}),
            hint: 'export this release as XLIFF or PO instead, or translate fewer front matter keys that share a prefix',
          }),
        );
      }
    }
  }
  return { text: `${JSON.stringify(root, null, 2)}\n`, diagnostics };
}

function place(tree: Tree, path: string[], value: string): boolean {
  let node = tree;
  for (const part of path.slice(0, -1)) {
    // Own keys only, set as own properties: `constructor` or `__proto__` must never reach the
    // object's prototype (the configuration refuses them in translate keys; this is a second line).
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (typeof next === 'string') return false;
    if (next === undefined) Object.defineProperty(node, part, { value: {}, enumerable: true, writable: true, configurable: true });
    node = node[part] as Tree;
  }
  const last = path.at(-1)!;
  if (Object.hasOwn(node, last) && typeof node[last] === 'object') return false;
  Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return true;
}

/** How deep keys may nest (a segment key has a few parts; the release id adds one). */
const MAX_DEPTH = 32;

/**
 * The first key that an object of `text` (valid JSON) holds twice, with the offset of its second
 * occurrence. JSON.parse keeps the last value silently; a translation would be lost unseen.
 * A scan of strings, braces, brackets and commas (JSON.parse has vouched for the syntax), written
 * here because no JSON parser in use reports duplicates.
 */
export function duplicateKey(text: string): { key: string; offset: number } | undefined {
  // Per open container: the keys seen (objects) or null (arrays), and whether a key comes next.
  const stack: { keys: Set<string> | null; keyNext: boolean }[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.keys && top.keyNext) {
        const key = JSON.parse(text.slice(index, end + 1)) as string;
        if (top.keys.has(key)) return { key, offset: index };
        top.keys.add(key);
        top.keyNext = false;
      }
      index = end;
    } else if (char === '{') {
      stack.push({ keys: new Set(), keyNext: true });
    } else if (char === '[') {
      stack.push({ keys: null, keyNext: false });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      const top = stack.at(-1);
      if (top?.keys) top.keyNext = true;
    }
  }
  return undefined;
}

/** The offset of the first { or [ (outside strings) that opens a level deeper than MAX_DEPTH, if any. */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      index++;
      while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    } else if (char === '{' || char === '[') {
      if (++depth > MAX_DEPTH) return index;
    } else if (char === '}' || char === ']') {
      depth--;
    }
  }
  return undefined;
}

/**
 * The first syntax error of a file JSON.parse refused, at its line and column, in words with the
 * fix. V8 gives an offset for some errors only (none for an unexpected token such as a `//`
 * comment at the top, `x` or `NaN`), and names none in terms a translator knows: jsonc-parser
 * (with comments and trailing commas disallowed, so strict JSON) finds the place and the kind.
 */
function jsonSyntaxError(text: string, file: string, v8Message: string): Diagnostic {
  const errors: ParseError[] = [];
  const download = 'or download the file again from your platform';
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    // jsonc-parser descends recursively: thousands of unclosed { or [ overflowed the stack
    // (RangeError, an internal error). Such a file is refused for its depth, as valid JSON is.
    const deep = tooDeepAt(text);
    if (!(error instanceof RangeError) || deep === undefined) throw error;
    return diagnostic('IMPORT_INVALID', 'error', file, `nests objects or lists more than ${MAX_DEPTH} levels deep`, {
      ...position(text, deep),
      hint: `keys of a release nest a few levels at most (meta.image.alt): export the file again, ${download}`,
    });
  }
  const first = errors[0];
  if (!first) {
    // jsonc-parser is more lenient than JSON.parse somewhere: V8's message and offset, if any.
    const offset = /position (\d+)/.exec(v8Message)?.[1];
    const at = offset === undefined ? (/Unexpected end of JSON input/.test(v8Message) ? text.length : undefined) : Number(offset);
    return diagnostic('IMPORT_INVALID', 'error', file, `is not valid JSON: ${v8Message}`, {
      ...(at === undefined ? {} : position(text, at)),
      hint: `fix the JSON syntax there (a missing comma or quote), ${download}`,
    });
  }
  const before = text.slice(0, first.offset).trimEnd();
  const found = text.slice(first.offset, first.offset + Math.min(Math.max(first.length, 1), 20));
  const atEnd = text.slice(first.offset).trim() === '';
  const trailingComma = before.endsWith(',') && (found.startsWith('}') || found.startsWith(']'));
  const [what, fix] = ((): [string, string] => {
    const name = printParseErrorCode(first.error);
    if (name === 'InvalidCommentToken') return ['has a comment, which JSON does not allow', 'remove the comment (or the whole line)'];
    if (trailingComma) {
      return [`has a comma before the closing ${found[0]}`, 'remove the comma after the last entry'];
    }
    if (text.trim() === '') return ['is empty', `export the file again, ${download}`];
    if (atEnd) return ['ends too early (the file is cut off, or a } or ] is missing)', `close every { and [, ${download}`];
    if (name === 'EndOfFileExpected' || (name === 'InvalidSymbol' && first.offset > 0 && errors.length === 1 && /[}\]]$/.test(before))) {
      return [`has more after its last closing brace: ${JSON.stringify(found)}`, 'remove it (an extra } or text pasted after the end)'];
    }
    if (name === 'InvalidSymbol') return [`has ${JSON.stringify(found)} where a key or text belongs`, 'put every key and text in double quotes "…" (JSON has no single quotes)'];
    if (name === 'CommaExpected') return ['lacks a comma between two entries', 'end the entry before this one with a comma'];
    if (name === 'ColonExpected') return ['has a key without its colon', 'write "key": "text"'];
    if (name === 'PropertyNameExpected') return ['has no key in double quotes where one belongs', 'write "key": "text" (double quotes, no single quotes)'];
    if (name === 'UnexpectedEndOfString') return ['has a text whose closing quote is missing, or a line break inside a text', 'close the quote; write a line break inside a text as \\n'];
    if (name === 'InvalidCharacter') return ['has a control character (a tab or line break) inside a text', 'write a tab as \\t and a line break as \\n'];
    if (name === 'InvalidEscapeCharacter' || name === 'InvalidUnicode') {
      return ['has a backslash escape JSON does not know', 'write a backslash as \\\\; JSON knows \\n, \\t, \\", \\\\, \\/ and \\uXXXX'];
    }
    return [`has a syntax error (${name})`, `fix the JSON syntax there, ${download}`];
  })();
  // A trailing comma is reported where it is, not at the brace after it.
  const at = trailingComma ? before.length - 1 : first.offset;
  return diagnostic('IMPORT_INVALID', 'error', file, `is not valid JSON: ${what}`, { ...position(text, at), hint: fix });
}

/**
 * The 1-based line of each object key of a JSON text, by its path joined with dots (`meta.title`
 * for `{"meta": {"title": …}}` and for `{"meta.title": …}` alike); the first, when a path is there
 * twice. Empty for a text nested too deep for jsonc-parser's recursive descent (the import refuses
 * such a file by its depth anyway).
 */
function propertyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  try {
    visitJson(text, {
      onObjectProperty(property, _offset, _length, startLine, _startCharacter, pathSupplier) {
        const path = [...pathSupplier(), property].join('.');
        if (!lines.has(path)) lines.set(path, startLine + 1);
      },
    });
  } catch {
    lines.clear();
  }
  return lines;
}

/** 1-based line and column (in characters) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(text);
  const line = lineOfOffset(starts, offset);
  return { line, column: offset - starts[line - 1]! + 1 };
}

/**
 * Reads i18next JSON. Nested objects are flattened with "." (flat dotted keys are accepted too).
 * When every top-level key is a release id, the file holds several releases; otherwise it holds one,
 * and `release` must say which. Values must be strings.
 */
export function parseI18nextJson(
  text: string,
  file: string,
  context: {
    releaseIds: ReadonlySet<string>;
    release?: string;
    /**
     * A release id the file's name gives (`<release>.<lng>.json`) that is no release of the project:
     * the release of a single-release file, so that it is refused as an unknown release (a typo, or
     * not extracted yet), not as a file that does not say which release it holds.
     */
    nameRelease?: string;
  },
): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { diagnostics: [jsonSyntaxError(text, file, (error as Error).message)] };
  }
  const duplicate = duplicateKey(text);
  if (duplicate) {
    return {
      diagnostics: [
        diagnostic('IMPORT_DUPLICATE', 'error', file, `has the key "${duplicate.key}" twice in one object (JSON keeps only the last)`, {
          line: text.slice(0, duplicate.offset).split('\n').length,
          hint: 'keep one of the two entries, the one with the translation you want',
        }),
      ],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { diagnostics: [diagnostic('IMPORT_INVALID', 'error', file, 'must be a JSON object of keys and translations', { line: 1, hint: 'export the file again' })] };
  }
  const object = data as Record<string, unknown>;
  const topKeys = Object.keys(object);
  // A platform that writes keys flat (Lokalise's and Crowdin's flat JSON) joins the release id to
  // each key of a several-release file: `"2018-03-16-growin-konferenz.meta.title"`. Release ids
  // have no dot, so the part before the first is the release.
  const releaseOf = (key: string): string | undefined => {
    if (context.releaseIds.has(key)) return key;
    const dot = key.indexOf('.');
    return dot > 0 && context.releaseIds.has(key.slice(0, dot)) ? key.slice(0, dot) : undefined;
  };
  const multi = context.release === undefined && topKeys.length > 0 && topKeys.every((key) => releaseOf(key) !== undefined);
  const release = context.release ?? (multi ? undefined : context.nameRelease);
  if (!multi && release === undefined) {
    return {
      diagnostics: [
        diagnostic('IMPORT_INVALID', 'error', file, 'holds one release but does not say which', {
          line: 1,
          hint: 'name the file <release-id>.<lng>.json as export does, or pass --release <id>',
        }),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const units: ImportUnit[] = [];
  // Lines of every key path, found in one pass when first asked for. Searching the text for each
  // key's last part took the first `"title"` of the file for every release's title, and a search
  // from the start per key made importing one file of the whole archive quadratic (27 s for 1,000
  // releases in English, 27,485 keys).
  let keyLines: Map<string, number> | undefined;
  const lineOf = (release: string, key: string): number | undefined => (keyLines ??= propertyLines(text)).get(multi ? `${release}.${key}` : key);
  const flatten = (release: string, value: unknown, prefix: string, depth = 0): void => {
    if (depth > MAX_DEPTH) {
      diagnostics.push(
        diagnostic('IMPORT_INVALID', 'error', file, `nests objects more than ${MAX_DEPTH} levels deep (at \`${prefix.slice(0, 60)}…\`)`, {
          line: 1,
          hint: 'keys of a release nest a few levels at most (meta.image.alt): export the file again',
        }),
      );
      return;
    }
    // null is a key without translation to i18next (it falls back, unless `returnNull`), and
    // platforms write it so for untranslated keys (Lokalise's "empty translations as null"): read
    // as "", which import ignores, like an empty segment.
    if (typeof value === 'string' || (value === null && prefix !== '')) {
      const unit: ImportUnit = { release, key: prefix, target: value ?? '', state: 'unspecified' };
      const line = lineOf(release, prefix);
      if (line !== undefined) unit.line = line;
      units.push(unit);
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) flatten(release, child, prefix === '' ? key : `${prefix}.${key}`, depth + 1);
      return;
    }
    diagnostics.push(
      diagnostic('IMPORT_INVALID', 'error', file, `\`${prefix}\` must be a string, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`, {
        ...(lineOf(release, prefix) !== undefined ? { line: lineOf(release, prefix)! } : {}),
        hint: 'each key holds the translation as text; plurals and lists are not used in press releases',
      }),
    );
  };
  if (multi) for (const [key, tree] of Object.entries(object)) flatten(releaseOf(key)!, tree, key.slice(releaseOf(key)!.length + 1));
  else flatten(release!, object, '');
  if (diagnostics.length > 0) return { diagnostics };
  return { document: { format: 'i18next', units }, diagnostics };
}
