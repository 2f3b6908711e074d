/** The organisation tree: reading units and subtrees, creating and editing units and fences. */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { db, _, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import { TtlCache } from '../../kernel/cache';
import type { Caller, Grant } from '../../kernel/caller';
import type { Role } from '../../kernel/roles';
import type { ScopeTarget } from '../../kernel/action';
import { emit } from '../../kernel/events';
import { audit, stripUndefined } from '../audit/service';
import { childLevel, fenceCenter, fenceProblem, within } from './rules';
import type { Fence, LatLng, Level, OrgUnit } from './schema';

export const ORG_UNITS = 'orgUnits';

export async function getUnit(id: string): Promise<OrgUnit | null> {
  return (await db.collection(ORG_UNITS).doc(id).get<OrgUnit>()).data;
}

/**
 * Units change rarely and hot paths (every check-in reads its village's fence) are billed per
 * read, so a warm function instance keeps units for a minute. Edits made through this service
 * clear the entry at once in this instance; other instances see them within the minute.
 */
const unitCache = new TtlCache<string, OrgUnit>(5000, 60_000);

export async function getUnitCached(id: string): Promise<OrgUnit | null> {
  const hit = unitCache.get(id);
  if (hit) return hit;
  const unit = await getUnit(id);
  if (unit) unitCache.set(id, unit);
  return unit;
}

/** Several units in one read. */
export async function getUnits(ids: readonly string[]): Promise<Map<string, OrgUnit>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const out = new Map<string, OrgUnit>();
  for (let i = 0; i < unique.length; i += 1000) {
    const { data } = await db.collection(ORG_UNITS).where({ _id: _.in(unique.slice(i, i + 1000)) }).limit(1000).get<OrgUnit>();
    for (const u of data) out.set(u._id, u);
  }
  return out;
}

/** Units under `rootId` (itself included), optionally of one level, by name; one read per 1,000. */
export async function listSubtree(rootId: string, opts: { level?: Level; parentId?: string; limit?: number } = {}): Promise<OrgUnit[]> {
  const q: Record<string, unknown> = { path: rootId };
  if (opts.level) q.level = opts.level;
  if (opts.parentId) q.parentId = opts.parentId;
  const limit = opts.limit ?? 5000;
  const out: OrgUnit[] = [];
  while (out.length < limit) {
    const { data } = await db.collection(ORG_UNITS).where(q).orderBy('_id', 'asc').skip(out.length).limit(Math.min(1000, limit - out.length)).get<OrgUnit>();
    out.push(...data);
    if (data.length < 1000) break;
  }
  return out;
}

/** Does a grant of the caller (of one of `roles`, or any role) cover the unit at `path`? */
export function coveringGrant(caller: Caller, roles: readonly Role[] | 'any', path: readonly string[]): Grant | undefined {
  return caller.person?.grants.find((g) => (roles === 'any' || roles.includes(g.role)) && within(path, g.orgUnitId));
}

/** The router's scope check: every target must be covered. Unit ids are read in one query. */
export async function checkScope(caller: Caller, roles: readonly Role[] | 'any', targets: ScopeTarget[]): Promise<boolean> {
  const ids = targets.filter((t): t is string => typeof t === 'string');
  const units = await getUnits(ids);
  return targets.every((t) => {
    const path = typeof t === 'string' ? units.get(t)?.path : t.path;
    return !!path && !!coveringGrant(caller, roles, path);
  });
}

function newUnitId(level: Level): string {
  return `${level}-${randomBytes(6).toString('hex')}`;
}

export interface UnitChanges {
  name?: string;
  center?: LatLng;
  fence?: Fence | null;
}

function checkFence(fence: Fence | null | undefined, level: Level): void {
  if (!fence) return;
  if (level !== 'village') throw new AppError('invalid_input', '只有村（社区）可以设置围栏');
  const problem = fenceProblem(fence);
  if (problem) throw new AppError('invalid_input', problem);
}

/**
 * Sibling names are unique: a name another child of `parentId` has is refused before any write
 * (a refused call writes nothing), and the unique index on parent and name decides between
 * concurrent edits. `selfId`: the unit being renamed.
 */
async function namesUnique<T>(parentId: string | null, name: string, write: () => Promise<T>, selfId?: string): Promise<T> {
  const { total } = await db.collection(ORG_UNITS).where(selfId ? { parentId, name, _id: _.neq(selfId) } : { parentId, name }).count();
  if (total > 0) throw new AppError('conflict', `同一上级下已有名为“${name}”的单位`);
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('conflict', `同一上级下已有名为“${name}”的单位`);
    throw err;
  }
}

/** A unit the scope check already read (`memo`), or read now. */
async function known(id: string, memo?: Map<string, unknown>): Promise<OrgUnit | null> {
  return (memo?.get(`unit:${id}`) as OrgUnit | undefined) ?? (await getUnit(id));
}

