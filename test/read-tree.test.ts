import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMediaFiles } from '../src/io/read-tree.js';

describe('listMediaFiles (the one listing of images/ for the input stamp, the build and loadMedia)', () => {
  it('gives project paths with / at every depth, leaves out files named with a leading dot, and undefined without the folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'presslate-media-'));
    try {
      expect(listMediaFiles(root)).toBeUndefined();
      await mkdir(join(root, 'images', '2018', 'märz'), { recursive: true });
      await mkdir(join(root, 'images', '.thumbs'), { recursive: true });
      for (const file of ['a.jpg', 'notes.txt', '.DS_Store', '2018/b.png', '2018/märz/c d.webp', '.thumbs/x.jpg']) {
        await writeFile(join(root, 'images', file), 'x');
      }
      await symlink(join(root, 'images', 'a.jpg'), join(root, 'images', 'link.jpg'));
      // Folders and links are no file entries; a file whose own name starts with a dot is left out
      // (the files inside a dot-folder are not: the three listings this replaced did the same).
      expect(listMediaFiles(root)?.sort()).toEqual([
        'images/.thumbs/x.jpg',
        'images/2018/b.png',
        'images/2018/märz/c d.webp',
        'images/a.jpg',
        'images/notes.txt',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
