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
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, shanghai } from '../../kernel/clock';
import { stripUndefined } from '../audit/service';
import { audit } from '../audit/service';
import { getUnitCached, setUnitSetting, unitsWithSetting } from '../org/service';
import { log } from '../../kernel/log';
import type { PersonDoc } from '../people/schema';
import type { Fence, OrgUnit } from '../org/schema';
import { fenceDecision } from './geo';
import { duration, noFenceFlag, riskFlags, sortFlags, type Fix } from './flags';
import { acceptLateUpload, CheckinSchedule as ScheduleSchema, DEFAULT_CHECKIN_SCHEDULE, windowAt, windowsOfDay, type CheckinSchedule } from './schedule';
import type { AccessDoc, CheckinDoc, CheckinInput } from './schema';
import { accessAbout, logAccess } from '../privacy/access';

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
  /** A night window's record (夜间签到): counted as a night on post, never as a miss. */
  night?: boolean;
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

/**
 * Nights on post (住夜) of these cadres on these dates: the days on which a night window's
 * settled record is present or corrected (several night windows in one day are one night). One
 * aggregation per 1,000 cadres, one row per cadre.
 */
export async function nightsOnPost(personIds: readonly string[], dates: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const unique = [...new Set(personIds)];
  if (!dates.length) return out;
  for (let i = 0; i < unique.length; i += 1000) {
    const { list } = await db
      .collection(ATTENDANCE)
      .aggregate()
      .match({ personId: _.in(unique.slice(i, i + 1000)), night: true, status: _.in(['present', 'corrected']), date: _.in([...dates]) })
      .group({ _id: '$personId', dates: $.addToSet('$date') })
      // Without a limit CloudBase answers only 20 rows.
      .limit(1000)
      .end<{ _id: string; dates: string[] }>();
    for (const g of list) out.set(g._id, new Set(g.dates));
  }
  return out;
}

/** How many recent check-ins one submission reads (the previous fix, today's, and retries). */
const RECENT = 10;

/** The county of a unit path (city, county, township, village). */
export function countyOf(path: readonly string[]): string {
  const county = path[1];
  if (!county) throw new AppError('invalid_input', '该单位不属于任何县（区）');
  return county;
}

/** A county's schedule is kept in its org unit's settings under this key. */
export const SETTINGS_KEY = 'checkin';

/** The schedule in a county's settings, or the default where it sets none. */
export function scheduleFromSettings(settings: Record<string, unknown> | undefined | null): CheckinSchedule {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined || raw === null) return DEFAULT_CHECKIN_SCHEDULE;
  const parsed = ScheduleSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.error('a county check-in schedule does not parse; the default applies', { issues: parsed.error.issues.slice(0, 3) });
  return DEFAULT_CHECKIN_SCHEDULE;
}

/** A county's schedule (the unit is cached for a minute per function instance). */
export async function scheduleFor(countyId: string): Promise<CheckinSchedule> {
  return scheduleFromSettings((await getUnitCached(countyId))?.settings);
}

/** Every county that sets its own schedule, in one read: the lookup by county, and the distinct schedules in use. */
export async function scheduleSet(): Promise<{ of: (countyId: string) => CheckinSchedule; all: CheckinSchedule[]; custom: string[] }> {
  const byCounty = new Map((await unitsWithSetting(SETTINGS_KEY)).map((u) => [u._id, scheduleFromSettings(u.settings)]));
  return { of: (county) => byCounty.get(county) ?? DEFAULT_CHECKIN_SCHEDULE, all: [DEFAULT_CHECKIN_SCHEDULE, ...byCounty.values()], custom: [...byCounty.keys()] };
}

export async function setSchedule(caller: Caller, now: Date, county: OrgUnit, schedule: CheckinSchedule): Promise<CheckinSchedule> {
  if (county.level !== 'county') throw new AppError('invalid_input', '签到时段按县（区）设置');
  await setUnitSetting(caller, now, county, SETTINGS_KEY, schedule, 'checkin.setSchedule');
  return schedule;
}

/**
 * Where the calling cadre is stationed, with the village's fence and the county's schedule.
 * The caller's person document carries a copy (its station), so this costs no read; a person
 * without one (stationed before copies existed, or a failed update the daily repair has not
 * reached yet) is served from the units.
 */
async function stationOfCaller(caller: Caller): Promise<{ villageId: string; path: string[]; fence: Fence | null; schedule: CheckinSchedule }> {
  const person = caller.person as PersonDoc | null;
  const grant = person?.grants.find((g) => g.role === 'cadre');
  if (!person || !grant) throw new AppError('forbidden', '您当前没有驻村任务，无需签到');
  const s = person.station;
  if (s && s.villageId === grant.orgUnitId) return { villageId: s.villageId, path: s.path, fence: s.fence, schedule: scheduleFromSettings(s.countySettings) };
  const village = await getUnitCached(grant.orgUnitId);
  if (!village) throw new AppError('forbidden', '您当前没有驻村任务，无需签到');
  return { villageId: village._id, path: village.path, fence: village.fence ?? null, schedule: await scheduleFor(countyOf(village.path)) };
}

