/**
 * Training (培训): staff create courses and sessions for a unit in their scope and enrol the cadres
 * of their scope; a cadre enrols in a session open to their unit, sees their sessions and checks
 * in at the venue; staff see a session's attendance and a cadre's training record.
 */
import * as z from 'zod';
import { action, type ActionContext, type ScopeTarget } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { getUnit } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { callerPerson, getPeople, getPerson } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { checkinOpensAt, enrolmentOpen, enrolmentStatus, lateAfter } from './rules';
import { CheckinInput, CourseId, CourseInput, ENROLMENT_STATUS_NAMES, EnrolInput, PersonId, SessionId, SessionInput, TRAINING_KIND_NAMES, UnitId, type CourseDoc, type EnrolmentDoc, type SessionDoc } from './schema';
import { addSession, attendanceCounts, candidates, checkin, coursesUnder, createCourse, enrol, enrolSelf, enrolmentsOf, getCourse, getSession, openSessionsFor, recordOf, sessionCounts, sessionsOf } from './service';

const iso = (d: Date | string) => new Date(d).toISOString();

function courseRow(c: CourseDoc) {
  return { id: c._id, name: c.name, kind: c.kind, kindName: TRAINING_KIND_NAMES[c.kind], description: c.description, unitId: c.unitId, unitName: c.unitName, createdByName: c.createdByName, createdAt: iso(c.createdAt) };
}

function sessionRow(s: SessionDoc, now: Date, counts?: { enrolled: number; present: number; late: number }) {
  return {
    id: s._id,
    courseId: s.courseId,
    courseName: s.courseName,
    kind: s.kind,
    kindName: TRAINING_KIND_NAMES[s.kind],
    unitName: s.unitName,
    date: s.date,
    start: s.start,
    end: s.end,
    placeName: s.placeName,
    venue: s.venue,
    radiusM: s.radiusM,
    openToUnit: !!s.openTo,
    checkinFrom: iso(checkinOpensAt(s)),
    lateAfter: iso(lateAfter(s)),
    ended: now > new Date(s.endsAt),
    enrolled: counts?.enrolled ?? 0,
    present: counts?.present ?? 0,
    late: counts?.late ?? 0,
  };
}

function enrolmentRow(e: EnrolmentDoc, now: Date) {
  const status = enrolmentStatus(e, now);
  return {
    id: e._id,
    sessionId: e.sessionId,
    courseName: e.courseName,
    kindName: TRAINING_KIND_NAMES[e.kind],
    unitName: e.unitName,
    date: e.date,
    start: e.start,
    end: e.end,
    placeName: e.placeName,
    personId: e.personId,
    personName: e.personName,
    villageName: e.villageName,
    self: e.enrolledBy.self,
    status,
    statusName: ENROLMENT_STATUS_NAMES[status],
    checkedInAt: e.checkin ? iso(e.checkin.at) : null,
    distanceM: e.checkin?.distanceM ?? null,
  };
}

