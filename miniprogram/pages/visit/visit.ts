/**
 * What the household-visit pages (入户走访, the subpackage `pages/visit/`) share: their routes,
 * the server's limits, a problem and a figure as people read them, and the rates' words.
 */
import { call } from '../../api/index';
import type { OutputOf } from '../../api/index';
import { errorText } from '../../utils/answer';
import { shortTime } from '../../utils/day';
import { browsableUnits } from '../../utils/org';
import { undoubled } from '../../utils/complaint-staff';

export const VISIT_ROUTES = {
  mine: '/pages/visit/mine/index',
  log: '/pages/visit/log/index',
  households: '/pages/visit/households/index',
  groups: '/pages/visit/groups/index',
  plan: '/pages/visit/plan/index',
  figures: '/pages/visit/figures/index',
  problems: '/pages/visit/problems/index',
  problem: '/pages/visit/problem/index',
} as const;

/** Where staff handle a ticket (the complaint pages of the admin subpackage). */
export const HANDLE_ROUTE = '/pages/admin/complaint/detail/index';

/** The server's limits (server/features/visit/schema.ts). */
export const MIN_NOTES = 2;
export const MAX_NOTES = 1000;
export const MIN_PROBLEM = 5;
export const MAX_PROBLEM = 500;
export const MAX_PROBLEMS = 10;

/** The five categories (server/features/complaint/schema.ts, CATEGORY_NAMES), for a problem's suggestion. */
export const CATEGORY_OPTIONS = [
  { key: '', name: '不确定（由乡镇分类）' },
  { key: 'service', name: '便民服务' },
  { key: 'disclosure', name: '公示公开' },
  { key: 'education', name: '宣传教育' },
  { key: 'report', name: '信访举报' },
  { key: 'opinion', name: '舆情管控' },
] as const;

export type ProblemRow = OutputOf<'visit.problems'>['items'][number];

/** A visit problem in a list. */
export interface ProblemItem {
  id: string;
  text: string;
  household: string;
  by: string;
  status: string;
  statusName: string;
  categoryName: string;
  dept: string;
  deadline: string;
  overdue: boolean;
  raised: string;
  confidential: boolean;
}

export function problemItem(p: ProblemRow): ProblemItem {
  return {
    id: p.id,
    text: p.text,
    household: p.householdName ? `${p.householdName}（${p.householdGroup}）` : '',
    by: p.raisedByName,
    status: p.status,
    statusName: p.statusName,
    categoryName: p.categoryName,
    dept: undoubled(p.deptName),
    deadline: p.deadline ? `截止 ${shortTime(p.deadline)}` : '',
    overdue: p.overdue,
    raised: shortTime(p.raisedAt),
    confidential: p.confidential,
  };
}

/** `80%`, `66.7%`, or `—` when there is nothing to divide by. */
export function rateText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${rate}%`;
}

export type FigureRow = OutputOf<'visit.figures'>['total'];

/** The columns of the figures, in their order. */
export const FIGURE_COLUMNS = [
  { key: 'visitRate', label: '走访率' },
  { key: 'coverageRate', label: '覆盖率' },
  { key: 'resolutionRate', label: '问题化解率' },
  { key: 'leaves', label: '请假人次' },
] as const;

export interface FigureView {
  key: string;
  name: string;
  visitRate: string;
  /** `按计划 6 / 8 户次`. */
  visitDetail: string;
  coverageRate: string;
  coverageDetail: string;
  resolutionRate: string;
  resolutionDetail: string;
  leaves: number;
  plans: string;
  visits: number;
}

export function figureView(r: FigureRow): FigureView {
  return {
    key: r.key,
    name: r.name,
    visitRate: rateText(r.visitRate),
    visitDetail: `${r.plannedVisited} / ${r.planned}`,
    coverageRate: rateText(r.coverageRate),
    coverageDetail: `${r.visitedHouseholds} / ${r.households}`,
    resolutionRate: rateText(r.resolutionRate),
    resolutionDetail: `${r.resolved} / ${r.problems}`,
    leaves: r.leaves,
    plans: `${r.plansFulfilled} / ${r.plans}`,
    visits: r.visits,
  };
}

/** The field labels of the visit forms, for the server's refusals. */
export const VISIT_LABELS: Record<string, string> = { notes: '走访情况', problems: '问题', memberIds: '走访人员', location: '定位', head: '户主姓名', group: '村民小组', house: '门牌号或地址', phone: '联系电话', members: '家庭人口', tags: '标签', name: '组名', auxiliary: '辅助团队成员' };

/** The village a page opens on: the link's; else a cadre's own; else the first of a staff member's villages (all of them offered). */
export type VillageStart = { villageId: string; villageName: string; villages: { id: string; name: string }[] } | { status: 'forbidden' | 'noVillage' | 'error'; error: string };

export async function startVillage(asked: string): Promise<VillageStart> {
  if (asked) return { villageId: asked, villageName: '', villages: [] };
  const me = await call('people.me');
  if (!me.ok) return { status: me.code === 'not_bound' ? 'forbidden' : 'error', error: errorText(me) };
  const cadre = me.data.roles.find((r) => r.role === 'cadre');
  if (cadre) return { villageId: cadre.orgUnitId, villageName: cadre.unitName, villages: [] };
  const roots = me.data.roles.filter((r) => r.role === 'staff');
  if (!roots.length) return { status: 'forbidden', error: '' };
  const units = await browsableUnits(roots);
  if (!units.ok) return { status: 'error', error: errorText(units) };
  const villages = units.data.filter((u) => u.level === 'village').map((u) => ({ id: u.id, name: u.label }));
  if (!villages.length) return { status: 'noVillage', error: '' };
  return { villageId: villages[0]!.id, villageName: '', villages };
}
