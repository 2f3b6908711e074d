/**
 * A session's attendance against a real local cloud seeded with the demo county: the county's
 * 任前培训 on 20 May 2026, 09:00—11:30, four cadres enrolled; 蒋文博 checked in at 08:45, 胡志强
 * at 09:20 (late). During the session the rest are 未签到; after it, 缺席. 保靖县's staff cannot see it.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/training/attendance/index';
const demo = useDemoCloud();
const VENUE = { lat: 28.5717, lng: 109.4822 };
let session = '';

async function checkin(openid: string, at: string) {
  demo.at(at);
  const r = await demo.tc.call('training.checkin', { sessionId: session, clientId: `att-${openid}-abcdefgh`, lat: VENUE.lat + 0.001, lng: VENUE.lng, accuracy: 20, capturedAt: new Date(Date.parse(at) - 5000).toISOString() }, openid);
  expect(r).toMatchObject({ ok: true });
}

beforeAll(async () => {
  const c = await demo.tc.call('training.createCourse', { unitId: 'county-huayuan', clientId: 'training-att-1-abcdefgh', name: '驻村第一书记任前培训', kind: 'preService' }, DEMO.countyStaff);
  const s = await demo.tc.call('training.addSession', { courseId: c.data.id, clientId: 'training-att-2-abcdefgh', date: '2026-05-20', start: '09:00', end: '11:30', placeName: '花垣县委党校报告厅', venue: VENUE }, DEMO.countyStaff);
  session = s.data.id;
  expect(await demo.tc.call('training.enrol', { sessionId: session, personIds: ['p-fs-shibadong', 'p-fs-aimen', 'p-fs-jinlong', 'p-tm-shibadong-1'] }, DEMO.countyStaff)).toMatchObject({ ok: true, data: { added: 4 } });
  await checkin(DEMO.cadre, '2026-05-20T08:45:00+08:00');
  await checkin('demo-fs-aimen', '2026-05-20T09:20:00+08:00');
});

async function open(openid: string = DEMO.countyStaff): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { sessionId: session });
}

it('shows who checked in, late or not yet during the session, and reads again', async () => {
  demo.at('2026-05-20T10:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('驻村第一书记任前培训（任前培训）');
  expect(textOf(el(page, '#line'))).toBe('2026年5月20日 09:00—11:30 · 花垣县委党校报告厅');
  expect(textOf(el(page, '#counts'))).toBe('报名 4 人 · 已签到 1 人 · 迟到 1 人 · 未签到 2 人');
  const rows = page.querySelectorAll('.list-item').map(textOf);
  expect(rows).toContain('蒋文博 十八洞村 已签到 08:45（距培训地点 111 米）');
  expect(rows).toContain('胡志强 隘门村 迟到 09:20（距培训地点 111 米）');
  expect(rows).toContain('欧阳靖 金龙村 未签到');
  await checkin('demo-fs-jinlong', '2026-05-20T10:05:00+08:00');
  await tap(page, '#refresh');
  await waitFor(() => !page.data.refreshing, 'the refresh');
  expect(textOf(el(page, '#counts'))).toBe('报名 4 人 · 已签到 1 人 · 迟到 2 人 · 未签到 1 人');
});

it('counts the absent once the session has ended', async () => {
  demo.at('2026-05-20T12:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#counts'))).toBe('报名 4 人 · 已签到 1 人 · 迟到 2 人 · 缺席 1 人');
  expect(page.querySelectorAll('.list-item').map(textOf)).toContain('石婷 十八洞村 缺席');
  expect(page.querySelector('#refresh')).toBeUndefined();
});

it('keeps the attendance from staff of another county', async () => {
  const page = await open('demo-bj-staff');
  expect(textOf(el(page, '#forbidden'))).toBe('您不能查看这次培训的签到情况');
});
