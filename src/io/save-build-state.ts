/**
 * The end of a build: saves what the next build starts from and gives the build's result. Drops
 * the listings and feed bodies kept in memory that no release uses any more (watch), writes the
 * build state (the records of the releases and site files, under a new id when it changed), the
 * stamps of the pages in `dist/` (through their journal when only a few changed), and the build
 * summary the no-change check reads — with the key of this build's inputs and the moments its
 * releases become public — then saves the cache.
 */
import { randomBytes } from 'node:crypto';
import { nextPublication, publicFrom } from '../core/embargo.js';
import type { BuildResult, BuildState, BuildSummary, ReleaseRecord } from './build-records.js';
import type { BuildRun } from './build-run.js';
import type { SiteFiles } from './build-site-files.js';
import { keepOnlyKeyedRecords } from './whole-records.js';
import { recordFile } from './record-file.js';
import { unchangedOutput } from './output-manifest.js';
import { changesByIdentity } from './record-journal.js';
import { feedBodyKey, listingKey } from './release-tasks.js';
import type { DistUpdate } from './update-dist.js';

/**
 * Saves the build's records (see above) and gives its result: `result` holds its diagnostics and
 * held releases, `assets` its images (`dist/` path → project path), `rendered` the releases it
 * rendered.
 */
export function saveBuildState(
  run: BuildRun,
  records: ReadonlyMap<string, ReleaseRecord>,
  site: SiteFiles,
  assets: ReadonlyMap<string, string>,
  dist: DistUpdate,
  result: Pick<BuildResult, 'inputDiagnostics' | 'diagnostics' | 'held' | 'embargoed'>,
  rendered: ReadonlySet<string>,
): BuildResult {
  const { cache, out, now, releaseFiles, mediaStamp, state, previous, summary, manifest, recordFolder, keyed, commonKey, inputsKey, resultKey } = run;
  const { outputs, sharedRecords } = site;
  const { written, removed, assetList } = dist;
  const fileCount = outputs.size + assets.size;
  const publicAt: Record<string, number> = {};
  for (const file of releaseFiles) {
    const record = records.get(file)!;
    if (record.date) publicAt[file] = publicFrom({ date: record.date, ...(record.embargo ? { embargo: record.embargo } : {}) }).instant;
  }
  if (keyed) {
    const live = new Set<string>();
    for (const record of records.values()) {
      live.add(recordFile(recordFolder, 'listing', listingKey(record.base)));
      live.add(recordFile(recordFolder, 'feed-body', feedBodyKey(record.base)));
    }
    keepOnlyKeyedRecords(live);
  }
  const stateToSave: BuildState = { releases: Object.fromEntries(releaseFiles.map((file) => [file, records.get(file)!])), shared: sharedRecords, commonKey };
  // The same id as the state read when nothing in it changed (no write then), else a new one.
  const same = previous === state && typeof state.id === 'string' && changesByIdentity(state, { ...stateToSave, id: state.id })?.length === 0;
  stateToSave.id = same ? state.id! : randomBytes(8).toString('hex');
  cache.writeState('build-state', stateToSave);
  if (manifest.changed) {
    // The stamps of the pages an edit wrote go to the record's journal; read and written whole
    // only when they were loaded anyway (a folder of dist/ changed) or the journal is full.
    const changes = manifest.changes();
    if (!(changes && cache.updateState('build-files', changes))) cache.writeState('build-files', manifest.stamps());
  }
  // The key of this build's inputs as the next build will compute it first: with the moments
  // its releases become public. Those of the last build, mostly (a hash of every input less).
  const finalKey = (summary && inputsKey !== undefined && samePublicAt(summary.publicAt, publicAt) ? inputsKey : resultKey(publicAt)) ?? '';
  const everyFile = function* (): Generator<string> {
    yield* outputs.keys();
    yield* assets.keys();
  };
  const folders = manifest.stampFolders({ paths: { [Symbol.iterator]: everyFile }, has: (path) => outputs.has(path) || assets.has(path) });
  cache.writeState('build-summary', {
    inputsKey: finalKey,
    out,
    folders,
    mediaStamp,
    publicAt,
    result: { ...result, fileCount },
    assets: assetList,
    state: stateToSave.id,
  } satisfies BuildSummary);
  cache.save();
  const output: BuildResult = { ...result, fileCount, written: written.sort(), removed: removed.sort(), rendered: releaseFiles.filter((file) => rendered.has(file)) };
  const next = nextPublication(Object.values(publicAt), now);
  if (next !== undefined) output.nextPublication = next;
  if (written.length === 0 && removed.length === 0) {
    const unchanged = unchangedOutput(folders, publicAt, now);
    if (unchanged) output.unchanged = unchanged;
  }
  return output;
}

/** Whether two records of when each release becomes public are the same. */
function samePublicAt(a: Record<string, number> | undefined, b: Record<string, number>): boolean {
  if (!a || typeof a !== 'object') return false;
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((key) => Object.hasOwn(a, key) && Object.is(a[key], b[key]));
}
