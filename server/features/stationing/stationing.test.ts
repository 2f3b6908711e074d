/**
 * Stationing contact through the api, on the demo county with the real calendar of 2026: the
 * stationing day moving past a holiday (劳动节) or missing for a week; teams present and absent
 * (outside the fence, no photos, the wrong day, a stale fix); one record per cadre per day under
 * retries; the night rule (3 met, 2 short, a holiday week asking fewer, leave asking fewer, a
 * night record on a non-working day not counted, a week with no working day asking nothing);
 * a village without a fence; settings and scope.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { approveLeave, freshCadre, freshLeave, SYSTEM } from '../../../test/fixtures';
import { db, storage } from '../../platform/cloud';
import { createUnit, getUnit } from '../org/service';
import { DEFAULT_CHECKIN_SCHEDULE } from '../checkin/schedule';
import { attendanceId, closeWindows, recordAttendance } from '../checkin/sweeps';
import { isWeek, nightStatus, nightsOwed, stationingDay, weekOf } from './rules';
import { photoFolder, STATIONING, submit as submitStationing } from './service';

const FS = 'demo-fs-shibadong'; // 蒋文博, 第一书记 of 十八洞村 (双龙镇, 花垣县)
const TM1 = 'demo-tm-shibadong-1'; // 石婷
const TM2 = 'demo-tm-shibadong-2'; // 龙俊杰
const JINLONG = 'demo-fs-jinlong'; // 欧阳靖, 金龙村
const SHUANGLONG = 'demo-fs-shuanglong'; // 彭亚楠, 双龙村
const PAIBI = 'demo-fs-paibi'; // 滕建华, 排碧村
const AIMEN = 'demo-fs-aimen'; // 胡志强, 隘门村 (边城镇)
const TOWN = 'demo-sl-staff'; // 双龙镇
const COUNTY = 'demo-hy-staff'; // 花垣县
const OTHER_COUNTY = 'demo-bj-staff'; // 保靖县
const OTHER_TOWN = 'demo-ld-staff'; // 吕洞山镇 (保靖县)

const NIGHT_SCHEDULE = { ...DEFAULT_CHECKIN_SCHEDULE, windows: [...DEFAULT_CHECKIN_SCHEDULE.windows, { id: 'night', name: '夜间', start: '20:00', end: '23:00', remindBeforeMin: 0, night: true }] };

let t: TestCloud;
let n = 0;
const centers = new Map<string, { lat: number; lng: number }>();
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const personOf = (openid: string) => openid.replace(/^demo-/, 'p-');
const photo = (openid: string) => storage.upload(`${photoFolder(personOf(openid))}st-${++n}.jpg`, Buffer.from('jpeg'));
const clientId = () => `station-${++n}-abcdefgh`;

/** A stationing check-in at a village's centre (default: the cadre's own), now, with one photo of their own. */
async function submit(openid: string, over: Record<string, unknown> = {}, village?: string) {
  const c = centers.get(village ?? '') ?? centers.get(openid)!;
  return t.call('stationing.submit', { clientId: clientId(), lat: c.lat, lng: c.lng, accuracy: 20, capturedAt: t.cloud.clock.now().toISOString(), photoFileIds: [await photo(openid)], ...over }, openid);
}

/** Night check-ins (the county's 20:00–23:00 window) for these cadres at their village, on the day of the clock. */
async function nightCheckins(...openids: string[]) {
  for (const o of openids) {
    const c = centers.get(o)!;
    const r = await t.call('checkin.submit', { clientId: clientId(), lat: c.lat, lng: c.lng, accuracy: 15, capturedAt: t.cloud.clock.now().toISOString() }, o);
    expect(r).toMatchObject({ ok: true, data: { inside: true, window: { id: 'night' } } });
  }
}

/** A night record on a day without windows (a Sunday), as a sweep would write one. */
async function nightRecord(openid: string, date: string) {
  const village = (await getUnit('vil-shibadong'))!;
  const personId = personOf(openid);
  await recordAttendance([{ _id: attendanceId(personId, { date, windowId: 'night' }), personId, villageId: village._id, villagePath: village.path, date, windowKey: `${date}:night`, windowId: 'night', status: 'present', night: true, at: t.cloud.clock.now() }]);
}

