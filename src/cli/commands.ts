import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './context.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A CLI command: its help text, its options (node:util parseArgs) and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Longer help: what it does, its options, its exit codes. */
  help: string;
  options: Options;
  allowPositionals?: boolean;
  run(args: { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] }, io: CliIo): Promise<number>;
}

/** Options every command takes. */
export const COMMON_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  root: { type: 'string' },
};
