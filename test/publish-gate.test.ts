import { parseFeed } from '@rowanmanning/feed-parser';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyzeRelease } from '../src/core/analyze-release.js';
import { parseConfig } from '../src/core/config.js';
import { splitFrontMatter } from '../src/core/front-matter.js';
import type { LocaleFile } from '../src/core/locale-file.js';
import { assessLanguage } from '../src/core/publish-gate.js';
import { segmentKey } from '../src/core/segment.js';
import { runCli, snapshotTree, spawnCli } from './helpers/project.js';
import { build, distFile, distPaths, NOW, sampleProject } from './helpers/site.js';

const LANGUAGES = ['de', 'da', 'en', 'nl', 'fr'];
const ID = '2018-03-16-growin-konferenz';
const GERMAN_TITLE = 'Internationale Konferenz zur Digitalisierung im Mittelstand';

let root: string;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ root, dispose } = await sampleProject());
});
afterEach(() => dispose());

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const file = join(root, path);
  const before = await readFile(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${path} changed nothing`);
  await writeFile(file, after);
}

/** Every file of a language's output (pages, feeds, index) with its text. */
async function languageOutput(lng: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of await distPaths(root)) if (path.startsWith(`${lng}/`)) files.set(path, (await distFile(root, path))!);
  return files;
}

describe('the publish gate', () => {
  it('leaves a release held in one language out of all its output there, and keeps it in the others', async () => {
    // One Dutch segment back to "translated": the Dutch version may not be published.
    await edit(`locales/nl/${ID}.yaml`, (text) => text.replace(/(  h-085b13e5:\n(?:    .*\n)*?)    status: reviewed/, '$1    status: translated'));
    const result = await build(root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`held: ${ID} [nl] — 1 segment(s) not reviewed: h-085b13e5`);

    const dutch = await languageOutput('nl');
    const dutchTitle = (parse(await readFile(join(root, `locales/nl/${ID}.yaml`), 'utf8')) as { segments: Record<string, { nl: string }> }).segments['meta.title']!.nl;
    expect([...dutch.keys()]).toEqual(expect.arrayContaining(['nl/feed.xml', 'nl/atom.xml', 'nl/feed.json', 'nl/index.html']));
    for (const [path, text] of dutch) {
      expect(text, path).not.toContain(ID);
      expect(text, path).not.toContain(dutchTitle);
      expect(text, path).not.toContain(GERMAN_TITLE);
    }
    expect(parseFeed(dutch.get('nl/feed.xml')!).items.map((item) => item.url)).not.toContain(expect.stringContaining(ID));
    expect(await distFile(root, 'feeds.opml')).not.toContain(ID);

    for (const lng of ['de', 'da', 'en', 'fr']) {
      const output = await languageOutput(lng);
      expect(output.has(`${lng}/${ID}.md`), lng).toBe(true);
      expect(output.has(`${lng}/${ID}.html`), lng).toBe(true);
      for (const feed of ['feed.xml', 'atom.xml', 'feed.json', 'index.html']) expect(output.get(`${lng}/${feed}`), `${lng}/${feed}`).toContain(`${lng}/${ID}.html`);
      // Links to other languages point at published versions only.
      const others = LANGUAGES.filter((other) => other !== lng && other !== 'nl');
      const front = parse(splitFrontMatter(output.get(`${lng}/${ID}.md`)!).yaml!) as { alternates: Record<string, string> };
      expect(Object.keys(front.alternates)).toEqual(others);
      // The page's hreflang set: the published versions, itself included, and the German as x-default.
      expect([...output.get(`${lng}/${ID}.html`)!.matchAll(/hreflang="([^"]+)" href/g)].map((match) => match[1])).toEqual([
        ...LANGUAGES.filter((other) => other !== 'nl'),
        'x-default',
      ]);
      const item = output.get(`${lng}/feed.xml`)!.split('<item>').find((part) => part.includes(`<link>https://growin40.example.org/press/${lng}/${ID}.html</link>`))!;
      expect([...item.matchAll(/hreflang="([^"]+)"/g)].map((match) => match[1])).toEqual(others);
    }

    const status = JSON.parse((await runCli(root, ['status', '--json', '--now', NOW])).stdout) as {
      releases: { id: string; languages: Record<string, { publishes: boolean; reasons: string[] }> }[];
    };
    const dutchState = status.releases.find((release) => release.id === ID)!.languages.nl!;
    expect(dutchState.publishes).toBe(false);
    expect(dutchState.reasons).toEqual(['1 segment(s) not reviewed: h-085b13e5']);
  });

  it('never lets German stand in for a translation', async () => {
    const result = await build(root);
    expect(result.code, result.stderr).toBe(0);
    // 2018-09-20-workshopreihe-digitalisierung is held in every target language.
    const germanTitle = 'Neue Workshopreihe macht KMU fit für die Digitalisierung';
    const germanSentence = 'Wie gelingt der Einstieg in die Digitalisierung';
    expect(await distFile(root, 'de/feed.xml')).toContain(germanTitle);
    for (const lng of ['da', 'en', 'nl', 'fr']) {
      for (const [path, text] of await languageOutput(lng)) {
        expect(text, path).not.toContain(germanTitle);
        expect(text, path).not.toContain(germanSentence);
        expect(text, path).not.toContain('2018-09-20-workshopreihe-digitalisierung.html');
      }
    }
  });

  it('publishes translated segments when publish.require is translated', async () => {
    // The same change as above, which holds the Dutch version under `require: reviewed`.
    await edit(`locales/nl/${ID}.yaml`, (text) => text.replace(/(  h-085b13e5:\n(?:    .*\n)*?)    status: reviewed/, '$1    status: translated'));
    await edit('presslate.config.yaml', (text) => text.replace('require: reviewed', 'require: translated'));
    expect((await build(root)).code).toBe(0);
    expect(await distFile(root, `nl/${ID}.md`)).toBeDefined();
    expect(await distFile(root, 'nl/feed.xml')).toContain(`nl/${ID}.html`);
  });

  it('exits 1 with --strict when a release due in a language is held, 0 when none is', async () => {
    const strict = await spawnCli(root, ['build', '--strict', '--now', NOW]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('held: 2018-09-20-workshopreihe-digitalisierung [en]');
    // Before the first held release was due, every due release was publishable everywhere.
    const clean = await runCli(root, ['build', '--strict', '--now', '2018-09-19T12:00:00Z']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(await distFile(root, `nl/${ID}.html`)).toBeDefined();
  });
});

