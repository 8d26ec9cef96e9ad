import type { ReleaseAnalysis } from './analyze-release.js';
import type { Config } from './config.js';
import { diagnostic, type Diagnostic } from './diagnostic.js';
import type { LocaleFile } from './locale-file.js';
import { readLocale } from './read-locale.js';

import { NON_RELEASE_FILES } from './locale-fields.js';

export { NON_RELEASE_FILES };

/**
 * Parses every locale file of the project. A locale file whose release does not exist is an
 * error (it would otherwise be silently ignored, and its translations with it).
 */
export function readLocales(
  files: Map<string, { file: string; text: string }[]>,
  releases: Pick<ReleaseAnalysis, 'id'>[] | Set<string>,
  config: Config,
): { locales: Map<string, Map<string, { file: string; locale: LocaleFile; text: string }>>; diagnostics: Diagnostic[] } {
  const ids = releases instanceof Set ? releases : new Set(releases.map((r) => r.id));
  const locales = new Map<string, Map<string, { file: string; locale: LocaleFile; text: string }>>();
  const diagnostics: Diagnostic[] = [];
  for (const [lng, list] of files) {
    const byRelease = new Map<string, { file: string; locale: LocaleFile; text: string }>();
    locales.set(lng, byRelease);
    for (const { file, text } of list) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      if (NON_RELEASE_FILES.has(name)) continue;
      const id = name.replace(/\.yaml$/, '');
      if (!ids.has(id)) {
        diagnostics.push(
          diagnostic('LOCALE_ORPHAN', 'error', file, `is a locale file for release ${id}, but releases/${id}.md does not exist`, {
            line: 1,
            hint: `if the release was renamed, rename this file to the new id (and \`release:\` inside it); if it was withdrawn, move the file out of locales/`,
          }),
        );
        continue;
      }
      const read = readLocale(text, file, { release: id, language: lng, sourceLanguage: config.sourceLanguage });
      diagnostics.push(...read.diagnostics);
      if (read.locale) byRelease.set(id, { file, locale: read.locale, text });
    }
  }
  return { locales, diagnostics };
}
