import type { Diagnostic } from './diagnostic.js';
import type { PublishedRelease } from './feed/prepare-release.js';
import { renderLanguageFeeds, renderLanguageFiles, renderLanguageIndex, renderSiteFiles } from './feed/site-files.js';
import type { LanguageState } from './publish-gate.js';
import type { ReleaseOutput, RenderContext, Upcoming } from './render-release.js';

/**
 * The site-wide part of a build: each language's feeds and index, the OPML list and the root
 * page, from what the releases rendered (render-release.ts). A module of its own so that
 * rendering a release does not load the feed and XML libraries.
 */

/** The feeds and index page of one language, from every release published in it. */
export function renderLanguagePages(lng: string, releases: readonly PublishedRelease[], context: RenderContext): [string, string][] {
  return renderLanguageFiles(lng, releases, context);
}

/** One language's feeds alone (the incremental build keeps them apart from its index page). */
export function renderLanguageFeedPages(lng: string, releases: readonly PublishedRelease[], context: RenderContext): [string, string][] {
  return renderLanguageFeeds(lng, releases, context);
}

/** One language's index page alone. */
export function renderLanguageIndexPage(lng: string, releases: readonly PublishedRelease[], context: RenderContext): [string, string][] {
  return [renderLanguageIndex(lng, releases, context)];
}

/** The OPML list and the root page, which list every language. */
export function renderSitePages(context: RenderContext): [string, string][] {
  return renderSiteFiles(context);
}

/** A whole build from its releases' outputs (sorted by id), as `buildSite` returns it. */
export function assembleSite(outputs: readonly ReleaseOutput[], context: RenderContext): {
  files: Map<string, string>;
  assets: Map<string, string>;
  states: LanguageState[];
  embargoed: Upcoming[];
  diagnostics: Diagnostic[];
} {
  const byLanguage = new Map<string, PublishedRelease[]>(context.languages.map((lng) => [lng, []]));
  const pages = new Map<string, [string, string][]>(context.languages.map((lng) => [lng, []]));
  const assets = new Map<string, string>();
  const states: LanguageState[] = [];
  const embargoed: Upcoming[] = [];
  const planDiagnostics: Diagnostic[] = [];
  const renderDiagnostics: Diagnostic[] = [];
  for (const output of outputs) {
    states.push(...output.plan.states);
    if (output.plan.upcoming) embargoed.push(output.plan.upcoming);
    planDiagnostics.push(...output.plan.diagnostics);
    renderDiagnostics.push(...output.diagnostics);
    for (const [target, source] of output.assets) assets.set(target, source);
    output.published.forEach((release, index) => {
      byLanguage.get(release.lng)?.push(release);
      pages.get(release.lng)?.push(...(output.files[index] ?? []));
    });
  }
  const files = new Map<string, string>();
  for (const lng of context.languages) {
    for (const [path, content] of pages.get(lng)!) files.set(path, content);
    for (const [path, content] of renderLanguagePages(lng, byLanguage.get(lng)!, context)) files.set(path, content);
  }
  for (const [path, content] of renderSitePages(context)) files.set(path, content);
  return { files, assets, states, embargoed, diagnostics: [...planDiagnostics, ...renderDiagnostics] };
}
