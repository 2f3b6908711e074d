/**
 * The three-in-one assessment (三位一体综合考评): cadres' targets and their progress, the
 * democratic evaluation's surveys and anonymous responses, and the annual result of a county's
 * cadres (computed in pages of 1,000, ranked and graded by the scoring feature's rules, published
 * in frozen versions).
 */
import { createHash, randomBytes } from 'node:crypto';
import { db, _, $, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, dayjs, TZ } from '../../kernel/clock';
import { audit } from '../audit/service';
import { getUnit, getUnits, setUnitSetting } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { cadreRef, cadresStationedUnder, formerCadresPage, personByOpenid, type CadreRef } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { checkPhotosIn } from '../checkin/photos';
import { replace, rulesFrom, totalsOf } from '../scoring/service';
import { GRADES, type Grade } from '../scoring/schema';
import { villagerOf } from '../village/service';
import { absencesOf, inspectionsOfCadres } from '../inspection/service';
import { inspectionPart, rankAndGrade, surveyPart, targetPart, totalOf, type Tally } from './rules';
import {
  ASPECTS,
  AssessmentSettings,
  DEFAULT_ASSESSMENT_SETTINGS,
  MAX_PROGRESS,
  MAX_TARGETS,
  PARTS,
  RATING_CODE,
  type AnswerInput,
  type Aspect,
  type AssessPublicationDoc,
  type AssessPublishedDoc,
  type OpenSurveyInput,
  type Part,
  type PartPoints,
  type PlanDoc,
  type ProgressDoc,
  type ProgressInput,
  type ProposeInput,
  type ResponseDoc,
  type ResultDetail,
  type ResultDoc,
  type ReviewInput,
  type RunDoc,
  type ScoreInput,
  type SetInput,
  type SurveyDoc,
  type Target,
  MAX_RATED,
} from './schema';

export const PLANS = 'assessPlans';
export const PROGRESS = 'assessProgress';
export const SURVEYS = 'assessSurveys';
export const RESPONSES = 'assessResponses';
export const RESULTS = 'assessResults';
export const RUNS = 'assessRuns';
export const PUBLICATIONS = 'assessPublications';
export const PUBLISHED = 'assessPublished';
export const SETTINGS_KEY = 'assessment';

const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);
const countyOf = (path: readonly string[]) => path[1] ?? path[0]!;
export const photoFolder = (personId: string) => `assessment/${personId}/`;
export const planId = (personId: string, year: string) => `${personId}.${year}`;
const yearOf = (now: Date) => dateKey(now).slice(0, 4);

// ---- settings ---------------------------------------------------------------------------------------

export function settingsFrom(settings: Record<string, unknown> | undefined | null): AssessmentSettings {
  const parsed = AssessmentSettings.safeParse(settings?.[SETTINGS_KEY]);
  return parsed.success ? parsed.data : DEFAULT_ASSESSMENT_SETTINGS;
}

export async function setSettings(caller: Caller, now: Date, county: OrgUnit, value: AssessmentSettings): Promise<AssessmentSettings> {
  if (county.level !== 'county') throw new AppError('invalid_input', '考评权重按县（区）设置');
  const parsed = AssessmentSettings.parse(value);
  await setUnitSetting(caller, now, county, SETTINGS_KEY, parsed, 'assessment.setSettings');
  return parsed;
}

// ---- targets (目标管理) ----------------------------------------------------------------------------

/** What a plan says of its cadre: their name, kind and village (from their person document). */
async function planBase(person: PersonDoc, year: string): Promise<Omit<PlanDoc, '_id' | 'targets' | 'createdAt' | 'updatedAt'>> {
  const c = cadreRef(person);
  if (!c) throw new AppError('not_stationed', '该人员目前没有驻村任务');
  const villageName = person.station?.villageId === c.villageId ? person.station.villageName : (await getUnit(c.villageId))?.name ?? '';
  return { personId: person._id, name: person.name, kind: c.kind, villageId: c.villageId, villageName, villagePath: c.villagePath, countyId: countyOf(c.villagePath), year };
}

export async function getPlan(personId: string, year: string): Promise<PlanDoc | null> {
  return (await db.collection(PLANS).doc(planId(personId, year)).get<PlanDoc>()).data ?? null;
}

/** Plans of many cadres for a year (one read per 1,000). */
export async function plansOf(personIds: readonly string[], year: string): Promise<Map<string, PlanDoc>> {
  const ids = [...new Set(personIds)].map((p) => planId(p, year));
  const out = new Map<string, PlanDoc>();
  for (let i = 0; i < ids.length; i += 1000) {
    const { data } = await db.collection(PLANS).where({ _id: _.in(ids.slice(i, i + 1000)) }).limit(1000).get<PlanDoc>();
    for (const p of data) out.set(p.personId, p);
  }
  return out;
}

const live = (t: Target) => t.status === 'proposed' || t.status === 'confirmed';

function newTarget(id: string, input: { text: string; category: Target['category']; weight: number; dueMonth: string }, origin: Target['origin'], byName: string, now: Date): Target {
  return {
    id,
    text: input.text,
    category: input.category,
    weight: input.weight,
    dueMonth: input.dueMonth,
    status: origin === 'staff' ? 'confirmed' : 'proposed',
    origin,
    setByName: byName,
    setAt: now,
    reviewedByName: origin === 'staff' ? byName : null,
    reviewNote: '',
    progressIds: [],
    percent: 0,
    progressAt: null,
    score: null,
    scoreNote: '',
    scoredByName: null,
    scoredAt: null,
  };
}

