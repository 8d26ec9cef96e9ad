import type { ReleaseAnalysis } from '../core/analyze-release.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { LocaleFile } from '../core/locale-file.js';
import { join } from 'node:path';
import { ChangedMeanwhileError } from './atomic-write.js';
import { BuildCache } from './cache.js';
import { changedInput, INPUT_CHANGED_ATTEMPTS } from './input-changed.js';
import { hashInputs, idOf, ignoredLocaleDiagnostics, ignoredReleaseDiagnostics, localePathOf, orphanLocaleDiagnostics, readText, splitIntoBatches } from './input-files.js';
import { analysisKey } from './analysis-record.js';
import { listFiles, type Project } from './project.js';
import type { ExtractCheckInput, ExtractCheckOutput, LocaleInput } from './release-tasks.js';
import { runBatches, workerCount } from './workers.js';

/** At most this many releases to check get the analysis key of their last version (see prepare). */
const HINTED_RELEASES = 8;

/** A locale file extract has to (re)write, with what `extractLocale` needs for it. */
export interface PendingLocale {
  release: ReleaseAnalysis;
  lng: string;
  file: string;
  /** The file as it is now; undefined when it does not exist yet. */
  existing?: { file: string; text: string };
}

/** What extract has to do, found with as little work as the cache allows. */
export interface ExtractPlan {
  /** Releases whose source parsed (the count extract reports). */
  releaseCount: number;
  /** Problems in sources and locale files. */
  diagnostics: Diagnostic[];
  /** Locale files that need extract's work, in release order, then the release's language order. */
  pending: PendingLocale[];
  /**
   * Every readable locale file of a language (for the translation memory), read on first call;
   * extract asks only when a new segment needs the memory.
   */
  localesOf(lng: string): Promise<LocaleFile[]>;
  /** Records what this run verified, so the next run with the same inputs skips it. */
  finish(written: readonly string[]): void;
}

/** What the cache remembers about one release after a run: enough to skip it next time. */
interface ReleaseRecord {
  hash: string;
  analyzed: boolean;
  diagnostics: Diagnostic[];
  locales: Record<string, { hash: string; diagnostics: Diagnostic[]; current: boolean }>;
}

interface ExtractState {
  releases: Record<string, ReleaseRecord>;
}

/**
 * Finds what `extract` has to do. A release is skipped when its source and all its locale files
 * have the content they had when a previous run found every one of them up to date (content
 * hashes, looked up by stat like git's index). The others are checked — parsed (or taken from the
 * analysis cache) and compared with their locale files — in batches, on worker threads when
 * there are many. Only locale files that extract would change come back as `pending`.
 */
