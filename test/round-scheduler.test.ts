import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { MAX_WAIT_MS, RoundScheduler, SETTLE_MS } from '../src/cli/round-scheduler.js';

/** When watch runs a round (src/cli/round-scheduler.ts), on a fake clock. */

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2030-01-15T07:59:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

function scheduler(options: { own?: Set<string>; mayStart?: () => boolean; roundMs?: number } = {}) {
  const rounds: { trigger: string[]; clock: string | undefined; at: number }[] = [];
  const it = new RoundScheduler({
    round: async (trigger, clock) => {
      rounds.push({ trigger, clock, at: Date.now() });
      if (options.roundMs) await new Promise((resolve) => setTimeout(resolve, options.roundMs));
    },
    mayStart: options.mayStart ?? (() => true),
    isOwnWrite: (file) => options.own?.has(file) ?? false,
    now: () => Date.now(),
  });
  return { it, rounds };
}

test('the events of one save make one round, once they have settled', async () => {
  const { it, rounds } = scheduler();
  const start = Date.now();
  it.changed('releases/b.md');
  await vi.advanceTimersByTimeAsync(SETTLE_MS - 10);
  it.changed('releases/a.md');
  it.changed('releases/b.md');
  await vi.advanceTimersByTimeAsync(SETTLE_MS - 1);
  expect(rounds).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(rounds).toEqual([{ trigger: ['releases/a.md', 'releases/b.md'], clock: undefined, at: start + 2 * SETTLE_MS - 10 }]);
});

test('a stream of events still gets a round every MAX_WAIT_MS', async () => {
  const { it, rounds } = scheduler();
  const start = Date.now();
  for (let t = 0; t < MAX_WAIT_MS + 100; t += 10) {
    it.changed(`releases/${t}.md`);
    await vi.advanceTimersByTimeAsync(10);
  }
  expect(rounds[0]!.at).toBe(start + MAX_WAIT_MS);
});

test('what changes during a round waits for its end; own writes start nothing', async () => {
  const own = new Set(['locales/en/a.yaml']);
  const { it, rounds } = scheduler({ own, roundMs: 500 });
  it.changed('releases/a.md');
  await vi.advanceTimersByTimeAsync(SETTLE_MS + 100);
  expect(rounds).toHaveLength(1);
  it.changed('locales/en/a.yaml');
  it.changed('locales/fr/a.yaml');
  await vi.advanceTimersByTimeAsync(400 + SETTLE_MS);
  expect(rounds.map((round) => round.trigger)).toEqual([['releases/a.md'], ['locales/fr/a.yaml']]);
  it.changed('locales/en/a.yaml');
  await vi.advanceTimersByTimeAsync(1000);
  expect(rounds).toHaveLength(2);
});

test('a moment it is told of starts a round then, with the moment as its reason; a later one replaces it', async () => {
  const { it, rounds } = scheduler();
  it.at('2030-01-15T08:00:00.000Z');
  it.at('2030-01-15T08:00:30.000Z');
  // 08:00:00 and a little: the replaced moment would have come.
  await vi.advanceTimersByTimeAsync(60_000 + 200);
  expect(rounds).toEqual([]);
  await vi.advanceTimersByTimeAsync(31_000);
  expect(rounds).toMatchObject([{ trigger: [], clock: '2030-01-15T08:00:30.000Z' }]);
  it.at(null);
  it.at('not a date');
  await vi.advanceTimersByTimeAsync(60_000);
  expect(rounds).toHaveLength(1);
});

test('a moment more than 24.8 days away (beyond setTimeout) still comes', async () => {
  const { it, rounds } = scheduler();
  it.at('2030-03-01T00:00:00.000Z');
  await vi.advanceTimersByTimeAsync(Date.parse('2030-03-01T00:00:00.000Z') - Date.now() + 1000);
  expect(rounds).toMatchObject([{ clock: '2030-03-01T00:00:00.000Z' }]);
});

test('stop: no more rounds, and it waits for the running one', async () => {
  const { it, rounds } = scheduler({ roundMs: 300 });
  const first = it.runNow();
  it.changed('releases/a.md');
  it.at('2030-01-15T08:00:00.000Z');
  let stopped = false;
  void it.stop().then(() => (stopped = true));
  await vi.advanceTimersByTimeAsync(299);
  expect(stopped).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await first;
  expect(stopped).toBe(true);
  await vi.advanceTimersByTimeAsync(120_000);
  expect(rounds).toHaveLength(1);
});

test('a round mayStart refuses does not run', async () => {
  const { it, rounds } = scheduler({ mayStart: () => false });
  it.changed('releases/a.md');
  await vi.advanceTimersByTimeAsync(1000);
  expect(rounds).toEqual([]);
});
