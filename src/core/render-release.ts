import type { ReleaseAnalysis } from './analyze-release.js';
import { createUiText, type CommonStrings, type UiText } from './common-strings.js';
import type { Config } from './config.js';
import type { Diagnostic } from './diagnostic.js';
import { isPublic, publicFrom } from './embargo.js';
import { checkBodyFiles, prepareRelease, resolveReleaseImage, type PublishedRelease } from './feed/prepare-release.js';
import type { Root as MdastRoot } from 'mdast';
import { translateTree } from './translate-tree.js';
import { createReleaseRenderer, renderKey, type RawHtmlPlugin, type ReleaseHtml, type ReleaseHtmlCache, type ReleaseHtmlLabels } from './feed/release-html.js';
import { renderReleaseFiles, type PublishContext } from './feed/release-files.js';
import { createSiteUrls } from './feed/site-urls.js';
import { COMMON_NAMESPACE, createI18n, fallbackChain } from './i18n.js';
import { readLocaleFile, type LocaleFile } from './locale-file.js';
import { extractLocale } from './extract-locale.js';
import type { MediaIndex } from './media.js';
import { mergeRelease } from './merge.js';
import { assessLanguage, type LanguageState } from './publish-gate.js';

/**
 * A build, split at release boundaries: `planRelease` and `renderRelease` depend on one release
 * (its source, its locale files) and on what the whole site shares (`RenderContext`), and
 * `assembleSite` (render-site.ts, which brings the feed libraries) makes the per-language and
 * site-wide files (feeds, indexes, OPML) from what the releases rendered. `buildSite` is these three in a row; the build cache and the worker threads
 * (src/io) call them one release at a time, which is why no release depends on another here.
 */

/** A release that is not public yet, and from when it is. */
export interface Upcoming {
  id: string;
  /** The embargo or date as written in the front matter. */
  until: string;
  /** `embargo`, or `date` for a release dated in the future. */
  reason: 'embargo' | 'date';
}

/** The publish gate applied to one release in every target language. */
export interface ReleasePlan {
  /** One per target language, in configuration order. */
  states: LanguageState[];
  /** Set while the release is not public. */
  upcoming?: Upcoming;
  diagnostics: Diagnostic[];
  /** Languages it is published in, source language first; empty while not public. */
  published: string[];
}

/** Looks up the locale file of the release in a target language. */
export type LocaleLookup = (lng: string) => { file: string; locale: LocaleFile; text?: string } | undefined;

/** Path of the locale file of a release in a language. */
export function localePath(lng: string, id: string): string {
  return `locales/${lng}/${id}.yaml`;
}

/**
 * Applies the publish gate to one release: it appears nowhere before its embargo (or date),
 * always in the source language after it, and in a target language when all its segments there
 * meet `publish.require`.
 */
export function planRelease(release: ReleaseAnalysis, locales: LocaleLookup, config: Config, now: number, options: { countWords?: boolean } = {}): ReleasePlan {
  const visible = isPublic(release, now);
  const plan: ReleasePlan = { states: [], diagnostics: [], published: visible ? [config.sourceLanguage] : [] };
  if (!visible) {
    const from = publicFrom(release);
    plan.upcoming = { id: release.id, until: from.text, reason: from.reason };
  }
  for (const lng of config.targetLanguages) {
    const original = locales(lng);
    const entry = caughtUp(release, original, lng, config.sourceLanguage);
    let state = assessLanguage(release, entry?.locale, lng, entry?.file ?? localePath(lng, release.id), config, now, entry?.text, options);
    // Held all the same (a new paragraph, not a corrected one): the file as it is gives the
    // reasons, which tell to run extract, with its own line numbers.
    if (!state.publishes && entry !== original) state = assessLanguage(release, original?.locale, lng, original?.file ?? localePath(lng, release.id), config, now, original?.text, options);
    plan.states.push(state);
    plan.diagnostics.push(...state.diagnostics);
    if (state.publishes) plan.published.push(lng);
  }
  return plan;
}