describe('corrections after publication', () => {
  const id = '2019-10-08-best-practice-sammlung';

  it('keeps publishing the reviewed translation of a stale segment, flagged outdated until translators catch up', async () => {
    const result = await build(root);
    expect(result.code, result.stderr).toBe(0);
    for (const lng of ['da', 'en', 'nl', 'fr']) {
      const page = (await distFile(root, `${lng}/${id}.md`))!;
      expect((parse(splitFrontMatter(page).yaml!) as { outdated?: boolean }).outdated, lng).toBe(true);
      expect(await distFile(root, `${lng}/${id}.html`)).toContain('<p class="notice">');
    }
    expect((parse(splitFrontMatter((await distFile(root, `de/${id}.md`))!).yaml!) as { outdated?: boolean }).outdated).toBeUndefined();
    const english = (await distFile(root, `en/${id}.md`))!;
    // The reviewed translation of the previous German ("30 %"), not the corrected German ("ein Drittel").
    expect(english).toContain('has cut the time spent on invoicing by around 30% as a result');
    expect(english).not.toContain('um rund ein Drittel gesenkt');
    expect(await distFile(root, 'en/feed.xml')).toContain('has cut the time spent on invoicing by around 30% as a result');

    const status = await runCli(root, ['status', '--now', NOW]);
    expect(status.stdout).toContain('Outdated (publishing a translation of older German until translators catch up):');
    expect(status.stdout).toContain(`${id} [en]: 1 stale segment(s) in locales/en/${id}.yaml`);
  });

  it('holds a release back only when a stale segment has no reviewed translation to fall back on', async () => {
    await edit(`locales/en/${id}.yaml`, (text) => text.replace(/status: stale\n    previous-status: reviewed/, 'status: stale\n    previous-status: translated'));
    const result = await build(root);
    expect(result.code).toBe(0);
    expect(await distFile(root, `en/${id}.md`)).toBeUndefined();
    expect(await distFile(root, 'en/feed.xml')).not.toContain(id);
    expect(await distFile(root, `da/${id}.md`)).toBeDefined();
  });
});

