/**
 * Pure rules of training attendance: a session's instants (Beijing time), when its check-in is
 * open, whether a fix places the cadre at the venue (GCJ-02 distance through the check-in
 * feature's geometry), present or late, and how an enrolment stands.
 */
import { fenceDecision } from '../checkin/geo';
import { distanceM as distanceBetween } from '../org/rules';
import { shortBeijing } from '../../kernel/clock';
import { FRESH_FIX_S, LATE_AFTER_MIN, MAX_ACCURACY_M, OPENS_BEFORE_MIN, type AttendanceStatus, type EnrolmentDoc, type EnrolmentStatus, type SessionDoc } from './schema';

const MIN_MS = 60_000;

/** The instants of a session held on `date` from `start` to `end` (Beijing). */
export function sessionTimes(date: string, start: string, end: string): { startsAt: Date; endsAt: Date } {
  return { startsAt: new Date(`${date}T${start}:00+08:00`), endsAt: new Date(`${date}T${end}:00+08:00`) };
}

export const checkinOpensAt = (s: Pick<SessionDoc, 'startsAt'>) => new Date(new Date(s.startsAt).getTime() - OPENS_BEFORE_MIN * MIN_MS);
export const lateAfter = (s: Pick<SessionDoc, 'startsAt'>) => new Date(new Date(s.startsAt).getTime() + LATE_AFTER_MIN * MIN_MS);

export type CheckinDecision =
  | { ok: true; status: AttendanceStatus; distanceM: number }
  | { ok: false; code: 'too_early' | 'too_late' | 'stale_fix' | 'inaccurate' | 'outside'; message: string; distanceM?: number };

/**
 * Is this fix, taken now, a check-in at the session? Open from 30 minutes before the start until
 * the end; the fix taken within the last two minutes (by the phone's clock, against the server's),
 * precise enough, and within the venue's radius. Present until 15 minutes after the start, late
 * after that.
 */
export function decideCheckin(s: Pick<SessionDoc, 'startsAt' | 'endsAt' | 'venue' | 'radiusM'>, now: Date, fix: { lat: number; lng: number; accuracy: number; capturedAt: Date }): CheckinDecision {
  const opens = checkinOpensAt(s);
  if (now < opens) return { ok: false, code: 'too_early', message: `培训还没开始，${shortBeijing(opens)} 起才能签到（开始前${OPENS_BEFORE_MIN}分钟）` };
  if (now > new Date(s.endsAt)) return { ok: false, code: 'too_late', message: '培训已经结束，不能再签到' };
  const age = (now.getTime() - fix.capturedAt.getTime()) / 1000;
  if (age > FRESH_FIX_S || age < -60) return { ok: false, code: 'stale_fix', message: '位置不是刚刚获取的，请重新定位后再签到' };
  if (fix.accuracy > MAX_ACCURACY_M) return { ok: false, code: 'inaccurate', message: `定位不够准确（误差约${Math.round(fix.accuracy)}米），请到开阔处重新定位后再签到` };
  const inside = fenceDecision({ kind: 'circle', center: s.venue, radiusM: s.radiusM }, fix).inside;
  const distanceM = Math.round(distanceBetween(s.venue, fix));
  if (!inside) return { ok: false, code: 'outside', distanceM, message: `您不在培训地点（距离约${distanceM}米，需在${s.radiusM}米以内），请到培训地点后再签到` };
  return { ok: true, status: now > lateAfter(s) ? 'late' : 'present', distanceM };
}

/** How an enrolment stands now. */
export function enrolmentStatus(e: Pick<EnrolmentDoc, 'checkin' | 'endsAt'>, now: Date): EnrolmentStatus {
  if (e.checkin) return e.checkin.status;
  return now > new Date(e.endsAt) ? 'absent' : 'pending';
}

/** Can people still be enrolled (the session has not ended)? */
export const enrolmentOpen = (s: Pick<SessionDoc, 'endsAt'>, now: Date) => now <= new Date(s.endsAt);
