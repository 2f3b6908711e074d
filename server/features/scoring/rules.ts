/** The scoring rules as pure functions: metrics of a month, points, grades, the allowance. */
import { LETTER_STATUS, parseEntry, type AttendanceStatus, type MonthLetter } from '../checkin/months';
import type { CadreKind } from '../people/schema';
import { METRICS, METRIC_NAMES, type AllowanceRules, type Grade, type GradeRules, type Metric, type Ref, type ScoreItem, type ScoredItem } from './schema';

/** Points kept to one decimal (half points exist: half a day on post). */
export const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

export const emptyMetrics = (): Record<Metric, number> => Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>;

const STATUS_METRIC: Record<AttendanceStatus, Metric> = {
  present: 'windowsPresent',
  corrected: 'windowsCorrected',
  outside: 'windowsOutside',
  missed: 'windowsMissed',
  excused: 'windowsExcused',
};
const STATUS_LABEL: Record<AttendanceStatus, string> = { present: '签到', corrected: '补卡', outside: '不在驻村范围签到', missed: '未签到', excused: '请假' };

/** A county's settled day windows of a month (checkin/months.ts), sorted, and as a set. */
export interface ClosedDays {
  keys: readonly string[];
  set: ReadonlySet<string>;
  /** The month of a cadre on post in every one of them (most cadres): counted once per county. */
  allOnPost?: { metrics: Record<Metric, number>; dayShares: readonly DayShare[] };
}

export function closedDays(keys: readonly string[]): ClosedDays {
  return { keys, set: new Set(keys) };
}

export type DayShare = { date: string; onPost: number; excused: number };
const isEmpty = (o: object) => {
  for (const _k in o) return false;
  return true;
};

/**
 * What one month's attendance copy (`w`: day windows, `n`: night windows, by `<date>_<windowId>`)
 * counts. With `closed` (a cadre stationed all month), `days` holds only the windows not on post
 * and every other settled window of the county is on post; without it, `days` is every window.
 */
