/**
 * Training: staff of a city, county or township create courses and their sessions; staff enrol the
 * cadres of their scope (many in one call), or a cadre enrols in a session open to their unit;
 * the enrolled cadre checks in at the venue during the session, and that is their attendance.
 *
 * Costs: enrolling N cadres reads their people (the scope check, one read per 1,000), the
 * enrolments they already have (one read) and writes the new ones in one insert. A check-in reads
 * the session and the enrolment and writes the enrolment once (a guarded update: a retry finds it
 * done). A cadre's page reads their enrolments and the sessions open to them (two reads).
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { audit } from '../audit/service';
import type { OrgUnit } from '../org/schema';
import { callerPerson, cadresStationedUnder } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { decideCheckin, enrolmentOpen, enrolmentStatus, sessionTimes } from './rules';
import type { CheckinInput, CourseDoc, CourseInput, EnrolmentDoc, EnrolmentStatus, SessionDoc, SessionInput } from './schema';

export const COURSES = 'trainingCourses';
export const SESSIONS = 'trainingSessions';
export const ENROLMENTS = 'trainingEnrolments';

const hashId = (prefix: string, personId: string, clientId: string) => `${prefix}-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;
export const enrolmentId = (sessionId: string, personId: string) => `${sessionId}.${personId}`;

export async function getCourse(id: string): Promise<CourseDoc | null> {
  return (await db.collection(COURSES).doc(id).get<CourseDoc>()).data ?? null;
}

export async function getSession(id: string): Promise<SessionDoc | null> {
  return (await db.collection(SESSIONS).doc(id).get<SessionDoc>()).data ?? null;
}

/** Write `doc` under its id unless it is there (a retry with the same clientId), with an audit entry. */
async function createOnce<T extends { _id: string }>(caller: Caller, now: Date, collection: string, doc: T, auditAction: string, unitPath: string[], summary: Record<string, unknown>): Promise<T> {
  try {
    return await transaction(async (tx) => {
      const { data: have } = await tx.collection(collection).doc(doc._id).get<T>();
      if (have) return have;
      const { _id, ...data } = doc;
      await tx.collection(collection).doc(_id).set({ data });
      await audit(tx, caller, now, { action: auditAction, target: { collection, id: _id }, unitPath, before: null, after: summary });
      return doc;
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await db.collection(collection).doc(doc._id).get<T>()).data!;
  }
}

// ---- courses and sessions -------------------------------------------------------------------------

export async function createCourse(caller: Caller, now: Date, unit: OrgUnit, input: CourseInput): Promise<CourseDoc> {
  const person = caller.person!;
  if (unit.level === 'village') throw new AppError('invalid_input', '培训由市、县（区）或乡镇（街道）组织，请选择本单位');
  const doc: CourseDoc = {
    _id: hashId('tc', person._id, input.clientId),
    name: input.name,
    kind: input.kind,
    description: input.description,
    unitId: unit._id,
    unitName: unit.name,
    unitPath: unit.path,
    createdById: person._id,
    createdByName: person.name,
    createdAt: now,
  };
  return createOnce(caller, now, COURSES, doc, 'training.createCourse', unit.path, { name: doc.name, kind: doc.kind });
}

/** Courses organised in a unit's subtree, newest first (at most 100), with their sessions (one read for all). */
export async function coursesUnder(unitId: string): Promise<{ course: CourseDoc; sessions: SessionDoc[] }[]> {
  const { data: courses } = await db.collection(COURSES).where({ unitPath: unitId }).orderBy('createdAt', 'desc').orderBy('_id', 'asc').limit(100).get<CourseDoc>();
  if (!courses.length) return [];
  const { data: sessions } = await db.collection(SESSIONS).where({ courseId: _.in(courses.map((c) => c._id)) }).orderBy('startsAt', 'asc').limit(1000).get<SessionDoc>();
  return courses.map((course) => ({ course, sessions: sessions.filter((s) => s.courseId === course._id) }));
}

export async function sessionsOf(courseId: string): Promise<SessionDoc[]> {
  const { data } = await db.collection(SESSIONS).where({ courseId }).orderBy('startsAt', 'asc').limit(1000).get<SessionDoc>();
  return data;
}

export async function addSession(caller: Caller, now: Date, course: CourseDoc, input: SessionInput): Promise<SessionDoc> {
  const person = caller.person!;
  const { startsAt, endsAt } = sessionTimes(input.date, input.start, input.end);
  const id = hashId('ts', person._id, input.clientId);
  const have = await getSession(id);
  if (have) return have;
  if (endsAt <= now) throw new AppError('invalid_input', '培训时间已过，请选择以后的日期和时间');
  const doc: SessionDoc = {
    _id: id,
    courseId: course._id,
    courseName: course.name,
    kind: course.kind,
    unitId: course.unitId,
    unitName: course.unitName,
    unitPath: course.unitPath,
    date: input.date,
    start: input.start,
    end: input.end,
    startsAt,
    endsAt,
    placeName: input.placeName,
    venue: { lat: input.venue.lat, lng: input.venue.lng },
    radiusM: input.radiusM,
    openTo: input.openToUnit ? course.unitId : null,
    createdById: person._id,
    createdAt: now,
  };
  return createOnce(caller, now, SESSIONS, doc, 'training.addSession', course.unitPath, { courseId: course._id, date: doc.date, start: doc.start, end: doc.end, placeName: doc.placeName });
}

/** Enrolled, present and late counts of some sessions (one aggregation). */
export async function sessionCounts(sessionIds: readonly string[]): Promise<Map<string, { enrolled: number; present: number; late: number }>> {
  const out = new Map<string, { enrolled: number; present: number; late: number }>();
  if (!sessionIds.length) return out;
  const { list } = await db
    .collection(ENROLMENTS)
    .aggregate()
    .match({ sessionId: _.in([...sessionIds]) })
    .group({ _id: { s: '$sessionId', st: '$checkin.status' }, n: $.sum(1) })
    .limit(1000)
    .end<{ _id: { s: string; st?: string | null }; n: number }>();
  for (const g of list) {
    const c = out.get(g._id.s) ?? { enrolled: 0, present: 0, late: 0 };
    c.enrolled += g.n;
    if (g._id.st === 'present') c.present += g.n;
    if (g._id.st === 'late') c.late += g.n;
    out.set(g._id.s, c);
  }
  return out;
}

// ---- enrolment ------------------------------------------------------------------------------------

/** A cadre's village, as an enrolment keeps it. */
function placeOf(p: PersonDoc): { villageName: string; villagePath: string[] } | null {
  const g = p.grants.find((x) => x.role === 'cadre');
  if (!g) return null;
  return { villageName: p.station?.villageId === g.orgUnitId ? p.station.villageName : '', villagePath: g.path };
}

function enrolmentOf(s: SessionDoc, p: PersonDoc, by: { id: string; name: string; self: boolean }, now: Date): EnrolmentDoc {
  const place = placeOf(p)!;
  return {
    _id: enrolmentId(s._id, p._id),
    sessionId: s._id,
    courseId: s.courseId,
    courseName: s.courseName,
    kind: s.kind,
    unitName: s.unitName,
    date: s.date,
    start: s.start,
    end: s.end,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    placeName: s.placeName,
    personId: p._id,
    personName: p.name,
    ...place,
    enrolledBy: by,
    enrolledAt: now,
    checkin: null,
  };
}

/** Enrolments of some people in a session that exist already (one read). */
async function enrolledAmong(sessionId: string, personIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < personIds.length; i += 1000) {
    const { data } = await db.collection(ENROLMENTS).where({ _id: _.in(personIds.slice(i, i + 1000).map((p) => enrolmentId(sessionId, p))) }).field({ personId: true }).limit(1000).get<{ personId: string }>();
    for (const e of data) found.add(e.personId);
  }
  return found;
}