/**
 * The locale file as extract would leave it, when the release holds German extract has not seen
 * yet: a paragraph corrected and committed without running extract (in GitHub's editor, say),
 * then built by CI. Its new key is in no locale file, so the release was held in every language
 * until someone ran extract — a correction unpublished it, which it must not. Extract's own
 * matching, run in memory, finds the entry the paragraph was (stale, its reviewed translation
 * kept as the published one) as the next extract will write it. Nothing is written; a file extract
 * could not read, or one that holds every key already (the usual case: a few map lookups), is
 * taken as it is.
 */
function caughtUp(release: ReleaseAnalysis, entry: ReturnType<LocaleLookup>, lng: string, sourceLanguage: string): ReturnType<LocaleLookup> {
  if (!entry || entry.text === undefined) return entry;
  const { entries } = entry.locale;
  if (release.segments.every((segment) => entries.has(segment.key))) return entry;
  const extracted = extractLocale(release, lng, sourceLanguage, { file: entry.file, text: entry.text });
  if (extracted.text === undefined) return entry;
  const read = readLocaleFile(extracted.text, entry.file, { release: release.id, language: lng, sourceLanguage });
  return read.locale ? { file: entry.file, locale: read.locale, text: extracted.text } : entry;
}

/** What every release's rendering shares: configuration, UI texts, renderers, images, feed formats. */
export interface RenderContext extends PublishContext {
  media: MediaIndex;
  renderers: ReadonlyMap<string, (markdown: string, pageUrl: string, treeOf: () => MdastRoot) => ReleaseHtml>;
  /** A language and the languages it falls back to (`fr-BE` → `fr`), as i18next resolves them. */
  fallbackChain(lng: string): readonly string[];
}

/**
 * The newest date among the releases public at `now` (undefined when none is): an empty feed's
 * `updated`, and whether there are feeds at all. Depends only on dates and embargoes, so it is
 * known before anything is rendered.
 */
export function newestPublic(releases: readonly Pick<ReleaseAnalysis, 'date' | 'embargo'>[], now: number): number | undefined {
  let newest = -Infinity;
  for (const release of releases) if (isPublic(release, now) && release.date.instant > newest) newest = release.date.instant;
  return Number.isFinite(newest) ? newest : undefined;
}

/** Creates the shared part of a build. `htmlCache` keeps rendered bodies between builds. */
export function createRenderContext(input: {
  config: Config;
  common: ReadonlyMap<string, CommonStrings>;
  media: MediaIndex;
  newest: number | undefined;
  /**
   * Whether the site has feeds (some release is public; default: `newest` is defined). Pages link
   * to the feeds; only feeds and indexes use `newest` itself, so per-release rendering may be
   * given this flag before the newest date is known.
   */
  feeds?: boolean;
  htmlCache?: ReleaseHtmlCache;
  /** rehype-raw once the shell has loaded it, for releases with raw HTML (see RawHtmlPlugin). */
  rawHtml?: () => RawHtmlPlugin | undefined;
}): RenderContext {
  const { config } = input;
  const languages = [config.sourceLanguage, ...config.targetLanguages];
  const urls = createSiteUrls(config.site.url);
  // UI texts come from the `common` namespace only; segment texts use an instance per release.
  const resources: Record<string, Record<string, Record<string, string>>> = {};
  for (const lng of new Set([...languages, ...input.common.keys()])) (resources[lng] ??= {})[COMMON_NAMESPACE] = input.common.get(lng) ?? {};
  const i18n = createI18n(resources, config.fallbacks);
  const ui = new Map<string, UiText>(languages.map((lng) => [lng, createUiText(i18n, lng, config.timeZone)]));
  const renderers = new Map(
    languages.map((lng) => {
      const text = ui.get(lng)!;
      const labels: ReleaseHtmlLabels = { footnotes: text.t('footnotes'), footnoteBack: (reference) => text.t('footnoteBack', { reference }) };
      const render = createReleaseRenderer(labels, urls, input.rawHtml);
      const cache = input.htmlCache;
      if (!cache) return [lng, render] as const;
      const cached = (markdown: string, pageUrl: string, treeOf: () => MdastRoot): ReleaseHtml => {
        const key = renderKey(markdown, pageUrl, labels);
        const known = cache.get(key);
        if (known) return known;
        const html = render(markdown, pageUrl, treeOf);
        cache.set(key, html);
        return html;
      };
      return [lng, cached] as const;
    }),
  );
  const chains = new Map<string, readonly string[]>();
  return {
    config,
    urls,
    languages,
    ui,
    fallbackChain: (lng) => {
      let chain = chains.get(lng);
      if (!chain) chains.set(lng, (chain = fallbackChain(i18n, lng)));
      return chain;
    },
    media: input.media,
    renderers,
    // An Atom feed needs an `updated` that is not the clock: with nothing public, no feeds yet.
    formats: (input.feeds ?? input.newest !== undefined) ? config.feeds.formats : [],
    ...(input.newest !== undefined ? { newest: input.newest } : {}),
  };
}

