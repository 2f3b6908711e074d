/**
 * Household visits (走访): households, 2+1 groups, monthly plans, logged visits, their problems
 * as tickets of the complaint engine, and the figures (live, or frozen with a publication).
 *
 * Writes that touch several documents are ordered so that a crash half-way is finished by the
 * retry (every id is deterministic): a visit is written first, then its tickets (each with an id
 * from the visit and its place), then the marks it leaves (the group's plan of the month, the
 * household's visited months), all idempotent (`addToSet`). A group's membership lives in one
 * document per village (`visitGroups`), changed in a single-document transaction, so that a
 * cadre is never in two groups of a village.
 */
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey } from '../../kernel/clock';
import { getUnit, listSubtree } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { getPeople } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { fenceDecision } from '../checkin/geo';
import { periodMonths } from '../scoring/rules';
import { getPublication, latestPublication } from '../scoring/service';
import type { PublicationDoc } from '../scoring/schema';
import { leaveCountsBy } from '../leave/service';
import { getTicket, openTickets, raisedByPerson, sourceCounts, sourceList, type OpenTicket, type TicketDoc } from '../complaint/engine';
import { OPEN } from '../complaint/rules';
import { escapeRegExp } from '../policy/rules';
import { addCounts, emptyCounts, figureRow, fixIsFresh, groupId as makeGroupId, householdId, membershipProblem, planChangeProblem, planId, problemTicketId, visitId, type Counts, type HouseholdRow } from './rules';
import type { AddHouseholdInput, EditHouseholdInput, FigureRow, FigureSnapshotDoc, HouseholdDoc, LogInput, PlanDoc, RosterDoc, SaveGroupInput, VisitDoc, VisitFix, VisitGroup } from './schema';

export const HOUSEHOLDS = 'visitHouseholds';
export const ROSTERS = 'visitGroups';
export const PLANS = 'visitPlans';
export const VISITS = 'visits';
export const SNAPSHOTS = 'visitFigures';

/** Where a staff member or first secretary uploads a sheet of households to import. */
export const importFolder = (personId: string) => `visit-imports/${personId}/`;

const byName = (caller: Caller) => caller.person?.name ?? '系统';

// ---- who is who ----------------------------------------------------------------------------------

/** The village a cadre is stationed in (their cadre grant), or null. */
export function cadreVillageOf(person: Pick<PersonDoc, 'grants'> | null): string | null {
  return person?.grants.find((g) => g.role === 'cadre')?.orgUnitId ?? null;
}

export function isFirstSecretaryOf(caller: Caller, villageId: string): boolean {
  return !!caller.person?.grants.some((g) => g.role === 'cadre' && g.orgUnitId === villageId && (g as { kind?: string }).kind === 'firstSecretary');
}

export function isStaffOver(caller: Caller, path: readonly string[]): boolean {
  return !!caller.person?.grants.some((g) => g.role === 'staff' && path.includes(g.orgUnitId));
}

/** Who keeps a village's households and 2+1 groups (adds, edits, imports, assigns): staff over it, or its first secretary. */
export function isKeeper(caller: Caller, village: Pick<OrgUnit, '_id' | 'path'>): boolean {
  return isStaffOver(caller, village.path) || isFirstSecretaryOf(caller, village._id);
}

/** Who makes a group's monthly plan: its members, or the village's first secretary. */
export function mayPlan(caller: Caller, villageId: string, group: VisitGroup): boolean {
  const me = caller.person?._id;
  return (!!me && group.members.some((m) => m.personId === me)) || isFirstSecretaryOf(caller, villageId);
}

// ---- households ----------------------------------------------------------------------------------

export async function getHousehold(id: string): Promise<HouseholdDoc | null> {
  return (await db.collection(HOUSEHOLDS).doc(id).get<HouseholdDoc>()).data ?? null;
}

/** Households by id, one read per 1,000. */
export async function getHouseholds(ids: readonly string[]): Promise<Map<string, HouseholdDoc>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, HouseholdDoc>();
  for (let i = 0; i < unique.length; i += 1000) {
    const { data } = await db.collection(HOUSEHOLDS).where({ _id: _.in(unique.slice(i, i + 1000)) }).limit(1000).get<HouseholdDoc>();
    for (const h of data) out.set(h._id, h);
  }
  return out;
}

