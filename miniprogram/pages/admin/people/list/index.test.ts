/** The staff's people list against a real local cloud seeded with the demo county. */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/people/list/index';
const demo = useDemoCloud();

async function open(query: Record<string, string> = {}): Promise<Rendered> {
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && page.data.listStatus === 'idle', 'the list');
  return page;
}

const idle = (page: Rendered) => waitFor(() => page.data.listStatus === 'idle', 'the list to load');
const names = (page: Rendered) => page.querySelectorAll('.person').map((p) => textOf(p).split(' ')[0]);

it('lists the people of the staff member’s county, twenty at a time, with their binding', async () => {
  demo.loginAs(DEMO.countyStaff);
  const page = await open();
  expect(el(page, '#unit').dom!.textContent).toBe('花垣县');
  const total = page.data.total as number;
  expect(total).toBeGreaterThan(20);
  expect(el(page, '#total').dom!.textContent).toBe(`共 ${total} 人`);
  expect(page.querySelectorAll('.person')).toHaveLength(20);
  // Every demo person is bound; each row says so.
  expect(textOf(page.querySelectorAll('.person')[0]!)).toContain('已绑定');

  await tap(page, '#more');
  await idle(page);
  expect(page.querySelectorAll('.person')).toHaveLength(Math.min(40, total));
  if (total <= 40) {
    expect(page.querySelector('#more')).toBeUndefined();
    expect(textOf(page)).toContain('没有更多了');
  }
  const all = names(page);
  expect(new Set(all).size).toBe(all.length);
  expect(all).toEqual(expect.arrayContaining(['蒋文博', '龙小燕', '龙金秀']));
  // Only 花垣县's people: 保靖县's first secretary of 夯沙村 is not here.
  expect(all).not.toContain('刘振邦');
});

it('narrows the list by name and by role', async () => {
  demo.loginAs(DEMO.countyStaff);
  const page = await open();

  await type(page, '#q', '蒋');
  await tap(page, '#search');
  await idle(page);
  expect(names(page)).toEqual(['蒋文博']);
  expect(el(page, '#total').dom!.textContent).toBe('共 1 人');
  expect(textOf(page.querySelectorAll('.person')[0]!)).toBe('蒋文博 已绑定 十八洞村第一书记、驻村工作队队长 第一书记');

  await tap(page, '#clear');
  await idle(page);
  expect(page.querySelectorAll('.person')).toHaveLength(20);

  // 村民 in the role picker: only villagers remain.
  await pick(page, '#role-picker', (page.data.roleOptions as string[]).indexOf('村民'));
  await idle(page);
  const rows = page.querySelectorAll('.person').map((p) => textOf(p));
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r).toContain('村民');
  expect(names(page)).toContain('龙金秀');
});

it('marks a person who has not bound their WeChat, and opens a person’s page on tap', async () => {
  const added = await demo.tc.call('people.add', { name: '麻新来', phone: '13900002001', orgUnitId: 'vil-paibi' }, DEMO.countyStaff);
  expect(added.ok).toBe(true);
  demo.loginAs(DEMO.countyStaff);
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open();
  await type(page, '#q', '麻新来');
  await tap(page, '#search');
  await idle(page);
  expect(textOf(page.querySelectorAll('.person')[0]!)).toBe('麻新来 未绑定');

  await tap(page, '.person');
  expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: `/pages/admin/people/detail/index?id=${added.data.id}` }));
  await tap(page, '#add');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/people/add/index?unitId=county-huayuan' }));
});

it('opens on the unit it is given, and on a township staff member’s own township', async () => {
  demo.loginAs(DEMO.countyStaff);
  const village = await open({ unitId: 'vil-shibadong' });
  expect(textOf(el(village, '#unit-picker'))).toBe('单位：十八洞村 ▾');
  expect(names(village).sort()).toEqual(['施光荣', '石婷', '蒋文博', '龙俊杰', '龙金秀', '龙彩霞'].sort());

  demo.loginAs(DEMO.townStaff);
  const town = await open();
  expect(el(town, '#unit').dom!.textContent).toBe('双龙镇');
});

it('tells someone who is not staff that the list is not for them', async () => {
  demo.loginAs(DEMO.villager);
  const page = await open();
  expect(page.data.status).toBe('forbidden');
  expect(textOf(page)).toContain('只有组织部门可以管理人员');
});
