import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';
import * as z from 'zod';
import type { Config } from './config.js';
import { parseReleaseDate, type ReleaseDate } from './dates.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { parseMarkdown } from './markdown.js';
import { releaseIdProblem } from './release-id.js';
import { documentData, dottedPath, parsePositioned, positionOf, positionOfOffset, textsYamlTakes, YAML_DEPTH_MESSAGE, yamlNestingTooDeep, yamlSyntaxDiagnostics, type PositionedDocument } from './yaml-position.js';
import { ENCODING_HINT, positionAt, replacementCharacterAt, utf16Problem } from './replacement-character.js';
import { readFrontMatterFast, type FastFrontMatter } from './front-matter-fast.js';

/** The front matter block: its YAML text and where it sits in the file. */
export interface FrontMatter {
  /** The YAML between the `---` fences. */
  yaml: string;
  /** Offset of the opening fence and just past the closing fence. */
  start: number;
  end: number;
  /** Line of the YAML's first line in the file, minus one (add to a YAML line to get a file line). */
  lineOffset: number;
}

/** A German source release, parsed and validated. */
export interface ParsedRelease {
  id: string;
  /** Project-relative path, e.g. `releases/2018-03-16-growin-konferenz.md`. */
  file: string;
  text: string;
  frontMatter: FrontMatter;
  /** The front matter as plain data. */
  meta: Record<string, unknown>;
  date: ReleaseDate;
  embargo?: ReleaseDate;
  /** Target languages this release goes to. */
  languages: string[];
  tree: Root;
  /**
   * The front matter as the `yaml` library parsed it, with positions (the segmenter takes value
   * lines and ranges from it) — or, for the usual simple front matter, as the fast reader read it
   * (front-matter-fast.ts), with the lines and ranges of its texts.
   */
  positioned?: PositionedDocument;
  fastFrontMatter?: FastFrontMatter;
}

const text = z.string().trim().min(1, 'must not be empty');
const frontMatterSchema = z
  .object({
    title: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).trim().min(1, 'must not be empty'),
    date: z.string({
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be an ISO 8601 date such as 2018-03-16, in quotes if YAML reads it otherwise'),
    }),
    summary: text.optional(),
    category: text.optional(),
    author: text.optional(),
    tags: z.array(text).optional(),
    image: z
      .object({
        src: text,
        alt: text.optional(),
        caption: text.optional(),
        credit: text.optional(),
        title: text.optional(),
      })
      .passthrough()
      .optional(),
    languages: z.array(z.string()).optional(),
    embargo: z.string().optional(),
  })
  .passthrough();

/** Front matter keys the build writes into each language's page itself, with what they say there. */
const BUILD_KEY_MEANING: Record<string, string> = {
  lang: 'the language of the page',
  alternates: 'the other languages of the release',
  outdated: 'whether a translation lags behind the German',
};
const BUILD_KEYS = Object.keys(BUILD_KEY_MEANING);

/**
 * How deep the Markdown tree of a release may nest. Real releases use a handful of levels; the
 * code that segments, translates and renders a tree (Presslate's and the libraries') recurses
 * once per level, so thousands of `>` would overflow the stack instead of giving an error.
 */
export const MAX_NESTING = 100;

/**
 * Where the source nests so deep that the Markdown parser itself would take minutes (its time
 * grows with the cube of the nesting of indented lists: 300 levels 1.4 s, 1,000 levels 57 s;
 * with the square of a run of emphasis marks), checked before parsing: a line indented more
 * than 4 columns per allowed level, or a run of more than 1,000 `*` or `_` in a line of text.
 */
function tooDeepSource(source: string): { line: number; column: number } | undefined {
  // The usual case in one pass each: no line starts with 101 blanks (a tab is at most 4 columns),
  // no run of 1,001 marks.
  if (!/^[ \t]{101}/m.test(source) && !/([*_])\1{1000}/.test(source)) return undefined;
  let line = 0;
  for (let start = 0; start < source.length; ) {
    line++;
    const end = source.indexOf('\n', start);
    const text = source.slice(start, end < 0 ? source.length : end);
    start = end < 0 ? source.length : end + 1;
    let width = 0;
    for (const char of text) {
      if (char === ' ') width++;
      else if (char === '\t') width += 4 - (width % 4);
      else break;
    }
    if (width > 4 * MAX_NESTING) return { line, column: 1 };
    const run = /([*_])\1{1000,}/.exec(text);
    if (run && !/^[ \t*_-]*$/.test(text)) return { line, column: run.index + 1 };
  }
  return undefined;
}

