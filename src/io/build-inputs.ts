/**
 * The inputs of a build besides the releases and locale files, found and read as the incremental
 * build needs them: the `common.yaml` file of each language folder (listCommonFiles), the images
 * under `images/` with a stamp of their sizes and times (scanMedia), and the UI strings those
 * common.yaml files hold, taken from the build cache when the files are as last time
 * (cachedCommonStrings).
 */
import { statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommonStrings } from '../core/common-strings.js';
import { compareText, type Diagnostic } from '../core/diagnostic.js';
import { imageType, type MediaFile, type MediaIndex } from '../core/media.js';
import type { BuildCache } from './cache.js';
import { combineHash } from './content-hash.js';
import { readRecord, recordFile, writeRecord } from './record-file.js';
import type { FolderListing } from './input-stamp.js';
import type { Project } from './project.js';
import { listMediaFiles } from './read-tree.js';

/**
 * The images under `images/` (path → size and type, sorted), as load-media.ts lists them, plus a
 * stamp of their sizes and times. `statOf` gives the stats the input stamp took at the start of
 * the command (cli/last-run.ts), so an image is not statted twice.
 */
export function scanMedia(
  root: string,
  statOf: (path: string) => { size: number; mtimeMs: number; ctimeMs: number; ino: number } | undefined,
  listing: FolderListing | undefined,
): { media: MediaIndex; stamp: string } {
  const files = listing?.mediaFiles() ?? listMediaFiles(root);
  if (!files) return { media: new Map(), stamp: combineHash('no media') };
  // Size and modification time alone do not tell an image's bytes: one edited and given its old
  // time back (`touch -d`) keeps both. The change time and inode do change, as in the input stamp.
  const found: [string, MediaFile, number, number, number][] = [];
  for (const file of files) {
    const type = imageType(file);
    if (type === undefined) continue;
    // Project-relative, as the input stamp holds it: its stats are those the stamp took.
    const stats = statOf(file);
    if (!stats) continue;
    found.push([file, { length: stats.size, type }, stats.mtimeMs, stats.ctimeMs, stats.ino]);
  }
  found.sort(([a], [b]) => compareText(a, b));
  return { media: new Map(found.map(([path, file]) => [path, file])), stamp: combineHash(...found.flatMap(([path, file, mtime, ctime, ino]) => [path, file.length, mtime, ctime, ino])) };
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The UI strings (common.yaml of every language, checked), from the cache when the files are as
 * last time: reading them means a YAML parse and an i18next probe per language.
 */
export async function cachedCommonStrings(
  project: Project,
  cache: BuildCache,
  commonKey: string | undefined,
  hashOf: (file: string) => string | undefined,
): Promise<{ common: Map<string, CommonStrings>; diagnostics: Diagnostic[] }> {
  const folder = cache.recordFolder;
  const key = commonKey === undefined ? undefined : combineHash(cache.namespace, 'common', commonKey);
  if (folder && key) {
    const cached = readRecord<{ common: [string, CommonStrings][]; diagnostics: Diagnostic[] }>(recordFile(folder, 'common', key), key);
    if (cached && Array.isArray(cached.common) && Array.isArray(cached.diagnostics)) return { common: new Map(cached.common), diagnostics: cached.diagnostics };
  }
  const { loadCommonStrings } = await import('./load-site.js');
  // The files must still have the hashes the key was made of (input-changed.ts).
  const loaded = await loadCommonStrings(project, key ? hashOf : undefined);
  if (folder && key) writeRecord(recordFile(folder, 'common', key), key, { common: [...loaded.common], diagnostics: loaded.diagnostics });
  return loaded;
}

/** The `common.yaml` files of every language folder. */
export async function listCommonFiles(project: Project): Promise<string[]> {
  try {
    const folders = project.listing?.entries('locales') ?? (await readdir(join(project.root, 'locales'), { withFileTypes: true }));
    return folders
      .filter((entry) => entry.isDirectory())
      .map((entry) => `locales/${entry.name}/common.yaml`)
      .filter((file) => statOf(join(project.root, file)) !== undefined)
      .sort(compareText);
  } catch {
    return [];
  }
}
