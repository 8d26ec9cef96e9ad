import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { keepOnlyReleases, snapshotProject } from './helpers/project-copies.js';
import { runCli, snapshotTree } from './helpers/project.js';
import { distPathOf, sampleProject } from './helpers/site.js';

/**
 * A year in the life of a press office, on one copy of the sample project: translators working
 * through XLIFF, a correction after publication, a release renamed, withdrawn and restored, a
 * language added and taken out again, a release's languages narrowed and widened, an embargo, a
 * feed limit, a new address, UI texts edited. After every step the promises hold:
 *
 * - no translation a person wrote is lost (each is still in some locale file, also as
 *   `previous-<lng>` or under `obsolete`);
 * - `dist/` is exactly what a build from scratch (`--no-cache`, fresh folder) makes of the same
 *   inputs — every file and every folder;
 * - each language's RSS, Atom and JSON feeds list the same releases, each a page that exists;
 * - bad input stops with exit code 2 and leaves the project and `dist/` as they were.
 */

const A = '2018-03-16-growin-konferenz'; // reviewed in every language
const B = '2019-10-08-best-practice-sammlung'; // published, outdated (one stale segment)
const C = '2020-06-25-abschlusskonferenz'; // untranslated; `languages: [da, en, nl, fr]`
const RENAMED = '2018-03-16-konferenz-braunschweig';
const NOW = '2026-01-01T00:00:00Z';
const LANGUAGES = ['da', 'en', 'nl', 'fr'];

let root: string;
let dispose: () => Promise<void>;
let scratch: string;
/** Where a withdrawn release and its locale files wait, laid out as a project. */
let attic: string | undefined;
/** Every translation a person wrote (the sample's, and those imported), as `<lng>\t<text>`. */
const written = new Set<string>();

beforeAll(async () => {
  ({ root, dispose } = await sampleProject());
  await keepOnlyReleases(root, [A, B, C]);
  scratch = await mkdtemp(join(tmpdir(), 'presslate-lifecycle-'));
  for (const text of await translations(root)) written.add(text);
  expect(written.size).toBeGreaterThan(50);
});
afterAll(async () => {
  await dispose();
  await rm(scratch, { recursive: true, force: true });
});

function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(root, argv);
}

async function build(now = NOW, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cli(['build', '--now', now, ...args]);
}

