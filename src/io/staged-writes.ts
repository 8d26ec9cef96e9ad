import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeInFolder } from './write-in-folder.js';
import { processRuns } from './process-alive.js';
import { copyWithTimes, holdsCopy } from './sync-dist.js';

/**
 * Output files parked in a folder next to `dist/` while a build runs, and moved into it only
 * when the build may write (its inputs have no errors): a build writes all of its changes or
 * none, yet never holds the whole archive's pages in memory. A file whose content `dist/`
 * already has is not parked (and so not rewritten). The move is a rename on the same file
 * system, so every file appears in `dist/` whole.
 *
 * The file operations are synchronous: thousands of small files go faster as direct system calls
 * than as promises through libuv's thread pool, and the build has nothing else to do meanwhile.
 */
export class StagedWrites {
  private readonly out: string;
  private readonly folder: string;
  private readonly staged = new Set<string>();
  private readonly folders = new Set<string>();

  /** Whether the output folder was missing or empty when this build began (see {@link stageFile}). */
  readonly outEmpty: boolean;

  constructor(out: string) {
    this.out = out;
    this.outEmpty = isMissingOrEmpty(out);
    // The process id names the build that owns the folder (see `sweep`).
    this.folder = `${out}.presslate-staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  /**
   * Removes staging folders that a crashed or killed build left next to `out` — not those of a
   * build still running (two builds started at once, e.g. by an editor's save hook and a person):
   * removing its folder under it would make it fail or lose pages. A folder whose process id is
   * not alive on this machine, or that has none (older versions), is left over.
   */
  static async sweep(out: string): Promise<void> {
    const prefix = `${basename(out)}.presslate-staging-`;
    try {
      for (const name of readdirSync(dirname(out))) {
        if (!name.startsWith(prefix)) continue;
        const pid = /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1];
        if (pid !== undefined && Number(pid) !== process.pid && processRuns(Number(pid))) continue;
        rmSync(join(dirname(out), name), { recursive: true, force: true });
      }
    } catch {
      // No parent folder yet: nothing to sweep.
    }
  }

  /** The staging folder, for worker threads that park files themselves ({@link stageFile}). */
  get stagingFolder(): string {
    return this.folder;
  }

  /** Parks `content` for `path` unless `dist/` has exactly it; says whether it was parked. */
  async stage(path: string, content: string): Promise<boolean> {
    if (!stageFile(this.out, this.folder, path, content, this.outEmpty)) return false;
    this.staged.add(path);
    return true;
  }

  /**
   * Parks a copy of the file `source` (an image) for `path` unless `dist/` holds it already
   * ({@link holdsCopy}); says whether it was parked. Images are parked as pages are, so that they
   * reach `dist/` only with the build's pages (and not at all when the build has input errors).
   */
  stageCopy(path: string, source: string): boolean {
    const from = statSync(source);
    if (!this.outEmpty && holdsCopy(source, from, join(this.out, path))) return false;
    const parked = join(this.folder, path);
    mkdirSync(dirname(parked), { recursive: true });
    copyWithTimes(source, from, parked);
    this.staged.add(path);
    return true;
  }

  /** Takes a file another thread parked with {@link stageFile} into the commit. */
  adopt(path: string): void {
    this.staged.add(path);
  }

  /**
   * Whether the last {@link commit} made the staging folder `dist/` whole (there was none, or an
   * empty one): `dist/` then holds exactly the files parked, and nothing else to remove.
   */
  movedWhole = false;

  /** Moves every parked file into `dist/`; returns their paths. */
  async commit(): Promise<string[]> {
    const paths = [...this.staged].sort();
    this.movedWhole = false;
    if (paths.length > 0 && isMissingOrEmpty(this.out)) {
      // Nothing there yet (a first build): the staging folder becomes dist/ in one rename.
      mkdirSync(dirname(this.out), { recursive: true });
      try {
        renameSync(this.folder, this.out);
        this.movedWhole = true;
      } catch {
        // An empty dist/ that cannot be replaced (a mount point): move file by file below.
      }
    }
    if (statSync(this.folder, { throwIfNoEntry: false })) {
      for (const path of paths) {
        const target = join(this.out, path);
        this.folderFor(target);
        renameSync(join(this.folder, path), target);
      }
    }
    await this.discard();
    return paths;
  }

  /**
   * Drops everything parked. Synchronously, as the sweep: removing the staging folder (empty but
   * for its language folders after a commit) call by call through the thread pool took longer
   * than writing the pages of an edit.
   */
  async discard(): Promise<void> {
    this.staged.clear();
    this.folders.clear();
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** Creates the folder of `file` once per build (thousands of pages share a handful of folders). */
  private folderFor(file: string): void {
    const folder = dirname(file);
    if (this.folders.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    this.folders.add(folder);
  }
}

/**
 * Parks `content` for `path` in the staging folder `folder` unless `out` has exactly it; says
 * whether it was parked. Used by {@link StagedWrites.stage} and by worker threads, which write
 * the pages they render themselves (sending them to the main thread would copy every page).
 */
export function stageFile(out: string, folder: string, path: string, content: string, outEmpty = false): boolean {
  const existing = join(out, path);
  // A stat first: on a cold build nothing is there, and a failed read costs an exception. None at
  // all when the output folder was empty when the build began (11,000 failing calls at 1,000 releases).
  const stats = outEmpty ? undefined : statSync(existing, { throwIfNoEntry: false });
  if (stats?.isFile() && stats.size === Buffer.byteLength(content)) {
    try {
      if (readFileSync(existing, 'utf8') === content) return false;
    } catch {
      // Unreadable: write it.
    }
  }
  // The folder is made once per process, and again should an earlier build have removed it.
  try {
    writeInFolder(join(folder, path), content);
  } catch (error) {
    // A failed write (a full disk: ENOSPC) carries no path, and the staging folder's name means
    // nothing to the person who must free space: the file meant is the output file.
    const failed = error as NodeJS.ErrnoException;
    if (failed && typeof failed === 'object' && (!failed.path || failed.path.startsWith(folder))) Object.assign(failed, { path: existing });
    throw error;
  }
  return true;
}

function isMissingOrEmpty(folder: string): boolean {
  try {
    return readdirSync(folder).length === 0;
  } catch {
    return true;
  }
}