const nights = async (unitId: string, week: string) => (await t.call('stationing.nights', { unitId, week }, COUNTY)).data;
const short = (fig: any, openid: string) => fig.shortfall.find((r: any) => r.personId === personOf(openid));

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-04T09:00:00+08:00'); // 劳动节 holiday, Monday
  await seedDemo();
  for (const [openid, village] of [[FS, 'vil-shibadong'], [TM1, 'vil-shibadong'], [TM2, 'vil-shibadong'], [JINLONG, 'vil-jinlong'], [SHUANGLONG, 'vil-shuanglong'], [PAIBI, 'vil-paibi'], [AIMEN, 'vil-aimen']] as const) {
    centers.set(openid, (await getUnit(village))!.center!);
    centers.set(village, (await getUnit(village))!.center!);
  }
  // The county checks in at night too; 双龙镇 stations on Tuesdays, 边城镇 on Fridays.
  expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule: NIGHT_SCHEDULE }, COUNTY)).toMatchObject({ ok: true });
  expect(await t.call('stationing.setDay', { townshipId: 'town-shuanglong', weekday: 2 }, TOWN)).toMatchObject({ ok: true, data: { township: { weekday: 2, weekdayName: '周二' } } });
  expect(await t.call('stationing.setDay', { townshipId: 'town-biancheng', weekday: 5 }, COUNTY)).toMatchObject({ ok: true });
  // 龙俊杰 is on approved leave (公务外出) from Tuesday 12 to Friday 15 May.
  const leave = await freshLeave('vil-shibadong', { personId: 'p-tm-shibadong-2', kind: 'official', start: { date: '2026-05-12', half: 'am' }, end: { date: '2026-05-15', half: 'pm' } });
  await approveLeave(leave, (await getUnit('vil-shibadong'))!.path);
}, 60_000);
afterAll(() => t.stop());

describe('the stationing day of a week', () => {
  it('is the fixed weekday, moves past a holiday within the ISO week, or is missing', () => {
    expect(stationingDay('2026-W20', 2)).toEqual({ date: '2026-05-12', weekday: 2, fixedDate: '2026-05-12', moved: false });
    // Tuesday 5 May is 劳动节: Wednesday 6 May.
    expect(stationingDay('2026-W19', 2)).toEqual({ date: '2026-05-06', weekday: 2, fixedDate: '2026-05-05', moved: true });
    // National Day week: Tuesday 6 October moves past Wednesday (holiday) to Thursday 8 October.
    expect(stationingDay('2026-W41', 2)?.date).toBe('2026-10-08');
    // Friday 1 May is a holiday and the weekend after it is off: no stationing day that week.
    expect(stationingDay('2026-W18', 5)).toBeNull();
    expect(stationingDay('2026-W40', 4)).toBeNull(); // Thursday 1 October onwards: all holiday
    expect(stationingDay('2026-W08', 1)).toBeNull(); // 春节: no working day at all
    expect([weekOf('2026-01-01'), weekOf('2027-01-01'), isWeek('2026-W53'), isWeek('2025-W53')]).toEqual(['2026-W01', '2026-W53', true, false]);
  });

  it('tells the cadre on the holiday that the day moved, refuses that day, and takes the next', async () => {
    at('2026-05-05T10:00:00+08:00');
    const today = await t.call('stationing.today', {}, FS);
    expect(today).toMatchObject({ ok: true, data: { state: 'upcoming', isToday: false, day: { date: '2026-05-06', moved: true, fixedDate: '2026-05-05', label: '5月6日 周三' }, township: { name: '双龙镇', weekdayName: '周二' } } });
    expect(await submit(FS)).toMatchObject({ ok: false, code: 'not_stationing_day', message: '今天不是驻点日，本周驻点日是5月6日 周三' });
    at('2026-05-06T09:30:00+08:00');
    expect((await t.call('stationing.today', {}, FS)).data).toMatchObject({ state: 'today', isToday: true, mine: null });
    expect(await submit(FS)).toMatchObject({ ok: true, data: { date: '2026-05-06', counted: true, inside: true, photos: 1, repeated: false } });
    const fig = (await t.call('stationing.figure', { unitId: 'town-shuanglong', week: '2026-W19' }, TOWN)).data;
    expect(fig.townships).toEqual([expect.objectContaining({ id: 'town-shuanglong', state: 'today', day: expect.objectContaining({ date: '2026-05-06', moved: true }) })]);
    expect(fig.teams.find((x: any) => x.villageId === 'vil-shibadong')).toMatchObject({ status: 'present', present: [{ name: '蒋文博' }] });
  });

  it('has no day in a week whose fixed day and the rest of the week are holidays', async () => {
    at('2026-05-01T10:00:00+08:00'); // Friday, 劳动节
    expect(await submit(AIMEN)).toMatchObject({ ok: false, code: 'not_stationing_day', message: expect.stringContaining('本周没有驻点日') });
    const fig = (await t.call('stationing.figure', { unitId: 'county-huayuan', week: '2026-W18' }, COUNTY)).data;
    expect(fig.townships.find((x: any) => x.id === 'town-biancheng')).toMatchObject({ weekday: 5, day: null, state: 'none' });
    const biancheng = fig.rows.find((r: any) => r.id === 'town-biancheng');
    expect(biancheng).toMatchObject({ noDay: 5, absent: 0, present: 0 });
  });
});

