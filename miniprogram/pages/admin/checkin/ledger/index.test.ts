/**
 * The location ledger against a real local cloud seeded with the demo county: on Tuesday
 * morning 蒋文博 checks in inside 十八洞村 and 石婷 from far away; 龙小燕 of 双龙镇 opens the
 * ledger, filters it, and 蒋文博 then sees that she looked.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/checkin/ledger/index';
const VIEWERS = 'pages/checkin/viewers/index';
const demo = useDemoCloud();
const MORNING = '2026-05-12T09:00:00+08:00';

beforeAll(async () => {
  demo.tc.cloud.clock.set(MORNING, { frozen: true });
  const { data: unit } = await demo.tc.call('org.getUnit', { id: 'vil-shibadong' }, DEMO.townStaff);
  const fix = (clientId: string, dLat: number) => ({ clientId, lat: unit.center.lat + dLat, lng: unit.center.lng, accuracy: 18, capturedAt: new Date(MORNING).toISOString() });
  expect(await demo.tc.call('checkin.submit', fix('ledger-test-inside', 0), DEMO.cadre)).toMatchObject({ ok: true, data: { inside: true } });
  expect(await demo.tc.call('checkin.submit', fix('ledger-test-outside', 0.05), 'demo-tm-shibadong-1')).toMatchObject({ ok: true, data: { inside: false } });
});

beforeEach(() => demo.tc.cloud.clock.set('2026-05-12T09:30:00+08:00', { frozen: true }));

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || page.data.ledgerStatus !== 'loading'), 'the ledger');
  return page;
}

const names = (page: Rendered) => page.querySelectorAll('.cadre .item-name').map((n) => textOf(n).split(' ')[0]);

it('lists the township’s cadres with their windows, on a map, and records the look', async () => {
  const page = await open();
  expect(el(page, '#unit-name').dom!.textContent).toBe('双龙镇 ▾');
  expect(el(page, '#date-text').dom!.textContent).toBe('2026年5月12日 ▾');

  const jiang = textOf(el(page, '#cadre-p-fs-shibadong'));
  expect(jiang).toContain('蒋文博 十八洞村');
  expect(jiang).toContain('上午 已签到');
  expect(jiang).toContain('下午 未开始');
  expect(jiang).toContain('09:00 在村内');
  const shi = textOf(el(page, '#cadre-p-tm-shibadong-1'));
  expect(shi).toContain('上午 不在村内');
  expect(shi).toMatch(/09:00 不在村内（约 \d+\.\d 公里）/);
  expect(shi).toContain('不在村内范围：在围栏外约');
  expect(el(page, '#summary').dom!.textContent).toMatch(/^共 \d+ 名驻村干部：已签到 1 人，未签到 \d+ 人，不在范围 1 人，有风险提示 1 人$/);

  // Green inside, red outside, and the villages' fences.
  const markers = page.data.map.markers as { iconPath: string; callout: { content: string } }[];
  expect(markers.map((m) => [m.iconPath, m.callout.content.split(' ')[0]]).sort()).toEqual([
    ['/pages/admin/checkin/marker-in.png', '蒋文博'],
    ['/pages/admin/checkin/marker-out.png', '石婷'],
  ]);
  expect(page.data.map.polygons.length + page.data.map.circles.length).toBeGreaterThan(0);
  expect(page.data.map.includePoints).toHaveLength(2);

  // 蒋文博 can see that 龙小燕 looked at his location.
  demo.loginAs(DEMO.cadre);
  const viewers = render(VIEWERS);
  await waitFor(() => viewers.data.status === 'ok', 'checkin.viewers');
  const first = textOf(viewers.querySelectorAll('.viewer')[0]!);
  expect(first).toBe('龙小燕 2026年5月12日 星期二 09:30 查看了位置共享台账 2026-05-12 位置共享台账');
});

it('filters: 未签到, 不在范围, 有风险提示, 全部', async () => {
  const page = await open();
  const all = names(page).length;
  expect(textOf(el(page, '#filter-all'))).toBe(`全部 ${all}`);
  await tap(page, '#filter-outside');
  expect(names(page)).toEqual(['石婷']);
  await tap(page, '#filter-flagged');
  expect(names(page)).toEqual(['石婷']);
  await tap(page, '#filter-absent');
  expect(names(page)).not.toContain('蒋文博');
  expect(names(page)).not.toContain('石婷');
  expect(names(page).length).toBe(all - 2);
  await tap(page, '#filter-all');
  expect(names(page).length).toBe(all);
});

it('opens a cadre’s month, another day and another unit', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open(DEMO.countyStaff, { unitId: 'town-shuanglong', date: '2026-05-12' });
  await tap(page, '#cadre-p-fs-shibadong');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/checkin/person/index?personId=p-fs-shibadong&month=2026-05&name=%E8%92%8B%E6%96%87%E5%8D%9A' }));

  // The day before: nobody checked in.
  await pick(page, '#date', '2026-05-11');
  await waitFor(() => page.data.ledgerStatus === 'ok' && page.data.date === '2026-05-11', 'the other day');
  expect(textOf(el(page, '#cadre-p-fs-shibadong'))).toContain('上午 未签到 下午 未签到');

  // The county's units are in the picker: 十八洞村 alone.
  await waitFor(() => page.data.units.length > 3, 'the units');
  const i = page.data.units.findIndex((u: { id: string }) => u.id === 'vil-shibadong');
  await pick(page, '#unit', i);
  await waitFor(() => page.data.ledgerStatus === 'ok' && page.data.unitId === 'vil-shibadong', 'the village');
  expect(names(page).sort()).toEqual(['石婷', '蒋文博', '龙俊杰'].sort());
});

it('is only for organisation staff', async () => {
  const page = await open(DEMO.cadre);
  expect(el(page, '#forbidden').dom!.textContent).toBe('只有组织部门的同志可以查看位置共享台账');
});
