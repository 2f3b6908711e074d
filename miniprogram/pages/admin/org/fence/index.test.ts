/**
 * The fence editor against a real local cloud seeded with the demo county: the village's fence
 * on the map, taps on the map (as `<map bindtap>` reports them: latitude and longitude), the
 * radius slider, and saving through org.updateUnit.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/org/fence/index';
const demo = useDemoCloud();

async function open(id: string, openid: string = DEMO.countyStaff): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad({ id });
  await waitFor(() => page.data.status !== 'loading', 'org.getUnit');
  return page;
}

const saved = (page: Rendered) => waitFor(() => !page.data.saving, 'org.updateUnit');
const tapMap = (page: Rendered, latitude: number, longitude: number) => tap(page, '#map', { latitude, longitude });

it('shows a circle fence with its centre, and saves a moved centre and a new radius', async () => {
  const page = await open('vil-shuanglong');
  expect(el(page, '#village').dom!.textContent).toBe('双龙村');
  expect(el(page, '#summary').dom!.textContent).toBe('圆形围栏：中心 北纬 28.446482，东经 109.564545，半径 1000 米');
  expect(page.data.circles).toEqual([expect.objectContaining({ latitude: 28.446482, longitude: 109.564545, radius: 1000 })]);
  expect(page.data.markers).toEqual([expect.objectContaining({ id: 0, latitude: 28.446482, longitude: 109.564545 })]);
  expect(page.data.polygons).toEqual([]);
  expect(page.data).toMatchObject({ mapLat: 28.446482, mapLng: 109.564545 });
  expect(textOf(page)).not.toContain('有未保存的修改');

  // A tap on the map moves the centre there; the slider sets the radius.
  await tapMap(page, 28.4501234567, 109.5712345678);
  expect(page.data.circles).toEqual([expect.objectContaining({ latitude: 28.450123, longitude: 109.571235, radius: 1000 })]);
  await pick(page, '#radius-slider', 1500);
  expect(el(page, '#radius').dom!.textContent).toBe('1500');
  expect(textOf(page)).toContain('有未保存的修改');

  await tap(page, '#save');
  await saved(page);
  expect(el(page, '#notice').dom!.textContent).toBe('围栏已保存');
  expect(textOf(page)).not.toContain('有未保存的修改');
  expect(await demo.tc.call('org.getUnit', { id: 'vil-shuanglong' }, DEMO.countyStaff)).toMatchObject({
    ok: true,
    data: { fence: { kind: 'circle', center: { lat: 28.450123, lng: 109.571235 }, radiusM: 1500 }, center: { lat: 28.450123, lng: 109.571235 } },
  });
});

it('shows a polygon fence point by point; undo, clear and restore', async () => {
  const page = await open('vil-shibadong');
  expect(page.data.mode).toBe('polygon');
  expect(el(page, '#summary').dom!.textContent).toBe('多边形围栏：8 个点');
  const polygon = (page.data.polygons as { points: unknown[] }[])[0]!;
  expect(polygon.points).toHaveLength(8);
  expect(polygon.points[0]).toEqual({ latitude: 28.375188, longitude: 109.544233 });
  expect(page.data.markers).toHaveLength(8);

  await tapMap(page, 28.392, 109.55);
  expect(el(page, '#summary').dom!.textContent).toBe('多边形围栏：9 个点');
  await tap(page, '#undo');
  expect(el(page, '#summary').dom!.textContent).toBe('多边形围栏：8 个点');
  expect(textOf(page)).not.toContain('有未保存的修改');

  await tap(page, '#clear');
  expect(page.data.polygons).toEqual([]);
  await tap(page, '#save');
  expect(el(page, '#action-error').dom!.textContent).toBe('多边形围栏至少需要 3 个点，现在有 0 个，请继续在地图上沿村界点选');

  await tap(page, '#restore');
  expect(el(page, '#summary').dom!.textContent).toBe('多边形围栏：8 个点');
});

it('switches a circle to a polygon drawn by taps, and shows the server’s reason for a crossed one', async () => {
  const page = await open('vil-paibi');
  await tap(page, '#mode-polygon');
  expect(page.data.mode).toBe('polygon');
  expect(el(page, '#summary').dom!.textContent).toBe('多边形围栏：已点 0 个点，至少需要 3 个');

  // A bow tie: its edges cross.
  for (const [lat, lng] of [[28.42, 109.57], [28.43, 109.58], [28.42, 109.58], [28.43, 109.57]] as const) await tapMap(page, lat, lng);
  await tap(page, '#save');
  await saved(page);
  expect(el(page, '#action-error').dom!.textContent).toBe('围栏的边不能相互交叉');

  await tap(page, '#undo');
  expect(page.data.polyline).toEqual([]);
  await tap(page, '#save');
  await saved(page);
  expect(el(page, '#notice').dom!.textContent).toBe('围栏已保存');
  const unit = await demo.tc.call('org.getUnit', { id: 'vil-paibi' }, DEMO.countyStaff);
  expect(unit.data.fence).toEqual({ kind: 'polygon', points: [{ lat: 28.42, lng: 109.57 }, { lat: 28.43, lng: 109.58 }, { lat: 28.42, lng: 109.58 }] });

  // Back to a circle: its centre stays where it was.
  await tap(page, '#mode-circle');
  expect(page.data.circles).toHaveLength(1);
});

it('shows two points as a line until the third closes the shape', async () => {
  const page = await open('vil-dongmaku');
  await tap(page, '#mode-polygon');
  await tapMap(page, 28.40, 109.62);
  await tapMap(page, 28.41, 109.63);
  expect(page.data.polyline).toHaveLength(1);
  expect(page.data.polygons).toEqual([]);
  await tapMap(page, 28.40, 109.63);
  expect(page.data.polyline).toEqual([]);
  expect(page.data.polygons).toHaveLength(1);
});

it('refuses a unit that is not a village, and a save by someone who may not edit', async () => {
  const town = await open('town-shuanglong');
  expect(el(town, '#not-village').dom!.textContent).toBe('只有村（社区）可以设置围栏');

  const page = await open('vil-jinlong', DEMO.approver);
  await tapMap(page, 28.39, 109.61);
  await tap(page, '#save');
  await saved(page);
  expect(el(page, '#action-error').dom!.textContent).toBe('没有权限进行此操作');
});
