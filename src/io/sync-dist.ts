import { readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import pLimit from 'p-limit';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Makes `folder` hold exactly `files` (relative paths → content): writes what is new or changed
 * (atomically), leaves identical files untouched, and removes files a previous build wrote that
 * this build no longer produces (a release now held or embargoed must vanish from the output).
 */
export async function syncDirectory(folder: string, files: Map<string, string>): Promise<{ written: string[]; removed: string[] }> {
  const limit = pLimit(32);
  const written: string[] = [];
  await Promise.all(
    [...files].map(([path, content]) =>
      limit(async () => {
        if (await writeFileAtomic(join(folder, path), content)) written.push(path);
      }),
    ),
  );
  const removed: string[] = [];
  for (const path of await listRecursive(folder)) {
    if (!files.has(path)) {
      await rm(join(folder, path), { force: true });
      removed.push(path);
    }
  }
  return { written: written.sort(), removed: removed.sort() };
}

async function listRecursive(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}
