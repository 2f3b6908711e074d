/**
 * 工作报告 against a real local cloud seeded with the demo county, on 11 July 2026, the day after
 * the first half-year's deadline: 蒋文博 submitted on time, 欧阳靖 kept only a draft. 石慧敏 (花垣县)
 * sees the county's ten first secretaries, the nine overdue first, filters them, opens the
 * submitted one; 龙小燕 (双龙镇) sees her township's and is told the review is the county's.
 */
import { freshFirstSecretary } from '../../../../server/features/workreport/fixtures';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/report/list/index';
const demo = useDemoCloud();
const BODY = '上半年围绕产业发展和基层治理开展工作：走访脱贫户一百二十户，协调落实猕猴桃产业项目三个，帮助村集体经济增收八万元。';

beforeAll(async () => {
  demo.at('2026-06-20T10:00:00+08:00');
  expect(await demo.tc.call('workReport.submit', { period: '2026-H1', title: '十八洞村2026年上半年驻村工作报告', body: BODY }, DEMO.cadre)).toMatchObject({ ok: true });
  expect(await demo.tc.call('workReport.save', { period: '2026-H1', title: '金龙村上半年工作' }, 'demo-fs-jinlong')).toMatchObject({ ok: true });
});

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.listStatus !== 'loading'), 'the reports');
}
const listed = (page: Rendered) => waitFor(() => page.data.listStatus !== 'loading', 'the list');

it('lists the county’s first secretaries with the overdue first, and opens a submitted report', async () => {
  demo.at('2026-07-11T09:00:00+08:00');
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(textOf(el(page, '#period-name'))).toBe('2026年上半年 ▾');
  expect(textOf(el(page, '#counts'))).toBe('应交 10 人 · 已交 1 人 · 逾期未交 9 人 · 待审阅 1 份 · 退回修改 0 份');
  expect(page.querySelector('#review-note')).toBeUndefined();
  const rows = page.querySelectorAll('.list-item').map(textOf);
  expect(rows).toHaveLength(10);
  expect(rows.slice(0, 9).every((r) => r.includes('逾期未交（截止7月10日）'))).toBe(true);
  expect(rows.find((r) => r.startsWith('欧阳靖'))).toBe('欧阳靖 金龙村 · 派出单位：湘西州文化旅游广电局 逾期未交（截止7月10日），有草稿');
  expect(rows[9]).toBe('蒋文博 十八洞村 · 派出单位：湘西州财政局 待审阅 · 6月20日 10:00提交 ›');

  await tap(page, '#row-9');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/report/detail/index?id=p-fs-shibadong.2026-H1' }));
  // An overdue line has no report to open.
  const calls = navigateTo.mock.calls.length;
  await tap(page, '#row-0');
  expect(navigateTo.mock.calls.length).toBe(calls);

  await tap(page, '#filter-overdue');
  await listed(page);
  expect(page.querySelectorAll('.list-item')).toHaveLength(9);
  await tap(page, '#filter-unread');
  await listed(page);
  expect(page.querySelectorAll('.list-item').map(textOf)).toEqual([expect.stringMatching(/^蒋文博/)]);
});

it('shows another half-year when picked', async () => {
  demo.at('2026-07-11T09:00:00+08:00');
  const page = await open();
  const i = page.data.periods.indexOf('2026-H2');
  await pick(page, '#period', i);
  await listed(page);
  expect(textOf(el(page, '#period-name'))).toBe('2026年下半年 ▾');
  expect(textOf(el(page, '#counts'))).toBe('应交 10 人 · 已交 0 人 · 逾期未交 0 人 · 待审阅 0 份 · 退回修改 0 份');
  expect(page.querySelectorAll('.list-item')[0]).toBeDefined();
  expect(textOf(page.querySelectorAll('.list-item')[0]!)).toContain('未提交（截止2027年1月10日）');
});

it('shows a township its own, read only, and refuses someone who is not staff', async () => {
  demo.at('2026-07-11T09:00:00+08:00');
  const page = await open(DEMO.townStaff);
  expect(textOf(el(page, '#counts'))).toBe('应交 5 人 · 已交 1 人 · 逾期未交 4 人 · 待审阅 1 份 · 退回修改 0 份');
  expect(textOf(el(page, '#review-note'))).toBe('工作报告由县（市、区）委组织部审阅，这里只能查看。');
  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('工作报告供组织部门的同志查看');
});

it('reads a long list page by page', async () => {
  // Forty-five more first secretaries in 边城镇, stationed by the end of June.
  demo.at('2026-06-30T10:00:00+08:00');
  for (let i = 0; i < 45; i++) await freshFirstSecretary(i % 2 ? 'vil-banli' : 'vil-heping');
  demo.at('2026-07-11T09:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#counts'))).toBe('应交 55 人 · 已交 1 人 · 逾期未交 54 人 · 待审阅 1 份 · 退回修改 0 份');
  expect(page.querySelectorAll('.list-item')).toHaveLength(50);
  await tap(page, '#more');
  await waitFor(() => !page.data.loadingMore, 'the next lines');
  const rows = page.querySelectorAll('.list-item').map(textOf);
  expect(rows).toHaveLength(55);
  expect(new Set(rows).size).toBe(55);
  expect(rows.at(-1)).toMatch(/^蒋文博/);
  expect(page.querySelector('#more')).toBeUndefined();
});
