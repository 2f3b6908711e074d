/** People, grants, assignments, invitations and bindings. */
import { randomBytes } from 'node:crypto';
import { db, _, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller, Person } from '../../kernel/caller';
import type { Role } from '../../kernel/roles';
import { dateKey } from '../../kernel/clock';
import { emit, on } from '../../kernel/events';
import { audit, stripUndefined } from '../audit/service';
import type { TransactionRef } from '../../platform/db-types';
import { getUnit, getUnits } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { codeHash, INVITE_DEFAULT_DAYS, inviteQrText, newInviteCode, roleFitsLevel } from './rules';
import { ROLE_NAMES, type AssignmentDoc, type BindingDoc, type CadreKind, type InviteDoc, type PersonDoc, type Station, type StoredGrant } from './schema';

export const PEOPLE = 'people';
export const ASSIGNMENTS = 'assignments';
export const INVITES = 'invites';
export const BINDINGS = 'bindings';

const PHONE_TAKEN = '该手机号已登记过人员';

const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

/** The caller resolver: one indexed read per call. */
export async function personByOpenid(openid: string): Promise<Person | null> {
  const { data } = await db.collection(PEOPLE).where({ openid, active: true }).limit(1).get<PersonDoc>();
  return data[0] ?? null;
}

/** The bound caller's own document (the resolver above put it there). */
export function callerPerson(caller: Caller): PersonDoc {
  if (!caller.person) throw new AppError('not_bound');
  return caller.person as PersonDoc;
}

export async function getPerson(id: string): Promise<PersonDoc | null> {
  return (await db.collection(PEOPLE).doc(id).get<PersonDoc>()).data;
}

export async function listPeople(unitId: string, opts: { role?: Role; q?: string; skip: number; limit: number }): Promise<{ total: number; people: PersonDoc[] }> {
  // Homed under the unit, or holding a role under it (a cadre stationed in one of its villages).
  const rest: Record<string, unknown> = {};
  if (opts.role) rest['grants.role'] = opts.role;
  if (opts.q) rest.name = db.RegExp({ regexp: escapeRegExp(opts.q), options: 'i' });
  const q = _.and([_.or([{ homePath: unitId }, { 'grants.path': unitId }]), rest]);
  const [{ total }, { data }] = await Promise.all([db.collection(PEOPLE).where(q).count(), db.collection(PEOPLE).where(q).orderBy('name', 'asc').skip(opts.skip).limit(opts.limit).get<PersonDoc>()]);
  return { total, people: data };
}

/** The user's text as a literal inside a regular expression (a NUL as `\x00`: BSON patterns may not hold the byte). */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\u0000/g, '\\x00');
}

async function requireUnit(id: string, memo?: Map<string, unknown>): Promise<OrgUnit> {
  const unit = (memo?.get(`unit:${id}`) as OrgUnit | undefined) ?? (await getUnit(id));
  if (!unit) throw new AppError('forbidden');
  return unit;
}

