/**
 * Attendance scoring (考核), grades, rankings, publications and the stationing allowance (驻村补助):
 * the county's rules as data, and what the backend keeps.
 */
import * as z from 'zod';
import type { CadreKind } from '../people/schema';
import { CADRE_KINDS } from '../people/schema';

/** `2026-11` (a month) or `2026-Q4` (a quarter). */
export const Period = z.string().regex(/^\d{4}-((0[1-9]|1[0-2])|Q[1-4])$/, '考核期格式应为 YYYY-MM 或 YYYY-Q1…Q4');
export type Period = z.infer<typeof Period>;

/** What a month of a cadre is measured by: each a count, each with the records behind it. */
export const METRICS = [
  'windowsDue',
  'windowsPresent',
  'windowsCorrected',
  'windowsOutside',
  'windowsMissed',
  'windowsExcused',
  'daysOnPost',
  'daysExcused',
  'nights',
  'spotChecks',
  'spotChecksOnTime',
  'spotChecksLate',
  'spotChecksMissed',
  'spotChecksNotAtPost',
  'workLogDays',
  'inspectionsAbsent',
] as const;
export type Metric = (typeof METRICS)[number];

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

/** One line of an item: so many points for each record of a metric (negative: a deduction), up to a cap. */
export const RuleLine = z.object({
  metric: z.enum(METRICS),
  points: z.number().min(-100).max(100).refine((n) => n !== 0, '每项分值不能为 0'),
  /** The most this line may add or take away (points, positive). */
  cap: z.number().min(0).max(100).optional(),
});
export type RuleLine = z.infer<typeof RuleLine>;

export const ScoreItem = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9]{0,23}$/),
  name: z.string().trim().min(1).max(20),
  max: z.number().min(1).max(100),
  /** `full`: start at the item's max and deduct; `zero`: start at 0 and add. */
  start: z.enum(['full', 'zero']),
  lines: z.array(RuleLine).max(8),
  /** 一次扣完: one record of any of these metrics loses the whole item at once. */
  forfeitOn: z.array(z.enum(METRICS)).max(4).default([]),
});
export type ScoreItem = z.infer<typeof ScoreItem>;

