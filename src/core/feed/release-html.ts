import type { Element, ElementContent, Properties, Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { sanitize } from 'hast-util-sanitize';
import { toHast as mdastToHast } from 'mdast-util-to-hast';
import type rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { hashText } from '../hash.js';
import { serializeHtml } from './html-serialize.js';
import { isProjectReference, type SiteUrls } from './site-urls.js';

/**
 * rehype-raw, which parses raw HTML in Markdown with parse5: with the HTML entity tables some
 * 330 KB of code, three quarters of the rendering code, which releases without raw HTML (nearly
 * all press releases) never use, and which cost a process that renders about 0.04 s to load (a
 * build after one edit: 0.93 s against 0.97 s here, medians of six, interleaved). So it is not imported here: the shell
 * loads it (`await import('rehype-raw')`) when a release it renders has raw HTML
 * ({@link hasRawHtml} on the German tree: a translation brings no HTML node the German has not,
 * translate-tree.ts) and hands it over through `rawHtml`.
 */
export type RawHtmlPlugin = typeof rehypeRaw;

/** Localized texts the HTML of a release contains (footnote section). */
export interface ReleaseHtmlLabels {
  /** Heading of the footnote section ("Fußnoten"). */
  footnotes: string;
  /** Accessible label of a footnote's back link ("Zurück zum Verweis 1"). */
  footnoteBack(reference: number): string;
}

/**
 * A release body as safe HTML: plain strings, so it can be cached by {@link renderKey} and
 * handed between threads cheaply (the sanitized tree is serialized once, where it is made).
 */
export interface ReleaseHtml {
  /** The sanitized body with absolute URLs, as the release's HTML page embeds it. */
  html: string;
  /**
   * The same for feeds: without the aria-* attributes the W3C feed validator flags as unsafe
   * ("should not contain aria-describedby attribute"), which pages keep; and with table cells
   * aligned by `align`, where pages use `style` (see {@link forPage}). The same string as `html`
   * when the body has neither (most releases: footnotes bring aria-*, aligned tables `align`).
   */
  feed: string;
  /** The first paragraph's text, for a description when the release has no summary. */
  excerpt: string;
  /** Project paths of files the body uses from the site (`images/x.jpg`), in document order. */
  localFiles: string[];
}

/** A store of rendered bodies, e.g. the build cache; keys come from {@link renderKey}. */
export interface ReleaseHtmlCache {
  get(key: string): ReleaseHtml | undefined;
  set(key: string, value: ReleaseHtml): void;
}

/** Bump when the rendering changes, so cached bodies from an older Presslate are not reused. */
const RENDER_VERSION = 2;

/** The cache key of a body: everything the rendering depends on. */
export function renderKey(markdown: string, pageUrl: string, labels: ReleaseHtmlLabels): string {
  return hashText([RENDER_VERSION, pageUrl, labels.footnotes, labels.footnoteBack(1), markdown].join('\u0000'));
}

/**
 * GitHub's schema (rehype-sanitize's default) plus `figure`/`figcaption` for the photo block.
 * Both are on the W3C feed validator's list of safe elements.
 */
export const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption'],
};

const URL_PROPERTIES = ['href', 'src', 'cite'] as const;
const ARIA_PROPERTIES = new Set(['ariaDescribedBy', 'ariaHidden', 'ariaLabel', 'ariaLabelledBy']);
const EXCERPT_LENGTH = 300;

/**
 * Creates the renderer for one language: the Markdown's mdast → HTML (mdast-util-to-hast as
 * remark-rehype runs it, rehype-raw for raw HTML, hast-util-sanitize as rehype-sanitize runs it,
 * then URLs made absolute, serialized as hast-util-to-html does). The processors are built once here; each call is a pure function of (Markdown, page URL), so its result can be
 * cached by the Markdown's hash.
 *
 * Raw HTML in a release or a translation is parsed (rehype-raw) and then sanitized with GitHub's
 * schema: `<b>` stays, `<script>`, event handlers and `javascript:` URLs go. Releases without raw
 * HTML skip the reparse, which is the slow step.
 */
