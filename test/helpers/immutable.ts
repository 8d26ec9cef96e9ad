import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runCli, snapshotTree } from './project.js';

/**
 * A file nobody may replace, not even root (tests run as root, for whom a read-only file is
 * writable): the immutable attribute of ext2/3/4 and other Linux file systems, set with chattr.
 * It makes a write fail at its last step, the rename over the file, after the files before it in
 * the same run were written. Tests that need it are skipped where chattr or the attribute is missing.
 */
export function setImmutable(path: string, on: boolean): void {
  execFileSync('chattr', [on ? '+i' : '-i', path], { stdio: 'ignore' });
}

export const CAN_MAKE_IMMUTABLE = ((): boolean => {
  const probe = join(tmpdir(), `presslate-chattr-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    setImmutable(probe, true);
    setImmutable(probe, false);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
})();

/**
 * Runs the CLI in `root` while `locked` cannot be replaced; returns its result and whether every
 * file under `locales/` is as it was before the run (all of a run's writes land, or none does).
 */
export async function runWithLockedFile(root: string, locked: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string; unchanged: boolean }> {
  const before = await snapshotTree(join(root, 'locales'));
  setImmutable(locked, true);
  let result: { code: number; stdout: string; stderr: string };
  try {
    result = await runCli(root, argv);
  } finally {
    setImmutable(locked, false);
  }
  const after = await snapshotTree(join(root, 'locales'));
  return { ...result, unchanged: isDeepStrictEqual(after, before) };
}