/** Add a target to a cadre's plan of the year (made with its first target); a retry finds it there. */
async function addTarget(caller: Caller, now: Date, base: Awaited<ReturnType<typeof planBase>>, target: Target): Promise<PlanDoc> {
  const id = planId(base.personId, base.year);
  return transaction(async (tx) => {
    const { data: have } = await tx.collection(PLANS).doc(id).get<PlanDoc>();
    if (have?.targets.some((t) => t.id === target.id)) return have;
    if ((have?.targets.filter(live).length ?? 0) >= MAX_TARGETS) throw new AppError('too_many', `每人每年最多${MAX_TARGETS}项目标`);
    let plan: PlanDoc;
    if (!have) {
      plan = { _id: id, ...base, targets: [target], createdAt: now, updatedAt: now };
      const { _id: _pid, ...body } = plan;
      await tx.collection(PLANS).doc(id).set({ data: body });
    } else {
      plan = { ...have, targets: [...have.targets, target], updatedAt: now };
      await tx.collection(PLANS).doc(id).update({ data: { targets: _.push([target]), updatedAt: now } });
    }
    if (target.origin === 'staff') await audit(tx, caller, now, { action: 'assessment.setTarget', target: { collection: PLANS, id }, unitPath: base.villagePath, before: null, after: { targetId: target.id, text: target.text, weight: target.weight } });
    return plan;
  });
}

/** A cadre proposes a target of their own (to be confirmed by staff). */
export async function proposeTarget(caller: Caller, person: PersonDoc, now: Date, input: ProposeInput): Promise<PlanDoc> {
  if (input.year < yearOf(now)) throw new AppError('too_late', '往年的目标不能再增加');
  const base = await planBase(person, input.year);
  return addTarget(caller, now, base, newTarget(`t-${hash(`${person._id}:${input.clientId}`, 16)}`, input, 'cadre', person.name, now));
}

/** Staff set a (confirmed) target of a cadre in their scope. */
export async function setTarget(caller: Caller, cadre: PersonDoc, now: Date, input: SetInput): Promise<PlanDoc> {
  if (input.year < yearOf(now)) throw new AppError('too_late', '往年的目标不能再增加');
  const base = await planBase(cadre, input.year);
  return addTarget(caller, now, base, newTarget(`t-${hash(`${caller.person?._id ?? ''}:${input.clientId}`, 16)}`, input, 'staff', caller.person?.name ?? '', now));
}

/** Change one target of a plan in a transaction: `change` returns the new target, or the same one for a retry. */
async function changeTarget(caller: Caller, now: Date, plan: PlanDoc, targetId: string, actionName: string, change: (t: Target) => Target): Promise<PlanDoc> {
  return transaction(async (tx) => {
    const { data: fresh } = await tx.collection(PLANS).doc(plan._id).get<PlanDoc>();
    const t = fresh?.targets.find((x) => x.id === targetId);
    if (!fresh || !t) throw new AppError('not_found', '目标不存在');
    const next = change(t);
    if (next === t) return fresh;
    const targets = fresh.targets.map((x) => (x.id === targetId ? next : x));
    await tx.collection(PLANS).doc(plan._id).update({ data: { targets: _.set(targets), updatedAt: now } });
    await audit(tx, caller, now, { action: actionName, target: { collection: PLANS, id: plan._id }, unitPath: fresh.villagePath, before: { targetId, status: t.status, score: t.score }, after: { targetId, status: next.status, score: next.score } });
    return { ...fresh, targets, updatedAt: now };
  });
}

/** Confirm or reject a proposed target; drop a confirmed one not yet scored (with a reason). */
export async function reviewTarget(caller: Caller, now: Date, plan: PlanDoc, input: ReviewInput): Promise<PlanDoc> {
  const byName = caller.person?.name ?? '';
  if (input.decision !== 'confirm' && !input.note) throw new AppError('invalid_input', input.decision === 'reject' ? '请写明不通过的理由' : '请写明撤销的理由');
  return changeTarget(caller, now, plan, input.targetId, `assessment.reviewTarget.${input.decision}`, (t) => {
    const to = input.decision === 'confirm' ? 'confirmed' : input.decision === 'reject' ? 'rejected' : 'dropped';
    if (t.status === to) return t; // a retry
    if (input.decision !== 'drop' && t.status !== 'proposed') throw new AppError('conflict', '该目标已处理过');
    if (input.decision === 'drop' && (t.status !== 'confirmed' || t.score !== null)) throw new AppError('conflict', '只能撤销已确认、尚未评分的目标');
    return { ...t, status: to, reviewedByName: byName, reviewNote: input.note };
  });
}

