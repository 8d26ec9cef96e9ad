import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, utimesSync, type Stats } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { readTreeSync } from './read-tree.js';

/**
 * Every file under `folder`, as relative paths with forward slashes (none when it does not exist).
 * A subfolder that cannot be listed (a name that is not UTF-8) is left out, not the whole listing:
 * build removes stale files from dist/ by this list, and an empty one kept every withdrawn page.
 */
export async function listRecursive(folder: string): Promise<string[]> {
  try {
    const entries = readTreeSync(folder);
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

/**
 * Removes the folders under `out` that the removal of `removed` (relative paths with forward
 * slashes) left empty, deepest first: the language folder of a language taken out of
 * `targetLanguages`, `images/sub/` when its last photo went. A build from scratch writes no empty
 * folder, so one left behind made `dist/` differ from it and was deployed as an empty folder. A
 * folder that still holds anything (or cannot be removed) stays.
 */
export function removeEmptiedFolders(out: string, removed: Iterable<string>): void {
  const folders = new Set<string>();
  for (const path of removed) {
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) folders.add(path.slice(0, slash));
  }
  const deepestFirst = [...folders].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
  for (const folder of deepestFirst) {
    try {
      rmdirSync(join(out, folder));
    } catch {
      // Not empty (or already gone, or not removable): it stays.
    }
  }
}

/**
 * Copies a file unless the target already holds it ({@link holdsCopy}), through a temporary file
 * and a rename like every other write, with the source's modification time. Synchronous, as the
 * build's other writes (atomic-write.ts says why): a cold build now parks its images while the
 * rendering threads work (StagedWrites.stageCopy), and this copies only those of releases it took
 * over from the last build.
 */
export function copyIfChanged(source: string, target: string): boolean {
  const from = statSync(source);
  if (holdsCopy(source, from, target)) return false;
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    copyWithTimes(source, from, temporary);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return true;
}

/** Copies `source` (whose stats are `from`) to `target`, with the source's access and modification times. */
export function copyWithTimes(source: string, from: Stats, target: string): void {
  copyFileSync(source, target);
  utimesSync(target, from.atimeMs / 1000, from.mtimeMs / 1000);
}

/**
 * Whether `target` already holds a copy of `source` (whose stats are `from`): it has the source's
 * size and modification time (the quick check rsync makes) and the source has not changed since
 * the target was written or checked (its change time is older than the target's), so unchanged
 * images are neither read nor rewritten on every build. When only the times differ (a fresh
 * checkout, a `dist/` restored from a CI cache), the bytes decide: the same bytes get the source's
 * time, so the quick check holds next time, and are not written.
 */
export function holdsCopy(source: string, from: Stats, target: string): boolean {
  try {
    const to = statSync(target, { throwIfNoEntry: false });
    if (!to) return false;
    // Within a millisecond: utimes takes seconds as a float, so the last digits do not survive.
    // Size and time alone could be those of other bytes: a source edited and given its old time
    // back (`touch -d`) keeps both. Its change time then moves past the target's, which was set
    // when the target was last copied or checked: the bytes decide.
    if (to.size === from.size && Math.abs(to.mtimeMs - from.mtimeMs) < 1 && from.ctimeMs < to.ctimeMs) return true;
    if (to.size === from.size && to.isFile() && readFileSync(source).equals(readFileSync(target))) {
      utimesSync(target, from.atimeMs / 1000, from.mtimeMs / 1000);
      return true;
    }
  } catch {
    // Not there yet (or unreadable: copied again).
  }
  return false;
}
