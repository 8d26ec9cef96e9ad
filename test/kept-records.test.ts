import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildCache } from '../src/io/cache.js';
import { flushWholeRecords, keepWholeRecords } from '../src/io/whole-records.js';
import { readRecord, writeRecord } from '../src/io/record-file.js';
import { appendJournal, journalStateOnDisk } from '../src/io/record-journal.js';
import { copySampleProject, runCli, snapshotTree, spawnCli } from './helpers/project.js';

// Module state: this file's worker keeps whole-project records from here on, as `presslate watch`
// does (vitest gives each test file its own modules).
keepWholeRecords();

const NOW = Date.parse('2030-01-01T00:00:00Z');

function openCache(root: string): BuildCache {
  return BuildCache.open(root, { enabled: true, buildId: 'test', configText: 'kept' });
}

/** Runs `test` with an empty project folder and its cache, and removes the folder after it. */
async function inTemporaryProject(test: (root: string, cache: BuildCache) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'presslate-kept-'));
  try {
    await test(root, openCache(root));
  } finally {
    // Records this test left pending or kept would be written back into the removed folder by a
    // later test's flush: the first flush writes them, the second forgets them (unused since).
    flushWholeRecords();
    flushWholeRecords();
    await rm(root, { recursive: true, force: true });
  }
}

/** The path of a whole-project record, as BuildCache lays them out. */
async function statePath(root: string, name: string): Promise<string> {
  const [namespace] = (await readdir(join(root, '.presslate-cache'))).filter((entry) => /^[0-9a-f]{32}$/.test(entry));
  return join(root, '.presslate-cache', namespace!, `${name}.json`);
}

