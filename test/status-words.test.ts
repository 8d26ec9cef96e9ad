import { describe, expect, test } from 'vitest';
import { wordCount } from '../src/core/publish-gate.js';
import { REPO, runCli } from './helpers/project.js';

describe('status word counts', () => {
  test('per language totals of new, stale and to-review words, in JSON and in the table', async () => {
    const json = await runCli(REPO, ['status', '--json', '--now', '2030-01-01T00:00:00Z']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      releases: { languages: Record<string, { words: { new: number; stale: number; review: number } }> }[];
      totals: Record<string, { new: number; stale: number; review: number }>;
    };
    expect(Object.keys(report.totals)).toEqual(['da', 'en', 'nl', 'fr']);
    for (const [lng, total] of Object.entries(report.totals)) {
      const sum = { new: 0, stale: 0, review: 0 };
      for (const release of report.releases) {
        const words = release.languages[lng]?.words;
        if (!words) continue;
        sum.new += words.new;
        sum.stale += words.stale;
        sum.review += words.review;
      }
      expect(total).toEqual(sum);
    }
    // The sample: one stale segment per language, English partly translated and waiting for review.
    expect(report.totals.en!.stale).toBeGreaterThan(0);
    expect(report.totals.en!.review).toBeGreaterThan(0);
    expect(report.totals.en!.new).toBeLessThan(report.totals.fr!.new);
    const human = await runCli(REPO, ['status', '--now', '2030-01-01T00:00:00Z']);
    const en = report.totals.en!;
    expect(human.stdout).toContain(`  en: ${en.new} new, ${en.stale} stale, ${en.review} to review — ${en.new + en.stale} to translate`);
  });

  test('counts words of decomposed text, soft hyphens and scripts without spaces sensibly', () => {
    expect(wordCount('für die Region')).toBe(3);
    // Decomposed (ü as u + U+0308) and with a soft hyphen inside a word: still the same words.
    expect(wordCount('für die Region'.normalize('NFD'))).toBe(3);
    expect(wordCount('Digitalisierungs\u00ADstrategie für <1>KMU</1>')).toBe(3);
    expect(wordCount('Best-Practice-Beispiele, rund 1.234,5 Euro')).toBe(4);
    // Vowel signs are part of their word (Hindi), ZWNJ too (Persian).
    expect(wordCount('नमस्ते दुनिया')).toBe(2);
    expect(wordCount('می‌خواهم بروم')).toBe(2);
    // Chinese and Japanese: one word per character, as CAT tools count; Thai by dictionary.
    expect(wordCount('東京で会議')).toBe(5);
    expect(wordCount('GrowIn 4.0のパートナー')).toBe(2 + 6);
    const thai = 'การประชุมที่กรุงเทพ';
    expect(wordCount(thai)).toBe([...new Intl.Segmenter('th', { granularity: 'word' }).segment(thai)].filter((s) => s.isWordLike).length);
    expect(wordCount(thai)).toBeGreaterThan(1);
  });
});

describe('word counts in the plan', () => {
  test('are counted for status (countWords) and left out of a build’s plan, which publishes the same', async () => {
    const { loadProject } = await import('../src/io/project.js');
    const { loadSite } = await import('../src/io/load-site.js');
    const { planSite } = await import('../src/core/build-site.js');
    const { project } = await loadProject(REPO);
    const site = await loadSite(project!);
    const input = { config: project!.config, releases: site.releases, locales: site.locales, now: Date.parse('2030-01-01T00:00:00Z') };
    const counted = planSite({ ...input, countWords: true });
    const plain = planSite(input);
    expect(counted.states.length).toBeGreaterThan(0);
    expect(counted.states.every((state) => state.words !== undefined && state.words.total > 0)).toBe(true);
    expect(plain.states.every((state) => state.words === undefined)).toBe(true);
    // Everything else is the same plan.
    expect(plain.states).toEqual(counted.states.map(({ words: _words, ...state }) => state));
    expect(plain.published).toEqual(counted.published);
  });
});
