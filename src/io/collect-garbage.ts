import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs a full garbage collection on this thread. Node exposes `gc` only with --expose-gc; the flag
 * can be set at run time, and a new context then has the function (a documented V8 behaviour
 * that Node's own tests use). Without it, nothing happens.
 */
export function collectGarbage(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as (() => void) | undefined)?.();
  } catch {
    // No gc available: V8 collects when it decides to.
  }
}

/**
 * {@link collectGarbage} when this thread's heap holds more than `bytes`: a full collection costs
 * about 0.1 s on a heap of 100 MB, which a small project's round should not pay for nothing.
 */
export function collectGarbageAbove(bytes: number): void {
  if (v8.getHeapStatistics().used_heap_size > bytes) collectGarbage();
}
