import { create } from 'xmlbuilder2';
import { formatRfc822 } from '../dates.js';
import { OTHER_LANGUAGE_REL, type FeedChannel, type FeedEntry } from './feed-items.js';
import { amp, attrs, escapeHtml, xmlSafe } from './feed-text.js';
import { FEED_MEDIA_TYPES } from './site-urls.js';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';
const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';

/**
 * Renders an RSS 2.0 feed. Built with xmlbuilder2 rather than the `feed` package: `feed` cannot
 * put `atom:link rel="alternate" hreflang` into items or an enclosure length of our choosing, and
 * an XML builder escapes everything it writes, so no string concatenation of markup happens here.
 *
 * What keeps the W3C Feed Validation Service free of warnings: `atom:link rel="self"` with the
 * feed's URL; RFC 822 dates with English names and four-digit years; `description` before
 * `content:encoded`; absolute URLs only; a permalink `guid`; `dc:creator` for an author without an
 * e-mail address (RSS `author` must be an address); channel elements before the items.
 */
export function renderRss(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const rss = document.ele('rss', attrs({
    version: '2.0',
    'xmlns:atom': ATOM_NAMESPACE,
    'xmlns:content': CONTENT_NAMESPACE,
    'xmlns:dc': DC_NAMESPACE,
  }));
  const head = rss.ele('channel');
  head.ele('title').txt(amp(xmlSafe(channel.title)));
  head.ele('link').txt(amp(channel.homeUrl));
  head.ele('description').txt(amp(xmlSafe(channel.description)));
  head.ele('language').txt(amp(channel.lng));
  if (channel.email) head.ele('managingEditor').txt(amp(xmlSafe(`${channel.email} (${channel.publisher.replace(/[()]/g, '')})`)));
  head.ele('generator').txt(amp(`${channel.generator.name} ${channel.generator.version}`));
  head.ele('docs').txt(amp('https://www.rssboard.org/rss-specification'));
  // The newest item's date, never the clock: two builds of the same inputs are identical.
  const newest = entries[0];
  if (newest) head.ele('lastBuildDate').txt(amp(formatRfc822(newest.published, channel.timeZone)));
  head.ele('atom:link', attrs({ href: channel.feedUrls.rss, rel: 'self', type: FEED_MEDIA_TYPES.rss }));

  for (const entry of entries) {
    const item = head.ele('item');
    item.ele('title').txt(amp(entry.title));
    item.ele('link').txt(amp(entry.url));
    item.ele('description').txt(amp(escapeHtml(xmlSafe(entry.summary))));
    item.ele('content:encoded').txt(amp(xmlSafe(entry.contentHtml)));
    if (entry.author) item.ele('dc:creator').txt(amp(entry.author));
    for (const category of entry.categories) item.ele('category').txt(amp(category));
    item.ele('guid', attrs({ isPermaLink: 'true' })).txt(amp(entry.id));
    item.ele('pubDate').txt(amp(formatRfc822(entry.published, channel.timeZone)));
    if (entry.image?.type) {
      // RSS requires a length; the RSS Best Practices Profile says 0 when it is unknown.
      item.ele('enclosure', attrs({ url: entry.image.url, length: String(entry.image.length ?? 0), type: entry.image.type }));
    }
    for (const alternate of entry.alternates) {
      item.ele('atom:link', attrs({ rel: OTHER_LANGUAGE_REL, type: 'text/html', hreflang: alternate.lng, href: alternate.url }));
    }
  }
  return `${document.end({ prettyPrint: true })}\n`;
}
