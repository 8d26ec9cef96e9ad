import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module script without types
import { generateCorpus } from '../scripts/generate-corpus.mjs';
import { BuildCache } from '../src/io/cache.js';
import { changesByIdentity } from '../src/io/record-journal.js';
import { runCli, snapshotTree } from './helpers/project.js';

function openCache(root: string): BuildCache {
  return BuildCache.open(root, { enabled: true, buildId: 'test', configText: 'journal' });
}

async function inTemporaryProject(test: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'presslate-journal-'));
  try {
    await test(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function namespaceFolder(root: string): Promise<string> {
  const [namespace] = (await readdir(join(root, '.presslate-cache'))).filter((entry) => /^[0-9a-f]{32}$/.test(entry));
  return join(root, '.presslate-cache', namespace!);
}

/** A whole-project record's file: header line, body line, then its journal (record-journal.ts). */
async function recordOf(root: string, name: string): Promise<{ path: string; record: string; journal: string[] }> {
  const path = join(await namespaceFolder(root), `${name}.json`);
  const [header, body, ...journal] = (await readFile(path, 'utf8')).split('\n');
  expect(journal.pop()).toBe('');
  return { path, record: `${header}\n${body}\n`, journal };
}

type State = { releases: Record<string, { hash: string; files: string[] }>; commonKey?: string };

function sampleState(n: number): State {
  const releases: State['releases'] = {};
  for (let i = 0; i < n; i++) releases[`releases/r${i}.md`] = { hash: `h${i}`, files: [`de/r${i}.html`, `en/r${i}.html`] };
  return { releases, commonKey: 'c1' };
}

/** Reads the state in a new cache object (as the next command does), changes `changed` entries, writes it. */
function editState(root: string, change: (state: State) => State): State {
  const cache = openCache(root);
  const before = cache.readState<State>('build-state')!;
  const after = change(before);
  cache.writeState('build-state', after);
  return after;
}

describe('changesByIdentity', () => {
  it('lists what changed two levels deep, by identity', () => {
    const entry = { hash: 'a' };
    const before = { releases: { a: entry, b: { hash: 'b' }, gone: { hash: 'x' } }, shared: { s: 1 }, key: 'k', old: 1 };
    expect(changesByIdentity(before, before)).toEqual([]);
    const after = { releases: { a: entry, b: { hash: 'b' }, c: { hash: 'c' } }, shared: before.shared, key: 'k2', added: [1] };
    expect(changesByIdentity(before, after)).toEqual([
      [['releases', 'b'], { hash: 'b' }], // equal, but another object: written (identity is the contract)
      [['releases', 'c'], { hash: 'c' }],
      [['releases', 'gone']],
      [['key'], 'k2'],
      [['added'], [1]],
      [['old']],
    ]);
  });

  it('treats an undefined property as absent, as JSON does', () => {
    expect(changesByIdentity({ a: 1, b: 2 }, { a: 1, b: undefined, c: undefined })).toEqual([[['b']]]);
    expect(changesByIdentity([1], { a: 1 })).toBeUndefined();
  });
});

describe('journaled whole-project records', () => {
  it('an edit appends its change to a journal; the next reader gets the state the writer had', () =>
    inTemporaryProject(async (root) => {
      openCache(root).writeState('build-state', sampleState(200));
      const written = await recordOf(root, 'build-state');
      expect(written.journal).toEqual([]);
      const first = editState(root, (state) => ({ ...state, releases: { ...state.releases, 'releases/r7.md': { hash: 'new', files: [] } } }));
      const second = editState(root, (state) => {
        const releases = { ...state.releases };
        delete releases['releases/r9.md'];
        return { ...state, releases, commonKey: 'c2' };
      });
      // The record itself was not written again: two lines appended to it, and their size in its header.
      const after = await recordOf(root, 'build-state');
      const withoutSize = (record: string): string => record.replace(/"journal":"\d+"/, '');
      expect(withoutSize(after.record)).toBe(withoutSize(written.record));
      expect(after.record).toContain(`"journal":"${String(Buffer.byteLength(after.journal.join('\n')) + 1).padStart(12, '0')}"`);
      expect(after.journal).toHaveLength(2);
      expect(first.releases['releases/r7.md']).toEqual({ hash: 'new', files: [] });
      expect(openCache(root).readState('build-state')).toEqual(second);
      // Nothing changed: nothing written.
      editState(root, (state) => state);
      expect((await recordOf(root, 'build-state')).journal).toHaveLength(2);
    }));

  it('a journal with a byte changed, cut short (also right after a line), or with a line from a run that read an older state makes the record unusable', () =>
    inTemporaryProject(async (root) => {
      for (const damage of ['byte', 'cut', 'line', 'fork'] as const) {
        await rm(join(root, '.presslate-cache'), { recursive: true, force: true });
        openCache(root).writeState('build-state', sampleState(50));
        editState(root, (state) => ({ ...state, commonKey: 'one' }));
        const { path, record, journal } = await recordOf(root, 'build-state');
        const text = await readFile(path, 'utf8');
        if (damage === 'byte') await writeFile(path, text.replace('"one"', '"two"'));
        if (damage === 'cut') await writeFile(path, text.slice(0, -1));
        // Cut right after the record's body: what is left parses, and is the state before the edit.
        if (damage === 'line') await writeFile(path, record);
        if (damage === 'fork') {
          // Two runs read the same state and each appended its change (processes of their own:
          // here the second run's line is made with the first's taken out, then put back after
          // it, with the journal size the header would then give: only the chain tells).
          await writeFile(path, record.replace(/"journal":"\d+"/, `"journal":"${'0'.repeat(12)}"`));
          editState(root, (state) => ({ ...state, commonKey: 'other' }));
          await appendFile(path, `${journal[0]}\n`);
          const forked = await readFile(path, 'utf8');
          const size = Buffer.byteLength(forked) - Buffer.byteLength(record);
          await writeFile(path, forked.replace(/"journal":"\d+"/, `"journal":"${String(size).padStart(12, '0')}"`));
          expect((await recordOf(root, 'build-state')).journal).toHaveLength(2);
        }
        expect(openCache(root).readState('build-state'), damage).toBeUndefined();
      }
    }));

  it('cut short at any length, or with any one byte changed, is never read as another state', () =>
    inTemporaryProject(async (root) => {
      openCache(root).writeState('build-state', sampleState(4));
      editState(root, (state) => ({ ...state, commonKey: 'one' }));
      const full = editState(root, (state) => ({ ...state, releases: { ...state.releases, 'releases/r2.md': { hash: 'x', files: [] } } }));
      const { path } = await recordOf(root, 'build-state');
      const bytes = await readFile(path);
      expect(openCache(root).readState('build-state')).toEqual(full);
      const outcomes = new Set<string>();
      for (let length = 0; length < bytes.length; length++) {
        await writeFile(path, bytes.subarray(0, length));
        const read = openCache(root).readState('build-state');
        outcomes.add(read === undefined ? 'missing' : JSON.stringify(read));
      }
      for (let at = 0; at < bytes.length; at++) {
        const changed = Buffer.from(bytes);
        changed[at] = changed[at]! ^ 0x01;
        await writeFile(path, changed);
        const read = openCache(root).readState('build-state');
        if (read !== undefined) expect(read, `byte ${at}`).toEqual(full);
      }
      expect([...outcomes]).toEqual(['missing']);
    }));

  it('is written whole when its journal is full', () =>
    inTemporaryProject(async (root) => {
      openCache(root).writeState('build-state', sampleState(20));
      editState(root, (state) => ({ ...state, commonKey: 'small' }));
      expect((await recordOf(root, 'build-state')).journal).toHaveLength(1);
      // Changes larger than the journal's room (64 KB for a small record): written whole.
      const big = 'x'.repeat(70 * 1024);
      const after = editState(root, (state) => ({ ...state, commonKey: big }));
      expect((await recordOf(root, 'build-state')).journal).toEqual([]);
      expect(openCache(root).readState('build-state')).toEqual(after);
    }));

  it('updateState appends to a record it did not read, and declines when there is none', () =>
    inTemporaryProject(async (root) => {
      expect(openCache(root).updateState('build-files', [[['de/a.html'], [1, 2, 3, 4, 'h']]])).toBe(false);
      openCache(root).writeState('build-files', { 'de/a.html': [1, 2, 3, 4, 'a'], 'de/b.html': [1, 2, 3, 5, 'b'] });
      expect(openCache(root).updateState('build-files', [[['de/a.html'], [9, 9, 9, 9, 'a2']], [['de/b.html']], [['de/c.html'], [1, 1, 1, 1, 'c']]])).toBe(true);
      expect(openCache(root).readState('build-files')).toEqual({ 'de/a.html': [9, 9, 9, 9, 'a2'], 'de/c.html': [1, 1, 1, 1, 'c'] });
      // Records of other keys take no journal.
      expect(openCache(root).updateState('build-summary', [])).toBe(false);
      // A line added without its size in the header (a run killed between the two writes): unusable.
      await appendFile((await recordOf(root, 'build-files')).path, 'not a line\n');
      expect(openCache(root).readState('build-files')).toBeUndefined();
      // Nor is anything after the body of a record that takes no journal.
      openCache(root).writeState('build-summary', { a: 1 });
      expect(openCache(root).readState('build-summary')).toEqual({ a: 1 });
      await appendFile((await recordOf(root, 'build-summary')).path, 'more\n');
      expect(openCache(root).readState('build-summary')).toBeUndefined();
    }));

  it('the stat index (a list) takes its changed entries appended, a later entry of a file replacing an earlier one', () =>
    inTemporaryProject(async (root) => {
      await writeFile(join(root, 'a.txt'), 'one');
      await writeFile(join(root, 'b.txt'), 'two');
      const first = openCache(root);
      const hashes = first.hashFiles(['a.txt', 'b.txt']).map((file) => file.hash);
      first.save();
      expect((await recordOf(root, 'files')).journal).toEqual([]);
      await writeFile(join(root, 'a.txt'), 'three!');
      const second = openCache(root);
      const changed = second.hashFile('a.txt').hash;
      expect(changed).not.toBe(hashes[0]);
      second.save();
      expect((await recordOf(root, 'files')).journal).toHaveLength(1);
      // The next run knows both files by stat alone (once they are older than the racy second).
      const entries = openCache(root).readState<[string, ...unknown[]][]>('files')!;
      expect(entries.map((entry) => entry[0])).toEqual(['a.txt', 'b.txt', 'a.txt']);
      expect(entries.at(-1)!.at(-1)).toBe(changed);
    }));

  it('values read are frozen in the tests, so a command that changed one in place fails here', () =>
    inTemporaryProject(async (root) => {
      openCache(root).writeState('extract-state', sampleState(3));
      const read = openCache(root).readState<State>('extract-state')!;
      expect(() => {
        read.releases['releases/r1.md']!.hash = 'changed';
      }).toThrow(TypeError);
    }));
});

describe('journals across edits of a corpus', () => {
  it('edits journaled by extract and build give what a cold build gives, and the journals are read by the next run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'presslate-journal-corpus-'));
    try {
      generateCorpus({ n: 10, seed: 3, out: root });
      const run = async (argv: string[]): Promise<string> => {
        const result = await runCli(root, [...argv, '--root', root]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        return result.stdout;
      };
      await run(['extract']);
      await run(['build']);
      const releases = (await readdir(join(root, 'releases'))).sort();
      for (const [step, name] of [releases[2]!, releases[7]!, releases[2]!].entries()) {
        const path = join(root, 'releases', name);
        // A plain paragraph of the body gets one more sentence.
        const paragraphs = (await readFile(path, 'utf8')).split('\n\n');
        const index = paragraphs.findIndex((paragraph, i) => i > 1 && /^[A-ZÄÖÜ][^[\]`*<|\n]*\.$/.test(paragraph));
        paragraphs[index] += ` Schritt ${step}.`;
        await writeFile(path, paragraphs.join('\n\n'));
        await run(['extract']);
        const build = JSON.parse(await run(['build', '--json'])) as { rendered: string[] };
        expect(build.rendered).toEqual([`releases/${name}`]);
      }
      for (const name of ['build-state', 'extract-state', 'build-files', 'files']) expect((await recordOf(root, name)).journal.length, name).toBeGreaterThan(0);
      const cached = await snapshotTree(join(root, 'dist'));
      const locales = await snapshotTree(join(root, 'locales'));
      // Nothing changed: nothing rendered or written, with the journals read.
      expect(JSON.parse(await run(['build', '--json']))).toMatchObject({ written: [], removed: [], rendered: [] });
      await rm(join(root, 'dist'), { recursive: true, force: true });
      await run(['build', '--no-cache']);
      expect(await snapshotTree(join(root, 'dist'))).toEqual(cached);
      expect(await snapshotTree(join(root, 'locales'))).toEqual(locales);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
