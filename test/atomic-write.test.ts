import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ChangedMeanwhileError, writeFilesTogether } from '../src/io/atomic-write.js';

/**
 * writeFilesTogether's check that a locale file is still what the command read: a translator who
 * saves while extract, import or pretranslate runs keeps that save.
 */

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'presslate-atomic-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('files still as they were read are written', async () => {
  await writeFile(join(folder, 'a.yaml'), '\uFEFFa: 1\n');
  const written = await writeFilesTogether(
    [
      { path: join(folder, 'a.yaml'), content: 'a: 2\n', basedOn: 'a: 1\n' }, // read without its byte order mark
      { path: join(folder, 'b.yaml'), content: 'b: 1\n', basedOn: null },
    ],
    { keepBom: true },
  );
  expect(written).toHaveLength(2);
  expect(await readFile(join(folder, 'a.yaml'), 'utf8')).toBe('\uFEFFa: 2\n');
  expect(await readFile(join(folder, 'b.yaml'), 'utf8')).toBe('b: 1\n');
});

test('a file saved after it was read stops the whole write, and keeps that save', async () => {
  await writeFile(join(folder, 'a.yaml'), 'a: 1\n');
  await writeFile(join(folder, 'b.yaml'), 'b: saved by a translator\n');
  const attempt = writeFilesTogether([
    { path: join(folder, 'a.yaml'), content: 'a: 2\n', basedOn: 'a: 1\n' },
    { path: join(folder, 'b.yaml'), content: 'b: 2\n', basedOn: 'b: 1\n' },
  ]);
  await expect(attempt).rejects.toBeInstanceOf(ChangedMeanwhileError);
  await expect(attempt).rejects.toMatchObject({ path: join(folder, 'b.yaml'), nothingWritten: true });
  expect(await readFile(join(folder, 'a.yaml'), 'utf8')).toBe('a: 1\n');
  expect(await readFile(join(folder, 'b.yaml'), 'utf8')).toBe('b: saved by a translator\n');
  expect((await readdir(folder)).sort()).toEqual(['a.yaml', 'b.yaml']); // no temporary file left
});

test('a file that appeared after the command found none is not replaced', async () => {
  await writeFile(join(folder, 'new.yaml'), 'made by hand meanwhile\n');
  await expect(writeFilesTogether([{ path: join(folder, 'new.yaml'), content: 'x: 1\n', basedOn: null }])).rejects.toBeInstanceOf(ChangedMeanwhileError);
  expect(await readFile(join(folder, 'new.yaml'), 'utf8')).toBe('made by hand meanwhile\n');
});

test('a file removed after it was read is not written back', async () => {
  await expect(writeFilesTogether([{ path: join(folder, 'gone.yaml'), content: 'x: 1\n', basedOn: 'x: 0\n' }])).rejects.toBeInstanceOf(ChangedMeanwhileError);
  expect(await readdir(folder)).toEqual([]);
});

test('a command stopped by it says which file and what to do, exit code 2', async () => {
  const { runCommand } = await import('../src/cli/run-command.js');
  let stderr = '';
  const code = await runCommand(
    {
      name: 'extract',
      summary: '',
      usage: 'presslate extract',
      help: '',
      options: {},
      run: () => Promise.reject(new ChangedMeanwhileError('/p/locales/en/x.yaml')),
    },
    [],
    { argv: [], cwd: folder, stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) }, now: () => 0 },
  );
  expect(code).toBe(2);
  expect(stderr).toBe(
    'presslate extract: /p/locales/en/x.yaml was saved (by an editor, a CAT tool or another run) after extract read it; nothing was written, so that save is kept. Run extract again.\n',
  );
});
