/**
 * Where everything lives on the published site, in one place so that pages, feeds, the OPML list
 * and the tests agree. `dist/` is published as `site.url`: `dist/en/x.html` is `${site.url}en/x.html`.
 */

/** Feed formats and their file names in `dist/<lng>/`. */
export const FEED_FILES = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;

export type FeedFormat = keyof typeof FEED_FILES;

/** Media types of the feed formats, as `<link rel="alternate" type>` and OPML want them. */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/** The OPML list of every feed, at the root of `dist/`. */
export const OPML_FILE = 'feeds.opml';

/** Absolute URLs of the published site. */
export interface SiteUrls {
  /** `site.url`, normalized (lowercase host, no default port), ending in `/`. */
  base: string;
  /** A release page: `${base}${lng}/${id}.html`. */
  page(lng: string, id: string): string;
  /** A language's index page: `${base}${lng}/`. */
  index(lng: string): string;
  /** A language's feed: `${base}${lng}/feed.xml` and so on. */
  feed(lng: string, format: FeedFormat): string;
  /** The OPML list. */
  opml(): string;
  /**
   * Makes a URL written in a release absolute. Fragments (`#fn-1`) point into `pageUrl`; other
   * relative references are relative to the project root, as `image.src: images/x.jpg` is, which
   * is published as `base`. Every result is a URL as the WHATWG URL standard writes it (host in
   * punycode, spaces and non-ASCII percent-encoded). Undefined for an empty reference and for one
   * that is no URL at all (`https://exa mple.org`, `http://`).
   */
  resolve(reference: string, pageUrl: string): string | undefined;
  /** The project path a site URL stands for (`images/x.jpg`), or undefined when it is elsewhere. */
  projectPath(url: string): string | undefined;
}

/**
 * Whether a reference written in a release is meant as a file of the project: no scheme, not
 * protocol-relative (`//cdn…`), not a fragment. Such a reference that resolves outside the site
 * (`../secret.txt`, `/etc/x.png`) leads nowhere the build publishes.
 */
export function isProjectReference(reference: string): boolean {
  const trimmed = reference.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith('//') && !/^[a-z][a-z\d+.-]*:/i.test(trimmed);
}

/** Builds the URL scheme of a site from `site.url` (validated by the config schema). */
export function createSiteUrls(siteUrl: string): SiteUrls {
  // URL normalizes what the Atom validator checks for canonical form: case of scheme and host,
  // default ports, percent-encoding.
  const base = new URL(siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
  const resolved = new Map<string, string | undefined>();
  return {
    base,
    page: (lng, id) => `${base}${lng}/${id}.html`,
    index: (lng) => `${base}${lng}/`,
    feed: (lng, format) => `${base}${lng}/${FEED_FILES[format]}`,
    opml: () => `${base}${OPML_FILE}`,
    resolve(reference, pageUrl) {
      const trimmed = reference.trim();
      if (trimmed === '') return undefined;
      if (trimmed.startsWith('#')) return `${pageUrl.replace(/#.*$/, '')}${trimmed}`;
      // The same image or link recurs in every language of a release: parse each URL once.
      if (resolved.has(trimmed)) return resolved.get(trimmed);
      // A URL with a scheme is written again too, not passed on as typed: an `image.src` of
      // `https://bücher.example/mein foto.jpg` reached RSS enclosures, Atom links and <img src>
      // with its space and its non-ASCII host, which RSS and Atom (URIs, not IRIs) and HTML forbid.
      // (Body links arrive percent-encoded by the Markdown parser, but not their hosts.)
      let absolute: string | undefined;
      try {
        absolute = new URL(trimmed, base).href;
      } catch {
        absolute = undefined;
      }
      if (resolved.size > 10_000) resolved.clear();
      resolved.set(trimmed, absolute);
      return absolute;
    },
    projectPath(url) {
      if (!url.startsWith(base)) return undefined;
      const path = url.slice(base.length).replace(/[?#].*$/, '');
      try {
        const decoded = decodeURIComponent(path);
        return decoded === '' || decoded.split('/').includes('..') ? undefined : decoded;
      } catch {
        return undefined;
      }
    },
  };
}
