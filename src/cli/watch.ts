import { existsSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CONFIG_FILE } from '../core/config-file.js';
import { diagnostic } from '../core/diagnostic.js';
import { describeRound, heldKey, newlyHeld, roundJson, type BuildReport, type ExtractReport, type Round } from '../core/run-report.js';
import { collectGarbage, collectGarbageAbove } from '../io/collect-garbage.js';
import { flushWholeRecords, keepWholeRecords } from '../io/whole-records.js';
import { WatchedFolders } from '../io/watch-folders.js';
import { buildCommand, lastOutput, outputFolder } from './build.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics, resolveNow, type CliIo } from './context.js';
import { extractCommand } from './extract.js';
import { openProject } from './open-project.js';
import { RoundScheduler } from './round-scheduler.js';
import { runCommand } from './run-command.js';

/** Used heap above which a round collects garbage between extract and build (see round). */
const LARGE_HEAP = 128 * 1024 * 1024;

export const watchCommand: Command = {
  name: 'watch',
  summary: 'run extract + build now and after every change to releases, locale files, images or the config',
  usage: 'presslate watch [--now <date-time>] [--out <folder>] [--json] [--no-cache] [--root <folder>]',
  help: `Runs extract and then build, as the two commands do, and again whenever a file in releases/,
locales/ or images/, or presslate.config.yaml, is saved, added, renamed or removed. Only what changed
is read and written (the build cache), and the process stays warm, so a saved paragraph is in dist/
within about a second: for writing a release or a translation with the output open.

Each round prints one line (and the locale files it updated). A round that meets bad input writes
nothing and prints the errors; fix the file and save again, watch goes on. Locale files extract
writes do not start another round. Stop with Ctrl-C.

Options:
  --now <date-time>  judge embargoes at this moment instead of the clock; without it, watch also
                     runs a round when a release's embargo (or future date) comes
  --out <folder>     output folder (default: dist)
  --json             one line of JSON per round: trigger, seconds, each command's exit code and report
  --no-cache         no build cache (each round does all the work)
  --root <folder>    project folder

Exit codes: 0 stopped (Ctrl-C), 2 no project or bad usage, or the project folder was moved or
removed while watching.`,
  options: {
    ...COMMON_OPTIONS,
    now: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    'no-cache': { type: 'boolean' },
  },
  async run({ values }, io) {
    const project = await openProject(io, values.root as string | undefined);
    if (!project) return EXIT.badInput;
    // Rounds share the whole-project records of the cache in memory instead of reading and writing
    // them whole in each command (whole-records.ts KeptRecord).
    keepWholeRecords();
    const { root } = project;
    const shared = ['--json', '--root', root, ...(values['no-cache'] ? ['--no-cache'] : [])];
    const buildArgs = [...shared, ...(values.now ? ['--now', values.now as string] : []), ...(values.out ? ['--out', values.out as string] : [])];
    // A bad --now or --out stops watch at once (usage error, exit 2), as it stops build.
    resolveNow(io, values.now as string | undefined);
    const out = outputFolder(root, (values.out as string | undefined) ?? 'dist', [project.config.sourceLanguage, ...project.config.targetLanguages], () =>
      lastOutput(project.cache?.readState<{ out?: unknown }>('build-summary')),
    );

    let held = new Set<string>();
    let stop: (code: number) => void = () => {};
    // The rounds' whole-project cache records reach the disk once watch has been idle for
    // IDLE_MS after a round, and when it stops (whole-records.ts KeptRecord): at 10,000 releases they take
    // about a second to write, which a save during that second would wait for, while the next
    // round reads them from memory anyway.
    let idle: NodeJS.Timeout | undefined;
    const flush = (): void => {
      clearTimeout(idle);
      idle = undefined;
      // Not into a project folder that was moved or removed (the writes would make it again).
      if (existsSync(join(root, CONFIG_FILE))) flushWholeRecords();
    };
    const scheduler: RoundScheduler = new RoundScheduler({
      round: (trigger, clock) => {
        clearTimeout(idle);
        return round(trigger, clock)
          .catch((error: unknown) => {
            io.stderr.write(`presslate watch: internal error — please report it with what you saved\n${(error as Error).stack ?? String(error)}\n`);
          })
          .finally(() => {
            // Between rounds the process holds nothing but the watchers and the kept records: give
            // the memory back now, after the round's line is out, rather than in the middle of the
            // next round.
            collectGarbage();
            idle = setTimeout(flush, IDLE_MS);
            idle.unref();
          });
      },
      mayStart: () => {
        if (!folders.rootGone()) return true;
        // Its watchers follow the folder wherever it went; rounds would find no project.
        io.stderr.write(`presslate watch: the project folder ${root} was moved, renamed or removed; watch stopped. Start it again in the project folder.\n`);
        stop(EXIT.badInput);
        return false;
      },
      isOwnWrite: (file) => folders.isOwnWrite(file),
      now: () => io.now(),
    });
    const folders = new WatchedFolders(
      root,
      (file) => scheduler.changed(file),
      (message) => io.stderr.write(`watch: warning: ${message}\n`),
    );
    // dist/ removed while watching is built again, as a cold build would make it.
    const outName = relative(realpathSync(root), out);
    folders.watchOutput(outName !== '' && !outName.includes(sep) && outName !== '..' ? outName : undefined);

    const round = async (trigger: string[], clock: string | undefined): Promise<void> => {
      const started = performance.now();
      // extract and build look for presslate.config.yaml above --root too: with this project's
      // config deleted or renamed, they would run on a project in a folder above and write its
      // locale files and output. A round without the config is a round that meets bad input.
      const configGone = !existsSync(join(root, CONFIG_FILE));
      if (configGone) {
        printDiagnostics(io, [
          diagnostic('NO_PROJECT', 'error', CONFIG_FILE, `is no longer in ${root}, the project watch runs in: nothing was read or written`, {
            hint: 'restore the file (or undo its rename); the save that brings it back starts the next round',
          }),
        ]);
      }
      const extract = configGone ? { code: EXIT.badInput } : await runJson<ExtractReport>(extractCommand, shared, io);
      // The locale files extract wrote, as it wrote them: stamped now, not after build, or a
      // translator's save during build would be taken for extract's own write and start no round.
      folders.wrote(extract.report?.written ?? []);
      // What extract left (a whole project's state at 10,000 releases is some 100 MB) goes before
      // build allocates its own: without this a long-running watch held both, twice the memory of
      // the two commands run apart. Below that size the collection would only add to the round.
      if (extract.report) collectGarbageAbove(LARGE_HEAP);
      const build = extract.report ? await runJson<BuildReport>(buildCommand, buildArgs, io) : undefined;
      // A folder made during the round had no watcher: what was saved in it gets the next round.
      for (const folder of folders.sync()) scheduler.note(`${folder}/`);
      // Without --now, a round when the next release under embargo (or dated in the future)
      // becomes public, as build reports it: the preview shows it then, not at the next save.
      if (build?.report && !values.now) scheduler.at(build.report.nextPublication);
      const result: Round = { trigger, ...(clock ? { clock } : {}), seconds: (performance.now() - started) / 1000, extract, ...(build ? { build } : {}) };
      if (values.json) {
        io.stdout.write(`${roundJson(result)}\n`);
        return;
      }
      if (build?.report) {
        for (const entry of newlyHeld(held, build.report.held)) io.stderr.write(`${entry.line}\n`);
        held = new Set(build.report.held.map(heldKey));
      }
      for (const line of describeRound(result, timeOfDay(io.now()))) io.stdout.write(`${line}\n`);
    };

    // Ctrl-C (or a service manager's TERM, or the terminal closing: HUP) lets a running round
    // finish, the first one too: killed between its staging and its renames, extract would leave
    // hundreds of `.tmp` files in locales/ (each then a LOCALE_IGNORED warning) and only part of
    // its locale files written. So the handlers are there before the first round starts.
    let stopping = false;
    const stopped = new Promise<number>((resolve) => {
      const onSignal = (): void => stop(EXIT.ok);
      stop = (code) => {
        if (stopping) return;
        stopping = true;
        folders.close();
        for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
        void scheduler.stop().then(() => {
          flush();
          if (!values.json) io.stdout.write('watch: stopped.\n');
          resolve(code);
        });
      };
      for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    });

    folders.sync();
    await scheduler.runNow();
    if (!values.json && !stopping) io.stdout.write(`watch: watching ${describeFolders(folders.folders())} in ${root}; Ctrl-C stops.\n`);
    return await stopped;
  },
};