/** Score a confirmed target's completion (0–100), once its due month has come; a later change is audited. */
export async function scoreTarget(caller: Caller, now: Date, plan: PlanDoc, input: ScoreInput): Promise<PlanDoc> {
  return changeTarget(caller, now, plan, input.targetId, 'assessment.scoreTarget', (t) => {
    if (t.status !== 'confirmed') throw new AppError('conflict', '只能给已确认的目标评分');
    if (dateKey(now).slice(0, 7) < t.dueMonth) throw new AppError('too_early', `该目标的完成时限是${Number(t.dueMonth.slice(5, 7))}月，到期后才能评分`);
    if (t.score === input.score && t.scoreNote === input.note) return t;
    return { ...t, score: input.score, scoreNote: input.note, scoredByName: caller.person?.name ?? '', scoredAt: now };
  });
}

/** A cadre records progress on one of their targets (photos from their own folder). */
export async function recordProgress(person: PersonDoc, now: Date, input: ProgressInput): Promise<{ plan: PlanDoc; progress: ProgressDoc }> {
  const plan = await getPlan(person._id, input.year);
  const t = plan?.targets.find((x) => x.id === input.targetId);
  if (!plan || !t) throw new AppError('not_found', '目标不存在');
  const id = `pg-${hash(`${person._id}:${input.clientId}`, 24)}`;
  const again = t.progressIds.includes(id);
  if (!again) {
    if (!live(t)) throw new AppError('conflict', '该目标已不在考评之列');
    if (t.score !== null) throw new AppError('conflict', '该目标已评分，不能再记录进展');
    if (t.progressIds.length >= MAX_PROGRESS) throw new AppError('too_many', `每项目标最多记录${MAX_PROGRESS}次进展`);
    await checkPhotosIn(photoFolder(person._id), input.photoFileIds, '照片未上传成功，请重新上传');
  }
  let progress: ProgressDoc = { _id: id, personId: person._id, year: input.year, targetId: t.id, text: input.text, percent: input.percent, photoFileIds: input.photoFileIds, at: now };
  try {
    await db.collection(PROGRESS).add({ data: progress });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    progress = (await db.collection(PROGRESS).doc(id).get<ProgressDoc>()).data!;
  }
  // The entry is written first; the plan then counts it (a rerun after a crash finishes the count).
  const updated = await transaction(async (tx) => {
    const { data: fresh } = await tx.collection(PLANS).doc(plan._id).get<PlanDoc>();
    const target = fresh?.targets.find((x) => x.id === t.id);
    if (!fresh || !target) throw new AppError('not_found', '目标不存在');
    if (target.progressIds.includes(id)) return fresh;
    const newer = !target.progressAt || new Date(target.progressAt).getTime() <= new Date(progress.at).getTime();
    const next: Target = { ...target, progressIds: [...target.progressIds, id], ...(newer ? { percent: progress.percent, progressAt: progress.at } : {}) };
    const targets = fresh.targets.map((x) => (x.id === t.id ? next : x));
    await tx.collection(PLANS).doc(plan._id).update({ data: { targets: _.set(targets), updatedAt: now } });
    return { ...fresh, targets, updatedAt: now };
  });
  return { plan: updated, progress };
}

/** A cadre's progress entries of a year, newest first (one read). */
export async function progressOf(personId: string, year: string): Promise<ProgressDoc[]> {
  const { data } = await db.collection(PROGRESS).where({ personId, year }).orderBy('at', 'desc').limit(1000).get<ProgressDoc>();
  return data;
}

export async function photoUrls(ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 50) for (const [k, v] of await storage.tempUrls(ids.slice(i, i + 50), 600)) out.set(k, v);
  return out;
}

/** The cadres stationed under a unit (by name) with their plans of the year: a page of them, and the figures of all. */
export async function plansUnder(unitId: string, year: string, skip: number, limit: number) {
  const cadres = (await cadresStationedUnder(unitId)).filter((p) => cadreRef(p));
  const plans = await plansOf(cadres.map((p) => p._id), year);
  const figures = { cadres: cadres.length, withTargets: 0, proposed: 0, confirmed: 0, scored: 0 };
  for (const p of plans.values()) {
    if (p.targets.some(live)) figures.withTargets += 1;
    for (const t of p.targets) {
      if (t.status === 'proposed') figures.proposed += 1;
      if (t.status === 'confirmed') figures.confirmed += 1;
      if (t.status === 'confirmed' && t.score !== null) figures.scored += 1;
    }
  }
  return { figures, rows: cadres.slice(skip, skip + limit).map((p) => ({ person: p, plan: plans.get(p._id) ?? null })) };
}

// ---- the democratic evaluation (民主测评) -------------------------------------------------------------

/** The end of a Beijing day. */
const endOfDay = (day: string) => dayjs.tz(`${day} 00:00:00`, TZ).add(1, 'day').toDate();

export async function getSurvey(id: string): Promise<SurveyDoc | null> {
  return (await db.collection(SURVEYS).doc(id).get<SurveyDoc>()).data ?? null;
}

export const isOpen = (s: SurveyDoc, now: Date) => s.status === 'open' && now.getTime() < new Date(s.closesAt).getTime() && !!s.salt;

