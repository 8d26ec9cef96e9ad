import { randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { readFileNamedSync } from './read-file.js';
import { basename, dirname, join } from 'node:path';
import { processRuns } from './process-alive.js';
import { stripBom } from './project.js';
import { uninterrupted } from './uninterrupted.js';

/*
 * The file system calls here are synchronous: a command writes a handful of small files at its
 * end, with nothing else to do meanwhile, and each asynchronous call went to libuv's thread pool
 * and back — the four locale files of an edit took 16 ms to check, stage and rename, against
 * some 3 ms this way.
 */

/**
 * Writes a file atomically: a temporary file next to it, then a rename, so a crash or a full disk
 * never leaves half a locale file behind. Skips the write when the content is already there and
 * says whether it wrote. With `keepBom`, a byte order mark the file starts with is kept.
 */
export async function writeFileAtomic(path: string, content: string, options: { keepBom?: boolean } = {}): Promise<boolean> {
  let old: string | undefined;
  try {
    old = currentText(path);
  } catch {
    // Unreadable: the write will say why.
  }
  content = withBomOf(old, content, options.keepBom);
  if (old === content) return false;
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryFor(path);
  try {
    writeFileSync(temporary, content, 'utf8');
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return true;
}

/**
 * Writes a report a person named on the command line (`export --out`, `check --sarif`): a regular
 * file atomically, as {@link writeFileAtomic}; a named pipe or a device (`/dev/stdout`, a pipe a
 * CI step reads) by writing into it. Renaming a temporary file over those replaced the pipe or the
 * device node itself with a regular file (as root, `--out /dev/null` replaced /dev/null), and the
 * program reading the pipe got nothing. The file is opened without waiting: a pipe no program
 * reads fails at once (ENXIO) instead of hanging, and the reader may be this very process, which
 * a write that waited for the pipe to drain would block.
 */
export async function writeReportFile(path: string, content: string): Promise<boolean> {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats || stats.isFile() || stats.isDirectory()) return writeFileAtomic(path, content);
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw Object.assign(error as Error, { path, syscall: 'open' });
  }
  try {
    const bytes = Buffer.from(content, 'utf8');
    for (let at = 0; at < bytes.length; ) {
      try {
        at += writeSync(fd, bytes, at);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw Object.assign(error as Error, { path, syscall: 'write' });
        // The pipe is full: let its reader take some.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * A file a command was about to replace changed after the command read it: someone saved it (a
 * translator's editor, a CAT tool, a second Presslate run). Writing would lose that save, so
 * nothing is written; running the command again reads the new text.
 */
export class ChangedMeanwhileError extends Error {
  override name = 'ChangedMeanwhileError';
  readonly nothingWritten = true;
  constructor(readonly path: string) {
    super(`${path} changed after it was read`);
  }
}

/** A file to write, and optionally the text its new content was made from (null: it did not exist). */
export interface FileWrite {
  path: string;
  content: string;
  /**
   * The file's text (byte order mark or not) when the command read it, or null when it did not
   * exist: if the file holds anything else when it is written, {@link ChangedMeanwhileError}.
   * Undefined: not checked.
   */
  basedOn?: string | null;
}

/**
 * Writes several files so that either all of them change or none does: every new content is first
 * written to a temporary file next to its target (which is where a full disk, a read-only or
 * missing folder, or a folder in place of the file shows), and only when all are there are they
 * renamed over their targets. Should a rename still fail, the files already renamed get their old
 * content back (a file that did not exist is removed). An error thrown from here carries
 * `nothingWritten: true` and the path of the file it is about. Returns the paths written (those
 * whose content was already there are skipped). With `keepBom`, a byte order mark a file starts
 * with is kept.
 *
 * A file with `basedOn` is checked twice: when it is staged, and again just before the renames
 * (the staging of many files takes a while); if it changed, nothing is written.
 */
export async function writeFilesTogether(files: readonly FileWrite[], options: { keepBom?: boolean } = {}): Promise<string[]> {
  // Ctrl-C or SIGTERM meanwhile ends the process once the files are written or rolled back (uninterrupted.ts).
  return uninterrupted(() => writeAllOrNone(files, options));
}

async function writeAllOrNone(files: readonly FileWrite[], options: { keepBom?: boolean }): Promise<string[]> {
  const staged: { path: string; temporary: string; old: string | undefined; checked: boolean }[] = [];
  const removeTemporaries = (): void => {
    for (const file of staged) rmSync(file.temporary, { force: true });
  };
  for (const folder of new Set(files.map((file) => dirname(file.path)))) removeAbandonedTemporaries(folder);
  try {
    for (const file of files) {
      let old: string | undefined;
      try {
        old = currentText(file.path);
      } catch (error) {
        throw Object.assign(error as Error, { path: file.path });
      }
      if (changedSince(file.basedOn, old)) throw new ChangedMeanwhileError(file.path);
      const content = withBomOf(old, file.content, options.keepBom);
      if (old === content) continue;
      mkdirSync(dirname(file.path), { recursive: true });
      const temporary = temporaryFor(file.path);
      staged.push({ path: file.path, temporary, old, checked: file.basedOn !== undefined });
      try {
        writeFileSync(temporary, content, 'utf8');
      } catch (error) {
        // The temporary name means nothing to the user: the file meant is the target.
        throw Object.assign(error as Error, { path: file.path, syscall: 'write' });
      }
    }
    for (const file of staged) {
      if (file.checked && currentText(file.path) !== file.old) throw new ChangedMeanwhileError(file.path);
    }
  } catch (error) {
    removeTemporaries();
    throw Object.assign(error as Error, { nothingWritten: true });
  }
  const renamed: (typeof staged)[number][] = [];
  try {
    for (const file of staged) {
      renameSync(file.temporary, file.path);
      renamed.push(file);
    }
  } catch (error) {
    removeTemporaries();
    for (const file of renamed.reverse()) {
      if (file.old === undefined) rmSync(file.path, { force: true });
      else await writeFileAtomic(file.path, file.old);
    }
    throw Object.assign(error as Error, { nothingWritten: true });
  }
  return staged.map((file) => file.path);
}

/** A file's text, or undefined when it is not there (ENOTDIR: its folder is a file, which mkdir reports by the folder's name). */
function currentText(path: string): string | undefined {
  try {
    return readFileNamedSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Whether a file read as `basedOn` (null: missing; undefined: not checked) now holds something else. */
function changedSince(basedOn: string | null | undefined, now: string | undefined): boolean {
  if (basedOn === undefined) return false;
  if (basedOn === null || now === undefined) return basedOn !== (now ?? null);
  return stripBom(basedOn) !== stripBom(now);
}

/** `content` with the byte order mark `old` starts with, when `keepBom`: readers strip it, a file a translator's editor saved with one keeps it. */
function withBomOf(old: string | undefined, content: string, keepBom: boolean | undefined): string {
  return keepBom && old?.startsWith('\uFEFF') && !content.startsWith('\uFEFF') ? `\uFEFF${content}` : content;
}

/**
 * The temporary file a write of `path` stages its content in: hidden (`.<name>.<pid>-<hex>.tmp`),
 * so that one a killed run left behind (`kill -9`: nothing can remove it then) is no
 * LOCALE_IGNORED warning and starts no round of watch, and named by its writer's process id, so
 * that the next write in its folder can tell it is abandoned ({@link removeAbandonedTemporaries}).
 */
function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

const TEMPORARY = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;

/** Removes the temporary files in `folder` whose writer no longer runs on this machine (see {@link temporaryFor}). */
function removeAbandonedTemporaries(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // not there yet, or unreadable: the write says why
  }
  for (const name of names) {
    const pid = TEMPORARY.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || processRuns(Number(pid))) continue;
    rmSync(join(folder, name), { force: true });
  }
}