describe('German extract has not seen yet (a correction committed and built without extract)', () => {
  const id = '2018-03-16-growin-konferenz';

  it('a corrected paragraph keeps the release published, marked outdated; a new paragraph holds it with the advice to run extract', async () => {
    const locales = async (): Promise<string[]> => Promise.all(['da', 'en', 'nl', 'fr'].map((lng) => readFile(join(root, `locales/${lng}/${id}.yaml`), 'utf8')));
    const before = await locales();
    const english = (await distFile(root, `en/${id}.md`)) ?? (await build(root), (await distFile(root, `en/${id}.md`))!);
    const paragraph = /^[A-ZÄÖÜ].{80,}$/m.exec((await readFile(join(root, `releases/${id}.md`), 'utf8')).split('\n---\n')[1]!)![0];
    await edit(`releases/${id}.md`, (text) => text.replace(paragraph, paragraph.replace(/ (\S+)\.$/, ' $1 (korrigiert).')));
    expect((await build(root)).code).toBe(0);
    const corrected = (await distFile(root, `en/${id}.md`))!;
    expect((parse(splitFrontMatter(corrected).yaml!) as { outdated?: boolean }).outdated).toBe(true);
    expect(splitFrontMatter(corrected).body).toBe(splitFrontMatter(english).body);
    expect(await locales()).toEqual(before);

    await edit(`releases/${id}.md`, (text) => `${text}\nEin ganz neuer Absatz, den noch niemand übersetzt hat.\n`);
    const held = await runCli(root, ['build', '--now', NOW, '--json']);
    expect(held.code).toBe(0);
    expect((JSON.parse(held.stdout) as { held: { release: string; lng: string; reasons: string[] }[] }).held.find((h) => h.release === id && h.lng === 'en')?.reasons).toEqual([
      // The file as it is gives the reasons: the corrected paragraph is not in it either.
      `2 segment(s) not in locales/en/${id}.yaml yet: run \`npm run extract\``,
    ]);
    expect(await distFile(root, `en/${id}.md`)).toBeUndefined();
  });
});

describe('embargo', () => {
  it('keeps a release out of every output before its embargo and publishes it from that moment', async () => {
    // 09:00 in Berlin is 08:00 UTC in January.
    await edit(`releases/${ID}.md`, (text) => text.replace('date: 2018-03-16\n', 'date: 2018-03-16\nembargo: 2030-01-01T09:00\n'));
    const before = await runCli(root, ['build', '--now', '2030-01-01T07:59:00Z']);
    expect(before.code, before.stderr).toBe(0);
    const paths = await distPaths(root);
    expect(paths.filter((path) => path.includes(ID))).toEqual([]);
    for (const path of paths.filter((candidate) => !candidate.startsWith('images/'))) expect((await distFile(root, path))!, path).not.toContain(ID);

    const status = await runCli(root, ['status', '--now', '2030-01-01T07:59:00Z']);
    expect(status.stdout).toContain(`Upcoming embargoes:\n  ${ID}: not before 2030-01-01T09:00 (embargo)`);
    const json = JSON.parse((await runCli(root, ['status', '--json', '--now', '2030-01-01T07:59:00Z'])).stdout) as { embargoes: unknown[] };
    expect(json.embargoes).toEqual([{ id: ID, until: '2030-01-01T09:00', reason: 'embargo' }]);

    const after = await runCli(root, ['build', '--now', '2030-01-01T09:00:00+01:00', '--json']);
    expect(after.code, after.stderr).toBe(0);
    const written = (JSON.parse(after.stdout) as { written: string[] }).written;
    expect(written).toEqual(expect.arrayContaining([...LANGUAGES.flatMap((lng) => [`${lng}/${ID}.md`, `${lng}/${ID}.html`]), `images/${ID}.jpg`]));
    for (const lng of LANGUAGES) expect(await distFile(root, `${lng}/feed.xml`)).toContain(`${lng}/${ID}.html`);
  });

  it('waits for the date of a release dated in the future', async () => {
    await writeFile(join(root, 'releases', '2030-03-16-zukunft.md'), '---\ntitle: Zukunft\ndate: 2030-03-16\n---\n\nBald.\n');
    expect((await build(root)).code).toBe(0);
    expect(await distFile(root, 'de/2030-03-16-zukunft.md')).toBeUndefined();
    expect(await distFile(root, 'de/feed.xml')).not.toContain('Zukunft');
    expect((await runCli(root, ['status', '--now', NOW])).stdout).toContain('2030-03-16-zukunft: not before 2030-03-16 (dated in the future)');
    expect((await runCli(root, ['build', '--now', '2030-03-16T00:00:00+01:00'])).code).toBe(0);
    expect(await distFile(root, 'de/2030-03-16-zukunft.md')).toBeDefined();
  });
});

