import { formatRfc822 } from '../dates.js';
import { xmlSafe } from './feed-text.js';
import { XmlWriter } from './xml-writer.js';
import type { FeedFormat } from './site-urls.js';

/** One language's feeds in the OPML list. */
export interface OpmlLanguage {
  lng: string;
  /** The language's own name, as its common.yaml gives it ("Nederlands"). */
  name: string;
  title: string;
  homeUrl: string;
  feeds: { format: FeedFormat; url: string }[];
}

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/**
 * Renders an OPML 2.0 subscription list of every feed, grouped by language, for readers that
 * import a whole set at once. `dateModified` is the newest release's date (never the clock).
 */
export function renderOpml(input: {
  title: string;
  publisher: string;
  email?: string;
  timeZone: string;
  modified?: number;
  languages: readonly OpmlLanguage[];
}): string {
  const xml = new XmlWriter();
  xml.start('opml', { version: '2.0' });
  xml.start('head');
  xml.leaf('title', xmlSafe(input.title));
  if (input.modified !== undefined) xml.leaf('dateModified', formatRfc822(input.modified, input.timeZone));
  xml.leaf('ownerName', xmlSafe(input.publisher));
  if (input.email) xml.leaf('ownerEmail', input.email);
  xml.leaf('docs', 'http://opml.org/spec2.opml');
  xml.close();
  xml.start('body');
  for (const language of input.languages) {
    xml.start('outline', { text: xmlSafe(language.name) });
    for (const feed of language.feeds) {
      const label = xmlSafe(`${language.title} (${FORMAT_NAMES[feed.format]})`);
      xml.leaf('outline', undefined, {
        type: 'rss',
        ...(feed.format === 'rss' ? { version: 'RSS2' } : {}),
        text: label,
        title: label,
        xmlUrl: feed.url,
        htmlUrl: language.homeUrl,
        language: language.lng,
      });
    }
    xml.close();
  }
  return xml.end();
}