/** Open a survey of a village's cadres (their team, as the people feature has them now); a retry returns it. */
export async function openSurvey(caller: Caller, now: Date, village: OrgUnit, input: OpenSurveyInput): Promise<SurveyDoc> {
  if (village.level !== 'village') throw new AppError('invalid_input', '民主测评按村开展');
  const id = `sv-${hash(`${village._id}:${input.year}:${input.clientId}`, 20)}`;
  const have = await getSurvey(id);
  if (have) return have;
  const today = dateKey(now);
  if (input.year !== today.slice(0, 4)) throw new AppError('invalid_input', '只能为本年度开展民主测评');
  if (input.closesOn < today) throw new AppError('invalid_input', '截止日期不能早于今天');
  if (input.closesOn > dayjs.tz(`${today} 12:00:00`, TZ).add(60, 'day').format('YYYY-MM-DD')) throw new AppError('invalid_input', '测评最长进行60天');
  const { data: running } = await db.collection(SURVEYS).where({ villageId: village._id, status: 'open', closesAt: _.gt(now) }).limit(1).get<SurveyDoc>();
  if (running.length) throw new AppError('conflict', `${village.name}已有正在进行的民主测评（${running[0]!.closesOn}截止）`);
  const team = (await cadresStationedUnder(village._id)).map(cadreRef).filter((c): c is CadreRef => !!c && c.villageId === village._id);
  if (!team.length) throw new AppError('not_found', `${village.name}目前没有驻村干部，无需测评`);
  // A response rates every cadre of the survey, in one answer of at most MAX_RATED.
  if (team.length > MAX_RATED) throw new AppError('invalid_input', `${village.name}驻村干部超过${MAX_RATED}人，请核对派驻名单`);
  const survey: SurveyDoc = {
    _id: id,
    villageId: village._id,
    villageName: village.name,
    villagePath: village.path,
    countyId: countyOf(village.path),
    year: input.year,
    cadres: team.map((c) => ({ personId: c.personId, name: c.name, kind: c.kind })),
    aspects: input.aspects,
    closesOn: input.closesOn,
    closesAt: endOfDay(input.closesOn),
    status: 'open',
    salt: randomBytes(16).toString('hex'),
    openedById: caller.person?._id ?? '',
    openedByName: caller.person?.name ?? '',
    openedAt: now,
    closedAt: null,
    closedByName: null,
  };
  return transaction(async (tx) => {
    const { data: again } = await tx.collection(SURVEYS).doc(id).get<SurveyDoc>();
    if (again) return again;
    const { _id: _sid, ...body } = survey;
    await tx.collection(SURVEYS).doc(id).set({ data: body });
    await audit(tx, caller, now, { action: 'assessment.openSurvey', target: { collection: SURVEYS, id }, unitPath: village.path, before: null, after: { closesOn: survey.closesOn, cadres: survey.cadres.length } });
    return survey;
  });
}

/** Close a survey early (its salt goes: nobody can tell any more whose response is whose). */
export async function closeSurvey(caller: Caller, now: Date, survey: SurveyDoc): Promise<SurveyDoc> {
  return transaction(async (tx) => {
    const { data: fresh } = await tx.collection(SURVEYS).doc(survey._id).get<SurveyDoc>();
    if (!fresh) throw new AppError('not_found', '测评不存在');
    if (fresh.status === 'closed') return fresh;
    const closed = { status: 'closed' as const, closedAt: now, closedByName: caller.person?.name ?? '' };
    await tx.collection(SURVEYS).doc(survey._id).update({ data: { ...closed, salt: _.remove() } });
    await audit(tx, caller, now, { action: 'assessment.closeSurvey', target: { collection: SURVEYS, id: survey._id }, unitPath: fresh.villagePath, before: { status: 'open' }, after: { status: 'closed' } });
    const { salt: _salt, ...rest } = fresh;
    return { ...rest, ...closed };
  });
}

/** The timer's close of surveys past their closing day (one multi-document write; a rerun finds none). */
export async function closeDue(now: Date): Promise<{ closed: number }> {
  const r = await db.collection(SURVEYS).where({ status: 'open', closesAt: _.lte(now) }).update({ data: { status: 'closed', closedAt: now, salt: _.remove() } });
  return { closed: r.stats.updated ?? 0 };
}

/** Surveys of a village taking answers now (one read). */
export async function openSurveysOf(villageId: string, now: Date): Promise<SurveyDoc[]> {
  const { data } = await db.collection(SURVEYS).where({ villageId, status: 'open', closesAt: _.gt(now) }).orderBy('closesAt', 'asc').limit(10).get<SurveyDoc>();
  return data.filter((s) => isOpen(s, now));
}

/**
 * Who may answer a village's survey: a villager of the village (they came from its WeChat
 * group), or a village official (村群管理员, a groupAdmin grant on the village). Refused otherwise.
 */
export async function respondentOf(openid: string | undefined, villageId: string): Promise<'villager' | 'official'> {
  if (!openid) throw new AppError('not_bound', '请在微信中打开');
  try {
    await villagerOf(openid, villageId);
    return 'villager';
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'not_villager') throw err;
  }
  const person = await personByOpenid(openid);
  if (person?.grants.some((g) => g.role === 'groupAdmin' && g.orgUnitId === villageId)) return 'official';
  throw new AppError('not_villager', '只有本村村民和村干部可以参加本村的民主测评，请从本村的村群卡片打开');
}

/** The respondent's response id: a salted hash of the survey and their OPENID (the salt never leaves the server). */
export const responseId = (survey: SurveyDoc, openid: string) => `sr-${hash(`${survey.salt}\n${survey._id}\n${openid}`, 32)}`;

