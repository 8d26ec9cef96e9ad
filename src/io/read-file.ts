import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
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
    refuseSpecial(fstatSync(fd), path);
    return encoding ? readFileSync(fd, encoding) : readFileSync(fd);
  } catch (error) {
    throw named(error, path);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
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
