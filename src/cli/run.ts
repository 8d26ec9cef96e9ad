import type { CliIo } from './context.js';
import { LIGHT_COMMANDS, runCommand } from './run-command.js';

/** Entry point of the compiled CLI: real process streams and clock. */
export async function run(argv: string[]): Promise<number> {
  // `presslate status | head` closes the pipe early; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  try {
    const io: CliIo = { argv, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, now: () => Date.now() };
    // extract and build start without loading every other command (and the libraries they use).
    const [name, ...rest] = argv;
    const light = name === undefined ? undefined : LIGHT_COMMANDS[name];
    if (light) return await runCommand(light, rest, io);
    const { main } = await import('./main.js');
    return await main(io);
  } catch (error) {
    process.stderr.write(`presslate: internal error — please report it with the command you ran\n${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}
