import { create } from 'xmlbuilder2';
import { formatRfc3339 } from '../dates.js';
import { OTHER_LANGUAGE_REL, type FeedChannel, type FeedEntry } from './feed-items.js';
import { amp, attrs, xmlSafe } from './feed-text.js';
import { ATOM_NAMESPACE } from './render-rss.js';
import { FEED_MEDIA_TYPES } from './site-urls.js';

/**
 * Renders an Atom 1.0 feed (RFC 4287) with xmlbuilder2 (see {@link renderRss} for why).
 * The feed's id is its own URL; an entry's id is its page URL, which stays the same when the title
 * or text is corrected. Entries link to their page (`rel="alternate"`, `hreflang`) and to the same
 * release in the other published languages (`alternate` as its full IRI, see
 * {@link OTHER_LANGUAGE_REL}); `updated` values are distinct within the feed.
 */
export function renderAtom(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const feed = document.ele(ATOM_NAMESPACE, 'feed', attrs({ 'xml:lang': channel.lng }));
  feed.ele('id').txt(amp(channel.feedUrls.atom));
  feed.ele('title').txt(amp(xmlSafe(channel.title)));
  feed.ele('subtitle').txt(amp(xmlSafe(channel.description)));
  feed.ele('link', attrs({ rel: 'self', type: FEED_MEDIA_TYPES.atom, href: channel.feedUrls.atom }));
  feed.ele('link', attrs({ rel: 'alternate', type: 'text/html', hreflang: channel.lng, href: channel.homeUrl }));
  const updated = entries[0]?.updated ?? channel.updated;
  if (updated !== undefined) feed.ele('updated').txt(amp(formatRfc3339(updated, channel.timeZone)));
  const author = feed.ele('author');
  author.ele('name').txt(amp(xmlSafe(channel.publisher)));
  if (channel.email) author.ele('email').txt(amp(channel.email));
  author.ele('uri').txt(amp(channel.siteUrl));
  feed.ele('generator', attrs({ version: channel.generator.version })).txt(amp(channel.generator.name));

  for (const entry of entries) {
    const element = feed.ele('entry');
    element.ele('id').txt(amp(entry.id));
    element.ele('title').txt(amp(entry.title));
    element.ele('link', attrs({ rel: 'alternate', type: 'text/html', hreflang: channel.lng, href: entry.url }));
    for (const alternate of entry.alternates) {
      element.ele('link', attrs({ rel: OTHER_LANGUAGE_REL, type: 'text/html', hreflang: alternate.lng, href: alternate.url }));
    }
    if (entry.image?.type) {
      const attributes: Record<string, string> = { rel: 'enclosure', type: entry.image.type, href: entry.image.url };
      if (entry.image.length !== undefined) attributes.length = String(entry.image.length);
      element.ele('link', attrs(attributes));
    }
    element.ele('published').txt(amp(formatRfc3339(entry.published, channel.timeZone)));
    element.ele('updated').txt(amp(formatRfc3339(entry.updated, channel.timeZone)));
    if (entry.author && entry.author !== channel.publisher) element.ele('author').ele('name').txt(amp(entry.author));
    for (const category of entry.categories) element.ele('category', attrs({ term: category }));
    element.ele('summary').txt(amp(xmlSafe(entry.summary)));
    element.ele('content', attrs({ type: 'html' })).txt(amp(xmlSafe(entry.contentHtml)));
  }
  return `${document.end({ prettyPrint: true })}\n`;
}
