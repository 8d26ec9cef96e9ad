import { formatRfc3339 } from '../dates.js';
import { OTHER_LANGUAGE_REL, type FeedChannel, type FeedEntry } from './feed-items.js';
import { xmlSafe } from './feed-text.js';
import { ATOM_NAMESPACE } from './render-rss.js';
import { FEED_MEDIA_TYPES } from './site-urls.js';
import { XmlWriter } from './xml-writer.js';

/**
 * Renders an Atom 1.0 feed (RFC 4287) with {@link XmlWriter} (see {@link renderRss}).
 * The feed's id is its own URL; an entry's id is its page URL, which stays the same when the title
 * or text is corrected. Entries link to their page (`rel="alternate"`, `hreflang`) and to the same
 * release in the other published languages (`alternate` as its full IRI, see
 * {@link OTHER_LANGUAGE_REL}); `updated` values are distinct within the feed.
 */
export function renderAtom(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const xml = new XmlWriter();
  xml.start('feed', { xmlns: ATOM_NAMESPACE, 'xml:lang': channel.lng });
  xml.leaf('id', channel.feedUrls.atom);
  xml.leaf('title', xmlSafe(channel.title));
  xml.leaf('subtitle', xmlSafe(channel.description));
  xml.leaf('link', undefined, { rel: 'self', type: FEED_MEDIA_TYPES.atom, href: channel.feedUrls.atom });
  xml.leaf('link', undefined, { rel: 'alternate', type: 'text/html', hreflang: channel.lng, href: channel.homeUrl });
  const updated = entries[0]?.updated ?? channel.updated;
  if (updated !== undefined) xml.leaf('updated', formatRfc3339(updated, channel.timeZone));
  xml.start('author');
  xml.leaf('name', xmlSafe(channel.publisher));
  if (channel.email) xml.leaf('email', channel.email);
  xml.leaf('uri', channel.siteUrl);
  xml.close();
  xml.leaf('generator', channel.generator.name, { version: channel.generator.version });

  for (const entry of entries) {
    xml.start('entry');
    xml.leaf('id', entry.id);
    xml.leaf('title', entry.title);
    xml.leaf('link', undefined, { rel: 'alternate', type: 'text/html', hreflang: channel.lng, href: entry.url });
    for (const alternate of entry.alternates) {
      xml.leaf('link', undefined, { rel: OTHER_LANGUAGE_REL, type: 'text/html', hreflang: alternate.lng, href: alternate.url });
    }
    if (entry.image?.type) {
      const attributes: Record<string, string> = { rel: 'enclosure', type: entry.image.type, href: entry.image.url };
      if (entry.image.length !== undefined) attributes.length = String(entry.image.length);
      xml.leaf('link', undefined, attributes);
    }
    xml.leaf('published', formatRfc3339(entry.published, channel.timeZone));
    xml.leaf('updated', formatRfc3339(entry.updated, channel.timeZone));
    if (entry.author && entry.author !== channel.publisher) xml.start('author').leaf('name', entry.author).close();
    for (const category of entry.categories) xml.leaf('category', undefined, { term: category });
    xml.leaf('summary', xmlSafe(entry.summary));
    xml.leaf('content', xmlSafe(entry.contentHtml), { type: 'html' });
    xml.close();
  }
  return xml.end();
}