type Editable = Pick<HouseholdDoc, 'phone' | 'members' | 'tags'>;
const sameEditable = (a: Editable, b: Editable) => a.phone === b.phone && a.members === b.members && JSON.stringify(a.tags) === JSON.stringify(b.tags);

function newHousehold(village: OrgUnit, now: Date, by: string, h: { id: string; head: string; group: string; house: string } & Editable): HouseholdDoc {
  return { _id: h.id, villageId: village._id, villageName: village.name, villagePath: village.path, head: h.head, group: h.group, house: h.house, phone: h.phone, members: h.members, tags: h.tags, groupId: null, visitedMonths: [], lastVisitAt: null, active: true, createdAt: now, updatedAt: now, updatedByName: by };
}

/** Add one household by hand. The same household again (a retry) answers it; another with its head, 组 and house is refused. */
export async function addHousehold(caller: Caller, now: Date, village: OrgUnit, input: AddHouseholdInput): Promise<HouseholdDoc> {
  const id = householdId(village._id, input.head, input.group, input.house);
  const have = await getHousehold(id);
  const fields = { phone: input.phone, members: input.members, tags: input.tags };
  if (have) {
    if (have.active && sameEditable(have, fields)) return have;
    throw new AppError('conflict', have.active ? '该户已登记（户主姓名、村民小组、门牌号或地址都相同），请在列表中修改' : '该户已注销，请在“已注销”中找到并恢复');
  }
  const doc = newHousehold(village, now, byName(caller), { id, head: input.head, group: input.group, house: input.house, ...fields });
  try {
    await db.collection(HOUSEHOLDS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await getHousehold(id))!;
  }
}

/** Change a household's phone, members, tags, or 注销/恢复 it (who it is stays: head, 组, house). */
export async function editHousehold(caller: Caller, now: Date, h: HouseholdDoc, input: EditHouseholdInput): Promise<HouseholdDoc> {
  const set = { phone: input.phone, members: input.members, tags: input.tags, active: input.active };
  if (sameEditable(h, set) && h.active === input.active) return h;
  // Leaving the lists also leaves its group (a household 注销 is covered by nobody).
  const change = { ...set, ...(input.active ? {} : { groupId: null }), updatedAt: now, updatedByName: byName(caller) };
  await db.collection(HOUSEHOLDS).doc(h._id).update({ data: { ...change, tags: _.set(input.tags) } });
  return { ...h, ...change };
}

/** A village's households, by 组 and head, page by page, with how many. */
export async function listHouseholds(villageId: string, f: { group?: string; groupId?: string; q?: string; inactive: boolean; skip: number; limit: number }): Promise<{ total: number; items: HouseholdDoc[] }> {
  const where: Record<string, unknown> = { villageId, active: !f.inactive };
  if (f.group) where.group = f.group;
  if (f.groupId) where.groupId = f.groupId === 'none' ? null : f.groupId;
  if (f.q) where.head = db.RegExp({ regexp: escapeRegExp(f.q), options: '' });
  const [{ total }, { data }] = await Promise.all([db.collection(HOUSEHOLDS).where(where).count(), db.collection(HOUSEHOLDS).where(where).orderBy('group', 'asc').orderBy('head', 'asc').orderBy('_id', 'asc').skip(f.skip).limit(f.limit).get<HouseholdDoc>()]);
  return { total, items: data };
}

/** The 村民小组 of a village's households (the list's filter). One aggregation. */
export async function groupsInVillage(villageId: string): Promise<{ group: string; n: number }[]> {
  const { list } = await db.collection(HOUSEHOLDS).aggregate().match({ villageId, active: true }).group({ _id: '$group', n: $.sum(1) }).sort({ _id: 1 }).limit(200).end<{ _id: string; n: number }>();
  return list.map((g) => ({ group: g._id, n: g.n }));
}

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

/**
 * Import checked rows (rules.checkRows) into a village: a household already there (the same id)
 * is updated where its phone, members or tags changed, and otherwise left alone; new ones are
 * added 1,000 per write. Importing the same sheet twice writes nothing the second time. A dry run
 * only counts. Households not in the sheet are kept.
 */
