/**
 * `presslate build` without redoing what did not change: hashes the inputs, returns the last
 * build's result when nothing changed, and otherwise runs the stages of an incremental build in
 * turn — rendering the stale releases (render-releases.ts), the site-wide files
 * (build-site-files.ts), updating `dist/` (update-dist.ts) and saving the records for the next
 * build (save-build-state.ts) — starting over when an input changed while it was read or a
 * record it relies on is missing. The records and their shapes are in build-records.ts, what the
 * stages share in build-run.ts, the inputs besides releases and locale files in build-inputs.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { nextPublication } from '../core/embargo.js';
import type { LanguageState } from '../core/publish-gate.js';
import type { Upcoming } from '../core/render-release.js';
import { cachedCommonStrings, listCommonFiles, scanMedia } from './build-inputs.js';
import { MissingRecord, type BuildResult, type BuildState, type BuildSummary } from './build-records.js';
import type { BuildRun } from './build-run.js';
import { buildSiteFiles } from './build-site-files.js';
import { BuildCache } from './cache.js';
import { combineHash, contentHash } from './content-hash.js';
import { keepsRecords, readKeyedRecord, writeKeyedRecord } from './whole-records.js';
import { readRecord, writeRecord } from './record-file.js';
import { hashInputs, idOf, ignoredLocaleDiagnostics, ignoredReleaseDiagnostics, orphanLocaleDiagnostics } from './input-files.js';
import { listFiles, type Project } from './project.js';
import { ChangedMeanwhileError } from './atomic-write.js';
import { changedInput, INPUT_CHANGED_ATTEMPTS } from './input-changed.js';
import { OutputManifest, unchangedOutput, type FileStamps } from './output-manifest.js';
import { renderReleases, type RenderedReleases } from './render-releases.js';
import { saveBuildState } from './save-build-state.js';
import { StagedWrites } from './staged-writes.js';
import { updateDist } from './update-dist.js';

export type { BuildResult } from './build-records.js';

/**
 * Builds `dist/` doing only the work that changed since the last build (see "Performance and the build cache" in README.md):
 *
 * 1. Inputs are hashed (by stat where the index knows them). When they, the images, the clock's
 *    effect (which releases are public) and the output folder are all as last time, and no folder
 *    of `dist/` changed since the last build (output-manifest.ts), the recorded result is
 *    returned: nothing is parsed, rendered or written.
 * 2. Otherwise each release whose inputs changed — or whose pages in `dist/` were touched — is
 *    rendered again (on worker threads when there are many), the feeds and index of a language
 *    only when what they list changed, and only files whose content changed are written.
 *
 * The output is byte for byte what `buildSite` gives for the same inputs: the same functions
 * (core/render-release.ts) render every release, and the tests compare the two.
 */
export async function buildProject(project: Project, options: { now: number; out: string }): Promise<BuildResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await buildFromRecords(project, options);
    } catch (error) {
      // An input saved after this build took its hash from the stat index, before a rendering
      // task read it (input-changed.ts): nothing was written. The build starts over with the
      // inputs statted anew (not as the command's input stamp saw them at its start), so that it
      // reads whatever was saved meanwhile.
      const changed = changedInput(error);
      if (changed === undefined) throw error;
      if (attempt >= INPUT_CHANGED_ATTEMPTS) throw new ChangedMeanwhileError(join(project.root, changed));
      project.cache?.useStats(() => undefined);
    }
  }
}

/** buildOnce with the records of the cache, else without them (see MissingRecord). */
async function buildFromRecords(project: Project, options: { now: number; out: string }): Promise<BuildResult> {
  try {
    return await buildOnce(project, options, false);
  } catch (error) {
    if (!(error instanceof MissingRecord)) throw error;
  }
  try {
    return await buildOnce(project, options, true);
  } catch (error) {
    if (!(error instanceof MissingRecord)) throw error;
  }
  // Records written in this very build are missing too: the cache cannot be written (say
  // `.presslate-cache` is a file), which is no error. Build as --no-cache does, with a scratch folder.
  return buildOnce(project, options, true, true);
}

