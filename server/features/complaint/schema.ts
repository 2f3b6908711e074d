/**
 * Villagers' complaints (诉求) from the village WeChat groups, handled as 信息收集、集中受理、
 * 分类处置、部门办理、限时办结、跟踪督办、全程监督 (seed 001).
 */
import * as z from 'zod';
import { UnitId } from '../org/schema';

export const CATEGORIES = ['education', 'disclosure', 'service', 'report', 'opinion'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_NAMES: Record<Category, string> = { education: '宣传教育', disclosure: '公示公开', service: '便民服务', report: '信访举报', opinion: '舆情管控' };

export const STATUSES = ['raised', 'accepted', 'rejected', 'dispatched', 'answered', 'closed'] as const;
export type ComplaintStatus = (typeof STATUSES)[number];
export const STATUS_NAMES: Record<ComplaintStatus, string> = { raised: '待受理', accepted: '已受理', rejected: '不予受理', dispatched: '部门办理中', answered: '已答复待评价', closed: '已办结' };

export const RATINGS = ['satisfied', 'basicallySatisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_NAMES: Record<Rating, string> = { satisfied: '满意', basicallySatisfied: '基本满意', unsatisfied: '不满意' };

/** What a step of the record says (全程监督: every step, who and when). */
export const STEP_NAMES = {
  raise: '村民提出诉求',
  accept: '受理',
  reject: '不予受理',
  classify: '分类',
  dispatch: '交办部门',
  transfer: '转办',
  extendAsk: '申请延期',
  extendYes: '同意延期',
  extendNo: '不同意延期',
  answer: '办结答复',
  rate: '村民评价',
  reopen: '不满意，重新办理',
  warn: '临期提醒',
  overdue: '逾期，乡镇督办',
  escalate: '逾期，纪委监委督办',
  close: '结案',
} as const;
export type StepKind = keyof typeof STEP_NAMES;

/**
 * Where a ticket comes from: a villager's complaint from the village group, or a problem a
 * cadre recorded in a household visit (走访, the visit feature). Complaints made before visits
 * existed carry no `source`: they read as `villager` (`sourceOf`).
 */
export const SOURCES = ['villager', 'visit'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_NAMES: Record<Source, string> = { villager: '村民诉求', visit: '走访问题' };

/** A visit problem's record names two steps for who takes them: the cadre raises it and does the 回访 for the household. */
const VISIT_STEP_NAMES: Partial<Record<StepKind, string>> = { raise: '走访发现问题', rate: '走访干部回访评价' };

export function sourceOf(c: { source?: Source | null }): Source {
  return c.source ?? 'villager';
}

/** What a step is called on a ticket of this source. */
export function stepName(kind: StepKind, source: Source): string {
  return (source === 'visit' ? VISIT_STEP_NAMES[kind] : undefined) ?? STEP_NAMES[kind];
}

/** Per category: working days to close once dispatched, and whether handlers may see the villager's contact. */
export const CategoryRule = z.object({ days: z.number().int().min(1).max(60), revealContact: z.boolean() }).strict();

/** A county's rules (`settings.complaint`). */
export const ComplaintRules = z
  .object({
    categories: z.object(Object.fromEntries(CATEGORIES.map((c) => [c, CategoryRule])) as Record<Category, typeof CategoryRule>).strict(),
    /** Hours before the deadline when the department is warned. */
    warnHours: z.number().int().min(1).max(168),
    /** Working days past the deadline after which discipline staff (纪委监委) take over the supervision. */
    escalateDays: z.number().int().min(1).max(30),
    /** Days a villager has to rate an answer; unrated answers are closed after them. */
    rateDays: z.number().int().min(1).max(30),
    /** Working days an extension may add at most. */
    maxExtensionDays: z.number().int().min(1).max(60),
  })
  .strict();
export type ComplaintRules = z.infer<typeof ComplaintRules>;

export const DEFAULT_COMPLAINT_RULES: ComplaintRules = {
  categories: {
    education: { days: 10, revealContact: false },
    disclosure: { days: 5, revealContact: false },
    service: { days: 5, revealContact: true },
    report: { days: 15, revealContact: true },
    opinion: { days: 2, revealContact: false },
  },
  warnHours: 24,
  escalateDays: 2,
  rateDays: 7,
  maxExtensionDays: 10,
};

const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);
const Text = (max: number) => z.string().trim().min(1).max(max);
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const ComplaintId = z.string().regex(/^cp-[0-9a-f]{24}$/);

export const RaiseInput = z
  .object({
    villageId: UnitId,
    clientId: ClientId,
    text: z.string().trim().min(5, '请至少写5个字，说清楚是什么事').max(1000, '最多1000字'),
    photoFileIds: z.array(FileId).max(6).default([]),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).strict().nullable().default(null),
    category: z.enum(CATEGORIES).nullable().default(null),
    /** Whom a 信访举报 is about: a cadre stationed in the village (by id), or a village official by name. */
    about: z
      .object({ personId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(), name: z.string().trim().min(2).max(20) })
      .strict()
      .nullable()
      .default(null),
    contact: z.object({ name: z.string().trim().min(1).max(20), phone: z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入11位手机号码') }).strict().nullable().default(null),
  })
  .strict();
export type RaiseInput = z.output<typeof RaiseInput>;

export const Reason = Text(200);
export const AnswerInput = z.object({ id: ComplaintId, text: Text(1000), photoFileIds: z.array(FileId).max(6).default([]) }).strict();
export const DispatchInput = z.object({ id: ComplaintId, category: z.enum(CATEGORIES), unitId: UnitId, departmentId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) }).strict();

export interface Step {
  kind: StepKind;
  at: Date;
  /** Who: a person's name with their unit, or 村民 / 系统 (the timer). */
  byName: string;
  unitName: string;
  note: string;
}

/** The household visit a ticket was raised in (走访, the visit feature). */
export interface VisitRef {
  id: string;
  householdId: string;
  /** The head of the household (户主) and their 村民小组. */
  householdName: string;
  householdGroup: string;
  groupId: string;
  /** The cadres present at the visit. */
  memberIds: string[];
}

export interface Dept {
  unitId: string;
  unitName: string;
  id: string;
  name: string;
}

/**
 * `complaints`: every ticket of the engine (engine.ts). A villager's complaint has `_id`
 * `cp-<hash of the villager and their clientId>`; a visit problem `cp-<hash of the visit and the
 * problem's place in it>` (either way, a retried raise is the same ticket). `openid` is the villager's and never leaves the server; `contact` is shown to
 * handlers only where the category's rule says so. A `confidential` complaint (a 信访举报 about a
 * cadre or village official) is seen only by discipline staff in scope (and the department they
 * give it to): it is left out of every other list, count and export.
 */
export interface ComplaintDoc {
  _id: string;
  /** Absent (read as `villager`) on complaints made before visits existed. */
  source?: Source;
  /** The villager who raised it (their OPENID); null on a visit problem. */
  openid: string | null;
  /** A visit problem's raiser: the visiting cadre, who also rates the answer for the household. */
  raisedBy?: { personId: string; name: string } | null;
  /** A visit problem's visit: which household, and who was there (they may rate it too). */
  visit?: VisitRef | null;
  villageId: string;
  villageName: string;
  villagePath: string[];
  text: string;
  photoFileIds: string[];
  location: { latitude: number; longitude: number } | null;
  suggested: Category | null;
  category: Category | null;
  about: { personId?: string; name: string } | null;
  /** The person a confidential report names (for keeping it from them), or null. */
  aboutPersonId: string | null;
  confidential: boolean;
  contact: { name: string; phone: string } | null;
  status: ComplaintStatus;
  dept: Dept | null;
  dispatchedAt: Date | null;
  /** 限时办结: when the department is warned, the deadline, and when discipline staff take over. */
  warnAt: Date | null;
  deadline: Date | null;
  escalateAt: Date | null;
  /** After an answer: when an unrated answer is closed. */
  rateBy: Date | null;
  /** 0 dispatched, 1 warned before the deadline, 2 overdue (township), 3 overdue (discipline). */
  stage: number;
  /** Past its deadline unanswered, or answered late. */
  overdue: boolean;
  extension: { days: number; reason: string; byName: string; at: Date } | null;
  answer: { text: string; photoFileIds: string[]; byName: string; unitName: string; at: Date; onTime: boolean } | null;
  rating: { value: Rating; comment: string; at: Date } | null;
  reopened: number;
  steps: Step[];
  /** `YYYY-MM` of raising (Beijing), for the monthly figures. */
  month: string;
  raisedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}