/** Has this person answered (false once the survey is closed: nobody can tell any more)? */
export async function hasAnswered(surveys: readonly SurveyDoc[], openid: string): Promise<Set<string>> {
  const ids = surveys.filter((s) => s.salt).map((s) => responseId(s, openid));
  if (!ids.length) return new Set();
  const { data } = await db.collection(RESPONSES).where({ _id: _.in(ids) }).field({ surveyId: true }).limit(ids.length).get<{ surveyId: string }>();
  return new Set(data.map((d) => d.surveyId));
}

const sameRatings = (a: ResponseDoc['r'], b: ResponseDoc['r']) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One anonymous response per person: its id is the salted hash of survey and OPENID, so a second
 * submit meets the first. The same answers again (a retry) are the same response; other answers
 * are refused. The response keeps no OPENID, no person and no time, only the day.
 */
export async function answer(openid: string, now: Date, survey: SurveyDoc, input: AnswerInput): Promise<{ again: boolean }> {
  if (!isOpen(survey, now)) throw new AppError('survey_closed', '本次民主测评已结束');
  await respondentOf(openid, survey.villageId);
  const want = new Set(survey.cadres.map((c) => c.personId));
  const got = new Set(input.ratings.map((r) => r.personId));
  if (got.size !== input.ratings.length || got.size !== want.size || [...got].some((p) => !want.has(p))) throw new AppError('invalid_input', '请对每一位驻村干部都作出评价');
  if (survey.aspects && input.ratings.some((r) => !r.aspects)) throw new AppError('invalid_input', '请对每一位驻村干部的工作作风、工作实绩、群众关系分别作出评价');
  const order = new Map(survey.cadres.map((c, i) => [c.personId, i]));
  const r: ResponseDoc['r'] = [...input.ratings]
    .sort((a, b) => order.get(a.personId)! - order.get(b.personId)!)
    .map((x) => ({
      c: x.personId,
      o: RATING_CODE[x.overall],
      ...(survey.aspects && x.aspects ? { a: { style: RATING_CODE[x.aspects.style], results: RATING_CODE[x.aspects.results], relations: RATING_CODE[x.aspects.relations] } } : {}),
      ...(x.comment ? { t: x.comment } : {}),
    }));
  const doc: ResponseDoc = { _id: responseId(survey, openid), surveyId: survey._id, villageId: survey.villageId, countyId: survey.countyId, year: survey.year, date: dateKey(now), r };
  try {
    await db.collection(RESPONSES).add({ data: doc });
    return { again: false };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const { data: have } = await db.collection(RESPONSES).doc(doc._id).get<ResponseDoc>();
    if (have && sameRatings(have.r, r)) return { again: true };
    throw new AppError('already_answered', '您已参加过本次民主测评，每人只能提交一次');
  }
}

/** Responses per survey (one aggregation). */
export async function responseCounts(surveyIds: readonly string[]): Promise<Map<string, number>> {
  if (!surveyIds.length) return new Map();
  const { list } = await db.collection(RESPONSES).aggregate().match({ surveyId: _.in([...surveyIds]) }).group({ _id: '$surveyId', n: $.sum(1) }).limit(1000).end<{ _id: string; n: number }>();
  return new Map(list.map((g) => [g._id, g.n]));
}

/** The surveys of a unit's villages in a year, newest first (one read), with their response counts (one). */
export async function surveysUnder(unitId: string, year: string): Promise<{ survey: SurveyDoc; responses: number }[]> {
  const { data } = await db.collection(SURVEYS).where({ villagePath: unitId, year }).orderBy('openedAt', 'desc').limit(200).get<SurveyDoc>();
  const counts = await responseCounts(data.map((s) => s._id));
  return data.map((survey) => ({ survey, responses: counts.get(survey._id) ?? 0 }));
}

const one = (field: string, code: string) => $.sum($.cond({ if: $.eq([field, code]), then: 1, else: 0 }));

/** Each cadre's tally of a survey, overall and by aspect (one aggregation), and the exact response count. */
export async function surveyResults(survey: SurveyDoc): Promise<{ responses: number; byCadre: Map<string, Tally & { aspects: Record<Aspect, Tally> }>; comments: { personId: string; text: string }[] }> {
  const group: Record<string, unknown> = { _id: '$r.c', s: one('$r.o', 's'), b: one('$r.o', 'b'), u: one('$r.o', 'u') };
  for (const a of ASPECTS) for (const code of ['s', 'b', 'u']) group[`${a}_${code}`] = one(`$r.a.${a}`, code);
  const [{ total }, { list }, { list: comments }] = await Promise.all([
    db.collection(RESPONSES).where({ surveyId: survey._id }).count(),
    db.collection(RESPONSES).aggregate().match({ surveyId: survey._id }).unwind('$r').group(group).limit(1000).end<Record<string, number> & { _id: string }>(),
    // Comments by cadre and text only: never in the order they came.
    db.collection(RESPONSES).aggregate().match({ surveyId: survey._id }).unwind('$r').match({ 'r.t': _.exists(true) }).project({ _id: 0, c: '$r.c', t: '$r.t' }).sort({ c: 1, t: 1 }).limit(1000).end<{ c: string; t: string }>(),
  ]);
  const tally = (g: Record<string, number>, p: string) => ({ satisfied: g[`${p}s`] ?? 0, basicallySatisfied: g[`${p}b`] ?? 0, unsatisfied: g[`${p}u`] ?? 0 });
  const byCadre = new Map(list.map((g) => [g._id, { ...tally(g, ''), aspects: Object.fromEntries(ASPECTS.map((a) => [a, tally(g, `${a}_`)])) as Record<Aspect, Tally> }]));
  return { responses: total, byCadre, comments: comments.map((c) => ({ personId: c.c, text: c.t })) };
}

