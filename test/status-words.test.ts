import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { wordCount } from '../src/core/publish-gate.js';
import { readAnalysisRecord, writeAnalysisRecord } from '../src/io/analysis-record.js';
import { CACHE_FOLDER } from '../src/io/cache.js';
import { copySampleProject, REPO, runCli } from './helpers/project.js';

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

  test('a language the release’s `languages` leaves out has no words to do, and adds none to its total', async () => {
    // Danish and Dutch translators were quoted the words of a release that goes to English only:
    // status counted every segment as new in the languages it is not meant for.
    const { makeProject } = await import('./helpers/project.js');
    const project = await makeProject({
      'presslate.config.yaml': 'site:\n  url: https://example.org/press/\ntargetLanguages: [en, fr]\n',
      'releases/2024-01-01-alle.md': '---\ntitle: Für alle\ndate: 2024-01-01\n---\n\nDrei Wörter hier.\n',
      'releases/2024-01-02-englisch.md': '---\ntitle: Nur Englisch\ndate: 2024-01-02\nlanguages: [en]\n---\n\nVier Wörter stehen hier.\n',
    });
    try {
      expect((await runCli(project.root, ['extract'])).code).toBe(0);
      const json = await runCli(project.root, ['status', '--json']);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as {
        releases: { id: string; languages: Record<string, { due: boolean; counts: Record<string, number>; words: { new: number; stale: number; review: number } }> }[];
        totals: Record<string, { new: number; stale: number; review: number }>;
      };
      const english = report.releases.find((release) => release.id === '2024-01-02-englisch')!;
      expect(english.languages.en!.words.new).toBe(6);
      expect(english.languages.fr!.due).toBe(false);
      expect(english.languages.fr!.words).toMatchObject({ new: 0, stale: 0, review: 0 });
      expect(english.languages.fr!.counts).toEqual({ new: 0, translated: 0, reviewed: 0, stale: 0 });
      // Only the release meant for French counts there: its title and paragraph, 2 + 3 words.
      expect(report.totals).toEqual({ en: { new: 11, stale: 0, review: 0 }, fr: { new: 5, stale: 0, review: 0 } });
      const human = await runCli(project.root, ['status']);
      expect(human.stdout).toMatch(/2024-01-02-englisch +fr +0 +0 +0 +0 +0\+0 +not due/);
      expect(human.stdout).toContain('  fr: 5 new, 0 stale, 0 to review — 5 to translate');
    } finally {
      await project.dispose();
    }
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

describe('status and the build cache', () => {
  test('reads the analyses extract and build stored instead of parsing, stores the ones it parses, and reports the same', async () => {
    const project = await copySampleProject();
    try {
      const args = ['status', '--json', '--now', '2030-01-01T00:00:00Z'];
      const cold = await runCli(project.root, args);
      expect(cold.code).toBe(0);
      // status parsed every release and stored its analysis for extract and build.
      const records = (await readdir(join(project.root, CACHE_FOLDER), { recursive: true })).filter((name) => name.endsWith('.bin') && name.includes('analysis'));
      const releases = (await readdir(join(project.root, 'releases'))).filter((name) => name.endsWith('.md'));
      expect(records).toHaveLength(releases.length);
      expect((await runCli(project.root, ['extract'])).code).toBe(0);
      expect((await runCli(project.root, ['build'])).code).toBe(0);
      const warm = await runCli(project.root, args);
      expect(warm).toEqual(cold);
      // export reads the same records (loadReleases) and writes what it writes without them.
      const exported = await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--out', '-']);
      await rm(join(project.root, CACHE_FOLDER), { recursive: true, force: true });
      expect(await runCli(project.root, ['export', '--format', 'po', '--lang', 'en', '--out', '-'])).toEqual(exported);
      expect((await runCli(project.root, ['extract'])).code).toBe(0);

      // A record under a release's key is what status reports: one segment less in this record.
      const record = records[0]!;
      const folder = join(project.root, CACHE_FOLDER, record.split(/[\\/]/)[0]!);
      const key = basename(record, '.bin');
      const stored = readAnalysisRecord(folder, key)!;
      const { tree, ...value } = stored;
      const analysis = value.analysis!;
      writeAnalysisRecord(folder, key, { ...value, analysis: { ...analysis, segments: analysis.segments.slice(1) } }, tree);
      const report = JSON.parse((await runCli(project.root, args)).stdout) as { releases: { id: string; segments: number }[] };
      const before = JSON.parse(cold.stdout) as { releases: { id: string; segments: number }[] };
      expect(report.releases.find((r) => r.id === analysis.id)!.segments).toBe(before.releases.find((r) => r.id === analysis.id)!.segments - 1);
    } finally {
      await project.dispose();
    }
  });
});