/** The calling cadre's schedule (no read when their station is copied). */
export async function callerSchedule(caller: Caller): Promise<CheckinSchedule> {
  return (await stationOfCaller(caller)).schedule;
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
    else if (mine.some(counts)) status = 'present';
    else if (mine.length) status = 'outside';
    else if (now.getTime() >= w.closesAt.getTime()) status = 'missed';
    else if (now.getTime() >= w.opensAt.getTime()) status = 'open';
    else status = 'upcoming';
    return { key: w.key, id: w.window.id, name: w.window.name, start: w.window.start, end: w.window.end, status };
  });
}

export async function submitCheckin(caller: Caller, now: Date, input: CheckinInput) {
  const person = caller.person!;
  const station = await stationOfCaller(caller);
  const { schedule } = station;
  const capturedAt = new Date(input.capturedAt);
  const timing = acceptLateUpload(capturedAt, now, schedule);
  if (!timing.accepted) throw new AppError('too_late', timing.reason);

  const id = `${person._id}.${input.clientId}`;
  const { data: recent } = await db.collection(CHECKINS).where({ personId: person._id }).orderBy('capturedAt', 'desc').limit(RECENT).get<CheckinDoc>();
  const existing = recent.find((c) => c._id === id);
  if (existing) return answer(existing, schedule, recent, now, true);

  const fix: Fix = { lat: input.lat, lng: input.lng, accuracy: input.accuracy, speed: input.speed, altitude: input.altitude, capturedAt };
  const previous = recent.find((c) => c.capturedAt && new Date(c.capturedAt).getTime() <= capturedAt.getTime()) ?? null;
  // A village without a fence cannot judge the fix: it is kept, counted, and flagged for staff.
  const decision = station.fence ? fenceDecision(station.fence, fix) : null;
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
  // The phone's capture time, not the server's, put this check-in in its window: staff should know.
  const byServer = windowAt(schedule, now);
  if (win && win.key !== byServer?.key) {
    const late = flags.find((f) => f.kind === 'lateUpload');
    const note = `，按采集时间计入${win.date.slice(5)}「${win.window.name}」时段`;
    if (late) late.detail += note;
    else flags.push({ kind: 'lateUpload', confidence: 0.3, detail: `定位于 ${duration(timing.lagMs)}前采集${note}` });
  }
  if (!decision) flags.push(noFenceFlag());
  const doc: CheckinDoc = {
    _id: id,
    personId: person._id,
    villageId: station.villageId,
    villagePath: station.path,
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
    inside: decision ? decision.inside : null,
    distanceM: decision ? Math.round(decision.distanceM * 10) / 10 : null,
    late: timing.late,
    flags: sortFlags(flags),
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

/** Does a check-in count as at post? Inside the fence, or taken where no fence could judge it (flagged). */
export function counts(c: Pick<CheckinDoc, 'inside'>): boolean {
  return c.inside !== false;
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

/** The action behind each kind of look (what the access log names). */
const LOOK_ACTIONS: Record<AccessDoc['what'], string> = { history: 'checkin.history', ledger: 'checkin.ledger', spotCheck: 'spotCheck.board' };

/**
 * Record that `viewer` saw these people's locations: one document of the access log
 * (privacy/access.ts) listing all of them, one write. The spot-check board shows the live photo
 * of each answer too.
 */
export async function recordAccess(viewer: Caller, now: Date, subjectIds: string[], what: AccessDoc['what'], detail: string): Promise<void> {
  await logAccess(viewer, now, { action: LOOK_ACTIONS[what], what, detail, kinds: what === 'spotCheck' ? ['location', 'photo'] : ['location'], subjectIds, roles: ['staff'] });
}

/**
 * Record a look once per viewer, subjects and `detail` (a board that refreshes itself every
 * minute is one look, not sixty): the same look again is refused by the log's primary key, so
 * it costs one write and no read.
 */
export async function recordAccessOnce(viewer: Caller, now: Date, subjectIds: string[], what: AccessDoc['what'], detail: string): Promise<void> {
  await logAccess(viewer, now, { action: LOOK_ACTIONS[what], what, detail, kinds: what === 'spotCheck' ? ['location', 'photo'] : ['location'], subjectIds, roles: ['staff'], once: true });
}

/** Who looked at a cadre's locations, newest first (the access log's location entries about them). */
export async function viewersOf(personId: string, limit: number): Promise<AccessDoc[]> {
  const list = await accessAbout({ personId, openid: null }, { limit, kinds: ['location'], what: Object.keys(LOOK_ACTIONS) });
  return list.map((a) => ({ _id: a._id, subjectId: personId, viewerId: a.viewerId, viewerName: a.viewerName, at: a.at, what: a.what as AccessDoc['what'], detail: a.detail }));
}

/** Staff mark a flagged check-in as reviewed, with a comment. */
export async function reviewCheckin(caller: Caller, now: Date, checkin: CheckinDoc, comment: string): Promise<CheckinDoc> {
  const review = { byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', at: now, comment };
  // The same reviewer's same comment is already on it (a retry of a call that died after its
  // commit): that review stands, with its one audit entry.
  if (checkin.review && checkin.review.byId === review.byId && checkin.review.comment === comment) return checkin;
  await transaction(async (tx) => {
    await tx.collection(CHECKINS).doc(checkin._id).update({ data: { review: _.set(review) } });
    await audit(tx, caller, now, { action: 'checkin.review', target: { collection: CHECKINS, id: checkin._id }, unitPath: checkin.villagePath, before: { review: checkin.review }, after: { review: stripUndefined(review) } });
  });
  return { ...checkin, review };
}
