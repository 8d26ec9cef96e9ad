import { randomBytes } from 'node:crypto';
import { linkSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { processRuns } from './process-alive.js';

/**
 * One build at a time per output folder. Two builds of the same project at once — `watch` and a
 * person's `npm run build`, an editor's save hook and CI's step, two terminals — each read the
 * cache's records, render what they think changed and move their pages into `dist/` at the end;
 * interleaved, the later commit can put back pages of inputs the other build had already replaced,
 * under records that say they are current. A lock file next to the output folder
 * (`dist.presslate-lock`, beside the staging folders `dist.presslate-staging-…`) makes the second
 * build wait until the first has finished.
 *
 * Written here rather than taken from proper-lockfile: that library tells an abandoned lock by its
 * age (a holder refreshes the file's time every few seconds), so a build killed with Ctrl-C or
 * SIGKILL blocks the next one for that long, and the refresh needs a timer in every build. The
 * lock's process id and host name tell at once whether its holder still runs on this machine
 * ({@link processRuns}, as for the staging folders); a lock from another host (a shared network
 * folder) is waited for, and the message names the file to remove if nothing runs there.
 */
export interface OutputLock {
  /** Removes the lock file if it is still this process's. Idempotent. */
  release(): void;
}

/** Who holds a lock, as its file says. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
}

export interface LockOptions {
  /** Called once, when the lock is held by a running process and this one starts waiting. */
  onWait?: (holder: LockHolder, path: string) => void;
  /** What the lock file names as the holding command (shown to a waiting run). */
  command?: string;
  /** Milliseconds between two tries while waiting. */
  pollMs?: number;
  /** For tests: this process's id and host, and whether a process runs. */
  pid?: number;
  host?: string;
  runs?: (pid: number) => boolean;
}

/** The line a build prints when it starts waiting for `holder`'s lock at `path`. */
export function waitingLine(holder: LockHolder, path: string, host: string = hostname()): string {
  const where = holder.host === host ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
  const stale = holder.host === host ? '' : `; if it no longer runs there, remove ${path}`;
  return `${holder.command}: waiting for the ${holder.command} running as ${where} to finish writing to the same folder${stale}.`;
}

/** The lock file of an output folder. */
export function lockPathOf(out: string): string {
  return `${out}.presslate-lock`;
}

/**
 * The locks this process holds, by path (released on exit, should the command end without
 * releasing): a lock under this process's id that is not among them was left by a killed run
 * whose id this process now has; one that is, is another run in this process (tests, say).
 */
const held = new Map<string, () => void>();
let exitHookInstalled = false;

/**
 * Takes the lock of output folder `out`, waiting while another running build holds it. A lock
 * whose holder no longer runs on this machine (killed, crashed, or a recycled process id that is
 * now this process) is taken over. Where no lock file can be made at all (a read-only parent
 * folder, a parent folder that does not exist yet), the build goes on without one: there is
 * nothing another build could have written there either, and the build reports its own errors.
 */
export async function lockOutput(out: string, options: LockOptions = {}): Promise<OutputLock> {
  const path = lockPathOf(out);
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const runs = options.runs ?? processRuns;
  const content = `${JSON.stringify({ pid, host, command: options.command ?? 'build' })}\n`;
  let waiting = false;
  let pollMs = options.pollMs ?? 50;
  let unreadable: string | undefined;
  for (;;) {
    const made = tryCreate(path, content);
    if (made === 'created') return holdLock(path, content);
    if (made === 'impossible') return { release: () => undefined };
    const text = readOrUndefined(path);
    if (text === undefined) continue; // removed between the two calls: try again at once
    const holder = parseHolder(text);
    const abandoned = holder
      ? // A run killed before it could remove it (its id possibly reused by this one since).
        holder.host === host && (holder.pid === pid ? !held.has(path) : !runs(holder.pid))
      : // Not a lock Presslate writes whole (an empty file where links are missing and a run is
        // between its create and its write, or anything else): abandoned once it stays so a try.
        unreadable === text;
    if (abandoned) {
      removeIfStill(path, text);
      continue;
    }
    unreadable = holder ? undefined : text;
    if (!waiting && holder) {
      waiting = true;
      options.onWait?.(holder, path);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    pollMs = Math.min(pollMs * 2, 500);
  }
}

/**
 * Creates the lock file with its content in one step: written to a file of its own, then linked
 * under the lock's name (a link fails when the name exists, and a reader never sees it empty).
 * Where the file system has no hard links, an exclusive create and a write instead.
 */
function tryCreate(path: string, content: string): 'created' | 'exists' | 'impossible' {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, content, { flag: 'wx' });
  } catch {
    return 'impossible';
  }
  try {
    linkSync(temporary, path);
    return 'created';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') return 'impossible';
    return createExclusive(path, content);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function createExclusive(path: string, content: string): 'created' | 'exists' | 'impossible' {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists' : 'impossible';
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return 'created';
}

function holdLock(path: string, content: string): OutputLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    held.delete(path);
    removeIfStill(path, content);
  };
  held.set(path, release);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const releaseOne of [...held.values()]) releaseOne();
    });
  }
  return { release };
}

/**
 * Removes the lock file if it still holds `text`: moved aside under a name of this process's
 * first, then checked, so a lock another run has just made in its place is put back, not removed.
 */
function removeIfStill(path: string, text: string): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.old`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already
  }
  if (readOrUndefined(aside) === text) {
    rmSync(aside, { force: true });
    return;
  }
  // Another run's lock: back under its name, unless a third made one meanwhile (then that one counts).
  try {
    linkSync(aside, path);
  } catch {
    // The name is taken again: the newest lock stands.
  }
  rmSync(aside, { force: true });
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0 && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, command: typeof value.command === 'string' ? value.command : 'build' };
    }
  } catch {
    // Not a lock this version wrote.
  }
  return undefined;
}
