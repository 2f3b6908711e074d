/**
 * The ticket engine: the workflow every ticket goes through, whoever raised it — a villager's
 * complaint from the village group (service.ts) or a problem a cadre recorded in a household
 * visit (the visit feature) — 受理、分类、交办部门（限时）、转办、延期、办结答复、回访评价, and the timer's
 * 跟踪督办 (warning, overdue to the township, then to discipline staff; unrated answers closed).
 *
 * A ticket has a `source` (`villager` | `visit`; complaints made before visits existed read as
 * `villager`) and a raiser (`Raiser`): a villager known by their OPENID, or a person (the
 * visiting cadre, who does the 回访 for the household). Raising goes through `openTicket`; every
 * other step is one single-document transaction (`step`) that appends to the ticket's record and
 * checks the status it starts from (`FROM`), so a retried call finds its step done and a second
 * handler finds the ticket moved on. Who may take a step depends on the handler's grants and the
 * ticket's village, never on its source; confidentiality (a 信访举报 naming someone) is the same
 * for both sources.
 */
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller, Grant } from '../../kernel/caller';
import { dateKey, shortBeijing } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { getUnitCached, getUnits, setUnitSetting } from '../org/service';
import { within } from '../org/rules';
import type { OrgUnit } from '../org/schema';
import { getPeople, getPerson, PEOPLE } from '../people/service';
import type { PersonDoc, StoredGrant } from '../people/schema';
import { checkPhotosIn } from '../checkin/photos';
import { holdersAmong, sendBatch } from '../notify/service';
import { FROM, deptLabel, isConfidential, rulesFrom, timesFor } from './rules';
import { CATEGORY_NAMES, RATING_NAMES, STEP_NAMES, sourceOf, type Category, type ComplaintDoc, type ComplaintRules, type ComplaintStatus, type Dept, type Rating, type Source, type Step, type StepKind, type VisitRef } from './schema';

export const COMPLAINTS = 'complaints';
export const SETTINGS_KEY = 'complaint';

/** A ticket of the engine (a villager's complaint or a visit problem). */
export type TicketDoc = ComplaintDoc;

/** Who raised a ticket, and who may rate its answer: a villager (OPENID) or a person (the visiting cadre). */
export type Raiser = { kind: 'villager'; openid: string } | { kind: 'person'; personId: string; name: string };

/** Where a handler's evidence photos go. */
export const answerFolder = (personId: string) => `complaint-answers/${personId}/`;

const countyOf = (path: readonly string[]) => path[1] ?? path[0]!;

// ---- rules -------------------------------------------------------------------------------------

export async function rulesFor(path: readonly string[]): Promise<ComplaintRules> {
  return rulesFrom((await getUnitCached(countyOf(path)))?.settings);
}

export async function setRules(caller: Caller, now: Date, county: OrgUnit, rules: ComplaintRules): Promise<ComplaintRules> {
  if (county.level !== 'county') throw new AppError('invalid_input', '诉求办理规则按县设置');
  await setUnitSetting(caller, now, county, SETTINGS_KEY, rules);
  return rules;
}

// ---- who may see and act -------------------------------------------------------------------------

export const HANDLER_ROLES = ['staff', 'groupAdmin'] as const;
const DISPATCHER_ROLES = ['staff'] as const;

export function departmentGrants(caller: Caller): (Grant & { department: { id: string; name: string } })[] {
  return (caller.person?.grants ?? []).filter((g): g is Grant & { department: { id: string; name: string } } => g.role === 'department' && !!(g as StoredGrant).department);
}

const holdsDept = (caller: Caller, dept: Dept | null) => !!dept && departmentGrants(caller).some((g) => g.orgUnitId === dept.unitId && g.department.id === dept.id);
export const grantCovers = (caller: Caller, roles: readonly string[], path: readonly string[]) => !!caller.person?.grants.some((g) => roles.includes(g.role) && within(path, g.orgUnitId));

/** Is the caller discipline staff over this ticket (and not the person it names)? */
function isDisciplineOver(caller: Caller, c: TicketDoc): boolean {
  return grantCovers(caller, ['discipline'], c.villagePath) && c.aboutPersonId !== caller.person?._id;
}

/** Can the caller see this ticket as a handler? */
export function canSee(caller: Caller, c: TicketDoc): boolean {
  if (c.aboutPersonId && c.aboutPersonId === caller.person?._id) return false;
  if (isDisciplineOver(caller, c)) return true;
  if (holdsDept(caller, c.dept)) return true;
  if (c.confidential) return false;
  return grantCovers(caller, [...HANDLER_ROLES], c.villagePath);
}

/**
 * Is this the ticket's raiser (who follows it and rates its answer)? The villager who raised a
 * complaint; for a visit problem, the cadre who recorded it or another cadre present at the visit.
 */
