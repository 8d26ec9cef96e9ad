import { describe, expect, test } from 'vitest';
import { analyzeRelease } from '../src/core/analyze-release.js';
import { endingOf } from '../src/core/checks/end-punctuation.js';
import { findUrls } from '../src/core/checks/text-tools.js';
import { checkDateOptions, directDateFormat, hasPlaceholder } from '../src/core/common-strings.js';
import { parseConfig } from '../src/core/config.js';
import { readFrontMatterFast } from '../src/core/front-matter-fast.js';
import { joinFrontMatter, splitFrontMatter } from '../src/core/front-matter.js';
import { readLocaleFile } from '../src/core/locale-file.js';
import { escapeMarkdownText } from '../src/core/markdown-escape.js';
import { parseMarkdown } from '../src/core/markdown.js';
import { mergeRelease } from '../src/core/merge.js';
import { renderPage } from '../src/core/render-page.js';
import { translateTree } from '../src/core/translate-tree.js';

/**
 * Regular expressions of the form `x+$` (or `[ \t]*\n` with g) that V8 tried from every position
 * of a long run of `x` that does not reach the end (or the line break), each time to the run's
 * end: quadratic. 100,000 characters (the size of a paragraph Presslate reads) took seconds
 * each, a front matter of 100,000 blank lines 36 s of `build`. Each pattern now starts a match
 * only where a run starts (a look-behind), which finds the same matches in linear time. The
 * timeouts are generous; the new code takes milliseconds, the old took seconds.
 */

const N = 100_000;
/** Milliseconds `run` takes. */
function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}
/** Well above the new code's milliseconds, even on a loaded CI runner; below the old code's 3.3–7.6 s. */
const FAST = 2_000;

describe('trailing runs are found in linear time', () => {
  test('END_PUNCTUATION: a translation with 100,000 spaces before its last word', () => {
    let ending = '';
    expect(timed(() => (ending = endingOf(`Title${' '.repeat(N)}x.`)))).toBeLessThan(FAST);
    expect(ending).toBe('full stop');
  });

  test('a URL followed by 100,000 punctuation marks that do not end it', () => {
    let urls: ReturnType<typeof findUrls> = [];
    expect(timed(() => (urls = findUrls(`see http://a${'!'.repeat(N)}a!`)))).toBeLessThan(FAST);
    expect(urls.map((url) => url.value)).toEqual([`http://a${'!'.repeat(N)}a`]);
  });

  test('a block scalar translation with 100,000 blank lines inside', () => {
    const text = `release: r\nlanguage: en\nsegments:\n  p-1:\n    de: Hallo\n    en: |\n      Hello\n${'\n'.repeat(N)}      world\n\n\nobsolete: {}\n`;
    let read: ReturnType<typeof readLocaleFile> | undefined;
    expect(timed(() => (read = readLocaleFile(text, 'x.yaml', { release: 'r', language: 'en', sourceLanguage: 'de' })))).toBeLessThan(FAST);
    expect(read!.diagnostics).toEqual([]);
    expect(read!.locale!.entries.get('p-1')!.translation).toBe(`Hello\n${'\n'.repeat(N)}world`);
  });

  test('front matter with 100,000 blank lines is joined and rendered as a page', () => {
    const yaml = `title: T\n${'\n'.repeat(N)}date: 2020-06-25\n`;
    let joined = '';
    expect(timed(() => (joined = joinFrontMatter(`${yaml}\n\n`, 'Text.\n')))).toBeLessThan(FAST);
    expect(joined).toBe(`---\n${yaml}---\nText.\n`);
    let page = '';
    expect(timed(() => (page = renderPage(`---\n${yaml}---\n\nText.\n`, { lng: 'en', alternates: {}, outdated: false })))).toBeLessThan(FAST);
    expect(splitFrontMatter(page).yaml).toBe(`${yaml}lang: en`);
  });

  test('a plain front matter value with 100,000 spaces inside', () => {
    let fast: ReturnType<typeof readFrontMatterFast>;
    expect(timed(() => (fast = readFrontMatterFast(`author: A${' '.repeat(N)}x \n`)))).toBeLessThan(FAST);
    expect(fast!.data).toEqual({ author: `A${' '.repeat(N)}x` });
  });

  test('escaping a translation: 100,000 tabs without a line break, a heading of 100,000 #', () => {
    const where = { atLineStart: 'segment', atEnd: true, beforeBracket: false } as const;
    let escaped = '';
    expect(timed(() => (escaped = escapeMarkdownText(`a${'\t'.repeat(N)}x\n y`, { ...where, context: 'block' })))).toBeLessThan(FAST);
    expect(escaped).toBe(`a${'\t'.repeat(N)}x y`);
    expect(timed(() => (escaped = escapeMarkdownText(`\\${'#'.repeat(N)}\\`, { ...where, context: 'heading' })))).toBeLessThan(FAST);
    expect(escaped).toBe(`\\\\${'#'.repeat(N)}\\\\`);
    expect(timed(() => (escaped = escapeMarkdownText(`\\${'#'.repeat(N)}`, { ...where, context: 'heading' })))).toBeLessThan(FAST);
    expect(escaped).toBe(`\\\\#${'\\#'.repeat(N - 1)}`);
  });
});