export function attendanceMetrics(
  personId: string,
  month: string,
  days: Record<string, MonthLetter>,
  nights: Record<string, MonthLetter>,
  windowName: (id: string) => string,
  /** The metrics whose records are kept (those the rules score); all when not given. */
  keep?: ReadonlySet<Metric>,
  closed?: ClosedDays,
): { metrics: Record<Metric, number>; refs: Partial<Record<Metric, Ref[]>>; dayShares: readonly DayShare[] } {
  // On post in every settled window, and no record of it kept: the county's month as it is.
  if (closed && keep && !keep.has('windowsPresent') && !keep.has('daysOnPost') && isEmpty(days) && isEmpty(nights)) {
    if (!closed.allOnPost) {
      // Counted the long way once (every record kept, then dropped: none is this cadre's).
      const { metrics: m, dayShares: d } = attendanceMetrics('', month, {}, {}, windowName, undefined, closed);
      closed.allOnPost = { metrics: m, dayShares: d };
    }
    return { metrics: { ...closed.allOnPost.metrics }, refs: {}, dayShares: closed.allOnPost.dayShares };
  }
  const metrics = emptyMetrics();
  const refs: Partial<Record<Metric, Ref[]>> = {};
  const push = (m: Metric, r: Ref) => {
    if (!keep || keep.has(m)) (refs[m] ??= []).push(r);
  };
  // By day of the month (1–31): how many windows were due, on post (present or corrected), excused.
  // A month of 100,000 cadres passes here 4 million times: counts go in arrays, and only the
  // entries whose records are kept are sorted (keys sort by day, then window).
  const due = new Array<number>(32).fill(0);
  const ok = new Array<number>(32).fill(0);
  const exc = new Array<number>(32).fill(0);
  const kept: string[] = [];
  let keys: readonly string[];
  if (!closed) keys = Object.keys(days);
  else {
    // A window not on post that the county's log does not hold (it cannot happen for a cadre
    // stationed all month, but a record is never dropped) counts as well.
    let extra: string[] | null = null;
    for (const key in days) if (!closed.set.has(key)) (extra ??= []).push(key);
    keys = extra ? [...closed.keys, ...extra] : closed.keys;
  }
  for (const key of keys) {
    const letter = days[key] ?? 'P';
    const metric = STATUS_METRIC[LETTER_STATUS[letter]];
    metrics.windowsDue += 1;
    metrics[metric] += 1;
    const d = (key.charCodeAt(1) - 48) * 10 + (key.charCodeAt(2) - 48);
    due[d]! += 1;
    if (letter === 'P' || letter === 'C') ok[d]! += 1;
    else if (letter === 'E') exc[d]! += 1;
    if (!keep || keep.has(metric)) kept.push(key);
  }
  for (const key of kept.sort()) {
    const status = LETTER_STATUS[days[key] ?? 'P'];
    const { date, windowId } = parseEntry(month, key);
    push(STATUS_METRIC[status], { id: `${personId}.${date}.${windowId}`, date, label: `${windowName(windowId)} ${STATUS_LABEL[status]}` });
  }
  // Shares are exact fractions (a third of a day with three windows); sums are rounded once.
  const dayShares: DayShare[] = [];
  for (let d = 1; d <= 31; d++) {
    if (!due[d]) continue;
    dayShares.push({ date: `${month}-${d < 10 ? '0' : ''}${d}`, onPost: ok[d]! / due[d]!, excused: exc[d]! / due[d]! });
  }
  for (const d of dayShares) {
    metrics.daysOnPost += d.onPost;
    metrics.daysExcused += d.excused;
    if (d.onPost > 0) push('daysOnPost', { id: `${personId}.${d.date}`, date: d.date, label: d.onPost === 1 ? '全天在岗' : `在岗 ${round2(d.onPost)} 天`, ...(d.onPost < 1 ? { share: round2(d.onPost) } : {}) });
    if (d.excused > 0) push('daysExcused', { id: `${personId}.${d.date}`, date: d.date, label: d.excused === 1 ? '全天请假' : `请假 ${round2(d.excused)} 天`, ...(d.excused < 1 ? { share: round2(d.excused) } : {}) });
  }
  metrics.daysOnPost = round2(metrics.daysOnPost);
  metrics.daysExcused = round2(metrics.daysExcused);
  for (const key of Object.keys(nights).sort()) {
    const status = LETTER_STATUS[nights[key]!];
    if (status !== 'present' && status !== 'corrected') continue;
    const { date, windowId } = parseEntry(month, key);
    metrics.nights += 1;
    push('nights', { id: `${personId}.${date}.${windowId}`, date, label: `${windowName(windowId)} 在村` });
  }
  return { metrics, refs, dayShares };
}

/** A spot check as scoring reads it. */
export interface SpotCheckFact {
  id: string;
  date: string;
  status: 'open' | 'answered' | 'late' | 'missed';
  notAtPost: boolean;
}

export function addSpotChecks(metrics: Record<Metric, number>, refs: Partial<Record<Metric, Ref[]>>, checks: SpotCheckFact[]): void {
  const push = (m: Metric, r: Ref) => (refs[m] ??= []).push(r);
  for (const c of [...checks].sort((a, b) => (a.date + a.id).localeCompare(b.date + b.id))) {
    if (c.status === 'open') continue; // still running: counted once closed
    metrics.spotChecks += 1;
    push('spotChecks', { id: c.id, date: c.date, label: '被约请' });
    const m: Metric = c.status === 'answered' ? 'spotChecksOnTime' : c.status === 'late' ? 'spotChecksLate' : 'spotChecksMissed';
    metrics[m] += 1;
    push(m, { id: c.id, date: c.date, label: METRIC_NAMES[m] });
    if (c.notAtPost) {
      metrics.spotChecksNotAtPost += 1;
      push('spotChecksNotAtPost', { id: c.id, date: c.date, label: '视频/电话抽查不在岗' });
    }
  }
}

/** Each item's points: its start, plus each line's count × points (capped), within [0, max]; 0 at once on a forfeit. */
export function scoreItems(items: readonly ScoreItem[], metrics: Record<Metric, number>): { items: ScoredItem[]; total: number } {
  const out = items.map((item): ScoredItem => {
    const lines = item.lines.map((l) => {
      const raw = metrics[l.metric] * l.points;
      const capped = l.cap !== undefined && Math.abs(raw) > l.cap;
      return { metric: l.metric, count: metrics[l.metric], per: l.points, points: round1(capped ? Math.sign(raw) * l.cap! : raw), capped };
    });
    const forfeitedBy = item.forfeitOn.find((m) => metrics[m] > 0) ?? null;
    const sum = (item.start === 'full' ? item.max : 0) + lines.reduce((s, l) => s + l.points, 0);
    const points = forfeitedBy ? 0 : round1(Math.min(item.max, Math.max(0, sum)));
    return { key: item.key, name: item.name, max: item.max, start: item.start, points, lines, forfeitedBy };
  });
  return { items: out, total: round1(out.reduce((s, i) => s + i.points, 0)) };
}

