import type { Nodes, Parents, PhrasingContent, Root, RootContent } from 'mdast';
import type { Config } from './config.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import { hashText } from './hash.js';
import { toTaggedText, type ImageAtom, type InlineToken } from './inline-text.js';
import type { ParsedRelease } from './parse-release.js';
import { isMap, isScalar } from 'yaml';
import { scalarKey } from './front-matter-fast.js';
import { parsePositioned, positionOf, type PositionedDocument } from './yaml-position.js';

/**
 * Segment kinds; the kind is the first part of a segment key (`p-1f3a9c2e`). Front matter
 * segments are keyed by their dotted path instead (`meta.title`).
 */
export type SegmentKind = 'h' | 'p' | 'li' | 'q' | 'th' | 'td' | 'fn' | 'alt' | 'title' | 'meta';

/** Where one occurrence of a body segment sits in the source and how to rebuild it. */
export interface Occurrence {
  /** Offsets of the segment's inline content in the source file. */
  start: number;
  end: number;
  line: number;
  column: number;
  /** What continuation lines must start with (container markers such as `> ` or list indentation). */
  prefix: string;
  /** Escaping context for rebuilt text. */
  context: 'block' | 'heading' | 'cell';
  tokens: InlineToken[];
}

/** A translatable unit. */
export interface Segment {
  key: string;
  kind: SegmentKind;
  /** The German text, inline markup as numbered tags. */
  source: string;
  /** Line of the first occurrence (front matter: line of the key). */
  line: number;
  /** Body segments: every place the text occurs (identical paragraphs share one key). */
  occurrences: Occurrence[];
  /** Front matter segments: the dotted path of the value. */
  path?: (string | number)[];
  /**
   * Front matter segments whose value is a one-line plain or quoted scalar: where it is in the
   * front matter text and its style, so merge can write a translation over it without parsing
   * the YAML again (see spliceScalars in merge.ts).
   */
  scalar?: { start: number; end: number; style: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' };
}

interface Container {
  type: 'blockquote' | 'listItem' | 'footnoteDefinition';
  prefix: string;
}

const HAS_WORDS = /[\p{L}\p{N}]/u;
const PAIRED = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);
const ATOMS = new Set(['inlineCode', 'break', 'html', 'footnoteReference', 'inlineMath']);
const UNTRANSLATED_BLOCKS = new Set(['code', 'html', 'thematicBreak', 'definition', 'yaml', 'toml', 'math']);

/**
 * Splits a parsed release into segments: translatable front matter values first (in the order of
 * `config.translate`), then body blocks in document order. Inline markup becomes numbered tags;
 * code, HTML and URLs stay out of the text. A node type this function does not know is reported,
 * never dropped silently.
 */