/**
 * The largest block (lines without a blank line between them) and the largest release the parser
 * is given, in characters. micromark resolves the inline markup of a paragraph in time that grows
 * with the square of its length (a 100 KB paragraph with links and emphasis: 1.8 s; 200 KB: 4.4 s;
 * 1 MB: 33 s and 1.4 GB), so a pasted book would stall every build. A real press release has
 * paragraphs of a few hundred characters and is rarely above 50 KB.
 */
export const MAX_BLOCK_CHARS = 100_000;
export const MAX_RELEASE_CHARS = 2_000_000;

/** Where the source is too large to parse in reasonable time (see {@link MAX_BLOCK_CHARS}), and why. */
function tooLargeSource(source: string): { line: number; message: string; hint: string } | undefined {
  if (source.length > MAX_RELEASE_CHARS) {
    return {
      line: 1,
      message: `is ${source.length.toLocaleString('en')} characters long; Presslate reads releases up to ${MAX_RELEASE_CHARS.toLocaleString('en')}`,
      hint: 'a press release is a few pages: split this text into several releases, or link to the long document instead',
    };
  }
  if (source.length <= MAX_BLOCK_CHARS) return undefined;
  const blank = /\n[ \t]*(?:\r?\n|$)/g;
  let start = 0;
  for (;;) {
    const match = blank.exec(source);
    const end = match ? match.index : source.length;
    if (end - start > MAX_BLOCK_CHARS) {
      // The front matter is the first block (up to its first blank line): a 300,000-character
      // summary or a list of 20,000 tags was "a paragraph" with the hint to split it with blank lines.
      if (start === 0 && /^\uFEFF?---[ \t]*\r?\n/.test(source)) {
        return {
          line: 1,
          message: `has front matter of ${(end - start).toLocaleString('en')} characters (up to its first blank line); Presslate reads blocks up to ${MAX_BLOCK_CHARS.toLocaleString('en')}`,
          hint: 'shorten the long front matter value: a title or summary is a few sentences, tags a handful of words',
        };
      }
      return {
        line: positionAt(source, start).line,
        message: `has a paragraph (or other block) of ${(end - start).toLocaleString('en')} characters; Presslate reads blocks up to ${MAX_BLOCK_CHARS.toLocaleString('en')}`,
        hint: 'split the block with blank lines into paragraphs of ordinary length',
      };
    }
    if (!match) return undefined;
    start = match.index + match[0].length;
    blank.lastIndex = start;
  }
}

/**
 * The path of the first `<<` key in the front matter data, found without recursion. YAML 1.1 made
 * `<<: *base` merge a map's keys in (Hugo and Jekyll read it so); YAML 1.2, which Presslate reads,
 * has no merge keys: `<<` was a key like any other, copied into every page, while the keys it was
 * meant to supply (a `category`, an `image.src`) were silently missing.
 */
function mergeKeyPath(data: unknown): (string | number)[] | undefined {
  const stack: [unknown, (string | number)[]][] = [[data, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (!Array.isArray(value) && Object.hasOwn(value, '<<')) return [...path, '<<'];
    for (const [key, child] of Object.entries(value)) stack.push([child, [...path, Array.isArray(value) ? Number(key) : key]]);
  }
  return undefined;
}

/** The nodes that count as a level: quotes, lists and inline markup (a list item, a paragraph do not). */
const NESTING = new Set(['blockquote', 'list', 'footnoteDefinition', 'emphasis', 'strong', 'delete', 'link', 'linkReference']);

/** Where the tree first nests deeper than {@link MAX_NESTING} levels, found without recursion. */
function tooDeep(tree: Root): { line: number; column: number } | undefined {
  const stack: [Node, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, outer] = stack.pop()!;
    const depth = NESTING.has(node.type) ? outer + 1 : outer;
    if (depth > MAX_NESTING) return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    const children = (node as Parent).children;
    if (children) for (let index = children.length - 1; index >= 0; index--) stack.push([children[index]!, depth]);
  }
  return undefined;
}

/**
 * The release in Unicode normalization form C, as pages and feeds should carry text (the Nu HTML
 * checker warns about every decomposed run) and as segment keys and translations are compared: a
 * release typed or pasted decomposed (e + U+0301) reads the same composed. `<`, `=` and `>`
 * followed by U+0338 are left apart: composed they would become ≮ ≠ ≯ and a Markdown or HTML
 * marker (`>` of a quote, of a tag) would vanish.
 */
function composed(text: string): string {
  if (!/[\u0300-\u036F\u0338]|[^\u0000-\u02FF]/.test(text) || text.normalize('NFC') === text) return text;
  return text
    .split(/(?<=[<=>])(?=\u0338)/)
    .map((part) => part.normalize('NFC'))
    .join('');
}