describe('a release and its translations with long runs of blanks', () => {
  const config = parseConfig('site:\n  url: https://example.org/\n').config!;
  const frontMatter = '---\ntitle: Titel\ndate: 2020-06-25\n---\n\n';

  test('a German paragraph with 99,000 spaces is segmented in linear time', () => {
    let result: ReturnType<typeof analyzeRelease> | undefined;
    expect(timed(() => (result = analyzeRelease('releases/2020-06-25-x.md', `${frontMatter}Erst${' '.repeat(99_000)}x\nvor kurzem.\n`, config)))).toBeLessThan(FAST);
    expect(result!.analysis!.segments.at(-1)!.source).toBe(`Erst${' '.repeat(99_000)}x vor kurzem.`);
  });

  test('merge and translateTree: blanks before a closing tag, at the end, and in an image title', () => {
    const source = `${frontMatter}Ein *betonter* Text mit [Link](https://example.org) und ![Bild](b.jpg "Titel").\n`;
    const { analysis } = analyzeRelease('releases/2020-06-25-x.md', source, config);
    const blanks = ' '.repeat(N);
    const translations: Record<string, string>[] = [
      { p: `Ein <1>a${blanks}x </1> Text mit <2>Link</2> und <3/>${blanks}x ` },
      { title: `a${'\t'.repeat(N)}x\r` },
    ];
    for (const translation of translations) {
      const lookup = (segment: { key: string; source: string }): string => translation[segment.key.split('-')[0]!] ?? segment.source;
      let merged = '';
      expect(timed(() => (merged = mergeRelease(analysis!, lookup)))).toBeLessThan(FAST);
      expect(merged.length).toBeGreaterThan(N);
      expect(timed(() => translateTree(parseMarkdown(analysis!.text), analysis!, lookup))).toBeLessThan(FAST);
    }
  });
});

describe('common.yaml texts are read in linear time', () => {
  test('a `date` text with 100,000 tabs after datetime, 100,000 quotes in an option, 1,000,000 characters of datetime(', () => {
    const viaI18next = (): string => 'x';
    expect(timed(() => directDateFormat(`{{date,datetime${'\t'.repeat(N)}{{date,datetime}}`, 'en', 'UTC', viaI18next))).toBeLessThan(FAST);
    let checked: ReturnType<typeof checkDateOptions> | undefined;
    expect(timed(() => (checked = checkDateOptions(`{{date, datetime(dateStyle: x${"'".repeat(N)}x)}}`)))).toBeLessThan(FAST);
    expect(checked!.problems.map((problem) => problem.code)).toEqual(['COMMON_FORMAT']);
    expect(timed(() => (checked = checkDateOptions(`{{date, ${'datetime('.repeat(1_000_000 / 9)}}}`)))).toBeLessThan(FAST);
    expect(checked!.problems).toEqual([]);
  });

  test('a text of 1,000,000 characters of {{date, without a closing }} is searched for its placeholder', () => {
    let found = true;
    expect(timed(() => (found = hasPlaceholder(`${'{{date,'.repeat(1_000_000 / 7)}t}`, 'date')))).toBeLessThan(FAST);
    expect(found).toBe(false);
  });

  test('hasPlaceholder answers as the pattern it replaces', () => {
    const pieces = ['{{', '}}', '}', '{', ' ', ',', 'date', 'dat', 'x', '\t'];
    let state = 11;
    const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 10); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      expect(hasPlaceholder(text, 'date'), JSON.stringify(text)).toBe(/\{\{\s*date\s*(,[^}]*)?\}\}/.test(text));
    }
  });
});

