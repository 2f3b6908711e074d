/**
 * The check-in page against a real local cloud seeded with the demo county: 蒋文博, first
 * secretary of 十八洞村, taps 签到 on a Tuesday morning. Only the phone is faked (its location,
 * the subscription dialog, privacy consent, the network): the fix goes through the real
 * `checkin.submit`, which judges it.
 */
import { db } from '../../../../server/platform/cloud';
import { setTransport, TransportError, upload } from '../../../api/index';
import { localTransport } from '../../../api/client';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, render, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { PENDING_KEY } from '../../../utils/location';

const PAGE = 'pages/checkin/index/index';
const demo = useDemoCloud();

let centre: { lat: number; lng: number };
beforeAll(async () => {
  const unit = await demo.tc.call('org.getUnit', { id: 'vil-shibadong' }, DEMO.townStaff);
  centre = unit.data.center;
});

/** Each test at its own minute of the morning window, so fixes of earlier tests look ordinary. */
let minute = 0;
function morning(): void {
  minute += 7;
  demo.tc.cloud.clock.set(Date.parse('2026-05-12T08:30:00+08:00') + minute * 60_000, { frozen: true });
}

let accuracy = 10;
/** A fix at the village's centre (moved north by `dLat` degrees), never quite the same twice. */
function at(dLat = 0): void {
  demo.device.location = { latitude: centre.lat + dLat, longitude: centre.lng, accuracy: ++accuracy, speed: 0.3, altitude: 410 };
}

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  await waitFor(() => page.data.status !== 'loading', 'checkin.mine');
  return page;
}

const idle = (page: Rendered) => waitFor(() => page.data.stage === '', 'the check-in to finish');
async function checkIn(page: Rendered): Promise<void> {
  await tap(page, '#checkin');
  await idle(page);
}

const mine = async () => (await demo.tc.call('checkin.mine', { month: '2026-05' }, DEMO.cadre)).data.checkins as { id: string; inside: boolean }[];

it('checks in inside 十八洞村: 已签到, the window and the server’s time; the first tap asks for reminders', async () => {
  morning();
  at();
  const page = await open();
  expect(textOf(el(page, '#window-am'))).toBe('上午 08:30–10:00 待签到');
  expect(textOf(el(page, '#window-pm'))).toBe('下午 14:00–15:30 未开始');

  await checkIn(page);
  expect(el(page, '#headline').dom!.textContent).toBe('已签到（在村内）');
  expect(el(page, '#result-window').dom!.textContent).toBe('上午签到（08:30–10:00）');
  expect(el(page, '#server-time').dom!.textContent).toBe('2026年5月12日 星期二 08:37');
  expect(textOf(el(page, '#window-am'))).toBe('上午 08:30–10:00 已签到');
  expect(textOf(el(page, '#recent'))).toContain('5月12日 08:37 上午 在村内');

  // One fix, on the tap, precise, in the coordinates fences use; never in the background.
  expect(demo.device.locationCalls).toEqual([{ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 3000 }]);
  expect(demo.device.backgroundCalls).toBe(0);

  // The reminder was asked for in the same tap, and the grant banked on the server (and in the local outbox).
  // A cadre is asked for the messages a cadre can get: reminders, and spot checks (约请).
  expect(demo.device.subscribeCalls).toEqual([['local-checkinReminder', 'local-spotCheckRequest', 'local-reportDue']]);
  await waitFor(() => page.data.reminder !== '', 'the grant to be banked');
  expect(el(page, '#reminder').dom!.textContent).toBe('已开启签到提醒：签到前会收到一次微信提醒');
  expect((await db.collection('subscriptions').doc('p-fs-shibadong.checkinReminder').get()).data).toMatchObject({ count: 1 });
  expect(demo.tc.cloud.messages.grants(DEMO.cadre, 'local-checkinReminder')).toBe(1);

  // A second tap on the same visit checks in again without asking again.
  demo.tc.cloud.clock.advance(60_000);
  at();
  await checkIn(page);
  expect(demo.device.subscribeCalls).toHaveLength(1);
  expect(demo.device.locationCalls).toHaveLength(2);
});