/**
 * FRONT_MATTER_MISSING, saying what is there instead: a file that opens with `---` but never
 * closes it was told to "start the file with ---", which it does; TOML front matter (`+++`) was
 * told it had none.
 */
function frontMatterMissing(file: string, source: string): Diagnostic {
  const opening = /^\uFEFF?(---|\+\+\+)[ \t]*\r?$/m.exec(source.split('\n', 1)[0]!)?.[1];
  if (opening === '---') {
    return diagnostic('FRONT_MATTER_MISSING', 'error', file, 'opens its front matter with --- but never closes it', {
      line: 1,
      column: 1,
      hint: 'add a line with only --- after the last front matter line (`title:`, `date:`, …), before the text',
    });
  }
  if (opening === '+++') {
    return diagnostic('FRONT_MATTER_MISSING', 'error', file, 'has TOML front matter (+++), not YAML', {
      line: 1,
      column: 1,
      hint: 'write the front matter as YAML between --- lines: `title: …`, `date: YYYY-MM-DD`',
    });
  }
  return diagnostic('FRONT_MATTER_MISSING', 'error', file, 'has no YAML front matter', {
    line: 1,
    column: 1,
    hint: 'start the file with ---, then `title:` and `date:` lines, then --- (see releases/ for examples)',
  });
}

/** What an earlier parse with the same configuration found, which a parse may take instead of working it out again. */
export interface ParseHints {
  /**
   * Front matter date texts and what parseReleaseDate made of them in the configured time zone:
   * the first time zone conversion of a process costs some 10 ms (ICU's start), more than
   * parsing the release whose edit brought it here.
   */
  dates?: ReadonlyMap<string, ReleaseDate>;
}

/**
 * Parses a source release: file name → id, front matter → validated meta, body → mdast.
 * Content problems come back as diagnostics (with file and line); `release` is undefined when
 * any of them is an error.
 */
