/**
 * 我的培训 against a real local cloud seeded with the demo county: 花垣县's 任前培训 on 20 May 2026,
 * 09:00—11:30 at the county Party school, open to the county's cadres; 蒋文博 is enrolled by the
 * county (and in a session on the 13th he missed). Before 08:30 he cannot check in; at 08:40 a fix
 * a kilometre away is refused, one at the venue is recorded; 欧阳靖 enrols himself, agrees to the
 * privacy guide on his first 签到 and is late. Afterwards the record shows present and absent.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/training/mine/index';
const demo = useDemoCloud();
const VENUE = { lat: 28.5717, lng: 109.4822 };
const JINLONG = 'demo-fs-jinlong';
let session = '';

beforeAll(async () => {
  const c = await demo.tc.call('training.createCourse', { unitId: 'county-huayuan', clientId: 'training-mine-1-abcdefgh', name: '驻村第一书记任前培训', kind: 'preService' }, DEMO.countyStaff);
  const s = await demo.tc.call('training.addSession', { courseId: c.data.id, clientId: 'training-mine-2-abcdefgh', date: '2026-05-20', start: '09:00', end: '11:30', placeName: '花垣县委党校报告厅', venue: VENUE, radiusM: 300, openToUnit: true }, DEMO.countyStaff);
  session = s.data.id;
  const early = await demo.tc.call('training.addSession', { courseId: c.data.id, clientId: 'training-mine-3-abcdefgh', date: '2026-05-13', start: '09:00', end: '10:00', placeName: '花垣县委党校报告厅', venue: VENUE }, DEMO.countyStaff);
  for (const id of [session, early.data.id]) expect(await demo.tc.call('training.enrol', { sessionId: id, personIds: ['p-fs-shibadong'] }, DEMO.countyStaff)).toMatchObject({ ok: true });
});

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE);
}
const answered = (page: Rendered) => waitFor(() => page.data.busyId === '', 'the answer');

it('does not check in before the window opens', async () => {
  demo.at('2026-05-20T08:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#upcoming-0'))).toBe('驻村第一书记任前培训（任前培训） 2026年5月20日 09:00—11:30 · 花垣县委党校报告厅 未签到 · 5月20日 08:30 起可签到');
  expect(page.querySelector('#checkin-0')).toBeUndefined();
  expect(page.querySelector('#open-0')).toBeUndefined();
});

it('refuses a fix away from the venue, and records one at it', async () => {
  demo.at('2026-05-20T08:40:00+08:00');
  const page = await open();
  demo.device.location = { latitude: VENUE.lat + 0.009, longitude: VENUE.lng, accuracy: 20 };
  await tap(page, '#checkin-0');
  await answered(page);
  expect(textOf(el(page, '#result-0'))).toMatch(/^您不在培训地点（距离约(99\d|100\d)米，需在300米以内），请到培训地点后再签到$/);
  demo.device.location = { latitude: VENUE.lat + 0.001, longitude: VENUE.lng, accuracy: 20 };
  await tap(page, '#checkin-0');
  await answered(page);
  expect(textOf(el(page, '#result-0'))).toBe('签到成功：已签到（距培训地点约 111 米）');
  await waitFor(() => page.data.upcoming[0]?.done, 'the list read again');
  expect(textOf(el(page, '#state-0'))).toBe('已签到 5月20日 08:40');
  expect(page.querySelector('#checkin-0')).toBeUndefined();
  expect(demo.device.locationCalls[0]).toMatchObject({ type: 'gcj02', isHighAccuracy: true });
});

it('lets a cadre enrol in a session open to the county, and check in after agreeing to the privacy guide', async () => {
  demo.at('2026-05-20T09:20:00+08:00');
  const page = await open(JINLONG);
  expect(textOf(el(page, '#open-0'))).toBe('驻村第一书记任前培训（任前培训） · 花垣县 2026年5月20日 09:00—11:30 · 花垣县委党校报告厅 报名');
  await tap(page, '#join-0');
  await answered(page);
  expect(textOf(el(page, '#notice'))).toBe('已报名：驻村第一书记任前培训，2026年5月20日 09:00—11:30 · 花垣县委党校报告厅');
  await waitFor(() => page.data.upcoming.length === 1, 'the session');
  demo.device.privacyNeeded = true;
  demo.device.location = { latitude: VENUE.lat, longitude: VENUE.lng + 0.001, accuracy: 30 };
  await tap(page, '#checkin-0');
  await waitFor(() => page.data.privacyOpen, 'the privacy dialog');
  expect(textOf(el(page, '#privacy'))).toContain('培训签到需要获取您现在的位置');
  demo.device.privacyNeeded = false;
  el(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization', {});
  await answered(page);
  expect(textOf(el(page, '#result-0'))).toMatch(/^签到成功：迟到（距培训地点约 \d+ 米）$/);
});

it('shows the training record: present, and absent from the session missed', async () => {
  demo.at('2026-05-21T10:00:00+08:00');
  const page = await open();
  expect(textOf(el(page, '#no-upcoming'))).toBe('没有待参加的培训');
  expect(textOf(el(page, '#counts'))).toBe('共参加 2 次培训：已签到 1 次，迟到 0 次，缺席 1 次');
  expect(page.querySelectorAll('.list-item').map(textOf)).toEqual([
    '驻村第一书记任前培训（任前培训） 2026年5月20日 09:00—11:30 · 花垣县委党校报告厅 已签到 5月20日 08:40',
    '驻村第一书记任前培训（任前培训） 2026年5月13日 09:00—10:00 · 花垣县委党校报告厅 缺席',
  ]);
});

it('tells someone who is not a cadre', async () => {
  const page = await open(DEMO.countyStaff);
  expect(textOf(el(page, '#not-cadre'))).toBe('只有驻村干部有培训安排');
});
