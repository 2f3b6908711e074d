/** Spot checks (约请, 随机抽查): what staff send, what cadres answer, and the escalation ladder. */
import * as z from 'zod';
import { CheckinInput } from '../checkin/schema';
import { UnitId } from '../org/schema';
import { PersonId } from '../people/schema';
import type { Flag } from '../checkin/flags';

const HHmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A county's spot-check rules (kept in the county unit's settings under `spotCheck`). */
export const SpotCheckSettings = z
  .object({
    /** Minutes a cadre has to answer. */
    deadlineMin: z.number().int().min(5).max(240),
    /** Spot checks are issued only inside these hours of a working day (Beijing time). */
    workHours: z.object({ start: HHmm, end: HHmm }),
    /** The ladder counts a cadre's misses over this many days, ending at each miss. */
    periodDays: z.number().int().min(7).max(366),
    /** At this many misses in the period: a public-criticism notice (通报批评) draft for the county. */
    noticeAt: z.number().int().min(1).max(50),
    /** At this many: a talk (约谈) task for the township and the dispatching unit. */
    talkAt: z.number().int().min(1).max(50),
    /** At this many and more: a recall (召回) suggestion to the county. */
    recallAt: z.number().int().min(1).max(50),
  })
  .superRefine((s, ctx) => {
    if (minutesOf(s.workHours.end) <= minutesOf(s.workHours.start)) ctx.addIssue({ code: 'custom', path: ['workHours', 'end'], message: '下班时间必须晚于上班时间' });
    if (!(s.noticeAt < s.talkAt && s.talkAt < s.recallAt)) ctx.addIssue({ code: 'custom', path: ['talkAt'], message: '次数应依次增加：通报批评 < 约谈 < 召回' });
  });
export type SpotCheckSettings = z.infer<typeof SpotCheckSettings>;

export const DEFAULT_SPOTCHECK_SETTINGS: SpotCheckSettings = Object.freeze({
  deadlineMin: 30,
  workHours: Object.freeze({ start: '08:30', end: '17:30' }),
  periodDays: 90,
  noticeAt: 2,
  talkAt: 3,
  recallAt: 5,
});

export const SpotCheckId = z.string().min(1).max(160).regex(/^[A-Za-z0-9_.-]+$/);
export const EscalationId = z.string().min(1).max(180).regex(/^[A-Za-z0-9_.-]+$/);

export const IssueInput = z
  .object({
    /** The scope: named cadres must be stationed under it, a draw is made from it. */
    unitId: UnitId,
    /** Made by the page once per issue and kept across retries: the same issue is made once. */
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    personIds: z.array(PersonId).min(1).max(200).optional(),
    draw: z
      .object({
        count: z.number().int().min(1).max(5000).optional(),
        percent: z.number().min(0.1).max(100).optional(),
        /** Draw also from cadres already spot-checked today. */
        includeCheckedToday: z.boolean().default(false),
      })
      .strict()
      .refine((d) => (d.count === undefined) !== (d.percent === undefined), { message: '请填写抽查人数或比例（二选一）' })
      .optional(),
    note: z.string().trim().max(60).optional(),
  })
  .strict()
  .refine((v) => (v.personIds === undefined) !== (v.draw === undefined), { message: '请指定人员，或随机抽取（二选一）' });
export type IssueInput = z.output<typeof IssueInput>;

export const AnswerInput = z
  .object({
    id: SpotCheckId,
    /** A fresh fix, exactly as check-in sends it. */
    fix: CheckinInput,
    /** The live photo, uploaded to `spotchecks/<personId>/…`. */
    photoFileId: z.string().regex(/^cloud:\/\/[^\s]{1,300}$/, '请先拍照上传'),
  })
  .strict();