describe('deterministic builds', () => {
  it('gives byte-identical dist/ for the same inputs, whatever the clock says after the last date', async () => {
    expect((await runCli(root, ['build', '--now', NOW, '--out', 'one'])).code).toBe(0);
    expect((await runCli(root, ['build', '--now', '2041-07-01T12:34:56Z', '--out', 'two'])).code).toBe(0);
    const one = await snapshotTree(join(root, 'one'));
    const two = await snapshotTree(join(root, 'two'));
    expect(one.size).toBeGreaterThan(50);
    expect([...two.keys()]).toEqual([...one.keys()]);
    for (const [path, text] of one) expect(two.get(path), path).toBe(text);
    // A second build of unchanged inputs writes nothing.
    const again = JSON.parse((await runCli(root, ['build', '--now', NOW, '--out', 'one', '--json'])).stdout) as { written: string[]; removed: string[] };
    expect(again).toMatchObject({ written: [], removed: [] });
  });
});

describe('assessLanguage', () => {
  it('takes a German edited in the locale file (one its key rules out) for no change of the release: not stale, not outdated', () => {
    const config = parseConfig('site:\n  url: https://example.org/press/\ntargetLanguages: [en]\n').config!;
    const { analysis } = analyzeRelease('releases/2020-06-25-test.md', '---\ntitle: Ein Titel\ndate: 2020-06-25\n---\n\n15 Partner trafen sich.\n', config);
    const key = segmentKey('p', '15 Partner trafen sich.');
    const locale = (german: string, title = 'Ein Titel'): LocaleFile => ({
      release: '2020-06-25-test',
      language: 'en',
      entries: new Map([
        ['meta.title', { key: 'meta.title', source: title, translation: 'A title', status: 'reviewed', line: 4 }],
        [key, { key, source: german, translation: '15 partners met.', status: 'reviewed', line: 8 }],
      ]),
      obsolete: new Map(),
    });
    const assess = (file: LocaleFile) => assessLanguage(analysis!, file, 'en', 'locales/en/2020-06-25-test.yaml', config, Date.parse(NOW));
    const edited = assess(locale('16 Partner trafen sich.'));
    expect(edited).toMatchObject({ publishes: true, outdated: false, counts: { new: 0, translated: 0, reviewed: 2, stale: 0 } });
    expect(edited.translations.get(key)).toBe('15 partners met.');
    // A front matter entry is keyed by its field: its German may have changed in the release, so
    // it counts as stale until extract has run, as before.
    expect(assess(locale('15 Partner trafen sich.', 'Ein alter Titel'))).toMatchObject({ publishes: true, outdated: true, counts: { reviewed: 1, stale: 1 } });
  });

  it('a reviewed translation of tags alone is EMPTY_TRANSLATION and holds the release: its words would be gone from the page', () => {
    const config = parseConfig('site:\n  url: https://example.org/press/\ntargetLanguages: [en]\n').config!;
    const { analysis } = analyzeRelease('releases/2020-06-25-test.md', '---\ntitle: Ein Titel\ndate: 2020-06-25\n---\n\n**15 Partner** trafen sich.\n', config);
    const key = segmentKey('p', '<1>15 Partner</1> trafen sich.');
    const file: LocaleFile = {
      release: '2020-06-25-test',
      language: 'en',
      entries: new Map([
        ['meta.title', { key: 'meta.title', source: 'Ein Titel', translation: 'A title', status: 'reviewed', line: 4 }],
        [key, { key, source: '<1>15 Partner</1> trafen sich.', translation: ' <1></1> ', status: 'reviewed', line: 8 }],
      ]),
      obsolete: new Map(),
    };
    const state = assessLanguage(analysis!, file, 'en', 'locales/en/2020-06-25-test.yaml', config, Date.parse(NOW));
    expect(state.publishes).toBe(false);
    expect(state.diagnostics.map((d) => [d.code, d.message])).toEqual([['EMPTY_TRANSLATION', `entry \`${key}\` is \`reviewed\` but has no text besides its tags`]]);
  });
});
