/**
 * Test fixtures of training, written through the feature's own service (for the role × scope
 * matrix, test/matrix.test.ts, and page tests): a course of a unit, a session of it at the unit's
 * centre (by default now, under way), and enrolling a cadre in it.
 */
import { randomBytes } from 'node:crypto';
import type { Caller } from '../../kernel/caller';
import { beijing, dateKey, now } from '../../kernel/clock';
import { getUnit } from '../org/service';
import { getPerson } from '../people/service';
import { addSession, createCourse, enrol, getCourse, getSession } from './service';

/** The organiser's staff member of record. */
const STAFF: Caller = { openid: undefined, source: 'test', person: { _id: 'p-fixture-training', name: '测试培训专干', grants: [] } };
const clientId = () => `fixture-${randomBytes(8).toString('hex')}`;
const hhmm = (ms: number) => beijing(ms).iso.slice(11, 16);

export async function freshCourse(unitId: string): Promise<string> {
  const unit = await getUnit(unitId);
  if (!unit) throw new Error(`no unit ${unitId}`);
  return (await createCourse(STAFF, now(), unit, { unitId, clientId: clientId(), name: '驻村干部业务培训', kind: 'business', description: '' }))._id;
}

/**
 * A session of a fresh course of `unitId`, at `venue` (default: the unit's centre). Without a
 * date, it began 30 minutes ago and ends in 90 minutes (the clock must not be near midnight).
 */
export async function freshSession(unitId: string, opts: { openToUnit?: boolean; venue?: { lat: number; lng: number }; date?: string; start?: string; end?: string } = {}): Promise<string> {
  const course = (await getCourse(await freshCourse(unitId)))!;
  const unit = (await getUnit(unitId))!;
  const t = now().getTime();
  const s = await addSession(STAFF, now(), course, {
    courseId: course._id,
    clientId: clientId(),
    date: opts.date ?? dateKey(t),
    start: opts.start ?? hhmm(t - 30 * 60_000),
    end: opts.end ?? hhmm(t + 90 * 60_000),
    placeName: `${unit.name}会议室`,
    venue: opts.venue ?? unit.center ?? { lat: 28.3, lng: 109.5 },
    radiusM: 300,
    openToUnit: !!opts.openToUnit,
  });
  return s._id;
}

/** Enrol people (cadres) in a session, as its organiser's staff would. */
export async function enrolIn(sessionId: string, personIds: string[]): Promise<void> {
  const s = (await getSession(sessionId))!;
  const people = await Promise.all(personIds.map((id) => getPerson(id)));
  await enrol(STAFF, now(), s, people.filter((p): p is NonNullable<typeof p> => !!p));
}
