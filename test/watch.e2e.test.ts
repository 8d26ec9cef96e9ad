import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
// @ts-expect-error -- a plain ES module script without types
import { generateCorpus } from '../scripts/generate-corpus.mjs';
import { main } from '../src/cli/main.js';
import { copySampleProject, REPO, runCli, snapshotTree, spawnCli } from './helpers/project.js';

/** For the test of a save made while build runs: called when build (in this process) has finished. */
const buildHook = vi.hoisted(() => ({ after: undefined as undefined | (() => Promise<void>) }));
vi.mock('../src/cli/build.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/cli/build.js')>();
  return {
    ...real,
    buildCommand: {
      ...real.buildCommand,
      async run(...args: Parameters<typeof real.buildCommand.run>) {
        const code = await real.buildCommand.run(...args);
        await buildHook.after?.();
        return code;
      },
    },
  };
});

/**
 * `presslate watch` as a person uses it: the real CLI in a child process on a copy of the sample
 * project, files saved next to it, and the rounds it reports (`--json`, one line per round).
 */

const NOW = '2026-01-01T00:00:00Z';
const RELEASE = '2018-03-16-growin-konferenz';

interface RoundLine {
  trigger: string[];
  clock?: string;
  seconds: number;
  extract: { code: number; report?: { written: string[] } };
  build?: { code: number; report?: { written: string[]; removed: string[]; nextPublication: string | null } };
}