export function parseRelease(
  file: string,
  written: string,
  config: Config,
  hints: ParseHints = {},
): { release?: ParsedRelease; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const source = composed(written);
  const id = file.replace(/^.*\//, '').replace(/\.md$/, '');
  const idProblem = releaseIdProblem(id);
  if (idProblem) {
    diagnostics.push(
      diagnostic('RELEASE_ID', 'error', file, `file name ${idProblem}`, {
        line: 1,
        hint: 'rename the file to the release date and a short slug, e.g. releases/2018-03-16-growin-konferenz.md',
      }),
    );
  }
  const utf16 = utf16Problem(source, 'RELEASE_ENCODING', file);
  if (utf16) return { diagnostics: [...diagnostics, utf16] };
  if (source.includes('\u0000')) {
    diagnostics.push(diagnostic('RELEASE_BINARY', 'error', file, 'contains a NUL byte; it is not a text file', {
      ...positionAt(source, source.indexOf('\u0000')),
      hint: 'save the release as UTF-8 Markdown',
    }));
    return { diagnostics };
  }
  const damaged = replacementCharacterAt(source);
  if (damaged) {
    diagnostics.push(
      diagnostic('RELEASE_ENCODING', 'error', file, 'is not UTF-8 text: it has a byte that is not UTF-8, or the replacement character �, here', {
        ...damaged,
        hint: ENCODING_HINT,
      }),
    );
    return { diagnostics };
  }
  // Classic Mac line ends: Markdown takes a lone CR as a line end, YAML (the `yaml` library) and
  // the front matter split do not, so the whole front matter was one line (a dozen "not valid
  // YAML" errors at line 2). Other files are read with them (normalizeLineBreaks); a release
  // cannot be changed under the offsets merge splices at, so it is refused with what to do.
  // Judged by the first line end: a stray CR inside a paragraph is a soft line break to Markdown.
  const loneCr = source.search(/[\r\n]/);
  if (loneCr >= 0 && source[loneCr] === '\r' && source[loneCr + 1] !== '\n') {
    diagnostics.push(
      diagnostic('RELEASE_ENCODING', 'error', file, 'ends its lines with a carriage return alone (old Mac line endings), which YAML does not read as line ends', {
        ...positionAt(source, loneCr),
        hint: 'save the file with LF (Unix) or CRLF (Windows) line endings: the editor\'s "Line endings" or "EOL" setting',
      }),
    );
    return { diagnostics };
  }
  // Too deep for the parser is found in the text; too deep for the recursive code after it, in the tree.
  let deep = tooDeepSource(source);
  // Too large is checked after too deep, whose line is the more precise.
  const large = deep ? undefined : tooLargeSource(source);
  if (large) {
    diagnostics.push(diagnostic('RELEASE_TOO_LARGE', 'error', file, large.message, { line: large.line, column: 1, hint: large.hint }));
    return { diagnostics };
  }
  let tree: Root | undefined;
  if (!deep) {
    tree = parseMarkdown(source);
    deep = tooDeep(tree);
  }
  if (deep || !tree) {
    diagnostics.push(
      diagnostic('RELEASE_TOO_DEEP', 'error', file, `nests quotes, lists or inline markup more than ${MAX_NESTING} levels deep`, {
        line: deep?.line ?? 1,
        column: deep?.column ?? 1,
        hint: 'a press release needs a few levels at most: remove the extra `>`, list markers or emphasis here',
      }),
    );
    return { diagnostics };
  }
  const first = tree.children[0];
  if (first?.type !== 'yaml' || !first.position) {
    diagnostics.push(frontMatterMissing(file, source));
    return { diagnostics };
  }
  const frontMatter: FrontMatter = {
    yaml: first.value,
    start: first.position.start.offset ?? 0,
    end: first.position.end.offset ?? 0,
    lineOffset: first.position.start.line,
  };
  // The usual front matter is read without the yaml library; anything else, and every place a
  // diagnostic points at, comes from the library (parsed once, when first needed).
  const fast = readFrontMatterFast(first.value);
  let full: PositionedDocument | undefined;
  const positioned = (): PositionedDocument => (full ??= parsePositioned(first.value));
  let data: unknown;
  const tooDeepYaml = fast ? undefined : yamlNestingTooDeep(first.value);
  if (fast) {
    data = fast.data;
  } else if (tooDeepYaml) {
    diagnostics.push(
      diagnostic('FRONT_MATTER_INVALID', 'error', file, `front matter ${YAML_DEPTH_MESSAGE}`, {
        line: tooDeepYaml.line + frontMatter.lineOffset,
        column: tooDeepYaml.column,
        hint: 'remove the extra levels; a front matter value is text, a list of texts or (image) a map of texts',
      }),
    );
    return { diagnostics };
  } else {
    diagnostics.push(
      ...yamlSyntaxDiagnostics(
        positioned(),
        (message, place) =>
          diagnostic('FRONT_MATTER_YAML', 'error', file, `front matter ${message}`, {
            ...place,
            hint: 'fix the YAML at that place; put values containing ": " or starting with a quote in quotes',
          }),
        frontMatter.lineOffset,
      ),
    );
    if (diagnostics.some((d) => d.code === 'FRONT_MATTER_YAML')) return { diagnostics };
    const read = documentData(positioned());
    if ('problem' in read) {
      diagnostics.push(
        diagnostic('FRONT_MATTER_YAML', 'error', file, `front matter ${read.problem}`, {
          ...(read.offset === undefined ? { line: frontMatter.lineOffset + 1 } : positionOfOffset(positioned(), read.offset, frontMatter.lineOffset)),
          hint: read.hint ?? 'write the values out instead of repeating them with & and * aliases',
        }),
      );
      return { diagnostics };
    }
    data = read.data;
    diagnostics.push(...textsYamlTakes(positioned(), file, { tag: 'FRONT_MATTER_INVALID', comment: 'FRONT_MATTER_TEXT_COMMENT' }, frontMatter.lineOffset));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(
      diagnostic('FRONT_MATTER_INVALID', 'error', file, 'front matter must be a set of `key: value` lines', {
        line: frontMatter.lineOffset + 1,
        hint: 'write at least `title: …` and `date: YYYY-MM-DD`',
      }),
    );
    return { diagnostics };
  }
  const merge = mergeKeyPath(data);
  if (merge) {
    diagnostics.push(
      diagnostic('FRONT_MATTER_INVALID', 'error', file, `\`${dottedPath(merge)}\` is a YAML merge key, which Presslate does not expand: YAML 1.2 reads it as a key named "<<", so the keys it was to merge in are missing`, {
        ...positionOf(positioned(), merge, frontMatter.lineOffset),
        hint: 'write the keys out where they belong instead of merging them in with `<<: *name`',
      }),
    );
    return { diagnostics };
  }
  const checked = frontMatterSchema.safeParse(data);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      diagnostics.push(
        diagnostic('FRONT_MATTER_INVALID', 'error', file, `\`${dottedPath(path)}\` ${issueMessage(issue, data, path)}`, {
          ...positionOf(positioned(), path, frontMatter.lineOffset),
          hint: hintFor(dottedPath(path)),
        }),
      );
    }
    return { diagnostics };
  }
  const meta = checked.data as Record<string, unknown> & z.infer<typeof frontMatterSchema>;
  for (const key of BUILD_KEYS) {
    if (key in meta) {
      diagnostics.push(
        diagnostic('FRONT_MATTER_RESERVED', 'warning', file, `\`${key}\` is written by the build into every language's page; this value is replaced there`, {
          ...positionOf(positioned(), [key], frontMatter.lineOffset),
          hint: `remove the \`${key}:\` line (${BUILD_KEY_MEANING[key]})`,
        }),
      );
    }
  }
  const dateOf = (text: string): ReleaseDate | undefined => hints.dates?.get(text) ?? parseReleaseDate(text, config.timeZone);
  const date = dateOf(meta.date);
  if (!date) {
    diagnostics.push(
      diagnostic('FRONT_MATTER_DATE', 'error', file, `\`date\` "${meta.date}" is not a valid ISO 8601 date`, {
        ...positionOf(positioned(), ['date'], frontMatter.lineOffset),
        hint: 'write the date as YYYY-MM-DD (e.g. 2018-03-16) or YYYY-MM-DDTHH:MM',
      }),
    );
  }
  let embargo: ReleaseDate | undefined;
  if (meta.embargo !== undefined) {
    embargo = dateOf(meta.embargo);
    if (!embargo) {
      diagnostics.push(
        diagnostic('FRONT_MATTER_DATE', 'error', file, `\`embargo\` "${meta.embargo}" is not a valid ISO 8601 date-time`, {
          ...positionOf(positioned(), ['embargo'], frontMatter.lineOffset),
          hint: 'write the embargo as YYYY-MM-DDTHH:MM (local time in the configured time zone) or with an offset',
        }),
      );
    }
  }
  const languages = meta.languages ?? config.targetLanguages;
  for (const [index, lng] of languages.entries()) {
    if (!config.targetLanguages.includes(lng)) {
      diagnostics.push(
        diagnostic('FRONT_MATTER_INVALID', 'error', file, `\`languages[${index}]\` "${lng}" is not a target language`, {
          ...positionOf(positioned(), ['languages', index], frontMatter.lineOffset),
          hint: `use some of: ${config.targetLanguages.join(', ')} (see presslate.config.yaml)`,
        }),
      );
    }
  }
  if (date && !idProblem && !id.startsWith(date.day)) {
    diagnostics.push(
      diagnostic('RELEASE_DATE_MISMATCH', 'warning', file, `file name says ${id.slice(0, 10)} but \`date\` is ${date.day}`, {
        ...positionOf(positioned(), ['date'], frontMatter.lineOffset),
        hint: 'rename the file or correct the date, so readers and feeds agree',
      }),
    );
  }
  if (diagnostics.some((d) => d.severity === 'error') || !date) return { diagnostics };
  const release: ParsedRelease = { id, file, text: source, frontMatter, meta, date, languages: [...new Set(languages)], tree };
  if (fast) release.fastFrontMatter = fast;
  else release.positioned = positioned();
  if (embargo) release.embargo = embargo;
  return { release, diagnostics };
}

