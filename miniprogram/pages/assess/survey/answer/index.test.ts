/**
 * 民主测评 (the villager's page) against a real local cloud seeded with the demo county: 双龙镇
 * opens 十八洞村's survey; 龙金秀, a villager of 十八洞村, taps one rating per cadre and submits
 * (the server records one anonymous response); opened again, the page says she has answered. A
 * villager of another village is refused; 龙彩霞, 村群管理员 of two villages, picks hers first.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { asVillager, GROUP_ADMIN } from '../../../../testing/village';
import { el, openPage, tap, textOf, waitFor } from '../../../../testing/simulate';

const PAGE = 'pages/assess/survey/answer/index';
const demo = useDemoCloud();
let surveyId = '';

beforeAll(async () => {
  const s = await demo.tc.call('assessment.openSurvey', { villageId: 'vil-shibadong', year: '2026', clientId: 'answer-page-open-1', closesOn: '2026-05-31' }, DEMO.townStaff);
  surveyId = s.data.id;
  await asVillager(demo.tc, DEMO.villager);
  await asVillager(demo.tc, 'o-answer-page-hangsha', 'vil-hangsha');
});

it('takes one rating per cadre with a tap each, once', async () => {
  demo.loginAs(DEMO.villager);
  const page = await openPage(PAGE, { villageId: 'vil-shibadong' });
  expect(textOf(el(page, '#title'))).toBe('十八洞村驻村干部民主测评');
  const n = page.data.choices.length;
  expect(n).toBeGreaterThanOrEqual(3);
  expect(textOf(el(page, '#cadre-0'))).toContain('满意 基本满意 不满意');
  await tap(page, '#submit');
  expect(textOf(el(page, '#form-error'))).toBe(`请给${page.data.choices[0].name}选好评价，再点“提交”`);
  for (let i = 0; i < n; i++) await tap(page, `#rate-${i}-${i === 0 ? 'basicallySatisfied' : 'satisfied'}`);
  expect(textOf(el(page, '#rate-0-basicallySatisfied'))).toBe('✓基本满意');
  await tap(page, '#submit');
  await waitFor(() => page.data.status === 'done', 'the answer');
  expect(textOf(el(page, '#done'))).toBe('提交成功，谢谢您的评价！评价不记名，谁也看不到您选了什么。');
  const results = (await demo.tc.call('assessment.surveyResults', { surveyId }, DEMO.townStaff)).data;
  expect(results.responses).toBe(1);
  expect(results.cadres.find((c: any) => c.personId === page.data.choices[0].personId)).toMatchObject({ basicallySatisfied: 1, count: 1 });

  const again = await openPage(PAGE, { villageId: 'vil-shibadong' });
  expect(textOf(el(again, '#answered'))).toBe('您已参加过本次民主测评，谢谢！每人只能评价一次。');
});

it('refuses a villager of another village', async () => {
  demo.loginAs('o-answer-page-hangsha');
  const page = await openPage(PAGE, { villageId: 'vil-shibadong' });
  expect(textOf(el(page, '#not-villager'))).toBe('只有本村村民和村干部可以参加本村的民主测评，请从本村的村群卡片打开');
  const own = await openPage(PAGE, { villageId: 'vil-hangsha' });
  expect(textOf(el(own, '#none'))).toBe('夯沙村目前没有正在进行的民主测评');
});

it('lets a 村群管理员 pick their village first, and answer as a village official', async () => {
  demo.loginAs(GROUP_ADMIN);
  const page = await openPage(PAGE);
  expect(page.querySelectorAll('.big-btn').map(textOf)).toEqual(['十八洞村', '金龙村']);
  await tap(page, '#village-vil-shibadong');
  await waitFor(() => page.data.status === 'ok', 'the survey');
  for (let i = 0; i < page.data.choices.length; i++) await tap(page, `#rate-${i}-satisfied`);
  await tap(page, '#submit');
  await waitFor(() => page.data.status === 'done', 'the answer');
  expect((await demo.tc.call('assessment.surveyResults', { surveyId }, DEMO.townStaff)).data.responses).toBe(2);
});
