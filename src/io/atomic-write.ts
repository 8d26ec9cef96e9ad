import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file atomically: a temporary file next to it, then a rename, so a crash or a full disk
 * never leaves half a locale file behind. Skips the write when the content is already there and
 * says whether it wrote. With `keepBom`, a byte order mark the file starts with is kept.
 */
export async function writeFileAtomic(path: string, content: string, options: { keepBom?: boolean } = {}): Promise<boolean> {
  try {
    const existing = await readFile(path, 'utf8');
    // Readers strip a byte order mark; a file a translator's editor saved with one keeps it.
    if (options.keepBom && existing.startsWith('\uFEFF') && !content.startsWith('\uFEFF')) content = `\uFEFF${content}`;
    if (existing === content) return false;
  } catch {
    // Not there yet.
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}
