/**
 * A cadre's copied station: a check-in reads no unit, whatever the instance's caches hold, and
 * the copy follows fence and schedule changes at once, is repaired daily when it missed one,
 * and comes and goes with the assignment. Also: a village with no fence, a capture time that
 * decides the window, and a ledger that lists only the cadres stationed under the unit.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db, _ } from '../../platform/cloud';
import { getUnit } from '../org/service';
import { repairStations } from '../people/service';
import type { OrgUnit } from '../org/schema';
import { DEFAULT_CHECKIN_SCHEDULE } from './schedule';

const CADRE = 'demo-fs-shibadong'; // 蒋文博, 第一书记 of 十八洞村 (双龙镇, 花垣县)
const CADRE_ID = 'p-fs-shibadong';
const TOWN_STAFF = 'demo-sl-staff'; // keeps 双龙镇's villages (their fences)
const COUNTY_STAFF = 'demo-hy-staff';
const CITY_STAFF = 'demo-city-staff-xiang';

let t: TestCloud;
let village: OrgUnit;
let n = 0;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
// Each fix a metre or so from the last, as a real phone's are (an identical one is flagged as replayed).
const fix = (over: Record<string, unknown> = {}) => ({ clientId: `station-${++n}-abcdefgh`, lat: village.center!.lat + n * 1e-5, lng: village.center!.lng, accuracy: 20 + n, capturedAt: t.cloud.clock.now().toISOString(), ...over });
const person = async (id = CADRE_ID) => (await db.collection('people').doc(id).get()).data as any;

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T09:00:00+08:00'); // a Tuesday, inside the morning window
  await seedDemo();
  village = (await getUnit('vil-shibadong'))!;
}, 60_000);
afterAll(() => t.stop());

it('the first check-in of a cold instance costs 3 billed operations: the station comes with the caller', async () => {
  // Nothing in this process has read a unit yet: a read of the village or county would show here.
  const { result, invocation } = await t.cloud.functions.invoke('api', { action: 'checkin.submit', input: fix() }, { openid: CADRE });
  expect(result).toMatchObject({ ok: true, data: { inside: true, window: { id: 'am' } } });
  expect(invocation.ops).toEqual({ reads: 2, writes: 1 });
  expect((await person()).station).toMatchObject({ villageId: 'vil-shibadong', villageName: '十八洞村', fence: village.fence, countySettings: {} });
});

it('a fence change reaches the stationed cadres at once, and check-ins follow it', async () => {
  const far = { kind: 'circle', center: { lat: village.center!.lat + 0.1, lng: village.center!.lng }, radiusM: 500 };
  expect(await t.call('org.updateUnit', { id: 'vil-shibadong', fence: far }, TOWN_STAFF)).toMatchObject({ ok: true });
  expect((await person()).station.fence).toEqual(far);
  expect((await person('p-tm-shibadong-1')).station.fence).toEqual(far);
  const r = await t.call('checkin.submit', fix(), CADRE);
  expect(r).toMatchObject({ ok: true, data: { inside: false } });
  expect(await t.call('org.updateUnit', { id: 'vil-shibadong', fence: village.fence }, TOWN_STAFF)).toMatchObject({ ok: true });
  expect((await person()).station.fence).toEqual(village.fence);
});

it('a county schedule is kept in the county unit and copied to every cadre under it', async () => {
  const schedule = { ...DEFAULT_CHECKIN_SCHEDULE, windows: [{ id: 'early', name: '早间', start: '07:30', end: '08:30', remindBeforeMin: 10 }] };
  expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule }, COUNTY_STAFF)).toMatchObject({ ok: true });
  expect((await getUnit('county-huayuan'))!.settings).toEqual({ checkin: schedule });
  expect((await person()).station.countySettings).toEqual({ checkin: schedule });
  // 保靖县's cadres keep the default.
  expect((await person('p-fs-lvdong')).station.countySettings).toEqual({});
  // 09:00 is after the county's only window now.
  expect(await t.call('checkin.submit', fix(), CADRE)).toMatchObject({ ok: true, data: { window: null, today: { windows: [expect.objectContaining({ id: 'early', status: 'missed' })] } } });
  expect(await t.call('checkin.getSchedule', { countyId: 'county-huayuan' }, COUNTY_STAFF)).toMatchObject({ ok: true, data: schedule });
  expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule: DEFAULT_CHECKIN_SCHEDULE }, COUNTY_STAFF)).toMatchObject({ ok: true });
  expect((await person()).station.countySettings).toEqual({ checkin: DEFAULT_CHECKIN_SCHEDULE });
});

it('a copy that missed an update, or is missing, still serves a check-in from the units, and the daily repair fixes it', async () => {
  await db.collection('people').doc(CADRE_ID).update({ data: { station: _.remove() } });
  await db.collection('people').doc('p-tm-shibadong-1').update({ data: { 'station.fence': _.set({ kind: 'circle', center: { lat: 30, lng: 110 }, radiusM: 50 }), 'station.villageUpdatedAt': new Date('2020-01-01T00:00:00Z') } });
  expect(await t.call('checkin.submit', fix(), CADRE)).toMatchObject({ ok: true, data: { inside: true } });
  const r = await repairStations();
  expect(r.villagesFixed).toBe(1);
  expect((await person()).station).toMatchObject({ villageId: 'vil-shibadong', fence: village.fence });
  expect((await person('p-tm-shibadong-1')).station.fence).toEqual(village.fence);
  // Run again: nothing is stale, nothing is written.
  const writes = t.cloud.database.ops.writes;
  expect((await repairStations()).villagesFixed).toBe(0);
  expect(t.cloud.database.ops.writes).toBe(writes);
});

it('a station comes with the assignment and goes with its end', async () => {
  const add = await t.call('people.add', { name: '新派干部', phone: '13966660101', orgUnitId: 'town-shuanglong' }, COUNTY_STAFF);
  const as = await t.call('people.startAssignment', { personId: add.data.id, villageId: 'vil-jinlong', kind: 'teamMember', dispatchingUnit: '花垣县农业农村局', start: '2026-05-12' }, COUNTY_STAFF);
  expect(as).toMatchObject({ ok: true });
  const jinlong = (await getUnit('vil-jinlong'))!;
  expect((await person(add.data.id)).station).toMatchObject({ villageId: 'vil-jinlong', villageName: '金龙村', path: jinlong.path, fence: jinlong.fence });
  expect(await t.call('people.endAssignment', { assignmentId: as.data.id, end: '2026-05-12' }, COUNTY_STAFF)).toMatchObject({ ok: true });
  expect((await person(add.data.id)).station).toBeNull();
});

it('a village without a fence: the fix is kept and counts, flagged for staff to check', async () => {
  expect(await t.call('org.updateUnit', { id: 'vil-shibadong', fence: null }, TOWN_STAFF)).toMatchObject({ ok: true });
  at('2026-05-12T14:10:00+08:00');
  const r = await t.call('checkin.submit', fix(), CADRE);
  expect(r).toMatchObject({ ok: true, data: { inside: null, distanceM: null, window: { id: 'pm', status: 'present' } } });
  expect(r.data.flags).toEqual([expect.objectContaining({ kind: 'noFence' })]);
  expect((await db.collection('checkins').doc(r.data.id).get()).data).toMatchObject({ inside: null, distanceM: null });
  expect(await t.call('org.updateUnit', { id: 'vil-shibadong', fence: village.fence }, TOWN_STAFF)).toMatchObject({ ok: true });
});

it('a capture time that puts a check-in in a window the server time is past says so in its flag', async () => {
  at('2026-05-12T15:30:40+08:00'); // the afternoon window closed at 15:30
  const r = await t.call('checkin.submit', fix({ capturedAt: '2026-05-12T15:29:50+08:00' }), CADRE);
  expect(r).toMatchObject({ ok: true, data: { late: false, window: { id: 'pm' } } });
  expect(r.data.flags).toEqual([{ kind: 'lateUpload', confidence: 0.3, detail: expect.stringContaining('按采集时间计入05-12「下午」时段') }]);
  // Three minutes old: late, and the same note on the one flag.
  at('2026-05-12T15:33:00+08:00');
  const older = await t.call('checkin.submit', fix({ capturedAt: '2026-05-12T15:29:55+08:00' }), CADRE);
  expect(older.data.late).toBe(true);
  expect(older.data.flags.filter((f: any) => f.kind === 'lateUpload')).toEqual([expect.objectContaining({ detail: expect.stringMatching(/延迟上传，按采集时间计入/) })]);
});

it('the ledger lists the cadres stationed under the unit, not those homed there and stationed elsewhere', async () => {
  const add = await t.call('people.add', { name: '外派干部', phone: '13966660102', orgUnitId: 'town-shuanglong' }, CITY_STAFF);
  expect(await t.call('people.startAssignment', { personId: add.data.id, villageId: 'vil-hangsha', kind: 'teamMember', dispatchingUnit: '双龙镇人民政府', start: '2026-05-12' }, CITY_STAFF)).toMatchObject({ ok: true });
  const here = await t.call('checkin.ledger', { unitId: 'town-shuanglong', date: '2026-05-12' }, CITY_STAFF);
  expect(here.data.rows.map((r: any) => r.personId)).toContain(CADRE_ID);
  expect(here.data.rows.map((r: any) => r.personId)).not.toContain(add.data.id);
  const there = await t.call('checkin.ledger', { unitId: 'town-lvdongshan', date: '2026-05-12' }, CITY_STAFF);
  expect(there.data.rows).toContainEqual(expect.objectContaining({ personId: add.data.id, villageId: 'vil-hangsha' }));
});
