/**
 * Tutoring (驻村辅导): cadres ask and follow their questions; tutors of the topic over the
 * cadre's village answer; staff over it read the questions, the monthly figure and set the
 * county's deadline.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { storage } from '../../platform/cloud';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { Month } from '../checkin/schema';
import { callerPerson } from '../people/service';
import { AskInput, ENTRY_NAMES, MAX_PHOTOS, QuestionId, QuestionRules, Reply, STATUSES, STATUS_NAMES, TOPICS, TOPIC_NAMES, type QuestionDoc } from './schema';
import { answer, ask, cadreVillage, canSee, figures, followUp, getQuestion, inbox, isAsker, isTutorOf, listUnder, mine, photoFolder, rulesFor, setRules, solve, tutorCounts } from './service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const Page = { skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(50).default(20) };
const topics = () => TOPICS.map((key) => ({ key, name: TOPIC_NAMES[key] }));

/** One line of a list. */
function row(q: QuestionDoc, now: Date) {
  return {
    id: q._id,
    title: q.title,
    topic: q.topic,
    topicName: TOPIC_NAMES[q.topic],
    status: q.status,
    statusName: STATUS_NAMES[q.status],
    villageName: q.villageName,
    askerName: q.askerName,
    answers: q.answers,
    followedUp: q.followUps > 0,
    askedAt: iso(q.askedAt)!,
    dueAt: q.status === 'open' ? iso(q.dueAt) : null,
    /** Waiting past its deadline now, or answered late. */
    overdue: q.overdue || (q.status === 'open' && now.getTime() > new Date(q.dueAt).getTime()),
  };
}

/** The whole question: its text, photos (temporary links), the thread, and what the caller may do. */
async function detail(caller: Caller, q: QuestionDoc, now: Date) {
  const urls = q.photoFileIds.length ? await storage.tempUrls(q.photoFileIds, 600) : new Map<string, string>();
  const asker = isAsker(caller, q);
  return {
    ...row(q, now),
    body: q.body,
    photos: q.photoFileIds.map((id) => urls.get(id) ?? '').filter(Boolean),
    thread: q.thread.map((e) => ({ kind: e.kind, name: ENTRY_NAMES[e.kind], byName: e.byName, unitName: e.unitName, text: e.text, at: iso(e.at)! })),
    solvedAt: iso(q.solvedAt),
    can: {
      answer: q.status !== 'solved' && isTutorOf(caller, q),
      solve: asker && q.status !== 'solved' && q.answers > 0,
      followUp: asker && q.status === 'answered' && q.followUps === 0,
    },
  };
}

/**
 * The router's scope check for one question: the caller's grant must cover its village. Where
 * `askerAnywhere`, the asker reaches their own question wherever they are stationed now (their
 * own grant is the target); who else in scope may see it is checked in the handler.
 */
async function questionScope(ctx: ActionContext, input: { id: string }, askerAnywhere = false) {
  const q = await getQuestion(input.id);
  if (!q) return null;
  ctx.memo.set('question', q);
  const own = askerAnywhere && isAsker(ctx.caller, q) ? ctx.caller.person!.grants.find((g) => g.role === 'cadre') : undefined;
  return { path: own?.path ?? q.villagePath };
}