/** One release's part of a build. */
export interface ReleaseOutput {
  id: string;
  plan: ReleasePlan;
  /** Problems found while rendering (images, linked files); the plan has its own. */
  diagnostics: Diagnostic[];
  /** Its pages, by language (in `plan.published` order): `dist/` path → content. */
  files: [string, string][][];
  /** `dist/` path → project path of images it uses. */
  assets: [string, string][];
  /** The release as published in each language (`plan.published` order). */
  published: PublishedRelease[];
}

/**
 * Renders one release: merges the translations that pass the publish gate, renders the Markdown
 * and HTML pages of every language it is published in, and returns what feeds and indexes need.
 */
export function renderRelease(release: ReleaseAnalysis, locales: LocaleLookup, context: RenderContext, now: number, tree: () => MdastRoot): ReleaseOutput {
  const { config, urls, media } = context;
  const plan = planRelease(release, locales, config, now);
  const output: ReleaseOutput = { id: release.id, plan, diagnostics: [], files: [], assets: [], published: [] };
  if (plan.published.length === 0) return output;
  const translations = new Map<string, ReadonlyMap<string, string>>();
  for (const state of plan.states) if (state.publishes) translations.set(state.lng, state.translations);
  const resolved = resolveReleaseImage(release, urls, media);
  output.diagnostics.push(...resolved.diagnostics);
  const assets = new Map<string, string>();
  if (resolved.image?.path) assets.set(resolved.image.path, resolved.image.path);
  // The German tree is parsed once per release by the caller (or handed over from the build
  // cache: then no Markdown parser is loaded on the rendering threads); each language's tree is
  // derived from it.
  let german: MdastRoot | undefined;
  const germanTree = (): MdastRoot => (german ??= tree());
  for (const lng of plan.published) {
    const source = lng === config.sourceLanguage;
    const chain = context.fallbackChain(lng);
    // The translation along the language's fallback chain as i18next resolves it (`fr-BE` →
    // `fr`), read from the publish plan's maps: no i18next instance per release. Interpolation
    // and nesting never apply: a release that mentions `{{name}}` is published as written.
    const lookup = source
      ? () => undefined
      : (segment: { key: string }) => {
          for (const code of chain) {
            const value = translations.get(code)?.get(segment.key);
            if (value !== undefined) return value;
          }
          return undefined;
        };
    const markdown = source ? release.text : mergeRelease(release, lookup);
    const treeOf = source ? germanTree : () => translateTree(germanTree(), release, lookup);
    const html = context.renderers.get(lng)!(markdown, urls.page(lng, release.id), treeOf);
    if (source) {
      // Links and images come from the German (translations keep its URLs): check them once.
      output.diagnostics.push(...checkBodyFiles(release, html.localFiles, media));
      for (const file of html.localFiles) if (media.has(file)) assets.set(file, file);
    }
    const published = prepareRelease({
      analysis: release,
      lng,
      config,
      urls,
      markdown,
      html,
      dateLine: context.ui.get(lng)!.date(release.date.instant),
      lookup,
      ...(resolved.image ? { image: resolved.image } : {}),
      outdated: plan.states.find((state) => state.lng === lng)?.outdated ?? false,
      languages: plan.published,
    });
    output.published.push(published);
    output.files.push(renderReleaseFiles(published, context));
  }
  output.assets = [...assets];
  return output;
}
