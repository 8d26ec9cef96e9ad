import type { ReleaseAnalysis } from './analyze-release.js';
import type { Config } from './config.js';
import { compareText, type Diagnostic } from './diagnostic.js';
import { createI18n, segmentText } from './i18n.js';
import type { LocaleFile } from './locale-file.js';
import { mergeRelease } from './merge.js';
import { assessLanguage, type LanguageState } from './publish-gate.js';
import { renderPage } from './render-page.js';

/** Everything a build reads, already parsed and validated by the shell. */
export interface SiteInput {
  config: Config;
  releases: ReleaseAnalysis[];
  /** lng → release id → locale file. */
  locales: Map<string, Map<string, { file: string; locale: LocaleFile }>>;
  /** The moment embargoes are compared with (`--now`, or the clock). */
  now: number;
}

/** A build's result: the files of `dist/` (relative paths) and the publish state of every release. */
export interface SiteOutput {
  files: Map<string, string>;
  states: LanguageState[];
  /** Releases held back by an embargo, with the moment they become public. */
  embargoed: { id: string; until: string }[];
  diagnostics: Diagnostic[];
}

/** Path of the locale file of a release in a language. */
export function localePath(lng: string, id: string): string {
  return `locales/${lng}/${id}.yaml`;
}

/**
 * Builds the site: for every release past its embargo, the German page and a page in each target
 * language whose publish gate is open; a release held in a language appears nowhere in it.
 */
export function buildSite(input: SiteInput): SiteOutput {
  const { config, now } = input;
  const files = new Map<string, string>();
  const states: LanguageState[] = [];
  const diagnostics: Diagnostic[] = [];
  const embargoed: { id: string; until: string }[] = [];
  const releases = [...input.releases].sort((a, b) => compareText(a.id, b.id));
  const resources: Record<string, Record<string, Record<string, string>>> = {};

  const published = new Map<string, string[]>();
  for (const release of releases) {
    if (release.embargo && release.embargo.instant > now) {
      embargoed.push({ id: release.id, until: release.embargo.text });
    }
    const languages: string[] = [];
    for (const lng of config.targetLanguages) {
      const entry = input.locales.get(lng)?.get(release.id);
      const state = assessLanguage(release, entry?.locale, lng, entry?.file ?? localePath(lng, release.id), config, now);
      states.push(state);
      diagnostics.push(...state.diagnostics);
      if (state.publishes) {
        languages.push(lng);
        ((resources[lng] ??= {})[release.id] = Object.fromEntries(state.translations));
      }
    }
    published.set(release.id, languages);
  }

  const i18n = createI18n(resources, config.fallbacks);
  const stateOf = new Map(states.map((s) => [`${s.release}\u0000${s.lng}`, s]));
  for (const release of releases) {
    if (release.embargo && release.embargo.instant > now) continue;
    const languages = published.get(release.id) ?? [];
    const all = [config.sourceLanguage, ...languages];
    const alternatesFor = (lng: string): Record<string, string> =>
      Object.fromEntries(all.filter((other) => other !== lng).map((other) => [other, `../${other}/${release.id}.md`]));
    files.set(
      `${config.sourceLanguage}/${release.id}.md`,
      renderPage(release.text, { lng: config.sourceLanguage, alternates: alternatesFor(config.sourceLanguage), outdated: false }),
    );
    for (const lng of languages) {
      const merged = mergeRelease(release, (segment) => segmentText(i18n, release.id, lng, segment.key));
      const state = stateOf.get(`${release.id}\u0000${lng}`);
      files.set(`${lng}/${release.id}.md`, renderPage(merged, { lng, alternates: alternatesFor(lng), outdated: state?.outdated ?? false }));
    }
  }
  return { files, states, embargoed, diagnostics };
}
