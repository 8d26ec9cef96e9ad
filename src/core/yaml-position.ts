import { CST, isCollection, isMap, isNode, isScalar, isSeq, Lexer, LineCounter, parseDocument, Parser, visit, YAMLParseError, type Alias, type Document, type Scalar } from 'yaml';
import { lineOfOffset, lineStarts } from './line-index.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';

/** A parsed YAML document plus the line index needed to turn node ranges into line:column. */
export interface PositionedDocument {
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The text parsed (line breaks normalized). */
  text?: string;
}

/**
 * `text` with each carriage return that does not start a CRLF made a line feed: classic Mac line
 * ends, which YAML defines as line breaks but the `yaml` library reads as part of the line, so a
 * whole file became one line ("Nested mappings are not allowed", a dozen times, at line 1; a
 * locale file read as one comment and "must be a map", with the hint to delete it). One character
 * for one: offsets, lines and columns stay as they were.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Parses YAML keeping positions; `yaml` collects syntax errors on the document instead of throwing. */
export function parsePositioned(text: string): PositionedDocument {
  const lineCounter = new LineCounter();
  const normalized = normalizeLineBreaks(text);
  const document = parseDocument(normalized, { lineCounter, prettyErrors: false, uniqueKeys: false });
  addDuplicateKeyErrors(document);
  return { document, lineCounter, text: normalized };
}

/**
 * The "Map keys must be unique" errors `yaml` reports with `uniqueKeys: true`, found in linear
 * time: `yaml` compares each new key with every key before it in its map, so a locale file with
 * 60,000 entries (an archive's `obsolete:`) took minutes to read — every command seemed to hang.
 * Parse with `uniqueKeys: false` and call this: keys are equal as `yaml` compares them (scalars of
 * the same value), errors at the second key, in document order among the others.
 */
export function addDuplicateKeyErrors(document: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        const start = key.range?.[0] ?? 0;
        found.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
      }
      return undefined;
    },
  });
  if (found.length === 0) return;
  document.errors.push(...found);
  document.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * The document as plain data, or why it cannot be: `yaml` refuses to expand aliases that would
 * multiply the document (the "billion laughs" attack: ten aliases of ten aliases of …), throwing a
 * ReferenceError that would otherwise end the command as an internal error.
 */
