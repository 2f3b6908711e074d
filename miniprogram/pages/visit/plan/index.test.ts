/**
 * 走访计划 against a real local cloud with the demo county: 第一组's May plan (two of its three
 * households, one visited). 石婷 adds the third (those already planned stay: the month is under
 * way) and saves; the server holds three; June's plan can be made too. Staff read it only.
 */
import { useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import { seedVisits, TM1, TOWN } from '../../../testing/visit';
import type { SeededVisits } from '../../../testing/visit';

const PAGE = 'pages/visit/plan/index';
const demo = useDemoCloud();
let seeded: SeededVisits;

beforeAll(async () => {
  seeded = await seedVisits(demo.tc);
});

async function open(openid: string, month?: string) {
  demo.loginAs(openid);
  return openPage(PAGE, { villageId: 'vil-shibadong', groupId: seeded.groupId, ...(month ? { month } : {}) });
}

it('adds to this month’s plan, keeping the planned ones', async () => {
  const page = await open(TM1);
  expect(textOf(el(page, '#title'))).toBe('第一组 · 2026年5月');
  expect(textOf(el(page, '#summary'))).toBe('计划走访 2 户，已走访 1 户（蒋文博制定）');
  expect(textOf(el(page, '#add-only'))).toBe('本月计划已在执行：可以增加走访户，不能减少。');
  const i = page.data.items.findIndex((x: { on: boolean }) => !x.on);
  const planned = page.data.items.findIndex((x: { on: boolean }) => x.on);
  await tap(page, `#item-${planned}`);
  expect(page.data.items[planned].on).toBe(true);
  await tap(page, `#item-${i}`);
  expect(textOf(page)).toContain('已选 3 / 3 户');
  await tap(page, '#save');
  await waitFor(() => page.data.summary.startsWith('计划走访 3 户'), 'the saved plan');
  const plan = await demo.tc.call('visit.plan', { villageId: 'vil-shibadong', groupId: seeded.groupId, month: '2026-05' }, TOWN);
  expect(plan.data.plan).toMatchObject({ made: true, total: 3, visited: 1 });
});

it('makes next month’s plan from the month tab', async () => {
  const page = await open(TM1);
  await tap(page, '#month-1');
  await waitFor(() => page.data.month === '2026-06' && page.data.status === 'ok', 'June');
  expect(textOf(el(page, '#summary'))).toBe('还没有制定计划');
  await tap(page, '#save');
  expect(textOf(el(page, '#save-error'))).toBe('请至少勾选一户');
  await tap(page, '#all');
  await tap(page, '#save');
  await waitFor(() => page.data.summary.startsWith('计划走访 3 户'), 'June’s plan');
});

it('shows staff the plan without changing it', async () => {
  const page = await open(TOWN);
  expect(textOf(el(page, '#read-only'))).toBe('由本组成员或第一书记制定计划。');
  expect(page.querySelector('#save')).toBeUndefined();
});
