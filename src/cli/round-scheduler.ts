/** Quiet time after the last event before a round starts: one save is often several events. */
export const SETTLE_MS = 40;
/** A stream of events (a checkout, a copy of many files) still gets a round this often. */
export const MAX_WAIT_MS = 1000;
/** The longest delay setTimeout takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A round for a moment that has come runs this much after it (timers may fire a little early). */
const CLOCK_MARGIN_MS = 50;

export interface RoundHooks {
  /** Runs one round: the files that changed (sorted), and the moment that came, if that is why. Never rejects. */
  round(trigger: string[], clock: string | undefined): Promise<void>;
  /** Called before a round starts; false cancels it (and whatever was pending). */
  mayStart(): boolean;
  /** Whether an event for `file` was this process's own write, to be dropped. */
  isOwnWrite(file: string): boolean;
  /** The clock, in milliseconds since the epoch. */
  now(): number;
}

/**
 * When `presslate watch` runs its next round: once the events of a save have settled (SETTLE_MS
 * after the last one, at most MAX_WAIT_MS after the first), or when a moment it was told of comes
 * (a release's embargo). One round at a time: what arrives during a round waits for its end.
 */
export class RoundScheduler {
  private readonly pending = new Set<string>();
  private firstPending = 0;
  private timer: NodeJS.Timeout | undefined;
  private clockTimer: NodeJS.Timeout | undefined;
  /** The moment (ISO 8601) that has come, for the next round to say why it runs. */
  private clockDue: string | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly hooks: RoundHooks) {}

  /** A file changed: a round follows once things are quiet. */
  changed(file: string): void {
    this.note(file);
    this.schedule();
  }

  /** A file to include in the next round, without starting one (the running round's end will). */
  note(file: string): void {
    if (this.pending.size === 0) this.firstPending = this.hooks.now();
    this.pending.add(file);
  }

  /** Runs a round now (the first one), whatever is pending; resolves when it has ended. */
  runNow(): Promise<void> {
    return this.start([], undefined);
  }

  /**
   * The next moment a round must run by itself (ISO 8601), or none: replaces the one given before.
   * setTimeout takes at most 2^31 - 1 ms (24.8 days), so a later moment is waited for in steps.
   */
  at(next: string | null | undefined): void {
    if (this.clockTimer) clearTimeout(this.clockTimer);
    this.clockTimer = undefined;
    const at = next ? Date.parse(next) : Number.NaN;
    if (this.stopped || !next || !Number.isFinite(at)) return;
    const fire = (): void => {
      const left = at - this.hooks.now();
      if (left > 0) {
        this.clockTimer = setTimeout(fire, Math.min(left + CLOCK_MARGIN_MS, MAX_TIMER_MS));
        return;
      }
      this.clockTimer = undefined;
      this.clockDue = next;
      if (this.pending.size === 0) this.firstPending = this.hooks.now();
      this.schedule();
    };
    fire();
  }

  /** No more rounds; resolves once a running round has ended. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.clockTimer) clearTimeout(this.clockTimer);
    return Promise.resolve(this.running);
  }

  private schedule(): void {
    if (this.stopped || this.running) return; // a running round reschedules when it ends
    if (this.timer) clearTimeout(this.timer);
    const waited = this.hooks.now() - this.firstPending;
    this.timer = setTimeout(() => this.startPending(), Math.max(0, Math.min(SETTLE_MS, MAX_WAIT_MS - waited)));
  }

  private startPending(): void {
    this.timer = undefined;
    if (this.stopped || this.running || !this.hooks.mayStart()) return;
    // Events for files this process wrote, seen before it knew it had written them.
    for (const file of this.pending) if (this.hooks.isOwnWrite(file)) this.pending.delete(file);
    if (this.pending.size === 0 && this.clockDue === undefined) return;
    void this.start([...this.pending].sort(), this.clockDue);
  }

  private start(trigger: string[], clock: string | undefined): Promise<void> {
    this.pending.clear();
    this.clockDue = undefined;
    this.running = this.hooks.round(trigger, clock).finally(() => {
      this.running = undefined;
      if (this.pending.size > 0 || this.clockDue !== undefined) this.schedule();
    });
    return this.running;
  }
}
