import { lineOfOffset, lineStarts } from './line-index.js';
import type { Nodes, Parents, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** The one Markdown dialect Presslate reads: CommonMark + GFM, with YAML front matter. */
const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Parses Markdown (with optional YAML front matter) into mdast with positions. */
export function parseMarkdown(text: string): Root {
  const tree = processor.parse(text);
  restorePositions(tree, text);
  return tree;
}

/**
 * Gives positions to the nodes remark-gfm's autolink-literal pass makes. That pass links the
 * URLs and e-mail addresses micromark's tokenizer did not (`ssh://git@example.org`, an address
 * after a `/` or written with an escape) by splitting a text node into new text and link nodes,
 * which carry no position; the segmenter and merge place everything by source offsets, so such a
 * paragraph was left out of the locale files and published in German in every language. The new
 * nodes cover exactly the source of the text node they replace (between its neighbours); each is
 * found there by reading the source as Markdown writes the text: a character as itself, escaped
 * (`\_`) or as a character reference, with line prefixes (`> `, indentation) in between.
 */
function restorePositions(tree: Root, source: string): void {
  let lines: number[] | undefined;
  const point = (offset: number): { line: number; column: number; offset: number } => {
    lines ??= lineStarts(source);
    const line = lineOfOffset(lines, offset);
    return { line, column: offset - lines[line - 1]! + 1, offset };
  };
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    if (!('children' in parent)) continue;
    const children = (parent as Parents).children as Nodes[];
    for (let index = 0; index < children.length; index++) {
      if (children[index]!.position) continue;
      let end = index;
      while (end < children.length && !children[end]!.position) end++;
      const from = index > 0 ? children[index - 1]!.position?.end.offset : parent.position?.start.offset;
      const to = end < children.length ? children[end]!.position?.start.offset : parent.position?.end.offset;
      if (from !== undefined && to !== undefined) placeRun(children.slice(index, end), source, from, to, point);
      index = end;
    }
    // Children after their parent: a link placed here gives the bounds of the text inside it.
    for (const child of children) stack.push(child);
  }
}

const ESCAPABLE = /^[!-/:-@[-`{-~]$/;
const REFERENCE = /^&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|[A-Za-z][A-Za-z\d]{1,31});/;

/** Places consecutive position-less nodes (text, or a link around text) in `source[from, to)`. */
function placeRun(
  run: Nodes[],
  source: string,
  from: number,
  to: number,
  point: (offset: number) => { line: number; column: number; offset: number },
): void {
  let at = from;
  const places: [Nodes, number, number][] = [];
  for (const node of run) {
    const value = textOf(node);
    const found = find(value, source, at, to);
    if (found === undefined) return;
    places.push([node, found.start, found.end]);
    at = found.end;
  }
  for (const [node, start, end] of places) node.position = { start: point(start), end: point(end) };
}

function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(textOf).join('');
  return '';
}

/**
 * Where `value` is written in `source` from `at` on (before `to`): the offset of its first
 * character and just past its last. Source characters that stand for no character of the value
 * (line prefixes, the blanks Markdown strips around line endings) are skipped.
 */
function find(value: string, source: string, at: number, to: number): { start: number; end: number } | undefined {
  let position = at;
  let start: number | undefined;
  for (let index = 0; index < value.length; ) {
    const char = String.fromCodePoint(value.codePointAt(index)!);
    let width = 0;
    while (position < to) {
      width = matchChar(char, source, position);
      if (width > 0) break;
      position++;
    }
    if (width === 0) return undefined;
    start ??= position;
    position += width;
    index += char.length;
  }
  return { start: start ?? position, end: position };
}

/** How many source characters at `position` write `char`: 0 when they do not. */
function matchChar(char: string, source: string, position: number): number {
  if (source.startsWith(char, position)) return char.length;
  if (source[position] === '\\' && ESCAPABLE.test(char) && source[position + 1] === char) return 2;
  if (source[position] === '&') {
    const reference = REFERENCE.exec(source.slice(position, position + 40));
    if (reference) {
      const code = reference[1] ? Number(reference[1]) : reference[2] ? Number.parseInt(reference[2], 16) : undefined;
      // A named reference (`&ouml;`) is taken for the character it stands at; a numeric one is decoded.
      if (code === undefined || (code > 0 && code <= 0x10ffff && String.fromCodePoint(code) === char) || char === '\uFFFD') {
        return reference[0].length;
      }
    }
  }
  return 0;
}

