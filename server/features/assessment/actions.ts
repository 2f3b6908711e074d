/**
 * The three-in-one assessment (三位一体综合考评): cadres' targets (目标管理), villagers' and
 * village officials' anonymous survey (民主测评), and the county's annual result with inspections
 * and monthly scores (检查评价), ranked, graded and published.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey } from '../../kernel/clock';
import { getUnit, getUnitCached } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { callerPerson, cadreRef, getPerson } from '../people/service';
import { CADRE_KIND_NAMES, CADRE_KINDS, PersonId, type CadreKind, type PersonDoc } from '../people/schema';
import { GRADE_NAMES, type Grade } from '../scoring/schema';
import { targetPart } from './rules';
import {
  ASPECTS,
  ASPECT_NAMES,
  AnswerInput,
  AssessmentSettings,
  CATEGORIES,
  CATEGORY_NAMES,
  ClientId,
  OpenSurveyInput,
  PARTS,
  PART_NAMES,
  ProgressInput,
  ProposeInput,
  RATINGS,
  RATING_NAMES,
  ReviewInput,
  ScoreInput,
  SetInput,
  SurveyId,
  TARGET_STATUS_NAMES,
  Year,
  type AssessPublicationDoc,
  type AssessPublishedDoc,
  type PlanDoc,
  type ProgressDoc,
  type ResultDetail,
  type ResultDoc,
  type RunDoc,
  type SurveyDoc,
  type Target,
} from './schema';
import {
  answer,
  closeSurvey,
  computeYear,
  getPlan,
  getPublication,
  getResult,
  getRun,
  getSurvey,
  hasAnswered,
  isOpen,
  latestPublication,
  openSurvey,
  openSurveysOf,
  photoFolder,
  photoUrls,
  plansUnder,
  progressOf,
  proposeTarget,
  publicationsOf,
  publishedFor,
  publishedRows,
  publishYear,
  recordProgress,
  respondentOf,
  resultsPage,
  reviewTarget,
  scoreTarget,
  setSettings,
  setTarget,
  settingsFrom,
  surveyResults,
  surveysUnder,
} from './service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const Page = { skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(50) };
const kindName = (k: CadreKind) => CADRE_KIND_NAMES[k];
const thisYear = (ctx: ActionContext) => dateKey(ctx.now).slice(0, 4);

// ---- views --------------------------------------------------------------------------------------------

function targetView(t: Target, today: string) {
  return {
    id: t.id,
    text: t.text,
    category: t.category,
    categoryName: CATEGORY_NAMES[t.category],
    weight: t.weight,
    dueMonth: t.dueMonth,
    status: t.status,
    statusName: TARGET_STATUS_NAMES[t.status],
    origin: t.origin,
    originName: t.origin === 'cadre' ? '本人提出' : '组织设定',
    setByName: t.setByName,
    setAt: iso(t.setAt)!,
    reviewedByName: t.reviewedByName,
    reviewNote: t.reviewNote,
    percent: t.percent,
    progressCount: t.progressIds.length,
    progressAt: iso(t.progressAt),
    score: t.score,
    scoreNote: t.scoreNote,
    scoredByName: t.scoredByName,
    scoredAt: iso(t.scoredAt),
    /** Due: staff may score it (its due month has come). */
    due: today.slice(0, 7) >= t.dueMonth,
  };
}

function planView(plan: PlanDoc | null, who: { personId: string; name: string; kind: CadreKind; villageName: string }, year: string, today: string) {
  const targets = plan?.targets ?? [];
  return {
    personId: who.personId,
    name: who.name,
    kindName: kindName(who.kind),
    villageName: who.villageName,
    year,
    targets: targets.map((t) => targetView(t, today)),
    /** The target part as it stands (unscored targets count 0; null: no confirmed target). */
    targetPart: targetPart(targets),
    weightTotal: targets.filter((t) => t.status === 'confirmed').reduce((s, t) => s + t.weight, 0),
  };
}

