// Entry of Presslate's worker threads (lib/worker.cjs): runs one task batch per message and
// answers with its output. See workers.ts for who sends them and release-tasks.ts for the tasks.
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskName } from './release-tasks.js';

if (!parentPort) throw new Error('lib/worker.cjs runs as a worker thread of presslate, not on its own');
const port = parentPort;
// One task at a time, in the order they came: the main thread sends the next batch while this one
// runs (workers.ts) and takes the answers in that order. A task awaits (imports, file reads), so
// without the queue the next one would start in between.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: { task: TaskName; input: never }) => {
  queue = queue.then(() =>
    runTask(message.task, message.input).then(
      (output) => port.postMessage({ output }),
      (error: unknown) => {
        // The file system's code, path and call go along, so the main thread can say what to fix.
        const { code, path, dest, syscall } = (error ?? {}) as NodeJS.ErrnoException & { dest?: string };
        port.postMessage({ error: { message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack, code, path, dest, syscall } });
      },
    ),
  );
});
