/**
 * Unannounced inspections (暗访, seed 004): inspection staff record a visit to a village, who of
 * its team was found at post and who was absent. A cadre found absent forfeits the month's
 * attendance item at once (一次扣完, through scoring's `inspectionsAbsent`); each inspection is
 * reported in writing (书面通报) to the village's county, which signs for it (签收) once.
 *
 * Reads per action: a record costs the village (scope), its assignments, their people, their
 * leaves, the county/township/inspector units, and one write; every list is one read per page.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller, Grant } from '../../kernel/caller';
import { beijing, dateKey } from '../../kernel/clock';
import { audit } from '../audit/service';
import { checkPhotosIn } from '../checkin/photos';
import { getUnits, listSubtree } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { within } from '../org/rules';
import { getPeople, listAssignments } from '../people/service';
import { daysOnLeaveAt } from '../leave/service';
import type { MetricSource } from '../scoring/service';
import type { Ref } from '../scoring/schema';
import { idsOf, membersFrom, outcomeOf, reportOf, visitDay, type LeaveOnDay, type TeamMember } from './rules';
import { AMEND_HOURS, type AmendInput, type InspectionDoc, type Member, type RecordInput } from './schema';

export const INSPECTIONS = 'inspections';
/** Who records inspections (督导检查): organisation and discipline staff, at any level, in scope of the village. */
export const INSPECTOR_ROLES = ['staff', 'discipline'] as const;

export const photoFolder = (personId: string) => `inspections/${personId}/`;
const inspectionId = (inspectorId: string, clientId: string) => `ins-${createHash('sha256').update(`${inspectorId}:${clientId}`).digest('hex').slice(0, 24)}`;

const BATCH = 1000;

/** Inspections whose visit day is in [from, to] and whose `field` holds one of the ids (one read per 1,000 ids and 1,000 records). */
async function inspectionsMeeting(field: 'absentIds' | 'teamIds', personIds: string[], from: string, to: string): Promise<InspectionDoc[]> {
  const unique = [...new Set(personIds)];
  const out: InspectionDoc[] = [];
  for (let i = 0; i < unique.length; i += BATCH) {
    const where = { [field]: _.in(unique.slice(i, i + BATCH)), date: _.and(_.gte(from), _.lte(to)) };
    for (let got = 0; ; ) {
      const { data } = await db
        .collection(INSPECTIONS)
        .where(where)
        .orderBy('date', 'asc')
        .orderBy('_id', 'asc')
        .skip(got)
        .limit(BATCH)
        .field({ date: true, villageName: true, team: true, teamIds: true, absentIds: true })
        .get<InspectionDoc>();
      out.push(...data);
      got += data.length;
      if (data.length < BATCH) break;
    }
  }
  return out;
}

/**
 * The inspections that found these cadres absent (不在岗; a cadre on approved leave is not
 * absent), on days `from`…`to` (`YYYY-MM-DD`, Beijing, inclusive), by cadre, oldest first.
 */
export async function absencesOf(personIds: string[], from: string, to: string): Promise<Map<string, { inspectionId: string; date: string; villageName: string }[]>> {
  const out = new Map<string, { inspectionId: string; date: string; villageName: string }[]>();
  if (!personIds.length || from > to) return out;
  const wanted = new Set(personIds);
  for (const ins of await inspectionsMeeting('absentIds', personIds, from, to)) {
    for (const id of ins.absentIds) {
      if (!wanted.has(id)) continue;
      const list = out.get(id) ?? [];
      list.push({ inspectionId: ins._id, date: ins.date, villageName: ins.villageName });
      out.set(id, list);
    }
  }
  return out;
}

/**
 * Every inspection that met these cadres' team on days `from`…`to` (inclusive), by cadre, oldest
 * first: `found` is whether the cadre was found at post (在岗). A cadre on approved leave that
 * day counts as not found, though not as absent (see `absencesOf`).
 */
export async function inspectionsOfCadres(personIds: string[], from: string, to: string): Promise<Map<string, { inspectionId: string; date: string; found: boolean }[]>> {
  const out = new Map<string, { inspectionId: string; date: string; found: boolean }[]>();
  if (!personIds.length || from > to) return out;
  const wanted = new Set(personIds);
  for (const ins of await inspectionsMeeting('teamIds', personIds, from, to)) {
    for (const m of ins.team) {
      if (!wanted.has(m.personId)) continue;
      const list = out.get(m.personId) ?? [];
      list.push({ inspectionId: ins._id, date: ins.date, found: m.status === 'present' });
      out.set(m.personId, list);
    }
  }
  return out;
}

