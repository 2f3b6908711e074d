/**
 * What the staff pages of villagers' complaints (诉求) and of public notices share: their routes,
 * a list row as people read it (category, village, excerpt, status, department, deadline), a
 * department's name, and the satisfaction rate of the figures. Every word of the workflow
 * (status, category, step) comes from the server's answers (`statusName`, `categoryName`,
 * `name`), so none is copied here.
 */
import type { OutputOf } from '../api/index';
import { phoneNow, shortTime } from './day';

/** The complaint and public-notice pages of the admin subpackage (app.json). */
export const STAFF_COMPLAINT_ROUTES = {
  inbox: '/pages/admin/complaint/inbox/index',
  /** The deadline messages open it (server/features/complaint/service.ts, `remind`). */
  detail: '/pages/admin/complaint/detail/index',
  dept: '/pages/admin/complaint/dept/index',
  figures: '/pages/admin/complaint/figures/index',
  noticeManage: '/pages/admin/notice/manage/index',
} as const;

/** Where a card shared into a village group opens (the villagers' home page). */
export const VILLAGE_HOME = '/pages/village/home/index';

export type ComplaintListItem = OutputOf<'complaint.inbox'>['items'][number];

/** A complaint's id as the server makes it (`cp-` and 24 hex digits). */
export const isComplaintId = (id: string): boolean => /^cp-[0-9a-f]{24}$/.test(id);

/**
 * A department as people read it: `保靖县公安局`. The server joins the unit's name and the
 * department's (`保靖县` + `保靖县公安局`); a name that already starts with its unit's is not
 * said twice.
 */
export function deptText(unitName: string, name: string): string {
  return unitName && !name.startsWith(unitName) ? `${unitName}${name}` : name;
}

/**
 * The server's words with a place said twice in a row said once: it writes a department as its
 * unit's name and the department's (`保靖县` + `保靖县公安局`), in a row's `deptName`, an answer's
 * unit and the notes of the record (`保靖县保靖县公安局，5月19日 18:00前办结`).
 */
export function undoubled(text: string | null | undefined): string {
  return (text ?? '').replace(/([\u4e00-\u9fff]{1,10}?[省市州县区旗镇乡])\1/g, '$1');
}

/** A complaint in a list. */
export interface ComplaintRow {
  id: string;
  categoryName: string;
  village: string;
  excerpt: string;
  status: ComplaintListItem['status'];
  statusName: string;
  dept: string;
  /** `截止 5月19日 18:00`, or ''. */
  deadline: string;
  /** Past its deadline (the server says so, or the deadline has passed while it is still with the department). */
  overdue: boolean;
  confidential: boolean;
  /** A problem raised in a household visit (走访问题), not a villager's complaint. */
  fromVisit: boolean;
  raised: string;
}

/** Is an open complaint past its deadline by the phone's clock (the timer may not have marked it yet)? */
function pastDeadline(c: Pick<ComplaintListItem, 'status' | 'deadline'>): boolean {
  return c.status === 'dispatched' && !!c.deadline && Date.parse(c.deadline) < phoneNow();
}

export function complaintRow(c: ComplaintListItem): ComplaintRow {
  return {
    id: c.id,
    categoryName: c.categoryName,
    village: c.villageName,
    excerpt: c.text,
    status: c.status,
    statusName: c.statusName,
    dept: undoubled(c.deptName),
    deadline: c.deadline ? `截止 ${shortTime(c.deadline)}` : '',
    overdue: c.overdue || pastDeadline(c),
    confidential: c.confidential,
    fromVisit: c.source === 'visit',
    raised: shortTime(c.raisedAt),
  };
}

/** 满意度: (满意 + 基本满意) / 已评价, as `85%`; `—` while nobody has rated. */
export function satisfactionText(r: { satisfied: number; basicallySatisfied: number; unsatisfied: number }): string {
  const rated = r.satisfied + r.basicallySatisfied + r.unsatisfied;
  if (rated === 0) return '—';
  return `${Math.round(((r.satisfied + r.basicallySatisfied) * 1000) / rated) / 10}%`;
}
