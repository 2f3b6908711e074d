/**
 * The rules of stationing contact as pure functions: ISO weeks (Monday to Sunday, Beijing days),
 * a township's stationing day in a week on the real calendar, and the nights a cadre owes a week.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import isoWeek from 'dayjs/plugin/isoWeek';
import { isWorkday } from '../../kernel/calendar';
import { dateKey } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { CountySetting, DEFAULT_NIGHTS_PER_WEEK, SETTINGS_KEY, TownshipSetting, WEEKDAY_NAMES } from './schema';

dayjs.extend(utc);
dayjs.extend(isoWeek);

/** A calendar day `YYYY-MM-DD` as a dayjs at UTC midnight: pure date arithmetic, no time zone. */
const day = (d: string) => dayjs.utc(`${d}T00:00:00Z`);
const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO week (`2026-W20`) of a Beijing day `YYYY-MM-DD`. */
export function weekOf(date: string): string {
  const d = day(date);
  return `${d.isoWeekYear()}-W${pad(d.isoWeek())}`;
}

/** The ISO week of an instant, read in Beijing time. */
export function weekAt(at: Date): string {
  return weekOf(dateKey(at));
}

/** The Monday of a week key (4 January is always in week 1). */
function mondayOf(week: string): dayjs.Dayjs {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`not a week: ${week}`);
  return day(`${m[1]}-01-04`).isoWeek(Number(m[2])).isoWeekday(1);
}

/** Does the week exist (`2026-W53` does not: 2026 has 52 ISO weeks)? */
export function isWeek(week: string): boolean {
  if (!/^\d{4}-W\d{2}$/.test(week)) return false;
  const year = Number(week.slice(0, 4));
  return year >= 2000 && year <= 2999 && weekOf(mondayOf(week).format('YYYY-MM-DD')) === week;
}

/** The seven days of the week, Monday first. */
export function weekDays(week: string): string[] {
  const monday = mondayOf(week);
  return Array.from({ length: 7 }, (_, i) => monday.add(i, 'day').format('YYYY-MM-DD'));
}

/** When the week begins (Monday 00:00, Beijing) and ends (the next Monday 00:00). */
export function weekSpan(week: string): { start: Date; end: Date } {
  const days = weekDays(week);
  const start = new Date(`${days[0]}T00:00:00+08:00`);
  return { start, end: new Date(start.getTime() + 7 * 86_400_000) };
}

/** `5月12日 周二`. */
export function dayLabel(date: string): string {
  const d = day(date);
  return `${d.month() + 1}月${d.date()}日 ${WEEKDAY_NAMES[d.isoWeekday()]}`;
}

/** `2026年第20周（5月11日—5月17日）`. */
export function weekLabel(week: string): string {
  const days = weekDays(week);
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${week.slice(0, 4)}年第${Number(week.slice(6))}周（${md(days[0]!)}—${md(days[6]!)}）`;
}

/** The working days of a week (the real calendar: holidays off, 调休 make-up days on). */
export function workingDays(week: string): string[] {
  return weekDays(week).filter((d) => isWorkday(d));
}

export interface StationingDay {
  /** The day teams go to their villages this week. */
  date: string;
  /** The weekday fixed by the township, and its date this week. */
  weekday: number;
  fixedDate: string;
  /** The fixed day is a holiday: the day moved to the next working day of the week. */
  moved: boolean;
}

/**
 * The week's stationing day of a township that fixed `weekday`: that weekday if it is a working
 * day; if it is a holiday, the next working day of the same ISO week (a 调休 Saturday included);
 * if there is none, the week has no stationing day (null).
 */
export function stationingDay(week: string, weekday: number): StationingDay | null {
  const days = weekDays(week);
  const fixedDate = days[weekday - 1];
  if (!fixedDate) throw new RangeError(`not a weekday: ${weekday}`);
  const date = days.slice(weekday - 1).find((d) => isWorkday(d));
  return date ? { date, weekday, fixedDate, moved: date !== fixedDate } : null;
}

/** A township's fixed weekday from its unit settings, or null where it set none (or it does not parse). */
export function weekdayFromSettings(settings: Record<string, unknown> | null | undefined): number | null {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined || raw === null) return null;
  const parsed = TownshipSetting.safeParse(raw);
  if (parsed.success) return parsed.data.weekday;
  log.error('a township stationing setting does not parse; it counts as unset', { issues: parsed.error.issues.slice(0, 3) });
  return null;
}

/** A county's nights a week from its unit settings, and whether that is the default. */
export function nightsFromSettings(settings: Record<string, unknown> | null | undefined): { nightsPerWeek: number; isDefault: boolean } {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined || raw === null) return { nightsPerWeek: DEFAULT_NIGHTS_PER_WEEK, isDefault: true };
  const parsed = CountySetting.safeParse(raw);
  if (parsed.success) return { nightsPerWeek: parsed.data.nightsPerWeek, isDefault: false };
  log.error('a county stationing setting does not parse; the default applies', { issues: parsed.error.issues.slice(0, 3) });
  return { nightsPerWeek: DEFAULT_NIGHTS_PER_WEEK, isDefault: true };
}

export interface NightsOwed {
  /** The week's working days the cadre owes a night on: stationed by then, and not on leave that evening. */
  available: string[];
  required: number;
}

/**
 * The nights a cadre owes in a week: N, or fewer when the week has fewer working days left to
 * them (holidays, approved leave covering the evening, stationed only part of the week); a week
 * with no working day owes nothing.
 */
export function nightsOwed(n: number, workdays: readonly string[], onLeave: ReadonlySet<string>, stationedFrom: string): NightsOwed {
  const available = workdays.filter((d) => d >= stationedFrom && !onLeave.has(d));
  return { available, required: Math.min(n, available.length) };
}

export type NightStatus = 'met' | 'short' | 'open';

/**
 * Met (enough nights), short (the week is over, or too few working nights remain to make it up),
 * or open (not yet met, but the nights left this week could still make it).
 */
export function nightStatus(had: number, required: number, remaining: number): NightStatus {
  if (had >= required) return 'met';
  return had + remaining >= required ? 'open' : 'short';
}