export function isRaiser(raiser: Raiser, c: TicketDoc): boolean {
  if (raiser.kind === 'villager') return sourceOf(c) === 'villager' && !!c.openid && c.openid === raiser.openid;
  // The person a report names never follows it, even if they were at the visit.
  if (c.aboutPersonId && c.aboutPersonId === raiser.personId) return false;
  return sourceOf(c) === 'visit' && (c.raisedBy?.personId === raiser.personId || !!c.visit?.memberIds.includes(raiser.personId));
}

/**
 * May a cadre of the ticket's village read this visit problem (the router checked the village)?
 * Never the person it names; a confidential one only its raisers.
 */
export function cadreMaySee(raiser: Extract<Raiser, { kind: 'person' }>, c: TicketDoc): boolean {
  if (c.aboutPersonId && c.aboutPersonId === raiser.personId) return false;
  return !c.confidential || isRaiser(raiser, c);
}

/** Who handles a step that belongs to the township (accept, classify, dispatch): discipline staff for a confidential one. */
function mayHandle(caller: Caller, c: TicketDoc, roles: readonly string[]): boolean {
  if (c.confidential) return isDisciplineOver(caller, c);
  return grantCovers(caller, roles, c.villagePath);
}

/**
 * Which steps the caller may take on a ticket as it stands (what the handling page offers):
 * the same role and scope checks the steps themselves make, and the statuses they start from.
 */
export function stepsAllowed(caller: Caller, c: TicketDoc) {
  const from = (kind: StepKind) => FROM[kind]!.includes(c.status);
  const handler = mayHandle(caller, c, HANDLER_ROLES);
  const dispatcher = mayHandle(caller, c, DISPATCHER_ROLES);
  const department = holdsDept(caller, c.dept);
  return {
    accept: handler && from('accept'),
    reject: handler && from('reject'),
    dispatch: dispatcher && from('dispatch'),
    transfer: dispatcher && from('transfer'),
    decideExtension: dispatcher && from('extendYes') && !!c.extension,
    askExtension: department && from('extendAsk') && !c.extension,
    answer: from('answer') && (department || (c.confidential && isDisciplineOver(caller, c))),
  };
}

