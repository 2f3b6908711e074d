/** Leave (请假): requests, their approval chain (审批), report back (销假), and the city's rules. */
import * as z from 'zod';
import { Day } from '../people/schema';

export const LEAVE_KINDS = ['personal', 'sick', 'annual', 'official', 'family'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_KIND_NAMES: Record<LeaveKind, string> = { personal: '事假', sick: '病假', annual: '年休假', official: '公务外出', family: '探亲假' };

export const APPROVAL_LEVELS = ['township', 'county', 'city'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];
export const APPROVAL_LEVEL_NAMES: Record<ApprovalLevel, string> = { township: '乡镇党委', county: '县委组织部', city: '市委组织部' };

export const HALVES = ['am', 'pm'] as const;
export type Half = (typeof HALVES)[number];
/** A half-day: the morning or the afternoon of a date. */
export const HalfDay = z.object({ date: Day, half: z.enum(HALVES) }).strict();
export type HalfDay = z.infer<typeof HalfDay>;

const Limit = z.number().min(0.5).max(366).nullable();
const KindRule = z.object({ maxDaysPerYear: Limit, maxDaysPerMonth: Limit, attachment: z.boolean() }).strict();

/** A city's leave rules (kept in the city unit's settings under `leave`): the province's rules, as data. */
export const LeaveRules = z
  .object({
    kinds: z.object({ personal: KindRule, sick: KindRule, annual: KindRule, official: KindRule, family: KindRule }).strict(),
    /** The first rule whose kinds include the request's (or that names none) and whose `maxDays` holds it decides the levels. */
    chain: z
      .array(z.object({ kinds: z.array(z.enum(LEAVE_KINDS)).min(1).optional(), maxDays: z.number().min(0.5).max(366).nullable(), levels: z.array(z.enum(APPROVAL_LEVELS)).min(1).max(3) }).strict())
      .min(1)
      .max(10),
    /** A report back (销假) is due this many hours after the leave ends; later is overdue. */
    reportBackGraceHours: z.number().int().min(0).max(72),
  })
  .strict()
  .superRefine((r, ctx) => {
    const last = r.chain[r.chain.length - 1]!;
    if (last.maxDays !== null || last.kinds) ctx.addIssue({ code: 'custom', path: ['chain'], message: '最后一条审批规则须适用于所有类别和天数' });
    for (const [i, rule] of r.chain.entries()) {
      const order = rule.levels.map((l) => APPROVAL_LEVELS.indexOf(l));
      if (order.some((x, j) => j > 0 && x <= order[j - 1]!)) ctx.addIssue({ code: 'custom', path: ['chain', i, 'levels'], message: '审批层级须自下而上：乡镇、县、市' });
    }
  });
export type LeaveRules = z.infer<typeof LeaveRules>;

/** Like Guizhou's 第一书记管理办法: ≤ 2 days the township; 3–7 days township then county; more up to the city. */
export const DEFAULT_LEAVE_RULES: LeaveRules = {
  kinds: {
    personal: { maxDaysPerYear: 15, maxDaysPerMonth: 5, attachment: false },
    sick: { maxDaysPerYear: null, maxDaysPerMonth: null, attachment: true },
    annual: { maxDaysPerYear: 5, maxDaysPerMonth: null, attachment: false },
    official: { maxDaysPerYear: null, maxDaysPerMonth: null, attachment: false },
    family: { maxDaysPerYear: 20, maxDaysPerMonth: null, attachment: false },
  },
  chain: [
    { kinds: ['official'], maxDays: 7, levels: ['township'] },
    { maxDays: 2, levels: ['township'] },
    { maxDays: 7, levels: ['township', 'county'] },
    { maxDays: null, levels: ['township', 'county', 'city'] },
  ],
  reportBackGraceHours: 24,
};

export const ApplyInput = z
  .object({
    /** Made by the page once per request and kept across retries: the same request is made once. */
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    kind: z.enum(LEAVE_KINDS),
    start: HalfDay,
    end: HalfDay,
    reason: z.string().trim().min(4, '请填写请假事由（至少4个字）').max(300),
    attachmentFileIds: z.array(z.string().regex(/^cloud:\/\/[^\s]{1,300}$/)).max(3).default([]),
    /** Who covers the work meanwhile. */
    deputy: z.string().trim().min(2).max(40).optional(),
  })
  .strict();
export type ApplyInput = z.output<typeof ApplyInput>;

export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'cancelled' | 'returned';
export const LEAVE_STATUS_NAMES: Record<LeaveStatus, string> = { pending: '审批中', approved: '已批准', rejected: '未批准', withdrawn: '已撤回', cancelled: '已取消', returned: '已销假' };

export interface ApprovalStep {
  level: ApprovalLevel;
  unitId: string;
  unitName: string;
  /** `waiting` until the steps before it approve. */
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'skipped';
  byId: string | null;
  byName: string | null;
  at: Date | null;
  comment: string | null;
}

export interface LeaveDoc {
  /** `lv-<hash of person and clientId>`: a retried application lands on the same document. */
  _id: string;
  personId: string;
  personName: string;
  villageId: string;
  villagePath: string[];
  kind: LeaveKind;
  start: HalfDay;
  end: HalfDay;
  startDate: string;
  endDate: string;
  /** Working days (halves count ½), from the real calendar. */
  days: number;
  /** Those days by month (`YYYY-MM`): what monthly quotas and figures count. */
  months: { month: string; days: number }[];
  year: number;
  reason: string;
  attachmentFileIds: string[];
  deputy: string | null;
  status: LeaveStatus;
  steps: ApprovalStep[];
  /** The unit whose approver must act now (null once decided). */
  currentUnitId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** When the leave ends (the end half-day's close), and when its report back falls due. */
  endsAt: Date;
  reportBackDue: Date;
  returnedAt: Date | null;
  overdue: boolean;
  trail: { at: Date; byName: string; action: string; note: string }[];
}
