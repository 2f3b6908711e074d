/**
 * Tutoring: a cadre asks (one question per clientId); tutors of the topic over the cadre's
 * village answer, in a thread; the asker marks it solved or asks one follow-up, which reopens
 * it with a new deadline. Every step on a question is one single-document transaction that
 * checks the status it starts from, so a retried call finds its step done.
 *
 * The timer reminds the topic's tutors of questions left unanswered past their deadline: one
 * guarded multi-document update per 1,000 (a rerun finds them reminded), the reminders of a run
 * gathered and sent once per person at the end.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, shortBeijing } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { getUnitCached, setUnitSetting } from '../org/service';
import { within } from '../org/rules';
import type { OrgUnit } from '../org/schema';
import { PEOPLE } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { checkPhotosIn } from '../checkin/photos';
import { holdersAmong, sendBatch, type Outgoing } from '../notify/service';
import { dueFrom, median, nameField, rulesFrom, thingField, tutorGrantsFor, tutorScopes } from './rules';
import { TOPICS, TOPIC_NAMES, type AskInput, type Entry, type EntryKind, type QuestionDoc, type QuestionRules, type QuestionStatus, type Topic } from './schema';

export const QUESTIONS = 'questions';
export const SETTINGS_KEY = 'question';

/** Where a cadre's photos of a question go (the page uploads there; the server checks). */
export const photoFolder = (personId: string) => `questions/${personId}/`;

