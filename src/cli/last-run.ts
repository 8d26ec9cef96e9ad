import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE } from '../core/config-file.js';
import { CACHE_FOLDER, InputStamp, stampBuildInputs, stampExtractInputs, type FolderListing } from '../io/input-stamp.js';
import { OutputManifest, type Unchanged } from '../io/output-manifest.js';
import { readFileNamedSync } from '../io/read-file.js';
import { resolveNow, type CliIo } from './context.js';

/**
 * The no-change check of `extract` and `build` ("Performance and the build cache" in README.md).
 *
 * A run that changed no file — no locale file written, nothing written to or removed from `dist/`
 * — is recorded in `.presslate-cache/last-<command>.bin`: what it printed and its exit code, with
 * the stamp of its inputs (input-stamp.ts: the stat of the config file and of every input), the
 * Presslate build id, the configuration text, and the command's options and project root. For
 * `build` also the stamps of the folders of `dist/` after it and the moments between which the same
 * releases are public (BuildResult.unchanged in build-records.ts).
 *
 * When the next run of the command has all of these the same, it prints the recorded output and
 * exits with the recorded code: its inputs, configuration, code and output folder are those of a
 * run whose result they determined, and which changed nothing. This runs before anything else
 * loads — the command's modules, the cache (and node:crypto), the project — and reads the config
 * and this one record: a run with nothing to do costs Node's start-up, a stat per input, and
 * little else (no stat index, no whole-project state to parse).
 *
 * Everything else falls through to the command as before (with its content-hash cache), which
 * records its run for the next time when it changed nothing. `--no-cache` neither replays nor records.
 */

declare const __PRESSLATE_BUILD_ID__: string | undefined;

const FORMAT = 1;

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** What `build` records besides the output: its output folder and what BuildResult.unchanged says. */
export interface BuildEvidence extends Unchanged {
  out: string;
}

/** The header of a record; the input stamp's bytes follow it. */
interface LastRun {
  format: number;
  buildId: string;
  configText: string;
  /** Command, project root and options (but `--now`), as `keyOf` spells them. */
  key: string;
  targetLanguages: string[];
  build?: BuildEvidence;
  code: number;
  /** What the run wrote, in order: 1 stdout, 2 stderr. */
  output: [1 | 2, string][];
}

type Command = 'extract' | 'build';

/**
 * Starts `extract` or `build`: replays the last run when nothing changed since (the exit code is
 * returned), else returns the run to go on with.
 */
export async function startRun(command: Command, values: Values, io: CliIo): Promise<{ replayed: number } | { run: CommandRun }> {
  if (values['no-cache']) return { run: new CommandRun(command, io) };
  const root = findRoot(resolve(io.cwd, (values.root as string | undefined) ?? '.'));
  if (!root) return { run: new CommandRun(command, io) };
  const blocked = cacheBlocked(root);
  if (blocked) {
    // The cache is an optimization: a file where its folder belongs stopped extract and build
    // (ENOTDIR, exit 2). Run as with --no-cache, which gives the same output, and say why once.
    io.stderr.write(
      `${command}: warning: ${CACHE_FOLDER} ${blocked}, so the build cache is not used (the output is the same, only slower); remove or rename it to get the cache back.\n`,
    );
    values['no-cache'] = true;
    return { run: new CommandRun(command, io) };
  }
  // The config file's stat comes first and before its text is read: a config that changes while
  // the command runs makes the stamp differ next time. The clock tells recently modified files
  // (racy) from the others.
  const stamp = new InputStamp(root, io.now());
  stamp.add(CONFIG_FILE);
  let configText: string;
  try {
    configText = readFileNamedSync(join(root, CONFIG_FILE), 'utf8');
  } catch {
    return { run: new CommandRun(command, io) };
  }
  const buildId =
    typeof __PRESSLATE_BUILD_ID__ === 'string' ? __PRESSLATE_BUILD_ID__ : (await import('../io/build-id.js')).buildId(); // run from source: tests
  const context: RunContext = { root, stamp, configText, buildId, key: keyOf(command, root, values) };
  const run = new CommandRun(command, io, context);

  const last = readLastRun(root, command);
  if (!last || last.record.buildId !== buildId || last.record.configText !== configText || last.record.key !== context.key) {
    // No replay: in a cold run the threads start now, while the command reads its inputs.
    (await import('../io/workers.js')).prestartIfCold(root, context, `${command}-state`);
    return { run };
  }
  const { record } = last;
  // Stats of the inputs the record's configuration (this one) names; the run goes on with them.
  run.listInputs(record.targetLanguages);
  if (!stamp.matches(last.stamp)) return { run };
  if (command === 'build') {
    const build = record.build;
    if (!build) return { run };
    let now: number;
    try {
      now = resolveNow(io, values.now as string | undefined);
    } catch {
      return { run }; // The command reports a bad --now.
    }
    if ((build.from !== null && now < build.from) || (build.until !== null && now >= build.until)) return { run };
    if (!new OutputManifest(build.out, () => ({}), build.folders).unchanged()) return { run };
  }
  for (const [stream, text] of record.output) (stream === 1 ? io.stdout : io.stderr).write(text);
  return { replayed: record.code };
}

interface RunContext {
  root: string;
  /** Started before anything of the project was read: the config file, then the inputs. */
  stamp: InputStamp;
  configText: string;
  buildId: string;
  key: string;
}

