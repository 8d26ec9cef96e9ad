import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { keepOnlyReleases } from './helpers/project-copies.js';
import { copySampleProject, runCli, snapshotTree } from './helpers/project.js';

/**
 * `presslate build` on temporary copies of the sample project: a German page for every release, a
 * translated page exactly where every segment is reviewed, broken tags reported and holding the
 * release in that language only, and byte-identical output from identical input.
 */

const LANGUAGES = ['da', 'en', 'nl', 'fr'];
const RELEASE = '2018-03-16-growin-konferenz';
const NOW = ['--now', '2026-01-01T00:00:00Z'];

type Built = { code: number; stdout: string; stderr: string; dist: Map<string, string> };

async function build(root: string, ...args: string[]): Promise<Built> {
  const result = await runCli(root, ['build', ...NOW, ...args]);
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'dist';
  return { ...result, dist: await snapshotTree(join(root, out)) };
}

interface RawEntry {
  status?: string;
  'previous-status'?: string;
}

/**
 * The test's own reading of the publish rule (publish.require: reviewed), straight from the YAML:
 * every segment reviewed, or stale with a reviewed translation of the previous German.
 */
async function fullyReviewed(root: string, lng: string, id: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(join(root, `locales/${lng}/${id}.yaml`), 'utf8');
  } catch {
    return false;
  }
  const entries = Object.values((parse(text) as { segments?: Record<string, RawEntry> }).segments ?? {});
  return entries.length > 0 && entries.every((e) => e.status === 'reviewed' || (e.status === 'stale' && e['previous-status'] === 'reviewed'));
}

describe('build on the whole sample', () => {
  let root: string;
  let dispose: () => Promise<void>;
  let first: Built;

  beforeAll(async () => {
    ({ root, dispose } = await copySampleProject());
    first = await build(root);
  });
  afterAll(async () => {
    await dispose();
  });

  test('a German page for every release, a translated page exactly where every segment is reviewed', async () => {
    expect(first.stderr).not.toMatch(/ error /);
    expect(first.code).toBe(0);
    const ids = (await readdir(join(root, 'releases'))).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) expect(first.dist.has(`de/${id}.md`), `de/${id}.md`).toBe(true);
    let published = 0;
    let held = 0;
    for (const id of ids) {
      for (const lng of LANGUAGES) {
        const expected = await fullyReviewed(root, lng, id);
        expect(first.dist.has(`${lng}/${id}.md`), `${lng}/${id}.md`).toBe(expected);
        if (expected) published++;
        else {
          held++;
          // Held means absent everywhere in that language: no page, no feed item, no link.
          const leaks = [...first.dist].filter(([path, text]) => path.startsWith(`${lng}/`) && text.includes(id)).map(([path]) => path);
          expect(leaks, `${id} leaks into ${lng}`).toEqual([]);
        }
      }
    }
    // The sample has both cases, so neither half of this test is vacuous.
    expect(published).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(0);
  });

  test('a translated page carries the translation and no German', () => {
    const german = first.dist.get(`de/${RELEASE}.md`)!;
    const english = first.dist.get(`en/${RELEASE}.md`)!;
    expect(german).toContain('## Vertrag unterzeichnet');
    expect(english).toContain('## Agreement signed');
    expect(english).toMatch(/^---\n[\s\S]*\nlang: en\n/);
    // Whole German sentences never appear in the English page (names and addresses may).
    for (const sentence of ['Mit dabei waren die', 'Am zweiten Tag tauschten sich die Partner', 'Erst vor kurzem hatten']) {
      expect(german).toContain(sentence);
      expect(english).not.toContain(sentence);
    }
    // Links keep their German targets.
    expect(english).toContain('](https://www.ostfalia.de)');
  });

  test('two builds from the same input are byte-identical', async () => {
    // Unchanged input: nothing to write.
    const again = await build(root);
    expect(again.stdout).toContain(' 0 written, 0 removed');
    expect(again.dist).toEqual(first.dist);
    expect(again.stderr).toBe(first.stderr);
    // From scratch, in a fresh folder: the same bytes.
    const fresh = await build(root, '--out', 'dist-again');
    expect(fresh.dist.size).toBeGreaterThan(0);
    expect(fresh.dist).toEqual(first.dist);
    await rm(join(root, 'dist-again'), { recursive: true });
  });
});

