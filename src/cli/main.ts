import { parseArgs } from 'node:util';
import { buildCommand } from './build.js';
import type { Command } from './commands.js';
import { EXIT, UsageError, type CliIo } from './context.js';
import { extractCommand } from './extract.js';
import { statusCommand } from './status.js';

/** Every command, in the order `presslate --help` lists them. */
export const COMMANDS: Command[] = [extractCommand, statusCommand, buildCommand];

const VERSION = '0.1.0';

/**
 * Runs the CLI: `presslate <command> [options]`. Takes argv and streams as parameters so tests
 * drive it without spawning; only `bin/presslate.js` turns the result into the exit code.
 */
export async function main(io: CliIo): Promise<number> {
  const [name, ...rest] = io.argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(generalHelp());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`presslate: unknown command "${name}"\n\n${generalHelp()}`);
    return EXIT.badInput;
  }
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

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: presslate <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `presslate <command> --help` for a command\'s options.',
    'Exit codes: 0 success, 1 problems found, 2 bad input or usage.',
    '',
  ].join('\n');
}
