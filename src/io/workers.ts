import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BuildCache } from './cache.js';
import type { TaskName, TaskInput, TaskOutput } from './release-tasks.js';

/** Below this many items of uncached work, starting threads costs more than it saves. */
export const WORKER_THRESHOLD = 50;

/**
 * How many worker threads to use for `items` items of work: none for small jobs, one per core
 * otherwise. `PRESSLATE_WORKERS` overrides it (a number; 0 = never), so tests can force the
 * threaded path on a small corpus and users can limit it.
 */
export function workerCount(items: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.PRESSLATE_WORKERS;
  if (forced !== undefined && forced !== '') {
    const count = Number(forced);
    if (Number.isInteger(count) && count >= 0) return Math.min(count, Math.max(items, 1));
  }
  if (items <= WORKER_THRESHOLD) return 0;
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, Math.ceil(items / WORKER_THRESHOLD));
}

/** Where the compiled worker entry (lib/worker.cjs) is, from the bundle or from the sources. */
function workerUrl(): URL {
  const here = new URL('.', import.meta.url);
  if (here.pathname.endsWith('/lib/')) return new URL('worker.cjs', here);
  return new URL('../../lib/worker.cjs', here); // running from src/io/ (tests): the compiled bundle
}

/**
 * Runs `task` over `batches` on `threads` worker threads, or on this thread when `threads` is 0,
 * and returns the outputs in the order of the batches. The task functions are pure with respect
 * to their input (they read and write only cache records), so the result does not depend on the
 * number of threads or on scheduling — the tests hold both paths to identical output.
 * `prepare(batch)` runs on this thread just before a batch is sent (it reads the files of that
 * batch) and `consume(output)` as soon as its output is back (it may write files and keep less),
 * so memory holds only the batches in flight (`inFlight` per thread), not the whole archive.
 * Two in flight pay when `prepare` reads files (cold extract: the threads idled 3 % of their
 * time waiting); build's `prepare` reads nothing, and a second batch per thread took its peak
 * memory from 255 MB to 290 MB at 1,000 releases, so it keeps one. `forThread(batch, sent)` gives
 * what of a prepared batch is sent to a thread, `sent` being that thread's own set of keys of what
 * it was sent before (so that what all batches share goes to each thread once); a batch that runs
 * on this thread (no threads, or a thread gone out of memory) runs as prepared.
 */
export async function runBatches<N extends TaskName>(
  task: N,
  batches: readonly TaskInput<N>[],
  threads: number,
  prepare: (batch: TaskInput<N>) => TaskInput<N> = (batch) => batch,
  consume: (output: TaskOutput<N>) => Promise<TaskOutput<N>> | TaskOutput<N> = (output) => output,
  inFlight = 1,
  forThread: (input: TaskInput<N>, sent: Set<string>) => TaskInput<N> = (input) => input,
): Promise<TaskOutput<N>[]> {
  const outputs: TaskOutput<N>[] = new Array(batches.length);
  if (threads <= 0 || batches.length === 0) {
    const { runTask } = await import('./release-tasks.js');
    for (const [index, batch] of batches.entries()) outputs[index] = await consume((await runTask(task, prepare(batch))) as TaskOutput<N>);
    return outputs;
  }
  let next = 0;
  const workers = new Set<Worker>();
  const start = (): Messenger => {
    const worker = takePrestarted() ?? newWorker();
    workers.add(worker);
    return new Messenger(worker);
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(threads, batches.length) }, async () => {
        let messenger = start();
        // With two batches in flight per thread, this thread prepares (reads the files of) the
        // next while the thread works on one, and it waits in the thread's queue, so the thread
        // never idles waiting for it. Outputs come back in the order sent.
        const inflight: { index: number; input: TaskInput<N>; output: Promise<TaskOutput<N>> }[] = [];
        const send = (): void => {
          const index = next++;
          if (index >= batches.length) return;
          const input = prepare(batches[index]!);
          const output = messenger.ask<TaskOutput<N>>(task, forThread(input, messenger.sent));
          output.catch(() => undefined); // awaited below, in order; not an unhandled rejection meanwhile
          inflight.push({ index, input, output });
        };
        for (let sent = 0; sent < Math.max(1, inFlight); sent++) send();
        while (inflight.length > 0) {
          const { index, input, output: pending } = inflight.shift()!;
          try {
            outputs[index] = await consume(await pending);
          } catch (error) {
            if ((error as NodeJS.ErrnoException)?.code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
            // The thread is gone, with the batches queued after this one: they run here, in
            // order, then a new thread goes on.
            workers.delete(messenger.worker);
            const { runTask } = await import('./release-tasks.js');
            for (const batch of [{ index, input }, ...inflight.splice(0)]) outputs[batch.index] = await consume((await runTask(task, batch.input)) as TaskOutput<N>);
            messenger = start();
          }
          while (inflight.length < Math.max(1, inFlight) && next < batches.length) send();
        }
      }),
    );
  } finally {
    // Threads started ahead that this run did not need (fewer batches than expected) end too.
    await Promise.all([...workers, ...prestarted.splice(0).map((entry) => entry.worker)].map((worker) => worker.terminate()));
  }
  return outputs;
}

