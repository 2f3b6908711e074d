/**
 * 驻村辅导 (the cadre's questions) against a real local cloud seeded with the demo county: 蒋文博
 * (十八洞村) asked two questions on Tuesday 12 May 2026, and the city's tutor 麻绍华 answered one.
 * The list shows them newest first with their status, the answered one standing out; 我要提问 and
 * a tap open the form and the question; a cadre who asked nothing is told how to ask.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/question/mine/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const TUTOR = 'demo-tutor';
let n = 0;

async function ask(at: string, title: string): Promise<string> {
  demo.at(at);
  const r = await demo.tc.call('question.ask', { clientId: `q-mine-${++n}-abcdefgh`, topic: 'industry', title, body: '村里新建的两百亩猕猴桃园，叶片发黄，该怎么办？' }, CADRE);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  ids.soil = await ask('2026-05-11T09:00:00+08:00', '猕猴桃园土壤偏酸怎么改良');
  ids.sales = await ask('2026-05-12T09:00:00+08:00', '猕猴桃销路怎么打开');
  expect(await demo.tc.call('question.answer', { id: ids.soil, text: '撒施生石灰，每亩100公斤。' }, TUTOR)).toMatchObject({ ok: true });
});

async function open(openid: string = CADRE): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE);
}

it('lists the cadre’s questions with their status, newest first', async () => {
  const page = await open();
  expect(page.querySelectorAll('.question').map(textOf)).toEqual([
    '待解答 猕猴桃销路怎么打开 产业发展 · 5月12日 09:00 提问',
    '已解答 猕猴桃园土壤偏酸怎么改良 产业发展 · 5月11日 09:00 提问 1 条解答 辅导师已解答，请点开查看 ›',
  ]);
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#question-1');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/work/question/detail/index?id=${ids.soil}` }));
  await tap(page, '#ask');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/work/question/ask/index' }));
});

it('tells a cadre who asked nothing how to ask, and others that it is for cadres', async () => {
  const none = await open('demo-tm-shibadong-1');
  expect(textOf(el(none, '#empty'))).toContain('您还没有提过问题');
  expect(none.querySelector('#ask')).toBeDefined();
  expect(textOf(el(await open(DEMO.townStaff), '#not-cadre'))).toBe('只有驻村干部可以向辅导师提问');
});
