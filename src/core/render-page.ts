import type { PhrasingContent, Root, RootContent } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { parseDocument, stringify } from 'yaml';
import { joinFrontMatter, splitFrontMatter } from './front-matter.js';

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
 * (so the page ends with the merged body byte for byte). The added lines are built as mdast and
 * serialized by mdast-util-to-markdown, which escapes whatever the texts contain.
 */
export function renderPage(merged: string, info: PageInfo): string {
  const { yaml, body } = splitFrontMatter(merged);
  const lead = leadBlock(info);
  const rest = lead === '' || body === '' || body.startsWith('\n') ? body : `\n${body}`;
  return joinFrontMatter(pageFrontMatter(yaml ?? '', info), lead + rest);
}

const PAGE_KEYS = /^(?:lang|outdated|alternates)[ \t]*:/m;

/**
 * The release's front matter plus the page's own keys. When the release does not use those keys
 * itself, they are appended as text, which keeps the front matter exactly as written (and skips a
 * YAML parse per page); otherwise the YAML document is edited.
 */
function pageFrontMatter(yaml: string, info: PageInfo): string {
  const added: Record<string, unknown> = { lang: info.lng };
  if (info.outdated) added.outdated = true;
  if (Object.keys(info.alternates).length > 0) added.alternates = info.alternates;
  if (!PAGE_KEYS.test(yaml) && !/^\s*(?:[[{]|---|\.\.\.)/.test(yaml)) {
    const appended = stringify(added, { lineWidth: 0 });
    return yaml.trim() === '' ? appended : `${yaml.replace(/\n*$/, '\n')}${appended}`;
  }
  const document = parseDocument(yaml);
  document.set('lang', info.lng);
  if (info.outdated) document.set('outdated', true);
  else document.delete('outdated');
  if (added.alternates) document.set('alternates', added.alternates);
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function leadBlock(info: PageInfo): string {
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
