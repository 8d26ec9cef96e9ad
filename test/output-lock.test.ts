import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { lockOutput, lockPathOf, waitingLine, type LockHolder } from '../src/io/output-lock.js';
import { copySampleProject, runCli, snapshotTree } from './helpers/project.js';

let folder: string;
let out: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'presslate-lock-'));
  out = join(folder, 'dist');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const lockText = (holder: Partial<LockHolder>): string => `${JSON.stringify({ command: 'build', host: hostname(), ...holder })}\n`;
const settled = async (promise: Promise<unknown>, ms = 150): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return done;
};

describe('lockOutput', () => {
  test('holds a lock file next to the output folder while held, and removes it when released', async () => {
    const lock = await lockOutput(out);
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8'))).toEqual({ pid: process.pid, host: hostname(), command: 'build' });
    lock.release();
    lock.release();
    expect(readdirSync(folder)).toEqual([]);
  });

  test('a second lock waits while a running process holds it, and is taken once it is released', async () => {
    const first = await lockOutput(out, { pid: 4242, runs: () => true });
    const waits: LockHolder[] = [];
    const second = lockOutput(out, { pollMs: 5, runs: () => true, onWait: (holder) => waits.push(holder) });
    expect(await settled(second)).toBe(false);
    expect(waits).toEqual([{ pid: 4242, host: hostname(), command: 'build' }]);
    first.release();
    const lock = await second;
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8')).pid).toBe(process.pid);
    expect(waits).toHaveLength(1);
    lock.release();
    expect(readdirSync(folder)).toEqual([]);
  });

  test('a lock whose process no longer runs is taken over at once, without waiting', async () => {
    writeFileSync(lockPathOf(out), lockText({ pid: 999_999 }));
    let waited = false;
    const lock = await lockOutput(out, { runs: (pid) => pid !== 999_999, onWait: () => (waited = true) });
    expect(waited).toBe(false);
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(folder)).toEqual([]);
  });

  test('a lock this process holds is waited for by another run in it', async () => {
    const first = await lockOutput(out);
    const second = lockOutput(out, { pollMs: 5 });
    expect(await settled(second)).toBe(false);
    first.release();
    (await second).release();
    expect(readdirSync(folder)).toEqual([]);
  });

  test("a lock left under this process's own id (a killed run's id reused) is taken over", async () => {
    writeFileSync(lockPathOf(out), lockText({ pid: process.pid }));
    const lock = await lockOutput(out, { runs: () => true, onWait: () => expect.unreachable() });
    lock.release();
    expect(existsSync(lockPathOf(out))).toBe(false);
  });

  test("another host's lock is waited for, and the message names the file to remove", async () => {
    writeFileSync(lockPathOf(out), lockText({ pid: 12, host: 'elsewhere' }));
    const messages: string[] = [];
    const lock = lockOutput(out, { pollMs: 5, runs: () => false, onWait: (holder, path) => messages.push(waitingLine(holder, path)) });
    expect(await settled(lock)).toBe(false);
    expect(messages).toEqual([`build: waiting for the build running as process 12 on elsewhere to finish writing to the same folder; if it no longer runs there, remove ${lockPathOf(out)}.`]);
    rmSync(lockPathOf(out));
    (await lock).release();
  });

  test('a lock file Presslate did not write whole is removed after one more try, without a message', async () => {
    writeFileSync(lockPathOf(out), '');
    let waited = false;
    const lock = await lockOutput(out, { pollMs: 5, onWait: () => (waited = true) });
    expect(waited).toBe(false);
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  test('release leaves a lock that is no longer its own', async () => {
    const lock = await lockOutput(out);
    const other = lockText({ pid: 77 });
    writeFileSync(lockPathOf(out), other);
    lock.release();
    expect(readFileSync(lockPathOf(out), 'utf8')).toBe(other);
    expect(readdirSync(folder)).toEqual(['dist.presslate-lock']);
  });

  test('where no lock file can be made (no parent folder yet), the run goes on without one and creates nothing', async () => {
    const deep = join(folder, 'a', 'b', 'dist');
    const lock = await lockOutput(deep);
    lock.release();
    expect(readdirSync(folder)).toEqual([]);
  });

  test('the waiting line names the process on this host', () => {
    expect(waitingLine({ pid: 5, host: hostname(), command: 'build' }, '/x/dist.presslate-lock')).toBe('build: waiting for the build running as process 5 to finish writing to the same folder.');
  });
});

describe('build and the output lock', () => {
  test('a build waits while a running build holds the lock of dist/, then builds and leaves no lock', async () => {
    const project = await copySampleProject();
    const holder = spawn('sleep', ['60']);
    try {
      const lockFile = join(project.root, 'dist.presslate-lock');
      writeFileSync(lockFile, lockText({ pid: holder.pid! }));
      const build = runCli(project.root, ['build', '--now', '2030-01-01T00:00:00Z']);
      expect(await settled(build, 400)).toBe(false);
      expect(existsSync(join(project.root, 'dist'))).toBe(false);
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill();
      await exited;
      const { code, stderr } = await build;
      expect(code).toBe(0);
      expect(stderr).toContain(`build: waiting for the build running as process ${holder.pid} to finish writing to the same folder.`);
      expect(existsSync(lockFile)).toBe(false);
      expect(existsSync(join(project.root, 'dist', 'index.html'))).toBe(true);
    } finally {
      holder.kill();
      await project.dispose();
    }
  });

  test('two builds started together give the same dist/ as one build alone', async () => {
    const alone = await copySampleProject();
    const together = await copySampleProject();
    try {
      const argv = ['build', '--now', '2030-01-01T00:00:00Z'];
      expect((await runCli(alone.root, argv)).code).toBe(0);
      const [a, b] = await Promise.all([runCli(together.root, argv), runCli(together.root, argv)]);
      expect([a.code, b.code]).toEqual([0, 0]);
      // One of them (in this process, so under the same process id) waited for the other.
      expect([a.stderr, b.stderr].filter((text) => text.includes(`running as process ${process.pid} to finish`))).toHaveLength(1);
      expect(await snapshotTree(join(together.root, 'dist'))).toEqual(await snapshotTree(join(alone.root, 'dist')));
      expect(readdirSync(together.root).filter((name) => name.startsWith('dist.'))).toEqual([]);
    } finally {
      await alone.dispose();
      await together.dispose();
    }
  });
});
