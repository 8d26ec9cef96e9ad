import { expect, test } from 'vitest';
import { parseRelease } from '../src/core/parse-release.js';
import { parseConfig } from '../src/core/config.js';
const config = parseConfig('site:\n  url: https://example.org/\n').config!;
const release = (body: string) => parseRelease('releases/2024-01-01-x.md', `---\ntitle: A\ndate: 2024-01-01\n---\n\n${body}\n`, config);
test('RELEASE_TOO_DEEP counts quotes, lists and inline markup: 100 levels pass, 101 do not', () => {
  expect(release(`${'>'.repeat(100)} x`).release).toBeDefined();
  expect(release(`${'>'.repeat(101)} x`).diagnostics[0]?.code).toBe('RELEASE_TOO_DEEP');
  const list = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n');
  expect(release(list(100)).release).toBeDefined();
  expect(release(list(101)).diagnostics[0]?.code).toBe('RELEASE_TOO_DEEP');
});

test('front matter keys the build writes itself (lang, alternates, outdated) are a warning at their line', () => {
  const { release: parsed, diagnostics } = parseRelease('releases/2024-01-01-x.md', '---\ntitle: A\ndate: 2024-01-01\nlang: fr\noutdated: false\n---\n\nText.\n', config);
  expect(parsed).toBeDefined();
  expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
    ['FRONT_MATTER_RESERVED', 'warning', 4],
    ['FRONT_MATTER_RESERVED', 'warning', 5],
  ]);
});