const questionId = (personId: string, clientId: string) => `qn-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;
const countyOf = (path: readonly string[]) => path[1] ?? path[0]!;

// ---- rules -------------------------------------------------------------------------------------

export async function rulesFor(path: readonly string[]): Promise<QuestionRules> {
  return rulesFrom((await getUnitCached(countyOf(path)))?.settings);
}

export async function setRules(caller: Caller, now: Date, county: OrgUnit, rules: QuestionRules): Promise<QuestionRules> {
  if (county.level !== 'county') throw new AppError('invalid_input', '辅导解答时限按县设置');
  await setUnitSetting(caller, now, county, SETTINGS_KEY, rules);
  return rules;
}

// ---- who may see and act -------------------------------------------------------------------------

export const isAsker = (caller: Caller, q: Pick<QuestionDoc, 'askerId'>) => !!caller.person && caller.person._id === q.askerId;
/** Does the caller tutor this question's topic over its village? */
export const isTutorOf = (caller: Caller, q: Pick<QuestionDoc, 'villagePath' | 'topic'>) => tutorGrantsFor(caller.person?.grants ?? [], q.villagePath, q.topic).length > 0;
export const isStaffOver = (caller: Caller, path: readonly string[]) => !!caller.person?.grants.some((g) => g.role === 'staff' && within(path, g.orgUnitId));

/** The asker, the topic's tutors over the village, and staff over it. */
export function canSee(caller: Caller, q: QuestionDoc): boolean {
  return isAsker(caller, q) || isTutorOf(caller, q) || isStaffOver(caller, q.villagePath);
}

// ---- asking ------------------------------------------------------------------------------------

/** The village a cadre asks from: where they are stationed. */
export async function cadreVillage(person: PersonDoc): Promise<{ id: string; name: string; path: string[] }> {
  const grant = person.grants.find((g) => g.role === 'cadre');
  if (!grant) throw new AppError('forbidden', '只有驻村干部可以提问');
  const name = person.station?.villageId === grant.orgUnitId ? person.station.villageName : (await getUnitCached(grant.orgUnitId))?.name ?? '';
  return { id: grant.orgUnitId, name, path: grant.path };
}

/** A cadre asks; a retry with the same `clientId` is the same question. */
export async function ask(person: PersonDoc, now: Date, input: AskInput): Promise<QuestionDoc> {
  const id = questionId(person._id, input.clientId);
  const { data: have } = await db.collection(QUESTIONS).doc(id).get<QuestionDoc>();
  if (have) return have;
  const village = await cadreVillage(person);
  await checkPhotosIn(photoFolder(person._id), input.photoFileIds, '照片未上传成功，请重新选择照片');
  const rules = await rulesFor(village.path);
  const doc: QuestionDoc = {
    _id: id,
    askerId: person._id,
    askerName: person.name,
    villageId: village.id,
    villageName: village.name,
    villagePath: village.path,
    topic: input.topic,
    title: input.title,
    body: input.body,
    photoFileIds: input.photoFileIds,
    status: 'open',
    waiting: 1,
    thread: [],
    answers: 0,
    followUps: 0,
    askedAt: now,
    month: dateKey(now).slice(0, 7),
    dueAt: dueFrom(now, rules.answerDays),
    remindedAt: null,
    overdue: false,
    firstAnsweredAt: null,
    firstAnswerMs: null,
    solvedAt: null,
    updatedAt: now,
  };
  try {
    await db.collection(QUESTIONS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const { data } = await db.collection(QUESTIONS).doc(id).get<QuestionDoc>();
    return data!;
  }
}

export async function getQuestion(id: string): Promise<QuestionDoc | null> {
  return (await db.collection(QUESTIONS).doc(id).get<QuestionDoc>()).data ?? null;
}

// ---- the steps -----------------------------------------------------------------------------------

interface Change {
  kind: EntryKind;
  text: string;
  unitName: string;
  set: Partial<QuestionDoc>;
}

/**
 * Take one step on a question, in a transaction: `decide` sees the question as it is and says
 * what changes, or `'done'` (a retry: the step is already the last of the thread), or throws.
 */
async function step(id: string, caller: Caller, now: Date, decide: (q: QuestionDoc) => Change | 'done'): Promise<QuestionDoc> {
  return transaction(async (tx) => {
    const { data: q } = await tx.collection(QUESTIONS).doc(id).get<QuestionDoc>();
    if (!q || !canSee(caller, q)) throw new AppError('not_found', '问题不存在');
    const change = decide(q);
    if (change === 'done') return q;
    const entry: Entry = { kind: change.kind, byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', unitName: change.unitName, text: change.text, at: now };
    const set = { ...change.set, updatedAt: now };
    await tx.collection(QUESTIONS).doc(id).update({ data: { ...set, thread: _.push([entry]) } });
    return { ...q, ...set, thread: [...q.thread, entry] };
  });
}

/** Is the thread's last entry this very step by this person (a retried call)? */
function isRetry(q: QuestionDoc, caller: Caller, kind: EntryKind, text: string): boolean {
  const last = q.thread[q.thread.length - 1];
  return !!last && last.kind === kind && last.byId === caller.person?._id && last.text === text;
}

/** A tutor of the question's topic over its village answers (again, if others did). */
export async function answer(caller: Caller, now: Date, id: string, text: string, loaded?: QuestionDoc): Promise<QuestionDoc> {
  const found = loaded ?? (await getQuestion(id));
  if (!found) throw new AppError('not_found', '问题不存在');
  const grants = tutorGrantsFor(caller.person?.grants ?? [], found.villagePath, found.topic);
  if (!grants.length) throw new AppError('forbidden', `该问题属于“${TOPIC_NAMES[found.topic]}”，不在您辅导的领域`);
  // The nearest unit the tutor covers it from names them in the thread.
  const nearest = grants.reduce((a, b) => (found.villagePath.indexOf(b.orgUnitId) > found.villagePath.indexOf(a.orgUnitId) ? b : a));
  const unitName = (await getUnitCached(nearest.orgUnitId))?.name ?? '';
  return step(id, caller, now, (q) => {
    if (isRetry(q, caller, 'answer', text)) return 'done';
    if (!isTutorOf(caller, q)) throw new AppError('forbidden', `该问题属于“${TOPIC_NAMES[q.topic]}”，不在您辅导的领域`);
    if (q.status === 'solved') throw new AppError('conflict', '该问题已解决');
    const first = q.firstAnsweredAt ? {} : { firstAnsweredAt: now, firstAnswerMs: now.getTime() - new Date(q.askedAt).getTime() };
    const late = q.status === 'open' && now.getTime() > new Date(q.dueAt).getTime();
    return { kind: 'answer', text, unitName, set: { status: 'answered', waiting: 0, answers: q.answers + 1, overdue: q.overdue || late, ...first } };
  });
}

/** The asker marks it solved (once it has an answer). */
export async function solve(caller: Caller, now: Date, id: string): Promise<QuestionDoc> {
  return step(id, caller, now, (q) => {
    if (!isAsker(caller, q)) throw new AppError('not_found', '问题不存在');
    if (q.status === 'solved') return 'done';
    if (q.answers === 0) throw new AppError('conflict', '还没有辅导师解答，暂不能标记为已解决');
    return { kind: 'solve', text: '', unitName: q.villageName, set: { status: 'solved', waiting: 0, solvedAt: now } };
  });
}

/** The asker asks one follow-up to an answer: it waits for an answer again, with a new deadline. */
export async function followUp(caller: Caller, now: Date, id: string, text: string): Promise<QuestionDoc> {
  const found = await getQuestion(id);
  if (!found || !isAsker(caller, found)) throw new AppError('not_found', '问题不存在');
  const rules = await rulesFor(found.villagePath);
  return step(id, caller, now, (q) => {
    if (!isAsker(caller, q)) throw new AppError('not_found', '问题不存在');
    if (isRetry(q, caller, 'followUp', text)) return 'done';
    if (q.followUps >= 1) throw new AppError('conflict', '每个问题只能追问一次');
    if (q.status !== 'answered') throw new AppError('conflict', q.status === 'solved' ? '该问题已解决' : '正在等待辅导师解答，暂不能追问');
    return { kind: 'followUp', text, unitName: q.villageName, set: { status: 'open', waiting: 1, followUps: q.followUps + 1, dueAt: dueFrom(now, rules.answerDays), remindedAt: null } };
  });
}

// ---- lists ---------------------------------------------------------------------------------------

type Where = Record<string, unknown>;

async function page(where: Where, order: [string, 'asc' | 'desc'][], { skip, limit }: { skip: number; limit: number }): Promise<{ total: number; items: QuestionDoc[] }> {
  let q = db.collection(QUESTIONS).where(where);
  for (const [field, dir] of order) q = q.orderBy(field, dir);
  const [{ total }, { data }] = await Promise.all([db.collection(QUESTIONS).where(where).count(), q.skip(skip).limit(limit).get<QuestionDoc>()]);
  return { total, items: data };
}

/** A cadre's own questions, newest first. */
export async function mine(personId: string, opts: { status?: QuestionStatus; skip: number; limit: number }) {
  const where: Where = { askerId: personId };
  if (opts.status) where.status = opts.status;
  return page(where, [['askedAt', 'desc']], opts);
}

/** What a tutor's grants reach: for each, the questions of its topics under its unit. */
function tutorWhere(caller: Caller, topic?: Topic): Where | null {
  const scopes = tutorScopes(caller.person?.grants ?? []).map((s) => ({ ...s, topics: topic ? s.topics.filter((t) => t === topic) : s.topics })).filter((s) => s.topics.length);
  if (!scopes.length) return null;
  return _.or(scopes.map((s) => ({ villagePath: s.orgUnitId, topic: _.in(s.topics) }))) as unknown as Where;
}

/** A tutor's inbox: questions of their topics in their scope, those waiting for an answer first, newest first within. */
export async function inbox(caller: Caller, opts: { status?: QuestionStatus; topic?: Topic; skip: number; limit: number }): Promise<{ total: number; counts: Record<QuestionStatus, number>; items: QuestionDoc[] }> {
  const counts: Record<QuestionStatus, number> = { open: 0, answered: 0, solved: 0 };
  const reach = tutorWhere(caller, opts.topic);
  if (!reach) return { total: 0, counts, items: [] };
  const where = opts.status ? (_.and([reach, { status: opts.status }]) as unknown as Where) : reach;
  const [{ total, items }, { list }] = await Promise.all([
    page(where, [['waiting', 'desc'], ['askedAt', 'desc']], opts),
    db.collection(QUESTIONS).aggregate().match(reach).group({ _id: '$status', n: $.sum(1) }).limit(10).end<{ _id: QuestionStatus; n: number }>(),
  ]);
  for (const g of list) counts[g._id] = g.n;
  return { total, counts, items };
}

/** Staff's list of a unit's questions (of a month, a status, a topic, or the overdue), newest first. */
export async function listUnder(unit: OrgUnit, now: Date, opts: { month?: string; status?: QuestionStatus; topic?: Topic; overdue?: boolean; skip: number; limit: number }) {
  const where: Where = { villagePath: unit._id };
  if (opts.month) where.month = opts.month;
  if (opts.topic) where.topic = opts.topic;
  if (opts.overdue) Object.assign(where, { status: 'open', dueAt: _.lte(now) });
  else if (opts.status) where.status = opts.status;
  return page(where, [['askedAt', 'desc']], opts);
}

// ---- the figure ----------------------------------------------------------------------------------

export interface FigureRow {
  topic: Topic | 'all';
  name: string;
  asked: number;
  answered: number;
  solved: number;
  /** Went past a deadline unanswered (answered late since, or not yet). */
  overdue: number;
}

const one = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }));

/**
 * A unit's month (questions asked in it): asked, answered, solved and overdue, by topic; the
 * exact median hours from the ask to the first answer (the middle one or two delays, read
 * in order: one count and one read); and how many wait past their deadline now.
 */
export async function figures(unit: OrgUnit, month: string, now: Date): Promise<{ byTopic: FigureRow[]; total: FigureRow; medianHours: number | null; overdueOpen: number }> {
  const match = { villagePath: unit._id, month };
  const timed = { ...match, firstAnswerMs: _.gte(0) };
  const [{ list }, { total: n }, { total: overdueOpen }] = await Promise.all([
    db
      .collection(QUESTIONS)
      .aggregate()
      .match(match)
      .group({ _id: '$topic', asked: $.sum(1), answered: one($.gt(['$answers', 0])), solved: one($.eq(['$status', 'solved'])), overdue: one($.eq(['$overdue', true])) })
      .limit(20)
      .end<{ _id: Topic; asked: number; answered: number; solved: number; overdue: number }>(),
    db.collection(QUESTIONS).where(timed).count(),
    db.collection(QUESTIONS).where({ ...match, status: 'open', dueAt: _.lte(now) }).count(),
  ]);
  let medianHours: number | null = null;
  if (n > 0) {
    const { data } = await db.collection(QUESTIONS).where(timed).orderBy('firstAnswerMs', 'asc').orderBy('_id', 'asc').skip(Math.floor((n - 1) / 2)).limit(n % 2 ? 1 : 2).field({ firstAnswerMs: true }).get<Pick<QuestionDoc, 'firstAnswerMs'>>();
    const ms = median(data.map((d) => d.firstAnswerMs ?? 0));
    medianHours = ms === null ? null : ms / 3_600_000;
  }
  const by = new Map(list.map((g) => [g._id, g]));
  const byTopic: FigureRow[] = TOPICS.map((t) => ({ topic: t, name: TOPIC_NAMES[t], asked: by.get(t)?.asked ?? 0, answered: by.get(t)?.answered ?? 0, solved: by.get(t)?.solved ?? 0, overdue: by.get(t)?.overdue ?? 0 }));
  const total = byTopic.reduce<FigureRow>((s, r) => ({ ...s, asked: s.asked + r.asked, answered: s.answered + r.answered, solved: s.solved + r.solved, overdue: s.overdue + r.overdue }), { topic: 'all', name: '合计', asked: 0, answered: 0, solved: 0, overdue: 0 });
  return { byTopic, total, medianHours, overdueOpen };
}

// ---- tutors over a village -----------------------------------------------------------------------

type TutorRef = Pick<PersonDoc, '_id' | 'grants'>;

/** Active tutors holding a grant at one of these units (one read per 1,000, keyset by id). */
async function tutorsAt(unitIds: readonly string[]): Promise<TutorRef[]> {
  const ids = [...new Set(unitIds)];
  const out: TutorRef[] = [];
  if (!ids.length) return out;
  let after = '';
  for (;;) {
    const { data } = await db.collection(PEOPLE).where({ grants: _.elemMatch({ role: 'tutor', orgUnitId: _.in(ids) }), active: true, _id: _.gt(after) }).orderBy('_id', 'asc').limit(1000).field({ grants: true }).get<TutorRef>();
    out.push(...data);
    if (data.length < 1000) return out;
    after = data[data.length - 1]!._id;
  }
}

/** How many tutors take each topic over a village (the ask page shows where no one does yet). */
export async function tutorCounts(villagePath: readonly string[]): Promise<Record<Topic, number>> {
  const tutors = await tutorsAt(villagePath.slice(0, -1));
  return Object.fromEntries(TOPICS.map((t) => [t, tutors.filter((p) => tutorGrantsFor(p.grants, villagePath, t).length > 0).length])) as Record<Topic, number>;
}

// ---- the timer: reminders past the deadline ------------------------------------------------------

type Due = Pick<QuestionDoc, '_id' | 'title' | 'topic' | 'askerName' | 'askedAt' | 'villagePath' | 'dueAt'>;
const DUE_FIELDS = { _id: true, title: true, topic: true, askerName: true, askedAt: true, villagePath: true, dueAt: true };

/**
 * Questions waiting past their deadline are marked overdue and reminded (once per wait: the
 * guard `remindedAt: null` makes a rerun find them done). Those moved drop out of the next
 * query, so pages of 1,000 need no offset. Each tutor gets one message for the run.
 */
export async function remind(now: Date, opts: { deadline?: number } = {}): Promise<{ reminded: number; messages: number; incomplete?: boolean }> {
  const where = { status: 'open', remindedAt: null, dueAt: _.lte(now) };
  const due: Due[] = [];
  let reminded = 0;
  let incomplete = false;
  for (;;) {
    const { data } = await db.collection(QUESTIONS).where(where).field(DUE_FIELDS).limit(1000).get<Due>();
    if (!data.length) break;
    const { stats } = await db.collection(QUESTIONS).where({ ...where, _id: _.in(data.map((d) => d._id)) }).update({ data: { remindedAt: now, overdue: true, updatedAt: now } });
    reminded += stats.updated ?? 0;
    due.push(...data);
    if (data.length < 1000) break;
    // Out of time: the next tick goes on where this one stopped (what is marked is marked).
    if (opts.deadline && Date.now() > opts.deadline) {
      incomplete = true;
      break;
    }
  }
  let messages = 0;
  if (due.length) messages = await sendReminders(due).catch((err: unknown) => (log.warn('question reminders failed', { error: String(err) }), 0));
  return incomplete ? { reminded, messages, incomplete } : { reminded, messages };
}

/** One message per tutor: about the oldest of their due questions, saying how many more wait. */
async function sendReminders(due: Due[]): Promise<number> {
  const tutors = await tutorsAt(due.flatMap((q) => q.villagePath.slice(0, -1)));
  const byTutor = new Map<string, Due[]>();
  for (const q of due) {
    for (const p of tutors) {
      if (!tutorGrantsFor(p.grants, q.villagePath, q.topic).length) continue;
      let list = byTutor.get(p._id);
      if (!list) byTutor.set(p._id, (list = []));
      list.push(q);
    }
  }
  if (!byTutor.size) return 0;
  const subs = await holdersAmong('questionDue', [...byTutor.keys()]);
  const out: Outgoing[] = [];
  for (const sub of subs) {
    const list = byTutor.get(sub.personId)!.sort((a, b) => new Date(a.askedAt).getTime() - new Date(b.askedAt).getTime());
    const q = list[0]!;
    const tip = list.length > 1 ? `另有${list.length - 1}个问题超时待解答` : '已超过解答时限，请尽快解答';
    out.push({ sub, page: `pages/work/question/detail/index?id=${q._id}`, data: { thing1: { value: thingField(`${TOPIC_NAMES[q.topic]}：${q.title}`) }, time2: { value: shortBeijing(q.askedAt) }, name3: { value: nameField(q.askerName) }, thing4: { value: thingField(tip) } } });
  }
  if (!out.length) return 0;
  return (await sendBatch('questionDue', out)).sent;
}
