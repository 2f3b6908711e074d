/**
 * Villagers' complaints: raised by villagers from their village's group, followed and rated by
 * them; the township's inbox (where visit problems, the other source of tickets, appear too,
 * marked 走访问题), the departments' inbox, and the figures and ledger of villagers' complaints.
 *
 * The workflow itself — every step after raising, the timer's supervision and its reminders —
 * is the ticket engine (engine.ts), shared with the visit problems of the visit feature; it is
 * re-exported here for the callers of this module. A confidential report (信访举报 naming a
 * cadre or village official) is filtered out of every list, count and figure of anyone but
 * discipline staff in scope (and the department they give it to), and of the person it names.
 */
import { createHash } from 'node:crypto';
import { db, _, $ } from '../../platform/cloud';
import type { Caller } from '../../kernel/caller';
import { getUnits } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { checkPhotosIn } from '../checkin/photos';
import type { VillagerDoc } from '../village/schema';
import { COMPLAINTS, departmentGrants, getTicket, grantCovers, openTicket, rateTicket } from './engine';
import { OPEN } from './rules';
import { CATEGORY_NAMES, type Category, type ComplaintDoc, type ComplaintStatus, type RaiseInput, type Rating } from './schema';

export {
  COMPLAINTS,
  SETTINGS_KEY,
  answerFolder,
  rulesFor,
  setRules,
  canSee,
  stepsAllowed,
  accept,
  reject,
  departmentsFor,
  dispatch,
  transfer,
  askExtension,
  decideExtension,
  answer,
  sweep,
} from './engine';

/** Where a villager's photos go (the page uploads there; the server checks). */
export const photoFolder = (openid: string) => `complaints/${openid}/`;

const complaintId = (openid: string, clientId: string) => `cp-${createHash('sha256').update(`${openid}:${clientId}`).digest('hex').slice(0, 24)}`;

// ---- raising -------------------------------------------------------------------------------------

/**
 * A villager raises a complaint for their village (one they came from through its group). A
 * retry with the same `clientId` is the same complaint.
 */
export async function raise(villager: VillagerDoc, now: Date, input: RaiseInput): Promise<ComplaintDoc> {
  const id = complaintId(villager.openid, input.clientId);
  const have = await getTicket(id);
  if (have) return have;
  await checkPhotosIn(photoFolder(villager.openid), input.photoFileIds, '照片未上传成功，请重新选择照片');
  return openTicket(
    {
      id,
      source: 'villager',
      raiser: { kind: 'villager', openid: villager.openid },
      village: { id: villager.villageId, name: villager.villageName, path: villager.villagePath },
      text: input.text,
      photoFileIds: input.photoFileIds,
      location: input.location,
      category: input.category,
      about: input.about,
      contact: input.contact,
      visit: null,
      note: '',
    },
    now,
  );
}

/** A villager's own complaints, newest first. */
export async function mine(openid: string, skip: number, limit: number): Promise<{ total: number; items: ComplaintDoc[] }> {
  const [{ total }, { data }] = await Promise.all([db.collection(COMPLAINTS).where({ openid }).count(), db.collection(COMPLAINTS).where({ openid }).orderBy('raisedAt', 'desc').skip(skip).limit(limit).get<ComplaintDoc>()]);
  return { total, items: data };
}

export async function getComplaint(id: string): Promise<ComplaintDoc | null> {
  return getTicket(id);
}

/** 回访/评价 by the villager who raised it: 不满意 sends it back to the department once. */
export async function rate(openid: string, now: Date, input: { id: string; value: Rating; comment: string }): Promise<ComplaintDoc> {
  return rateTicket({ kind: 'villager', openid }, now, input);
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
  // Villagers' complaints only: visit problems have their own ledger (the visit feature's 问题台账).
  const match: Record<string, unknown> = { villagePath: unit._id, month, aboutPersonId: _.neq(me), source: _.neq('visit') };
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

/** A unit's month of villagers' complaints a handler may see, page by page (the Excel ledger). */
export async function monthPage(caller: Caller, unit: OrgUnit, month: string, afterId: string, limit = 1000): Promise<ComplaintDoc[]> {
  const match: Record<string, unknown> = { villagePath: unit._id, month, aboutPersonId: _.neq(caller.person?._id ?? ''), source: _.neq('visit'), _id: _.gt(afterId) };
  if (!grantCovers(caller, ['discipline'], unit.path)) match.confidential = false;
  const { data } = await db.collection(COMPLAINTS).where(match).orderBy('_id', 'asc').limit(limit).get<ComplaintDoc>();
  return data;
}

export { OPEN };
