/**
 * What `presslate watch` prints after a round of extract + build (cli/watch.ts), from the two
 * commands' `--json` reports, and the per-file summary extract prints too. Pure: the shell passes
 * the clock's time of day and the duration.
 */

/** extract's `--json` report. */
export interface ExtractReport {
  written: string[];
  changes: { file: string; changes: { kind: string }[] }[];
}

/** build's `--json` report. */
export interface BuildReport {
  written: string[];
  removed: string[];
  held: { release: string; lng: string; reasons: string[] }[];
  /** When the next release under embargo or dated in the future becomes public (ISO 8601), or null. */
  nextPublication?: string | null;
}

export interface Round {
  /** Project-relative files whose events started the round (empty for the first round). */
  trigger: readonly string[];
  /** Set when the round ran because this moment came: a release's embargo or date (ISO 8601). */
  clock?: string;
  seconds: number;
  /** Exit codes, and the reports of the commands that ended with 0 (build does not run after a failed extract). */
  extract: { code: number; report?: ExtractReport };
  build?: { code: number; report?: BuildReport };
}

/** Human-readable lines (stdout) for a round; `time` is the time of day it ended. */
export function describeRound(round: Round, time: string): string[] {
  const what =
    round.trigger.length > 0 ? `${listFiles(round.trigger)} changed` : round.clock ? `${round.clock} came (a release's embargo or date)` : 'first run';
  const took = `(${round.seconds.toFixed(2)} s)`;
  const extract = round.extract.report;
  if (!extract) return [`watch: ${time} ${what}: extract stopped (see above): nothing was written; the next save runs it again ${took}`];
  const lines = extract.changes.map((change) => `  ${change.file}: ${summarizeChanges(change.changes)}`);
  const parts: string[] = [];
  if (extract.written.length > 0) parts.push(`${extract.written.length} locale file(s) updated`);
  const build = round.build?.report;
  if (!build) {
    parts.push('build stopped (see above): the output folder is as it was; the next save runs it again');
  } else if (build.written.length > 0 || build.removed.length > 0) {
    parts.push(`${build.written.length} file(s) written and ${build.removed.length} removed in the output folder`);
  }
  if (build && build.held.length > 0) parts.push(`${build.held.length} release-language pair(s) held`);
  const summary = parts.length === 0 ? 'nothing to update' : parts.join('; ');
  return [...lines, `watch: ${time} ${what}: ${summary} ${took}`];
}

/** The same round as one line of JSON, for `watch --json` (scripts, the benchmark). */
export function roundJson(round: Round): string {
  return JSON.stringify({
    trigger: round.trigger,
    ...(round.clock ? { clock: round.clock } : {}),
    seconds: Number(round.seconds.toFixed(4)),
    extract: round.extract,
    ...(round.build ? { build: round.build } : {}),
  });
}

/**
 * The held pairs to print: those not held after the previous round (a release that stays held is
 * said once, not after every save). Keys are `release [lng]`.
 */
export function newlyHeld(previous: ReadonlySet<string>, held: BuildReport['held']): { key: string; line: string }[] {
  return held.map((state) => ({ key: heldKey(state), line: heldLine(state) })).filter((entry) => !previous.has(entry.key));
}

type HeldState = BuildReport['held'][number];

/** `release [lng]`: a held pair, as watch remembers it between rounds. */
export function heldKey(state: HeldState): string {
  return `${state.release} [${state.lng}]`;
}

/** The line build (and watch) prints for a held pair: `held: <release> [<lng>] — <reasons>`. */
export function heldLine(state: HeldState): string {
  return `held: ${heldKey(state)} — ${state.reasons.join('; ')}`;
}

/** `1 stale, 2 new`, or `created` for a file that did not exist. */
export function summarizeChanges(changes: readonly { kind: string }[]): string {
  if (changes.length === 0) return 'created';
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
}

function listFiles(files: readonly string[]): string {
  const shown = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}
