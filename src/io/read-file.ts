import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Node's read of a folder fails with EISDIR and no path ("illegal operation on a directory,
 * read"), so the message a user got was "cannot read a file (EISDIR)" without saying which one.
 * These readers add the path to any error that lacks it.
 */
function named(error: unknown, path: string): unknown {
  if (error && typeof error === 'object' && !(error as NodeJS.ErrnoException).path) (error as NodeJS.ErrnoException).path = path;
  return error;
}

export function readFileNamedSync(path: string): Buffer;
export function readFileNamedSync(path: string, encoding: 'utf8'): string;
export function readFileNamedSync(path: string, encoding?: 'utf8'): Buffer | string {
  try {
    return encoding ? readFileSync(path, encoding) : readFileSync(path);
  } catch (error) {
    throw named(error, path);
  }
}

export async function readFileNamed(path: string, encoding: 'utf8'): Promise<string> {
  try {
    return await readFile(path, encoding);
  } catch (error) {
    throw named(error, path);
  }
}
