/**
 * 入户走访 against a real local cloud with the demo county on Tuesday 12 May 2026: 蒋文博's group
 * (第一组, with 石婷 and 龙书记), this month's plan (two planned, one visited), the households not
 * visited first, a tap opening the visit form, and the problem he raised; a team member without a
 * group is told so; someone who is not a cadre too.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf } from '../../../testing/simulate';
import { FS, seedVisits, TM2 } from '../../../testing/visit';
import type { SeededVisits } from '../../../testing/visit';

const PAGE = 'pages/visit/mine/index';
const demo = useDemoCloud();
let seeded: SeededVisits;

beforeAll(async () => {
  seeded = await seedVisits(demo.tc);
});

async function open(openid: string) {
  demo.loginAs(openid);
  return openPage(PAGE);
}

it('shows the cadre’s group, this month’s plan and the households, and opens the visit form', async () => {
  const go = jest.spyOn(wx, 'navigateTo');
  const page = await open(FS);
  expect(textOf(el(page, '#title'))).toBe('入户走访 · 十八洞村');
  expect(textOf(el(page, '#members'))).toBe('蒋文博、石婷');
  expect(textOf(el(page, '#auxiliary'))).toBe('龙书记');
  expect(textOf(el(page, '#plan-text'))).toBe('计划走访 2 户，已走访 1 户');
  expect(page.querySelector('#fulfilled')).toBeUndefined();
  const rows = page.querySelectorAll('.household').map(textOf);
  expect(rows).toHaveLength(3);
  expect(rows[0]).toContain('施成富 本月计划');
  expect(rows[2]).toContain('龙德忠 本月计划 本月已走访');
  await tap(page, '#household-0');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/visit/log/index?householdId=${seeded.households[1]}` }));
  expect(textOf(el(page, '#problem-0'))).toContain('低保年审材料交了一个多月没有结果');
  await tap(page, '#problem-0');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/visit/problem/index?id=${seeded.problemId}` }));
  // The first secretary also keeps the village's households and groups.
  await tap(page, '#to-groups');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/visit/groups/index?villageId=vil-shibadong' }));
});

it('tells a cadre without a group, and someone who is not a cadre', async () => {
  expect(textOf(el(await open(TM2), '#no-group'))).toContain('您还没有分到“2+1”走访小组');
  expect(textOf(el(await open(DEMO.townStaff), '#not-cadre'))).toBe('只有驻村干部可以入户走访');
});