export function segmentRelease(
  release: ParsedRelease,
  config: Config,
): { segments: Segment[]; imageBlocks: Occurrence[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const imageBlocks: Occurrence[] = [];
  const segments = new Map<string, Segment>();
  const source = release.text;
  let positioned: PositionedDocument | undefined;

  for (const path of config.translate) {
    collectMeta(path.split('.'), release.meta, []);
  }
  walkBlocks(release.tree, []);
  return { segments: [...segments.values()], imageBlocks, diagnostics };

  function collectMeta(remaining: string[], value: unknown, path: (string | number)[]): void {
    if (remaining.length === 0) {
      if (typeof value === 'string' && HAS_WORDS.test(value)) addMeta(path, value);
      else if (Array.isArray(value)) value.forEach((item, index) => collectMeta([], item, [...path, index]));
      else if (value && typeof value === 'object' && !(value instanceof Date)) untranslatedMap(path, value as Record<string, unknown>);
      return;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const [head, ...rest] = remaining as [string, ...string[]];
      // Own keys only: `constructor` of a front matter without one is Object, not a value.
      if (Object.hasOwn(value, head)) collectMeta(rest, (value as Record<string, unknown>)[head], [...path, head]);
    }
  }

  /**
   * A key `translate` lists holds a map here (`subtitle: {de: …}`): its texts would go to every
   * language untranslated without a word. Translating it means listing its keys.
   */
  function untranslatedMap(path: (string | number)[], value: Record<string, unknown>): void {
    const dotted = path.join('.');
    const keys = Object.keys(value).filter((key) => typeof value[key] === 'string');
    diagnostics.push(
      diagnostic('FRONT_MATTER_UNTRANSLATED', 'warning', release.file, `\`${dotted}\` is listed in \`translate\` (presslate.config.yaml) but holds keys of its own here, so it is copied to every language untranslated`, {
        line: keyLine(path),
        hint: keys.length > 0 ? `list the keys to translate in \`translate\`, e.g. \`${dotted}.${keys[0]}\`` : `list the keys of \`${dotted}\` to translate in \`translate\` (\`${dotted}.<key>\`)`,
      }),
    );
  }

  function addMeta(path: (string | number)[], value: string): void {
    const key = `meta.${path.join('.')}`;
    const text = value.replace(/\s+/g, ' ').trim();
    const segment: Segment = { key, kind: 'meta', source: text, line: metaLine(path), occurrences: [], path };
    const scalar = scalarAt(path);
    if (scalar) segment.scalar = scalar;
    segments.set(key, segment);
  }

  function scalarAt(path: (string | number)[]): Segment['scalar'] {
    if (release.fastFrontMatter) {
      const read = release.fastFrontMatter.scalars.get(scalarKey(path));
      return read ? { start: read.start, end: read.end, style: read.style } : undefined;
    }
    const node = positioned?.document.getIn(path, true);
    if (!isScalar(node) || !node.range || node.anchor || node.tag || typeof node.value !== 'string') return undefined;
    const [start, end] = node.range;
    if (release.frontMatter.yaml.slice(start, end).includes('\n')) return undefined;
    return node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? { start, end, style: node.type } : undefined;
  }

  /** The line of the key a front matter value is under (`subtitle:`, not the first line of its map). */
  function keyLine(path: (string | number)[]): number {
    positioned ??= release.positioned ?? parsePositioned(release.frontMatter.yaml);
    const parent = path.length > 1 ? positioned.document.getIn(path.slice(0, -1), true) : positioned.document.contents;
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1)) : undefined;
    const start = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    return start === undefined ? metaLine(path) : positioned.lineCounter.linePos(start).line + release.frontMatter.lineOffset;
  }

  function metaLine(path: (string | number)[]): number {
    const read = release.fastFrontMatter?.scalars.get(scalarKey(path));
    if (read) return read.line + release.frontMatter.lineOffset;
    // Parsed once, lazily: the line of a nested value (`image.alt`) is not the line of its parent key.
    positioned ??= release.positioned ?? parsePositioned(release.frontMatter.yaml);
    return positionOf(positioned, path, release.frontMatter.lineOffset).line;
  }

  function walkBlocks(parent: Root | Parents, containers: Container[]): void {
    for (const node of parent.children as RootContent[]) {
      switch (node.type) {
        case 'paragraph':
          addBlock(node, kindForParagraph(containers), containers, 'block');
          break;
        case 'heading':
          addBlock(node, 'h', containers, 'heading');
          break;
        case 'blockquote':
          walkBlocks(node, [...containers, { type: 'blockquote', prefix: '> ' }]);
          break;
        case 'list':
          walkBlocks(node, containers);
          break;
        case 'listItem': {
          const first = node.children[0];
          const width = first?.position && node.position ? Math.max(first.position.start.column - node.position.start.column, 2) : 2;
          walkBlocks(node, [...containers, { type: 'listItem', prefix: ' '.repeat(width) }]);
          break;
        }
        case 'footnoteDefinition':
          walkBlocks(node, [...containers, { type: 'footnoteDefinition', prefix: '    ' }]);
          break;
        case 'table': {
          // GFM ignores the cells of a row beyond the header's (a `|` in a cell's code span makes
          // one): no page shows them, so they are no text to translate.
          const columns = node.align?.length ?? Infinity;
          node.children.forEach((row, rowIndex) => {
            for (const cell of row.children.slice(0, columns)) addBlock(cell, rowIndex === 0 ? 'th' : 'td', containers, 'cell');
          });
          break;
        }
        default:
          if (!UNTRANSLATED_BLOCKS.has(node.type)) unknownNode(node);
      }
    }
  }

  function kindForParagraph(containers: Container[]): SegmentKind {
    const innermost = containers.at(-1)?.type;
    if (innermost === 'listItem') return 'li';
    if (innermost === 'blockquote') return 'q';
    if (innermost === 'footnoteDefinition') return 'fn';
    return 'p';
  }

  function addBlock(
    node: Extract<Nodes, { children: PhrasingContent[] }>,
    kind: SegmentKind,
    containers: Container[],
    context: Occurrence['context'],
  ): void {
    const first = node.children[0];
    const last = node.children.at(-1);
    if (!first || !last) return;
    // Merge and the HTML pages place text by source offsets: a node without them (made by a parser
    // pass, see parseMarkdown) would leave the block untranslated or write it wrongly.
    const unplaced = unpositioned(node);
    if (unplaced) {
      unknownNode(unplaced, node);
      return;
    }
    if (!first.position || !last.position) return;
    const strip = continuationPattern(containers);
    const tokens: InlineToken[] = [];
    const images: ImageAtom[] = [];
    let counter = 0;
    const raw = (n: Nodes, from?: number, to?: number): string =>
      source.slice(from ?? n.position?.start.offset ?? 0, to ?? n.position?.end.offset ?? 0).replace(strip, '\n');

    const walkInline = (children: PhrasingContent[]): void => {
      for (const child of children) {
        if (child.type === 'text') {
          tokens.push({ type: 'text', value: foldSoftBreaks(child.value), raw: raw(child) });
        } else if (PAIRED.has(child.type) && !(child.type === 'link' && source[child.position?.start.offset ?? 0] !== '[')) {
          const parent = child as Extract<PhrasingContent, { children: PhrasingContent[] }>;
          const id = ++counter;
          const start = child.position?.start.offset ?? 0;
          const end = child.position?.end.offset ?? 0;
          const inner = parent.children;
          const innerStart = inner[0]?.position?.start.offset ?? start + 1;
          const innerEnd = inner.at(-1)?.position?.end.offset ?? start + 1;
          tokens.push({ type: 'open', id, node: child.type, raw: raw(child, start, innerStart) });
          walkInline(inner);
          const close: InlineToken = { type: 'close', id, node: child.type, raw: raw(child, innerEnd, end) };
          if (child.type === 'linkReference' && child.referenceType !== 'full') close.rawWhenChanged = `][${raw(child, innerStart, innerEnd)}]`;
          tokens.push(close);
        } else if (child.type === 'image' || child.type === 'imageReference') {
          const atomRaw = raw(child);
          const image = imageAtom(child, atomRaw);
          images.push(image);
          tokens.push({
            type: 'atom', id: ++counter, node: child.type, raw: atomRaw, image,
            start: child.position?.start.offset ?? 0, end: child.position?.end.offset ?? 0,
          });
        } else if (ATOMS.has(child.type) || child.type === 'link') {
          tokens.push({ type: 'atom', id: ++counter, node: child.type, raw: raw(child) });
        } else {
          unknownNode(child);
          tokens.push({ type: 'atom', id: ++counter, node: child.type, raw: raw(child) });
        }
      }
    };
    walkInline(node.children);

    const start = first.position.start.offset ?? 0;
    const occurrence: Occurrence = {
      start,
      end: last.position.end.offset ?? 0,
      line: first.position.start.line,
      column: first.position.start.column,
      prefix: containers.map((c) => c.prefix).join(''),
      context,
      tokens,
    };
    const tagged = toTaggedText(tokens);
    if (HAS_WORDS.test(tagged.replace(/<\/?\d+\/?>/g, ''))) {
      addOccurrence(kind, tagged, occurrence);
    } else if (images.length > 0) {
      imageBlocks.push(occurrence);
    }
    for (const image of images) {
      if (HAS_WORDS.test(image.alt)) image.altKey = addOccurrence('alt', image.alt.replace(/\s+/g, ' ').trim(), undefined, occurrence.line);
      if (image.inline && image.title && HAS_WORDS.test(image.title)) {
        image.titleKey = addOccurrence('title', image.title.replace(/\s+/g, ' ').trim(), undefined, occurrence.line);
      }
    }
  }

  function addOccurrence(kind: SegmentKind, text: string, occurrence: Occurrence | undefined, line?: number): string {
    let key = segmentKey(kind, text);
    const existing = segments.get(key);
    if (existing && existing.source !== text) key = segmentKey(kind, text, 16);
    const segment = segments.get(key);
    if (segment) {
      if (occurrence) segment.occurrences.push(occurrence);
    } else {
      segments.set(key, {
        key,
        kind,
        source: text,
        line: occurrence?.line ?? line ?? 1,
        occurrences: occurrence ? [occurrence] : [],
      });
    }
    return key;
  }

  function unknownNode(node: Nodes, block?: Nodes): void {
    const place = node.position ?? block?.position;
    diagnostics.push(
      diagnostic('UNSUPPORTED_NODE', 'error', release.file, `contains a Markdown construct Presslate cannot translate (${node.type})`, {
        line: place?.start.line ?? 1,
        column: place?.start.column ?? 1,
        hint: 'rewrite it with standard Markdown (paragraphs, lists, tables, links) or report it as a bug',
      }),
    );
  }
}

