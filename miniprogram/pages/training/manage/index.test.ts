/**
 * 培训管理 against a real local cloud seeded with the demo county: 石慧敏 (花垣县) sees the
 * county's courses with their sessions, creates a course (once through a retry) and lands on it;
 * 龙小燕 (双龙镇) sees her township's only; a cadre is told the page is for staff.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/training/manage/index';
const demo = useDemoCloud();
let n = 0;
const cid = () => `training-manage-${++n}-abcdefgh`;

beforeAll(async () => {
  demo.at('2026-05-11T09:00:00+08:00');
  const c = await demo.tc.call('training.createCourse', { unitId: 'county-huayuan', clientId: cid(), name: '驻村第一书记任前培训', kind: 'preService' }, DEMO.countyStaff);
  await demo.tc.call('training.addSession', { courseId: c.data.id, clientId: cid(), date: '2026-05-20', start: '09:00', end: '11:30', placeName: '花垣县委党校报告厅', venue: { lat: 28.5717, lng: 109.4822 } }, DEMO.countyStaff);
  demo.at('2026-05-11T10:00:00+08:00');
  await demo.tc.call('training.createCourse', { unitId: 'town-shuanglong', clientId: cid(), name: '双龙镇第一书记课堂', kind: 'business' }, DEMO.townStaff);
});

async function open(openid: string = DEMO.countyStaff): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, {}, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.listStatus !== 'loading'), 'the courses');
}

it('lists the county’s courses with their sessions', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(page.querySelectorAll('.list-item').map(textOf)).toEqual([
    '双龙镇第一书记课堂 › 业务培训 · 双龙镇 还没有安排培训时间',
    '驻村第一书记任前培训 › 任前培训 · 花垣县 1 次培训，下一次：2026年5月20日 09:00—11:30 · 花垣县委党校报告厅 报名 0 人 · 签到 0 人 · 迟到 0 人',
  ]);
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#course-1');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: expect.stringMatching(/^\/pages\/training\/course\/index\?id=tc-[0-9a-f]{24}$/) }));
});

it('creates a course once through a lost answer, and opens it', async () => {
  const page = await open();
  await tap(page, '#new');
  await tap(page, '#create');
  expect(textOf(el(page, '#form-error'))).toBe('请填写培训名称（至少 4 个字）');
  await type(page, '#name', '乡村振兴专题培训班');
  await pick(page, '#kind', 1);
  expect(textOf(el(page, '#kind-name'))).toBe('专题培训 ▾');
  await type(page, '#description', '产业发展、集体经济');
  const sent = loseFirstAnswer('training.createCourse');
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#create');
  await waitFor(() => !page.data.creating, 'the first try');
  expect(textOf(el(page, '#form-error'))).toContain('填写的内容还在');
  await tap(page, '#create');
  await waitFor(() => navigateTo.mock.calls.length === 1, 'the course opened');
  expect(sent[0]).toBe(sent[1]);
  const list = await demo.tc.call('training.courses', { unitId: 'county-huayuan' }, DEMO.countyStaff);
  expect(list.data.items.filter((c: any) => c.name === '乡村振兴专题培训班')).toEqual([expect.objectContaining({ kindName: '专题培训', description: '产业发展、集体经济' })]);
});

it('shows a township its own only, and tells a cadre the page is for staff', async () => {
  const page = await open(DEMO.townStaff);
  expect(page.querySelectorAll('.item-name').map(textOf)).toEqual(['双龙镇第一书记课堂 ›']);
  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('培训管理供组织部门的同志使用');
});
