/**
 * The rules of leave, as pure functions: working days between two half-days on the real
 * calendar, the approval chain a request needs, quotas, and when a leave covers a window.
 */
import { isWorkday } from '../../kernel/calendar';
import { log } from '../../kernel/log';
import { DEFAULT_LEAVE_RULES, LeaveRules, type ApprovalLevel, type HalfDay, type LeaveKind } from './schema';

const DAY_MS = 86_400_000;

/** Morning before afternoon: the order of half-days. */
export function halfIndex(h: HalfDay): number {
  return Date.parse(`${h.date}T00:00:00Z`) / DAY_MS * 2 + (h.half === 'pm' ? 1 : 0);
}

/** The longest one request may span, in calendar days from its start to its end (longer: apply in parts). */
export const MAX_SPAN_DAYS = 90;

/**
 * Why a request from `start` to `end` cannot be counted, or null: it ends before it starts, or
 * spans more than MAX_SPAN_DAYS (which also bounds `takenDays`, a loop over every date).
 */
export function spanProblem(start: HalfDay, end: HalfDay): string | null {
  if (halfIndex(end) < halfIndex(start)) return '结束时间不能早于开始时间';
  if (Date.parse(end.date) - Date.parse(start.date) > MAX_SPAN_DAYS * DAY_MS) return `一次请假不能超过 ${MAX_SPAN_DAYS} 天，请分次申请`;
  return null;
}

/** Each date from `start` to `end`, with the share of it taken: 1, or ½ at a half-day end; working days only. */
export function takenDays(start: HalfDay, end: HalfDay): { date: string; share: number }[] {
  const out: { date: string; share: number }[] = [];
  for (let t = Date.parse(`${start.date}T00:00:00Z`); t <= Date.parse(`${end.date}T00:00:00Z`); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (!isWorkday(date)) continue;
    const fromAm = date !== start.date || start.half === 'am';
    const toPm = date !== end.date || end.half === 'pm';
    out.push({ date, share: fromAm && toPm ? 1 : 0.5 });
  }
  return out;
}

/** Working days taken, and by month (`YYYY-MM`). */
export function countDays(start: HalfDay, end: HalfDay): { days: number; months: { month: string; days: number }[] } {
  const byMonth = new Map<string, number>();
  for (const d of takenDays(start, end)) byMonth.set(d.date.slice(0, 7), (byMonth.get(d.date.slice(0, 7)) ?? 0) + d.share);
  const months = [...byMonth.entries()].map(([month, days]) => ({ month, days }));
  return { days: months.reduce((s, m) => s + m.days, 0), months };
}

/** The levels that must approve a request of this kind and length. */
export function chainFor(rules: LeaveRules, kind: LeaveKind, days: number): ApprovalLevel[] {
  const rule = rules.chain.find((r) => (!r.kinds || r.kinds.includes(kind)) && (r.maxDays === null || days <= r.maxDays));
  return [...(rule ?? rules.chain[rules.chain.length - 1]!).levels];
}

/** The unit above a village (`path`: city, county, township, village) that approves at `level`. */
export function unitAtLevel(path: readonly string[], level: ApprovalLevel): string {
  const unit = path[{ city: 0, county: 1, township: 2 }[level]];
  if (!unit) throw new RangeError(`no ${level} in ${path.join('/')}`);
  return unit;
}

/** Why the quota refuses `days` more of `kind` (given what is already taken or asked for), or null. */
export function quotaProblem(rules: LeaveRules, kind: LeaveKind, ask: { days: number; months: { month: string; days: number }[] }, used: { year: number; months: Map<string, number> }, kindName: string): string | null {
  const r = rules.kinds[kind];
  if (r.maxDaysPerYear !== null && used.year + ask.days > r.maxDaysPerYear) return `${kindName}每年最多 ${r.maxDaysPerYear} 天，今年已用或在审批中 ${used.year} 天，本次 ${ask.days} 天超出`;
  if (r.maxDaysPerMonth !== null) {
    for (const m of ask.months) {
      const u = used.months.get(m.month) ?? 0;
      if (u + m.days > r.maxDaysPerMonth) return `${kindName}每月最多 ${r.maxDaysPerMonth} 天，${m.month} 已用或在审批中 ${u} 天，本次 ${m.days} 天超出`;
    }
  }
  return null;
}

/** The instant a half-day begins and ends (Beijing): 00:00–12:00 and 12:00–24:00. */
export function halfStart(h: HalfDay): Date {
  return new Date(`${h.date}T${h.half === 'am' ? '00:00' : '12:00'}:00+08:00`);
}
export function halfEnd(h: HalfDay): Date {
  return h.half === 'am' ? new Date(`${h.date}T12:00:00+08:00`) : new Date(Date.parse(`${h.date}T00:00:00+08:00`) + DAY_MS);
}

/** Does a leave from `start` to `end` cover this instant (ended early by a report back at `returnedAt`)? */
export function covers(start: HalfDay, end: HalfDay, instant: Date, returnedAt: Date | null = null): boolean {
  const t = instant.getTime();
  if (t < halfStart(start).getTime() || t >= halfEnd(end).getTime()) return false;
  return !returnedAt || t < new Date(returnedAt).getTime();
}

/** A city's rules under `leave`, or the defaults. */
export function rulesFrom(settings: Record<string, unknown> | null | undefined): LeaveRules {
  const raw = settings?.leave;
  if (raw === undefined || raw === null) return DEFAULT_LEAVE_RULES;
  const parsed = LeaveRules.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.error('a city leave rule does not parse; the defaults apply', { issues: parsed.error.issues.slice(0, 3) });
  return DEFAULT_LEAVE_RULES;
}
