/**
 * 辅导问题 · 详情 against a real local cloud seeded with the demo county, from Tuesday 12 May
 * 2026: 蒋文博 (十八洞村) asked an 产业发展 question. The city's tutor 麻绍华 answers it on the page;
 * the asker asks his one 追问, the tutor answers again, and the asker marks it 已解决 (asked once
 * more first). A question of another topic is not the tutor's; staff over the village read it
 * without acting; another cadre does not see it.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/question/detail/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const TUTOR = 'demo-tutor';
const CITY = '湘西土家族苗族自治州';
let n = 0;

async function ask(topic: string, title = '猕猴桃园土壤偏酸怎么改良'): Promise<string> {
  const r = await demo.tc.call('question.ask', { clientId: `q-detail-${++n}-abcdefgh`, topic, title, body: '村里新建的两百亩猕猴桃园，土壤检测pH只有4.8，叶片发黄，该怎么改良？' }, CADRE);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

async function open(openid: string, id: string): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id });
}
const sent = (page: Rendered) => waitFor(() => !page.data.sending, 'the step');

it('goes from the question through an answer, the follow-up and a second answer to solved', async () => {
  const id = await ask('industry');
  // The tutor answers.
  const tutor = await open(TUTOR, id);
  expect(textOf(el(tutor, '#status'))).toBe('待解答');
  expect(textOf(el(tutor, '#title'))).toBe('猕猴桃园土壤偏酸怎么改良');
  expect(textOf(el(tutor, '#asker'))).toBe('蒋文博 · 十八洞村 · 5月12日 10:00 提问');
  expect(textOf(el(tutor, '#due'))).toBe('应在 5月14日 18:00 前解答');
  expect(textOf(el(tutor, '#no-answer'))).toBe('还没有辅导师解答，请耐心等待。');
  expect(tutor.querySelector('#asker-box')).toBeUndefined();
  await tap(tutor, '#send-answer');
  expect(textOf(el(tutor, '#reply-error'))).toBe('请先写解答');
  demo.at('2026-05-12T14:00:00+08:00');
  await type(tutor, '#reply', '撒施生石灰改良酸性土壤。');
  await tap(tutor, '#send-answer');
  await sent(tutor);
  expect(textOf(el(tutor, '#entry-0'))).toBe(`解答 麻绍华 · ${CITY} · 5月12日 14:00 撒施生石灰改良酸性土壤。`);
  expect(textOf(el(tutor, '#status'))).toBe('已解答');
  expect(textOf(el(tutor, '#notice'))).toBe('解答已发出，提问的同志能看到');
  expect(tutor.data.reply).toBe('');

  // The asker asks once more.
  const asker = await open(CADRE, id);
  expect(asker.querySelector('#answer-box')).toBeUndefined();
  expect(el(asker, '#solve')).toBeDefined();
  await type(asker, '#reply', '石灰每亩撒多少合适？');
  await tap(asker, '#send-follow-up');
  await sent(asker);
  expect(textOf(el(asker, '#status'))).toBe('待解答');
  expect(textOf(el(asker, '#entry-1'))).toBe('追问 蒋文博 · 十八洞村 · 5月12日 14:00 石灰每亩撒多少合适？');
  // One follow-up only: now only 已解决.
  expect(asker.querySelector('#send-follow-up')).toBeUndefined();
  expect(el(asker, '#solve')).toBeDefined();

  const again = await open(TUTOR, id);
  await type(again, '#reply', '每亩100公斤左右。');
  await tap(again, '#send-answer');
  await sent(again);

  const done = await open(CADRE, id);
  await tap(done, '#solve');
  expect(textOf(el(done, '#solve-ask'))).toContain('确定吗？');
  await tap(done, '#solve-cancel');
  expect(done.querySelector('#solve-ask')).toBeUndefined();
  await tap(done, '#solve');
  await tap(done, '#solve-confirm');
  await sent(done);
  expect(textOf(el(done, '#status'))).toBe('已解决');
  expect(done.querySelectorAll('.entry').map((e) => textOf(e).split(' ')[0])).toEqual(['解答', '追问', '解答', '标记为已解决']);
  expect(done.querySelector('#asker-box')).toBeUndefined();
  expect(textOf(el(done, '#notice'))).toBe('已标记为已解决，谢谢');
  // Solved: the tutor has nothing more to do.
  expect((await open(TUTOR, id)).querySelector('#answer-box')).toBeUndefined();
});

it('shows the server’s refusal when the question moved on meanwhile', async () => {
  const id = await ask('industry', '茶园采摘人手不够');
  const tutor = await open(TUTOR, id);
  await demo.tc.call('question.answer', { id, text: '组织留守妇女成立采茶队。' }, TUTOR);
  await demo.tc.call('question.solve', { id }, CADRE);
  await type(tutor, '#reply', '也可以请邻村帮忙。');
  await tap(tutor, '#send-answer');
  await sent(tutor);
  await waitFor(() => tutor.data.q.statusName === '已解决', 'the question as it is now');
  expect(textOf(el(tutor, '#reply-error'))).toBe('该问题已解决');
});

it('keeps a question of another topic from the tutor, lets staff read it, and hides it from other cadres', async () => {
  const id = await ask('governance', '村规民约怎么修订');
  expect(textOf(el(await open(TUTOR, id), '#not-found'))).toBe('没有找到这个问题');
  const staff = await open(DEMO.townStaff, id);
  expect(textOf(el(staff, '#title'))).toBe('村规民约怎么修订');
  expect(staff.querySelector('#answer-box')).toBeUndefined();
  expect(staff.querySelector('#asker-box')).toBeUndefined();
  expect(textOf(el(await open('demo-tm-shibadong-1', id), '#not-found'))).toBe('没有找到这个问题');
  expect(textOf(el(await open('demo-bj-staff', id), '#not-found'))).toBe('没有找到这个问题');
});
