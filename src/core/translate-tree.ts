import type { Nodes, Paragraph, Parents, PhrasingContent, Root, Text } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import type { ReleaseAnalysis } from './analyze-release.js';
import { tokenizeTagged, validateTags } from './inline-text.js';
import type { TranslationLookup } from './merge.js';
import type { Occurrence } from './segment.js';

const PAIRED = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);

/**
 * remark-gfm's own pass that turns URLs and e-mail addresses in text into links (GFM autolink
 * literals). Parsing runs it over the whole tree; here it runs over each rebuilt segment, whose
 * text nodes hold exactly what the translator typed — as merge+parse finds them in the unescaped
 * text (see markdown-escape.ts). It skips links and link references, so the German's links and
 * bare URLs (kept as they are) are not linked twice.
 */
const [linkLiterals] = gfmAutolinkLiteralFromMarkdown().transforms as [(tree: Root) => void];

/**
 * The tree-level twin of {@link mergeRelease}: given the German mdast of a release, returns the
 * mdast of its translation by putting each segment's translated text and the German's own inline
 * nodes (links, emphasis, code, images) back into the blocks — no Markdown is written or parsed
 * again. HTML pages and feeds are rendered from this tree, which saves a Markdown parse per
 * language; it is equivalent to parsing the merged Markdown (a test holds the two to the same HTML).
 * The German tree is not modified.
 */
export function translateTree(german: Root, analysis: ReleaseAnalysis, lookup: TranslationLookup): Root {
  const source = analysis.text;
  const blocks = new Map<number, Parents>();
  indexBlocks(german, blocks);
  const bySegmentKey = new Map(analysis.segments.map((segment) => [segment.key, segment]));
  const text = (key: string | undefined): string | undefined => {
    const segment = key === undefined ? undefined : bySegmentKey.get(key);
    return segment ? lookup(segment) : undefined;
  };
  const replacements = new Map<Parents, PhrasingContent[]>();

  for (const segment of analysis.segments) {
    if (segment.kind === 'meta' || segment.kind === 'alt' || segment.kind === 'title') continue;
    const translation = lookup(segment);
    // Unchanged text keeps the German nodes as they are (soft line breaks included), as merge does.
    const usable = translation !== undefined && translation !== segment.source && validateTags(segment.source, translation).length === 0;
    for (const occurrence of segment.occurrences) {
      const block = blocks.get(occurrence.start);
      if (!block) continue;
      const nodes = numberedNodes(block.children as PhrasingContent[], source);
      replacements.set(block, usable ? rebuild(translation, nodes, occurrence, text) : withImages(block.children as PhrasingContent[], nodes, occurrence, text));
    }
  }
  for (const occurrence of analysis.imageBlocks) {
    const block = blocks.get(occurrence.start);
    if (!block) continue;
    const nodes = numberedNodes(block.children as PhrasingContent[], source);
    replacements.set(block, withImages(block.children as PhrasingContent[], nodes, occurrence, text));
  }
  return copyWith(german, replacements) as Root;
}

/** Blocks whose inline content is a segment, by the offset of their first child. */
function indexBlocks(node: Nodes, blocks: Map<number, Parents>): void {
  if (!('children' in node)) return;
  const first = node.children[0];
  if ((node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') && first?.position?.start.offset !== undefined) {
    blocks.set(first.position.start.offset, node);
  }
  for (const child of node.children as Nodes[]) indexBlocks(child, blocks);
}

/** The German inline nodes by tag number, numbered exactly as the segmenter numbers them. */
function numberedNodes(children: PhrasingContent[], source: string): Map<number, PhrasingContent> {
  const result = new Map<number, PhrasingContent>();
  let counter = 0;
  const walk = (nodes: PhrasingContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') continue;
      const id = ++counter;
      result.set(id, node);
      const paired = PAIRED.has(node.type) && !(node.type === 'link' && source[node.position?.start.offset ?? 0] !== '[');
      if (paired) walk((node as Extract<PhrasingContent, { children: PhrasingContent[] }>).children);
    }
  };
  walk(children);
  return result;
}

function rebuild(
  translation: string,
  nodes: Map<number, PhrasingContent>,
  occurrence: Occurrence,
  text: (key: string | undefined) => string | undefined,
): PhrasingContent[] {
  const root: PhrasingContent[] = [];
  const stack: PhrasingContent[][] = [root];
  for (const token of tokenizeTagged(translation)) {
    const current = stack.at(-1)!;
    if (token.type === 'text') {
      pushText(current, token.value);
    } else if (token.type === 'open') {
      const node = nodes.get(token.id);
      if (!node) continue;
      const copy = { ...node, children: [] } as unknown as Extract<PhrasingContent, { children: PhrasingContent[] }>;
      current.push(copy);
      stack.push(copy.children);
    } else if (token.type === 'close') {
      if (stack.length > 1) {
        const children = stack.pop()!;
        const parent = stack.at(-1)!;
        // The node just closed is the parent's last child, a copy made here (see DELIMITED).
        const node = parent.at(-1)!;
        if (DELIMITED.has(node.type) && children.every((child) => child.type === 'text' && child.value.trim() === '')) {
          parent.pop();
          for (const child of children) pushText(parent, (child as Text).value);
        } else if (DELIMITED.has(node.type)) {
          moveSpacesOut(parent, children);
        }
      }
    } else {
      const node = nodes.get(token.id);
      if (node) current.push(translatedAtom(node, token.id, occurrence, text));
    }
  }
  // Markdown drops the blanks at the end of a paragraph, heading or cell (merge writes them).
  const last = root.at(-1);
  if (last?.type === 'text') {
    const value = last.value.replace(/(?<![ \t\r\n])[ \t\r\n]+$/, ''); // linear: tried where a run starts
    if (value === '') root.pop();
    else if (value !== last.value) root[root.length - 1] = { type: 'text', value };
  }
  // The transform finds only text with `http://`, `https://`, `www.` or `@` in it; most segments
  // have none, and walking them cost a tenth of a cold build.
  if (!MAY_LINK.test(translation)) return root;
  // Only nodes made here are changed: the transform replaces text nodes in their parents' child
  // lists, and every list holding typed text is new (German nodes are shared, never edited).
  const wrapper: Paragraph = { type: 'paragraph', children: splitMailPrefixes(root) };
  linkLiterals({ type: 'root', children: [wrapper] });
  return wrapper.children;
}

