/**
 * Pure rules of work updates (工作动态): the week (Monday 00:00 to Sunday 24:00, Beijing time,
 * keyed by its ISO 8601 week `YYYY-Www`), the weekly quota of a district, when the reminder is
 * due, and who may read a post.
 */
import { beijing } from '../../kernel/clock';
import type { Grant } from '../../kernel/caller';
import { within } from '../org/rules';
import { DEFAULT_WEEKLY_QUOTA, WorkUpdateSettings } from './schema';

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a Beijing calendar day. */
const dayNumber = (y: number, mo: number, d: number) => Date.UTC(y, mo - 1, d) / DAY_MS;
/** ISO weekday of a day number: Monday 1 … Sunday 7 (1970-01-01 was a Thursday). */
const isoWeekday = (n: number) => ((((n + 3) % 7) + 7) % 7) + 1;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The day number of the Monday of ISO week `week` of ISO year `year` (week 1 holds 4 January). */
function mondayOf(year: number, week: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1) + (week - 1) * 7;
}

/** How many ISO weeks a year has (52, or 53 when it starts on a Thursday or is a leap year starting on a Wednesday). */
export function weeksInYear(year: number): number {
  return mondayOf(year + 1, 1) - mondayOf(year, 1) === 371 ? 53 : 52;
}

/** The week key (`2026-W20`) of an instant, read in Beijing time: the ISO week of the Beijing day. */
export function weekKey(at: Date | number): string {
  const b = beijing(typeof at === 'number' ? at : at.getTime());
  const n = dayNumber(b.y, b.mo, b.d);
  // The ISO year is the year of the week's Thursday.
  const thursday = n + 4 - isoWeekday(n);
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - mondayOf(year, 1)) / 7) + 1;
  return `${year}-W${pad(week)}`;
}

/** Is `key` a week that exists (`2026-W53` does, `2025-W53` does not: see `weeksInYear`)? */
export function isWeek(key: string): boolean {
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) return false;
  const year = Number(m[1]);
  const week = Number(m[2]);
  return year >= 2000 && year <= 2999 && week >= 1 && week <= weeksInYear(year);
}

function parse(key: string): { year: number; week: number } {
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) throw new Error(`bad week key ${key}`);
  return { year: Number(m[1]), week: Number(m[2]) };
}

/** When the week begins: its Monday 00:00 in Beijing. */
export function weekStart(key: string): Date {
  const { year, week } = parse(key);
  return new Date(mondayOf(year, week) * DAY_MS - BEIJING_MS);
}

/** When the week ends (exclusive): its Sunday 24:00, i.e. the next Monday 00:00, in Beijing. */
export function weekEnd(key: string): Date {
  return new Date(weekStart(key).getTime() + 7 * DAY_MS);
}

/** The seven days (`YYYY-MM-DD`, Beijing) of the week, Monday first. */
export function weekDays(key: string): string[] {
  const { year, week } = parse(key);
  const monday = mondayOf(year, week);
  return Array.from({ length: 7 }, (_x, i) => new Date((monday + i) * DAY_MS).toISOString().slice(0, 10));
}

/** The week `n` weeks after `key` (negative: before). */
export function addWeeks(key: string, n: number): string {
  return weekKey(weekStart(key).getTime() + n * 7 * DAY_MS);
}

/** Every week from `from` to `to`, both included, in order (empty when `to` is before `from`). */
export function weeksFrom(from: string, to: string): string[] {
  const out: string[] = [];
  const end = weekStart(to).getTime();
  for (let t = weekStart(from).getTime(); t <= end; t += 7 * DAY_MS) out.push(weekKey(t));
  return out;
}

/** How many weeks a figure may span at most (half a year). */
export const MAX_FIGURE_WEEKS = 26;

/** The hour (Beijing) of the reminder on the week's last working day. */
export const REMIND_HOUR = 15;

/**
 * When the week's reminder is due: 15:00 (Beijing) of the last working day of the week by the
 * Chinese calendar (a Friday, a Thursday before a holiday Friday, or a make-up Saturday or
 * Sunday, 调休). A week without any working day (a long holiday) has no reminder: null.
 */
export function remindAt(key: string, isWorkday: (day: string) => boolean): Date | null {
  const day = [...weekDays(key)].reverse().find((d) => isWorkday(d));
  return day ? new Date(`${day}T${pad(REMIND_HOUR)}:00:00+08:00`) : null;
}

/** A city's or county's own setting (`settings.workUpdate`), or null when it has none (or a broken one). */
export function ownSettings(settings: Record<string, unknown> | undefined | null): WorkUpdateSettings | null {
  const parsed = WorkUpdateSettings.safeParse(settings?.workUpdate);
  return parsed.success ? parsed.data : null;
}

export type QuotaSource = 'county' | 'city' | 'default';

/** A district's weekly quota: the county's own setting, else its city's, else 1. */
export function quotaOf(countySettings: Record<string, unknown> | undefined | null, citySettings: Record<string, unknown> | undefined | null): { quota: number; from: QuotaSource } {
  const county = ownSettings(countySettings);
  if (county) return { quota: county.weeklyQuota, from: 'county' };
  const city = ownSettings(citySettings);
  if (city) return { quota: city.weeklyQuota, from: 'city' };
  return { quota: DEFAULT_WEEKLY_QUOTA, from: 'default' };
}

/** Has a district met its quota with `count` posts? A quota of 0 asks for nothing. */
export const metQuota = (count: number, quota: number) => count >= quota;

/** The district (区/县) of a unit: the county on its path, or null for a city. */
export const districtOfPath = (path: readonly string[]): string | null => path[1] ?? null;

/**
 * The grant that lets a person read a post, if any:
 * - staff whose subtree holds the posting unit;
 * - for a city's post about a district, staff within that district;
 * - cadres stationed in the post's district (驻村干部 of the county read its work updates).
 */
export function readingGrant(grants: readonly Grant[], post: { unitPath: readonly string[]; districtId: string | null }): Grant | undefined {
  const staff = grants.find((g) => g.role === 'staff' && within(post.unitPath, g.orgUnitId));
  if (staff) return staff;
  if (!post.districtId) return undefined;
  if (post.unitPath.length === 1) {
    const about = grants.find((g) => g.role === 'staff' && g.path.includes(post.districtId!));
    if (about) return about;
  }
  return grants.find((g) => g.role === 'cadre' && g.path[1] === post.districtId);
}

/** Is this grant a stationed cadre's (who reads only what is not withdrawn)? */
export const isCadreGrant = (g: Grant | undefined) => g?.role === 'cadre';

/** A week as people say it: `2026年第20周（5月11日—5月17日）`. */
export function weekLabel(key: string): string {
  const { year, week } = parse(key);
  const days = weekDays(key);
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${year}年第${week}周（${md(days[0]!)}—${md(days[6]!)}）`;
}
