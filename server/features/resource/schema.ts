/**
 * Assistance resources (帮扶资源, seed 003): the projects and funds that stationed cadres bring to
 * their village (项目、资金、人才, "派出单位组团帮扶"), confirmed (核实) by the township or county,
 * and the practical deeds (好事实事) they do for villagers. Money is integer fen throughout: the
 * input is the yuan a person types ("12.5"), turned into fen by string arithmetic, never a float.
 */
import * as z from 'zod';
import { UnitId } from '../org/schema';
import { Day, PersonId } from '../people/schema';

export const PROJECT_KINDS = ['industry', 'infrastructure', 'livelihood', 'talent', 'other'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];
/** 类别: industry, infrastructure, people's livelihood (schools, clinics, water), talent and training (人才、技能培训). */
export const KIND_NAMES: Record<ProjectKind, string> = { industry: '产业项目', infrastructure: '基础设施', livelihood: '民生实事', talent: '人才培训', other: '其他' };

export const SOURCES = ['dispatchingUnit', 'countyDept', 'social', 'other'] as const;
export type Source = (typeof SOURCES)[number];
/** 来源: the cadre's dispatching unit (派出单位组团帮扶), county departments (市县部门捆绑发力), society (企业、社会组织), other. */
export const SOURCE_NAMES: Record<Source, string> = { dispatchingUnit: '派出单位', countyDept: '县级部门', social: '社会帮扶', other: '其他' };

export const STATUSES = ['planning', 'building', 'done'] as const;
export type ProjectStatus = (typeof STATUSES)[number];
export const STATUS_NAMES: Record<ProjectStatus, string> = { planning: '谋划中', building: '在建', done: '已完成' };

export const MAX_FILES = 9;
/** History entries kept on a project (a project changes a few times over its life). */
export const MAX_HISTORY = 200;

export const ProjectId = z.string().regex(/^rp-[0-9a-f]{24}$/);
export const DeedId = z.string().regex(/^rd-[0-9a-f]{24}$/);
const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);

/** The largest amount one project may carry: 9,999,999,999.99 yuan (fen stay far below 2^53, and so do their sums). */
export const MAX_YUAN_DIGITS = 10;

/** `12.5` → 1250 (fen), by string arithmetic. */
export function yuanToFen(text: string): number {
  const [int, frac = ''] = text.split('.');
  return Number(int) * 100 + Number(`${frac}00`.slice(0, 2));
}

/** An amount in yuan as typed: digits, at most two decimals, thousands separators allowed. */
export const Yuan = z
  .string()
  .trim()
  .transform((s) => s.replace(/[,，\s]/g, ''))
  .pipe(z.string().regex(new RegExp(`^(0|[1-9]\\d{0,${MAX_YUAN_DIGITS - 1}})(\\.\\d{1,2})?$`), '金额请填数字（元），最多两位小数，例如 30000 或 12.5'))
  .transform(yuanToFen);

export const ProjectFile = z.object({ fileId: FileId, name: z.string().trim().min(1).max(60) }).strict();
export type ProjectFile = z.output<typeof ProjectFile>;

/** The fields of a project a form sends (an add, an edit: the whole form each time). */
const projectFields = {
  name: z.string().trim().min(2, '请填写项目名称').max(60, '项目名称最多60字'),
  kind: z.enum(PROJECT_KINDS),
  amountYuan: Yuan,
  source: z.enum(SOURCES),
  /** The source's name (湘西州财政局, 县农业农村局, 某公司). For 派出单位 it may be left out: the cadre's assignment names it. */
  sourceName: z.string().trim().max(40, '来源单位最多40字').default(''),
  status: z.enum(STATUSES),
  /** 谋划（立项）日期. */
  plannedOn: Day,
  /** 开工日期: for 在建 and 已完成. */
  startedOn: Day.nullable().default(null),
  /** 完成日期: for 已完成. */
  completedOn: Day.nullable().default(null),
  /** The cadre who brought it (one of the village's cadres); the recorder when left out. */
  broughtById: PersonId.optional(),
  files: z.array(ProjectFile).max(MAX_FILES, `照片和材料最多${MAX_FILES}个`).default([]),
  note: z.string().trim().max(500, '备注最多500字').default(''),
};

interface Dated {
  status: ProjectStatus;
  plannedOn: string;
  startedOn: string | null;
  completedOn: string | null;
  source: Source;
  sourceName: string;
}

