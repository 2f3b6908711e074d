/**
 * The timer's check-in work through the real tick function: reminders once per cadre per
 * window, attendance after each window (catching up a missed tick, harmless when run twice),
 * the leave hook, holidays and 调休, corrections, and the purge of old raw fixes.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db, _ } from '../../platform/cloud';
import { getUnit } from '../org/service';
import { closeWindows, registerAbsenceExcuse, sendReminders, ATTENDANCE } from './sweeps';
import { templateId } from '../notify/templates';
import { DEFAULT_CHECKIN_SCHEDULE } from './schedule';
import { missedWindow } from '../../../test/fixtures';
import { CLOSED_WINDOWS } from './months';

const CADRE = 'demo-fs-shibadong'; // p-fs-shibadong, 十八洞村
const OTHER = 'demo-fs-jinlong'; // another first secretary
const STAFF = 'demo-sl-staff'; // 双龙镇 organisation staff
let t: TestCloud;
let center: { lat: number; lng: number };
let n = 0;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const tick = async () => ((await t.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' })).result as any).data as any[];
const job = (outcomes: any[], name: string) => outcomes.find((o) => o.job === name);
const attendance = async (date: string) => (await db.collection(ATTENDANCE).where({ date }).limit(1000).get()).data as any[];
const checkIn = (openid: string, over: Record<string, unknown> = {}) =>
  t.call('checkin.submit', { clientId: `sweep-${++n}-abcdef`, lat: center.lat, lng: center.lng, accuracy: 20, capturedAt: t.cloud.clock.now().toISOString(), ...over }, openid);

const excusedPeople = new Set<string>();
registerAbsenceExcuse(async () => new Set(excusedPeople));

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-11T23:00:00+08:00');
  await seedDemo();
  center = (await getUnit('vil-shibadong'))!.center!;
  await tick(); // the first run: remembers when it ran, catches up nothing
}, 60_000);
afterAll(() => t.stop());

it('demo cadres exist under several villages', async () => {
  expect(await t.call('people.me', {}, OTHER)).toMatchObject({ ok: true, data: { roles: [{ role: 'cadre' }] } });
});

describe('reminders', () => {
  it('reminds a cadre with a banked grant before the window, once, however often the timer fires', async () => {
    // The cadre tapped 允许 on the check-in page: WeChat banks one send, and so do we.
    t.cloud.messages.grant(CADRE, templateId('checkinReminder'), 2);
    expect(await t.call('notify.recordGrants', { accepted: ['checkinReminder'] }, CADRE)).toMatchObject({ ok: true, data: { checkinReminder: 1 } });
    at('2026-05-12T08:14:00+08:00');
    expect(job(await tick(), 'checkin.remind').result).toMatchObject({ sent: 0 });
    at('2026-05-12T08:15:30+08:00');
    expect(job(await tick(), 'checkin.remind').result).toMatchObject({ windows: ['2026-05-12:am'], sent: 1 });
    // The timer fires twice in the same minute, and the job is even run again by hand.
    await tick();
    expect(await sendReminders(new Date('2026-05-12T08:00:00+08:00'), t.cloud.clock.now())).toMatchObject({ sent: 0 });
    const outbox = t.cloud.messages.outbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ touser: CADRE, page: 'pages/checkin/index/index', data: { thing1: { value: '上午签到' }, time2: { value: '2026年5月12日 08:30' }, thing3: { value: '十八洞村' } } });
    // Nobody without a grant was messaged; the spent grant is gone from our bank.
    const { data } = await db.collection('subscriptions').doc('p-fs-shibadong.checkinReminder').get();
    expect(data).toMatchObject({ count: 0, reminded: '2026-05-12:am' });
  });
});

describe('attendance after each window', () => {
  it('records present, outside and missed when the window closes, and only once', async () => {
    at('2026-05-12T09:00:00+08:00');
    expect(await checkIn(CADRE)).toMatchObject({ ok: true, data: { inside: true } });
    expect(await checkIn(OTHER)).toMatchObject({ ok: true, data: { inside: false } }); // 金龙村's cadre at 十八洞村
    // A fix taken before the window closed, kept offline, arrives after: it still counts.
    at('2026-05-12T10:20:00+08:00');
    expect(await checkIn('demo-fs-shuanglong', { capturedAt: '2026-05-12T09:59:00+08:00', lat: (await getUnit('vil-shuanglong'))!.center!.lat, lng: (await getUnit('vil-shuanglong'))!.center!.lng })).toMatchObject({ ok: true, data: { late: true, inside: true, window: { id: 'am' } } });
    at('2026-05-12T11:59:00+08:00');
    expect(job(await tick(), 'checkin.close').result).toMatchObject({ windows: [] }); // still within the offline tolerance
    at('2026-05-12T12:00:30+08:00');
    const before = t.cloud.database.ops.reads;
    const r = job(await tick(), 'checkin.close').result;
    expect(r.windows).toEqual(['2026-05-12:am']);
    const cadres = (await db.collection('people').where({ 'grants.role': 'cadre' }).count()).total;
    expect(r.records).toBe(cadres);
    // ⌈N/1000⌉ pages of cadres + schedules (2) + who checked in (1): well inside ⌈N/1000⌉ + 5.
    expect(r.reads).toBeLessThanOrEqual(Math.ceil(cadres / 1000) + 5);
    expect(t.cloud.database.ops.reads - before).toBeLessThanOrEqual(Math.ceil(cadres / 1000) + 5 + 4 + 4 + 1 + 1); // + the tick's own bookkeeping, + the complaint sweep's four queries, the tutoring reminder's one and the reports' reminder's one when nothing is due
    const rows = await attendance('2026-05-12');
    expect(rows.find((a) => a.personId === 'p-fs-shibadong')).toMatchObject({ status: 'present', windowKey: '2026-05-12:am' });
    expect(rows.find((a) => a.personId === 'p-fs-jinlong')).toMatchObject({ status: 'outside' });
    expect(rows.find((a) => a.personId === 'p-fs-shuanglong')).toMatchObject({ status: 'present' });
    expect(rows.filter((a) => a.status === 'missed')).toHaveLength(cadres - 3);

    // Run again by hand over the same span: nothing doubles.
    await closeWindows(new Date('2026-05-12T11:30:00+08:00'), t.cloud.clock.now());
    expect(await attendance('2026-05-12')).toHaveLength(cadres);
  });

  it('a sweep that runs out of time leaves a checkpoint and the next run finishes it, once', async () => {
    at('2026-05-13T12:00:30+08:00');
    const first = await closeWindows(new Date('2026-05-13T11:59:00+08:00'), t.cloud.clock.now(), { pageSize: 10, deadline: 0 });
    expect(first).toMatchObject({ incomplete: true, records: 10, checkpoint: { after: expect.any(String) } });
    // Until every cadre due has a record, the window is not noted as settled for any county.
    const settled = async () => (await db.collection(CLOSED_WINDOWS).where({ month: '2026-05' }).get<{ countyId: string; w: Record<string, string> }>()).data.filter((d) => d.w.d13_am).map((d) => d.countyId).sort();
    expect(await settled()).toEqual([]);
    const carried = (first as { checkpoint?: { counties?: Record<string, string[]> } }).checkpoint!.counties!;
    expect(Object.values(carried).flat().length).toBeGreaterThan(0);
    const rest = await closeWindows(undefined, new Date('2026-05-13T12:05:00+08:00'), { pageSize: 10, checkpoint: JSON.parse(JSON.stringify((first as { checkpoint?: Record<string, unknown> }).checkpoint)) });
    const cadres = (await db.collection('people').where({ 'grants.role': 'cadre' }).count()).total;
    expect(rest).toMatchObject({ windows: ['2026-05-13:am'], records: cadres - 10, doneUntil: new Date('2026-05-13T12:00:30+08:00') });
    expect((await attendance('2026-05-13')).length).toBe(cadres);
    // Then for the counties of the cadres of both runs (the first run's carried in its checkpoint).
    const counties = [...new Set((await attendance('2026-05-13')).map((a) => a.villagePath[1]))].sort();
    expect(counties.length).toBeGreaterThan(1);
    expect(await settled()).toEqual(counties);
  });

  it('catches up a missed tick, and excuses cadres the leave hook names', async () => {
    excusedPeople.add('p-fs-jinlong');
    at('2026-05-12T13:00:00+08:00');
    await tick();
    // The timer is silent from 13:00 to 18:00: the afternoon window closed and settled unseen.
    at('2026-05-12T18:00:00+08:00');
    const r = job(await tick(), 'checkin.close').result;
    expect(r.windows).toEqual(['2026-05-12:pm']);
    const pm = (await attendance('2026-05-12')).filter((a) => a.windowId === 'pm');
    expect(pm.find((a) => a.personId === 'p-fs-jinlong')).toMatchObject({ status: 'excused' });
    expect(pm.find((a) => a.personId === 'p-fs-shibadong')).toMatchObject({ status: 'missed' });
    excusedPeople.clear();
  });

  it('counts no windows on a statutory holiday, and counts a 调休 Saturday', async () => {
    at('2026-09-30T23:00:00+08:00');
    await tick();
    at('2026-10-01T16:00:00+08:00');
    expect(job(await tick(), 'checkin.close').result).toMatchObject({ windows: [] });
    expect(await attendance('2026-10-01')).toHaveLength(0);
    at('2026-10-10T07:00:00+08:00');
    await tick();
    at('2026-10-10T12:00:10+08:00');
    expect(job(await tick(), 'checkin.close').result).toMatchObject({ windows: ['2026-10-10:am'] });
  });
});

describe('corrections (补卡)', () => {
  it('a cadre asks with evidence; township staff approve; the window counts; the trail is kept', async () => {
    at('2026-05-13T09:00:00+08:00');
    expect(await t.call('checkin.requestCorrection', { date: '2026-05-12', windowId: 'pm', reason: '下午在县里开会' }, CADRE)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('checkin.requestCorrection', { date: '2026-05-12', windowId: 'am', reason: '上午已签到了吗', witness: '村支书' }, CADRE)).toMatchObject({ ok: false, code: 'invalid_input', message: '该时段无需补卡' });
    const req = await t.call('checkin.requestCorrection', { date: '2026-05-12', windowId: 'pm', reason: '下午在县里开会', witness: '县农业农村局 张科长' }, CADRE);
    expect(req).toMatchObject({ ok: true, data: { status: 'pending', windowName: '下午' } });
    expect(await t.call('checkin.requestCorrection', { date: '2026-05-12', windowId: 'pm', reason: '下午在县里开会', witness: '张科长' }, CADRE)).toMatchObject({ ok: false, code: 'conflict' });
    expect((await t.call('checkin.corrections', { unitId: 'town-shuanglong', status: 'pending' }, STAFF)).data).toHaveLength(1);
    const d = await t.call('checkin.decideCorrection', { id: req.data.id, approve: true, comment: '已与县农业农村局核实' }, STAFF);
    expect(d).toMatchObject({ ok: true, data: { status: 'approved', trail: [{ action: 'requested' }, { action: 'approved', note: '已与县农业农村局核实' }] } });
    expect(await t.call('checkin.decideCorrection', { id: req.data.id, approve: false, comment: '再议' }, STAFF)).toMatchObject({ ok: false, code: 'conflict' });
    const { data } = await db.collection(ATTENDANCE).doc('p-fs-shibadong.2026-05-12.pm').get();
    expect(data).toMatchObject({ status: 'corrected', correctedFrom: 'missed' });
    // The ledger and the cadre's own month show what counts now.
    const ledger = await t.call('checkin.ledger', { unitId: 'town-shuanglong', date: '2026-05-12' }, STAFF);
    expect(ledger.data.rows.find((r: any) => r.personId === 'p-fs-shibadong').windows.map((w: any) => w.status)).toEqual(['present', 'corrected']);
    const mine = await t.call('checkin.mine', { month: '2026-05' }, CADRE);
    expect(mine.data.attendance).toContainEqual({ date: '2026-05-12', windowId: 'pm', windowKey: '2026-05-12:pm', status: 'corrected' });
    // A rerun of the sweep does not undo the correction.
    await closeWindows(new Date('2026-05-12T17:00:00+08:00'), new Date('2026-05-12T18:00:00+08:00'));
    expect((await db.collection(ATTENDANCE).doc('p-fs-shibadong.2026-05-12.pm').get()).data).toMatchObject({ status: 'corrected' });
  });

  it('nobody approves their own request', async () => {
    const r = await t.call('checkin.corrections', { unitId: 'vil-shibadong' }, STAFF);
    expect(r.ok).toBe(true);
    // A township leader who is also stationed (驻点干部) asks, then tries to approve it himself.
    const LEADER = 'demo-sl-leader';
    const me = await t.call('people.me', {}, LEADER);
    const village = me.data.roles.find((x: any) => x.role === 'cadre')?.orgUnitId;
    const grantStaff = await t.call('people.grantRole', { personId: me.data.id, role: 'staff', orgUnitId: 'town-shuanglong' }, 'demo-hy-staff');
    expect(grantStaff.ok).toBe(true);
    await missedWindow(me.data.id, village, '2026-05-11');
    const req = await t.call('checkin.requestCorrection', { date: '2026-05-11', windowId: 'am', reason: '镇里开会', witness: '镇党委书记' }, LEADER);
    expect(req).toMatchObject({ ok: true });
    expect(await t.call('checkin.decideCorrection', { id: req.data.id, approve: true, comment: '同意' }, LEADER)).toMatchObject({ ok: false, code: 'forbidden', message: '不能审批自己的补卡申请' });
  });

  it('parallel requests cannot pass the monthly quota', async () => {
    at('2026-06-12T09:00:00+08:00');
    const dates = ['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12'];
    for (const date of dates.slice(0, 4)) await missedWindow('p-fs-jinlong', 'vil-jinlong', date);
    const answers = await Promise.all(dates.slice(0, 4).map((date) => t.call('checkin.requestCorrection', { date, windowId: 'am', reason: '在县里参加培训', witness: '组织委员' }, OTHER)));
    expect(answers.filter((a) => a.ok)).toHaveLength(3);
    expect(answers.find((a) => !a.ok)).toMatchObject({ code: 'quota_exceeded' });
    // A refused request gives its place back.
    const refused = await t.call('checkin.decideCorrection', { id: answers.find((a) => a.ok)!.data.id, approve: false, comment: '无证明' }, STAFF);
    expect(refused).toMatchObject({ ok: true, data: { status: 'refused' } });
    const again = answers.find((a) => !a.ok) ? dates[answers.findIndex((a) => !a.ok)]! : dates[3]!;
    expect(await t.call('checkin.requestCorrection', { date: again, windowId: 'am', reason: '在县里参加培训', witness: '组织委员' }, OTHER)).toMatchObject({ ok: true });
  });

  it('allows only so many a month', async () => {
    at('2026-05-13T09:00:00+08:00');
    // Working days (1–5 May is the Labour Day holiday).
    const dates = ['2026-05-06', '2026-05-07', '2026-05-08', '2026-05-11'];
    for (const date of dates) await missedWindow('p-fs-shibadong', 'vil-shibadong', date);
    const mine = await t.call('checkin.myCorrections', {}, CADRE);
    const left: number = mine.data.left;
    expect(left).toBeGreaterThan(0);
    const ask = (date: string) => t.call('checkin.requestCorrection', { date, windowId: 'am', reason: '手机坏了送修', witness: '村支书' }, CADRE);
    for (let i = 0; i < left; i++) expect(await ask(dates[i]!)).toEqual(expect.objectContaining({ ok: true }));
    expect(await ask(dates[left]!)).toMatchObject({ ok: false, code: 'quota_exceeded', message: '本月补卡次数已用完（每月 3 次）' });
    expect(await t.call('checkin.myCorrections', {}, CADRE)).toMatchObject({ ok: true, data: { month: '2026-05', left: 0 } });
  });
});

describe('reminders, harder cases', () => {
  it('two ticks at once remind each cadre once', async () => {
    t.cloud.messages.grant(OTHER, templateId('checkinReminder'), 3);
    expect(await t.call('notify.recordGrants', { accepted: ['checkinReminder'] }, OTHER)).toMatchObject({ ok: true });
    at('2026-10-13T08:15:30+08:00');
    const before = t.cloud.messages.outbox().length;
    await Promise.all([tick(), tick(), tick()]);
    expect(t.cloud.messages.outbox().slice(before).map((m) => m.touser)).toEqual([OTHER]);
  });

  it('follows each county’s own schedule', async () => {
    // 花垣县 moves its morning window to 08:00–09:00; 保靖县 keeps the default (08:30).
    const schedule = { windows: [{ id: 'am', name: '上午', start: '08:00', end: '09:00', remindBeforeMin: 15 }, { id: 'pm', name: '下午', start: '14:00', end: '15:30', remindBeforeMin: 15 }], lateUploadMaxMin: 120, correctionsPerMonth: 3, retentionDays: 90 };
    expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule }, 'demo-hy-staff')).toMatchObject({ ok: true });
    const BJ = 'demo-fs-hangsha'; // a 保靖县 first secretary
    t.cloud.messages.grant(BJ, templateId('checkinReminder'), 3);
    await t.call('notify.recordGrants', { accepted: ['checkinReminder'] }, BJ);
    t.cloud.messages.grant(CADRE, templateId('checkinReminder'), 3);
    await t.call('notify.recordGrants', { accepted: ['checkinReminder'] }, CADRE);
    at('2026-10-14T07:40:00+08:00');
    await tick();
    const before = t.cloud.messages.outbox().length;
    at('2026-10-14T07:45:30+08:00');
    await tick();
    expect(t.cloud.messages.outbox().slice(before).map((m) => [m.touser, m.data.time2.value])).toEqual([[CADRE, '2026年10月14日 08:00']]);
    at('2026-10-14T08:15:30+08:00');
    await tick();
    expect(t.cloud.messages.outbox().slice(before + 1).map((m) => [m.touser, m.data.time2.value])).toEqual([[BJ, '2026年10月14日 08:30']]);
    expect(await t.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule: DEFAULT_CHECKIN_SCHEDULE }, 'demo-hy-staff')).toMatchObject({ ok: true });
  });
});

it('purges raw fixes past retention and keeps attendance', async () => {
  at('2026-11-03T09:00:00+08:00');
  await tick();
  expect(await checkIn(CADRE)).toMatchObject({ ok: true });
  at('2026-11-04T09:00:00+08:00');
  await tick(); // the daily purge ran: yesterday's fix is well within 90 days
  const fixes = (await db.collection('checkins').where({ personId: 'p-fs-shibadong' }).count()).total;
  expect(fixes).toBeGreaterThan(0);
  const before = async () => (await db.collection(ATTENDANCE).where({ date: _.lte('2026-11-04') }).count()).total;
  const kept = await before();
  at('2027-02-03T09:00:00+08:00'); // 92 days later
  expect(job(await tick(), 'checkin.purge').result.removed).toBeGreaterThanOrEqual(fixes);
  expect((await db.collection('checkins').where({ personId: 'p-fs-shibadong' }).count()).total).toBe(0);
  expect(await before()).toBe(kept);
});