/** A run of `extract` or `build` that was not replayed: it lists its inputs here and records itself. */
export class CommandRun {
  /** The command's streams: written through, and kept to be recorded. */
  readonly io: CliIo;
  private readonly command: Command;
  private readonly context: RunContext | undefined;
  private readonly output: [1 | 2, string][] = [];
  /** The target languages whose inputs are in the stamp, and extract's lists of them. */
  private listed: { targetLanguages: readonly string[]; files?: { releaseFiles: string[]; localeLists: string[][] } } | undefined;

  constructor(command: Command, io: CliIo, context?: RunContext) {
    this.command = command;
    this.context = context;
    const keep = (stream: 1 | 2, target: CliIo['stdout']): CliIo['stdout'] => ({
      write: (text: string) => {
        this.output.push([stream, text]);
        return target.write(text);
      },
    });
    this.io = context ? { ...io, stdout: keep(1, io.stdout), stderr: keep(2, io.stderr) } : io;
  }

  /** The folders the stamp listed (see InputStamp.listing); undefined without a stamp. */
  get listing(): FolderListing | undefined {
    return this.context?.stamp.listing;
  }

  /** What the stamp saw of an input (see InputStamp.statOf); undefined without a stamp. */
  statOf(file: string): { size: number; mtimeMs: number; ctimeMs: number; ino: number } | null | undefined {
    return this.context?.stamp.statOf(file);
  }

  /**
   * Lists and stats the inputs for this configuration's target languages; call it before reading any
   * input. Returns extract's lists (undefined without the cache: the command lists them itself).
   */
  listInputs(targetLanguages: readonly string[]): { releaseFiles: string[]; localeLists: string[][] } | undefined {
    if (!this.context) return undefined;
    if (this.listed) {
      if (sameList(this.listed.targetLanguages, targetLanguages)) return this.listed.files;
      // Cannot happen (same config text, same code); the stamp would be of other files.
      this.context.stamp.trusted = false;
      return undefined;
    }
    if (this.command === 'build') {
      stampBuildInputs(this.context.stamp, targetLanguages);
      this.listed = { targetLanguages };
      return undefined;
    }
    this.listed = { targetLanguages, files: stampExtractInputs(this.context.stamp, targetLanguages) };
    return this.listed.files;
  }

  /**
   * Records the run when it changed no file and could be replayed (see the top of this module):
   * `changedNothing` for extract, `build` (BuildResult.unchanged with the output folder) for build.
   */
  finish(code: number, project: { root: string }, outcome: { changedNothing: boolean; build?: BuildEvidence }): void {
    const { context, listed } = this;
    if (!context || !listed || !context.stamp.trusted || !outcome.changedNothing) return;
    if ((code !== 0 && code !== 1) || project.root !== context.root) return;
    if (this.command === 'build' && !outcome.build) return;
    const record: LastRun = {
      format: FORMAT,
      buildId: context.buildId,
      configText: context.configText,
      key: context.key,
      targetLanguages: [...listed.targetLanguages],
      code,
      output: this.output,
    };
    if (outcome.build) record.build = outcome.build;
    writeLastRun(context.root, this.command, record, context.stamp.bytes());
  }
}

/** The command, project root and options that decide what a run prints (`--now` is checked apart). */
function keyOf(command: Command, root: string, values: Values): string {
  const options = Object.keys(values)
    .filter((name) => name !== 'now' && values[name] !== undefined)
    .sort()
    .map((name) => [name, values[name]]);
  return JSON.stringify([command, root, options]);
}

/** findProjectRoot (project.ts), which is not imported: that module loads the cache and node:crypto. */
function findRoot(start: string): string | undefined {
  let folder = start;
  for (;;) {
    if (existsSync(join(folder, CONFIG_FILE))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Why the cache folder cannot be one (a file, or a link to nothing or to a file), or undefined. */
function cacheBlocked(root: string): string | undefined {
  const path = join(root, CACHE_FOLDER);
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch {
    return undefined; // absent: made when first written
  }
  try {
    return statSync(path).isDirectory() ? undefined : 'is a file, not a folder';
  } catch {
    return link.isSymbolicLink() ? 'is a link to nothing' : 'cannot be read';
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function recordPath(root: string, command: Command): string {
  return join(root, CACHE_FOLDER, `last-${command}.bin`);
}

/**
 * Reads a record: a 4-byte length, the header (JSON), the stamp's bytes. Binary rather than JSON
 * so that the stamp (some hundred kilobytes) is compared as it is read, without parsing it.
 * Anything missing, truncated or of another format is no record.
 */
function readLastRun(root: string, command: Command): { record: LastRun; stamp: Buffer } | undefined {
  try {
    const bytes = readFileSync(recordPath(root, command));
    const length = bytes.readUInt32LE(0);
    if (4 + length > bytes.length) return undefined;
    const record = JSON.parse(bytes.toString('utf8', 4, 4 + length)) as LastRun;
    if (
      record?.format !== FORMAT ||
      typeof record.code !== 'number' ||
      !Array.isArray(record.output) ||
      !Array.isArray(record.targetLanguages) ||
      (command === 'build' && (typeof record.build?.out !== 'string' || typeof record.build.folders !== 'object' || record.build.folders === null))
    ) {
      return undefined;
    }
    return { record, stamp: bytes.subarray(4 + length) };
  } catch {
    return undefined;
  }
}

/** Writes a record atomically (temporary file + rename); a failure is not an error (see record-file.ts). */
function writeLastRun(root: string, command: Command, record: LastRun, stamp: Buffer): void {
  const path = recordPath(root, command);
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const header = Buffer.from(JSON.stringify(record));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, Buffer.concat([length, header, stamp]));
    renameSync(temporary, path);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing to clean up.
    }
  }
}