const staffWho = (caller: Caller) => ({ byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', unitName: '' });

function unitNameFor(caller: Caller, c: TicketDoc, roles: readonly string[], units: Map<string, OrgUnit>): string {
  const g = caller.person?.grants.find((x) => roles.includes(x.role) && within(c.villagePath, x.orgUnitId));
  return (g && units.get(g.orgUnitId)?.name) ?? '';
}

// ---- raising -------------------------------------------------------------------------------------

/** What raising a ticket takes, whatever its source. */
export interface OpenTicket {
  /** Deterministic (a retried raise is the same ticket): `cp-` and 24 hex digits. */
  id: string;
  source: Source;
  raiser: Raiser;
  village: { id: string; name: string; path: string[] };
  text: string;
  photoFileIds: string[];
  location: { latitude: number; longitude: number } | null;
  category: Category | null;
  about: { personId?: string; name: string } | null;
  contact: { name: string; phone: string } | null;
  visit: VisitRef | null;
  /** The raise step's note (how it came in). */
  note: string;
}

/**
 * The ticket as first recorded (not yet written). Whom a 信访举报 names by id must be a cadre
 * stationed in the village (the raise page lists them); otherwise only the name is kept. A report
 * naming someone is confidential from the start: it goes to discipline staff alone.
 */
export async function newTicket(t: OpenTicket, now: Date, people?: ReadonlyMap<string, PersonDoc>): Promise<TicketDoc> {
  let about: TicketDoc['about'] = t.about ? { name: t.about.name } : null;
  let aboutPersonId: string | null = null;
  if (t.about?.personId) {
    const p = people ? people.get(t.about.personId) : await getPerson(t.about.personId);
    if (p?.active && p.grants.some((g) => g.role === 'cadre' && g.orgUnitId === t.village.id)) {
      about = { personId: p._id, name: p.name };
      aboutPersonId = p._id;
    }
  }
  const confidential = isConfidential(t.category, about);
  const raisedBy = t.raiser.kind === 'person' ? { personId: t.raiser.personId, name: t.raiser.name } : null;
  return {
    _id: t.id,
    source: t.source,
    openid: t.raiser.kind === 'villager' ? t.raiser.openid : null,
    raisedBy,
    visit: t.visit,
    villageId: t.village.id,
    villageName: t.village.name,
    villagePath: t.village.path,
    text: t.text,
    photoFileIds: t.photoFileIds,
    location: t.location,
    suggested: t.category,
    category: confidential ? 'report' : null,
    about,
    aboutPersonId,
    confidential,
    contact: t.contact,
    status: 'raised',
    dept: null,
    dispatchedAt: null,
    warnAt: null,
    deadline: null,
    escalateAt: null,
    rateBy: null,
    stage: 0,
    overdue: false,
    extension: null,
    answer: null,
    rating: null,
    reopened: 0,
    steps: [{ kind: 'raise', at: now, byName: raisedBy?.name ?? '村民', unitName: t.village.name, note: confidential ? ['信访举报，直送纪委监委', t.note].filter(Boolean).join('；') : t.note }],
    month: dateKey(now).slice(0, 7),
    raisedAt: now,
    updatedAt: now,
    closedAt: null,
  };
}

/** Raise a ticket: a retry (the same id) answers the ticket as it is. */
export async function openTicket(t: OpenTicket, now: Date): Promise<TicketDoc> {
  const have = await getTicket(t.id);
  if (have) return have;
  return addTicket(await newTicket(t, now));
}

/** Write a ticket made by `newTicket` (one lost to a concurrent raise reads back the winner's). */
export async function addTicket(doc: TicketDoc): Promise<TicketDoc> {
  try {
    await db.collection(COMPLAINTS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await getTicket(doc._id))!;
  }
}

/**
 * Several tickets at once (the problems of one visit), each with its deterministic id: those not
 * yet there are added in one write; a retry adds only what is missing. One read and one write.
 */
export async function openTickets(list: OpenTicket[], now: Date): Promise<TicketDoc[]> {
  if (!list.length) return [];
  const have = await getTickets(list.map((t) => t.id));
  const todo = list.filter((t) => !have.has(t.id));
  // Whom the reports name: one read for all of them.
  const named = [...new Set(todo.flatMap((t) => (t.about?.personId ? [t.about.personId] : [])))];
  const people = named.length ? await getPeople(named) : new Map<string, PersonDoc>();
  let missing = await Promise.all(todo.map((t) => newTicket(t, now, people)));
  const made = new Map(missing.map((d) => [d._id, d]));
  for (let attempt = 1; missing.length; attempt++) {
    try {
      await db.collection(COMPLAINTS).add({ data: missing });
      break;
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
      // Raced by a retry of the same visit (an insert of many may stop half way): read back
      // what is there (one read) and add the rest in one write.
      const there = await getTickets(missing.map((d) => d._id));
      for (const [id, d] of there) made.set(id, d);
      missing = missing.filter((d) => !there.has(d._id));
    }
  }
  return list.map((t) => have.get(t.id) ?? made.get(t.id)!);
}

export async function getTicket(id: string): Promise<TicketDoc | null> {
  return (await db.collection(COMPLAINTS).doc(id).get<TicketDoc>()).data ?? null;
}

/** Tickets by id, in one read per 1,000. */
export async function getTickets(ids: readonly string[]): Promise<Map<string, TicketDoc>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, TicketDoc>();
  for (let i = 0; i < unique.length; i += 1000) {
    const { data } = await db.collection(COMPLAINTS).where({ _id: _.in(unique.slice(i, i + 1000)) }).limit(1000).get<TicketDoc>();
    for (const d of data) out.set(d._id, d);
  }
  return out;
}

// ---- the steps -----------------------------------------------------------------------------------

interface StepChange {
  kind: StepKind;
  note?: string;
  set: Partial<TicketDoc>;
  /** Extra steps recorded before this one (e.g. 受理 and 分类 before 交办). */
  before?: { kind: StepKind; note?: string }[];
  /** The unit the step is taken for, when only the ticket tells (the caller's grant over it). */
  unitName?: string;
}

const statusWord = (s: ComplaintStatus) => ({ raised: '尚未受理', accepted: '已受理', rejected: '已不予受理', dispatched: '正在部门办理', answered: '已答复', closed: '已办结' })[s];
const notFound = (c: Pick<TicketDoc, 'source'> | null) => new AppError('not_found', c && sourceOf(c) === 'visit' ? '问题不存在' : '诉求不存在');

/**
 * Take one step on a ticket, in a transaction: `reaches` says whether the one acting may touch
 * it at all, `decide` sees it as it is and says what changes (or throws). A call whose step is
 * already the ticket's last, by the same person, is a retry and answers the ticket as it is.
 */
async function step(id: string, now: Date, who: { byName: string; unitName: string; byId?: string }, reaches: (c: TicketDoc) => boolean, decide: (c: TicketDoc) => StepChange | 'done'): Promise<TicketDoc> {
  return transaction(async (tx) => {
    const { data: c } = await tx.collection(COMPLAINTS).doc(id).get<TicketDoc>();
    if (!c || !reaches(c)) throw notFound(c);
    const change = decide(c);
    if (change === 'done') return c;
    const allowed = FROM[change.kind];
    if (allowed && !allowed.includes(c.status)) {
      const last = c.steps[c.steps.length - 1];
      if (last?.kind === change.kind && (last as Step & { byId?: string }).byId === who.byId) return c;
      throw new AppError('conflict', `该${sourceOf(c) === 'visit' ? '问题' : '诉求'}${statusWord(c.status)}，不能${STEP_NAMES[change.kind]}`);
    }
    const by = { ...who, unitName: change.unitName ?? who.unitName };
    const steps: (Step & { byId?: string })[] = [...(change.before ?? []), { kind: change.kind, note: change.note }].map((s) => ({ kind: s.kind, at: now, ...by, note: s.note ?? '' }));
    const set = { ...change.set, updatedAt: now };
    await tx.collection(COMPLAINTS).doc(id).update({ data: { ...set, steps: _.push(steps) } });
    return { ...c, ...set, steps: [...c.steps, ...steps] };
  });
}

async function handlerUnits(caller: Caller): Promise<Map<string, OrgUnit>> {
  return getUnits([...new Set((caller.person?.grants ?? []).map((g) => g.orgUnitId))]);
}

/** 受理 (with the category, 分类): the township, the village's 村群管理员, or discipline staff for a confidential one. */
export async function accept(caller: Caller, now: Date, id: string, category: Category): Promise<TicketDoc> {
  const units = await handlerUnits(caller);
  return step(id, now, staffWho(caller), (c) => canSee(caller, c), (c) => {
    if (!mayHandle(caller, c, HANDLER_ROLES)) throw new AppError('forbidden', '只有乡镇或村群管理员可以受理');
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : HANDLER_ROLES, units);
    const confidential = c.confidential || isConfidential(category, c.about);
    return { kind: 'accept', unitName, note: CATEGORY_NAMES[category], set: { status: 'accepted', category, confidential } };
  });
}

