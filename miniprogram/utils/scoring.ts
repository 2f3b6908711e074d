/**
 * Words and small helpers of the scoring pages (考核, 排名, 公布, 驻村补助): periods as people read
 * them, the periods a picker offers, and a score opened to its records (`scoring.mine`'s score,
 * `scoring.explain`) as the pages show it. The grade names copy the server's
 * (server/features/scoring/schema.ts); utils/server-copies.test.ts holds them to it.
 */
import type { OutputOf } from '../../typings/api';

export type Explanation = OutputOf<'scoring.explain'>;
export type Grade = NonNullable<Explanation['grade']>;

export const GRADES: Grade[] = ['excellent', 'competent', 'basicallyCompetent', 'incompetent'];
export const GRADE_NAMES: Record<Grade, string> = { excellent: '优秀', competent: '称职', basicallyCompetent: '基本称职', incompetent: '不称职' };

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export const isPeriod = (p: string) => MONTH_RE.test(p) || QUARTER_RE.test(p);
export const isMonth = (p: string) => MONTH_RE.test(p);

/** `2026-05` → `2026年5月`, `2026-Q1` → `2026年第1季度`. */
export function periodText(period: string): string {
  const m = MONTH_RE.exec(period);
  if (m) return `${Number(m[1])}年${Number(m[2])}月`;
  const q = QUARTER_RE.exec(period);
  return q ? `${q[1]}年第${q[2]}季度` : period;
}

/** The month `by` months after (before, when negative) `YYYY-MM`. */
export function shiftMonth(month: string, by: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + by;
  const year = y + Math.floor(m / 12);
  return `${year}-${String((((m % 12) + 12) % 12) + 1).padStart(2, '0')}`;
}

/** The month before the one of `today` (`YYYY-MM-DD`): the last one that is over. */
export const lastMonthOf = (today: string) => shiftMonth(today.slice(0, 7), -1);

export interface PeriodOption {
  period: string;
  label: string;
}

/**
 * What a period picker offers on `today`: the last 12 months that are over (newest first), then
 * the last 4 quarters that are over (`2026-Q1`…). Only a period that is over can be computed.
 */
export function recentPeriods(today: string): PeriodOption[] {
  const thisMonth = today.slice(0, 7);
  const months = Array.from({ length: 12 }, (_x, i) => shiftMonth(thisMonth, -1 - i));
  // Quarters counted from year 0: this one is y × 4 + (q − 1); the four before it are over.
  const current = Number(thisMonth.slice(0, 4)) * 4 + Math.floor((Number(thisMonth.slice(5, 7)) - 1) / 3);
  const quarters = Array.from({ length: 4 }, (_x, i) => {
    const n = current - 1 - i;
    return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
  });
  return [...months, ...quarters].map((period) => ({ period, label: periodText(period) }));
}

/** The periods of a picker with `asked` in front when it is a period the list lacks. */
export function periodsWith(list: PeriodOption[], asked: string): PeriodOption[] {
  return !asked || list.some((p) => p.period === asked) ? list : [{ period: asked, label: periodText(asked) }, ...list];
}

/** What a period picker keeps in a page's `data`. */
export interface PeriodPicker {
  periods: PeriodOption[];
  periodLabels: string[];
  periodIndex: number;
  period: string;
  periodText: string;
}

/** A period picker before the page loads (spread into its `data`). */
export function emptyPeriodPicker(): PeriodPicker {
  return { periods: [], periodLabels: [], periodIndex: 0, period: '', periodText: '' };
}

/** A period picker on `today` (`recentPeriods`), showing `asked` (the link's) when it is a period, else the latest. */
export function periodPicker(today: string, asked: string): PeriodPicker {
  const periods = periodsWith(recentPeriods(today), isPeriod(asked) ? asked : '');
  const i = Math.max(0, periods.findIndex((p) => p.period === asked));
  return { periods, periodLabels: periods.map((p) => p.label), periodIndex: i, period: periods[i]!.period, periodText: periods[i]!.label };
}

