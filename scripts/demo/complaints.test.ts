/** The demo village groups, villagers and complaints (scripts/demo/complaints.ts), as `npm start` seeds them. */
import { startTestCloud, type TestCloud } from '../../test/harness';
import { db } from '../../server/platform/cloud';
import { now } from '../../server/kernel/clock';
import { DEMO_PEOPLE } from './data';
import { demoDocuments, seedDemo } from './seed';
import { demoGroupId, seedDemoComplaints } from './complaints';

let t: TestCloud;
const all = async (collection: string) => (await db.collection(collection).limit(1000).get<any>()).data;

beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true }); // a Tuesday
  expect(await seedDemo({ complaints: true })).toBe(true);
}, 60_000);
afterAll(() => t.stop());

it('binds a group for every village with a 村群管理员, and makes every demo villager a member of theirs', async () => {
  const administered = new Set(DEMO_PEOPLE.flatMap((p) => p.grants.filter((g) => g.role === 'groupAdmin').map((g) => g.orgUnitId)));
  const groups = await all('villageGroups');
  expect(groups.map((g: any) => g._id).sort()).toEqual([...administered].map(demoGroupId).sort());
  const shibadong = groups.find((g: any) => g.villageId === 'vil-shibadong');
  expect(shibadong).toMatchObject({ _id: 'demo-group-vil-shibadong', villageName: '十八洞村', villagePath: ['city-xiangxi', 'county-huayuan', 'town-shuanglong', 'vil-shibadong'], boundById: 'p-ga-shuanglong', boundByName: '龙彩霞' });

  const villagers = await all('villagers');
  const expected = DEMO_PEOPLE.flatMap((p) => p.grants.filter((g) => g.role === 'villager').map((g) => `${p.openid}.${g.orgUnitId}`));
  expect(villagers.map((v: any) => v._id).sort()).toEqual(expected.sort());
  for (const v of villagers) expect(v.groupId).toBe(demoGroupId(v.villageId));

  // As if they had opened the card: the villager's pages work at once, and the group takes newcomers.
  expect(await t.call('village.mine', {}, 'demo-vl-shibadong-1')).toMatchObject({ ok: true, data: { villages: [{ id: 'vil-shibadong', name: '十八洞村' }] } });
  const cloudID = t.cloud.functions.issueCloudId('o-newcomer', { opengid: demoGroupId('vil-shibadong') });
  expect(await t.call('village.enter', { groupCloudId: cloudID }, 'o-newcomer')).toMatchObject({ ok: true, data: { village: { id: 'vil-shibadong' } } });
});

it('leaves complaints of 十八洞村 at every step, written through the complaint workflow', async () => {
  const list = await all('complaints');
  expect(list.every((c: any) => c.villageId === 'vil-shibadong')).toBe(true);
  const byStatus = (s: string) => list.filter((c: any) => c.status === s);
  expect(list.map((c: any) => c.status).sort()).toEqual(['accepted', 'answered', 'closed', 'dispatched', 'raised', 'raised']);

  const dispatched = byStatus('dispatched')[0];
  expect(dispatched).toMatchObject({ dept: { unitId: 'county-huayuan', unitName: '花垣县', id: 'dept-huayuan-transport', name: '花垣县交通运输局' }, stage: 0, overdue: false });
  expect(new Date(dispatched.deadline).getTime()).toBeGreaterThan(now().getTime());
  expect(dispatched.steps.map((s: any) => s.kind)).toEqual(['raise', 'accept', 'dispatch']);

  const answered = byStatus('answered')[0];
  expect(answered).toMatchObject({ dept: { id: 'dept-huayuan-civil' }, answer: { byName: '吴春兰', unitName: expect.stringContaining('花垣县民政局'), onTime: true } });
  expect(new Date(answered.rateBy).getTime()).toBeGreaterThan(now().getTime());
  expect(answered.steps.map((s: any) => s.byName)).toEqual(['村民', '龙彩霞', '龙小燕', '吴春兰']);

  const closed = byStatus('closed')[0];
  expect(closed).toMatchObject({ rating: { value: 'satisfied' }, answer: { onTime: true } });
  expect(closed.steps.map((s: any) => s.kind)).toEqual(['raise', 'accept', 'dispatch', 'answer', 'rate']);

  // The confidential report waits for discipline staff alone.
  const report = list.find((c: any) => c.confidential);
  expect(report).toMatchObject({ status: 'raised', category: 'report' });
  expect((await t.call('complaint.inbox', { unitId: 'county-huayuan', box: 'discipline' }, 'demo-hy-discipline')).data.items.map((i: any) => i.id)).toEqual([report._id]);
  const todo = await t.call('complaint.inbox', { unitId: 'town-shuanglong', box: 'todo' }, 'demo-sl-staff');
  expect(todo.data.items.map((i: any) => i.id)).not.toContain(report._id);
  expect(todo.data.total).toBe(2);

  // What the logins printed by `npm start` find.
  expect((await t.call('complaint.mine', {}, 'demo-vl-shibadong-1')).data.items.map((i: any) => i.status).sort()).toEqual(['answered', 'closed', 'raised']);
  expect((await t.call('complaint.deptInbox', { box: 'doing' }, 'demo-hy-dept-transport')).data.items.map((i: any) => i.id)).toEqual([dispatched._id]);
  expect(await t.call('complaint.rate', { id: answered._id, value: 'basicallySatisfied' }, 'demo-vl-shibadong-1')).toMatchObject({ ok: true, data: { status: 'closed' } });
});

it('is idempotent: a repeat writes no new document and takes no step twice', async () => {
  const before = await all('complaints');
  await seedDemoComplaints(now(), demoDocuments());
  const after = await all('complaints');
  expect(after.map((c: any) => [c._id, c.status, c.steps.length]).sort()).toEqual(before.map((c: any) => [c._id, c.status, c.steps.length]).sort());
  expect(await seedDemo({ complaints: true })).toBe(false);
});

it('leaves groups, villagers and complaints out of the plain demo seed', async () => {
  await t.cloud.reset();
  expect(await seedDemo()).toBe(true);
  for (const c of ['villageGroups', 'villagers', 'complaints']) expect((await db.collection(c).count()).total).toBe(0);
});
