import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { outputSafe } from '../output-text.js';
import { textDirection } from '../text-direction.js';
import { serializeHtml } from './html-serialize.js';
import { FEED_MEDIA_TYPES, type FeedFormat } from './site-urls.js';

/**
 * The HTML pages of the site: one per release and language, an index per language and one at the
 * root. They are built as hast trees (hastscript) and serialized as hast-util-to-html does
 * (serializeHtml, html-serialize.ts), so every text is escaped by construction; the release body
 * is already sanitized. Links are absolute, like the feed links that lead here.
 */

/** A link to a page in another language. */
export interface LanguageLink {
  lng: string;
  /** The language's own name ("Dansk"). */
  name: string;
  url: string;
}

/** One `<link rel="alternate" hreflang>`: a language (or `x-default`) and its page. */
export interface HreflangLink {
  lng: string;
  url: string;
}

/**
 * The hreflang set of a page that exists in other languages: every language version in the
 * given order, the page's own included — search engines ignore a set that does not name the page
 * it is on — and `x-default` for the source language's version, which every release and index
 * has. Empty for a page in one language only.
 */
export function hreflangSet(self: HreflangLink, others: readonly HreflangLink[], order: readonly string[]): HreflangLink[] {
  if (others.length === 0) return [];
  const all = [self, ...others];
  const ordered = order.flatMap((lng) => all.filter((link) => link.lng === lng));
  const source = all.find((link) => link.lng === order[0]);
  return source ? [...ordered, { lng: 'x-default', url: source.url }] : ordered;
}

/** A feed of the page's language. */
export interface FeedLink {
  format: FeedFormat;
  url: string;
  title: string;
}

/** The photo of a release with its caption and localized credit line. */
export interface Figure {
  url: string;
  alt?: string;
  caption?: string;
  /** "Foto: Allianz für die Region GmbH". */
  creditLine?: string;
}

/** Everything a release page shows. */
export interface ReleasePageView {
  lng: string;
  url: string;
  title: string;
  description: string;
  publisher: string;
  /** The site's name in this language ("Allianz für die Region GmbH: Pressemitteilungen"). */
  siteHeading: string;
  dateLine: string;
  /** `YYYY-MM-DD`, for `<time datetime>`. */
  day: string;
  figure?: Figure;
  /** The release body: sanitized HTML (see release-html.ts), embedded as it is. */
  body: string;
  /** Shown when the page publishes a translation of older German. */
  outdatedNotice?: string;
  alternates: LanguageLink[];
  /** `<link rel="alternate" hreflang>` of the head: see {@link hreflangSet}. */
  hreflang: HreflangLink[];
  otherLanguagesLabel: string;
  feeds: FeedLink[];
  indexUrl: string;
  allReleasesLabel: string;
}

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

// `overflow-wrap` breaks a word wider than the screen (German compounds, long names, addresses in
// a heading) instead of letting the page scroll sideways on a phone; `hyphens` hyphenates headings
// by the page's `lang` where the browser can.
const STYLE = `body{font:1.05rem/1.6 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;overflow-wrap:break-word}
h1,h2,h3{hyphens:auto}
img{max-width:100%;height:auto}figure{margin:1.5rem 0}figcaption{font-size:.9rem;color:#444}
.date{color:#555}.notice{background:#fff6d6;padding:.5rem .75rem}.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
nav p{font-size:.95rem}ul.releases{list-style:none;padding:0}ul.releases li{margin:0 0 1.25rem}`;

/** The photo block as hast: image, caption and credit line. */
export function figureElement(figure: Figure): Element {
  const caption: ElementContent[] = [];
  if (figure.caption) caption.push({ type: 'text', value: figure.caption });
  if (figure.creditLine) {
    if (caption.length > 0) caption.push({ type: 'text', value: ' ' });
    caption.push(h('span', { className: ['credit'] }, figure.creditLine));
  }
  return h('figure', [
    h('img', { src: figure.url, alt: figure.alt ?? '' }),
    ...(caption.length > 0 ? [h('figcaption', caption)] : []),
  ]);
}

/** HTML of the photo block, for feed content. */
export function figureHtml(figure: Figure): string {
  return serializeHtml(figureElement(figure));
}

/** Renders the page of one release in one language. */
export function renderReleasePage(view: ReleasePageView): string {
  const head = [
    ...commonHead(`${view.title} – ${view.publisher}`, view.description),
    h('link', { rel: 'canonical', href: view.url }),
    ...view.hreflang.map((link) => h('link', { rel: 'alternate', hrefLang: link.lng, href: link.url })),
    ...feedHeadLinks(view.feeds),
  ];
  const article = h('article', [
    h('h1', view.title),
    h('p', { className: ['date'] }, h('time', { dateTime: view.day }, view.dateLine)),
    ...(view.outdatedNotice ? [h('p', { className: ['notice'] }, view.outdatedNotice)] : []),
    ...(view.figure ? [figureElement(view.figure)] : []),
    // Raw: the body was sanitized and serialized once, when it was rendered.
    { type: 'raw', value: view.body } as unknown as ElementContent,
  ]);
  const nav: ElementContent[] = [];
  if (view.alternates.length > 0) nav.push(h('p', [view.otherLanguagesLabel, ' ', ...languageLinks(view.alternates, view.lng)]));
  nav.push(h('p', h('a', { href: view.indexUrl }, view.allReleasesLabel)));
  return serialize(view.lng, head, [
    h('header', h('p', h('a', { href: view.indexUrl }, view.siteHeading))),
    h('main', [article, h('nav', nav)]),
  ]);
}

