import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers/project.js';

/**
 * lib/load.cjs (src/loader/load-bundle.ts) runs a bundle with V8's code cache. Each load runs in
 * a fresh process, as the CLI does: a cache is only ever taken by a new V8.
 */
describe('code cache loader', () => {
  let folder: string;
  const load = (): { answer: number; codeCache: string } =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', `const b = require(${JSON.stringify(join(folder, 'load.cjs'))}).loadBundle('demo', 'run'); console.log(JSON.stringify({ answer: b.exports.answer(), codeCache: b.codeCache })); b.saveCodeCache();`], {
        encoding: 'utf8',
      }),
    );
  const caches = (): string[] => readdirSync(join(folder, '.code-cache')).sort();

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'presslate-loader-'));
    await build({
      absWorkingDir: REPO,
      entryPoints: { load: 'src/loader/load-bundle.ts' },
      define: { __PRESSLATE_BUNDLES__: JSON.stringify({ demo: 'hash1' }) },
      outdir: folder,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    });
    writeFileSync(join(folder, 'demo.cjs'), `'use strict';\nconst { join } = require('node:path');\nexports.answer = () => join('a', 'b').length * 14;\n`);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs the bundle, writes a cache, and uses it the next time', () => {
    expect(load()).toEqual({ answer: 42, codeCache: 'none' });
    const [file] = caches();
    expect(file).toMatch(new RegExp(`^demo-run-hash1-${process.version}-${process.arch}-[0-9a-f]{8}\\.bin$`));
    expect(load()).toEqual({ answer: 42, codeCache: 'used' });
  });

  it('runs a bundle whose cache is corrupt as without one, and writes a good one', () => {
    const [file] = caches();
    const path = join(folder, '.code-cache', file!);
    const bytes = readFileSync(path);
    bytes.fill(7, 8);
    writeFileSync(path, bytes);
    expect(load()).toEqual({ answer: 42, codeCache: 'rejected' });
    expect(load()).toEqual({ answer: 42, codeCache: 'used' });
    writeFileSync(path, 'not a cache');
    expect(load().answer).toBe(42);
  });

  it('runs a bundle whose cache has bytes changed behind an intact header as without one', () => {
    // V8 checks a cache's header (version, flags, source length, payload length) but, in release
    // builds, not its payload's checksum: changed payload bytes crashed the process (SIGSEGV,
    // V8 fatal errors) or ran wrong code, at every start until the file was deleted.
    expect(load().answer).toBe(42);
    expect(load().codeCache).toBe('used');
    const [file] = caches();
    const path = join(folder, '.code-cache', file!);
    const bytes = readFileSync(path);
    for (let index = bytes.length >> 1; index < bytes.length; index++) bytes[index]! ^= 0x5a;
    writeFileSync(path, bytes);
    expect(load()).toEqual({ answer: 42, codeCache: 'rejected' });
    expect(load()).toEqual({ answer: 42, codeCache: 'used' });
  });

  it('does not use the cache of a bundle changed since (same length, another time)', () => {
    expect(load().codeCache).toBe('used');
    const path = join(folder, 'demo.cjs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('* 14', '* 15'));
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    expect(load()).toEqual({ answer: 45, codeCache: 'none' });
    writeFileSync(path, readFileSync(path, 'utf8').replace('* 15', '* 14'));
    expect(load()).toEqual({ answer: 42, codeCache: 'none' });
    expect(load()).toEqual({ answer: 42, codeCache: 'used' });
  });

  it('removes the caches of earlier builds of the bundle, and keeps those of other bundles', () => {
    const stale = `demo-run-hash0-${process.version}-${process.arch}-00000000.bin`;
    const other = `worker-run-hash9-${process.version}-${process.arch}-00000000.bin`;
    for (const name of [stale, other]) writeFileSync(join(folder, '.code-cache', name), 'old');
    for (const name of caches().filter((entry) => entry.includes('hash1'))) rmSync(join(folder, '.code-cache', name));
    load(); // no cache: writes one, and prunes
    expect(caches()).not.toContain(stale);
    expect(caches()).toContain(other);
  });

  it('removes temporary files of runs killed between write and rename when it next writes a cache, and only then', () => {
    // A pid that ran and is gone (the next process is unlikely to get it before the test ends).
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).trim());
    const livePid = process.pid; // this test's own process: a writer still busy
    const current = caches().find((entry) => entry.endsWith('.bin') && entry.includes('hash1'))!;
    const temporary = (base: string, pid: number): string => `${base}.${pid}.tmp`;
    const deadWriter = temporary(current, deadPid);
    const otherBundle = temporary(`worker-run-hash9-${process.version}-${process.arch}-00000000.bin`, deadPid);
    const busyWriter = temporary(current.replace(/-[0-9a-f]{8}\.bin$/, '-11111111.bin'), livePid);
    const oldBusy = temporary(current.replace(/-[0-9a-f]{8}\.bin$/, '-22222222.bin'), livePid);
    for (const name of [deadWriter, otherBundle, busyWriter, oldBusy]) writeFileSync(join(folder, '.code-cache', name), 'half a cache');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(join(folder, '.code-cache', oldBusy), hourAgo, hourAgo);
    // A run that uses the cache writes none, and touches nothing.
    expect(load().codeCache).toBe('used');
    expect(caches()).toEqual(expect.arrayContaining([deadWriter, otherBundle, busyWriter, oldBusy]));
    // A run that writes the cache removes what no writer will rename any more, and keeps the busy writer's file.
    rmSync(join(folder, '.code-cache', current));
    expect(load().codeCache).toBe('none');
    expect(caches()).toContain(current);
    expect(caches()).toContain(busyWriter);
    for (const name of [deadWriter, otherBundle, oldBusy]) expect(caches()).not.toContain(name);
    expect(caches().filter((entry) => entry.endsWith('.tmp'))).toEqual([busyWriter]);
    rmSync(join(folder, '.code-cache', busyWriter));
  });

  it('runs when no cache can be written (a file where the folder should be)', () => {
    rmSync(join(folder, '.code-cache'), { recursive: true, force: true });
    writeFileSync(join(folder, '.code-cache'), 'in the way');
    expect(load()).toEqual({ answer: 42, codeCache: 'none' });
    expect(load()).toEqual({ answer: 42, codeCache: 'none' });
    rmSync(join(folder, '.code-cache'));
  });
});
