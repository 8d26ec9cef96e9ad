import { readdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { RACY_MS } from './input-stamp.js';

/** `dist/` path → [size, mtimeMs, ctimeMs, inode, content hash], as the last build left it. */
export type FileStamps = Record<string, [number, number, number, number, string]>;
/** `dist/` folder ('' for the root) → [mtimeMs, ctimeMs] after the last build, or null when racy. */
export type FolderStamps = Record<string, [number, number] | null>;

/**
 * What the last build left in `dist/`, to tell without reading any output whether it is still
 * there. A folder whose modification time is unchanged has had no file created, removed or
 * replaced in it (our writes and most editors replace files by renaming), so its files are
 * trusted as recorded; in a folder that did change, each file is checked by size, times and
 * inode. A file edited in place inside `dist/` is the one change this does not see: `dist/` is
 * output, and `build --no-cache` compares every byte ("Performance and the build cache" in README.md).
 */
export class OutputManifest {
  readonly out: string;
  /** Whether file stamps were recorded or forgotten since loading. */
  changed = false;
  private files: FileStamps | undefined;
  private readonly loadFiles: () => FileStamps;
  private readonly folders: FolderStamps;
  private readonly folderState = new Map<string, boolean>();

  /** `loadFiles` reads the per-file stamps; it is called only when they are needed. */
  constructor(out: string, loadFiles: () => FileStamps = () => ({}), folders: FolderStamps = {}) {
    this.out = out;
    this.loadFiles = loadFiles;
    this.folders = folders;
  }

  /** The per-file stamps, to store after the build. */
  stamps(): FileStamps {
    return this.filesNow();
  }

  private filesNow(): FileStamps {
    if (!this.files) {
      const loaded = this.loadFiles();
      this.files = loaded && typeof loaded === 'object' ? { ...loaded } : {};
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
    const folder = dirname(path) === '.' ? '' : dirname(path);
    if (recorded !== undefined && recorded === hash && this.folderUnchanged(folder)) return true;
    const entry = this.filesNow()[path];
    if (!entry || entry[4] !== hash) return false;
    const stats = statOf(join(this.out, path));
    return stats !== undefined && stats.size === entry[0] && stats.mtimeMs === entry[1] && stats.ctimeMs === entry[2] && stats.ino === entry[3];
  }

  /** Records a file just written or verified. */
  record(path: string, hash: string): void {
    const files = this.filesNow();
    const stats = statOf(join(this.out, path));
    if (stats) files[path] = [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, hash];
    else delete files[path];
    this.changed = true;
  }

  /**
   * Forgets files the build no longer produces. Without stamps loaded there is nothing to do:
   * stamps of paths no build asks about are harmless, and pruned the next time they are loaded.
   */
  keepOnly(paths: ReadonlySet<string>): void {
    if (!this.files) return;
    for (const path of Object.keys(this.files)) {
      if (!paths.has(path)) {
        delete this.files[path];
        this.changed = true;
      }
    }
  }

  /** Stamps of every folder under `out` (after the build's last write). */
  stampFolders(): FolderStamps {
    const stamps: FolderStamps = {};
    const now = Date.now();
    const visit = (folder: string): void => {
      const stats = statOf(join(this.out, folder));
      if (!stats?.isDirectory()) return;
      const racy = stats.mtimeMs > now - RACY_MS || stats.ctimeMs > now - RACY_MS;
      stamps[folder] = racy ? null : [stats.mtimeMs, stats.ctimeMs];
      for (const entry of readdirSync(join(this.out, folder), { withFileTypes: true })) {
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
  let until: number | null = null;
  for (const instant of Object.values(publicAt)) {
    // A non-finite instant is public at every moment or at none: it bounds nothing (and JSON has no NaN).
    if (!Number.isFinite(instant)) continue;
    if (instant <= now) from = from === null ? instant : Math.max(from, instant);
    else until = until === null ? instant : Math.min(until, instant);
  }
  return { folders, from, until };
}
