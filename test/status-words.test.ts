import { describe, expect, test } from 'vitest';
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
});