export const GRADES = ['excellent', 'competent', 'basicallyCompetent', 'incompetent'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_NAMES: Record<Grade, string> = { excellent: '优秀', competent: '称职', basicallyCompetent: '基本称职', incompetent: '不称职' };

export const GradeRules = z
  .object({
    /** The least total for each grade above 不称职. */
    excellent: z.number().min(0).max(100),
    competent: z.number().min(0).max(100),
    basicallyCompetent: z.number().min(0).max(100),
    /** At most this share of a county's cadres is 优秀 (percent); those beyond it are 称职. Null: no quota. */
    excellentQuotaPct: z.number().min(0).max(100).nullable(),
  })
  .refine((g) => g.excellent >= g.competent && g.competent >= g.basicallyCompetent, '等次分数线应从高到低');
export type GradeRules = z.infer<typeof GradeRules>;

/** Yuan per day, by cadre kind (kept in fen once read). */
const Yuan = z.number().min(0).max(10_000).multipleOf(0.01);

export const AllowanceRules = z.object({
  /** What a day is counted by: days on post (在岗天数) or days with a work log (工作记实天数). */
  basis: z.enum(['daysOnPost', 'workLogDays']),
  perDay: z.object(Object.fromEntries(CADRE_KINDS.map((k) => [k, Yuan])) as Record<CadreKind, typeof Yuan>),
  /** At most this many days are paid in a month. */
  maxDays: z.number().int().min(1).max(31),
});
export type AllowanceRules = z.infer<typeof AllowanceRules>;

export const ScoringRules = z
  .object({
    items: z.array(ScoreItem).min(1).max(10),
    grades: GradeRules,
    allowance: AllowanceRules,
  })
  .superRefine((r, ctx) => {
    if (new Set(r.items.map((i) => i.key)).size !== r.items.length) ctx.addIssue({ code: 'custom', path: ['items'], message: '考核项目的标识不能重复' });
    const total = r.items.reduce((s, i) => s + i.max, 0);
    if (total > 100) ctx.addIssue({ code: 'custom', path: ['items'], message: `各项满分合计 ${total} 分，不能超过 100 分` });
  });
export type ScoringRules = z.infer<typeof ScoringRules>;

/** The rules a county has until it sets its own (frozen: copy it to change it). */
export const DEFAULT_SCORING_RULES: ScoringRules = Object.freeze({
  items: [
    {
      key: 'attendance',
      name: '在岗签到',
      max: 50,
      start: 'full',
      lines: [
        { metric: 'windowsMissed', points: -2 },
        { metric: 'windowsOutside', points: -1 },
      ],
      // 一次扣完: found absent by an inspection, or by a call on a spot check, loses the whole item.
      forfeitOn: ['inspectionsAbsent', 'spotChecksNotAtPost'],
    },
    {
      key: 'spotCheck',
      name: '随机约请',
      max: 30,
      start: 'full',
      lines: [
        { metric: 'spotChecksMissed', points: -10 },
        { metric: 'spotChecksLate', points: -3 },
      ],
      forfeitOn: [],
    },
    {
      key: 'workLog',
      name: '驻村记实',
      max: 20,
      start: 'zero',
      lines: [{ metric: 'workLogDays', points: 1 }],
      forfeitOn: [],
    },
  ],
  grades: { excellent: 90, competent: 75, basicallyCompetent: 60, excellentQuotaPct: 20 },
  allowance: { basis: 'daysOnPost', perDay: { firstSecretary: 100, teamMember: 80, stationedLeader: 60 }, maxDays: 31 },
}) as ScoringRules;

/** A record behind a metric: what the cadre's score opens to. */
export interface Ref {
  /** The record's id in its collection (an attendance record, a spot check, a work log…). */
  id: string;
  /** `YYYY-MM-DD` (Beijing). */
  date: string;
  /** What it was, in Chinese (上午 未签到, 约请未响应…). */
  label: string;
  /** For a day: the share of it that counts (half a day on post), when not all of it. */
  share?: number;
}

/** One line of an item as scored: the metric's count times its points, capped. */
export interface ScoredLine {
  metric: Metric;
  count: number;
  per: number;
  points: number;
  capped: boolean;
}

export interface ScoredItem {
  key: string;
  name: string;
  max: number;
  /** Where the item starts: its max (deductions) or 0 (additions). */
  start: 'full' | 'zero';
  points: number;
  lines: ScoredLine[];
  /** The metric that lost the whole item at once (一次扣完), if any. */
  forfeitedBy: Metric | null;
}

/**
 * A cadre's score for a period as stored (`_id` `<personId>.<period>`): the working figures,
 * recomputed until published (and after, as a new version). Kept small (a month of 100,000
 * cadres is written whole): the metrics that are not zero, the records behind the points, each
 * item's points, and the id of the rule set they were scored by (`scoreRuleSets`), from which
 * the lines are worked out again, exactly, when the score is opened.
 */
export interface StoredScore {
  _id: string;
  personId: string;
  name: string;
  kind: CadreKind;
  villageId: string;
  villageName: string;
  villagePath: string[];
  countyId: string;
  period: string;
  /** The metrics that are not zero. */
  metrics: Partial<Record<Metric, number>>;
  /** The records behind the metrics the rules give or take points for (attendance by record id, spot checks, sources). */
  refs: Partial<Record<Metric, Ref[]>>;
  /** Each item's points, in the rule set's order. */
  points: number[];
  total: number;
  rulesId: string;
  /** For a quarter: the months it averages. */
  months?: { month: string; total: number }[];
  /** For a month: the allowance (驻村补助) it counts; kept as signed until the sign-off is taken back. */
  allowance?: StoredAllowance;
  computedAt: Date;
}

/** A month's allowance inside its score document. Amounts in fen. */
export interface StoredAllowance {
  basis: AllowanceRules['basis'];
  /** The days counted, as `DD` or `DD:share` (half a day when half of it was on post), comma-separated. */
  dayList: string;
  counted: number;
  days: number;
  perDayFen: number;
  amountFen: number;
  status: 'draft' | 'signed';
  signoffId: string | null;
  signedByName: string | null;
  signedAt: Date | null;
}

/** A score as read: every metric, and each item with its lines. */
export interface ScoreDoc extends Omit<StoredScore, 'metrics'> {
  metrics: Record<Metric, number>;
  items: ScoredItem[];
}

/** A set of scoring rules as some scores were computed by (`_id` `rs-<hash of the rules>`), kept for good. */
export interface RuleSetDoc {
  _id: string;
  rules: ScoringRules;
  at: Date;
}

/** A county's figures for a period as a whole (`_id` `<countyId>.<period>`): how many, and where 优秀 stops under the quota. */
export interface ScoreRunDoc {
  _id: string;
  countyId: string;
  period: string;
  count: number;
  /** A total must be above this for 优秀 under the quota (null: the quota does not bite). */
  excellentAbove: number | null;
  grades: GradeRules;
  computedAt: Date;
}

/** A publication (`_id` `pub.<unitId>.<period>.v<version>`): its rows are frozen in `publishedScores`. */
export interface PublicationDoc {
  _id: string;
  unitId: string;
  unitName: string;
  unitPath: string[];
  period: string;
  version: number;
  /** Why a later version was made (a correction); empty for the first. */
  reason: string;
  clientId: string;
  count: number;
  gradeCounts: Record<Grade, number>;
  byId: string;
  byName: string;
  at: Date;
}

/** One frozen row of a publication (`_id` `<pubId>.<attempt>.<personId>`). */
export interface PublishedScoreDoc {
  _id: string;
  pubId: string;
  /** The publishing attempt (its clientId): only the rows of the attempt that published count. */
  attempt: string;
  unitId: string;
  period: string;
  version: number;
  personId: string;
  name: string;
  kind: CadreKind;
  villageName: string;
  villagePath: string[];
  total: number;
  items: { key: string; name: string; points: number; max: number }[];
  grade: Grade;
  rank: number;
}

/** A cadre's allowance for a month as read (from the month's score document, `_id` `<personId>.<YYYY-MM>`). Amounts in fen. */
export interface AllowanceDoc extends StoredAllowance {
  _id: string;
  personId: string;
  name: string;
  kind: CadreKind;
  villageId: string;
  villageName: string;
  villagePath: string[];
  month: string;
  computedAt: Date;
}

/** A staff sign-off of a unit's allowances for a month (`_id` `<unitId>.<month>.<clientId>`). */
export interface SignoffDoc {
  _id: string;
  unitId: string;
  unitName: string;
  unitPath: string[];
  month: string;
  count: number;
  amountFen: number;
  byId: string;
  byName: string;
  at: Date;
  /** Set when the sign-off was taken back (the allowances reopened), with why. */
  reopened: { byName: string; at: Date; reason: string } | null;
}