class Watcher {
  readonly rounds: RoundLine[] = [];
  stderr = '';
  private buffer = '';
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(root: string, args: string[], now: string | null = NOW) {
    this.child = spawn(process.execPath, [join(REPO, 'bin/presslate.js'), 'watch', '--json', ...(now ? ['--now', now] : []), ...args], { cwd: root });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\n'); end >= 0; end = this.buffer.indexOf('\n')) {
        this.rounds.push(JSON.parse(this.buffer.slice(0, end)) as RoundLine);
        this.buffer = this.buffer.slice(end + 1);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** The next round (after `seen` rounds) that `match` accepts; fails after 20 s. */
  async round(seen: number, match: (round: RoundLine) => boolean = () => true): Promise<RoundLine> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = this.rounds.slice(seen).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching round; rounds: ${JSON.stringify(this.rounds)}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('presslate watch', () => {
  let project: Awaited<ReturnType<typeof copySampleProject>>;
  let watcher: Watcher;

  beforeAll(async () => {
    project = await copySampleProject();
    watcher = new Watcher(project.root, []);
    await watcher.round(0);
  }, 30_000);
  afterAll(async () => {
    await watcher.stop();
    await project.dispose();
  });

  test('the first round runs extract and build', () => {
    const first = watcher.rounds[0]!;
    expect(first.trigger).toEqual([]);
    expect(first.extract.code).toBe(0);
    expect(first.build?.code).toBe(0);
    expect(first.build?.report?.written.length).toBeGreaterThan(0);
  });

  test('a saved German paragraph reaches the locale files and dist/ in one round, and those writes start no other round', async () => {
    const file = join(project.root, 'releases', `${RELEASE}.md`);
    const text = await readFile(file, 'utf8');
    const seen = watcher.rounds.length;
    const paragraph = text.split('\n\n').findIndex((part, index) => index > 0 && /^[A-ZÄÖÜ]/.test(part));
    const parts = text.split('\n\n');
    parts[paragraph] = `${parts[paragraph]} Neu gesagt in einem Test.`;
    await writeFile(file, parts.join('\n\n'));
    const round = await watcher.round(seen, (r) => r.trigger.includes(`releases/${RELEASE}.md`));
    expect(round.extract.report?.written.sort()).toEqual(['da', 'en', 'fr', 'nl'].map((lng) => `locales/${lng}/${RELEASE}.yaml`));
    expect(await readFile(join(project.root, 'dist/de', `${RELEASE}.md`), 'utf8')).toContain('Neu gesagt in einem Test.');
    // The locale files extract wrote are the process's own writes, not a change to react to.
    await pause(800);
    expect(watcher.rounds.slice(seen).filter((r) => r.trigger.some((t) => t.startsWith('locales/')))).toEqual([]);
  }, 30_000);

  test('a broken locale file stops the round with nothing written; saving the fix goes on', async () => {
    const file = join(project.root, 'locales/en', `${RELEASE}.yaml`);
    const good = await readFile(file, 'utf8');
    const before = await snapshotTree(join(project.root, 'dist'));
    let seen = watcher.rounds.length;
    // Saved as editors save, whole (a temporary file renamed into place): written in place, a
    // round under load could read the file truncated and empty between the two steps (LOCALE_INVALID).
    await saveWhole(file, `${good}\nbroken: [\n`);
    const failed = await watcher.round(seen, (r) => r.trigger.includes(`locales/en/${RELEASE}.yaml`));
    expect(failed.extract.code).toBe(2);
    expect(failed.build).toBeUndefined();
    expect(watcher.stderr).toMatch(new RegExp(`locales/en/${RELEASE}\\.yaml:\\d+:\\d+ error LOCALE_YAML`));
    expect(await snapshotTree(join(project.root, 'dist'))).toEqual(before);
    seen = watcher.rounds.length;
    await saveWhole(file, good);
    const fixed = await watcher.round(seen, (r) => r.trigger.includes(`locales/en/${RELEASE}.yaml`));
    expect(fixed.extract.code).toBe(0);
    expect(fixed.build?.code).toBe(0);
  }, 30_000);

  test('a file saved in a folder made while watching is seen', async () => {
    const images = join(project.root, 'images');
    const some = (await snapshotTree(images)).keys().next().value as string | undefined;
    const seen = watcher.rounds.length;
    await mkdir(join(images, 'neu/unter'), { recursive: true });
    await pause(300);
    if (some) await copyFile(join(images, some), join(images, 'neu/unter/bild.jpg'));
    else await writeFile(join(images, 'neu/unter/bild.jpg'), 'x');
    await watcher.round(seen, (r) => r.trigger.includes('images/neu/unter/bild.jpg') || r.trigger.includes('images/neu/unter/'));
  }, 30_000);

  test('what watch leaves in dist/ is what a cold build gives', async () => {
    await pause(300);
    const copy = await copySampleProject();
    try {
      for (const folder of ['releases', 'locales', 'images']) await cp(join(project.root, folder), join(copy.root, folder), { recursive: true, force: true });
      const cold = await runCli(copy.root, ['build', '--no-cache', '--now', NOW]);
      expect(cold.code).toBe(0);
      expect(await snapshotTree(join(project.root, 'dist'))).toEqual(await snapshotTree(join(copy.root, 'dist')));
    } finally {
      await copy.dispose();
    }
  }, 30_000);

  test('Ctrl-C stops it with exit code 0', async () => {
    expect(await watcher.stop()).toBe(0);
  });
});

describe('presslate watch and the build cache', () => {
  test('its records reach the disk once it is idle and when it stops: a build in another terminal then has nothing to render', async () => {
    const project = await copySampleProject();
    const watcher = new Watcher(project.root, []);
    try {
      await watcher.round(0);
      const file = join(project.root, 'releases', `${RELEASE}.md`);
      const text = await readFile(file, 'utf8');
      const edit = async (words: string): Promise<void> => {
        const parts = text.split('\n\n');
        const paragraph = parts.findIndex((part, index) => index > 0 && /^[A-ZÄÖÜ]/.test(part));
        parts[paragraph] = `${parts[paragraph]} ${words}`;
        const seen = watcher.rounds.length;
        await writeFile(file, parts.join('\n\n'));
        expect((await watcher.round(seen, (r) => r.trigger.includes(`releases/${RELEASE}.md`))).build?.code).toBe(0);
      };
      const buildElsewhere = async (): Promise<{ rendered: string[]; written: string[] }> => {
        const result = await spawnCli(project.root, ['build', '--json', '--now', NOW]);
        expect(result.code).toBe(0);
        return JSON.parse(result.stdout) as { rendered: string[]; written: string[] };
      };

      await edit('Zum ersten Mal geändert.');
      await pause(1600);
      // Idle for a second: the round's records are on disk. With those of the round before, this
      // build would render the edited release again to find out what it holds.
      expect(await buildElsewhere()).toMatchObject({ rendered: [], written: [] });

      await edit('Zum zweiten Mal geändert.');
      expect(await watcher.stop()).toBe(0);
      expect(await buildElsewhere()).toMatchObject({ rendered: [], written: [] });
    } finally {
      await watcher.stop();
      await project.dispose();
    }
  }, 60_000);
});

describe('presslate watch on the clock (no --now)', () => {
  test('publishes a release when its embargo ends, without a save', async () => {
    const project = await copySampleProject();
    const watcherRef: { current?: Watcher } = {};
    try {
      // Five to six seconds from now, on a whole second, as people write embargoes: after the
      // first round (about 1 s here) even on a slow, loaded machine.
      const at = new Date(Math.ceil((Date.now() + 5000) / 1000) * 1000);
      const embargo = at.toISOString().replace('.000Z', 'Z');
      const id = `${embargo.slice(0, 10)}-sperrfrist`;
      await writeFile(
        join(project.root, 'releases', `${id}.md`),
        `---\ntitle: Meldung mit Sperrfrist\ndate: ${embargo.slice(0, 10)}\nembargo: ${embargo}\n---\n\nDer Text erscheint erst nach der Sperrfrist.\n`,
      );
      const watcher = (watcherRef.current = new Watcher(project.root, [], null));
      const first = await watcher.round(0);
      expect(first.build?.report?.nextPublication).toBe(at.toISOString());
      await expect(readFile(join(project.root, 'dist/de', `${id}.html`), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
      const timed = await watcher.round(1, (round) => round.clock !== undefined);
      expect(timed).toMatchObject({ trigger: [], clock: at.toISOString() });
      expect(await readFile(join(project.root, 'dist/de', `${id}.html`), 'utf8')).toContain('Der Text erscheint erst nach der Sperrfrist.');
      expect(timed.build?.report?.nextPublication).toBeNull();
    } finally {
      await watcherRef.current?.stop();
      await project.dispose();
    }
  }, 30_000);
});

describe('presslate watch refuses to start', () => {
  test('with a bad --now, as build does (exit 2)', async () => {
    const project = await copySampleProject();
    try {
      const result = await spawnCli(project.root, ['watch', '--now', 'soon']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--now "soon" is not an ISO 8601 date-time');
    } finally {
      await project.dispose();
    }
  });

  test('outside a project (exit 2)', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'presslate-no-project-'));
    try {
      const result = await spawnCli(empty, ['watch']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('NO_PROJECT');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('presslate watch stopped during its first round', () => {
  test('finishes the round (every locale file written, no temporary file left) and exits with 0', async () => {
    // Twenty releases without locale files: the first round's extract stages 80 files.
    const root = await mkdtemp(join(tmpdir(), 'presslate-watch-first-'));
    try {
      generateCorpus({ n: 20, seed: 3, out: root, locales: false });
      const watcher = new Watcher(root, []);
      const en = join(root, 'locales/en');
      // Ctrl-C while extract's temporary files are there, between its staging and its renames.
      for (;;) {
        const names = await readdir(en).catch(() => [] as string[]);
        if (names.some((name) => name.endsWith('.tmp')) || watcher.rounds.length > 0) break;
        await pause(2);
      }
      expect(await watcher.stop()).toBe(0);
      expect(watcher.rounds).toHaveLength(1);
      for (const lng of ['da', 'en', 'nl', 'fr']) {
        const names = await readdir(join(root, 'locales', lng));
        expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
        expect(names.filter((name) => name.endsWith('.yaml') && name !== 'common.yaml')).toHaveLength(20);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('presslate watch when the project folder goes', () => {
  test('moved away: it says so and stops with exit code 2, instead of watching a folder no save reaches', async () => {
    const project = await copySampleProject();
    const moved = `${project.root}-moved`;
    const watcher = new Watcher(project.root, []);
    try {
      await watcher.round(0);
      await rename(project.root, moved);
      expect(await watcher.exited).toBe(2);
      expect(watcher.stderr).toContain(`the project folder ${project.root} was moved, renamed or removed; watch stopped`);
    } finally {
      await watcher.stop('SIGKILL');
      await rm(moved, { recursive: true, force: true });
      await project.dispose();
    }
  }, 30_000);
});

describe('presslate watch when presslate.config.yaml goes', () => {
  test('a round without it writes nothing, and not into a project in a folder above (which extract and build would find)', async () => {
    const outer = await copySampleProject({ locales: false });
    const inner = join(outer.root, 'sub');
    await mkdir(inner);
    for (const entry of ['presslate.config.yaml', 'releases', 'locales']) await cp(join(REPO, entry), join(inner, entry), { recursive: true });
    const watcher = new Watcher(inner, []);
    try {
      await watcher.round(0);
      await rm(join(inner, 'presslate.config.yaml'));
      const round = await watcher.round(1, (r) => r.trigger.includes('presslate.config.yaml'));
      expect(round.extract.code).toBe(2);
      expect(round.build).toBeUndefined();
      expect(watcher.stderr).toContain(`presslate.config.yaml error NO_PROJECT is no longer in ${inner}`);
      // The outer project has no locale files and no output, as before.
      await expect(stat(join(outer.root, 'locales'))).rejects.toThrow();
      await expect(stat(join(outer.root, 'dist'))).rejects.toThrow();
      expect(await watcher.stop()).toBe(0);
    } finally {
      await watcher.stop('SIGKILL');
      await outer.dispose();
    }
  }, 30_000);
});

interface InProcessRound {
  trigger: string[];
  build?: { code: number };
}

/**
 * watch run in this test's process (build.js mocked, see buildHook), so that a save can be made at
 * a known point of a round; `until` waits for a condition, `stop` sends SIGHUP and gives the exit code.
 */
function watchInProcess(root: string) {
  const lines: InProcessRound[] = [];
  const output = { stderr: '' };
  let over = false;
  const stopped = main({
    argv: ['watch', '--json', '--now', NOW],
    cwd: root,
    stdout: { write: (text: string) => lines.push(...text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as InProcessRound)) },
    stderr: { write: (text: string) => (output.stderr += text) },
    now: () => Date.parse(NOW),
  });
  return {
    lines,
    output,
    until: async (done: () => boolean): Promise<void> => {
      while (!done() && !over) await pause(10);
    },
    stop: (): Promise<number> => {
      over = true;
      buildHook.after = undefined;
      process.emit('SIGHUP');
      return stopped;
    },
  };
}

describe('presslate watch and a translator saving while build runs', () => {
  test('the save is a change, not taken for the locale file extract wrote in that round: the next round builds it', async () => {
    const project = await copySampleProject();
    // watch in this process, so that the save can be made at a known point: after build.
    const watch = watchInProcess(project.root);
    try {
      await watch.until(() => watch.lines.length >= 1);
      const localeFile = join(project.root, 'locales/en', `${RELEASE}.yaml`);
      buildHook.after = async () => {
        buildHook.after = undefined;
        await writeFile(localeFile, `${await readFile(localeFile, 'utf8')}# checked by the translator\n`);
      };
      const release = join(project.root, 'releases', `${RELEASE}.md`);
      await writeFile(release, `${await readFile(release, 'utf8')}\nEin neuer Absatz.\n`);
      await watch.until(() => watch.lines.some((line) => line.trigger.includes(`locales/en/${RELEASE}.yaml`)));
    } finally {
      expect(await watch.stop()).toBe(0);
      await project.dispose();
    }
  }, 30_000);
});

describe('presslate watch and an internal error in a round', () => {
  test('the round is reported (exit code 70 for that command) and watch goes on, the first round too', async () => {
    const project = await copySampleProject();
    buildHook.after = () => Promise.reject(new Error('a bug in build'));
    const watch = watchInProcess(project.root);
    try {
      await watch.until(() => watch.lines.length >= 1);
      expect(watch.lines[0]!.build?.code).toBe(70);
      expect(watch.output.stderr).toContain('presslate build: internal error');
      buildHook.after = undefined;
      const release = join(project.root, 'releases', `${RELEASE}.md`);
      await writeFile(release, `${await readFile(release, 'utf8')}\nEin neuer Absatz.\n`);
      await watch.until(() => watch.lines.length >= 2);
      expect(watch.lines[1]!.build?.code).toBe(0);
    } finally {
      expect(await watch.stop()).toBe(0);
      await project.dispose();
    }
  }, 30_000);
});

/** Writes `text` to `file` as a whole: a temporary file outside the watched project, renamed into place. */
async function saveWhole(file: string, text: string): Promise<void> {
  const temporary = join(tmpdir(), `presslate-save-${process.pid}-${Math.random().toString(36).slice(2)}`);
  await writeFile(temporary, text);
  await rename(temporary, file);
}
