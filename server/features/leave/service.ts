/**
 * Leave (请假): a cadre applies; the chain of approval steps is computed from the city's rules at
 * that moment and stored; each level's approver decides in turn (exactly one decision counts,
 * never one's own); the cadre may withdraw, cancel a future leave, and reports back (销假) on
 * return. Approved leave excuses check-in windows and keeps the cadre out of spot-check draws.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, shanghai } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { audit } from '../audit/service';
import { getUnitCached, getUnits, listSubtree, setUnitSetting } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { holdersOfRole } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { holdersAmong, sendBatch } from '../notify/service';
import { checkPhotosIn } from '../checkin/photos';
import { registerAbsenceExcuse } from '../checkin/sweeps';
import { registerOnLeave } from '../spotcheck/service';
import { chainFor, countDays, covers, halfEnd, halfIndex, halfStart, quotaProblem, rulesFrom, spanProblem, unitAtLevel } from './rules';
import { APPROVAL_LEVEL_NAMES, LEAVE_KIND_NAMES, LEAVE_KINDS, LeaveRules as RulesSchema, type ApplyInput, type ApprovalLevel, type ApprovalStep, type LeaveDoc, type LeaveKind, type LeaveRules } from './schema';

export const LEAVES = 'leaves';
export const SETTINGS_KEY = 'leave';

/** Where a cadre uploads a leave's attachments (a sick note…). */
export const attachmentFolder = (personId: string) => `leave/${personId}/`;

/** Requests that still take days from a quota. */
const COUNTING: LeaveDoc['status'][] = ['pending', 'approved', 'returned'];

// ---- rules -------------------------------------------------------------------------------------

/** The rules of the city a unit path belongs to (the unit is cached for a minute per instance). */
export async function rulesFor(path: readonly string[]): Promise<LeaveRules> {
  return rulesFrom((await getUnitCached(path[0]!))?.settings);
}

export async function setRules(caller: Caller, now: Date, city: OrgUnit, rules: LeaveRules): Promise<LeaveRules> {
  if (city.level !== 'city') throw new AppError('invalid_input', '请假规则按市（州）设置');
  await setUnitSetting(caller, now, city, SETTINGS_KEY, RulesSchema.parse(rules), 'leave.setRules');
  return rules;
}

// ---- reading ------------------------------------------------------------------------------------

export async function getLeave(id: string): Promise<LeaveDoc | null> {
  return (await db.collection(LEAVES).doc(id).get<LeaveDoc>()).data;
}

/** A person's requests that start in a year (one read). */
export async function leavesOf(personId: string, year: number): Promise<LeaveDoc[]> {
  const { data } = await db.collection(LEAVES).where({ personId, year }).orderBy('createdAt', 'desc').limit(1000).get<LeaveDoc>();
  return data;
}

/** What each kind leaves of its yearly quota. */
export function balances(rules: LeaveRules, mine: LeaveDoc[]) {
  return LEAVE_KINDS.map((kind) => {
    const used = mine.filter((l) => l.kind === kind && COUNTING.includes(l.status)).reduce((s, l) => s + l.days, 0);
    const max = rules.kinds[kind].maxDaysPerYear;
    return { kind, name: LEAVE_KIND_NAMES[kind], maxDaysPerYear: max, maxDaysPerMonth: rules.kinds[kind].maxDaysPerMonth, attachment: rules.kinds[kind].attachment, used, left: max === null ? null : Math.max(0, max - used) };
  });
}

// ---- applying -----------------------------------------------------------------------------------

