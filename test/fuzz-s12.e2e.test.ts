import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { copySampleProject, runCli } from './helpers/project.js';
import { keepOnlyReleases, snapshotProject } from './helpers/project-copies.js';

/**
 * Inputs found by the twelfth session's fuzzing that crashed or hung a command, or broke the
 * bad-input rule (a message with the file, the line and the fix; exit code 2; nothing written).
 */

const RELEASE = '2018-03-16-growin-konferenz';

let root: string;
let dispose: () => Promise<void>;

beforeEach(async () => {
  ({ root, dispose } = await copySampleProject());
  await keepOnlyReleases(root, [RELEASE]);
});
afterEach(async () => {
  await dispose();
});

/** Replaces a project file with a named pipe (nobody ever writes into it). */
async function makeFifo(file: string): Promise<void> {
  await rm(join(root, file), { force: true });
  execFileSync('mkfifo', [join(root, file)]);
}

describe('a named pipe where a file should be is refused, not waited on for ever', () => {
  const cases: { file: string; argv: string[] }[] = [
    { file: 'presslate.config.yaml', argv: ['status'] },
    { file: 'locales/glossary.yaml', argv: ['check'] },
    { file: 'locales/en/common.yaml', argv: ['build', '--now', '2030-01-01T00:00:00Z'] },
    { file: `locales/en/${RELEASE}.yaml`, argv: ['extract'] },
  ];
  for (const { file, argv } of cases) {
    test(`${file} a FIFO: ${argv[0]} exits with 2 and names it`, async () => {
      await makeFifo(file);
      const before = await snapshotProject(root);
      const { code, stderr } = await runCli(root, argv);
      expect(code).toBe(2);
      expect(stderr).toContain(file);
      expect(stderr).toMatch(/named pipe/);
      expect(await snapshotProject(root)).toEqual(before);
    }, 15_000);
  }

  test('a locale file that is a FIFO is named as one, not as a misspelt name', async () => {
    await makeFifo(`locales/en/${RELEASE}.yaml`);
    const { stderr } = await runCli(root, ['build', '--now', '2030-01-01T00:00:00Z']);
    expect(stderr).toContain(`locales/en/${RELEASE}.yaml warning LOCALE_IGNORED is a named pipe`);
  }, 15_000);

  test('import of a FIFO is refused', async () => {
    execFileSync('mkfifo', [join(root, 'x.en.po')]);
    const { code, stderr } = await runCli(root, ['import', 'x.en.po']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/x\.en\.po.*named pipe/);
  }, 15_000);
});