/** `+1`, `-2`, `0`. */
export const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** `5月12日` from `YYYY-MM-DD`. */
export const shortDate = (date: string) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日` : date);

/** A day's share of the allowance: `1 天`, `0.5 天`. */
export const shareText = (share: number) => `${share} 天`;

export interface RecordView {
  key: string;
  /** `5月12日 下午 未签到 -2 分`. */
  text: string;
}

export interface LineView {
  key: string;
  /** `未签到 1 次，每次 -2 分`, `工作记实天数 3 天，每天 +1 分`. */
  text: string;
  /** `-2 分`. */
  points: string;
  capped: boolean;
  records: RecordView[];
}

export interface ItemView {
  key: string;
  name: string;
  /** `48 / 50 分`. */
  score: string;
  basis: string;
  lines: LineView[];
  /** 一次扣完: what lost the whole item, and the records of it. */
  forfeited: { text: string; records: RecordView[] } | null;
  /** Records behind the item (its lines'), for the `n 条记录` of the collapsed item. */
  recordCount: number;
  open: boolean;
}

export interface ExplanationView {
  name: string;
  kindName: string;
  villageName: string;
  period: string;
  periodText: string;
  total: number;
  grade: Grade | null;
  gradeName: string;
  computedAt: string;
  items: ItemView[];
  /** Each metric with a count (`未签到 1`). */
  metrics: { key: string; text: string }[];
  /** A quarter: the months it averages (`2026年4月 78 分`). */
  months: { key: string; text: string }[];
}

/** Metrics counted in days (the rest in times). */
const inDays = (metric: string) => metric === 'daysOnPost' || metric === 'daysExcused' || metric === 'workLogDays';

export function explanationView(s: Explanation, computedAt: string): ExplanationView {
  return {
    name: s.name,
    kindName: s.kindName,
    villageName: s.villageName,
    period: s.period,
    periodText: periodText(s.period),
    total: s.total,
    grade: s.grade,
    gradeName: s.gradeName,
    computedAt,
    items: s.items.map((it) => ({
      key: it.key,
      name: it.name,
      score: `${it.points} / ${it.max} 分`,
      basis: it.basis,
      lines: it.lines.map((l) => ({
        key: l.metric,
        text: inDays(l.metric) ? `${l.name} ${l.count} 天，每天 ${signed(l.per)} 分` : `${l.name} ${l.count} 次，每次 ${signed(l.per)} 分`,
        points: `${signed(l.points)} 分`,
        capped: l.capped,
        records: l.records.map((r) => ({ key: r.id, text: `${shortDate(r.date)} ${r.label} ${signed(r.points)} 分` })),
      })),
      forfeited: it.forfeited
        ? { text: `一次扣完：${it.forfeited.name}，本项计 0 分`, records: it.forfeited.records.map((r) => ({ key: r.id, text: `${shortDate(r.date)} ${r.label}` })) }
        : null,
      recordCount: it.lines.reduce((n, l) => n + l.records.length, 0),
      open: false,
    })),
    metrics: s.metrics.filter((m) => m.value > 0).map((m) => ({ key: m.metric, text: `${m.name} ${m.value}` })),
    months: (s.months ?? []).map((m) => ({ key: m.month, text: `${periodText(m.month)} ${m.total} 分` })),
  };
}

/** The same view with item `key` opened or closed. */
export function toggleItem(view: ExplanationView, key: string): ExplanationView {
  return { ...view, items: view.items.map((it) => (it.key === key ? { ...it, open: !it.open } : it)) };
}

/** `优秀 0 · 称职 14 · 基本称职 0 · 不称职 1`. */
export function gradeCountsText(counts: Record<Grade, number>): string {
  return GRADES.map((g) => `${GRADE_NAMES[g]} ${counts[g] ?? 0}`).join(' · ');
}

/** An amount in yuan: `1,250 元`, `50.5 元`. */
export function yuanText(yuan: number): string {
  const [int, dec] = (Math.round(yuan * 100) / 100).toFixed(2).split('.') as [string, string];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = dec === '00' ? '' : `.${dec.replace(/0$/, '')}`;
  return `${grouped}${cents} 元`;
}
