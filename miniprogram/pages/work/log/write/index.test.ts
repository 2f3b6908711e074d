/**
 * 写驻村记实 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 蒋文博 (十八洞村) checked in at 09:09; he writes what he did, adds photos (really uploaded into
 * his folder), tags the log with that check-in and submits through the real `workLog.write`; the
 * page goes on to the log. A lost answer retried is one log; today's log can be changed, the form
 * saying the replaced text is kept, and the log then shows it; yesterday's cannot; what the form
 * lacks and what the server refuses show next to the fields.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/log/write/index';
const DETAIL = 'pages/work/log/detail/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const CADRE_ID = 'p-fs-shibadong';
const WORDS = '上午到三组走访了五户脱贫户，了解产业分红和医保缴纳情况';

let checkinId = '';
beforeAll(async () => {
  demo.at('2026-05-12T09:10:00+08:00');
  const c = await demo.tc.call('checkin.submit', { clientId: 'log-write-checkin-1', lat: 28.381476, lng: 109.559549, accuracy: 20, capturedAt: new Date('2026-05-12T09:09:00+08:00').toISOString() }, CADRE);
  expect(c).toMatchObject({ ok: true });
  checkinId = c.data.id ?? c.data.checkin?.id;
});

async function open(query: Record<string, string> = {}, openid: string = CADRE): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}

const submitted = (page: Rendered) => waitFor(() => !page.data.submitting, 'the submit');
const mine = async () => (await demo.tc.call('workLog.mine', { month: '2026-05' }, CADRE)).data.items as { id: string; excerpt: string }[];
function landedOn(redirectTo: jest.SpyInstance): string {
  const url = String((redirectTo.mock.calls.at(-1)?.[0] as { url: string }).url);
  expect(url).toMatch(/^\/pages\/work\/log\/detail\/index\?id=wl-[0-9a-f]{24}$/);
  return url.split('=')[1]!;
}

it('writes a log with photos and today’s check-in, and lands on it', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('写驻村记实 · 5月12日 星期二');
  const choices = page.querySelectorAll('.choice').map(textOf);
  expect(choices).toHaveLength(1);
  expect(choices[0]).toMatch(/^09:09 .+ · /);

  // Too short: said next to the field, and nothing goes.
  await type(page, '#text', '走访农户');
  expect(textOf(el(page, '#count'))).toBe('已写 4 个字，至少 10 个字');
  const before = (await mine()).length;
  await tap(page, '#submit');
  expect(textOf(el(page, '#text-error'))).toBe('请至少写10个字');
  expect(textOf(el(page, '#form-error'))).toBe('请按红字提示改一改，再点“提交”');

  await type(page, '#text', WORDS);
  expect(page.querySelector('#text-error')).toBeUndefined();
  demo.device.media = ['wxfile://tmp/visit-1.jpg', 'wxfile://tmp/visit-2.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 2, 'the photos');
  expect(textOf(el(page, '#photo-count'))).toBe('已选 2 / 9 张');
  await tap(page, '#checkin-0');
  expect(page.data.checkinId).toBe(checkinId);
  expect(textOf(el(page, '#checkin-0'))).toMatch(/^✓ 09:09/);
  // A second tap takes it back, a third tags again.
  await tap(page, '#checkin-0');
  expect(page.data.checkinId).toBe('');
  await tap(page, '#checkin-0');

  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect(await mine()).toHaveLength(before + 1);
  const log = (await demo.tc.call('workLog.get', { id }, CADRE)).data;
  expect(log).toMatchObject({ text: WORDS, photos: 2, checkinId, date: '2026-05-12', canEdit: true });
  // Uploaded once each, compressed, into his own folder.
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([
    expect.stringMatching(new RegExp(`^worklogs/${CADRE_ID}/[A-Za-z0-9_-]+-[a-z0-9]+-0\\.jpg$`)),
    expect.stringMatching(new RegExp(`^worklogs/${CADRE_ID}/[A-Za-z0-9_-]+-[a-z0-9]+-1\\.jpg$`)),
  ]);
});

it('keeps one log when the answer is lost and 提交 is tapped again', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  await type(page, '#text', '下午参加村两委会议，讨论茶叶合作社分红方案');
  const sent = loseFirstAnswer('workLog.write');
  const before = (await mine()).length;
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。写的内容还在，请再点“提交”');
  expect(redirectTo).not.toHaveBeenCalled();
  await tap(page, '#submit');
  await submitted(page);
  landedOn(redirectTo);
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  expect(await mine()).toHaveLength(before + 1);
});

it('changes today’s log, saying the replaced text is kept, and the log shows it', async () => {
  demo.at('2026-05-12T11:00:00+08:00');
  const w = await demo.tc.call('workLog.write', { clientId: 'log-write-edit-1', text: '初稿：上午走访了三户农户，了解春耕情况' }, CADRE);
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open({ id: w.data.id });
  expect(textOf(el(page, '#title'))).toBe('修改驻村记实 · 5月12日 星期二');
  expect(textOf(el(page, '#edit-note'))).toContain('修改前的文字和照片会留在这篇记实的“修改记录”里');
  expect(page.data.text).toBe('初稿：上午走访了三户农户，了解春耕情况');
  expect(page.querySelector('#checkin-card')).toBeUndefined();
  expect(textOf(el(page, '#submit'))).toBe('保存修改');
  await type(page, '#text', '改后：上午走访了三户农户，了解春耕和化肥供应情况');
  await tap(page, '#submit');
  await submitted(page);
  expect(landedOn(redirectTo)).toBe(w.data.id);

  const detail = await openPage(DETAIL, { id: w.data.id });
  expect(textOf(el(detail, '#text'))).toBe('改后：上午走访了三户农户，了解春耕和化肥供应情况');
  expect(textOf(el(detail, '#history-0'))).toBe('第 1 版（5月12日 11:00 写） 初稿：上午走访了三户农户，了解春耕情况');

  // Opened again, it says it was changed once.
  const again = await open({ id: w.data.id });
  expect(textOf(el(again, '#history-count'))).toBe('这篇记实已修改过 1 次。');
});

it('keeps photos already on the log when it is changed, uploading only the new one', async () => {
  demo.at('2026-05-12T12:00:00+08:00');
  const first = await open();
  await type(first, '#text', '中午到村小学了解营养午餐发放情况');
  demo.device.media = ['wxfile://tmp/lunch-1.jpg'];
  await tap(first, '#add-photo');
  await waitFor(() => first.data.photos.length === 1, 'the photo');
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  await tap(first, '#submit');
  await submitted(first);
  const id = landedOn(redirectTo);

  const page = await open({ id });
  expect(page.data.photos).toHaveLength(1);
  expect(page.data.photos[0].fileID).toMatch(/^cloud:\/\//);
  demo.device.media = ['wxfile://tmp/lunch-2.jpg'];
  const uploads = demo.device.uploadCalls.length;
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 2, 'the second photo');
  await tap(page, '#submit');
  await submitted(page);
  expect(demo.device.uploadCalls.length).toBe(uploads + 1);
  expect((await demo.tc.call('workLog.get', { id }, CADRE)).data).toMatchObject({ photos: 2, history: [{ photos: 1 }] });
});

it('does not change a log of another day', async () => {
  demo.at('2026-05-11T17:00:00+08:00');
  const w = await demo.tc.call('workLog.write', { clientId: 'log-write-old-1', text: '昨天：整理了村集体经济台账和合同' }, CADRE);
  demo.at('2026-05-12T10:00:00+08:00');
  const page = await open({ id: w.data.id });
  expect(textOf(el(page, '#not-editable'))).toBe('只能修改当天写的记实');
  const none = await open({ id: 'wl-000000000000000000000000' });
  expect(textOf(el(none, '#not-found'))).toBe('没有找到这篇记实');
});

it('shows the server’s refusal next to its field', async () => {
  const toast = jest.spyOn(wx, 'showToast');
  const page = await open();
  await type(page, '#text', '走'.repeat(2001));
  const before = (await mine()).length;
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#text-error'))).toBe('最多2000字');
  expect(textOf(el(page, '#form-error'))).toContain('提交的内容不符合要求');
  expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ icon: 'none' }));
  expect(await mine()).toHaveLength(before);
});

it('asks for privacy consent before choosing photos', async () => {
  const page = await open();
  demo.device.privacyNeeded = true;
  demo.device.media = ['wxfile://tmp/p.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.privacyOpen, 'the privacy dialog');
  expect(textOf(el(page, '#privacy'))).toContain('拍照和选照片需要您同意隐私保护指引');
  demo.device.privacyNeeded = false;
  el(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization', {});
  await waitFor(() => page.data.photos.length === 1, 'the photo after consent');
  expect(page.querySelector('#privacy')).toBeUndefined();
});

it('tells someone who is not a cadre', async () => {
  const page = await open({}, DEMO.townStaff);
  expect(textOf(el(page, '#not-cadre'))).toBe('只有驻村干部可以写驻村记实');
});