/** The first inline node under `block` that has no source position, if any. */
function unpositioned(block: Extract<Nodes, { children: PhrasingContent[] }>): Nodes | undefined {
  const stack: Nodes[] = [...block.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!node.position) return node;
    if ('children' in node) stack.push(...(node.children as Nodes[]));
  }
  return undefined;
}

/** Key of a segment: kind + 8 hex digits of the hash of its normalized text. */
export function segmentKey(kind: SegmentKind, text: string, length = 8): string {
  return `${kind}-${hashText(normalizeForKey(text), length)}`;
}

/**
 * A body segment's key as `segmentKey` makes it: kind and 8 hex digits, or 16 for a text whose 8
 * are already another text's in the same release (see addOccurrence). Front matter keys
 * (`meta.title`) are paths and say nothing about the text.
 */
const TEXT_KEY = /^(h|p|li|q|th|td|fn|alt|title)-([0-9a-f]{8}|[0-9a-f]{16})$/;

/**
 * Whether `text` can never have been the German of the segment keyed `key`: the key is made from
 * a hash of its text, and `text` has another one. A locale entry whose German this rules out had it
 * edited in the locale file (the release's German under the same key has, by construction, the
 * key's hash). False for keys not made from the text (front matter's `meta.…`) and for a text that
 * differs from the key's only in what `normalizeForKey` erases (white space, Unicode form).
 */
