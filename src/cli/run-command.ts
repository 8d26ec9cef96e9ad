import { parseArgs } from 'node:util';
import { buildCommand } from './build.js';
import { extractCommand } from './extract.js';
import type { Command } from './commands.js';
import { EXIT, UsageError, type CliIo } from './context.js';

/**
 * Runs one command with its arguments (everything after the command name): parses the options,
 * answers `--help`, and turns usage errors into exit code 2 with the command's usage line.
 */
export async function runCommand(command: Command, rest: string[], io: CliIo): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true, tokens: true });
    const twice = repeatedOption(command, args.tokens ?? []);
    if (twice) throw new Error(twice);
  } catch (error) {
    io.stderr.write(`presslate ${command.name}: ${(error as Error).message}\nusage: ${command.usage}\n`);
    return EXIT.badInput;
  }
  if (args.values.help) {
    io.stdout.write(`usage: ${command.usage}\n\n${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args as Parameters<Command['run']>[0], io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`presslate ${command.name}: ${error.message}\nusage: ${command.usage}\n`);
      return EXIT.badInput;
    }
    // atomic-write.ts's ChangedMeanwhileError, told by name: this module loads before that one.
    if ((error as Error | undefined)?.name === 'ChangedMeanwhileError') {
      const { path } = error as Error & { path: string };
      io.stderr.write(
        `presslate ${command.name}: ${path} was saved (by an editor, a CAT tool or another run) after ${command.name} read it; nothing was written, so that save is kept. Run ${command.name} again.\n`,
      );
      return EXIT.badInput;
    }
    const problem = fileSystemProblem(error);
    if (problem) {
      io.stderr.write(`presslate ${command.name}: ${problem}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
}

/**
 * parseArgs keeps the last of an option given twice: `--format json --format sarif` would write
 * SARIF without a word about the JSON asked for first. An option that takes one value and is given
 * two different ones is a usage error; the same value twice is harmless.
 */
function repeatedOption(command: Command, tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>): string | undefined {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== 'option' || command.options[token.name]?.multiple) continue;
    const value = token.value;
    if (seen.has(token.name) && seen.get(token.name) !== value) {
      return `option --${token.name} is given twice (${[seen.get(token.name), value].map((v) => (v === undefined ? `--${token.name}` : `"${v}"`)).join(' and ')}); give it once`;
    }
    seen.set(token.name, value);
  }
  return undefined;
}

/**
 * What the file system refused, in words, for the errors a user can fix (permissions, a full or
 * read-only disk, a folder where a file should be): they are not Presslate's bugs, so they get the
 * path and the fix instead of an "internal error" with a stack trace.
 */
const FILE_SYSTEM_ERRORS: Record<string, string> = {
  EACCES: 'permission denied; check who owns it and its permissions (chmod/chown), or run as its owner',
  EPERM: 'the operation is not permitted (a read-only or immutable file or folder?); check its permissions and attributes',
  EROFS: 'the file system is read-only; run in a writable copy of the project',
  ENOSPC: 'the disk is full; free some space and run again',
  EDQUOT: 'the disk quota is used up; free some space and run again',
  EISDIR: 'it is a folder where a file is expected; rename or remove the folder',
  ENOTDIR: 'a part of the path is a file where a folder is expected; rename or remove that file',
  EEXIST: 'a file already exists where a folder is expected; rename or remove it',
  ENAMETOOLONG: 'the name is too long for the file system; use a shorter name',
  EMFILE: 'too many files are open; raise the limit (ulimit -n) and run again',
  // read-file.ts: a named pipe, socket or device where a file should be (reading one waits for ever).
  EFTYPE: 'it is a named pipe, socket or device, not a regular file; replace it with the file itself',
  // Opening a Unix socket (or a link to one, such as /proc/self/fd/0 when standard input is a
  // socket) fails with ENXIO before read-file.ts can look at what it is; so does opening a named
  // pipe for writing that no program reads (export --out, check --sarif: atomic-write.ts).
  ENXIO: 'it is a socket or a device that cannot be opened as a file, or a named pipe no program reads; replace it with a regular file, or start the program that reads the pipe first',
  ELOOP: 'a symbolic link there leads back to itself (a loop of links); remove the link or point it at a real file or folder',
  // A file listed and then not found: removed or renamed while the command ran (a save, watch
  // racing a checkout), or a name that is not UTF-8 (Node lists it with U+FFFD and cannot open
  // that name).
  ENOENT:
    'it is not there: it was removed or renamed while the command ran, or its name is not UTF-8 text (the characters shown as \uFFFD), which cannot be opened by that name; give it a UTF-8 name, or run the command again',
};

export function fileSystemProblem(error: unknown): string | undefined {
  const { code, path, dest, syscall, nothingWritten } = (error ?? {}) as NodeJS.ErrnoException & { dest?: string; nothingWritten?: boolean };
  const fix = code === undefined ? undefined : FILE_SYSTEM_ERRORS[code];
  if (!fix) return undefined;
  // A rename (an atomic write's last step) fails for its destination, which is the file meant.
  const where = dest ? `${syscall ?? 'rename'} to ${dest}` : `${syscall ?? 'use'} ${path ?? 'a file'}`;
  const written = nothingWritten ? 'Nothing was written' : 'Files written before the error are complete';
  return `cannot ${where} (${code}): ${fix}. ${written}; run the command again once it is fixed.`;
}

/**
 * Commands whose modules import only light code at the top and load the pipeline (remark, yaml,
 * i18next) when they have work: `run` starts them without running the other commands' modules,
 * so that an extract or build with nothing to do starts in a few tens of milliseconds (see
 * "Start-up" in README.md). Imported statically: they and the no-change check run when the
 * bundle starts, everything else when first imported.
 */
export const LIGHT_COMMANDS: Record<string, Command> = { extract: extractCommand, build: buildCommand };