/**
 * Enrol cadres (the router checked they are in the caller's scope): those already enrolled stay
 * as they are, the others are written in one insert. A retried call, or two staff at once, end
 * with each cadre enrolled once.
 */
export async function enrol(caller: Caller, now: Date, s: SessionDoc, people: PersonDoc[]): Promise<{ added: number; already: number }> {
  if (!enrolmentOpen(s, now)) throw new AppError('too_late', '培训已经结束，不能再报名');
  const notCadres = people.filter((p) => !p.active || !placeOf(p));
  if (notCadres.length) throw new AppError('invalid_input', `以下人员不是驻村干部，不能报名：${notCadres.map((p) => p.name).join('、')}`);
  const by = { id: caller.person!._id, name: caller.person!.name, self: false };
  for (let attempt = 0; ; attempt++) {
    const have = await enrolledAmong(s._id, people.map((p) => p._id));
    const add = people.filter((p) => !have.has(p._id)).map((p) => enrolmentOf(s, p, by, now));
    if (!add.length) return { added: 0, already: people.length };
    try {
      await db.collection(ENROLMENTS).add({ data: add });
      return { added: add.length, already: people.length - add.length };
    } catch (err) {
      // Someone enrolled one of them meanwhile: read again and add the rest.
      if (!isDuplicateKey(err) || attempt >= 2) throw err;
    }
  }
}

