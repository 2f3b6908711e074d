/**
 * 走访统计 against a real local cloud with the demo county: 双龙镇's May so far (十八洞村: two
 * households planned, one visited; one problem raised, not yet resolved; no leave), by
 * village; the period picker; a problem answered moves the 化解率; the link to the 问题台账; a cadre
 * is refused.
 */
import { useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../testing/simulate';
import { FS, seedVisits, TOWN } from '../../../testing/visit';
import type { SeededVisits } from '../../../testing/visit';

const PAGE = 'pages/visit/figures/index';
const demo = useDemoCloud();
let seeded: SeededVisits;

beforeAll(async () => {
  seeded = await seedVisits(demo.tc);
});

async function open(openid: string, query: Record<string, string> = {}) {
  demo.loginAs(openid);
  const page = await openPage(PAGE, query);
  if (page.data.status === 'ok') await waitFor(() => page.data.figuresStatus !== 'loading', 'the figures');
  return page;
}

it('gives the township’s month by village', async () => {
  const page = await open(TOWN);
  expect(textOf(el(page, '#title'))).toBe('双龙镇 2026年5月驻点联系情况');
  expect(textOf(el(page, '#visit-rate'))).toBe('50%');
  expect(textOf(el(page, '#coverage-rate'))).toBe('20%');
  expect(textOf(el(page, '#resolution-rate'))).toBe('0%');
  expect(textOf(el(page, '#plans'))).toBe('0 / 1');
  expect(textOf(el(page, '#row-vil-shibadong'))).toBe('十八洞村 50% 20% 0% 0');
  expect(textOf(el(page, '#row-vil-jinlong'))).toBe('金龙村 — — — 0');
  expect(page.querySelector('#frozen')).toBeUndefined();
});

it('moves the 化解率 when the problem is answered, and opens the 问题台账', async () => {
  const go = jest.spyOn(wx, 'navigateTo');
  await demo.tc.call('complaint.dispatch', { id: seeded.problemId, category: 'service', unitId: 'county-huayuan', departmentId: 'dept-huayuan-civil' }, TOWN);
  await demo.tc.call('complaint.answer', { id: seeded.problemId, text: '已核实，年审通过' }, 'demo-hy-dept-civil');
  const page = await open(TOWN);
  expect(textOf(el(page, '#resolution-rate'))).toBe('100%');
  await pick(page, '#period', page.data.periods.findIndex((p: { period: string }) => p.period === '2026-Q2'));
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.period === '2026-Q2', 'the quarter');
  expect(textOf(el(page, '#title'))).toBe('双龙镇 2026年第二季度驻点联系情况');
  await tap(page, '#to-problems');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/visit/problems/index?unitId=town-shuanglong&period=2026-Q2' }));
});

it('refuses a cadre', async () => {
  expect(textOf(el(await open(FS), '#forbidden'))).toBe('只有组织部门的同志可以查看走访统计');
});
