import { readdirSync, readFileSync, statSync, utimesSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { RACY_MS } from './input-stamp.js';
import type { JournalOp } from './record-journal.js';
import { nextPublication } from '../core/embargo.js';

/** `dist/` path → [size, mtimeMs, ctimeMs, inode, content hash], as the last build left it. */
export type FileStamps = Record<string, FileStamp>;
type FileStamp = [number, number, number, number, string];
/** `dist/` folder ('' for the root) → [mtimeMs, ctimeMs] after the last build, or null when racy. */
export type FolderStamps = Record<string, [number, number] | null>;

/**
 * What the last build left in `dist/`, to tell without reading any output whether it is still
 * there. A folder whose modification time is unchanged has had no file created, removed or
 * replaced in it (our writes and most editors replace files by renaming), so its files are
 * trusted as recorded; in a folder that did change, each file is checked by size, times and
 * inode, and a file without such a stamp by its bytes (reading a page costs far less than
 * rendering it again). A file edited in place inside `dist/` is the one change this does not see:
 * `dist/` is output, and `build --no-cache` compares every byte ("Performance and the build
 * cache" in README.md).
 */
export class OutputManifest {
  readonly out: string;
  /** Whether file stamps were recorded or forgotten since loading. */
  changed = false;
  private files: FileStamps | undefined;
  /**
   * Stamps recorded (or, null, forgotten) while the per-file stamps were not loaded: an edit
   * writes a few pages, and the stamps of the other 11,000 files need not be read to store theirs.
   */
  private readonly pending = new Map<string, FileStamp | null>();
  /** Whether the build produces a file, once {@link keepOnly} was called before the stamps were loaded. */
  private kept: ((path: string) => boolean) | undefined;
  private readonly loadFiles: () => FileStamps;
  private readonly folders: FolderStamps;
  private readonly folderState = new Map<string, boolean>();
  private readonly hashContent: ((bytes: Uint8Array) => string) | undefined;

  /**
   * `loadFiles` reads the per-file stamps; it is called only when they are needed. `hashContent`
   * (the cache's content hash) lets files without a usable stamp be checked by their bytes;
   * without it they count as changed. It is passed in so that the no-change check, which loads
   * this module first, does not load node:crypto.
   */
  constructor(out: string, loadFiles?: () => FileStamps, folders: FolderStamps = {}, hashContent?: (bytes: Uint8Array) => string) {
    this.out = out;
    this.loadFiles = loadFiles ?? (() => ({}));
    // No stamps to load (a first build): they are kept as recorded, not as changes to apply to a
    // load (at 10,000 releases 110,000 of them, which would be held twice).
    if (!loadFiles) this.files = {};
    this.folders = folders;
    this.hashContent = hashContent;
  }

  /** The per-file stamps, to store after the build. */
  stamps(): FileStamps {
    return this.filesNow();
  }

  /**
   * What changed in the per-file stamps as ops on the stored ones (record-journal.ts), when they
   * were never loaded; undefined when they were: store {@link stamps} whole.
   */
  changes(): JournalOp[] | undefined {
    if (this.files) return undefined;
    return [...this.pending].map(([path, stamp]): JournalOp => (stamp ? [[path], stamp] : [[path]]));
  }

  private filesNow(): FileStamps {
    if (!this.files) {
      const loaded = this.loadFiles();
      const files: FileStamps = loaded && typeof loaded === 'object' ? { ...loaded } : {};
      for (const [path, stamp] of this.pending) {
        if (stamp) files[path] = stamp;
        else delete files[path];
      }
      this.pending.clear();
      this.files = files;
      if (this.kept) this.keepOnly(this.kept);
    }
    return this.files;
  }

  /** True when every folder of the last build is unchanged and no folder was added. */
  unchanged(): boolean {
    const names = Object.keys(this.folders);
    return names.length > 0 && names.every((folder) => this.folderUnchanged(folder));
  }

  /**
   * The file at `path` holds the content with `hash`. `recorded` is the hash the last build
   * wrote there, when known: in an unchanged folder that is what the file still holds.
   */
  holds(path: string, hash: string, recorded: string | undefined): boolean {
    // Output paths are relative with forward slashes (path.dirname, twice per file of the
    // archive, was a tenth of an edit build's key checks).
    const slash = path.lastIndexOf('/');
    const folder = slash < 0 ? '' : path.slice(0, slash);
    if (recorded !== undefined && recorded === hash && this.folderUnchanged(folder)) return true;
    const entry = this.filesNow()[path];
    const stats = statOf(join(this.out, path));
    if (stats === undefined) return false;
    if (entry && entry[4] === hash && stats.size === entry[0] && stats.mtimeMs === entry[1] && stats.ctimeMs === entry[2] && stats.ino === entry[3]) return true;
    return this.verify(path, hash, stats);
  }

  /**
   * Compares the bytes of a file that has no usable stamp with `hash`, and stamps it when they
   * match. The stat is the one taken before reading: a file changed after it no longer matches the
   * stamp, so the next build reads it again. A file modified in the last moments is not stamped
   * (racily clean, as in input-stamp.ts): a change in the same tick of the file system's clock
   * would not move its time. An older modification time is enough, whatever the ctime: a later
   * change of the content sets the modification time to the present.
   */
  private verify(path: string, hash: string, stats: Stats): boolean {
    if (!this.hashContent || stats.size > MAX_VERIFIED_BYTES || !stats.isFile()) return false;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.out, path));
    } catch {
      return false;
    }
    if (this.hashContent(bytes) !== hash) return false;
    const now = Date.now();
    if (stats.mtimeMs <= now - RACY_MS) {
      this.filesNow()[path] = [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, hash];
      this.changed = true;
    }
    return true;
  }

  /** Records a file just written or verified. */
  record(path: string, hash: string): void {
    const stats = statOf(join(this.out, path));
    const stamp: FileStamp | null = stats ? [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, hash] : null;
    if (!this.files) this.pending.set(path, stamp);
    else if (stamp) this.files[path] = stamp;
    else delete this.files[path];
    this.changed = true;
  }

  /**
   * Forgets files the build no longer produces. Without stamps loaded there is nothing to do now:
   * stamps of paths no build asks about are harmless, and pruned when they are loaded.
   */
  keepOnly(produced: (path: string) => boolean): void {
    if (!this.files) {
      // Loaded later (to be stored whole), they are pruned then.
      this.kept = produced;
      return;
    }
    for (const path of Object.keys(this.files)) {
      if (!produced(path)) {
        delete this.files[path];
        this.changed = true;
      }
    }
  }

  /**
   * Stamps of every folder under `out`, after the build's last write; `expected` gives every file
   * the build leaves in `dist/` (pages, feeds, images) and tells whether a path is one of them.
   *
   * A folder the build has just written to has a modification time of "now", and a change made
   * in the same tick of the file system's clock would not move it (the racy case): such a stamp
   * proves nothing. Rather than leave the folder unstamped — the next build would then have to
   * check every file in it — the folder's modification time is set a few seconds into the past
   * once its entries are exactly the files this build produces: any later change to the folder
   * sets it back to the real time, which can never equal that value.
   */
  stampFolders(expected: { paths: Iterable<string>; has(path: string): boolean }): FolderStamps {
    const stamps: FolderStamps = {};
    const now = Date.now();
    // Per folder: how many expected files it holds directly, and its expected subfolders (a
    // count and a look-up rather than a set of names: at 10,000 releases there are 110,000 files).
    // Counted when a folder is first compared with them (a folder whose stamp holds needs none).
    const fileCounts = new Map<string, number>();
    const subfolders = new Map<string, Set<string>>();
    let counted = false;
    const count = (): void => {
      counted = true;
      for (const path of expected.paths) {
        const slash = path.lastIndexOf('/');
        let folder = slash < 0 ? '' : path.slice(0, slash);
        fileCounts.set(folder, (fileCounts.get(folder) ?? 0) + 1);
        while (folder !== '') {
          const up = folder.lastIndexOf('/');
          const parent = up < 0 ? '' : folder.slice(0, up);
          const names = subfolders.get(parent) ?? subfolders.set(parent, new Set()).get(parent)!;
          const name = folder.slice(up + 1);
          if (names.has(name)) break;
          names.add(name);
          folder = parent;
        }
      }
    };
    const asExpected = (folder: string, entries: readonly Dirent[]): boolean => {
      if (!counted) count();
      const folders = subfolders.get(folder);
      if (entries.length !== (fileCounts.get(folder) ?? 0) + (folders?.size ?? 0)) return false;
      return entries.every((entry) => (entry.isDirectory() ? folders?.has(entry.name) === true : expected.has(folder ? `${folder}/${entry.name}` : entry.name)));
    };
    // The folders the last build stamped, by parent: a folder with the stamp it had then (no entry
    // created, removed or renamed in it since, and not racy) has the same subfolders, and needs no
    // listing — an edit writes into one language's folder, and listing all of them (11,000
    // entries at 1,000 releases) was most of the time this took.
    const stampedUnder = new Map<string, string[]>();
    for (const folder of Object.keys(this.folders)) {
      if (folder === '') continue;
      const slash = folder.lastIndexOf('/');
      const parent = slash < 0 ? '' : folder.slice(0, slash);
      (stampedUnder.get(parent) ?? stampedUnder.set(parent, []).get(parent)!).push(folder);
    }
    const visit = (folder: string): void => {
      const path = join(this.out, folder);
      let stats = statOf(path);
      if (!stats?.isDirectory()) return;
      const before = Object.hasOwn(this.folders, folder) ? this.folders[folder] : undefined;
      // As when it is listed below, only a recent modification time makes a stamp racy: a folder's
      // time set into the past by the last build moves to the present with any change.
      if (before && stats.mtimeMs === before[0] && stats.ctimeMs === before[1] && stats.mtimeMs <= now - RACY_MS) {
        stamps[folder] = before;
        for (const subfolder of stampedUnder.get(folder) ?? []) visit(subfolder);
        return;
      }
      const entries = readdirSync(path, { withFileTypes: true });
      if (stats.mtimeMs > now - RACY_MS && asExpected(folder, entries)) {
        try {
          utimesSync(path, stats.atime, new Date(Math.floor(now / 1000) * 1000 - 3 * RACY_MS));
          stats = statOf(path) ?? stats;
        } catch {
          // A folder whose times cannot be set stays unstamped: correct, only slower next time.
        }
      }
      // The ctime of a folder whose mtime was just set is "now", but any later change moves the mtime.
      const racy = stats.mtimeMs > now - RACY_MS;
      stamps[folder] = racy ? null : [stats.mtimeMs, stats.ctimeMs];
      for (const entry of entries) {
        if (entry.isDirectory()) visit(folder ? `${folder}/${entry.name}` : entry.name);
      }
    };
    visit('');
    return stamps;
  }

  private folderUnchanged(folder: string): boolean {
    let result = this.folderState.get(folder);
    if (result === undefined) {
      const stamp = Object.hasOwn(this.folders, folder) ? this.folders[folder] : undefined;
      const stats = stamp ? statOf(join(this.out, folder)) : undefined;
      result = stamp !== undefined && stamp !== null && stats !== undefined && stats.mtimeMs === stamp[0] && stats.ctimeMs === stamp[1];
      this.folderState.set(folder, result);
    }
    return result;
  }
}

