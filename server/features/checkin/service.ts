/**
 * Check-ins: the cadre's evidence of presence, judged by the server (fence, window, flags) with
 * the server's clock; the location ledger for staff, with every look at someone's location
 * recorded; and each county's schedule.
 *
 * Cost of one check-in (every operation is billed): the caller (1 read, by the router), the
 * cadre's recent check-ins (1 read: the previous fix for the flags, today's windows, and
 * retries), and the check-in itself (1 write). The village's fence and the county's schedule
 * come from a per-instance cache of one minute.
 */
import { LRUCache } from 'lru-cache';
import { db, _, isDuplicateKey } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, shanghai } from '../../kernel/clock';
import { stripUndefined } from '../audit/service';
import { audit } from '../audit/service';
import { getUnitCached } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { transaction } from '../../platform/cloud';
import { fenceDecision } from './geo';
import { riskFlags, type Fix } from './flags';
import { acceptLateUpload, CheckinSchedule as ScheduleSchema, DEFAULT_CHECKIN_SCHEDULE, windowAt, windowsOfDay, type CheckinSchedule } from './schedule';
import type { AccessDoc, CheckinDoc, CheckinInput, ScheduleDoc } from './schema';

export const CHECKINS = 'checkins';
export const ATTENDANCE = 'attendance';

/** What the window-close sweep settles (sweeps.ts writes it; views read it). */
export interface AttendanceRecord {
  _id: string;
  personId: string;
  villageId: string;
  villagePath: string[];
  date: string;
  windowKey: string;
  windowId: string;
  status: 'present' | 'outside' | 'missed' | 'excused' | 'corrected';
  at: Date;
}

