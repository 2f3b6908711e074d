/** The organisation tree as pages show it: level names, and the units a staff member can pick. */
import { call } from '../api/index';
import type { Answer, OutputOf } from '../api/index';
import type { Level } from './roles';

export type Unit = OutputOf<'org.getUnit'>;
export type Fence = NonNullable<Unit['fence']>;
export type LatLng = NonNullable<Unit['center']>;

/** The server's names (server/features/org/schema.ts, LEVEL_NAMES). */
export const LEVEL_NAMES: Record<Level, string> = { city: '市', county: '县（区）', township: '乡镇（街道）', village: '村（社区）' };

const LEVELS: Level[] = ['city', 'county', 'township', 'village'];

export function levelName(level: string | null | undefined): string {
  return (level && LEVEL_NAMES[level as Level]) || '';
}

/** The level directly under `level`, or null under a village. */
export function childLevel(level: string | null | undefined): Level | null {
  const i = LEVELS.indexOf(level as Level);
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1]! : null;
}

/** A unit in a picker: `双龙镇 / 十八洞村` from the caller's own unit down. */
export interface UnitOption {
  id: string;
  name: string;
  level: Level;
  label: string;
}

export interface UnitRoot {
  orgUnitId: string;
  unitName: string;
  level: Level | null;
}

/**
 * Every unit under the caller's own units (theirs included), parents before children, walking
 * the tree with `org.listUnits` one level at a time (the calls of a level go out together).
 * `maxCalls` bounds the walk for a large area; what it did not reach is left out.
 */
export async function browsableUnits(roots: readonly UnitRoot[], maxCalls = 60): Promise<Answer<UnitOption[]>> {
  const seen = new Set<string>();
  const top: UnitOption[] = [];
  for (const r of roots) {
    if (seen.has(r.orgUnitId) || !r.level) continue;
    seen.add(r.orgUnitId);
    top.push({ id: r.orgUnitId, name: r.unitName, level: r.level, label: r.unitName });
  }
  const children = new Map<string, UnitOption[]>();
  let frontier = top.filter((u) => u.level !== 'village');
  let calls = 0;
  while (frontier.length && calls < maxCalls) {
    const batch = frontier.slice(0, maxCalls - calls);
    calls += batch.length;
    const answers = await Promise.all(batch.map((u) => call('org.listUnits', { parentId: u.id })));
    const next: UnitOption[] = [];
    for (let i = 0; i < batch.length; i++) {
      const a = answers[i]!;
      if (!a.ok) return a;
      const parent = batch[i]!;
      const kids = a.data
        .filter((c) => !seen.has(c.id))
        .map((c) => ({ id: c.id, name: c.name, level: c.level, label: `${parent.label} / ${c.name}` }));
      kids.forEach((k) => seen.add(k.id));
      children.set(parent.id, kids);
      next.push(...kids.filter((k) => k.level !== 'village'));
    }
    frontier = next;
  }
  const out: UnitOption[] = [];
  const walk = (u: UnitOption) => {
    out.push(u);
    (children.get(u.id) ?? []).forEach(walk);
  };
  top.forEach(walk);
  return { ok: true, data: out };
}

/** A department's id from its name and unit: the same department gets the same id. */
export function departmentId(unitId: string, name: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${unitId}:${name}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `dept-${h.toString(16).padStart(8, '0')}`;
}

/** One of the caller's roles, as `people.me` lists it. */
export type MyRole = OutputOf<'people.me'>['roles'][number];

/**
 * The caller's organisation-staff roles (the units whose pages they may open), or what a staff
 * page should show instead: `forbidden` for someone who is not staff, `error` with the reason.
 */
export async function myStaffRoles(): Promise<{ roles: MyRole[] } | { status: 'forbidden' | 'error'; error: string }> {
  const me = await call('people.me');
  if (!me.ok) return { status: me.code === 'not_bound' ? 'forbidden' : 'error', error: me.message };
  const roles = me.data.roles.filter((r) => r.role === 'staff');
  return roles.length ? { roles } : { status: 'forbidden', error: '' };
}

export interface County {
  id: string;
  name: string;
}

/**
 * The counties whose settings the caller may open (their own county, or each county under their
 * city), with `askedId` (a page's `?countyId=`) put first when it is not among them (the server
 * decides on it); `forbidden` with `whyNone` for staff below county level.
 */
export async function myCounties(askedId: string, whyNone: string): Promise<{ picker: CountyPicker } | { status: 'forbidden' | 'error'; error: string }> {
  const mine = await myStaffRoles();
  if ('status' in mine) return mine;
  const out: County[] = [];
  const add = (c: County) => {
    if (!out.some((x) => x.id === c.id)) out.push(c);
  };
  for (const r of mine.roles) if (r.level === 'county') add({ id: r.orgUnitId, name: r.unitName || r.orgUnitId });
  const cities = mine.roles.filter((r) => r.level === 'city');
  const answers = await Promise.all(cities.map((r) => call('org.listUnits', { parentId: r.orgUnitId })));
  for (const a of answers) if (a.ok) a.data.filter((u) => u.level === 'county').forEach((u) => add({ id: u.id, name: u.name }));
  if (askedId && !out.some((c) => c.id === askedId)) {
    const unit = await call('org.getUnit', { id: askedId });
    out.unshift({ id: askedId, name: unit.ok ? unit.data.name : '所选县（区）' });
  }
  if (out.length === 0) return { status: 'forbidden', error: whyNone };
  const id = askedId || out[0]!.id;
  return { picker: { counties: out, countyNames: out.map((c) => c.name), countyIndex: Math.max(0, out.findIndex((c) => c.id === id)), countyId: id } };
}

/** What a county settings page keeps for its `<picker>`. */
export interface CountyPicker {
  counties: County[];
  countyNames: string[];
  countyIndex: number;
  countyId: string;
}
