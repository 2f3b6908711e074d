/**
 * How a complaint reads in a list and in its timeline: shared by the complaint actions and the
 * visit feature's problems (走访问题), which lives in another function (kept apart from the
 * actions so that a bundle reusing them carries no complaint action).
 */
import { storage } from '../../platform/cloud';
import { deptLabel } from './rules';
import { CATEGORY_NAMES, SOURCE_NAMES, STATUS_NAMES, sourceOf, stepName, type ComplaintDoc } from './schema';

export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export const categoryOf = (c: ComplaintDoc) => c.category ?? c.suggested;


/** One line of a list (a visit problem is marked 走访问题). */
export function row(c: ComplaintDoc) {
  const cat = categoryOf(c);
  const source = sourceOf(c);
  return {
    id: c._id,
    source,
    sourceName: SOURCE_NAMES[source],
    text: c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text,
    villageName: c.villageName,
    category: cat,
    categoryName: cat ? CATEGORY_NAMES[cat] : '未分类',
    status: c.status,
    statusName: STATUS_NAMES[c.status],
    deptName: c.dept ? deptLabel(c.dept) : null,
    deadline: iso(c.deadline),
    overdue: c.overdue || c.stage >= 2,
    confidential: c.confidential,
    raisedAt: iso(c.raisedAt)!,
  };
}

export function timeline(c: ComplaintDoc, withNames: boolean) {
  const source = sourceOf(c);
  return c.steps.map((s) => ({ kind: s.kind, name: stepName(s.kind, source), at: iso(s.at)!, unitName: s.unitName, byName: withNames ? s.byName : '', note: s.note }));
}

export async function urls(ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const got = await storage.tempUrls(ids, 600);
  return ids.map((id) => got.get(id) ?? '').filter(Boolean);
}