async function progressView(list: ProgressDoc[]) {
  const urls = await photoUrls(list.flatMap((p) => p.photoFileIds));
  return list.map((p) => ({ id: p._id, targetId: p.targetId, text: p.text, percent: p.percent, at: iso(p.at)!, photoUrls: p.photoFileIds.map((f) => urls.get(f) ?? '').filter(Boolean) }));
}

const categories = () => CATEGORIES.map((key) => ({ key, name: CATEGORY_NAMES[key] }));

function who(person: PersonDoc) {
  const c = cadreRef(person);
  return { personId: person._id, name: person.name, kind: (c?.kind ?? 'teamMember') as CadreKind, villageName: person.station?.villageName ?? '' };
}
const whoOfPlan = (p: PlanDoc) => ({ personId: p.personId, name: p.name, kind: p.kind, villageName: p.villageName });

function surveyView(s: SurveyDoc, now: Date, responses?: number) {
  return {
    id: s._id,
    villageId: s.villageId,
    villageName: s.villageName,
    year: s.year,
    closesOn: s.closesOn,
    aspects: s.aspects,
    open: isOpen(s, now),
    statusName: isOpen(s, now) ? '进行中' : '已结束',
    cadres: s.cadres.map((c) => ({ personId: c.personId, name: c.name, kindName: kindName(c.kind) })),
    openedByName: s.openedByName,
    openedAt: iso(s.openedAt)!,
    closedAt: iso(s.closedAt),
    closedByName: s.closedByName,
    ...(responses === undefined ? {} : { responses }),
  };
}

const gradeName = (g: Grade) => GRADE_NAMES[g];

function runView(r: RunDoc | null) {
  if (!r) return null;
  return {
    count: r.count,
    weights: r.settings.weights,
    basicallyPoints: r.settings.basicallyPoints,
    absencePenalty: r.settings.absencePenalty,
    grades: r.grades,
    excellentAbove: r.excellentAbove,
    gaps: PARTS.map((p) => ({ part: p, name: PART_NAMES[p], count: r.gaps[p] })),
    byName: r.byName,
    computedAt: iso(r.computedAt)!,
  };
}

const resultRow = (r: ResultDoc | AssessPublishedDoc) => ({
  personId: r.personId,
  name: r.name,
  kindName: kindName(r.kind),
  villageName: r.villageName,
  parts: r.parts,
  satisfactionRate: r.satisfactionRate,
  surveyCount: r.surveyCount,
  absences: r.absences,
  total: r.total,
  rank: r.rank,
  kindRank: r.kindRank,
  grade: r.grade,
  gradeName: gradeName(r.grade),
});

const pubView = (p: AssessPublicationDoc) => ({
  id: p._id,
  countyId: p.countyId,
  countyName: p.countyName,
  year: p.year,
  version: p.version,
  reason: p.reason,
  count: p.count,
  gradeCounts: p.gradeCounts,
  weights: p.settings.weights,
  byName: p.byName,
  at: iso(p.at)!,
});

const pct = (n: number) => `${n}%`;
const STATUS_NAMES = { present: '在岗', absent: '不在岗', excused: '请假' } as const;

/** A result opened to every figure behind it. */
function explanation(r: ResultDoc, run: RunDoc | null) {
  const d = JSON.parse(r.detail) as ResultDetail;
  const s = run?.settings;
  const w = s?.weights ?? { targets: 0, survey: 0, inspection: 0 };
  const fmt = (n: number | null) => (n === null ? '缺项（按0分计）' : n.toFixed(1));
  return {
    ...resultRow(r),
    year: r.year,
    computedAt: iso(r.computedAt)!,
    formula: `${PARTS.map((p) => `${PART_NAMES[p]} ${fmt(r.parts[p])} × ${pct(w[p])}`).join(' + ')} = ${r.total.toFixed(1)}`,
    parts: PARTS.map((p) => ({ part: p, name: PART_NAMES[p], weight: w[p], points: r.parts[p], weighted: Math.round((r.parts[p] ?? 0) * w[p]) / 100 })),
    targets: d.targets.map((t) => ({ ...t, categoryName: CATEGORY_NAMES[t.category] })),
    targetRule: '各项已确认目标的完成评分按权重加权平均；未评分的目标按0分计',
    surveys: d.surveys.map((x) => ({ ...x, count: x.satisfied + x.basicallySatisfied + x.unsatisfied, statusName: x.status === 'open' ? '进行中' : '已结束' })),
    surveyRule: `满意 100 分、基本满意 ${s?.basicallyPoints ?? 60} 分、不满意 0 分，取平均；满意率为满意与基本满意所占比例`,
    inspections: d.inspections.map((x) => ({ ...x, statusName: STATUS_NAMES[x.status] })),
    months: d.months,
    monthsAverage: r.monthsAverage,
    inspectionRule: `全年各月考核得分的平均分，暗访每发现一次不在岗扣 ${s?.absencePenalty ?? 10} 分（最低0分）`,
  };
}