export async function importHouseholds(caller: Caller, now: Date, village: OrgUnit, rows: readonly HouseholdRow[], dryRun: boolean): Promise<ImportResult> {
  const have = await getHouseholds(rows.map((r) => r.id));
  const fresh: HouseholdDoc[] = [];
  const changed: { id: string; set: Editable & { active: true } }[] = [];
  let unchanged = 0;
  const by = byName(caller);
  for (const r of rows) {
    const h = have.get(r.id);
    const fields = { phone: r.phone, members: r.members, tags: r.tags };
    if (!h) fresh.push(newHousehold(village, now, by, { ...r, ...fields }));
    else if (sameEditable(h, fields) && h.active) unchanged += 1;
    else changed.push({ id: r.id, set: { ...fields, active: true } });
  }
  if (!dryRun) {
    for (let i = 0; i < fresh.length; i += 1000) {
      const chunk = fresh.slice(i, i + 1000);
      let missing = chunk;
      for (let attempt = 1; missing.length; attempt++) {
        try {
          await db.collection(HOUSEHOLDS).add({ data: missing });
          break;
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= 3) throw err;
          // Another import of the same sheet got there first (an insert of many may stop half
          // way): what is there stays, the rest is added in one write.
          const there = await getHouseholds(missing.map((d) => d._id));
          missing = missing.filter((d) => !there.has(d._id));
        }
      }
    }
    // Each changed household has its own values: one write each (only the changed ones).
    for (const c of changed) await db.collection(HOUSEHOLDS).doc(c.id).update({ data: { ...c.set, tags: _.set(c.set.tags), updatedAt: now, updatedByName: by } });
  }
  return { rows: rows.length, created: fresh.length, updated: changed.length, unchanged, dryRun };
}

// ---- 2+1 groups ----------------------------------------------------------------------------------

export async function rosterOf(villageId: string): Promise<RosterDoc | null> {
  return (await db.collection(ROSTERS).doc(villageId).get<RosterDoc>()).data ?? null;
}

export async function groupOf(villageId: string, id: string): Promise<VisitGroup | null> {
  return (await rosterOf(villageId))?.groups.find((g) => g.id === id) ?? null;
}

/** How many households each group of a village covers (one aggregation). */
export async function coverageCounts(villageId: string): Promise<Map<string | null, number>> {
  const { list } = await db.collection(HOUSEHOLDS).aggregate().match({ villageId, active: true }).group({ _id: '$groupId', n: $.sum(1) }).limit(100).end<{ _id: string | null; n: number }>();
  return new Map(list.map((g) => [g._id ?? null, g.n]));
}

/**
 * Make or change a 2+1 group: two cadres stationed in the village (neither in another of its
 * groups) and one auxiliary member (a name; a person too, if given, who is not one of the two).
 * A new group is made once per `clientId`.
 */
export async function saveGroup(caller: Caller, now: Date, village: OrgUnit, input: SaveGroupInput): Promise<VisitGroup> {
  const people = await getPeople([...input.memberIds, ...(input.auxiliary.personId ? [input.auxiliary.personId] : [])]);
  const stationed = new Set(input.memberIds.filter((id) => {
    const p = people.get(id);
    return !!p?.active && p.grants.some((g) => g.role === 'cadre' && g.orgUnitId === village._id);
  }));
  const aux = input.auxiliary.personId ? people.get(input.auxiliary.personId) : null;
  if (input.auxiliary.personId && !aux?.active) throw new AppError('bad_group', '辅助团队成员不在人员名单中，可以只填姓名');
  const id = input.groupId ?? makeGroupId(village._id, input.clientId);
  return transaction(async (tx) => {
    const { data: roster } = await tx.collection(ROSTERS).doc(village._id).get<RosterDoc>();
    const groups = roster?.groups ?? [];
    const existing = groups.find((g) => g.id === id);
    if (input.groupId && !existing) throw new AppError('not_found', '小组不存在');
    if (!input.groupId && existing) return existing; // the same form again
    const others = new Map(groups.filter((g) => g.id !== id).flatMap((g) => g.members.map((m) => [m.personId, g.name] as const)));
    const problem = membershipProblem({ memberIds: input.memberIds, auxiliaryPersonId: input.auxiliary.personId }, stationed, others);
    if (problem) throw new AppError('bad_group', problem);
    if (groups.some((g) => g.id !== id && g.name === input.name)) throw new AppError('conflict', `本村已有“${input.name}”，请换一个组名`);
    if (!existing && groups.length >= 50) throw new AppError('invalid_input', '一个村最多50个小组');
    const group: VisitGroup = {
      id,
      name: input.name,
      members: input.memberIds.map((pid) => ({ personId: pid, name: people.get(pid)!.name })),
      auxiliary: { name: aux ? aux.name : input.auxiliary.name, personId: aux ? aux._id : null },
      clientId: existing?.clientId ?? input.clientId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      updatedByName: byName(caller),
    };
    const next = existing ? groups.map((g) => (g.id === id ? group : g)) : [...groups, group];
    if (roster) await tx.collection(ROSTERS).doc(village._id).update({ data: { groups: _.set(next), updatedAt: now } });
    else await tx.collection(ROSTERS).doc(village._id).set({ data: { villageName: village.name, villagePath: village.path, groups: next, updatedAt: now } });
    return group;
  });
}

