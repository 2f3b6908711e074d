/**
 * Complaints: raised by villagers from their village's group, accepted and classified by the
 * township (or the village's 村群管理员), dispatched to a department with a deadline, answered,
 * rated; supervised by the timer (warning, overdue to the township, then to discipline staff).
 *
 * Every step is one single-document transaction that appends to the complaint's record (`steps`)
 * and checks the status it starts from, so a retried call finds its step done and a second
 * handler finds the complaint moved on. A confidential report (信访举报 naming a cadre or village
 * official) is filtered out of every list, count and figure of anyone but discipline staff in
 * scope (and the department they give it to), and of the person it names.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller, Grant } from '../../kernel/caller';
import { dateKey, shortBeijing } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { getUnitCached, getUnits, setUnitSetting } from '../org/service';
import { within } from '../org/rules';
import type { OrgUnit } from '../org/schema';
import { getPerson, PEOPLE } from '../people/service';
import type { PersonDoc, StoredGrant } from '../people/schema';
import { checkPhotosIn } from '../checkin/photos';
import { holdersAmong, sendBatch } from '../notify/service';
import type { VillagerDoc } from '../village/schema';
import { FROM, OPEN, deptLabel, isConfidential, rulesFrom, timesFor } from './rules';
import { CATEGORY_NAMES, STEP_NAMES, type Category, type ComplaintDoc, type ComplaintRules, type ComplaintStatus, type Dept, type RaiseInput, type Rating, type Step, type StepKind } from './schema';

export const COMPLAINTS = 'complaints';
export const SETTINGS_KEY = 'complaint';

/** Where a villager's photos go (the page uploads there; the server checks). */
export const photoFolder = (openid: string) => `complaints/${openid}/`;
/** Where a handler's evidence photos go. */
export const answerFolder = (personId: string) => `complaint-answers/${personId}/`;

const complaintId = (openid: string, clientId: string) => `cp-${createHash('sha256').update(`${openid}:${clientId}`).digest('hex').slice(0, 24)}`;
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

const HANDLER_ROLES = ['staff', 'groupAdmin'] as const;
const DISPATCHER_ROLES = ['staff'] as const;

function departmentGrants(caller: Caller): (Grant & { department: { id: string; name: string } })[] {
  return (caller.person?.grants ?? []).filter((g): g is Grant & { department: { id: string; name: string } } => g.role === 'department' && !!(g as StoredGrant).department);
}

const holdsDept = (caller: Caller, dept: Dept | null) => !!dept && departmentGrants(caller).some((g) => g.orgUnitId === dept.unitId && g.department.id === dept.id);
const grantCovers = (caller: Caller, roles: readonly string[], path: readonly string[]) => !!caller.person?.grants.some((g) => roles.includes(g.role) && within(path, g.orgUnitId));

/** Is the caller discipline staff over this complaint (and not the person it names)? */
function isDisciplineOver(caller: Caller, c: ComplaintDoc): boolean {
  return grantCovers(caller, ['discipline'], c.villagePath) && c.aboutPersonId !== caller.person?._id;
}

/** Can the caller see this complaint at all? */
export function canSee(caller: Caller, c: ComplaintDoc): boolean {
  if (c.aboutPersonId && c.aboutPersonId === caller.person?._id) return false;
  if (isDisciplineOver(caller, c)) return true;
  if (holdsDept(caller, c.dept)) return true;
  if (c.confidential) return false;
  return grantCovers(caller, [...HANDLER_ROLES], c.villagePath);
}

/** Who handles a step that belongs to the township (accept, classify, dispatch): discipline staff for a confidential one. */
function mayHandle(caller: Caller, c: ComplaintDoc, roles: readonly string[]): boolean {
  if (c.confidential) return isDisciplineOver(caller, c);
  return grantCovers(caller, roles, c.villagePath);
}

/**
 * Which steps the caller may take on a complaint as it stands (what the handling page offers):
 * the same role and scope checks the steps themselves make, and the statuses they start from.
 */
