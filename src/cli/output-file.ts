import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CONFIG_FILE } from '../core/config-file.js';
import { CACHE_FOLDER } from '../io/input-stamp.js';
import { UsageError } from './context.js';

/** Where `path` really is: its deepest existing ancestor with links resolved, plus the rest. */
export function realPath(path: string): string {
  const rest: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    try {
      return join(realpathSync(current), ...rest);
    } catch {
      if (dirname(current) === current) return path;
      rest.unshift(basename(current));
    }
  }
}

/** Folders of the project that hold what people wrote (and the build cache): no report goes there. */
const INPUT_FOLDERS = ['releases', 'locales', 'images', CACHE_FOLDER];

/**
 * The file a command writes a report to (`export --out`, `check --sarif`), as it really is
 * (through symbolic links, so that a link stays a link and the file it points to is written).
 * A usage error when it is one of the project's own files or inside `releases/`, `locales/`,
 * `images/` or the build cache: the write replaced whatever was there, so `export --out
 * locales/en/<id>.yaml` turned a translator's locale file into a PO file.
 */
export function outputFile(root: string, cwd: string, flag: string, option: string): string {
  const path = resolve(cwd, option);
  const real = realPath(path);
  const refuse = (why: string): never => {
    throw new UsageError(`${flag} ${option} ${why}: choose a file outside releases/, locales/ and images/`);
  };
  const inside = (folder: string, file: string): boolean => {
    const rel = relative(folder, file);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const config = join(root, CONFIG_FILE);
  if (path === config || real === realPath(config)) refuse(`is the project's configuration`);
  for (const name of INPUT_FOLDERS) {
    if (inside(join(root, name), path) || inside(realPath(join(root, name)), real)) refuse(`is inside ${name}/, which holds the project's own files`);
  }
  return real;
}
