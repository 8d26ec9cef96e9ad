import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import pLimit from 'p-limit';
import { writeFileAtomic } from './atomic-write.js';
import { readTreeSync } from './read-tree.js';

/**
 * Makes `folder` hold exactly `files` (relative paths → content) and `copies` (relative paths →
 * absolute paths of files to copy as they are, such as images): writes what is new or changed
 * (atomically), leaves identical files untouched, and removes files a previous build wrote that
 * this build no longer produces (a release now held or embargoed must vanish from the output).
 */
export async function syncDirectory(
  folder: string,
  files: Map<string, string>,
  copies: Map<string, string> = new Map(),
): Promise<{ written: string[]; removed: string[] }> {
  const limit = pLimit(32);
  const written: string[] = [];
  await Promise.all(
    [...files].map(([path, content]) =>
      limit(async () => {
        if (await writeFileAtomic(join(folder, path), content)) written.push(path);
      }),
    ),
  );
  await Promise.all(
    [...copies].map(([path, source]) =>
      limit(async () => {
        if (await copyIfChanged(source, join(folder, path))) written.push(path);
      }),
    ),
  );
  const removed: string[] = [];
  for (const path of await listRecursive(folder)) {
    if (!files.has(path) && !copies.has(path)) {
      await rm(join(folder, path), { force: true });
      removed.push(path);
    }
  }
  return { written: written.sort(), removed: removed.sort() };
}

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
 * Copies a file unless the target already has the source's size and modification time (the quick
 * check rsync makes) and the source has not changed since the target was written or checked (its
 * change time is older than the target's), so unchanged images are neither read nor rewritten on
 * every build. When only the times differ (a fresh checkout, a `dist/` restored from a CI cache), the bytes decide:
 * the same bytes get the source's time, so the quick check holds next time, and are not written. The copy goes through a temporary file and a rename,
 * like every other write.
 */
export async function copyIfChanged(source: string, target: string): Promise<boolean> {
  const from = await stat(source);
  try {
    const to = await stat(target);
    // Within a millisecond: utimes takes seconds as a float, so the last digits do not survive.
    // Size and time alone could be those of other bytes: a source edited and given its old time
    // back (`touch -d`) keeps both. Its change time then moves past the target's, which was set
    // when the target was last copied or checked: the bytes decide.
    if (to.size === from.size && Math.abs(to.mtimeMs - from.mtimeMs) < 1 && from.ctimeMs < to.ctimeMs) return false;
    if (to.size === from.size && to.isFile()) {
      const [a, b] = await Promise.all([readFile(source), readFile(target)]);
      if (a.equals(b)) {
        await utimes(target, from.atimeMs / 1000, from.mtimeMs / 1000);
        return false;
      }
    }
  } catch {
    // Not there yet.
  }
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await copyFile(source, temporary);
    await utimes(temporary, from.atimeMs / 1000, from.mtimeMs / 1000);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}
