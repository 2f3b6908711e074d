/**
 * Training through the api: courses and sessions in the staff's scope; enrolling many cadres in
 * one call, in scope only (nothing written otherwise), and a cadre enrolling in a session open to
 * their unit; attendance by a check-in at the venue — present in time and radius, late after the
 * grace, refused before the window, after the end, outside the radius, with a stale fix, or not
 * enrolled, and a retry being the same record; the session's attendance and a cadre's record.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';
import { ENROLMENTS } from './service';

const HY = 'demo-hy-staff'; // 花垣县
const SL = 'demo-sl-staff'; // 双龙镇 (花垣县)
const BJ = 'demo-bj-staff'; // 保靖县
const FS = 'demo-fs-shibadong'; // 十八洞村 (双龙镇)
const TM = 'demo-tm-shibadong-1'; // 十八洞村 team member
const AIMEN = 'demo-fs-aimen'; // 隘门村 (边城镇, 花垣县)
const JINLONG = 'demo-fs-jinlong'; // 金龙村 (双龙镇)
const SHUANGLONG = 'demo-fs-shuanglong'; // 双龙村 (双龙镇): never enrolled
const HANGSHA = 'demo-fs-hangsha'; // 夯沙村 (保靖县)

/** 花垣县委党校 (near the county seat, GCJ-02). */
const VENUE = { lat: 28.5717, lng: 109.4822 };
/** About `m` metres north of the venue. */
const north = (m: number) => ({ lat: VENUE.lat + m / 111_195, lng: VENUE.lng });