/**
 * Where 优秀 stops under the quota: with `count` cadres, at most ⌊count × pct / 100⌋ may be 优秀.
 * `nextTotal` is the total of the first cadre beyond the quota (ranked by total, best first);
 * a cadre must score above it, so a tie across the boundary leaves the whole tie out.
 * Null when the quota does not bite (no quota, or fewer cadres than it allows).
 */
export function quotaCut(grades: GradeRules, count: number, nextTotal: (k: number) => number | null): number | null {
  if (grades.excellentQuotaPct === null) return null;
  const k = Math.floor((count * grades.excellentQuotaPct) / 100 + 1e-9);
  if (k >= count) return null;
  return nextTotal(k);
}

/** The grade of a total, by the thresholds and (for 优秀) the quota's cut. */
export function gradeOf(total: number, grades: GradeRules, excellentAbove: number | null): Grade {
  if (total >= grades.excellent && (excellentAbove === null || total > excellentAbove)) return 'excellent';
  if (total >= grades.competent) return 'competent';
  if (total >= grades.basicallyCompetent) return 'basicallyCompetent';
  return 'incompetent';
}

/** Ranks of totals sorted best first, ties sharing a rank (1, 2, 2, 4), starting after `before` better ones. */
export function ranks(totals: number[], before = 0, prev?: { total: number; rank: number }): number[] {
  const out: number[] = [];
  let last = prev;
  totals.forEach((t, i) => {
    const rank = last && last.total === t ? last.rank : before + i + 1;
    out.push(rank);
    last = { total: t, rank };
  });
  return out;
}

/** The allowance of a month: the days counted by the county's basis, at the day rate of the cadre's kind. */
export function allowanceOf(
  rules: AllowanceRules,
  kind: CadreKind,
  dayShares: readonly { date: string; onPost: number }[],
  workLogDays: Ref[],
): { dayList: string; counted: number; days: number; perDayFen: number; amountFen: number } {
  const dayList = rules.basis === 'daysOnPost'
    ? dayShares.filter((d) => d.onPost > 0).map((d) => ({ date: d.date, share: d.onPost }))
    : [...new Set(workLogDays.map((r) => r.date))].sort().map((date) => ({ date, share: 1 }));
  const counted = round2(dayList.reduce((s, d) => s + d.share, 0));
  const days = Math.min(rules.maxDays, counted);
  const perDayFen = Math.round(rules.perDay[kind] * 100);
  return { dayList: packDays(dayList), counted, days, perDayFen, amountFen: Math.round(days * perDayFen) };
}

/** `[{2026-11-02, 1}, {2026-11-05, 0.5}]` → `02,05:0.5` (the month is the allowance's). */
export function packDays(list: { date: string; share: number }[]): string {
  return list.map((d) => (d.share === 1 ? d.date.slice(8) : `${d.date.slice(8)}:${round2(d.share)}`)).join(',');
}
export function unpackDays(month: string, packed: string): { date: string; share: number }[] {
  return packed ? packed.split(',').map((x) => {
    const [dd, share] = x.split(':');
    return { date: `${month}-${dd}`, share: share ? Number(share) : 1 };
  }) : [];
}

/** The months of a period (one for a month, three for a quarter). */
export function periodMonths(period: string): string[] {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!q) return [period];
  const first = (Number(q[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${q[1]}-${String(first + i).padStart(2, '0')}`);
}

/** The quarter a month closes, or null (`2026-12` closes `2026-Q4`). */
export function quarterClosedBy(month: string): string | null {
  const m = Number(month.slice(5, 7));
  return m % 3 === 0 ? `${month.slice(0, 4)}-Q${m / 3}` : null;
}

export const isQuarter = (period: string) => period.includes('Q');
