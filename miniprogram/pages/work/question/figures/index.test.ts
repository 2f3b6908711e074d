/**
 * 辅导统计 against a real local cloud seeded with the demo county: on Tuesday 12 May 2026 at 08:00
 * 蒋文博 (十八洞村) asked three 产业发展 questions and one 基层治理 one; the city's tutor answered
 * two after one and three hours and one was solved; on Thursday evening, past the deadline, the
 * timer ran. 龙小燕 (双龙镇) reads the month by topic, the median time to the first answer and the
 * questions waiting past their deadline; another month is empty; others are refused.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/question/figures/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const TUTOR = 'demo-tutor';
let n = 0;

async function ask(topic: string, title: string): Promise<string> {
  const r = await demo.tc.call('question.ask', { clientId: `q-figures-${++n}-abcdefgh`, topic, title, body: '具体情况是这样的：村里想做这件事，但不知道从哪里入手。' }, CADRE);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

const ids: string[] = [];
beforeAll(async () => {
  demo.at('2026-05-12T08:00:00+08:00');
  ids.push(await ask('industry', '茶园采摘人手不够'), await ask('industry', '猕猴桃销路怎么打开'), await ask('industry', '合作社分红怎么算'), await ask('governance', '红白理事会怎么成立'));
  demo.at('2026-05-12T09:00:00+08:00');
  expect(await demo.tc.call('question.answer', { id: ids[0], text: '组织留守妇女成立采茶队。' }, TUTOR)).toMatchObject({ ok: true });
  demo.at('2026-05-12T11:00:00+08:00');
  expect(await demo.tc.call('question.answer', { id: ids[1], text: '对接州里的电商中心。' }, TUTOR)).toMatchObject({ ok: true });
  expect(await demo.tc.call('question.solve', { id: ids[0] }, CADRE)).toMatchObject({ ok: true });
  demo.at('2026-05-14T18:30:00+08:00');
  await demo.tc.cloud.timer.fire('tick');
});

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.figuresStatus !== 'loading' && p.data.units.length > 0)), 'the figures');
}

it('counts the township’s month by topic, with the median time to the first answer', async () => {
  demo.at('2026-05-15T09:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇 ▾');
  expect(textOf(el(page, '#title'))).toBe('双龙镇 2026年5月驻村辅导情况');
  expect(textOf(el(page, '#median'))).toBe('2 小时');
  expect(textOf(el(page, '#overdue-open'))).toBe('2 个');
  expect(textOf(el(page, '#topic-head'))).toBe('领域 提问 已解答 已解决 超时');
  expect(page.querySelectorAll('.topic-row').map(textOf)).toEqual(['产业发展 3 2 1 1', '基层治理 1 0 0 1', '政策法规 0 0 0 0', '乡村建设 0 0 0 0', '民生保障 0 0 0 0', '其他 0 0 0 0']);
  expect(textOf(el(page, '#total'))).toBe('合计 4 2 1 2');
  expect(page.querySelectorAll('.overdue-item').map((r) => textOf(r).split(' ')[0]).sort()).toEqual(['合作社分红怎么算', '红白理事会怎么成立'].sort());
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#overdue-0');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: expect.stringMatching(/^\/pages\/work\/question\/detail\/index\?id=qn-/) }));

  await pick(page, '#month', '2026-04');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.month === '2026-04', 'April');
  expect(textOf(el(page, '#total'))).toBe('合计 0 0 0 0');
  expect(textOf(el(page, '#median'))).toBe('—');
  expect(textOf(el(page, '#no-overdue'))).toBe('没有超时未解答的问题');
});

it('reads the county and one village, and refuses others', async () => {
  const county = await open(DEMO.countyStaff);
  expect(textOf(el(county, '#total'))).toBe('合计 4 2 1 2');
  const v = county.data.units.findIndex((u: { id: string }) => u.id === 'vil-shibadong');
  await pick(county, '#unit', v);
  await waitFor(() => county.data.figuresStatus === 'ok' && county.data.unitId === 'vil-shibadong', '十八洞村');
  expect(textOf(el(county, '#title'))).toContain('2026年5月驻村辅导情况');
  expect(textOf(el(county, '#total'))).toBe('合计 4 2 1 2');

  const other = await open('demo-bj-staff', { unitId: 'town-shuanglong' });
  expect(other.data.figuresStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的辅导统计');
  expect(textOf(el(await open(TUTOR), '#forbidden'))).toBe('只有组织部门的同志可以查看辅导统计');
});
