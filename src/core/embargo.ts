import type { ReleaseAnalysis } from './analyze-release.js';

/** When a release may first appear, and why then. */
export interface PublicFrom {
  /** Milliseconds since the epoch. */
  instant: number;
  /** As written in the front matter. */
  text: string;
  /** `embargo`: the front matter's embargo; `date`: the release is dated in the future. */
  reason: 'embargo' | 'date';
}

/**
 * The moment a release may appear in any output: its `embargo`, or its `date` when that is later.
 * A release dated in the future waits for its date, as static site generators do by default:
 * a feed item dated tomorrow is what feed validators call an "implausible date", and readers sort
 * it above everything else until then.
 */
export function publicFrom(analysis: Pick<ReleaseAnalysis, 'date' | 'embargo'>): PublicFrom {
  const { embargo, date } = analysis;
  if (embargo && embargo.instant >= date.instant) return { instant: embargo.instant, text: embargo.text, reason: 'embargo' };
  return { instant: date.instant, text: date.text, reason: 'date' };
}

/** True when the release may appear at `now` (from `--now` or the clock). */
export function isPublic(analysis: Pick<ReleaseAnalysis, 'date' | 'embargo'>, now: number): boolean {
  return publicFrom(analysis).instant <= now;
}

/**
 * The next moment after `now` at which a release becomes public, of the moments given (each
 * release's {@link publicFrom}); undefined when none is still to come. A non-finite moment bounds
 * nothing. `watch` runs a round then, so an embargo that ends while it runs is published on time.
 */
export function nextPublication(instants: Iterable<number>, now: number): number | undefined {
  let next: number | undefined;
  for (const instant of instants) if (Number.isFinite(instant) && instant > now && (next === undefined || instant < next)) next = instant;
  return next;
}
