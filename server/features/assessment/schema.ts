/**
 * The three-in-one assessment (三位一体综合考评, seed 003): target management (目标管理), the
 * democratic evaluation (民主测评) and inspection (检查评价), combined into the annual result
 * with the scoring feature's grades, ranked and published in frozen versions.
 */
import * as z from 'zod';
import { Day, type CadreKind } from '../people/schema';
import type { Grade, GradeRules } from '../scoring/schema';

/** `2026`: an assessment year. */
export const Year = z.string().regex(/^20\d{2}$/, '年份格式应为 YYYY');
const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const MAX_PHOTOS = 9;

// ---- targets (目标管理) ---------------------------------------------------------------------------

export const CATEGORIES = ['industry', 'partyBuilding', 'livelihood', 'governance', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_NAMES: Record<Category, string> = { industry: '产业发展', partyBuilding: '基层党建', livelihood: '民生实事', governance: '乡村治理', other: '其他' };

/** A cadre's targets of a year, at most this many (proposed and confirmed). */
export const MAX_TARGETS = 12;
/** Progress entries per target. */
export const MAX_PROGRESS = 60;

export const TargetId = z.string().regex(/^t-[0-9a-f]{16}$/);
export const PlanKey = z.object({ personId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/), year: Year });

export const TargetFields = z.object({
  text: z.string().trim().min(4, '请至少写4个字').max(200, '目标最多200字'),
  category: z.enum(CATEGORIES),
  /** The target's weight among the cadre's targets of the year. */
  weight: z.number().int('权重应为整数').min(1, '权重至少为1').max(100, '权重最多为100'),
  /** `YYYY-MM`, within the year. */
  dueMonth: z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '完成时限格式应为 YYYY-MM'),
});

export const ProposeInput = TargetFields.extend({ year: Year, clientId: ClientId })
  .strict()
  .refine((t) => t.dueMonth.startsWith(t.year), { path: ['dueMonth'], message: '完成时限应在考评年度内' });
export type ProposeInput = z.output<typeof ProposeInput>;

export const SetInput = TargetFields.extend({ personId: PlanKey.shape.personId, year: Year, clientId: ClientId })
  .strict()
  .refine((t) => t.dueMonth.startsWith(t.year), { path: ['dueMonth'], message: '完成时限应在考评年度内' });
export type SetInput = z.output<typeof SetInput>;

export const ReviewInput = PlanKey.extend({
  targetId: TargetId,
  /** confirm / reject a proposed target; drop a confirmed one not yet scored. */
  decision: z.enum(['confirm', 'reject', 'drop']),
  note: z.string().trim().max(200).default(''),
}).strict();
export type ReviewInput = z.output<typeof ReviewInput>;

export const ScoreInput = PlanKey.extend({
  targetId: TargetId,
  score: z.number().min(0, '评分应在0到100之间').max(100, '评分应在0到100之间').multipleOf(0.5, '评分最多保留半分'),
  note: z.string().trim().max(200).default(''),
}).strict();
export type ScoreInput = z.output<typeof ScoreInput>;

export const ProgressInput = z
  .object({
    year: Year,
    targetId: TargetId,
    clientId: ClientId,
    text: z.string().trim().min(4, '请至少写4个字').max(500, '进展最多500字'),
    percent: z.number().int('完成进度应为整数').min(0, '完成进度应在0到100之间').max(100, '完成进度应在0到100之间'),
    photoFileIds: z.array(FileId).max(MAX_PHOTOS, `照片最多${MAX_PHOTOS}张`).default([]),
  })
  .strict();
export type ProgressInput = z.output<typeof ProgressInput>;

export type TargetStatus = 'proposed' | 'confirmed' | 'rejected' | 'dropped';
export const TARGET_STATUS_NAMES: Record<TargetStatus, string> = { proposed: '待确认', confirmed: '已确认', rejected: '未通过', dropped: '已撤销' };

export interface Target {
  id: string;
  text: string;
  category: Category;
  weight: number;
  dueMonth: string;
  status: TargetStatus;
  /** Who set it: the cadre proposed it, or staff set it. */
  origin: 'cadre' | 'staff';
  setByName: string;
  setAt: Date;
  reviewedByName: string | null;
  reviewNote: string;
  /** The progress entries' ids (`assessProgress`), oldest first, and the latest percent. */
  progressIds: string[];
  percent: number;
  progressAt: Date | null;
  score: number | null;
  scoreNote: string;
  scoredByName: string | null;
  scoredAt: Date | null;
}

