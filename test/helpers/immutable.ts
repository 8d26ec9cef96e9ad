import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
