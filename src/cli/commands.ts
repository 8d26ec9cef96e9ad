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

/**
 * The values of a repeatable option, each also split at commas: `--lang en --lang fr` and
 * `--lang en,fr` mean the same in every command that takes a list (check, pretranslate, export).
 * Empty items are dropped; a caller refuses an option given with nothing in it.
 */
export function splitList(value: unknown): string[] {
  const list = Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
  return list.flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}
