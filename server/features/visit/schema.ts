/**
 * Household visits (走访, seed 004): the households of each village (户), the "2+1" groups that
 * cover them (two team members and one auxiliary member, 包干), each group's monthly visit plan,
 * the visits logged with the problems raised (tickets of the complaint engine, source `visit`),
 * and the monthly and quarterly figures (走访率, 问题化解率, 请假人次), frozen with a publication.
 */
import * as z from 'zod';
import { UnitId } from '../org/schema';
import { PersonId, Phone } from '../people/schema';
import { Month } from '../checkin/schema';
import { Period } from '../scoring/schema';
import { CATEGORIES, ComplaintId, RATINGS } from '../complaint/schema';

export const HouseholdId = z.string().regex(/^hh-[0-9a-f]{24}$/);
export const GroupId = z.string().regex(/^vg-[0-9a-f]{16}$/);
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);

/** What the limits of a household are, for the import's row checks and the form alike. */
export const LIMITS = { head: [2, 20], group: [1, 20], house: [1, 60], members: [1, 30], tags: 6, tag: 10, rows: 3000, fileBytes: 5 * 1024 * 1024 } as const;

/** Tags the pages offer (any other short tag is taken too). */
export const COMMON_TAGS = ['脱贫户', '监测户', '低保户', '特困户', '残疾人户', '留守老人', '留守儿童'] as const;

const Head = z.string().trim().min(LIMITS.head[0], '户主姓名至少2个字').max(LIMITS.head[1], '户主姓名最多20个字');
const Group = z.string().trim().min(LIMITS.group[0], '请填写村民小组').max(LIMITS.group[1], '村民小组最多20个字');
const House = z.string().trim().min(LIMITS.house[0], '请填写门牌号或地址').max(LIMITS.house[1], '门牌号或地址最多60个字');
const Members = z.number().int('家庭人口应为整数').min(LIMITS.members[0], '家庭人口至少1人').max(LIMITS.members[1], '家庭人口最多30人');
const Tags = z.array(z.string().trim().min(1).max(LIMITS.tag, '每个标签最多10个字')).max(LIMITS.tags, '标签最多6个');

export const AddHouseholdInput = z
  .object({ villageId: UnitId, head: Head, group: Group, house: House, phone: Phone.nullable().default(null), members: Members.nullable().default(null), tags: Tags.default([]) })
  .strict();
export type AddHouseholdInput = z.output<typeof AddHouseholdInput>;

/** Who a household is (head, group, house) makes its id: an edit changes the rest; 注销 (`active: false`) takes it off the lists and figures. */
export const EditHouseholdInput = z
  .object({ id: HouseholdId, phone: Phone.nullable(), members: Members.nullable(), tags: Tags, active: z.boolean() })
  .strict();
export type EditHouseholdInput = z.output<typeof EditHouseholdInput>;

export const HouseholdsInput = z
  .object({
    villageId: UnitId,
    /** Only the households of this 村民小组, or of this 2+1 group (`none`: covered by no group). */
    group: z.string().trim().max(20).optional(),
    groupId: z.union([GroupId, z.literal('none')]).optional(),
    q: z.string().trim().max(20).optional(),
    inactive: z.boolean().default(false),
    skip: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .strict();

export const ImportInput = z.object({ villageId: UnitId, fileId: FileId, dryRun: z.boolean().default(false) }).strict();

export const SaveGroupInput = z
  .object({
    villageId: UnitId,
    /** A group being changed; absent for a new one (made once per `clientId`). */
    groupId: GroupId.optional(),
    clientId: ClientId,
    name: z.string().trim().min(1, '请填写组名').max(20, '组名最多20个字'),
    memberIds: z.array(PersonId).max(4),
    auxiliary: z.object({ name: z.string().trim().min(2, '辅助团队成员姓名至少2个字').max(20), personId: PersonId.nullable().default(null) }).strict(),
  })
  .strict();
export type SaveGroupInput = z.output<typeof SaveGroupInput>;

export const AssignInput = z
  .object({ villageId: UnitId, groupId: GroupId, add: z.array(HouseholdId).max(500).default([]), remove: z.array(HouseholdId).max(500).default([]) })
  .strict();

export const PlanInput = z.object({ villageId: UnitId, groupId: GroupId, month: Month }).strict();
export const SavePlanInput = z.object({ villageId: UnitId, groupId: GroupId, month: Month, householdIds: z.array(HouseholdId).max(500) }).strict();

export const Problem = z
  .object({
    text: z.string().trim().min(5, '问题请至少写5个字').max(500, '问题最多500字'),
    category: z.enum(CATEGORIES).nullable().default(null),
    /** A 信访举报 about a cadre or village official (then confidential: discipline staff alone). */
    about: z.object({ personId: PersonId.optional(), name: z.string().trim().min(2).max(20) }).strict().nullable().default(null),
  })
  .strict();

export const LogInput = z
  .object({
    /** Made once per visit form and kept across retries: the same visit is logged once. */
    clientId: ClientId,
    householdId: HouseholdId,
    /** The group's cadres present (the one logging is one of them). */
    memberIds: z.array(PersonId).min(1).max(2),
    auxiliaryPresent: z.boolean().default(false),
    /** A fix taken now (`wx.getLocation`): optional, but kept when given, and judged against the village's fence. */
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracy: z.number().min(0).max(100_000), capturedAt: z.iso.datetime({ offset: true }) })
      .strict()
      .nullable()
      .default(null),
    notes: z.string().trim().min(2, '请写一写走访情况').max(1000, '走访情况最多1000字'),
    problems: z.array(Problem).max(10, '一次走访最多记10个问题').default([]),
  })
  .strict();
