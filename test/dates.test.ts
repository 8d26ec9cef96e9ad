import { describe, expect, test } from 'vitest';
import { formatRfc3339, formatRfc822, parseReleaseDate } from '../src/core/dates.js';
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

  test('a local time the clock skips is moved forward by the gap, one it repeats is its first occurrence (as Temporal does)', () => {
    const at = (text: string, timeZone: string) => parseReleaseDate(text, timeZone)?.instant;
    // New York springs forward at 02:00 EST to 03:00 EDT: 02:30 does not exist and is 03:30 EDT,
    // never 01:30 EST (an embargo lifted an hour early).
    expect(at('2024-03-10T02:30', 'America/New_York')).toBe(Date.parse('2024-03-10T07:30:00Z'));
    expect(at('2024-03-10T01:59', 'America/New_York')).toBe(Date.parse('2024-03-10T06:59:00Z'));
    expect(at('2024-03-10T03:00', 'America/New_York')).toBe(Date.parse('2024-03-10T07:00:00Z'));
    // Falls back at 02:00 EDT to 01:00 EST: 01:30 happens twice; the first is 05:30Z.
    expect(at('2024-11-03T01:30', 'America/New_York')).toBe(Date.parse('2024-11-03T05:30:00Z'));
    // Santiago skips midnight: the day of a release dated 8 September 2024 is still the 8th.
    expect(parseReleaseDate('2024-09-08', 'America/Santiago')).toMatchObject({ instant: Date.parse('2024-09-08T04:00:00Z'), day: '2024-09-08' });
    expect(parseReleaseDate('2018-11-04', 'America/Sao_Paulo')).toMatchObject({ day: '2018-11-04' });
    // East of UTC, the same rules: Berlin's 02:30 on 31 March 2024 is 03:30 CEST.
    expect(at('2024-03-31T02:30', zone)).toBe(Date.parse('2024-03-31T01:30:00Z'));
    expect(at('2024-10-27T02:30', zone)).toBe(Date.parse('2024-10-27T00:30:00Z'));
    // Lord Howe moves by 30 minutes; Apia skipped a whole day (30 December 2011).
    expect(at('2024-10-06T02:15', 'Australia/Lord_Howe')).toBe(Date.parse('2024-10-05T15:45:00Z')); // 02:45 +11:00
    expect(parseReleaseDate('2011-12-30', 'Pacific/Apia')?.day).toBe('2011-12-31');
  });

  test('refuses impossible days, years Date.UTC would move, and offsets no zone has', () => {
    for (const text of ['2023-02-30', '2023-13-01', '0050-06-01', '0000-01-01', '2024-01-01T25:00', '2024-01-01T10:00:00+25:00', '2024-01-01T10:00:00+99:00', '2024-01-01T10:00:00+01:60', '2024-01-01T10:00:00-15:00']) {
      expect(parseReleaseDate(text, zone), text).toBeUndefined();
    }
  });
});

describe('feed dates (RFC 822, RFC 3339)', () => {
  const zone = 'Europe/Berlin';
  const both = (text: string, timeZone = zone): [string, string] => {
    const instant = parseReleaseDate(text, timeZone)!.instant;
    return [formatRfc822(instant, timeZone), formatRfc3339(instant, timeZone)];
  };

  test('write the year in four digits: 999 made rss-parser and feedparser (npm) throw on the whole feed', () => {
    // Years 100–999 are valid release dates (see parseReleaseDate), and RFC 822 as the feed
    // validator reads it and RFC 3339 want four digits; Date.parse reads neither '999-12-31T…' nor
    // 'Tue, 31 Dec 999 …'.
    expect(both('0999-12-31', 'UTC')).toEqual(['Tue, 31 Dec 0999 00:00:00 +0000', '0999-12-31T00:00:00+00:00']);
    for (const text of both('0100-06-01T12:00', 'UTC')) expect(Date.parse(text), text).toBe(Date.UTC(100, 5, 1, 12));
  });

  test('before standard time (an offset with seconds) the written time and offset still name the instant', () => {
    // Berlin kept local mean time, +00:53:28, until 1893; RFC 822 and RFC 3339 have no seconds in
    // an offset. Intl's wall clock with the offset cut to +00:53 was 28 seconds off ('00:00:28+00:53'
    // for midnight) and the two dates of a feed named different moments.
    const [rfc822, rfc3339] = both('1890-01-01');
    expect([rfc822, rfc3339]).toEqual(['Wed, 01 Jan 1890 00:00:00 +0053', '1890-01-01T00:00:00+00:53']);
    const instant = parseReleaseDate('1890-01-01', zone)!.instant;
    expect(Date.parse(rfc3339)).toBe(instant);
    expect(Date.parse(rfc822)).toBe(instant);
  });

  test('ordinary dates are unchanged', () => {
    expect(both('2018-03-16')).toEqual(['Fri, 16 Mar 2018 00:00:00 +0100', '2018-03-16T00:00:00+01:00']);
    expect(both('2024-03-31T02:30')).toEqual(['Sun, 31 Mar 2024 03:30:00 +0200', '2024-03-31T03:30:00+02:00']);
    expect(both('2024-06-01T12:00:00-02:30', 'America/St_Johns')).toEqual(['Sat, 01 Jun 2024 12:00:00 -0230', '2024-06-01T12:00:00-02:30']);
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

describe('feed dates', () => {
  test('a zone on local mean time (Berlin before 1893: +00:53:28) writes a wall clock that names the same instant as its rounded offset', () => {
    const instant = Date.UTC(1000, 0, 1, 0, 0, 0);
    const rfc3339 = formatRfc3339(instant, 'Europe/Berlin');
    const rfc822 = formatRfc822(instant, 'Europe/Berlin');
    expect(rfc3339).toBe('1000-01-01T00:53:00+00:53');
    expect(rfc822).toBe('Wed, 01 Jan 1000 00:53:00 +0053');
    expect(Date.parse(rfc3339)).toBe(instant);
  });

  test('today\'s zones are written as before, on both sides of a DST change', () => {
    expect(formatRfc3339(Date.UTC(2018, 2, 15, 23, 0, 0), 'Europe/Berlin')).toBe('2018-03-16T00:00:00+01:00');
    expect(formatRfc822(Date.UTC(2018, 6, 15, 22, 0, 5), 'Europe/Berlin')).toBe('Mon, 16 Jul 2018 00:00:05 +0200');
    expect(formatRfc3339(Date.UTC(2024, 0, 1, 12, 0, 0), 'America/St_Johns')).toBe('2024-01-01T08:30:00-03:30');
  });

  test('a year below 1000 has four digits in both formats (RFC 822 and RFC 3339 take no other)', () => {
    const instant = parseReleaseDate('0100-06-01T12:00:00Z', 'UTC')!.instant;
    expect(formatRfc822(instant, 'UTC')).toBe('Tue, 01 Jun 0100 12:00:00 +0000');
    expect(formatRfc3339(instant, 'UTC')).toBe('0100-06-01T12:00:00+00:00');
  });
});
