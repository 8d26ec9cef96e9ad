/**
 * Ctrl-C (SIGINT), a service manager's or CI runner's SIGTERM and a closed terminal's SIGHUP end
 * a Node process at once, between any two system calls. Killed that way while extract, import or
 * pretranslate staged its locale files, a run left hundreds of `<file>.<hex>.tmp` files in
 * `locales/` (each a LOCALE_IGNORED warning from then on: nothing removed them) and, killed among
 * the renames, only some of the files that change together; a build killed while it moved its
 * pages into `dist/` left a mix of the old build's files and the new one's. {@link uninterrupted}
 * runs such a write with handlers for those signals installed: the write, whose system calls are
 * synchronous, finishes (or rolls back) first, and the signal then ends the process as it would
 * have — with the same signal, so the exit status still says how it ended. SIGKILL cannot be
 * caught.
 *
 * A signal the process already has a handler for is left to that handler (`watch` stops after
 * its running round): nothing here is installed for it.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs `write` so that SIGINT, SIGTERM and SIGHUP end the process only after it has returned or thrown. */
export async function uninterrupted<T>(write: () => T | Promise<T>): Promise<T> {
  let pending: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    pending ??= signal;
  };
  const mine = SIGNALS.filter((signal) => process.listenerCount(signal) === 0);
  for (const signal of mine) process.on(signal, onSignal);
  try {
    return await write();
  } finally {
    // A signal that came during the write's synchronous calls waits in the event loop: two turns
    // of it (the second after a poll phase, where libuv reads its signal pipe) hand it to
    // onSignal. Removed before that, the handlers would lose it, and a command that ends with
    // process.exit() (bin/presslate.js) would exit 0 as if there had been no Ctrl-C.
    if (mine.length > 0) {
      await nextTurn();
      await nextTurn();
    }
    for (const signal of mine) process.off(signal, onSignal);
    // With no handler left, the signal does what it would have done during the write.
    if (pending) process.kill(process.pid, pending);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