async function unitScope(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

// ---- cadres --------------------------------------------------------------------------------------

/** The ask page's start: the village, where photos go, the topics (with how many tutors take each), the deadline. */
export const formAction = action({
  name: 'question.form',
  roles: ['cadre'],
  input: z.object({}).strict(),
  async run(ctx) {
    const person = callerPerson(ctx.caller);
    const village = await cadreVillage(person);
    const [counts, rules] = await Promise.all([tutorCounts(village.path), rulesFor(village.path)]);
    return {
      village: { id: village.id, name: village.name },
      uploadFolder: photoFolder(person._id),
      maxPhotos: MAX_PHOTOS,
      answerDays: rules.answerDays,
      topics: topics().map((t) => ({ ...t, tutors: counts[t.key] })),
    };
  },
});

export const askAction = action({
  name: 'question.ask',
  roles: ['cadre'],
  input: AskInput,
  async run(ctx, input) {
    const q = await ask(callerPerson(ctx.caller), ctx.now, input);
    return row(q, ctx.now);
  },
});

export const mineAction = action({
  name: 'question.mine',
  roles: ['cadre'],
  input: z.object({ status: z.enum(STATUSES).optional(), ...Page }).strict(),
  async run(ctx, input) {
    const { total, items } = await mine(ctx.caller.person!._id, input);
    return { total, items: items.map((q) => row(q, ctx.now)) };
  },
});

/** 已解决: by the asker, once it has an answer. */
export const solveAction = action({
  name: 'question.solve',
  roles: ['cadre'],
  input: z.object({ id: QuestionId }).strict(),
  run: async (ctx, input) => detail(ctx.caller, await solve(ctx.caller, ctx.now, input.id), ctx.now),
});

/** 追问: once per question, by the asker, after an answer; it waits for an answer again. */
export const followUpAction = action({
  name: 'question.followUp',
  roles: ['cadre'],
  input: z.object({ id: QuestionId, text: Reply }).strict(),
  run: async (ctx, input) => detail(ctx.caller, await followUp(ctx.caller, ctx.now, input.id, input.text), ctx.now),
});

// ---- tutors --------------------------------------------------------------------------------------

export const inboxAction = action({
  name: 'question.inbox',
  roles: ['tutor'],
  input: z.object({ status: z.enum(STATUSES).optional(), topic: z.enum(TOPICS).optional(), ...Page }).strict(),
  async run(ctx, input) {
    const { total, counts, items } = await inbox(ctx.caller, input);
    return { total, counts, items: items.map((q) => row(q, ctx.now)) };
  },
});

export const answerAction = action({
  name: 'question.answer',
  roles: ['tutor'],
  input: z.object({ id: QuestionId, text: Reply }).strict(),
  scope: (ctx, input) => questionScope(ctx, input),
  run: async (ctx, input) => detail(ctx.caller, await answer(ctx.caller, ctx.now, input.id, input.text, ctx.memo.get('question') as QuestionDoc), ctx.now),
});

// ---- everyone who may read one -------------------------------------------------------------------

export const getAction = action({
  name: 'question.get',
  roles: ['cadre', 'tutor', 'staff'],
  input: z.object({ id: QuestionId }).strict(),
  scope: (ctx, input) => questionScope(ctx, input, true),
  async run(ctx) {
    const q = ctx.memo.get('question') as QuestionDoc;
    if (!canSee(ctx.caller, q)) throw new AppError('not_found', '问题不存在');
    return detail(ctx.caller, q, ctx.now);
  },
});

// ---- staff ---------------------------------------------------------------------------------------

export const listAction = action({
  name: 'question.list',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, month: Month.optional(), status: z.enum(STATUSES).optional(), topic: z.enum(TOPICS).optional(), overdue: z.boolean().default(false), ...Page }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const { total, items } = await listUnder(unit, ctx.now, input);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, total, items: items.map((q) => row(q, ctx.now)) };
  },
});

export const figuresAction = action({
  name: 'question.figures',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, month: Month }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    return { unit: { id: unit._id, name: unit.name }, month: input.month, ...(await figures(unit, input.month, ctx.now)) };
  },
});

export const getRulesAction = action({
  name: 'question.getRules',
  roles: ['staff'],
  input: z.object({ countyId: UnitId }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.countyId),
  async run(ctx) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    if (unit.level !== 'county') throw new AppError('invalid_input', '辅导解答时限按县设置');
    return { rules: await rulesFor(unit.path), topics: topics() };
  },
});

export const setRulesAction = action({
  name: 'question.setRules',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, rules: QuestionRules }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.countyId),
  async run(ctx, input) {
    return { rules: await setRules(ctx.caller, ctx.now, ctx.memo.get('unit') as OrgUnit, input.rules) };
  },
});

export const questionActions = [formAction, askAction, mineAction, solveAction, followUpAction, inboxAction, answerAction, getAction, listAction, figuresAction, getRulesAction, setRulesAction] as const;
