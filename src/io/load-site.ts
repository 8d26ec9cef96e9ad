import { join } from 'node:path';
import type { ReleaseAnalysis } from '../core/analyze-release.js';
import { parseCommonStrings, type CommonStrings } from '../core/common-strings.js';
import { diagnostic, type Diagnostic } from '../core/diagnostic.js';
import type { LocaleFile } from '../core/locale-file.js';
import { readLocales } from '../core/read-locales.js';
import { analysisKey } from './analysis-record.js';
import { contentHash } from './content-hash.js';
import { loadAnalysis } from './release-tasks.js';
import { inputChanged } from './input-changed.js';
import { readFileNamedSync } from './read-file.js';
import { listFiles, readProjectFiles, stripBom, type Project, type ProjectFile } from './project.js';

/** The project's sources and locale files, read and parsed. */
export interface LoadedSite {
  sources: ProjectFile[];
  releases: ReleaseAnalysis[];
  localeTexts: Map<string, ProjectFile[]>;
  locales: Map<string, Map<string, { file: string; locale: LocaleFile }>>;
  diagnostics: Diagnostic[];
}

/**
 * Reads every source release and analyses it (parse + segment). With the project's build cache
 * (`status`), a release extract or build analysed before is read from the cache instead of parsed
 * (the same record, under the same key: file, content hash, configuration, Presslate's build), and
 * one parsed here is stored for them: at 1,000 releases parsing took `status` 5 s here.
 */
export async function loadReleases(project: Project): Promise<{ sources: ProjectFile[]; releases: ReleaseAnalysis[]; diagnostics: Diagnostic[] }> {
  const folder = project.cache?.recordFolder ?? null;
  const namespace = project.cache?.namespace ?? '';
  const sources: ProjectFile[] = [];
  const releases: ReleaseAnalysis[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of await listFiles(project, 'releases', '.md')) {
    const bytes = readFileNamedSync(join(project.root, file));
    const text = stripBom(bytes.toString('utf8'));
    sources.push({ file, text });
    const key = folder ? analysisKey(namespace, file, contentHash(bytes)) : '';
    const loaded = await loadAnalysis(folder, key, file, text, project.root, project.config);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.analysis) releases.push(loaded.analysis);
  }
  return { sources, releases, diagnostics };
}

/** Reads the locale files of every target language (or of `languages`). */
export async function loadLocaleTexts(project: Project, languages: readonly string[] = project.config.targetLanguages): Promise<Map<string, ProjectFile[]>> {
  const result = new Map<string, ProjectFile[]>();
  for (const lng of languages) {
    result.set(lng, await readProjectFiles(project, await listFiles(project, `locales/${lng}`, '.yaml')));
  }
  return result;
}

/** Reads and parses everything a build or a status report needs. */
export async function loadSite(project: Project): Promise<LoadedSite> {
  const [{ sources, releases, diagnostics }, localeTexts] = await Promise.all([loadReleases(project), loadLocaleTexts(project)]);
  const ids = new Set(sources.map((s) => s.file.replace(/^releases\//, '').replace(/\.md$/, '')));
  const read = readLocales(localeTexts, ids, project.config);
  return { sources, releases, localeTexts, locales: read.locales, diagnostics: [...diagnostics, ...read.diagnostics] };
}

/**
 * Reads and checks `locales/<lng>/common.yaml` (the UI strings of pages and feeds) for the source
 * language, every target language and the parents of language variants (`fallbacks`). A missing or
 * broken file is an error naming the file; a variant may leave out texts, or the whole file.
 */
export async function loadCommonStrings(
  project: Project,
  hashOf?: (file: string) => string | undefined,
): Promise<{ common: Map<string, CommonStrings>; diagnostics: Diagnostic[] }> {
  const { config } = project;
  const common = new Map<string, CommonStrings>();
  const diagnostics: Diagnostic[] = [];
  const parents = Object.values(config.fallbacks).flat();
  for (const lng of new Set([config.sourceLanguage, ...config.targetLanguages, ...parents])) {
    const file = `locales/${lng}/common.yaml`;
    let text: string;
    try {
      const bytes = readFileNamedSync(join(project.root, file));
      // Read by the hash the caller keys its record with: saved since, it must start over
      // (input-changed.ts), or the strings of the save would be stored under the old hash.
      const expected = hashOf?.(file);
      if (expected !== undefined && contentHash(bytes) !== expected) throw inputChanged(file);
      text = stripBom(bytes.toString('utf8'));
    } catch (error) {
      // Not there: COMMON_MISSING. A folder, a named pipe, a file it may not read, `locales` or
      // `locales/<lng>` a file (ENOTDIR): the file system's own words with the path
      // (run-command.ts), not "does not exist".
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // A language variant may leave every text to its parent language (i18next fallbacks).
      if ((config.fallbacks[lng] ?? []).length > 0) continue;
      diagnostics.push(
        diagnostic('COMMON_MISSING', 'error', file, 'does not exist: pages and feeds in this language need its texts (feed title, date format, photo credit)', {
          lng,
          hint: 'copy the common.yaml of another language and translate its texts; every key is described under "common.yaml" in the documentation',
        }),
      );
      continue;
    }
    const parsed = parseCommonStrings(text, file, lng, { partial: (config.fallbacks[lng] ?? []).length > 0 });
    diagnostics.push(...parsed.diagnostics);
    if (parsed.strings) common.set(lng, parsed.strings);
  }
  return { common, diagnostics };
}
