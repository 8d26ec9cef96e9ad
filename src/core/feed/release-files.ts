import type { UiText } from '../common-strings.js';
import type { Config } from '../config.js';
import { renderPage } from '../render-page.js';
import type { PublishedRelease } from './prepare-release.js';
import { hreflangSet, renderReleasePage, type FeedLink, type Figure, type LanguageLink } from './render-html-page.js';
import type { FeedFormat, SiteUrls } from './site-urls.js';

/**
 * The files of one published release (its Markdown and HTML page), apart from the feeds and
 * indexes (site-files.ts): rendering threads load this without the XML and feed libraries.
 */

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
    // The calendar day in the configured zone, as the release's date was read (parseReleaseDate).
    day: release.date.day,
    ...(figure ? { figure } : {}),
    body: release.html.html,
    ...(release.outdated ? { outdatedNotice: ui.t('outdated') } : {}),
    alternates: release.alternates.map(({ lng, url }) => ({ lng, url, name: languageNameOf(context, lng) })),
    hreflang: hreflangSet({ lng: release.lng, url: release.url }, release.alternates, context.languages),
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

export function figureOf(release: PublishedRelease, ui: UiText): Figure | undefined {
  const image = release.image;
  if (!image) return undefined;
  const figure: Figure = { url: image.url };
  if (image.alt) figure.alt = image.alt;
  if (image.caption) figure.caption = image.caption;
  if (image.credit) figure.creditLine = ui.t('photoCredit', { credit: image.credit });
  return figure;
}

export function feedLinks(lng: string, context: PublishContext): FeedLink[] {
  const title = uiOf(context, lng).t('feedTitle', { publisher: context.config.site.publisher });
  return context.formats.map((format) => ({ format, url: context.urls.feed(lng, format), title }));
}

export function languageLinks(context: PublishContext, include: (lng: string) => boolean): LanguageLink[] {
  return context.languages.filter(include).map((lng) => ({ lng, url: context.urls.index(lng), name: languageNameOf(context, lng) }));
}

const names = new WeakMap<PublishContext, Map<string, string>>();

/**
 * The name a language is linked by: its own `languageName`. A variant that takes the name from
 * its parent (fr-BE without a `languageName` of its own reads "Français") cannot be told from the
 * parent in the same list ("Français · Français"): a name two languages of the site share gets
 * the variant's script and region, named in the variant's language by Intl.DisplayNames
 * ("Français (Belgique)"). The language without them (fr) keeps the plain name.
 */
export function languageNameOf(context: PublishContext, lng: string): string {
  let known = names.get(context);
  if (!known) {
    known = new Map(context.languages.map((code) => [code, uiOf(context, code).t('languageName')]));
    const counts = new Map<string, number>();
    for (const name of known.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [code, name] of known) {
      if (counts.get(name)! < 2) continue;
      const qualifier = variantQualifier(code);
      if (qualifier) known.set(code, `${name} (${qualifier})`);
    }
    names.set(context, known);
  }
  return known.get(lng) ?? uiOf(context, lng).t('languageName');
}

/** "Belgique" for fr-BE, "latinica" for sr-Latn; undefined for a tag without script or region. */
function variantQualifier(lng: string): string | undefined {
  try {
    const locale = new Intl.Locale(lng);
    const parts: string[] = [];
    if (locale.script) parts.push(new Intl.DisplayNames([lng], { type: 'script' }).of(locale.script) ?? locale.script);
    if (locale.region) parts.push(new Intl.DisplayNames([lng], { type: 'region' }).of(locale.region) ?? locale.region);
    return parts.length > 0 ? parts.join(', ') : undefined;
  } catch {
    return undefined;
  }
}

export function uiOf(context: PublishContext, lng: string): UiText {
  const ui = context.ui.get(lng);
  if (!ui) throw new Error(`no UI text for ${lng}: buildSite must be given common.yaml strings for every language`);
  return ui;
}