/**
 * 包干: give households to a group, or take them back. A household is covered by one group at
 * most: those another group covers are refused, naming them; the update is guarded so that two
 * groups taking the same household at once cannot both get it.
 */
export async function assignHouseholds(now: Date, village: OrgUnit, group: VisitGroup, add: readonly string[], remove: readonly string[]): Promise<{ added: number; removed: number }> {
  let added = 0;
  let removed = 0;
  if (add.length) {
    const found = await getHouseholds(add);
    const missing = add.filter((id) => { const h = found.get(id); return !h || h.villageId !== village._id || !h.active; });
    if (missing.length) throw new AppError('invalid_input', `有${missing.length}户不是本村在册的户`);
    const taken = [...found.values()].filter((h) => h.groupId && h.groupId !== group.id);
    if (taken.length) throw new AppError('conflict', `${taken.slice(0, 3).map((h) => h.head).join('、')}${taken.length > 3 ? `等${taken.length}户` : ''}已由其他小组包干，请先从那个小组移出`);
    const r = await db.collection(HOUSEHOLDS).where({ _id: _.in([...add]), villageId: village._id, active: true, groupId: _.in([null, group.id]) }).update({ data: { groupId: group.id, updatedAt: now } });
    added = r.stats.updated ?? 0;
  }
  if (remove.length) {
    const r = await db.collection(HOUSEHOLDS).where({ _id: _.in([...remove]), villageId: village._id, groupId: group.id }).update({ data: { groupId: null, updatedAt: now } });
    removed = r.stats.updated ?? 0;
  }
  return { added, removed };
}

