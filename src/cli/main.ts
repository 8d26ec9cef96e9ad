import { buildCommand } from './build.js';
import type { Command } from './commands.js';
import { EXIT, type CliIo } from './context.js';
import { runCommand } from './run-command.js';
import { checkCommand } from './check.js';
import { exportCommand } from './export.js';
import { extractCommand } from './extract.js';
import { importCommand } from './import.js';
import { newCommand } from './new.js';
import { pretranslateCommand } from './pretranslate.js';
import { statusCommand } from './status.js';
import { watchCommand } from './watch.js';

/** Every command, in the order `presslate --help` lists them. */
export const COMMANDS: Command[] = [extractCommand, statusCommand, buildCommand, watchCommand, checkCommand, pretranslateCommand, exportCommand, importCommand, newCommand];

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
  return runCommand(command, rest, io);
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