describe('build after a translator’s change', () => {
  let root: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ root, dispose } = await copySampleProject());
    await keepOnlyReleases(root, [RELEASE]);
  });
  afterAll(async () => {
    await dispose();
  });

  test('a broken tag in a reviewed translation: diagnostic with file:line and key, release absent in that language only', async () => {
    const file = `locales/en/${RELEASE}.yaml`;
    const original = await readFile(join(root, file), 'utf8');
    const lines = original.split('\n');
    const translation = lines.findIndex((line) => line.startsWith('    en: ') && line.includes('</1>'));
    expect(translation).toBeGreaterThan(0);
    const keyLine = lines.slice(0, translation).findLastIndex((line) => /^ {2}\S/.test(line)) + 1;
    const key = lines[keyLine - 1]!.trim().replace(/:$/, '');
    lines[translation] = lines[translation]!.replace('</1>', '');
    await writeFile(join(root, file), lines.join('\n'));

    const { code, stderr, dist } = await build(root);
    expect(code).toBe(0);
    const diagnostic = stderr.split('\n').find((line) => line.includes(' TAG_MISSING '));
    expect(diagnostic, stderr).toBeDefined();
    // At the translation itself, as `check` reports it.
    expect(diagnostic!.startsWith(`${file}:${translation + 1}:9 error TAG_MISSING entry \`${key}\` never closes <1>`), diagnostic).toBe(true);
    expect(keyLine).toBeLessThan(translation + 1);
    const checked = await runCli(root, ['check', '--lang', 'en']);
    expect(checked.stdout + checked.stderr).toContain(`${file}:${translation + 1}:9 error TAG_MISSING entry \`${key}\``);
    expect(diagnostic).toContain(' — hint: ');
    expect(stderr).toContain(`held: ${RELEASE} [en]`);
    expect(dist.has(`en/${RELEASE}.md`)).toBe(false);
    for (const lng of ['de', 'da', 'nl', 'fr']) expect(dist.has(`${lng}/${RELEASE}.md`), lng).toBe(true);

    const strict = await runCli(root, ['build', ...NOW, '--strict']);
    expect(strict.code).toBe(1);
    // Deterministic output: the same diagnostics in the same order, run after run.
    expect(strict.stderr).toBe(stderr);
    await writeFile(join(root, file), original);
  });

  test('a release that loses its review disappears from that language on the next build', async () => {
    const first = await build(root);
    expect(first.dist.has(`fr/${RELEASE}.md`)).toBe(true);
    const file = join(root, `locales/fr/${RELEASE}.yaml`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('status: reviewed', 'status: translated'));
    const second = await build(root);
    expect(second.stdout).toMatch(/[1-9]\d* removed/);
    expect(second.dist.has(`fr/${RELEASE}.md`)).toBe(false);
    expect(second.dist.has(`en/${RELEASE}.md`)).toBe(true);
  });
});

describe('build --out refuses folders it must not own', () => {
  test('the project folder, an ancestor, and source folders are refused with exit 2; nothing is removed', async () => {
    const project = await copySampleProject();
    try {
      // The cache may remember the configuration it read; everything else must stay as it was.
      const tree = async (): Promise<string[]> =>
        [...(await snapshotTree(project.root))].filter(([path]) => !path.startsWith('.presslate-cache')).map(([path, text]) => `${path}\n${text}`);
      const before = await tree();
      for (const out of ['.', '..', 'releases', 'locales/en', 'images/x']) {
        const result = await runCli(project.root, ['build', '--out', out]);
        expect(result.code, out).toBe(2);
        expect(result.stderr).toContain('--out');
      }
      expect(await tree()).toEqual(before);
    } finally {
      await project.dispose();
    }
  });
});

