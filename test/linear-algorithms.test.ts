import { describe, expect, test } from 'vitest';
import { analyzeRelease } from '../src/core/analyze-release.js';
import { parseConfig } from '../src/core/config.js';
import { extractLocale } from '../src/core/extract-locale.js';
import { parsePo } from '../src/core/exchange/po.js';

/**
 * Algorithms on user data that took time quadratic in the number of segments, entries or tags,
 * each with an input at the size Presslate reads. The bounds are generous: the new code takes a
 * fraction of them, the old code took several times as long.
 */

/** Milliseconds `run` takes. */
function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}
const FAST = 2_500;
const config = parseConfig('site:\n  url: https://example.org/\n').config!;
const frontMatter = '---\ntitle: Titel\ndate: 2020-06-25\n---\n\n';
const WORDS = ['Haus', 'Region', 'Projekt', 'Partner', 'Wandel', 'Digital', 'Firma', 'Stadt', 'Konferenz', 'Zukunft'];
/** A German paragraph of about 90 characters, different for every `i`. */
function paragraph(i: number, edit = ''): string {
  let words = '';
  for (let k = 0, x = i; k < 8; k++, x = Math.floor(x / 10) + k * 7 + (i % 13)) words += `${WORDS[x % 10]} `;
  return `Absatz ${i}${edit} ${words}Nummer ${i}.`;
}
function analysisOf(blocks: string[]): NonNullable<ReturnType<typeof analyzeRelease>['analysis']> {
  const { analysis, diagnostics } = analyzeRelease('releases/2020-06-25-x.md', `${frontMatter}${blocks.join('\n\n')}\n`, config);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return analysis!;
}

describe('extract matches old entries to segments without comparing every pair', () => {
  test('2,000 paragraphs, every one edited: each keeps its entry, updated (was 10 s)', () => {
    const n = 2_000;
    const before = extractLocale(analysisOf(Array.from({ length: n }, (_, i) => paragraph(i))), 'en', 'de', undefined);
    const edited = analysisOf(Array.from({ length: n }, (_, i) => paragraph(i, ' x')));
    let result: ReturnType<typeof extractLocale> | undefined;
    expect(timed(() => (result = extractLocale(edited, 'en', 'de', { file: 'locales/en/2020-06-25-x.yaml', text: before.text! })))).toBeLessThan(FAST);
    expect(result!.changes.filter((change) => change.kind === 'updated')).toHaveLength(n);
    expect(result!.changes.some((change) => change.kind === 'obsoleted' || change.kind === 'added')).toBe(false);
  });

  test('10,000 paragraphs that became headings: each entry is renamed (was 3.2 s)', () => {
    const n = 10_000;
    const before = extractLocale(analysisOf(Array.from({ length: n }, (_, i) => paragraph(i))), 'en', 'de', undefined);
    const headings = analysisOf(Array.from({ length: n }, (_, i) => `## ${paragraph(i)}`));
    let result: ReturnType<typeof extractLocale> | undefined;
    expect(timed(() => (result = extractLocale(headings, 'en', 'de', { file: 'locales/en/2020-06-25-x.yaml', text: before.text! })))).toBeLessThan(FAST);
    expect(result!.changes.filter((change) => change.kind === 'renamed')).toHaveLength(n);
  });
});

describe('import finds the lines of obsolete PO entries without a search per entry', () => {
  test('10,000 obsolete (#~) translations: a warning each, at its line (was 9.8 s)', () => {
    const n = 10_000;
    let text = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n';
    for (let i = 0; i < n; i++) text += `#~ msgctxt "2020-01-01-r#p-${i.toString(16).padStart(8, '0')}"\n#~ msgid "Absatz ${i}"\n#~ msgstr "Paragraph ${i}"\n\n`;
    let result: ReturnType<typeof parsePo> | undefined;
    expect(timed(() => (result = parsePo(text, 'x.po')))).toBeLessThan(FAST);
    const warnings = result!.diagnostics.filter((d) => d.code === 'IMPORT_OBSOLETE_ENTRY');
    expect(warnings).toHaveLength(n);
    expect(warnings.map((d) => d.line)).toEqual(Array.from({ length: n }, (_, i) => 5 + 4 * i));
  });
});
