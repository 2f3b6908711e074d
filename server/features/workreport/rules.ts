/**
 * Pure rules of the semi-annual reports: half-years and their days, a county's deadline of a
 * half-year (the second half's falls in the next year), when reminders open, which half-years a
 * first secretary may still write for, and who owes a report.
 */
import { DEFAULT_WORK_REPORT_SETTINGS, WorkReportSettings, type ReportStatus } from './schema';

const DAY_MS = 86_400_000;

/** The half-year a Beijing day (`YYYY-MM-DD`) falls in. */
export function periodOfDay(day: string): string {
  return `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
}

const parse = (p: string) => ({ year: Number(p.slice(0, 4)), half: Number(p.slice(6)) as 1 | 2 });

export function previousPeriod(p: string): string {
  const { year, half } = parse(p);
  return half === 2 ? `${year}-H1` : `${year - 1}-H2`;
}

export function nextPeriod(p: string): string {
  const { year, half } = parse(p);
  return half === 1 ? `${year}-H2` : `${year + 1}-H1`;
}

/** The first and last day of a half-year. */
export function periodDays(p: string): { first: string; last: string } {
  const { year, half } = parse(p);
  return half === 1 ? { first: `${year}-01-01`, last: `${year}-06-30` } : { first: `${year}-07-01`, last: `${year}-12-31` };
}

/** `2026年上半年`. */
export function periodLabel(p: string): string {
  const { year, half } = parse(p);
  return `${year}年${half === 1 ? '上' : '下'}半年`;
}

/** A county's own settings (`settings.workReport`), else the default (7月10日 / 次年1月10日, 7 days before). */
export function settingsOf(settings: Record<string, unknown> | null | undefined): WorkReportSettings {
  const parsed = WorkReportSettings.safeParse(settings?.workReport);
  return parsed.success ? parsed.data : DEFAULT_WORK_REPORT_SETTINGS;
}

/** The deadline day of a half-year's report: H1's in its own year, H2's in December or the next year. */
export function deadlineDay(p: string, s: WorkReportSettings): string {
  const { year, half } = parse(p);
  if (half === 1) return `${year}-${s.h1Deadline}`;
  return s.h2Deadline.startsWith('12-') ? `${year}-${s.h2Deadline}` : `${year + 1}-${s.h2Deadline}`;
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00+08:00`);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The end of a Beijing day: the next day's 00:00. */
export const endOfDay = (day: string) => startOfDay(addDays(day, 1));

/** When the report is overdue: the end of the deadline day (Beijing). */
export function deadlineEnd(p: string, s: WorkReportSettings): Date {
  return endOfDay(deadlineDay(p, s));
}

/** The hour (Beijing) reminders start, on the day `remindDaysBefore` days before the deadline. */
export const REMIND_HOUR = 9;
/** Messages go out between these hours (Beijing), not at night. */
export const SEND_HOURS = { from: 8, to: 21 } as const;

/** When the reminders of a half-year open. */
export function remindFrom(p: string, s: WorkReportSettings): Date {
  return new Date(`${addDays(deadlineDay(p, s), -s.remindDaysBefore)}T${String(REMIND_HOUR).padStart(2, '0')}:00:00+08:00`);
}

/** Is `now` inside the reminders' window of the half-year (from `remindFrom` until the deadline ends)? */
export function remindOpen(p: string, s: WorkReportSettings, now: Date): boolean {
  return now >= remindFrom(p, s) && now < deadlineEnd(p, s);
}

/**
 * The half-years a first secretary may write for on `today`: the one before (its report is due
 * in the new half, and a late one is still taken) and the present one.
 */
export function openPeriods(today: string): [string, string] {
  const current = periodOfDay(today);
  return [previousPeriod(current), current];
}

/**
 * The half-year a first secretary's page opens on: the one before while its deadline has not
 * passed or its report is not in yet, else the present one.
 */
export function focusPeriod(today: string, now: Date, s: WorkReportSettings, submitted: (p: string) => boolean, owes: (p: string) => boolean): string {
  const [previous, current] = openPeriods(today);
  if (owes(previous) && (!submitted(previous) || now < deadlineEnd(previous, s))) return previous;
  return current;
}

/**
 * The half-year a staff list opens on: in the first three months of a half, the one before (its
 * reports are due then, and who missed the deadline shows); later, the present one.
 */
export function listPeriod(today: string): string {
  const [previous, current] = openPeriods(today);
  const month = Number(today.slice(5, 7));
  return (month - 1) % 6 < 3 ? previous : current;
}

/** Does a first secretary whose assignment began on `start` owe a report of the half-year? (Stationed before it ended.) */
export const owesReport = (p: string, start: string) => start <= periodDays(p).last;

/** Has a report reached the county (submitted once, whatever came after)? */
export const wasSubmitted = (status: ReportStatus | null | undefined) => status === 'submitted' || status === 'returned' || status === 'accepted';

/** Overdue: nothing submitted and the deadline has passed. */
export const isOverdue = (status: ReportStatus | null | undefined, end: Date, now: Date) => !wasSubmitted(status) && now >= end;

/** `7月10日` (or `2027年1月10日` when not in `year`). */
export function dayLabel(day: string, year?: number): string {
  const y = Number(day.slice(0, 4));
  const md = `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
  return year !== undefined && y === year ? md : `${y}年${md}`;
}
