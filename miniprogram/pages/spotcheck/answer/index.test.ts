/**
 * The cadre's spot-check page against a real local cloud seeded with the demo county, on
 * Tuesday 2026-05-12: 龙小燕 of 双龙镇 asks cadres of her township to show where they are
 * (`spotCheck.issue`), and they answer from this page. Only the phone is faked (its location, its
 * camera, privacy consent, the network): the photo is really uploaded to the local cloud and the
 * answer goes through the real `spotCheck.answer`, which judges it.
 */
import { db } from '../../../../server/platform/cloud';
import { localTransport } from '../../../api/client';
import { setTransport, TransportError } from '../../../api/index';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, render, settle, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { setPhoneClock } from '../../../utils/day';

const PAGE = 'pages/spotcheck/answer/index';
const demo = useDemoCloud();

/** Cadres of 双龙镇, each in their own test (a request stays in `spotCheck.mine` for a week). */
interface Cadre {
  openid: string;
  id: string;
  village: string;
}
const FS: Cadre = { openid: DEMO.cadre, id: 'p-fs-shibadong', village: 'vil-shibadong' }; // 蒋文博
const TM = { openid: 'demo-tm-shibadong-1', id: 'p-tm-shibadong-1', village: 'vil-shibadong' }; // 石婷
const TM2 = { openid: 'demo-tm-shibadong-2', id: 'p-tm-shibadong-2', village: 'vil-shibadong' }; // 龙俊杰
const SL = { openid: 'demo-fs-shuanglong', id: 'p-fs-shuanglong', village: 'vil-shuanglong' }; // 彭亚楠
const PB = { openid: 'demo-fs-paibi', id: 'p-fs-paibi', village: 'vil-paibi' }; // 滕建华
const NOBODY = { openid: 'demo-fs-jinlong', id: 'p-fs-jinlong' }; // 欧阳靖: never asked here

const centres = new Map<string, { lat: number; lng: number }>();
beforeAll(async () => {
  for (const v of ['vil-shibadong', 'vil-shuanglong', 'vil-paibi']) centres.set(v, (await demo.tc.call('org.getUnit', { id: v }, DEMO.townStaff)).data.center);
});

/** What `wx.setEnable1v1Chat` was called with (this WeChat has it unless a test removes it). */
let enableCalls: Record<string, unknown>[] = [];
beforeEach(() => {
  enableCalls = [];
  (wx as unknown as { setEnable1v1Chat?: unknown }).setEnable1v1Chat = (o: WechatMiniprogram.SetEnable1v1ChatOption) => {
    enableCalls.push({ enable: o.enable });
    setTimeout(() => o.success?.({ errMsg: 'setEnable1v1Chat:ok' }), 0);
  };
});

let requests = 0;
/** 龙小燕 asks `who` now; the request's id. */
async function issue(who: Cadre, note?: string): Promise<string> {
  const r = await demo.tc.call('spotCheck.issue', { unitId: who.village, requestId: `answer-page-${++requests}-${who.id}`, personIds: [who.id], ...(note ? { note } : {}) }, DEMO.townStaff);
  expect(r).toMatchObject({ ok: true });
  return r.data.issued[0].id as string;
}

const at = (time: string) => demo.tc.cloud.clock.set(`2026-05-12T${time}+08:00`, { frozen: true });

/** The phone stands at the village's centre (moved north by `dLat` degrees). */
function standIn(who: Cadre, dLat = 0, accuracy = 12): void {
  const c = centres.get(who.village)!;
  demo.device.location = { latitude: c.lat + dLat, longitude: c.lng, accuracy, speed: 0, altitude: 400 };
}

