import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { copySampleProject, REPO, runCli, snapshotTree } from './helpers/project.js';

/**
 * Ctrl-C (SIGINT) or SIGTERM while a command moves its files into place. The signal is sent by
 * the command's own process at a chosen file-system call (a preloaded script wraps `fs`), so the
 * moment is exact: no sleeps. The command must finish the write it is in — every locale file of
 * the run, or dist/ whole — and then end with that signal.
 */
const PRELOAD = `
const fs = require('node:fs');
const [call, part, signal] = process.env.PRESSLATE_TEST_SIGNAL_AT.split('|');
const real = fs[call];
let sent = false;
fs[call] = function (...args) {
  const result = real.apply(this, args);
  if (!sent && String(args[0]).includes(part)) {
    sent = true;
    process.kill(process.pid, signal);
  }
  return result;
};
`;

const RELEASE = '2018-03-16-growin-konferenz';

function runWithSignal(root: string, argv: string[], at: string): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--require', join(root, 'signal-preload.cjs'), join(REPO, 'bin/presslate.js'), ...argv], {
    cwd: root,
    env: { ...process.env, PRESSLATE_TEST_SIGNAL_AT: at, PRESSLATE_WORKERS: '0' },
    encoding: 'utf8',
  });
  return { status: result.status, signal: result.signal, stderr: result.stderr };
}

test.runIf(process.platform !== 'win32')('extract interrupted while staging or renaming its locale files writes all of them, leaves no .tmp file, then ends with the signal', async () => {
  const reference = await copySampleProject();
  const projects: { dispose(): Promise<void> }[] = [reference];
  try {
    const edit = async (root: string): Promise<void> => {
      const file = join(root, 'releases', `${RELEASE}.md`);
      await writeFile(file, `${await readFile(file, 'utf8')}\nEin neuer Absatz am Ende.\n`);
    };
    await edit(reference.root);
    expect((await runCli(reference.root, ['extract', '--root', reference.root])).code).toBe(0);
    const expected = await snapshotTree(join(reference.root, 'locales'));
    for (const at of ['writeFileSync|/locales/|SIGTERM', 'renameSync|/locales/|SIGINT']) {
      const project = await copySampleProject();
      projects.push(project);
      await writeFile(join(project.root, 'signal-preload.cjs'), PRELOAD);
      await edit(project.root);
      const result = runWithSignal(project.root, ['extract'], at);
      expect(result.signal, result.stderr).toBe(at.split('|')[2]);
      const locales = await snapshotTree(join(project.root, 'locales'));
      expect([...locales.keys()].filter((path) => !path.endsWith('.yaml'))).toEqual([]);
      expect(locales).toEqual(expected);
    }
  } finally {
    for (const project of projects) await project.dispose();
  }
});

test.runIf(process.platform !== 'win32')('a build interrupted while it moves its pages into dist/ leaves dist/ whole: the new build everywhere', async () => {
  const project = await copySampleProject();
  const reference = await copySampleProject();
  try {
    await writeFile(join(project.root, 'signal-preload.cjs'), PRELOAD);
    const now = ['--now', '2030-01-01T00:00:00Z'];
    for (const root of [project.root, reference.root]) {
      expect((await runCli(root, ['build', ...now, '--root', root])).code).toBe(0);
      // A title edited: its pages, the index pages and the feeds change.
      const file = join(root, 'locales', 'en', `${RELEASE}.yaml`);
      const text = await readFile(file, 'utf8');
      const edited = text.replace('en: International conference', 'en: Renamed international conference');
      expect(edited).not.toBe(text);
      await writeFile(file, edited);
    }
    expect((await runCli(reference.root, ['build', ...now, '--root', reference.root])).code).toBe(0);
    // The signal comes with the first page moved from the staging folder into dist/.
    const result = runWithSignal(project.root, ['build', ...now], 'renameSync|presslate-staging-|SIGTERM');
    expect(result.signal, result.stderr).toBe('SIGTERM');
    expect(await snapshotTree(join(project.root, 'dist'))).toEqual(await snapshotTree(join(reference.root, 'dist')));
  } finally {
    await project.dispose();
    await reference.dispose();
  }
});

test.runIf(process.platform !== 'win32')('the temporary file of an extract killed outright (SIGKILL) is no warning, and the next run that writes in its folder removes it', async () => {
  const project = await copySampleProject();
  try {
    await writeFile(join(project.root, 'signal-preload.cjs'), PRELOAD);
    const file = join(project.root, 'releases', `${RELEASE}.md`);
    await writeFile(file, `${await readFile(file, 'utf8')}\nEin neuer Absatz am Ende.\n`);
    const killed = runWithSignal(project.root, ['extract'], 'writeFileSync|/locales/en/|SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const leftOver = [...(await snapshotTree(join(project.root, 'locales'))).keys()].filter((path) => path.endsWith('.tmp'));
    expect(leftOver.length).toBeGreaterThan(0);
    // A temporary file of a writer that still runs (here: this test's process) is left alone.
    const busy = join(project.root, 'locales', 'en', `.${RELEASE}.yaml.${process.pid}-0123456789ab.tmp`);
    await writeFile(busy, 'segments: {}\n');
    const result = await runCli(project.root, ['extract', '--root', project.root]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('LOCALE_IGNORED');
    const after = [...(await snapshotTree(join(project.root, 'locales'))).keys()].filter((path) => !path.endsWith('.yaml'));
    expect(after).toEqual([`en/.${RELEASE}.yaml.${process.pid}-0123456789ab.tmp`]);
  } finally {
    await project.dispose();
  }
});
