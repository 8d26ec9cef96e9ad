/**
 * The whole-project records of the build cache (the stat index `files.json`, the `*-state`,
 * `build-summary`, `build-files` and `config` records) as a process reads and writes them: through
 * the journal of those an edit changes an entry or two of (record-journal.ts), and, in a process
 * that keeps records (watch), from and to memory until the next flush. Such a process also keeps
 * the content-keyed records the indexes and feeds read for every release (readKeyedRecord). All
 * of it is module state, shared by every cache a process opens.
 */
import { closeSync, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, sep } from 'node:path';
import { appendJournal, applyJournal, changesByIdentity, journalHasRoom, journalStateOnDisk, type JournalOp, type JournalState } from './record-journal.js';
import { FORMAT, readRecord, recordParts, sameStat, statFields, writeRecord, writeRecordParts, type FileStat } from './record-file.js';

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

export function readWholeRecord<T>(path: string, key: string): T | undefined {
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

/** Forgets where the journaled records stand: what an earlier command of this process read or wrote may have been replaced since. */
export function forgetJournals(): void {
  journals.clear();
}

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

export function writeWholeRecord(path: string, key: string, value: unknown): void {
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

/**
 * Applies `ops` to the journaled whole-project record `name` at `path` without reading it: appends
 * them to its journal. False when that is not possible (no such record on disk, a damaged
 * journal, a full one, a process that keeps records): it must be written whole then.
 */
export function updateWholeRecord(path: string, name: string, ops: JournalOp[]): boolean {
  if (keeping || !JOURNALED.has(name)) return false;
  // As the record stands on disk now (a few hundred bytes read): it may have been written since
  // this process read it, or removed.
  const state = journalStateOnDisk(path, name, FORMAT);
  if (!state) return false;
  if (ops.length === 0) return true;
  // What this process read of the state, if anything, is not what it holds now.
  return appendOps(path, name, state, ops, undefined);
}

/**
 * Appends `ops` to the journal of the record `key` at `path` as this process last read or wrote
 * it; false when this process does not know it so (or keeps records), or the journal is full.
 */
export function appendToJournal(path: string, key: string, ops: JournalOp[]): boolean {
  const known = journals.get(path);
  return known?.key === key && !keeping && appendOps(path, key, known.state, ops, undefined);
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
export function forgetKeptRecords(folder: string): void {
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