it('says how far away a fix outside the village is', async () => {
  morning();
  at(0.05);
  const page = await open();
  await checkIn(page);
  const r = await mine();
  const { distanceM } = (await demo.tc.call('checkin.mine', {}, DEMO.cadre)).data.checkins[0];
  expect(r[0]!.inside).toBe(false);
  expect(el(page, '#headline').dom!.textContent).toBe(`不在村内范围，距离约 ${(Math.round(distanceM / 100) / 10).toFixed(1)} 公里`);
  expect(page.querySelector('.result-out')).toBeDefined();
  expect(textOf(el(page, '#window-am'))).toContain('已签到');
  expect(textOf(el(page, '#recent'))).toMatch(/不在村内（约 \d+\.\d 公里）/);
});

it('keeps a check-in made offline, and uploads it once when the network returns', async () => {
  morning();
  at();
  const page = await open();
  const before = (await mine()).length;

  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  demo.device.setOnline(false);
  await checkIn(page);
  expect(el(page, '#message-text').dom!.textContent).toBe('网络不畅，这次签到已保存在手机上（定位时间 5月12日 08:51），网络恢复后会自动上传');
  expect(el(page, '#pending-count').dom!.textContent).toBe('1');
  const kept = demo.storage.get(PENDING_KEY) as { clientId: string; fix: { capturedAt: string } }[];
  expect(kept).toEqual([expect.objectContaining({ clientId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), fix: expect.objectContaining({ lat: centre.lat, capturedAt: '2026-05-12T00:51:00.000Z' }) })]);
  expect(await mine()).toHaveLength(before);

  // A quarter of an hour later the network comes back: the page sends it by itself.
  demo.tc.cloud.clock.advance(15 * 60_000);
  demo.device.setOnline(true);
  await waitFor(() => page.data.pendingCount === 0, 'the pending check-in to be sent');
  expect(el(page, '#pending-notice').dom!.textContent).toBe('已补传 1 条签到');
  expect(el(page, '#headline').dom!.textContent).toBe('已签到（在村内）');
  expect(textOf(el(page, '#result'))).toContain('这是网络恢复后补传的签到，定位时间 5月12日 08:51');
  expect(textOf(el(page, '#result'))).toContain('延迟上传：定位于 15 分钟前采集，延迟上传');
  expect(page.querySelector('#message')).toBeUndefined();
  expect(demo.storage.has(PENDING_KEY)).toBe(false);
  const after = await mine();
  expect(after).toHaveLength(before + 1);
  expect(after.filter((c) => c.id === `p-fs-shibadong.${kept[0]!.clientId}`)).toHaveLength(1);
});

it('records a check-in once when its answer was lost on the way and 重新上传 sends it again', async () => {
  morning();
  at();
  const page = await open();
  const before = (await mine()).length;

  // The server gets the check-in, but the answer never reaches the phone.
  setTransport(async (r) => {
    await localTransport(r);
    throw new TransportError('offline', 'the answer was lost');
  });
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  await checkIn(page);
  expect(page.data.pendingCount).toBe(1);
  expect(await mine()).toHaveLength(before + 1);

  // Still offline: 重新上传 says so and keeps it.
  await tap(page, '#upload-pending');
  await waitFor(() => page.data.pendingError !== '', 'the retry to fail');
  expect(el(page, '#pending-error').dom!.textContent).toBe('仍然连不上网络，签到还保存在手机上，请稍后再试');
  expect(page.data.pendingCount).toBe(1);

  setTransport(null);
  await tap(page, '#upload-pending');
  await waitFor(() => page.data.pendingCount === 0, 'the retry');
  expect(el(page, '#pending-notice').dom!.textContent).toBe('已补传 1 条签到');
  expect(await mine()).toHaveLength(before + 1);
});