async function unitScope(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

async function courseScope(ctx: ActionContext, id: string) {
  const c = await getCourse(id);
  if (!c) return null;
  ctx.memo.set('course', c);
  return { path: c.unitPath };
}

async function sessionScope(ctx: ActionContext, id: string) {
  const s = await getSession(id);
  if (!s) return null;
  ctx.memo.set('session', s);
  return { path: s.unitPath };
}

/** Where a person is, for a scope check: their cadre station, else their home unit. */
const personPath = (p: PersonDoc) => p.grants.find((g) => g.role === 'cadre')?.path ?? p.homePath;

export const createCourseAction = action({
  name: 'training.createCourse',
  roles: ['staff'],
  input: CourseInput,
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  run: async (ctx, input) => courseRow(await createCourse(ctx.caller, ctx.now, ctx.memo.get('unit') as OrgUnit, input)),
});

/** The courses organised in a unit's subtree (newest first), with their sessions. */
export const coursesAction = action({
  name: 'training.courses',
  roles: ['staff'],
  input: z.object({ unitId: UnitId }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const list = await coursesUnder(unit._id);
    const counts = await sessionCounts(list.flatMap((c) => c.sessions.map((s) => s._id)));
    return {
      unit: { id: unit._id, name: unit.name, level: unit.level },
      canCreate: unit.level !== 'village',
      items: list.map(({ course, sessions }) => ({ ...courseRow(course), sessions: sessions.map((s) => sessionRow(s, ctx.now, counts.get(s._id))) })),
    };
  },
});

export const courseAction = action({
  name: 'training.course',
  roles: ['staff'],
  input: z.object({ id: CourseId }).strict(),
  scope: (ctx, input) => courseScope(ctx, input.id),
  async run(ctx) {
    const c = ctx.memo.get('course') as CourseDoc;
    const sessions = await sessionsOf(c._id);
    const counts = await sessionCounts(sessions.map((s) => s._id));
    return { ...courseRow(c), sessions: sessions.map((s) => sessionRow(s, ctx.now, counts.get(s._id))) };
  },
});

export const addSessionAction = action({
  name: 'training.addSession',
  roles: ['staff'],
  input: SessionInput,
  scope: (ctx, input) => courseScope(ctx, input.courseId),
  run: async (ctx, input) => sessionRow(await addSession(ctx.caller, ctx.now, ctx.memo.get('course') as CourseDoc, input), ctx.now),
});

/** The cadres stationed under a unit of the caller's scope, and which of them are enrolled in the session. */
export const candidatesAction = action({
  name: 'training.candidates',
  roles: ['staff'],
  input: z.object({ sessionId: SessionId, unitId: UnitId }).strict(),
  async scope(ctx, input) {
    const [s, u] = await Promise.all([sessionScope(ctx, input.sessionId), unitScope(ctx, input.unitId)]);
    return s && u ? [s, u] : null;
  },
  async run(ctx) {
    const s = ctx.memo.get('session') as SessionDoc;
    const unit = ctx.memo.get('unit') as OrgUnit;
    const list = await candidates(s, unit);
    return {
      session: sessionRow(s, ctx.now),
      unit: { id: unit._id, name: unit.name },
      items: list.map(({ person, enrolled }) => {
        const g = person.grants.find((x) => x.role === 'cadre')!;
        return { personId: person._id, name: person.name, villageName: person.station?.villageId === g.orgUnitId ? person.station.villageName : '', kind: g.kind ?? 'teamMember', enrolled };
      }),
    };
  },
});

/** Staff enrol many cadres at once: the session's organiser and every cadre must be in their scope. */
export const enrolAction = action({
  name: 'training.enrol',
  roles: ['staff'],
  input: EnrolInput,
  async scope(ctx, input) {
    const [s, people] = await Promise.all([sessionScope(ctx, input.sessionId), getPeople(input.personIds)]);
    if (!s || people.size !== input.personIds.length) return null;
    ctx.memo.set('people', [...people.values()]);
    return [s, ...[...people.values()].map((p): ScopeTarget => ({ path: personPath(p) }))];
  },
  async run(ctx) {
    const s = ctx.memo.get('session') as SessionDoc;
    const r = await enrol(ctx.caller, ctx.now, s, ctx.memo.get('people') as PersonDoc[]);
    return { sessionId: s._id, ...r };
  },
});

export const enrolSelfAction = action({
  name: 'training.enrolSelf',
  roles: ['cadre'],
  input: z.object({ sessionId: SessionId }).strict(),
  async run(ctx, input) {
    const s = await getSession(input.sessionId);
    if (!s) throw new AppError('not_found', '没有找到这次培训');
    return enrolmentRow(await enrolSelf(ctx.caller, ctx.now, s), ctx.now);
  },
});

/** The cadre's page: their sessions (coming first, then the record), and the sessions open to them. */
export const mineAction = action({
  name: 'training.mine',
  roles: ['cadre'],
  input: z.object({}).strict(),
  async run(ctx) {
    const person = callerPerson(ctx.caller);
    const path = person.grants.find((g) => g.role === 'cadre')?.path ?? [];
    const [record, open] = await Promise.all([recordOf(person._id), openSessionsFor(path, ctx.now)]);
    const enrolled = new Set(record.map((e) => e.sessionId));
    const rows = record.map((e) => ({ ...enrolmentRow(e, ctx.now), canCheckin: !e.checkin && ctx.now >= checkinOpensAt(e) && ctx.now <= new Date(e.endsAt), checkinFrom: iso(checkinOpensAt(e)), ended: ctx.now > new Date(e.endsAt) }));
    return {
      upcoming: rows.filter((r) => !r.ended).reverse(),
      record: rows.filter((r) => r.ended),
      open: open.filter((s) => !enrolled.has(s._id) && enrolmentOpen(s, ctx.now)).map((s) => sessionRow(s, ctx.now)),
      counts: { total: record.length, present: rows.filter((r) => r.status === 'present').length, late: rows.filter((r) => r.status === 'late').length, absent: rows.filter((r) => r.status === 'absent').length },
    };
  },
});

export const checkinAction = action({
  name: 'training.checkin',
  roles: ['cadre'],
  input: CheckinInput,
  run: async (ctx, input) => enrolmentRow(await checkin(ctx.caller, ctx.now, input), ctx.now),
});

/** A session's attendance: each enrolled cadre present, late, absent (after the end) or not yet. */
export const attendanceAction = action({
  name: 'training.attendance',
  roles: ['staff'],
  input: z.object({ sessionId: SessionId }).strict(),
  scope: (ctx, input) => sessionScope(ctx, input.sessionId),
  async run(ctx) {
    const s = ctx.memo.get('session') as SessionDoc;
    const list = await enrolmentsOf(s._id);
    const counts = attendanceCounts(list, ctx.now);
    return { session: sessionRow(s, ctx.now, { enrolled: counts.enrolled, present: counts.present, late: counts.late }), counts, items: list.map((e) => enrolmentRow(e, ctx.now)) };
  },
});

/** A cadre's training record, for staff over their station. */
export const recordAction = action({
  name: 'training.record',
  roles: ['staff'],
  input: z.object({ personId: PersonId }).strict(),
  async scope(ctx, input) {
    const p = await getPerson(input.personId);
    if (!p) return null;
    ctx.memo.set('person', p);
    return { path: personPath(p) };
  },
  async run(ctx) {
    const p = ctx.memo.get('person') as PersonDoc;
    const list = await recordOf(p._id);
    const rows = list.map((e) => enrolmentRow(e, ctx.now));
    return { person: { id: p._id, name: p.name }, items: rows, counts: { total: rows.length, present: rows.filter((r) => r.status === 'present').length, late: rows.filter((r) => r.status === 'late').length, absent: rows.filter((r) => r.status === 'absent').length } };
  },
});

export const trainingActions = [createCourseAction, coursesAction, courseAction, addSessionAction, candidatesAction, enrolAction, enrolSelfAction, mineAction, checkinAction, attendanceAction, recordAction] as const;