/**
 * Emphasis, strong emphasis or strikethrough that a translation left empty (`<1></1>`) or with only
 * white space in it is taken out, its white space kept, as merge writes it (no delimiters around
 * nothing).
 */
const DELIMITED = new Set(['emphasis', 'strong', 'delete']);

/**
 * White space just inside emphasis (`<1> word </1>`) moves out of it, as merge writes it
 * (moveSpacesOutOfEmphasis: `* word *` is no emphasis). `children` are those of `parent`'s last
 * node, which was just closed. Lists are rebuild's own; text nodes in them are replaced, never
 * edited (a German node must stay as it is: every language shares it).
 */
function moveSpacesOut(parent: PhrasingContent[], children: PhrasingContent[]): void {
  const node = parent.pop()!;
  const first = children[0];
  if (first?.type === 'text') {
    const spaces = /^\s+/.exec(first.value)?.[0];
    if (spaces) {
      if (first.value.length === spaces.length) children.shift();
      else children[0] = { type: 'text', value: first.value.slice(spaces.length) };
      pushText(parent, spaces);
    }
  }
  parent.push(node);
  const last = children.at(-1);
  if (last?.type === 'text') {
    const spaces = /(?<!\s)\s+$/.exec(last.value)?.[0]; // linear: tried where a run starts
    if (spaces) {
      if (last.value.length === spaces.length) children.pop();
      else children[children.length - 1] = { type: 'text', value: last.value.slice(0, -spaces.length) };
      pushText(parent, spaces);
    }
  }
}

/** Adds text to one of rebuild's lists: to its last text node if it ends with one, as parsing has it. */
function pushText(list: PhrasingContent[], value: string): void {
  if (value === '') return;
  const last = list.at(-1);
  if (last?.type === 'text') list[list.length - 1] = { type: 'text', value: last.value + value } satisfies Text;
  else list.push({ type: 'text', value } satisfies Text);
}

/** What any autolink literal contains (the transform's patterns: `https?://`, `www.`, `…@…`), in any case. */
const MAY_LINK = /https?:\/\/|www\.|@/i;

const MAIL_PREFIX = /(?<=(?:^|[^\w+\-.@])(?:mailto|xmpp):)(?=[\w+\-.]+@)/g;

/**
 * Parsing links an e-mail address in micromark's tokenizer, which does not know `mailto:` and
 * `xmpp:` prefixes yet (its own "To do"): `mailto:a@b.org` in a German release or in merged
 * Markdown reads as `mailto:` and a link on `a@b.org`. The transform alone would link the whole
 * `mailto:a@b.org`; ending the text node after the prefix makes it link the address alone, as
 * parsing does (the test that holds both paths to the same HTML notices when micromark changes).
 */
function splitMailPrefixes(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes.flatMap((node): PhrasingContent | PhrasingContent[] => {
    if (node.type === 'text') {
      if (!node.value.includes(':')) return node;
      return node.value.split(MAIL_PREFIX).map((value) => ({ type: 'text', value }));
    }
    if ('children' in node && node.type !== 'link' && node.type !== 'linkReference') {
      return { ...node, children: splitMailPrefixes(node.children as PhrasingContent[]) } as PhrasingContent;
    }
    return node;
  });
}

/** The German inline content with only image alt texts and titles translated. */
function withImages(
  children: PhrasingContent[],
  nodes: Map<number, PhrasingContent>,
  occurrence: Occurrence,
  text: (key: string | undefined) => string | undefined,
): PhrasingContent[] {
  const ids = new Map<PhrasingContent, number>();
  for (const [id, node] of nodes) ids.set(node, id);
  const map = (list: PhrasingContent[]): PhrasingContent[] =>
    list.map((node) => {
      const id = ids.get(node);
      if (id !== undefined && (node.type === 'image' || node.type === 'imageReference')) return translatedAtom(node, id, occurrence, text);
      if ('children' in node) return { ...node, children: map(node.children as PhrasingContent[]) } as PhrasingContent;
      return node;
    });
  return map(children);
}

function translatedAtom(
  node: PhrasingContent,
  id: number,
  occurrence: Occurrence,
  text: (key: string | undefined) => string | undefined,
): PhrasingContent {
  if (node.type !== 'image' && node.type !== 'imageReference') return node;
  const token = occurrence.tokens.find((t) => t.type === 'atom' && t.id === id);
  const image = token?.type === 'atom' ? token.image : undefined;
  if (!image) return node;
  const alt = text(image.altKey);
  const title = image.inline ? text(image.titleKey) : undefined;
  const copy = { ...node };
  if (alt !== undefined) copy.alt = alt;
  if (title !== undefined && copy.type === 'image') copy.title = title;
  return copy;
}

/** A shallow-copying walk that swaps in the replaced inline content. */
function copyWith(node: Nodes, replacements: Map<Parents, PhrasingContent[]>): Nodes {
  if (!('children' in node)) return node;
  const replaced = replacements.get(node as Parents);
  if (replaced) return { ...node, children: replaced } as Nodes;
  return { ...node, children: (node.children as Nodes[]).map((child) => copyWith(child, replacements)) } as Nodes;
}