describe('nights at the workplace (住夜)', () => {
  it('owes N nights, fewer when holidays, leave or the posting leave fewer working days, none in a week without one', () => {
    const week = ['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15'];
    expect(nightsOwed(3, week, new Set(), '2026-01-05').required).toBe(3);
    expect(nightsOwed(3, week, new Set(['2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15']), '2026-01-05').required).toBe(1);
    expect(nightsOwed(3, week, new Set(), '2026-05-14').required).toBe(2); // stationed on Thursday
    expect(nightsOwed(5, ['2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09'], new Set(), '2026-01-05').required).toBe(4);
    expect(nightsOwed(3, [], new Set(), '2026-01-05').required).toBe(0);
    expect([nightStatus(3, 3, 0), nightStatus(2, 3, 0), nightStatus(2, 3, 1), nightStatus(0, 0, 0)]).toEqual(['met', 'short', 'open', 'met']);
  });

  it('counts a holiday week’s working nights against a county’s N, never a night on a day off', async () => {
    // 花垣县 asks 5 nights; the week of 4 May has 4 working days (6, 7, 8 May and the 调休 Saturday 9 May).
    expect(await t.call('stationing.setNights', { countyId: 'county-huayuan', nightsPerWeek: 5 }, COUNTY)).toMatchObject({ ok: true, data: { county: { nightsPerWeek: 5, isDefault: false } } });
    for (const day of ['2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09']) {
      at(`${day}T20:30:00+08:00`);
      await nightCheckins(FS, ...(day === '2026-05-09' ? [] : [TM1]));
    }
    await closeWindows(new Date('2026-05-06T00:00:00+08:00'), new Date('2026-05-10T01:05:00+08:00'));
    await nightRecord(TM1, '2026-05-10'); // Sunday: not a working day
    at('2026-05-11T09:00:00+08:00');
    const fig = await nights('town-shuanglong', '2026-W19');
    expect(short(fig, FS)).toBeUndefined(); // 4 of 4
    expect(short(fig, TM1)).toMatchObject({ nights: 3, required: 4, nightsPerWeek: 5, status: 'short', dates: ['2026-05-06', '2026-05-07', '2026-05-08'] });
    expect(fig.totals).toMatchObject({ cadres: 9, met: 1, short: 8, open: 0 });
    expect(await t.call('stationing.setNights', { countyId: 'county-huayuan', nightsPerWeek: null }, COUNTY)).toMatchObject({ ok: true, data: { county: { nightsPerWeek: 3, isDefault: true } } });
  });

  it('meets 3 nights, is short with 2, and asks 1 night of a cadre on leave 4 of the 5 days', async () => {
    at('2026-05-11T20:30:00+08:00');
    await nightCheckins(FS, TM1, TM2);
    at('2026-05-12T20:30:00+08:00');
    await nightCheckins(FS, TM1);
    await closeWindows(new Date('2026-05-11T00:00:00+08:00'), new Date('2026-05-13T01:05:00+08:00'));
    // Mid-week: two nights of three, still possible.
    at('2026-05-13T10:00:00+08:00');
    const mid = await nights('town-shuanglong', '2026-W20');
    expect(short(mid, FS)).toMatchObject({ nights: 2, required: 3, status: 'open' });
    expect(short(mid, TM2)).toBeUndefined();
    expect((await t.call('stationing.today', {}, TM2)).data.nights).toMatchObject({ measured: true, nightsPerWeek: 3, required: 1, had: 1, leaveDays: 4, status: 'met' });

    at('2026-05-13T20:30:00+08:00');
    await nightCheckins(FS);
    await closeWindows(new Date('2026-05-13T01:00:00+08:00'), new Date('2026-05-16T01:05:00+08:00'));
    await nightRecord(TM1, '2026-05-16'); // Saturday: not a working day
    at('2026-05-18T10:00:00+08:00');
    const fig = await nights('town-shuanglong', '2026-W20');
    expect(fig.week).toMatchObject({ week: '2026-W20', past: true, workdays: ['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15'] });
    expect(short(fig, FS)).toBeUndefined();
    expect(short(fig, TM2)).toBeUndefined();
    expect(short(fig, TM1)).toMatchObject({ name: '石婷', villageName: '十八洞村', nights: 2, required: 3, status: 'short', dates: ['2026-05-11', '2026-05-12'] });
    expect(short(fig, JINLONG)).toMatchObject({ nights: 0, required: 3, status: 'short' });
    expect(fig.totals).toEqual({ cadres: 9, met: 2, short: 7, open: 0, unmeasured: 0 });
    expect(fig.shortfall[0]).toMatchObject({ nights: 0 }); // the furthest short first
    const county = await nights('county-huayuan', '2026-W20');
    expect(county.rows.find((r: any) => r.id === 'town-shuanglong')).toMatchObject({ cadres: 9, met: 2, short: 7 });
    // 保靖县 has no night window: its cadres cannot be measured.
    const city = (await t.call('stationing.nights', { unitId: 'city-xiangxi', week: '2026-W20' }, 'demo-city-staff-xiang')).data;
    expect(city.rows.find((r: any) => r.id === 'county-baojing')).toMatchObject({ met: 0, short: 0, unmeasured: expect.any(Number) });
    expect(city.rows.find((r: any) => r.id === 'county-baojing').unmeasured).toBeGreaterThan(0);
  });

  it('asks nothing in a week without a working day (春节)', async () => {
    const fig = await nights('town-shuanglong', '2026-W08');
    expect(fig.week.workdays).toEqual([]);
    expect(fig.totals).toEqual({ cadres: 9, met: 9, short: 0, open: 0, unmeasured: 0 });
  });
});

