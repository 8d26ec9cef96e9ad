import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

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
