/**
 * The check-in schedule of a county: windows on working days (Beijing time, the real Chinese
 * calendar with holidays and 调休), reminders before them, the offline tolerance, the monthly
 * correction quota and how long raw fixes are kept. Pure functions: time is always passed in.
 */
import * as z from 'zod';
import { isWorkday } from '../../kernel/calendar';
import { dateKey, shanghai } from '../../kernel/clock';
import { DEFAULT_CHECKIN_RULES, type CheckinRulesConfig } from './flags';

const HHmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');

/** Minutes since midnight of `HH:mm`. */
function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export const CheckinWindow = z.object({
  /** Short and stable: it is part of every window instance's key (`2026-05-12:am`). */
  id: z.string().regex(/^[a-z][a-z0-9]{0,15}$/),
  /** 上午, 下午… */
  name: z.string().trim().min(1).max(10),
  /** Opens at `start` and closes at `end` (a check-in at `end` exactly is after the window), same day. */
  start: HHmm,
  end: HHmm,
  /** The reminder goes this many minutes before `start`, on the same day. */
  remindBeforeMin: z.number().int().min(0).max(240),
  /** A night window (夜间签到, e.g. 20:00–23:00): shows the cadre sleeps in the village; counted as a night, never as a miss. */
  night: z.boolean().optional(),
}).superRefine((w, ctx) => {
  if (minutesOf(w.end) <= minutesOf(w.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: '结束时间必须晚于开始时间' });
  if (w.remindBeforeMin > minutesOf(w.start)) ctx.addIssue({ code: 'custom', path: ['remindBeforeMin'], message: '提醒时间不能早于当天零点' });
});
export type CheckinWindow = z.infer<typeof CheckinWindow>;

export const CheckinSchedule = z.object({
  windows: z.array(CheckinWindow).min(1).max(6).superRefine((ws, ctx) => {
    if (new Set(ws.map((w) => w.id)).size !== ws.length) ctx.addIssue({ code: 'custom', message: '签到时段的标识不能重复' });
    const sorted = [...ws].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let i = 1; i < sorted.length; i++) {
      if (minutesOf(sorted[i]!.start) < minutesOf(sorted[i - 1]!.end)) {
        ctx.addIssue({ code: 'custom', message: `签到时段「${sorted[i - 1]!.name}」与「${sorted[i]!.name}」重叠` });
      }
    }
  }),
  /** Offline tolerance: a fix captured up to this many minutes before it reaches the server is accepted. */
  lateUploadMaxMin: z.number().int().min(0).max(24 * 60),
  /** Corrections (补卡) a cadre may ask for in a calendar month. */
  correctionsPerMonth: z.number().int().min(0).max(31),
  /** Raw fixes older than this many days are purged; daily attendance stays. */
  retentionDays: z.number().int().min(7).max(3650),
});
export type CheckinSchedule = z.infer<typeof CheckinSchedule>;

/** 上午 08:30–10:00 and 下午 14:00–15:30, reminded 15 minutes before; frozen: copy it to change it. */
export const DEFAULT_CHECKIN_SCHEDULE: CheckinSchedule = Object.freeze({
  windows: Object.freeze([
    Object.freeze({ id: 'am', name: '上午', start: '08:30', end: '10:00', remindBeforeMin: 15 }),
    Object.freeze({ id: 'pm', name: '下午', start: '14:00', end: '15:30', remindBeforeMin: 15 }),
  ]) as CheckinWindow[],
  lateUploadMaxMin: 120,
  correctionsPerMonth: 3,
  retentionDays: 90,
});

/** One window on one day. */
export interface WindowInstance {
  /** `2026-05-12:am`: one per window per day, for idempotent reminders, misses and corrections. */
  key: string;
  /** `YYYY-MM-DD`, Beijing time. */
  date: string;
  window: CheckinWindow;
  opensAt: Date;
  /** The first instant after the window. */
  closesAt: Date;
  remindAt: Date;
}

