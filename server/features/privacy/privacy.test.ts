/**
 * The access log (the `api` function) and 我的个人信息 (the `ledger` function) on the demo
 * county: each staff read of someone's personal data writes one document listing whose it was
 * (one write, no read added, nothing when refused), and a person — a cadre, a staff member, a
 * villager who is no person — sees by their OPENID alone what is held about them and who looked.
 */
import { functionOf } from '../../../miniprogram/api/routes';
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { unique } from '../../../test/fixtures';
import { db, storage } from '../../platform/cloud';
import { now } from '../../kernel/clock';
import { action } from '../../kernel/action';
import * as z from 'zod';
import { getPerson } from '../people/service';
import { photoFolder as workLogFolder, write as writeLog } from '../worklog/service';
import { freshHousehold } from '../visit/fixtures';
import { ACCESS_LOGS } from './access';
import { withAccessLog } from './points';
import { SECTION_KEYS } from './schema';

const FS = 'demo-fs-shibadong';
const FS_ID = 'p-fs-shibadong';
const COUNTY = 'demo-hy-staff'; // 石慧敏, 花垣县 organisation staff
const TOWN = 'demo-sl-staff'; // 龙小燕, 双龙镇
const OTHER_COUNTY = 'demo-bj-staff';
const VILLAGER = 'o-privacy-villager';

let t: TestCloud;
const logs = async (): Promise<any[]> => (await db.collection(ACCESS_LOGS).orderBy('at', 'desc').limit(1000).get()).data;
async function invoke(action: string, input: unknown, openid: string | undefined, fn: string = functionOf(action)) {
  const { result, invocation } = await t.cloud.functions.invoke(fn, { action, input }, { openid });
  return { answer: result as any, reads: invocation.ops.reads, writes: invocation.ops.writes };
}
/** 我的个人信息 is served by the `ledger` function. */
const my = async (input: unknown, openid: string | undefined) => invoke('privacy.myData', input, openid, 'ledger');
const section = (data: any, key: string) => data.sections.find((s: any) => s.key === key);
const text = (item: any) => [item.title, ...item.fields.map((f: any) => `${f.label} ${f.value}`)].join(' ');

beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  await seedDemo({ complaints: true });
}, 60_000);
afterAll(() => t.stop());

