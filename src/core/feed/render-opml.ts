import { create } from 'xmlbuilder2';
import { formatRfc822 } from '../dates.js';
import { amp, attrs, xmlSafe } from './feed-text.js';
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
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const opml = document.ele('opml', attrs({ version: '2.0' }));
  const head = opml.ele('head');
  head.ele('title').txt(amp(xmlSafe(input.title)));
  if (input.modified !== undefined) head.ele('dateModified').txt(amp(formatRfc822(input.modified, input.timeZone)));
  head.ele('ownerName').txt(amp(xmlSafe(input.publisher)));
  if (input.email) head.ele('ownerEmail').txt(amp(input.email));
  head.ele('docs').txt(amp('http://opml.org/spec2.opml'));
  const body = opml.ele('body');
  for (const language of input.languages) {
    const group = body.ele('outline', attrs({ text: xmlSafe(language.name) }));
    for (const feed of language.feeds) {
      const label = xmlSafe(`${language.title} (${FORMAT_NAMES[feed.format]})`);
      group.ele('outline', attrs({
        type: 'rss',
        ...(feed.format === 'rss' ? { version: 'RSS2' } : {}),
        text: label,
        title: label,
        xmlUrl: feed.url,
        htmlUrl: language.homeUrl,
        language: language.lng,
      }));
    }
  }
  return `${document.end({ prettyPrint: true })}\n`;
}
