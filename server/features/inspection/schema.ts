/**
 * Unannounced inspections (暗访, seed 004): "不打招呼、实地暗访，随机抽查，定期将抽查情况直接书面通报"
 * — what an inspector sends, and what the server keeps.
 */
import * as z from 'zod';
import { Day } from '../people/schema';
import { UnitId } from '../org/schema';
import { Month } from '../checkin/schema';
import type { CadreKind } from '../people/schema';
import type { LeaveKind } from '../leave/schema';

export { Month };

export const MAX_PHOTOS = 9;
export const MAX_TEAM = 50;
export const MAX_COMPANIONS = 10;
/** How far back an inspection may be recorded afterwards (days). */
export const BACKDATE_DAYS = 7;
/** How long the inspector may correct their own record (hours); later only the county's staff. */
export const AMEND_HOURS = 24;

export const STATUSES = ['present', 'absent', 'leave'] as const;
export type MemberStatus = (typeof STATUSES)[number];
export const STATUS_NAMES: Record<MemberStatus, string> = { present: '在岗', absent: '不在岗', leave: '请假' };

export const OUTCOMES = ['allPresent', 'partlyAbsent', 'teamAbsent', 'allOnLeave'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_NAMES: Record<Outcome, string> = { allPresent: '全员在岗', partlyAbsent: '部分人员不在岗', teamAbsent: '驻村团队不在岗', allOnLeave: '全员请假' };

const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const InspectionId = z.string().regex(/^ins-[0-9a-f]{24}$/);
const PersonRef = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const Mark = z
  .object({
    personId: PersonRef,
    status: z.enum(STATUSES),
    /** What the inspector learnt of this cadre (电话联系称在县城开会…). */
    note: z.string().trim().max(100, '情况说明最多100字').default(''),
  })
  .strict();
export type Mark = z.output<typeof Mark>;

const Marks = z
  .array(Mark)
  .min(1, '请逐一标记驻村干部是否在岗')
  .max(MAX_TEAM)
  .refine((ms) => new Set(ms.map((m) => m.personId)).size === ms.length, '同一名干部只能标记一次');
const Companions = z.array(z.string().trim().min(2, '检查人员姓名至少2个字').max(20)).max(MAX_COMPANIONS, `同行检查人员最多${MAX_COMPANIONS}人`);
const Photos = z.array(FileId).max(MAX_PHOTOS, `照片最多${MAX_PHOTOS}张`);
const Findings = z.string().trim().min(5, '请至少写5个字，说明暗访看到的情况').max(2000, '最多2000字');
const Remarks = z.string().trim().max(1000, '意见最多1000字');

export const RecordInput = z
  .object({
    /** Made by the phone once per record and kept across retries: a retried record is stored once. */
    clientId: ClientId,
    villageId: UnitId,
    /** The day of the visit when recorded afterwards (within the last 7 days); absent: now. */
    date: Day.optional(),
    companions: Companions.default([]),
    marks: Marks,
    photoFileIds: Photos.default([]),
    /** The inspector's phone fix at the village (optional evidence). */
    location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracy: z.number().min(0).max(100_000) }).strict().nullable().default(null),
    findings: Findings,
    /** The inspector's own remarks for the written report (检查组意见). */
    remarks: Remarks.default(''),
  })
  .strict();
export type RecordInput = z.output<typeof RecordInput>;

export const AmendInput = z
  .object({
    id: InspectionId,
    reason: z.string().trim().min(2, '请填写更正原因').max(200, '更正原因最多200字'),
    marks: Marks.optional(),
    companions: Companions.optional(),
    photoFileIds: Photos.optional(),
    findings: Findings.optional(),
    remarks: Remarks.optional(),
  })
  .strict()
  .refine((v) => v.marks !== undefined || v.companions !== undefined || v.photoFileIds !== undefined || v.findings !== undefined || v.remarks !== undefined, { message: '请至少更正一项内容', path: ['marks'] });
export type AmendInput = z.output<typeof AmendInput>;

export const TeamInput = z.object({ villageId: UnitId, date: Day.optional() }).strict();
export const ListInput = z
  .object({
    unitId: UnitId,
    month: Month,
    skip: z.number().int().min(0).max(100_000).default(0),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export const ReportsInput = z
  .object({
    /** A county (its reports) or the city (every county's). */
    unitId: UnitId,
    month: Month.optional(),
    state: z.enum(['unread', 'acknowledged', 'all']).default('all'),
    skip: z.number().int().min(0).max(100_000).default(0),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export const AcknowledgeInput = z.object({ id: InspectionId, note: z.string().trim().max(200, '签收意见最多200字').default('') }).strict();
export const FiguresInput = z.object({ unitId: UnitId, month: Month }).strict();

/** One cadre of the team the inspection met, and how they were found. */
export interface Member {
  personId: string;
  name: string;
  kind: CadreKind;
  status: MemberStatus;
  note: string;
  /** The approved leave that covers the day (then `status` is 请假 unless they were found at post). */
  leave: { id: string; kind: LeaveKind; startDate: string; endDate: string } | null;
}

/** What a correction replaced. */
export interface Amendment {
  at: Date;
  byId: string;
  byName: string;
  reason: string;
  before: { team: { personId: string; status: MemberStatus; note: string }[]; companions: string[]; photoFileIds: string[]; findings: string; remarks: string };
}

/**
 * `inspections`, `_id` `ins-<hash of the inspector and their clientId>` (a retried record is the
 * same document). `date` is the Beijing day of the visit; the id lists (`teamIds`, `absentIds`…)
 * are what scoring and the assessment query. The report (通报) is addressed to the village's
 * county, which signs for it once (`ack`).
 */
export interface InspectionDoc {
  _id: string;
  clientId: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  townshipName: string;
  countyId: string;
  countyName: string;
  date: string;
  month: string;
  /** The visit's time when it was recorded on the spot; null when recorded afterwards. */
  visitedAt: Date | null;
  inspectorId: string;
  inspectorName: string;
  inspectorUnitId: string;
  inspectorUnitName: string;
  companions: string[];
  team: Member[];
  teamIds: string[];
  presentIds: string[];
  absentIds: string[];
  leaveIds: string[];
  outcome: Outcome;
  photoFileIds: string[];
  location: { lat: number; lng: number; accuracy: number } | null;
  findings: string;
  remarks: string;
  /** The written report (书面通报), generated from the record. */
  report: { title: string; to: string; text: string };
  ack: { at: Date; byId: string; byName: string; note: string } | null;
  /** Corrected after the county signed for it. */
  amendedAfterAck: boolean;
  history: Amendment[];
  createdAt: Date;
  updatedAt: Date;
}
