import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { imageType, MEDIA_FOLDER, type MediaIndex } from '../core/media.js';
import { readLimit, type Project } from './project.js';
import { readTreeSync } from './read-tree.js';

/**
 * Lists the image files under `images/` with their size in bytes and media type, for enclosures
 * and for copying into `dist/`. Only sizes are read here, never contents: the build copies the
 * files it uses. A project without the folder has no images.
 */
export async function loadMedia(project: Project): Promise<MediaIndex> {
  const folder = join(project.root, MEDIA_FOLDER);
  let entries: import('node:fs').Dirent[];
  try {
    entries = readTreeSync(folder);
  } catch {
    return new Map();
  }
  const files = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => imageType(path) !== undefined)
    .sort();
  const media: MediaIndex = new Map();
  await Promise.all(
    files.map((path) =>
      readLimit(async () => {
        const projectPath = relative(project.root, path).split(sep).join('/');
        media.set(projectPath, { length: (await stat(path)).size, type: imageType(path)! });
      }),
    ),
  );
  return new Map([...media].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
