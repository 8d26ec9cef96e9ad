import { realpathSync, statSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * Why a release file that is a symbolic link is not read, or undefined when it may be: a link is
 * followed only to a file inside the project or inside the (possibly linked) `releases/` folder.
 * A link committed to the repository that points at `/etc/…` or a home folder would otherwise be
 * published by CI as a press release. Only links pay for this: callers ask for entries that
 * `readdir` reports as links.
 *
 * This module loads nothing but `node:fs` and `node:path`: the no-change path lists releases.
 */
export function releaseLinkProblem(root: string, folder: string, name: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(join(root, folder, name));
  } catch {
    return 'is a link to a file that does not exist';
  }
  if (!statSync(target, { throwIfNoEntry: false })?.isFile()) return 'is a link to something that is not a file';
  const inside = (base: string): boolean => {
    try {
      const real = realpathSync(base);
      return target.startsWith(real.endsWith(sep) ? real : real + sep);
    } catch {
      return false;
    }
  };
  return inside(root) || inside(join(root, folder)) ? undefined : 'is a link to a file outside the project';
}

/** Whether a directory entry is a file or a link to one (a folder named `x.yaml` is not). */
export function isFileEntry(root: string, folder: string, entry: Dirent): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(root, folder, entry.name)).isFile();
  } catch {
    return false;
  }
}