// ---- the team a visit meets ---------------------------------------------------------------------

/**
 * The cadres stationed in the village on `date`: its assignments running that day (one read: a
 * village has a handful, ended ones included) and their names (one read).
 */
export async function teamOn(villageId: string, date: string): Promise<TeamMember[]> {
  const assignments = (await listAssignments(villageId, { limit: 1000, skip: 0 })).filter((a) => a.villageId === villageId && a.start <= date && (a.end === null || a.end >= date));
  const people = await getPeople(assignments.map((a) => a.personId));
  const out = new Map<string, TeamMember>();
  for (const a of assignments) {
    const p = people.get(a.personId);
    if (p && !out.has(p._id)) out.set(p._id, { personId: p._id, name: p.name, kind: a.kind });
  }
  const order = { firstSecretary: 0, stationedLeader: 1, teamMember: 2 } as const;
  return [...out.values()].sort((x, y) => order[x.kind] - order[y.kind] || x.name.localeCompare(y.name, 'zh-CN') || (x.personId < y.personId ? -1 : 1));
}

/**
 * When on the day a leave must cover a cadre to make them 请假: the minute of a visit recorded on
 * the spot (an afternoon's leave, or one reported back at noon, does not excuse a cadre away at
 * ten); either half of a day recorded afterwards.
 */
const leaveTimes = (visitedAt: Date | null) => (visitedAt ? [beijing(visitedAt).iso.slice(11, 16)] : ['10:00', '15:00']);

/** Approved leaves of the team that cover the visit, by cadre. */
async function leavesOf(personIds: string[], date: string, visitedAt: Date | null): Promise<Map<string, LeaveOnDay>> {
  const got = await daysOnLeaveAt(personIds, date, date, leaveTimes(visitedAt));
  const out = new Map<string, LeaveOnDay>();
  for (const [id, days] of got) {
    const l = days.get(date);
    if (l) out.set(id, { id: l._id, kind: l.kind, startDate: l.startDate, endDate: l.endDate });
  }
  return out;
}

/** The team of a village on a day (today, or a day recorded afterwards), each with their leave, for the inspector's form. */
export async function teamView(village: OrgUnit, now: Date, date: string | undefined) {
  const day = visitDay(dateKey(now), date);
  const team = await teamOn(village._id, day);
  const leaves = team.length ? await leavesOf(team.map((m) => m.personId), day, day === dateKey(now) ? now : null) : new Map<string, LeaveOnDay>();
  return { date: day, team: team.map((m) => ({ ...m, leave: leaves.get(m.personId) ?? null })) };
}

// ---- recording ----------------------------------------------------------------------------------

/** The caller's grant (of an inspector's role) that covers the village: the nearest one. */
function inspectorGrant(caller: Caller, path: readonly string[]): Grant {
  const grants = (caller.person?.grants ?? []).filter((g) => (INSPECTOR_ROLES as readonly string[]).includes(g.role) && within(path, g.orgUnitId));
  const g = grants.sort((a, b) => b.path.length - a.path.length)[0];
  if (!g) throw new AppError('forbidden');
  return g;
}

function reportFor(d: Omit<InspectionDoc, 'report' | '_id'>): InspectionDoc['report'] {
  return reportOf({ ...d, photos: d.photoFileIds.length });
}

/**
 * Record a visit. A retried record (same inspector, same clientId) is the same document and is
 * answered as stored. Every cadre of the team that day must be marked.
 */
