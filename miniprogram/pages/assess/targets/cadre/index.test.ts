/**
 * 干部目标 against a real local cloud seeded with the demo county: 石慧敏 (花垣县) opens 蒋文博's
 * targets, confirms the one he proposed, turns down another (a reason needed), scores a target due
 * this month, and sets a new one; staff of another county are refused.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';

const PAGE = 'pages/assess/targets/cadre/index';
const demo = useDemoCloud();
const query = { personId: 'p-fs-shibadong', year: '2026' };

beforeAll(async () => {
  await demo.tc.call('assessment.setTarget', { ...query, clientId: 'cadre-page-set-1', text: '完成五月份全村走访', category: 'governance', weight: 40, dueMonth: '2026-05' }, DEMO.countyStaff);
  await demo.tc.call('assessment.proposeTarget', { year: '2026', clientId: 'cadre-page-propose-1', text: '带动20户发展黄牛养殖', category: 'industry', weight: 30, dueMonth: '2026-12' }, DEMO.cadre);
  await demo.tc.call('assessment.proposeTarget', { year: '2026', clientId: 'cadre-page-propose-2', text: '多开几次会', category: 'other', weight: 10, dueMonth: '2026-12' }, DEMO.cadre);
});

const plan = async () => (await demo.tc.call('assessment.cadreTargets', query, DEMO.countyStaff)).data.plan;

it('confirms, turns down, scores and sets targets', async () => {
  demo.loginAs(DEMO.countyStaff);
  const page = await openPage(PAGE, query);
  expect(textOf(el(page, '#title'))).toBe('蒋文博 · 十八洞村 · 第一书记');
  expect(textOf(el(page, '#summary'))).toBe('2026年目标管理得分 0.0（已确认目标权重合计 40，未评分按 0 分计）');

  await tap(page, '#confirm-1');
  await waitFor(() => !page.data.busy, 'the confirmation');
  expect(textOf(el(page, '#notice'))).toBe('已确认该目标');
  expect((await plan()).targets[1].status).toBe('confirmed');

  await tap(page, '#reject-2');
  await waitFor(() => !page.data.busy, 'the refusal');
  expect(textOf(el(page, '#action-error'))).toBe('请写明不通过的理由');
  await type(page, '#note-2', '目标不具体，无法考核');
  await tap(page, '#reject-2');
  await waitFor(() => !page.data.busy && page.data.items[2].status === 'rejected', 'the refusal');
  expect((await plan()).targets[2]).toMatchObject({ status: 'rejected', reviewNote: '目标不具体，无法考核' });

  // Due this month: scored; the one due in December says it waits.
  expect(textOf(el(page, '#target-1'))).toContain('完成时限到了才能评分');
  await type(page, '#score-0', '90');
  await tap(page, '#score-btn-0');
  await waitFor(() => !page.data.busy && page.data.items[0].scored, 'the score');
  expect(textOf(el(page, '#target-0'))).toContain('评分 90 分（石慧敏）');
  expect(textOf(el(page, '#summary'))).toBe('2026年目标管理得分 51.4（已确认目标权重合计 70，未评分按 0 分计）');

  await type(page, '#text', '建成村级电商服务站');
  await type(page, '#weight', '30');
  await tap(page, '#set');
  await waitFor(() => !page.data.submitting && page.data.items.length === 4, 'the new target');
  expect(textOf(el(page, '#notice'))).toBe('目标已设定');
  expect((await plan()).targets[3]).toMatchObject({ text: '建成村级电商服务站', status: 'confirmed', weight: 30, dueMonth: '2026-12' });
});

it('refuses staff of another county', async () => {
  demo.loginAs('demo-bj-staff');
  const page = await openPage(PAGE, query);
  expect(textOf(el(page, '#forbidden'))).toBe('您不能查看这名干部的考评目标');
});
