/**
 * 记录进展 against a real local cloud seeded with the demo county: 蒋文博 records progress on the
 * target 石慧敏 set him, with a photo really uploaded into his own folder; the page goes back to
 * 我的目标 and the target shows the new percent. Too short is said next to the field; a target
 * that is not his is not found.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';

const PAGE = 'pages/assess/targets/progress/index';
const demo = useDemoCloud();
const CADRE_ID = 'p-fs-shibadong';
let targetId = '';

beforeAll(async () => {
  const r = await demo.tc.call('assessment.setTarget', { personId: CADRE_ID, year: '2026', clientId: 'progress-page-set-1', text: '建成村级党群服务中心', category: 'partyBuilding', weight: 40, dueMonth: '2026-09' }, DEMO.countyStaff);
  targetId = r.data.targets[0].id;
});

it('records progress with a photo and goes back to 我的目标', async () => {
  demo.loginAs(DEMO.cadre);
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await openPage(PAGE, { targetId, year: '2026' });
  expect(textOf(el(page, '#target'))).toBe('建成村级党群服务中心 基层党建 · 权重 40 · 9月完成 · 完成进度 0%（记录 0 次）');
  await type(page, '#text', '选址');
  await tap(page, '#submit');
  expect(textOf(el(page, '#text-error'))).toBe('请写一写做了什么，至少4个字');

  await type(page, '#text', '完成选址和设计图纸，已开工');
  el(page, '#slider').dispatchEvent('change', { detail: { value: 30 } });
  await waitFor(() => page.data.percent === 30, 'the slider');
  expect(textOf(el(page, '#percent'))).toBe('30%');
  demo.device.media = ['wxfile://tmp/site-1.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 1, 'the photo');
  await tap(page, '#submit');
  await waitFor(() => !page.data.submitting && redirectTo.mock.calls.length > 0, 'the submit');
  expect(redirectTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/assess/targets/mine/index?year=2026' }));
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([expect.stringMatching(new RegExp(`^assessment/${CADRE_ID}/`))]);
  const mine = (await demo.tc.call('assessment.myTargets', { year: '2026' }, DEMO.cadre)).data;
  expect(mine.plan.targets.find((t: any) => t.id === targetId)).toMatchObject({ percent: 30, progressCount: 1 });
  expect(mine.progress[0]).toMatchObject({ text: '完成选址和设计图纸，已开工', percent: 30, photoUrls: [expect.any(String)] });
});

it('does not find a target that is not his', async () => {
  demo.loginAs('demo-tm-shibadong-1');
  const page = await openPage(PAGE, { targetId, year: '2026' });
  expect(textOf(el(page, '#not-found'))).toBe('没有找到这项目标');
});