async function open(who: { openid: string }, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(who.openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading', 'spotCheck.mine');
  return page;
}

async function answerTap(page: Rendered, i = 0): Promise<void> {
  await tap(page, `#answer-${i}`);
  await waitFor(() => page.data.busyId === '', 'the answer to finish');
  await settle();
}

const stored = async (id: string) => (await db.collection('spotChecks').doc(id).get()).data as unknown as { status: string; answer: null | { photoFileId: string; checkinId: string; inside: boolean; late: boolean } };

it('answers in 十八洞村 on time: countdown, fresh fix, live photo uploaded to the cadre’s folder, 已按时响应', async () => {
  at('10:00:00');
  const id = await issue(FS, '例行抽查');
  at('10:05:00');
  jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'] });
  try {
    const page = await open(FS, { id });
    expect(enableCalls).toEqual([{ enable: true }]);
    const row = textOf(el(page, '#pending-0'));
    expect(row).toContain('龙小燕 请您响应');
    expect(row).toContain('10:00 发出，截止 10:30');
    expect(row).toContain('说明：例行抽查');
    expect(el(page, '#countdown-0').dom!.textContent).toBe('剩余 25:00');
    expect(page.querySelector('.request-focus')).toBeDefined();
    expect(page.querySelector('#none-pending')).toBeUndefined();

    // The countdown runs by the second, from the server's seconds.
    demo.tc.cloud.clock.advance(5_000);
    jest.advanceTimersByTime(1000);
    await settle();
    expect(el(page, '#countdown-0').dom!.textContent).toBe('剩余 24:55');
    page.detach();

    // A phone whose own clock is an hour fast still counts down to the server's deadline.
    const cloud = demo.tc.cloud;
    setPhoneClock(() => cloud.clock.nowMs() + 3600_000);
    try {
      const skewed = await open(FS);
      expect(el(skewed, '#countdown-0').dom!.textContent).toBe('剩余 24:55');
      demo.tc.cloud.clock.advance(60_000);
      jest.advanceTimersByTime(1000);
      await settle();
      expect(el(skewed, '#countdown-0').dom!.textContent).toBe('剩余 23:55');
      skewed.detach();
    } finally {
      setPhoneClock(() => cloud.clock.nowMs());
    }
    // The page's one timer goes with it.
    expect(jest.getTimerCount()).toBe(0);
  } finally {
    jest.useRealTimers();
  }

  at('10:07:00');
  standIn(FS);
  demo.device.media = ['wxfile://tmp/live-fs.jpg'];
  const chooseMedia = jest.spyOn(wx, 'chooseMedia');
  const page = await open(FS, { id });
  await answerTap(page);

  expect(el(page, '#headline').dom!.textContent).toBe('已按时响应');
  expect(el(page, '#result-place').dom!.textContent).toBe('您在村内');
  expect(el(page, '#result-time').dom!.textContent).toBe('2026年5月12日 星期二 10:07');
  expect(page.querySelector('#result-flags')).toBeUndefined();
  // One fresh, precise fix; a photo from the back camera only (no album); one upload into spotchecks/<personId>/.
  expect(demo.device.locationCalls).toEqual([{ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 3000 }]);
  expect(chooseMedia).toHaveBeenCalledTimes(1);
  expect(chooseMedia.mock.calls[0]![0]).toMatchObject({ count: 1, mediaType: ['image'], sourceType: ['camera'], camera: 'back' });
  expect(demo.device.uploadCalls).toEqual([expect.objectContaining({ filePath: 'wxfile://tmp/live-fs.jpg', formData: { cloudPath: `spotchecks/p-fs-shibadong/${id}.jpg` } })]);

  // The server holds the answer, on time, inside, with the photo it can open.
  const sc = await stored(id);
  expect(sc.status).toBe('answered');
  expect(sc.answer).toMatchObject({ inside: true, late: false, photoFileId: expect.stringMatching(new RegExp(`^cloud://[^/]+/spotchecks/p-fs-shibadong/${id.replace(/\./g, '\\.')}\\.jpg$`)) });
  expect(demo.tc.cloud.storage.stat(sc.answer!.photoFileId)).toMatchObject({ owner: FS.openid });

  // The lists are read again: nothing pending, the answer among the recent ones.
  await waitFor(() => page.data.pending.length === 0, 'the lists');
  expect(el(page, '#none-pending').dom).toBeDefined();
  expect(textOf(el(page, '#none-pending'))).toContain('现在没有待响应的约请。');
  expect(textOf(el(page, '#recent-0'))).toBe('5月12日 10:00 按时响应 龙小燕 发出 10:07 响应 · 在村内');
  expect(page.querySelector('#answer-0')).toBeUndefined();
});

it('answers after the deadline, from outside the village with a poor fix: 已响应（超时）, the distance and the flag', async () => {
  at('10:00:00');
  const id = await issue(TM2);
  at('10:40:00');
  const page = await open(TM2);
  expect(el(page, '#countdown-0').dom!.textContent).toBe('已超时，仍可补充响应');
  expect(page.querySelector('.request-overdue')).toBeDefined();

  standIn(TM2, 0.05, 800);
  demo.device.media = ['wxfile://tmp/live-tm2.jpg'];
  await answerTap(page);
  expect(el(page, '#headline').dom!.textContent).toBe('已响应（超时）');
  expect(el(page, '#result-place').dom!.textContent).toMatch(/^不在村内范围，距离约 \d+\.\d 公里$/);
  expect(page.querySelector('.result-out')).toBeDefined();
  expect(textOf(el(page, '#result-flags'))).toMatch(/定位不够准确：/);
  // Outside the fence is the headline already, not a flag again.
  expect(textOf(el(page, '#result-flags'))).not.toContain('不在村内范围');

  const sc = await stored(id);
  expect(sc.status).toBe('late');
  expect(sc.answer).toMatchObject({ inside: false, late: true });
  await waitFor(() => page.data.recent.length === 1, 'the lists');
  expect(textOf(el(page, '#recent-0'))).toContain('超时响应');
  expect(textOf(el(page, '#recent-0'))).toMatch(/10:40 响应 · 不在村内（约 \d+\.\d 公里）/);
});

it('stays usable through refusals: location denied, photo cancelled, an answer lost on the way — and a retry reuses the fix and the upload', async () => {
  at('10:00:00');
  const id = await issue(TM);
  at('10:02:00');
  const page = await open(TM);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);

  // Location refused: the reason and 去设置, and the button still there.
  demo.device.location = { errMsg: 'getLocation:fail auth deny', errno: 103 };
  await answerTap(page);
  expect(el(page, '#message-text-0').dom!.textContent).toBe('您没有允许“在岗”使用位置信息，无法响应约请。请点下面的“去设置”，打开“位置信息”后再点“响应”');
  const openSetting = jest.spyOn(wx, 'openSetting');
  await tap(page, '#open-setting');
  expect(openSetting).toHaveBeenCalled();
  expect(el(page, '#answer-0').dom!.textContent).toBe('响应');
  expect(demo.device.uploadCalls).toHaveLength(0);

  // Location allowed, but the camera closed without a photo.
  standIn(TM);
  await answerTap(page);
  expect(el(page, '#message-text-0').dom!.textContent).toBe('没有拍到现场照片。响应约请需要一张现场照片，请再点“响应”，对着您所在的地方拍一张');
  expect(demo.device.locationCalls).toHaveLength(2);
  expect(demo.device.uploadCalls).toHaveLength(0);
  expect(el(page, '#answer-0').dom!.textContent).toBe('重新提交');

  // A photo now; the server records the answer but its reply never reaches the phone.
  demo.device.media = ['wxfile://tmp/live-tm.jpg'];
  const sent: { clientId: string; photoFileId: string }[] = [];
  setTransport(async (r) => {
    if (r.action !== 'spotCheck.answer') return localTransport(r);
    const input = r.input as { fix: { clientId: string }; photoFileId: string };
    sent.push({ clientId: input.fix.clientId, photoFileId: input.photoFileId });
    await localTransport(r);
    if (sent.length === 1) throw new TransportError('offline', 'the answer was lost');
    return localTransport(r);
  });
  await answerTap(page);
  expect(el(page, '#message-text-0').dom!.textContent).toBe('网络不畅，响应还没有送到。定位和照片已保存在手机上，请到信号好的地方点“重新提交”');
  expect(el(page, '#answer-0').dom!.textContent).toBe('重新提交');
  expect(page.querySelector('#result')).toBeUndefined();
  // The fix from before the cancelled photo was kept: no new fix was taken.
  expect(demo.device.locationCalls).toHaveLength(2);
  expect(demo.device.uploadCalls).toHaveLength(1);
  expect((await stored(id)).status).toBe('answered');

  // 重新提交 a minute later: the same attempt (clientId, fix, uploaded photo) — the server knows it, and it counts once.
  demo.tc.cloud.clock.advance(60_000);
  await answerTap(page);
  expect(el(page, '#headline').dom!.textContent).toBe('已按时响应');
  expect(page.querySelector('#message-text-0')).toBeUndefined();
  expect(demo.device.locationCalls).toHaveLength(2);
  expect(demo.device.uploadCalls).toHaveLength(1);
  expect(sent).toHaveLength(2);
  expect(sent[1]).toEqual(sent[0]);
  const sc = await stored(id);
  expect(sc.answer!.checkinId).toBe(`${TM.id}.${sent[0]!.clientId}`);
  expect(sc.answer!.photoFileId).toBe(sent[0]!.photoFileId);
});