// ---- scope helpers -------------------------------------------------------------------------------------

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}
function memoUnit(ctx: ActionContext, id: string): OrgUnit {
  const u = ctx.memo.get(`unit:${id}`) as OrgUnit | undefined;
  if (!u) throw new AppError('not_found', '单位不存在');
  return u;
}
async function countyTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit || unit.level !== 'county') return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}

/**
 * The plan of a cadre's year, for the scope check: the cadre's village now (a plan keeps the
 * village it was made in, and a cadre moved elsewhere is the new county's, as the annual result
 * counts them), or the plan's village for a cadre no longer stationed. Plan and person in parallel.
 */
async function planTarget(ctx: ActionContext, input: { personId: string; year: string }) {
  const [plan, person] = await Promise.all([getPlan(input.personId, input.year), getPerson(input.personId)]);
  if (plan) ctx.memo.set('plan', plan);
  const c = person && cadreRef(person);
  if (person && c) {
    ctx.memo.set('cadre', person);
    return { path: c.villagePath };
  }
  return plan ? { path: plan.villagePath } : null;
}
async function cadreTarget(ctx: ActionContext, personId: string) {
  const person = await getPerson(personId);
  const c = person && cadreRef(person);
  if (!person || !c) return null;
  ctx.memo.set('cadre', person);
  return { path: c.villagePath };
}
async function surveyTarget(ctx: ActionContext, id: string) {
  const s = await getSurvey(id);
  if (!s) return null;
  ctx.memo.set('survey', s);
  return { path: s.villagePath };
}
const memoPlan = (ctx: ActionContext) => {
  const p = ctx.memo.get('plan') as PlanDoc | undefined;
  if (!p) throw new AppError('not_found', '该干部本年度还没有目标');
  return p;
};

// ---- the cadre's targets ----------------------------------------------------------------------------------

export const myTargetsAction = action({
  name: 'assessment.myTargets',
  roles: ['cadre'],
  input: z.object({ year: Year.optional() }).strict(),
  async run(ctx, input) {
    const person = callerPerson(ctx.caller);
    const today = dateKey(ctx.now);
    const year = input.year ?? today.slice(0, 4);
    const [plan, progress, published] = await Promise.all([getPlan(person._id, year), progressOf(person._id, year), publishedFor(person._id)]);
    return {
      year,
      today,
      uploadFolder: photoFolder(person._id),
      categories: categories(),
      plan: planView(plan, plan ? whoOfPlan(plan) : who(person), year, today),
      progress: await progressView(progress),
      results: published.map((r) => ({ year: r.year, version: r.version, total: r.total, rank: r.rank, grade: r.grade, gradeName: gradeName(r.grade), parts: r.parts })),
    };
  },
});

export const proposeTargetAction = action({
  name: 'assessment.proposeTarget',
  roles: ['cadre'],
  input: ProposeInput,
  async run(ctx, input) {
    const plan = await proposeTarget(ctx.caller, callerPerson(ctx.caller), ctx.now, input);
    return planView(plan, whoOfPlan(plan), plan.year, dateKey(ctx.now));
  },
});

export const recordProgressAction = action({
  name: 'assessment.recordProgress',
  roles: ['cadre'],
  input: ProgressInput,
  async run(ctx, input) {
    const { plan, progress } = await recordProgress(callerPerson(ctx.caller), ctx.now, input);
    return { plan: planView(plan, whoOfPlan(plan), plan.year, dateKey(ctx.now)), progressId: progress._id };
  },
});

