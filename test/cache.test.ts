import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
// @ts-expect-error -- a plain ES module script without types
import { generateCorpus } from '../scripts/generate-corpus.mjs';
import { buildSite } from '../src/core/build-site.js';
import { loadMedia } from '../src/io/load-media.js';
import { loadCommonStrings, loadSite } from '../src/io/load-site.js';
import { loadProject } from '../src/io/project.js';
import { keepOnlyReleases } from './helpers/project-copies.js';
import { copySampleProject, REPO, runCli, snapshotTree } from './helpers/project.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');

async function run(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(root, [...argv, '--root', root], NOW);
  if (result.code !== 0) throw new Error(`presslate ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** Paths with size, mtime and inode: a file written again (even with the same bytes) shows. */
async function fileTimes(folder: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const stats = await stat(path);
    result.set(path.slice(folder.length + 1), `${stats.size}:${stats.mtimeMs}:${stats.ino}`);
  }
  return result;
}

/** Copies a project folder without its cache and outputs. */
async function copyProject(from: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'presslate-cache-'));
  await cp(from, root, { recursive: true, filter: (source) => !/[/\\](\.presslate-cache|dist)(?:[/\\]|$)/.test(source.slice(from.length)) });
  return root;
}

/** dist/ of `work` is byte for byte what a cold `build --no-cache` of a copy of its inputs gives. */
async function expectSameAsCold(work: string): Promise<void> {
  const cold = await copyProject(work);
  try {
    await run(cold, ['build', '--no-cache']);
    expect(await snapshotTree(join(cold, 'dist'))).toEqual(await snapshotTree(join(work, 'dist')));
  } finally {
    await rm(cold, { recursive: true, force: true });
  }
}

/** Sets fields of a release's entries in every target language's locale file (`edit` returns them). */
async function editTranslations(
  root: string,
  release: string,
  edit: (entry: Record<string, string>, lng: string, key: string) => Record<string, string>,
): Promise<void> {
  for (const lng of ['da', 'en', 'nl', 'fr']) {
    const file = join(root, 'locales', lng, release.replace(/\.md$/, '.yaml'));
    const document = parseDocument(await readFile(file, 'utf8'), { schema: 'failsafe' });
    const segments = document.get('segments') as { items: { key: { value: string } }[] };
    for (const pair of segments.items) {
      const key = String(pair.key.value);
      const entry = (document.getIn(['segments', key]) as { toJSON(): Record<string, string> }).toJSON();
      for (const [field, value] of Object.entries(edit(entry, lng, key))) document.setIn(['segments', key, field], value);
    }
    await writeFile(file, document.toString({ lineWidth: 0 }));
  }
}

function spawn(root: string, argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin/presslate.js'), ...argv, '--root', root], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('build cache on the sample project', () => {
  let sample: { root: string; dispose(): Promise<void> };
  beforeAll(async () => {
    sample = await copySampleProject();
  });
  afterAll(() => sample.dispose());

  it('gives the same locale files and dist/ with the cache, without it, and cold', async () => {
    const { root } = sample;
    await run(root, ['extract']);
    await run(root, ['build']);
    const cached = await snapshotTree(join(root, 'dist'));
    expect(cached.size).toBeGreaterThan(20);
    await run(root, ['build', '--no-cache', '--out', 'dist-uncached']);
    expect(await snapshotTree(join(root, 'dist-uncached'))).toEqual(cached);
    await rm(join(root, 'dist-uncached'), { recursive: true });

    const cold = await copyProject(root);
    try {
      await run(cold, ['extract', '--no-cache']);
      await run(cold, ['build', '--no-cache']);
      expect(await snapshotTree(join(cold, 'dist'))).toEqual(cached);
      expect(await snapshotTree(join(cold, 'locales'))).toEqual(await snapshotTree(join(root, 'locales')));
    } finally {
      await rm(cold, { recursive: true, force: true });
    }
  });

  it('writes no file when nothing changed', async () => {
    const { root } = sample;
    await run(root, ['extract']);
    await run(root, ['build']);
    const before = { dist: await fileTimes(join(root, 'dist')), locales: await fileTimes(join(root, 'locales')) };
    const extract = await run(root, ['extract']);
    const build = await run(root, ['build', '--json']);
    expect(extract.stdout).toContain('all locale files up to date');
    expect(JSON.parse(build.stdout)).toMatchObject({ written: [], removed: [] });
    expect(await fileTimes(join(root, 'dist'))).toEqual(before.dist);
    expect(await fileTimes(join(root, 'locales'))).toEqual(before.locales);
  });

  it('matches buildSite, the single-pass build, byte for byte', async () => {
    const { root } = sample;
    await run(root, ['build']);
    const { project } = await loadProject(root);
    const [site, common, media] = await Promise.all([loadSite(project!), loadCommonStrings(project!), loadMedia(project!)]);
    const output = buildSite({ config: project!.config, releases: site.releases, locales: site.locales, now: NOW, common: common.common, media });
    const dist = await snapshotTree(join(root, 'dist'));
    for (const [path, content] of output.files) expect(dist.get(path), path).toBe(content);
    expect(dist.size).toBe(output.files.size + output.assets.size);
  });

  it('writes nothing when an input has an error, even with pages of other releases rendered', async () => {
    const { root } = sample;
    await run(root, ['build']);
    const before = await fileTimes(join(root, 'dist'));
    const release = join(root, 'releases', '2018-03-16-growin-konferenz.md');
    const text = await readFile(release, 'utf8');
    await writeFile(release, text.replace('Vertrag unterzeichnet', 'Vertrag endgültig unterzeichnet'));
    const locale = join(root, 'locales', 'fr', '2020-06-25-abschlusskonferenz.yaml');
    const localeText = await readFile(locale, 'utf8');
    await writeFile(locale, localeText.replace('segments:', 'segments: [broken'));
    const result = await runCli(root, ['build', '--root', root], NOW);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LOCALE_YAML');
    expect(await fileTimes(join(root, 'dist'))).toEqual(before);
    expect((await readdir(root)).filter((name) => name.includes('staging'))).toEqual([]);
    await writeFile(release, text);
    await writeFile(locale, localeText);
  });

  it('gives cold output after the cache is deleted, corrupted, or the config changes', async () => {
    const { root } = sample;
    await run(root, ['build']);
    const reference = await snapshotTree(join(root, 'dist'));
    await rm(join(root, '.presslate-cache'), { recursive: true });
    await run(root, ['build']);
    expect(await snapshotTree(join(root, 'dist'))).toEqual(reference);

    // Garbage in every cache file: ignored and rebuilt, never trusted.
    for (const entry of await readdir(join(root, '.presslate-cache'), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) await writeFile(join(entry.parentPath, entry.name), entry.name.endsWith('files.json') ? '[["x",1' : '{"format":1,"key":');
    }
    await rm(join(root, 'dist', 'en'), { recursive: true });
    await run(root, ['extract']);
    await run(root, ['build']);
    expect(await snapshotTree(join(root, 'dist'))).toEqual(reference);

    const config = join(root, 'presslate.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('limit: 50', 'limit: 2'));
    await run(root, ['build']);
    const changed = await snapshotTree(join(root, 'dist'));
    expect(changed).not.toEqual(reference);
    await run(root, ['build', '--no-cache', '--out', 'dist-cold']);
    expect(await snapshotTree(join(root, 'dist-cold'))).toEqual(changed);
  });

  it('a file (or a link to nothing) named .presslate-cache: a warning, and the same output as without the cache', async () => {
    const project = await copySampleProject();
    try {
      const { root } = project;
      await keepOnlyReleases(root, ['2018-03-16-growin-konferenz']);
      await run(root, ['build', '--no-cache', '--out', 'dist-reference']);
      const reference = await snapshotTree(join(root, 'dist-reference'));
      await rm(join(root, 'dist-reference'), { recursive: true });
      await writeFile(join(root, '.presslate-cache'), 'not a folder\n');
      // Both stopped with exit 2 (ENOTDIR) when they wrote their first cache record.
      for (const command of ['extract', 'build']) {
        const result = await run(root, [command]);
        expect(result.stderr.match(/warning: \.presslate-cache is a file, not a folder, so the build cache is not used/g), command).toHaveLength(1);
      }
      expect(await snapshotTree(join(root, 'dist'))).toEqual(reference);
      expect(await readFile(join(root, '.presslate-cache'), 'utf8')).toBe('not a folder\n');
      await rm(join(root, '.presslate-cache'));
      await symlink(join(root, 'nowhere'), join(root, '.presslate-cache'));
      expect((await run(root, ['build'])).stderr).toMatch(/warning: \.presslate-cache is a link to nothing/);
    } finally {
      await project.dispose();
    }
  });
});

describe('build cache and images', () => {
  it('copies an image edited and given its old time back (same size), with the cache and without', async () => {
    const { root, dispose } = await copySampleProject();
    try {
      await cp(join(REPO, 'images'), join(root, 'images'), { recursive: true });
      const image = join(root, 'images', '2018-03-16-growin-konferenz.jpg');
      const copy = join(root, 'dist', 'images', '2018-03-16-growin-konferenz.jpg');
      await run(root, ['build']);
      expect(await readFile(copy)).toEqual(await readFile(image));
      // Same size, other bytes, the old modification time (`touch -d`): only the change time and
      // the bytes tell.
      const edit = async () => {
        const { atime, mtime } = await stat(image);
        const bytes = await readFile(image);
        bytes[bytes.length - 10]! ^= 0xff;
        await writeFile(image, bytes);
        await utimes(image, atime, mtime);
      };
      await edit();
      await run(root, ['build']);
      expect(await readFile(copy)).toEqual(await readFile(image));
      await edit();
      await run(root, ['build', '--no-cache']);
      expect(await readFile(copy)).toEqual(await readFile(image));
      await expectSameAsCold(root);
    } finally {
      await dispose();
    }
  });
});

describe('a record changed on disk', () => {
  it('is not trusted when it still parses: a listing with other words does not reach the index', async () => {
    const { root, dispose } = await copySampleProject();
    try {
      await run(root, ['build']);
      // Every listing record with other text in it (valid JSON still, with the same key).
      let changed = 0;
      for (const entry of await readdir(join(root, '.presslate-cache'), { recursive: true, withFileTypes: true })) {
        const path = join(entry.parentPath, entry.name);
        if (!entry.isFile() || !path.includes(`listing`)) continue;
        const text = await readFile(path, 'utf8');
        if (!text.includes('GrowIn')) continue;
        await writeFile(path, text.replaceAll('GrowIn', 'GrowXn'));
        changed++;
      }
      expect(changed).toBeGreaterThan(0);
      // Another release's title: the German index and feeds are rendered again from the listings.
      const release = join(root, 'releases', '2020-06-25-abschlusskonferenz.md');
      await writeFile(release, (await readFile(release, 'utf8')).replace(/^title: .*$/m, 'title: "Ein neuer Titel"'));
      await run(root, ['build']);
      expect([...(await snapshotTree(join(root, 'dist'))).values()].some((text) => text.includes('GrowXn'))).toBe(false);
      await expectSameAsCold(root);
    } finally {
      await dispose();
    }
  });
});

describe('a build state that is not the one the last build wrote', () => {
  /** The path of a whole-project record of the project's one cache namespace. */
  async function statePath(root: string, name: string): Promise<string> {
    const namespaces = (await readdir(join(root, '.presslate-cache'))).filter((entry) => /^[0-9a-f]{32}$/.test(entry));
    expect(namespaces).toHaveLength(1);
    return join(root, '.presslate-cache', namespaces[0]!, `${name}.json`);
  }

  it('damaged (read as missing): the pages of a release deleted meanwhile are removed', async () => {
    const { root, dispose } = await copySampleProject();
    try {
      await run(root, ['extract']);
      await run(root, ['build']);
      // One byte of the state's body changed: the whole record reads as missing.
      const path = await statePath(root, 'build-state');
      const bytes = await readFile(path);
      const at = bytes.indexOf('"releases"');
      bytes[at + 1] = 'R'.charCodeAt(0);
      await writeFile(path, bytes);
      const id = '2019-10-08-best-practice-sammlung';
      await rm(join(root, 'releases', `${id}.md`));
      for (const lng of ['da', 'en', 'nl', 'fr']) await rm(join(root, 'locales', lng, `${id}.yaml`), { force: true });
      await run(root, ['extract']);
      await run(root, ['build']);
      expect([...(await snapshotTree(join(root, 'dist'))).keys()].filter((file) => file.includes(id))).toEqual([]);
      await expectSameAsCold(root);
    } finally {
      await dispose();
    }
  });

  it('an older copy of itself: the pages of a release edited and edited back are written again', async () => {
    const { root, dispose } = await copySampleProject();
    try {
      await run(root, ['extract']);
      await run(root, ['build']);
      const path = await statePath(root, 'build-state');
      const older = await readFile(path);
      const release = join(root, 'releases', '2020-06-25-abschlusskonferenz.md');
      const before = await readFile(release, 'utf8');
      const paragraph = before.split('\n\n').findLast((part) => /^[A-ZÄÖÜ]/.test(part))!;
      await writeFile(release, before.replace(paragraph, `${paragraph} Ein neuer Satz.`));
      await run(root, ['extract']);
      await run(root, ['build']);
      expect((await readFile(join(root, 'dist', 'de', '2020-06-25-abschlusskonferenz.md'), 'utf8')).includes('Ein neuer Satz.')).toBe(true);
      // The release as it was, and the state as it was then (a record restored from a backup).
      await writeFile(release, before);
      await writeFile(path, older);
      await run(root, ['extract']);
      await run(root, ['build']);
      expect((await readFile(join(root, 'dist', 'de', '2020-06-25-abschlusskonferenz.md'), 'utf8')).includes('Ein neuer Satz.')).toBe(false);
      await expectSameAsCold(root);
    } finally {
      await dispose();
    }
  });
});

describe("a language's index rendered again", () => {
  it('takes the listings its last rendering stored for the releases that did not change, and gives what a cold build gives', async () => {
    const { root, dispose } = await copySampleProject();
    try {
      const retitle = async (name: string, title: string): Promise<void> => {
        const release = join(root, 'releases', name);
        await writeFile(release, (await readFile(release, 'utf8')).replace(/^title: .*$/m, `title: "${title}"`));
      };
      // Feeds of the newest release only: the index lists the others, which the edit below does not touch.
      const config = join(root, 'presslate.config.yaml');
      await writeFile(config, (await readFile(config, 'utf8')).replace('limit: 50', 'limit: 1'));
      await run(root, ['build']);
      const namespace = (await readdir(join(root, '.presslate-cache'))).find((name) => /^[0-9a-f]{32}$/.test(name))!;
      const folder = join(root, '.presslate-cache', namespace);
      expect((await readdir(folder)).filter((name) => name.startsWith('index-listings-')).sort()).toEqual(['da', 'de', 'en', 'fr', 'nl'].map((lng) => `index-listings-${lng}.json`));
      // Without the releases' own listing records, the German index can only come from the stored
      // copy (a missing record would have the build start over and render every release).
      await rm(join(folder, 'listing'), { recursive: true, force: true });
      await retitle('2018-03-16-growin-konferenz.md', 'Noch ein neuer Titel');
      const { stdout } = await run(root, ['build', '--json']);
      expect((JSON.parse(stdout) as { rendered: string[] }).rendered).toEqual(['releases/2018-03-16-growin-konferenz.md']);
      expect([...(await snapshotTree(join(root, 'dist'))).values()].some((text) => text.includes('Noch ein neuer Titel'))).toBe(true);
      await expectSameAsCold(root);
    } finally {
      await dispose();
    }
  });
});

describe('an analysis record changed on disk', () => {
  it('is not trusted when it still deserializes: other words in it do not reach the pages', async () => {
    const { root, dispose } = await copySampleProject();
    try {
      await keepOnlyReleases(root, ['2020-06-25-abschlusskonferenz']);
      await run(root, ['extract']);
      let changed = 0;
      for (const entry of await readdir(join(root, '.presslate-cache'), { recursive: true, withFileTypes: true })) {
        const path = join(entry.parentPath, entry.name);
        if (!entry.isFile() || !path.includes('analysis')) continue;
        // V8 writes a string as Latin-1 or as UTF-16: the word in both.
        let bytes = (await readFile(path)).toString('latin1');
        for (const [from, to] of [['Pandemie', 'Pandemix'], ['P\0a\0n\0d\0e\0m\0i\0e\0', 'P\0a\0n\0d\0e\0m\0i\0x\0']]) {
          if (bytes.includes(from!)) changed++;
          bytes = bytes.replaceAll(from!, to!);
        }
        await writeFile(path, Buffer.from(bytes, 'latin1'));
      }
      expect(changed).toBeGreaterThan(0);
      await run(root, ['build']);
      expect([...(await snapshotTree(join(root, 'dist'))).values()].some((text) => text.includes('Pandemix'))).toBe(false);
      await expectSameAsCold(root);
    } finally {
      await dispose();
    }
  });
});

describe('a cache that cannot be written', () => {
  it('extract and build run as without the cache when parts of .presslate-cache are files', async () => {
    const { root, dispose } = await copySampleProject();
    try {
      await keepOnlyReleases(root, ['2018-03-16-growin-konferenz']);
      await runCli(root, ['extract', '--root', root], NOW); // makes the cache's namespace folder
      const cache = join(root, '.presslate-cache');
      const namespace = (await readdir(cache)).find((name) => /^[0-9a-f]{32}$/.test(name))!;
      // Where the analysis and listing records go, files; and no verdicts, so extract analyses again.
      for (const part of ['analysis', 'listing', 'extract-state.json']) {
        await rm(join(cache, namespace, part), { recursive: true, force: true });
        await writeFile(join(cache, namespace, part), 'not a folder');
      }
      // The analysis record's temporary file could not be removed (ENOTDIR): exit 2. Then the
      // listings the rendering wrote to the cache were missing: an internal error (70).
      const extract = await runCli(root, ['extract', '--root', root], NOW);
      expect(extract.stderr).toBe('');
      expect(extract.code).toBe(0);
      const build = await runCli(root, ['build', '--root', root], NOW);
      expect(build.stderr).not.toMatch(/internal error|ENOTDIR/);
      expect(build.code).toBe(0);
      await expectSameAsCold(root);
    } finally {
      await dispose();
    }
  });
});

describe('build cache on a generated corpus', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'presslate-corpus-'));
    generateCorpus({ n: 8, seed: 7, out: root });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('after one edited paragraph, rebuilds that release only and matches a cold build', async () => {
    await run(root, ['extract']);
    await run(root, ['build']);
    // The cache made again next to an existing dist/ (as after an upgrade or a config edit): the
    // pages dist/ already holds are not written again, so the build has no stamps of its own for them.
    await rm(join(root, '.presslate-cache'), { recursive: true, force: true });
    await run(root, ['extract']);
    expect(JSON.parse((await run(root, ['build', '--json'])).stdout)).toMatchObject({ written: [], removed: [] });
    const release = (await readdir(join(root, 'releases'))).sort()[5]!;
    const id = release.replace(/\.md$/, '');
    const path = join(root, 'releases', release);
    const text = await readFile(path, 'utf8');
    const paragraphs = text.split('\n\n');
    const index = paragraphs.findIndex((paragraph, i) => i > 1 && /^[A-ZÄÖÜ]/.test(paragraph));
    paragraphs[index] = paragraphs[index]!.replace('.', ', wie es hieß.');
    await writeFile(path, paragraphs.join('\n\n'));

    const extract = await run(root, ['extract', '--json']);
    expect(JSON.parse(extract.stdout).written).toEqual(['da', 'en', 'nl', 'fr'].map((lng) => `locales/${lng}/${id}.yaml`));
    const build = JSON.parse((await run(root, ['build', '--json'])).stdout) as { written: string[]; rendered: string[] };
    // The edited German is stale in every target language: its translations keep publishing (outdated).
    expect(build.written.length).toBeGreaterThan(0);
    expect(build.written.every((file) => file.includes(id) || /(feed\.xml|atom\.xml|feed\.json|index\.html)$/.test(file))).toBe(true);
    expect(build.rendered).toEqual([`releases/${release}`]);

    // A second edit straight after that build (whose writes left the folders of dist/ with
    // modification times of "now") again renders only the edited release.
    const second = (await readdir(join(root, 'releases'))).sort()[2]!;
    const secondPath = join(root, 'releases', second);
    await writeFile(secondPath, (await readFile(secondPath, 'utf8')).replace(/\n\n([A-ZÄÖÜ][^\n]*?)\./, '\n\n$1, hieß es am Montag.'));
    await run(root, ['extract']);
    const again = JSON.parse((await run(root, ['build', '--json'])).stdout) as { written: string[]; rendered: string[] };
    expect(again.rendered).toEqual([`releases/${second}`]);
    expect(again.written.length).toBeGreaterThan(0);
    expect(JSON.parse((await run(root, ['build', '--json'])).stdout)).toMatchObject({ written: [], removed: [], rendered: [] });

    await expectSameAsCold(root);
  });

  it('in a fresh checkout with the cache and dist/ restored (new times and inodes), renders and writes nothing', async () => {
    // 52 releases: 260 inputs, more than extract and build read up front without records.
    const original = await mkdtemp(join(tmpdir(), 'presslate-corpus-'));
    generateCorpus({ n: 52, seed: 11, out: original });
    // A cold build before any extract: the cache knows none of the files yet.
    await run(original, ['build']);
    expect(JSON.parse((await run(original, ['build', '--json'])).stdout)).toMatchObject({ written: [], rendered: [] });
    await run(original, ['extract']);
    const reference = await snapshotTree(join(original, 'dist'));
    // As CI restores them: the same bytes, every file with a new inode and modification time.
    const fresh = await mkdtemp(join(tmpdir(), 'presslate-checkout-'));
    try {
      await cp(original, fresh, { recursive: true });
      const build = JSON.parse((await run(fresh, ['build', '--json'])).stdout) as { written: string[]; rendered: string[] };
      expect(build).toMatchObject({ written: [], removed: [], rendered: [] });
      expect(JSON.parse((await run(fresh, ['extract', '--json'])).stdout)).toMatchObject({ written: [] });
      expect(await snapshotTree(join(fresh, 'dist'))).toEqual(reference);
    } finally {
      await rm(fresh, { recursive: true, force: true });
      await rm(original, { recursive: true, force: true });
    }
  });

  it('renders the feeds and the index of a language apart, and both as a cold build does', async () => {
    const work = await copyProject(root);
    try {
      await run(work, ['extract']);
      await run(work, ['build']);
      const releases = (await readdir(join(work, 'releases'))).sort();
      const newest = join(work, 'releases', releases.at(-1)!);
      // The body of the newest release: its pages and the German feeds change, the index does not.
      await writeFile(newest, (await readFile(newest, 'utf8')).replace(/\n\n([A-ZÄÖÜ][^\n]*?)\./, '\n\n$1, teilte das Amt mit.'));
      await run(work, ['extract']);
      const body = JSON.parse((await run(work, ['build', '--json'])).stdout) as { written: string[] };
      expect(body.written).toContain('de/feed.xml');
      expect(body.written).not.toContain('de/index.html');
      await expectSameAsCold(work);
      // Its title: the German index changes too.
      await writeFile(newest, (await readFile(newest, 'utf8')).replace(/^title: .*$/m, 'title: "Ein neuer Titel"'));
      await run(work, ['extract']);
      const title = JSON.parse((await run(work, ['build', '--json'])).stdout) as { written: string[] };
      expect(title.written).toEqual(expect.arrayContaining(['de/feed.xml', 'de/index.html']));
      await expectSameAsCold(work);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('puts back a page removed from dist/, removes files it did not write, and drops a deleted release', async () => {
    const work = await copyProject(root);
    try {
      // Feeds of 3: most releases' bodies are not kept in the cache.
      const config = join(work, 'presslate.config.yaml');
      await writeFile(config, (await readFile(config, 'utf8')).replace(/^(\s+limit:).*$/m, '$1 3'));
      await run(work, ['extract']);
      await run(work, ['build']);
      const releases = (await readdir(join(work, 'releases'))).sort();
      const id = releases[2]!.replace(/\.md$/, '');
      const reference = await snapshotTree(join(work, 'dist'));
      await rm(join(work, 'dist', 'en', `${id}.html`));
      await writeFile(join(work, 'dist', 'en', 'stray.txt'), 'not ours');
      const repaired = JSON.parse((await run(work, ['build', '--json'])).stdout) as { written: string[]; removed: string[]; rendered: string[] };
      expect(repaired.written).toEqual([`en/${id}.html`]);
      // The other pages of the changed folder are checked by their bytes, not rendered again.
      expect(repaired.rendered).toEqual([`releases/${releases[2]}`]);
      expect(repaired.removed).toEqual(['en/stray.txt']);
      expect(await snapshotTree(join(work, 'dist'))).toEqual(reference);

      // The newest release goes away: its pages go, and the feeds take in the next one down (its
      // body was not kept, as it was not in a feed before) — the same as a cold build.
      const newest = releases.at(-1)!.replace(/\.md$/, '');
      await rm(join(work, 'releases', `${newest}.md`));
      for (const lng of ['da', 'en', 'nl', 'fr']) await rm(join(work, 'locales', lng, `${newest}.yaml`));
      const after = JSON.parse((await run(work, ['build', '--json'])).stdout) as { removed: string[] };
      expect(after.removed).toContain(`de/${newest}.html`);
      expect(after.removed).toContain(`de/${newest}.md`);
      await expectSameAsCold(work);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('leaves out the bodies no feed can show once the newest releases are back, with the same output', async () => {
    const threaded = await copyProject(root);
    const single = await copyProject(root);
    try {
      // Feeds of 2 and one worker thread: batches of 4, newest first, one after the other, so the
      // second batch already knows the two newest releases of every language.
      for (const work of [threaded, single]) {
        const config = join(work, 'presslate.config.yaml');
        await writeFile(config, (await readFile(config, 'utf8')).replace(/^(\s+limit:).*$/m, '$1 2'));
      }
      for (const command of [['extract'], ['build', '--now', '2030-01-01T00:00:00Z']]) {
        const result = await spawn(threaded, command, { PRESSLATE_WORKERS: '1' });
        expect(result.code, result.stderr).toBe(0);
      }
      await run(single, ['extract', '--no-cache']);
      await run(single, ['build', '--no-cache']);
      expect(await snapshotTree(join(single, 'dist'))).toEqual(await snapshotTree(join(threaded, 'dist')));
      // Only the bodies the feeds show were kept in the cache: two per language at most.
      const namespace = (await readdir(join(threaded, '.presslate-cache'))).find((name) => /^[0-9a-f]{32}$/.test(name))!;
      const bodies = await readdir(join(threaded, '.presslate-cache', namespace, 'feed-body'), { recursive: true });
      expect(bodies.filter((name) => name.endsWith('.json')).length).toBeLessThanOrEqual(2 * 5);
    } finally {
      await rm(threaded, { recursive: true, force: true });
      await rm(single, { recursive: true, force: true });
    }
  });

  it('gives the same output on worker threads as on one thread', async () => {
    const threaded = await copyProject(root);
    const single = await copyProject(root);
    try {
      // One release with raw HTML, which a rendering thread renders with rehype-raw, loaded then:
      // its German page and, reviewed, its translations (trees made of the German's nodes). And a
      // release without raw HTML whose translation has HTML typed into it: text, which needs no
      // rehype-raw (a thread that loaded none renders it).
      const releases = (await readdir(join(threaded, 'releases'))).filter((name) => name.endsWith('.md')).sort();
      const raw = releases[2]!;
      const typed = releases[5]!;
      for (const work of [threaded, single]) {
        const path = join(work, 'releases', raw);
        await writeFile(path, `${await readFile(path, 'utf8')}\nMit <b>fett</b> und <span onclick="alert(1)">Klick</span>.\n`);
      }
      // Worker threads, forced on this small corpus, in the compiled CLI …
      const extracted = await spawn(threaded, ['extract', '--no-cache'], { PRESSLATE_WORKERS: '2' });
      expect(extracted.code, extracted.stderr).toBe(0);
      // … and one thread, in this process (8 releases are below the threshold for threads).
      await run(single, ['extract', '--no-cache']);
      for (const work of [threaded, single]) {
        await editTranslations(work, raw, (entry, lng): Record<string, string> => (entry.status === 'new' ? { [lng]: `[${lng}] ${entry.de!}`, status: 'reviewed' } : {}));
        let first = true;
        await editTranslations(work, typed, (entry, lng, key): Record<string, string> => {
          if (lng !== 'en' || !first || !key.startsWith('p-') || entry.status !== 'reviewed' || entry.de!.includes('<')) return {};
          first = false;
          return { en: `${entry.en!} <b>getippt</b> <script>alert(1)</script> <!-- x -->` };
        });
      }
      const built = await spawn(threaded, ['build', '--no-cache', '--now', '2030-01-01T00:00:00Z'], { PRESSLATE_WORKERS: '2' });
      expect(built.code, built.stderr).toBe(0);
      await run(single, ['build', '--no-cache']);
      const dist = await snapshotTree(join(threaded, 'dist'));
      expect(dist.size).toBeGreaterThan(60);
      const page = (lng: string, release: string): string | undefined => dist.get(`${lng}/${release.replace(/\.md$/, '.html')}`);
      expect(page('de', raw)).toContain('Mit <b>fett</b> und <span>Klick</span>.');
      for (const lng of ['da', 'en', 'nl', 'fr']) expect(page(lng, raw)).toContain(`[${lng}] Mit <b>fett</b> und <span>Klick</span>.`);
      expect(page('en', typed)).toContain(' &#x3C;b>getippt&#x3C;/b> &#x3C;script>alert(1)&#x3C;/script> &#x3C;!-- x -->');
      expect(await snapshotTree(join(single, 'dist'))).toEqual(dist);
      expect(await snapshotTree(join(single, 'locales'))).toEqual(await snapshotTree(join(threaded, 'locales')));
    } finally {
      await rm(threaded, { recursive: true, force: true });
      await rm(single, { recursive: true, force: true });
    }
  });
});
