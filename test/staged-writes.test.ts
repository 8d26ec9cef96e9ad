import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { stageFile, StagedWrites } from '../src/io/staged-writes.js';
import { fileSystemProblem } from '../src/cli/run-command.js';

test('sweep removes staging folders of builds that ended, not those of a build still running', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'presslate-staging-'));
  try {
    const out = join(parent, 'dist');
    // A process that has ended: its id is free (reused only after the kernel wraps around).
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    const running = process.ppid; // the test runner's parent: alive
    for (const name of [`dist.presslate-staging-${ended}-0a1b2c3d`, `dist.presslate-staging-${running}-4e5f6a7b`, 'dist.presslate-staging-8c9d0e1f', `dist.presslate-staging-${process.pid}-12345678`, 'other']) {
      await mkdir(join(parent, name));
    }
    await StagedWrites.sweep(out);
    expect((await readdir(parent)).sort()).toEqual([`dist.presslate-staging-${running}-4e5f6a7b`, 'other']);
    expect(new StagedWrites(out).stagingFolder).toMatch(new RegExp(`dist\\.presslate-staging-${process.pid}-[0-9a-f]{8}$`));
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test.runIf(process.platform === 'linux')('a write that fails on a full disk names the output file, not a staging file or none', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'presslate-staging-'));
  try {
    const out = join(parent, 'dist');
    const folder = join(parent, 'dist.presslate-staging-1-00000000');
    await mkdir(join(folder, 'en'), { recursive: true });
    // /dev/full: every write fails with ENOSPC, and Node's error for a failed write has no path.
    await symlink('/dev/full', join(folder, 'en/index.html'));
    let error: unknown;
    try {
      stageFile(out, folder, 'en/index.html', '<p>Seite</p>');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'ENOSPC', path: join(out, 'en/index.html') });
    expect(fileSystemProblem(error)).toContain(`cannot write ${join(out, 'en/index.html')} (ENOSPC): the disk is full`);
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test('an image is parked only when dist/ does not hold it, reaches dist/ with the commit and its own time, and not at all when discarded', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'presslate-staging-'));
  try {
    const out = join(parent, 'dist');
    const source = join(parent, 'photo.jpg');
    writeFileSync(source, 'JPEG');
    utimesSync(source, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    const discarded = new StagedWrites(out);
    expect(discarded.stageCopy('images/photo.jpg', source)).toBe(true);
    await discarded.discard();
    expect((await readdir(parent)).sort()).toEqual(['photo.jpg']);

    const first = new StagedWrites(out);
    expect(first.stageCopy('images/photo.jpg', source)).toBe(true);
    expect(existsSync(join(out, 'images/photo.jpg'))).toBe(false);
    expect(await first.commit()).toEqual(['images/photo.jpg']);
    expect(readFileSync(join(out, 'images/photo.jpg'), 'utf8')).toBe('JPEG');
    expect(statSync(join(out, 'images/photo.jpg')).mtimeMs).toBe(statSync(source).mtimeMs);

    const again = new StagedWrites(out);
    expect(again.stageCopy('images/photo.jpg', source)).toBe(false);
    writeFileSync(source, 'PNG!'); // same size, same time given back: the bytes decide
    utimesSync(source, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    expect(again.stageCopy('images/photo.jpg', source)).toBe(true);
    expect(await again.commit()).toEqual(['images/photo.jpg']);
    expect(readFileSync(join(out, 'images/photo.jpg'), 'utf8')).toBe('PNG!');
    expect((await readdir(parent)).sort()).toEqual(['dist', 'photo.jpg']);
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});