describe('unsafeOutputFolder: the running Presslate and linked protected folders', () => {
  test("Presslate's own lib/ and bin/ are refused wherever the project is, and so is a folder that contains Presslate", async () => {
    const { unsafeOutputFolder } = await import('../src/cli/build.js');
    const installation = '/opt/presslate';
    expect(unsafeOutputFolder('/work/p', '/opt/presslate/lib', undefined, installation)).toMatch(/inside Presslate's own lib\//);
    expect(unsafeOutputFolder('/work/p', '/opt/presslate/lib/.code-cache', undefined, installation)).toMatch(/inside Presslate's own lib\//);
    expect(unsafeOutputFolder('/work/p', '/opt/presslate/bin', undefined, installation)).toMatch(/inside Presslate's own bin\//);
    expect(unsafeOutputFolder('/work/p', '/opt', undefined, installation)).toMatch(/contains Presslate itself/);
    expect(unsafeOutputFolder('/work/p', '/work/p/dist', undefined, installation)).toBeUndefined();
    expect(unsafeOutputFolder('/work/p', '/opt/presslate-site', undefined, installation)).toBeUndefined();
  });

  test('a folder that contains where a linked .presslate-cache or releases/ really is, is refused', async () => {
    const { unsafeOutputFolder } = await import('../src/cli/build.js');
    const links: Record<string, string> = { '/work/p/.presslate-cache': '/var/cache/p/presslate', '/work/p/releases': '/srv/texts/releases' };
    const real = (path: string): string => links[path] ?? path;
    expect(unsafeOutputFolder('/work/p', '/var/cache/p', real, '/opt/presslate')).toMatch(/contains \.presslate-cache\//);
    expect(unsafeOutputFolder('/work/p', '/var/cache/p/presslate/x', real, '/opt/presslate')).toMatch(/inside \.presslate-cache\//);
    expect(unsafeOutputFolder('/work/p', '/srv/texts', real, '/opt/presslate')).toMatch(/contains releases\//);
    expect(unsafeOutputFolder('/work/p', '/srv/site', real, '/opt/presslate')).toBeUndefined();
  });
});

describe('a language with a script and a region (zh-Hant-TW) and one with a numeric region (es-419)', () => {
  test('extract writes their locale files and build their folders, pages and feeds, tagged as written', async () => {
    const project = await copySampleProject();
    try {
      const { root } = project;
      const configFile = join(root, 'presslate.config.yaml');
      await writeFile(configFile, (await readFile(configFile, 'utf8')).replace(/^targetLanguages: .*$/m, 'targetLanguages: [en, es-419, zh-Hant-TW]'));
      const limited: string[] = []; // releases that go to en and es-419 only
      for (const name of await readdir(join(root, 'releases'))) {
        const file = join(root, 'releases', name);
        const text = await readFile(file, 'utf8');
        if (/^languages: /m.test(text)) limited.push(name.replace(/\.md$/, ''));
        await writeFile(file, text.replace(/^languages: .*$/m, 'languages: [en, es-419]'));
      }
      expect(limited.length).toBeGreaterThan(0);
      const common = await readFile(join(root, 'locales/en/common.yaml'), 'utf8');
      for (const lng of ['es-419', 'zh-Hant-TW']) {
        await mkdir(join(root, 'locales', lng));
        await writeFile(join(root, 'locales', lng, 'common.yaml'), common);
      }
      const extract = await runCli(root, ['extract']);
      expect(extract.stderr).toBe('');
      expect(extract.code).toBe(0);
      const ids = (await readdir(join(root, 'releases'))).map((name) => name.replace(/\.md$/, ''));
      // Every release has a locale file in both; the first is translated into es-419 (the German as the translation).
      for (const lng of ['es-419', 'zh-Hant-TW']) {
        const going = lng === 'es-419' ? ids : ids.filter((id) => !limited.includes(id));
        expect((await readdir(join(root, 'locales', lng))).sort()).toEqual([...going.map((id) => `${id}.yaml`), 'common.yaml'].sort());
      }
      const localeFile = join(root, 'locales/es-419', `${ids[0]}.yaml`);
      const locale = parse(await readFile(localeFile, 'utf8')) as { segments: Record<string, Record<string, string>> };
      let text = await readFile(localeFile, 'utf8');
      for (const entry of Object.values(locale.segments)) text = text.replace(/^(\s+)es-419:\s*$/m, `$1es-419: ${JSON.stringify(entry.de)}`);
      text = text.replace(/status: new$/gm, 'status: reviewed');
      await writeFile(localeFile, text);
      const build = await runCli(root, ['build', ...NOW]);
      expect(build.code).toBe(0);
      const page = await readFile(join(root, 'dist/es-419', `${ids[0]}.html`), 'utf8');
      expect(page).toContain('<html lang="es-419"');
      expect(await readFile(join(root, 'dist/es-419/feed.xml'), 'utf8')).toContain('<language>es-419</language>');
      expect(await readFile(join(root, 'dist/de', `${ids[0]}.html`), 'utf8')).toContain('hreflang="es-419"');
      expect(await readdir(join(root, 'dist/zh-Hant-TW'))).toContain('feed.xml');
    } finally {
      await project.dispose();
    }
  }, 60_000);
});