const idOf = (personId: string, clientId: string) => `lv-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;

/**
 * A person's applications counter (`_id` the person): the quota and overlap checks read the
 * person's requests with a query, which a transaction cannot hold, so each application commits
 * only if no other one of the same person committed since its checks began; else it checks again.
 */
export const LEAVE_SEQ = 'leaveSeqs';

class Stale extends Error {}

export async function apply(caller: Caller, now: Date, input: ApplyInput): Promise<LeaveDoc> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(caller, now, input);
    } catch (err) {
      if (!(err instanceof Stale) || attempt >= 3) throw err instanceof Stale ? new AppError('conflict', '您同时提交了多份请假，请刷新后重试') : err;
    }
  }
}

async function applyOnce(caller: Caller, now: Date, input: ApplyInput): Promise<LeaveDoc> {
  const person = caller.person as PersonDoc;
  const grant = person.grants.find((g) => g.role === 'cadre');
  if (!grant) throw new AppError('forbidden', '您当前没有驻村任务');
  const id = idOf(person._id, input.clientId);
  const [existing, rules, seqDoc] = await Promise.all([getLeave(id), rulesFor(grant.path), db.collection(LEAVE_SEQ).doc(person._id).get<{ n: number }>()]);
  if (existing) return existing; // a retry of the same application
  const seq = seqDoc.data?.n ?? 0;

  if (halfIndex(input.end) < halfIndex(input.start)) throw new AppError('invalid_input', '结束时间不能早于开始时间');
  const today = dateKey(now);
  const earliest = input.kind === 'sick' ? dateKey(new Date(now.getTime() - 3 * 86_400_000)) : today;
  if (input.start.date < earliest) throw new AppError('invalid_input', input.kind === 'sick' ? '病假最多补请 3 天前的' : '请假须在开始之前申请（病假可补请 3 天内的）');
  const span = spanProblem(input.start, input.end);
  if (span) throw new AppError('invalid_input', span);
  const { days, months } = countDays(input.start, input.end);
  if (days === 0) throw new AppError('invalid_input', '所选时间都不是工作日（节假日、周末不计请假天数），无需请假');
  const kindRule = rules.kinds[input.kind];
  if (kindRule.attachment && input.attachmentFileIds.length === 0) throw new AppError('invalid_input', `${LEAVE_KIND_NAMES[input.kind]}须上传证明材料（如病历、诊断证明的照片）`);
  await checkPhotosIn(attachmentFolder(person._id), input.attachmentFileIds, '证明材料未上传成功，请重新上传');

  const year = Number(input.start.date.slice(0, 4));
  const mine = await leavesOf(person._id, year);
  const counting = mine.filter((l) => COUNTING.includes(l.status));
  const overlap = counting.find((l) => !(halfIndex(l.end) < halfIndex(input.start) || halfIndex(l.start) > halfIndex(input.end)));
  if (overlap) throw new AppError('conflict', `与已有的请假（${overlap.startDate} 至 ${overlap.endDate}）时间重叠`);
  const same = counting.filter((l) => l.kind === input.kind);
  const usedMonths = new Map<string, number>();
  for (const l of same) for (const m of l.months) usedMonths.set(m.month, (usedMonths.get(m.month) ?? 0) + m.days);
  const problem = quotaProblem(rules, input.kind, { days, months }, { year: same.reduce((s, l) => s + l.days, 0), months: usedMonths }, LEAVE_KIND_NAMES[input.kind]);
  if (problem) throw new AppError('quota_exceeded', problem);

  // The chain, from the rules as they are now: one step per level, the units above the village.
  const steps: ApprovalStep[] = (await chainOf(rules, grant.path, input.kind, days)).map((c, i) => ({ ...c, status: i === 0 ? 'pending' : 'waiting', byId: null, byName: null, at: null, comment: null }));
  const endsAt = halfEnd(input.end);
  const doc: LeaveDoc = {
    _id: id,
    personId: person._id,
    personName: person.name,
    villageId: grant.orgUnitId,
    villagePath: grant.path,
    kind: input.kind,
    start: input.start,
    end: input.end,
    startDate: input.start.date,
    endDate: input.end.date,
    days,
    months,
    year,
    reason: input.reason,
    attachmentFileIds: input.attachmentFileIds,
    deputy: input.deputy ?? null,
    status: 'pending',
    steps,
    currentUnitId: steps[0]!.unitId,
    createdAt: now,
    decidedAt: null,
    endsAt,
    reportBackDue: new Date(endsAt.getTime() + rules.reportBackGraceHours * 3_600_000),
    returnedAt: null,
    overdue: false,
    trail: [{ at: now, byName: person.name, action: 'applied', note: `${LEAVE_KIND_NAMES[input.kind]} ${days} 天：${input.reason}` }],
  };
  const { _id, ...data } = doc;
  try {
    await transaction(async (tx) => {
      const { data: current } = await tx.collection(LEAVE_SEQ).doc(person._id).get<{ n: number }>();
      if ((current?.n ?? 0) !== seq) throw new Stale();
      await tx.collection(LEAVE_SEQ).doc(person._id).set({ data: { n: seq + 1 } });
      await tx.collection(LEAVES).doc(_id).set({ data });
      await audit(tx, caller, now, { action: 'leave.apply', target: { collection: LEAVES, id: _id }, unitPath: grant.path, before: null, after: { kind: doc.kind, start: doc.start, end: doc.end, days, steps: steps.map((x) => x.level) } });
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  await tellApprovers(doc, steps[0]!);
  return doc;
}

/** The levels that approve a request, with their units (one read for the names). */
export async function chainOf(rules: LeaveRules, villagePath: readonly string[], kind: LeaveKind, days: number): Promise<{ level: ApprovalLevel; unitId: string; unitName: string }[]> {
  const levels = chainFor(rules, kind, days);
  const units = await getUnits(levels.map((l) => unitAtLevel(villagePath, l)));
  return levels.map((level) => {
    const unitId = unitAtLevel(villagePath, level);
    return { level, unitId, unitName: units.get(unitId)?.name ?? APPROVAL_LEVEL_NAMES[level] };
  });
}

/** A subscription message to the approvers of a step who banked a grant; the inbox shows it regardless. */
async function tellApprovers(doc: LeaveDoc, step: ApprovalStep): Promise<void> {
  try {
    const approvers = (await holdersOfRole('approver', step.unitId)).filter((p) => p._id !== doc.personId);
    if (!approvers.length) return;
    const subs = await holdersAmong('leaveApproval', approvers.map((p) => p._id));
    if (!subs.length) return;
    await sendBatch(
      'leaveApproval',
      subs.map((sub) => ({
        sub,
        page: `pages/admin/leave/inbox/index?id=${doc._id}`,
        data: {
          name1: { value: doc.personName.slice(0, 10) },
          thing2: { value: `${LEAVE_KIND_NAMES[doc.kind]}${doc.days}天待您审批`.slice(0, 20) },
          time3: { value: shanghai(doc.createdAt).format('YYYY年M月D日 HH:mm') },
          thing4: { value: '请打开小程序审批' },
        },
      })),
    );
  } catch (err) {
    log.warn('leave approvers not told', { error: String((err as Error)?.message ?? err) });
  }
}

// ---- deciding -----------------------------------------------------------------------------------

/**
 * The approver of the pending step decides. One transaction on the request: of two approvers
 * acting at once exactly one decision counts; nobody decides on their own request; a grant at
 * the step's own unit is required (a county's approver does not act for the township).
 */
export async function decide(caller: Caller, now: Date, id: string, approve: boolean, comment: string): Promise<LeaveDoc> {
  const me = caller.person!;
  const result = await transaction(async (tx) => {
    const { data: l } = await tx.collection(LEAVES).doc(id).get<LeaveDoc>();
    if (!l) throw new AppError('forbidden');
    if (l.personId === me._id) throw new AppError('forbidden', '不能审批自己的请假');
    const i = l.steps.findIndex((s) => s.status === 'pending');
    if (l.status !== 'pending' || i < 0) throw new AppError('conflict', '该请假已处理');
    const step = l.steps[i]!;
    if (!me.grants.some((g) => g.role === 'approver' && g.orgUnitId === step.unitId)) throw new AppError('forbidden', `这一步由${step.unitName}审批`);
    const steps = l.steps.map((s) => ({ ...s }));
    steps[i] = { ...step, status: approve ? 'approved' : 'rejected', byId: me._id, byName: me.name, at: now, comment };
    const next = approve ? i + 1 : -1;
    if (next > 0 && next < steps.length) steps[next] = { ...steps[next]!, status: 'pending' };
    if (!approve) for (let j = i + 1; j < steps.length; j++) steps[j] = { ...steps[j]!, status: 'skipped' };
    const final = !approve || next >= steps.length;
    const status: LeaveDoc['status'] = !approve ? 'rejected' : final ? 'approved' : 'pending';
    const entry = { at: now, byName: me.name, action: approve ? 'approved' : 'rejected', note: `${step.unitName}：${comment}` };
    const set = { steps: _.set(steps), status, currentUnitId: final ? null : steps[next]!.unitId, decidedAt: final ? now : null, trail: _.push(entry) };
    await tx.collection(LEAVES).doc(id).update({ data: set });
    await audit(tx, caller, now, { action: `leave.${approve ? 'approve' : 'reject'}`, target: { collection: LEAVES, id }, unitPath: l.villagePath, before: { status: l.status, step: i }, after: { status, step: i, comment } });
    return { ...l, steps, status, currentUnitId: final ? null : steps[next]!.unitId, decidedAt: final ? now : null, trail: [...l.trail, entry] };
  });
  if (result.status === 'pending' && result.currentUnitId) await tellApprovers(result, result.steps.find((s) => s.status === 'pending')!);
  return result;
}

// ---- the cadre's own changes ----------------------------------------------------------------------

async function ownChange(caller: Caller, now: Date, id: string, actionName: string, change: (l: LeaveDoc) => { set: Record<string, unknown>; note: string }): Promise<LeaveDoc> {
  const me = caller.person!;
  return transaction(async (tx) => {
    const { data: l } = await tx.collection(LEAVES).doc(id).get<LeaveDoc>();
    if (!l || l.personId !== me._id) throw new AppError('forbidden', '找不到您的这条请假');
    const { set, note } = change(l);
    const entry = { at: now, byName: me.name, action: actionName, note };
    await tx.collection(LEAVES).doc(id).update({ data: { ...set, trail: _.push(entry) } });
    await audit(tx, caller, now, { action: `leave.${actionName}`, target: { collection: LEAVES, id }, unitPath: l.villagePath, before: { status: l.status }, after: { ...set } });
    return { ...l, ...(set as Partial<LeaveDoc>), trail: [...l.trail, entry] };
  });
}

/** Withdraw before the final decision. */
export function withdraw(caller: Caller, now: Date, id: string): Promise<LeaveDoc> {
  return ownChange(caller, now, id, 'withdrawn', (l) => {
    if (l.status !== 'pending') throw new AppError('conflict', l.status === 'approved' ? '已批准的请假不能撤回；尚未开始的可以取消' : '该请假已结束审批，不能撤回');
    return { set: { status: 'withdrawn', currentUnitId: null, decidedAt: now }, note: '本人撤回' };
  });
}

/** Cancel an approved leave that has not begun. */
export function cancel(caller: Caller, now: Date, id: string, reason: string): Promise<LeaveDoc> {
  return ownChange(caller, now, id, 'cancelled', (l) => {
    if (l.status !== 'approved') throw new AppError('conflict', '只有已批准的请假可以取消');
    if (halfStart(l.start).getTime() <= now.getTime()) throw new AppError('conflict', '请假已经开始，不能取消；返岗后请销假');
    return { set: { status: 'cancelled' }, note: `取消：${reason}` };
  });
}

/** Report back (销假) on return: the actual time of return (not later than now, not before the leave began). */
export function reportBack(caller: Caller, now: Date, id: string, returnedAt: Date | null): Promise<LeaveDoc> {
  return ownChange(caller, now, id, 'returned', (l) => {
    if (l.status !== 'approved') throw new AppError('conflict', l.status === 'returned' ? '已经销假' : '只有已批准的请假可以销假');
    const at = returnedAt ?? now;
    if (at.getTime() > now.getTime()) throw new AppError('invalid_input', '返岗时间不能晚于现在');
    if (at.getTime() < halfStart(l.start).getTime()) throw new AppError('conflict', '请假尚未开始；不需要请假了可以取消');
    return { set: { status: 'returned', returnedAt: at }, note: `销假，${shanghai(at).format('M月D日 HH:mm')} 返岗${now.getTime() > new Date(l.reportBackDue).getTime() ? '（逾期销假）' : ''}` };
  });
}

// ---- lists for approvers and staff ------------------------------------------------------------------

/** Requests waiting at any of these units (an approver's inbox), oldest first. */
export async function inbox(unitIds: string[]): Promise<LeaveDoc[]> {
  if (!unitIds.length) return [];
  const { data } = await db.collection(LEAVES).where({ status: 'pending', currentUnitId: _.in(unitIds) }).orderBy('createdAt', 'asc').limit(200).get<LeaveDoc>();
  return data;
}

/** Requests under a unit that touch a month (by their days), newest first (paged at 1,000). */
export async function ledger(unitId: string, month: string, opts: { status?: LeaveDoc['status']; overdueOnly?: boolean }): Promise<LeaveDoc[]> {
  const q: Record<string, unknown> = { villagePath: unitId, 'months.month': month };
  if (opts.status) q.status = opts.status;
  if (opts.overdueOnly) q.overdue = true;
  const out: LeaveDoc[] = [];
  for (;;) {
    const { data } = await db.collection(LEAVES).where(q).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(out.length).limit(1000).get<LeaveDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/** The month's leave figures by child unit: requests (请假人次), days, and how they ended. Two reads. */
export async function figures(unit: OrgUnit, month: string) {
  const depth = unit.level === 'village' ? unit.path.length - 1 : unit.path.length;
  const [children, { list }] = await Promise.all([
    unit.level === 'village' ? Promise.resolve([unit]) : listSubtree(unit._id, { parentId: unit._id }),
    db.collection(LEAVES).aggregate().match({ villagePath: unit._id, 'months.month': month }).unwind('$months').match({ 'months.month': month }).group({ _id: { u: $.arrayElemAt(['$villagePath', depth]), s: '$status' }, n: $.sum(1), days: $.sum('$months.days') }).limit(10000).end<{ _id: { u: string; s: LeaveDoc['status'] }; n: number; days: number }>(),
  ]);
  const empty = (unitId: string, name: string) => ({ unitId, name, requests: 0, approved: 0, rejected: 0, pending: 0, withdrawn: 0, days: 0 });
  const rows = new Map(children.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((u) => [u._id, empty(u._id, u.name)]));
  const total = empty(unit._id, unit.name);
  for (const g of list) {
    for (const row of [rows.get(g._id.u), total]) {
      if (!row) continue;
      row.requests += g.n;
      if (g._id.s === 'approved' || g._id.s === 'returned') {
        row.approved += g.n;
        row.days += g.days;
      } else if (g._id.s === 'rejected') row.rejected += g.n;
      else if (g._id.s === 'pending') row.pending += g.n;
      else row.withdrawn += g.n;
    }
  }
  return { rows: [...rows.values()], total };
}

/**
 * 请假人次 under a unit for some months, by the unit at `depth` of the village path (2: township,
 * 3: village): leaves approved (or reported back) that touch any of the months, each counted
 * once. One aggregation (a row per unit), for the monthly and quarterly figures of other features.
 */
export async function leaveCountsBy(unitId: string, months: readonly string[], depth: 2 | 3): Promise<Map<string, number>> {
  if (!months.length) return new Map();
  const { list } = await db
    .collection(LEAVES)
    .aggregate()
    .match({ villagePath: unitId, status: _.in(['approved', 'returned']), 'months.month': _.in([...months]) })
    .group({ _id: $.arrayElemAt(['$villagePath', depth]), n: $.sum(1) })
    .limit(1000)
    .end<{ _id: string; n: number }>();
  return new Map(list.map((g) => [g._id, g.n]));
}

// ---- the timer: overdue report-backs -------------------------------------------------------------------

/** Approved leaves whose report back is past due are flagged for the township (once each). */
export async function flagOverdue(now: Date): Promise<{ flagged: number }> {
  const r = await db.collection(LEAVES).where({ status: 'approved', overdue: false, reportBackDue: _.lt(now) }).update({ data: { overdue: true } });
  return { flagged: r.stats.updated ?? 0 };
}

// ---- effect on attendance and spot checks ----------------------------------------------------------------

/** Approved (or reported-back) leaves that touch a date: one read per 1,000. */
async function leavesOn(date: string): Promise<LeaveDoc[]> {
  const out: LeaveDoc[] = [];
  for (;;) {
    const { data } = await db.collection(LEAVES).where({ status: _.in(['approved', 'returned']), startDate: _.lte(date), endDate: _.gte(date) }).orderBy('_id', 'asc').skip(out.length).limit(1000).field({ personId: true, start: true, end: true, returnedAt: true }).get<LeaveDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/** Who is on leave at an instant. */
export async function onLeaveAt(at: Date): Promise<Set<string>> {
  return new Set((await leavesOn(dateKey(at))).filter((l) => covers(l.start, l.end, at, l.returnedAt ? new Date(l.returnedAt) : null)).map((l) => l.personId));
}

/** The leave that covers a day (for what pages and reports say of it). */
export type LeaveOnDay = Pick<LeaveDoc, '_id' | 'personId' | 'kind' | 'startDate' | 'endDate'>;

/**
 * For each of these people, the days from `from` to `to` (`YYYY-MM-DD`, Beijing) on which an
 * approved (or reported-back) leave covers one of the instants `times` (`HH:mm`) of the day (a
 * report back ends it there), with that leave: e.g. `20:00`, the evening a night on post is owed;
 * `10:00` and `15:00`, either half of a day (a stationing day, an inspection recorded afterwards);
 * the minute an inspector found a cadre away. A half-day leave does not excuse the other half, and
 * a leave reported back does not excuse the rest of that day. One read per 1,000 people (paged at
 * 1,000 leaves).
 */
export async function daysOnLeaveAt(personIds: readonly string[], from: string, to: string, times: readonly string[]): Promise<Map<string, Map<string, LeaveOnDay>>> {
  const unique = [...new Set(personIds)];
  const out = new Map<string, Map<string, LeaveOnDay>>();
  if (!times.length || from > to) return out;
  for (let i = 0; i < unique.length; i += 1000) {
    const where = { personId: _.in(unique.slice(i, i + 1000)), status: _.in(['approved', 'returned']), startDate: _.lte(to), endDate: _.gte(from) };
    const got: LeaveDoc[] = [];
    for (;;) {
      const { data } = await db.collection(LEAVES).where(where).orderBy('_id', 'asc').skip(got.length).limit(1000).field({ personId: true, kind: true, start: true, end: true, startDate: true, endDate: true, returnedAt: true }).get<LeaveDoc>();
      got.push(...data);
      if (data.length < 1000) break;
    }
    for (const l of got) {
      const first = l.start.date > from ? l.start.date : from;
      const last = l.end.date < to ? l.end.date : to;
      const returnedAt = l.returnedAt ? new Date(l.returnedAt) : null;
      for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        if (!times.some((hhmm) => covers(l.start, l.end, new Date(`${date}T${hhmm}:00+08:00`), returnedAt))) continue;
        const days = out.get(l.personId) ?? new Map<string, LeaveOnDay>();
        days.set(date, { _id: l._id, personId: l.personId, kind: l.kind, startDate: l.startDate, endDate: l.endDate });
        out.set(l.personId, days);
      }
    }
  }
  return out;
}

// A check-in window is excused for a cadre on leave when it opens (the leave covers that half-day).
registerAbsenceExcuse(async (w) => onLeaveAt(w.opensAt));
// Spot-check draws (and named requests) skip cadres on leave now.
registerOnLeave(async (personIds, at) => {
  const wanted = new Set(personIds);
  return new Set([...(await onLeaveAt(at))].filter((id) => wanted.has(id)));
});
