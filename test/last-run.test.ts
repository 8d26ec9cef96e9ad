import { mkdtemp, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module script without types
import { generateCorpus } from '../scripts/generate-corpus.mjs';
import type { CliIo } from '../src/cli/context.js';
import { startRun } from '../src/cli/last-run.js';
import { InputStamp } from '../src/io/input-stamp.js';
import { runCli, spawnCli } from './helpers/project.js';

/**
 * The no-change check (src/cli/last-run.ts): a run of extract or build whose inputs, config, code,
 * options, clock and dist/ are those of a recorded run that changed nothing prints that run's
 * output; any difference that could change the result makes the command run.
 *
 * The clock is 2030 (`--now` aside): every file written by the tests is older than a second by it,
 * so runs that change nothing are recorded without waiting. Folder stamps of dist/ use the real
 * clock (output-manifest.ts), hence one wait after the first build.
 */
const NOW = Date.parse('2030-01-01T00:00:00Z');
const MARK = '(replayed)\n';

type Values = Record<string, string | boolean | undefined>;

let root: string;
let releases: string[];

async function run(argv: string[], now = NOW): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(root, [...argv, '--root', root], now);
}

function recordPath(command: string): string {
  return join(root, '.presslate-cache', `last-${command}.bin`);
}

/** Rewrites a record's header with `change`: a replay of it then prints MARK too. */
async function editRecord(command: string, change: (header: Record<string, unknown>) => void = () => {}): Promise<void> {
  const bytes = await readFile(recordPath(command));
  const length = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.toString('utf8', 4, 4 + length)) as Record<string, unknown> & { output: [number, string][] };
  header.output.push([1, MARK]);
  change(header);
  const text = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(text.length, 0);
  await writeFile(recordPath(command), Buffer.concat([prefix, text, bytes.subarray(4 + length)]));
}

/** Whether `startRun` replays the record for these options, without running the command. */
async function replays(command: 'extract' | 'build', values: Values = {}, now = NOW): Promise<boolean> {
  const record = await readFile(recordPath(command));
  await editRecord(command);
  let stdout = '';
  const io: CliIo = { argv: [], cwd: root, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, now: () => now };
  try {
    const start = await startRun(command, { root, ...values }, io);
    if ('replayed' in start) expect(stdout).toContain(MARK);
    return 'replayed' in start;
  } finally {
    await writeFile(recordPath(command), record);
  }
}

/** Runs the command for real; it must record itself (nothing changed by content), and replay next. */
async function rerecord(argv: string[]): Promise<void> {
  const result = await run(argv);
  expect(result.stdout).not.toContain(MARK);
  expect(await replays(argv[0] as 'extract' | 'build', argv.includes('--now') ? { now: argv[argv.indexOf('--now') + 1] } : {})).toBe(true);
}

