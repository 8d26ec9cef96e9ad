import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { StagedWrites } from '../src/io/staged-writes.js';

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
