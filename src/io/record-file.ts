/**
 * A record of the build cache as a file: its path (recordFile), its format — a header line with
 * the format, the key, the SHA-1 of the body and the sizes of body and journal, then the value as
 * JSON — and reading it back only when all of that holds (readRecord, recordParts), so that a
 * damaged or foreign file reads as no record. Writing is atomic: a temporary file, then a rename
 * (writeRecord, writeRecordParts).
 */
import { hash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { HEADER_END, JOURNAL_DIGITS, journalSize, journalSizeField } from './record-journal.js';
import { writeInFolder } from './write-in-folder.js';

/** The format of the records (and part of the cache's namespace, see cache.ts). */
export const FORMAT = 4;

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
export function recordParts<T>(bytes: Buffer, key: string): { value: T; sum: string; bodyBytes: number; rest: Buffer; lengthAt: number } | undefined {
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
export function writeRecordParts(path: string, key: string, value: unknown, stat: boolean): { sum: string; bodyBytes: number; lengthAt: number; stat?: FileStat } | undefined {
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
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function statFields(stats: FileStat): FileStat {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

export function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
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

const UTF8 = new TextEncoder();
const LINE_BREAK = UTF8.encode('\n');
