import { existsSync, readdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { combineHash, contentHash } from './content-hash.js';
import { readFileNamedSync } from './read-file.js';
import { CACHE_FOLDER, RACY_MS } from './input-stamp.js';
import { FORMAT, readRecord, recordFile, writeRecord } from './record-file.js';
import type { JournalOp } from './record-journal.js';
import { appendToJournal, forgetJournals, forgetKeptRecords, readWholeRecord, updateWholeRecord, writeWholeRecord } from './whole-records.js';

/**
 * The build cache in `.presslate-cache/` at the project root: results of pure work (a release's
 * analysis, a release's rendered pages, whether a locale file is up to date) stored under keys
 * made of content hashes, so that nothing unchanged is parsed, merged or written again.
 *
 * Safety rules, each of which the tests check:
 * - Everything lives in a namespace folder named by a hash of Presslate's build id (version +
 *   compiled code) and of the configuration text: a new version or an edited config starts from
 *   an empty namespace, and older namespaces are removed when the cache is saved.
 * - A record carries its own key and the hash of its value; a file that does not parse, holds
 *   another key or format, or whose value does not have its hash, is ignored (and later
 *   overwritten), so a corrupt or truncated cache costs time, never correctness.
 * - Every write is atomic (temporary file + rename).
 * - `--no-cache` gives a disabled cache: it reads nothing and writes nothing.
 *
 * This module holds BuildCache: the namespace, the stat index that tells a file's hash from its
 * stat, and access to the records. A record's file and format are record-file.ts's; how whole-
 * project records are journaled, and kept in memory by watch, whole-records.ts's; the content
 * hashes records are keyed by, content-hash.ts's.
 */
export { CACHE_FOLDER };

/** The namespace of a build of Presslate and a configuration text. */
function namespaceOf(buildId: string, configText: string): string {
  return combineHash('presslate-cache', FORMAT, buildId, configText);
}

/** What the stat index knows about a file: its size, times and inode when its content had `hash`. */
interface FileEntry {
  size: number;
  mtime: number;
  ctime: number;
  ino: number;
  hash: string;
}

/** A file as the cache saw it: content hash, and the bytes when it had to read them. */
export interface HashedFile {
  /** Project-relative path. */
  file: string;
  hash: string;
  /** Set when the file was read (its stat did not match the index). */
  bytes?: Buffer;
  /** Undefined when the file does not exist. */
  stats?: Stats;
}

/** The cache of one project. A disabled cache answers every question with "not known". */
export class BuildCache {
  readonly enabled: boolean;
  readonly root: string;
  /** Hash of build id + config: what every record of this namespace was made with. */
  readonly namespace: string;
  private readonly folder: string;
  private index = new Map<string, FileEntry>();
  private indexDirty = false;
  /** Files whose entry changed since the index was loaded: what {@link save} appends to its journal. */
  private readonly indexChanged = new Set<string>();
  private readonly started = Date.now();

  private constructor(root: string, namespace: string, enabled: boolean) {
    this.root = root;
    this.namespace = namespace;
    this.enabled = enabled;
    this.folder = join(root, CACHE_FOLDER, namespace);
    // What an earlier command of this process read or wrote may have been replaced since.
    forgetJournals();
    if (enabled) this.index = this.loadIndex();
  }

  /**
   * Opens the cache of the project at `root` for this build of Presslate and this configuration
   * text. With `enabled: false` nothing is read or written.
   */
  static open(root: string, options: { enabled: boolean; buildId: string; configText: string }): BuildCache {
    return new BuildCache(root, namespaceOf(options.buildId, options.configText), options.enabled);
  }

  /** Whether the cache of this build and configuration holds the state `name` (one stat, nothing read). */
  static holdsState(root: string, options: { buildId: string; configText: string }, name: string): boolean {
    return existsSync(join(root, CACHE_FOLDER, namespaceOf(options.buildId, options.configText), `${name}.json`));
  }

  /**
   * Content hash of each file (project-relative paths). A file whose size, mtime, ctime and inode
   * match the index keeps its known hash without being read (like git's index); any other file
   * is read, hashed, and its bytes returned so the caller does not read it twice.
   */
  hashFiles(files: readonly string[]): HashedFile[] {
    return files.map((file) => this.hashFile(file));
  }

  /**
   * The content hash of `file` when its stat matches the index, without reading it; undefined
   * when the file must be read (unknown, changed, or missing).
   */
  knownHash(file: string): string | undefined {
    const known = this.index.get(file);
    if (!known || known.size < 0) return undefined;
    try {
      const stamped = this.stamped?.(file);
      if (stamped === null) return undefined;
      const stats = stamped ?? statSync(join(this.root, file));
      return known.size === stats.size && known.mtime === stats.mtimeMs && known.ctime === stats.ctimeMs && known.ino === stats.ino ? known.hash : undefined;
    } catch {
      return undefined;
    }
  }

  private stamped: ((file: string) => { size: number; mtimeMs: number; ctimeMs: number; ino: number } | null | undefined) | undefined;

  /**
   * Stats taken at the start of the command, before any input was read (the no-change check's
   * input stamp, cli/last-run.ts): {@link knownHash} uses them instead of statting each input
   * again. Null means the file did not exist; undefined, that it is not in the stamp.
   */
  useStats(stamped: (file: string) => { size: number; mtimeMs: number; ctimeMs: number; ino: number } | null | undefined): void {
    this.stamped = stamped;
  }

  /**
   * Size, times and inode of a project file: as the input stamp saw it when it holds the file,
   * else statted now; undefined when it does not exist or cannot be statted.
   */
  statOf(file: string): { size: number; mtimeMs: number; ctimeMs: number; ino: number } | undefined {
    const stamped = this.stamped?.(file);
    if (stamped !== undefined) return stamped ?? undefined;
    try {
      return statSync(join(this.root, file));
    } catch {
      return undefined;
    }
  }

  /** {@link hashFiles} for one file. */
  hashFile(file: string): HashedFile {
    const path = join(this.root, file);
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch {
      return { file, hash: '' };
    }
    const known = this.index.get(file);
    if (known && known.size === stats.size && known.mtime === stats.mtimeMs && known.ctime === stats.ctimeMs && known.ino === stats.ino) {
      return { file, hash: known.hash, stats };
    }
    const bytes = readFileNamedSync(path);
    const hash = contentHash(bytes);
    this.remember(file, stats, hash);
    return { file, hash, bytes, stats };
  }

  /** Records that `file`, as `stats` describes it, has content `hash` (after reading or writing it). */
  remember(file: string, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>, hash: string): void {
    if (!this.enabled) return;
    // Modified this close to the start of the run: "racily clean" (see RACY_MS in input-stamp.ts).
    const racy = stats.mtimeMs > this.started - RACY_MS || stats.ctimeMs > this.started - RACY_MS;
    // A racy entry keeps its hash but a stat no file can have, so the file is hashed again next time.
    const entry: FileEntry = racy
      ? { size: -1, mtime: 0, ctime: 0, ino: 0, hash }
      : { size: stats.size, mtime: stats.mtimeMs, ctime: stats.ctimeMs, ino: stats.ino, hash };
    const known = this.index.get(file);
    if (known && known.size === entry.size && known.mtime === entry.mtime && known.ctime === entry.ctime && known.ino === entry.ino && known.hash === hash) return;
    this.index.set(file, entry);
    this.indexDirty = true;
    this.indexChanged.add(file);
  }

  /** A record of `kind` (a folder name) under `key`, or undefined when absent or unusable. */
  read<T>(kind: string, key: string): T | undefined {
    if (!this.enabled) return undefined;
    return readRecord<T>(recordFile(this.folder, kind, key), key);
  }

  /** Stores a record atomically; a failure to write (full disk, read-only folder) is not an error. */
  write(kind: string, key: string, value: unknown): void {
    if (!this.enabled) return;
    writeRecord(recordFile(this.folder, kind, key), key, value);
  }

  /**
   * A whole-project state (one file per command), or undefined. In a process that keeps whole
   * records ({@link keepWholeRecords}) the value is frozen and shared: treat it as read-only.
   */
  readState<T>(name: string): T | undefined {
    if (!this.enabled) return undefined;
    return readWholeRecord<T>(join(this.folder, `${name}.json`), name);
  }

  /**
   * Stores a whole-project state atomically (in a process that keeps whole records: when
   * {@link flushWholeRecords} runs; the value is frozen then, so it must not change after this).
   */
  writeState(name: string, value: unknown): void {
    if (!this.enabled) return;
    writeWholeRecord(join(this.folder, `${name}.json`), name, value);
  }

  /**
   * Applies `ops` (see record-journal.ts) to a journaled whole-project state without reading it:
   * appends them to its journal. False when that is not possible (no such record on disk, a
   * damaged journal, a full one, a process that keeps records): the caller then writes the
   * state whole with {@link writeState}.
   */
  updateState(name: string, ops: JournalOp[]): boolean {
    if (!this.enabled) return false;
    return updateWholeRecord(join(this.folder, `${name}.json`), name, ops);
  }

  /** The namespace folder, for worker threads that read and write records themselves; null when disabled. */
  get recordFolder(): string | null {
    return this.enabled ? this.folder : null;
  }

  /**
   * Writes the stat index when it changed and removes namespaces of other versions or configs,
   * so the cache does not grow without bound.
   */
  save(): void {
    if (!this.enabled) return;
    if (this.indexDirty) {
      const path = join(this.folder, 'files.json');
      // An edit changes a few entries of 5,000: they are appended to the index's journal (a later
      // entry of a file replaces an earlier one when it is loaded), else the index is written whole.
      const changes: JournalOp[] = [];
      for (const file of this.indexChanged) {
        const e = this.index.get(file)!;
        changes.push([[], [file, e.size, e.mtime, e.ctime, e.ino, e.hash]]);
      }
      if (!appendToJournal(path, 'files', changes)) {
        const entries: [string, number, number, number, number, string][] = [];
        for (const [file, e] of this.index) entries.push([file, e.size, e.mtime, e.ctime, e.ino, e.hash]);
        writeWholeRecord(path, 'files', entries);
      }
      this.indexDirty = false;
      this.indexChanged.clear();
    }
    try {
      for (const name of readdirSync(join(this.root, CACHE_FOLDER))) {
        if (name !== this.namespace && /^[0-9a-f]{32}$/.test(name)) {
          rmSync(join(this.root, CACHE_FOLDER, name), { recursive: true, force: true });
          // Its records kept in memory (watch) go with it: pending ones would be written back into
          // a namespace without its analyses, listings and feed bodies, and served meanwhile.
          forgetKeptRecords(join(this.root, CACHE_FOLDER, name));
        }
      }
    } catch {
      // Nothing to prune.
    }
  }

  private loadIndex(): Map<string, FileEntry> {
    const entries = readWholeRecord<[string, number, number, number, number, string][]>(join(this.folder, 'files.json'), 'files');
    const index = new Map<string, FileEntry>();
    if (!Array.isArray(entries)) return index;
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 6 || typeof entry[0] !== 'string' || typeof entry[5] !== 'string') continue;
      const [file, size, mtime, ctime, ino, hash] = entry;
      index.set(file, { size, mtime, ctime, ino, hash });
    }
    return index;
  }
}
