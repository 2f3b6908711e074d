/**
 * One cadre's month against a real local cloud: 蒋文博 checks in at the village, then two
 * minutes later 6 km away (flagged); 龙小燕 of 双龙镇 reads the month and marks the flagged
 * check-in reviewed with a comment.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/checkin/person/index';
const demo = useDemoCloud();

beforeAll(async () => {
  const { data: unit } = await demo.tc.call('org.getUnit', { id: 'vil-shibadong' }, DEMO.townStaff);
  const checkIn = async (at: string, clientId: string, dLat: number) => {
    demo.tc.cloud.clock.set(at, { frozen: true });
    const r = await demo.tc.call('checkin.submit', { clientId, lat: unit.center.lat + dLat, lng: unit.center.lng, accuracy: 20, capturedAt: new Date(at).toISOString() }, DEMO.cadre);
    expect(r.ok).toBe(true);
  };
  await checkIn('2026-05-12T09:00:00+08:00', 'person-test-1', 0);
  await checkIn('2026-05-12T09:02:00+08:00', 'person-test-2', 0.055);
});

async function open(query: Record<string, string>, openid: string = DEMO.townStaff): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading', 'checkin.history');
  return page;
}

it('lists the month by day with the flags, on a map; a flagged check-in is marked reviewed', async () => {
  const page = await open({ personId: 'p-fs-shibadong', month: '2026-05', name: '蒋文博' });
  expect(el(page, '#person-name').dom!.textContent).toBe('蒋文博');
  expect(el(page, '#month-text').dom!.textContent).toBe('2026年5月 ▾');
  expect(el(page, '#summary').dom!.textContent).toBe('本月签到 2 次，不在村内 1 次，待核实的风险提示 1 次');
  const day = textOf(page.querySelectorAll('.day')[0]!);
  expect(day).toMatch(/^2026年5月12日 09:02 上午 不在村内（约 5\.\d 公里） 定位精度约 20 米 /);
  expect(day).toContain('不在村内范围：在围栏外约');
  expect(day).toContain('与上次定位相距太远：与 05-12 09:00 的定位相距约');
  expect(day).toContain('（可能性较大）');
  expect(day).toContain('09:00 上午 在村内 定位精度约 20 米');
  expect(page.data.map.markers).toHaveLength(2);
  expect(page.querySelectorAll('.review-start')).toHaveLength(1);

  await tap(page, '.review-start');
  await tap(page, '#save-review');
  expect(el(page, '#action-error').dom!.textContent).toBe('请写下核实的情况，例如“电话核实：在村里开会”');
  await type(page, '#comment', '电话核实：到镇里开会，已报备');
  await tap(page, '#save-review');
  await waitFor(() => !page.data.saving && page.data.notice !== '', 'checkin.review');
  expect(el(page, '#notice').dom!.textContent).toBe('已标记为已核实');
  expect(textOf(page)).toContain('龙小燕 5月12日 10:00 核实：电话核实：到镇里开会，已报备');
  expect(el(page, '#summary').dom!.textContent).toContain('待核实的风险提示 0 次');
  expect(page.querySelectorAll('.review-start')).toHaveLength(0);

  // The server keeps the review; the cadre sees that his month was opened.
  const h = await demo.tc.call('checkin.history', { personId: 'p-fs-shibadong', month: '2026-05' }, DEMO.townStaff);
  expect(h.data.checkins.find((c: { review: unknown }) => c.review)).toMatchObject({ review: { byName: '龙小燕', comment: '电话核实：到镇里开会，已报备' } });
  const viewers = await demo.tc.call('checkin.viewers', {}, DEMO.cadre);
  expect(viewers.data[0]).toMatchObject({ viewerName: '龙小燕', what: 'history' });
});

it('finds the name itself, and shows an empty month', async () => {
  const page = await open({ personId: 'p-fs-shibadong', month: '2026-05' });
  await waitFor(() => page.data.name === '蒋文博', 'people.get');
  await pick(page, '#month', '2026-04');
  await waitFor(() => page.data.status === 'ok' && page.data.month === '2026-04', 'the other month');
  expect(el(page, '#empty').dom!.textContent).toBe('这个月没有签到记录');
});

it('refuses staff of another county', async () => {
  const page = await open({ personId: 'p-fs-shibadong', month: '2026-05', name: '蒋文博' }, 'demo-bj-staff');
  expect(el(page, '#error').dom!.textContent).toBe('没有权限进行此操作');
});