export function documentData({ document }: PositionedDocument): { data: unknown } | { problem: string; hint?: string; offset?: number } {
  // A list or map as a key (`? [a, b]`) has no JavaScript form: `yaml` made it the text
  // "[ a, b ]" and printed a process warning to standard error in the middle of the output.
  let complexKey: number | undefined;
  // An alias inside the value its anchor marks (`title: &t [*t]`) makes a value that contains
  // itself: `yaml` builds it as a circular array or object, and the walks over the data after
  // this (mergeKeyPath in parse-release.ts, which has no recursion to overflow) went round it
  // for ever, eating memory — every command hung on such a release.
  let selfAlias: Alias | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        complexKey = pair.key.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
    Alias(_, alias, path) {
      const target = alias.resolve(document);
      if (target !== undefined && (path as readonly unknown[]).includes(target)) {
        selfAlias = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey !== undefined) {
    return { problem: 'has a key that is a list or map (`? [a, b]`), which Presslate cannot read as a name', hint: 'write each key as a plain name followed by a colon, e.g. `category: …`', offset: complexKey };
  }
  if (selfAlias !== undefined) {
    return {
      problem: `uses the alias *${selfAlias.source} inside the value marked &${selfAlias.source}, which would then contain itself`,
      hint: `write the value out; a text starting with * must be quoted: "*${selfAlias.source}"`,
      ...(selfAlias.range ? { offset: selfAlias.range[0] } : {}),
    };
  }
  try {
    return { data: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (error instanceof ReferenceError) {
      // `*name` without an `&name` before it was reported as an alias bomb.
      const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(error.message)?.[1];
      if (unresolved !== undefined) {
        let offset: number | undefined;
        visit(document, {
          Alias(_, alias) {
            if (alias.source !== unresolved) return undefined;
            offset = alias.range?.[0];
            return visit.BREAK;
          },
        });
        return {
          problem: `uses the alias *${unresolved}, but no value before it is marked &${unresolved}`,
          hint: `write the value out, or mark the value it stands for with &${unresolved} above it; a text starting with * must be quoted: "*${unresolved}"`,
          ...(offset === undefined ? {} : { offset }),
        };
      }
      return { problem: `uses YAML aliases (*name) that expand to more than ${MAX_ALIAS_COUNT} copies` };
    }
    throw error;
  }
}

/**
 * An unquoted text whose line goes on with ` #word`: YAML reads a # after a space as the start of
 * a comment, so `title: Workshops #GrowIn40 starten` is the title "Workshops" and a translation
 * `en: Ranked #1 in the region` is "Ranked" — the rest is not published, without a sign. A note
 * written as comments usually are (`# checked`, a space after the #) is left alone.
 */
export function textCutByComment(node: unknown): node is Scalar & { comment: string; range: [number, number, number] } {
  return isScalar(node) && node.type === 'PLAIN' && typeof node.value === 'string' && typeof node.comment === 'string' && /^\S/.test(node.comment) && node.range !== undefined;
}

/**
 * A value with a YAML tag of the writer's own (`!Neu Workshops starten`, `! Workshops`): YAML reads
 * `!Neu` as the value's type, not as text, so the value is "Workshops starten" — the word is gone
 * without a sign. Presslate knows no such types; YAML's own (`!!str`) are left to the schema.
 */
export function textWithOwnTag(node: unknown): node is Scalar & { tag: string; range: [number, number, number] } {
  return isScalar(node) && typeof node.tag === 'string' && !node.tag.startsWith('tag:yaml.org,2002:') && node.range !== undefined;
}

/** Where the tag of a {@link textWithOwnTag} value starts in `text` (its range starts after it). */
export function tagStart(text: string, node: Scalar & { range: [number, number, number] }): number {
  let start = text.lastIndexOf('!', node.range[0] - 1);
  while (start > 0 && !/[\s:[{,-]/.test(text[start - 1]!)) start--;
  return Math.max(start, 0);
}

/**
 * The value as it was typed from `start` to `end` (a tag, the text, a comment cut off by YAML) on
 * one line, in double quotes: what a hint tells a person to write instead.
 */
export function quotedAsTyped(text: string, start: number, end: number): string {
  return yamlDoubleQuoted(text.slice(start, end).replace(/\s+/g, ' ').trim());
}

/**
 * What YAML silently takes from the texts of a whole document (textWithOwnTag, textCutByComment),
 * as diagnostics at their lines: a value starting with a tag of its own is an error (`codes.tag`),
 * one a comment cut short a warning (`codes.comment`), each with the line to write. `lineOffset`
 * is added to every line (front matter: the lines above it in the release).
 */
export function textsYamlTakes(
  positioned: PositionedDocument,
  file: string,
  codes: { tag: string; comment: string },
  lineOffset = 0,
): Diagnostic[] {
  const text = positioned.text ?? '';
  const lineOf = (path: readonly (string | number)[]): string => {
    const last = path.at(-1);
    return typeof last === 'string' ? `${last}: ` : '- ';
  };
  const found: Diagnostic[] = [];
  for (const { path, node } of scalarsWhere(positioned, textWithOwnTag)) {
    const start = tagStart(text, node);
    found.push(
      diagnostic(codes.tag, 'error', file, `\`${dottedPath(path)}\` starts with the YAML tag \`${node.tag}\`: YAML reads it as a type, not as text, so the value would be only \`${String(node.value)}\``, {
        ...positionOfOffset(positioned, start, lineOffset),
        hint: `put the whole value in double quotes: \`${lineOf(path)}${quotedAsTyped(text, start, node.range[1])}\``,
      }),
    );
  }
  if (found.length > 0) return found;
  for (const { path, node } of scalarsWhere(positioned, textCutByComment)) {
    found.push(
      diagnostic(codes.comment, 'warning', file, `\`${dottedPath(path)}\` ends before \` #${node.comment}\`: YAML reads that as a comment, so the value is only \`${String(node.value)}\``, {
        ...positionOf(positioned, path, lineOffset),
        hint: `if the # belongs to the text, put the whole value in double quotes: \`${lineOf(path)}${quotedAsTyped(text, node.range[0], node.range[2])}\``,
      }),
    );
  }
  return found;
}

/** Every scalar value of `document` that `test` picks, with its path. */
export function scalarsWhere<T extends Scalar>({ document }: PositionedDocument, test: (node: unknown) => node is T): { path: (string | number)[]; node: T }[] {
  const found: { path: (string | number)[]; node: T }[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (test(node)) found.push({ path, node });
    else if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?']);
    else if (isSeq(node)) node.items.forEach((item, index) => walk(item, [...path, index]));
  };
  walk(document.contents, []);
  return found;
}

/** How many times YAML aliases may repeat what they stand for in one document. */
const MAX_ALIAS_COUNT = 100;

/** 1-based line and column of the node at `path` (or of the nearest existing parent). */
export function positionOf(
  { document, lineCounter }: PositionedDocument,
  path: readonly (string | number)[],
  lineOffset = 0,
): { line: number; column: number } {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) {
      const place = lineCounter.linePos(node.range[0]);
      return { line: place.line + lineOffset, column: place.col };
    }
  }
  return { line: 1 + lineOffset, column: 1 };
}

/** Line and column of a character offset. */
export function positionOfOffset(
  { lineCounter }: PositionedDocument,
  offset: number,
  lineOffset = 0,
): { line: number; column: number } {
  const place = lineCounter.linePos(offset);
  return { line: place.line + lineOffset, column: place.col };
}

/** Renders a path as people write it: `image.alt`, `tags[2]`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const part of path) {
    if (typeof part === 'number') result += `[${part}]`;
    else result += result ? `.${String(part)}` : String(part);
  }
  return result || '(top level)';
}

/**
 * The YAML syntax errors of a parsed document as diagnostics with line and column. (`yaml` fills
 * `linePos` only with prettyErrors, which would also rewrite the message; the offset is always there.)
 */
export function yamlSyntaxDiagnostics(
  { document, lineCounter, text }: PositionedDocument,
  make: (message: string, place: { line: number; column: number }) => Diagnostic,
  lineOffset = 0,
): Diagnostic[] {
  return document.errors.map((error) => {
    const place = lineCounter.linePos(yamlErrorOffset(error, text));
    return make(`is not valid YAML: ${yamlErrorText(error)}`, { line: place.line + lineOffset, column: place.col });
  });
}

/**
 * Where a `yaml` parse error is best shown. A quote never closed is reported where the library
 * gave up looking for its end — often the end of the file, lines below — so it is shown at the
 * opening quote instead, where the author has to look.
 */
export function yamlErrorOffset(error: { code: string; message: string; pos: [number, number] }, text: string | undefined): number {
  if (text === undefined || error.code !== 'MISSING_CHAR' || !error.message.startsWith('Missing closing')) return error.pos[0];
  return unclosedQuoteOffset(text) ?? error.pos[0];
}

/** The offset of the first quoted scalar (`"…`, `'…`) in `text` that is not closed, or undefined. */
export function unclosedQuoteOffset(text: string): number | undefined {
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    let found: number | undefined;
    CST.visit(token, (item) => {
      for (const part of [item.key, item.value]) {
        if (part && (part.type === 'double-quoted-scalar' || part.type === 'single-quoted-scalar') && !quoteCloses(part.source)) {
          found = part.offset;
          return CST.visit.BREAK;
        }
      }
      return undefined;
    });
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether a quoted scalar's source ends with its closing quote (not an escaped one: `\"`, or `''` in single quotes). */
function quoteCloses(source: string): boolean {
  const quote = source[0];
  const body = source.trimEnd();
  if (body.length < 2 || body.at(-1) !== quote) return false;
  let run = 0;
  if (quote === "'") {
    // '' stands for one quote inside: an odd number of quotes at the end closes the scalar.
    for (let index = body.length - 1; index > 0 && body[index] === "'"; index--) run++;
    return run % 2 === 1;
  }
  for (let index = body.length - 2; index > 0 && body[index] === '\\'; index--) run++;
  return run % 2 === 0;
}

/**
 * A `yaml` parse error in the words of the file's author. A second document (a `---` line after
 * the first, or content after `...`) was "Source contains multiple documents; please use
 * YAML.parseAllDocuments()", advice to the programmer, with a hint about quotes and colons.
 */
export function yamlErrorText(error: { code: string; message: string }): string {
  if (error.code === 'MULTIPLE_DOCS') {
    return 'a second YAML document starts here (after a `---` or `...` line); Presslate reads one document per file: remove that line, and move what follows into the first document or delete it';
  }
  return error.message.split('\n')[0]!;
}

/** How deep lists and maps may nest in a YAML file Presslate reads; its files need four or five levels. */
export const MAX_YAML_DEPTH = 64;

/** What {@link yamlNestingTooDeep} reports, for every file's own code. */
export const YAML_DEPTH_MESSAGE = `nests lists or maps more than ${MAX_YAML_DEPTH} levels deep here (brackets [ { inside each other, or "- " and keys indented ever deeper)`;

/**
 * Where a YAML text first nests collections more than {@link MAX_YAML_DEPTH} levels deep, or
 * undefined. `yaml` composes nodes recursively: 5,000 `[` or nested `- ` levels overflowed the call
 * stack, reported as "Maximum call stack size exceeded" at whatever depth it happened (or, with
 * less stack to spare, an internal error further on). Counted on the tokens of `yaml`'s own lexer,
 * so brackets in quotes and block scalars do not count: flow brackets, plus one level per block
 * indentation deeper than the enclosing one (`- - x` on one line opens two). Only texts that
 * could be that deep are lexed: more than half the limit of `[`/`{`, or a line indented half as far.
 */
export function yamlNestingTooDeep(text: string): { line: number; column: number } | undefined {
  let brackets = 0;
  for (let index = 0; index < text.length && brackets <= MAX_YAML_DEPTH / 2; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x5b || code === 0x7b) brackets++;
  }
  // Fewer than half the limit in brackets and in indentation: cannot be too deep.
  if (brackets <= MAX_YAML_DEPTH / 2 && !DEEP_INDENT.test(text)) return undefined;
  const starts: number[] = [];
  let offset = 0;
  let lineStart = 0;
  let atLineStart = true;
  let flow = 0;
  for (const token of new Lexer().lex(text)) {
    const at = offset;
    if (ZERO_WIDTH.has(token)) continue;
    offset += token.length;
    if (token === '\n' || token === '\r\n') {
      atLineStart = true;
      lineStart = offset;
      continue;
    }
    if (flow === 0 && atLineStart && /^[ \t]+$/.test(token)) continue; // indentation
    const first = atLineStart;
    const newline = token.lastIndexOf('\n');
    if (newline >= 0) lineStart = at + newline + 1; // a scalar over several lines
    atLineStart = token.endsWith('\n');
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (flow === 0 && !token.startsWith('#') && (first || token === '-' || token === '?')) {
      // A block node at this column closes the ones at or right of it and opens one more.
      const column = at - lineStart;
      while (starts.length > 0 && starts[starts.length - 1]! >= column) starts.pop();
      starts.push(column);
    }
    if (starts.length + flow > MAX_YAML_DEPTH) {
      const lines = lineStarts(text);
      const line = lineOfOffset(lines, at);
      return { line, column: at - lines[line - 1]! + 1 };
    }
  }
  return undefined;
}

/** Tokens of `yaml`'s lexer that stand for no characters of the text. */
const ZERO_WIDTH = new Set(['\x02', '\x18', '\x1f']);
const DEEP_INDENT = new RegExp(`^[ \\t?-]{${MAX_YAML_DEPTH / 2},}`, 'm');

/**
 * Characters a YAML writer must escape for every YAML reader to read the text back: control
 * characters (C0 but tab, line feed and carriage return; DEL; C1, NEL included), the line and
 * paragraph separators U+2028/U+2029 and NEL (line breaks to YAML 1.1 readers such as PyYAML,
 * which then fail on the file), the byte order mark, the noncharacters U+FFFE/U+FFFF, and lone
 * surrogates. The `yaml` library writes all of these but the C0 controls as they are, even inside
 * double quotes. Also the replacement character U+FFFD, which a German text can hold without
 * being damaged (Markdown reads `&#0;` as it): written as it is, it would make Presslate refuse
 * the locale file it wrote as a broken conversion (LOCALE_ENCODING).
 */
export const ESCAPE_IN_YAML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** `value` in double quotes on one line, with JSON's escapes (YAML has them all) and `\uXXXX` for the rest. */
export function yamlDoubleQuoted(value: string): string {
  const escapes = new RegExp(ESCAPE_IN_YAML.source, 'gu');
  return `"${JSON.stringify(value).slice(1, -1).replace(escapes, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}

/**
 * Plain scalars that some YAML reader takes for something other than text: null, booleans
 * (YAML 1.1's `yes`/`no`/`on`/`off`/`y`/`n` too, which PyYAML, Ruby's Psych — Jekyll — and many CAT
 * tools' importers still follow), numbers in YAML 1.2's and 1.1's forms (`1.000`, `+1`, `0x1F`,
 * `1_000`, the sexagesimal `12:30`), 1.1's timestamps (`2018-03-16`) and its merge and value keys.
 * Presslate reads its files with the failsafe schema, so for Presslate they are text whatever
 * their style; a translation "Yes" or "12:30" written plain was "true" or 750 to any other tool.
 * Such a text is written in double quotes.
 */
export const NOT_TEXT_WHEN_PLAIN = new RegExp(
  [
    '^(?:~|null|Null|NULL)$',
    '^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$',
    '^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\\.[0-9_]*)?|\\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$',
    '^[-+]?\\.(?:inf|Inf|INF)$',
    '^\\.(?:nan|NaN|NAN)$',
    '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$',
    '^(?:<<|=)$',
  ].join('|'),
);

