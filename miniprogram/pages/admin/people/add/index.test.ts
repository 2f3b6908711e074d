/** Adding a person, against a real local cloud seeded with the demo county. */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/people/add/index';
const demo = useDemoCloud();

async function open(query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(DEMO.countyStaff);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading', 'the units');
  return page;
}

async function fill(page: Rendered, name: string, phone: string, title = ''): Promise<void> {
  await type(page, '#name', name);
  await type(page, '#phone', phone);
  if (title) await type(page, '#title', title);
}

it('adds a villager to the village it was opened for, then shows their page', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open({ unitId: 'vil-paibi' });
  expect(textOf(el(page, '#unit'))).toBe('花垣县 / 双龙镇 / 排碧村 · 村（社区） ▾');
  // A village's roles: no organisation-department roles there.
  expect(page.data.roleLabels).toEqual(['暂不设置', '村群管理员', '村民']);

  await fill(page, '田桂香', '13900004001', '村民');
  await pick(page, '#role', 2);
  await tap(page, '#save');
  await waitFor(() => redirectTo.mock.calls.length > 0, 'the detail page');
  const url = String((redirectTo.mock.calls[0]![0] as { url: string }).url);
  expect(url).toMatch(/^\/pages\/admin\/people\/detail\/index\?id=p-[0-9a-f]+$/);
  const id = url.split('id=')[1]!;
  expect(await demo.tc.call('people.get', { id }, DEMO.countyStaff)).toMatchObject({
    ok: true,
    data: { name: '田桂香', phone: '13900004001', title: '村民', orgUnitId: 'vil-paibi', bound: false, grants: [{ role: 'villager', orgUnitId: 'vil-paibi' }] },
  });
});

it('offers the roles of the chosen unit’s level', async () => {
  const page = await open();
  // The staff member's own county comes first.
  expect(textOf(el(page, '#unit'))).toBe('花垣县 · 县（区） ▾');
  expect(page.data.roleLabels).toEqual(['暂不设置', '组织部门', '请假审批', '纪检监察', '职能部门', '驻村辅导师']);
  await pick(page, '#unit', (page.data.unitLabels as string[]).findIndex((l) => l.endsWith('十八洞村 · 村（社区）')));
  expect(page.data.roleLabels).toEqual(['暂不设置', '村群管理员', '村民']);
});

it('checks the form, and shows the server’s reason for refusing', async () => {
  const page = await open({ unitId: 'vil-jinlong' });
  await tap(page, '#save');
  expect(el(page, '#form-error').dom!.textContent).toBe('请填写姓名（2 到 20 个字）');
  await fill(page, '石大山', '1390000');
  await tap(page, '#save');
  expect(el(page, '#form-error').dom!.textContent).toBe('请填写 11 位手机号码');

  // 13800000025 is 蒋文博's.
  await type(page, '#phone', '13800000025');
  await tap(page, '#save');
  await waitFor(() => !page.data.saving, 'people.add');
  expect(el(page, '#form-error').dom!.textContent).toBe('该手机号已登记过人员');
});