export async function reject(caller: Caller, now: Date, id: string, reason: string): Promise<TicketDoc> {
  const units = await handlerUnits(caller);
  return step(id, now, staffWho(caller), (c) => canSee(caller, c), (c) => {
    if (!mayHandle(caller, c, HANDLER_ROLES)) throw new AppError('forbidden', '只有乡镇或村群管理员可以处理');
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : HANDLER_ROLES, units);
    return { kind: 'reject', unitName, note: reason, set: { status: 'rejected', category: c.category ?? c.suggested, closedAt: now } };
  });
}

/** The departments a ticket of this village can go to: department staff of its township, county and city. */
export async function departmentsFor(villagePath: readonly string[]): Promise<Dept[]> {
  const above = villagePath.slice(0, -1);
  const { data } = await db.collection(PEOPLE).where({ grants: _.elemMatch({ role: 'department', orgUnitId: _.in([...above]) }), active: true }).field({ grants: true }).limit(1000).get<Pick<PersonDoc, 'grants'>>();
  const units = await getUnits(above);
  const seen = new Map<string, Dept>();
  for (const p of data) {
    for (const g of p.grants) {
      if (g.role !== 'department' || !g.department || !above.includes(g.orgUnitId)) continue;
      const key = `${g.orgUnitId}.${g.department.id}`;
      if (!seen.has(key)) seen.set(key, { unitId: g.orgUnitId, unitName: units.get(g.orgUnitId)?.name ?? '', id: g.department.id, name: g.department.name });
    }
  }
  // Nearest first (the township's own departments), then by name.
  return [...seen.values()].sort((a, b) => above.indexOf(b.unitId) - above.indexOf(a.unitId) || a.name.localeCompare(b.name, 'zh'));
}

async function deptFor(c: TicketDoc, unitId: string, departmentId: string): Promise<Dept> {
  const d = (await departmentsFor(c.villagePath)).find((x) => x.unitId === unitId && x.id === departmentId);
  if (!d) throw new AppError('invalid_input', '该部门不在本村所属乡镇、县、市的职能部门中');
  return d;
}

/** The ticket an action works on, as the router's scope check read it (or read now), if the caller may see it. */
async function visible(caller: Caller, id: string, found?: TicketDoc): Promise<TicketDoc> {
  const c = found ?? (await getTicket(id));
  if (!c || !canSee(caller, c)) throw notFound(c);
  return c;
}