/** Create a unit one level under `parentId`. */
export async function createUnit(caller: Caller, now: Date, input: { parentId: string; name: string } & UnitChanges, memo?: Map<string, unknown>): Promise<OrgUnit> {
  const parent = await known(input.parentId, memo);
  if (!parent) throw new AppError('forbidden');
  const level = childLevel(parent.level);
  if (!level) throw new AppError('invalid_input', '村（社区）之下不能再建下级单位');
  checkFence(input.fence, level);
  const id = newUnitId(level);
  const unit: OrgUnit = stripUndefined({
    _id: id,
    name: input.name,
    level,
    parentId: parent._id,
    path: [...parent.path, id],
    center: input.center ?? (input.fence ? fenceCenter(input.fence) : undefined),
    fence: input.fence ?? undefined,
    group: null,
    createdAt: now,
    updatedAt: now,
  });
  const { _id, ...data } = unit;
  await namesUnique(parent._id, input.name, () =>
    transaction(async (tx) => {
      await tx.collection(ORG_UNITS).doc(_id).set({ data });
      await audit(tx, caller, now, { action: 'org.createUnit', target: { collection: ORG_UNITS, id }, unitPath: unit.path, before: null, after: data });
    }),
  );
  return unit;
}

/** Rename a unit, move its centre, set or clear its fence. */
export async function updateUnit(caller: Caller, now: Date, id: string, changes: UnitChanges, memo?: Map<string, unknown>): Promise<OrgUnit> {
  const current = await known(id, memo);
  if (!current) throw new AppError('forbidden');
  checkFence(changes.fence, current.level);
  const name = changes.name ?? current.name;
  const fence = changes.fence === undefined ? current.fence ?? null : changes.fence;
  const center = changes.center ?? (changes.fence ? fenceCenter(changes.fence) : current.center ?? null);
  const set: Record<string, unknown> = { name, updatedAt: now, fence: fence ? _.set(fence) : _.remove(), center: center ? _.set(center) : _.remove() };
  const before = { name: current.name, center: current.center ?? null, fence: current.fence ?? null };
  const after = { name, center, fence };
  // Nothing to change (a retry of a call that died after its commit): no write and no audit
  // entry, but the copies below are brought up to date all the same.
  const unchanged = isDeepStrictEqual(stripUndefined(before), stripUndefined(after));
  if (!unchanged) {
    const write = () =>
      transaction(async (tx) => {
        await tx.collection(ORG_UNITS).doc(id).update({ data: set });
        await audit(tx, caller, now, { action: 'org.updateUnit', target: { collection: ORG_UNITS, id }, unitPath: current.path, before, after });
      });
    // Only a new name can clash with a sibling's.
    await (name === current.name ? write() : namesUnique(current.parentId, name, write, id));
  }
  unitCache.delete(id);
  await emit('unitChanged', { unitId: id, level: current.level, path: current.path });
  return stripUndefined({ ...current, name, center: center ?? undefined, fence: fence ?? undefined, updatedAt: unchanged ? current.updatedAt : now });
}

const SETTING_KEY = /^[a-z][A-Za-z0-9]{0,31}$/;

/**
 * Set (or, with `null`, clear) one feature's settings on a unit, with an audit entry. The
 * caller validated `value`; the org feature keeps it as given.
 */
export async function setUnitSetting(caller: Caller, now: Date, unit: OrgUnit, key: string, value: unknown, auditAction = `org.setting.${key}`): Promise<OrgUnit> {
  if (!SETTING_KEY.test(key)) throw new Error(`bad setting key ${key}`);
  const before = unit.settings?.[key] ?? null;
  // The same value again (a retry of a call that died after its commit, or a second save): no
  // write and no audit entry, but the copies are brought up to date all the same.
  const unchanged = isDeepStrictEqual(stripUndefined(before), stripUndefined(value));
  if (unchanged) {
    await emit('unitChanged', { unitId: unit._id, level: unit.level, path: unit.path });
    return unit;
  }
  await transaction(async (tx) => {
    await tx.collection(ORG_UNITS).doc(unit._id).update({ data: { [`settings.${key}`]: value === null ? _.remove() : _.set(value), updatedAt: now } });
    await audit(tx, caller, now, { action: auditAction, target: { collection: ORG_UNITS, id: unit._id }, unitPath: unit.path, before, after: value });
  });
  unitCache.delete(unit._id);
  await emit('unitChanged', { unitId: unit._id, level: unit.level, path: unit.path });
  const settings = { ...unit.settings };
  if (value === null) delete settings[key];
  else settings[key] = value;
  return { ...unit, settings, updatedAt: now };
}

/** Units that carry settings under `key` (one read per 1,000). */
export async function unitsWithSetting(key: string): Promise<OrgUnit[]> {
  if (!SETTING_KEY.test(key)) throw new Error(`bad setting key ${key}`);
  const out: OrgUnit[] = [];
  for (;;) {
    const { data } = await db.collection(ORG_UNITS).where({ [`settings.${key}`]: _.exists(true) }).orderBy('_id', 'asc').skip(out.length).limit(1000).get<OrgUnit>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}
