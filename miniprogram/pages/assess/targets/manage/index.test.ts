/**
 * 目标管理 against a real local cloud seeded with the demo county: 龙小燕 (双龙镇) sees the
 * township's cadres with their targets of 2026 — 蒋文博 with one set and one waiting for
 * confirmation — and opens one; a villager is refused.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf } from '../../../../testing/simulate';

const PAGE = 'pages/assess/targets/manage/index';
const demo = useDemoCloud();

beforeAll(async () => {
  await demo.tc.call('assessment.setTarget', { personId: 'p-fs-shibadong', year: '2026', clientId: 'manage-page-set-1', text: '村集体经济收入达到10万元', category: 'industry', weight: 50, dueMonth: '2026-12' }, DEMO.countyStaff);
  await demo.tc.call('assessment.proposeTarget', { year: '2026', clientId: 'manage-page-propose-1', text: '带动20户发展黄牛养殖', category: 'industry', weight: 50, dueMonth: '2026-12' }, DEMO.cadre);
});

it('lists the unit’s cadres with their targets, and opens one', async () => {
  demo.loginAs(DEMO.townStaff);
  const page = await openPage(PAGE, {}, (p) => p.data.status !== 'loading' && p.data.listStatus === 'ok' && p.data.units.length > 0);
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇 ▾');
  expect(textOf(el(page, '#summary'))).toMatch(/^双龙镇 2026年：驻村干部 \d+ 人，已设目标 1 人；待确认 1 项，已确认 1 项，已评分 0 项$/);
  const i = page.data.rows.findIndex((r: { personId: string }) => r.personId === 'p-fs-shibadong');
  expect(textOf(el(page, `#cadre-${i}`))).toBe('蒋文博 待确认 1 十八洞村 · 第一书记 目标 2 项（待确认 1），已评分 0 项 · 目标管理得分 0.0');
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, `#cadre-${i}`);
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/assess/targets/cadre/index?personId=p-fs-shibadong&year=2026' }));
});

it('refuses someone who is not staff', async () => {
  demo.loginAs(DEMO.cadre);
  const page = await openPage(PAGE);
  expect(textOf(el(page, '#forbidden'))).toBe('只有组织部门的同志可以管理考评目标');
});