let t: TestCloud;
let n = 0;
const cid = () => `training-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const fix = (sessionId: string, p: { lat: number; lng: number }, opts: { accuracy?: number; ageS?: number } = {}) => ({
  sessionId,
  clientId: cid(),
  lat: p.lat,
  lng: p.lng,
  accuracy: opts.accuracy ?? 25,
  capturedAt: new Date(t.cloud.clock.nowMs() - (opts.ageS ?? 5) * 1000).toISOString(),
});
const enrolmentsCount = async () => (await db.collection(ENROLMENTS).count()).total;

let course: string;
let session: string;
let townSession: string;

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00');
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

describe('courses and sessions', () => {
  it('creates a course and its session for a unit in scope; a retry is the same', async () => {
    const input = { unitId: 'county-huayuan', clientId: cid(), name: '驻村第一书记任前培训', kind: 'preService', description: '政策解读、产业发展、基层治理' };
    const c = await t.call('training.createCourse', input, HY);
    expect(c).toMatchObject({ ok: true, data: { name: '驻村第一书记任前培训', kindName: '任前培训', unitName: '花垣县', createdByName: '石慧敏' } });
    expect((await t.call('training.createCourse', input, HY)).data.id).toBe(c.data.id);
    course = c.data.id;

    const s = await t.call('training.addSession', { courseId: course, clientId: cid(), date: '2026-05-20', start: '09:00', end: '11:30', placeName: '花垣县委党校报告厅', venue: VENUE, radiusM: 300, openToUnit: true }, HY);
    expect(s).toMatchObject({ ok: true, data: { date: '2026-05-20', start: '09:00', end: '11:30', placeName: '花垣县委党校报告厅', radiusM: 300, openToUnit: true, checkinFrom: new Date('2026-05-20T08:30:00+08:00').toISOString(), lateAfter: new Date('2026-05-20T09:15:00+08:00').toISOString(), enrolled: 0 } });
    session = s.data.id;

    at('2026-05-12T10:05:00+08:00');
    const town = await t.call('training.createCourse', { unitId: 'town-shuanglong', clientId: cid(), name: '双龙镇第一书记课堂', kind: 'business' }, SL);
    const ts = await t.call('training.addSession', { courseId: town.data.id, clientId: cid(), date: '2026-05-21', start: '14:30', end: '16:30', placeName: '双龙镇政府会议室', venue: { lat: 28.4318, lng: 109.5753 } }, SL);
    expect(ts).toMatchObject({ ok: true, data: { radiusM: 300, openToUnit: false } });
    townSession = ts.data.id;

    const list = await t.call('training.courses', { unitId: 'county-huayuan' }, HY);
    expect(list.data.items.map((x: any) => x.name)).toEqual(['双龙镇第一书记课堂', '驻村第一书记任前培训']);
    expect(list.data.items[1].sessions).toHaveLength(1);
    expect((await t.call('training.courses', { unitId: 'town-shuanglong' }, SL)).data.items.map((x: any) => x.name)).toEqual(['双龙镇第一书记课堂']);
  });

  it('refuses units out of scope, villages as organisers, and sessions in the past or ending before they start', async () => {
    expect(await t.call('training.createCourse', { unitId: 'county-huayuan', clientId: cid(), name: '县级专题培训', kind: 'topic' }, SL)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('training.createCourse', { unitId: 'county-huayuan', clientId: cid(), name: '县级专题培训', kind: 'topic' }, BJ)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('training.createCourse', { unitId: 'vil-shibadong', clientId: cid(), name: '村级专题培训', kind: 'topic' }, SL)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('training.course', { id: course }, SL)).toMatchObject({ ok: false, code: 'forbidden' });
    const base = { courseId: course, placeName: '县委党校', venue: VENUE };
    expect(await t.call('training.addSession', { ...base, clientId: cid(), date: '2026-05-11', start: '09:00', end: '11:00' }, HY)).toMatchObject({ ok: false, code: 'invalid_input', message: '培训时间已过，请选择以后的日期和时间' });
    expect(await t.call('training.addSession', { ...base, clientId: cid(), date: '2026-05-22', start: '11:00', end: '09:00' }, HY)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('training.addSession', { ...base, clientId: cid(), date: '2026-05-22', start: '09:00', end: '11:00', radiusM: 10 }, HY)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('training.addSession', { ...base, clientId: cid(), date: '2026-05-22', start: '09:00', end: '11:00' }, SL)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('enrolment', () => {
  it('enrols many cadres of the caller’s scope in one call, once each', async () => {
    const r = await t.call('training.enrol', { sessionId: session, personIds: ['p-fs-shibadong', 'p-tm-shibadong-1', 'p-fs-aimen'] }, HY);
    expect(r).toMatchObject({ ok: true, data: { added: 3, already: 0 } });
    expect(await t.call('training.enrol', { sessionId: session, personIds: ['p-fs-aimen', 'p-fs-shibadong'] }, HY)).toMatchObject({ ok: true, data: { added: 0, already: 2 } });
    const c = await t.call('training.candidates', { sessionId: session, unitId: 'town-shuanglong' }, HY);
    expect(c.data.items.filter((x: any) => x.enrolled).map((x: any) => x.personId).sort()).toEqual(['p-fs-shibadong', 'p-tm-shibadong-1']);
    expect(c.data.items.find((x: any) => x.personId === 'p-fs-jinlong')).toMatchObject({ name: '欧阳靖', villageName: '金龙村', kind: 'firstSecretary', enrolled: false });
  });

  it('refuses, writing nothing, any cadre or session out of scope, and people who are not cadres', async () => {
    const before = await enrolmentsCount();
    // 保靖县's first secretary is not 花垣县's to enrol.
    expect(await t.call('training.enrol', { sessionId: session, personIds: ['p-fs-jinlong', 'p-fs-hangsha'] }, HY)).toMatchObject({ ok: false, code: 'forbidden' });
    // The township staff may not enrol into the county's session, nor another township's cadres into theirs.
    expect(await t.call('training.enrol', { sessionId: session, personIds: ['p-fs-jinlong'] }, SL)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('training.enrol', { sessionId: townSession, personIds: ['p-fs-jinlong', 'p-fs-aimen'] }, SL)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('training.enrol', { sessionId: session, personIds: ['p-nobody'] }, HY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('training.enrol', { sessionId: session, personIds: ['p-hy-dept-civil'] }, HY)).toMatchObject({ ok: false, code: 'invalid_input', message: '以下人员不是驻村干部，不能报名：吴春兰' });
    expect(await t.call('training.enrol', { sessionId: session, personIds: ['p-fs-jinlong'] }, FS)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('training.candidates', { sessionId: session, unitId: 'county-baojing' }, HY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await enrolmentsCount()).toBe(before);
    expect(await t.call('training.enrol', { sessionId: townSession, personIds: ['p-fs-jinlong', 'p-fs-shibadong'] }, SL)).toMatchObject({ ok: true, data: { added: 2 } });
  });

  it('lets a cadre enrol in a session open to their unit, and only there', async () => {
    const mine = await t.call('training.mine', {}, JINLONG);
    expect(mine.data.open.map((s: any) => s.id)).toEqual([session]);
    expect(mine.data.upcoming.map((e: any) => e.sessionId)).toEqual([townSession]);
    const r = await t.call('training.enrolSelf', { sessionId: session }, JINLONG);
    expect(r).toMatchObject({ ok: true, data: { personName: '欧阳靖', villageName: '金龙村', self: true, status: 'pending', statusName: '未签到' } });
    expect((await t.call('training.enrolSelf', { sessionId: session }, JINLONG)).data.id).toBe(r.data.id);
    expect(await t.call('training.enrolSelf', { sessionId: session }, HANGSHA)).toMatchObject({ ok: false, code: 'not_open' });
    expect(await t.call('training.enrolSelf', { sessionId: townSession }, 'demo-fs-paibi')).toMatchObject({ ok: false, code: 'not_open' });
    expect(await t.call('training.enrolSelf', { sessionId: session }, HY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await t.call('training.mine', {}, JINLONG)).data.open).toEqual([]);
  });
});

describe('attendance by check-in at the venue', () => {
  it('refuses before the window opens, and anyone not enrolled', async () => {
    at('2026-05-20T08:20:00+08:00');
    const early = await t.call('training.checkin', fix(session, north(50)), FS);
    expect(early).toMatchObject({ ok: false, code: 'too_early', message: '培训还没开始，5月20日 08:30 起才能签到（开始前30分钟）' });
    at('2026-05-20T08:45:00+08:00');
    expect(await t.call('training.checkin', fix(session, north(50)), SHUANGLONG)).toMatchObject({ ok: false, code: 'not_enrolled', message: '您没有报名这次培训，不能签到。请先报名或联系组织部门' });
    expect(await t.call('training.checkin', fix(session, north(50)), HY)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('records present within the radius and in time; a retry is the same record', async () => {
    at('2026-05-20T08:45:00+08:00');
    const a = await t.call('training.checkin', fix(session, north(120)), FS);
    expect(a).toMatchObject({ ok: true, data: { status: 'present', statusName: '已签到', checkedInAt: new Date('2026-05-20T08:45:00+08:00').toISOString() } });
    expect(a.data.distanceM).toBeGreaterThan(110);
    expect(a.data.distanceM).toBeLessThan(130);
    at('2026-05-20T09:40:00+08:00');
    const b = await t.call('training.checkin', fix(session, north(2000)), FS);
    expect(b).toMatchObject({ ok: true, data: { status: 'present', checkedInAt: a.data.checkedInAt, distanceM: a.data.distanceM } });
  });

  it('refuses a fix outside the radius, a stale one and an imprecise one, then takes a good one', async () => {
    at('2026-05-20T09:10:00+08:00');
    const far = await t.call('training.checkin', fix(session, north(1000)), TM);
    expect(far).toMatchObject({ ok: false, code: 'outside' });
    expect((far as { message: string }).message).toMatch(/^您不在培训地点（距离约10\d\d米，需在300米以内），请到培训地点后再签到$/);
    expect(await t.call('training.checkin', fix(session, north(30), { ageS: 300 }), TM)).toMatchObject({ ok: false, code: 'stale_fix', message: '位置不是刚刚获取的，请重新定位后再签到' });
    expect(await t.call('training.checkin', fix(session, north(30), { accuracy: 1500 }), TM)).toMatchObject({ ok: false, code: 'inaccurate' });
    expect(await t.call('training.checkin', fix(session, north(280)), TM)).toMatchObject({ ok: true, data: { status: 'present' } });
  });

  it('records late after fifteen minutes past the start, and refuses after the end', async () => {
    at('2026-05-20T09:16:00+08:00');
    expect(await t.call('training.checkin', fix(session, north(10)), AIMEN)).toMatchObject({ ok: true, data: { status: 'late', statusName: '迟到' } });
    at('2026-05-20T11:31:00+08:00');
    expect(await t.call('training.checkin', fix(session, north(10)), JINLONG)).toMatchObject({ ok: false, code: 'too_late', message: '培训已经结束，不能再签到' });
  });

  it('lists the session’s attendance (absent once it has ended) and each cadre’s record', async () => {
    at('2026-05-20T11:00:00+08:00');
    const during = await t.call('training.attendance', { sessionId: session }, HY);
    expect(during.data.counts).toEqual({ enrolled: 4, present: 2, late: 1, pending: 1, absent: 0 });
    at('2026-05-20T12:00:00+08:00');
    const after = await t.call('training.attendance', { sessionId: session }, HY);
    expect(after.data.counts).toEqual({ enrolled: 4, present: 2, late: 1, pending: 0, absent: 1 });
    expect(after.data.items.map((e: any) => [e.personName, e.statusName])).toEqual(
      expect.arrayContaining([
        ['蒋文博', '已签到'],
        ['胡志强', '迟到'],
        ['欧阳靖', '缺席'],
      ]),
    );
    expect(await t.call('training.attendance', { sessionId: session }, BJ)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('training.attendance', { sessionId: session }, SL)).toMatchObject({ ok: false, code: 'forbidden' });
    const course2 = await t.call('training.course', { id: course }, HY);
    expect(course2.data.sessions[0]).toMatchObject({ enrolled: 4, present: 2, late: 1, ended: true });

    const mine = await t.call('training.mine', {}, FS);
    expect(mine.data.record).toEqual([expect.objectContaining({ sessionId: session, courseName: '驻村第一书记任前培训', status: 'present' })]);
    expect(mine.data.upcoming).toEqual([expect.objectContaining({ sessionId: townSession, status: 'pending', canCheckin: false })]);
    const rec = await t.call('training.record', { personId: 'p-fs-jinlong' }, SL);
    expect(rec).toMatchObject({ ok: true, data: { person: { name: '欧阳靖' }, counts: { total: 2, absent: 1 } } });
    expect(await t.call('training.record', { personId: 'p-fs-jinlong' }, BJ)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
