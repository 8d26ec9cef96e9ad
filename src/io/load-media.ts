import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { imageType, type MediaIndex } from '../core/media.js';
import { readLimit, type Project } from './project.js';
import { listMediaFiles } from './read-tree.js';

/**
 * Lists the image files under `images/` with their size in bytes and media type, for enclosures
 * and for copying into `dist/`. Only sizes are read here, never contents: the build copies the
 * files it uses. A project without the folder has no images.
 */
export async function loadMedia(project: Project): Promise<MediaIndex> {
  const files = (listMediaFiles(project.root) ?? []).filter((file) => imageType(file) !== undefined).sort();
  const media: MediaIndex = new Map();
  await Promise.all(
    files.map((file) =>
      readLimit(async () => {
        media.set(file, { length: (await stat(join(project.root, file))).size, type: imageType(file)! });
      }),
    ),
  );
  return new Map([...media].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
