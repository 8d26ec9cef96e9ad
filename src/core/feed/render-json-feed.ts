import { formatRfc3339 } from '../dates.js';
import { outputSafe } from '../output-text.js';
import type { FeedChannel, FeedEntry } from './feed-items.js';

/** The JSON Feed version this renderer writes. */
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/**
 * Renders a JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Plain JSON.stringify: the format is
 * JSON, and a fixed key order keeps the output byte-identical between builds. The other languages
 * of an item are in `_presslate.alternates` (JSON Feed extensions start with an underscore).
 */
export function renderJsonFeed(channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: channel.title,
    home_page_url: channel.homeUrl,
    feed_url: channel.feedUrls.json,
    description: channel.description,
    language: channel.lng,
    authors: [{ name: channel.publisher, url: channel.siteUrl }],
    items: entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      content_html: entry.contentHtml,
      summary: entry.summary,
      ...(entry.image ? { image: entry.image.url } : {}),
      date_published: formatRfc3339(entry.published, channel.timeZone),
      ...(entry.author ? { authors: [{ name: entry.author }] } : {}),
      ...(entry.categories.length > 0 ? { tags: entry.categories } : {}),
      language: channel.lng,
      ...(entry.image?.type
        ? {
            attachments: [
              { url: entry.image.url, mime_type: entry.image.type, ...(entry.image.length !== undefined ? { size_in_bytes: entry.image.length } : {}) },
            ],
          }
        : {}),
      ...(entry.alternates.length > 0
        ? { _presslate: { alternates: entry.alternates.map(({ lng, url }) => ({ language: lng, url })) } }
        : {}),
    })),
  };
  // Every string value passes outputSafe: JSON would carry a control character as `\u0001`, and
  // content_html with it is HTML a reader renders as it is.
  return `${JSON.stringify(feed, (_key, value: unknown) => (typeof value === 'string' ? outputSafe(value) : value), 2)}\n`;
}
