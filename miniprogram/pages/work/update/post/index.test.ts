/**
 * 发布工作动态 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 石慧敏 (花垣县) posts a briefing with photos on behalf of a dispatching unit (once through a
 * lost answer, photos uploaded once into her folder), 向晓岚 (the city) posts one about 保靖县,
 * and each counts for its district's week.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/update/post/index';
const demo = useDemoCloud();

const CITY = 'demo-city-staff-xiang';
const BODY = '本周组织驻村第一书记集中培训，围绕产业发展和基层治理开展交流。';

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = { unitId: 'county-huayuan' }): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.unitStatus !== 'loading' && p.data.units.length > 0)), 'the form');
}

const submitted = (page: Rendered) => waitFor(() => !page.data.submitting, 'workUpdate.post');
const count = async (districtId: string, openid = CITY) =>
  (await demo.tc.call('workUpdate.figure', { unitId: 'city-xiangxi', week: '2026-W20' }, openid)).data.districts.find((d: { id: string }) => d.id === districtId).weeks[0].count as number;

it('posts a briefing with photos and a dispatching unit, once through a lost answer, and goes to the list', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  // A county's post counts for itself: no district to pick.
  expect(page.querySelector('#district')).toBeUndefined();
  await tap(page, '#submit');
  expect(textOf(el(page, '#form-error'))).toBe('请填写标题（至少 2 个字）');
  await type(page, '#title', '花垣县人民医院义诊进村');
  await type(page, '#body', '义诊');
  await tap(page, '#submit');
  expect(textOf(el(page, '#form-error'))).toBe('请填写正文（至少 5 个字）');
  await type(page, '#body', BODY);
  expect(textOf(el(page, '#count'))).toBe(`${BODY.length} / 5000 字`);
  await type(page, '#dispatching-unit', '花垣县人民医院');
  demo.device.media = ['wxfile://tmp/clinic-1.jpg', 'wxfile://tmp/clinic-2.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 2, 'the photos');

  const before = await count('county-huayuan');
  const sent = loseFirstAnswer('workUpdate.post');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。写的内容还在，请再点“发布”');
  await tap(page, '#submit');
  await submitted(page);
  expect(redirectTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/work/update/list/index?unitId=county-huayuan' }));
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  expect(await count('county-huayuan')).toBe(before + 1);
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([
    expect.stringMatching(/^workupdates\/p-hy-staff\/[A-Za-z0-9_-]+-[a-z0-9]+-0\.jpg$/),
    expect.stringMatching(/^workupdates\/p-hy-staff\/[A-Za-z0-9_-]+-[a-z0-9]+-1\.jpg$/),
  ]);
  const list = await demo.tc.call('workUpdate.list', { unitId: 'county-huayuan' }, DEMO.countyStaff);
  expect(list.data.items[0]).toMatchObject({ title: '花垣县人民医院义诊进村', dispatchingUnit: '花垣县人民医院', photos: 2, week: '2026-W20' });
});

it('lets the city post about one of its districts, counted for that district', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open(CITY, {});
  expect(textOf(el(page, '#unit-name'))).toBe('湘西土家族苗族自治州 ▾');
  expect(page.data.districtNames).toEqual(['不指定（全市）', ...page.data.districts.map((d: { name: string }) => d.name)]);
  await pick(page, '#district', page.data.districtNames.indexOf('保靖县'));
  expect(textOf(el(page, '#district-name'))).toBe('保靖县 ▾');
  await type(page, '#title', '州财政局帮扶保靖县产业项目');
  await type(page, '#body', BODY);
  const before = await count('county-baojing');
  await tap(page, '#submit');
  await submitted(page);
  expect(redirectTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/work/update/list/index?unitId=city-xiangxi' }));
  expect(await count('county-baojing')).toBe(before + 1);
});

it('refuses a village, a unit out of scope, and anyone but staff', async () => {
  const town = await open(DEMO.townStaff, { unitId: 'vil-shibadong' });
  expect(textOf(el(town, '#unit-error'))).toBe('工作动态按市、县（区）、乡镇（街道）发布，请选择本单位');
  // Picking their township makes it right.
  await pick(town, '#unit', town.data.units.findIndex((u: { id: string }) => u.id === 'town-shuanglong'));
  await waitFor(() => town.data.unitStatus === 'ok', '双龙镇');
  expect(town.querySelector('#unit-error')).toBeUndefined();
  expect(textOf(el(await open(DEMO.townStaff, { unitId: 'county-huayuan' }), '#unit-error'))).not.toBe('');
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有组织部门的同志可以发布工作动态');
});
