import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { BuildCache } from '../src/io/cache.js';
import { prestartedThreads, prestartIfCold, runBatches } from '../src/io/workers.js';
import type { Config } from '../src/core/config.js';

// Threads started ahead of a cold run (workers.ts prestartWorkers): the tests force two threads
// for a handful of releases, as the end-to-end tests of the threaded path do.
let root: string;
/** Batches of no release read nothing of the configuration. */
const CONFIG = {} as Config;
const cache = { buildId: 'test-build', configText: 'languages: {}\n' };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'presslate-prestart-'));
  await mkdir(join(root, 'releases'));
  for (const name of ['a.md', 'b.md', 'c.md', 'notes.txt']) await writeFile(join(root, 'releases', name), '');
  process.env.PRESSLATE_WORKERS = '2';
});

afterEach(async () => {
  delete process.env.PRESSLATE_WORKERS;
  await runBatches('check-extract', [], 1); // ends threads a test left started
  await rm(root, { recursive: true, force: true });
});

test('a cold run (the cache has no state for the command) starts its threads at once; the next runBatches takes them', async () => {
  prestartIfCold(root, cache, 'extract-state');
  expect(prestartedThreads()).toBe(2);
  // What waits while each batch is prepared: each thread took one started ahead.
  const waiting: number[] = [];
  const batches = [0, 1, 2].map(() => ({ root, cacheFolder: null, namespace: '', config: CONFIG, releases: [] }));
  const outputs = await runBatches('check-extract', batches, 2, (batch) => (waiting.push(prestartedThreads()), batch));
  expect(outputs).toEqual([[], [], []]);
  expect(waiting).toEqual([1, 0, 0]);
  expect(prestartedThreads()).toBe(0);
});

test('threads a run did not need end with it', async () => {
  prestartIfCold(root, cache, 'extract-state');
  await runBatches('check-extract', [{ root, cacheFolder: null, namespace: '', config: CONFIG, releases: [] }], 1);
  expect(prestartedThreads()).toBe(0);
});

test('no thread starts early when the cache holds the state, or for a project of few releases', async () => {
  // The state as BuildCache writes it, in the folder of this build and configuration.
  const opened = BuildCache.open(root, { enabled: true, ...cache });
  opened.writeState('extract-state', { releases: {} });
  opened.save();
  expect(BuildCache.holdsState(root, cache, 'extract-state')).toBe(true);
  prestartIfCold(root, cache, 'extract-state');
  expect(prestartedThreads()).toBe(0);

  delete process.env.PRESSLATE_WORKERS; // 3 releases: below the threshold for threads
  prestartIfCold(root, cache, 'build-state');
  expect(prestartedThreads()).toBe(0);
});
