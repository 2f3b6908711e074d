/**
 * 辅导问题 (the tutor's inbox) against a real local cloud seeded with the demo county: 蒋文博
 * (十八洞村) asked three 产业发展 questions on Tuesday 12 May 2026 (one answered, one of them
 * solved) and one 基层治理 question. 麻绍华, the city's 产业发展 tutor, sees his topics only, those
 * waiting first, with counts per status; a question past its deadline is marked 已超时.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/question/inbox/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const TUTOR = 'demo-tutor';
let n = 0;

async function ask(topic: string, title: string, at: string): Promise<string> {
  demo.at(at);
  const r = await demo.tc.call('question.ask', { clientId: `q-inbox-${++n}-abcdefgh`, topic, title, body: '具体情况是这样的：村里想做这件事，但不知道从哪里入手。' }, CADRE);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  ids.solved = await ask('industry', '茶园采摘人手不够', '2026-05-11T09:00:00+08:00');
  ids.answered = await ask('industry', '猕猴桃销路怎么打开', '2026-05-11T10:00:00+08:00');
  ids.open = await ask('industry', '合作社分红怎么算', '2026-05-12T08:00:00+08:00');
  ids.gov = await ask('governance', '红白理事会怎么成立', '2026-05-12T08:30:00+08:00');
  for (const id of [ids.solved, ids.answered]) expect(await demo.tc.call('question.answer', { id, text: '建议先摸清情况再定方案。' }, TUTOR)).toMatchObject({ ok: true });
  expect(await demo.tc.call('question.solve', { id: ids.solved }, CADRE)).toMatchObject({ ok: true });
});

async function open(openid: string = TUTOR, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}

it('shows the tutor’s topics, waiting first, with counts per status', async () => {
  const page = await open();
  expect(page.querySelectorAll('.tab').map(textOf)).toEqual(['全部 3', '待解答 1', '已解答 1', '已解决 1']);
  const rows = page.querySelectorAll('.question').map(textOf);
  expect(rows).toHaveLength(3);
  expect(rows[0]).toBe('待解答 合作社分红怎么算 产业发展 · 十八洞村 蒋文博 5月12日 08:00 提问 应在 5月14日 18:00 前解答');
  expect(rows.join('\n')).not.toContain('红白理事会');

  await tap(page, '#tab-solved');
  await waitFor(() => page.data.status === 'ok' && page.data.tab === 'solved', 'the solved');
  expect(page.querySelectorAll('.question').map(textOf)).toEqual([expect.stringContaining('已解决 茶园采摘人手不够')]);
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#question-0');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/work/question/detail/index?id=${ids.solved}` }));
});

it('marks a question past its deadline', async () => {
  demo.at('2026-05-15T09:00:00+08:00');
  const page = await open(TUTOR, { status: 'open' });
  expect(page.data.tab).toBe('open');
  expect(page.querySelectorAll('.question').map(textOf)).toEqual([expect.stringMatching(/^待解答 已超时 合作社分红怎么算/)]);
});

it('says so with nothing to answer, and refuses someone who is not a tutor', async () => {
  demo.at('2026-05-12T10:00:00+08:00');
  await demo.tc.call('question.answer', { id: ids.open, text: '按出资比例和交易量各占一半。' }, TUTOR);
  const page = await open(TUTOR, { status: 'open' });
  expect(textOf(el(page, '#empty'))).toBe('没有待解答的问题');
  expect(textOf(el(await open(CADRE), '#not-tutor'))).toBe('只有驻村辅导师可以解答问题');
});