describe('whole-project records kept in memory', () => {
  it('reach the disk at the flush, and are read from memory until then', () =>
    inTemporaryProject(async (root, cache) => {
      cache.writeState('build-summary', { round: 1 });
      expect(cache.readState('build-summary')).toEqual({ round: 1 });
      // Nothing on disk before the flush: a process killed now leaves the records of the round before.
      expect(await readdir(join(root, '.presslate-cache')).catch(() => [])).toEqual([]);
      flushWholeRecords();
      const path = await statePath(root, 'build-summary');
      expect(readRecord(path, 'build-summary')).toEqual({ round: 1 });
      expect(openCache(root).readState('build-summary')).toEqual({ round: 1 });
      // Another key under the same file name is no match, pending or not.
      cache.writeState('build-files', { a: 1 });
      expect(cache.readState('build-summary')).toEqual({ round: 1 });
    }));

  it('are frozen: a command that changed one would change what the next command reads', () =>
    inTemporaryProject(async (root, cache) => {
      cache.writeState('extract-state', { releases: { 'releases/a.md': { hash: 'x', diagnostics: [] } } });
      const written = cache.readState<{ releases: Record<string, { hash: string; diagnostics: unknown[] }> }>('extract-state')!;
      expect(() => {
        written.releases['releases/a.md']!.hash = 'y';
      }).toThrow(TypeError);
      expect(() => written.releases['releases/a.md']!.diagnostics.push(1)).toThrow(TypeError);
      flushWholeRecords();
      const read = openCache(root).readState<{ releases: Record<string, unknown> }>('extract-state')!;
      expect(() => {
        read.releases['releases/b.md'] = {};
      }).toThrow(TypeError);
    }));

  it('are read again when another process replaced the file, or rewrote it in place with the same size and time', () =>
    inTemporaryProject(async (root, cache) => {
      cache.writeState('build-state', { n: 1 });
      flushWholeRecords();
      const path = await statePath(root, 'build-state');
      // Replaced, as another presslate process writes (temporary file + rename): a new inode.
      writeRecord(path, 'build-state', { n: 2 });
      expect(cache.readState('build-state')).toEqual({ n: 2 });
      // Rewritten in place with bytes of the same length and its old modification time set back:
      // the change time still differs.
      const before = await stat(path);
      const text = await readFile(path, 'utf8');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await writeFile(path, text.replace('{"n":2}', '{"n":3}').replace(/"sum":"[0-9a-f]+"/, `"sum":"${sumOf('{"n":3}')}"`));
      await utimes(path, before.atime, before.mtime);
      expect((await stat(path)).size).toBe(before.size);
      expect(cache.readState('build-state')).toEqual({ n: 3 });
      // Removed: gone for this process too.
      await rm(path);
      expect(cache.readState('build-state')).toBeUndefined();
    }));

  it('are read again when another process appended to the record\'s journal', () =>
    inTemporaryProject(async (root, cache) => {
      cache.writeState('build-state', { releases: { a: { n: 1 }, b: { n: 1 } } });
      flushWholeRecords();
      expect(cache.readState('build-state')).toEqual({ releases: { a: { n: 1 }, b: { n: 1 } } });
      // Another process (a build in another terminal) appends its change (record-journal.ts).
      const path = await statePath(root, 'build-state');
      const { format } = JSON.parse((await readFile(path, 'utf8')).split('\n')[0]!) as { format: number };
      const state = journalStateOnDisk(path, 'build-state', format)!;
      expect(appendJournal(path, state, JSON.stringify([[['releases', 'b'], { n: 2 }]]))).toBeDefined();
      expect(cache.readState('build-state')).toEqual({ releases: { a: { n: 1 }, b: { n: 2 } } });
      // The flush writes it whole, journal and all.
      cache.writeState('build-state', { releases: { a: { n: 3 } } });
      flushWholeRecords();
      expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(3);
      expect(openCache(root).readState('build-state')).toEqual({ releases: { a: { n: 3 } } });
    }));

  it('the build summary reaches the disk after the build state, and not when the state did not', () =>
    inTemporaryProject(async (root, cache) => {
      // Kept in the order build reads them (summary first), as in every round after watch's first.
      cache.writeState('build-summary', { round: 1 });
      cache.writeState('build-state', { round: 1 });
      flushWholeRecords();
      const summary = await statePath(root, 'build-summary');
      const state = await statePath(root, 'build-state');
      // The next round's state cannot be written (a folder in its place): a summary of that round
      // beside the state of the round before would vouch for pages dist/ no longer holds.
      cache.writeState('build-summary', { round: 2 });
      cache.writeState('build-state', { round: 2 });
      await rm(state);
      await mkdir(state);
      flushWholeRecords();
      expect(readRecord(summary, 'build-summary')).toEqual({ round: 1 });
      expect(openCache(root).readState('build-summary')).toEqual({ round: 1 });
    }));

  it('a record that cannot be written is forgotten, not served from memory as if it were on disk', () =>
    inTemporaryProject(async (root, cache) => {
      // The cache folder is a file: nothing can be written under it.
      await writeFile(join(root, '.presslate-cache'), 'not a folder');
      cache.writeState('build-summary', { round: 1 });
      flushWholeRecords();
      expect(cache.readState('build-summary')).toBeUndefined();
    }));
});

