import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_FOLDER } from '../../src/io/cache.js';
import { afterEach, beforeEach } from 'vitest';
import { copySampleProject, snapshotTree } from './project.js';

/**
 * Every file of a project with its content, except the build cache: the cache is disposable
 * working state (ignored by git), not something a person wrote or a build published, so "nothing
 * written" and "no byte changed" are about everything else.
 */
export async function snapshotProject(root: string): Promise<Map<string, string>> {
  const files = await snapshotTree(root);
  for (const path of files.keys()) if (path === CACHE_FOLDER || path.startsWith(`${CACHE_FOLDER}/`)) files.delete(path);
  return files;
}

/**
 * Cuts a copy of the sample project down to the given releases and their locale files (UI strings
 * and configuration stay), so that a scenario parses only what it is about and runs fast.
 */
export async function keepOnlyReleases(root: string, keep: readonly string[]): Promise<void> {
  for (const name of await readdir(join(root, 'releases'))) {
    const id = name.replace(/\.md$/, '');
    if (keep.includes(id)) continue;
    await rm(join(root, 'releases', name));
    const folders = (await readdir(join(root, 'locales'), { withFileTypes: true })).filter((entry) => entry.isDirectory());
    for (const folder of folders) await rm(join(root, 'locales', folder.name, `${id}.yaml`), { force: true });
  }
}

/**
 * Before each test of the file, a copy of the sample project cut down to `release` (fully
 * reviewed), handed to `use`; removed after the test. For suites of small bad-input scenarios.
 */
export function oneReleaseProjectEachTest(release: string, use: (root: string) => void): void {
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const copy = await copySampleProject();
    dispose = copy.dispose;
    await keepOnlyReleases(copy.root, [release]);
    use(copy.root);
  });
  afterEach(async () => {
    await dispose?.();
  });
}
