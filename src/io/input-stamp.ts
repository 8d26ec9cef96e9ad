import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { listMediaFiles } from './read-tree.js';
import { join } from 'node:path';
import { isFileEntry, releaseLinkProblem } from './release-links.js';

/**
 * The build cache's folder at the project root (cache.ts). Defined here, with RACY_MS, because the
 * no-change check reads its record there before anything loads cache.ts (and node:crypto).
 */
export const CACHE_FOLDER = '.presslate-cache';

/**
 * Files whose modification or change time is this close to "now" are not trusted by stat alone
 * next time: a second edit within the file system's timestamp granularity could keep size and
 * mtime (git calls these "racily clean" entries). The stat index (cache.ts), the folder stamps of
 * `dist/` (output-manifest.ts) and input stamps (below) all follow this rule.
 */
export const RACY_MS = 1000;

/**
 * A stamp of a command's input files by stat alone — the path, size, mtime, ctime and inode of
 * every file, in listing order — for the "nothing changed" check of extract and build
 * (cli/last-run.ts; "Performance and the build cache" in README.md). When a command's inputs have
 * the stamp of a run that changed nothing, that run's report is this one's.
 *
 * Adding, removing or renaming a file changes the listing; editing one changes its mtime and
 * ctime (setting the mtime back, as `touch -d` does, still changes the ctime), replacing one
 * changes its inode. A file modified within RACY_MS of the moment the stamp was taken could be
 * modified again within the same timestamp tick without its stat changing: then the stamp is not
 * `trusted`, and the run is not recorded for replay.
 *
 * The stamp is taken before any input is read, so what a run reports is never newer than its stamp:
 * a file that changes while the command runs makes the next stamp differ from the recorded one.
 *
 * This module loads nothing but `node:fs`, `node:path` and a constant of core/media.ts: it runs
 * before anything else in a command that has nothing to do.
 */
export class InputStamp {
  readonly root: string;
  /** False when a file is too recent (see above) or could not be statted: the run is not recorded. */
  trusted = true;
  private readonly racyAfter: number;
  private readonly files: string[] = [];
  /**
   * size, mtimeMs, ctimeMs and inode of each file (size -1: missing, -2: could not be statted).
   * Numbers in a typed array rather than a string per file: strings kept alive until the end
   * were most of the garbage collector's work on the no-change path.
   */
  private numbers = new Float64Array(4 * 1024);

  constructor(root: string, now = Date.now()) {
    this.root = root;
    this.racyAfter = now - RACY_MS;
  }

  /**
   * The files directly in `folder` (project-relative) whose names end with `extension`, sorted,
   * as `listFiles` (project.ts) lists them; each is added to the stamp.
   */
  list(folder: string, extension: string): string[] {
    const entries = this.readFolder(folder).filter((entry) => !entry.name.startsWith('.'));
    const names = entries.map((entry) => entry.name).sort();
    // A release that is a link out of the project is not read (RELEASE_IGNORED, release-links.ts).
    const unread = new Set(
      entries.filter((entry) => folder === 'releases' && entry.isSymbolicLink() && releaseLinkProblem(this.root, folder, entry.name)).map((entry) => entry.name),
    );
    // A folder named like a file is not listed (project.ts listFiles), only stamped.
    for (const entry of entries) if (!isFileEntry(this.root, folder, entry)) unread.add(entry.name);
    const files = names.filter((name) => name.endsWith(extension) && !unread.has(name)).map((name) => `${folder}/${name}`);
    for (const file of files) this.add(file);
    // The folder's other entries too (stamped, not returned): a run warns about a release saved as
    // `.MD` (RELEASE_IGNORED), so adding one must not replay the run before it.
    for (const name of names) if (!name.endsWith(extension) || unread.has(name)) this.add(`${folder}/${name}`);
    return files;
  }

  /**
   * The entries of a project folder (none when it cannot be listed), read once: the command takes
   * the stamp's listings (see {@link listing}) instead of listing the same folders again.
   */
  readFolder(folder: string): Dirent[] {
    let entries = this.folders.get(folder);
    if (!entries) {
      entries = readEntries(join(this.root, folder));
      this.folders.set(folder, entries);
    }
    return entries;
  }

  /** The files under `images/` (listMediaFiles), read once, as {@link readFolder}. */
  mediaFiles(): string[] | undefined {
    if (this.media === null) this.media = listMediaFiles(this.root);
    return this.media;
  }

  /**
   * What this stamp listed: the entries of each folder it read (in the file system's order) and
   * the files under `images/`, undefined for what it did not list. The command reads these instead
   * of listing the folders a second and third time (5,000 entries at 1,000 releases), and so sees
   * the folders as the stamp did.
   */
  get listing(): FolderListing {
    return { entries: (folder) => this.folders.get(folder), mediaFiles: () => (this.media === null ? undefined : this.media) };
  }

  private readonly folders = new Map<string, Dirent[]>();
  private media: string[] | undefined | null = null;

