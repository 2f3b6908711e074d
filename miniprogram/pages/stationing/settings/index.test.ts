/**
 * 驻点日设置 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 龙小燕 (双龙镇) fixes Tuesday as the township's stationing day and sees the county's nights
 * (3, the default) without being able to change them; 石慧敏 (花垣县) sees the townships' days,
 * sets 4 nights, opens 边城镇 and fixes Friday; staff of another county are refused.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/stationing/settings/index';
const demo = useDemoCloud();

async function open(openid: string, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.part !== 'loading'), 'the settings');
}
const settings = async (unitId: string) => (await demo.tc.call('stationing.getSettings', { unitId }, DEMO.countyStaff)).data;

it('lets the township fix its day, and shows the county’s nights read-only', async () => {
  const page = await open(DEMO.townStaff);
  expect(page.data.unitLabels).toEqual(['双龙镇']);
  expect(textOf(el(page, '#day-name'))).toBe('不设定驻点日 ▾');
  expect(textOf(el(page, '#day-text'))).toBe('当前：未设定驻点日');
  expect(textOf(el(page, '#nights-text'))).toBe('每周工作日在村住夜不少于 3 晚（默认）');
  expect(page.querySelector('#save-nights')).toBeUndefined();
  expect(page.querySelector('#nights-readonly')).toBeDefined();

  await pick(page, '#day', 1); // 每周二
  await tap(page, '#save-day');
  await waitFor(() => page.data.saving === '', 'the save');
  expect(textOf(el(page, '#day-text'))).toBe('当前：每周二 · 本周 5月12日 周二');
  expect((await settings('town-shuanglong')).township).toMatchObject({ weekday: 2 });
});

it('lets the county set its nights and open a township to fix its day', async () => {
  const page = await open(DEMO.countyStaff);
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(page.querySelectorAll('#towns .list-item').map(textOf)).toEqual(['边城镇 未设定驻点日', '双龙镇 每周二 · 本周 5月12日 周二']);
  await pick(page, '#nights', 4);
  await tap(page, '#save-nights');
  await waitFor(() => page.data.saving === '', 'the save');
  expect(textOf(el(page, '#nights-text'))).toBe('每周工作日在村住夜不少于 4 晚');
  expect((await settings('county-huayuan')).county).toMatchObject({ nightsPerWeek: 4, isDefault: false });

  await tap(page, '#town-town-biancheng');
  await waitFor(() => page.data.part === 'ok' && page.data.level === 'township', 'the township');
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 / 边城镇 ▾');
  await pick(page, '#day', 4); // 每周五
  await tap(page, '#save-day');
  await waitFor(() => page.data.saving === '', 'the save');
  expect(textOf(el(page, '#day-text'))).toBe('当前：每周五 · 本周 5月15日 周五');
  // Back to the default nights.
  await pick(page, '#nights', 8);
  await tap(page, '#save-nights');
  await waitFor(() => page.data.saving === '', 'the save');
  expect(textOf(el(page, '#nights-text'))).toBe('每周工作日在村住夜不少于 3 晚（默认）');
});

it('refuses another county’s staff', async () => {
  const page = await open('demo-bj-staff', { unitId: 'town-shuanglong' });
  expect(textOf(el(page, '#refused'))).toBe('您不能查看或设定这个单位的驻点日');
  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门的同志可以设定驻点日');
});