export const CALL_OUTCOMES = ['seenAtPost', 'notAtPost', 'noAnswer'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const CALL_OUTCOME_NAMES: Record<CallOutcome, string> = { seenAtPost: '在岗', notAtPost: '不在岗', noAnswer: '未接通' };

export const STATUS_NAMES = { open: '待响应', answered: '按时响应', late: '超时响应', missed: '未响应' } as const;
export type SpotCheckStatus = keyof typeof STATUS_NAMES;

export interface SpotCheckAnswer {
  at: Date;
  checkinId: string;
  lat: number;
  lng: number;
  accuracy: number;
  inside: boolean | null;
  distanceM: number | null;
  flags: Flag[];
  photoFileId: string;
  /** Received at or after the deadline. */
  late: boolean;
}

export interface SpotCheckDoc {
  /** `<batchId>.<personId>`: one per cadre per issue, the same on a retried issue. */
  _id: string;
  batchId: string;
  drawId: string | null;
  personId: string;
  personName: string;
  openid: string | null;
  villageId: string;
  villageName: string;
  villagePath: string[];
  issuedById: string;
  issuedByName: string;
  issuedAt: Date;
  deadline: Date;
  /** `YYYY-MM-DD` and `YYYY-MM` (Beijing) of the issue. */
  date: string;
  month: string;
  note: string;
  status: SpotCheckStatus;
  answer: SpotCheckAnswer | null;
  closedAt: Date | null;
  call: { channel: 'video' | 'phone'; outcome: CallOutcome; note: string; byId: string; byName: string; at: Date } | null;
}

/**
 * An auditable random draw: the seed, the eligible cadres (sorted ids, kept in chunks, since a
 * county's list outgrows one document) and who was drawn. Anyone can recompute it: rank the
 * eligible ids by SHA-256 of `<seed>:<id>` and take the first `size` (see rules.ts).
 */
export interface DrawDoc {
  _id: string;
  kind: 'draw';
  /** How the draw is made (rules.ts `DRAW_METHOD`). */
  method: string;
  seed: string;
  unitId: string;
  unitPath: string[];
  includeCheckedToday: boolean;
  eligibleCount: number;
  /** SHA-256 of the eligible ids joined by `\n`. */
  eligibleHash: string;
  chunks: number;
  size: number;
  picked: string[];
  byId: string;
  byName: string;
  at: Date;
}

export interface DrawChunkDoc {
  /** `<drawId>.<seed prefix>.e<k>` */
  _id: string;
  kind: 'eligible';
  drawId: string;
  /** The seed of the draw it belongs to (an attempt that never got its record leaves chunks of another seed). */
  seed: string;
  k: number;
  ids: string[];
}

export const ESCALATION_KINDS = ['inquiry', 'notice', 'talk', 'recall'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export const ESCALATION_NAMES: Record<EscalationKind, string> = { inquiry: '电话询问', notice: '通报批评', talk: '约谈', recall: '召回建议' };
export const INQUIRY_RESULTS = ['excused', 'reminded', 'criticised'] as const;
export type InquiryResult = (typeof INQUIRY_RESULTS)[number];
export const INQUIRY_RESULT_NAMES: Record<InquiryResult, string> = { excused: '情况属实，予以免责', reminded: '提醒', criticised: '批评教育' };

export interface EscalationDoc {
  /** `<kind>.<spotCheckId>`: the spot check that caused it; one of each kind per spot check. */
  _id: string;
  kind: EscalationKind;
  personId: string;
  personName: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  dispatchingUnit: string | null;
  /** The evidence: the spot checks behind this step (the misses counted, newest first). */
  spotCheckIds: string[];
  missCount: number;
  periodDays: number;
  /** Why it was raised, in Chinese. */
  why: string;
  /** Who acts on it: township staff (inquiry, talk) or county staff (notice, recall). */
  level: 'township' | 'county';
  createdAt: Date;
  date: string;
  month: string;
  status: 'open' | 'done' | 'dismissed';
  outcome: { result?: InquiryResult; reason?: string; title?: string; body?: string; decision?: 'accepted' | 'declined'; note?: string } | null;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  trail: { at: Date; byName: string; action: string; note: string }[];
}