describe('teams present and absent on the stationing day (Tuesday 12 May)', () => {
  it('counts a team with a member inside the fence with photos; outside, no photos, the wrong day and a stale fix do not count', async () => {
    at('2026-05-12T09:00:00+08:00');
    const inside = await submit(FS, { photoFileIds: [await photo(FS), await photo(FS)] });
    expect(inside).toMatchObject({ ok: true, data: { counted: true, inside: true, photos: 2, flags: [] } });
    // 金龙村's first secretary checks in from 十八洞村: kept, not counted.
    const outside = await submit(JINLONG, {}, 'vil-shibadong');
    expect(outside).toMatchObject({ ok: true, data: { counted: false, inside: false } });
    expect(outside.data.distanceM).toBeGreaterThan(1000);
    expect(outside.data.flags.map((f: any) => f.kind)).toContain('outsideFence');
    // No photos, or another cadre's photo: refused, nothing kept.
    expect(await submit(SHUANGLONG, { photoFileIds: [] })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await submit(SHUANGLONG, { photoFileIds: [await photo(FS)] })).toMatchObject({ ok: false, code: 'invalid_input', message: '照片未上传成功，请重新上传' });
    // A fix taken a quarter of an hour ago is not fresh.
    expect(await submit(SHUANGLONG, { capturedAt: new Date(t.cloud.clock.nowMs() - 15 * 60_000).toISOString() })).toMatchObject({ ok: false, code: 'stale_fix' });
    // Only the team's own cadres and only cadres check in.
    expect(await submit(TOWN, {}, 'vil-shibadong')).toMatchObject({ ok: false, code: 'forbidden' });
    // 排碧村's cadre comes a day late: refused.
    at('2026-05-13T09:00:00+08:00');
    expect(await submit(PAIBI)).toMatchObject({ ok: false, code: 'not_stationing_day', message: '今天不是驻点日，本周驻点日是5月12日 周二' });
    expect((await db.collection(STATIONING).where({ week: '2026-W20' }).count()).total).toBe(2);

    const fig = await t.call('stationing.figure', { unitId: 'town-shuanglong', week: '2026-W20' }, TOWN);
    expect(fig).toMatchObject({ ok: true, data: { week: { week: '2026-W20', label: '2026年第20周（5月11日—5月17日）' } } });
    // Five villages with a team (nine cadres); 十八洞村 present (龙俊杰 on leave that day, 石婷 absent).
    expect(fig.data.totals).toEqual({ teams: 5, present: 1, absent: 4, excused: 0, upcoming: 0, noDay: 0, unset: 0, membersPresent: 1, membersAbsent: 7, membersOnLeave: 1 });
    // Absent teams first, by name (pinyin order).
    expect(fig.data.teams.map((x: any) => [x.villageName, x.status])).toEqual([['董马库村', 'absent'], ['金龙村', 'absent'], ['排碧村', 'absent'], ['双龙村', 'absent'], ['十八洞村', 'present']]);
    expect(fig.data.teams.find((x: any) => x.villageId === 'vil-shibadong')).toMatchObject({ present: [{ name: '蒋文博', kindName: '第一书记' }], absent: [{ name: '石婷' }], onLeave: [{ name: '龙俊杰' }] });
    expect(fig.data.teams.find((x: any) => x.villageId === 'vil-jinlong')).toMatchObject({ ongoing: false, absent: [{ name: '欧阳靖' }, { name: '吴磊' }] });

    // The county sees it by township; the day's figure shows only the townships stationed that day.
    const county = (await t.call('stationing.figure', { unitId: 'county-huayuan', week: '2026-W20' }, COUNTY)).data;
    expect(county.rows.find((r: any) => r.id === 'town-shuanglong')).toMatchObject({ teams: 5, present: 1, absent: 4 });
    expect(county.rows.find((r: any) => r.id === 'town-biancheng')).toMatchObject({ present: 0, absent: 0, upcoming: 5, noDay: 0 }); // Friday 15 May is still to come
    expect((await t.call('stationing.figure', { unitId: 'county-huayuan', date: '2026-05-12' }, COUNTY)).data.totals).toMatchObject({ teams: 5, present: 1, absent: 4 });
    expect((await t.call('stationing.figure', { unitId: 'county-huayuan', date: '2026-05-13' }, COUNTY)).data.totals).toMatchObject({ teams: 0 });
    // The city by county.
    const city = (await t.call('stationing.figure', { unitId: 'city-xiangxi', week: '2026-W20' }, 'demo-city-staff-xiang')).data;
    expect(city.rows.find((r: any) => r.id === 'county-huayuan')).toMatchObject({ present: 1, absent: 4 });
    expect(city.rows.find((r: any) => r.id === 'county-baojing')).toMatchObject({ present: 0, absent: 0 });
  });

  it('keeps one record per cadre per day, whatever the retries; a later attempt counts only while the first does not', async () => {
    at('2026-05-12T10:00:00+08:00');
    const first = await submit(FS);
    expect(first).toMatchObject({ ok: true, data: { counted: true, repeated: true, photos: 2, attempts: 1 } });
    const cid = clientId();
    const a = await submit(JINLONG, { clientId: cid }); // now inside 金龙村
    const b = await submit(JINLONG, { clientId: cid }); // the same attempt, retried
    expect(a).toMatchObject({ ok: true, data: { counted: true, inside: true, attempts: 2, repeated: false } });
    expect(b).toMatchObject({ ok: true, data: { id: a.data.id, counted: true, attempts: 2, repeated: true } });
    // Once counted, an attempt from outside changes nothing.
    expect(await submit(JINLONG, {}, 'vil-shibadong')).toMatchObject({ ok: true, data: { counted: true, inside: true, repeated: true } });
    expect((await db.collection(STATIONING).where({ personId: 'p-fs-jinlong' }).count()).total).toBe(1);
    expect((await db.collection(STATIONING).where({ personId: 'p-fs-shibadong', date: '2026-05-12' }).count()).total).toBe(1);

    const today = (await t.call('stationing.today', {}, TM1)).data;
    expect(today).toMatchObject({ state: 'today', teamPresent: true, mine: null });
    expect(today.team.find((m: any) => m.name === '蒋文博')).toMatchObject({ present: true });
    expect(today.team.find((m: any) => m.me)).toMatchObject({ name: '石婷', present: false });
    const fig = (await t.call('stationing.figure', { unitId: 'town-shuanglong', week: '2026-W20' }, TOWN)).data;
    expect(fig.totals).toMatchObject({ present: 2, absent: 3, membersPresent: 2 });
    // While the day lasts, an absent team is still to come.
    expect(fig.teams.find((x: any) => x.villageId === 'vil-paibi')).toMatchObject({ status: 'absent', ongoing: true });
    // Staff open a team's records with the photos.
    const team = await t.call('stationing.team', { villageId: 'vil-shibadong', week: '2026-W20' }, TOWN);
    expect(team).toMatchObject({ ok: true, data: { records: [{ personName: '蒋文博', counted: true, photos: 2 }] } });
    expect(team.data.records[0].photoUrls).toHaveLength(2);
  });
});

