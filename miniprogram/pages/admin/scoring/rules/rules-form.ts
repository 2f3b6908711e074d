/**
 * 考核规则 as the rules page edits them: the metric names (a copy of the server's METRIC_NAMES,
 * server/features/scoring/schema.ts; pages/admin/scoring/rules/index.test.ts holds it to the
 * original), a rule line in words, the form of a county's rules (every number as typed) and back
 * to what `scoring.setRules` takes, and the server's issues named by what they are about.
 */
import type { ErrorAnswer, InputOf, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { CADRE_KINDS, CADRE_KIND_NAMES } from '../../../../utils/roles';
import type { CadreKind } from '../../../../utils/roles';

export type Rules = OutputOf<'scoring.getRules'>;
export type RulesInput = InputOf<'scoring.setRules'>['rules'];
type Item = Rules['items'][number];
export type Metric = Item['lines'][number]['metric'];

/** The server's names of the metrics, in the server's order (METRICS). */
export const METRIC_NAMES: Record<Metric, string> = {
  windowsDue: '应签到时段',
  windowsPresent: '按时签到',
  windowsCorrected: '补卡',
  windowsOutside: '不在驻村范围签到',
  windowsMissed: '未签到',
  windowsExcused: '请假时段',
  daysOnPost: '在岗天数',
  daysExcused: '请假天数',
  nights: '夜间在村',
  spotChecks: '被约请',
  spotChecksOnTime: '约请按时响应',
  spotChecksLate: '约请超时响应',
  spotChecksMissed: '约请未响应',
  spotChecksNotAtPost: '抽查发现不在岗',
  workLogDays: '工作记实天数',
  inspectionsAbsent: '暗访发现不在岗',
};
export const METRICS = Object.keys(METRIC_NAMES) as Metric[];

/** The most metrics an item may be lost at once by (the server's ScoreItem.forfeitOn). */
export const MAX_FORFEIT = 4;
/** The most the items' maxima may add up to. */
export const MAX_TOTAL = 100;

export const START_NAMES: Record<Item['start'], string> = { full: '满分起扣', zero: '从0分起加' };
export const BASIS_NAMES: Record<Rules['allowance']['basis'], string> = { daysOnPost: '在岗天数', workLogDays: '工作记实天数' };

/** Metrics counted in days (the rest in times). */
const IN_DAYS = new Set<Metric>(['daysOnPost', 'daysExcused', 'workLogDays']);

/**
 * A line in words from its points as typed (a magnitude) and its sign: `每次未签到 -2 分`,
 * `工作记实天数每天 +1 分`, with `（封顶 10 分）` when capped.
 */
export function lineText(metric: Metric, sign: 1 | -1, typed: string, cap: number | null): string {
  const name = METRIC_NAMES[metric] ?? metric;
  const points = `${sign < 0 ? '-' : '+'}${typed.trim() || '?'} 分`;
  const text = IN_DAYS.has(metric) ? `${name}每天 ${points}` : `每次${name} ${points}`;
  return cap === null ? text : `${text}（封顶 ${cap} 分）`;
}

export interface LineForm {
  metric: Metric;
  name: string;
  /** -1: a deduction (扣分), 1: an addition (加分). */
  sign: 1 | -1;
  /** How many points, without the sign, as typed. */
  points: string;
  cap: number | null;
  text: string;
}

export interface ForfeitChoice {
  metric: Metric;
  name: string;
  on: boolean;
}

export interface ItemForm {
  key: string;
  name: string;
  start: Item['start'];
  startText: string;
  max: string;
  lines: LineForm[];
  forfeitOn: Metric[];
  /** `暗访发现不在岗、抽查发现不在岗`, or `无`. */
  forfeitText: string;
  forfeitChoices: ForfeitChoice[];
  forfeitOpen: boolean;
}

export interface RateForm {
  kind: CadreKind;
  name: string;
  yuan: string;
}

export interface RulesForm {
  items: ItemForm[];
  excellent: string;
  competent: string;
  basicallyCompetent: string;
  quotaOn: boolean;
  quotaPct: string;
  basis: Rules['allowance']['basis'];
  rates: RateForm[];
  maxDays: string;
}

export function forfeitText(metrics: readonly Metric[]): string {
  return metrics.length ? metrics.map((m) => METRIC_NAMES[m] ?? m).join('、') : '无';
}

export const forfeitChoices = (on: readonly Metric[]): ForfeitChoice[] => METRICS.map((m) => ({ metric: m, name: METRIC_NAMES[m], on: on.includes(m) }));

function itemForm(it: Item): ItemForm {
  const forfeitOn = [...(it.forfeitOn ?? [])];
  return {
    key: it.key,
    name: it.name,
    start: it.start,
    startText: START_NAMES[it.start],
    max: String(it.max),
    lines: it.lines.map((l) => {
      const sign = l.points < 0 ? -1 : 1;
      const points = String(Math.abs(l.points));
      const cap = l.cap ?? null;
      return { metric: l.metric, name: METRIC_NAMES[l.metric] ?? l.metric, sign, points, cap, text: lineText(l.metric, sign, points, cap) };
    }),
    forfeitOn,
    forfeitText: forfeitText(forfeitOn),
    forfeitChoices: forfeitChoices(forfeitOn),
    forfeitOpen: false,
  };
}

export function formOf(r: Rules): RulesForm {
  const quota = r.grades.excellentQuotaPct;
  return {
    items: r.items.map(itemForm),
    excellent: String(r.grades.excellent),
    competent: String(r.grades.competent),
    basicallyCompetent: String(r.grades.basicallyCompetent),
    quotaOn: quota !== null,
    quotaPct: quota === null ? '' : String(quota),
    basis: r.allowance.basis,
    rates: CADRE_KINDS.map((kind) => ({ kind, name: CADRE_KIND_NAMES[kind], yuan: String(r.allowance.perDay[kind] ?? 0) })),
    maxDays: String(r.allowance.maxDays),
  };
}

/** A number as typed (at most two decimals), or null. */
export function numberOf(typed: string): number | null {
  const t = typed.trim();
  return /^\d{1,6}(\.\d{1,2})?$/.test(t) ? Number(t) : null;
}

/** A whole number as typed, or null. */
export function wholeOf(typed: string): number | null {
  const t = typed.trim();
  return /^\d{1,5}$/.test(t) ? Number(t) : null;
}

/** The items' maxima added up (what is not a number counts as 0). */
export const totalOf = (items: readonly ItemForm[]) => Math.round(items.reduce((s, it) => s + (numberOf(it.max) ?? 0), 0) * 100) / 100;

export const overTotalText = (total: number) => `各项满分合计 ${total} 分，不能超过 ${MAX_TOTAL} 分，请先调低某一项的满分`;

const GRADE_LABELS: Record<string, string> = { excellent: '优秀分数线', competent: '称职分数线', basicallyCompetent: '基本称职分数线', excellentQuotaPct: '优秀比例' };

/**
 * The form as `scoring.setRules` takes it, keeping what the page does not edit (keys, names,
 * caps) as read; or what to put right first (a number that is not one, a total above 100).
 */
export function rulesOfForm(f: RulesForm): RulesInput | string {
  const items: RulesInput['items'] = [];
  for (const it of f.items) {
    const max = numberOf(it.max);
    if (max === null) return `${it.name}的满分请填写数字`;
    const lines: RulesInput['items'][number]['lines'] = [];
    for (const l of it.lines) {
      const points = numberOf(l.points);
      if (points === null) return `${it.name}中“${l.name}”的分值请填写数字`;
      lines.push({ metric: l.metric, points: l.sign * points, ...(l.cap === null ? {} : { cap: l.cap }) });
    }
    items.push({ key: it.key, name: it.name, max, start: it.start, lines, forfeitOn: [...it.forfeitOn] });
  }
  const total = totalOf(f.items);
  if (total > MAX_TOTAL) return overTotalText(total);
  const grades = { excellent: numberOf(f.excellent), competent: numberOf(f.competent), basicallyCompetent: numberOf(f.basicallyCompetent) };
  for (const [k, v] of Object.entries(grades)) if (v === null) return `${GRADE_LABELS[k]}请填写数字`;
  let excellentQuotaPct: number | null = null;
  if (f.quotaOn) {
    excellentQuotaPct = numberOf(f.quotaPct);
    if (excellentQuotaPct === null) return '优秀比例请填写数字（不限比例请选“不限”）';
  }
  const perDay = {} as Record<CadreKind, number>;
  for (const r of f.rates) {
    const yuan = numberOf(r.yuan);
    if (yuan === null) return `${r.name}每天补助请填写金额（元）`;
    perDay[r.kind] = yuan;
  }
  const maxDays = wholeOf(f.maxDays);
  if (maxDays === null) return '每月最多计发天数请填写整数';
  return {
    items,
    grades: { excellent: grades.excellent!, competent: grades.competent!, basicallyCompetent: grades.basicallyCompetent!, excellentQuotaPct },
    allowance: { basis: f.basis, perDay, maxDays },
  };
}

const ALLOWANCE_LABELS: Record<string, string> = { basis: '补助计算依据', maxDays: '每月最多计发天数' };

/** What an issue's path (`rules.items.0.lines.1.points`) is about, in words; '' when its message says so itself. */
function issueLabel(path: string, message: string, f: RulesForm): string {
  if (/合计|从高到低|不能重复/.test(message)) return '';
  const p = path.replace(/^rules\.?/, '').split('.');
  if (p[0] === 'items') {
    const it = f.items[Number(p[1])];
    if (!it) return '考核项目';
    if (p[2] === 'max') return `${it.name}满分`;
    if (p[2] === 'lines') {
      const l = it.lines[Number(p[3])];
      return l ? `${it.name}中“${l.name}”的分值` : it.name;
    }
    if (p[2] === 'forfeitOn') return `${it.name}一次扣完`;
    return it.name;
  }
  if (p[0] === 'grades') return GRADE_LABELS[p[1] ?? ''] ?? '考核等次';
  if (p[0] === 'allowance') {
    if (p[1] === 'perDay') {
      const kind = p[2] as CadreKind;
      return CADRE_KIND_NAMES[kind] ? `${CADRE_KIND_NAMES[kind]}每天补助` : '每天补助';
    }
    return ALLOWANCE_LABELS[p[1] ?? ''] ?? '驻村补助';
  }
  return '';
}

/** The server's message, each issue named by what it is about (`提交的内容不符合要求，请检查后重试（在岗签到满分：…）`). */
export function rulesError(a: ErrorAnswer, f: RulesForm): string {
  const labels: Record<string, string> = {};
  const issues = (a.issues ?? []).map((i, n) => {
    const label = issueLabel(i.path, i.message, f);
    if (!label) return { path: '', message: i.message };
    labels[`i${n}`] = label;
    return { path: `i${n}`, message: i.message };
  });
  return errorText({ ...a, issues }, labels);
}
