import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyIfChanged, listRecursive } from '../src/io/sync-dist.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function pair(source: string, target: string | undefined): { from: string; to: string } {
  const folder = mkdtempSync(join(tmpdir(), 'presslate-copy-'));
  folders.push(folder);
  const from = join(folder, 'photo.jpg');
  const to = join(folder, 'dist-photo.jpg');
  writeFileSync(from, source);
  utimesSync(from, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
  if (target !== undefined) writeFileSync(to, target);
  return { from, to };
}

describe('copyIfChanged', () => {
  it('copies a missing image, with its modification time', async () => {
    const { from, to } = pair('JPEG', undefined);
    expect(await copyIfChanged(from, to)).toBe(true);
    expect(readFileSync(to, 'utf8')).toBe('JPEG');
    expect(statSync(to).mtimeMs).toBe(statSync(from).mtimeMs);
  });

  it('leaves an image with the same bytes but another time, and gives it the source time', async () => {
    const { from, to } = pair('JPEG', 'JPEG');
    const inode = statSync(to).ino;
    expect(await copyIfChanged(from, to)).toBe(false);
    expect(statSync(to).ino).toBe(inode);
    expect(statSync(to).mtimeMs).toBe(statSync(from).mtimeMs);
    expect(await copyIfChanged(from, to)).toBe(false);
  });

  it('copies an image of the same size with other bytes', async () => {
    const { from, to } = pair('JPEG', 'GIF!');
    expect(await copyIfChanged(from, to)).toBe(true);
    expect(readFileSync(to, 'utf8')).toBe('JPEG');
  });
});

describe('listRecursive', () => {
  it('lists every file it can when a subfolder has a name that is not UTF-8 (build removes stale output by this list)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'presslate-list-'));
    folders.push(folder);
    mkdirSync(join(folder, 'en'));
    writeFileSync(join(folder, 'en/withdrawn.html'), 'old page');
    writeFileSync(join(folder, 'feed.xml'), 'feed');
    // Latin-1 'é': Node's recursive listing fails on the whole tree for it.
    mkdirSync(Buffer.concat([Buffer.from(join(folder, 'caf')), Buffer.from([0xe9])]));
    expect((await listRecursive(folder)).sort()).toEqual(['en/withdrawn.html', 'feed.xml']);
  });
});
