import { hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Journals of whole-project records (`build-state.json`, `extract-state.json`, `build-files.json`,
 * `files.json`; see whole-records.ts): what a run changed in such a record, appended to it as one line,
 * instead of the whole record written again.
 *
 * An edit of one release changes one entry of records that describe every release: at 1,000
 * releases `build-state.json` is 2 MB and `build-files.json` 1.5 MB, and serializing, hashing and
 * writing them after an edit was some 40 ms of the 0.5 s extract + build (ten times that at
 * 10,000 releases); `build-files.json` was also read and parsed only to be written back with the
 * stamps of the pages the edit wrote. A line holds the changed entries only.
 *
 * A record is a header line (format, key, checksum and size of the body, size of the journal), the
 * body (JSON) and a line break; its journal is every line after that. The journal's size is a
 * fixed-width field of the header, written again in place after each line is added: a record cut
 * short anywhere — also right after one of its lines, which would leave an older state that
 * parses — does not have the size its header gives, and is damaged. Each journal line is
 * `<hash>\t<ops as JSON>\n`, where hash is the SHA-1 of the previous line's hash (for the first
 * line, the body's checksum), a tab and the ops: a chain. A line that does not continue the chain — bytes changed, a line cut
 * short by a crash, a line appended by another run that had read an older state of the record —
 * makes the whole record unusable, as a damaged record is: the cache is then rebuilt, never
 * trusted wrongly. The journal lives in the record's own file so that it cannot go missing on its
 * own (a journal file deleted or left out of a restored cache would silently roll the record back
 * to an older state); writing the record whole replaces the file, journal and all.
 *
 * An op is `[keys]` (delete) or `[keys, value]` (set), keys one or two levels deep into the
 * record's plain objects, or `[[], value]` (append) for a record that is a list: the stat index,
 * where a later entry of a file replaces an earlier one. Applying a set of a key the record did
 * not have adds it at the end, so the key order of a journaled record may differ from that of the
 * same record written whole: the records journaled are maps that nothing reads in key order.
 */

export type JournalOp = [keys: string[]] | [keys: string[], value: unknown];

/** Where a journaled record stands on disk: its body's checksum and size, the chain's end, the journal's size. */
export interface JournalState {
  /** Checksum of the record's body (its header's `sum`): the chain's start. */
  sum: string;
  /** Hash of the journal's last line; the body's checksum when the journal is empty. */
  head: string;
  /** Bytes of the record's body. */
  bodyBytes: number;
  /** Bytes of the journal. */
  journalBytes: number;
  /** Where in the file the header's journal size stands (JOURNAL_DIGITS digits). */
  lengthAt: number;
}

/** Width of the journal's size in a record's header (a string of digits, so that it is valid JSON). */
export const JOURNAL_DIGITS = 12;

/** The journal size as the header holds it. */
export function journalSizeField(bytes: number): string {
  return String(bytes).padStart(JOURNAL_DIGITS, '0');
}

const HASH_LENGTH = 40;
const TAB = 9;
const NEWLINE = 0x0a;

function chainHash(previous: string, opsText: string): string {
  return hash('sha1', `${previous}\t${opsText}`, 'hex');
}

/**
 * The ops texts of a journal (the bytes after a record's body), checked against the chain that
 * starts at `sum`; undefined when a line does not continue it or the last line is cut short.
 */
function journalLines(journal: Uint8Array, sum: string): { lines: string[]; head: string } | undefined {
  let head = sum;
  const lines: string[] = [];
  if (journal.length === 0) return { lines, head };
  if (journal[journal.length - 1] !== NEWLINE) return undefined;
  const text = Buffer.from(journal.buffer, journal.byteOffset, journal.length).toString('utf8', 0, journal.length - 1);
  for (const line of text.split('\n')) {
    if (line.charCodeAt(HASH_LENGTH) !== TAB) return undefined;
    const opsText = line.slice(HASH_LENGTH + 1);
    const expected = chainHash(head, opsText);
    if (line.slice(0, HASH_LENGTH) !== expected) return undefined;
    head = expected;
    lines.push(opsText);
  }
  return { lines, head };
}

/**
 * Applies a record's journal (the bytes after its body) to its parsed body `value`, in place.
 * Returns where the record stands, or undefined when the journal is damaged or does not fit the
 * value (the record is then as good as missing).
 */
export function applyJournal(value: unknown, journal: Uint8Array, sum: string, bodyBytes: number, lengthAt: number): JournalState | undefined {
  const checked = journalLines(journal, sum);
  if (!checked) return undefined;
  for (const opsText of checked.lines) {
    let ops: unknown;
    try {
      ops = JSON.parse(opsText);
    } catch {
      return undefined;
    }
    if (!Array.isArray(ops) || !ops.every((op) => applyOp(value, op))) return undefined;
  }
  return { sum, head: checked.head, bodyBytes, journalBytes: journal.length, lengthAt };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function validKey(key: unknown): key is string {
  return typeof key === 'string' && key !== '__proto__';
}

function applyOp(root: unknown, op: unknown): boolean {
  if (!Array.isArray(op) || (op.length !== 1 && op.length !== 2)) return false;
  const keys: unknown = op[0];
  if (Array.isArray(keys) && keys.length === 0 && op.length === 2 && Array.isArray(root)) {
    root.push(op[1]);
    return true;
  }
  if (!Array.isArray(keys) || keys.length < 1 || keys.length > 2 || !keys.every(validKey)) return false;
  let target = root;
  for (const key of keys.slice(0, -1)) {
    if (!isMap(target) || !Object.hasOwn(target, key)) return false;
    target = target[key];
  }
  if (!isMap(target)) return false;
  const last = keys.at(-1) as string;
  if (op.length === 1) delete target[last];
  else target[last] = op[1];
  return true;
}

/**
 * What changed from `before` to `after`, two levels deep, by identity: an entry of `after` that is
 * the very object (or the same primitive) `before` held is unchanged. So the writer must build
 * `after` from the objects it read and never change one of those in place — as for every
 * whole-project record, which `presslate watch` keeps frozen and shares between rounds, and which
 * the tests freeze in every command (whole-records.ts). Undefined when either is not a plain object, or a
 * key is one an op cannot carry.
 */
export function changesByIdentity(before: unknown, after: unknown): JournalOp[] | undefined {
  if (!isMap(before) || !isMap(after)) return undefined;
  const ops: JournalOp[] = [];
  let carried = true;
  const diff = (from: Record<string, unknown>, to: Record<string, unknown>, prefix: string[], deeper: boolean): void => {
    for (const key of Object.keys(to)) {
      const next = to[key];
      const had = Object.hasOwn(from, key);
      const previous = had ? from[key] : undefined;
      if (had && previous === next) continue;
      if (!validKey(key)) carried = false;
      if (next === undefined) {
        // JSON leaves an undefined property out: as removing it.
        if (had && previous !== undefined) ops.push([[...prefix, key]]);
      } else if (deeper && had && isMap(previous) && isMap(next)) diff(previous, next, [key], false);
      else ops.push([[...prefix, key], next]);
    }
    for (const key of Object.keys(from)) {
      if (Object.hasOwn(to, key) || from[key] === undefined) continue;
      if (!validKey(key)) carried = false;
      ops.push([[...prefix, key]]);
    }
  };
  diff(before, after, [], true);
  return carried ? ops : undefined;
}

/** Whether ops of `opsBytes` more fit in the journal of a record at `state`, before it is written whole again. */
export function journalHasRoom(state: JournalState, opsBytes: number): boolean {
  return state.journalBytes + opsBytes + HASH_LENGTH + 2 <= Math.max(MIN_JOURNAL_BYTES, state.bodyBytes / JOURNAL_FRACTION);
}

/** A journal may grow to an eighth of its record (at least 64 KB) before the record is written whole. */
const JOURNAL_FRACTION = 8;
const MIN_JOURNAL_BYTES = 64 * 1024;

/**
 * Appends `opsText` (ops as JSON) to the journal of the record at `path`, standing at `state`:
 * the line is written after the journal, then the journal's size into the header. A file of
 * another size than `state` says (another run appended meanwhile) is left alone. Returns the new
 * state, or undefined when nothing or not all was written (the caller then writes the record
 * whole, which replaces the file; a file left with a line but the old size is damaged).
 */
export function appendJournal(path: string, state: JournalState, opsText: string): JournalState | undefined {
  const head = chainHash(state.head, opsText);
  const line = Buffer.from(`${head}\t${opsText}\n`, 'utf8');
  const journalBytes = state.journalBytes + line.length;
  const size = Buffer.from(journalSizeField(journalBytes), 'latin1');
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r+');
    const end = fstatSync(fd).size;
    if (end !== state.lengthAt + JOURNAL_DIGITS + HEADER_END.length + state.bodyBytes + 1 + state.journalBytes) return undefined;
    if (writeSync(fd, line, 0, line.length, end) !== line.length) return undefined;
    if (writeSync(fd, size, 0, size.length, state.lengthAt) !== size.length) return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { ...state, head, journalBytes };
}

/** What follows the journal size in a header line: the end of the string, of the object, of the line. */
export const HEADER_END = '"}\n';

/**
 * Where the record at `path` stands on disk, without reading its body: checksum and sizes from its
 * header, the chain's end from its journal. Undefined when it is missing, of another key or
 * format, not of the size its header gives, or its journal is damaged.
 */
export function journalStateOnDisk(path: string, key: string, format: number): JournalState | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const start = Buffer.alloc(512);
    const read = readSync(fd, start, 0, start.length, 0);
    const end = start.subarray(0, read).indexOf(NEWLINE);
    if (end < 0) return undefined;
    const text = start.toString('latin1', 0, end + 1);
    const header = JSON.parse(text) as { format?: unknown; key?: unknown; sum?: unknown; size?: unknown; journal?: unknown };
    if (header?.format !== format || header.key !== key || typeof header.sum !== 'string' || typeof header.size !== 'number') return undefined;
    const journalBytes = journalSize(header.journal);
    if (journalBytes === undefined || !text.endsWith(HEADER_END)) return undefined;
    const from = end + 1 + header.size;
    if (fstatSync(fd).size !== from + 1 + journalBytes) return undefined;
    const rest = Buffer.alloc(1 + journalBytes);
    if (readSync(fd, rest, 0, rest.length, from) !== rest.length || rest[0] !== NEWLINE) return undefined;
    const journal = rest.subarray(1);
    const checked = journalLines(journal, header.sum);
    return checked ? { sum: header.sum, head: checked.head, bodyBytes: header.size, journalBytes, lengthAt: end + 1 - HEADER_END.length - JOURNAL_DIGITS } : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The journal size a header gives (a string of JOURNAL_DIGITS digits), or undefined. */
export function journalSize(field: unknown): number | undefined {
  return typeof field === 'string' && field.length === JOURNAL_DIGITS && /^\d+$/.test(field) ? Number(field) : undefined;
}
