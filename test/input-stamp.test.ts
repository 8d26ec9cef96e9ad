import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputStamp } from '../src/io/input-stamp.js';

describe('InputStamp.statOf', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'presslate-stamp-'));
    await writeFile(join(root, 'a.md'), 'a');
    await writeFile(join(root, 'b.md'), 'bb');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('gives what the stamp saw: stats, null for a missing file, undefined for one it does not hold', async () => {
    const stamp = new InputStamp(root);
    stamp.add('a.md');
    stamp.add('missing.md');
    stamp.add('a.md'); // held twice (listed, then added): still answered
    stamp.add('b.md');
    const a = await stat(join(root, 'a.md'));
    expect(stamp.statOf('a.md')).toEqual({ size: a.size, mtimeMs: a.mtimeMs, ctimeMs: a.ctimeMs, ino: a.ino });
    expect(stamp.statOf('b.md')?.size).toBe(2);
    expect(stamp.statOf('missing.md')).toBeNull();
    expect(stamp.statOf('other.md')).toBeUndefined();
  });
});
