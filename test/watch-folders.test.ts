import { EventEmitter } from 'node:events';
import type { FSWatcher, watch } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { inputFolders, linkedInputs, WatchedFolders } from '../src/io/watch-folders.js';

/** Which folders `presslate watch` watches, which events start a round, and what it says when it cannot watch. */

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'presslate-watch-'));
  for (const folder of ['releases', 'locales/en', 'locales/fr', 'images/2024/.thumbs', 'dist/en', '.presslate-cache']) await mkdir(join(root, folder), { recursive: true });
  await writeFile(join(root, 'presslate.config.yaml'), 'x: 1\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A stand-in for fs.watch: remembers each folder's listener; `refuse` makes it throw for a folder. */
function fakeWatch(refuse: Record<string, string> = {}) {
  const listeners = new Map<string, (event: string, name: string | null) => void>();
  const fn = ((path: string, _options: unknown, listener: (event: string, name: string | null) => void) => {
    const folder = path === root ? '' : path.slice(root.length + 1);
    if (refuse[folder]) throw Object.assign(new Error(`watch ${path} failed`), { code: refuse[folder] });
    listeners.set(folder, listener);
    return Object.assign(new EventEmitter(), { close: () => listeners.delete(folder) }) as unknown as FSWatcher;
  }) as unknown as typeof watch;
  return { fn, listeners };
}

test('the input folders: the project, releases/, locales/ and its folders, images/ and every folder below (hidden ones too), not dist/ or the cache', () => {
  expect(inputFolders(root).sort()).toEqual(['', 'images', 'images/2024', 'images/2024/.thumbs', 'locales', 'locales/en', 'locales/fr', 'releases']);
});

test('events for inputs start a round; the output, the cache, temporary, hidden and own files do not', async () => {
  const { fn, listeners } = fakeWatch();
  const changed: string[] = [];
  const folders = new WatchedFolders(root, (file) => changed.push(file), () => {}, fn);
  folders.sync();
  await writeFile(join(root, 'locales/en/a.yaml'), 'written by extract\n');
  folders.wrote(['locales/en/a.yaml']);
  const emit = (folder: string, name: string | null) => listeners.get(folder)!('change', name);
  emit('', 'dist');
  emit('', '.presslate-cache');
  emit('', 'presslate.config.yaml');
  emit('releases', 'a.md');
  emit('releases', '.a.md.swp');
  emit('locales/en', 'a.yaml.1f2e3d4c5b6a.tmp');
  emit('locales/en', 'a.yaml'); // the write itself
  emit('images/2024/.thumbs', 'b.jpg');
  emit('locales/fr', null); // no name: the folder
  expect(changed).toEqual(['presslate.config.yaml', 'releases/a.md', 'images/2024/.thumbs/b.jpg', 'locales/fr']);
  // Saved again by someone else: a change.
  await writeFile(join(root, 'locales/en/a.yaml'), 'saved by a translator, longer\n');
  emit('locales/en', 'a.yaml');
  expect(changed.at(-1)).toBe('locales/en/a.yaml');
});

test('folders made later are watched at the next sync, and returned so their files get a round', async () => {
  const { fn, listeners } = fakeWatch();
  const folders = new WatchedFolders(root, () => {}, () => {}, fn);
  expect(folders.sync()).toHaveLength(8);
  await mkdir(join(root, 'locales/nl'));
  await rm(join(root, 'images/2024'), { recursive: true });
  expect(folders.sync()).toEqual(['locales/nl']);
  expect([...listeners.keys()].sort()).toEqual(['', 'images', 'locales', 'locales/en', 'locales/fr', 'locales/nl', 'releases']);
});

test('a folder the system will not watch is said once, with the fix', () => {
  const { fn } = fakeWatch({ images: 'ENOSPC', 'locales/fr': 'EACCES' });
  const warnings: string[] = [];
  const folders = new WatchedFolders(root, () => {}, (message) => warnings.push(message), fn);
  folders.sync();
  folders.sync();
  expect(warnings).toEqual([
    'cannot watch locales/fr/ (EACCES): permission denied; check who owns it and its permissions, then restart watch; until then, saves there start no round (a save elsewhere still picks them up)',
    "cannot watch images/ (ENOSPC): the system's limit of watched folders is reached; raise it (Linux: sysctl fs.inotify.max_user_watches=524288) and restart watch; until then, saves there start no round (a save elsewhere still picks them up)",
  ]);
});

test('after close, a sync (the end of a round still running when watch was stopped) watches nothing again', () => {
  const { fn, listeners } = fakeWatch();
  const folders = new WatchedFolders(root, () => {}, () => {}, fn);
  folders.sync();
  folders.close();
  // A watcher started again would keep the process alive after "stopped".
  expect(folders.sync()).toEqual([]);
  expect(listeners.size).toBe(0);
  expect(folders.folders()).toEqual([]);
});

test('the output folder removed starts a round (it is built again); its other events, build swapping it in, do not', async () => {
  const { fn, listeners } = fakeWatch();
  const changed: string[] = [];
  const folders = new WatchedFolders(root, (file) => changed.push(file), () => {}, fn);
  folders.watchOutput('dist');
  folders.sync();
  await mkdir(join(root, 'dist'), { recursive: true });
  listeners.get('')!('rename', 'dist');
  expect(changed).toEqual([]);
  await rm(join(root, 'dist'), { recursive: true });
  listeners.get('')!('rename', 'dist');
  expect(changed).toEqual(['dist']);
});

test('a language folder that is a link to a folder elsewhere is watched (extract and build read through it)', async () => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'presslate-nl-'));
  try {
    await symlink(elsewhere, join(root, 'locales/nl'));
    await symlink(join(elsewhere, 'missing'), join(root, 'locales/da'));
    expect(inputFolders(root)).toContain('locales/nl');
    expect(inputFolders(root)).not.toContain('locales/da');
  } finally {
    await rm(elsewhere, { recursive: true, force: true });
  }
});

test('a release or locale file that is a link: the file it leads to is watched, in the project or outside it, and only that file counts there', async () => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'presslate-shared-'));
  try {
    await mkdir(join(root, 'drafts'));
    await writeFile(join(root, 'drafts/2024-01-01-x.md'), 'draft\n');
    await writeFile(join(elsewhere, 'x.yaml'), 'shared\n');
    await symlink('../drafts/2024-01-01-x.md', join(root, 'releases/2024-01-01-x.md'));
    await symlink(join(elsewhere, 'x.yaml'), join(root, 'locales/en/2024-01-01-x.yaml'));
    const outside = `../${basename(elsewhere)}`;
    expect(linkedInputs(root)).toEqual({ files: ['../' + basename(elsewhere) + '/x.yaml', 'drafts/2024-01-01-x.md'], folders: [outside, 'drafts'] });
    const { fn, listeners } = fakeWatch();
    const changed: string[] = [];
    const folders = new WatchedFolders(root, (file) => changed.push(file), () => {}, fn);
    folders.sync();
    listeners.get('drafts')!('change', '2024-01-01-x.md');
    listeners.get('drafts')!('change', 'notes.txt');
    expect(changed).toEqual(['drafts/2024-01-01-x.md']);
  } finally {
    await rm(elsewhere, { recursive: true, force: true });
  }
});
