/** Browsing and editing the organisation tree, against a real local cloud seeded with the demo county. */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/org/units/index';
const demo = useDemoCloud();

async function open(openid: string, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading', 'the units');
  return page;
}

const names = (page: Rendered) => page.querySelectorAll('.unit-main .item-name').map((n) => textOf(n));
const reloaded = (page: Rendered) => waitFor(() => !page.data.busy && page.data.status === 'ok', 'the page to reload');

it('opens a county’s staff on their county, with its townships', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open(DEMO.countyStaff);
  expect(textOf(el(page, '#header'))).toBe('花垣县 县（区） 下级乡镇（街道）：2 个 人员管理');
  expect(page.querySelector('#up')).toBeUndefined();
  expect(names(page)).toEqual(['边城镇 乡镇（街道） 下级 ›', '双龙镇 乡镇（街道） 下级 ›']);

  await tap(page, '#open-town-shuanglong');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/org/units/index?parentId=town-shuanglong' }));
  await tap(page, '#people');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/people/list/index?unitId=county-huayuan' }));
  await tap(page, '#ledger');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/checkin/ledger/index?unitId=county-huayuan' }));
  await tap(page, '#corrections');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/checkin/corrections/index?unitId=county-huayuan' }));
});

it('shows a township’s villages with their fences, a way up, and the fence editor', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open(DEMO.countyStaff, { parentId: 'town-shuanglong' });
  expect(el(page, '#parent-name').dom!.textContent).toBe('双龙镇');
  expect(textOf(el(page, '#header'))).toContain('下级村（社区）：5 个');
  expect(textOf(el(page, '#unit-vil-shibadong'))).toContain('十八洞村 村（社区） 围栏：多边形，8 个点');
  expect(textOf(el(page, '#unit-vil-shuanglong'))).toContain('双龙村 村（社区） 围栏：圆形，半径 1000 米');
  // A village has no level below it.
  expect(textOf(el(page, '#unit-vil-shibadong'))).not.toContain('下级');

  await tap(page, '#fence-vil-shuanglong');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/org/fence/index?id=vil-shuanglong' }));
  await tap(page, '#up');
  expect(redirectTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/org/units/index?parentId=county-huayuan' }));
});

it('renames a village and adds a new one', async () => {
  const page = await open(DEMO.countyStaff, { parentId: 'town-shuanglong' });
  await tap(page, '#rename-vil-paibi');
  expect(page.data.renameValue).toBe('排碧村');
  await type(page, '#rename-input', '排碧新村');
  await tap(page, '#rename-save');
  await reloaded(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已改名为“排碧新村”');
  expect(textOf(el(page, '#unit-vil-paibi'))).toContain('排碧新村');
  expect(await demo.tc.call('org.getUnit', { id: 'vil-paibi' }, DEMO.countyStaff)).toMatchObject({ ok: true, data: { name: '排碧新村' } });

  // A name already used under the same township is refused, with the reason.
  await tap(page, '#rename-vil-paibi');
  await type(page, '#rename-input', '金龙村');
  await tap(page, '#rename-save');
  await waitFor(() => !page.data.busy, 'org.updateUnit');
  expect(textOf(el(page, '#unit-vil-paibi'))).toContain('同一上级下已有名为“金龙村”的单位');
  await tap(page, '#rename-cancel');

  await tap(page, '#start-add');
  expect(textOf(el(page, '#add-panel'))).toContain('新村（社区）的名称');
  await type(page, '#new-name', '新寨村');
  await tap(page, '#add');
  await reloaded(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已添加“新寨村”');
  expect(names(page).some((n) => n.startsWith('新寨村'))).toBe(true);
  const listed = await demo.tc.call('org.listUnits', { parentId: 'town-shuanglong' }, DEMO.countyStaff);
  expect(listed.data.map((u: { name: string }) => u.name)).toContain('新寨村');

  await demo.tc.call('org.updateUnit', { id: 'vil-paibi', name: '排碧村' }, DEMO.countyStaff);
});

it('lets an approver browse without editing', async () => {
  const page = await open(DEMO.approver);
  expect(el(page, '#parent-name').dom!.textContent).toBe('双龙镇');
  expect(names(page).map((n) => n.split(' ')[0])).toEqual(expect.arrayContaining(['董马库村', '金龙村', '排碧村', '十八洞村', '双龙村']));
  expect(page.querySelectorAll('.rename')).toHaveLength(0);
  expect(page.querySelectorAll('.fence')).toHaveLength(0);
  expect(page.querySelector('#start-add')).toBeUndefined();
  expect(page.querySelector('#people')).toBeUndefined();
  expect(page.querySelector('#ledger')).toBeUndefined();
});

it('tells a cadre this page is not theirs', async () => {
  const page = await open(DEMO.cadre);
  expect(page.data.status).toBe('forbidden');
  expect(textOf(page)).toContain('只有组织部门、请假审批和纪检监察的同志可以查看组织');
});
