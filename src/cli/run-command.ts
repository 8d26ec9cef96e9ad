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
    args = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
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
    throw error;
  }
}

/**
 * Commands whose modules import only light code at the top and load the pipeline (remark, yaml,
 * i18next) when they have work: `run` starts them without loading the other commands, so that an
 * extract or build with nothing to do starts in a few tens of milliseconds (see
 * "Performance and the build cache" in README.md). Imported statically: the bundle then keeps
 * them and the no-change check in one shared chunk, and loading each further chunk costs about
 * as much as statting a hundred files.
 */
export const LIGHT_COMMANDS: Record<string, Command> = { extract: extractCommand, build: buildCommand };