describe('the access log', () => {
  // A second apart, so that the newest document is the last call's.
  beforeEach(() => t.cloud.clock.advance(1000));

  it('logs a read of many people’s phone numbers as one document listing them, with one write', async () => {
    const before = (await logs()).length;
    const r = await invoke('people.list', { unitId: 'town-shuanglong', limit: 50 }, COUNTY);
    expect(r.answer.ok).toBe(true);
    expect(r.writes).toBe(1);
    const after = await logs();
    expect(after.length).toBe(before + 1);
    const listed = r.answer.data.people.map((p: any) => p.id);
    expect(listed.length).toBeGreaterThan(3);
    expect(after[0]).toMatchObject({ viewerId: 'p-hy-staff', viewerName: '石慧敏', viewerRoles: ['staff'], action: 'people.list', what: 'phone', kinds: ['phone'], detail: '人员名单（双龙镇）中的手机号', subjectOpenids: [], householdIds: [] });
    expect([...after[0].subjectIds].sort()).toEqual(listed.filter((id: string) => id !== 'p-hy-staff').sort());
  });

  it('adds no read: a log with photos costs what one without costs, plus its one write', async () => {
    const person = (await getPerson(FS_ID))!;
    const photo = await storage.upload(`${workLogFolder(FS_ID)}privacy-${unique()}.jpg`, Buffer.from('jpeg'));
    const withPhoto = await writeLog(person, now(), { clientId: `privacy-${unique()}-log`, text: '走访了三组的五户脱贫户，了解产业分红情况。', photoFileIds: [photo], checkinId: null });
    t.cloud.clock.advance(60_000);
    const plain = await writeLog(person, now(), { clientId: `privacy-${unique()}-log`, text: '整理村集体经济台账。', photoFileIds: [], checkinId: null });
    const a = await invoke('workLog.get', { id: plain._id }, TOWN);
    const b = await invoke('workLog.get', { id: withPhoto._id }, TOWN);
    expect([a.answer.ok, b.answer.ok]).toEqual([true, true]);
    expect(b.reads).toBe(a.reads);
    expect([a.writes, b.writes]).toEqual([0, 1]);
    expect((await logs())[0]).toMatchObject({ action: 'workLog.get', kinds: ['photo'], subjectIds: [FS_ID], viewerName: '龙小燕' });
    // The author reading their own log is no look at someone else's data.
    expect((await invoke('workLog.get', { id: withPhoto._id }, FS)).writes).toBe(0);
  });

  it('logs nothing for a refused call', async () => {
    const before = (await logs()).length;
    const r = await invoke('people.get', { id: FS_ID }, OTHER_COUNTY);
    expect(r.answer).toMatchObject({ ok: false, code: 'forbidden' });
    expect(r.writes).toBe(0);
    expect((await logs()).length).toBe(before);
  });

  it('logs the location ledger as one look at everyone in it, which each cadre sees as before', async () => {
    expect(await t.call('checkin.submit', { clientId: `privacy-${unique()}-ci`, lat: 28.38, lng: 109.55, accuracy: 20, capturedAt: now().toISOString() }, FS)).toMatchObject({ ok: true });
    expect(await t.call('checkin.submit', { clientId: `privacy-${unique()}-ci`, lat: 28.38, lng: 109.55, accuracy: 20, capturedAt: now().toISOString() }, 'demo-tm-shibadong-1')).toMatchObject({ ok: true });
    const r = await invoke('checkin.ledger', { unitId: 'town-shuanglong', date: '2026-05-12' }, COUNTY);
    expect(r.writes).toBe(1);
    const look = (await logs())[0];
    expect(look).toMatchObject({ action: 'checkin.ledger', what: 'ledger', kinds: ['location'], detail: '2026-05-12 位置共享台账' });
    expect(look.subjectIds).toEqual(expect.arrayContaining([FS_ID, 'p-tm-shibadong-1']));
    expect((await t.call('checkin.viewers', {}, FS)).data[0]).toMatchObject({ viewerName: '石慧敏', what: 'ledger', detail: '2026-05-12 位置共享台账' });
  });

  it('logs a call’s phone number, a village’s households, and a villager’s complaint by whom it is about', async () => {
    const sc = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: `privacy-${unique()}-sc`, personIds: [FS_ID] }, TOWN);
    await t.call('spotCheck.callInfo', { id: sc.data.issued[0].id }, TOWN);
    expect((await logs())[0]).toMatchObject({ action: 'spotCheck.callInfo', kinds: ['phone'], subjectIds: [FS_ID] });

    t.cloud.clock.advance(1000);
    const hid = await freshHousehold('vil-shibadong');
    await t.call('visit.households', { villageId: 'vil-shibadong' }, TOWN);
    const households = (await logs())[0];
    expect(households).toMatchObject({ action: 'visit.households', what: 'household', detail: '十八洞村的农户信息', subjectIds: [] });
    expect(households.householdIds).toContain(hid);

    expect(await t.call('village.enter', { groupCloudId: t.cloud.functions.issueCloudId(VILLAGER, { opengid: 'demo-group-vil-shibadong' }) }, VILLAGER)).toMatchObject({ ok: true });
    t.cloud.clock.advance(1000);
    const raised = await t.call('complaint.raise', { villageId: 'vil-shibadong', clientId: `privacy-${unique()}-cp`, text: '村口的路灯坏了两个月，晚上看不见路', category: 'service', location: { latitude: 28.38, longitude: 109.55 } }, VILLAGER);
    expect((await invoke('complaint.get', { id: raised.data.id }, TOWN)).writes).toBe(1);
    expect((await logs())[0]).toMatchObject({ action: 'complaint.get', kinds: ['location'], subjectOpenids: [VILLAGER], subjectIds: [], detail: '诉求「村口的路灯坏了两个月，晚…」' });
  });

  it('refuses to wrap an action that is not registered (a renamed action would silently stop logging)', () => {
    const ping = action({ name: 'test.ping', roles: 'public', input: z.object({}).strict(), run: () => 'pong' });
    expect(() => withAccessLog([ping], { 'test.gone': () => null })).toThrow('test.gone');
    // A point of a feature this function does not serve is another function's.
    expect(withAccessLog([ping], { 'other.read': () => null })[0]).toBe(ping);
    expect(withAccessLog([ping], { 'test.ping': () => null })[0]).not.toBe(ping);
  });
});