/** Pages and feeds are small; a huge file in `dist/` is not read to be compared. */
const MAX_VERIFIED_BYTES = 64 * 1024 * 1024;

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * What a build that changed nothing hands on for its replay (cli/last-run.ts): the same inputs give
 * the same result at every moment in [from, until) (null: no bound) while the folders of `dist/`
 * keep these stamps.
 */
export interface Unchanged {
  folders: FolderStamps;
  from: number | null;
  until: number | null;
}

/**
 * The Unchanged of a build, from its folder stamps and the moment each release becomes public;
 * undefined when a folder is racy. The bounds are the latest of those moments at or before `now`
 * and the earliest after it: between them the same releases are public.
 */
export function unchangedOutput(folders: FolderStamps, publicAt: Record<string, number>, now: number): Unchanged | undefined {
  if (Object.values(folders).some((stamp) => stamp === null)) return undefined;
  let from: number | null = null;
  for (const instant of Object.values(publicAt)) {
    // A non-finite instant is public at every moment or at none: it bounds nothing (and JSON has no NaN).
    if (Number.isFinite(instant) && instant <= now) from = from === null ? instant : Math.max(from, instant);
  }
  // The end of the interval is the next release's publication, as build reports it (nextPublication).
  return { folders, from, until: nextPublication(Object.values(publicAt), now) ?? null };
}
