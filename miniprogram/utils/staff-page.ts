/**
 * The scaffolding the staff pages (pages/admin/) share around the org unit they show: the caller's
 * staff roles, the unit of the link (else the caller's first) shown at once, a picker of the units
 * from the caller's own down (`browsableUnits`) and its change; and the month a page shows.
 *
 * The functions that take `page` are given the page itself (`this`) and call its `setData` with the
 * fields named here, which the page keeps in its `data` (`...unitPageData()`, `month`, `monthText`).
 */
import { call } from '../api/index';
import { monthText, pickedMonth } from './day';
import { queryValue } from './nav';
import { browsableUnits, myCounties, myStaffRoles } from './org';
import type { CountyPicker, MyRole, UnitOption, UnitRoot } from './org';
import type { Role } from './roles';
import { isMonth } from './scoring';

/** A staff page's status: `forbidden` for someone who is not staff, `error` with the reason. */
export type PageStatus = 'loading' | 'ok' | 'forbidden' | 'error';

/** What a unit picker keeps in a page's `data`. */
export interface UnitPicker {
  /** The units offered, and their labels (`双龙镇 / 十八洞村`). */
  units: UnitOption[];
  unitLabels: string[];
  /** The unit shown: its place in `units`, its id and its name. */
  unitIndex: number;
  unitId: string;
  unitName: string;
}

/** A page as the functions here see it: its `data` (these fields at least) and `setData`. */
interface Page<D> {
  readonly data: Readonly<D>;
  setData(data: Partial<D> & Record<string, unknown>): void;
}

/** More fields a page sets along with the ones set here. */
type Also = Record<string, unknown>;

/** A unit page's `data` before anything is read (spread into it): loading, and the picker empty. */
export function unitPageData(): UnitPicker & { status: PageStatus; error: string } {
  return { status: 'loading', error: '', units: [], unitLabels: [], unitIndex: 0, unitId: '', unitName: '' };
}

/**
 * The picker at first: the unit of the link (`askedId`), else the caller's first, named as the
 * caller's role there names it ('' for a unit they hold no role at), alone until the units are walked.
 */
export function firstUnit(roles: readonly UnitRoot[], askedId: string): UnitPicker {
  const unitId = askedId || roles[0]!.orgUnitId;
  const unitName = roles.find((r) => r.orgUnitId === unitId)?.unitName ?? '';
  return { units: [], unitLabels: unitName ? [unitName] : [], unitIndex: 0, unitId, unitName };
}

/**
 * The start of a staff page: `status` loading, then the caller's staff roles; or null, the page
 * showing `forbidden` (not staff) or `error` (with the reason) instead.
 */
export async function staffRoles(page: Page<{ error: string }>): Promise<MyRole[] | null> {
  page.setData({ status: 'loading', error: '' });
  const mine = await myStaffRoles();
  if ('status' in mine) {
    page.setData({ status: mine.status, error: mine.error });
    return null;
  }
  return mine.roles;
}

/**
 * Like `staffRoles`, for a page that other roles open too (诉求受理: staff, 村群管理员, 纪委监委):
 * the caller's roles among `wanted`, in the order of their grants; or null, the page showing
 * `forbidden` (none of them) or `error` (with the reason) instead.
 */
export async function rolesAmong(page: Page<{ error: string }>, wanted: readonly Role[]): Promise<MyRole[] | null> {
  page.setData({ status: 'loading', error: '' });
  const me = await call('people.me');
  if (!me.ok) {
    page.setData({ status: me.code === 'not_bound' ? 'forbidden' : 'error', error: me.message });
    return null;
  }
  const roles = me.data.roles.filter((r) => wanted.includes(r.role));
  if (!roles.length) {
    page.setData({ status: 'forbidden', error: '' });
    return null;
  }
  return roles;
}

/** `openOnUnit` for the holders of `wanted` roles (`rolesAmong`) rather than staff alone. */
export async function openOnUnitAs(page: Page<UnitPicker & { error: string }>, askedId: string, wanted: readonly Role[], also?: (role: MyRole | undefined, roles: readonly MyRole[]) => Also): Promise<MyRole[] | null> {
  const roles = await rolesAmong(page, wanted);
  if (!roles) return null;
  const picker = firstUnit(roles, askedId);
  page.setData({ status: 'ok', ...picker, ...also?.(roles.find((r) => r.orgUnitId === picker.unitId), roles) });
  return roles;
}

/**
 * Open a staff page on a unit: the caller's staff roles (`staffRoles`), then `status` ok with the
 * picker at first (`firstUnit`) and `also` (what the page takes from the shown unit's role and the
 * roles). The roles (the roots for `fillUnitPicker`), or null when the page shows why not.
 */
export async function openOnUnit(page: Page<UnitPicker & { error: string }>, askedId: string, also?: (role: MyRole | undefined, roles: readonly MyRole[]) => Also): Promise<MyRole[] | null> {
  const roles = await staffRoles(page);
  if (!roles) return null;
  const picker = firstUnit(roles, askedId);
  page.setData({ status: 'ok', ...picker, ...also?.(roles.find((r) => r.orgUnitId === picker.unitId), roles) });
  return roles;
}

export interface FillOptions {
  /**
   * A shown unit the walk did not reach (one of the link, outside the caller's own: the server
   * decides on it) is put first in the picker, named as shown or 所选单位 — the default. With
   * false the picker offers the walked units only, and the shown unit takes its name from them.
   */
  keepLinked?: boolean;
  /** More to set from the unit chosen in the picker (its level, say). */
  also?: (chosen: UnitOption) => Also;
}

