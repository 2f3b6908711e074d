/**
 * 民主测评管理 against a real local cloud seeded with the demo county: 龙小燕 (双龙镇) opens
 * 十八洞村's survey, a villager answers it, she reads the results (aggregates only) and closes it.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { asVillager } from '../../../../testing/village';
import { el, openPage, tap, textOf, waitFor } from '../../../../testing/simulate';

const PAGE = 'pages/assess/survey/manage/index';
const demo = useDemoCloud();
const ready = (p: any) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.listStatus === 'ok' && p.data.units.length > 0));

it('opens a village’s survey, shows its results and closes it', async () => {
  demo.loginAs(DEMO.townStaff);
  const page = await openPage(PAGE, { unitId: 'vil-shibadong' }, ready);
  expect(textOf(el(page, '#open-form'))).toContain('发起十八洞村的民主测评');
  expect(textOf(el(page, '#closes-text'))).toBe('2026-05-26 ▾');
  expect(textOf(el(page, '#empty'))).toBe('2026年还没有民主测评');
  await tap(page, '#open');
  await waitFor(() => !page.data.opening && page.data.items.length === 1, 'the survey');
  expect(textOf(el(page, '#notice'))).toContain('已发起十八洞村的民主测评');
  expect(textOf(el(page, '#survey-0'))).toContain('十八洞村 进行中 截止 5月26日 · 已收到 0 份');
  // A second one while it runs is refused.
  await tap(page, '#open');
  await waitFor(() => !page.data.opening, 'the refusal');
  expect(textOf(el(page, '#form-error'))).toBe('十八洞村已有正在进行的民主测评（2026-05-26截止）');

  const surveyId = page.data.items[0].id;
  await asVillager(demo.tc, DEMO.villager);
  const open = (await demo.tc.call('assessment.openSurveys', { villageId: 'vil-shibadong' }, DEMO.villager)).data;
  const ratings = open.surveys[0].cadres.map((c: any) => ({ personId: c.personId, overall: c.name === '蒋文博' ? 'satisfied' : 'basicallySatisfied', comment: c.name === '蒋文博' ? '常来组里' : '' }));
  expect(await demo.tc.call('assessment.answer', { surveyId, ratings }, DEMO.villager)).toMatchObject({ ok: true });

  await tap(page, '#view-0');
  await waitFor(() => page.data.viewStatus === 'ok', 'the results');
  expect(textOf(el(page, '#responses'))).toBe('共收到 1 份评价');
  const jiang = page.data.viewRows.findIndex((r: { name: string }) => r.name.startsWith('蒋文博'));
  expect(textOf(el(page, `#result-${jiang}`))).toBe('蒋文博（第一书记） 满意 1 · 基本满意 0 · 不满意 0 满意率 100.0% · 得分 100.0 “常来组里”');
  await tap(page, '#close');
  await waitFor(() => !page.data.closing && !page.data.viewOpen, 'the close');
  expect(textOf(el(page, '#notice'))).toBe('十八洞村的民主测评已结束');
  await waitFor(() => page.data.items[0]?.open === false, 'the list again');
  expect(textOf(el(page, '#survey-0'))).toContain('十八洞村 已结束 截止 5月26日 · 已收到 1 份');
});

it('offers to open a survey only on a village', async () => {
  demo.loginAs(DEMO.townStaff);
  const page = await openPage(PAGE, {}, ready);
  expect(page.querySelector('#open-form')).toBeUndefined();
  expect(textOf(el(page, '#pick-village'))).toBe('选择到村，可以发起该村的民主测评。');
});

it('refuses someone who is not staff', async () => {
  demo.loginAs(DEMO.cadre);
  const page = await openPage(PAGE);
  expect(textOf(el(page, '#forbidden'))).toBe('只有组织部门的同志可以管理民主测评');
});
