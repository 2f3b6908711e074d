/**
 * Corrections (补卡) from the cadre's side, against a real local cloud: the timer's real `tick`
 * closes the day's windows (蒋文博 checked in neither), then he asks for the afternoon with a
 * photo (really uploaded, into his own evidence folder) and a witness, and for another day with
 * a witness only.
 */
import * as http from 'node:http';
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

/** GET a URL's bytes with Node's http (jsdom has no fetch). */
function download(url: string): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(encodeURI(url), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const submitted = (page: Rendered) => waitFor(() => !page.data.submitting && page.data.status === 'ok', 'the request');

it('asks for a missed afternoon with a photo and a witness, and lists it as 待审核', async () => {
  const page = await open();
  // No work-log (驻村记实) field until the work-log feature exists.
  expect(page.querySelector('#worklog')).toBeUndefined();
  expect(textOf(el(page, '#quota'))).toContain('2026年5月还可以补卡 3 次');
  expect(page.querySelectorAll('.quick-pick').map((b) => textOf(b))).toEqual(['今天上午（未签到）', '今天下午（未签到）', '5月11日上午（未签到）', '5月11日下午（未签到）']);

  await tap(page, '#quick-pm');
  expect(textOf(el(page, '#form'))).toContain('2026年5月12日 ▾');
  expect(textOf(el(page, '#form'))).toContain('下午 ▾');
  await type(page, '#reason', '下午在县里参加培训');
  await tap(page, '#submit');
  expect(el(page, '#form-error').dom!.textContent).toBe('请至少提供一项证明：照片或证明人');

  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('县里培训的签到表'), Buffer.from([0xff, 0xd9])]);
  demo.device.files.set('wxfile://tmp/training-1.jpg', bytes);
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

  // The photo went up once, to the local cloud, into 蒋文博's own evidence folder.
  expect(demo.device.uploadCalls).toEqual([expect.objectContaining({ url: `${demo.tc.cloud.url}/_local/upload`, filePath: 'wxfile://tmp/training-1.jpg', name: 'file', header: { 'x-openid': DEMO.cadre } })]);
  // The township's staff see it, and open the very photo by its temporary URL.
  const list = await demo.tc.call('checkin.corrections', { unitId: 'town-shuanglong', status: 'pending' }, DEMO.townStaff);
  expect(list.data).toEqual([expect.objectContaining({ personName: '蒋文博', windowName: '下午', evidence: { photoFileIds: [expect.stringMatching(/^cloud:\/\/local\.6c6f-local-1250000000\/evidence\/p-fs-shibadong\/2026-05-12-pm-[0-9a-z]+-0\.jpg$/)], witness: '县委组织部 王老师', workLogId: null } })]);
  expect(demo.tc.cloud.storage.stat(list.data[0].evidence.photoFileIds[0])).toMatchObject({ owner: DEMO.cadre, contentType: 'image/jpeg' });
  const got = await download(list.data[0].photoUrls[0]);
  expect(got.status).toBe(200);
  expect(Buffer.compare(got.bytes, bytes)).toBe(0);
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

// Last: it uses the month's third and last correction.
it('keeps the form when a photo is refused as too large, and does not upload the others twice', async () => {
  const page = await open();
  await tap(page, '#quick-am');
  await type(page, '#reason', '上午在镇里开会');
  demo.device.files.set('wxfile://tmp/huge.jpg', Buffer.alloc(10 * 1024 * 1024 + 1));
  demo.device.media = ['wxfile://tmp/meeting-1.jpg', 'wxfile://tmp/huge.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 2, 'the photos');
  await tap(page, '#submit');
  await waitFor(() => !page.data.submitting, 'the upload');
  expect(el(page, '#form-error').dom!.textContent).toBe('照片太大，请重新拍摄或换一张');
  expect(page.data.photos).toEqual([
    { path: 'wxfile://tmp/meeting-1.jpg', fileID: expect.stringMatching(/^cloud:\/\/.+\/evidence\/p-fs-shibadong\/2026-05-12-am-[0-9a-z]+-0\.jpg$/) },
    { path: 'wxfile://tmp/huge.jpg', fileID: '' },
  ]);

  await tap(page, '#remove-photo-1');
  await tap(page, '#submit');
  await submitted(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已提交 2026年5月12日 上午 的补卡申请，请等待乡镇组织部门审核');
  expect(demo.device.uploadCalls.map((c) => c.filePath)).toEqual(['wxfile://tmp/meeting-1.jpg', 'wxfile://tmp/huge.jpg']);
  const mine = await demo.tc.call('checkin.myCorrections', {}, DEMO.cadre);
  // (The clock is frozen: every request has the same time, so find it rather than take the newest.)
  expect(mine.data.corrections.find((c: { date: string; windowId: string }) => c.date === '2026-05-12' && c.windowId === 'am')).toMatchObject({ evidence: { photoFileIds: [expect.stringMatching(/\/evidence\/p-fs-shibadong\/2026-05-12-am-[0-9a-z]+-0\.jpg$/)] } });
});
