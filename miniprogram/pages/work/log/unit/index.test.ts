/**
 * 驻村记实查阅 against a real local cloud seeded with the demo county: on Tuesday 12 May 2026
 * 蒋文博 wrote two logs and his teammate one (十八洞村, 双龙镇); on the 11th 蒋文博 one; on the
 * 10th 21 of them. 龙小燕 (双龙镇) reads the township's days, a village, pages on, and opens a log;
 * staff of another county and cadres are refused.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/log/unit/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const TEAMMATE = 'demo-tm-shibadong-1';
let n = 0;

async function write(at: string, openid: string, words: string): Promise<string> {
  demo.at(at);
  const r = await demo.tc.call('workLog.write', { clientId: `log-unit-${++n}-abcdefgh`, text: `${words}：走访脱贫户，了解产业分红和医保缴纳情况。` }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

let first = '';
beforeAll(async () => {
  for (let i = 0; i < 21; i++) await write('2026-05-10T15:00:00+08:00', CADRE, `周日第${i + 1}篇`);
  await write('2026-05-11T18:00:00+08:00', CADRE, '周一');
  first = await write('2026-05-12T08:30:00+08:00', CADRE, '上午');
  await write('2026-05-12T09:30:00+08:00', CADRE, '中午');
  await write('2026-05-12T09:45:00+08:00', TEAMMATE, '队员');
});

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.listStatus !== 'loading' && p.data.units.length > 0)), 'the logs');
}
const shown = (page: Rendered, date: string) => waitFor(() => page.data.listStatus === 'ok' && page.data.date === date, date);

it('shows the township’s day: who wrote, and how many cadres wrote', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇 ▾');
  expect(textOf(el(page, '#day-text'))).toBe('5月12日 星期二 ▾');
  expect(textOf(el(page, '#summary'))).toBe('双龙镇 5月12日 星期二：2 名驻村干部写了记实，共 3 篇');
  const rows = page.querySelectorAll('.log').map(textOf);
  expect(rows).toHaveLength(3);
  expect(rows.filter((r) => r.startsWith('蒋文博 十八洞村'))).toHaveLength(2);
  expect(rows.join('\n')).toContain('08:30 上午：走访脱贫户');

  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const i = page.data.items.findIndex((x: { id: string }) => x.id === first);
  await tap(page, `#log-${i}`);
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/work/log/detail/index?id=${first}` }));

  await tap(page, '#prev-day');
  await shown(page, '2026-05-11');
  expect(textOf(el(page, '#summary'))).toBe('双龙镇 5月11日 星期一：1 名驻村干部写了记实，共 1 篇');
  // Not past today.
  await tap(page, '#next-day');
  await shown(page, '2026-05-12');
  await tap(page, '#next-day');
  expect(page.data.date).toBe('2026-05-12');
  await pick(page, '#day', '2026-05-09');
  await shown(page, '2026-05-09');
  expect(textOf(el(page, '#empty'))).toBe('这一天还没有驻村干部写记实');
  expect(textOf(el(page, '#summary'))).toContain('0 名驻村干部写了记实，共 0 篇');
});

it('pages on through a long day, and reads one village', async () => {
  const page = await open(DEMO.townStaff, { date: '2026-05-10' });
  expect(textOf(el(page, '#summary'))).toBe('双龙镇 5月10日 星期日：1 名驻村干部写了记实，共 21 篇');
  expect(page.querySelectorAll('.log')).toHaveLength(20);
  expect(textOf(el(page, '#more'))).toBe('加载更多（已显示 20 / 21）');
  await tap(page, '#more');
  await waitFor(() => !page.data.loadingMore, 'the next page');
  expect(page.querySelectorAll('.log')).toHaveLength(21);
  expect(page.querySelector('#more')).toBeUndefined();

  const v = page.data.units.findIndex((u: { id: string }) => u.id === 'vil-shibadong');
  expect(v).toBeGreaterThan(0);
  await pick(page, '#unit', v);
  await waitFor(() => page.data.listStatus === 'ok' && page.data.unitId === 'vil-shibadong', '十八洞村');
  expect(textOf(el(page, '#summary'))).toContain('十八洞村 5月10日 星期日');
});

it('lets county staff read it too, and refuses others', async () => {
  const county = await open(DEMO.countyStaff, { unitId: 'town-shuanglong' });
  expect(textOf(el(county, '#summary'))).toBe('双龙镇 5月12日 星期二：2 名驻村干部写了记实，共 3 篇');
  const other = await open('demo-bj-staff', { unitId: 'town-shuanglong' });
  expect(other.data.listStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查阅这个单位的驻村记实');
  expect(textOf(el(await open(CADRE), '#forbidden'))).toBe('只有组织部门的同志可以查阅驻村记实');
});
