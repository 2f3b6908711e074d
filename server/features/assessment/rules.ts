/** The annual assessment's arithmetic, as pure functions: each part, the total, ranks and grades. */
import { gradeOf, quotaCut, ranks, round1 } from '../scoring/rules';
import type { Grade, GradeRules } from '../scoring/schema';
import type { AssessmentSettings, PartPoints, Target } from './schema';

/**
 * 目标管理: the weighted mean of the confirmed targets' scores (a target not scored counts 0).
 * Null when the cadre has no confirmed target.
 */
export function targetPart(targets: readonly Pick<Target, 'status' | 'weight' | 'score'>[]): number | null {
  const counted = targets.filter((t) => t.status === 'confirmed');
  const weight = counted.reduce((s, t) => s + t.weight, 0);
  if (!counted.length || weight === 0) return null;
  return round1(counted.reduce((s, t) => s + (t.score ?? 0) * t.weight, 0) / weight);
}

export interface Tally {
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

/**
 * 民主测评: 满意 100 points, 基本满意 `basicallyPoints`, 不满意 0, averaged over the ratings; the
 * satisfaction rate is the share of 满意 and 基本满意 (percent). Null with no rating.
 */
export function surveyPart(t: Tally, basicallyPoints: number): { points: number | null; rate: number | null; count: number } {
  const count = t.satisfied + t.basicallySatisfied + t.unsatisfied;
  if (!count) return { points: null, rate: null, count };
  return { points: round1((100 * t.satisfied + basicallyPoints * t.basicallySatisfied) / count), rate: round1((100 * (t.satisfied + t.basicallySatisfied)) / count), count };
}

/**
 * 检查评价: the mean of the year's monthly scores, less `penalty` points for each time an
 * inspection (暗访) found the cadre absent, not below 0. Null with no monthly score.
 */
export function inspectionPart(monthTotals: readonly number[], absences: number, penalty: number): { points: number | null; average: number | null } {
  if (!monthTotals.length) return { points: null, average: null };
  const average = round1(monthTotals.reduce((s, n) => s + n, 0) / monthTotals.length);
  return { points: round1(Math.max(0, average - absences * penalty)), average };
}

/** The annual total: the parts by the county's weights (a missing part counts 0). */
export function totalOf(parts: PartPoints, weights: AssessmentSettings['weights']): number {
  return round1(((parts.targets ?? 0) * weights.targets + (parts.survey ?? 0) * weights.survey + (parts.inspection ?? 0) * weights.inspection) / 100);
}

export interface Ranked<T> {
  item: T;
  rank: number;
  kindRank: number;
  grade: Grade;
}

/**
 * Rank a county's cadres (best total first, ties sharing a rank; then by id for a stable order),
 * rank them again within their cadre kind (分类排位), and grade them by the scoring rules'
 * thresholds, 优秀 within the quota of the whole county.
 */
export function rankAndGrade<T extends { personId: string; kind: string; total: number }>(items: readonly T[], grades: GradeRules): { rows: Ranked<T>[]; excellentAbove: number | null } {
  const sorted = [...items].sort((a, b) => b.total - a.total || a.personId.localeCompare(b.personId));
  const rs = ranks(sorted.map((s) => s.total));
  const excellentAbove = quotaCut(grades, sorted.length, (k) => sorted[k]?.total ?? null);
  const byKind = new Map<string, T[]>();
  for (const s of sorted) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  const kindRank = new Map<string, number>();
  for (const list of byKind.values()) {
    const r = ranks(list.map((s) => s.total));
    list.forEach((s, i) => kindRank.set(s.personId, r[i]!));
  }
  return {
    rows: sorted.map((item, i) => ({ item, rank: rs[i]!, kindRank: kindRank.get(item.personId)!, grade: gradeOf(item.total, grades, excellentAbove) })),
    excellentAbove,
  };
}