it('shows the server’s refusal of an answer that comes after the day is over, and the request as 未响应', async () => {
  at('10:00:00');
  const id = await issue(SL);
  at('23:58:00');
  const page = await open(SL, { id });
  expect(el(page, '#countdown-0').dom!.textContent).toBe('已超时，仍可补充响应');

  // The cadre taps just after midnight.
  demo.tc.cloud.clock.set('2026-05-13T00:01:00+08:00', { frozen: true });
  standIn(SL);
  demo.device.media = ['wxfile://tmp/live-sl.jpg'];
  await answerTap(page);
  await waitFor(() => page.data.pending.length === 0, 'the lists read again');
  expect(el(page, '#message-text').dom!.textContent).toBe('这条约请已结束，不能再响应');
  expect(page.querySelector('#result')).toBeUndefined();
  expect(textOf(el(page, '#recent-0'))).toBe('5月12日 10:00 未响应 龙小燕 发出');
  expect(page.querySelector('#recent-0.request-focus')).toBeDefined();
  expect((await stored(id)).status).toBe('open');
});

it('asks for privacy consent before the first fix, and answers once the person agrees', async () => {
  at('11:00:00');
  const id = await issue(PB);
  at('11:03:00');
  demo.device.privacyNeeded = true;
  const page = await open(PB);
  await waitFor(() => page.data.privacyNeeded, 'wx.getPrivacySetting');
  standIn(PB);
  demo.device.media = ['wxfile://tmp/live-pb.jpg'];
  await tap(page, '#answer-0');
  expect(textOf(el(page, '#privacy'))).toContain('只在您点“响应”时定位一次');
  expect(demo.device.locationCalls).toHaveLength(0);

  demo.device.privacyNeeded = false;
  el(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization', {});
  await settle();
  await waitFor(() => page.data.busyId === '' && !!page.data.result, 'the answer');
  expect(page.querySelector('#privacy')).toBeUndefined();
  expect(el(page, '#headline').dom!.textContent).toBe('已按时响应');
  expect((await stored(id)).status).toBe('answered');
});

it('says plainly when nothing is pending, even on a WeChat without 1-to-1 calls, and when the message’s request is not found', async () => {
  delete (wx as unknown as { setEnable1v1Chat?: unknown }).setEnable1v1Chat;
  const page = await open(NOBODY, { id: 'b-0123456789abcdef0123.p-fs-jinlong' });
  expect(page.data.status).toBe('ok');
  expect(textOf(el(page, '#none-pending'))).toBe('现在没有待响应的约请。 组织部门发来约请时，会在这里显示，也会尽量给您发一条微信提醒。');
  expect(el(page, '#none-recent').dom!.textContent).toBe('最近一周没有其他约请');
  expect(page.querySelector('#answer-0')).toBeUndefined();
  expect(el(page, '#notice').dom!.textContent).toBe('没有找到消息里的这条约请，它可能已经结束。下面是您现在的约请。');
});

it('keeps going when setEnable1v1Chat fails', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  (wx as unknown as { setEnable1v1Chat?: unknown }).setEnable1v1Chat = (o: WechatMiniprogram.SetEnable1v1ChatOption) => setTimeout(() => o.fail?.({ errMsg: 'setEnable1v1Chat:fail no permission' }), 0);
  const page = await open(NOBODY);
  await settle();
  expect(page.data.status).toBe('ok');
  expect(page.querySelector('#none-pending')).toBeDefined();
  expect(warn).toHaveBeenCalledWith('[spotcheck] setEnable1v1Chat failed', expect.objectContaining({ errMsg: 'setEnable1v1Chat:fail no permission' }));
});

it('tells someone who is not a stationed cadre that there are no spot checks', async () => {
  const page = await open({ openid: DEMO.villager });
  expect(page.data.status).toBe('notCadre');
  expect(el(page, '#not-cadre').dom!.textContent).toBe('您当前没有驻村任务，没有约请');
  expect(page.querySelector('#answer-0')).toBeUndefined();
});