export type LogInput = z.output<typeof LogInput>;

const Page = { skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(50).default(20) };
export const VisitsInput = z.object({ unitId: UnitId, month: Month, householdId: HouseholdId.optional(), ...Page }).strict();
export const ProblemsInput = z.object({ unitId: UnitId, period: Period, open: z.boolean().optional(), ...Page }).strict();
export const ProblemInput = z.object({ id: ComplaintId }).strict();
export const RateInput = z.object({ id: ComplaintId, value: z.enum(RATINGS), comment: z.string().trim().max(200).default('') }).strict();
export const FiguresInput = z.object({ unitId: UnitId, period: Period, pubId: z.string().regex(/^pub\.[A-Za-z0-9_.-]{1,120}$/).optional() }).strict();
export const ExportProblemsInput = z.object({ unitId: UnitId, period: Period }).strict();

/**
 * `visitHouseholds`, `_id` `hh-<hash of the village, the head's name, the 村民小组 and the house>`:
 * importing the same sheet again, or adding by hand a household already there, finds the same
 * document. `groupId` is the 2+1 group covering it (包干: at most one); `visitedMonths` the months
 * it was visited in (what the visit rate over all households counts).
 */
export interface HouseholdDoc {
  _id: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  head: string;
  group: string;
  house: string;
  phone: string | null;
  members: number | null;
  tags: string[];
  groupId: string | null;
  visitedMonths: string[];
  lastVisitAt: Date | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedByName: string;
}

/** A "2+1" group: two cadres stationed in the village and one auxiliary member (a name, optionally a person). */
export interface VisitGroup {
  id: string;
  name: string;
  members: { personId: string; name: string }[];
  auxiliary: { name: string; personId: string | null };
  clientId: string;
  createdAt: Date;
  updatedAt: Date;
  updatedByName: string;
}

/**
 * `visitGroups`, `_id` the village: all of its 2+1 groups in one document, so that "a cadre is in
 * one group of the village" holds by a single-document transaction.
 */
export interface RosterDoc {
  _id: string;
  villageName: string;
  villagePath: string[];
  groups: VisitGroup[];
  updatedAt: Date;
}

/**
 * `visitPlans`, `_id` `<groupId>.<YYYY-MM>`: a group's monthly plan (the households to visit) and
 * the households the group visited that month. The document is made by the plan, or by the first
 * visit of a month without a plan (`planned` false).
 */
export interface PlanDoc {
  _id: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  groupId: string;
  groupName: string;
  month: string;
  planned: boolean;
  householdIds: string[];
  visitedIds: string[];
  madeAt: Date | null;
  madeByName: string;
  updatedAt: Date;
}

export interface VisitFix {
  lat: number;
  lng: number;
  accuracy: number;
  capturedAt: Date;
  /** Inside the village's fence (null: the village has none). */
  inside: boolean | null;
  distanceM: number | null;
}

/** `visits`, `_id` `vs-<hash of the cadre and their clientId>`: one logged visit. */
export interface VisitDoc {
  _id: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  groupId: string;
  groupName: string;
  householdId: string;
  householdName: string;
  householdGroup: string;
  month: string;
  date: string;
  /** Server time. */
  at: Date;
  byId: string;
  byName: string;
  present: { personId: string | null; name: string; auxiliary: boolean }[];
  location: VisitFix | null;
  notes: string;
  /** The tickets raised (`cp-…`), in the order of the problems. */
  problemIds: string[];
}

/** One row of the figures: a village, a township, a county, or the whole unit. */
export interface FigureRow {
  key: string;
  name: string;
  /** Households on the lists (not 注销). */
  households: number;
  /** Households visited at least once in the period. */
  visitedHouseholds: number;
  /** visitedHouseholds / households, percent (one decimal), null without households. */
  coverageRate: number | null;
  /** Households in the plans of the period's months (a household planned in two months counts twice). */
  planned: number;
  /** Of those, visited in their month. */
  plannedVisited: number;
  /** 走访率: plannedVisited / planned, percent, null without plans. */
  visitRate: number | null;
  plans: number;
  plansFulfilled: number;
  visits: number;
  /** Visit problems raised in the period, and of them answered or closed. */
  problems: number;
  resolved: number;
  /** 问题化解率: resolved / problems, percent, null without problems. */
  resolutionRate: number | null;
  /** 请假人次: approved leaves touching the period. */
  leaves: number;
}

/**
 * `visitFigures`, `_id` `<pubId>.<attempt>`: the figures of a publication's unit and period as they
 * were when it was published (by township, and by county for a city), kept for good.
 */
export interface FigureSnapshotDoc {
  _id: string;
  pubId: string;
  attempt: string;
  unitId: string;
  unitName: string;
  unitPath: string[];
  period: string;
  months: string[];
  total: FigureRow;
  byCounty: (FigureRow & { path: string[] })[];
  byTownship: (FigureRow & { path: string[] })[];
  at: Date;
}
