/**
 * What the three-in-one assessment's pages (三位一体综合考评, subpackage `pages/assess/`) share:
 * their routes, the years offered, how a target and a score read, and the server's limits.
 */
import type { OutputOf } from '../../api/index';

export const ASSESS_ROUTES = {
  myTargets: '/pages/assess/targets/mine/index',
  progress: '/pages/assess/targets/progress/index',
  manage: '/pages/assess/targets/manage/index',
  cadre: '/pages/assess/targets/cadre/index',
  surveys: '/pages/assess/survey/manage/index',
  answer: '/pages/assess/survey/answer/index',
  annual: '/pages/assess/annual/ranking/index',
  explain: '/pages/assess/annual/explain/index',
} as const;

/** The server's limits (server/features/assessment/schema.ts). */
export const MAX_PHOTOS = 9;
export const MIN_TEXT = 4;

export type PlanView = OutputOf<'assessment.myTargets'>['plan'];
export type TargetView = PlanView['targets'][number];

/** This year and the two before it (`['2026', '2025', '2024']`). */
export function yearsUpTo(today: string): string[] {
  const y = Number(today.slice(0, 4));
  return [y, y - 1, y - 2].map(String);
}

/** `11月` for `2026-11`. */
export const monthName = (month: string) => (/^\d{4}-\d{2}$/.test(month) ? `${Number(month.slice(5, 7))}月` : month);

/** A figure with one decimal, or 缺项 for a part with nothing to score it by. */
export const points = (n: number | null | undefined) => (n === null || n === undefined ? '缺项' : n.toFixed(1));

/** A target as a list shows it. */
export interface TargetItem {
  id: string;
  text: string;
  /** `产业发展 · 权重 60 · 11月完成`. */
  line: string;
  status: TargetView['status'];
  statusName: string;
  /** `本人提出` / `组织设定`, with who reviewed it. */
  origin: string;
  percent: number;
  /** `完成进度 60%（记录 2 次）`. */
  progress: string;
  /** `评分 90 分（石慧敏）`, or ''. */
  score: string;
  note: string;
  due: boolean;
  live: boolean;
  scored: boolean;
}

export function targetItem(t: TargetView): TargetItem {
  return {
    id: t.id,
    text: t.text,
    line: `${t.categoryName} · 权重 ${t.weight} · ${monthName(t.dueMonth)}完成`,
    status: t.status,
    statusName: t.statusName,
    origin: t.reviewedByName && t.origin === 'cadre' ? `${t.originName}，${t.reviewedByName}审核` : t.originName,
    percent: t.percent,
    progress: `完成进度 ${t.percent}%（记录 ${t.progressCount} 次）`,
    score: t.score === null ? '' : `评分 ${t.score} 分${t.scoredByName ? `（${t.scoredByName}）` : ''}`,
    note: t.status === 'rejected' || t.status === 'dropped' ? t.reviewNote : t.scoreNote,
    due: t.due,
    live: t.status === 'proposed' || t.status === 'confirmed',
    scored: t.score !== null,
  };
}

/** The server's refusals, by field (the first message of each). */
export function fieldErrors(issues: readonly { path: string; message: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues ?? []) {
    const head = i.path.split('.')[0] ?? '';
    if (head && !out[head]) out[head] = i.message;
  }
  return out;
}
