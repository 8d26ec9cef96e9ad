import type { ReleaseAnalysis } from './analyze-release.js';
import type { CommonStrings } from './common-strings.js';
import type { Config } from './config.js';
import { compareText, type Diagnostic } from './diagnostic.js';
import type { RawHtmlPlugin, ReleaseHtmlCache } from './feed/release-html.js';
import type { LocaleFile } from './locale-file.js';
import type { MediaIndex } from './media.js';
import type { LanguageState } from './publish-gate.js';
import { createRenderContext, localePath, newestPublic, planRelease, renderRelease, type Upcoming } from './render-release.js';
import { assembleSite } from './render-site.js';
import { parseMarkdown } from './markdown.js';

/** What deciding who publishes where needs: sources, locale files, the moment. */
export interface PlanInput {
  config: Config;
  releases: ReleaseAnalysis[];
  /** lng → release id → locale file. */
  locales: Map<string, Map<string, { file: string; locale: LocaleFile; text?: string }>>;
  /** The moment embargoes are compared with (`--now`, or the clock). */
  now: number;
  /** Count the words left to do in each state (`status`; see LanguageState.words). */
  countWords?: boolean;
}

/** Everything a build reads, already parsed and validated by the shell. */
export interface SiteInput extends PlanInput {
  /** lng → UI strings (`locales/<lng>/common.yaml`): source, targets and parents of variants. */
  common: Map<string, CommonStrings>;
  /** The project's image files (`images/`): copied to `dist/` when used, sized for enclosures. */
  media: MediaIndex;
  /** Rendered release bodies from earlier builds (Markdown → HTML is the slow step). */
  htmlCache?: ReleaseHtmlCache;
  /** rehype-raw, needed when a release has raw HTML (see RawHtmlPlugin in feed/release-html.ts). */
  rawHtml?: RawHtmlPlugin;
}

export type { Upcoming };

/** Who publishes where: the publish gate applied to every release and language. */
export interface SitePlan {
  /** Sorted by id. */
  releases: ReleaseAnalysis[];
  states: LanguageState[];
  /** Releases held back by an embargo or a future date, with the moment they become public. */
  embargoed: Upcoming[];
  diagnostics: Diagnostic[];
  /** Release id → languages it is published in, source language first; empty while not public. */
  published: Map<string, string[]>;
}

/** A build's result: the files of `dist/` (relative paths) and the publish state of every release. */
export interface SiteOutput {
  files: Map<string, string>;
  /** `dist/` path → project path of files published as they are (the images releases use). */
  assets: Map<string, string>;
  states: LanguageState[];
  /** Releases held back by an embargo or a future date, with the moment they become public. */
  embargoed: Upcoming[];
  diagnostics: Diagnostic[];
}

/** Path of the locale file of a release in a language. */
export { localePath };

/**
 * Applies the publish gate: a release appears nowhere before its embargo (or its date), always
 * in the source language after it, and in a target language when all its segments there meet
 * `publish.require`. `status` shows this plan; `build` renders it.
 */
export function planSite(input: PlanInput): SitePlan {
  const { config, now } = input;
  const releases = [...input.releases].sort((a, b) => compareText(a.id, b.id));
  const states: LanguageState[] = [];
  const diagnostics: Diagnostic[] = [];
  const embargoed: Upcoming[] = [];
  const published = new Map<string, string[]>();
  for (const release of releases) {
    const plan = planRelease(release, (lng) => input.locales.get(lng)?.get(release.id), config, now, { countWords: input.countWords ?? false });
    if (plan.upcoming) embargoed.push(plan.upcoming);
    states.push(...plan.states);
    diagnostics.push(...plan.diagnostics);
    published.set(release.id, plan.published);
  }
  return { releases, states, embargoed, diagnostics, published };
}

/**
 * Builds the site: for every public release a Markdown and an HTML page in the source language
 * and in each target language whose publish gate is open; per language RSS, Atom and JSON feeds
 * and an index page; the OPML list and a root page. A release held in a language appears nowhere
 * in that language's output, and German text never stands in for a missing translation. Pure:
 * the same input gives the same files, byte for byte.
 */
export function buildSite(input: SiteInput): SiteOutput {
  const { config, now } = input;
  // One release at a time (see render-release.ts): the build cache and the worker threads call
  // the same functions for the releases that changed, so both paths give the same bytes.
  const context = createRenderContext({
    config,
    common: input.common,
    media: input.media,
    newest: newestPublic(input.releases, now),
    ...(input.htmlCache ? { htmlCache: input.htmlCache } : {}),
    rawHtml: () => input.rawHtml,
  });
  const releases = [...input.releases].sort((a, b) => compareText(a.id, b.id));
  const outputs = releases.map((release) => renderRelease(release, (lng) => input.locales.get(lng)?.get(release.id), context, now, () => parseMarkdown(release.text)));
  return assembleSite(outputs, context);
}
