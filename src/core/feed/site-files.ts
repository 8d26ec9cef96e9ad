import type { UiText } from '../common-strings.js';
import { feedLinks, figureOf, GENERATOR, languageLinks, languageNameOf, uiOf, type PublishContext } from './release-files.js';
import { distinctUpdates, newestFirst, selectFeedEntries, type FeedChannel, type FeedEntry } from './feed-items.js';
import type { PublishedRelease } from './prepare-release.js';
import { renderAtom } from './render-atom.js';
import { figureHtml, hreflangSet, renderIndexPage, renderRootPage } from './render-html-page.js';
import { renderJsonFeed } from './render-json-feed.js';
import { renderOpml } from './render-opml.js';
import { renderRss } from './render-rss.js';
import { FEED_FILES, OPML_FILE, type FeedFormat } from './site-urls.js';

export { GENERATOR, renderReleaseFiles, type PublishContext } from './release-files.js';

/** A language's feeds and `index.html`, from the releases published in it. */
export function renderLanguageFiles(lng: string, releases: readonly PublishedRelease[], context: PublishContext): [string, string][] {
  return [...renderLanguageFeeds(lng, releases, context), renderLanguageIndex(lng, releases, context)];
}

/**
 * A language's feeds (RSS, Atom, JSON Feed, as configured): the newest `feeds.limit` of the
 * releases published in it, with their bodies. The incremental build renders them apart from the
 * index page, which lists every release but no body: an edit of a recent release's text changes
 * the feeds only.
 */
export function renderLanguageFeeds(lng: string, releases: readonly PublishedRelease[], context: PublishContext): [string, string][] {
  const { config, urls } = context;
  const ui = uiOf(context, lng);
  const files: [string, string][] = [];
  const selected = selectFeedEntries(releases, config.feeds.limit);
  const updates = distinctUpdates(selected.map((release) => release.date.instant));
  const entries = selected.map((release, index) => feedEntry(release, updates[index]!, ui));
  const channel: FeedChannel = {
    lng,
    title: channelTitle(context, lng),
    description: channelDescription(context, lng),
    homeUrl: urls.index(lng),
    feedUrls: { rss: urls.feed(lng, 'rss'), atom: urls.feed(lng, 'atom'), json: urls.feed(lng, 'json') },
    publisher: config.site.publisher,
    siteUrl: urls.base,
    generator: GENERATOR,
    timeZone: config.timeZone,
    ...(config.site.email ? { email: config.site.email } : {}),
    ...(context.newest !== undefined ? { updated: context.newest } : {}),
  };
  const renderers: Record<FeedFormat, (c: FeedChannel, e: FeedEntry[]) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };
  for (const format of context.formats) files.push([`${lng}/${FEED_FILES[format]}`, renderers[format](channel, entries)]);
  return files;
}

/** A language's `index.html`: every release published in it, newest first, without bodies. */
export function renderLanguageIndex(lng: string, releases: readonly PublishedRelease[], context: PublishContext): [string, string] {
  const { urls } = context;
  const ui = uiOf(context, lng);
  const all = [...releases].sort(newestFirst);
  return [
    `${lng}/index.html`,
    renderIndexPage({
      lng,
      url: urls.index(lng),
      heading: channelTitle(context, lng),
      description: channelDescription(context, lng),
      countLine: ui.t('releaseCount', { count: all.length }),
      entries: all.map((release) => ({
        url: release.url,
        title: release.title,
        dateLine: release.dateLine,
        day: release.date.day,
        ...(release.summary ? { summary: release.summary } : {}),
      })),
      subscribeLabel: ui.t('subscribe'),
      feeds: feedLinks(lng, context),
      otherLanguagesLabel: ui.t('otherLanguages'),
      otherIndexes: languageLinks(context, (other) => other !== lng),
      hreflang: hreflangSet({ lng, url: urls.index(lng) }, languageLinks(context, (other) => other !== lng), context.languages),
    }),
  ];
}

function channelTitle(context: PublishContext, lng: string): string {
  return uiOf(context, lng).t('feedTitle', { publisher: context.config.site.publisher });
}

function channelDescription(context: PublishContext, lng: string): string {
  return uiOf(context, lng).t('feedDescription', { publisher: context.config.site.publisher });
}

/** `dist/index.html` and `dist/feeds.opml`, which list every language. */
export function renderSiteFiles(context: PublishContext): [string, string][] {
  const { config, urls } = context;
  const files: [string, string][] = [];
  if (context.formats.length > 0) {
    files.push([
      OPML_FILE,
      renderOpml({
        title: uiOf(context, config.sourceLanguage).t('feedTitle', { publisher: config.site.publisher }),
        publisher: config.site.publisher,
        timeZone: config.timeZone,
        ...(config.site.email ? { email: config.site.email } : {}),
        ...(context.newest !== undefined ? { modified: context.newest } : {}),
        languages: context.languages.map((lng) => ({
          lng,
          name: languageNameOf(context, lng),
          title: uiOf(context, lng).t('feedTitle', { publisher: config.site.publisher }),
          homeUrl: urls.index(lng),
          feeds: context.formats.map((format) => ({ format, url: urls.feed(lng, format) })),
        })),
      }),
    ]);
  }
  files.push([
    'index.html',
    renderRootPage({
      title: config.site.publisher,
      languages: languageLinks(context, () => true),
      ...(context.formats.length > 0 ? { opmlUrl: urls.opml() } : {}),
    }),
  ]);
  return files;
}

function feedEntry(release: PublishedRelease, updated: number, ui: UiText): FeedEntry {
  const figure = figureOf(release, ui);
  const entry: FeedEntry = {
    id: release.url,
    url: release.url,
    title: release.title,
    summary: release.description,
    // The photo travels with its credit line: readers that ignore enclosures still show both.
    contentHtml: figure ? `${figureHtml(figure)}\n${release.html.feed}` : release.html.feed,
    published: release.date.instant,
    updated,
    categories: [...new Set([...(release.category ? [release.category] : []), ...release.tags])],
    alternates: release.alternates,
  };
  if (release.author) entry.author = release.author;
  if (release.image) {
    entry.image = { url: release.image.url };
    if (release.image.type) entry.image.type = release.image.type;
    if (release.image.file) entry.image.length = release.image.file.length;
    if (release.image.alt) entry.image.alt = release.image.alt;
  }
  return entry;
}