// ---- staff: targets --------------------------------------------------------------------------------------

export const targetsAction = action({
  name: 'assessment.targets',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, year: Year, ...Page }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx, input.unitId);
    const { figures, rows } = await plansUnder(unit._id, input.year, input.skip, input.limit);
    return {
      unit: { id: unit._id, name: unit.name },
      year: input.year,
      figures,
      rows: rows.map(({ person, plan }) => {
        const ts = plan?.targets ?? [];
        return {
          ...who(person),
          kindName: kindName(who(person).kind),
          targets: ts.filter((t) => t.status === 'proposed' || t.status === 'confirmed').length,
          proposed: ts.filter((t) => t.status === 'proposed').length,
          confirmed: ts.filter((t) => t.status === 'confirmed').length,
          scored: ts.filter((t) => t.status === 'confirmed' && t.score !== null).length,
          targetPart: targetPart(ts),
        };
      }),
    };
  },
});

export const cadreTargetsAction = action({
  name: 'assessment.cadreTargets',
  roles: ['staff'],
  input: z.object({ personId: PersonId, year: Year }).strict(),
  scope: (ctx, input) => planTarget(ctx, input),
  async run(ctx, input) {
    const plan = (ctx.memo.get('plan') as PlanDoc | undefined) ?? null;
    const cadre = ctx.memo.get('cadre') as PersonDoc | undefined;
    const today = dateKey(ctx.now);
    const progress = await progressOf(input.personId, input.year);
    return { today, categories: categories(), plan: planView(plan, plan ? whoOfPlan(plan) : who(cadre!), input.year, today), progress: await progressView(progress) };
  },
});

export const setTargetAction = action({
  name: 'assessment.setTarget',
  roles: ['staff'],
  input: SetInput,
  scope: (ctx, input) => cadreTarget(ctx, input.personId),
  async run(ctx, input) {
    const plan = await setTarget(ctx.caller, ctx.memo.get('cadre') as PersonDoc, ctx.now, input);
    return planView(plan, whoOfPlan(plan), plan.year, dateKey(ctx.now));
  },
});

export const reviewTargetAction = action({
  name: 'assessment.reviewTarget',
  roles: ['staff'],
  input: ReviewInput,
  scope: (ctx, input) => planTarget(ctx, input),
  async run(ctx, input) {
    const plan = await reviewTarget(ctx.caller, ctx.now, memoPlan(ctx), input);
    return planView(plan, whoOfPlan(plan), plan.year, dateKey(ctx.now));
  },
});

export const scoreTargetAction = action({
  name: 'assessment.scoreTarget',
  roles: ['staff'],
  input: ScoreInput,
  scope: (ctx, input) => planTarget(ctx, input),
  async run(ctx, input) {
    const plan = await scoreTarget(ctx.caller, ctx.now, memoPlan(ctx), input);
    return planView(plan, whoOfPlan(plan), plan.year, dateKey(ctx.now));
  },
});

// ---- staff: the democratic evaluation -------------------------------------------------------------------------

export const openSurveyAction = action({
  name: 'assessment.openSurvey',
  roles: ['staff'],
  input: OpenSurveyInput,
  scope: (ctx, input) => unitTarget(ctx, input.villageId),
  run: async (ctx, input) => surveyView(await openSurvey(ctx.caller, ctx.now, memoUnit(ctx, input.villageId), input), ctx.now, 0),
});

export const surveysAction = action({
  name: 'assessment.surveys',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, year: Year }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx, input.unitId);
    const list = await surveysUnder(unit._id, input.year);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, year: input.year, today: dateKey(ctx.now), items: list.map((x) => surveyView(x.survey, ctx.now, x.responses)) };
  },
});

