import { hash } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { readFileNamedSync } from './read-file.js';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { CACHE_FOLDER, RACY_MS } from './input-stamp.js';
import { appendJournal, applyJournal, changesByIdentity, HEADER_END, JOURNAL_DIGITS, journalHasRoom, journalSize, journalSizeField, journalStateOnDisk, type JournalOp, type JournalState } from './record-journal.js';

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
 */
export { CACHE_FOLDER };
const FORMAT = 4;

/** Hex SHA-256 of text or bytes, shortened: content keys (collisions are out of reach at 128 bits). */
function namespaceOf(buildId: string, configText: string): string {
  return combineHash('presslate-cache', FORMAT, buildId, configText);
}

export function contentHash(data: string | Uint8Array): string {
  // crypto.hash: one call, no Hash object (half the cost of createHash for the small texts of keys).
  return hash('sha256', data, 'hex').slice(0, 32);
}

/** Hash of several parts, unambiguous about where one part ends. */
export function combineHash(...parts: readonly (string | number | boolean | null | undefined)[]): string {
  // One update with the whole text: a hash update per part costs more than the hashing itself
  // when keys combine thousands of parts.
  let text = '';
  for (const part of parts) {
    const value = String(part);
    text += `${value.length}:${value};`;
  }
  return hash('sha256', text, 'hex').slice(0, 32);
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
    journals.clear();
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
    if (!this.enabled || keeping || !JOURNALED.has(name)) return false;
    const path = join(this.folder, `${name}.json`);
    // As the record stands on disk now (a few hundred bytes read): it may have been written since
    // this process read it, or removed.
    const state = journalStateOnDisk(path, name, FORMAT);
    if (!state) return false;
    if (ops.length === 0) return true;
    // What this process read of the state, if anything, is not what it holds now.
    return appendOps(path, name, state, ops, undefined);
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
      const known = journals.get(path);
      const changes: JournalOp[] = [];
      for (const file of this.indexChanged) {
        const e = this.index.get(file)!;
        changes.push([[], [file, e.size, e.mtime, e.ctime, e.ino, e.hash]]);
      }
      if (!(known?.key === 'files' && !keeping && appendOps(path, 'files', known.state, changes, undefined))) {
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

let temporaries = 0;

/**
 * A name for the temporary file a record is written to before it is renamed to `path`: unique
 * among the writers alive at once (process, thread, a counter), which is all a temporary name
 * needs — a leftover of a killed process with the same number is overwritten, then renamed or
 * removed. Not random bytes: a cold build writes thousands of records, and a call into the
 * system's random source for each was measurable.
 */
export function temporaryPath(path: string): string {
  return `${path}.${process.pid}-${threadId}-${++temporaries}.tmp`;
}

/** Path of a record of `kind` under `key` in a namespace folder. */
export function recordFile(folder: string, kind: string, key: string): string {
  return join(folder, kind, key.slice(0, 2), `${key}.json`);
}

/**
 * Reads a record: a header line `{format, key, sum}`, then the value as JSON, whose SHA-1 (recordSum) is
 * `sum`. Anything else (missing, truncated, other key or format, or bytes changed in the value,
 * which could still parse as other JSON and be trusted) is undefined.
 */
export function readRecord<T>(path: string, key: string): T | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  return recordValue<T>(bytes, key);
}

/** The value of a record's bytes (see readRecord), or undefined. */
function recordValue<T>(bytes: Buffer, key: string): T | undefined {
  const parts = recordParts<T>(bytes, key);
  // Only whole-project records have a journal after the body; for the others that is damage.
  return parts && parts.rest.length === 0 ? parts.value : undefined;
}

/**
 * The value of a record's bytes with its body's checksum and size, and the bytes after the body
 * (a whole-project record's journal, record-journal.ts), or undefined.
 */
function recordParts<T>(bytes: Buffer, key: string): { value: T; sum: string; bodyBytes: number; rest: Buffer; lengthAt: number } | undefined {
  try {
    const end = bytes.indexOf(NEWLINE);
    if (end < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', 0, end)) as { format?: unknown; key?: unknown; sum?: unknown; size?: unknown; journal?: unknown };
    if (header?.format !== FORMAT || header.key !== key || typeof header.size !== 'number') return undefined;
    // The body's bytes are checked as they are, and decoded once: a record of the whole project
    // is 20 MB at 10,000 releases, and hashing a string converts it to UTF-8 again.
    const bodyEnd = end + 1 + header.size;
    // Of exactly the size the header gives, its journal included (record-journal.ts).
    if (bytes.length !== bodyEnd + 1 + (journalSize(header.journal) ?? -1) || bytes[bodyEnd] !== NEWLINE) return undefined;
    const body = bytes.subarray(end + 1, bodyEnd);
    const sum = recordSum(body);
    if (header.sum !== sum) return undefined;
    const lengthAt = end + 1 - HEADER_END.length - JOURNAL_DIGITS;
    // The journal's size where appends write it: the last field of the header.
    if (bytes.toString('latin1', lengthAt, end + 1) !== `${header.journal as string}${HEADER_END}`) return undefined;
    return { value: JSON.parse(body.toString('utf8')) as T, sum, bodyBytes: body.length, rest: bytes.subarray(bodyEnd + 1), lengthAt };
  } catch {
    return undefined;
  }
}

/** Writes a record (see readRecord) atomically; errors are swallowed (the cache is an optimization). */
export function writeRecord(path: string, key: string, value: unknown): void {
  writeRecordFile(path, key, value, false);
}

/**
 * {@link writeRecord}; with `stat`, returns the stat of the file it wrote — taken after the rename
 * (which changes the ctime) and only when the path still holds that file (its inode) — else
 * undefined, also when the write failed.
 */
function writeRecordFile(path: string, key: string, value: unknown, stat: boolean): FileStat | undefined {
  return writeRecordParts(path, key, value, stat)?.stat;
}

/** {@link writeRecordFile}, also giving the body's checksum and size; undefined when the write failed. */
function writeRecordParts(path: string, key: string, value: unknown, stat: boolean): { sum: string; bodyBytes: number; lengthAt: number; stat?: FileStat } | undefined {
  const temporary = temporaryPath(path);
  try {
    // JSON.stringify writes no line break: the first one ends the header. Encoded once, hashed
    // and written as bytes, header and body one after the other (not concatenated: a copy of a
    // 20 MB record). TextEncoder, because Buffer.from(text, 'utf8') took four times as long for a
    // 20 MB record here (118 ms against 31 ms); both write the same bytes.
    const body = UTF8.encode(JSON.stringify(value) ?? 'null');
    const sum = recordSum(body);
    // The journal's size last, at a fixed width: appending to the journal writes it again in place.
    const header = UTF8.encode(`${JSON.stringify({ format: FORMAT, key, sum, size: body.length, journal: journalSizeField(0) })}\n`);
    const written = writeInFolder(temporary, [header, body, LINE_BREAK], stat);
    renameSync(temporary, path);
    const result = { sum, bodyBytes: body.length, lengthAt: header.length - HEADER_END.length - JOURNAL_DIGITS };
    if (written === undefined) return result;
    const after = statSync(path);
    return after.ino === written ? { ...result, stat: statFields(after) } : result;
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing to clean up.
    }
    return undefined;
  }
}

/** Size, times and inode: what tells one version of a file from another (as in the stat index). */
interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

function statFields(stats: FileStat): FileStat {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * Whole-project records (the stat index `files.json` and the `*-state`, `build-summary`,
 * `build-files` and `config` records) as a long-running process last read or wrote them. Each
 * extract and build reads and writes them whole, which at 1,000 releases is some 4 MB of JSON
 * decoded, parsed, serialized and encoded per round of `presslate watch`: more than the work of
 * the release that was edited. With {@link keepWholeRecords}, a record read or written is kept:
 *
 * - read again, it is taken from memory as long as the file has the stat it had when it was read
 *   or written (any other writer — a `presslate build` in another terminal, a restored cache —
 *   replaces the file, which changes its inode and times), else read again;
 * - written, it is kept as pending and reaches the disk at {@link flushWholeRecords}, which watch
 *   calls once it has been idle for a second after a round, and when it stops: the write costs
 *   no round any time. Until then this process reads the pending value. A process killed before
 *   the flush leaves the records of the flush before, which the cache is built to survive (a
 *   killed build leaves them so too).
 *
 * Kept values are frozen: shared between commands and rounds, they must never be changed (the
 * tests run the commands with records kept, so a change throws there).
 */
interface KeptRecord {
  key: string;
  value: unknown;
  /** The file's stat as read or flushed (a journal appended to it changes it); undefined while the value is pending. */
  stat?: FileStat;
  /** Read or written since the last flush. */
  used: boolean;
}

const keptRecords = new Map<string, KeptRecord>();
let keeping = false;

/**
 * From now on, whole-project records read by this process are frozen even when it does not keep
 * them: a command that changed one in place would go unnoticed by the journal, which compares
 * what it writes with what it read by identity (record-journal.ts). The test suite runs so.
 */
export function freezeWholeRecords(): void {
  freezing = true;
}
let freezing = false;

/** From now on, this process keeps whole-project records in memory (see KeptRecord). */
export function keepWholeRecords(): void {
  keeping = true;
}

/**
 * Writes the pending whole-project records (see KeptRecord). A failed write forgets the record, as
 * does the flush a record not used since the flush before (one of a namespace left behind when
 * the config was edited, say): memory holds what the last round used.
 */
export function flushWholeRecords(): void {
  // The build summary goes last, as build writes it: its folder stamps vouch for dist/ holding
  // what build-state says, so a summary newer than the state beside it (watch killed between
  // the two writes, or the state's write failed) would have a later build keep pages of another
  // version of a release. Records are kept in the order they were first read, which put the
  // summary (read first by build) before the state in every round but a watch's first.
  const failed = new Set<string>();
  const pending = [...keptRecords].sort(([, a], [, b]) => Number(a.key === SUMMARY) - Number(b.key === SUMMARY));
  for (const [path, kept] of pending) {
    if (!kept.used) {
      keptRecords.delete(path);
      continue;
    }
    kept.used = false;
    if (kept.stat) continue;
    const folder = dirname(path);
    const written = kept.key === SUMMARY && failed.has(folder) ? undefined : writeRecordParts(path, kept.key, kept.value, true);
    if (written?.stat) kept.stat = written.stat;
    else {
      keptRecords.delete(path);
      failed.add(folder);
    }
  }
}

/** The key of the record written last (see flushWholeRecords). */
const SUMMARY = 'build-summary';

function readWholeRecord<T>(path: string, key: string): T | undefined {
  if (!keeping) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      journals.delete(path);
      return undefined;
    }
    return withJournal<T>(path, key, bytes);
  }
  const kept = keptRecords.get(path);
  if (kept) {
    kept.used = true;
    if (!kept.stat) return kept.key === key ? (kept.value as T) : undefined;
    let now: Stats | undefined;
    try {
      now = statSync(path);
    } catch {
      // Gone: read below finds nothing.
    }
    if (now && kept.key === key && sameStat(now, kept.stat)) return kept.value as T;
    keptRecords.delete(path);
  }
  // The stat of the very file read: taken from its descriptor, not by path, which could meanwhile
  // name a file written by another process.
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  let read: T | undefined;
  let stat: FileStat;
  try {
    stat = statFields(fstatSync(fd));
    read = withJournal<T>(path, key, readFileSync(fd));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  if (read === undefined) return undefined;
  keptRecords.set(path, { key, value: deepFreeze(read), stat, used: true });
  return read;
}

/**
 * Whole-project records that take journals (record-journal.ts): those of which an edit changes an
 * entry or two. The others are small or change whole.
 */
const JOURNALED = new Set(['build-state', 'extract-state', 'build-files', 'files']);

/**
 * The journaled records as this process last read or wrote them (by path): where each stands on
 * disk, and the value it holds there — what the next write is compared with. Not kept by a
 * process that keeps records in memory (watch), which writes them whole.
 */
const journals = new Map<string, { key: string; state: JournalState; value: unknown }>();

/**
 * A whole-project record's value from its bytes, with its journal applied (for a journaled key).
 * Undefined when the record or its journal is damaged.
 */
function withJournal<T>(path: string, key: string, bytes: Buffer): T | undefined {
  const parts = recordParts<T>(bytes, key);
  const state = parts && (JOURNALED.has(key) ? applyJournal(parts.value, parts.rest, parts.sum, parts.bodyBytes, parts.lengthAt) : parts.rest.length === 0 ? true : undefined);
  if (!parts || !state) {
    journals.delete(path);
    return undefined;
  }
  if (freezing) deepFreeze(parts.value);
  if (state !== true && !keeping) journals.set(path, { key, state, value: parts.value });
  return parts.value;
}

function writeWholeRecord(path: string, key: string, value: unknown): void {
  if (!keeping) {
    if (!appendChanges(path, key, value)) writeWhole(path, key, value);
    return;
  }
  keptRecords.set(path, { key, value: deepFreeze(value), used: true });
}

/**
 * Stores `value` as the journaled record at `path` by appending what changed since this process
 * read or wrote it (see record-journal.ts); false when that is not possible or not worth it — the
 * record was not read here, the change is large, the journal full — and the record must be
 * written whole.
 */
function appendChanges(path: string, key: string, value: unknown): boolean {
  const known = journals.get(path);
  if (!JOURNALED.has(key) || known?.key !== key) return false;
  const ops = changesByIdentity(known.value, value);
  if (ops === undefined) return false;
  if (ops.length === 0) {
    // The record on disk holds this value already.
    known.value = value;
    return true;
  }
  return appendOps(path, key, known.state, ops, value);
}

function appendOps(path: string, key: string, state: JournalState, ops: JournalOp[], value: unknown): boolean {
  const text = JSON.stringify(ops);
  if (!journalHasRoom(state, Buffer.byteLength(text))) return false;
  const next = appendJournal(path, state, text);
  if (!next) return false;
  journals.set(path, { key, state: next, value });
  return true;
}

/** Writes a whole-project record whole (which replaces the file, with its journal). */
function writeWhole(path: string, key: string, value: unknown): void {
  const written = writeRecordParts(path, key, value, false);
  if (written && JOURNALED.has(key)) {
    journals.set(path, { key, state: { sum: written.sum, head: written.sum, bodyBytes: written.bodyBytes, journalBytes: 0, lengthAt: written.lengthAt }, value });
  }
  else journals.delete(path);
}

/** Whether this process keeps records in memory (see KeptRecord). */
export function keepsRecords(): boolean {
  return keeping;
}

/**
 * Content-keyed records that a process keeping records ({@link keepWholeRecords}) holds once read
 * or written, by path: a release's listing and its feed bodies, which each index and feed of a
 * language needs for every release it shows. A title edited in `presslate watch` renders the
 * language's index again, which read the listing record of every release of the archive (1,000
 * files) in each such round. The key of such a record is a hash of all it was made from, so what
 * a path holds never changes: no stat is needed. The values are frozen, as whole records are.
 */
const keptByPath = new Map<string, unknown>();

/** {@link readRecord}, kept in memory by a process that keeps records. */
export function readKeyedRecord<T>(path: string, key: string): T | undefined {
  if (!keeping) return readRecord<T>(path, key);
  if (keptByPath.has(path)) return keptByPath.get(path) as T;
  const value = readRecord<T>(path, key);
  if (value !== undefined) keptByPath.set(path, deepFreeze(value));
  return value;
}

/** {@link writeRecord}, and kept in memory by a process that keeps records. */
export function writeKeyedRecord(path: string, key: string, value: unknown): void {
  writeRecord(path, key, value);
  if (keeping) keptByPath.set(path, deepFreeze(value));
}

/** Drops the content-keyed records kept in memory but those at `live` paths (what the last build uses). */
export function keepOnlyKeyedRecords(live: ReadonlySet<string>): void {
  for (const path of keptByPath.keys()) if (!live.has(path)) keptByPath.delete(path);
}

/**
 * Drops the records kept in memory (whole-project and content-keyed) under `folder`, a namespace
 * that was just removed from the disk. Without this, after the config was edited and edited back
 * within one idle second of watch, the pending records of the first namespace were served as if
 * it were still there — the round reused every page while the namespace's listings were gone, so
 * the next index change rendered the whole archive again — and the flush wrote them back, making
 * a namespace of bare state files that outlived watch.
 */
function forgetKeptRecords(folder: string): void {
  const prefix = `${folder}${sep}`;
  for (const path of keptRecords.keys()) if (path.startsWith(prefix)) keptRecords.delete(path);
  for (const path of keptByPath.keys()) if (path.startsWith(prefix)) keptByPath.delete(path);
}

/** Freezes a JSON value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}

const NEWLINE = 0x0a;

/**
 * The checksum in a record's header: SHA-1 of the body's bytes. It tells a record changed on disk
 * (a truncated write, an edit, another tool) from the one written, which needs no collision
 * resistance against an attacker who could as well rewrite the sum; SHA-1 hashes the 20 MB
 * whole-project records in half the time of SHA-256. Content keys stay SHA-256 (contentHash).
 */
function recordSum(body: Uint8Array): string {
  return hash('sha1', body, 'hex');
}

const madeFolders = new Set<string>();
const UTF8 = new TextEncoder();
const LINE_BREAK = UTF8.encode('\n');

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
