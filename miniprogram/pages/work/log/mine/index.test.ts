/**
 * 我的驻村记实 against a real local cloud seeded with the demo county: 蒋文博 (十八洞村) wrote two
 * logs on Tuesday 12 May 2026, one on the 11th and one in April. The month shows its logs newest
 * first and 本月记实天数 counting a day once; the picker goes back to April; 写记实 and a tap open
 * the form and the log; staff are told the page is for cadres.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/log/mine/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
let n = 0;
const text = (s: string) => `${s}：走访了三组的五户脱贫户，了解产业分红和医保缴纳情况。`;

async function write(at: string, words: string): Promise<string> {
  demo.at(at);
  const r = await demo.tc.call('workLog.write', { clientId: `log-mine-${++n}-abcdefgh`, text: text(words) }, CADRE);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  ids.april = await write('2026-04-20T18:00:00+08:00', '四月');
  ids.eleventh = await write('2026-05-11T18:00:00+08:00', '十一日');
  ids.morning = await write('2026-05-12T08:30:00+08:00', '上午');
  ids.noon = await write('2026-05-12T09:40:00+08:00', '中午');
});

async function open(openid: string = CADRE, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}

it('shows the month’s logs newest first and counts each day once', async () => {
  const page = await open();
  expect(textOf(el(page, '#month-text'))).toBe('2026年5月 ▾');
  expect(textOf(el(page, '#log-days'))).toBe('2 天');
  expect(textOf(el(page, '#today-count'))).toBe('今天已写 2 篇，还可以再写');
  const rows = page.querySelectorAll('.log').map(textOf);
  expect(rows).toHaveLength(3);
  expect(rows[0]).toBe(`5月12日 星期二 09:40 今天 ${text('中午')}`);
  expect(rows[1]).toContain('5月12日 星期二 08:30');
  expect(rows[2]).toContain('5月11日 星期一 18:00');
  expect(rows[2]).not.toContain('今天');

  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#log-0');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/work/log/detail/index?id=${ids.noon}` }));
  await tap(page, '#write');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/work/log/write/index' }));

  await pick(page, '#month', '2026-04');
  await waitFor(() => page.data.status === 'ok' && page.data.month === '2026-04', 'April');
  expect(textOf(el(page, '#log-days'))).toBe('1 天');
  expect(page.querySelectorAll('.log').map(textOf)).toEqual([expect.stringContaining('4月20日 星期一 18:00')]);
  expect(page.querySelector('#today-count')).toBeUndefined();
  // A month after this one is not offered.
  await pick(page, '#month', '2026-06');
  expect(page.data.month).toBe('2026-04');
});

it('reads the month again on coming back, with a log written meanwhile', async () => {
  const page = await open(CADRE, { month: '2026-05' });
  page.instance.onShow();
  await write('2026-05-12T10:00:00+08:00', '回来');
  page.instance.onShow();
  await waitFor(() => page.data.items.length === 4, 'the new log');
  expect(textOf(el(page, '#log-days'))).toBe('2 天');
});

it('says so for a month without logs', async () => {
  const page = await open(CADRE, { month: '2026-03' });
  expect(textOf(el(page, '#empty'))).toContain('2026年3月还没有记实');
  expect(textOf(el(page, '#log-days'))).toBe('0 天');
});

it('tells staff the page is for cadres', async () => {
  const page = await open(DEMO.townStaff);
  expect(textOf(el(page, '#not-cadre'))).toBe('只有驻村干部可以写驻村记实');
  expect(page.querySelector('#write')).toBeUndefined();
});
