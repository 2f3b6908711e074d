/**
 * 考核排名 against a real local cloud seeded with the demo county. On Tuesday 12 May 2026 蒋文博
 * (十八洞村) checks in in the morning and misses the afternoon; everyone else misses both; a video
 * call finds 欧阳靖 (金龙村) away and he never answers. On 10 June 石慧敏 (花垣县) opens the
 * ranking of May, computes it with 重新计算, reads the chart of her townships and the ranked
 * list, and opens a cadre's score; the city ranks every cadre, 20 at a time.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { CITY, useScoringStory } from '../../../../testing/scoring';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { closeWindows } from '../../../../../server/features/checkin/sweeps';
import { closeExpired } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/scoring/ranking/index';
const demo = useDemoCloud();
// May is computed by the page (重新计算).
const story = useScoringStory(demo, { closeWindows, closeExpired });

const wxApi = () => (globalThis as unknown as { wx: WechatMiniprogram.Wx }).wx;

beforeAll(() => story.playMay12('scoring-rank', true));

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.rankStatus !== 'loading' && p.data.units.length > 0)), 'the ranking');
}

const rows = (page: Rendered) => page.querySelectorAll('.rank-row').map(textOf);

it('computes May with 重新计算, then ranks the county’s cadres with their grades', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(textOf(el(page, '#period-text'))).toBe('2026年5月 ▾');
  // The last 12 months and the last 4 quarters that are over.
  expect(page.data.periodLabels).toEqual([
    '2026年5月', '2026年4月', '2026年3月', '2026年2月', '2026年1月', '2025年12月', '2025年11月', '2025年10月', '2025年9月', '2025年8月', '2025年7月', '2025年6月',
    '2026年第1季度', '2025年第4季度', '2025年第3季度', '2025年第2季度',
  ]);
  expect(textOf(el(page, '#count'))).toBe('花垣县 2026年5月考核排名（共 0 人）');
  expect(textOf(el(page, '#empty'))).toContain('这个考核期还没有考核结果');
  expect(page.querySelector('#chart-card')).toBeUndefined();

  await tap(page, '#recompute');
  await waitFor(() => !page.data.recomputing && page.data.rankStatus === 'ok' && page.data.count > 0, 'the recompute');
  expect(textOf(el(page, '#notice'))).toBe('已重新计算花垣县2026年5月的考核，共 15 名驻村干部');
  expect(textOf(el(page, '#count'))).toBe('花垣县 2026年5月考核排名（共 15 人）');
  const shown = rows(page);
  expect(shown).toHaveLength(15);
  expect(shown[0]).toBe('第 1 名 蒋文博 78 分 十八洞村 · 第一书记 称职 查看得分说明 ›');
  // Those who missed both windows tie at 76 and share 2nd place.
  expect(shown[1]).toMatch(/^第 2 名 \S+ 76 分 \S+ · \S+ 称职/);
  expect(shown[13]).toMatch(/^第 2 名 /);
  expect(shown[14]).toBe('第 15 名 欧阳靖 20 分 金龙村 · 第一书记 不称职 查看得分说明 ›');
  expect(page.querySelector('#more')).toBeUndefined();

  // The townships' averages: 边城镇's six at 76; 双龙镇's nine (78, seven at 76, 20) at 70.
  expect(textOf(el(page, '#chart-title'))).toBe('花垣县 2026年5月各单位平均分');
  expect(page.querySelectorAll('.chart-row').map(textOf)).toEqual(['边城镇 平均 76 分（6 人）', '双龙镇 平均 70 分（9 人）']);
  // No canvas node in this environment: nothing drawn, nothing broken.
  expect(el(page, '#chart')).toBeDefined();
  expect(page.data.chartDrawn).toBe(false);
  expect(textOf(el(page, '#publication'))).toBe('本考核期尚未公布');
});

it('draws the chart’s bars with their labels on a 2d canvas', async () => {
  const drawn: unknown[][] = [];
  const ctx = {
    fillStyle: '',
    font: '',
    textAlign: '',
    textBaseline: '',
    scale: () => undefined,
    clearRect: () => undefined,
    fillRect: (...a: unknown[]) => void drawn.push(['bar', ...a]),
    fillText: (text: string, x: number) => void drawn.push(['text', text, x]),
  };
  const node = { width: 0, height: 0, getContext: (kind: string) => (kind === '2d' ? ctx : null) };
  const selected: string[] = [];
  const query = {
    in: () => query,
    select: (sel: string) => {
      selected.push(sel);
      return { fields: (f: Record<string, boolean>) => ({ exec: (cb: (res: unknown[]) => void) => cb([f.node && f.size ? { node, width: 300, height: 80 } : {}]) }) };
    },
  };
  jest.spyOn(wxApi(), 'createSelectorQuery').mockReturnValue(query as unknown as WechatMiniprogram.SelectorQuery);

  const page = await open();
  await waitFor(() => page.data.chartDrawn === true, 'the chart drawn');
  expect(selected).toEqual(['#chart']);
  expect(drawn.filter((d) => d[0] === 'text').map((d) => d[1])).toEqual(['边城镇', '76', '双龙镇', '70']);
  const bars = drawn.filter((d) => d[0] === 'bar') as [string, number, number, number, number][];
  expect(bars).toHaveLength(2);
  // Each bar as long as its average (of 100 points): 边城镇's longer than 双龙镇's.
  expect(bars[0]![3] / bars[1]![3]).toBeCloseTo(76 / 70, 5);
  expect(node.width).toBeGreaterThanOrEqual(300);
});

it('opens a cadre’s explanation and the publication page', async () => {
  const go = jest.spyOn(wxApi(), 'navigateTo');
  const page = await open();
  await tap(page, '#row-p-fs-shibadong');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/scoring/explain/index?personId=p-fs-shibadong&period=2026-05' }));
  await tap(page, '#to-publish');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/scoring/publish/index?unitId=county-huayuan&period=2026-05' }));
  // Once published, the card says which version.
  expect(await demo.tc.call('scoring.publish', { unitId: 'county-huayuan', period: '2026-05', clientId: 'scoring-rank-pub-1' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  const again = await open();
  expect(textOf(el(again, '#publication'))).toBe('已公布第 1 版（6月10日 10:00 石慧敏）');
});

it('ranks a township by its villages, and a quarter', async () => {
  const town = await open(DEMO.townStaff);
  expect(textOf(el(town, '#unit-name'))).toBe('双龙镇 ▾');
  expect(rows(town)).toHaveLength(9);
  expect(town.querySelectorAll('.chart-row').map(textOf)).toEqual(expect.arrayContaining(['十八洞村 平均 76.7 分（3 人）', '金龙村 平均 48 分（2 人）']));
  // A township does not publish: no publication card.
  expect(town.querySelector('#publication-card')).toBeUndefined();

  const i = town.data.units.findIndex((u: { id: string }) => u.id === 'vil-shibadong');
  await pick(town, '#unit', i);
  await waitFor(() => town.data.rankStatus === 'ok' && town.data.unitId === 'vil-shibadong', '十八洞村');
  expect(rows(town).map((r) => r.split(' ').slice(0, 6).join(' '))).toEqual(['第 1 名 蒋文博 78 分', '第 2 名 石婷 76 分', '第 2 名 龙俊杰 76 分']);
  expect(town.querySelector('#chart-card')).toBeUndefined();

  // The first quarter: no check-ins were due then (no records), so every cadre has the full 80.
  await pick(town, '#period', town.data.periods.findIndex((p: { period: string }) => p.period === '2026-Q1'));
  await waitFor(() => town.data.rankStatus === 'ok' && town.data.period === '2026-Q1', 'Q1');
  expect(textOf(el(town, '#period-text'))).toBe('2026年第1季度 ▾');
  expect(textOf(el(town, '#empty'))).toContain('这个考核期还没有考核结果');
  await tap(town, '#recompute');
  await waitFor(() => !town.data.recomputing && town.data.rankStatus === 'ok' && town.data.count > 0, 'Q1 computed');
  expect(textOf(el(town, '#notice'))).toBe('已重新计算十八洞村2026年第1季度的考核，共 3 名驻村干部');
  expect(rows(town).map((r) => r.split(' ').slice(0, 6).join(' '))).toEqual(['第 1 名 蒋文博 80 分', '第 1 名 石婷 80 分', '第 1 名 龙俊杰 80 分']);
});

it('loads the city’s ranking 20 at a time', async () => {
  expect(await demo.tc.call('scoring.recompute', { unitId: 'city-xiangxi', period: '2026-05' }, CITY)).toMatchObject({ ok: true, data: { cadres: 29 } });
  const page = await open(CITY);
  expect(textOf(el(page, '#unit-name'))).toBe('湘西土家族苗族自治州 ▾');
  expect(rows(page)).toHaveLength(20);
  expect(textOf(el(page, '#more'))).toBe('加载更多（已显示 20 / 29）');
  expect(page.querySelectorAll('.chart-row').map(textOf)).toEqual(['保靖县 平均 76 分（14 人）', '花垣县 平均 72.4 分（15 人）']);
  await tap(page, '#more');
  await waitFor(() => !page.data.loadingMore && page.data.rows.length === 29, 'the rest');
  const all = rows(page);
  expect(all[0]).toMatch(/^第 1 名 蒋文博 78 分/);
  // The tie at 76 runs across the pages, and keeps its rank.
  expect(all[20]).toMatch(/^第 2 名 /);
  expect(all[28]).toMatch(/^第 29 名 欧阳靖 20 分/);
  expect(page.querySelector('#more')).toBeUndefined();
});

it('refuses people who are not staff, and a unit out of scope', async () => {
  const other = await open('demo-bj-staff', { unitId: 'county-huayuan' });
  expect(other.data.rankStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的考核排名');
  expect(other.querySelectorAll('.rank-row')).toHaveLength(0);

  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门的同志可以查看考核排名');
});
