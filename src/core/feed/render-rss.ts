import { formatRfc822 } from '../dates.js';
import { OTHER_LANGUAGE_REL, type FeedChannel, type FeedEntry } from './feed-items.js';
import { escapeHtml, xmlSafe } from './feed-text.js';
import { XmlWriter } from './xml-writer.js';
import { FEED_MEDIA_TYPES } from './site-urls.js';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';
const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';

/**
 * Renders an RSS 2.0 feed. Written with {@link XmlWriter} rather than the `feed` package: `feed`
 * cannot put `atom:link rel="alternate" hreflang` into items or an enclosure length of our
 * choosing. The writer escapes every text and attribute value it is given, so no markup is
 * concatenated here.
 *
 * What keeps the W3C Feed Validation Service free of warnings: `atom:link rel="self"` with the
 * feed's URL; RFC 822 dates with English names and four-digit years; `description` before
 * `content:encoded`; absolute URLs only; a permalink `guid`; `dc:creator` for an author without an
 * e-mail address (RSS `author` must be an address); channel elements before the items.
 */
export function renderRss(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const xml = new XmlWriter();
  xml.start('rss', { version: '2.0', 'xmlns:atom': ATOM_NAMESPACE, 'xmlns:content': CONTENT_NAMESPACE, 'xmlns:dc': DC_NAMESPACE });
  xml.start('channel');
  xml.leaf('title', xmlSafe(channel.title));
  xml.leaf('link', channel.homeUrl);
  xml.leaf('description', xmlSafe(channel.description));
  xml.leaf('language', channel.lng);
  if (channel.email) xml.leaf('managingEditor', xmlSafe(`${channel.email} (${channel.publisher.replace(/[()]/g, '')})`));
  xml.leaf('generator', `${channel.generator.name} ${channel.generator.version}`);
  xml.leaf('docs', 'https://www.rssboard.org/rss-specification');
  // The newest item's date, never the clock: two builds of the same inputs are identical.
  const newest = entries[0];
  if (newest) xml.leaf('lastBuildDate', formatRfc822(newest.published, channel.timeZone));
  xml.leaf('atom:link', undefined, { href: channel.feedUrls.rss, rel: 'self', type: FEED_MEDIA_TYPES.rss });

  for (const entry of entries) {
    xml.start('item');
    xml.leaf('title', entry.title);
    xml.leaf('link', entry.url);
    xml.leaf('description', escapeHtml(xmlSafe(entry.summary)));
    xml.leaf('content:encoded', xmlSafe(entry.contentHtml));
    if (entry.author) xml.leaf('dc:creator', entry.author);
    for (const category of entry.categories) xml.leaf('category', category);
    xml.leaf('guid', entry.id, { isPermaLink: 'true' });
    xml.leaf('pubDate', formatRfc822(entry.published, channel.timeZone));
    if (entry.image?.type) {
      // RSS requires a length; the RSS Best Practices Profile says 0 when it is unknown.
      xml.leaf('enclosure', undefined, { url: entry.image.url, length: String(entry.image.length ?? 0), type: entry.image.type });
    }
    for (const alternate of entry.alternates) {
      xml.leaf('atom:link', undefined, { rel: OTHER_LANGUAGE_REL, type: 'text/html', hreflang: alternate.lng, href: alternate.url });
    }
    xml.close();
  }
  return xml.end();
}