export function keyRulesOutText(key: string, text: string): boolean {
  const match = TEXT_KEY.exec(key);
  if (!match) return false;
  return segmentKey(match[1] as SegmentKind, text, match[2]!.length) !== key;
}

/** Normalization for keys: Unicode NFC, whitespace folded, so re-wrapping a paragraph changes nothing. */
export function normalizeForKey(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function foldSoftBreaks(value: string): string {
  // The look-behind starts a match where a run of blanks starts (or at a line break right after
  // the blanks the match before took): from every blank of a long run without a line break the
  // pattern ran to the run's end, quadratic (a paragraph with 99,000 spaces took `extract` 3 s).
  return value.replace(/(?<![ \t])[ \t]*\r?\n[ \t]*|\r?\n[ \t]*/g, ' ');
}

/**
 * Pattern that removes the container markers (`> `, list indentation) at the start of continuation
 * lines, so that raw pieces can be written back under the structural prefix. Lazy continuation
 * lines lack some markers; every part is optional.
 */
function continuationPattern(containers: Container[]): RegExp {
  let pattern = '';
  for (const container of containers) {
    if (container.type === 'blockquote') pattern += '(?:[ \\t]{0,3}>[ \\t]?)?';
    else pattern += `(?: {0,${container.prefix.length}})`;
  }
  return new RegExp(`\\r?\\n${pattern}`, 'g');
}

function imageAtom(node: Extract<PhrasingContent, { type: 'image' | 'imageReference' }>, raw: string): ImageAtom {
  const altEnd = closingBracket(raw, 1);
  const tail = altEnd >= 0 ? raw.slice(altEnd + 1) : '';
  const isReference = node.type === 'imageReference';
  const label = isReference ? (node.label ?? node.identifier) : '';
  const image: ImageAtom = {
    alt: node.alt ?? '',
    url: node.type === 'image' ? node.url : '',
    tail,
    tailWhenChanged: isReference && node.referenceType !== 'full' ? `[${label}]` : tail,
    inline: node.type === 'image' && altEnd >= 0,
  };
  if (node.type === 'image' && node.title) image.title = node.title;
  return image;
}

/** Index of the `]` closing the bracket opened at `open`, honouring escapes and nesting; -1 if none. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) return index;
  }
  return -1;
}