/** Settled attendance under a unit on a day (paged at the 1,000-document limit). */
export async function attendanceUnder(unitId: string, date: string): Promise<AttendanceRecord[]> {
  const out: AttendanceRecord[] = [];
  for (;;) {
    const { data } = await db.collection(ATTENDANCE).where({ villagePath: unitId, date }).orderBy('_id', 'asc').skip(out.length).limit(1000).get<AttendanceRecord>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/** A cadre's settled attendance in a month. */
export async function attendanceOf(personId: string, month: string): Promise<AttendanceRecord[]> {
  const { data } = await db.collection(ATTENDANCE).where({ personId, date: _.gte(`${month}-01`).and(_.lte(`${month}-31`)) }).orderBy('date', 'desc').limit(1000).get<AttendanceRecord>();
  return data;
}
export const SCHEDULES = 'checkinSchedules';
export const ACCESS = 'locationAccess';

/** How many recent check-ins one submission reads (the previous fix, today's, and retries). */
const RECENT = 10;

const scheduleCache = new LRUCache<string, CheckinSchedule>({ max: 1000, ttl: 60_000 });

/** The county of a unit path (city, county, township, village). */
export function countyOf(path: readonly string[]): string {
  const county = path[1];
  if (!county) throw new AppError('invalid_input', '该单位不属于任何县（区）');
  return county;
}

export async function scheduleFor(countyId: string): Promise<CheckinSchedule> {
  const hit = scheduleCache.get(countyId);
  if (hit) return hit;
  const { data } = await db.collection(SCHEDULES).doc(countyId).get<ScheduleDoc>();
  const schedule = data ? ScheduleSchema.parse({ windows: data.windows, lateUploadMaxMin: data.lateUploadMaxMin, correctionsPerMonth: data.correctionsPerMonth, retentionDays: data.retentionDays }) : DEFAULT_CHECKIN_SCHEDULE;
  scheduleCache.set(countyId, schedule);
  return schedule;
}

export async function setSchedule(caller: Caller, now: Date, county: OrgUnit, schedule: CheckinSchedule): Promise<CheckinSchedule> {
  if (county.level !== 'county') throw new AppError('invalid_input', '签到时段按县（区）设置');
  const before = await scheduleFor(county._id);
  const data = { ...schedule, updatedAt: now, updatedBy: caller.person?._id ?? null };
  await transaction(async (tx) => {
    await tx.collection(SCHEDULES).doc(county._id).set({ data });
    await audit(tx, caller, now, { action: 'checkin.setSchedule', target: { collection: SCHEDULES, id: county._id }, unitPath: county.path, before, after: schedule });
  });
  scheduleCache.delete(county._id);
  return schedule;
}

/** The village a cadre is stationed in (from their cadre grant: it exists exactly while an assignment runs). */
function stationOf(caller: Caller): { villageId: string; path: string[] } {
  const grant = caller.person?.grants.find((g) => g.role === 'cadre');
  if (!grant) throw new AppError('forbidden', '您当前没有驻村任务，无需签到');
  return { villageId: grant.orgUnitId, path: grant.path };
}


export type WindowStatus = 'present' | 'outside' | 'open' | 'upcoming' | 'missed' | 'excused' | 'corrected';

/**
 * A day's windows and how each stands: the settled attendance record where there is one (it
 * carries corrections and leave, and outlives the raw fixes), else the day's check-ins.
 */
export function dayStatus(schedule: CheckinSchedule, date: string, checkins: Pick<CheckinDoc, 'windowKey' | 'inside'>[], now: Date, settled: Pick<AttendanceRecord, 'windowKey' | 'status'>[] = []) {
  return windowsOfDay(schedule, date).map((w) => {
    const mine = checkins.filter((c) => c.windowKey === w.key);
    const record = settled.find((a) => a.windowKey === w.key);
    let status: WindowStatus;
    if (record) status = record.status;
    else if (mine.some((c) => c.inside)) status = 'present';
    else if (mine.length) status = 'outside';
    else if (now.getTime() >= w.closesAt.getTime()) status = 'missed';
    else if (now.getTime() >= w.opensAt.getTime()) status = 'open';
    else status = 'upcoming';
    return { key: w.key, id: w.window.id, name: w.window.name, start: w.window.start, end: w.window.end, status };
  });
}

export async function submitCheckin(caller: Caller, now: Date, input: CheckinInput) {
  const person = caller.person!;
  const station = stationOf(caller);
  const village = await getUnitCached(station.villageId);
  if (!village?.fence) throw new AppError('no_fence', '本村尚未设置签到范围，请联系乡镇组织委员');
  const schedule = await scheduleFor(countyOf(village.path));
  const capturedAt = new Date(input.capturedAt);
  const timing = acceptLateUpload(capturedAt, now, schedule);
  if (!timing.accepted) throw new AppError('too_late', timing.reason);

  const id = `${person._id}.${input.clientId}`;
  const { data: recent } = await db.collection(CHECKINS).where({ personId: person._id }).orderBy('capturedAt', 'desc').limit(RECENT).get<CheckinDoc>();
  const existing = recent.find((c) => c._id === id);
  if (existing) return answer(existing, schedule, recent, now, true);

  const fix: Fix = { lat: input.lat, lng: input.lng, accuracy: input.accuracy, speed: input.speed, altitude: input.altitude, capturedAt };
  const previous = recent.find((c) => c.capturedAt && new Date(c.capturedAt).getTime() <= capturedAt.getTime()) ?? null;
  const decision = fenceDecision(village.fence, fix);
  const asFix = (c: CheckinDoc): Fix => ({ lat: c.lat, lng: c.lng, accuracy: c.accuracy, speed: c.speed ?? undefined, altitude: c.altitude ?? undefined, capturedAt: new Date(c.capturedAt) });
  const flags = riskFlags(fix, previous && asFix(previous), { serverTime: now, fence: decision });
  // A replayed fix may repeat any recent one, not only the last (A, B, A…): compare with all of them.
  if (!flags.some((f) => f.kind === 'repeatedFix')) {
    for (const older of recent) {
      if (older === previous) continue;
      const repeat = riskFlags(fix, asFix(older), { serverTime: now, fence: decision }).find((f) => f.kind === 'repeatedFix');
      if (repeat) {
        flags.push(repeat);
        break;
      }
    }
  }
  const win = windowAt(schedule, timing.countsAt);
  const doc: CheckinDoc = {
    _id: id,
    personId: person._id,
    villageId: village._id,
    villagePath: village.path,
    date: dateKey(timing.countsAt),
    windowKey: win?.key ?? null,
    capturedAt,
    countsAt: timing.countsAt,
    receivedAt: now,
    lat: input.lat,
    lng: input.lng,
    accuracy: input.accuracy,
    speed: input.speed ?? null,
    altitude: input.altitude ?? null,
    inside: decision.inside,
    distanceM: Math.round(decision.distanceM * 10) / 10,
    late: timing.late,
    flags,
    review: null,
  };
  const { _id, ...data } = doc;
  try {
    await db.collection(CHECKINS).add({ data: { _id, ...data } });
  } catch (err) {
    // Two retries of one check-in raced: the first one's record stands.
    if (!isDuplicateKey(err)) throw err;
    const { data: first } = await db.collection(CHECKINS).doc(id).get<CheckinDoc>();
    if (!first) throw err;
    return answer(first, schedule, [first, ...recent], now, true);
  }
  return answer(doc, schedule, [doc, ...recent], now, false);
}

function answer(doc: CheckinDoc, schedule: CheckinSchedule, known: CheckinDoc[], now: Date, repeated: boolean) {
  const today = dateKey(now);
  const windows = dayStatus(schedule, today, known.filter((c) => c.date === today), now);
  return {
    id: doc._id,
    repeated,
    inside: doc.inside,
    distanceM: doc.distanceM,
    window: doc.windowKey ? windows.find((w) => w.key === doc.windowKey) ?? null : null,
    flags: doc.flags,
    late: doc.late,
    capturedAt: new Date(doc.capturedAt).toISOString(),
    serverTime: shanghai(now).format('YYYY-MM-DDTHH:mm:ssZ'),
    today: { date: today, windows },
  };
}

/** A cadre's check-ins in a month (Beijing calendar), newest first. */
export async function monthOf(personId: string, month: string): Promise<CheckinDoc[]> {
  const { data } = await db
    .collection(CHECKINS)
    .where({ personId, date: _.gte(`${month}-01`).and(_.lte(`${month}-31`)) })
    .orderBy('capturedAt', 'desc')
    .limit(1000)
    .get<CheckinDoc>();
  return data;
}

/** Every check-in under a unit on a day (paged at the 1,000-document limit). */
export async function dayUnder(unitId: string, date: string, max = 20_000): Promise<CheckinDoc[]> {
  const out: CheckinDoc[] = [];
  while (out.length < max) {
    const { data } = await db.collection(CHECKINS).where({ villagePath: unitId, date }).orderBy('_id', 'asc').skip(out.length).limit(1000).get<CheckinDoc>();
    out.push(...data);
    if (data.length < 1000) break;
  }
  return out;
}

export async function getCheckin(id: string): Promise<CheckinDoc | null> {
  return (await db.collection(CHECKINS).doc(id).get<CheckinDoc>()).data;
}

/** Record that `viewer` saw these people's locations (one write for all of them). */
export async function recordAccess(viewer: Caller, now: Date, subjectIds: string[], what: AccessDoc['what'], detail: string): Promise<void> {
  const ids = [...new Set(subjectIds)];
  if (!ids.length) return;
  const viewerId = viewer.person?._id ?? '';
  const viewerName = viewer.person?.name ?? '';
  await db.collection(ACCESS).add({ data: ids.map((subjectId) => ({ subjectId, viewerId, viewerName, at: now, what, detail })) });
}

export async function viewersOf(personId: string, limit: number): Promise<AccessDoc[]> {
  const { data } = await db.collection(ACCESS).where({ subjectId: personId }).orderBy('at', 'desc').limit(limit).get<AccessDoc>();
  return data;
}

/** Staff mark a flagged check-in as reviewed, with a comment. */
export async function reviewCheckin(caller: Caller, now: Date, checkin: CheckinDoc, comment: string): Promise<CheckinDoc> {
  const review = { byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', at: now, comment };
  await transaction(async (tx) => {
    await tx.collection(CHECKINS).doc(checkin._id).update({ data: { review: _.set(review) } });
    await audit(tx, caller, now, { action: 'checkin.review', target: { collection: CHECKINS, id: checkin._id }, unitPath: checkin.villagePath, before: { review: checkin.review }, after: { review: stripUndefined(review) } });
  });
  return { ...checkin, review };
}
