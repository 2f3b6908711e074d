/**
 * Timer triggers, as CloudBase runs them: each function has at most one timer trigger in its
 * `config.json`, a 7-field cron (second minute hour day month weekday year) read in UTC+8.
 *
 * Like the platform, delivery is at-most-once per slot and not guaranteed: when the clock
 * jumps over several slots (a test moves it, or the machine slept), the timer fires once for
 * the latest slot, not once per missed slot. Jobs must therefore catch up by themselves.
 */
import { CronExpressionParser } from 'cron-parser';
import type { FunctionHost, TimerTrigger } from '../functions/host';
import type { LocalClock } from '../clock';

const TZ = 'Asia/Shanghai';

export class InvalidCronError extends Error {}

/** A parsed 7-field CloudBase cron expression. */
export class CloudCron {
  private readonly sixFields: string;
  private readonly years: ((y: number) => boolean) | undefined;

  constructor(readonly expression: string) {
    const fields = expression.trim().split(/\s+/);
    // CloudBase requires all seven fields (its console refuses five- or six-field crons).
    if (fields.length !== 7) throw new InvalidCronError(`a timer cron has 7 fields (second minute hour day month weekday year): "${expression}"`);
    this.sixFields = fields.slice(0, 6).join(' ');
    this.years = parseYears(fields[6]!);
    try {
      CronExpressionParser.parse(this.sixFields, { tz: TZ });
    } catch (err) {
      throw new InvalidCronError(`invalid cron "${expression}": ${(err as Error).message}`);
    }
  }

  /** The latest slot at or before `at`, not earlier than `after` (exclusive); undefined when none. */
  latestSlot(after: Date, at: Date): Date | undefined {
    let found: Date | undefined;
    for (const slot of this.slots(after, at)) found = slot;
    return found;
  }

  /** Every slot in (after, until], oldest first (bounded: at most `max`). */
  *slots(after: Date, until: Date, max = 100_000): Generator<Date> {
    const it = CronExpressionParser.parse(this.sixFields, { tz: TZ, currentDate: after, endDate: until });
    let n = 0;
    while (it.hasNext() && n < max) {
      const d = it.next().toDate();
      if (d.getTime() > until.getTime()) break;
      n += 1;
      if (!this.years || this.years(shanghaiYear(d))) yield d;
    }
  }

  /** The next slot strictly after `after`. */
  next(after: Date): Date | undefined {
    const it = CronExpressionParser.parse(this.sixFields, { tz: TZ, currentDate: after });
    for (let i = 0; i < 10_000; i++) {
      const d = it.next().toDate();
      if (!this.years || this.years(shanghaiYear(d))) return d;
    }
    return undefined;
  }
}

function shanghaiYear(d: Date): number {
  return new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
}

function parseYears(field: string): ((y: number) => boolean) | undefined {
  if (field === '*') return undefined;
  const parts = field.split(',').map((p) => {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(p);
    if (!m) throw new InvalidCronError(`invalid year field "${field}"`);
    const lo = Number(m[1]);
    const hi = m[2] ? Number(m[2]) : lo;
    return (y: number) => y >= lo && y <= hi;
  });
  return (y) => parts.some((p) => p(y));
}

export interface TimerFiring {
  fn: string;
  trigger: string;
  /** The slot fired (Asia/Shanghai cron time), ISO. */
  slot: string;
  ok: boolean;
  error?: string;
}

export class LocalTimer {
  private last = new Map<string, Date>();
  private handle: NodeJS.Timeout | undefined;
  private readonly fired: TimerFiring[] = [];
  private busy = false;

  constructor(private readonly opts: { clock: LocalClock; host: FunctionHost; log?: (line: string) => void }) {}

  /** Functions with a timer trigger and their parsed cron. */
  triggers(): { fn: string; trigger: TimerTrigger; cron: CloudCron }[] {
    const out: { fn: string; trigger: TimerTrigger; cron: CloudCron }[] = [];
    for (const name of this.opts.host.names()) {
      const triggers = (this.opts.host.spec(name)?.config?.triggers ?? []).filter((t) => t.type === 'timer');
      if (triggers.length > 1) throw new InvalidCronError(`function ${name} declares ${triggers.length} timer triggers; CloudBase allows one`);
      const t = triggers[0];
      if (t) out.push({ fn: name, trigger: t, cron: new CloudCron(t.config) });
    }
    return out;
  }

  history(): TimerFiring[] {
    return [...this.fired];
  }

  /** Fire one function's trigger (or every timer function) now, whatever the cron says. */
  async fire(fn?: string): Promise<TimerFiring[]> {
    const now = this.opts.clock.now();
    const out: TimerFiring[] = [];
    for (const t of this.triggers()) {
      if (fn && t.fn !== fn) continue;
      out.push(await this.run(t.fn, t.trigger.name, now));
    }
    if (fn && out.length === 0) throw new Error(`function ${fn} has no timer trigger`);
    return out;
  }

  /** Fire every trigger whose slot has come since it last fired (once each, however many slots passed). */
  async fireDue(): Promise<TimerFiring[]> {
    const now = this.opts.clock.now();
    const out: TimerFiring[] = [];
    for (const t of this.triggers()) {
      const last = this.last.get(t.fn) ?? now;
      if (!this.last.has(t.fn)) this.last.set(t.fn, now);
      const slot = t.cron.latestSlot(last, now);
      if (!slot) continue;
      this.last.set(t.fn, now);
      out.push(await this.run(t.fn, t.trigger.name, slot));
    }
    return out;
  }

  /** Check for due slots every `everyMs` of real time (npm start). */
  start(everyMs = 1000): void {
    this.stop();
    for (const t of this.triggers()) this.last.set(t.fn, this.opts.clock.now());
    this.handle = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.fireDue()
        .catch((err) => this.opts.log?.(`[timer] ${(err as Error).message}`))
        .finally(() => {
          this.busy = false;
        });
    }, everyMs);
    this.handle.unref?.();
  }

  stop(): void {
    if (this.handle) clearInterval(this.handle);
    this.handle = undefined;
  }

  private async run(fn: string, trigger: string, slot: Date): Promise<TimerFiring> {
    // The event CloudBase hands a timer-triggered function.
    const event = { Type: 'Timer', TriggerName: trigger, Time: slot.toISOString(), Message: '' };
    const firing: TimerFiring = { fn, trigger, slot: slot.toISOString(), ok: true };
    try {
      await this.opts.host.invoke(fn, event, { source: 'wx_trigger' });
    } catch (err) {
      firing.ok = false;
      firing.error = (err as Error).message;
      this.opts.log?.(`[timer] ${fn} failed: ${firing.error}`);
    }
    this.fired.push(firing);
    if (this.fired.length > 1000) this.fired.splice(0, this.fired.length - 1000);
    return firing;
  }
}