export function createReleaseRenderer(
  labels: ReleaseHtmlLabels,
  urls: SiteUrls,
  rawHtml: () => RawHtmlPlugin | undefined = () => undefined,
): (markdown: string, pageUrl: string, treeOf: () => MdastRoot) => ReleaseHtml {
  // Footnote ids come out unprefixed (`fn-1`) and get `user-content-` from the sanitizer, which
  // guards against DOM clobbering; the fragment links are pointed at the prefixed ids below.
  const toHast = {
    clobberPrefix: '',
    footnoteLabel: labels.footnotes,
    footnoteBackLabel: (referenceIndex: number, rereferenceIndex: number) =>
      labels.footnoteBack(referenceIndex + 1) + (rereferenceIndex > 1 ? `-${rereferenceIndex}` : ''),
  };
  // What unified with remark-rehype and rehype-sanitize does, without unified: its plugin runner
  // cost as much as the sanitizer for the small trees of press releases (5,000 per cold build).
  const plain = (mdast: MdastRoot): Root => sanitize(mdastToHast(mdast, toHast), SANITIZE_SCHEMA) as Root;
  let withRaw: { runSync(tree: MdastRoot): unknown } | undefined;
  const rawProcessor = (): { runSync(tree: MdastRoot): unknown } => {
    if (withRaw) return withRaw;
    const plugin = rawHtml();
    // A shell that renders a release with raw HTML loads rehype-raw first (RawHtmlPlugin).
    if (!plugin) throw new Error('a release with raw HTML was rendered before rehype-raw was loaded; please report this');
    withRaw = unified()
      .use(remarkRehype, { ...toHast, allowDangerousHtml: true })
      .use(plugin)
      .use(rehypeSanitize, SANITIZE_SCHEMA);
    return withRaw;
  };

  // `treeOf` gives the Markdown's tree (the German one, or the translated tree translateTree makes
  // from it): no language's Markdown is parsed again, and the rendering threads load no parser.
  // `markdown` is what the tree stands for, which keys the caller's cache of results.
  return (markdown, pageUrl, treeOf) => {
    const mdast = treeOf();
    const tree = hasRawHtml(mdast) ? (rawProcessor().runSync(mdast) as Root) : plain(mdast);
    const localFiles = absolutizeUrls(tree, urls, pageUrl);
    replaceImagesWithoutSource(tree);
    const aligned = hasAlign(tree);
    const html = serializeHtml(aligned ? forPage(tree) : tree);
    const feed = hasAria(tree) ? serializeHtml(withoutAria(tree)) : aligned ? serializeHtml(tree) : html;
    return { html, feed, excerpt: excerptOf(tree), localFiles };
  };
}

/**
 * An image left without a source — the sanitizer removes `data:` and other non-http(s) sources,
 * absolutizeUrls one that is no URL — is no valid HTML (`src` is required) and shows nothing but
 * a broken-image sign: it becomes its alt text, which is what a browser would show in its place.
 */
function replaceImagesWithoutSource(node: Root | Element): void {
  for (let index = 0; index < node.children.length; index++) {
    const child = node.children[index]!;
    if (child.type !== 'element') continue;
    if (child.tagName === 'img' && typeof child.properties.src !== 'string') {
      const alt = typeof child.properties.alt === 'string' ? child.properties.alt : '';
      if (alt === '') node.children.splice(index--, 1);
      else node.children[index] = { type: 'text', value: alt };
    } else {
      replaceImagesWithoutSource(child);
    }
  }
}

const CELLS = new Set(['td', 'th']);
const TEXT_ALIGN = new Set(['left', 'center', 'right', 'justify']);

function hasAlign(node: Root | ElementContent): boolean {
  if (node.type === 'element' && CELLS.has(node.tagName) && node.properties.align !== undefined) return true;
  return 'children' in node && node.children.some((child) => child.type !== 'doctype' && hasAlign(child));
}

/**
 * The body as a page embeds it: table cells aligned with `style="text-align: …"` instead of
 * `align`, which HTML5 made obsolete (aligned GFM tables get it from remark-rehype). Done after
 * sanitizing, from a closed list of values, so the sanitizer schema still allows no `style` at
 * all (a `style` from raw HTML could restyle or overlay the page). Feeds keep `align`: HTML in
 * feeds is not held to HTML5 conformance, feed readers honour `align` but commonly strip `style`,
 * and the W3C feed validator reports `style` attributes as dangerous.
 */
