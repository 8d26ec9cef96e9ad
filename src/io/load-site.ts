import { analyzeRelease, type ReleaseAnalysis } from '../core/analyze-release.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { LocaleFile } from '../core/locale-file.js';
import { readLocales } from '../core/read-locales.js';
import { listFiles, readProjectFiles, type Project, type ProjectFile } from './project.js';

/** The project's sources and locale files, read and parsed. */
export interface LoadedSite {
  sources: ProjectFile[];
  releases: ReleaseAnalysis[];
  localeTexts: Map<string, ProjectFile[]>;
  locales: Map<string, Map<string, { file: string; locale: LocaleFile }>>;
  diagnostics: Diagnostic[];
}

/** Reads every source release and analyses it (parse + segment). */
export async function loadReleases(project: Project): Promise<{ sources: ProjectFile[]; releases: ReleaseAnalysis[]; diagnostics: Diagnostic[] }> {
  const sources = await readProjectFiles(project, await listFiles(project, 'releases', '.md'));
  const releases: ReleaseAnalysis[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    const result = analyzeRelease(source.file, source.text, project.config);
    diagnostics.push(...result.diagnostics);
    if (result.analysis) releases.push(result.analysis);
  }
  return { sources, releases, diagnostics };
}

/** Reads the locale files of every target language. */
export async function loadLocaleTexts(project: Project): Promise<Map<string, ProjectFile[]>> {
  const result = new Map<string, ProjectFile[]>();
  for (const lng of project.config.targetLanguages) {
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
