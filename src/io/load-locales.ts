import type { Diagnostic } from '../core/diagnostic.js';
import type { LocaleFile } from '../core/locale-file.js';
import { readLocales } from '../core/read-locales.js';
import { loadLocaleTexts } from './load-site.js';
import { listFiles, type Project } from './project.js';

/** A parsed locale file with its path and text (the text gives checks and import exact positions). */
export interface LoadedLocale {
  file: string;
  text: string;
  locale: LocaleFile;
}

/**
 * Reads and parses the locale files of every target language (or of `languages`) without parsing
 * the releases (only their ids are needed to tell orphaned locale files): what check, export and
 * import need.
 */
export async function loadLocales(
  project: Project,
  languages: readonly string[] = project.config.targetLanguages,
): Promise<{ locales: LoadedLocale[]; releaseIds: Set<string>; diagnostics: Diagnostic[] }> {
  const [texts, releaseIds] = await Promise.all([loadLocaleTexts(project, languages), listReleaseIds(project)]);
  const read = readLocales(texts, releaseIds, project.config);
  const textOf = new Map<string, string>();
  for (const list of texts.values()) for (const { file, text } of list) textOf.set(file, text);
  const locales: LoadedLocale[] = [];
  for (const byRelease of read.locales.values()) {
    for (const { file, locale } of byRelease.values()) locales.push({ file, text: textOf.get(file) ?? '', locale });
  }
  locales.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { locales, releaseIds, diagnostics: read.diagnostics };
}

/** The ids of the project's releases (`releases/<id>.md`). */
export async function listReleaseIds(project: Project): Promise<Set<string>> {
  return new Set((await listFiles(project, 'releases', '.md')).map((file) => file.replace(/^releases\//, '').replace(/\.md$/, '')));
}
