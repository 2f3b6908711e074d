/**
 * 驻点日签到 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026,
 * 双龙镇's stationing day: 蒋文博 (十八洞村) takes two photos and taps 定位并提交 — located, the
 * photos really uploaded into his folder, `stationing.submit` — and the page says he checked in
 * and his team shows it. Without photos nothing goes; from outside the fence it does not count
 * and a second attempt from the village does; a lost answer retried is one record; privacy
 * consent comes before the location; on another day the page says when the day is; someone who
 * is not a cadre is told so.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { db } from '../../../../server/platform/cloud';

const PAGE = 'pages/stationing/checkin/index';
const demo = useDemoCloud();
const SHIBADONG = { latitude: 28.381476, longitude: 109.559549, accuracy: 20 };
const JINLONG = { latitude: 28.388439, longitude: 109.612517, accuracy: 20 };
const SHUANGLONG = { latitude: 28.446482, longitude: 109.564545, accuracy: 20 };

beforeAll(async () => {
  expect(await demo.tc.call('stationing.setDay', { townshipId: 'town-shuanglong', weekday: 2 }, DEMO.townStaff)).toMatchObject({ ok: true });
});

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE);
}
const done = (page: Rendered) => waitFor(() => page.data.stage === '', 'the submit');
const records = async (personId: string) => (await db.collection('stationingRecords').where({ personId }).get()).data;

async function addPhotos(page: Rendered, paths: string[]): Promise<void> {
  demo.device.media = paths;
  const before = page.data.photos.length;
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === before + paths.length, 'the photos');
}

it('checks in with photos at the village on the stationing day, and the team shows it', async () => {
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('驻点日签到 · 5月12日 周二');
  expect(textOf(el(page, '#day-title'))).toBe('今天是驻点日');
  expect(textOf(el(page, '#day-note'))).toBe('5月12日 周二。请到十八洞村，拍驻点照片并签到。');
  expect(page.querySelectorAll('.member').map(textOf)).toEqual(['蒋文博（我） 第一书记 未签到', '龙俊杰 驻村工作队员 未签到', '石婷 驻村工作队员 未签到']);
  expect(textOf(el(page, '#night-line'))).toBe('本县（区）还没有设置夜间签到时段，暂不统计住夜');

  await addPhotos(page, ['wxfile://tmp/station-1.jpg', 'wxfile://tmp/station-2.jpg']);
  expect(textOf(el(page, '#photo-count'))).toBe('已选 2 / 9 张');
  demo.device.location = SHIBADONG;
  await tap(page, '#submit');
  await done(page);
  expect(textOf(el(page, '#record-text'))).toBe('✓ 已签到：在村内，上传了 2 张照片');
  expect(page.querySelector('#submit')).toBeUndefined();
  await waitFor(() => page.data.team.some((m: { me: boolean; present: boolean }) => m.me && m.present), 'the team');
  expect(textOf(el(page, '#member-0'))).toBe('蒋文博（我） 第一书记 已签到');
  expect(textOf(el(page, '#team-present'))).toBe('本周驻点日已有队员签到');
  expect(demo.device.locationCalls).toHaveLength(1);
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([
    expect.stringMatching(/^stationing\/p-fs-shibadong\/[A-Za-z0-9_-]+-[a-z0-9]+-0\.jpg$/),
    expect.stringMatching(/^stationing\/p-fs-shibadong\/[A-Za-z0-9_-]+-[a-z0-9]+-1\.jpg$/),
  ]);
  expect(await records('p-fs-shibadong')).toEqual([expect.objectContaining({ date: '2026-05-12', counted: true, photoFileIds: [expect.any(String), expect.any(String)] })]);

  // Opened again: it says so at once.
  const again = await open();
  expect(textOf(el(again, '#record-text'))).toBe('✓ 已签到：在村内，上传了 2 张照片');
});

it('sends nothing without a photo', async () => {
  const page = await open('demo-tm-shibadong-1');
  await tap(page, '#submit');
  expect(textOf(el(page, '#message'))).toBe('请先拍至少 1 张驻点照片');
  expect(demo.device.locationCalls).toHaveLength(0);
});

it('does not count a fix outside the village, and counts the next attempt from inside', async () => {
  const page = await open('demo-fs-jinlong');
  await addPhotos(page, ['wxfile://tmp/jinlong-1.jpg']);
  demo.device.location = SHIBADONG; // far from 金龙村
  await tap(page, '#submit');
  await done(page);
  expect(textOf(el(page, '#record-text'))).toMatch(/^这次定位不在本村范围内（距离约 [\d.]+ (公里|米)），不计入。请到村里后再提交一次。$/);
  expect(page.querySelector('#submit')).toBeDefined();
  demo.device.location = JINLONG;
  await tap(page, '#submit');
  await done(page);
  expect(textOf(el(page, '#record-text'))).toBe('✓ 已签到：在村内，上传了 1 张照片');
  // The photo went up once; one record, replaced by the attempt from inside.
  expect(demo.device.uploadCalls).toHaveLength(1);
  expect(await records('p-fs-jinlong')).toEqual([expect.objectContaining({ counted: true, attempts: 2 })]);
});

it('keeps one record when the answer is lost and 定位并提交 is tapped again', async () => {
  const page = await open('demo-fs-shuanglong');
  await addPhotos(page, ['wxfile://tmp/shuanglong-1.jpg']);
  demo.device.location = SHUANGLONG;
  const sent = loseFirstAnswer('stationing.submit');
  await tap(page, '#submit');
  await done(page);
  expect(textOf(el(page, '#message'))).toBe('网络超时，请稍后重试。照片还在，请再点“定位并提交”');
  await tap(page, '#submit');
  await done(page);
  expect(textOf(el(page, '#record-text'))).toBe('✓ 已签到：在村内，上传了 1 张照片');
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  expect(await records('p-fs-shuanglong')).toHaveLength(1);
});

it('asks for privacy consent before locating, and goes on once agreed', async () => {
  const page = await open('demo-fs-dongmaku');
  await addPhotos(page, ['wxfile://tmp/dongmaku-1.jpg']);
  demo.device.location = { latitude: 28.401452, longitude: 109.626532, accuracy: 20 };
  demo.device.privacyNeeded = true;
  await tap(page, '#submit');
  await waitFor(() => page.data.privacyOpen, 'the privacy dialog');
  expect(textOf(el(page, '#privacy'))).toContain('驻点日签到需要获取您的位置、拍照');
  demo.device.privacyNeeded = false;
  el(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization', {});
  await waitFor(() => !!page.data.recordText, 'the check-in');
  await done(page);
  expect(page.querySelector('#privacy')).toBeUndefined();
  expect(textOf(el(page, '#record-text'))).toBe('✓ 已签到：在村内，上传了 1 张照片');
  expect(await records('p-fs-dongmaku')).toHaveLength(1);
});

it('says when the stationing day is on another day, and offers no submit', async () => {
  demo.at('2026-05-13T09:00:00+08:00');
  const page = await open('demo-fs-paibi');
  expect(textOf(el(page, '#day-title'))).toBe('本周驻点日已过');
  expect(textOf(el(page, '#day-note'))).toBe('本周驻点日是 5月12日 周二。');
  expect(page.querySelector('#submit')).toBeUndefined();
  // The holiday week of 4 May: Tuesday 5 May is 劳动节, the day moves to Wednesday.
  demo.at('2026-05-04T09:00:00+08:00');
  const holiday = await open('demo-fs-paibi');
  expect(textOf(el(holiday, '#day-title'))).toBe('今天不是驻点日');
  expect(textOf(el(holiday, '#day-note'))).toBe('本周驻点日是 5月6日 周三（5月5日 周二是节假日，顺延）。');
});

it('tells someone who is not a cadre', async () => {
  const page = await open(DEMO.townStaff);
  expect(textOf(el(page, '#not-cadre'))).toBe('只有驻村干部可以进行驻点日签到');
});