/** The dates a status needs, in order; a source other than 派出单位 named. */
function checkProject(v: Dated, ctx: z.RefinementCtx): void {
  if (v.status === 'planning') {
    if (v.startedOn) ctx.addIssue({ code: 'custom', path: ['startedOn'], message: '谋划中的项目还没有开工日期' });
    if (v.completedOn) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: '谋划中的项目还没有完成日期' });
  } else {
    if (!v.startedOn) ctx.addIssue({ code: 'custom', path: ['startedOn'], message: '请填写开工日期' });
    else if (v.startedOn < v.plannedOn) ctx.addIssue({ code: 'custom', path: ['startedOn'], message: '开工日期不能早于谋划日期' });
    if (v.status === 'building' && v.completedOn) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: '在建的项目还没有完成日期' });
    if (v.status === 'done') {
      if (!v.completedOn) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: '请填写完成日期' });
      else if (v.startedOn && v.completedOn < v.startedOn) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: '完成日期不能早于开工日期' });
    }
  }
  if (v.source !== 'dispatchingUnit' && v.sourceName.length < 2) ctx.addIssue({ code: 'custom', path: ['sourceName'], message: '请填写资金或项目来自哪个单位' });
}

export const AddInput = z
  .object({ clientId: ClientId, ...projectFields })
  .strict()
  .superRefine(checkProject);
export type AddInput = z.output<typeof AddInput>;

export const EditInput = z
  .object({
    id: ProjectId,
    /** The version the form was filled from: a change made meanwhile is not overwritten. */
    version: z.number().int().min(1),
    ...projectFields,
    /** 修改说明: needed for a confirmed project and for a correction by staff. */
    reason: z.string().trim().max(200, '修改说明最多200字').default(''),
  })
  .strict()
  .superRefine(checkProject);
export type EditInput = z.output<typeof EditInput>;

export const ConfirmInput = z.object({ id: ProjectId, version: z.number().int().min(1) }).strict();
export const WithdrawInput = z.object({ id: ProjectId, reason: z.string().trim().min(2, '请填写撤销原因').max(200, '撤销原因最多200字') }).strict();

export const FILTERS = ['all', 'pending', 'confirmed'] as const;
export type Filter = (typeof FILTERS)[number];

export const ListInput = z
  .object({
    unitId: UnitId,
    filter: z.enum(FILTERS).default('all'),
    kind: z.enum(PROJECT_KINDS).optional(),
    status: z.enum(STATUSES).optional(),
    skip: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type ListInput = z.output<typeof ListInput>;

export const FiguresInput = z
  .object({
    unitId: UnitId,
    /** 只统计已核实的项目. */
    confirmedOnly: z.boolean().default(false),
    /** The level of the rows (default: the level just under the unit). */
    by: z.enum(['county', 'township', 'village']).optional(),
  })
  .strict();
export type FiguresInput = z.output<typeof FiguresInput>;

export const DeedInput = z
  .object({
    clientId: ClientId,
    date: Day,
    text: z.string().trim().min(4, '请写清楚办了什么事（至少4个字）').max(300, '最多300字'),
  })
  .strict();
export type DeedInput = z.output<typeof DeedInput>;

/** Who did something to a project, and as what. */
export interface Actor {
  byId: string;
  byName: string;
  /** `cadre` (a cadre of the village), `staff` (organisation staff over it). */
  as: 'cadre' | 'staff';
  /** The staff member's unit (双龙镇), '' for a cadre. */
  unitName: string;
}

/** One changed field: its label and the texts before and after (as people read them). */
export interface Change {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface HistoryEntry extends Actor {
  at: Date;
  kind: 'edit' | 'confirm' | 'withdraw';
  changes: Change[];
  reason: string;
  /** An edit that took a confirmed project back to 待核实. */
  unconfirmed: boolean;
}

/**
 * `resourceProjects`, `_id` `rp-<hash of the recorder and their clientId>`. `version` counts the
 * project's contents (1 when added, +1 at each change): a confirmation is of one version, and a
 * form's edit is refused when the project changed after the form was filled.
 */
export interface ProjectDoc {
  _id: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  /** `villagePath[2]` and `[1]`, kept for the figures' grouping. */
  townshipId: string;
  countyId: string;
  name: string;
  kind: ProjectKind;
  /** 金额, in fen (integer). */
  amountFen: number;
  source: Source;
  sourceName: string;
  status: ProjectStatus;
  plannedOn: string;
  startedOn: string | null;
  completedOn: string | null;
  broughtById: string;
  broughtByName: string;
  files: ProjectFile[];
  note: string;
  recordedById: string;
  recordedByName: string;
  version: number;
  confirmed: boolean;
  confirmation: (Actor & { at: Date; version: number }) | null;
  withdrawn: (Actor & { at: Date; reason: string }) | null;
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

/** `resourceDeeds`, `_id` `rd-<hash of the cadre and their clientId>`: a practical deed (好事实事) done for villagers. */
export interface DeedDoc {
  _id: string;
  personId: string;
  personName: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  townshipId: string;
  countyId: string;
  date: string;
  text: string;
  createdAt: Date;
}