export function windowKey(date: string, windowId: string): string {
  return `${date}:${windowId}`;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MIN_MS = 60_000;
const DAY_MS = 86_400_000;

/** How far back `dueReminders` and `closedWindows` catch up, in days. */
export const CATCH_UP_DAYS = 7;

/** The instant of `HH:mm` on a Beijing date. Asia/Shanghai has kept UTC+8, without DST, since 1991. */
function at(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

/** The day's windows in order of opening; none on a day that is not a working day. */
export function windowsOfDay(schedule: CheckinSchedule, date: string): WindowInstance[] {
  if (!DATE_RE.test(date) || shanghai(`${date}T12:00:00+08:00`).format('YYYY-MM-DD') !== date) throw new RangeError(`not a date: ${date}`);
  if (!isWorkday(date)) return [];
  return [...schedule.windows]
    .sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
    .map((window) => {
      const opensAt = at(date, window.start);
      return {
        key: windowKey(date, window.id),
        date,
        window,
        opensAt,
        closesAt: at(date, window.end),
        remindAt: new Date(opensAt.getTime() - window.remindBeforeMin * MIN_MS),
      };
    });
}

/** The window open at this instant (opensAt ≤ instant < closesAt), or null. */
export function windowAt(schedule: CheckinSchedule, instant: Date): WindowInstance | null {
  const t = instant.getTime();
  return windowsOfDay(schedule, dateKey(instant)).find((w) => w.opensAt.getTime() <= t && t < w.closesAt.getTime()) ?? null;
}

/** Every window instance on the Beijing days from `from` to `to`, in order. */
function instancesBetween(schedule: CheckinSchedule, from: Date, to: Date): WindowInstance[] {
  const out: WindowInstance[] = [];
  const last = dateKey(to);
  for (let day = dateKey(from); day <= last; day = dateKey(new Date(at(day, '12:00').getTime() + DAY_MS))) {
    out.push(...windowsOfDay(schedule, day));
  }
  return out;
}

interface CatchUpOptions {
  /** Look back at most this many days, however old `since` is (default `CATCH_UP_DAYS`). */
  catchUpDays?: number;
}

/**
 * The span (from, now] a timer run covers: since its last run, bounded by the catch-up limit.
 * A first run (`since` undefined) covers the whole catch-up limit; its work must be idempotent
 * by window key like any other.
 */
function span(since: Date | undefined, now: Date, opts: CatchUpOptions | undefined): [number, number] {
  const bound = now.getTime() - (opts?.catchUpDays ?? CATCH_UP_DAYS) * DAY_MS;
  return [Math.max(since?.getTime() ?? bound, bound), now.getTime()];
}

/**
 * Windows whose reminder falls in (since, now] and that are still open to check in (closesAt >
 * now): a reminder for a window already closed would only mislead. A tick that came late or
 * skipped finds here everything it owes; a tick whose `since` already covers a reminder finds
 * nothing more.
 */
export function dueReminders(schedule: CheckinSchedule, since: Date | undefined, now: Date, opts?: CatchUpOptions): WindowInstance[] {
  const [from, to] = span(since, now, opts);
  if (from >= to) return [];
  return instancesBetween(schedule, new Date(from), now)
    .filter((w) => w.remindAt.getTime() > from && w.remindAt.getTime() <= to && w.closesAt.getTime() > to);
}

/** Windows that closed in (since, now], oldest first: each is settled once (missed records, by key). */
export function closedWindows(schedule: CheckinSchedule, since: Date | undefined, now: Date, opts?: CatchUpOptions): WindowInstance[] {
  const [from, to] = span(since, now, opts);
  if (from >= to) return [];
  return instancesBetween(schedule, new Date(from), now)
    .filter((w) => w.closesAt.getTime() > from && w.closesAt.getTime() <= to);
}

export type LateUploadDecision =
  | {
      accepted: true;
      /** Captured more than `lateUploadMin` before the server's time (the `lateUpload` flag will say so). */
      late: boolean;
      /** Server time minus capture time (negative when the phone's clock is ahead). */
      lagMs: number;
      /** The instant the check-in counts for: its capture time, but never later than the server's time. */
      countsAt: Date;
    }
  | { accepted: false; lagMs: number; reason: string };

/**
 * Offline tolerance: a fix kept on the phone while the network failed is accepted up to
 * `lateUploadMaxMin` after its capture (inclusive), and refused after. A capture time in the
 * future is accepted (its flag says how suspicious it is) but counts at the server's time, so a
 * phone clock set forward cannot check in for a window not yet open.
 */
export function acceptLateUpload(capturedAt: Date, serverTime: Date, schedule: CheckinSchedule, config?: Partial<CheckinRulesConfig>): LateUploadDecision {
  const lagMs = serverTime.getTime() - capturedAt.getTime();
  if (!Number.isFinite(lagMs)) return { accepted: false, lagMs, reason: '定位时间无效，请重新定位' };
  if (lagMs > schedule.lateUploadMaxMin * MIN_MS) {
    return { accepted: false, lagMs, reason: `这次定位已超过 ${schedule.lateUploadMaxMin} 分钟未上传，不能再提交，请重新定位签到` };
  }
  const lateMin = config?.lateUploadMin ?? DEFAULT_CHECKIN_RULES.lateUploadMin;
  return { accepted: true, late: lagMs > lateMin * MIN_MS, lagMs, countsAt: lagMs < 0 ? new Date(serverTime.getTime()) : new Date(capturedAt.getTime()) };
}

/** Corrections (补卡) still available this month. */
export function correctionsLeft(used: number, schedule: CheckinSchedule): number {
  return Math.max(0, schedule.correctionsPerMonth - Math.max(0, Math.floor(used)));
}

/** `YYYY-MM` of the instant in Beijing time: the month a correction counts against. */
export function monthKey(instant: Date): string {
  return shanghai(instant).format('YYYY-MM');
}

/** Raw fixes captured before this instant are past retention and may be purged. */
export function retentionCutoff(schedule: CheckinSchedule, now: Date): Date {
  return new Date(now.getTime() - schedule.retentionDays * DAY_MS);
}
