/**
 * Writing a file whose folder is made once per process rather than before every write: the build
 * cache's records, spread over 256 folders per kind, and the pages staged-writes.ts parks next to
 * `dist/`, thousands of files in a cold build.
 */
import { closeSync, fstatSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const madeFolders = new Set<string>();
const UTF8 = new TextEncoder();

/**
 * Writes a file whose folder is created once per process (cache records, pages parked by
 * staged-writes.ts): records spread over 256 folders per kind, and a recursive mkdir per file
 * costs more than writing it. Should the folder have vanished meanwhile (the cache or a staging
 * folder removed between two builds of one process), it is made again. Parts are written one
 * after the other. With `inode`, returns the inode of the file written.
 */
export function writeInFolder(path: string, data: string | Uint8Array | readonly Uint8Array[], inode?: false): undefined;
export function writeInFolder(path: string, data: string | Uint8Array | readonly Uint8Array[], inode: boolean): number | undefined;
export function writeInFolder(path: string, data: string | Uint8Array | readonly Uint8Array[], inode = false): number | undefined {
  const folder = dirname(path);
  if (!madeFolders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
  }
  try {
    return writeParts(path, data, inode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(folder, { recursive: true });
    return writeParts(path, data, inode);
  }
}

function writeParts(path: string, data: string | Uint8Array | readonly Uint8Array[], inode: boolean): number | undefined {
  if (!Array.isArray(data) && !inode) {
    writeFileSync(path, data as string | Uint8Array);
    return undefined;
  }
  const fd = openSync(path, 'w');
  try {
    for (const part of Array.isArray(data) ? (data as readonly Uint8Array[]) : [typeof data === 'string' ? UTF8.encode(data) : (data as Uint8Array)]) {
      for (let offset = 0; offset < part.length; ) offset += writeSync(fd, part, offset, part.length - offset);
    }
    return inode ? fstatSync(fd).ino : undefined;
  } finally {
    closeSync(fd);
  }
}