/** A survey's results: aggregates only (each cadre's tally and rate, comments without their order or author) and the exact response count. */
export const surveyResultsAction = action({
  name: 'assessment.surveyResults',
  roles: ['staff'],
  input: z.object({ surveyId: SurveyId }).strict(),
  scope: (ctx, input) => surveyTarget(ctx, input.surveyId),
  async run(ctx) {
    const s = ctx.memo.get('survey') as SurveyDoc;
    const [county, { responses, byCadre, comments }] = await Promise.all([getUnitCached(s.countyId), surveyResults(s)]);
    const basic = settingsFrom(county?.settings).basicallyPoints;
    const empty = { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 };
    return {
      survey: surveyView(s, ctx.now, responses),
      responses,
      ratingNames: RATINGS.map((key) => ({ key, name: RATING_NAMES[key] })),
      cadres: s.cadres.map((c) => {
        const t = byCadre.get(c.personId) ?? { ...empty, aspects: Object.fromEntries(ASPECTS.map((a) => [a, empty])) as Record<(typeof ASPECTS)[number], typeof empty> };
        const n = t.satisfied + t.basicallySatisfied + t.unsatisfied;
        return {
          personId: c.personId,
          name: c.name,
          kindName: kindName(c.kind),
          satisfied: t.satisfied,
          basicallySatisfied: t.basicallySatisfied,
          unsatisfied: t.unsatisfied,
          count: n,
          rate: n ? Math.round((1000 * (t.satisfied + t.basicallySatisfied)) / n) / 10 : null,
          points: n ? Math.round((10 * (100 * t.satisfied + basic * t.basicallySatisfied)) / n) / 10 : null,
          aspects: s.aspects ? ASPECTS.map((a) => ({ aspect: a, name: ASPECT_NAMES[a], ...t.aspects[a] })) : [],
          comments: comments.filter((x) => x.personId === c.personId).map((x) => x.text),
        };
      }),
    };
  },
});

export const closeSurveyAction = action({
  name: 'assessment.closeSurvey',
  roles: ['staff'],
  input: z.object({ surveyId: SurveyId }).strict(),
  scope: (ctx, input) => surveyTarget(ctx, input.surveyId),
  run: async (ctx) => surveyView(await closeSurvey(ctx.caller, ctx.now, ctx.memo.get('survey') as SurveyDoc), ctx.now),
});

// ---- villagers and village officials: answering --------------------------------------------------------------

/** The village's surveys taking answers, for a villager or official of the village, and which they answered. */
export const openSurveysAction = action({
  name: 'assessment.openSurveys',
  roles: 'public',
  input: z.object({ villageId: UnitId }).strict(),
  async run(ctx, input) {
    const as = await respondentOf(ctx.caller.openid, input.villageId);
    const [surveys, village] = await Promise.all([openSurveysOf(input.villageId, ctx.now), getUnitCached(input.villageId)]);
    const answered = await hasAnswered(surveys, ctx.caller.openid!);
    return {
      villageId: input.villageId,
      villageName: village?.name ?? '',
      as,
      ratings: RATINGS.map((key) => ({ key, name: RATING_NAMES[key] })),
      aspectNames: ASPECTS.map((key) => ({ key, name: ASPECT_NAMES[key] })),
      surveys: surveys.map((s) => ({ ...surveyView(s, ctx.now), answered: answered.has(s._id) })),
    };
  },
});

export const answerAction = action({
  name: 'assessment.answer',
  roles: 'public',
  input: AnswerInput,
  async run(ctx, input) {
    if (!ctx.caller.openid) throw new AppError('not_bound', '请在微信中打开');
    const s = await getSurvey(input.surveyId);
    if (!s) throw new AppError('not_found', '测评不存在');
    const r = await answer(ctx.caller.openid, ctx.now, s, input);
    return { surveyId: s._id, again: r.again };
  },
});

// ---- staff: the annual result -----------------------------------------------------------------------------------

export const getSettingsAction = action({
  name: 'assessment.getSettings',
  roles: ['staff'],
  input: z.object({ countyId: UnitId }).strict(),
  scope: (ctx, input) => countyTarget(ctx, input.countyId),
  run: (ctx, input) => settingsFrom(memoUnit(ctx, input.countyId).settings),
});

export const setSettingsAction = action({
  name: 'assessment.setSettings',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, settings: AssessmentSettings }).strict(),
  scope: (ctx, input) => countyTarget(ctx, input.countyId),
  run: (ctx, input) => setSettings(ctx.caller, ctx.now, memoUnit(ctx, input.countyId), input.settings),
});

