/**
 * Corrections (补卡) from the cadre's side, against a real local cloud: the timer's real `tick`
 * closes the day's windows (蒋文博 checked in neither), then he asks for the afternoon with a
 * photo and a witness, and for another day with a witness only.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/checkin/correction/index';
const demo = useDemoCloud();
const AFTER_WORK = '2026-05-12T17:45:00+08:00';

const tick = async (at: string) => {
  demo.tc.cloud.clock.set(at, { frozen: true });
  const { result } = await demo.tc.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' });
  expect(result).toMatchObject({ ok: true });
};

beforeAll(async () => {
  // The timer first runs on Monday morning, then not again until Tuesday after work: that run
  // catches up and settles every window since (Monday's and Tuesday's).
  await tick('2026-05-11T08:00:00+08:00');
  // The afternoon window closes at 15:30 and settles once the offline tolerance (120 min) has passed.
  await tick('2026-05-12T17:40:00+08:00');
});

beforeEach(() => demo.tc.cloud.clock.set(AFTER_WORK, { frozen: true }));

async function open(query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(DEMO.cadre);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading', 'the page to load');
  return page;
}

const submitted = (page: Rendered) => waitFor(() => !page.data.submitting && page.data.status === 'ok', 'the request');

it('asks for a missed afternoon with a photo and a witness, and lists it as 待审核', async () => {
  const page = await open();
  expect(textOf(el(page, '#quota'))).toContain('2026年5月还可以补卡 3 次');
  expect(page.querySelectorAll('.quick-pick').map((b) => textOf(b))).toEqual(['今天上午（未签到）', '今天下午（未签到）', '5月11日上午（未签到）', '5月11日下午（未签到）']);

  await tap(page, '#quick-pm');
  expect(textOf(el(page, '#form'))).toContain('2026年5月12日 ▾');
  expect(textOf(el(page, '#form'))).toContain('下午 ▾');
  await type(page, '#reason', '下午在县里参加培训');
  await tap(page, '#submit');
  expect(el(page, '#form-error').dom!.textContent).toBe('请至少提供一项证明：照片、证明人或驻村记实');

  demo.device.media = ['wxfile://tmp/training-1.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 1, 'the photo');
  await type(page, '#witness', '县委组织部 王老师');
  await tap(page, '#submit');
  await submitted(page);

  expect(el(page, '#notice').dom!.textContent).toBe('已提交 2026年5月12日 下午 的补卡申请，请等待乡镇组织部门审核');
  expect(textOf(el(page, '#quota'))).toContain('还可以补卡 2 次');
  const first = textOf(el(page, '#correction-0'));
  expect(first).toContain('2026年5月12日 下午 待审核');
  expect(first).toContain('证明：照片 1 张 · 证明人：县委组织部 王老师');
  expect(first).toContain('5月12日 17:45 蒋文博 提出申请：下午在县里参加培训');
  // The form is cleared for the next one.
  expect(page.data).toMatchObject({ date: '', windowId: '', reason: '', witness: '', photos: [] });

  // The township's staff see it, with the photo's placeholder id (local mode does not upload).
  const list = await demo.tc.call('checkin.corrections', { unitId: 'town-shuanglong', status: 'pending' }, DEMO.townStaff);
  expect(list.data).toEqual([expect.objectContaining({ personName: '蒋文博', windowName: '下午', evidence: { photoFileIds: [expect.stringMatching(/^cloud:\/\/local-placeholder\.bucket\/evidence\/2026-05-12-pm-/)], witness: '县委组织部 王老师', workLogId: null } })]);
});

it('takes the window from the check-in page’s link, and shows the server’s reason for a refusal', async () => {
  const page = await open({ date: '2026-05-11', windowId: 'am' });
  expect(textOf(el(page, '#form'))).toContain('2026年5月11日 ▾');
  expect(textOf(el(page, '#form'))).toContain('上午 ▾');
  await type(page, '#reason', '村里停电，手机没电');
  await type(page, '#witness', '村支书');
  await tap(page, '#submit');
  await submitted(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已提交 2026年5月11日 上午 的补卡申请，请等待乡镇组织部门审核');

  // A Sunday has no windows: the server says so, and the form stays as it was.
  await pick(page, '#date', '2026-05-10');
  await pick(page, '#window', 0);
  await type(page, '#reason', '周日也在村里值班');
  await type(page, '#witness', '村支书');
  await tap(page, '#submit');
  await submitted(page);
  expect(el(page, '#form-error').dom!.textContent).toBe('这一天没有该签到时段');
  expect(page.data.reason).toBe('周日也在村里值班');
});

it('asks for privacy consent before choosing a photo', async () => {
  demo.device.privacyNeeded = true;
  demo.device.media = ['wxfile://tmp/meeting.jpg'];
  const page = await open();
  await tap(page, '#add-photo');
  await waitFor(() => page.data.privacyOpen, 'the privacy dialog');
  demo.device.privacyNeeded = false;
  el(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization', {});
  await waitFor(() => page.data.photos.length === 1, 'the photo');
  expect(page.querySelector('#privacy')).toBeUndefined();
});