/**
 * A new worker thread. A bounded heap makes V8 collect garbage before the process grows large; a
 * batch that needs more than that (an enormous release) runs again on the main thread, without
 * the bound. The young generation keeps V8's default: see WORKER_HEAP_MB.
 */
function newWorker(): Worker {
  return new Worker(workerUrl(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
}

/** Threads started ahead of the runBatches that will use them (see prestartWorkers). */
const prestarted: { worker: Worker; gone: boolean }[] = [];

/**
 * Starts `threads` worker threads now, for a run about to hand every release to them (a cold
 * extract or build): a thread takes some 75 ms to start and load its bundle, which then happens
 * while this thread lists, stats and hashes the inputs instead of after. The next runBatches
 * takes them; until then they do not keep the process alive, and one that fails to start is
 * replaced by a new one then (which reports the failure as usual).
 */
export function prestartWorkers(threads: number): void {
  while (prestarted.length < threads) {
    const entry = { worker: newWorker(), gone: false };
    entry.worker.unref();
    // Reported by the thread started in its place, if a run ever asks for one.
    entry.worker.on('error', () => (entry.gone = true));
    entry.worker.on('exit', () => (entry.gone = true));
    prestarted.push(entry);
  }
}

/**
 * Starts the threads of a command that will hand every release to them: a cold run, which the
 * cache not holding the command's state (`stateName`) tells, of more releases than are worth
 * threads. Counted from the folder's names alone (the command lists them properly later): an
 * estimate only decides whether to start threads early, not how many batches run.
 */
export function prestartIfCold(root: string, cache: { buildId: string; configText: string }, stateName: string): void {
  if (BuildCache.holdsState(root, cache, stateName)) return;
  let releases = 0;
  try {
    for (const name of readdirSync(join(root, 'releases'))) if (name.endsWith('.md')) releases++;
  } catch {
    return; // The command says what is wrong with releases/.
  }
  prestartWorkers(workerCount(releases));
}

/** How many threads started ahead wait for a runBatches (for tests). */
export function prestartedThreads(): number {
  return prestarted.length;
}

function takePrestarted(): Worker | undefined {
  for (let entry = prestarted.shift(); entry; entry = prestarted.shift()) {
    if (entry.gone) continue;
    entry.worker.ref();
    return entry.worker;
  }
  return undefined;
}

/**
 * Old-generation heap of a worker thread, in MB (see `runBatches`). The young generation is left
 * at V8's default: parsing allocates mostly short-lived objects, and a 12 MB young generation
 * (tried in an earlier version) made two threads parsing the 1,000-release archive 10–20 % slower
 * (5.3–5.5 s against 5.9–6.6 s, interleaved) and cold extract and build about 8 % slower, for
 * about 50 MB less peak memory (255 MB against 205 MB, both under the 300 MB target).
 */
const WORKER_HEAP_MB = 256;

/**
 * Requests to one worker thread, answered in the order sent (a thread handles one message at a
 * time). An error or exit of the thread rejects every request still open.
 */
class Messenger {
  readonly worker: Worker;
  /** Keys of what this thread was sent that later batches need not send again (see runBatches' forThread). */
  readonly sent = new Set<string>();
  private readonly open: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];

  constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (message: { output?: unknown; error?: { message: string; stack?: string; code?: string; path?: string; dest?: string; syscall?: string } }) => {
      const request = this.open.shift();
      if (!request) return;
      if (message.error) {
        const { code, path, dest, syscall } = message.error;
        const error: NodeJS.ErrnoException = Object.assign(new Error(`worker thread failed: ${message.error.message}`), { code, path, dest, syscall });
        if (message.error.stack) error.stack = message.error.stack;
        request.reject(error);
      } else {
        request.resolve(message.output);
      }
    });
    const fail = (error: unknown): void => {
      for (const request of this.open.splice(0)) request.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker thread exited with code ${code}`)));
  }

  ask<T>(task: string, input: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.open.push({ resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ task, input });
    });
  }
}