describe('我的个人信息', () => {
  it('shows a cadre what is held about them, and who looked', async () => {
    const r = await my({}, FS);
    expect(r.answer.ok).toBe(true);
    const data = r.answer.data;
    expect(data).toMatchObject({ name: '蒋文博', villager: false });
    // One query per section at most, and a few more: the person, their county's schedule, the units named.
    expect(r.reads).toBeLessThanOrEqual(SECTION_KEYS.length + 3);
    expect(r.writes).toBe(0);
    expect(text(section(data, 'profile').items[0])).toContain('手机号 13800000025');
    expect(section(data, 'profile').items.map((i: any) => i.title)).toContain('第一书记');
    expect(text(section(data, 'assignments').items[0])).toContain('第一书记 · 十八洞村');
    expect(text(section(data, 'checkins').items[0])).toMatch(/位置 北纬 28\.38000，东经 109\.55000（误差约 20 米）/);
    expect(section(data, 'checkins').note).toContain('保存 90 天后自动删除');
    const looks = section(data, 'accessLogs');
    expect(looks.title).toBe('谁查看过我的信息');
    expect(looks.items.map(text)).toEqual(expect.arrayContaining([expect.stringMatching(/石慧敏（组织部门） 查看了 2026-05-12 位置共享台账 涉及 位置/), expect.stringMatching(/龙小燕（组织部门） 查看了 约请联系时的手机号 涉及 手机号/)]));
    // A villager's sections are about a WeChat user who came from a village group: a cadre has none.
    expect(section(data, 'complaints').items).toEqual([]);
  });

  it('pages one section at a time', async () => {
    const first = await my({ section: 'accessLogs', limit: 1 }, FS);
    expect(first.answer.data.sections).toHaveLength(1);
    expect(first.answer.data.sections[0]).toMatchObject({ key: 'accessLogs', more: true, skip: 0, items: [expect.anything()] });
    const next = await my({ section: 'accessLogs', skip: 1, limit: 1 }, FS);
    expect(next.answer.data.sections[0].items[0].id).not.toBe(first.answer.data.sections[0].items[0].id);
    expect(next.reads).toBeLessThanOrEqual(4);
  });

  it('takes who is asking from OPENID only', async () => {
    expect((await my({ personId: 'p-hy-staff' }, FS)).answer).toMatchObject({ ok: false, code: 'invalid_input' });
    expect((await my({ skip: 10 }, FS)).answer).toMatchObject({ ok: false, code: 'invalid_input' });
    expect((await my({}, undefined)).answer).toMatchObject({ ok: false, code: 'not_bound' });
  });

  it('shows staff their own record, without a cadre’s sections', async () => {
    const data = (await my({}, COUNTY)).answer.data;
    const keys = data.sections.map((s: any) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['accessLogs', 'profile', 'bindings', 'audit', 'subscriptions']));
    expect(keys).not.toContain('checkins');
    expect(text(section(data, 'profile').items[1])).toContain('单位 花垣县');
  });

  it('shows a villager who is no person their village, complaints and who looked, in large text', async () => {
    const call = await my({}, VILLAGER);
    // Who they are (no person), then one query per section of theirs.
    expect(call.reads).toBeLessThanOrEqual(1 + 3);
    const data = call.answer.data;
    expect(data).toMatchObject({ name: '', villager: true });
    expect(data.sections.map((s: any) => s.key)).toEqual(['accessLogs', 'villages', 'complaints']);
    expect(section(data, 'villages').items[0].title).toBe('十八洞村');
    expect(text(section(data, 'complaints').items[0])).toMatch(/内容 村口的路灯坏了两个月.*位置 北纬 28\.38000，东经 109\.55000.*联系方式 未留.*状态 待受理/);
    expect(text(section(data, 'accessLogs').items[0])).toMatch(/龙小燕（组织部门） 查看了 诉求「村口的路灯坏了两个月，晚…」 涉及 位置/);
  });
});
