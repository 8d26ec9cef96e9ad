import { describe, expect, test } from 'vitest';
import { batchSize, splitIntoBatches } from '../src/io/input-files.js';

describe('splitIntoBatches', () => {
  const items = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

  test('without threads, one batch of everything (none for nothing)', () => {
    expect(splitIntoBatches(items(7), 0)).toEqual([items(7)]);
    expect(splitIntoBatches([], 0)).toEqual([]);
  });

  test('every item once, in order, for any count and number of threads', () => {
    for (const threads of [1, 2, 3, 8]) {
      for (let n = 0; n <= 400; n += 7) expect(splitIntoBatches(items(n), threads).flat()).toEqual(items(n));
    }
  });

  test('1,000 releases on 2 threads: batches of 16, then the last 64 releases in batches of 4', () => {
    const sizes = splitIntoBatches(items(1000), 2).map((batch) => batch.length);
    expect(batchSize(1000, 2)).toBe(16);
    expect(sizes.slice(-16)).toEqual(Array(16).fill(4));
    expect(sizes.slice(0, -16).every((size) => size === 16 || size === 936 % 16)).toBe(true);
    expect(sizes.slice(0, -16).reduce((a, b) => a + b, 0)).toBe(936);
  });

  test('a small job still ends in smaller batches (never empty ones)', () => {
    const batches = splitIntoBatches(items(60), 2);
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
    expect(batches.at(-1)!.length).toBeLessThan(batchSize(60, 2));
  });
});
