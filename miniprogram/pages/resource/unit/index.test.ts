/**
 * 帮扶项目 (staff) against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 龙小燕 (双龙镇) sees the township's projects waiting to be confirmed, confirms one from the list,
 * switches to 已核实 and 全部, pages on past 20, opens a project and the figures; staff of another
 * county are refused the township, and a cadre the page.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/resource/unit/index';
const demo = useDemoCloud();
let n = 0;
async function add(openid: string, name: string, amountYuan: string): Promise<string> {
  const r = await demo.tc.call('resource.add', { clientId: `unit-page-${++n}-abcdefgh`, name, amountYuan, kind: 'industry', source: 'dispatchingUnit', status: 'planning', plannedOn: '2026-04-01' }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

let tea = '';
beforeAll(async () => {
  demo.at('2026-05-11T09:00:00+08:00');
  tea = await add('demo-fs-jinlong', '茶叶加工厂', '500000.1');
  demo.at('2026-05-11T10:00:00+08:00');
  const kiwi = await add(DEMO.cadre, '猕猴桃产业园', '1200000');
  expect(await demo.tc.call('resource.confirm', { id: kiwi, version: 1 }, DEMO.countyStaff)).toMatchObject({ ok: true });
  for (let i = 0; i < 21; i++) {
    demo.at(`2026-05-10T${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00+08:00`);
    await add(DEMO.cadre, `小额帮扶项目${i + 1}`, '100');
  }
});

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.listStatus !== 'loading' && p.data.units.length > 0)), 'the projects');
}
const listed = (page: Rendered) => waitFor(() => page.data.listStatus === 'ok', 'the list');

it('lists the township’s projects to confirm, and confirms one from the list', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇 ▾');
  expect(textOf(el(page, '#summary'))).toBe('双龙镇：待核实的项目 22 个');
  expect(page.querySelectorAll('.project')).toHaveLength(20);
  const i = page.data.items.findIndex((x: { id: string }) => x.id === tea);
  expect(textOf(el(page, `#project-${i}`))).toBe('茶叶加工厂 待核实 金龙村 · 产业项目 · 派出单位（湘西州文化旅游广电局） 500,000.10元 谋划中 · 引进人：欧阳靖 核实');
  await tap(page, `#confirm-${i}`);
  await waitFor(() => !page.data.confirming && !page.data.items.some((x: { id: string }) => x.id === tea), 'the confirmation');
  expect(textOf(el(page, '#notice'))).toBe('已核实：茶叶加工厂');
  expect(textOf(el(page, '#summary'))).toBe('双龙镇：待核实的项目 21 个');
  // Paging on: the 21st.
  await tap(page, '#more');
  await waitFor(() => page.data.items.length === 21, 'the next page');
  expect(page.querySelector('#more')).toBeUndefined();

  await tap(page, '#filter-confirmed');
  await listed(page);
  expect(page.data.items.map((x: { name: string }) => x.name)).toEqual(['茶叶加工厂', '猕猴桃产业园']);
  expect(page.querySelector('#confirm-0')).toBeUndefined();
  await tap(page, '#filter-all');
  await listed(page);
  expect(textOf(el(page, '#summary'))).toBe('双龙镇：全部的项目 23 个');

  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#open-0');
  await waitFor(() => navigateTo.mock.calls.length > 0, 'the project');
  expect(String((navigateTo.mock.calls[0]![0] as { url: string }).url)).toMatch(/^\/pages\/resource\/detail\/index\?id=rp-/);
  await tap(page, '#to-figures');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/resource/figures/index?unitId=town-shuanglong' }));
});

it('picks a village of the township', async () => {
  const page = await open();
  const i = page.data.units.findIndex((u: { id: string }) => u.id === 'vil-jinlong');
  await pick(page, '#unit', i);
  await waitFor(() => page.data.listStatus === 'ok' && page.data.unitId === 'vil-jinlong', 'the village');
  expect(textOf(el(page, '#summary'))).toBe('金龙村：待核实的项目 0 个');
  expect(textOf(el(page, '#empty'))).toBe('没有待核实的项目');
});

it('refuses another county’s township, and a cadre', async () => {
  const other = await open(DEMO.townStaff, { unitId: 'town-lvdongshan' });
  expect(other.data.listStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的帮扶项目');
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有组织部门的同志可以核实帮扶项目');
});