export function stepsAllowed(caller: Caller, c: ComplaintDoc) {
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

function unitNameFor(caller: Caller, c: ComplaintDoc, roles: readonly string[], units: Map<string, OrgUnit>): string {
  const g = caller.person?.grants.find((x) => roles.includes(x.role) && within(c.villagePath, x.orgUnitId));
  return (g && units.get(g.orgUnitId)?.name) ?? '';
}

// ---- raising -------------------------------------------------------------------------------------

/**
 * A villager raises a complaint for their village (one they came from through its group). A
 * retry with the same `clientId` is the same complaint.
 */
export async function raise(villager: VillagerDoc, now: Date, input: RaiseInput): Promise<ComplaintDoc> {
  const id = complaintId(villager.openid, input.clientId);
  const { data: have } = await db.collection(COMPLAINTS).doc(id).get<ComplaintDoc>();
  if (have) return have;
  await checkPhotosIn(photoFolder(villager.openid), input.photoFileIds, '照片未上传成功，请重新选择照片');
  let about: ComplaintDoc['about'] = input.about ? { name: input.about.name } : null;
  let aboutPersonId: string | null = null;
  if (input.about?.personId) {
    // Only a cadre stationed in this village can be named by id (the page lists them).
    const p = await getPerson(input.about.personId);
    if (p?.active && p.grants.some((g) => g.role === 'cadre' && g.orgUnitId === villager.villageId)) {
      about = { personId: p._id, name: p.name };
      aboutPersonId = p._id;
    }
  }
  const confidential = isConfidential(input.category, about);
  const doc: ComplaintDoc = {
    _id: id,
    openid: villager.openid,
    villageId: villager.villageId,
    villageName: villager.villageName,
    villagePath: villager.villagePath,
    text: input.text,
    photoFileIds: input.photoFileIds,
    location: input.location,
    suggested: input.category,
    category: confidential ? 'report' : null,
    about,
    aboutPersonId,
    confidential,
    contact: input.contact,
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
    steps: [{ kind: 'raise', at: now, byName: '村民', unitName: villager.villageName, note: confidential ? '信访举报，直送纪委监委' : '' }],
    month: dateKey(now).slice(0, 7),
    raisedAt: now,
    updatedAt: now,
    closedAt: null,
  };
  try {
    await db.collection(COMPLAINTS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const { data } = await db.collection(COMPLAINTS).doc(id).get<ComplaintDoc>();
    return data!;
  }
}

/** A villager's own complaints, newest first. */
export async function mine(openid: string, skip: number, limit: number): Promise<{ total: number; items: ComplaintDoc[] }> {
  const [{ total }, { data }] = await Promise.all([db.collection(COMPLAINTS).where({ openid }).count(), db.collection(COMPLAINTS).where({ openid }).orderBy('raisedAt', 'desc').skip(skip).limit(limit).get<ComplaintDoc>()]);
  return { total, items: data };
}

export async function getComplaint(id: string): Promise<ComplaintDoc | null> {
  return (await db.collection(COMPLAINTS).doc(id).get<ComplaintDoc>()).data ?? null;
}

// ---- the steps -----------------------------------------------------------------------------------

interface StepChange {
  kind: StepKind;
  note?: string;
  set: Partial<ComplaintDoc>;
  /** Extra steps recorded before this one (e.g. 受理 and 分类 before 交办). */
  before?: { kind: StepKind; note?: string }[];
  /** The unit the step is taken for, when only the complaint tells (the caller's grant over it). */
  unitName?: string;
}

/**
 * Take one step on a complaint, in a transaction: `decide` sees the complaint as it is and says
 * what changes (or throws). A call whose step is already the complaint's last, by the same
 * person, is a retry and answers the complaint as it is.
 */
async function step(id: string, caller: Caller, now: Date, who: { byName: string; unitName: string; byId?: string }, decide: (c: ComplaintDoc) => StepChange | 'done'): Promise<ComplaintDoc> {
  return transaction(async (tx) => {
    const { data: c } = await tx.collection(COMPLAINTS).doc(id).get<ComplaintDoc>();
    if (!c || !canSeeOrOwn(caller, c)) throw new AppError('not_found', '诉求不存在');
    const change = decide(c);
    if (change === 'done') return c;
    const allowed = FROM[change.kind];
    if (allowed && !allowed.includes(c.status)) {
      const last = c.steps[c.steps.length - 1];
      if (last?.kind === change.kind && (last as Step & { byId?: string }).byId === who.byId) return c;
      throw new AppError('conflict', `该诉求${statusWord(c.status)}，不能${STEP_NAMES[change.kind]}`);
    }
    const by = { ...who, unitName: change.unitName ?? who.unitName };
    const steps: (Step & { byId?: string })[] = [...(change.before ?? []), { kind: change.kind, note: change.note }].map((s) => ({ kind: s.kind, at: now, ...by, note: s.note ?? '' }));
    const set = { ...change.set, updatedAt: now };
    await tx.collection(COMPLAINTS).doc(id).update({ data: { ...set, steps: _.push(steps) } });
    return { ...c, ...set, steps: [...c.steps, ...steps] };
  });
}

const statusWord = (s: ComplaintStatus) => ({ raised: '尚未受理', accepted: '已受理', rejected: '已不予受理', dispatched: '正在部门办理', answered: '已答复', closed: '已办结' })[s];

/** Handlers who can see it, or the villager who raised it (for rating). */
function canSeeOrOwn(caller: Caller, c: ComplaintDoc): boolean {
  if (!caller.person) return !!caller.openid && caller.openid === c.openid;
  return canSee(caller, c);
}

async function handlerUnits(caller: Caller): Promise<Map<string, OrgUnit>> {
  return getUnits([...new Set((caller.person?.grants ?? []).map((g) => g.orgUnitId))]);
}

/** 受理 (with the category, 分类): the township, the village's 村群管理员, or discipline staff for a confidential one. */
export async function accept(caller: Caller, now: Date, id: string, category: Category): Promise<ComplaintDoc> {
  const units = await handlerUnits(caller);
  return step(id, caller, now, staffWho(caller), (c) => {
    if (!mayHandle(caller, c, HANDLER_ROLES)) throw new AppError('forbidden', '只有乡镇或村群管理员可以受理');
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : HANDLER_ROLES, units);
    const confidential = c.confidential || isConfidential(category, c.about);
    return { kind: 'accept', unitName, note: CATEGORY_NAMES[category], set: { status: 'accepted', category, confidential } };
  });
}

export async function reject(caller: Caller, now: Date, id: string, reason: string): Promise<ComplaintDoc> {
  const units = await handlerUnits(caller);
  return step(id, caller, now, staffWho(caller), (c) => {
    if (!mayHandle(caller, c, HANDLER_ROLES)) throw new AppError('forbidden', '只有乡镇或村群管理员可以处理');
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : HANDLER_ROLES, units);
    return { kind: 'reject', unitName, note: reason, set: { status: 'rejected', category: c.category ?? c.suggested, closedAt: now } };
  });
}