/** A cadre enrols in a session open to their unit (once: a retry is the same enrolment). */
export async function enrolSelf(caller: Caller, now: Date, s: SessionDoc): Promise<EnrolmentDoc> {
  const person = callerPerson(caller);
  const place = placeOf(person);
  if (!place) throw new AppError('forbidden', '您当前没有驻村任务');
  const id = enrolmentId(s._id, person._id);
  const { data: have } = await db.collection(ENROLMENTS).doc(id).get<EnrolmentDoc>();
  if (have) return have;
  if (!s.openTo || !place.villagePath.includes(s.openTo)) throw new AppError('not_open', '这次培训不接受自行报名，请联系组织部门报名');
  if (!enrolmentOpen(s, now)) throw new AppError('too_late', '培训已经结束，不能再报名');
  const doc = enrolmentOf(s, person, { id: person._id, name: person.name, self: true }, now);
  try {
    await db.collection(ENROLMENTS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await db.collection(ENROLMENTS).doc(id).get<EnrolmentDoc>()).data!;
  }
}

/** The cadres stationed under a unit, and which of them are enrolled in the session. */
export async function candidates(s: SessionDoc, unit: OrgUnit): Promise<{ person: PersonDoc; enrolled: boolean }[]> {
  const people = await cadresStationedUnder(unit._id);
  const have = await enrolledAmong(s._id, people.map((p) => p._id));
  return people.map((person) => ({ person, enrolled: have.has(person._id) }));
}

// ---- attendance -----------------------------------------------------------------------------------

/**
 * A check-in at the session's venue by the enrolled caller. A retry (another tap, a lost answer)
 * finds the attendance recorded and returns it; refusals say why in words a cadre can act on.
 */
export async function checkin(caller: Caller, now: Date, input: CheckinInput): Promise<EnrolmentDoc> {
  const person = callerPerson(caller);
  const id = enrolmentId(input.sessionId, person._id);
  const [s, { data: e }] = await Promise.all([getSession(input.sessionId), db.collection(ENROLMENTS).doc(id).get<EnrolmentDoc>()]);
  if (!s || !e) throw new AppError('not_enrolled', '您没有报名这次培训，不能签到。请先报名或联系组织部门');
  if (e.checkin) return e;
  const decision = decideCheckin(s, now, { lat: input.lat, lng: input.lng, accuracy: input.accuracy, capturedAt: new Date(input.capturedAt) });
  if (!decision.ok) throw new AppError(decision.code, decision.message);
  const record = { clientId: input.clientId, at: now, capturedAt: new Date(input.capturedAt), lat: input.lat, lng: input.lng, accuracy: input.accuracy, distanceM: decision.distanceM, status: decision.status };
  // Guarded: only the first check-in is recorded (two taps at once write one).
  const r = await db.collection(ENROLMENTS).where({ _id: id, checkin: null }).update({ data: { checkin: _.set(record) } });
  if ((r.stats.updated ?? 0) === 1) return { ...e, checkin: record };
  return (await db.collection(ENROLMENTS).doc(id).get<EnrolmentDoc>()).data!;
}

/** A session's enrolments, by village and name (paged at 1,000). */
export async function enrolmentsOf(sessionId: string): Promise<EnrolmentDoc[]> {
  const out: EnrolmentDoc[] = [];
  for (;;) {
    const { data } = await db.collection(ENROLMENTS).where({ sessionId }).orderBy('_id', 'asc').skip(out.length).limit(1000).get<EnrolmentDoc>();
    out.push(...data);
    if (data.length < 1000) break;
  }
  return out.sort((a, b) => a.villageName.localeCompare(b.villageName, 'zh-CN') || a.personName.localeCompare(b.personName, 'zh-CN'));
}

export function attendanceCounts(list: readonly EnrolmentDoc[], now: Date): Record<EnrolmentStatus, number> & { enrolled: number } {
  const counts = { enrolled: list.length, present: 0, late: 0, pending: 0, absent: 0 };
  for (const e of list) counts[enrolmentStatus(e, now)] += 1;
  return counts;
}

/** A cadre's training record: every enrolment, newest first (one read). */
export async function recordOf(personId: string): Promise<EnrolmentDoc[]> {
  const { data } = await db.collection(ENROLMENTS).where({ personId }).orderBy('startsAt', 'desc').limit(500).get<EnrolmentDoc>();
  return data;
}

/** Sessions open to a cadre for enrolling themselves (their village's path holds the organiser), not yet ended. */
export async function openSessionsFor(villagePath: readonly string[], now: Date): Promise<SessionDoc[]> {
  const { data } = await db.collection(SESSIONS).where({ openTo: _.in([...villagePath]), endsAt: _.gte(now) }).orderBy('startsAt', 'asc').limit(50).get<SessionDoc>();
  return data;
}
