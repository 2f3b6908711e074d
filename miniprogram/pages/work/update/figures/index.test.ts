/**
 * 工作动态完成情况 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026
 * (2026-W20). 花垣县 has posted once this week and once the week before; 保靖县 has not posted;
 * 花垣县 asks two a week of itself later on. 向晓岚 (the city) and 石慧敏 (花垣县) read the weeks.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/update/figures/index';
const demo = useDemoCloud();

const CITY = 'demo-city-staff-xiang';
const BODY = '本周组织驻村第一书记集中培训，围绕产业发展和基层治理开展交流。';
let n = 0;

async function post(openid: string, unitId: string, title: string): Promise<void> {
  expect(await demo.tc.call('workUpdate.post', { unitId, clientId: `wu-fig-${++n}-abcdefgh`, title, body: BODY }, openid)).toMatchObject({ ok: true });
}

beforeAll(async () => {
  demo.at('2026-05-06T10:00:00+08:00'); // W19
  await post(DEMO.townStaff, 'town-shuanglong', '双龙镇驻村工作例会');
  demo.at('2026-05-12T09:00:00+08:00'); // W20
  await post(DEMO.countyStaff, 'county-huayuan', '花垣县开展驻村干部培训');
});

async function open(openid: string = CITY, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.figureStatus !== 'loading'), 'the figure');
}

const loaded = (page: Rendered, week: string) => waitFor(() => page.data.figureStatus === 'ok' && page.data.week === week, week);
const districts = (page: Rendered) => page.querySelectorAll('.district').map(textOf);

it('shows the city this week’s districts against their quota, and how many met it', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-title'))).toBe('湘西土家族苗族自治州');
  expect(textOf(el(page, '#week-label'))).toBe('2026年第20周（5月11日—5月17日）');
  expect(textOf(el(page, '#met'))).toBe('1 / 2 个县（区）达标');
  expect(textOf(el(page, '#summary'))).toContain('本周还没结束');
  expect(textOf(el(page, '#district-county-huayuan'))).toBe('花垣县 达标 已发 1 条 · 应发 1 条（默认）');
  expect(textOf(el(page, '#district-county-baojing'))).toBe('保靖县 未达标 已发 0 条 · 应发 1 条（默认）');
  expect(el(page, '#next-week').dom).toBeDefined();
  expect(page.data.isCurrent).toBe(true);
});

it('steps to the week before and back, and to the week of a day picked', async () => {
  const page = await open();
  await tap(page, '#prev-week');
  await loaded(page, '2026-W19');
  expect(textOf(el(page, '#week-label'))).toBe('2026年第19周（5月4日—5月10日）');
  expect(textOf(el(page, '#district-county-huayuan'))).toBe('花垣县 达标 已发 1 条 · 应发 1 条（默认）');
  expect(textOf(el(page, '#summary'))).not.toContain('本周还没结束');
  await tap(page, '#prev-week');
  await loaded(page, '2026-W18');
  expect(textOf(el(page, '#met'))).toBe('0 / 2 个县（区）达标');
  await tap(page, '#next-week');
  await loaded(page, '2026-W19');
  await tap(page, '#this-week');
  await loaded(page, '2026-W20');
  expect(page.querySelector('#this-week')).toBeUndefined();
  // The next week is not there yet.
  await tap(page, '#next-week');
  expect(page.data.week).toBe('2026-W20');
  // Any day: its week (1 January 2026 is in 2026-W01).
  await pick(page, '#day', '2026-01-01');
  await loaded(page, '2026-W01');
  expect(textOf(el(page, '#week-label'))).toBe('2026年第1周（12月29日—1月4日）');
});

it('shows a county its own week, with the quota it set', async () => {
  expect(await demo.tc.call('workUpdate.setSettings', { unitId: 'county-huayuan', settings: { weeklyQuota: 2 } }, DEMO.countyStaff)).toMatchObject({ ok: true });
  const page = await open(DEMO.countyStaff, { week: '2026-W20' });
  expect(textOf(el(page, '#unit-title'))).toBe('花垣县');
  expect(districts(page)).toEqual(['花垣县 未达标 已发 1 条 · 应发 2 条（县（区）设定）']);
  expect(textOf(el(page, '#met'))).toBe('0 / 1 个县（区）达标');
  await demo.tc.call('workUpdate.setSettings', { unitId: 'county-huayuan', settings: null }, DEMO.countyStaff);
});

it('tells a township’s staff the figure is by county, and refuses another county and non-staff', async () => {
  expect(textOf(el(await open(DEMO.townStaff), '#no-unit'))).toBe('工作动态完成情况按市或县（区）查看');
  const other = await open(DEMO.countyStaff, { unitId: 'county-baojing' });
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的工作动态完成情况');
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有组织部门的同志可以查看工作动态完成情况');
});