/** One row of a language's index page. */
export interface IndexEntry {
  url: string;
  title: string;
  dateLine: string;
  day: string;
  summary?: string;
}

/** Everything a language's index page shows. */
export interface IndexPageView {
  lng: string;
  url: string;
  heading: string;
  description: string;
  countLine: string;
  entries: IndexEntry[];
  subscribeLabel: string;
  feeds: FeedLink[];
  otherLanguagesLabel: string;
  otherIndexes: LanguageLink[];
  /** `<link rel="alternate" hreflang>` of the head: see {@link hreflangSet}. */
  hreflang: HreflangLink[];
}

/** Renders `dist/<lng>/index.html`: the language's releases, newest first, and its feeds. */
export function renderIndexPage(view: IndexPageView): string {
  const head = [
    ...commonHead(view.heading, view.description),
    h('link', { rel: 'canonical', href: view.url }),
    ...view.hreflang.map((link) => h('link', { rel: 'alternate', hrefLang: link.lng, href: link.url })),
    ...feedHeadLinks(view.feeds),
  ];
  const list = h(
    'ul',
    { className: ['releases'] },
    view.entries.map((entry) =>
      h('li', [
        h('time', { dateTime: entry.day }, entry.dateLine),
        h('br'),
        h('a', { href: entry.url }, entry.title),
        ...(entry.summary ? [h('p', entry.summary)] : []),
      ]),
    ),
  );
  const feeds = view.feeds.flatMap((feed, index) => [
    ...(index > 0 ? [' · '] : []),
    h('a', { href: feed.url, type: FEED_MEDIA_TYPES[feed.format] }, FORMAT_NAMES[feed.format]),
  ]);
  return serialize(view.lng, head, [
    h('main', [
      h('h1', view.heading),
      h('p', view.countLine),
      ...(feeds.length > 0 ? [h('p', [view.subscribeLabel, ' ', ...feeds])] : []),
      list,
      h('nav', h('p', [view.otherLanguagesLabel, ' ', ...languageLinks(view.otherIndexes, view.lng)])),
    ]),
  ]);
}

/** Renders `dist/index.html`: the languages of the site and the OPML list of every feed. */
export function renderRootPage(view: { title: string; languages: LanguageLink[]; opmlUrl?: string }): string {
  return serialize('mul', commonHead(view.title, view.title), [
    h('main', [
      h('h1', view.title),
      h('ul', view.languages.map((link) => h('li', languageLink(link, 'mul')))),
      ...(view.opmlUrl ? [h('p', h('a', { href: view.opmlUrl, type: 'text/x-opml' }, 'OPML'))] : []),
    ]),
  ]);
}

function commonHead(title: string, description: string): Element[] {
  return [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', title),
    h('meta', { name: 'description', content: description }),
    h('style', STYLE),
  ];
}

function feedHeadLinks(feeds: FeedLink[]): Element[] {
  return feeds.map((feed) =>
    h('link', { rel: 'alternate', type: FEED_MEDIA_TYPES[feed.format], title: `${feed.title} (${FORMAT_NAMES[feed.format]})`, href: feed.url }),
  );
}

function languageLinks(links: LanguageLink[], pageLng: string): ElementContent[] {
  return links.flatMap((link, index) => [
    ...(index > 0 ? [{ type: 'text' as const, value: ' · ' }] : []),
    languageLink(link, pageLng),
  ]);
}

/**
 * A link to another language, named in that language (`lang`). A name written in the other
 * direction than the page's also gets `dir`, which isolates it (HTML renders an element with `dir`
 * as a bidi isolate): "العربية" on a German page, "Deutsch · English" on an Arabic one, would
 * otherwise be reordered with the label and separators around it.
 */
function languageLink(link: LanguageLink, pageLng: string): Element {
  const dir = textDirection(link.lng);
  return h('a', { href: link.url, hrefLang: link.lng, lang: link.lng, ...(dir !== textDirection(pageLng) ? { dir } : {}) }, link.name);
}

function serialize(lng: string, head: Element[], body: ElementContent[]): string {
  // `dir` only where it is needed: `ltr` is what a page without it has.
  const dir = textDirection(lng) === 'rtl' ? { dir: 'rtl' } : {};
  const tree: Root = {
    type: 'root',
    children: [{ type: 'doctype' }, { type: 'text', value: '\n' }, h('html', { lang: lng, ...dir }, lines([h('head', lines(head)), h('body', lines(body))]))],
  };
  // Raw nodes are only the release bodies, which are sanitized HTML already. Control characters
  // from a release, a translation or common.yaml are removed from the page as a whole (they are
  // never markup, see output-text.ts).
  return `${outputSafe(serializeHtml(tree, { allowDangerousHtml: true }))}\n`;
}

/** One element per line, so the pages read well as source and diff well between builds. */
function lines(children: ElementContent[]): ElementContent[] {
  return children.flatMap((child) => [{ type: 'text' as const, value: '\n' }, child]).concat({ type: 'text', value: '\n' });
}
