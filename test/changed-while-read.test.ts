import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copySampleProject, runCli, snapshotTree } from './helpers/project.js';

/**
 * A file saved while a command runs, after the command took its hash from the stat index (the
 * stat was the one the index knew) and before it read the file's text. The read is where the
 * save lands: `save` runs right before the first read of a file whose path ends in `path`.
 */
const hook = vi.hoisted(() => ({ path: undefined as string | undefined, save: undefined as undefined | (() => void) }));
vi.mock('../src/io/read-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/io/read-file.js')>();
  const before = (path: string): void => {
    if (hook.save && hook.path && path.endsWith(hook.path)) {
      const save = hook.save;
      hook.save = undefined;
      save();
    }
  };
  function readFileNamedSync(path: string): Buffer;
  function readFileNamedSync(path: string, encoding: 'utf8'): string;
  function readFileNamedSync(path: string, encoding?: 'utf8'): Buffer | string {
    before(path);
    return encoding ? real.readFileNamedSync(path, encoding) : real.readFileNamedSync(path);
  }
  return { ...real, readFileNamedSync };
});

const RELEASE = '2018-03-16-growin-konferenz';
const NOW = Date.parse('2026-01-01T00:00:00Z');

async function run(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(root, [...argv, '--root', root], NOW);
  if (result.code !== 0) throw new Error(`presslate ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** Past the racy window (RACY_MS) of the files just copied, so that the stat index vouches for them. */
const pastRacyWindow = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1100));

async function expectSameAsCold(work: string): Promise<void> {
  const cold = await mkdtemp(join(tmpdir(), 'presslate-cold-'));
  try {
    for (const part of ['presslate.config.yaml', 'releases', 'locales']) await cp(join(work, part), join(cold, part), { recursive: true });
    await run(cold, ['extract', '--no-cache']);
    await run(cold, ['build', '--no-cache']);
    expect(await snapshotTree(join(cold, 'locales'))).toEqual(await snapshotTree(join(work, 'locales')));
    expect(await snapshotTree(join(cold, 'dist'))).toEqual(await snapshotTree(join(work, 'dist')));
  } finally {
    await rm(cold, { recursive: true, force: true });
  }
}

/** Runs `test` in a copy of the sample project, past the racy window of its files; the hook unset after. */
async function inSampleProject(test: (root: string) => Promise<void>): Promise<void> {
  const { root, dispose } = await copySampleProject();
  try {
    await pastRacyWindow();
    await test(root);
  } finally {
    hook.save = undefined;
    await dispose();
  }
}

describe('a file saved while a command reads it, and then saved back', () => {
  it('build: the pages of what it was saved back to, not of the save in between', () =>
    inSampleProject(async (root) => {
      await run(root, ['extract']);
      await run(root, ['build']);
      const english = join(root, 'locales', 'en', `${RELEASE}.yaml`);
      const before = await readFile(english, 'utf8');
      const page = join(root, 'dist', 'en', `${RELEASE}.md`);
      expect(await readFile(page, 'utf8')).toContain('GrowIn');
      // The Danish file edited: the release is rendered again, and its English file (as the index
      // knows it) is read while rendering — where a translator's save lands.
      const danish = join(root, 'locales', 'da', `${RELEASE}.yaml`);
      await writeFile(danish, `${await readFile(danish, 'utf8')}# a note\n`);
      hook.path = `en/${RELEASE}.yaml`;
      hook.save = () => writeFileSync(english, before.replaceAll('GrowIn', 'GrowOut'));
      await run(root, ['build']);
      expect(hook.save).toBeUndefined();
      // The save undone: the pages are those of the file as it is.
      await writeFile(english, before);
      await run(root, ['extract']);
      await run(root, ['build']);
      expect(await readFile(page, 'utf8')).not.toContain('GrowOut');
      await expectSameAsCold(root);
    }));

  it('build: the UI texts of a common.yaml saved while it is read are not stored under its hash before the save', () =>
    inSampleProject(async (root) => {
      await run(root, ['extract']);
      await run(root, ['build']);
      const common = join(root, 'locales', 'en', 'common.yaml');
      const page = join(root, 'dist', 'en', `${RELEASE}.html`);
      // An edit of the UI texts: the build reads them (its record of them is keyed by their hash),
      // and a save lands right before the read.
      const edited = (await readFile(common, 'utf8')).replace('allReleases: All press releases', 'allReleases: Every press release');
      await writeFile(common, edited);
      await pastRacyWindow();
      hook.path = 'en/common.yaml';
      hook.save = () => writeFileSync(common, edited.replace('Every press release', 'Each and every release'));
      await run(root, ['build']);
      expect(hook.save).toBeUndefined();
      expect(await readFile(page, 'utf8')).toContain('Each and every release');
      // The save undone: the texts of the file as it is.
      await writeFile(common, edited);
      await run(root, ['build']);
      expect(await readFile(page, 'utf8')).toContain('Every press release');
      expect(await readFile(page, 'utf8')).not.toContain('Each and every release');
      await expectSameAsCold(root);
    }));

  it('extract: locale files found up to date while they held a save are checked again once that save is undone', async () => {
    const { root, dispose } = await copySampleProject();
    const scratch = await mkdtemp(join(tmpdir(), 'presslate-scratch-'));
    const languages = ['da', 'en', 'nl', 'fr'];
    try {
      await pastRacyWindow();
      await run(root, ['extract']);
      const files = languages.map((lng) => join(root, 'locales', lng, `${RELEASE}.yaml`));
      const before = await Promise.all(files.map((file) => readFile(file, 'utf8')));
      // The German edited: the locale files are out of date. What extract makes of them:
      const source = join(root, 'releases', `${RELEASE}.md`);
      const german = await readFile(source, 'utf8');
      const paragraph = german.split('\n\n').find((part) => /^[A-ZÄÖÜ][^\n]+\.$/.test(part))!;
      await writeFile(source, german.replace(paragraph, `${paragraph} Ein neuer Satz.`));
      for (const part of ['presslate.config.yaml', 'releases', 'locales']) await cp(join(root, part), join(scratch, part), { recursive: true });
      await run(scratch, ['extract', '--no-cache']);
      const updated = await Promise.all(languages.map((lng) => readFile(join(scratch, 'locales', lng, `${RELEASE}.yaml`), 'utf8')));
      expect(updated).not.toEqual(before);
      // Saved as extract makes them (another run's extract) while this extract checks them, which
      // it does from the stat index's hashes: found up to date, nothing written.
      hook.path = `da/${RELEASE}.yaml`;
      hook.save = () => files.forEach((file, index) => writeFileSync(file, updated[index]!));
      await run(root, ['extract']);
      expect(hook.save).toBeUndefined();
      // Those saves undone (the files as they were): out of date again, and extract brings them up to date.
      await Promise.all(files.map((file, index) => writeFile(file, before[index]!)));
      await run(root, ['extract']);
      expect(await Promise.all(files.map((file) => readFile(file, 'utf8')))).toEqual(updated);
      await run(root, ['build']);
      await expectSameAsCold(root);
    } finally {
      hook.save = undefined;
      await rm(scratch, { recursive: true, force: true });
      await dispose();
    }
  });
});