export async function record(caller: Caller, now: Date, village: OrgUnit, input: RecordInput): Promise<InspectionDoc> {
  const person = caller.person!;
  const id = inspectionId(person._id, input.clientId);
  const { data: have } = await db.collection(INSPECTIONS).doc(id).get<InspectionDoc>();
  if (have) return have;
  if (village.level !== 'village') throw new AppError('invalid_input', '暗访对象应为村（社区）');
  const date = visitDay(dateKey(now), input.date);
  const visitedAt = date === dateKey(now) ? now : null;
  await checkPhotosIn(photoFolder(person._id), input.photoFileIds, '照片未上传成功，请重新上传');
  const grant = inspectorGrant(caller, village.path);
  const team = await teamOn(village._id, date);
  if (!team.length) throw new AppError('no_team', '该村当日没有驻村干部，无法记录暗访');
  const [leaves, units] = await Promise.all([leavesOf(team.map((m) => m.personId), date, visitedAt), getUnits([village.path[1]!, village.path[2]!, grant.orgUnitId].filter(Boolean))]);
  const members = membersFrom(team, input.marks, leaves);
  const countyId = village.path[1] ?? village.path[0]!;
  const unitName = (uid: string | undefined) => (uid ? units.get(uid)?.name ?? '' : '');
  const base: Omit<InspectionDoc, 'report' | '_id'> = {
    clientId: input.clientId,
    villageId: village._id,
    villageName: village.name,
    villagePath: village.path,
    townshipName: unitName(village.path[2]),
    countyId,
    countyName: unitName(countyId),
    date,
    month: date.slice(0, 7),
    visitedAt,
    inspectorId: person._id,
    inspectorName: person.name,
    inspectorUnitId: grant.orgUnitId,
    inspectorUnitName: inspectorUnitName(grant, unitName(grant.orgUnitId)),
    companions: input.companions,
    team: members,
    ...idsOf(members),
    outcome: outcomeOf(members),
    photoFileIds: input.photoFileIds,
    location: input.location,
    findings: input.findings,
    remarks: input.remarks,
    ack: null,
    amendedAfterAck: false,
    history: [],
    createdAt: now,
    updatedAt: now,
  };
  const doc: InspectionDoc = { _id: id, ...base, report: reportFor(base) };
  try {
    await db.collection(INSPECTIONS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await db.collection(INSPECTIONS).doc(id).get<InspectionDoc>()).data!;
  }
}

/** `花垣县委组织部` / `花垣县纪委监委`: the inspecting body, by role and unit. */
function inspectorUnitName(g: Grant, unitName: string): string {
  if (!unitName) return '';
  const party = /(镇|乡|街道)$/.test(unitName) ? '党委' : '委';
  return g.role === 'discipline' ? `${unitName}纪委监委` : `${unitName}${party}组织部`;
}

export async function getInspection(id: string): Promise<InspectionDoc | null> {
  return (await db.collection(INSPECTIONS).doc(id).get<InspectionDoc>()).data ?? null;
}

/** Staff of the inspection's county (a county-level staff grant of it): they sign for its report and correct it at any time. */
export const isCountyStaff = (caller: Caller, ins: Pick<InspectionDoc, 'countyId'>) => !!caller.person?.grants.some((g) => g.role === 'staff' && g.orgUnitId === ins.countyId);

/** Who may correct the record now: its inspector within 24 hours, the county's staff at any time. */
export function mayAmend(caller: Caller, now: Date, ins: InspectionDoc): boolean {
  if (isCountyStaff(caller, ins)) return true;
  return caller.person?._id === ins.inspectorId && now.getTime() - new Date(ins.createdAt).getTime() <= AMEND_HOURS * 3_600_000;
}

const sameMarks = (team: readonly Member[], marks: readonly { personId: string; status: string; note: string }[]) =>
  team.length === marks.length && marks.every((m) => team.some((t) => t.personId === m.personId && t.status === m.status && t.note === m.note));

/**
 * Correct a record (更正), with a reason: what it replaced is kept in `history`, and the report
 * is written again from the corrected record. A retried correction (nothing left to change) is
 * answered as stored. New photos come from the corrector's own folder.
 */