function forPage(tree: Root): Root {
  const convert = (node: ElementContent): ElementContent => {
    if (node.type !== 'element') return node;
    let properties = node.properties;
    if (CELLS.has(node.tagName) && properties.align !== undefined) {
      const { align, ...rest } = properties;
      const value = String(align).toLowerCase();
      properties = TEXT_ALIGN.has(value) ? { ...rest, style: `text-align: ${value}` } : rest;
    }
    return { ...node, properties, children: node.children.map(convert) };
  };
  return { ...tree, children: tree.children.map((child) => (child.type === 'doctype' ? child : convert(child))) };
}

// Plain recursion rather than unist-util-visit for these walks: they run over every page of every
// language, and visit's generality (parents, tests, actions) costs more than the work itself.

/** Whether a Markdown tree has raw HTML (an `html` node), which only rehype-raw renders. */
export function hasRawHtml(node: MdastRoot | MdastRoot['children'][number]): boolean {
  if (node.type === 'html') return true;
  return 'children' in node && node.children.some((child) => hasRawHtml(child));
}

/**
 * Makes every link, image and citation URL absolute (feed readers have no base URL, and the
 * validator warns about relative references) and collects the project files they point to.
 */
function absolutizeUrls(tree: Root, urls: SiteUrls, pageUrl: string): string[] {
  const ids = new Set<string>();
  const linking: Element[] = [];
  const walk = (node: Root | ElementContent): void => {
    if (node.type === 'element') {
      const properties = node.properties;
      if (typeof properties.id === 'string') ids.add(properties.id);
      if (properties.href !== undefined || properties.src !== undefined || properties.cite !== undefined) linking.push(node);
    }
    if ('children' in node) for (const child of node.children) if (child.type !== 'doctype') walk(child);
  };
  walk(tree);
  const prefix = typeof SANITIZE_SCHEMA.clobberPrefix === 'string' ? SANITIZE_SCHEMA.clobberPrefix : 'user-content-';
  const files: string[] = [];
  for (const node of linking) {
    for (const name of URL_PROPERTIES) {
      const value = node.properties[name];
      if (typeof value !== 'string') continue;
      let reference = value;
      // `#fn-1` points at the id the sanitizer renamed to `user-content-fn-1`.
      if (reference.startsWith('#') && !ids.has(reference.slice(1)) && ids.has(prefix + reference.slice(1))) {
        reference = `#${prefix}${reference.slice(1)}`;
      }
      const absolute = urls.resolve(reference, pageUrl);
      if (absolute === undefined) {
        delete node.properties[name];
        continue;
      }
      node.properties[name] = absolute;
      // A project file, or as written when a relative reference leaves the site (`../x.pdf`):
      // either way checkBodyFiles warns when the build does not publish it. The site itself (`./`)
      // is the root page, which the build writes.
      const file = urls.projectPath(absolute) ?? (absolute !== urls.base && isProjectReference(reference) ? reference.trim() : undefined);
      if (file !== undefined && !files.includes(file)) files.push(file);
    }
  }
  return files;
}

function hasAria(node: Root | ElementContent): boolean {
  if (node.type === 'element') for (const key in node.properties) if (ARIA_PROPERTIES.has(key)) return true;
  return 'children' in node && node.children.some((child) => child.type !== 'doctype' && hasAria(child));
}

function withoutAria(tree: Root): Root {
  const strip = (node: ElementContent): ElementContent => {
    if (node.type !== 'element') return node;
    const properties: Properties = {};
    for (const [key, value] of Object.entries(node.properties)) if (!ARIA_PROPERTIES.has(key)) properties[key] = value;
    const copy: Element = { ...node, properties, children: node.children.map(strip) };
    return copy;
  };
  return { ...tree, children: tree.children.map((child) => (child.type === 'doctype' ? child : strip(child))) };
}

function excerptOf(tree: Root): string {
  const paragraph = tree.children.find((node): node is Element => node.type === 'element' && node.tagName === 'p');
  if (!paragraph) return '';
  const text = textOf(paragraph).replace(/\s+/g, ' ').trim();
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')} …`;
}

/** The text content of a hast node. */
export function textOf(node: ElementContent | Root): string {
  if (node.type === 'text') return node.value;
  // A footnote reference's number is not part of the sentence.
  if (node.type === 'element' && node.properties.dataFootnoteRef !== undefined) return '';
  if (node.type === 'element' || node.type === 'root') return node.children.map((child) => textOf(child as ElementContent)).join('');
  return '';
}
