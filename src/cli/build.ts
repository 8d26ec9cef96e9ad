import { lstatSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors } from '../core/diagnostic.js';
import { COMMON_OPTIONS, type Command } from './commands.js';
import { EXIT, printDiagnostics, resolveNow, UsageError } from './context.js';
import { startRun, type CommandRun } from './last-run.js';
import { realPath } from './output-file.js';
import type { Project } from '../io/project.js';
import { heldLine } from '../core/run-report.js';
import { CACHE_FOLDER } from '../io/input-stamp.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'merge reviewed translations and write dist/ (pages and feeds per language)',
  usage: 'presslate build [--strict] [--now <date-time>] [--out <folder>] [--json] [--no-cache] [--root <folder>]',
  help: `Writes, for German and for every language in which a release passes the publish gate (all
segments reviewed, or translated if publish.require is translated): dist/<lng>/<release>.md and .html,
dist/<lng>/feed.xml (RSS 2.0), atom.xml (Atom 1.0), feed.json (JSON Feed 1.1) and index.html, plus
dist/feeds.opml, dist/index.html and the images the releases use. A release held in a language
appears nowhere in that language's output; a release under embargo or dated in the future appears
nowhere yet. Same inputs, byte-identical output.

Options:
  --strict           exit 1 when a release due in a language is held (for CI)
  --now <date-time>  judge embargoes at this moment instead of the clock
  --out <folder>     output folder (default: dist); an existing one other than dist must hold
                     nothing but what build writes (it removes every other file there)
  --json             print what was written and the publish state as JSON
  --no-cache         ignore and do not update the build cache (.presslate-cache/)
  --root <folder>    project folder

Exit codes: 0 built, 1 --strict and a release is held, 2 bad input (nothing is written then).`,
  options: {
    ...COMMON_OPTIONS,
    strict: { type: 'boolean' },
    now: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    'no-cache': { type: 'boolean' },
  },
  async run({ values }, cliIo) {
    // Nothing changed since a build that changed nothing: print its report (last-run.ts) before
    // loading anything else — the project, the cache, this command's modules.
    const start = await startRun('build', values, cliIo);
    if ('replayed' in start) return start.replayed;
    const { run } = start;
    const { io } = run;
    // Only what changed since the last build is parsed, rendered and written (see
    // io/incremental-build.ts); the pipeline's libraries load only when there is such work.
    const [{ openProject }, { buildProject }, { lockOutput, waitingLine }] = await Promise.all([
      import('./open-project.js'),
      import('../io/incremental-build.js'),
      import('../io/output-lock.js'),
    ]);
    const project = await openProject(io, values.root as string | undefined, { cache: !values['no-cache'] });
    if (!project) return EXIT.badInput;
    const now = resolveNow(io, values.now as string | undefined);
    const out = outputFolder(project.root, (values.out as string | undefined) ?? 'dist', [project.config.sourceLanguage, ...project.config.targetLanguages], () =>
      lastOutput(project.cache?.readState<{ out?: unknown }>('build-summary')),
    );
    // One build at a time per output folder (io/output-lock.ts), taken before any input is statted.
    const lock = await lockOutput(out, { onWait: (holder, path) => io.stderr.write(`${waitingLine(holder, path)}\n`) });
    try {
      return await buildInto(project, { now, out }, values, run, buildProject);
    } finally {
      lock.release();
    }
  },
};

/** The build proper, once the output folder's lock is held. */
async function buildInto(
  project: Project,
  options: { now: number; out: string },
  values: Record<string, unknown>,
  run: CommandRun,
  buildProject: typeof import('../io/incremental-build.js').buildProject,
): Promise<number> {
  const { io } = run;
  const { out } = options;
  // Inputs statted before the build reads any (the stamp a replay is checked against).
  run.listInputs(project.config.targetLanguages);
  project.cache?.useStats((file) => run.statOf(file));
  if (run.listing) project.listing = run.listing;
  const output = await buildProject(project, options);
  if (hasErrors(output.inputDiagnostics)) {
    printDiagnostics(io, output.inputDiagnostics);
    io.stderr.write('build: nothing was written; fix the errors above and run it again.\n');
    return EXIT.badInput;
  }
  printDiagnostics(io, [...output.inputDiagnostics, ...output.diagnostics]);
  const { written, removed, rendered } = output;
  const { held } = output;
  if (values.json) {
    const next = output.nextPublication === undefined ? undefined : new Date(output.nextPublication);
    const nextPublication = next && Number.isFinite(next.getTime()) ? next.toISOString() : null;
    io.stdout.write(`${JSON.stringify({ written, removed, rendered, held: held.map((s) => ({ release: s.release, lng: s.lng, reasons: s.reasons })), nextPublication }, null, 2)}\n`);
  } else {
    for (const state of held) io.stderr.write(`${heldLine(state)}\n`);
    io.stdout.write(`build: ${output.fileCount} file(s) in ${out}; ${written.length} written, ${removed.length} removed, ${held.length} release-language pair(s) held.\n`);
  }
  const code = values.strict && held.length > 0 ? EXIT.problems : EXIT.ok;
  // A build that changed nothing prints the same for the same inputs, clock and dist/: the next may replay it.
  const { unchanged } = output;
  run.finish(code, project, { changedNothing: unchanged !== undefined, ...(unchanged ? { build: { out, ...unchanged } } : {}) });
  return code;
}