async function buildOnce(project: Project, options: { now: number; out: string }, ignoreRecords: boolean, scratchRecords = false): Promise<BuildResult> {
  const { config, root } = project;
  const cache = project.cache ?? BuildCache.open(root, { enabled: false, buildId: '', configText: '' });
  const out = resolve(root, options.out);
  const now = options.now;

  // --- Inputs --------------------------------------------------------------------------------
  const languages = [config.sourceLanguage, ...config.targetLanguages];
  const [releaseFiles, localeLists, commonFiles, { media, stamp: mediaStamp }] = await Promise.all([
    listFiles(project, 'releases', '.md'),
    Promise.all(config.targetLanguages.map((lng) => listFiles(project, `locales/${lng}`, '.yaml'))),
    listCommonFiles(project),
    Promise.resolve(scanMedia(root, (path) => cache.statOf(path), project.listing)),
  ]);
  const localeFiles = new Set(localeLists.flat());
  const ids = new Set(releaseFiles.map(idOf));
  const allInputs = [...releaseFiles, ...localeFiles, ...commonFiles];
  const summary = cache.readState<BuildSummary>('build-summary');
  // With records of an earlier build, every input is hashed now: records are keyed by content.
  const { known } = hashInputs(cache, allInputs, { hashAll: summary !== undefined });
  // The UI strings are part of every release's key: their hashes are needed now, however many
  // other files are unknown (a key made with a stand-in would match nothing next time).
  for (const file of commonFiles) if (!known.has(file)) known.set(file, { hash: cache.hashFile(file).hash });
  const mediaKey = combineHash(...[...media].flatMap(([path, file]) => [path, file.length, file.type]));
  const commonKey = combineHash(...commonFiles.flatMap((file) => [file, known.get(file)?.hash ?? '?']));

  // --- 1. Nothing changed? ----------------------------------------------------------------------
  // What releases/ and the language folders hold besides their files is warned about; which
  // entries those are, and why, is an input.
  const ignored = [...ignoredReleaseDiagnostics(root, project.listing), ...ignoredLocaleDiagnostics(root, config.targetLanguages, project.listing)];
  /** The key of everything a build's result depends on, given when each release becomes public. */
  const resultKey = (publicAt: Record<string, number> | undefined): string | undefined =>
    allInputs.every((file) => known.has(file))
      ? combineHash(
          cache.namespace,
          out,
          mediaKey,
          ...ignored.map((d) => `${d.file}\u0000${d.message}`),
          ...allInputs.flatMap((file) => [file, known.get(file)!.hash]),
          ...releaseFiles.map((file) => (publicAt?.[file] !== undefined ? publicAt[file]! <= now : 'unknown')),
        )
      : undefined;
  const inputsKey = resultKey(summary?.publicAt);
  if (
    !ignoreRecords &&
    summary &&
    inputsKey !== undefined &&
    summary.inputsKey === inputsKey &&
    summary.out === out &&
    summary.mediaStamp === mediaStamp &&
    new OutputManifest(out, () => ({}), summary.folders ?? {}).unchanged()
  ) {
    cache.save();
    const next = nextPublication(Object.values(summary.publicAt ?? {}), now);
    return {
      ...summary.result,
      written: [],
      removed: [],
      rendered: [],
      unchanged: unchangedOutput(summary.folders, summary.publicAt ?? {}, now),
      ...(next === undefined ? {} : { nextPublication: next }),
    };
  }

  // --- 2. Incremental build ---------------------------------------------------------------------
  const state = cache.readState<BuildState>('build-state');
  const previous: BuildState =
    !ignoreRecords && state && typeof state.releases === 'object' && typeof state.shared === 'object' ? state : { releases: {}, shared: {} };
  // The summary's folder stamps only for the state it was written with (BuildSummary.state): with
  // another one, every page is checked by its own stamp or bytes, and dist/ is listed for removals.
  const vouched = summary !== undefined && summary.out === out && !ignoreRecords && previous === state && typeof state.id === 'string' && summary.state === state.id;
  // Per-file stamps are read only when a folder of dist/ changed or files are written.
  const manifest =
    summary && summary.out === out && !ignoreRecords
      ? new OutputManifest(out, () => cache.readState<FileStamps>('build-files') ?? {}, vouched ? (summary.folders ?? {}) : {}, contentHash)
      : new OutputManifest(out, undefined, {}, contentHash);
  await StagedWrites.sweep(out);
  const staged = new StagedWrites(out);
  const common = await cachedCommonStrings(project, cache, commonFiles.every((file) => known.has(file)) ? commonKey : undefined, (file) => known.get(file)?.hash);
  const inputDiagnostics: Diagnostic[] = [...common.diagnostics];

  // Orphaned locale files are errors, reported by the full reader.
  inputDiagnostics.push(...(await orphanLocaleDiagnostics(root, localeFiles, ids, config)), ...ignored);

  // A temporary record folder stands in for the cache with --no-cache (feed bodies go through it).
  const scratch = cache.recordFolder && !scratchRecords ? undefined : mkdtempSync(join(tmpdir(), 'presslate-build-'));
  const recordFolder = scratch ?? cache.recordFolder!;
  // A process that keeps records (watch) holds the listings and feed bodies of the cache in memory
  // (whole-records.ts readKeyedRecord); those of a scratch folder live for one build only.
  const keyed = keepsRecords() && !scratch;
  const readKeyed = <T>(path: string, key: string): T | undefined => (keyed ? readKeyedRecord<T>(path, key) : readRecord<T>(path, key));
  const writeBody = (path: string, key: string, value: unknown): void => (keyed ? writeKeyedRecord(path, key, value) : writeRecord(path, key, value));
  const run: BuildRun = {
    cache,
    config,
    root,
    out,
    now,
    languages,
    releaseFiles,
    localeFiles,
    known,
    commonKey,
    mediaKey,
    media,
    mediaStamp,
    common,
    state,
    previous,
    summary,
    vouched,
    manifest,
    staged,
    recordFolder,
    keyed,
    readKeyed,
    writeBody,
    inputsKey,
    resultKey,
  };
  try {
    return await finish(run, await renderReleases(run), inputDiagnostics);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    await staged.discard();
  }
}