/** The departments a complaint of this village can go to: department staff of its township, county and city. */
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

async function deptFor(c: ComplaintDoc, unitId: string, departmentId: string): Promise<Dept> {
  const d = (await departmentsFor(c.villagePath)).find((x) => x.unitId === unitId && x.id === departmentId);
  if (!d) throw new AppError('invalid_input', '该部门不在本村所属乡镇、县、市的职能部门中');
  return d;
}

/** The complaint an action works on, as the router's scope check read it (or read now), if the caller may see it. */
async function visible(caller: Caller, id: string, found?: ComplaintDoc): Promise<ComplaintDoc> {
  const c = found ?? (await getComplaint(id));
  if (!c || !canSee(caller, c)) throw new AppError('not_found', '诉求不存在');
  return c;
}

/** 交办: to a department with the category's deadline (accepting and classifying it on the way, if not yet). */
export async function dispatch(caller: Caller, now: Date, input: { id: string; category: Category; unitId: string; departmentId: string }, loaded?: ComplaintDoc): Promise<ComplaintDoc> {
  const found = await visible(caller, input.id, loaded);
  const [dept, rules, units] = await Promise.all([deptFor(found, input.unitId, input.departmentId), rulesFor(found.villagePath), handlerUnits(caller)]);
  return step(input.id, caller, now, staffWho(caller), (c) => {
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
export async function transfer(caller: Caller, now: Date, input: { id: string; unitId: string; departmentId: string; reason: string }, loaded?: ComplaintDoc): Promise<ComplaintDoc> {
  const found = await visible(caller, input.id, loaded);
  const [dept, rules, units] = await Promise.all([deptFor(found, input.unitId, input.departmentId), rulesFor(found.villagePath), handlerUnits(caller)]);
  return step(input.id, caller, now, staffWho(caller), (c) => {
    if (!mayHandle(caller, c, DISPATCHER_ROLES)) throw new AppError('forbidden', '只有乡镇（或纪委监委）可以转办');
    if (c.dept && c.dept.unitId === dept.unitId && c.dept.id === dept.id) throw new AppError('invalid_input', '已在该部门办理');
    const unitName = unitNameFor(caller, c, c.confidential ? ['discipline'] : DISPATCHER_ROLES, units);
    const times = timesFor(now, rules.categories[c.category ?? 'service'].days, rules);
    return { kind: 'transfer', unitName, note: `转至${deptLabel(dept)}：${input.reason}`, set: { dept, dispatchedAt: now, ...times, stage: 0, overdue: false, extension: null } };
  });
}

/** The department asks for more working days, with a reason; the township (or discipline staff) decides. */
export async function askExtension(caller: Caller, now: Date, input: { id: string; days: number; reason: string }, loaded?: ComplaintDoc): Promise<ComplaintDoc> {
  const found = await visible(caller, input.id, loaded);
  const rules = await rulesFor(found.villagePath);
  if (input.days > rules.maxExtensionDays) throw new AppError('invalid_input', `最多延期${rules.maxExtensionDays}个工作日`);
  return step(input.id, caller, now, { byId: caller.person?._id, byName: caller.person?.name ?? '', unitName: found.dept ? deptLabel(found.dept) : '' }, (c) => {
    if (!holdsDept(caller, c.dept)) throw new AppError('forbidden', '只有承办部门可以申请延期');
    if (c.extension) throw new AppError('conflict', '已有待审批的延期申请');
    return { kind: 'extendAsk', note: `${input.days}个工作日：${input.reason}`, set: { extension: { days: input.days, reason: input.reason, byName: caller.person?.name ?? '', at: now } } };
  });
}

export async function decideExtension(caller: Caller, now: Date, input: { id: string; approve: boolean; note: string }, loaded?: ComplaintDoc): Promise<ComplaintDoc> {
  const found = await visible(caller, input.id, loaded);
  const [rules, units] = await Promise.all([rulesFor(found.villagePath), handlerUnits(caller)]);
  return step(input.id, caller, now, staffWho(caller), (c) => {
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
export async function answer(caller: Caller, now: Date, input: { id: string; text: string; photoFileIds: string[] }, loaded?: ComplaintDoc): Promise<ComplaintDoc> {
  const found = await visible(caller, input.id, loaded);
  if (caller.person) await checkPhotosIn(answerFolder(caller.person._id), input.photoFileIds, '照片未上传成功，请重新上传');
  const rules = await rulesFor(found.villagePath);
  const units = await handlerUnits(caller);
  return step(input.id, caller, now, staffWho(caller), (c) => {
    const byDept = holdsDept(caller, c.dept);
    if (!byDept && !(c.confidential && isDisciplineOver(caller, c))) throw new AppError('forbidden', '只有承办部门可以答复');
    const unitName = byDept ? deptLabel(c.dept!) : unitNameFor(caller, c, ['discipline'], units);
    const onTime = !c.deadline || now <= c.deadline;
    const a = { text: input.text, photoFileIds: input.photoFileIds, byName: caller.person?.name ?? '', unitName, at: now, onTime };
    return { kind: 'answer', unitName, note: `${onTime ? '' : '（逾期办结）'}${input.text.slice(0, 200)}`, set: { status: 'answered', answer: a, overdue: !onTime, rateBy: new Date(now.getTime() + rules.rateDays * 86_400_000), extension: null } };
  });
}

/** 回访/评价 by the villager who raised it: 不满意 sends it back to the department once. */
export async function rate(openid: string, now: Date, input: { id: string; value: Rating; comment: string }): Promise<ComplaintDoc> {
  const caller: Caller = { openid, source: 'wx_client', person: null };
  const found = await getComplaint(input.id);
  if (!found || found.openid !== openid) throw new AppError('not_found', '诉求不存在');
  const rules = await rulesFor(found.villagePath);
  return step(input.id, caller, now, { byName: '村民', unitName: found.villageName }, (c) => {
    if (c.status !== 'answered') {
      if (c.rating?.value === input.value) return 'done';
      throw new AppError('conflict', '该诉求现在不能评价');
    }
    const rating = { value: input.value, comment: input.comment, at: now };
    if (input.value === 'unsatisfied' && c.reopened === 0) {
      const times = timesFor(now, rules.categories[c.category ?? 'service'].days, rules);
      return { kind: 'reopen', before: [{ kind: 'rate', note: `不满意${input.comment ? `：${input.comment}` : ''}` }], note: c.dept ? `${deptLabel(c.dept)}重新办理` : '', set: { status: 'dispatched', rating, reopened: 1, answer: null, rateBy: null, dispatchedAt: now, ...times, stage: 0 } };
    }
    const names = { satisfied: '满意', basicallySatisfied: '基本满意', unsatisfied: '不满意' } as const;
    return { kind: 'rate', note: `${names[input.value]}${input.comment ? `：${input.comment}` : ''}`, set: { status: 'closed', rating, closedAt: now, rateBy: null } };
  });
}

// ---- lists, counts and figures -------------------------------------------------------------------

export const BOXES = ['todo', 'doing', 'overdue', 'done', 'discipline'] as const;
export type Box = (typeof BOXES)[number];

const BOX_STATUS: Record<Exclude<Box, 'discipline' | 'overdue'>, ComplaintStatus[]> = { todo: ['raised', 'accepted'], doing: ['dispatched'], done: ['answered', 'closed', 'rejected'] };

/**
 * What a handler may list under a unit: never a confidential one (unless discipline staff over
 * it, in the discipline box), never one naming the caller.
 */
function visibleWhere(caller: Caller, unitId: string, box: Box): Record<string, unknown> {
  const me = caller.person?._id ?? '';
  const base = { villagePath: unitId, aboutPersonId: _.neq(me) };
  if (box === 'discipline') {
    // Confidential reports, and the overdue ones discipline staff now supervise.
    return _.and([base, _.or([{ confidential: true }, { status: 'dispatched', stage: 3 }])]) as unknown as Record<string, unknown>;
  }
  const status = box === 'overdue' ? { status: 'dispatched', stage: _.gte(2) } : { status: _.in(BOX_STATUS[box]) };
  return { ...base, confidential: false, ...status };
}

export async function inbox(caller: Caller, unitId: string, box: Box, skip: number, limit: number): Promise<{ total: number; items: ComplaintDoc[] }> {
  const where = visibleWhere(caller, unitId, box);
  const order = box === 'done' ? 'updatedAt' : 'raisedAt';
  const [{ total }, { data }] = await Promise.all([db.collection(COMPLAINTS).where(where).count(), db.collection(COMPLAINTS).where(where).orderBy(order, box === 'done' ? 'desc' : 'asc').skip(skip).limit(limit).get<ComplaintDoc>()]);
  return { total, items: data };
}

/** How many in each box (the tabs' counts): one aggregation over what the caller may see. */
export async function boxCounts(caller: Caller, unitId: string, discipline: boolean): Promise<Record<Box, number>> {
  const me = caller.person?._id ?? '';
  const out: Record<Box, number> = { todo: 0, doing: 0, overdue: 0, done: 0, discipline: 0 };
  const { list } = await db
    .collection(COMPLAINTS)
    .aggregate()
    .match({ villagePath: unitId, confidential: false, aboutPersonId: _.neq(me) })
    .group({ _id: '$status', n: $.sum(1), late: $.sum($.cond({ if: $.and([$.eq(['$status', 'dispatched']), $.gte(['$stage', 2])]), then: 1, else: 0 })) })
    .limit(10)
    .end<{ _id: ComplaintStatus; n: number; late: number }>();
  for (const g of list) {
    for (const b of ['todo', 'doing', 'done'] as const) if (BOX_STATUS[b].includes(g._id)) out[b] += g.n;
    out.overdue += g.late;
  }
  if (discipline) out.discipline = (await db.collection(COMPLAINTS).where(visibleWhere(caller, unitId, 'discipline')).count()).total;
  return out;
}

/** A department's complaints (those given to the caller's departments). */
export async function deptInbox(caller: Caller, box: 'doing' | 'done', skip: number, limit: number): Promise<{ total: number; counts: { doing: number; done: number }; items: ComplaintDoc[] }> {
  const grants = departmentGrants(caller);
  if (!grants.length) return { total: 0, counts: { doing: 0, done: 0 }, items: [] };
  const given = _.and([_.or(grants.map((g) => ({ 'dept.unitId': g.orgUnitId, 'dept.id': g.department.id }))), { status: _.in(['dispatched', 'answered', 'closed']), aboutPersonId: _.neq(caller.person?._id ?? '') }]);
  const where = _.and([given, { status: box === 'doing' ? 'dispatched' : _.in(['answered', 'closed']) }]);
  const [{ list }, { data }] = await Promise.all([
    db.collection(COMPLAINTS).aggregate().match(given).group({ _id: '$status', n: $.sum(1) }).limit(10).end<{ _id: ComplaintStatus; n: number }>(),
    db.collection(COMPLAINTS).where(where).orderBy(box === 'doing' ? 'deadline' : 'updatedAt', box === 'doing' ? 'asc' : 'desc').skip(skip).limit(limit).get<ComplaintDoc>(),
  ]);
  const counts = { doing: 0, done: 0 };
  for (const g of list) counts[g._id === 'dispatched' ? 'doing' : 'done'] += g.n;
  return { total: counts[box], counts, items: data };
}

export interface FigureRow {
  key: string;
  name: string;
  received: number;
  accepted: number;
  rejected: number;
  answered: number;
  onTime: number;
  overdue: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

const one = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }));

/**
 * 台账 figures of a unit's month: received, accepted, on time, overdue and satisfaction, by
 * category, by township and by village (three aggregations). Confidential reports count only
 * for discipline staff.
 */
export async function figures(caller: Caller, unit: OrgUnit, month: string): Promise<{ byCategory: FigureRow[]; byTownship: FigureRow[]; byVillage: FigureRow[]; total: FigureRow }> {
  const me = caller.person?._id ?? '';
  const match: Record<string, unknown> = { villagePath: unit._id, month, aboutPersonId: _.neq(me) };
  if (!grantCovers(caller, ['discipline'], unit.path)) match.confidential = false;
  const sums = {
    received: $.sum(1),
    accepted: one($.not([$.in(['$status', ['raised', 'rejected']])])),
    rejected: one($.eq(['$status', 'rejected'])),
    answered: one($.in(['$status', ['answered', 'closed']])),
    onTime: one($.eq(['$answer.onTime', true])),
    overdue: one($.eq(['$overdue', true])),
    satisfied: one($.eq(['$rating.value', 'satisfied'])),
    basicallySatisfied: one($.eq(['$rating.value', 'basicallySatisfied'])),
    unsatisfied: one($.eq(['$rating.value', 'unsatisfied'])),
  };
  type G = Omit<FigureRow, 'key' | 'name'> & { _id: string | null };
  const [cats, towns, vils] = await Promise.all([
    db.collection(COMPLAINTS).aggregate().match(match).group({ _id: '$category', ...sums }).limit(20).end<G>(),
    db.collection(COMPLAINTS).aggregate().match(match).group({ _id: $.arrayElemAt(['$villagePath', 2]), ...sums }).sort({ _id: 1 }).limit(1000).end<G>(),
    db.collection(COMPLAINTS).aggregate().match(match).group({ _id: '$villageId', name: $.first('$villageName'), ...sums }).sort({ _id: 1 }).limit(1000).end<G & { name: string }>(),
  ]);
  const townUnits = await getUnits(towns.list.map((g) => g._id ?? '').filter(Boolean));
  const row = (key: string, name: string, g?: Partial<G>): FigureRow => ({ key, name, received: g?.received ?? 0, accepted: g?.accepted ?? 0, rejected: g?.rejected ?? 0, answered: g?.answered ?? 0, onTime: g?.onTime ?? 0, overdue: g?.overdue ?? 0, satisfied: g?.satisfied ?? 0, basicallySatisfied: g?.basicallySatisfied ?? 0, unsatisfied: g?.unsatisfied ?? 0 });
  const byCat = new Map(cats.list.map((g) => [g._id ?? 'none', g]));
  const byCategory = [...(Object.keys(CATEGORY_NAMES) as Category[]).map((c) => row(c, CATEGORY_NAMES[c], byCat.get(c))), row('none', '未分类', byCat.get('none'))];
  const byTownship = towns.list.map((g) => row(g._id ?? '', townUnits.get(g._id ?? '')?.name ?? '', g));
  const byVillage = vils.list.map((g) => row(g._id ?? '', g.name, g));
  const total = byCategory.reduce((t, r) => {
    for (const k of Object.keys(t) as (keyof FigureRow)[]) if (typeof t[k] === 'number') (t[k] as number) += r[k] as number;
    return t;
  }, row(unit._id, unit.name));
  return { byCategory, byTownship, byVillage, total };
}

/** A unit's month of complaints a handler may see, page by page (the Excel ledger). */
export async function monthPage(caller: Caller, unit: OrgUnit, month: string, afterId: string, limit = 1000): Promise<ComplaintDoc[]> {
  const match: Record<string, unknown> = { villagePath: unit._id, month, aboutPersonId: _.neq(caller.person?._id ?? ''), _id: _.gt(afterId) };
  if (!grantCovers(caller, ['discipline'], unit.path)) match.confidential = false;
  const { data } = await db.collection(COMPLAINTS).where(match).orderBy('_id', 'asc').limit(limit).get<ComplaintDoc>();
  return data;
}

// ---- 限时办结 and 跟踪督办: the timer ---------------------------------------------------------------

const SYSTEM_STEP = { byName: '系统', unitName: '' };

interface Move {
  kind: StepKind;
  where: Record<string, unknown>;
  set: Record<string, unknown>;
}

/** What a reminder needs of a complaint (the sweep reads no more). */
type Due = Pick<ComplaintDoc, '_id' | 'category' | 'text' | 'confidential' | 'villageName' | 'villagePath' | 'dept' | 'deadline'>;
const DUE_FIELDS = { _id: true, category: true, text: true, confidential: true, villageName: true, villagePath: true, dept: true, deadline: true };

/**
 * The sweep: warn departments before their deadlines, mark the overdue for the township, hand
 * the long overdue to discipline staff, close answers left unrated. Each move is a query of at
 * most 1,000 and one guarded multi-document update (a rerun finds them moved). Who is reminded
 * is gathered over the whole run and messaged once per person and kind, at the end.
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

/** The township a complaint's village is in. */
const townOf = (c: Pick<ComplaintDoc, 'villagePath'>) => c.villagePath[2] ?? c.villagePath[c.villagePath.length - 1]!;

/**
 * Reminders of one sweep run: the department (warning, overdue), the township's staff
 * (overdue), discipline staff (escalation). Holders of a department or role are read once per
 * run; each person gets one message, about the most urgent complaint that needs them.
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

export { OPEN };
