/**
 * Pure rules of household visits: a household's identity, the checks of an imported row, the
 * 2+1 group's membership, when a plan may change, whether a fix is fresh, and the rates.
 */
import { createHash } from 'node:crypto';
import { LIMITS, type FigureRow } from './schema';

/** What a name, a 组 or a house number is, whatever the typing: full-width digits and spaces do not make another household. */
export const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').trim();

/** A household's id: its village, the head's name, its 村民小组 and its house (门牌号或地址). */
export function householdId(villageId: string, head: string, group: string, house: string): string {
  return `hh-${createHash('sha256').update(`${villageId}|${norm(head)}|${norm(group)}|${norm(house)}`).digest('hex').slice(0, 24)}`;
}

/** A 2+1 group's id, from its village and the clientId of the form that made it. */
export function groupId(villageId: string, clientId: string): string {
  return `vg-${createHash('sha256').update(`${villageId}|${clientId}`).digest('hex').slice(0, 16)}`;
}

export const planId = (groupId: string, month: string) => `${groupId}.${month}`;

export const visitId = (personId: string, clientId: string) => `vs-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;

/** The ticket of a visit's `i`th problem: a retried visit raises the same tickets. */
export const problemTicketId = (visitId: string, i: number) => `cp-${createHash('sha256').update(`visit:${visitId}:${i}`).digest('hex').slice(0, 24)}`;

// ---- the import's rows ---------------------------------------------------------------------------

export const HOUSEHOLD_FIELDS = ['head', 'group', 'house', 'phone', 'members', 'tags'] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];

/** The headers a sheet may use for each field (the first row holding 户主 and 组 is the header row). */
export const HEADERS: Record<HouseholdField, readonly string[]> = {
  head: ['户主姓名', '户主', '户主名字'],
  group: ['村民小组', '组', '小组', '组别', '所在组'],
  house: ['门牌号或地址', '门牌号', '地址', '住址', '门牌', '家庭住址'],
  phone: ['联系电话', '电话', '手机号', '手机', '手机号码'],
  members: ['家庭人口', '人口', '家庭人数', '人数'],
  tags: ['标签', '户类型', '户别', '类别'],
};

/** The field a header names, or null. */
export function fieldOf(header: string): HouseholdField | null {
  const h = norm(header).replace(/[*＊（(].*$/, '');
  for (const f of HOUSEHOLD_FIELDS) if (HEADERS[f].includes(h)) return f;
  return null;
}

export interface SheetRow {
  /** The row's number in the sheet (as Excel shows it). */
  row: number;
  cells: Partial<Record<HouseholdField, string>>;
}

export interface HouseholdRow {
  row: number;
  id: string;
  head: string;
  group: string;
  house: string;
  phone: string | null;
  members: number | null;
  tags: string[];
}

export interface RowError {
  row: number;
  message: string;
}

const PHONE = /^1[3-9]\d{9}$/;

/**
 * Check the rows of a sheet one by one: each either becomes a household or is refused with its
 * row number and why (in Chinese). A row repeating an earlier one (same head, 组 and house) is
 * refused, naming the row it repeats. Empty rows are skipped.
 */
export function checkRows(villageId: string, rows: readonly SheetRow[]): { households: HouseholdRow[]; errors: RowError[] } {
  const households: HouseholdRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const v = (f: HouseholdField) => (cells[f] ?? '').trim();
    if (HOUSEHOLD_FIELDS.every((f) => !v(f))) continue;
    const why: string[] = [];
    const head = v('head');
    const group = v('group');
    const house = v('house');
    if (!head) why.push('户主姓名不能为空');
    else if (head.length < LIMITS.head[0] || head.length > LIMITS.head[1]) why.push('户主姓名应为2至20个字');
    if (!group) why.push('村民小组不能为空');
    else if (group.length > LIMITS.group[1]) why.push('村民小组最多20个字');
    if (!house) why.push('门牌号或地址不能为空');
    else if (house.length > LIMITS.house[1]) why.push('门牌号或地址最多60个字');
    const phoneText = norm(v('phone')).replace(/-/g, '');
    if (phoneText && !PHONE.test(phoneText)) why.push('联系电话应为11位手机号码');
    const membersText = norm(v('members')).replace(/人$/, '');
    const members = membersText ? Number(membersText) : null;
    if (members !== null && (!Number.isInteger(members) || members < LIMITS.members[0] || members > LIMITS.members[1])) why.push('家庭人口应为1至30的整数');
    const tags = [...new Set(v('tags').split(/[、,，;；/\s]+/).map((t) => t.trim()).filter(Boolean))];
    if (tags.length > LIMITS.tags || tags.some((t) => t.length > LIMITS.tag)) why.push('标签最多6个，每个不超过10个字');
    if (why.length) {
      errors.push({ row, message: `第${row}行：${why.join('；')}` });
      continue;
    }
    const id = householdId(villageId, head, group, house);
    const first = seen.get(id);
    if (first !== undefined) {
      errors.push({ row, message: `第${row}行：与第${first}行是同一户（户主姓名、村民小组、门牌号或地址都相同）` });
      continue;
    }
    seen.set(id, row);
    households.push({ row, id, head, group, house, phone: phoneText || null, members, tags });
  }
  return { households, errors };
}

// ---- groups, plans and visits --------------------------------------------------------------------

/**
 * Why a 2+1 group's membership is wrong, or null: two distinct cadres stationed in the village,
 * neither in another group of the village, and an auxiliary member who is not one of them.
 */
export function membershipProblem(input: { memberIds: readonly string[]; auxiliaryPersonId: string | null }, stationed: ReadonlySet<string>, inOtherGroups: ReadonlyMap<string, string>): string | null {
  const ids = input.memberIds;
  if (ids.length !== 2) return `“2+1”小组须有2名驻村团队成员，现在是${ids.length}名`;
  if (ids[0] === ids[1]) return '2名团队成员不能是同一个人';
  for (const id of ids) {
    if (!stationed.has(id)) return '团队成员须是驻在本村的驻村干部';
    const other = inOtherGroups.get(id);
    if (other) return `该干部已在本村“${other}”中，一人只能参加一个小组`;
  }
  if (input.auxiliaryPersonId && ids.includes(input.auxiliaryPersonId)) return '辅助团队成员不能是本组的团队成员';
  return null;
}

/** The month of `now` and the next one: the months a plan may be made or changed for. */
export function planMonths(today: string): { current: string; next: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { current: today.slice(0, 7), next };
}

/**
 * Why a plan cannot be changed so, or null: only this month's and next month's; once the month
 * has begun, households may be added but not taken out (so a month's plan cannot be shrunk to
 * what was done).
 */
export function planChangeProblem(month: string, today: string, before: readonly string[], after: readonly string[]): string | null {
  const { current, next } = planMonths(today);
  if (month !== current && month !== next) return month < current ? '该月已过，走访计划不能再改' : '只能制定本月和下月的走访计划';
  if (month === current) {
    const keep = new Set(after);
    const dropped = before.filter((id) => !keep.has(id));
    if (dropped.length) return `本月计划已在执行，只能增加走访户，不能减少（有${dropped.length}户被去掉）`;
  }
  return null;
}

/** Is a plan fulfilled: every planned household visited in its month (an empty plan is not a plan fulfilled). */
export function planFulfilled(p: { planned: boolean; householdIds: readonly string[]; visitedIds: readonly string[] }): boolean {
  if (!p.planned || !p.householdIds.length) return false;
  const done = new Set(p.visitedIds);
  return p.householdIds.every((id) => done.has(id));
}

/** A fix the phone took just now: at most 10 minutes before the server's time, at most 2 after. */
export const FRESH_FIX = { beforeMs: 10 * 60_000, afterMs: 2 * 60_000 } as const;
export function fixIsFresh(capturedAt: Date, now: Date): boolean {
  const d = now.getTime() - capturedAt.getTime();
  return d <= FRESH_FIX.beforeMs && d >= -FRESH_FIX.afterMs;
}

const QUARTERS = ['一', '二', '三', '四'];

/** `2026年5月`, `2026年第二季度`. */
export function periodText(period: string): string {
  const y = period.slice(0, 4);
  if (/^\d{4}-Q[1-4]$/.test(period)) return `${y}年第${QUARTERS[Number(period.slice(6)) - 1]}季度`;
  return `${y}年${Number(period.slice(5, 7))}月`;
}

// ---- figures -------------------------------------------------------------------------------------

/** `part / whole` as a percent with one decimal, null when there is no whole. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

export type Counts = Omit<FigureRow, 'key' | 'name' | 'coverageRate' | 'visitRate' | 'resolutionRate'>;

export const emptyCounts = (): Counts => ({ households: 0, visitedHouseholds: 0, planned: 0, plannedVisited: 0, plans: 0, plansFulfilled: 0, visits: 0, problems: 0, resolved: 0, leaves: 0 });

export function addCounts(to: Counts, from: Counts): Counts {
  for (const k of Object.keys(to) as (keyof Counts)[]) to[k] += from[k];
  return to;
}

/** A row of figures from its counts, with the three rates worked out. */
export function figureRow(key: string, name: string, c: Counts): FigureRow {
  return { key, name, ...c, coverageRate: percent(c.visitedHouseholds, c.households), visitRate: percent(c.plannedVisited, c.planned), resolutionRate: percent(c.resolved, c.problems) };
}
