import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Node's read of a folder fails with EISDIR and no path ("illegal operation on a directory,
 * read"), so the message a user got was "cannot read a file (EISDIR)" without saying which one.
 * These readers add the path to any error that lacks it.
 */
function named(error: unknown, path: string): unknown {
  if (error && typeof error === 'object' && !(error as NodeJS.ErrnoException).path) (error as NodeJS.ErrnoException).path = path;
  return error;
}

/**
 * A named pipe (mkfifo), socket or device where a file should be: opening a pipe for reading
 * waits for a writer, so `check` with `locales/glossary.yaml` a FIFO hung for ever, and reading
 * `/dev/zero` (a link to it) never ends. The readers open without blocking and refuse anything
 * but a regular file (or a folder, which fails with EISDIR as before) with code `EFTYPE`, which
 * the commands report with the path and the fix (run-command.ts), exit code 2.
 */
export const NOT_REGULAR = 'EFTYPE';

function refuseSpecial(stats: Stats, path: string): void {
  if (stats.isFile() || stats.isDirectory()) return;
  const kind = stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isSocket() ? 'a socket' : 'a device';
  throw Object.assign(new Error(`${path} is ${kind}, not a regular file`), { code: NOT_REGULAR, path, syscall: 'read' });
}

/** Opened without waiting for a writer when it is a pipe (O_NONBLOCK means nothing for a regular file). */
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

export function readFileNamedSync(path: string): Buffer;
export function readFileNamedSync(path: string, encoding: 'utf8'): string;
export function readFileNamedSync(path: string, encoding?: 'utf8'): Buffer | string {
  let fd: number | undefined;
  try {
    fd = openSync(path, READ_FLAGS);
    const stats = fstatSync(fd);
    refuseSpecial(stats, path);
    const bytes = readOpened(fd, stats.size);
    return encoding ? bytes.toString('utf8') : bytes;
  } catch (error) {
    throw named(error, path);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The bytes of an open file whose fstat gave `size`, as readFileSync(fd) reads them (up to that
 * size), without the second fstat readFileSync makes: every release and locale file of a cold
 * run goes through here. A size of 0 (files in /proc) is read until its end by readFileSync.
 */
function readOpened(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const read = readSync(fd, buffer, at, size - at, null);
    if (read === 0) break;
    at += read;
  }
  return at < size ? buffer.subarray(0, at) : buffer;
}

export async function readFileNamed(path: string): Promise<Buffer>;
export async function readFileNamed(path: string, encoding: 'utf8'): Promise<string>;
export async function readFileNamed(path: string, encoding?: 'utf8'): Promise<Buffer | string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, READ_FLAGS);
    refuseSpecial(await handle.stat(), path);
    return encoding ? await handle.readFile(encoding) : await handle.readFile();
  } catch (error) {
    throw named(error, path);
  } finally {
    await handle?.close();
  }
}