/** The households a group covers (a group covers tens, a village at most a few thousand). */
export async function householdsOfGroup(groupId: string): Promise<HouseholdDoc[]> {
  const out: HouseholdDoc[] = [];
  for (;;) {
    const { data } = await db.collection(HOUSEHOLDS).where({ groupId, active: true }).orderBy('group', 'asc').orderBy('head', 'asc').orderBy('_id', 'asc').skip(out.length).limit(1000).get<HouseholdDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

// ---- monthly plans -------------------------------------------------------------------------------

export async function getPlan(groupId: string, month: string): Promise<PlanDoc | null> {
  return (await db.collection(PLANS).doc(planId(groupId, month)).get<PlanDoc>()).data ?? null;
}

/** The plans of a village's groups for a month (one read). */
export async function plansOf(villageId: string, month: string): Promise<Map<string, PlanDoc>> {
  const { data } = await db.collection(PLANS).where({ villageId, month }).limit(1000).get<PlanDoc>();
  return new Map(data.map((p) => [p.groupId, p]));
}

/**
 * A group's plan for a month: the households (covered by the group) it will visit. This month's
 * and next month's only; once the month has begun, households may be added, not taken out.
 */
export async function savePlan(caller: Caller, now: Date, village: OrgUnit, group: VisitGroup, month: string, householdIds: readonly string[]): Promise<PlanDoc> {
  const ids = [...new Set(householdIds)];
  const found = await getHouseholds(ids);
  const outside = ids.filter((id) => found.get(id)?.groupId !== group.id || !found.get(id)?.active);
  if (outside.length) throw new AppError('invalid_input', `有${outside.length}户不在本组包干范围内，不能列入计划`);
  const id = planId(group.id, month);
  const today = dateKey(now);
  return transaction(async (tx) => {
    const { data: have } = await tx.collection(PLANS).doc(id).get<PlanDoc>();
    const problem = planChangeProblem(month, today, have?.planned ? have.householdIds : [], ids);
    if (problem) throw new AppError('plan_locked', problem);
    const made = { planned: true, householdIds: ids, madeAt: have?.madeAt ?? now, madeByName: have?.madeAt ? have.madeByName : byName(caller), groupName: group.name, updatedAt: now };
    if (have) {
      await tx.collection(PLANS).doc(id).update({ data: { ...made, householdIds: _.set(ids) } });
      return { ...have, ...made };
    }
    const doc: PlanDoc = { _id: id, villageId: village._id, villageName: village.name, villagePath: village.path, groupId: group.id, month, visitedIds: [], ...made };
    const { _id, ...data } = doc;
    await tx.collection(PLANS).doc(id).set({ data });
    return doc;
  });
}

// ---- visits --------------------------------------------------------------------------------------

export async function getVisit(id: string): Promise<VisitDoc | null> {
  return (await db.collection(VISITS).doc(id).get<VisitDoc>()).data ?? null;
}

/** Where a fix stands against the village's fence (the cadre's station copy carries it; else the village is read). */
async function judgeFix(person: PersonDoc, villageId: string, fix: NonNullable<LogInput['location']>, now: Date): Promise<VisitFix> {
  const capturedAt = new Date(fix.capturedAt);
  if (!fixIsFresh(capturedAt, now)) throw new AppError('stale_location', '定位不是刚刚取得的，请重新定位后再提交（也可以不带定位）');
  const fence = person.station?.villageId === villageId ? person.station.fence : ((await getUnit(villageId))?.fence ?? null);
  const d = fence ? fenceDecision(fence, { lat: fix.lat, lng: fix.lng }) : null;
  return { lat: fix.lat, lng: fix.lng, accuracy: fix.accuracy, capturedAt, inside: d ? d.inside : null, distanceM: d ? Math.round(d.distanceM) : null };
}

/** The visit's marks: the household visited this month (its group's plan doc and its own months). Idempotent. */
async function markVisited(v: VisitDoc, now: Date): Promise<void> {
  const id = planId(v.groupId, v.month);
  const mark = () => db.collection(PLANS).doc(id).update({ data: { visitedIds: _.addToSet(v.householdId), updatedAt: now } });
  if (((await mark()).stats.updated ?? 0) === 0) {
    // No plan this month yet: the month's document starts with this visit (a plan made later keeps it).
    const doc: Omit<PlanDoc, '_id'> = { villageId: v.villageId, villageName: v.villageName, villagePath: v.villagePath, groupId: v.groupId, groupName: v.groupName, month: v.month, planned: false, householdIds: [], visitedIds: [v.householdId], madeAt: null, madeByName: '', updatedAt: now };
    try {
      await db.collection(PLANS).add({ data: { _id: id, ...doc } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await mark();
    }
  }
  await db.collection(HOUSEHOLDS).doc(v.householdId).update({ data: { visitedMonths: _.addToSet(v.month), lastVisitAt: v.at } });
}

/**
 * Log a visit by a cadre of the household's group: who was there (the group's cadres present, the
 * auxiliary member or not), a fresh fix if the phone gave one (judged against the village's
 * fence), notes, and the problems raised, each a ticket of the complaint engine (source `visit`,
 * raised by the cadre, with the household's contact where it has a phone). The same `clientId`
 * again is the same visit: what a crash left undone is done, nothing twice.
 */
export async function logVisit(person: PersonDoc, now: Date, input: LogInput, h: HouseholdDoc): Promise<{ visit: VisitDoc; tickets: TicketDoc[] }> {
  const id = visitId(person._id, input.clientId);
  let visit = await getVisit(id);
  // The same form again is the same visit, of the same household (else another's phone would go on its tickets).
  if (visit && visit.householdId !== h._id) throw new AppError('conflict', '这次走访已记录在另一户，请重新填写');
  if (!visit) {
    if (!h.active) throw new AppError('invalid_input', '该户已注销');
    if (cadreVillageOf(person) !== h.villageId) throw new AppError('forbidden', '只能走访本村的农户');
    const group = h.groupId ? await groupOf(h.villageId, h.groupId) : null;
    if (!group || !group.members.some((m) => m.personId === person._id)) throw new AppError('not_in_group', '该户不在您所在小组的包干范围内');
    const present = [...new Set(input.memberIds)];
    if (!present.includes(person._id)) throw new AppError('invalid_input', '走访人员应包括您本人');
    if (present.some((pid) => !group.members.some((m) => m.personId === pid))) throw new AppError('invalid_input', '走访人员只能是本组成员');
    const location = input.location ? await judgeFix(person, h.villageId, input.location, now) : null;
    const date = dateKey(now);
    const doc: VisitDoc = {
      _id: id,
      villageId: h.villageId,
      villageName: h.villageName,
      villagePath: h.villagePath,
      groupId: group.id,
      groupName: group.name,
      householdId: h._id,
      householdName: h.head,
      householdGroup: h.group,
      month: date.slice(0, 7),
      date,
      at: now,
      byId: person._id,
      byName: person.name,
      present: [...group.members.filter((m) => present.includes(m.personId)).map((m) => ({ personId: m.personId, name: m.name, auxiliary: false })), ...(input.auxiliaryPresent ? [{ personId: group.auxiliary.personId, name: group.auxiliary.name, auxiliary: true }] : [])],
      location,
      notes: input.notes,
      problemIds: input.problems.map((_p, i) => problemTicketId(id, i)),
    };
    try {
      await db.collection(VISITS).add({ data: doc });
      visit = doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      visit = (await getVisit(id))!;
    }
  }
  const v = visit;
  const memberIds = v.present.flatMap((p) => (p.personId && !p.auxiliary ? [p.personId] : []));
  const tickets = await openTickets(
    input.problems.slice(0, v.problemIds.length).map((p, i): OpenTicket => ({
      id: v.problemIds[i]!,
      source: 'visit',
      raiser: { kind: 'person', personId: v.byId, name: v.byName },
      village: { id: v.villageId, name: v.villageName, path: v.villagePath },
      text: p.text,
      photoFileIds: [],
      location: v.location ? { latitude: v.location.lat, longitude: v.location.lng } : null,
      category: p.category,
      about: p.about,
      contact: h.phone ? { name: h.head, phone: h.phone } : null,
      visit: { id: v._id, householdId: v.householdId, householdName: v.householdName, householdGroup: v.householdGroup, groupId: v.groupId, memberIds },
      note: `走访${v.householdName}户（${v.householdGroup}）时发现`,
    })),
    v.at,
  );
  await markVisited(v, now);
  return { visit: v, tickets };
}

/** A unit's visits of a month (optionally of one household), newest first, with how many. */
export async function visitsUnder(unitId: string, month: string, householdId: string | undefined, skip: number, limit: number): Promise<{ total: number; items: VisitDoc[] }> {
  const where: Record<string, unknown> = householdId ? { villagePath: unitId, month, householdId } : { villagePath: unitId, month };
  const [{ total }, { data }] = await Promise.all([db.collection(VISITS).where(where).count(), db.collection(VISITS).where(where).orderBy('at', 'desc').orderBy('_id', 'asc').skip(skip).limit(limit).get<VisitDoc>()]);
  return { total, items: data };
}

/** The visit problems of a unit for a period (问题台账), as a handler may read them, newest first. */
export async function problemsUnder(caller: Caller, unit: OrgUnit, period: string, open: boolean | undefined, skip: number, limit: number): Promise<{ total: number; items: TicketDoc[] }> {
  const extra = open === undefined ? {} : { status: open ? _.in([...OPEN]) : _.nin([...OPEN]) };
  return sourceList(caller, unit, 'visit', periodMonths(period), skip, limit, extra);
}

export { getTicket, raisedByPerson };

// ---- figures -------------------------------------------------------------------------------------

type By = 'village' | 'township';

/**
 * The counts of a unit's period by village (a township or a village) or by township (a county or
 * a city): five aggregations (households, plans, visits, visit problems, leaves), each a row per
 * village or township.
 */
async function countsBy(unit: OrgUnit, months: readonly string[], by: By): Promise<Map<string, Counts>> {
  const key = by === 'village' ? '$villageId' : $.arrayElemAt(['$villagePath', 2]);
  const inMonths = { villagePath: unit._id, month: _.in([...months]) };
  const [hh, plans, visits, problems, leaves] = await Promise.all([
    db
      .collection(HOUSEHOLDS)
      .aggregate()
      .match({ villagePath: unit._id, active: true })
      .group({ _id: key, households: $.sum(1), visited: $.sum($.cond({ if: $.gt([$.size($.setIntersection(['$visitedMonths', [...months]])), 0]), then: 1, else: 0 })) })
      .limit(1000)
      .end<{ _id: string; households: number; visited: number }>(),
    db
      .collection(PLANS)
      .aggregate()
      .match(inMonths)
      .group({
        _id: key,
        planned: $.sum($.size('$householdIds')),
        plannedVisited: $.sum($.size($.setIntersection(['$householdIds', '$visitedIds']))),
        plans: $.sum($.cond({ if: '$planned', then: 1, else: 0 })),
        fulfilled: $.sum($.cond({ if: $.and(['$planned', $.gt([$.size('$householdIds'), 0]), $.eq([$.size($.setDifference(['$householdIds', '$visitedIds'])), 0])]), then: 1, else: 0 })),
      })
      .limit(1000)
      .end<{ _id: string; planned: number; plannedVisited: number; plans: number; fulfilled: number }>(),
    db.collection(VISITS).aggregate().match(inMonths).group({ _id: key, n: $.sum(1) }).limit(1000).end<{ _id: string; n: number }>(),
    sourceCounts(unit, 'visit', months, by),
    leaveCountsBy(unit._id, months, by === 'village' ? 3 : 2),
  ]);
  const out = new Map<string, Counts>();
  const at = (k: string | null | undefined) => {
    const id = k ?? '';
    let c = out.get(id);
    if (!c) out.set(id, (c = emptyCounts()));
    return c;
  };
  for (const g of hh.list) Object.assign(at(g._id), { households: g.households, visitedHouseholds: g.visited });
  for (const g of plans.list) Object.assign(at(g._id), { planned: g.planned, plannedVisited: g.plannedVisited, plans: g.plans, plansFulfilled: g.fulfilled });
  for (const g of visits.list) at(g._id).visits = g.n;
  for (const [k, p] of problems) Object.assign(at(k), { problems: p.raised, resolved: p.resolved });
  for (const [k, n] of leaves) at(k).leaves = n;
  return out;
}

export interface Figures {
  unit: { id: string; name: string; level: string };
  period: string;
  months: string[];
  /** What `rows` are: the villages of a township (or the village itself), or the townships of a county or city. */
  by: By;
  rows: FigureRow[];
  /** A city's figures rolled up by county. */
  byCounty: FigureRow[];
  total: FigureRow;
}

/** The figures as they stand now: a row per village or township under the unit (those without any too), rolled up. */
export async function liveFigures(unit: OrgUnit, period: string): Promise<Figures & { paths: Map<string, string[]> }> {
  const months = periodMonths(period);
  const by: By = unit.level === 'township' || unit.level === 'village' ? 'village' : 'township';
  const [counts, units] = await Promise.all([countsBy(unit, months, by), unit.level === 'village' ? Promise.resolve([unit]) : listSubtree(unit._id, { level: by })]);
  units.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a._id < b._id ? -1 : 1));
  const paths = new Map(units.map((u) => [u._id, u.path]));
  const rows = units.map((u) => figureRow(u._id, u.name, counts.get(u._id) ?? emptyCounts()));
  const sum = (list: FigureRow[]) => list.reduce((t, r) => addCounts(t, r), emptyCounts());
  let byCounty: FigureRow[] = [];
  if (unit.level === 'city') {
    const counties = await listSubtree(unit._id, { level: 'county' });
    counties.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    byCounty = counties.map((c) => figureRow(c._id, c.name, sum(rows.filter((r) => paths.get(r.key)?.includes(c._id)))));
  }
  return { unit: { id: unit._id, name: unit.name, level: unit.level }, period, months, by, rows, byCounty, total: figureRow(unit._id, unit.name, sum(rows)), paths };
}

const stripRates = (r: FigureRow): Counts => {
  const { key: _k, name: _n, coverageRate: _c, visitRate: _v, resolutionRate: _r, ...counts } = r;
  return counts;
};

/**
 * Freeze a unit's figures of a period with its publication (scoring's `publish` runs this before
 * it commits the publication): kept under `<pubId>.<attempt>`, by township and (a city) by county.
 */
export async function freezeFigures(p: { pubId: string; attempt: string; unit: OrgUnit; period: string; now: Date }): Promise<void> {
  const f = await liveFigures(p.unit, p.period);
  const withPath = (r: FigureRow) => ({ ...r, path: f.paths.get(r.key) ?? [] });
  const byCounty = f.byCounty.map((r) => ({ ...r, path: [p.unit._id, r.key] }));
  const doc: Omit<FigureSnapshotDoc, '_id'> = { pubId: p.pubId, attempt: p.attempt, unitId: p.unit._id, unitName: p.unit.name, unitPath: p.unit.path, period: p.period, months: f.months, total: f.total, byCounty, byTownship: f.rows.map(withPath), at: p.now };
  await db.collection(SNAPSHOTS).doc(`${p.pubId}.${p.attempt}`).set({ data: doc });
}

/** The publication whose frozen figures a unit's period shows: the one asked for, else the latest of the nearest county or city above (or at) the unit. */
async function publicationFor(unit: OrgUnit, period: string, pubId: string | undefined): Promise<PublicationDoc | null> {
  if (pubId) {
    const pub = await getPublication(pubId);
    if (!pub || pub.period !== period || !unit.path.includes(pub.unitId)) throw new AppError('not_found', '没有找到该期公布结果');
    return pub;
  }
  // Nearest first: the county's own publication before the city's.
  const owners = [unit.path[1], unit.path[0]].filter((id): id is string => !!id && (unit.level !== 'city' || id === unit._id));
  for (const id of [...new Set(owners)]) {
    const pub = await latestPublication(id, period);
    if (pub) return pub;
  }
  return null;
}

export interface FrozenNote {
  pubId: string;
  unitName: string;
  version: number;
  at: string;
  byName: string;
}

/**
 * A unit's figures for a period: frozen with the publication that covers it where there is one
 * (by township; a township's villages stay live, `rowsLive`), live otherwise.
 */
export async function figuresFor(unit: OrgUnit, period: string, pubId?: string): Promise<Figures & { frozen: FrozenNote | null; rowsLive: boolean }> {
  const live = await liveFigures(unit, period);
  const { paths: _paths, ...shown } = live;
  const pub = unit.level === 'village' && !pubId ? null : await publicationFor(unit, period, pubId);
  const snap = pub ? (await db.collection(SNAPSHOTS).doc(`${pub._id}.${pub.clientId}`).get<FigureSnapshotDoc>()).data : null;
  if (!pub || !snap) return { ...shown, frozen: null, rowsLive: true };
  const frozen: FrozenNote = { pubId: pub._id, unitName: pub.unitName, version: pub.version, at: new Date(pub.at).toISOString(), byName: pub.byName };
  const rate = (r: FigureRow) => figureRow(r.key, r.name, stripRates(r));
  if (unit._id === snap.unitId) return { ...shown, rows: snap.byTownship.map(rate), byCounty: snap.byCounty.map(rate), total: rate(snap.total), frozen, rowsLive: false };
  if (unit.level === 'county') {
    const total = snap.byCounty.find((r) => r.key === unit._id);
    const rows = snap.byTownship.filter((r) => r.path.includes(unit._id)).map(rate);
    return { ...shown, rows, total: total ? rate(total) : figureRow(unit._id, unit.name, rows.reduce((t, r) => addCounts(t, r), emptyCounts())), frozen, rowsLive: false };
  }
  const town = snap.byTownship.find((r) => r.key === unit._id);
  if (!town) return { ...shown, frozen: null, rowsLive: true };
  return { ...shown, total: rate(town), frozen, rowsLive: true };
}
