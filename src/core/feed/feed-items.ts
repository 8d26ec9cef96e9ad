import type { ReleaseDate } from '../dates.js';
import { compareText } from '../diagnostic.js';
import type { FeedFormat } from './site-urls.js';

/**
 * The `rel` of the links to the same release in the other languages (RSS `atom:link`, Atom
 * `link`): `alternate` written as its full IRI, which RFC 4287 (4.2.7.2) makes the same relation
 * and the W3C Feed Validation Service reads as `alternate`. Feed readers take "the" link of an item
 * from the links whose rel is literally `alternate`, some the first (Miniflux, gofeed,
 * @rowanmanning/feed-parser), some the last (Python's feedparser): with the other languages in
 * short form, feedparser gave every Danish item the page of the last language listed. Only the
 * item's own page has the short form, so every reader takes that one.
 */
export const OTHER_LANGUAGE_REL = 'http://www.iana.org/assignments/relation/alternate';

/** One release in one feed, ready for any feed format. Texts are plain and feed-safe. */
export interface FeedEntry {
  /** Stable identifier: the page URL (release ids are file names and never change). */
  id: string;
  url: string;
  title: string;
  /** Plain text: the release's summary, or the start of its first paragraph. */
  summary: string;
  /** The full release as sanitized HTML with absolute URLs. */
  contentHtml: string;
  /** When the release was published (its `date`), ms since the epoch. */
  published: number;
  /** `published`, made unique within the feed (see {@link selectFeedEntries}). */
  updated: number;
  author?: string;
  categories: string[];
  image?: { url: string; type?: string; length?: number; alt?: string };
  /** The same release in the other languages it is published in. */
  alternates: { lng: string; url: string }[];
}

/** What every feed format says about itself. */
export interface FeedChannel {
  lng: string;
  title: string;
  description: string;
  /** The language's index page. */
  homeUrl: string;
  feedUrls: Record<FeedFormat, string>;
  publisher: string;
  email?: string;
  siteUrl: string;
  generator: { name: string; version: string };
  timeZone: string;
  /** The newest entry's `updated`; when the feed is empty, the newest release of the site. */
  updated?: number;
}

/** The part of a published release the ordering needs. */
export interface Dated {
  id: string;
  date: Pick<ReleaseDate, 'instant'>;
}

/**
 * Orders releases for a feed, newest first, releases of the same moment by id, and keeps the
 * newest `limit`.
 */
export function selectFeedEntries<T extends Dated>(releases: readonly T[], limit: number): T[] {
  return [...releases].sort(newestFirst).slice(0, limit);
}

/** Newest first; the same moment ordered by id (code points), so the order never depends on input order. */
export function newestFirst(a: Dated, b: Dated): number {
  return b.date.instant - a.date.instant || compareText(a.id, b.id);
}

/**
 * The `updated` moments of entries in feed order (newest first): each entry's date, but at least
 * one second later than the entry after it. Atom readers and the W3C validator ("Two entries
 * with the same value for atom:updated") need them distinct, and releases dated by day share
 * midnight; a second is below what a date-only release says about its time.
 */
export function distinctUpdates(published: readonly number[]): number[] {
  const result = new Array<number>(published.length);
  let later = -Infinity;
  for (let index = published.length - 1; index >= 0; index--) {
    later = Math.max(published[index]!, later + 1000);
    result[index] = later;
  }
  return result;
}