export const computeAction = action({
  name: 'assessment.compute',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, year: Year }).strict(),
  scope: (ctx, input) => countyTarget(ctx, input.countyId),
  run: async (ctx, input) => runView(await computeYear(ctx.caller, ctx.now, memoUnit(ctx, input.countyId), input.year))!,
});

/** A county's year, best first (all of it, a unit under it, or one cadre kind: 分类排位), with the run and the latest publication. */
export const rankingAction = action({
  name: 'assessment.ranking',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, year: Year, kind: z.enum(CADRE_KINDS).optional(), ...Page }).strict(),
  async scope(ctx, input) {
    const unit = await getUnit(input.unitId);
    if (!unit || unit.level === 'city') return null;
    ctx.memo.set('unit', unit);
    return { path: unit.path };
  },
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const countyId = unit.level === 'county' ? unit._id : unit.path[1]!;
    const [run, page, latest] = await Promise.all([getRun(countyId, input.year), resultsPage(countyId, input.year, { unitId: unit._id, kind: input.kind, skip: input.skip, limit: input.limit }), latestPublication(countyId, input.year)]);
    return {
      unit: { id: unit._id, name: unit.name, level: unit.level },
      countyId,
      year: input.year,
      thisYear: thisYear(ctx),
      run: runView(run),
      count: page.count,
      rows: page.rows.map(resultRow),
      publication: latest ? pubView(latest) : null,
      /** Computed again since the latest publication: a correction may be published. */
      changedSincePublication: !!latest && !!run && new Date(latest.computedAt).getTime() !== new Date(run.computedAt).getTime(),
      kinds: CADRE_KINDS.map((k) => ({ key: k, name: CADRE_KIND_NAMES[k] })),
    };
  },
});

export const explainAction = action({
  name: 'assessment.explain',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, year: Year, personId: PersonId }).strict(),
  async scope(ctx, input) {
    const r = await getResult(input.countyId, input.year, input.personId);
    if (!r) return null;
    ctx.memo.set('result', r);
    return { path: r.villagePath };
  },
  async run(ctx) {
    const r = ctx.memo.get('result') as ResultDoc;
    return explanation(r, await getRun(r.countyId, r.year));
  },
});

export const publishAction = action({
  name: 'assessment.publish',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, year: Year, reason: z.string().trim().max(200).default(''), clientId: ClientId }).strict(),
  scope: (ctx, input) => countyTarget(ctx, input.countyId),
  run: async (ctx, input) => pubView(await publishYear(ctx.caller, ctx.now, memoUnit(ctx, input.countyId), input)),
});

export const publicationsAction = action({
  name: 'assessment.publications',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, year: Year }).strict(),
  scope: (ctx, input) => countyTarget(ctx, input.countyId),
  run: async (_ctx, input) => (await publicationsOf(input.countyId, input.year)).map(pubView),
});

export const publicationAction = action({
  name: 'assessment.publication',
  roles: ['staff'],
  input: z.object({ pubId: z.string().min(1).max(160).regex(/^[A-Za-z0-9_.-]+$/), ...Page }).strict(),
  async scope(ctx, input) {
    const pub = await getPublication(input.pubId);
    if (!pub) return null;
    ctx.memo.set('pub', pub);
    return { path: pub.countyPath };
  },
  async run(ctx, input) {
    const pub = ctx.memo.get('pub') as AssessPublicationDoc;
    return { publication: pubView(pub), rows: (await publishedRows(pub, input.skip, input.limit)).map(resultRow) };
  },
});

export const assessmentActions = [
  myTargetsAction,
  proposeTargetAction,
  recordProgressAction,
  targetsAction,
  cadreTargetsAction,
  setTargetAction,
  reviewTargetAction,
  scoreTargetAction,
  openSurveyAction,
  surveysAction,
  surveyResultsAction,
  closeSurveyAction,
  openSurveysAction,
  answerAction,
  getSettingsAction,
  setSettingsAction,
  computeAction,
  rankingAction,
  explainAction,
  publishAction,
  publicationsAction,
  publicationAction,
] as const;
