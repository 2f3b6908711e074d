/**
 * The local cloud's clock. CloudBase functions read the system clock; the local cloud lets
 * tests and `POST /_local/clock` move time. The clock either runs (set time + real elapsed
 * time) or is frozen at the set time. The database's `serverDate`, storage expiry, the timer
 * and the functions all read this one clock.
 *
 * Functions learn the clock through environment variables set by the function host (see
 * `clockEnv()`), so the same function code reads the system clock in the cloud and this clock
 * here without importing anything from the local cloud.
 */
export const CLOCK_OFFSET_ENV = 'LOCALCLOUD_CLOCK_OFFSET_MS';
export const CLOCK_FIXED_ENV = 'LOCALCLOUD_CLOCK_FIXED_MS';

export class LocalClock {
  private offsetMs = 0;
  private fixedMs: number | undefined;
  private readonly listeners = new Set<() => void>();

  /** Be told whenever the clock is set, moved or reset. Returns a function that stops it. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  /** Current time of the local cloud. */
  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.fixedMs ?? Date.now() + this.offsetMs;
  }

  /** Set the clock. `frozen: true` stops it at `at` until it is set again. */
  set(at: Date | string | number, opts: { frozen?: boolean } = {}): void {
    const ms = new Date(at).getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`invalid time: ${String(at)}`);
    if (opts.frozen) {
      this.fixedMs = ms;
      this.offsetMs = 0;
    } else {
      this.fixedMs = undefined;
      this.offsetMs = ms - Date.now();
    }
    this.changed();
  }

  /** Move the clock forward (or back, with a negative number). */
  advance(ms: number): void {
    if (this.fixedMs !== undefined) this.fixedMs += ms;
    else this.offsetMs += ms;
    this.changed();
  }

  /** Back to the real system time. */
  reset(): void {
    this.fixedMs = undefined;
    this.offsetMs = 0;
    this.changed();
  }

  get frozen(): boolean {
    return this.fixedMs !== undefined;
  }

  /** The environment variables that hand this clock to a function invocation. */
  env(): Record<string, string> {
    return this.fixedMs !== undefined
      ? { [CLOCK_FIXED_ENV]: String(this.fixedMs), [CLOCK_OFFSET_ENV]: '' }
      : { [CLOCK_OFFSET_ENV]: String(this.offsetMs), [CLOCK_FIXED_ENV]: '' };
  }
}