/** 交办: to a department with the category's deadline (accepting and classifying it on the way, if not yet). */
export async function dispatch(caller: Caller, now: Date, input: { id: string; category: Category; unitId: string; departmentId: string }, loaded?: TicketDoc): Promise<TicketDoc> {
  const found = await visible(caller, input.id, loaded);
  const [dept, rules, units] = await Promise.all([deptFor(found, input.unitId, input.departmentId), rulesFor(found.villagePath), handlerUnits(caller)]);
  return step(input.id, now, staffWho(caller), (c) => canSee(caller, c), (c) => {
    if (!mayHandle(caller, c, DISPATCHER_ROLES)) throw new AppError('forbidden', '只有乡镇（或纪委监委）可以交办部门');
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : DISPATCHER_ROLES, units);
    const times = timesFor(now, rules.categories[input.category].days, rules);
    const before: StepChange['before'] = c.status === 'raised' ? [{ kind: 'accept', note: CATEGORY_NAMES[input.category] }] : c.category !== input.category ? [{ kind: 'classify', note: CATEGORY_NAMES[input.category] }] : [];
    const confidential = c.confidential || isConfidential(input.category, c.about);
    return {
      kind: 'dispatch',
      unitName,
      before,
      note: `${deptLabel(dept)}，${shortBeijing(times.deadline)}前办结`,
      set: { status: 'dispatched', category: input.category, confidential, dept, dispatchedAt: now, ...times, stage: 0, overdue: false, extension: null },
    };
  });
}

/** 转办: to another department, with a reason; the new department has the category's full time. */
export async function transfer(caller: Caller, now: Date, input: { id: string; unitId: string; departmentId: string; reason: string }, loaded?: TicketDoc): Promise<TicketDoc> {
  const found = await visible(caller, input.id, loaded);
  const [dept, rules, units] = await Promise.all([deptFor(found, input.unitId, input.departmentId), rulesFor(found.villagePath), handlerUnits(caller)]);
  return step(input.id, now, staffWho(caller), (c) => canSee(caller, c), (c) => {
    if (!mayHandle(caller, c, DISPATCHER_ROLES)) throw new AppError('forbidden', '只有乡镇（或纪委监委）可以转办');
    if (c.dept && c.dept.unitId === dept.unitId && c.dept.id === dept.id) throw new AppError('invalid_input', '已在该部门办理');
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : DISPATCHER_ROLES, units);
    const times = timesFor(now, rules.categories[c.category ?? 'service'].days, rules);
    return { kind: 'transfer', unitName, note: `转至${deptLabel(dept)}：${input.reason}`, set: { dept, dispatchedAt: now, ...times, stage: 0, overdue: false, extension: null } };
  });
}

/** The department asks for more working days, with a reason; the township (or discipline staff) decides. */
export async function askExtension(caller: Caller, now: Date, input: { id: string; days: number; reason: string }, loaded?: TicketDoc): Promise<TicketDoc> {
  const found = await visible(caller, input.id, loaded);
  const rules = await rulesFor(found.villagePath);
  if (input.days > rules.maxExtensionDays) throw new AppError('invalid_input', `最多延期${rules.maxExtensionDays}个工作日`);
  return step(input.id, now, { byId: caller.person?._id, byName: caller.person?.name ?? '', unitName: found.dept ? deptLabel(found.dept) : '' }, (c) => canSee(caller, c), (c) => {
    if (!holdsDept(caller, c.dept)) throw new AppError('forbidden', '只有承办部门可以申请延期');
    if (c.extension) throw new AppError('conflict', '已有待审批的延期申请');
    return { kind: 'extendAsk', note: `${input.days}个工作日：${input.reason}`, set: { extension: { days: input.days, reason: input.reason, byName: caller.person?.name ?? '', at: now } } };
  });
}

export async function decideExtension(caller: Caller, now: Date, input: { id: string; approve: boolean; note: string }, loaded?: TicketDoc): Promise<TicketDoc> {
  const found = await visible(caller, input.id, loaded);
  const [rules, units] = await Promise.all([rulesFor(found.villagePath), handlerUnits(caller)]);
  return step(input.id, now, staffWho(caller), (c) => canSee(caller, c), (c) => {
    if (!mayHandle(caller, c, DISPATCHER_ROLES)) throw new AppError('forbidden', '只有乡镇（或纪委监委）可以审批延期');
    if (!c.extension) {
      const last = c.steps[c.steps.length - 1] as (Step & { byId?: string }) | undefined;
      if ((last?.kind === 'extendYes' || last?.kind === 'extendNo') && last.byId === caller.person?._id) return 'done';
      throw new AppError('conflict', '没有待审批的延期申请');
    }
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : DISPATCHER_ROLES, units);
    if (!input.approve) return { kind: 'extendNo', unitName, note: input.note, set: { extension: null } };
    // The new deadline counts the extra working days from the old one.
    const times = timesFor(c.deadline!, c.extension.days, rules);
    const stage = now >= times.deadline ? 2 : now >= times.warnAt ? 1 : 0;
    return { kind: 'extendYes', unitName, note: `延期${c.extension.days}个工作日，${shortBeijing(times.deadline)}前办结${input.note ? `：${input.note}` : ''}`, set: { ...times, stage: Math.min(c.stage, stage), overdue: stage >= 2, extension: null } };
  });
}