/** How long watch waits after a round, with no other round started, before it writes the cache's records. */
const IDLE_MS = 1000;

/** The signals that stop watch once the running round has finished. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs a command with `--json`: its exit code, and its report when it ended with 0. Its diagnostics go to stderr as usual. */
async function runJson<T>(command: Command, args: string[], io: CliIo): Promise<{ code: number; report?: T }> {
  let out = '';
  try {
    const code = await runCommand(command, args, { ...io, argv: [command.name, ...args], stdout: { write: (text: string) => (out += text) } });
    return code === EXIT.ok || code === EXIT.problems ? { code, report: JSON.parse(out) as T } : { code };
  } catch (error) {
    // A bug, said as the command would say it (exit code 70); the round is still reported, and
    // watch goes on: in the first round, the exception would have left its watchers open and the
    // process running without a word on standard output.
    io.stderr.write(`presslate ${command.name}: internal error — please report it with what you saved\n${(error as Error)?.stack ?? String(error)}\n`);
    return { code: INTERNAL_ERROR };
  }
}

/** The exit code of an internal error (bin/presslate.js, run.ts). */
const INTERNAL_ERROR = 70;

function describeFolders(folders: readonly string[]): string {
  const top = [...new Set(folders.filter((folder) => folder !== '').map((folder) => `${folder.split('/')[0]}/`))];
  return top.length === 0 ? 'the project folder' : top.join(', ');
}

/** HH:MM:SS in the machine's time zone: when the round ended, for the terminal only. */
function timeOfDay(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}
