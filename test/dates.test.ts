import { describe, expect, test } from 'vitest';
import { parseReleaseDate } from '../src/core/dates.js';
import { runCli } from './helpers/project.js';
import { resolveNow } from '../src/cli/context.js';

describe('parseReleaseDate', () => {
  const zone = 'Europe/Berlin';

  test('reads dates and date-times, local to the zone or with an offset', () => {
    expect(parseReleaseDate('2018-03-16', zone)).toMatchObject({ instant: Date.parse('2018-03-15T23:00:00Z'), dateOnly: true, day: '2018-03-16' });
    expect(parseReleaseDate('2018-03-16T10:00', zone)?.instant).toBe(Date.parse('2018-03-16T09:00:00Z'));
    expect(parseReleaseDate('2018-03-16T10:00:00+05:30', zone)?.instant).toBe(Date.parse('2018-03-16T04:30:00Z'));
    expect(parseReleaseDate('2018-03-16T10:00:00-1200', zone)?.instant).toBe(Date.parse('2018-03-16T22:00:00Z'));
    expect(parseReleaseDate('0100-06-01', zone)?.day).toBe('0100-06-01');
  });

  test('refuses impossible days, years Date.UTC would move, and offsets no zone has', () => {
    for (const text of ['2023-02-30', '2023-13-01', '0050-06-01', '0000-01-01', '2024-01-01T25:00', '2024-01-01T10:00:00+25:00', '2024-01-01T10:00:00+99:00', '2024-01-01T10:00:00+01:60', '2024-01-01T10:00:00-15:00']) {
      expect(parseReleaseDate(text, zone), text).toBeUndefined();
    }
  });
});

describe('--now', () => {
  const io = { now: () => 0 } as Parameters<typeof resolveNow>[0];

  test('takes ISO 8601 with or without offset (UTC then) and refuses impossible moments', () => {
    expect(resolveNow(io, '2030-01-15T09:00:00+01:00')).toBe(Date.parse('2030-01-15T08:00:00Z'));
    expect(resolveNow(io, '2030-01-15T09:00:00.000Z')).toBe(Date.parse('2030-01-15T09:00:00Z'));
    expect(resolveNow(io, '2030-01-15T09:00')).toBe(Date.parse('2030-01-15T09:00:00Z'));
    expect(resolveNow(io, '2030-01-15')).toBe(Date.parse('2030-01-15T00:00:00Z'));
    expect(resolveNow(io, undefined)).toBe(0);
    for (const text of ['2030-02-30T09:00:00+01:00', '2030-01-15T09:00:00+25:00', 'garbage', '2030']) {
      expect(() => resolveNow(io, text), text).toThrow(/is not an ISO 8601 date-time/);
    }
  });

  test('a release dated in year 50 is an error, not a release of 1950', async () => {
    const { makeProject } = await import('./helpers/project.js');
    const project = await makeProject({ 'releases/2024-01-01-test.md': '---\ntitle: A\ndate: 0050-06-01\n---\n\nText.\n' });
    try {
      const result = await runCli(project.root, ['build']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/releases\/2024-01-01-test\.md:3(:\d+)? error FRONT_MATTER_DATE/);
    } finally {
      await project.dispose();
    }
  });
});