/** `assessPlans`, `_id` `<personId>.<year>`: a cadre's targets of a year (one document: single-document transactions). */
export interface PlanDoc {
  _id: string;
  personId: string;
  name: string;
  kind: CadreKind;
  villageId: string;
  villageName: string;
  villagePath: string[];
  countyId: string;
  year: string;
  targets: Target[];
  createdAt: Date;
  updatedAt: Date;
}

/** `assessProgress`, `_id` `pg-<hash of the cadre and their clientId>`: one progress entry of a target. */
export interface ProgressDoc {
  _id: string;
  personId: string;
  year: string;
  targetId: string;
  text: string;
  percent: number;
  photoFileIds: string[];
  at: Date;
}

// ---- the democratic evaluation (民主测评) -----------------------------------------------------------

export const RATINGS = ['satisfied', 'basicallySatisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_NAMES: Record<Rating, string> = { satisfied: '满意', basicallySatisfied: '基本满意', unsatisfied: '不满意' };
/** Stored ratings are one letter each (a village of thousands answers). */
export const RATING_CODE: Record<Rating, 's' | 'b' | 'u'> = { satisfied: 's', basicallySatisfied: 'b', unsatisfied: 'u' };

export const ASPECTS = ['style', 'results', 'relations'] as const;
export type Aspect = (typeof ASPECTS)[number];
export const ASPECT_NAMES: Record<Aspect, string> = { style: '工作作风', results: '工作实绩', relations: '群众关系' };

export const SurveyId = z.string().regex(/^sv-[0-9a-f]{20}$/);

export const OpenSurveyInput = z
  .object({
    villageId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
    year: Year,
    clientId: ClientId,
    /** The last day answers are taken (Beijing), `YYYY-MM-DD`. */
    closesOn: Day,
    /** Ask 工作作风 / 工作实绩 / 群众关系 besides the overall rating. */
    aspects: z.boolean().default(false),
  })
  .strict();
export type OpenSurveyInput = z.output<typeof OpenSurveyInput>;

/** The most cadres one survey rates (one response rates them all). */
export const MAX_RATED = 100;
const RatingValue = z.enum(RATINGS);
export const AnswerInput = z
  .object({
    surveyId: SurveyId,
    ratings: z
      .array(
        z
          .object({
            personId: PlanKey.shape.personId,
            overall: RatingValue,
            aspects: z.object({ style: RatingValue, results: RatingValue, relations: RatingValue }).strict().optional(),
            comment: z.string().trim().max(200, '意见最多200字').default(''),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_RATED),
  })
  .strict();
export type AnswerInput = z.output<typeof AnswerInput>;

/**
 * `assessSurveys`, `_id` `sv-<hash of the village, year and the opener's clientId>`: a survey of a
 * village's cadres. `salt` makes each respondent's response id (never shown; dropped once closed,
 * so that afterwards nobody, not even with the database, can tell whose response is whose).
 */
export interface SurveyDoc {
  _id: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  countyId: string;
  year: string;
  cadres: { personId: string; name: string; kind: CadreKind }[];
  aspects: boolean;
  closesOn: string;
  /** The end of `closesOn` (Beijing): answers are taken before it. */
  closesAt: Date;
  status: 'open' | 'closed';
  salt?: string;
  openedById: string;
  openedByName: string;
  openedAt: Date;
  closedAt: Date | null;
  closedByName: string | null;
}

/**
 * `assessResponses`, `_id` `sr-<salted hash of the survey and the respondent's OPENID>`: one
 * response per person and survey. It keeps no OPENID, person or time of day — only the day.
 * `r`: per cadre `{ c: personId, o: overall, a?: aspects, t?: comment }`, ratings as letters.
 */
export interface ResponseDoc {
  _id: string;
  surveyId: string;
  villageId: string;
  countyId: string;
  year: string;
  date: string;
  r: { c: string; o: 's' | 'b' | 'u'; a?: { style: 's' | 'b' | 'u'; results: 's' | 'b' | 'u'; relations: 's' | 'b' | 'u' }; t?: string }[];
}

// ---- settings ---------------------------------------------------------------------------------------

export const AssessmentSettings = z
  .object({
    weights: z.object({ targets: z.number().int().min(0).max(100), survey: z.number().int().min(0).max(100), inspection: z.number().int().min(0).max(100) }).strict(),
    /** Points a 基本满意 gives (满意 100, 不满意 0). */
    basicallyPoints: z.number().int().min(0).max(100),
    /** Points the inspection part loses for each time an inspection found the cadre absent. */
    absencePenalty: z.number().min(0).max(100),
  })
  .strict()
  .refine((s) => s.weights.targets + s.weights.survey + s.weights.inspection === 100, { path: ['weights'], message: '三项权重合计应为100' });
export type AssessmentSettings = z.infer<typeof AssessmentSettings>;

export const DEFAULT_ASSESSMENT_SETTINGS: AssessmentSettings = Object.freeze({
  weights: Object.freeze({ targets: 40, survey: 30, inspection: 30 }),
  basicallyPoints: 60,
  absencePenalty: 10,
}) as AssessmentSettings;

// ---- the annual result ------------------------------------------------------------------------------

/** The parts of the annual total. */
export const PARTS = ['targets', 'survey', 'inspection'] as const;
export type Part = (typeof PARTS)[number];
export const PART_NAMES: Record<Part, string> = { targets: '目标管理', survey: '民主测评', inspection: '检查评价' };

/** How each part of one cadre's result was worked out (kept with the result: every figure explainable). */
export interface ResultDetail {
  targets: { id: string; text: string; category: Category; weight: number; score: number | null; percent: number }[];
  surveys: { surveyId: string; villageName: string; closesOn: string; status: 'open' | 'closed'; satisfied: number; basicallySatisfied: number; unsatisfied: number }[];
  /** Each inspection that met the cadre's team: found at post, found absent, or away on approved leave. */
  inspections: { inspectionId: string; date: string; status: 'present' | 'absent' | 'excused'; villageName: string }[];
  months: { month: string; total: number }[];
}

/** One cadre's part points (0–100 each; null: nothing to score it by, counted as 0). */
export interface PartPoints {
  targets: number | null;
  survey: number | null;
  inspection: number | null;
}

/** `assessResults`, `_id` `<countyId>.<year>.<personId>`: the working result (recomputed until published, and after as a new version). */
export interface ResultDoc {
  _id: string;
  countyId: string;
  year: string;
  personId: string;
  name: string;
  kind: CadreKind;
  villageId: string;
  villageName: string;
  villagePath: string[];
  parts: PartPoints;
  /** The survey's figures: responses, the satisfaction rate (满意 + 基本满意, percent). */
  surveyCount: number;
  satisfactionRate: number | null;
  monthsAverage: number | null;
  absences: number;
  total: number;
  rank: number;
  kindRank: number;
  grade: Grade;
  detail: string;
  computedAt: Date;
}

/** `assessRuns`, `_id` `<countyId>.<year>`: a computation of the county's year as a whole. */
export interface RunDoc {
  _id: string;
  countyId: string;
  year: string;
  count: number;
  settings: AssessmentSettings;
  grades: GradeRules;
  excellentAbove: number | null;
  /** How many cadres lacked a part (no confirmed targets scored, no responses, no monthly scores). */
  gaps: Record<Part, number>;
  byName: string;
  computedAt: Date;
}

/** `assessPublications`, `_id` `apub.<countyId>.<year>.v<version>`: its rows are frozen in `assessPublished`. */
export interface AssessPublicationDoc {
  _id: string;
  countyId: string;
  countyName: string;
  countyPath: string[];
  year: string;
  version: number;
  reason: string;
  clientId: string;
  count: number;
  gradeCounts: Record<Grade, number>;
  settings: AssessmentSettings;
  computedAt: Date;
  byId: string;
  byName: string;
  at: Date;
}

/** `assessPublished`, `_id` `<pubId>.<attempt>.<personId>`: one frozen row (only the publishing attempt's rows count). */
export interface AssessPublishedDoc extends Omit<ResultDoc, '_id' | 'computedAt'> {
  _id: string;
  pubId: string;
  attempt: string;
  version: number;
}
