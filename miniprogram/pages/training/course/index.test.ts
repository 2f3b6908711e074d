/**
 * A training course against a real local cloud seeded with the demo county, on 12 May 2026:
 * 石慧敏 (花垣县) opens the county's 任前培训, arranges a session at the county Party school (its
 * check-in place taken where she stands), enrols two of the county's first secretaries in one go
 * (one already enrolled is marked, not enrolled twice) and goes to its attendance; the township's
 * staff cannot open the county's course.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/training/course/index';
const demo = useDemoCloud();
let course = '';

beforeAll(async () => {
  const c = await demo.tc.call('training.createCourse', { unitId: 'county-huayuan', clientId: 'training-course-1-abcdefgh', name: '驻村第一书记任前培训', kind: 'preService', description: '政策解读、产业发展、基层治理' }, DEMO.countyStaff);
  course = c.data.id;
});

async function open(openid: string = DEMO.countyStaff): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id: course });
}

it('arranges a session with its check-in place taken where the staff member stands', async () => {
  const page = await open();
  expect(textOf(el(page, '#name'))).toBe('驻村第一书记任前培训');
  expect(textOf(el(page, '#meta'))).toBe('任前培训 · 花垣县');
  expect(textOf(el(page, '#no-sessions'))).toBe('还没有安排培训时间');
  await tap(page, '#new-session');
  expect(textOf(el(page, '#date-text'))).toBe('2026-05-13 ▾');
  await pick(page, '#date', '2026-05-20');
  await pick(page, '#end', '11:30');
  await type(page, '#place', '花垣县委党校报告厅');
  await tap(page, '#add-session');
  expect(textOf(el(page, '#form-error'))).toBe('请设置签到位置：到培训地点点“用我现在的位置”，或填写经纬度');

  demo.device.location = { latitude: 28.5717, longitude: 109.4822, accuracy: 15 };
  await tap(page, '#here');
  await waitFor(() => !page.data.locating, 'the fix');
  expect(page.data).toMatchObject({ lat: '28.571700', lng: '109.482200' });
  expect(textOf(el(page, '#locate-note'))).toBe('已取当前位置（误差约 15 米）');
  await type(page, '#radius', '20');
  await tap(page, '#add-session');
  expect(textOf(el(page, '#form-error'))).toBe('签到范围应在 50—3000 米之间');
  await type(page, '#radius', '300');
  await pick(page, '#open-to-unit', true);
  await tap(page, '#add-session');
  await waitFor(() => !page.data.adding && page.data.sessions.length === 1, 'the session');
  expect(textOf(el(page, '#notice'))).toBe('已安排：2026年5月20日 09:00—11:30 · 花垣县委党校报告厅');
  expect(textOf(el(page, '#session-0'))).toBe('2026年5月20日 09:00—11:30 · 花垣县委党校报告厅 本单位驻村干部可自行报名 · 签到范围 300 米 报名 0 人 · 签到 0 人 · 迟到 0 人 报名 签到情况');
  const got = await demo.tc.call('training.course', { id: course }, DEMO.countyStaff);
  expect(got.data.sessions[0]).toMatchObject({ venue: { lat: 28.5717, lng: 109.4822 }, radiusM: 300, openToUnit: true, start: '09:00', end: '11:30' });
});

it('enrols several of the county’s cadres in one go, marking those already enrolled', async () => {
  const { data } = await demo.tc.call('training.course', { id: course }, DEMO.countyStaff);
  const sessionId = data.sessions[0].id;
  expect(await demo.tc.call('training.enrolSelf', { sessionId }, 'demo-fs-jinlong')).toMatchObject({ ok: true });
  const page = await open();
  await tap(page, '#enrol-0');
  await waitFor(() => page.data.candidates.length > 0, 'the cadres');
  const names = page.querySelectorAll('.candidate').map(textOf);
  expect(names).toContain('已报名 欧阳靖 · 金龙村 · 第一书记');
  await tap(page, '#enrol-confirm');
  expect(textOf(el(page, '#enrol-error'))).toBe('请先点选要报名的驻村干部');
  const index = (name: string) => page.data.candidates.findIndex((c: { name: string }) => c.name === name);
  await tap(page, `#candidate-${index('蒋文博')}`);
  await tap(page, `#candidate-${index('胡志强')}`);
  await tap(page, `#candidate-${index('欧阳靖')}`);
  expect(textOf(el(page, '#enrol-confirm'))).toBe('确定报名（2 人）');
  await tap(page, '#enrol-confirm');
  await waitFor(() => !page.data.enrolling && page.data.notice !== '', 'the enrolment');
  expect(textOf(el(page, '#notice'))).toBe('已报名 2 人');
  await waitFor(() => textOf(el(page, '#session-0')).includes('报名 3 人'), 'the counts');
  const att = await demo.tc.call('training.attendance', { sessionId }, DEMO.countyStaff);
  expect(att.data.items.map((e: { personName: string }) => e.personName).sort()).toEqual(['欧阳靖', '胡志强', '蒋文博'].sort());

  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#attendance-0');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/training/attendance/index?sessionId=${sessionId}` }));
});

it('keeps the county’s course from the township’s staff', async () => {
  const page = await open(DEMO.townStaff);
  expect(textOf(el(page, '#forbidden'))).toBe('您不能查看这个培训');
});