export async function amend(caller: Caller, now: Date, input: AmendInput): Promise<InspectionDoc> {
  const person = caller.person!;
  const current = await getInspection(input.id);
  if (!current) throw new AppError('not_found', '暗访记录不存在');
  if (!mayAmend(caller, now, current)) {
    if (current.inspectorId === person._id) throw new AppError('too_late', `记录已超过${AMEND_HOURS}小时，只能由县（区）委组织部更正`);
    throw new AppError('forbidden', '只有记录人（24小时内）或县（区）委组织部可以更正暗访记录');
  }
  const added = (input.photoFileIds ?? []).filter((f) => !current.photoFileIds.includes(f));
  await checkPhotosIn(photoFolder(person._id), added, '照片未上传成功，请重新上传');
  const leaves = input.marks ? await leavesOf(current.teamIds, current.date, current.visitedAt ? new Date(current.visitedAt) : null) : new Map<string, LeaveOnDay>();
  return transaction(async (tx) => {
    const { data: ins } = await tx.collection(INSPECTIONS).doc(input.id).get<InspectionDoc>();
    if (!ins) throw new AppError('not_found', '暗访记录不存在');
    if (!mayAmend(caller, now, ins)) throw new AppError('forbidden', '只有记录人（24小时内）或县（区）委组织部可以更正暗访记录');
    const team = input.marks ? membersFrom(ins.team.map((m) => ({ personId: m.personId, name: m.name, kind: m.kind })), input.marks, leaves) : ins.team;
    const next = {
      team,
      companions: input.companions ?? ins.companions,
      photoFileIds: input.photoFileIds ?? ins.photoFileIds,
      findings: input.findings ?? ins.findings,
      remarks: input.remarks ?? ins.remarks,
    };
    const unchanged =
      sameMarks(ins.team, team) && JSON.stringify(next.companions) === JSON.stringify(ins.companions) && JSON.stringify(next.photoFileIds) === JSON.stringify(ins.photoFileIds) && next.findings === ins.findings && next.remarks === ins.remarks;
    if (unchanged) return ins;
    const before = { team: ins.team.map((m) => ({ personId: m.personId, status: m.status, note: m.note })), companions: ins.companions, photoFileIds: ins.photoFileIds, findings: ins.findings, remarks: ins.remarks };
    const entry = { at: now, byId: person._id, byName: person.name, reason: input.reason, before };
    const changed: Omit<InspectionDoc, 'report' | '_id'> = { ...ins, ...next, ...idsOf(team), outcome: outcomeOf(team), amendedAfterAck: !!ins.ack, updatedAt: now, history: [...ins.history, entry] };
    const report = reportFor(changed);
    await tx.collection(INSPECTIONS).doc(input.id).update({
      data: { ...next, ...idsOf(team), outcome: changed.outcome, amendedAfterAck: changed.amendedAfterAck, updatedAt: now, report, history: _.push([entry]) },
    });
    await audit(tx, caller, now, { action: 'inspection.amend', target: { collection: INSPECTIONS, id: input.id }, unitPath: ins.villagePath, before: { outcome: ins.outcome, absentIds: ins.absentIds }, after: { outcome: changed.outcome, absentIds: changed.absentIds }, reason: input.reason });
    return { ...(changed as InspectionDoc), _id: input.id, report };
  });
}

/** The county signs for the report (签收): once; signing again answers the first signature. */
export async function acknowledge(caller: Caller, now: Date, id: string, note: string): Promise<InspectionDoc> {
  const person = caller.person!;
  return transaction(async (tx) => {
    const { data: ins } = await tx.collection(INSPECTIONS).doc(id).get<InspectionDoc>();
    if (!ins) throw new AppError('not_found', '暗访通报不存在');
    if (!isCountyStaff(caller, ins)) throw new AppError('forbidden', `暗访通报由${ins.countyName}委组织部签收`);
    if (ins.ack) return ins;
    const ack = { at: now, byId: person._id, byName: person.name, note };
    await tx.collection(INSPECTIONS).doc(id).update({ data: { ack } });
    return { ...ins, ack };
  });
}

// ---- lists and figures --------------------------------------------------------------------------

/** A unit's inspections of a month, newest first (one page), and how many. */
export async function inspectionsUnder(unitId: string, month: string, skip: number, limit: number): Promise<{ total: number; items: InspectionDoc[] }> {
  const where = { villagePath: unitId, month };
  const [{ total }, { data }] = await Promise.all([
    db.collection(INSPECTIONS).where(where).count(),
    db.collection(INSPECTIONS).where(where).orderBy('date', 'desc').orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(skip).limit(limit).get<InspectionDoc>(),
  ]);
  return { total, items: data };
}

/** The inspector's own records, newest first (to correct one within 24 hours). */
export async function inspectionsBy(personId: string, limit = 50): Promise<InspectionDoc[]> {
  const { data } = await db.collection(INSPECTIONS).where({ inspectorId: personId }).orderBy('createdAt', 'desc').limit(limit).get<InspectionDoc>();
  return data;
}

/** The reports (通报) to a county, or to every county of a city: a page, how many match, and how many are not signed for. */
export async function reportsTo(unit: OrgUnit, opts: { month?: string; state: 'unread' | 'acknowledged' | 'all'; skip: number; limit: number }) {
  const scope: Record<string, unknown> = unit.level === 'county' ? { countyId: unit._id } : { villagePath: unit._id };
  if (opts.month) scope.month = opts.month;
  const where = opts.state === 'unread' ? { ...scope, ack: null } : opts.state === 'acknowledged' ? { ...scope, ack: _.neq(null) } : scope;
  const [{ total }, { total: unread }, { data }] = await Promise.all([
    db.collection(INSPECTIONS).where(where).count(),
    db.collection(INSPECTIONS).where({ ...scope, ack: null }).count(),
    db.collection(INSPECTIONS).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(opts.skip).limit(opts.limit).get<InspectionDoc>(),
  ]);
  return { total, unread, items: data };
}

