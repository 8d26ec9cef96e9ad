import type { PhrasingContent, Root, RootContent } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { isNode, parseDocument, stringify, visit, type Document, type Node } from 'yaml';
import { joinFrontMatter, splitFrontMatter } from './front-matter.js';
import { outputSafe } from './output-text.js';

/** The release photo as the Markdown page shows it. */
export interface PagePhoto {
  /** Image URL as the page links it (`../images/x.jpg`, or an absolute URL). */
  src: string;
  alt?: string;
  caption?: string;
  /** The localized credit line, e.g. "Foto: Allianz für die Region GmbH". */
  creditLine?: string;
}

/** What a published page says about itself beyond the release's own front matter. */
export interface PageInfo {
  lng: string;
  /** Other published languages of the same release: language → path relative to this page. */
  alternates: Record<string, string>;
  /** Some segments still render a translation of older German. */
  outdated: boolean;
  /** The localized, visible date line ("16. März 2018"), shown first. */
  dateLine?: string;
  /** The photo with caption and credit line, shown after the date line. */
  photo?: PagePhoto;
}

/**
 * Turns merged Markdown into a page: the front matter gains `lang`, `outdated` (only when true)
 * and `alternates`; then come the date line and the photo block, then the body exactly as merged
 * (so the page ends with the merged body byte for byte, but for control characters). The added
 * lines are built as mdast and serialized by mdast-util-to-markdown, which escapes whatever the
 * texts contain.
 */
export function renderPage(merged: string, info: PageInfo): string {
  const { yaml, body } = splitFrontMatter(merged);
  const lead = leadBlock(info);
  const rest = lead === '' || body === '' || body.startsWith('\n') ? body : `\n${body}`;
  // Control characters are removed from the page as a whole, as from the HTML pages
  // (output-text.ts): they are no Markdown or YAML syntax, so removing them changes no structure.
  return outputSafe(joinFrontMatter(pageFrontMatter(yaml ?? '', info), lead + rest));
}