describe('a namespace removed while its records are kept', () => {
  it('is neither served from memory nor written back by the flush (config edited and edited back within one idle second)', async () => {
    const project = await copySampleProject();
    const { root } = project;
    const run = async (argv: string[]): Promise<string> => {
      const result = await runCli(root, [...argv, '--root', root], NOW);
      if (result.code !== 0) throw new Error(`presslate ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
      return result.stdout;
    };
    const namespaces = async (): Promise<string[]> => (await readdir(join(root, '.presslate-cache'))).filter((entry) => /^[0-9a-f]{32}$/.test(entry));
    try {
      const configPath = join(root, 'presslate.config.yaml');
      const config = await readFile(configPath, 'utf8');
      // Three rounds without a flush between them: config A, B (which removes A's namespace), A again.
      for (const text of [config, `${config}# edited\n`, config]) {
        await writeFile(configPath, text);
        await run(['extract']);
        await run(['build']);
      }
      flushWholeRecords();
      // Only A's namespace is left, and it is whole: a title edit renders its release, not all of them.
      expect(await namespaces()).toHaveLength(1);
      const release = (await readdir(join(root, 'releases'))).sort()[2]!;
      const path = join(root, 'releases', release);
      await writeFile(path, (await readFile(path, 'utf8')).replace(/^title: (["']?)/m, 'title: $1Neu: '));
      await run(['extract']);
      const build = JSON.parse(await run(['build', '--json'])) as { written: string[]; rendered: string[] };
      expect(build.written).toContain('de/index.html');
      expect(build.rendered).toEqual([`releases/${release}`]);
      flushWholeRecords();
      expect(await namespaces()).toHaveLength(1);
    } finally {
      await project.dispose();
    }
  });
});

describe('extract and build with the records kept, as in watch rounds', () => {
  let sample: { root: string; dispose(): Promise<void> };
  beforeAll(async () => {
    sample = await copySampleProject();
  });
  afterAll(() => sample.dispose());

  async function run(argv: string[]): Promise<string> {
    const result = await runCli(sample.root, [...argv, '--root', sample.root], NOW);
    if (result.code !== 0) throw new Error(`presslate ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  it('give what the commands give apart, and leave records another process can use', async () => {
    const { root } = sample;
    // A round: extract and build share the pending records; the flush comes after both.
    await run(['extract']);
    await run(['build']);
    flushWholeRecords();

    const release = (await readdir(join(root, 'releases'))).sort()[3]!;
    const path = join(root, 'releases', release);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/\n\n([A-ZÄÖÜ][^\n]*?)\./, '\n\n$1, so hieß es.'));
    expect(JSON.parse(await run(['extract', '--json'])).written.length).toBe(4);
    const build = JSON.parse(await run(['build', '--json'])) as { rendered: string[] };
    expect(build.rendered).toEqual([`releases/${release}`]);
    // A title edited: the language's index is rendered again from the listings kept in memory
    // (whole-records.ts readKeyedRecord), twice, and in another round after a flush.
    for (const title of ['Neu: ', 'Neuer: ']) {
      await writeFile(path, text.replace(/^title: (["']?)/m, `title: $1${title}`));
      await run(['extract']);
      const renamed = JSON.parse(await run(['build', '--json'])) as { written: string[] };
      expect(renamed.written).toContain('de/index.html');
    }
    flushWholeRecords();
    // A second round before any flush (saves in quick succession) reads the pending records.
    await writeFile(path, text);
    await run(['extract']);
    expect((JSON.parse(await run(['build', '--json'])) as { rendered: string[] }).rendered).toEqual([`releases/${release}`]);
    flushWholeRecords();

    // Another process (a `presslate build` by hand) finds the flushed records and nothing to do.
    const child = await spawnCli(root, ['build', '--json', '--now', new Date(NOW).toISOString()]);
    expect(child.code).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ written: [], removed: [], rendered: [] });

    // And what that process wrote meanwhile is what this one reads next.
    await writeFile(path, text.replace(/\n\n([A-ZÄÖÜ][^\n]*?)\./, '\n\n$1, hieß es später.'));
    expect((await spawnCli(root, ['extract'])).code).toBe(0);
    expect((await spawnCli(root, ['build', '--now', new Date(NOW).toISOString()])).code).toBe(0);
    expect(JSON.parse(await run(['extract', '--json'])).written).toEqual([]);
    expect(JSON.parse(await run(['build', '--json'])) as { written: string[] }).toMatchObject({ written: [], rendered: [] });

    const cold = await copySampleProject();
    try {
      for (const folder of ['releases', 'locales']) {
        await rm(join(cold.root, folder), { recursive: true, force: true });
        await cp(join(root, folder), join(cold.root, folder), { recursive: true });
      }
      const result = await runCli(cold.root, ['build', '--no-cache', '--root', cold.root], NOW);
      expect(result.code).toBe(0);
      expect(await snapshotTree(join(cold.root, 'dist'))).toEqual(await snapshotTree(join(root, 'dist')));
    } finally {
      await cold.dispose();
    }
  });
});

/** A record's checksum (record-file.ts recordSum): SHA-1 of the body's bytes. */
function sumOf(body: string): string {
  return createHash('sha1').update(body).digest('hex');
}
