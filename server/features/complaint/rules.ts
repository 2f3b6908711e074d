/** Pure rules of complaint handling: deadlines in working days, who sees what, which step follows which. */
import { addWorkdays } from '../../kernel/calendar';
import { dateKey } from '../../kernel/clock';
import type { Caller } from '../../kernel/caller';
import { within } from '../org/rules';
import { DEFAULT_COMPLAINT_RULES, ComplaintRules, type Category, type ComplaintDoc, type ComplaintStatus, type StepKind } from './schema';

/** A county's rules as stored in its settings, or the defaults. */
export function rulesFrom(settings: Record<string, unknown> | undefined | null): ComplaintRules {
  const parsed = ComplaintRules.safeParse(settings?.complaint);
  return parsed.success ? parsed.data : DEFAULT_COMPLAINT_RULES;
}

/** Deadlines fall at 18:00 (Beijing) of a working day. */
const at18 = (day: string) => new Date(`${day}T18:00:00+08:00`);

/** 限时办结: the deadline `days` working days after `from`, the warning before it, and the escalation after it. */
export function timesFor(from: Date, days: number, rules: Pick<ComplaintRules, 'warnHours' | 'escalateDays'>): { warnAt: Date; deadline: Date; escalateAt: Date } {
  const deadlineDay = addWorkdays(dateKey(from), days);
  const deadline = at18(deadlineDay);
  return { warnAt: new Date(deadline.getTime() - rules.warnHours * 3_600_000), deadline, escalateAt: at18(addWorkdays(deadlineDay, rules.escalateDays)) };
}

/** A 信访举报 that names a cadre or village official goes to discipline staff alone. */
export function isConfidential(category: Category | null, about: ComplaintDoc['about']): boolean {
  return category === 'report' && !!about;
}

/** May handlers see the villager's contact? Only where the category needs it. */
export function revealsContact(c: Pick<ComplaintDoc, 'category' | 'suggested'>, rules: ComplaintRules): boolean {
  const cat = c.category ?? c.suggested;
  return !!cat && rules.categories[cat].revealContact;
}

/** The statuses each step may be taken from (the workflow of seed 001). */
export const FROM: Partial<Record<StepKind, readonly ComplaintStatus[]>> = {
  accept: ['raised'],
  reject: ['raised', 'accepted'],
  dispatch: ['raised', 'accepted'],
  transfer: ['dispatched'],
  extendAsk: ['dispatched'],
  extendYes: ['dispatched'],
  extendNo: ['dispatched'],
  answer: ['dispatched'],
  rate: ['answered'],
};

/** Open statuses (still someone's work). */
export const OPEN: readonly ComplaintStatus[] = ['raised', 'accepted', 'dispatched'];

/** Does the caller hold a discipline (纪委监委) grant over this unit path? */
export function isDisciplineOverPath(caller: Caller, path: readonly string[]): boolean {
  return !!caller.person?.grants.some((g) => g.role === 'discipline' && within(path, g.orgUnitId));
}

/** A department as people say it: 保靖县公安局, not 保靖县保靖县公安局 (its name may already carry its unit's). */
export function deptLabel(d: { unitName: string; name: string }): string {
  return d.name.startsWith(d.unitName) ? d.name : `${d.unitName}${d.name}`;
}