/** 办结: the department it was given answers (with evidence); discipline staff may answer a confidential one themselves. */
export async function answer(caller: Caller, now: Date, input: { id: string; text: string; photoFileIds: string[] }, loaded?: TicketDoc): Promise<TicketDoc> {
  const found = await visible(caller, input.id, loaded);
  if (caller.person) await checkPhotosIn(answerFolder(caller.person._id), input.photoFileIds, '照片未上传成功，请重新上传');
  const rules = await rulesFor(found.villagePath);
  const units = await handlerUnits(caller);
  return step(input.id, now, staffWho(caller), (c) => canSee(caller, c), (c) => {
    const byDept = holdsDept(caller, c.dept);
    if (!byDept && !(c.confidential && isDisciplineOver(caller, c))) throw new AppError('forbidden', '只有承办部门可以答复');
    const unitName = byDept ? deptLabel(c.dept!) : unitNameFor(caller, c, ['discipline'], units);
    const onTime = !c.deadline || now <= c.deadline;
    const a = { text: input.text, photoFileIds: input.photoFileIds, byName: caller.person?.name ?? '', unitName, at: now, onTime };
    return { kind: 'answer', unitName, note: `${onTime ? '' : '（逾期办结）'}${input.text.slice(0, 200)}`, set: { status: 'answered', answer: a, overdue: !onTime, rateBy: new Date(now.getTime() + rules.rateDays * 86_400_000), extension: null } };
  });
}

/**
 * 回访/评价 by the raiser: the villager who raised a complaint, or for a visit problem the cadre
 * who recorded it (or one present at the visit), on the household's behalf. 不满意 sends it back
 * to the department once.
 */
export async function rateTicket(raiser: Raiser, now: Date, input: { id: string; value: Rating; comment: string }, loaded?: TicketDoc): Promise<TicketDoc> {
  const found = loaded ?? (await getTicket(input.id));
  if (!found || !isRaiser(raiser, found)) throw notFound(found);
  const rules = await rulesFor(found.villagePath);
  const visit = raiser.kind === 'person';
  const who = visit ? { byId: raiser.personId, byName: raiser.name, unitName: found.villageName } : { byName: '村民', unitName: found.villageName };
  const onBehalf = visit && found.visit ? `代${found.visit.householdName}户回访：` : '';
  return step(input.id, now, who, (c) => isRaiser(raiser, c), (c) => {
    if (c.status !== 'answered') {
      if (c.rating?.value === input.value) return 'done';
      throw new AppError('conflict', visit ? '该问题现在不能回访评价' : '该诉求现在不能评价');
    }
    const rating = { value: input.value, comment: input.comment, at: now };
    const said = `${onBehalf}${RATING_NAMES[input.value]}${input.comment ? `：${input.comment}` : ''}`;
    if (input.value === 'unsatisfied' && c.reopened === 0) {
      const times = timesFor(now, rules.categories[c.category ?? 'service'].days, rules);
      return { kind: 'reopen', before: [{ kind: 'rate', note: said }], note: c.dept ? `${deptLabel(c.dept)}重新办理` : '', set: { status: 'dispatched', rating, reopened: 1, answer: null, rateBy: null, dispatchedAt: now, ...times, stage: 0 } };
    }
    return { kind: 'rate', note: said, set: { status: 'closed', rating, closedAt: now, rateBy: null } };
  });
}

// ---- lists and figures of one source -----------------------------------------------------------

/**
 * What a handler may read of a source's tickets under a unit: never a confidential one unless
 * discipline staff over the unit, never one naming the caller.
 */
function sourceMatch(caller: Caller | null, unit: OrgUnit, source: Source, months: readonly string[]): Record<string, unknown> {
  const match: Record<string, unknown> = { villagePath: unit._id, month: months.length === 1 ? months[0] : _.in([...months]), source: source === 'villager' ? _.neq('visit') : source };
  if (caller) match.aboutPersonId = _.neq(caller.person?._id ?? '');
  if (!caller || !grantCovers(caller, ['discipline'], unit.path)) match.confidential = false;
  return match;
}

/** A page of a source's tickets under a unit for some months, by id after `afterId` (the problem ledger, its Excel file). */
export async function sourcePage(caller: Caller, unit: OrgUnit, source: Source, months: readonly string[], afterId: string, limit = 1000): Promise<TicketDoc[]> {
  const { data } = await db.collection(COMPLAINTS).where({ ...sourceMatch(caller, unit, source, months), _id: _.gt(afterId) }).orderBy('_id', 'asc').limit(limit).get<TicketDoc>();
  return data;
}

/** A source's tickets under a unit for some months, newest first, page by page (a list), with how many. */
export async function sourceList(caller: Caller, unit: OrgUnit, source: Source, months: readonly string[], skip: number, limit: number, extra: Record<string, unknown> = {}): Promise<{ total: number; items: TicketDoc[] }> {
  const where = { ...sourceMatch(caller, unit, source, months), ...extra };
  const [{ total }, { data }] = await Promise.all([db.collection(COMPLAINTS).where(where).count(), db.collection(COMPLAINTS).where(where).orderBy('raisedAt', 'desc').orderBy('_id', 'asc').skip(skip).limit(limit).get<TicketDoc>()]);
  return { total, items: data };
}

