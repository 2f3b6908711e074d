/**
 * 暗访通报 (the list) against a real local cloud seeded with the demo county, on Tuesday 12 May
 * 2026: two inspections of 十八洞村 reported to 花垣县, one of 夯沙村 to 保靖县. 石慧敏 (花垣县)
 * sees her county's two, unsigned first; signing one moves it to 已签收; 向晓岚 (the city) sees
 * every county's; a township's staff is told reports go to the county.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/inspection/reports/index';
const demo = useDemoCloud();
const CITY = 'demo-city-staff-xiang';
const SHIBADONG = ['p-fs-shibadong', 'p-tm-shibadong-1', 'p-tm-shibadong-2'];

let first = '';
beforeAll(async () => {
  demo.at('2026-05-12T09:00:00+08:00');
  const a = await demo.tc.call('inspection.record', { clientId: 'page-reports-00001', villageId: 'vil-shibadong', marks: SHIBADONG.map((personId) => ({ personId, status: 'absent' })), findings: '村部大门紧锁，无人在岗。' }, DEMO.townStaff);
  first = a.data.id;
  demo.at('2026-05-12T09:30:00+08:00');
  await demo.tc.call('inspection.record', { clientId: 'page-reports-00002', villageId: 'vil-shibadong', marks: SHIBADONG.map((personId) => ({ personId, status: 'present' })), findings: '驻村工作队全员在村部办公。' }, DEMO.countyStaff);
  await demo.tc.call('inspection.record', { clientId: 'page-reports-00003', villageId: 'vil-hangsha', marks: ['p-fs-hangsha', 'p-tm-hangsha'].map((personId) => ({ personId, status: 'present' })), findings: '夯沙村驻村工作队在岗。' }, 'demo-bj-staff');
});

const open = (openid: string) => {
  demo.loginAs(openid);
  return openPage(PAGE, {}, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.listStatus !== 'loading'));
};
const listed = (page: Rendered) => waitFor(() => page.data.listStatus === 'ok', 'the list');
const reports = (page: Rendered) => page.querySelectorAll('.report-item').map(textOf);

it('shows the county its unsigned reports, newest first, and the signed ones after signing', async () => {
  const page = await open(DEMO.countyStaff);
  expect(textOf(el(page, '#unit-title'))).toBe('花垣县');
  expect(textOf(el(page, '#unread'))).toBe('未签收 2 份');
  expect(reports(page)).toEqual([
    '十八洞村 · 双龙镇 全员在岗 5月12日 09:30 · 石慧敏（花垣县委组织部） 驻村干部 3 人：在岗 3 · 不在岗 0 · 请假 0 未签收',
    '十八洞村 · 双龙镇 驻村团队不在岗 5月12日 09:00 · 龙小燕（双龙镇党委组织部） 驻村干部 3 人：在岗 0 · 不在岗 3 · 请假 0 不在岗：蒋文博、龙俊杰、石婷 未签收',
  ]);
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#report-1');
  expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: `/pages/inspection/detail/index?id=${first}` }));

  expect(await demo.tc.call('inspection.acknowledge', { id: first }, DEMO.countyStaff)).toMatchObject({ ok: true });
  const again = await open(DEMO.countyStaff);
  expect(textOf(el(again, '#unread'))).toBe('未签收 1 份');
  expect(reports(again)).toHaveLength(1);
  await tap(again, '#filter-acknowledged');
  await listed(again);
  expect(reports(again)).toEqual([expect.stringMatching(/^十八洞村 · 双龙镇 驻村团队不在岗 .* 已签收$/)]);
  await tap(again, '#filter-all');
  await listed(again);
  expect(reports(again)).toHaveLength(2);
});

it('shows the city every county’s reports, and a county picked', async () => {
  const page = await open(CITY);
  await tap(page, '#filter-all');
  await listed(page);
  expect(reports(page).map((r) => r.split(' ')[0])).toEqual(['夯沙村', '十八洞村', '十八洞村']);
  expect(page.querySelector('#unit')).toBeUndefined();
});

it('tells a township’s staff that reports go to the county, and refuses a cadre', async () => {
  expect(textOf(el(await open(DEMO.townStaff), '#no-unit'))).toBe('暗访通报按县（区）签收');
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有组织部门的同志可以查看暗访通报');
});