export async function addPerson(
  caller: Caller,
  now: Date,
  input: { name: string; phone: string; title?: string; orgUnitId: string; role?: Exclude<Role, 'cadre'> },
  memo?: Map<string, unknown>,
): Promise<PersonDoc> {
  const unit = await requireUnit(input.orgUnitId, memo);
  if (input.role && !roleFitsLevel(input.role, unit.level)) throw new AppError('invalid_input', `“${ROLE_NAMES[input.role]}”不能设在这一级单位`);
  const id = newId('p');
  const person: PersonDoc = {
    _id: id,
    name: input.name,
    phone: input.phone,
    title: input.title ?? '',
    orgUnitId: unit._id,
    homePath: unit.path,
    openid: null,
    grants: input.role ? [{ role: input.role, orgUnitId: unit._id, path: unit.path, since: now }] : [],
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  const { _id, ...data } = person;
  await refuseTakenPhone(input.phone);
  try {
    await transaction(async (tx) => {
      await tx.collection(PEOPLE).doc(_id).set({ data });
      await audit(tx, caller, now, { action: 'people.add', target: { collection: PEOPLE, id }, unitPath: unit.path, before: null, after: data });
    });
  } catch (err) {
    // The phone's unique index decides, also between two staff adding the same person at once.
    if (isDuplicateKey(err)) throw new AppError('conflict', PHONE_TAKEN);
    throw err;
  }
  return person;
}

/**
 * Refuse a phone another person has, before any write (a refused call writes nothing); the
 * unique index still decides between two staff writing the same phone at once.
 */
async function refuseTakenPhone(phone: string, exceptId?: string): Promise<void> {
  const { total } = await db.collection(PEOPLE).where(exceptId ? { phone, _id: _.neq(exceptId) } : { phone }).count();
  if (total > 0) throw new AppError('conflict', PHONE_TAKEN);
}

export async function updatePerson(caller: Caller, now: Date, person: PersonDoc, changes: { name?: string; phone?: string; title?: string; active?: boolean }): Promise<PersonDoc> {
  // Deactivating a person also releases their WeChat binding: it must not stay stuck to someone who can do nothing.
  const unbind = changes.active === false && person.openid ? person.openid : null;
  const set = stripUndefined({ ...changes, updatedAt: now, ...(unbind ? { openid: null, invitesValidFrom: now } : {}) });
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, person[k as keyof PersonDoc]]));
  if (changes.phone !== undefined && changes.phone !== person.phone) await refuseTakenPhone(changes.phone, person._id);
  try {
    await transaction(async (tx) => {
      await tx.collection(PEOPLE).doc(person._id).update({ data: set });
      if (unbind) await tx.collection(BINDINGS).doc(unbind).remove();
      await audit(tx, caller, now, { action: 'people.update', target: { collection: PEOPLE, id: person._id }, unitPath: person.homePath, before, after: changes });
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('conflict', PHONE_TAKEN);
    throw err;
  }
  return { ...person, ...set };
}

/**
 * Change a person's grants inside a transaction that re-reads the person, so that two staff
 * editing the same person at once never lose each other's change.
 */
async function changeGrants(
  caller: Caller,
  now: Date,
  personId: string,
  actionName: string,
  unitPath: string[],
  change: (grants: StoredGrant[]) => StoredGrant[],
  extra?: (tx: TransactionRef) => Promise<void>,
  station?: Station | null,
): Promise<PersonDoc> {
  return transaction(async (tx) => {
    const { data: person } = await tx.collection(PEOPLE).doc(personId).get<PersonDoc>();
    if (!person) throw new AppError('forbidden');
    const grants = change(person.grants);
    const set: Record<string, unknown> = { grants: _.set(grants), updatedAt: now };
    if (station !== undefined) set.station = station ? _.set(station) : null;
    await tx.collection(PEOPLE).doc(personId).update({ data: set });
    if (extra) await extra(tx);
    await audit(tx, caller, now, { action: actionName, target: { collection: PEOPLE, id: personId }, unitPath, before: { grants: person.grants.map(grantSummary) }, after: { grants: grants.map(grantSummary) } });
    return { ...person, grants, ...(station !== undefined ? { station } : {}), updatedAt: now };
  });
}

/** A station as copied from its village and the village's county. */
export function stationOf(village: OrgUnit, county: OrgUnit | null): Station {
  return {
    villageId: village._id,
    villageName: village.name,
    path: village.path,
    fence: village.fence ?? null,
    countySettings: county?.settings ?? {},
    villageUpdatedAt: new Date(village.updatedAt),
    countyUpdatedAt: county ? new Date(county.updatedAt) : null,
  };
}

/** Is this copy older than the units it was made from? */
function stationStale(s: Station | null | undefined, village: OrgUnit, county: OrgUnit | null): boolean {
  if (!s || s.villageId !== village._id) return true;
  const t = (d: Date | string | null | undefined) => (d ? new Date(d).getTime() : null);
  return t(s.villageUpdatedAt) !== t(village.updatedAt) || t(s.countyUpdatedAt) !== t(county?.updatedAt);
}

function grantSummary(g: StoredGrant) {
  return stripUndefined({ role: g.role, orgUnitId: g.orgUnitId, kind: g.kind, department: g.department });
}

export async function grantRole(
  caller: Caller,
  now: Date,
  input: { personId: string; role: Role; orgUnitId: string; department?: { id: string; name: string }; specialty?: string },
  memo?: Map<string, unknown>,
): Promise<PersonDoc> {
  if (input.role === 'cadre') throw new AppError('invalid_input', '驻村干部请通过“派驻”安排');
  if (input.role === 'department' && !input.department) throw new AppError('invalid_input', '请填写职能部门');
  const unit = await requireUnit(input.orgUnitId, memo);
  if (!roleFitsLevel(input.role, unit.level)) throw new AppError('invalid_input', `“${ROLE_NAMES[input.role]}”不能设在这一级单位`);
  const grant: StoredGrant = stripUndefined({ role: input.role, orgUnitId: unit._id, path: unit.path, department: input.department, specialty: input.specialty, since: now });
  return changeGrants(caller, now, input.personId, 'people.grantRole', unit.path, (grants) => {
    if (grants.some((g) => g.role === input.role && g.orgUnitId === unit._id)) throw new AppError('conflict', '此人已有该角色');
    return [...grants, grant];
  });
}

export async function revokeRole(caller: Caller, now: Date, input: { personId: string; role: Role; orgUnitId: string }, memo?: Map<string, unknown>): Promise<PersonDoc> {
  if (input.role === 'cadre') throw new AppError('invalid_input', '驻村干部请通过“结束派驻”撤回');
  const unit = await requireUnit(input.orgUnitId, memo);
  return changeGrants(caller, now, input.personId, 'people.revokeRole', unit.path, (grants) => {
    const left = grants.filter((g) => !(g.role === input.role && g.orgUnitId === input.orgUnitId));
    if (left.length === grants.length) throw new AppError('not_found', '此人没有该角色');
    return left;
  });
}

export async function activeAssignment(personId: string): Promise<AssignmentDoc | null> {
  const { data } = await db.collection(ASSIGNMENTS).where({ personId, active: true }).limit(1).get<AssignmentDoc>();
  return data[0] ?? null;
}

export async function getAssignment(id: string): Promise<AssignmentDoc | null> {
  return (await db.collection(ASSIGNMENTS).doc(id).get<AssignmentDoc>()).data;
}

export async function listAssignments(unitId: string, opts: { active?: boolean; limit: number; skip: number }): Promise<AssignmentDoc[]> {
  const q: Record<string, unknown> = { villagePath: unitId };
  if (opts.active !== undefined) q.active = opts.active;
  const { data } = await db.collection(ASSIGNMENTS).where(q).orderBy('start', 'desc').skip(opts.skip).limit(opts.limit).get<AssignmentDoc>();
  return data;
}

/** Station a person in a village: an assignment and the cadre grant it implies, together. */
export async function startAssignment(
  caller: Caller,
  now: Date,
  input: { personId: string; villageId: string; kind: CadreKind; dispatchingUnit: string; start: string; end?: string },
  memo?: Map<string, unknown>,
): Promise<AssignmentDoc> {
  const village = await requireUnit(input.villageId, memo);
  if (village.level !== 'village') throw new AppError('invalid_input', '只能派驻到村（社区）');
  if (input.end && input.end < input.start) throw new AppError('invalid_input', '结束日期不能早于开始日期');
  if (input.start > dateKey(now)) throw new AppError('invalid_input', '派驻开始日期不能晚于今天（到开始当天再安排）');
  if (input.end && input.end < dateKey(now)) throw new AppError('invalid_input', '结束日期已过');
  const county = village.path[1] ? await getUnit(village.path[1]) : null;
  const id = newId('as');
  const assignment: AssignmentDoc = { _id: id, personId: input.personId, villageId: village._id, villagePath: village.path, kind: input.kind, dispatchingUnit: input.dispatchingUnit, start: input.start, end: input.end ?? null, active: true, createdAt: now };
  const { _id, ...data } = assignment;
  const station = { villageId: village._id, villageName: village.name, path: village.path };
  try {
    await changeGrants(
      caller,
      now,
      input.personId,
      'people.startAssignment',
      village.path,
      // Checked on the person's document inside the transaction: two staff stationing the same
      // person at once cannot both succeed.
      (grants) => {
        if (grants.some((g) => g.role === 'cadre')) throw new AppError('conflict', '此人已有进行中的派驻，请先结束');
        return [...grants, { role: 'cadre', orgUnitId: village._id, path: village.path, kind: input.kind, since: now }];
      },
      async (tx) => {
        await tx.collection(ASSIGNMENTS).doc(_id).set({ data });
      },
      stationOf(village, county),
    );
  } catch (err) {
    // The very same assignment is already made (a retry of a call that died after its commit):
    // finish what that call did not (the copies of the station), and answer it.
    const same = err instanceof AppError && err.code === 'conflict' ? await sameActiveAssignment(input) : null;
    if (!same) throw err;
    await emit('cadreStationChanged', { personId: input.personId, station });
    return same;
  }
  await emit('cadreStationChanged', { personId: input.personId, station });
  return assignment;
}

/** The person's active assignment, if it is exactly this one (same village, kind, unit and dates). */
async function sameActiveAssignment(input: { personId: string; villageId: string; kind: CadreKind; dispatchingUnit: string; start: string; end?: string }): Promise<AssignmentDoc | null> {
  const { data } = await db.collection(ASSIGNMENTS).where({ personId: input.personId, active: true }).limit(2).get<AssignmentDoc>();
  const a = data.length === 1 ? data[0]! : null;
  return a && a.villageId === input.villageId && a.kind === input.kind && a.dispatchingUnit === input.dispatchingUnit && a.start === input.start && a.end === (input.end ?? null) ? a : null;
}

export async function endAssignment(caller: Caller, now: Date, assignment: AssignmentDoc, end: string): Promise<AssignmentDoc> {
  if (!assignment.active) {
    // Ended on that very date already (a retry of a call that died after its commit): finish
    // what it did not (the copies of the station), unless the person is stationed again since.
    if (assignment.end === end && !(await getPerson(assignment.personId))?.grants.some((g) => g.role === 'cadre')) {
      await emit('cadreStationChanged', { personId: assignment.personId, station: null });
      return assignment;
    }
    throw new AppError('conflict', '该派驻已结束');
  }
  if (end < assignment.start) throw new AppError('invalid_input', '结束日期不能早于开始日期');
  await changeGrants(
    caller,
    now,
    assignment.personId,
    'people.endAssignment',
    assignment.villagePath,
    (grants) => grants.filter((g) => !(g.role === 'cadre' && g.orgUnitId === assignment.villageId)),
    async (tx) => {
      const { data: current } = await tx.collection(ASSIGNMENTS).doc(assignment._id).get<AssignmentDoc>();
      if (!current?.active) throw new AppError('conflict', '该派驻已结束');
      await tx.collection(ASSIGNMENTS).doc(assignment._id).update({ data: { active: false, end, endedAt: now } });
    },
    null,
  );
  await emit('cadreStationChanged', { personId: assignment.personId, station: null });
  return { ...assignment, active: false, end, endedAt: now };
}

/** A single-use code that binds the WeChat user who enters it to `person`. */
export async function createInvite(caller: Caller, now: Date, person: PersonDoc, validDays = INVITE_DEFAULT_DAYS): Promise<{ code: string; qrText: string; expiresAt: Date }> {
  if (!person.active) throw new AppError('conflict', '此人已停用');
  if (person.openid) throw new AppError('conflict', '此人已绑定微信；如需换绑，请先解除绑定');
  const code = newInviteCode();
  const expiresAt = new Date(now.getTime() + validDays * 86_400_000);
  const invite: Omit<InviteDoc, '_id'> = { personId: person._id, homePath: person.homePath, createdBy: caller.person?._id ?? null, createdAt: now, expiresAt, usedAt: null, usedBy: null };
  await transaction(async (tx) => {
    await tx.collection(INVITES).doc(codeHash(code)).set({ data: invite });
    await audit(tx, caller, now, { action: 'people.createInvite', target: { collection: PEOPLE, id: person._id }, unitPath: person.homePath, before: null, after: { expiresAt } });
  });
  return { code, qrText: inviteQrText(code), expiresAt };
}

/**
 * Bind the calling WeChat user to the person an invitation names. One transaction: the code is
 * spent, the binding made and the person marked, or nothing happens; two people entering the
 * same code at once cannot both succeed.
 */
export async function bind(openid: string, now: Date, code: string): Promise<PersonDoc> {
  const person = await transaction(async (tx) => {
    const { data: invite } = await tx.collection(INVITES).doc(codeHash(code)).get<InviteDoc>();
    if (!invite) throw new AppError('invalid_code', '邀请码不正确，请核对后重新输入');
    if (invite.usedAt) throw new AppError('code_used', '该邀请码已被使用，请向组织部门重新申请');
    if (new Date(invite.expiresAt).getTime() < now.getTime()) throw new AppError('code_expired', '该邀请码已过期，请向组织部门重新申请');
    const { data: existing } = await tx.collection(BINDINGS).doc(openid).get<BindingDoc>();
    if (existing) throw new AppError('already_bound', '您的微信已绑定身份，无需重复绑定');
    const { data: p } = await tx.collection(PEOPLE).doc(invite.personId).get<PersonDoc>();
    if (!p || !p.active) throw new AppError('invalid_code', '邀请码不正确，请核对后重新输入');
    if (p.openid) throw new AppError('code_used', '该人员已绑定微信，请向组织部门确认');
    // Codes made before the last bind or unbind are spent with it.
    if (p.invitesValidFrom && new Date(invite.createdAt).getTime() < new Date(p.invitesValidFrom).getTime()) throw new AppError('code_used', '该邀请码已失效，请向组织部门重新申请');
    await tx.collection(INVITES).doc(codeHash(code)).update({ data: { usedAt: now, usedBy: openid } });
    await tx.collection(BINDINGS).doc(openid).set({ data: { personId: p._id, boundAt: now } });
    await tx.collection(PEOPLE).doc(p._id).update({ data: { openid, invitesValidFrom: now, updatedAt: now } });
    await audit(tx, { openid, source: 'wx_client', person: p }, now, { action: 'people.bind', target: { collection: PEOPLE, id: p._id }, unitPath: p.homePath, before: { openid: null }, after: { openid: maskOpenid(openid) } });
    return { ...p, openid };
  });
  return person;
}

/** Undo a binding (a new phone, a lost phone): the person can then be invited again. */
export async function resetBinding(caller: Caller, now: Date, person: PersonDoc, reason: string): Promise<PersonDoc> {
  const old = person.openid;
  if (!old) throw new AppError('conflict', '此人尚未绑定微信');
  await transaction(async (tx) => {
    await tx.collection(PEOPLE).doc(person._id).update({ data: { openid: null, invitesValidFrom: now, updatedAt: now } });
    await tx.collection(BINDINGS).doc(old).remove();
    await audit(tx, caller, now, { action: 'people.resetBinding', target: { collection: PEOPLE, id: person._id }, unitPath: person.homePath, before: { openid: maskOpenid(old) }, after: { openid: null }, reason });
  });
  return { ...person, openid: null, updatedAt: now };
}

/** Audit entries show enough of an OPENID to tell two apart, not the whole identifier. */
export function maskOpenid(openid: string): string {
  return openid.length <= 8 ? `${openid.slice(0, 2)}***` : `${openid.slice(0, 4)}***${openid.slice(-4)}`;
}

/** What other features need to know of a stationed cadre. */
export interface CadreRef {
  personId: string;
  name: string;
  openid: string | null;
  villageId: string;
  villagePath: string[];
  /** When the cadre grant (the assignment) began. */
  since: Date;
  kind: CadreKind;
  /** A cadre whose stationing has ended (`formerCadresPage`). */
  ended?: boolean;
}

export function cadreRef(p: PersonDoc): CadreRef | null {
  const g = p.grants.find((x) => x.role === 'cadre');
  return g ? { personId: p._id, name: p.name, openid: p.openid, villageId: g.orgUnitId, villagePath: g.path, since: new Date(g.since), kind: g.kind ?? 'teamMember' } : null;
}

/** One page of active cadres, in `_id` order after `afterId` (keyset paging: sweeps read each cadre once). */
export async function cadrePage(afterId: string, limit = 1000): Promise<{ cadres: CadreRef[]; lastId: string | null }> {
  const { data } = await db
    .collection(PEOPLE)
    .where({ 'grants.role': 'cadre', active: true, _id: _.gt(afterId) })
    .orderBy('_id', 'asc')
    .limit(limit)
    .field({ name: true, openid: true, grants: true })
    .get<PersonDoc>();
  return { cadres: data.map(cadreRef).filter((c): c is CadreRef => !!c), lastId: data.length === limit ? data[data.length - 1]!._id : null };
}

/** Active cadres stationed under a unit (their cadre grant's village is in its subtree), by name; one read per 1,000. */
export async function cadresStationedUnder(unitId: string): Promise<PersonDoc[]> {
  const out: PersonDoc[] = [];
  for (;;) {
    const { data } = await db.collection(PEOPLE).where({ grants: _.elemMatch({ role: 'cadre', path: unitId }), active: true }).orderBy('name', 'asc').orderBy('_id', 'asc').skip(out.length).limit(1000).get<PersonDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/**
 * Bring the stations copied from a unit up to date: a village's cadres when its fence or name
 * changes, every cadre under a county when its settings change. One read of the unit (and its
 * county) and one multi-document write.
 */
export async function refreshStations(unitId: string, level: string): Promise<number> {
  if (level !== 'village' && level !== 'county') return 0;
  const unit = await getUnit(unitId);
  if (!unit) return 0;
  if (level === 'village') {
    const county = unit.path[1] ? await getUnit(unit.path[1]) : null;
    const r = await db.collection(PEOPLE).where({ 'station.villageId': unitId }).update({ data: { station: _.set(stationOf(unit, county)) } });
    return r.stats.updated ?? 0;
  }
  const r = await db.collection(PEOPLE).where({ 'station.path': unitId }).update({ data: { 'station.countySettings': _.set(unit.settings ?? {}), 'station.countyUpdatedAt': new Date(unit.updatedAt) } });
  return r.stats.updated ?? 0;
}

on('unitChanged', async ({ unitId, level }) => {
  await refreshStations(unitId, level);
});

/**
 * The daily repair of copied stations (an event listener that failed, a cadre stationed before
 * stations existed): every active cadre read once (⌈N/1000⌉ reads), their villages and counties
 * in one read per 1,000 ids, and one write per village whose cadres hold a stale copy.
 */
export async function repairStations(opts: { pageSize?: number } = {}): Promise<{ cadres: number; villagesFixed: number; reads: number }> {
  const limit = opts.pageSize ?? 1000;
  let after = '';
  let cadres = 0;
  let reads = 0;
  const fixed = new Set<string>();
  const units = new Map<string, OrgUnit>();
  for (;;) {
    const { data } = await db.collection(PEOPLE).where({ 'grants.role': 'cadre', active: true, _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).field({ grants: true, 'station.villageId': true, 'station.villageUpdatedAt': true, 'station.countyUpdatedAt': true }).get<PersonDoc>();
    reads += 1;
    const stationed = data.map((p) => ({ p, g: p.grants.find((g) => g.role === 'cadre') })).filter((x): x is { p: PersonDoc; g: StoredGrant } => !!x.g);
    cadres += stationed.length;
    const missing = [...new Set(stationed.flatMap(({ g }) => [g.orgUnitId, g.path[1]!]))].filter((id) => id && !units.has(id));
    if (missing.length) {
      for (const [id, u] of await getUnits(missing)) units.set(id, u);
      reads += Math.ceil(missing.length / 1000);
    }
    for (const { p, g } of stationed) {
      const village = units.get(g.orgUnitId);
      if (!village || fixed.has(village._id)) continue;
      const county = units.get(g.path[1] ?? '') ?? null;
      if (!stationStale(p.station, village, county)) continue;
      // Everyone stationed in the village gets the same copy: one write for all of them.
      await db.collection(PEOPLE).where({ grants: _.elemMatch({ role: 'cadre', orgUnitId: village._id }), active: true }).update({ data: { station: _.set(stationOf(village, county)) } });
      fixed.add(village._id);
    }
    if (data.length < limit) return { cadres, villagesFixed: fixed.size, reads };
    after = data[data.length - 1]!._id;
  }
}

/** Several people in one read per 1,000 ids. */
export async function getPeople(ids: readonly string[]): Promise<Map<string, PersonDoc>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, PersonDoc>();
  for (let i = 0; i < unique.length; i += 1000) {
    const { data } = await db.collection(PEOPLE).where({ _id: _.in(unique.slice(i, i + 1000)) }).limit(1000).get<PersonDoc>();
    for (const p of data) out.set(p._id, p);
  }
  return out;
}

/** The running assignments of several people, in one read per 1,000 (for the dispatching unit). */
export async function activeAssignmentsOf(personIds: readonly string[]): Promise<Map<string, AssignmentDoc>> {
  const unique = [...new Set(personIds)];
  const out = new Map<string, AssignmentDoc>();
  for (let i = 0; i < unique.length; i += 1000) {
    const { data } = await db.collection(ASSIGNMENTS).where({ personId: _.in(unique.slice(i, i + 1000)), active: true }).limit(1000).get<AssignmentDoc>();
    for (const a of data) out.set(a.personId, a);
  }
  return out;
}

/** A cadre stationed under a unit, as a sweep over many needs them: who, and where (the village's path). */
export interface StationedRef {
  personId: string;
  villagePath: string[];
}

/**
 * One page of active cadres stationed under a unit, in `_id` order after `afterId` (keyset
 * paging). Only ids and grant paths travel: a county's 100,000 cadres must fit one call.
 */
export async function stationedCadresPage(unitId: string, afterId: string, limit = 1000): Promise<{ cadres: StationedRef[]; lastId: string | null }> {
  const { data } = await db
    .collection(PEOPLE)
    .where({ grants: _.elemMatch({ role: 'cadre', path: unitId }), active: true, _id: _.gt(afterId) })
    .orderBy('_id', 'asc')
    .limit(limit)
    .field({ 'grants.role': true, 'grants.path': true })
    .get<{ _id: string; grants: { role: string; path: string[] }[] }>();
  const cadres = data.map((p) => ({ personId: p._id, villagePath: p.grants.find((g) => g.role === 'cadre' && g.path.includes(unitId))?.path ?? [] })).filter((c) => c.villagePath.length > 0);
  return { cadres, lastId: data.length === limit ? data[data.length - 1]!._id : null };
}

/** Active people holding `role` at exactly this unit (e.g. a township's leave approvers); one read. */
export async function holdersOfRole(role: Role, unitId: string): Promise<PersonDoc[]> {
  const { data } = await db.collection(PEOPLE).where({ grants: _.elemMatch({ role, orgUnitId: unitId }), active: true }).limit(100).get<PersonDoc>();
  return data;
}

/**
 * Cadres whose stationing ended on or after `fromDate` and who are not stationed now: those who
 * served part of a month that is being scored. Paged by assignment id (one read per 1,000, and
 * one for their names); a person with several such assignments comes with the latest.
 */
export async function formerCadresPage(fromDate: string, opts: { unitId?: string; after?: string; limit?: number } = {}): Promise<{ cadres: CadreRef[]; lastId: string | null }> {
  const limit = opts.limit ?? 1000;
  const where: Record<string, unknown> = { active: false, end: _.gte(fromDate), _id: _.gt(opts.after ?? '') };
  if (opts.unitId) where.villagePath = opts.unitId;
  const { data } = await db.collection(ASSIGNMENTS).where(where).orderBy('_id', 'asc').limit(limit).get<AssignmentDoc>();
  const people = await getPeople([...new Set(data.map((a) => a.personId))]);
  const latest = new Map<string, AssignmentDoc>();
  for (const a of data) if (!latest.has(a.personId) || latest.get(a.personId)!.end! < a.end!) latest.set(a.personId, a);
  const cadres: CadreRef[] = [];
  for (const a of latest.values()) {
    const p = people.get(a.personId);
    if (!p || p.grants.some((g) => g.role === 'cadre')) continue; // stationed now: scored with the active cadres
    cadres.push({ personId: a.personId, name: p.name, openid: p.openid, villageId: a.villageId, villagePath: a.villagePath, since: new Date(`${a.start}T00:00:00+08:00`), kind: a.kind, ended: true });
  }
  return { cadres, lastId: data.length === limit ? data[data.length - 1]!._id : null };
}