/** Every translation in the project's locale files: under `<lng>:`, `previous-<lng>:`, in `segments` and `obsolete`. */
async function translations(project: string): Promise<Set<string>> {
  const result = new Set<string>();
  for (const folder of await readdir(join(project, 'locales'), { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const lng = folder.name;
    for (const name of await readdir(join(project, 'locales', lng))) {
      if (name === 'common.yaml' || !name.endsWith('.yaml')) continue;
      const file = parse(await readFile(join(project, 'locales', lng, name), 'utf8'), { schema: 'failsafe' }) as {
        segments?: Record<string, Record<string, string>>;
        obsolete?: Record<string, Record<string, string>>;
      };
      for (const entries of [file.segments ?? {}, file.obsolete ?? {}]) {
        for (const entry of Object.values(entries)) {
          for (const field of [lng, `previous-${lng}`]) if (entry[field]) result.add(`${lng}\t${entry[field]}`);
        }
      }
    }
  }
  return result;
}

/** Every file of a folder with its content, and every folder (as `<folder>`), so an empty folder counts. */
async function listing(folder: string): Promise<Map<string, string>> {
  const result = await snapshotTree(folder);
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch {
    return result;
  }
  for (const entry of entries) if (entry.isDirectory()) result.set(join(entry.parentPath, entry.name).slice(folder.length + 1), '<folder>');
  return result;
}

/** `dist/` of a `--no-cache` build of the same inputs in a fresh folder. */
async function coldBuild(now: string): Promise<Map<string, string>> {
  const cold = await mkdtemp(join(scratch, 'cold-'));
  for (const part of ['presslate.config.yaml', 'releases', 'locales', 'images']) await cp(join(root, part), join(cold, part), { recursive: true });
  const result = await runCli(cold, ['build', '--no-cache', '--now', now]);
  expect(result.code, result.stderr).toBe(0);
  const dist = await listing(join(cold, 'dist'));
  await rm(cold, { recursive: true, force: true });
  return dist;
}

/** The promises every step keeps; `siteUrl` and `limit` are the configured address and feed length. */
async function promisesHold(
  { now = NOW, siteUrl = 'https://growin40.example.org/press/', limit = 50, cold = true }: { now?: string; siteUrl?: string; limit?: number; cold?: boolean } = {},
): Promise<Map<string, string>> {
  const dist = await listing(join(root, 'dist'));
  // Nothing a person translated is gone.
  const kept = await translations(root);
  // A withdrawn release's locale files wait outside the project: what they hold is not lost either.
  if (attic) for (const text of await translations(attic)) kept.add(text);
  expect([...written].filter((text) => !kept.has(text))).toEqual([]);
  // The cache changes nothing: the same bytes, files and folders as from scratch (a step's last
  // state at least; each build from scratch costs a third of a second).
  if (cold) {
    const fresh = await coldBuild(now);
    expect([...dist.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [path, content] of fresh) expect(dist.get(path), path).toBe(content);
  }
  // The three feeds of a language list the same pages, and those pages exist.
  for (const lng of ['de', ...LANGUAGES]) {
    if (!dist.has(`${lng}/feed.xml`)) continue;
    const rss = [...dist.get(`${lng}/feed.xml`)!.matchAll(/<item>[\s\S]*?<guid isPermaLink="true">([^<]*)<\/guid>/g)].map((m) => m[1]!);
    const atom = [...dist.get(`${lng}/atom.xml`)!.matchAll(/<entry>\s*<id>([^<]*)<\/id>/g)].map((m) => m[1]!);
    const json = (JSON.parse(dist.get(`${lng}/feed.json`)!) as { items: { id: string }[] }).items.map((item) => item.id);
    expect(atom, `${lng} atom`).toEqual(rss);
    expect(json, `${lng} json`).toEqual(rss);
    for (const link of rss) expect(dist.has(distPathOf(link, siteUrl)!), `${lng} feed links to ${link}`).toBe(true);
    const pages = [...dist.keys()].filter((path) => path.startsWith(`${lng}/`) && path.endsWith('.html') && !path.endsWith('/index.html'));
    expect(rss, `${lng} feed length`).toHaveLength(Math.min(limit, pages.length));
    if (rss.length === pages.length) expect(rss.map((link) => distPathOf(link, siteUrl)).sort()).toEqual(pages.sort());
  }
  return dist;
}

/**
 * `dist/` now, once no translation is lost, for a step that must give back an earlier `dist/`
 * (already compared with a build from scratch) byte for byte.
 */
async function distAfterReturn(): Promise<Map<string, string>> {
  const kept = await translations(root);
  expect([...written].filter((text) => !kept.has(text))).toEqual([]);
  return listing(join(root, 'dist'));
}

/** Whether `dist/` mentions the release anywhere: a page, a feed item, a link. */
function mentions(dist: Map<string, string>, id: string): string[] {
  const page = new RegExp(`/${id}\\.(?:html|md)\\b`);
  return [...dist].filter(([path, content]) => page.test(`/${path}`) || page.test(content)).map(([path]) => path);
}

/** Fills every empty target of an exported XLIFF file with `prefix` + the German, in the given state. */
function translateXliff(xliff: string, prefix: string, state: string): string {
  return xliff.replace(/<segment state="[^"]*">(\s*)<source>([\s\S]*?)<\/source>(\s*)(?:<target>[\s\S]*?<\/target>\s*)?<\/segment>/g, (_, indent: string, source: string, end: string) =>
    `<segment state="${state}">${indent}<source>${source}</source>${indent}<target>${prefix}${source}</target>${end}</segment>`,
  );
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const file = join(root, path);
  const before = await readFile(file, 'utf8');
  const after = change(before);
  expect(after, `${path} unchanged by the edit`).not.toBe(before);
  await writeFile(file, after);
}

describe('a year in the life of a press office', () => {
  test('the start: extract changes nothing, build publishes the reviewed languages', async () => {
    const before = await snapshotProject(root);
    expect((await cli(['extract'])).code).toBe(0);
    expect(await snapshotProject(root)).toEqual(before);
    expect((await build()).code).toBe(0);
    const dist = await promisesHold();
    for (const lng of LANGUAGES) {
      expect(dist.has(`${lng}/${A}.html`)).toBe(true);
      expect(dist.has(`${lng}/${C}.html`)).toBe(false);
    }
  });

  test('a translator works through XLIFF: export, translate, import (twice), review, import, build', async () => {
    const exported = join(scratch, 'c.en.xlf');
    expect((await cli(['export', '--format', 'xliff', '--lang', 'en', '--release', C, '--out', exported])).code).toBe(0);
    await writeFile(join(scratch, 'c.en.translated.xlf'), translateXliff(await readFile(exported, 'utf8'), 'EN ', 'translated'));
    const imported = await cli(['import', join(scratch, 'c.en.translated.xlf')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/28 taken, 0 unchanged, 0 refused/);
    for (const text of await translations(root)) if (text.startsWith('en\tEN ')) written.add(text);
    // The same file again: nothing to take, nothing written.
    const before = await snapshotProject(root);
    const again = await cli(['import', join(scratch, 'c.en.translated.xlf')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 taken, 28 unchanged/);
    expect(await snapshotProject(root)).toEqual(before);
    // Translated, not reviewed: not published yet.
    expect((await build()).code).toBe(0);
    expect((await promisesHold({ cold: false })).has(`en/${C}.html`)).toBe(false);

    // The reviewer marks everything reviewed in a fresh export and imports it.
    expect((await cli(['export', '--format', 'xliff', '--lang', 'en', '--release', C, '--out', exported])).code).toBe(0);
    const reviewed = (await readFile(exported, 'utf8')).replace(/<segment state="translated">/g, '<segment state="reviewed">');
    await writeFile(join(scratch, 'c.en.reviewed.xlf'), reviewed);
    expect((await cli(['import', join(scratch, 'c.en.reviewed.xlf')])).code).toBe(0);
    expect((await build()).code).toBe(0);
    const dist = await promisesHold();
    expect(dist.get(`en/${C}.md`)).toContain('EN Nach drei Jahren intensiver Zusammenarbeit');
    expect(dist.get('en/feed.xml')).toContain(`/en/${C}.html`);
    expect(dist.has(`da/${C}.html`)).toBe(false);
  });

  test('a correction after publication: the reviewed translation stays published, marked outdated; an old export cannot overwrite it', async () => {
    await edit(`releases/${C}.md`, (text) => text.replace('Rund 180 Teilnehmende aus Unternehmen', 'Rund 190 Teilnehmende aus Unternehmen'));
    expect((await cli(['extract'])).code).toBe(0);
    const locale = await readFile(join(root, `locales/en/${C}.yaml`), 'utf8');
    expect(locale).toMatch(/status: stale\n {4}previous-status: reviewed\n {4}previous-en: EN Nach drei Jahren/);
    expect((await build()).code).toBe(0);
    const dist = await promisesHold();
    expect(dist.get(`en/${C}.md`)).toContain('outdated: true');
    expect(dist.get(`en/${C}.md`)).toContain('Rund 180 Teilnehmende');
    expect(dist.get(`en/${C}.md`)).not.toContain('Rund 190');

    // The translator imports the file exported before the correction, with unreviewed text.
    const before = await snapshotProject(root);
    const stale = await cli(['import', join(scratch, 'c.en.translated.xlf')]);
    expect(stale.stdout).toMatch(/IMPORT_REVIEWED/);
    expect(await snapshotProject(root)).toEqual(before);
  });

  test('a correction committed without extract keeps publishing, front matter and paragraph alike, as after extract', async () => {
    await edit(`releases/${C}.md`, (text) => text.replace('und die Weichen für die Zeit nach dem Förderende gestellt', 'und die Weichen für die Zeit nach dem Ende der Förderung gestellt'));
    expect((await build()).code).toBe(0);
    let dist = await promisesHold({ cold: false });
    expect(dist.get(`en/${C}.md`)).toContain('outdated: true');
    expect(dist.get(`en/${C}.md`)).toContain('EN Nach drei Jahren Projektlaufzeit');

    // An edited paragraph has a key no locale file holds yet: build finds the entry it was as
    // extract will, and keeps publishing its reviewed translation, marked outdated. It writes no
    // locale file.
    await edit(`releases/${C}.md`, (text) => text.replace('verfolgten die Vorträge und Diskussionsrunden', 'verfolgten alle Vorträge und Diskussionsrunden'));
    const locales = async (): Promise<string[]> => Promise.all(LANGUAGES.map((lng) => readFile(join(root, `locales/${lng}/${C}.yaml`), 'utf8')));
    const before = await locales();
    const kept = await cli(['build', '--now', NOW, '--json']);
    expect(kept.code).toBe(0);
    expect((JSON.parse(kept.stdout) as { held: { release: string; lng: string }[] }).held.filter((h) => h.release === C && h.lng === 'en')).toEqual([]);
    expect(await locales()).toEqual(before);
    dist = await promisesHold({ cold: false });
    expect(dist.get(`en/${C}.md`)).toContain('outdated: true');
    expect(dist.get(`en/${C}.md`)).toContain('Rund 180 Teilnehmende');
    const status = await cli(['status', '--now', NOW]);
    expect(status.stdout).toMatch(new RegExp(`${C} +en .* yes`));

    // Extract then writes what build assumed: the same pages.
    expect((await cli(['extract'])).code).toBe(0);
    expect((await build()).code).toBe(0);
    const after = await promisesHold();
    for (const lng of LANGUAGES) expect(after.get(`${lng}/${C}.md`), lng).toBe(dist.get(`${lng}/${C}.md`));
  });

  test('a published release renamed: refused until its locale files follow, then no trace of the old address', async () => {
    const before = await snapshotProject(root);
    await rename(join(root, `releases/${A}.md`), join(root, `releases/${RENAMED}.md`));
    const moved = await snapshotProject(root);
    for (const command of [['extract'], ['build', '--now', NOW]]) {
      const result = await cli(command);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`locales/en/${A}\\.yaml:1 error LOCALE_ORPHAN .*rename this file`));
      expect(await snapshotProject(root)).toEqual(moved);
    }
    expect([...moved.keys()].filter((path) => path.startsWith('dist/'))).toEqual([...before.keys()].filter((path) => path.startsWith('dist/')));

    const translated = await translations(root);
    for (const lng of LANGUAGES) {
      const text = await readFile(join(root, `locales/${lng}/${A}.yaml`), 'utf8');
      await rm(join(root, `locales/${lng}/${A}.yaml`));
      await writeFile(join(root, `locales/${lng}/${RENAMED}.yaml`), text.replace(`\nrelease: ${A}\n`, `\nrelease: ${RENAMED}\n`));
    }
    const renamed = await snapshotProject(root);
    expect((await cli(['extract'])).code).toBe(0);
    expect(await snapshotProject(root)).toEqual(renamed);
    expect(await translations(root)).toEqual(translated);
    expect((await build()).code).toBe(0);
    const dist = await promisesHold();
    expect(mentions(dist, A)).toEqual([]);
    for (const lng of LANGUAGES) {
      expect(dist.has(`${lng}/${RENAMED}.html`)).toBe(true);
      expect(dist.get(`${lng}/feed.xml`)).toContain(`<guid isPermaLink="true">https://growin40.example.org/press/${lng}/${RENAMED}.html</guid>`);
    }
  });

  test('a release withdrawn and restored: gone from every page and feed, then back byte for byte', async () => {
    const before = await listing(join(root, 'dist'));
    attic = await mkdtemp(join(scratch, 'attic-'));
    for (const lng of LANGUAGES) await mkdir(join(attic, 'locales', lng), { recursive: true });
    await rename(join(root, `releases/${B}.md`), join(attic, `${B}.md`));
    // Its locale files still there: every command refuses, naming them.
    const refused = await build();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/LOCALE_ORPHAN/);
    expect(await listing(join(root, 'dist'))).toEqual(before);
    for (const lng of LANGUAGES) await rename(join(root, `locales/${lng}/${B}.yaml`), join(attic, `locales/${lng}/${B}.yaml`));
    expect((await build()).code).toBe(0);
    expect(mentions(await listing(join(root, 'dist')), B)).toEqual([]);
    expect((await promisesHold()).has(`images/${B}.jpg`)).toBe(false);

    await rename(join(attic, `${B}.md`), join(root, `releases/${B}.md`));
    for (const lng of LANGUAGES) await rename(join(attic, `locales/${lng}/${B}.yaml`), join(root, `locales/${lng}/${B}.yaml`));
    attic = undefined;
    expect((await cli(['extract'])).stdout).toMatch(/all locale files up to date/);
    expect((await build()).code).toBe(0);
    expect(await distAfterReturn()).toEqual(before);
  });

  test('a language added to the configuration and taken out again', async () => {
    const config = await readFile(join(root, 'presslate.config.yaml'), 'utf8');
    const before = await listing(join(root, 'dist'));
    await edit('presslate.config.yaml', (text) => text.replace('targetLanguages: [da, en, nl, fr]', 'targetLanguages: [da, en, nl, fr, sv]'));
    expect((await cli(['extract'])).code).toBe(0);
    // C lists its languages: no Swedish file for it until someone adds sv there.
    expect((await readdir(join(root, 'locales/sv'))).sort()).toEqual([`${RENAMED}.yaml`, `${B}.yaml`]);
    // Without its UI texts the build stops before writing anything.
    const missing = await build();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/locales\/sv\/common\.yaml error COMMON_MISSING/);
    expect(await listing(join(root, 'dist'))).toEqual(before);
    await cp(join(root, 'locales/en/common.yaml'), join(root, 'locales/sv/common.yaml'));
    expect((await build()).code).toBe(0);
    let dist = await promisesHold();
    expect(dist.has('sv/feed.xml')).toBe(true);
    expect(dist.get('feeds.opml')).toContain('/sv/feed.xml');

    // Taken out: its pages and its folder go; the translators' files stay as they were.
    const swedish = await snapshotTree(join(root, 'locales/sv'));
    await writeFile(join(root, 'presslate.config.yaml'), config);
    expect((await cli(['extract'])).code).toBe(0);
    expect((await build()).code).toBe(0);
    dist = await distAfterReturn();
    expect([...dist.keys()].filter((path) => path.startsWith('sv'))).toEqual([]);
    expect(dist).toEqual(before);
    expect(await snapshotTree(join(root, 'locales/sv'))).toEqual(swedish);
  });

  test('a release narrowed to one language and widened again', async () => {
    const before = await listing(join(root, 'dist'));
    const danish = await readFile(join(root, `locales/da/${RENAMED}.yaml`), 'utf8');
    await edit(`releases/${RENAMED}.md`, (text) => text.replace('\ndate: 2018-03-16\n', '\ndate: 2018-03-16\nlanguages: [en]\n'));
    expect((await cli(['extract'])).code).toBe(0);
    expect((await build()).code).toBe(0);
    const dist = await promisesHold();
    expect(dist.has(`en/${RENAMED}.html`)).toBe(true);
    for (const lng of ['da', 'nl', 'fr']) expect(mentions(new Map([...dist].filter(([path]) => path.startsWith(`${lng}/`))), RENAMED)).toEqual([]);
    expect(dist.get(`en/${RENAMED}.md`)).not.toMatch(/\n {2}da: /);
    expect(await readFile(join(root, `locales/da/${RENAMED}.yaml`), 'utf8')).toBe(danish);
    const status = await cli(['status', '--now', NOW]);
    expect(status.stdout).toMatch(new RegExp(`${RENAMED} +da .* not due`));

    await edit(`releases/${RENAMED}.md`, (text) => text.replace('\nlanguages: [en]\n', '\n'));
    expect((await cli(['extract'])).code).toBe(0);
    expect((await build()).code).toBe(0);
    expect(await distAfterReturn()).toEqual(before);
  });

  test('a new release under embargo: nowhere before the moment, everywhere due after it', async () => {
    const created = await cli(['new', 'Jahresbilanz 2025', '--date', '2025-12-31']);
    expect(created.code).toBe(0);
    const id = '2025-12-31-jahresbilanz-2025';
    await edit(`releases/${id}.md`, (text) => text.replace('\ndate: 2025-12-31\n', '\ndate: 2025-12-31\nembargo: 2026-01-15T09:00\n'));
    expect((await cli(['extract'])).code).toBe(0);
    const early = await cli(['build', '--now', NOW, '--json']);
    expect(early.code).toBe(0);
    expect(JSON.parse(early.stdout).nextPublication).toBe('2026-01-15T08:00:00.000Z');
    const before = await promisesHold();
    expect(mentions(before, id)).toEqual([]);

    const later = '2026-01-15T08:00:00Z';
    expect((await build(later)).code).toBe(0);
    const dist = await promisesHold({ now: later });
    expect(dist.has(`de/${id}.html`)).toBe(true);
    expect(dist.get('de/feed.xml')!.indexOf(`/de/${id}.html`)).toBeLessThan(dist.get('de/feed.xml')!.indexOf(`/de/${C}.html`));
    // Back to before the embargo (a CI dry run with --now): gone again.
    expect((await build()).code).toBe(0);
    expect(await distAfterReturn()).toEqual(before);
  });

  test('a date moved into the future takes a published release off until then', async () => {
    await edit(`releases/${B}.md`, (text) => text.replace('\ndate: 2019-10-08\n', '\ndate: 2026-03-01\n'));
    const result = await build();
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/RELEASE_DATE_MISMATCH/);
    expect(mentions(await promisesHold({ cold: false }), B)).toEqual([]);
    expect((await build('2026-03-01T00:00:00+01:00')).code).toBe(0);
    const dist = await promisesHold({ now: '2026-03-01T00:00:00+01:00' });
    expect(dist.get(`en/${B}.md`)).toContain('date: 2026-03-01');
    expect(dist.get('en/feed.xml')!.match(/<guid[^>]*>([^<]*)</)![1]).toBe(`https://growin40.example.org/press/en/${B}.html`);
    await edit(`releases/${B}.md`, (text) => text.replace('\ndate: 2026-03-01\n', '\ndate: 2019-10-08\n'));
  });

  test('feed limit, site address and UI texts changed, glossary extended', async () => {
    await edit('presslate.config.yaml', (text) => text.replace('limit: 50', 'limit: 1'));
    expect((await build()).code).toBe(0);
    let dist = await promisesHold({ limit: 1 });
    for (const lng of ['de', ...LANGUAGES]) expect(dist.get(`${lng}/feed.xml`)!.match(/<item>/g)).toHaveLength(1);
    await edit('presslate.config.yaml', (text) => text.replace('limit: 1', 'limit: 50').replace('https://growin40.example.org/press/', 'https://presse.example.com/'));
    expect((await build()).code).toBe(0);
    dist = await promisesHold({ siteUrl: 'https://presse.example.com/', cold: false });
    expect([...dist].filter(([, content]) => content.includes('growin40.example.org')).map(([path]) => path)).toEqual([]);

    await edit('locales/en/common.yaml', (text) => text.replace('photoCredit: "Photo: {{credit}}"', 'photoCredit: "Picture: {{credit}}"'));
    expect((await build()).code).toBe(0);
    dist = await promisesHold({ siteUrl: 'https://presse.example.com/' });
    expect(dist.get(`en/${RENAMED}.html`)).toContain('Picture: ');
    // A broken placeholder stops the build before it writes anything.
    await edit('locales/en/common.yaml', (text) => text.replace('"Picture: {{credit}}"', '"Picture: {{credt}}"'));
    const broken = await build();
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/locales\/en\/common\.yaml:\d+:\d+ error COMMON_PLACEHOLDER/);
    expect(await listing(join(root, 'dist'))).toEqual(dist);
    await edit('locales/en/common.yaml', (text) => text.replace('{{credt}}', '{{credit}}'));

    // A new glossary name is checked at once and changes no output.
    await edit('locales/glossary.yaml', (text) => text.replace('names:\n', 'names:\n  - Braunschweig\n'));
    const check = await cli(['check', '--only', 'glossary']);
    expect(check.code).toBe(0);
    const built = await build();
    expect(built.stdout).toMatch(/ 0 written, 0 removed/);
    expect(await distAfterReturn()).toEqual(dist);
  });
});

/** A folder the build made and no longer needs goes with its last file. */
test('a photo moved out of a subfolder of images/: no empty folder is left in dist/', async () => {
  const project = await sampleProject();
  try {
    await keepOnlyReleases(project.root, [B]);
    await mkdir(join(project.root, 'images/2019'));
    await rename(join(project.root, `images/${B}.jpg`), join(project.root, `images/2019/${B}.jpg`));
    const release = join(project.root, `releases/${B}.md`);
    const text = await readFile(release, 'utf8');
    await writeFile(release, text.replace(`src: images/${B}.jpg`, `src: images/2019/${B}.jpg`));
    expect((await runCli(project.root, ['build', '--now', NOW])).code).toBe(0);
    expect((await readdir(join(project.root, 'dist/images'))).sort()).toEqual(['2019']);
    await rename(join(project.root, `images/2019/${B}.jpg`), join(project.root, `images/${B}.jpg`));
    await writeFile(release, text);
    expect((await runCli(project.root, ['build', '--now', NOW])).code).toBe(0);
    expect((await readdir(join(project.root, 'dist/images'))).sort()).toEqual([`${B}.jpg`]);
  } finally {
    await project.dispose();
  }
});
