/**
 * Words and small helpers of the spot-check pages (约请). The word lists copy the server's
 * (server/features/spotcheck/schema.ts); utils/server-copies.test.ts holds them to it.
 */
import type { OutputOf } from '../../typings/api';

export type SpotCheckView = OutputOf<'spotCheck.mine'>['pending'][number];
export type EscalationView = OutputOf<'spotCheck.tasks'>[number];
export type SpotCheckStatus = SpotCheckView['status'];
export type CallOutcome = NonNullable<SpotCheckView['call']>['outcome'];
export type EscalationKind = EscalationView['kind'];
export type InquiryResult = 'excused' | 'reminded' | 'criticised';

export const STATUS_NAMES: Record<SpotCheckStatus, string> = { open: '待响应', answered: '按时响应', late: '超时响应', missed: '未响应' };
export const CALL_OUTCOME_NAMES: Record<CallOutcome, string> = { seenAtPost: '在岗', notAtPost: '不在岗', noAnswer: '未接通' };
export const ESCALATION_NAMES: Record<EscalationKind, string> = { inquiry: '电话询问', notice: '通报批评', talk: '约谈', recall: '召回建议' };
export const INQUIRY_RESULT_NAMES: Record<InquiryResult, string> = { excused: '情况属实，予以免责', reminded: '提醒', criticised: '批评教育' };

/** `12:05` left, `1:02:03` for an hour or more, `已截止` at zero. */
export function countdownText(seconds: number): string {
  if (seconds <= 0) return '已截止';
  const s = Math.floor(seconds % 60);
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  const two = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/**
 * Seconds left now, from what the server said at `serverTime` and how long ago (by this phone's
 * monotonic-enough clock) the answer arrived: the server's clock decides, the phone only counts.
 */
export function secondsLeftNow(secondsLeftAtAnswer: number, answeredAtPhoneMs: number, phoneNowMs: number): number {
  return Math.max(0, Math.round(secondsLeftAtAnswer - (phoneNowMs - answeredAtPhoneMs) / 1000));
}