it('drops a kept check-in the server refuses as too late, saying so', async () => {
  morning();
  at();
  const page = await open();
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  demo.device.setOnline(false);
  await checkIn(page);
  page.detach();
  expect(demo.storage.get(PENDING_KEY)).toHaveLength(1);

  // Three hours later the page opens again with the network back.
  demo.tc.cloud.clock.advance(3 * 3600_000);
  demo.device.setOnline(true);
  const again = await open();
  await waitFor(() => again.data.pendingNotice !== '', 'the refusal');
  expect(el(again, '#pending-notice').dom!.textContent).toBe('定位于 5月12日 09:05 的离线签到超过了上传时限，已作废：这次定位已超过 120 分钟未上传，不能再提交，请重新定位签到');
  expect(again.data.pendingCount).toBe(0);
  expect(demo.storage.has(PENDING_KEY)).toBe(false);
  expect(again.querySelector('#upload-pending')).toBeUndefined();
});

describe('privacy consent', () => {
  /** A tap on `<button open-type="agreePrivacyAuthorization">`: WeChat records the consent, then the page hears of it. */
  async function agree(page: Rendered): Promise<void> {
    demo.device.privacyNeeded = false;
    el(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization', {});
    await new Promise((r) => setTimeout(r, 0));
  }

  it('asks before the first fix, and checks in once the person agrees', async () => {
    morning();
    at();
    demo.device.privacyNeeded = true;
    const page = await open();
    await waitFor(() => page.data.privacyNeeded, 'wx.getPrivacySetting');
    await tap(page, '#checkin');
    expect(textOf(el(page, '#privacy'))).toContain('只在您点“签到”时定位一次');
    expect(demo.device.locationCalls).toHaveLength(0);

    await agree(page);
    await idle(page);
    expect(page.querySelector('#privacy')).toBeUndefined();
    expect(el(page, '#headline').dom!.textContent).toBe('已签到（在村内）');
  });

  it('answers WeChat’s own request (onNeedPrivacyAuthorization): 不同意 stops, 同意 goes on', async () => {
    morning();
    at();
    const page = await open();
    // Consent is needed, but the page does not know it yet: WeChat holds getLocation and asks.
    demo.device.privacyNeeded = true;
    await tap(page, '#checkin');
    await waitFor(() => page.data.privacyOpen, 'the privacy dialog');
    await tap(page, '#privacy-disagree');
    await idle(page);
    expect(demo.device.privacyResolutions.map((r) => r.event)).toEqual(['exposureAuthorization', 'disagree']);
    expect(el(page, '#message-text').dom!.textContent).toBe('您还没有同意《隐私保护指引》，无法获取位置。需要签到时请再点“签到”，并点“同意”');

    await tap(page, '#checkin');
    await waitFor(() => page.data.privacyOpen, 'the privacy dialog again');
    await agree(page);
    await idle(page);
    expect(demo.device.privacyResolutions.slice(-1)).toEqual([{ event: 'agree', buttonId: 'agree-privacy' }]);
    expect(el(page, '#headline').dom!.textContent).toBe('已签到（在村内）');
  });
});

it('tells a cadre who refused the location permission how to allow it', async () => {
  morning();
  demo.device.location = { errMsg: 'getLocation:fail auth deny', errno: 103 };
  const page = await open();
  await checkIn(page);
  expect(el(page, '#message-text').dom!.textContent).toContain('您没有允许“在岗”使用位置信息');
  const openSetting = jest.spyOn(wx, 'openSetting');
  await tap(page, '#open-setting');
  expect(openSetting).toHaveBeenCalled();
});

it('checks in on a phone that could not load the page’s lists', async () => {
  morning();
  at();
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  demo.device.setOnline(false);
  const page = await open();
  expect(page.data.status).toBe('error');
  expect(el(page, '#load-error').dom!.textContent).toBe('网络不畅，请检查网络后重试');
  demo.device.setOnline(true);
  await waitFor(() => page.data.status === 'ok', 'the lists once the network is back');
  await checkIn(page);
  expect(el(page, '#headline').dom!.textContent).toBe('已签到（在村内）');
});

it('tells someone who is not a stationed cadre that there is nothing to check in', async () => {
  const page = await open(DEMO.villager);
  expect(page.data.status).toBe('notCadre');
  expect(el(page, '#not-cadre').dom!.textContent).toBe('您当前没有驻村任务，无需签到');
  expect(page.querySelector('#checkin')).toBeUndefined();
});

it('links to 补卡 for a missed window, and to who viewed my location', async () => {
  demo.tc.cloud.clock.set('2026-05-12T14:10:00+08:00', { frozen: true });
  demo.loginAs('demo-tm-shibadong-1'); // 石婷 has not checked in this morning
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = render(PAGE);
  await waitFor(() => page.data.status === 'ok', 'checkin.mine');
  expect(textOf(el(page, '#window-am'))).toBe('上午 08:30–10:00 未签到 补卡 ›');
  await tap(page, '#window-am .window-fix');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/checkin/correction/index?date=2026-05-12&windowId=am' }));
  await tap(page, '#to-viewers');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/checkin/viewers/index' }));
});

it('shows 您有 N 条约请待响应 when spot checks wait, linking to them; none without', async () => {
  // Nothing asked yet: once spotCheck.mine has answered, no banner.
  let reads = 0;
  setTransport(async (r) => {
    const answer = await localTransport(r);
    if (r.action === 'spotCheck.mine') reads++;
    return answer;
  });
  const before = await open();
  await waitFor(() => reads === 1, 'spotCheck.mine');
  await new Promise((r) => setTimeout(r, 0));
  expect(before.data.spotCheckPending).toBe(0);
  expect(before.querySelector('#spotcheck-banner')).toBeUndefined();
  before.detach();
  setTransport(null);

  // 10:00: 龙小燕 asks 蒋文博 twice.
  for (const requestId of ['checkin-page-banner-1', 'checkin-page-banner-2']) {
    expect(await demo.tc.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId, personIds: ['p-fs-shibadong'] }, DEMO.townStaff)).toMatchObject({ ok: true });
  }
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open();
  await waitFor(() => page.data.spotCheckPending > 0, 'spotCheck.mine');
  expect(el(page, '#spotcheck-count').dom!.textContent).toBe('您有 2 条约请待响应');
  await tap(page, '#to-spotcheck');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/spotcheck/answer/index' }));

  // Back from the spot-check page with one answered (as that page would): the banner follows.
  const { data } = await demo.tc.call('spotCheck.mine', {}, DEMO.cadre);
  const id = data.pending[0].id as string;
  demo.loginAs(DEMO.cadre);
  const up = await upload('wxfile://tmp/banner-live.jpg', `${data.photoFolder}${id}.jpg`);
  if (!up.ok) throw new Error(up.message);
  const fix = { clientId: 'banner-answer-abcdefgh', lat: centre.lat, lng: centre.lng, accuracy: 20, capturedAt: demo.tc.cloud.clock.now().toISOString() };
  expect(await demo.tc.call('spotCheck.answer', { id, fix, photoFileId: up.data.fileID }, DEMO.cadre)).toMatchObject({ ok: true });
  page.instance.onShow();
  await waitFor(() => page.data.spotCheckPending === 1, 'the banner to follow');
  expect(el(page, '#spotcheck-count').dom!.textContent).toBe('您有 1 条约请待响应');
});

it('keeps a check-in the server could not take (busy), and 重新上传 sends it', async () => {
  morning();
  at();
  const page = await open();
  const before = (await mine()).length;
  // The database is throttled: the function answers 系统繁忙 without recording anything.
  setTransport(async (r) => (r.action === 'checkin.submit' ? { ok: false, code: 'internal', message: '系统繁忙，请稍后再试' } : localTransport(r)));
  await checkIn(page);
  // The tap also banked the reminders (in the background): let it finish inside this test.
  await waitFor(() => page.data.reminder !== '', 'the grant to be banked');
  expect(el(page, '#message-text').dom!.textContent).toMatch(/^系统繁忙，这次签到已保存在手机上/);
  expect(page.data.pendingCount).toBe(1);
  expect(await mine()).toHaveLength(before);
  setTransport(null);
  await tap(page, '#upload-pending');
  await waitFor(() => page.data.pendingCount === 0, 'the retry');
  expect(el(page, '#pending-notice').dom!.textContent).toBe('已补传 1 条签到');
  expect(await mine()).toHaveLength(before + 1);
});
