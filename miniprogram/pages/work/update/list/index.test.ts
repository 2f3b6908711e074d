/**
 * 工作动态 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026
 * (2026-W20): 石慧敏 (花垣县) posted a briefing with a photo, 龙小燕 (双龙镇) one later, and the
 * city one about 保靖县 on behalf of 湘西州财政局. 石慧敏 reads 花垣县's, opens hers (its text
 * and photo) and withdraws it; 蒋文博, a cadre of 花垣县, reads the county's without it.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { uploadAs } from '../../../../testing/village';

const PAGE = 'pages/work/update/list/index';
const demo = useDemoCloud();

const CITY = 'demo-city-staff-xiang';
const BODY = '本周组织驻村第一书记集中培训，围绕产业发展和基层治理开展交流。';
let n = 0;
let county = '';
let town = '';

async function post(openid: string, input: object): Promise<string> {
  const r = await demo.tc.call('workUpdate.post', { clientId: `wu-list-${++n}-abcdefgh`, body: BODY, ...input }, openid);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id as string;
}

beforeAll(async () => {
  const photo = await uploadAs(demo.tc, DEMO.countyStaff, 'workupdates/p-hy-staff/training.jpg', Buffer.from('jpeg'));
  demo.at('2026-05-11T09:00:00+08:00');
  county = await post(DEMO.countyStaff, { unitId: 'county-huayuan', title: '花垣县开展驻村干部培训', photoFileIds: [photo] });
  demo.at('2026-05-12T09:00:00+08:00');
  town = await post(DEMO.townStaff, { unitId: 'town-shuanglong', title: '双龙镇驻村工作例会' });
  demo.at('2026-05-12T09:30:00+08:00');
  await post(CITY, { unitId: 'city-xiangxi', districtId: 'county-baojing', dispatchingUnit: '湘西州财政局', title: '州财政局帮扶保靖县产业项目' });
});

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.listStatus !== 'loading'), 'the work updates');
}

const titles = (page: Rendered) => page.querySelectorAll('.update-title').map(textOf);

it('shows staff their unit’s updates newest first, opens one with its photos, and lets its poster withdraw it', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const preview = jest.spyOn(wx, 'previewImage');
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(textOf(el(page, '#total'))).toBe('共 2 条');
  expect(titles(page)).toEqual(['双龙镇驻村工作例会', '花垣县开展驻村干部培训']);
  expect(textOf(el(page, '#update-1'))).toBe(`花垣县开展驻村干部培训 花垣县 · 5月11日 09:00 · 石慧敏 ${BODY} 1 张照片`);
  await tap(page, '#post');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/work/update/post/index?unitId=county-huayuan' }));

  // Someone else's: read, not withdrawn.
  await tap(page, '#open-0');
  await waitFor(() => page.data.opened?.id === town, 'the township’s post');
  expect(page.querySelector('#withdraw')).toBeUndefined();
  // Hers: the whole text, the photo full screen, and 撤回.
  await tap(page, '#open-1');
  await waitFor(() => page.data.opened?.id === county, 'her post');
  expect(textOf(el(page, '#body'))).toBe(BODY);
  await tap(page, '#photo-0');
  expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: [expect.stringMatching(/^http/)] }));
  await tap(page, '#withdraw');
  await tap(page, '#confirm-withdraw');
  expect(textOf(el(page, '#withdraw-error'))).toBe('请写明撤回原因（至少 2 个字）');
  await type(page, '#withdraw-reason', '内容有误，修改后重新发布');
  await tap(page, '#confirm-withdraw');
  await waitFor(() => !page.data.withdrawing && page.data.notice !== '', 'the withdrawal');
  expect(textOf(el(page, '#notice'))).toBe('已撤回：花垣县开展驻村干部培训，不再计入本周条数');
  await waitFor(() => page.data.items[1]?.withdrawn !== '', 'the list read again');
  expect(textOf(el(page, '#update-1'))).toContain('已撤回：内容有误，修改后重新发布（石慧敏 5月12日 10:00）');
});

it('shows a cadre the county’s updates, without withdrawn ones or a 发布 button', async () => {
  const page = await open(DEMO.cadre);
  expect(textOf(el(page, '#unit-title'))).toBe('花垣县工作动态');
  expect(page.querySelector('#unit')).toBeUndefined();
  expect(page.querySelector('#post')).toBeUndefined();
  expect(titles(page)).toEqual(['双龙镇驻村工作例会']);
  await tap(page, '#open-0');
  await waitFor(() => page.data.opened?.id === town, 'the post');
  expect(textOf(el(page, '#body'))).toBe(BODY);
});

it('lets the city’s staff pick a county, and marks a post about a district and its dispatching unit', async () => {
  const page = await open(CITY);
  expect(titles(page)).toEqual(['州财政局帮扶保靖县产业项目', '双龙镇驻村工作例会', '花垣县开展驻村干部培训']);
  expect(textOf(el(page, '#update-0'))).toContain('派出单位：湘西州财政局 · 关于保靖县');
  await waitFor(() => page.data.units.length > 1, 'the units');
  await pick(page, '#unit', page.data.unitLabels.indexOf('湘西土家族苗族自治州 / 保靖县'));
  await waitFor(() => page.data.unitId === 'county-baojing' && page.data.listStatus === 'ok', '保靖县');
  expect(titles(page)).toEqual(['州财政局帮扶保靖县产业项目']);
  // A township with nothing yet.
  await pick(page, '#unit', page.data.unitLabels.findIndex((l: string) => l.endsWith('吕洞山镇')));
  await waitFor(() => page.data.unitId === 'town-lvdongshan' && page.data.listStatus === 'ok', '吕洞山镇');
  expect(textOf(el(page, '#empty'))).toBe('还没有工作动态');
});

it('refuses a unit out of scope, and people who are neither staff nor cadres', async () => {
  expect(textOf(el(await open(DEMO.townStaff, { unitId: 'county-huayuan' }), '#refused'))).toBe('您不能查看这个单位的工作动态');
  expect(textOf(el(await open('demo-tutor'), '#forbidden'))).toBe('工作动态供组织部门的同志和驻村干部查看');
});