/**
 * Fill the picker with the units from `roots` down (`browsableUnits`), the shown unit chosen.
 * False when the walk failed: the picker keeps the one unit shown.
 */
export async function fillUnitPicker(page: Page<UnitPicker>, roots: readonly UnitRoot[], options: FillOptions = {}): Promise<boolean> {
  const units = await browsableUnits(roots);
  if (!units.ok) return false;
  const { unitId, unitName } = page.data;
  if (options.keepLinked === false) {
    const i = units.data.findIndex((u) => u.id === unitId);
    const chosen = units.data[i];
    page.setData({ units: units.data, unitLabels: units.data.map((u) => u.label), unitIndex: Math.max(0, i), ...(chosen ? { unitName: chosen.name, ...options.also?.(chosen) } : {}) });
    return true;
  }
  const list = [...units.data];
  let i = list.findIndex((u) => u.id === unitId);
  if (i < 0) {
    list.unshift({ id: unitId, name: unitName || '所选单位', level: 'village', label: unitName || '所选单位' });
    i = 0;
  }
  page.setData({ units: list, unitLabels: list.map((u) => u.label), unitIndex: i, ...options.also?.(list[i]!) });
  return true;
}

/**
 * A unit picker's change (`bindchange`): show the unit at the picked place (`unitIndex`, `unitId`,
 * `unitName`, with `also`) unless there is none or it is the one shown. True when it did: the page
 * reads the unit next.
 */
export function pickUnit<U extends { id: string; name: string }>(page: Page<{ units: readonly U[]; unitId: string }>, value: unknown, also: Also | ((unit: U) => Also) = {}): boolean {
  const i = Number(value);
  const unit = page.data.units[i];
  if (!unit || unit.id === page.data.unitId) return false;
  page.setData({ unitIndex: i, unitId: unit.id, unitName: unit.name, ...(typeof also === 'function' ? also(unit) : also) });
  return true;
}

/** A picker of the caller's own units only (no walk down the tree), as a page's `data` keeps it. */
export interface OwnUnitPicker {
  units: { id: string; name: string }[];
  unitNames: string[];
  unitIndex: number;
  unitId: string;
}

/**
 * Open a staff page on one of the caller's own units (`staffRoles`, then `status` ok with an
 * `OwnUnitPicker`): each of their units once (named by their role, else by their id), with the unit
 * of the link first when it is not among them (named by `org.getUnit`, else by its id: the server
 * decides on it); the one shown: the link's, else the caller's first. False when the page shows why not.
 */
export async function openOnOwnUnits(page: Page<OwnUnitPicker & { error: string }>, askedId: string): Promise<boolean> {
  const roles = await staffRoles(page);
  if (!roles) return false;
  const units = roles.map((r) => ({ id: r.orgUnitId, name: r.unitName || r.orgUnitId })).filter((u, i, all) => all.findIndex((x) => x.id === u.id) === i);
  if (askedId && !units.some((u) => u.id === askedId)) {
    const unit = await call('org.getUnit', { id: askedId });
    units.unshift({ id: askedId, name: unit.ok ? unit.data.name : askedId });
  }
  const unitId = askedId || units[0]!.id;
  page.setData({ status: 'ok', units, unitNames: units.map((u) => u.name), unitIndex: Math.max(0, units.findIndex((u) => u.id === unitId)), unitId });
  return true;
}

/** The month shown and its words (`2026年5月`), as a page's `data` keeps them. */
export interface ShownMonth {
  month: string;
  monthText: string;
}

/** The month the link asks for (`?month=YYYY-MM`, not after `latest` when given), else `fallback`. */
export function monthFromQuery(query: Record<string, string | undefined>, fallback: string, latest = ''): ShownMonth {
  const asked = queryValue(query, 'month');
  const month = isMonth(asked) && (!latest || asked <= latest) ? asked : fallback;
  return { month, monthText: monthText(month) };
}

/**
 * A month picker's change (`bindchange`): show the month picked (with `also`) unless it is none or
 * the one shown. True when it did: the page reads the month next.
 */
export function pickMonth(page: Page<ShownMonth>, value: unknown, also: Also = {}): boolean {
  const month = pickedMonth(value);
  if (!month || month === page.data.month) return false;
  page.setData({ month, monthText: monthText(month), ...also });
  return true;
}

/**
 * A county settings page's opening: the counties the caller may set (their own, or a city's), the
 * link's county first, shown with `status: 'ok'`; or the refusal (`whyNone` when they hold no
 * county). True when the page goes on to read the county's settings.
 */
export async function openOnCounty(page: Page<CountyPicker & { status: PageStatus; error: string }>, askedId: string, whyNone: string): Promise<boolean> {
  page.setData({ status: 'loading', error: '' });
  const mine = await myCounties(askedId, whyNone);
  if ('status' in mine) {
    page.setData({ status: mine.status, error: mine.error });
    return false;
  }
  page.setData({ status: 'ok', ...mine.picker });
  return true;
}

/** A county picker's change: show the picked county unless it is the one shown. True when it did. */
export function pickCounty(page: Page<CountyPicker>, value: unknown): boolean {
  const i = Number(value);
  const county = page.data.counties[i];
  if (!county || county.id === page.data.countyId) return false;
  page.setData({ countyIndex: i, countyId: county.id });
  return true;
}