export async function planExtract(project: Project, listed?: { releaseFiles: string[]; localeLists: string[][] }, attempt = 1): Promise<ExtractPlan> {
  const { config, root } = project;
  const cache = project.cache ?? BuildCache.open(root, { enabled: false, buildId: '', configText: '' });
  // The files as the caller listed them (with their InputStamp, see cli/last-run.ts), or listed now.
  const [releaseFiles, ...localeLists] = listed
    ? [listed.releaseFiles, ...listed.localeLists]
    : await Promise.all([
        listFiles(project, 'releases', '.md'),
        ...config.targetLanguages.map((lng) => listFiles(project, `locales/${lng}`, '.yaml')),
      ]);
  const ids = new Set(releaseFiles.map(idOf));
  const localeFiles = new Set(localeLists.flat());
  const state = cache.readState<ExtractState>('extract-state');
  const previous = state && typeof state.releases === 'object' ? state.releases : {};
  const next: Record<string, ReleaseRecord> = {};
  const diagnostics: Diagnostic[] = [];
  let releaseCount = 0;

  // Stat pass: known hashes without reading; a few unknown files are read and hashed right away.
  const allFiles = [...releaseFiles, ...releaseFiles.flatMap((file) => config.targetLanguages.map((lng) => localePathOf(lng, idOf(file))))];
  const { known } = hashInputs(
    cache,
    allFiles.filter((file) => !file.startsWith('locales/') || localeFiles.has(file)),
    { hashAll: Object.keys(previous).length > 0 },
  );
  for (const file of allFiles) if (!known.has(file) && file.startsWith('locales/') && !localeFiles.has(file)) known.set(file, { hash: '' });

  const toCheck: ExtractCheckInput[] = [];
  for (const file of releaseFiles) {
    const id = idOf(file);
    const record = previous[file];
    const source = known.get(file);
    const clean =
      record !== undefined &&
      source !== undefined &&
      record.hash === source.hash &&
      config.targetLanguages.every((lng) => {
        const locale = known.get(localePathOf(lng, id));
        const verdict = record.locales?.[lng];
        return locale !== undefined && verdict !== undefined && verdict.current && verdict.hash === locale.hash;
      });
    if (clean) {
      next[file] = record;
      if (record.analyzed) releaseCount++;
      diagnostics.push(...record.diagnostics);
      for (const lng of config.targetLanguages) diagnostics.push(...record.locales[lng]!.diagnostics);
      continue;
    }
    toCheck.push({
      file,
      hash: source?.hash ?? '',
      analysisKey: '',
      locales: config.targetLanguages.map((lng) => ({ lng, file: localePathOf(lng, id), hash: known.get(localePathOf(lng, id))?.hash ?? '' })),
    });
  }

  // Check the rest. A file whose hash is known (by stat), or that was read above, goes as it is;
  // the checking thread reads the others itself and sends back their hashes and stats, so this
  // thread neither reads nor hashes nor copies across every file of a cold run.
  const prepare = (release: ExtractCheckInput): ExtractCheckInput => {
    const locales: LocaleInput[] = release.locales.map((locale) => {
      if (!localeFiles.has(locale.file)) return { lng: locale.lng, file: locale.file, hash: '' };
      const entry = known.get(locale.file);
      if (entry === undefined) return { lng: locale.lng, file: locale.file, hash: '', unread: true };
      if (entry.text !== undefined) known.set(locale.file, { hash: entry.hash });
      return entry.text === undefined ? { lng: locale.lng, file: locale.file, hash: entry.hash } : { lng: locale.lng, file: locale.file, hash: entry.hash, text: entry.text };
    });
    const source = known.get(release.file);
    if (source === undefined) return { file: release.file, hash: '', analysisKey: '', unread: true, locales };
    if (source.text !== undefined) known.set(release.file, { hash: source.hash });
    const prepared: ExtractCheckInput = { file: release.file, hash: source.hash, analysisKey: analysisKey(cache.namespace, release.file, source.hash), locales };
    if (source.text !== undefined) prepared.text = source.text;
    // An edit of a few releases parses them on this thread: the dates of their last analysis
    // spare it the time zone's first conversion (ParseHints).
    const earlier = previous[release.file]?.hash;
    if (toCheck.length <= HINTED_RELEASES && earlier && earlier !== source.hash) prepared.previousAnalysisKey = analysisKey(cache.namespace, release.file, earlier);
    return prepared;
  };
  const threads = workerCount(toCheck.length);
  const batches = splitIntoBatches(toCheck, threads).map((releases) => ({ root, cacheFolder: cache.recordFolder, namespace: cache.namespace, config, releases }));
  let checkedBatches: ExtractCheckOutput[][];
  try {
    checkedBatches = await runBatches(
      'check-extract',
      batches,
      threads,
      (batch) => ({ ...batch, releases: batch.releases.map(prepare) }),
      (batch) => {
        // What the checking threads read for this one: into the stat index, as if read here.
        for (const output of batch) {
          for (const { file, hash, stats } of output.hashed) {
            known.set(file, { hash });
            cache.remember(file, stats, hash);
          }
          output.hashed = [];
        }
        return batch;
      },
      2,
    );
  } catch (error) {
    // A file saved after this run took its hash from the stat index, before a checking task read
    // it (input-changed.ts): nothing was written. The check starts over with the inputs statted
    // anew (not as the command's input stamp saw them at its start), so that it reads whatever
    // was saved meanwhile.
    const changed = changedInput(error);
    if (changed === undefined) throw error;
    if (attempt >= INPUT_CHANGED_ATTEMPTS) throw new ChangedMeanwhileError(join(root, changed));
    cache.useStats(() => undefined);
    return planExtract(project, listed, attempt + 1);
  }
  const outputs = checkedBatches.flat();

  const checked = new Map<string, ExtractCheckOutput>(outputs.map((output) => [output.file, output]));
  const pending: PendingLocale[] = [];
  for (const file of releaseFiles) {
    const output = checked.get(file);
    if (!output) continue;
    diagnostics.push(...output.diagnostics);
    if (output.analyzed) releaseCount++;
    const byLanguage = new Map(output.locales.map((locale) => [locale.lng, locale]));
    for (const locale of output.locales) diagnostics.push(...locale.diagnostics);
    next[file] = {
      hash: known.get(file)?.hash ?? '',
      analyzed: output.analyzed,
      diagnostics: output.diagnostics,
      locales: Object.fromEntries(output.locales.map((locale) => [locale.lng, { hash: locale.hash, diagnostics: locale.diagnostics, current: locale.current }])),
    };
    if (!output.analysis) continue;
    for (const lng of output.languages) {
      const locale = byLanguage.get(lng);
      if (!locale || locale.current) continue;
      const item: PendingLocale = { release: output.analysis, lng, file: locale.file };
      if (locale.hash !== '') item.existing = { file: locale.file, text: readText(root, locale.file) };
      pending.push(item);
    }
  }

  // Locale files of releases that do not exist (and anything else the per-release check did not
  // cover) go through the full reader, which reports them.
  diagnostics.push(...(await orphanLocaleDiagnostics(root, localeFiles, ids, config)), ...ignoredReleaseDiagnostics(root, project.listing), ...ignoredLocaleDiagnostics(root, config.targetLanguages, project.listing));

  const loaded = new Map<string, Promise<LocaleFile[]>>();
  return {
    releaseCount,
    diagnostics,
    pending,
    localesOf(lng) {
      let result = loaded.get(lng);
      if (!result) {
        result = readAllLocales(project, lng, ids);
        loaded.set(lng, result);
      }
      return result;
    },
    finish(written) {
      // A file extract wrote is checked again next time rather than assumed up to date.
      for (const file of written) {
        const [, lng, name] = file.split('/');
        const record = next[`releases/${name!.replace(/\.yaml$/, '.md')}`];
        const verdict = record?.locales[lng!];
        if (verdict) verdict.current = false;
      }
      // Nothing re-checked, written or removed: the state on disk is already this one.
      const changed = toCheck.length > 0 || written.length > 0 || Object.keys(previous).length !== Object.keys(next).length;
      if (changed) cache.writeState('extract-state', { releases: next } satisfies ExtractState);
      cache.save();
    },
  };
}





/** Every locale file of `lng` that belongs to a release and reads without errors. */
async function readAllLocales(project: Project, lng: string, ids: Set<string>): Promise<LocaleFile[]> {
  const [{ readLocaleFileFast }, { readLocaleFile }] = await Promise.all([import('../core/locale-file-fast.js'), import('../core/locale-file.js')]);
  const files = await listFiles(project, `locales/${lng}`, '.yaml');
  const result: LocaleFile[] = [];
  for (const file of files) {
    const id = idOf(file);
    if (!ids.has(id)) continue;
    const text = readText(project.root, file);
    const expected = { release: id, language: lng, sourceLanguage: project.config.sourceLanguage };
    const locale = readLocaleFileFast(text, expected) ?? readLocaleFile(text, file, expected).locale;
    if (locale) result.push(locale);
  }
  return result;
}