/** Every inspection under a unit in a month, oldest first (1,000 a read): the ledger's rows. */
export async function monthOf(unitId: string, month: string, max: number): Promise<InspectionDoc[]> {
  const out: InspectionDoc[] = [];
  for (;;) {
    const { data } = await db.collection(INSPECTIONS).where({ villagePath: unitId, month }).orderBy('date', 'asc').orderBy('createdAt', 'asc').orderBy('_id', 'asc').skip(out.length).limit(1000).get<InspectionDoc>();
    out.push(...data);
    if (data.length < 1000 || out.length > max) return out;
  }
}

export interface FigureRow {
  unitId: string;
  name: string;
  /** Inspections made. */
  inspections: number;
  /** Distinct villages inspected. */
  villages: number;
  /** Inspections that found nobody of the team at post (驻村团队不到位). */
  teamsAbsent: number;
  /** Inspections that found some of the team absent. */
  partlyAbsent: number;
  /** Cadres found absent (each time). */
  cadresAbsent: number;
  /** Reports not yet signed for by their county. */
  unread: number;
}

const one = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }));

/** A month's figures by child unit (a city's counties, a county's townships, a township's villages), with the total. Two reads. */
export async function figures(unit: OrgUnit, month: string): Promise<{ rows: FigureRow[]; total: FigureRow }> {
  const depth = unit.level === 'village' ? unit.path.length - 1 : unit.path.length;
  const [children, { list }] = await Promise.all([
    unit.level === 'village' ? Promise.resolve([unit]) : listSubtree(unit._id, { parentId: unit._id }),
    db
      .collection(INSPECTIONS)
      .aggregate()
      .match({ villagePath: unit._id, month })
      .group({
        _id: $.arrayElemAt(['$villagePath', depth]),
        inspections: $.sum(1),
        villages: $.addToSet('$villageId'),
        teamsAbsent: one($.eq(['$outcome', 'teamAbsent'])),
        partlyAbsent: one($.eq(['$outcome', 'partlyAbsent'])),
        cadresAbsent: $.sum($.size('$absentIds')),
        unread: one($.eq(['$ack', null])),
      })
      .limit(10000)
      .end<{ _id: string; inspections: number; villages: string[]; teamsAbsent: number; partlyAbsent: number; cadresAbsent: number; unread: number }>(),
  ]);
  const empty = (unitId: string, name: string): FigureRow => ({ unitId, name, inspections: 0, villages: 0, teamsAbsent: 0, partlyAbsent: 0, cadresAbsent: 0, unread: 0 });
  const rows = new Map(children.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((u) => [u._id, empty(u._id, u.name)]));
  const total = empty(unit._id, unit.name);
  for (const g of list) {
    for (const row of [rows.get(g._id), total]) {
      if (!row) continue;
      row.inspections += g.inspections;
      row.villages += g.villages.length;
      row.teamsAbsent += g.teamsAbsent;
      row.partlyAbsent += g.partlyAbsent;
      row.cadresAbsent += g.cadresAbsent;
      row.unread += g.unread;
    }
  }
  return { rows: [...rows.values()], total };
}

export async function photoUrls(ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const urls = await storage.tempUrls(ids, 600);
  return ids.map((id) => urls.get(id) ?? '').filter(Boolean);
}

// ---- scoring: 一次扣完 --------------------------------------------------------------------------

/**
 * Scoring's `inspectionsAbsent`: each time an inspection of the month found the cadre absent
 * (不在岗), one record that opens to the inspection. The default rules forfeit the attendance
 * item on it (一次扣完). One read per 1,000 cadres.
 */
export const inspectionsAbsent: MetricSource = {
  metric: 'inspectionsAbsent',
  async collect(personIds, month) {
    const found = await absencesOf(personIds, `${month}-01`, `${month}-31`);
    const out = new Map<string, Ref[]>();
    for (const [personId, list] of found) out.set(personId, list.map((a) => ({ id: a.inspectionId, date: a.date, label: `暗访发现不在岗（${a.villageName}）` })));
    return out;
  },
};
