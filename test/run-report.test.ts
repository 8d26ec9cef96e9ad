import { expect, test } from 'vitest';
import { describeRound, newlyHeld, roundJson, summarizeChanges, type Round } from '../src/core/run-report.js';

/** What `presslate watch` prints after each round (core/run-report.ts). */

const extract = (written: string[] = []) => ({ code: 0, report: { written, changes: written.map((file) => ({ file, changes: [{ kind: 'stale' }, { kind: 'new' }, { kind: 'new' }] })) } });
const build = (written: string[] = [], held: { release: string; lng: string; reasons: string[] }[] = []) => ({ code: 0, report: { written, removed: [], held } });

test('a round that updated locale files and dist/ lists the locale files, then one line', () => {
  const round: Round = { trigger: ['releases/a.md'], seconds: 0.3141, extract: extract(['locales/en/a.yaml']), build: build(['de/a.md', 'de/a.html']) };
  expect(describeRound(round, '09:05:03')).toEqual([
    '  locales/en/a.yaml: 1 stale, 2 new',
    'watch: 09:05:03 releases/a.md changed: 1 locale file(s) updated; 2 file(s) written and 0 removed in the output folder (0.31 s)',
  ]);
});

test('the first round, and a round with nothing to do', () => {
  expect(describeRound({ trigger: [], seconds: 1.2, extract: extract(), build: build() }, '10:00:00')).toEqual(['watch: 10:00:00 first run: nothing to update (1.20 s)']);
  const many = ['releases/a.md', 'releases/b.md', 'releases/c.md', 'releases/d.md', 'images/e.png'];
  expect(describeRound({ trigger: many, seconds: 0.05, extract: extract(), build: build() }, '10:00:01')).toEqual([
    'watch: 10:00:01 releases/a.md, releases/b.md, releases/c.md and 2 more changed: nothing to update (0.05 s)',
  ]);
});

test('a round the clock started says which moment came', () => {
  const round: Round = { trigger: [], clock: '2030-01-15T08:00:00.000Z', seconds: 0.2, extract: extract(), build: build(['de/a.md', 'de/a.html']) };
  expect(describeRound(round, '09:00:00')).toEqual([
    "watch: 09:00:00 2030-01-15T08:00:00.000Z came (a release's embargo or date): 2 file(s) written and 0 removed in the output folder (0.20 s)",
  ]);
  expect(JSON.parse(roundJson(round))).toMatchObject({ trigger: [], clock: '2030-01-15T08:00:00.000Z' });
});

test('a round stopped by bad input says where it stopped and that nothing was written', () => {
  expect(describeRound({ trigger: ['locales/en/a.yaml'], seconds: 0.1, extract: { code: 2 } }, '10:00:02')).toEqual([
    'watch: 10:00:02 locales/en/a.yaml changed: extract stopped (see above): nothing was written; the next save runs it again (0.10 s)',
  ]);
  expect(describeRound({ trigger: ['locales/common.yaml'], seconds: 0.1, extract: extract(), build: { code: 2 } }, '10:00:03')).toEqual([
    'watch: 10:00:03 locales/common.yaml changed: build stopped (see above): the output folder is as it was; the next save runs it again (0.10 s)',
  ]);
});

test('held pairs are counted every round and printed once, when they become held', () => {
  const held = [
    { release: 'a', lng: 'en', reasons: ['2 segment(s) not reviewed'] },
    { release: 'b', lng: 'fr', reasons: ['stale'] },
  ];
  expect(describeRound({ trigger: ['releases/a.md'], seconds: 0.2, extract: extract(), build: build([], held) }, '10:00:04').at(-1)).toBe(
    'watch: 10:00:04 releases/a.md changed: 2 release-language pair(s) held (0.20 s)',
  );
  expect(newlyHeld(new Set(['a [en]']), held)).toEqual([{ key: 'b [fr]', line: 'held: b [fr] — stale' }]);
  expect(newlyHeld(new Set(), [])).toEqual([]);
});

test('--json gives one line per round with the commands\' codes and reports', () => {
  const round: Round = { trigger: ['releases/a.md'], seconds: 0.123456, extract: { code: 2 } };
  expect(roundJson(round)).toBe('{"trigger":["releases/a.md"],"seconds":0.1235,"extract":{"code":2}}');
  expect(roundJson(round)).not.toContain('\n');
});

test('summarizeChanges counts each kind in the order met, and calls a new file created', () => {
  expect(summarizeChanges([{ kind: 'new' }, { kind: 'stale' }, { kind: 'new' }])).toBe('2 new, 1 stale');
  expect(summarizeChanges([])).toBe('created');
});
