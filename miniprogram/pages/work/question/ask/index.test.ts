/**
 * 我要提问 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026: 蒋文博
 * (十八洞村) sees the topics with how many tutors take each (the city's 麻绍华 takes 产业发展 and
 * 其他), picks one, writes a title and the question, adds photos (really uploaded into his folder)
 * and submits through the real `question.ask`; the page goes on to the question. A lost answer
 * retried is one question; what the form lacks and what the server refuses show at the fields.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/question/ask/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const CADRE_ID = 'p-fs-shibadong';
const BODY = '村里新建的两百亩猕猴桃园，土壤检测pH只有4.8，叶片发黄，该怎么改良？';

async function open(openid: string = CADRE): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE);
}
const submitted = (page: Rendered) => waitFor(() => !page.data.submitting, 'the submit');
const mine = async () => (await demo.tc.call('question.mine', { limit: 50 }, CADRE)).data.items as { id: string; title: string }[];
function landedOn(redirectTo: jest.SpyInstance): string {
  const url = String((redirectTo.mock.calls.at(-1)?.[0] as { url: string }).url);
  expect(url).toMatch(/^\/pages\/work\/question\/detail\/index\?id=qn-[0-9a-f]{24}$/);
  return url.split('=')[1]!;
}

it('asks a question on a topic with photos, and lands on it', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  expect(textOf(el(page, '.page-title'))).toBe('我要提问 · 十八洞村');
  expect(textOf(el(page, '#deadline'))).toBe('辅导师一般在 2 个工作日内解答，解答后会在“驻村辅导”里看到。');
  expect(page.querySelectorAll('.choice').map(textOf)).toEqual(['产业发展 1 位辅导师', '基层治理 暂无辅导师', '政策法规 暂无辅导师', '乡村建设 暂无辅导师', '民生保障 暂无辅导师', '其他 1 位辅导师']);

  // Nothing filled: each field says what it lacks.
  await tap(page, '#submit');
  expect(textOf(el(page, '#topic-error'))).toBe('请选择问题属于哪个领域');
  expect(textOf(el(page, '#title-error'))).toBe('请写一个标题');
  expect(textOf(el(page, '#body-error'))).toBe('请写一写遇到的情况和想问的问题');
  const before = (await mine()).length;

  // A topic without tutors says so.
  await tap(page, '#topic-governance');
  expect(textOf(el(page, '#no-tutor'))).toContain('这个领域暂时没有辅导师');
  await tap(page, '#topic-industry');
  expect(page.querySelector('#no-tutor')).toBeUndefined();
  expect(textOf(el(page, '#topic-industry'))).toBe('✓ 产业发展 1 位辅导师');
  await type(page, '#title', '土壤');
  await type(page, '#body', '叶片发黄');
  await tap(page, '#submit');
  expect(textOf(el(page, '#title-error'))).toBe('标题至少4个字');
  expect(textOf(el(page, '#body-error'))).toBe('请至少写10个字，把情况说清楚');
  await type(page, '#title', '猕猴桃园土壤偏酸怎么改良');
  await type(page, '#body', BODY);
  demo.device.media = ['wxfile://tmp/soil-1.jpg', 'wxfile://tmp/soil-2.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 2, 'the photos');
  // Up to 3: one more place, then none.
  demo.device.media = ['wxfile://tmp/soil-3.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 3, 'the third photo');
  expect(page.querySelector('#add-photo')).toBeUndefined();
  await tap(page, '#remove-photo-2');

  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect(await mine()).toHaveLength(before + 1);
  const q = (await demo.tc.call('question.get', { id }, CADRE)).data;
  expect(q).toMatchObject({ title: '猕猴桃园土壤偏酸怎么改良', body: BODY, topic: 'industry', status: 'open', villageName: '十八洞村' });
  expect(q.photos).toHaveLength(2);
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([
    expect.stringMatching(new RegExp(`^questions/${CADRE_ID}/[A-Za-z0-9_-]+-[a-z0-9]+-0\\.jpg$`)),
    expect.stringMatching(new RegExp(`^questions/${CADRE_ID}/[A-Za-z0-9_-]+-[a-z0-9]+-1\\.jpg$`)),
  ]);
  // It reaches the topic's tutor.
  expect((await demo.tc.call('question.inbox', {}, 'demo-tutor')).data.items.map((i: { id: string }) => i.id)).toContain(id);
});

it('keeps one question when the answer is lost and 提交 is tapped again', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  await tap(page, '#topic-other');
  await type(page, '#title', '村里的电商服务站怎么运营');
  await type(page, '#body', '镇里建了电商服务站，但没有人会运营，该怎么找人、怎么起步？');
  const sent = loseFirstAnswer('question.ask');
  const before = (await mine()).length;
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。写的内容还在，请再点“提交”');
  expect(redirectTo).not.toHaveBeenCalled();
  await tap(page, '#submit');
  await submitted(page);
  landedOn(redirectTo);
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  expect(await mine()).toHaveLength(before + 1);
});

it('shows the server’s refusal next to its field', async () => {
  const page = await open();
  await tap(page, '#topic-industry');
  await type(page, '#title', '茶'.repeat(41));
  await type(page, '#body', BODY);
  const before = (await mine()).length;
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#title-error'))).toBe('标题最多40字');
  expect(textOf(el(page, '#form-error'))).toContain('提交的内容不符合要求');
  expect(await mine()).toHaveLength(before);
});

it('tells someone who is not a cadre', async () => {
  expect(textOf(el(await open(DEMO.countyStaff), '#not-cadre'))).toBe('只有驻村干部可以向辅导师提问');
});