/** Writes a file again with the same bytes: new ctime (and mtime), same content. */
async function rewrite(path: string): Promise<void> {
  await writeFile(path, await readFile(path));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'presslate-last-run-'));
  generateCorpus({ n: 6, seed: 11, out: root });
  releases = (await readdir(join(root, 'releases'))).sort().map((name) => join(root, 'releases', name));
  await run(['extract']);
  await run(['build']);
  // The folders of dist/ were just written: racy by the real clock for a second.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await run(['build']);
  await run(['extract']);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the no-change check of extract and build', () => {
  it('replays the last output and exit code when nothing changed, and writes nothing', async () => {
    const extract = await run(['extract']);
    const build = await run(['build']);
    const extractRecord = await readFile(recordPath('extract'));
    for (const command of ['extract', 'build']) await editRecord(command);
    const files = await snapshotStats();
    const extractAgain = await run(['extract']);
    expect(extractAgain.stdout).toBe(extract.stdout + MARK);
    expect(extractAgain.stderr).toBe(extract.stderr);
    const buildAgain = await run(['build']);
    expect(buildAgain.stdout).toBe(build.stdout + MARK);
    expect(buildAgain.stderr).toBe(build.stderr);
    expect(await snapshotStats()).toEqual(files);
    await writeFile(recordPath('extract'), extractRecord);

    // The exit code is the recorded one (1 for `build --strict` with a release held).
    await editRecord('build', (header) => (header.code = 1));
    expect((await run(['build'])).code).toBe(1);

    // Other options are another run, recorded in turn (one record per command).
    expect(await replays('build', { json: true })).toBe(false);
    const json = await run(['build', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ written: [], removed: [] });
    await editRecord('build');
    expect((await run(['build', '--json'])).stdout).toBe(json.stdout + MARK);
    expect(await replays('build')).toBe(false);
    await rerecord(['build']);
  });

  it('replays in the compiled CLI, with the same output', async () => {
    // The compiled CLI and a run from source have the same build id (scripts/source-hash.mjs).
    const first = await spawnCli(root, ['extract', '--root', root]);
    const record = await readFile(recordPath('extract'));
    await editRecord('extract');
    const second = await spawnCli(root, ['extract', '--root', root]);
    expect(second.code).toBe(first.code);
    expect(second.stdout).toBe(first.stdout + MARK);
    await writeFile(recordPath('extract'), record);
    expect(await replays('extract')).toBe(true);
  });

  it('notices a release edited in place: same size, same mtime', async () => {
    const path = releases[2]!;
    const text = await readFile(path, 'utf8');
    // A whole second as the mtime, which utimes sets exactly (it takes seconds as a float).
    const second = Math.floor(Date.now() / 1000) - 3600;
    await utimes(path, second, second);
    await rerecord(['extract']);
    await rerecord(['build']);
    const before = await stat(path);
    const edited = text.replace('Die ', 'Das ');
    expect(edited).not.toBe(text);
    await writeFile(path, edited);
    await utimes(path, second, second);
    const after = await stat(path);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    // Only the ctime tells.
    expect(await replays('extract')).toBe(false);
    expect(await replays('build')).toBe(false);
    await writeFile(path, text);
    await rerecord(['extract']);
    await rerecord(['build']);
  });

  it('does not record a run whose inputs were modified just now (racily clean)', async () => {
    const path = releases[1]!;
    const file = `releases/${path.slice(path.lastIndexOf('/') + 1)}`;
    await rewrite(path);
    // By the real clock the file was modified less than a second ago: on a file system with coarse
    // timestamps another edit now could leave its stat as it is. The run is not recorded.
    const record = await readFile(recordPath('extract'));
    expect((await run(['extract'], Date.now())).code).toBe(0);
    expect(await readFile(recordPath('extract'))).toEqual(record);
    const stamp = new InputStamp(root, Date.now());
    stamp.add(file);
    expect(stamp.trusted).toBe(false);
    const later = new InputStamp(root, Date.now() + 1500);
    later.add(file);
    expect(later.trusted).toBe(true);
    await rerecord(['extract']);
  });

  it('notices a release or a locale file added or deleted', async () => {
    const locale = join(root, 'locales', 'fr', `${releases[3]!.slice(releases[3]!.lastIndexOf('/') + 1, -3)}.yaml`);
    const text = await readFile(locale);
    await unlink(locale);
    expect(await replays('extract')).toBe(false);
    expect(await replays('build')).toBe(false);
    await writeFile(locale, text);
    await rerecord(['extract']);
    await rerecord(['build']);

    const extra = join(root, 'locales', 'fr', 'orphan.yaml');
    await writeFile(extra, 'segments: {}\n');
    expect(await replays('extract')).toBe(false);
    expect(await replays('build')).toBe(false);
    await unlink(extra);
    // The listing is the recorded one again, and so is every file's stat.
    expect(await replays('extract')).toBe(true);
    expect(await replays('build')).toBe(true);

    const release = releases[4]!;
    await rename(release, `${release}.away`);
    expect(await replays('extract')).toBe(false);
    expect(await replays('build')).toBe(false);
    await rename(`${release}.away`, release);
    await rewrite(release);
    await rerecord(['extract']);
    await rerecord(['build']);
  });

  it('notices a changed config, a changed Presslate build id, a changed image and another output folder', async () => {
    const config = join(root, 'presslate.config.yaml');
    await rewrite(config);
    expect(await replays('extract')).toBe(false);
    expect(await replays('build')).toBe(false);
    await rerecord(['extract']);
    await rerecord(['build']);

    await editRecord('extract', (header) => (header.buildId = 'another build of Presslate'));
    expect(await replays('extract')).toBe(false);
    await rerecord(['extract']);
    await editRecord('build', (header) => (header.configText = `${header.configText as string}\n# edited\n`));
    expect(await replays('build')).toBe(false);
    await rerecord(['build']);

    // The UI strings of the source language are build's input only.
    const common = join(root, 'locales', 'de', 'common.yaml');
    const commonBefore = await stat(common);
    await rewrite(common);
    await utimes(common, commonBefore.atime, commonBefore.mtime);
    expect(await replays('extract')).toBe(true);
    expect(await replays('build')).toBe(false);
    await rerecord(['build']);

    const images = await readdir(join(root, 'images'));
    const image = join(root, 'images', images[0]!);
    const bytes = await readFile(image);
    const before = await stat(image);
    await writeFile(image, Buffer.from(bytes.map((byte, index) => (index === bytes.length - 1 ? byte ^ 1 : byte))));
    await utimes(image, before.atime, before.mtime);
    expect(await replays('extract')).toBe(true); // images are not extract's inputs
    expect(await replays('build')).toBe(false);
    // Back as it was, mtime too: build finds it unchanged by size and mtime, as it copies images.
    await writeFile(image, bytes);
    await utimes(image, before.atime, before.mtime);
    await rerecord(['build']);

    expect(await replays('build', { out: 'dist-other' })).toBe(false);
    expect(await replays('build', { 'no-cache': true })).toBe(false);
  });

  it('notices a file removed from dist/ and the clock crossing a release date', async () => {
    const page = join(root, 'dist', 'de', 'index.html');
    const text = await readFile(page, 'utf8');
    await unlink(page);
    expect(await replays('build')).toBe(false);
    const build = await run(['build']);
    expect(build.stdout).toContain('1 written');
    expect(await readFile(page, 'utf8')).toBe(text);

    // The newest release becomes public on its date: a build before that publishes one release less.
    const newest = releases.at(-1)!.slice(releases.at(-1)!.lastIndexOf('/') + 1, releases.at(-1)!.lastIndexOf('/') + 11);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await run(['build', '--now', '2031-01-01T00:00:00Z']);
    expect(await replays('build', { now: '2032-06-01T00:00:00Z' })).toBe(true);
    expect(await replays('build', { now: `${newest}T23:59:59Z` })).toBe(true);
    expect(await replays('build', { now: `${newest}T00:00:00Z` })).toBe(true);
    // The day before its date (start of day in the project's time zone, at most a day apart).
    const before = new Date(Date.parse(`${newest}T00:00:00Z`) - 36 * 3600 * 1000).toISOString();
    expect(await replays('build', { now: before })).toBe(false);
    const earlier = await run(['build', '--now', before]);
    expect(earlier.stdout).toMatch(/[1-9]\d* removed/);
    await run(['build']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await run(['build']);
    expect(await replays('build')).toBe(true);
  });

  it('stamps paths as well as stats', () => {
    const name = releases[0]!.slice(releases[0]!.lastIndexOf('/') + 1);
    const stamp = (...paths: string[]): InputStamp => {
      const result = new InputStamp(root, NOW);
      for (const path of paths) result.add(path);
      return result;
    };
    expect(stamp(`releases/${name}`).matches(stamp(`releases/${name}`).bytes())).toBe(true);
    // The same file (same stat) under another path.
    expect(stamp(`releases/./${name}`).matches(stamp(`releases/${name}`).bytes())).toBe(false);
    expect(stamp('releases/missing.md').matches(stamp('releases/missing2.md').bytes())).toBe(false);
    expect(stamp('releases/missing.md', 'releases/missing2.md').matches(stamp('releases/missing.md').bytes())).toBe(false);
    expect(stamp().matches(stamp().bytes())).toBe(true);
    expect(stamp().matches(Buffer.alloc(3))).toBe(false);
  });

  it('ignores a damaged record', async () => {
    await writeFile(recordPath('extract'), 'garbage');
    const result = await run(['extract']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('all locale files up to date');
    expect(await replays('extract')).toBe(true);
    await writeFile(recordPath('build'), Buffer.alloc(2));
    expect((await run(['build'])).code).toBe(0);
    expect(await replays('build')).toBe(true);
  });
});

/** Size, mtime and inode of every file of the project but the cache: nothing may be written. */
async function snapshotStats(): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.includes('.presslate-cache')) continue;
    const stats = await stat(path);
    result.set(path, `${stats.size}:${stats.mtimeMs}:${stats.ino}`);
  }
  return result;
}