test('the linear patterns find exactly what the quadratic ones found', () => {
  // [the pattern as it was, the pattern as it is, the characters of the random texts]
  const pairs: [RegExp, RegExp, string[]][] = [
    [/[\s"'“”„«»‹›‘’)\]」』）］〕】》〉]+$/u, /(?<![\s"'“”„«»‹›‘’)\]」』）］〕】》〉])[\s"'“”„«»‹›‘’)\]」』）］〕】》〉]+$/u, [' ', '\t', '"', '»', ')', 'a', '.', '」', '\n', '𝐀']],
    [/[.,;:!?…)\]'’]+$/u, /(?<![.,;:!?…)\]'’])[.,;:!?…)\]'’]+$/u, ['.', '!', ')', 'a', ' ', '’', '𝐀']],
    [/[\n\r]+$/, /(?<![\n\r])[\n\r]+$/, ['\n', '\r', 'a', ' ']],
    [/\n+$/, /(?<!\n)\n+$/, ['\n', '\r', 'a']],
    [/\n*$/, /(?<!\n)\n*$/, ['\n', 'a', '\r']],
    [/ +$/, /(?<! ) +$/, [' ', 'a', '\t']],
    [/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, /(?<![ \t])[ \t]*(?:\r\n|\r|\n)[ \t]*|(?:\r\n|\r|\n)[ \t]*/g, [' ', '\t', '\n', '\r', 'a']],
    [/(?<!\\)#+[ \t]*$/, /(?:(?<![\\#])|(?<=\\#))#+[ \t]*$/, ['#', '\\', ' ', 'a', '\t']],
    [/[ \t]*\r?\n[ \t]*/g, /(?<![ \t])[ \t]*\r?\n[ \t]*|\r?\n[ \t]*/g, [' ', '\t', '\n', '\r', 'a']],
    [/[ \t\r\n]+$/, /(?<![ \t\r\n])[ \t\r\n]+$/, [' ', '\t', '\n', '\r', 'a', '\u00A0']],
    [/\s+$/, /(?<!\s)\s+$/, [' ', '\t', '\n', 'a', '\u00A0', '\u2028']],
    [/\S*$/, /(?<!\S)\S*$/, [' ', 'a', 'b', '\t']],
    [/^'+|'+$/g, /^'+|(?<!')'+$/g, ["'", 'a', ' ']],
    [
      /^([^{}$]*)\{\{\s*date\s*,\s*datetime\s*(?:\(([^()]*)\))?\s*\}\}([^{}$]*)$/,
      /^([^{}$]*)\{\{\s*date\s*,\s*datetime\s*(?:\(([^()]*)\)\s*)?\}\}([^{}$]*)$/,
      ['{{date', ',', 'datetime', ' ', '(', ')', 'x', '}}', '{{date, datetime', '}}'],
    ],
    [
      /(?:[ \t]*(?:\r\n|\r|\n))+[ \t]*/g,
      /(?<![ \t])(?:[ \t]*(?:\r\n|\r|\n))+[ \t]*|(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*/g,
      [' ', '\t', '\n', '\r', 'a'],
    ],
  ];
  const matches = (pattern: RegExp, text: string): [number, string][] =>
    pattern.global ? [...text.matchAll(pattern)].map((m) => [m.index, m[0]]) : [pattern.exec(text)].flatMap((m) => (m ? [[m.index, m.join('\u0000')] as [number, string]] : []));
  let state = 7;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const [was, is, pieces] of pairs) {
    for (let i = 0; i < 3_000; i++) {
      let text = '';
      for (let n = Math.floor(next() * 12); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      expect(matches(is, text), `${is} ${JSON.stringify(text)}`).toEqual(matches(was, text));
    }
  }
});