/** The visit problems a person recorded, or was present at the visit of, in a village, newest first (theirs to follow and rate). */
export async function raisedByPerson(personId: string, villageId: string, limit: number): Promise<TicketDoc[]> {
  const { data } = await db.collection(COMPLAINTS).where({ villagePath: villageId, source: 'visit', 'visit.memberIds': personId, aboutPersonId: _.neq(personId) }).orderBy('raisedAt', 'desc').limit(limit).get<TicketDoc>();
  return data;
}

/** Raised, and resolved (answered or closed), of a group of tickets. */
export interface ResolvedCount {
  raised: number;
  resolved: number;
}

/**
 * How many tickets of a source were raised under a unit in some months, and how many of them are
 * resolved (answered or closed) now, by village (`by: 'village'`) or by township. Confidential
 * ones are never counted: figures are published, and a count must not reveal a report. One
 * aggregation (a row per village or township).
 */
export async function sourceCounts(unit: OrgUnit, source: Source, months: readonly string[], by: 'village' | 'township'): Promise<Map<string, ResolvedCount>> {
  const { list } = await db
    .collection(COMPLAINTS)
    .aggregate()
    .match(sourceMatch(null, unit, source, months))
    .group({ _id: by === 'village' ? '$villageId' : $.arrayElemAt(['$villagePath', 2]), raised: $.sum(1), resolved: $.sum($.cond({ if: $.in(['$status', ['answered', 'closed']]), then: 1, else: 0 })) })
    .limit(1000)
    .end<{ _id: string; raised: number; resolved: number }>();
  return new Map(list.map((g) => [g._id, { raised: g.raised, resolved: g.resolved }]));
}

// ---- 限时办结 and 跟踪督办: the timer ---------------------------------------------------------------

const SYSTEM_STEP = { byName: '系统', unitName: '' };

interface Move {
  kind: StepKind;
  where: Record<string, unknown>;
  set: Record<string, unknown>;
}

/** What a reminder needs of a ticket (the sweep reads no more). */
type Due = Pick<TicketDoc, '_id' | 'category' | 'text' | 'confidential' | 'villageName' | 'villagePath' | 'dept' | 'deadline'>;
const DUE_FIELDS = { _id: true, category: true, text: true, confidential: true, villageName: true, villagePath: true, dept: true, deadline: true };

/**
 * The sweep, over every ticket whatever its source: warn departments before their deadlines,
 * mark the overdue for the township, hand the long overdue to discipline staff, close answers
 * left unrated. Each move is a query of at most 1,000 and one guarded multi-document update (a
 * rerun finds them moved). Who is reminded is gathered over the whole run and messaged once per
 * person and kind, at the end.
 */
export async function sweep(now: Date, opts: { deadline?: number } = {}): Promise<{ moved: Record<string, number>; incomplete?: boolean }> {
  const moves: Move[] = [
    { kind: 'warn', where: { status: 'dispatched', stage: 0, warnAt: _.lte(now), deadline: _.gt(now) }, set: { stage: 1 } },
    { kind: 'overdue', where: { status: 'dispatched', stage: _.lt(2), deadline: _.lte(now) }, set: { stage: 2, overdue: true } },
    { kind: 'escalate', where: { status: 'dispatched', stage: 2, escalateAt: _.lte(now) }, set: { stage: 3 } },
    { kind: 'close', where: { status: 'answered', rateBy: _.lte(now) }, set: { status: 'closed', closedAt: now, rateBy: null } },
  ];
  const moved: Record<string, number> = {};
  const reminders = new Reminders();
  let incomplete = false;
  outer: for (const m of moves) {
    moved[m.kind] = 0;
    for (;;) {
      // Those moved drop out of the next query: no order or offset is needed.
      const { data } = await db.collection(COMPLAINTS).where(m.where).field(DUE_FIELDS).limit(1000).get<Due>();
      if (!data.length) break;
      const st: Step = { kind: m.kind, at: now, ...SYSTEM_STEP, note: m.kind === 'close' ? '评价期满，自动结案' : '' };
      const { stats } = await db.collection(COMPLAINTS).where({ ...m.where, _id: _.in(data.map((d) => d._id)) }).update({ data: { ...m.set, updatedAt: now, steps: _.push([st]) } });
      moved[m.kind] += stats.updated ?? 0;
      if (m.kind !== 'close') reminders.add(m.kind, data);
      if (data.length < 1000) break;
      // Out of time: the next tick goes on where this one stopped (what moved is moved).
      if (opts.deadline && Date.now() > opts.deadline) {
        incomplete = true;
        break outer;
      }
    }
  }
  await reminders.send().catch((err: unknown) => log.warn('complaint reminders failed', { error: String(err) }));
  return incomplete ? { moved, incomplete } : { moved };
}

