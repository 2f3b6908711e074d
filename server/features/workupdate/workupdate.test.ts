/**
 * Work updates through the api and the timer: posting (retries, districts, photos), the weekly
 * quota across a week boundary in Beijing time, the figure, the quota settings, the reminder
 * fired twice sending once, reading and withdrawing, and the refusals.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db, storage } from '../../platform/cloud';
import { templateId } from '../notify/templates';
import { photoFolder, remindDue, reminderOf, WORK_UPDATES } from './service';

const CITY_STAFF = 'demo-city-staff-xiang'; // 湘西州
const HY_STAFF = 'demo-hy-staff'; // 花垣县, p-hy-staff
const BJ_STAFF = 'demo-bj-staff'; // 保靖县, p-bj-staff
const SL_STAFF = 'demo-sl-staff'; // 双龙镇 (花垣县)
const BC_STAFF = 'demo-bc-staff'; // 边城镇 (花垣县)
const HY_CADRE = 'demo-fs-shibadong'; // 十八洞村 (双龙镇, 花垣县)
const BJ_CADRE = 'demo-ld-leader'; // 吕洞村 (保靖县)
const TUTOR = 'demo-tutor';

let t: TestCloud;
let n = 0;
const cid = () => `wu-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const photo = (personId: string, name = `p${++n}.jpg`) => storage.upload(`${photoFolder(personId)}${name}`, Buffer.from('jpeg'));
const body = '本周组织驻村第一书记集中培训，围绕产业发展和基层治理开展交流。';
const postsCount = async () => (await db.collection(WORK_UPDATES).where({ kind: 'post' }).count()).total;

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00'); // Tuesday of 2026-W20
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

describe('posting', () => {
  it('posts for the unit, counts for its district and the Beijing week, and a retry is one post', async () => {
    const photos = [await photo('p-hy-staff'), await photo('p-hy-staff')];
    const input = { unitId: 'county-huayuan', clientId: cid(), title: '花垣县开展驻村干部培训', body, photoFileIds: photos };
    const a = await t.call('workUpdate.post', input, HY_STAFF);
    expect(a).toMatchObject({ ok: true, data: { unitName: '花垣县', districtId: 'county-huayuan', districtName: '花垣县', week: '2026-W20', weekLabel: '2026年第20周（5月11日—5月17日）', photos: 2, mine: true, withdrawn: null } });
    const before = await postsCount();
    const b = await t.call('workUpdate.post', input, HY_STAFF);
    expect(b.data.id).toBe(a.data.id);
    expect(await postsCount()).toBe(before);

    const town = await t.call('workUpdate.post', { unitId: 'town-shuanglong', clientId: cid(), title: '双龙镇驻村工作例会', body }, SL_STAFF);
    expect(town).toMatchObject({ ok: true, data: { unitName: '双龙镇', districtId: 'county-huayuan' } });
    // A dispatching unit's briefing (派出单位), posted by the city's staff about a district.
    const city = await t.call('workUpdate.post', { unitId: 'city-xiangxi', districtId: 'county-baojing', dispatchingUnit: '湘西州财政局', clientId: cid(), title: '州财政局帮扶保靖县产业项目', body }, CITY_STAFF);
    expect(city).toMatchObject({ ok: true, data: { unitLevel: 'city', districtId: 'county-baojing', districtName: '保靖县', dispatchingUnit: '湘西州财政局' } });
    const none = await t.call('workUpdate.post', { unitId: 'city-xiangxi', clientId: cid(), title: '全州驻村工作推进会', body }, CITY_STAFF);
    expect(none).toMatchObject({ ok: true, data: { districtId: null } });
  });

  it('refuses photos over the limit, or not the poster’s own, and a district that is not the unit’s, writing nothing', async () => {
    const before = await postsCount();
    const ten = await Promise.all(Array.from({ length: 10 }, () => photo('p-hy-staff')));
    const base = { unitId: 'county-huayuan', title: '花垣县工作动态', body };
    const over = await t.call('workUpdate.post', { ...base, clientId: cid(), photoFileIds: ten }, HY_STAFF);
    expect(over).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(JSON.stringify(over)).toContain('最多上传9张照片');
    expect(await t.call('workUpdate.post', { ...base, clientId: cid(), photoFileIds: ten.slice(0, 9) }, HY_STAFF)).toMatchObject({ ok: true, data: { photos: 9 } });
    const others = await photo('p-bj-staff');
    expect(await t.call('workUpdate.post', { ...base, clientId: cid(), photoFileIds: [others] }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    const missing = ten[0]!.replace(/[^/]+$/, 'never-uploaded.jpg');
    expect(await t.call('workUpdate.post', { ...base, clientId: cid(), photoFileIds: [missing] }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.post', { ...base, clientId: cid(), districtId: 'county-baojing' }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.post', { unitId: 'city-xiangxi', districtId: 'town-shuanglong', clientId: cid(), title: '全州工作动态', body }, CITY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.post', { ...base, unitId: 'vil-shibadong', clientId: cid() }, SL_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.post', { ...base, clientId: cid(), title: '短' }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await postsCount()).toBe(before + 1);
  });

  it('refuses a unit out of the caller’s scope, and anyone but staff', async () => {
    const before = await postsCount();
    const input = (unitId: string) => ({ unitId, clientId: cid(), title: '工作动态', body });
    expect(await t.call('workUpdate.post', input('county-huayuan'), BJ_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.post', input('county-huayuan'), SL_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.post', input('town-biancheng'), SL_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.post', input('town-shuanglong'), HY_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.post', input('county-nowhere'), HY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.post', input('county-huayuan'), 'o-stranger')).toMatchObject({ ok: false, code: 'not_bound' });
    expect(await postsCount()).toBe(before);
  });
});

describe('the weekly quota', () => {
  it('counts Sunday 23:59 Beijing for that week and Monday 00:01 for the next, against the quota', async () => {
    // 2026-W22 ends Sunday 31 May 24:00 Beijing (16:00 UTC).
    at('2026-05-31T23:59:00+08:00');
    const sunday = await t.call('workUpdate.post', { unitId: 'county-baojing', clientId: cid(), title: '保靖县周末驻村督查', body }, BJ_STAFF);
    expect(sunday).toMatchObject({ ok: true, data: { week: '2026-W22', date: '2026-05-31' } });
    at('2026-05-31T16:01:00Z'); // Monday 1 June 00:01 in Beijing, still Sunday in UTC
    const monday = await t.call('workUpdate.post', { unitId: 'town-lvdongshan', clientId: cid(), title: '吕洞山镇周一例会', body }, 'demo-ld-staff');
    expect(monday).toMatchObject({ ok: true, data: { week: '2026-W23', date: '2026-06-01', districtId: 'county-baojing' } });

    const fig = await t.call('workUpdate.figure', { unitId: 'city-xiangxi', from: '2026-W22', to: '2026-W23' }, CITY_STAFF);
    expect(fig.ok).toBe(true);
    expect(fig.data.weeks.map((w: any) => [w.week, w.start, w.current])).toEqual([
      ['2026-W22', '2026-05-24T16:00:00.000Z', false],
      ['2026-W23', '2026-05-31T16:00:00.000Z', true],
    ]);
    const bj = fig.data.districts.find((d: any) => d.id === 'county-baojing');
    expect(bj).toMatchObject({ name: '保靖县', quota: 1, quotaFrom: 'default', weeks: [{ week: '2026-W22', count: 1, met: true }, { week: '2026-W23', count: 1, met: true }], metWeeks: 2, met: true });
    expect(fig.data.districts.find((d: any) => d.id === 'county-huayuan')).toMatchObject({ weeks: [{ count: 0, met: false }, { count: 0, met: false }], met: false });
    expect(fig.data).toMatchObject({ total: 2, met: 1, byWeek: [{ week: '2026-W22', districts: 2, met: 1 }, { week: '2026-W23', districts: 2, met: 1 }] });

    // W20 (posted in the first tests): 花垣县 has its county's, its township's posts; 保靖县 the city's post about it.
    const w20 = await t.call('workUpdate.figure', { unitId: 'county-huayuan', week: '2026-W20' }, HY_STAFF);
    expect(w20.data).toMatchObject({ total: 1, met: 1, districts: [{ id: 'county-huayuan', weeks: [{ week: '2026-W20', count: 3, met: true }] }] });

    // The city asks for two a week; 保靖县 keeps its own one.
    expect(await t.call('workUpdate.setSettings', { unitId: 'city-xiangxi', settings: { weeklyQuota: 2 } }, CITY_STAFF)).toMatchObject({ ok: true, data: { weeklyQuota: 2, from: 'city' } });
    expect(await t.call('workUpdate.setSettings', { unitId: 'county-baojing', settings: { weeklyQuota: 1 } }, BJ_STAFF)).toMatchObject({ ok: true, data: { own: { weeklyQuota: 1 }, weeklyQuota: 1, from: 'county' } });
    expect(await t.call('workUpdate.getSettings', { unitId: 'county-huayuan' }, HY_STAFF)).toMatchObject({ ok: true, data: { own: null, weeklyQuota: 2, from: 'city' } });
    const again = await t.call('workUpdate.figure', { unitId: 'city-xiangxi', week: '2026-W20' }, CITY_STAFF);
    expect(again.data.districts.map((d: any) => [d.id, d.quota, d.weeks[0].count, d.met])).toEqual([
      ['county-baojing', 1, 1, true],
      ['county-huayuan', 2, 3, true],
    ]);
    // Back to the default for what follows.
    expect(await t.call('workUpdate.setSettings', { unitId: 'city-xiangxi', settings: null }, CITY_STAFF)).toMatchObject({ ok: true, data: { own: null, weeklyQuota: 1, from: 'default' } });
    expect(await t.call('workUpdate.setSettings', { unitId: 'county-baojing', settings: null }, BJ_STAFF)).toMatchObject({ ok: true, data: { weeklyQuota: 1, from: 'default' } });
  });

  it('refuses settings and figures out of scope, and bad ones', async () => {
    const q = { weeklyQuota: 3 };
    expect(await t.call('workUpdate.setSettings', { unitId: 'county-huayuan', settings: q }, SL_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.setSettings', { unitId: 'county-huayuan', settings: q }, BJ_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.setSettings', { unitId: 'city-xiangxi', settings: q }, HY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.setSettings', { unitId: 'town-shuanglong', settings: q }, SL_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.setSettings', { unitId: 'county-huayuan', settings: { weeklyQuota: 21 } }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.getSettings', { unitId: 'county-huayuan' }, HY_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await t.call('workUpdate.getSettings', { unitId: 'county-huayuan' }, HY_STAFF)).data).toMatchObject({ own: null, weeklyQuota: 1 });

    expect(await t.call('workUpdate.figure', { unitId: 'county-huayuan', week: '2026-W20' }, SL_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.figure', { unitId: 'county-baojing', week: '2026-W20' }, HY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.figure', { unitId: 'county-huayuan', week: '2026-W20' }, HY_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.figure', { unitId: 'town-shuanglong', week: '2026-W20' }, SL_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.figure', { unitId: 'county-huayuan', week: '2025-W53' }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.figure', { unitId: 'county-huayuan', from: '2026-W01', to: '2026-W30' }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.figure', { unitId: 'county-huayuan', from: '2026-W21', to: '2026-W20' }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('workUpdate.figure', { unitId: 'county-huayuan', from: '2026-W20' }, HY_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('the reminder', () => {
  it('reminds a district short of its quota at 15:00 of the week’s last working day, once however often the timer fires', async () => {
    // 2026-W24: 8–14 June; Friday the 12th is a working day.
    at('2026-06-08T09:00:00+08:00');
    for (const who of [HY_STAFF, BJ_STAFF, SL_STAFF]) {
      t.cloud.messages.grant(who, templateId('workUpdateDue'), 3);
      for (let i = 0; i < 3; i++) expect(await t.call('notify.recordGrants', { accepted: ['workUpdateDue'] }, who)).toMatchObject({ ok: true });
    }
    await t.call('workUpdate.post', { unitId: 'county-baojing', clientId: cid(), title: '保靖县本周工作动态', body }, BJ_STAFF); // 保靖县 meets its quota
    const before = t.cloud.messages.outbox().length;

    at('2026-06-12T14:59:00+08:00');
    expect(await remindDue(t.cloud.clock.now())).toMatchObject({ week: '2026-W24', due: false });
    await t.cloud.timer.fire('tick');
    expect(t.cloud.messages.outbox()).toHaveLength(before);

    at('2026-06-12T15:01:00+08:00');
    const first = await remindDue(t.cloud.clock.now());
    expect(first).toMatchObject({ week: '2026-W24', due: true, short: 1, reminded: 1, sent: 1 });
    const second = await remindDue(t.cloud.clock.now());
    expect(second).toMatchObject({ due: true, short: 1, reminded: 0, sent: 0 });
    at('2026-06-12T15:31:00+08:00');
    await t.cloud.timer.fire('tick');
    await t.cloud.timer.fire('tick');
    at('2026-06-14T23:50:00+08:00');
    await t.cloud.timer.fire('tick');

    const sent = t.cloud.messages.outbox().slice(before).filter((m) => m.templateId === templateId('workUpdateDue'));
    // Only 花垣县's county staff: 保靖县 met it, and township staff are not the district's 组织部.
    expect(sent.map((m) => m.touser)).toEqual([HY_STAFF]);
    expect(sent[0]!.data).toEqual({ thing1: { value: '本周工作动态尚未完成' }, time2: { value: '6月14日 23:59' }, thing3: { value: '花垣县' }, thing4: { value: '本周已发0条，应发1条' } });
    expect(await reminderOf('2026-W24', 'county-huayuan')).toMatchObject({ kind: 'reminder', status: 'sent', count: 0, quota: 1, staffIds: ['p-hy-staff'] });
    expect(await reminderOf('2026-W24', 'county-baojing')).toBeNull();
    // The record is not a post: it shows in no list or figure.
    const fig = await t.call('workUpdate.figure', { unitId: 'county-huayuan', week: '2026-W24' }, HY_STAFF);
    expect(fig.data.districts[0].weeks[0]).toEqual({ week: '2026-W24', count: 0, met: false });
    expect((await t.call('workUpdate.list', { unitId: 'city-xiangxi', week: '2026-W24' }, CITY_STAFF)).data.total).toBe(1);

    // The next week is a new week: reminded again (its Thursday: 端午节 falls on Friday 19 June).
    at('2026-06-18T15:05:00+08:00');
    await t.cloud.timer.fire('tick');
    expect(t.cloud.messages.outbox().slice(before).filter((m) => m.templateId === templateId('workUpdateDue')).map((m) => m.touser).sort()).toEqual([BJ_STAFF, HY_STAFF, HY_STAFF].sort());
    at('2026-05-12T10:00:00+08:00');
  });
});

describe('reading and withdrawing', () => {
  let id: string;
  beforeAll(async () => {
    at('2026-05-13T10:00:00+08:00');
    const p = await t.call('workUpdate.post', { unitId: 'town-shuanglong', clientId: cid(), title: '双龙镇走访脱贫户', body, photoFileIds: [await photo('p-sl-staff')] }, SL_STAFF);
    id = p.data.id;
  });

  it('lists a unit’s subtree newest first for staff in scope and the county’s cadres', async () => {
    const county = await t.call('workUpdate.list', { unitId: 'county-huayuan', week: '2026-W20' }, HY_STAFF);
    expect(county).toMatchObject({ ok: true, data: { unit: { name: '花垣县' }, canPost: true, uploadFolder: 'workupdates/p-hy-staff/' } });
    expect(county.data.items[0]).toMatchObject({ id, title: '双龙镇走访脱贫户', unitName: '双龙镇', photos: 1 });
    const times = county.data.items.map((i: any) => i.postedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(county.data.items.map((i: any) => i.districtId)).toEqual(county.data.items.map(() => 'county-huayuan'));

    // A cadre of 花垣县 reads its county's and any of its townships' posts, but cannot post.
    const cadre = await t.call('workUpdate.list', { unitId: 'county-huayuan' }, HY_CADRE);
    expect(cadre).toMatchObject({ ok: true, data: { canPost: false, uploadFolder: null } });
    expect(cadre.data.items.map((i: any) => i.id)).toContain(id);
    expect(await t.call('workUpdate.list', { unitId: 'town-biancheng' }, HY_CADRE)).toMatchObject({ ok: true });
    // The city's posts about 保靖县 are in 保靖县's list.
    expect((await t.call('workUpdate.list', { unitId: 'county-baojing', week: '2026-W20' }, BJ_CADRE)).data.items.map((i: any) => i.dispatchingUnit)).toEqual(['湘西州财政局']);
    // The city sees every post, and its counties to post about.
    const city = await t.call('workUpdate.list', { unitId: 'city-xiangxi', week: '2026-W20' }, CITY_STAFF);
    expect(city.data.districts.map((d: any) => d.name).sort()).toEqual(['保靖县', '花垣县'].sort());
    expect(city.data.total).toBe(6);
  });

  it('shows one post with its photos to those who may read it', async () => {
    const r = await t.call('workUpdate.get', { id }, HY_CADRE);
    expect(r).toMatchObject({ ok: true, data: { body, canWithdraw: false, mine: false } });
    expect(r.data.photos).toHaveLength(1);
    expect(r.data.photos[0].url).toMatch(/^http/);
    expect(await t.call('workUpdate.get', { id }, SL_STAFF)).toMatchObject({ ok: true, data: { canWithdraw: true, mine: true } });
    expect(await t.call('workUpdate.get', { id }, CITY_STAFF)).toMatchObject({ ok: true });
  });

  it('keeps readers out of scope out', async () => {
    for (const who of [BJ_STAFF, BC_STAFF, BJ_CADRE]) expect(await t.call('workUpdate.get', { id }, who)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.get', { id }, TUTOR)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.get', { id: 'wu-000000000000000000000000' }, HY_STAFF)).toEqual(await t.call('workUpdate.get', { id }, BJ_STAFF));
    expect(await t.call('workUpdate.list', { unitId: 'county-huayuan' }, BJ_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.list', { unitId: 'county-huayuan' }, SL_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.list', { unitId: 'town-biancheng' }, SL_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.list', { unitId: 'county-huayuan' }, BJ_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.list', { unitId: 'city-xiangxi' }, HY_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.list', { unitId: 'county-huayuan' }, TUTOR)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('is withdrawn by its poster alone, with a reason, and then no longer counts', async () => {
    const count = async () => (await t.call('workUpdate.figure', { unitId: 'county-huayuan', week: '2026-W20' }, HY_STAFF)).data.districts[0].weeks[0].count;
    const before = await count();
    const reason = { id, reason: '内容有误，修改后重新发布' };
    expect(await t.call('workUpdate.withdraw', reason, HY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' }); // in scope, not the poster
    expect(await t.call('workUpdate.withdraw', reason, BJ_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.withdraw', reason, HY_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workUpdate.withdraw', { id, reason: '' }, SL_STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect((await t.call('workUpdate.get', { id }, SL_STAFF)).data.withdrawn).toBeNull();

    const w = await t.call('workUpdate.withdraw', reason, SL_STAFF);
    expect(w).toMatchObject({ ok: true, data: { withdrawn: { byName: '龙小燕', reason: '内容有误，修改后重新发布' } } });
    expect(await t.call('workUpdate.withdraw', reason, SL_STAFF)).toMatchObject({ ok: true, data: { withdrawn: { at: w.data.withdrawn.at } } });
    expect(await count()).toBe(before - 1);
    // On record for staff, gone for cadres.
    expect((await t.call('workUpdate.list', { unitId: 'town-shuanglong' }, SL_STAFF)).data.items.find((i: any) => i.id === id)).toMatchObject({ withdrawn: { reason: '内容有误，修改后重新发布' } });
    expect((await t.call('workUpdate.list', { unitId: 'town-shuanglong' }, HY_CADRE)).data.items.map((i: any) => i.id)).not.toContain(id);
    expect(await t.call('workUpdate.get', { id }, HY_CADRE)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('workUpdate.get', { id }, HY_STAFF)).toMatchObject({ ok: true, data: { canWithdraw: false } });
    const { data: audit } = await db.collection('audit').where({ 'target.id': id }).get<{ action: string }>();
    expect(audit.map((a) => a.action).sort()).toEqual(['workUpdate.post', 'workUpdate.withdraw']);
  });
});

describe('a list without a unit', () => {
  it('is a cadre’s county, or a staff member’s own unit', async () => {
    expect(await t.call('workUpdate.list', {}, HY_CADRE)).toMatchObject({ ok: true, data: { unit: { id: 'county-huayuan' }, canPost: false } });
    expect(await t.call('workUpdate.list', {}, BJ_CADRE)).toMatchObject({ ok: true, data: { unit: { id: 'county-baojing' } } });
    expect(await t.call('workUpdate.list', {}, SL_STAFF)).toMatchObject({ ok: true, data: { unit: { id: 'town-shuanglong' }, canPost: true } });
    expect(await t.call('workUpdate.list', {}, TUTOR)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
