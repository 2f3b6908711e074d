/**
 * Words of the leave pages (请假). The word lists copy the server's
 * (server/features/leave/schema.ts); utils/server-copies.test.ts holds them to it.
 */
import type { OutputOf } from '../../typings/api';

export type LeaveView = OutputOf<'leave.mine'>['leaves'][number];
export type LeaveKind = LeaveView['kind'];
export type LeaveStatus = LeaveView['status'];
export type ApprovalLevel = LeaveView['steps'][number]['level'];

export const LEAVE_KIND_NAMES: Record<LeaveKind, string> = { personal: '事假', sick: '病假', annual: '年休假', official: '公务外出', family: '探亲假' };
export const LEAVE_STATUS_NAMES: Record<LeaveStatus, string> = { pending: '审批中', approved: '已批准', rejected: '未批准', withdrawn: '已撤回', cancelled: '已取消', returned: '已销假' };
export const APPROVAL_LEVEL_NAMES: Record<ApprovalLevel, string> = { township: '乡镇党委', county: '县委组织部', city: '市委组织部' };
export const STEP_STATUS_NAMES: Record<LeaveView['steps'][number]['status'], string> = { waiting: '待审批', pending: '审批中', approved: '同意', rejected: '不同意', skipped: '无需审批' };

/** `5月12日上午`, `5月13日下午`. */
export function halfDayText(h: { date: string; half: 'am' | 'pm' }): string {
  return `${Number(h.date.slice(5, 7))}月${Number(h.date.slice(8, 10))}日${h.half === 'am' ? '上午' : '下午'}`;
}

/** `5月12日上午 至 5月13日下午（1.5 天）`. */
export function spanText(l: Pick<LeaveView, 'start' | 'end' | 'days'>): string {
  return `${halfDayText(l.start)} 至 ${halfDayText(l.end)}（${l.days} 天）`;
}