  /**
   * Adds a file (project-relative path) to the stamp, whether it exists or not. One `statSync` per
   * file: sync stats cost a third of what as many promises do, and `throwIfNoEntry: false` spares
   * an exception per missing file.
   */
  add(file: string): void {
    const at = 4 * this.files.length;
    this.files.push(file);
    if (at + 4 > this.numbers.length) {
      const grown = new Float64Array(2 * this.numbers.length);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    let stats: Stats | undefined;
    try {
      stats = statSync(`${this.root}/${file}`, NO_THROW);
    } catch {
      // Not statable (permissions, a file where a folder should be): the run will say what is wrong.
      this.trusted = false;
      this.numbers[at] = -2;
      return;
    }
    if (!stats) {
      this.numbers[at] = -1;
      return;
    }
    if (stats.mtimeMs > this.racyAfter || stats.ctimeMs > this.racyAfter) this.trusted = false;
    this.numbers[at] = stats.size;
    this.numbers[at + 1] = stats.mtimeMs;
    this.numbers[at + 2] = stats.ctimeMs;
    this.numbers[at + 3] = stats.ino;
  }

  /**
   * What the stamp saw of `file`: its size, times and inode, null when it did not exist, undefined
   * when the stamp does not hold it (or could not stat it). The build cache checks its stat index
   * against these instead of statting every input a second time.
   */
  statOf(file: string): { size: number; mtimeMs: number; ctimeMs: number; ino: number } | null | undefined {
    if (!this.index || this.indexed !== this.files.length) {
      // A path the stamp holds twice (listed and added) maps to its last stat.
      this.index = new Map(this.files.map((path, position) => [path, position]));
      this.indexed = this.files.length;
    }
    const position = this.index.get(file);
    if (position === undefined) return undefined;
    const at = 4 * position;
    const size = this.numbers[at]!;
    if (size === -1) return null;
    if (size < 0) return undefined;
    return { size, mtimeMs: this.numbers[at + 1]!, ctimeMs: this.numbers[at + 2]!, ino: this.numbers[at + 3]! };
  }

  private index: Map<string, number> | undefined;
  private indexed = 0;

  /**
   * The stamp as bytes, to store: the length of the paths, the paths (the number of files, then
   * each path ended by NUL, which no file name holds), then four numbers per file. Stored as they
   * are rather than hashed: the comparison is exact, and a run with nothing to do loads no crypto
   * module (which costs more than comparing a few hundred kilobytes).
   */
  bytes(): Buffer {
    const paths = this.pathBytes();
    const length = Buffer.alloc(4);
    length.writeUInt32LE(paths.length, 0);
    return Buffer.concat([length, paths, this.statBytes()]);
  }

  /** Whether `recorded` (from `bytes`) is this stamp, compared part by part without copying. */
  matches(recorded: Buffer): boolean {
    if (recorded.length < 4) return false;
    const pathsEnd = 4 + recorded.readUInt32LE(0);
    const stats = this.statBytes();
    if (recorded.length !== pathsEnd + stats.length) return false;
    return stats.equals(recorded.subarray(pathsEnd)) && this.pathBytes().equals(recorded.subarray(4, pathsEnd));
  }

  private pathBytes(): Buffer {
    return Buffer.from(`${this.files.length}\0${this.files.join('\0')}\0`);
  }

  private statBytes(): Buffer {
    return Buffer.from(this.numbers.buffer, 0, 32 * this.files.length);
  }
}

const NO_THROW = { throwIfNoEntry: false } as const;

/**
 * Folder listings a command already has (an input stamp's): `entries` of a project folder, the
 * files under `images/`; undefined for one it does not have, which the caller lists itself.
 */
export interface FolderListing {
  entries(folder: string): readonly Dirent[] | undefined;
  mediaFiles(): readonly string[] | undefined;
}

function readEntries(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Extract's inputs, added to `stamp`: the releases and every file of the target languages' locale
 * folders, listed as planExtract lists them (incremental-extract.ts takes these lists).
 */
export function stampExtractInputs(stamp: InputStamp, targetLanguages: readonly string[]): { releaseFiles: string[]; localeLists: string[][] } {
  const releaseFiles = stamp.list('releases', '.md');
  const localeLists = targetLanguages.map((lng) => stamp.list(`locales/${lng}`, '.yaml'));
  return { releaseFiles, localeLists };
}

/**
 * Build's inputs, added to `stamp`: extract's, the `common.yaml` of every language folder and the
 * files under `images/`, as build-inputs.ts finds them (listCommonFiles, scanMedia): whatever
 * those read must be here.
 */
export function stampBuildInputs(stamp: InputStamp, targetLanguages: readonly string[]): void {
  stampExtractInputs(stamp, targetLanguages);
  const folders = stamp
    .readFolder('locales')
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const folder of folders) stamp.add(`locales/${folder}/common.yaml`);
  // Every file scanMedia could take for an image, and others: testing the type costs more than
  // the stat of the few files under images/ that are not images.
  const images = [...(stamp.mediaFiles() ?? [])];
  for (const image of images.sort()) stamp.add(image);
}
