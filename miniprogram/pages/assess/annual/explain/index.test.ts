/**
 * 考评明细 against a real local cloud seeded with the demo county: 花垣县's 2026 computed with a
 * target of 蒋文博 scored and one survey answered; the page shows the formula, the target, the
 * survey's tally and the missing monthly scores. Staff of another county are refused.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { asVillager } from '../../../../testing/village';
import { el, openPage, textOf } from '../../../../testing/simulate';

const PAGE = 'pages/assess/annual/explain/index';
const demo = useDemoCloud();
const query = { countyId: 'county-huayuan', year: '2026', personId: 'p-fs-shibadong' };

beforeAll(async () => {
  const set = await demo.tc.call('assessment.setTarget', { personId: 'p-fs-shibadong', year: '2026', clientId: 'explain-page-set-1', text: '完成五月份全村走访', category: 'governance', weight: 100, dueMonth: '2026-05' }, DEMO.countyStaff);
  await demo.tc.call('assessment.scoreTarget', { personId: 'p-fs-shibadong', year: '2026', targetId: set.data.targets[0].id, score: 80 }, DEMO.countyStaff);
  const s = await demo.tc.call('assessment.openSurvey', { villageId: 'vil-shibadong', year: '2026', clientId: 'explain-page-open-1', closesOn: '2026-05-31' }, DEMO.townStaff);
  await asVillager(demo.tc, DEMO.villager);
  const ratings = s.data.cadres.map((c: any) => ({ personId: c.personId, overall: 'satisfied' }));
  await demo.tc.call('assessment.answer', { surveyId: s.data.id, ratings }, DEMO.villager);
  await demo.tc.call('assessment.compute', { countyId: 'county-huayuan', year: '2026' }, DEMO.countyStaff);
});

it('shows how the result was worked out', async () => {
  demo.loginAs(DEMO.countyStaff);
  const page = await openPage(PAGE, query);
  expect(textOf(el(page, '#title'))).toBe('蒋文博 · 十八洞村 · 第一书记');
  expect(textOf(el(page, '#headline'))).toMatch(/^2026年度 62\.0 分 · 全县第 1 名 · 同类第 1 名 · 基本称职$/);
  expect(textOf(el(page, '#formula'))).toBe('目标管理 80.0 × 40% + 民主测评 100.0 × 30% + 检查评价 缺项（按0分计） × 30% = 62.0');
  expect(textOf(el(page, '#target-0'))).toBe('完成五月份全村走访（乡村治理，权重 100）：80 分，完成进度 0%');
  expect(textOf(el(page, '#survey-0'))).toBe('十八洞村（进行中）：满意 1，基本满意 0，不满意 0，共 1 份');
  expect(textOf(el(page, '#months-line'))).toBe('全年没有月度考核得分');
});

it('refuses staff of another county', async () => {
  demo.loginAs('demo-bj-staff');
  const page = await openPage(PAGE, query);
  expect(textOf(el(page, '#forbidden'))).toBe('没有找到这名干部的年度考评结果，或您无权查看');
});
