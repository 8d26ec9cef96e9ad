/**
 * Brings `dist/` to what a build produces, once its pages are rendered and staged: moves the
 * staged pages in, copies the images of the releases taken over from the last build (those of
 * releases rendered now were parked while rendering), and removes the files this build no longer
 * produces. When no folder of `dist/` changed since the last build, `dist/` holds exactly the last
 * build's files: images need no copy unless they changed, and what to remove follows from the
 * last build's records, without listing `dist/`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { compareText } from '../core/diagnostic.js';
import type { ReleaseRecord } from './build-records.js';
import type { BuildRun } from './build-run.js';
import type { SiteFiles } from './build-site-files.js';
import { copyIfChanged, listRecursive, removeEmptiedFolders } from './sync-dist.js';
import { uninterrupted } from './uninterrupted.js';

/** What updating `dist/` did. */
export interface DistUpdate {
  /** `dist/` paths written (pages moved in, images copied). */
  written: string[];
  /** `dist/` paths removed. */
  removed: string[];
  /** Every image of the build (`dist/` path, project path), sorted. */
  assetList: [string, string][];
}

/**
 * Updates `dist/` (see above): `records` are the releases' records, `site` the site files and
 * every output, `assets` the images (`dist/` path → project path), `stagedAssets` those parked
 * while rendering.
 */
export async function updateDist(...args: Parameters<typeof moveIntoDist>): Promise<DistUpdate> {
  // Ctrl-C or SIGTERM meanwhile ends the build once dist/ holds all of its files (uninterrupted.ts):
  // killed among the moves, it left dist/ a mix of the old build's files and the new one's.
  return uninterrupted(() => moveIntoDist(...args));
}

async function moveIntoDist(
  run: BuildRun,
  records: ReadonlyMap<string, ReleaseRecord>,
  site: SiteFiles,
  assets: ReadonlyMap<string, string>,
  stagedAssets: ReadonlySet<string>,
): Promise<DistUpdate> {
  const { root, out, previous, summary, vouched, manifest, staged, mediaStamp } = run;
  const { outputs, sharedRecords } = site;
  // Move what changed into dist/, copy images, remove what this build no longer produces.
  // When no folder of dist/ changed since the last build but for this build's own writes, dist/
  // holds exactly the last build's files: images need no copy unless they changed, and the
  // files to remove are the last build's that this one does not produce (no listing of dist/).
  const untouched = vouched && manifest.unchanged();
  const written = await staged.commit();
  for (const path of written) if (outputs.has(path)) manifest.record(path, outputs.get(path)!);
  const assetList = [...assets].sort(([a], [b]) => compareText(a, b));
  const sameAssets = untouched && summary!.mediaStamp === mediaStamp && JSON.stringify(summary!.assets) === JSON.stringify(assetList);
  if (!sameAssets) {
    for (const [target, source] of assetList) if (!stagedAssets.has(target) && copyIfChanged(join(root, source), join(out, target))) written.push(target);
  }
  const removed: string[] = [];
  // What the last build left that this one may not produce: the files of its records that this
  // build did not take over as they were (a record kept whole keeps all its files), and its images.
  const previousFiles = function* (): Generator<string> {
    for (const [file, record] of Object.entries(previous.releases)) if (records.get(file) !== record) for (const [path] of record.files ?? []) yield path;
    for (const [name, record] of Object.entries(previous.shared)) if (sharedRecords[name] !== record) for (const [path] of record.files ?? []) yield path;
    for (const [target] of summary?.assets ?? []) yield target;
  };
  // A dist/ that the staging folder became whole holds only this build's files.
  const candidates = untouched ? previousFiles() : staged.movedWhole ? [] : await listRecursive(out);
  for (const path of new Set(candidates)) {
    if (!outputs.has(path) && !assets.has(path)) {
      rmSync(join(out, path), { force: true });
      removed.push(path);
    }
  }
  removeEmptiedFolders(out, removed);
  manifest.keepOnly((path) => outputs.has(path));
  return { written, removed, assetList };
}