/** The township a ticket's village is in. */
const townOf = (c: Pick<TicketDoc, 'villagePath'>) => c.villagePath[2] ?? c.villagePath[c.villagePath.length - 1]!;

/**
 * Reminders of one sweep run: the department (warning, overdue), the township's staff
 * (overdue), discipline staff (escalation). Holders of a department or role are read once per
 * run; each person gets one message, about the most urgent ticket that needs them.
 */
class Reminders {
  private readonly byKind = new Map<StepKind, Map<string, Due>>();
  private readonly depts = new Map<string, Due>();
  private readonly towns = new Map<string, { role: 'staff' | 'discipline'; due: Due; kind: StepKind }>();

  add(kind: StepKind, list: Due[]): void {
    for (const c of list) {
      if ((kind === 'warn' || kind === 'overdue') && c.dept) {
        const key = `${kind}|${c.dept.unitId}|${c.dept.id}`;
        if (!this.depts.has(key)) this.depts.set(key, c);
      }
      const role = kind === 'overdue' ? 'staff' : kind === 'escalate' ? 'discipline' : null;
      const town = townOf(c);
      if (role && !this.towns.has(`${kind}|${town}`)) this.towns.set(`${kind}|${town}`, { role, due: c, kind });
    }
  }

  private person(kind: StepKind, personId: string, c: Due): void {
    let m = this.byKind.get(kind);
    if (!m) this.byKind.set(kind, (m = new Map()));
    if (!m.has(personId)) m.set(personId, c);
  }

  async send(): Promise<void> {
    // Department holders: one read for every department of the run.
    const deptKeys = [...this.depts.entries()];
    if (deptKeys.length) {
      const units = [...new Set(deptKeys.map(([, c]) => c.dept!.unitId))];
      const { data } = await db.collection(PEOPLE).where({ grants: _.elemMatch({ role: 'department', orgUnitId: _.in(units) }), active: true }).field({ grants: true }).limit(1000).get<Pick<PersonDoc, '_id' | 'grants'>>();
      for (const [key, c] of deptKeys) {
        const kind = key.split('|')[0] as StepKind;
        for (const p of data) if (p.grants.some((g) => g.role === 'department' && g.orgUnitId === c.dept!.unitId && g.department?.id === c.dept!.id)) this.person(kind, p._id, c);
      }
    }
    // The township's staff (overdue) and discipline staff over it, at the township or the county
    // (escalation): one read for every unit of the run.
    const towns = [...this.towns.values()];
    if (towns.length) {
      const above = (x: (typeof towns)[number]) => (x.role === 'staff' ? [townOf(x.due)] : x.due.villagePath.slice(1, -1));
      const ids = [...new Set(towns.flatMap(above))];
      const { data } = await db.collection(PEOPLE).where({ grants: _.elemMatch({ role: _.in(['staff', 'discipline']), orgUnitId: _.in(ids) }), active: true }).field({ grants: true }).limit(1000).get<Pick<PersonDoc, '_id' | 'grants'>>();
      for (const x of towns) {
        const units = above(x);
        for (const p of data) if (p.grants.some((g) => g.role === x.role && units.includes(g.orgUnitId))) this.person(x.kind, p._id, x.due);
      }
    }
    const everyone = [...new Set([...this.byKind.values()].flatMap((m) => [...m.keys()]))];
    if (!everyone.length) return;
    const subs = new Map((await holdersAmong('complaintDue', everyone)).map((s) => [s.personId, s]));
    const tip: Partial<Record<StepKind, string>> = { warn: '即将到期，请及时办结', overdue: '已逾期，请督促办结', escalate: '逾期未办结，已转纪委监委督办' };
    const out = [];
    // One message per person: the most urgent kind they are due.
    const sent = new Set<string>();
    for (const kind of ['escalate', 'overdue', 'warn'] as StepKind[]) {
      for (const [personId, c] of this.byKind.get(kind) ?? []) {
        const sub = subs.get(personId);
        if (!sub || sent.has(personId)) continue;
        sent.add(personId);
        out.push({ sub, page: `pages/admin/complaint/detail/index?id=${c._id}`, data: { thing1: { value: `${CATEGORY_NAMES[c.category ?? 'service']}：${c.confidential ? '信访件' : c.text}`.slice(0, 20) }, time2: { value: c.deadline ? shortBeijing(c.deadline) : '' }, thing3: { value: c.confidential ? '—' : c.villageName.slice(0, 20) }, thing4: { value: tip[kind] ?? '' } } });
      }
    }
    if (out.length) await sendBatch('complaintDue', out);
  }
}
