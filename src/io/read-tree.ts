import { readdirSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import { MEDIA_FOLDER } from '../core/media.js';

/**
 * The entries under `folder` at every depth, as `readdirSync(folder, { recursive: true,
 * withFileTypes: true })` gives them (each with its `parentPath`), except that a subfolder that
 * cannot be listed is left out instead of failing the whole listing. Node's recursive listing
 * throws ENOENT for a subfolder whose name is not UTF-8 (it lists it with U+FFFD and cannot open
 * that name): under images/, one such folder made every image "missing" — pages published without
 * their photos, the images removed from dist/. Throws when `folder` itself cannot be listed.
 */
export function readTreeSync(folder: string): Dirent[] {
  const result: Dirent[] = [];
  const visit = (path: string, top: boolean): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (error) {
      if (top) throw error;
      return;
    }
    for (const entry of entries) {
      result.push(entry);
      if (entry.isDirectory()) visit(join(path, entry.name), false);
    }
  };
  visit(folder, true);
  return result;
}

/**
 * The files under the project's `images/` folder at every depth, as project-relative paths with
 * `/` (`images/2018/photo.jpg`), in listing order, leaving out files whose name starts with a dot;
 * undefined when the folder cannot be listed (a project without images). The input stamp stats
 * them all; the build and `loadMedia` take those that are images. Paths are cut from the listed
 * path rather than made with `path.relative`, which resolved both paths for every image (a tenth
 * of a build's media scan at 1,000 images).
 */
export function listMediaFiles(root: string): string[] | undefined {
  const folder = join(root, MEDIA_FOLDER);
  let entries: Dirent[];
  try {
    entries = readTreeSync(folder);
  } catch {
    return undefined;
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    // parentPath starts with the folder as given: the rest is the path inside it.
    const path = join(entry.parentPath, entry.name).slice(folder.length + 1);
    files.push(`${MEDIA_FOLDER}/${sep === '/' ? path : path.split(sep).join('/')}`);
  }
  return files;
}
