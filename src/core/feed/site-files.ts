import type { UiText } from '../common-strings.js';
import type { Config } from '../config.js';
import { calendarDay } from '../dates.js';
import { renderPage } from '../render-page.js';
import { distinctUpdates, newestFirst, selectFeedEntries, type FeedChannel, type FeedEntry } from './feed-items.js';
import type { PublishedRelease } from './prepare-release.js';
import { renderAtom } from './render-atom.js';
import { figureHtml, renderIndexPage, renderReleasePage, renderRootPage, type FeedLink, type Figure, type LanguageLink } from './render-html-page.js';
import { renderJsonFeed } from './render-json-feed.js';
import { renderOpml } from './render-opml.js';
import { renderRss } from './render-rss.js';
import { FEED_FILES, OPML_FILE, type FeedFormat, type SiteUrls } from './site-urls.js';

/** The software named in feeds' `generator`. */
export const GENERATOR = { name: 'Presslate', version: '0.1.0' } as const;

/** What the renderers of a build share. */
export interface PublishContext {
  config: Config;
  urls: SiteUrls;
  /** Source language first, then the target languages, in configuration order. */
  languages: readonly string[];
  ui: ReadonlyMap<string, UiText>;
  /** Feed formats to write; empty when the site has nothing public yet. */
  formats: readonly FeedFormat[];
  /** The newest public release's date: an empty feed's `updated`, the OPML's `dateModified`. */
  newest?: number;
}

/** `dist/<lng>/<id>.md` and `dist/<lng>/<id>.html` of one published release. */
export function renderReleaseFiles(release: PublishedRelease, context: PublishContext): [string, string][] {
  const ui = uiOf(context, release.lng);
  const figure = figureOf(release, ui);
  const markdown = renderPage(release.markdown, {
    lng: release.lng,
    alternates: Object.fromEntries(release.alternates.map(({ lng }) => [lng, `../${lng}/${release.id}.md`])),
    outdated: release.outdated,
    dateLine: release.dateLine,
    ...(figure && release.image ? { photo: { ...figure, src: release.image.pagePath } } : {}),
  });
  const html = renderReleasePage({
    lng: release.lng,
    url: release.url,
    title: release.title,
    description: release.description,
    publisher: context.config.site.publisher,
    siteHeading: ui.t('feedTitle', { publisher: context.config.site.publisher }),
    dateLine: release.dateLine,
    day: calendarDay(release.date.instant, context.config.timeZone),
    ...(figure ? { figure } : {}),
    body: release.html.html,
    ...(release.outdated ? { outdatedNotice: ui.t('outdated') } : {}),
    alternates: release.alternates.map(({ lng, url }) => ({ lng, url, name: uiOf(context, lng).t('languageName') })),
    otherLanguagesLabel: ui.t('otherLanguages'),
    feeds: feedLinks(release.lng, context),
    indexUrl: context.urls.index(release.lng),
    allReleasesLabel: ui.t('allReleases'),
  });
  return [
    [`${release.lng}/${release.id}.md`, markdown],
    [`${release.lng}/${release.id}.html`, html],
  ];
}

/** A language's feeds and `index.html`, from the releases published in it. */
export function renderLanguageFiles(lng: string, releases: readonly PublishedRelease[], context: PublishContext): [string, string][] {
  const { config, urls } = context;
  const ui = uiOf(context, lng);
  const files: [string, string][] = [];
  const selected = selectFeedEntries(releases, config.feeds.limit);
  const updates = distinctUpdates(selected.map((release) => release.date.instant));
  const entries = selected.map((release, index) => feedEntry(release, updates[index]!, ui));
  const channel: FeedChannel = {
    lng,
    title: ui.t('feedTitle', { publisher: config.site.publisher }),
    description: ui.t('feedDescription', { publisher: config.site.publisher }),
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

  const all = [...releases].sort(newestFirst);
  files.push([
    `${lng}/index.html`,
    renderIndexPage({
      lng,
      url: urls.index(lng),
      heading: channel.title,
      description: channel.description,
      countLine: ui.t('releaseCount', { count: all.length }),
      entries: all.map((release) => ({
        url: release.url,
        title: release.title,
        dateLine: release.dateLine,
        day: calendarDay(release.date.instant, config.timeZone),
        ...(release.summary ? { summary: release.summary } : {}),
      })),
      subscribeLabel: ui.t('subscribe'),
      feeds: feedLinks(lng, context),
      otherLanguagesLabel: ui.t('otherLanguages'),
      otherIndexes: languageLinks(context, (other) => other !== lng),
    }),
  ]);
  return files;
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
          name: uiOf(context, lng).t('languageName'),
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

function figureOf(release: PublishedRelease, ui: UiText): Figure | undefined {
  const image = release.image;
  if (!image) return undefined;
  const figure: Figure = { url: image.url };
  if (image.alt) figure.alt = image.alt;
  if (image.caption) figure.caption = image.caption;
  if (image.credit) figure.creditLine = ui.t('photoCredit', { credit: image.credit });
  return figure;
}

function feedLinks(lng: string, context: PublishContext): FeedLink[] {
  const title = uiOf(context, lng).t('feedTitle', { publisher: context.config.site.publisher });
  return context.formats.map((format) => ({ format, url: context.urls.feed(lng, format), title }));
}

function languageLinks(context: PublishContext, include: (lng: string) => boolean): LanguageLink[] {
  return context.languages.filter(include).map((lng) => ({ lng, url: context.urls.index(lng), name: uiOf(context, lng).t('languageName') }));
}

function uiOf(context: PublishContext, lng: string): UiText {
  const ui = context.ui.get(lng);
  if (!ui) throw new Error(`no UI text for ${lng}: buildSite must be given common.yaml strings for every language`);
  return ui;
}