/**
 * zod's message in the terms of the front matter: a missing `image.src` was "Invalid input:
 * expected string, received undefined", and `summary: 42` "expected string, received number".
 */
function issueMessage(issue: z.core.$ZodIssue, data: unknown, path: readonly (string | number)[]): string {
  if (issue.code !== 'invalid_type') return issue.message;
  let value = data;
  for (const part of path) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[part] : undefined;
  if (value === undefined) return 'is required';
  if (path.length === 1 && path[0] === 'date') return issue.message; // says how to write a date
  const got = value === null ? 'an empty value' : value instanceof Uint8Array ? 'binary data (!!binary)' : value instanceof Date ? 'a date-time object (!!timestamp)' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map of keys' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
  if (issue.expected === 'string') {
    const quote = typeof value === 'number' || typeof value === 'boolean' ? ` (YAML reads ${String(value)} as a ${typeof value}: put it in quotes)` : '';
    return `must be text, got ${got}${quote}`;
  }
  if (issue.expected === 'array') return `must be a list such as [a, b], got ${got}`;
  if (issue.expected === 'object') return `must be a map of keys (src, alt, …) on indented lines, got ${got}`;
  return issue.message;
}

function hintFor(path: string): string {
  if (path === 'title') return 'add a line `title: <the headline>` to the front matter';
  if (path === 'date') return 'add a line `date: YYYY-MM-DD` to the front matter';
  if (path.startsWith('image')) return 'image takes src (required), alt, caption, credit and title, each a line of text';
  return 'see "Source releases" in README.md for the front matter keys';
}

export type { PositionedDocument };
