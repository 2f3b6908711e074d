/**
 * 走访小组 against a real local cloud with the demo county: 十八洞村's 第一组 (蒋文博 and 石婷, 龙书记)
 * covering three households with May's plan; its first secretary tries a second group with a cadre
 * already in 第一组 (the server refuses, and the page says why), gives 第一组 another household,
 * and renames the auxiliary member; the plan button opens the group's plan. A team member reads.
 */
import { useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import { FS, seedVisits, TM2, TOWN } from '../../../testing/visit';
import type { SeededVisits } from '../../../testing/visit';

const PAGE = 'pages/visit/groups/index';
const demo = useDemoCloud();
let seeded: SeededVisits;

beforeAll(async () => {
  seeded = await seedVisits(demo.tc);
});

async function open(openid: string) {
  demo.loginAs(openid);
  return openPage(PAGE, { villageId: 'vil-shibadong' });
}

it('shows the groups with their households and plan, and refuses a cadre in two groups', async () => {
  const page = await open(FS);
  expect(textOf(el(page, '#group-0'))).toContain('第一组 团队成员 蒋文博、石婷 辅助成员 龙书记 包干农户 3 户');
  expect(textOf(el(page, '#plan-0'))).toBe('计划 2 户，已走访 1 户');
  expect(textOf(el(page, '#uncovered'))).toBe('2 户');
  await tap(page, '#new');
  expect(page.data.name).toBe('第2组');
  const names = page.data.candidates.map((c: { label: string }) => c.label);
  await tap(page, `#candidate-${names.findIndex((n: string) => n.startsWith('龙俊杰'))}`);
  await tap(page, '#save');
  expect(textOf(el(page, '#form-error'))).toBe('请选2名团队成员（现在选了1名）');
  await tap(page, `#candidate-${names.findIndex((n: string) => n.startsWith('蒋文博'))}`);
  await type(page, '#aux', '施大姐');
  await tap(page, '#save');
  await waitFor(() => !page.data.saving, 'the refusal');
  expect(textOf(el(page, '#form-error'))).toBe('该干部已在本村“第一组”中，一人只能参加一个小组');
  await tap(page, '#cancel');
});

it('gives a group another household and renames its auxiliary member', async () => {
  const go = jest.spyOn(wx, 'navigateTo');
  const page = await open(FS);
  await tap(page, '#assign-0');
  await waitFor(() => page.data.pickable.length === 2, 'the free households');
  await tap(page, '#pick-0');
  await tap(page, '#save-assign');
  await waitFor(() => page.data.uncovered === 1, 'the assignment');
  expect(textOf(el(page, '#group-0'))).toContain('包干农户 4 户');
  await tap(page, '#edit-0');
  await type(page, '#aux', '龙支书');
  await tap(page, '#save');
  await waitFor(() => !page.data.editing && textOf(el(page, '#group-0')).includes('龙支书'), 'the renamed auxiliary');
  await tap(page, '#plan-btn-0');
  expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/visit/plan/index?villageId=vil-shibadong&groupId=${seeded.groupId}` }));
});

it('lets a team member and staff read; only keepers set groups up', async () => {
  expect((await open(TM2)).querySelector('#new')).toBeUndefined();
  expect((await open(TOWN)).querySelector('#new')).toBeTruthy();
});
