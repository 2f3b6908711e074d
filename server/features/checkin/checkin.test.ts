/** Check-in through the api: fence, window, flags, retries, offline uploads, the ledger and who looked. */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';
import { getUnit } from '../org/service';
import { fenceDecision } from './geo';
import { DEFAULT_CHECKIN_SCHEDULE } from './schedule';

const CADRE = 'demo-fs-shibadong'; // 蒋文博, 第一书记 of 十八洞村 (双龙镇, 花垣县)
const COUNTY_STAFF = 'demo-hy-staff';
const OTHER_COUNTY_STAFF = 'demo-bj-staff';
const VILLAGER = 'demo-vl-shibadong-1';

let t: TestCloud;
let inside: { lat: number; lng: number };
let n = 0;
const clientId = () => `test-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T09:00:00+08:00'); // a Tuesday, a working day, inside the morning window
  await seedDemo();
  const village = await getUnit('vil-shibadong');
  inside = village!.center!;
  expect(fenceDecision(village!.fence!, { ...inside, accuracy: 10 }).inside).toBe(true);
}, 60_000);
afterAll(() => t.stop());

const fix = (over: Record<string, unknown> = {}) => ({ clientId: clientId(), lat: inside.lat, lng: inside.lng, accuracy: 25, speed: 0.4, altitude: 412, capturedAt: t.cloud.clock.now().toISOString(), ...over });

describe('checkin.submit', () => {
  it('judges a fix inside the fence, in the morning window, by the server clock', async () => {
    const r = await t.call('checkin.submit', fix(), CADRE);
    expect(r).toMatchObject({ ok: true, data: { inside: true, distanceM: 0, repeated: false, flags: [], window: { id: 'am', name: '上午', status: 'present' }, serverTime: '2026-05-12T09:00:00+08:00' } });
    expect(r.data.today).toEqual({ date: '2026-05-12', windows: [expect.objectContaining({ id: 'am', status: 'present' }), expect.objectContaining({ id: 'pm', status: 'upcoming' })] });
  });

  it('costs at most 3 billed operations (the caller, the recent check-ins, the write)', async () => {
    const { result, invocation } = await t.cloud.functions.invoke('api', { action: 'checkin.submit', input: fix() }, { openid: CADRE });
    expect(result).toMatchObject({ ok: true });
    expect(invocation.ops).toEqual({ reads: 2, writes: 1 });
  });

  it('keeps a fix outside the fence, with the distance and a flag, and says so', async () => {
    const r = await t.call('checkin.submit', fix({ lat: inside.lat + 0.05, capturedAt: new Date(t.cloud.clock.nowMs() + 1000).toISOString() }), CADRE);
    expect(r.ok).toBe(true);
    expect(r.data.inside).toBe(false);
    expect(r.data.distanceM).toBeGreaterThan(3000);
    expect(r.data.flags.map((f: any) => f.kind)).toContain('outsideFence');
    const { data } = await db.collection('checkins').doc(r.data.id).get();
    expect(data).toMatchObject({ inside: false, lat: inside.lat + 0.05, accuracy: 25, altitude: 412, villageId: 'vil-shibadong', date: '2026-05-12', windowKey: '2026-05-12:am' });
  });

  it('records a retried check-in once, even when the retries race', async () => {
    const same = fix();
    const answers = await Promise.all([1, 2, 3, 4].map(() => t.call('checkin.submit', same, CADRE)));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(answers.filter((a) => !a.data.repeated).length).toBeLessThanOrEqual(1);
    const again = await t.call('checkin.submit', same, CADRE);
    expect(again).toMatchObject({ ok: true, data: { repeated: true, id: answers[0].data.id } });
    const { data } = await db.collection('checkins').where({ _id: answers[0].data.id }).get();
    expect(data).toHaveLength(1);
  });

  it('accepts a fix kept offline within the tolerance, flagged as late; refuses it after', async () => {
    at('2026-05-12T10:30:00+08:00');
    const late = await t.call('checkin.submit', fix({ capturedAt: '2026-05-12T09:40:00+08:00' }), CADRE);
    expect(late).toMatchObject({ ok: true, data: { late: true, window: { id: 'am' } } });
    expect(late.data.flags.map((f: any) => f.kind)).toContain('lateUpload');
    const before = t.cloud.database.ops.writes;
    const tooLate = await t.call('checkin.submit', fix({ capturedAt: '2026-05-12T08:20:00+08:00' }), CADRE);
    expect(tooLate).toMatchObject({ ok: false, code: 'too_late' });
    expect(t.cloud.database.ops.writes).toBe(before);
  });

  it('flags the same fix sent twice (a replayed location)', async () => {
    at('2026-05-12T14:10:00+08:00');
    const replay = { lat: inside.lat + 0.0001, lng: inside.lng, accuracy: 17, speed: 0, altitude: 398.2 };
    await t.call('checkin.submit', fix({ ...replay, capturedAt: '2026-05-12T14:09:00+08:00' }), CADRE);
    const second = await t.call('checkin.submit', fix({ ...replay, capturedAt: '2026-05-12T14:10:00+08:00' }), CADRE);
    expect(second.data.flags.map((f: any) => f.kind)).toContain('repeatedFix');
  });

  it('flags a fix that repeats an older one, not only the last (A, B, A)', async () => {
    const a = { lat: inside.lat + 0.0002, lng: inside.lng, accuracy: 13, speed: 0, altitude: 401.7 };
    await t.call('checkin.submit', fix({ ...a, capturedAt: new Date(t.cloud.clock.nowMs() + 60_000).toISOString() }), CADRE);
    await t.call('checkin.submit', fix({ lat: inside.lat - 0.0003, accuracy: 21, capturedAt: new Date(t.cloud.clock.nowMs() + 120_000).toISOString() }), CADRE);
    t.cloud.clock.advance(180_000);
    const third = await t.call('checkin.submit', fix({ ...a, capturedAt: t.cloud.clock.now().toISOString() }), CADRE);
    expect(third.data.flags.map((f: any) => f.kind)).toContain('repeatedFix');
  });

  it('is only for stationed cadres, and never trusts an identity in the input', async () => {
    expect(await t.call('checkin.submit', fix(), VILLAGER)).toMatchObject({ ok: false, code: 'forbidden' });
    // A villager naming a cadre gets nowhere: roles are checked before anything in the input is read.
    expect(await t.call('checkin.submit', { ...fix(), personId: 'p-fs-shibadong' }, VILLAGER)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('checkin.submit', { ...fix(), personId: 'p-other' }, CADRE)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('checkin.submit', fix({ lat: 'north' }), CADRE)).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('counts nothing on a statutory holiday, and shows no windows', async () => {
    at('2026-10-01T09:00:00+08:00');
    const r = await t.call('checkin.submit', fix(), CADRE);
    expect(r).toMatchObject({ ok: true, data: { window: null, today: { date: '2026-10-01', windows: [] } } });
    at('2026-05-12T14:20:00+08:00');
  });
});

describe('schedule', () => {
  it('a county sets its windows; check-ins follow them at once; the change is audited', async () => {
    const schedule = { ...DEFAULT_CHECKIN_SCHEDULE, windows: [{ id: 'am', name: '上午', start: '08:00', end: '09:00', remindBeforeMin: 10 }, { id: 'pm', name: '下午', start: '14:30', end: '16:00', remindBeforeMin: 10 }] };
    expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule }, COUNTY_STAFF)).toMatchObject({ ok: true });
    expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    const bad = { ...schedule, windows: [{ id: 'am', name: '上午', start: '10:00', end: '09:00', remindBeforeMin: 10 }] };
    expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule: bad }, COUNTY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    const r = await t.call('checkin.submit', fix(), CADRE); // 14:20: before the new afternoon window
    expect(r).toMatchObject({ ok: true, data: { window: null } });
    const log = await t.call('org.auditLog', { unitId: 'county-huayuan' }, COUNTY_STAFF);
    expect(log.data[0]).toMatchObject({ action: 'checkin.setSchedule', after: { windows: [{ start: '08:00' }, { start: '14:30' }] } });
    expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule: DEFAULT_CHECKIN_SCHEDULE }, COUNTY_STAFF)).toMatchObject({ ok: true });
  });
});

describe('the location ledger and who looked', () => {
  it('shows a township day by cadre, and records who looked at whose location', async () => {
    const r = await t.call('checkin.ledger', { unitId: 'town-shuanglong', date: '2026-05-12' }, COUNTY_STAFF);
    expect(r.ok).toBe(true);
    const row = r.data.rows.find((x: any) => x.personId === 'p-fs-shibadong');
    expect(row.windows.map((w: any) => w.status)).toEqual(['present', 'present']);
    expect(row.checkins.length).toBeGreaterThan(3);
    const absent = r.data.rows.find((x: any) => x.personId !== 'p-fs-shibadong');
    expect(absent.windows.map((w: any) => w.status)).toEqual(['missed', 'open']);
    expect(await t.call('checkin.ledger', { unitId: 'town-shuanglong', date: '2026-05-12' }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });

    const viewers = await t.call('checkin.viewers', {}, CADRE);
    expect(viewers).toMatchObject({ ok: true, data: [{ viewerName: '石慧敏', what: 'ledger', at: '2026-05-12T06:20:00.000Z' }] });
  });

  it('opening one cadre’s month is recorded too; staff elsewhere cannot open it', async () => {
    t.cloud.clock.advance(60_000);
    const h = await t.call('checkin.history', { personId: 'p-fs-shibadong', month: '2026-05' }, COUNTY_STAFF);
    expect(h.ok && h.data.checkins.length).toBeGreaterThan(3);
    expect(await t.call('checkin.history', { personId: 'p-fs-shibadong', month: '2026-05' }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    const viewers = await t.call('checkin.viewers', {}, CADRE);
    expect(viewers.data.map((v: any) => v.what)).toEqual(['history', 'ledger']);
    const mine = await t.call('checkin.mine', { month: '2026-05' }, CADRE);
    expect(mine).toMatchObject({ ok: true, data: { month: '2026-05', today: { date: '2026-05-12' } } });
    expect(mine.data.checkins.length).toBe(h.data.checkins.length);
  });

  it('staff mark a flagged check-in reviewed, with a comment', async () => {
    const h = await t.call('checkin.history', { personId: 'p-fs-shibadong', month: '2026-05' }, COUNTY_STAFF);
    const flagged = h.data.checkins.find((c: any) => c.flags.length > 0);
    const r = await t.call('checkin.review', { checkinId: flagged.id, comment: '电话核实：在村里开会' }, COUNTY_STAFF);
    expect(r).toMatchObject({ ok: true, data: { review: { byName: '石慧敏', comment: '电话核实：在村里开会' } } });
    expect(await t.call('checkin.review', { checkinId: flagged.id, comment: 'x' }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('scope of a cadre homed elsewhere', () => {
  it('the township and county where a cadre is stationed open their month; another county does not', async () => {
    // A 保靖县 person stationed in 十八洞村 (花垣县) by the city.
    const CITY = 'demo-city-staff-xiang';
    const add = await t.call('people.add', { name: '异地干部', phone: '13966660001', orgUnitId: 'county-baojing' }, CITY);
    expect(await t.call('people.startAssignment', { personId: add.data.id, villageId: 'vil-shibadong', kind: 'teamMember', dispatchingUnit: '保靖县人民医院', start: '2026-05-01' }, CITY)).toMatchObject({ ok: true });
    expect(await t.call('checkin.history', { personId: add.data.id, month: '2026-05' }, 'demo-sl-staff')).toMatchObject({ ok: true });
    expect(await t.call('checkin.history', { personId: add.data.id, month: '2026-05' }, COUNTY_STAFF)).toMatchObject({ ok: true });
    // 保靖县 covers their home, but not the village: it sees none of the check-ins made there.
    const bj = await t.call('checkin.history', { personId: add.data.id, month: '2026-05' }, OTHER_COUNTY_STAFF);
    expect(bj).toMatchObject({ ok: true, data: { checkins: [] } });
  });
});
