import { parseInstant } from '../core/dates.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';

/** What a command gets from the outside world; tests pass their own. */
export interface CliIo {
  argv: string[];
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The clock: for embargoes (unless `--now`), and to tell files modified just now (last-run.ts). */
  now(): number;
}

/** Exit codes, as in the README. */
export const EXIT = { ok: 0, problems: 1, badInput: 2 } as const;

/** Prints diagnostics, one per line, sorted, to stderr. */
export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(diagnostics)) io.stderr.write(`${formatDiagnostic(d)}\n`);
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `--now`: an ISO 8601 date or date-time (UTC without an offset), or the clock. */
export function resolveNow(io: CliIo, value: string | undefined): number {
  if (value === undefined) return io.now();
  // The front matter's rules (calendar days, offsets in use); without an offset, UTC.
  const parsed = parseInstant(value, 'UTC');
  if (!parsed) throw new UsageError(`--now "${value}" is not an ISO 8601 date-time (e.g. 2020-06-25T09:00:00+02:00)`);
  return parsed.instant;
}
