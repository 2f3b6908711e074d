/**
 * 我的目标 against a real local cloud seeded with the demo county (Tuesday 12 May 2026): 石慧敏
 * (花垣县) sets 蒋文博 (十八洞村) a target; he sees it with its weight and due month, proposes one
 * of his own through the form (refused next to the field when too short), and opens the progress
 * form of a target. Someone who is not a cadre is told so.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';

const PAGE = 'pages/assess/targets/mine/index';
const demo = useDemoCloud();
const CADRE_ID = 'p-fs-shibadong';

beforeAll(async () => {
  const r = await demo.tc.call('assessment.setTarget', { personId: CADRE_ID, year: '2026', clientId: 'mine-page-set-1', text: '发展猕猴桃产业200亩', category: 'industry', weight: 60, dueMonth: '2026-11' }, DEMO.countyStaff);
  expect(r).toMatchObject({ ok: true });
});

it('shows the year’s targets and the target part, and proposes one through the form', async () => {
  demo.loginAs(DEMO.cadre);
  const page = await openPage(PAGE);
  expect(textOf(el(page, '#year-text'))).toBe('2026年 ▾');
  expect(textOf(el(page, '#summary'))).toBe('蒋文博 · 十八洞村：目标管理得分 0.0（已确认目标权重合计 60）');
  expect(textOf(el(page, '#target-0'))).toContain('发展猕猴桃产业200亩 已确认 产业发展 · 权重 60 · 11月完成 · 组织设定 完成进度 0%（记录 0 次）');

  await tap(page, '#open-form');
  await type(page, '#text', '种树');
  await type(page, '#weight', '20');
  await tap(page, '#propose');
  expect(textOf(el(page, '#text-error'))).toBe('请写明目标，至少4个字');
  await type(page, '#text', '带动20户发展黄牛养殖');
  await tap(page, '#propose');
  await waitFor(() => !!page.data.notice, 'the proposal');
  expect(textOf(el(page, '#notice'))).toBe('目标已提交，等待组织部门确认');
  expect(page.querySelector('#form')).toBeUndefined();
  const mine = (await demo.tc.call('assessment.myTargets', { year: '2026' }, DEMO.cadre)).data;
  expect(mine.plan.targets.map((t: any) => [t.text, t.statusName, t.weight, t.dueMonth])).toEqual([
    ['发展猕猴桃产业200亩', '已确认', 60, '2026-11'],
    ['带动20户发展黄牛养殖', '待确认', 20, '2026-12'],
  ]);
  expect(textOf(el(page, '#target-1'))).toContain('带动20户发展黄牛养殖 待确认');

  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#progress-0');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/assess/targets/progress/index?targetId=${mine.plan.targets[0].id}&year=2026` }));
});

it('tells someone who is not a cadre', async () => {
  demo.loginAs(DEMO.townStaff);
  const page = await openPage(PAGE);
  expect(textOf(el(page, '#not-cadre'))).toBe('只有驻村干部有考评目标');
});