const PAGE_KEYS = /^(?:lang|outdated|alternates)[ \t]*:/m;
/** A line of the top-level map that starts with a plain key (`title: …`, `image:`). */
const PLAIN_KEY_LINE = /^[A-Za-z0-9_$][^:#\n]*:(?:[ \t]|$)/;
/** A block scalar that keeps its final line breaks (`|+`, `>2+`): text appended after it would drop them. */
const KEEP_CHOMPING = /[|>](?:[1-9]?\+|\+[1-9]?)[ \t]*(?:#.*)?$/m;

/**
 * Whether lines `key: value` appended to `yaml` continue its top-level map: it is a block map
 * whose keys start at the first column, every one a plain key other than the page's own, and
 * nothing ends the document or keeps trailing line breaks. A front matter that ended with `...`
 * (the YAML document end), was a flow map (`{title: …}`, also after a comment), was indented as
 * a whole, or wrote `"lang": fr` or `? lang` as its key, got a page front matter that was two
 * documents or invalid YAML (a duplicate key), which front matter readers refuse.
 */
function appendable(yaml: string): boolean {
  if (PAGE_KEYS.test(yaml) || KEEP_CHOMPING.test(yaml)) return false;
  let keys = 0;
  for (const line of yaml.split('\n')) {
    if (line === '' || line === '\r' || line[0] === ' ' || line[0] === '\t' || line[0] === '#') continue;
    if (!PLAIN_KEY_LINE.test(line)) return false;
    keys++;
  }
  return keys > 0;
}

/**
 * The release's front matter plus the page's own keys. When the release does not use those keys
 * itself and the text allows it ({@link appendable}), they are appended as text, which keeps the
 * front matter exactly as written (and skips a YAML parse per page); otherwise the YAML document
 * is edited.
 */
function pageFrontMatter(yaml: string, info: PageInfo): string {
  const added: Record<string, unknown> = { lang: info.lng };
  if (info.outdated) added.outdated = true;
  if (Object.keys(info.alternates).length > 0) added.alternates = info.alternates;
  if (yaml.trim() === '' || appendable(yaml)) {
    const appended = plainPageKeys(info) ?? stringify(added, { lineWidth: 0 });
    return yaml.trim() === '' ? appended : `${yaml.replace(/(?<!\n)\n*$/, '\n')}${appended}`;
  }
  const document = parseDocument(yaml, { uniqueKeys: false }); // checked by parseRelease
  setPageKey(document, 'lang', info.lng);
  if (info.outdated) setPageKey(document, 'outdated', true);
  else deletePageKey(document, 'outdated');
  // A page without other languages has none: the release's own `alternates` was kept on it.
  if (added.alternates) setPageKey(document, 'alternates', added.alternates);
  else deletePageKey(document, 'alternates');
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Removes a page key the release wrote, its value staying with the aliases of it ({@link detachAliases}). */
function deletePageKey(document: Document, key: string): void {
  const old = document.get(key, true);
  if (isNode(old)) detachAliases(document, old, true);
  document.delete(key);
}

/**
 * Gives every alias of a node inside `old` (`summary: *o` of `outdated: &o yes`) a copy of the
 * value it stands for, before `old` is removed or replaced: an alias left pointing at nothing
 * is what the yaml library cannot write (an internal error, exit 70). With `self` false, aliases
 * of `old` itself are left: its anchor moves to the new value ({@link setPageKey}).
 */
function detachAliases(document: Document, old: Node, self: boolean): void {
  const inside = new Set<unknown>();
  visit(old, (_key, node) => {
    if (isNode(node) && (node.anchor || node === old)) inside.add(node);
  });
  if (!self) inside.delete(old);
  if (inside.size === 0) return;
  visit(document, {
    Alias(_key, alias) {
      const target = alias.resolve(document);
      if (!target || !inside.has(target)) return undefined;
      const copy = target.clone() as Node;
      copy.anchor = undefined;
      return copy;
    },
  });
}

/**
 * Sets a page key the release also wrote (FRONT_MATTER_RESERVED) with a new node. `set` on a
 * scalar changed only its value and kept its tag: `lang: !!binary aGVsbG8=` became the text "en"
 * tagged binary, which the yaml library cannot write (an internal error, exit 70). The anchor
 * stays, so an alias of the old value (`x: *l`) still resolves.
 */
function setPageKey(document: Document, key: string, value: unknown): void {
  const node = document.createNode(value);
  const old = document.get(key, true);
  if (isNode(old)) detachAliases(document, old, false);
  if (isNode(old) && old.anchor) node.anchor = old.anchor;
  document.set(key, node);
}

/** A YAML plain scalar that reads back as the same string: language codes and relative paths. */
const PLAIN_YAML = /^(?:\.\.\/)?[A-Za-z][\w.\/-]*$/;
const NOT_A_STRING = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/**
 * The page keys as the yaml library writes them (`lang: en`, `alternates:` with two-space
 * indented entries), written directly when every key and value is a plain scalar that reads
 * back as itself; undefined otherwise (then the library writes them). Saves a YAML document per
 * page; test/render-page.test.ts holds the two to the same output.
 */
export function plainPageKeys(info: PageInfo): string | undefined {
  const words = [info.lng, ...Object.entries(info.alternates).flat()];
  if (!words.every((word) => PLAIN_YAML.test(word) && !NOT_A_STRING.test(word))) return undefined;
  let text = `lang: ${info.lng}\n`;
  if (info.outdated) text += 'outdated: true\n';
  const alternates = Object.entries(info.alternates);
  if (alternates.length > 0) text += `alternates:\n${alternates.map(([lng, path]) => `  ${lng}: ${path}\n`).join('')}`;
  return text;
}

/**
 * Text that mdast-util-to-markdown writes as it is, in the places the lead block puts it (inside
 * emphasis, image alt, after a hard break): letters, digits, spaces and punctuation that starts
 * no markup there. Found by comparing with the library over generated strings; the test suite
 * keeps comparing (test/render-page.test.ts).
 */
const VERBATIM = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} \u00a0\u202f.,;:'’‘"“”„«»–—/%€°§()?!-]*[\p{L}\p{M}\p{N}.)’”"«»%€°?!])?$/u;
/** A URL written as an image destination as it is (no spaces, brackets or parentheses). */
const VERBATIM_URL = /^[\w.~:/?#@$&+,;=%-]+$/;

/**
 * The lead block written directly when every text is {@link VERBATIM} (the usual case: a date,
 * a caption, a credit line), else undefined. The line that starts with the credit must start
 * with a letter: `1. …` or `1) …` there would read as a list.
 */
export function plainLeadBlock(info: PageInfo): string | undefined {
  const verbatim = (text: string | undefined): boolean => text === undefined || text === '' || VERBATIM.test(text);
  const { dateLine, photo } = info;
  if (!verbatim(dateLine)) return undefined;
  const blocks: string[] = [];
  if (dateLine) blocks.push(`*${dateLine}*`);
  if (photo) {
    const { src, alt, caption, creditLine } = photo;
    if (!VERBATIM_URL.test(src) || !verbatim(alt) || !verbatim(caption) || !verbatim(creditLine)) return undefined;
    if (creditLine && !/^\p{L}/u.test(creditLine)) return undefined;
    blocks.push(`![${alt ?? ''}](${src})`);
    const line = (caption ? `*${caption}*` : '') + (caption && creditLine ? '\\\n' : '') + (creditLine ?? '');
    if (line !== '') blocks.push(line);
  }
  return blocks.length === 0 ? '' : `\n${blocks.join('\n\n')}\n`;
}

function leadBlock(info: PageInfo): string {
  return plainLeadBlock(info) ?? markdownLeadBlock(info);
}

/** The lead block built as mdast and written by mdast-util-to-markdown, which escapes any text. */
export function markdownLeadBlock(info: PageInfo): string {
  const blocks: RootContent[] = [];
  if (info.dateLine) {
    // Emphasis keeps "16. März 2018" from reading as an ordered list item, without escaping.
    blocks.push({ type: 'paragraph', children: [{ type: 'emphasis', children: [{ type: 'text', value: info.dateLine }] }] });
  }
  if (info.photo) {
    const { src, alt, caption, creditLine } = info.photo;
    blocks.push({ type: 'paragraph', children: [{ type: 'image', url: src, alt: alt ?? '', title: null }] });
    const lines: PhrasingContent[] = [];
    if (caption) lines.push({ type: 'emphasis', children: [{ type: 'text', value: caption }] });
    if (caption && creditLine) lines.push({ type: 'break' });
    if (creditLine) lines.push({ type: 'text', value: creditLine });
    if (lines.length > 0) blocks.push({ type: 'paragraph', children: lines });
  }
  if (blocks.length === 0) return '';
  const tree: Root = { type: 'root', children: blocks };
  return `\n${toMarkdown(tree)}`;
}