// ---- the annual result ------------------------------------------------------------------------------

/** The cadres of a county's year: stationed under it now (since before the year ended), and those whose stationing there ended during it. */
async function cadresOfYear(county: OrgUnit, year: string): Promise<(CadreRef & { villageName?: string })[]> {
  const yearEnd = dayjs.tz(`${Number(year) + 1}-01-01 00:00:00`, TZ).toDate();
  type Named = CadreRef & { villageName?: string };
  const now: Named[] = [];
  for (const p of await cadresStationedUnder(county._id)) {
    const c = cadreRef(p);
    if (c && c.since.getTime() < yearEnd.getTime()) now.push({ ...c, ...(p.station?.villageId === c.villageId ? { villageName: p.station.villageName } : {}) });
  }
  const have = new Set(now.map((c) => c.personId));
  for (let after: string | null = ''; after !== null; ) {
    const page = await formerCadresPage(`${year}-01-01`, { unitId: county._id, after });
    for (const c of page.cadres) {
      if (have.has(c.personId) || c.since.getTime() >= yearEnd.getTime()) continue;
      have.add(c.personId);
      now.push(c);
    }
    after = page.lastId;
  }
  return now;
}

const MONTHS = (year: string) => Array.from({ length: 12 }, (_v, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/** The surveys' tallies of a page of cadres in a county's year, by cadre and survey (one aggregation). */
async function tallies(countyId: string, year: string, personIds: string[]): Promise<Map<string, Map<string, Tally>>> {
  const { list } = await db.collection(RESPONSES).aggregate()
    .match({ countyId, year })
    .unwind('$r')
    .match({ 'r.c': _.in(personIds) })
    .group({ _id: { c: '$r.c', s: '$surveyId' }, s: one('$r.o', 's'), b: one('$r.o', 'b'), u: one('$r.o', 'u') })
    .limit(10_000)
    .end<{ _id: { c: string; s: string }; s: number; b: number; u: number }>();
  const out = new Map<string, Map<string, Tally>>();
  for (const g of list) {
    const m = out.get(g._id.c) ?? new Map<string, Tally>();
    m.set(g._id.s, { satisfied: g.s, basicallySatisfied: g.b, unsatisfied: g.u });
    out.set(g._id.c, m);
  }
  return out;
}

export const runId = (countyId: string, year: string) => `${countyId}.${year}`;

export async function getRun(countyId: string, year: string): Promise<RunDoc | null> {
  return (await db.collection(RUNS).doc(runId(countyId, year)).get<RunDoc>()).data ?? null;
}

/**
 * Compute a county's year: every cadre's three parts from their targets, the surveys and the
 * inspections with the monthly scores, the total by the county's weights, ranks within the county
 * and within each cadre kind, and grades by the county's scoring rules (优秀 within the quota).
 * Per 1,000 cadres: one read of plans, one aggregation of responses, one of monthly scores, and
 * the inspections' reads; the results in one write per 1,000. A rerun rewrites the same documents.
 */
export async function computeYear(caller: Caller, now: Date, county: OrgUnit, year: string): Promise<RunDoc> {
  if (county.level !== 'county') throw new AppError('invalid_input', '年度考评按县（区）计算');
  if (year > yearOf(now)) throw new AppError('invalid_input', '该年度尚未开始');
  const settings = settingsFrom(county.settings);
  const grades = rulesFrom(county.settings).grades;
  const cadres = await cadresOfYear(county, year);
  const { data: surveys } = await db.collection(SURVEYS).where({ countyId: county._id, year }).limit(1000).get<SurveyDoc>();
  const surveyById = new Map(surveys.map((s) => [s._id, s]));
  const villages = await getUnits([...new Set(cadres.filter((c) => !c.villageName).map((c) => c.villageId))]);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const scored: (Omit<ResultDoc, 'rank' | 'kindRank' | 'grade'>)[] = [];
  const gaps: Record<Part, number> = { targets: 0, survey: 0, inspection: 0 };
  for (let i = 0; i < cadres.length; i += 1000) {
    const page = cadres.slice(i, i + 1000);
    const ids = page.map((c) => c.personId);
    const [plans, votes, months, absences, met] = await Promise.all([plansOf(ids, year), tallies(county._id, year, ids), totalsOf(ids, MONTHS(year)), absencesOf(ids, from, to), inspectionsOfCadres(ids, from, to)]);
    for (const c of page) {
      const plan = plans.get(c.personId);
      const confirmed = plan?.targets.filter((t) => t.status === 'confirmed') ?? [];
      const mine = votes.get(c.personId) ?? new Map<string, Tally>();
      const sum: Tally = { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 };
      for (const t of mine.values()) {
        sum.satisfied += t.satisfied;
        sum.basicallySatisfied += t.basicallySatisfied;
        sum.unsatisfied += t.unsatisfied;
      }
      const sv = surveyPart(sum, settings.basicallyPoints);
      const monthRows = (months.get(c.personId) ?? []).map((m) => ({ month: m.period, total: m.total }));
      const absent = absences.get(c.personId) ?? [];
      const absentIds = new Set(absent.map((a) => a.inspectionId));
      const ins = inspectionPart(monthRows.map((m) => m.total), absent.length, settings.absencePenalty);
      const villageName = c.villageName ?? villages.get(c.villageId)?.name ?? '';
      const parts: PartPoints = { targets: targetPart(confirmed), survey: sv.points, inspection: ins.points };
      for (const p of PARTS) if (parts[p] === null) gaps[p] += 1;
      const detail: ResultDetail = {
        targets: confirmed.map((t) => ({ id: t.id, text: t.text, category: t.category, weight: t.weight, score: t.score, percent: t.percent })),
        surveys: [...mine].map(([sid, t]) => {
          const s = surveyById.get(sid);
          return { surveyId: sid, villageName: s?.villageName ?? '', closesOn: s?.closesOn ?? '', status: s && isOpen(s, now) ? 'open' as const : 'closed' as const, ...t };
        }),
        inspections: (met.get(c.personId) ?? []).map((m) => ({
          inspectionId: m.inspectionId,
          date: m.date,
          status: m.found ? 'present' as const : absentIds.has(m.inspectionId) ? 'absent' as const : 'excused' as const,
          villageName: absent.find((a) => a.inspectionId === m.inspectionId)?.villageName ?? villageName,
        })),
        months: monthRows,
      };
      // An absence an inspection recorded without meeting the team (an older record) is still listed.
      for (const a of absent) if (!detail.inspections.some((x) => x.inspectionId === a.inspectionId)) detail.inspections.push({ inspectionId: a.inspectionId, date: a.date, status: 'absent', villageName: a.villageName });
      detail.inspections.sort((a, b) => a.date.localeCompare(b.date) || a.inspectionId.localeCompare(b.inspectionId));
      scored.push({
        _id: `${county._id}.${year}.${c.personId}`,
        countyId: county._id,
        year,
        personId: c.personId,
        name: c.name,
        kind: c.kind,
        villageId: c.villageId,
        villageName,
        villagePath: c.villagePath,
        parts,
        surveyCount: sv.count,
        satisfactionRate: sv.rate,
        monthsAverage: ins.average,
        absences: absent.length,
        total: totalOf(parts, settings.weights),
        detail: JSON.stringify(detail),
        computedAt: now,
      });
    }
  }
  const { rows, excellentAbove } = rankAndGrade(scored, grades);
  await replace(RESULTS, rows.map((r) => ({ ...r.item, rank: r.rank, kindRank: r.kindRank, grade: r.grade })));
  // Cadres of an earlier computation who are no longer the county's: their results go.
  await db.collection(RESULTS).where({ countyId: county._id, year, computedAt: _.neq(now) }).remove();
  const run: RunDoc = { _id: runId(county._id, year), countyId: county._id, year, count: rows.length, settings, grades, excellentAbove, gaps, byName: caller.person?.name ?? '', computedAt: now };
  const { _id: _rid, ...body } = run;
  await db.collection(RUNS).doc(run._id).set({ data: body });
  return run;
}

/** A page of a county's year, best first (optionally of a unit under it, or of one cadre kind), with the county's ranks, and how many. */
export async function resultsPage(countyId: string, year: string, opts: { unitId?: string; kind?: string; skip: number; limit: number }): Promise<{ count: number; rows: ResultDoc[] }> {
  const where: Record<string, unknown> = { countyId, year };
  if (opts.unitId && opts.unitId !== countyId) where.villagePath = opts.unitId;
  if (opts.kind) where.kind = opts.kind;
  const [{ total }, { data }] = await Promise.all([
    db.collection(RESULTS).where(where).count(),
    db.collection(RESULTS).where(where).orderBy(opts.kind ? 'kindRank' : 'rank', 'asc').orderBy('personId', 'asc').skip(opts.skip).limit(opts.limit).get<ResultDoc>(),
  ]);
  return { count: total, rows: data };
}

export async function getResult(countyId: string, year: string, personId: string): Promise<ResultDoc | null> {
  return (await db.collection(RESULTS).doc(`${countyId}.${year}.${personId}`).get<ResultDoc>()).data ?? null;
}

/** Every result of a county's year, by rank (one read per 1,000). */
async function allResults(countyId: string, year: string): Promise<ResultDoc[]> {
  const out: ResultDoc[] = [];
  for (;;) {
    const { data } = await db.collection(RESULTS).where({ countyId, year }).orderBy('rank', 'asc').orderBy('personId', 'asc').skip(out.length).limit(1000).get<ResultDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

export async function latestPublication(countyId: string, year: string): Promise<AssessPublicationDoc | null> {
  const { data } = await db.collection(PUBLICATIONS).where({ countyId, year }).orderBy('version', 'desc').limit(1).get<AssessPublicationDoc>();
  return data[0] ?? null;
}

export async function publicationsOf(countyId: string, year: string): Promise<AssessPublicationDoc[]> {
  const { data } = await db.collection(PUBLICATIONS).where({ countyId, year }).orderBy('version', 'desc').limit(100).get<AssessPublicationDoc>();
  return data;
}

export async function getPublication(id: string): Promise<AssessPublicationDoc | null> {
  return (await db.collection(PUBLICATIONS).doc(id).get<AssessPublicationDoc>()).data ?? null;
}

/** A page of a publication's frozen rows, by rank (only the publishing attempt's). */
export async function publishedRows(pub: AssessPublicationDoc, skip: number, limit: number): Promise<AssessPublishedDoc[]> {
  const { data } = await db.collection(PUBLISHED).where({ pubId: pub._id, attempt: pub.clientId }).orderBy('rank', 'asc').orderBy('personId', 'asc').skip(skip).limit(limit).get<AssessPublishedDoc>();
  return data;
}

/**
 * Publish a county's year as computed (from 1 December of the year): the rows are frozen as they
 * are. A county already published gets a new version, which needs a reason and a computation
 * since the last version (a correction). The rows go first, under the attempt's clientId, and the
 * publication last, so a crash half-way publishes nothing; the same clientId again returns it.
 */
export async function publishYear(caller: Caller, now: Date, county: OrgUnit, input: { year: string; reason: string; clientId: string }): Promise<AssessPublicationDoc> {
  if (county.level !== 'county') throw new AppError('invalid_input', '年度考评结果由县（区）公布');
  const latest = await latestPublication(county._id, input.year);
  if (latest?.clientId === input.clientId) return latest;
  if (dateKey(now) < `${input.year}-12-01`) throw new AppError('too_early', `${input.year}年度考评结果从12月1日起才能公布`);
  const reason = input.reason.trim();
  if (latest && !reason) throw new AppError('reason_required', `该年度已公布第 ${latest.version} 版，更正须说明理由`);
  const run = await getRun(county._id, input.year);
  if (!run) throw new AppError('not_found', '该年度还没有计算考评结果，请先计算');
  if (latest && new Date(latest.computedAt).getTime() === new Date(run.computedAt).getTime()) throw new AppError('unchanged', `第 ${latest.version} 版公布后没有重新计算：请先更正（如目标评分），重新计算后再发布更正版`);
  const results = await allResults(county._id, input.year);
  if (!results.length) throw new AppError('not_found', '该年度没有可公布的考评结果');
  if (results.length !== run.count || results.some((r) => new Date(r.computedAt).getTime() !== new Date(run.computedAt).getTime())) throw new AppError('stale', '考评结果计算未完成，请重新计算后再公布');
  const version = (latest?.version ?? 0) + 1;
  const pubId = `apub.${county._id}.${input.year}.v${version}`;
  const frozen: AssessPublishedDoc[] = results.map(({ _id: _r, computedAt: _c, ...r }) => ({ ...r, _id: `${pubId}.${input.clientId}.${r.personId}`, pubId, attempt: input.clientId, version }));
  await db.collection(PUBLISHED).where({ pubId, attempt: input.clientId }).remove();
  for (let i = 0; i < frozen.length; i += 1000) await db.collection(PUBLISHED).add({ data: frozen.slice(i, i + 1000) });
  const gradeCounts = Object.fromEntries(GRADES.map((g) => [g, frozen.filter((r) => r.grade === g).length])) as Record<Grade, number>;
  const pub: AssessPublicationDoc = { _id: pubId, countyId: county._id, countyName: county.name, countyPath: county.path, year: input.year, version, reason, clientId: input.clientId, count: frozen.length, gradeCounts, settings: run.settings, computedAt: run.computedAt, byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', at: now };
  const { _id: _pid, ...body } = pub;
  await transaction(async (tx) => {
    const { data: taken } = await tx.collection(PUBLICATIONS).doc(pubId).get();
    if (taken) throw new AppError('conflict', '另一位工作人员刚刚公布了这一版，请刷新后再看');
    await tx.collection(PUBLICATIONS).doc(pubId).set({ data: body });
    await audit(tx, caller, now, { action: 'assessment.publish', target: { collection: PUBLICATIONS, id: pubId }, unitPath: county.path, before: latest ? { version: latest.version } : null, after: { version, count: frozen.length, reason } });
  });
  await db.collection(PUBLISHED).where({ pubId, attempt: _.neq(input.clientId) }).remove();
  return pub;
}

/** A cadre's published rows (the newest version of each year's publication), newest year first. */
export async function publishedFor(personId: string): Promise<AssessPublishedDoc[]> {
  const { data } = await db.collection(PUBLISHED).where({ personId }).orderBy('year', 'desc').orderBy('version', 'desc').limit(100).get<AssessPublishedDoc>();
  const pubs = new Map<string, AssessPublicationDoc>();
  const want = [...new Set(data.map((d) => d.pubId))];
  if (want.length) for (const p of (await db.collection(PUBLICATIONS).where({ _id: _.in(want) }).limit(100).get<AssessPublicationDoc>()).data) pubs.set(p._id, p);
  const latest = new Map<string, AssessPublishedDoc>();
  for (const r of data) {
    if (pubs.get(r.pubId)?.clientId !== r.attempt) continue;
    const key = `${r.countyId}.${r.year}`;
    if (!latest.has(key) || latest.get(key)!.version < r.version) latest.set(key, r);
  }
  return [...latest.values()];
}