/**
 * The build's result from the records of its releases; with no error in the inputs, the site
 * files rendered, `dist/` brought up to date and the records saved.
 */
async function finish(run: BuildRun, rendering: RenderedReleases, inputDiagnostics: Diagnostic[]): Promise<BuildResult> {
  const { releaseFiles, staged } = run;
  const { records, rendered, stagedAssets } = rendering;
  // listFiles sorts names by code points: the id order buildSite uses, and the listings' order.
  const ordered = releaseFiles.map((file) => records.get(file)!);
  for (const record of ordered) inputDiagnostics.push(...record.inputDiagnostics);
  const embargoed: Upcoming[] = [];
  const planDiagnostics: Diagnostic[] = [];
  const renderDiagnostics: Diagnostic[] = [];
  const assets = new Map<string, string>();
  const held: LanguageState[] = [];
  for (const record of ordered) {
    held.push(...record.held.map((state) => ({ ...state, translations: new Map<string, string>() })));
    if (record.upcoming) embargoed.push(record.upcoming);
    planDiagnostics.push(...record.planDiagnostics);
    renderDiagnostics.push(...record.diagnostics);
    for (const [target, source] of record.assets) assets.set(target, source);
  }
  const result = { inputDiagnostics, diagnostics: [...planDiagnostics, ...renderDiagnostics], held, embargoed };
  if (inputDiagnostics.some((d) => d.severity === 'error')) {
    await staged.discard();
    return { ...result, fileCount: 0, written: [], removed: [], rendered: [] };
  }

  const site = await buildSiteFiles(run, rendering, ordered);
  const dist = await updateDist(run, records, site, assets, stagedAssets);
  return saveBuildState(run, records, site, assets, dist, result, rendered);
}