/**
 * Folders of the project that hold something other than build output: sources and translations,
 * the build cache (its records and the no-change records; its name is fixed, see io/input-stamp.ts)
 * and, where Presslate is run from a checkout (as the sample project is), the compiled CLI in
 * `lib/` (with V8's code cache, `lib/.code-cache/`) and its launcher in `bin/`.
 */
const PROTECTED = ['releases', 'locales', 'images', 'src', 'node_modules', '.git', '.github', 'scripts', 'test', CACHE_FOLDER, 'lib', 'bin'];

/**
 * The folder Presslate itself runs from: the parent of `lib/` when running the bundle
 * (lib/cli.cjs), the checkout when running the sources (tests). Its `lib/` and `bin/` are the
 * running CLI, wherever the project is.
 */
function presslateFolder(): string {
  const here = new URL('.', import.meta.url);
  return fileURLToPath(new URL(here.pathname.endsWith('/lib/') ? '..' : '../..', here));
}

/**
 * Build owns its output folder and removes stale files from it, so the folder must never hold
 * anything else: not the project itself, an ancestor, a folder of sources and translations, the
 * build cache, or the running Presslate (`installation`, the folder of its `lib/` and `bin/`).
 * `real` maps a path to where it really is (symbolic links resolved): a link to the project or
 * to `releases/` is that folder, and a folder that contains where a linked `releases/` (or
 * `.presslate-cache/`) really is would hold it.
 */
export function unsafeOutputFolder(
  root: string,
  out: string,
  real: (path: string) => string = (path) => path,
  installation: string = presslateFolder(),
): string | undefined {
  const inside = (folder: string, path: string): boolean => {
    const rel = relative(folder, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const realOut = real(out);
  const realRoot = real(root);
  if (inside(out, root) || inside(realOut, realRoot)) return 'is the project folder or contains it';
  for (const name of PROTECTED) {
    if (inside(join(root, name), out) || inside(real(join(root, name)), realOut) || inside(join(realRoot, name), realOut)) return `is inside ${name}/`;
    if (inside(realOut, real(join(root, name)))) return `contains ${name}/ (a symbolic link to ${real(join(root, name))})`;
  }
  const realInstallation = real(installation);
  if (inside(out, installation) || inside(realOut, realInstallation)) return `contains Presslate itself (${installation})`;
  for (const name of ['lib', 'bin']) {
    if (inside(join(installation, name), out) || inside(join(realInstallation, name), realOut)) return `is inside Presslate's own ${name}/ (${join(realInstallation, name)})`;
  }
  return undefined;
}

/**
 * The output folder for `--out` as it really is (symbolic links resolved, so the staging folder
 * sits next to it on the same file system), refused with a usage error when it is unsafe
 * ({@link unsafeOutputFolder}), a file, or when a folder build writes into (a language's, the
 * images') is a symbolic link: writing through it would put pages among the sources.
 */
export function outputFolder(root: string, option: string, languages: readonly string[], lastOut: () => string | undefined = () => undefined): string {
  const out = resolve(root, option);
  const refuse = (why: string): never => {
    throw new UsageError(`--out ${option} ${why}`);
  };
  const unsafe = unsafeOutputFolder(root, out, realPath);
  if (unsafe) refuse(`${unsafe}; build removes every file there that it did not produce: choose a folder of its own, such as dist`);
  const realOut = realPath(out);
  const existing = statOrNone(realOut);
  if (existing && !existing.isDirectory()) refuse('is a file, not a folder; choose a folder (it is created when missing)');
  for (let folder = dirname(realOut); !existing; folder = dirname(folder)) {
    const ancestor = statOrNone(folder);
    if (ancestor && !ancestor.isDirectory()) refuse(`cannot be created: ${folder} is a file`);
    if (ancestor || dirname(folder) === folder) break;
  }
  for (const name of [...languages, 'images']) {
    if (lstatSync(join(realOut, name), { throwIfNoEntry: false })?.isSymbolicLink()) {
      refuse(`holds ${name}/ as a symbolic link; build writes and removes files in it, so it must be a real folder: remove the link`);
    }
  }
  // A folder of someone's (`--out ~/Desktop`): build would remove every file in it. `dist/` is
  // build's by convention, and a folder the last build wrote to is known; any other must hold
  // nothing at its top but what build writes there (hidden files aside).
  if (existing && realOut !== realPath(resolve(root, 'dist')) && realOut !== lastOut()) {
    const foreign = foreignEntries(realOut, languages);
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
      refuse(`holds ${shown}, which build did not write; build removes every file in its output folder that it did not produce: choose a new or empty folder`);
    }
  }
  return realOut;
}

/** The output folder a build summary names, if any. */
export function lastOutput(summary: { out?: unknown } | undefined): string | undefined {
  return typeof summary?.out === 'string' ? summary.out : undefined;
}

/** The entries at the top of `folder` that are not what build writes there (hidden ones aside). */
function foreignEntries(folder: string, languages: readonly string[]): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !entry.name.startsWith('.'))
    .filter((entry) => !(entry.isFile() && SITE_FILES.has(entry.name)) && !(entry.isDirectory() && (entry.name === 'images' || languages.includes(entry.name))))
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort();
}

/** The files build writes at the top of its output folder (see site-files.ts). */
const SITE_FILES = new Set(['index.html', 'feeds.opml']);

/** The stat of `path`, or undefined when it is missing (or a file stands where a folder would be). */
function statOrNone(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