describe('a village without a fence', () => {
  it('counts the check-in, flagged for staff to verify', async () => {
    at('2026-05-12T11:00:00+08:00');
    const village = await createUnit(SYSTEM, t.cloud.clock.now(), { parentId: 'town-shuanglong', name: '新建村' });
    const { person } = await freshCadre(village._id);
    const fileId = await storage.upload(`${photoFolder(person._id)}a.jpg`, Buffer.from('jpeg'));
    const r = await submitStationing({ openid: undefined, source: 'test', person }, t.cloud.clock.now(), { clientId: clientId(), lat: 28.4, lng: 109.6, accuracy: 30, capturedAt: t.cloud.clock.now().toISOString(), photoFileIds: [fileId] });
    expect(r).toMatchObject({ counted: true, inside: null, flags: [{ kind: 'noFence' }] });
    const fig = (await t.call('stationing.figure', { unitId: 'town-shuanglong', week: '2026-W20' }, TOWN)).data;
    expect(fig.teams.find((x: any) => x.villageId === village._id)).toMatchObject({ villageName: '新建村', status: 'present' });
  });
});

describe('settings and scope', () => {
  it('shows a township its day and its county’s nights; only staff over the county set the nights', async () => {
    at('2026-05-18T10:00:00+08:00');
    const s = await t.call('stationing.getSettings', { unitId: 'town-shuanglong' }, TOWN);
    expect(s).toMatchObject({ ok: true, data: { level: 'township', township: { weekday: 2, thisWeek: { date: '2026-05-19' } }, county: { id: 'county-huayuan', nightsPerWeek: 3, isDefault: true }, canSetNights: false } });
    expect((await t.call('stationing.getSettings', { unitId: 'town-shuanglong' }, COUNTY)).data.canSetNights).toBe(true);
    const county = (await t.call('stationing.getSettings', { unitId: 'county-huayuan' }, COUNTY)).data;
    expect(county.townships.map((x: any) => [x.name, x.weekday])).toEqual([['边城镇', 5], ['双龙镇', 2]]);
    expect(await t.call('stationing.setNights', { countyId: 'county-huayuan', nightsPerWeek: 4 }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('stationing.setDay', { townshipId: 'town-shuanglong', weekday: 6 }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('stationing.setDay', { townshipId: 'county-huayuan', weekday: 2 }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input' });
    // The change is audited on the unit.
    const log = await t.call('org.auditLog', { unitId: 'town-shuanglong' }, COUNTY);
    expect(log.data.find((e: any) => e.action === 'stationing.setDay')).toMatchObject({ after: { weekday: 2 } });
  });

  it('refuses another county’s staff, another township’s staff and cadres', async () => {
    for (const [action, input] of [
      ['stationing.figure', { unitId: 'town-shuanglong', week: '2026-W20' }],
      ['stationing.nights', { unitId: 'town-shuanglong', week: '2026-W20' }],
      ['stationing.team', { villageId: 'vil-shibadong', week: '2026-W20' }],
      ['stationing.getSettings', { unitId: 'town-shuanglong' }],
      ['stationing.setDay', { townshipId: 'town-shuanglong', weekday: 3 }],
      ['stationing.setNights', { countyId: 'county-huayuan', nightsPerWeek: 2 }],
    ] as const) {
      expect(await t.call(action, input, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await t.call(action, input, OTHER_TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await t.call(action, input, FS)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(await t.call('stationing.setDay', { townshipId: 'town-lvdongshan', weekday: 3 }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('stationing.figure', { unitId: 'town-does-not-exist' }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    // The settings are unchanged.
    expect((await t.call('stationing.getSettings', { unitId: 'town-shuanglong' }, TOWN)).data.township.weekday).toBe(2);
  });
});
