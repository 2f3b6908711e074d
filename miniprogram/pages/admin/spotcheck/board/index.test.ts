/**
 * 约请看板 against a real local cloud seeded with the demo county, on Tuesday 2026-05-12: at
 * 10:00 龙小燕 of 双龙镇 asks the three cadres of 十八洞村. Her board counts their requests
 * down (the phone's timer, the server's clock), reads itself again every minute and when one
 * reaches zero, and shows 蒋文博's answer (on time, with his live photo) and 石婷's (late); she
 * calls 龙俊杰 by video — or, without 1-to-1 video, by phone — and records what she saw.
 */
import { localTransport } from '../../../../api/client';
import { setTransport, upload } from '../../../../api/index';
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, settle, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/spotcheck/board/index';
const LEDGER = 'pages/admin/checkin/ledger/index';
const demo = useDemoCloud();

const FS = { openid: DEMO.cadre, id: 'p-fs-shibadong', name: '蒋文博', phone: '13800000025' };
const TM = { openid: 'demo-tm-shibadong-1', id: 'p-tm-shibadong-1', name: '石婷' };
const TM2 = { openid: 'demo-tm-shibadong-2', id: 'p-tm-shibadong-2', name: '龙俊杰' };
const ids: Record<string, string> = {};
let centre: { lat: number; lng: number };
let n = 0;

beforeAll(async () => {
  // 10:00 (the demo clock): three requests, due at 10:30.
  const r = await demo.tc.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: 'board-test-issue-1', personIds: [FS.id, TM.id, TM2.id], note: '例行抽查' }, DEMO.townStaff);
  expect(r).toMatchObject({ ok: true });
  for (const sc of r.data.issued) ids[sc.personId] = sc.id;
  centre = (await demo.tc.call('org.getUnit', { id: 'vil-shibadong' }, DEMO.townStaff)).data.center;
});

/** A cadre answers as their answer page would: a live photo uploaded to their folder, and a fresh fix at the village centre. */
async function answer(who: { openid: string; id: string }, accuracy = 15): Promise<void> {
  demo.loginAs(who.openid);
  const up = await upload(`wxfile://tmp/live-${++n}.jpg`, `spotchecks/${who.id}/${ids[who.id]}-${n}.jpg`);
  demo.loginAs(DEMO.townStaff);
  if (!up.ok) throw new Error(up.message);
  const fix = { clientId: `board-answer-${n}-abcdefgh`, lat: centre.lat, lng: centre.lng, accuracy, capturedAt: demo.tc.cloud.clock.now().toISOString() };
  expect(await demo.tc.call('spotCheck.answer', { id: ids[who.id], fix, photoFileId: up.data.fileID }, who.openid)).toMatchObject({ ok: true });
}

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = { unitId: 'vil-shibadong' }): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  // The board, and the picker's units (so that no call is left running when the test ends).
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || (page.data.boardStatus !== 'loading' && page.data.units.length > 0)), 'the board');
  return page;
}

/** The item of a cadre, and its place in the list. */
function itemOf(page: Rendered, name: string): { i: number; text: string } {
  const i = (page.data.items as { name: string }[]).findIndex((x) => x.name === name);
  if (i < 0) throw new Error(`no item for ${name}: ${textOf(page)}`);
  return { i, text: textOf(el(page, `#item-${i}`)) };
}
const counts = (page: Rendered) => textOf(el(page, '#counts'));

/** Count the board reads the page makes (`n` sent, `done` answered). */
function countBoardReads(): { n: number; done: number } {
  const reads = { n: 0, done: 0 };
  setTransport(async (req) => {
    if (req.action !== 'spotCheck.board') return localTransport(req);
    reads.n++;
    const answer = await localTransport(req);
    reads.done++;
    return answer;
  });
  return reads;
}

/** One second of the page's timer (the only faked timer: everything else runs for real). */
async function second(ms = 1000): Promise<void> {
  jest.advanceTimersByTime(ms);
  await settle();
}

describe('live', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => jest.useRealTimers());

  it('counts open requests down, reads again every minute and when one reaches zero, and stops its timer when closed', async () => {
    const reads = countBoardReads();
    const page = await open();
    expect(reads.n).toBe(1);
    expect(el(page, '#unit-name').dom!.textContent).toBe('双龙镇 / 十八洞村 ▾');
    // The server's day, as the board's default.
    expect(el(page, '#date-text').dom!.textContent).toBe('2026年5月12日 ▾');
    expect(counts(page)).toBe('3 待响应 0 按时 0 超时 0 未响应');
    for (const who of [FS, TM, TM2]) expect(itemOf(page, who.name).text).toContain('待响应 10:00 龙小燕 发出，截止 10:30（例行抽查） 剩余 30:00');

    // Five seconds later by the server's clock: the countdowns follow it.
    demo.tc.cloud.clock.advance(5_000);
    await second();
    expect(el(page, `#countdown-${itemOf(page, TM.name).i}`).dom!.textContent).toBe('剩余 29:55');
    expect(reads.n).toBe(1);

    // 蒋文博 answers; the board shows it at its next minute.
    await answer(FS);
    await second();
    expect(itemOf(page, FS.name).text).toContain('待响应');
    demo.tc.cloud.clock.advance(55_000);
    await second();
    await waitFor(() => reads.n === 2 && counts(page) === '2 待响应 1 按时 0 超时 0 未响应', 'the minute’s read');
    expect(itemOf(page, FS.name).text).toContain('按时响应');
    expect(el(page, `#countdown-${itemOf(page, TM.name).i}`).dom!.textContent).toBe('剩余 29:00');

    // 10:29:50: another minute's read. Then 石婷 answers at the deadline; ten seconds on, the
    // countdowns reach zero and the board reads itself again at once.
    demo.tc.cloud.clock.set('2026-05-12T10:29:50+08:00', { frozen: true });
    await second();
    await waitFor(() => reads.done === 3, 'the read at 10:29:50');
    await settle();
    expect(el(page, `#countdown-${itemOf(page, TM2.name).i}`).dom!.textContent).toBe('剩余 00:10');
    demo.tc.cloud.clock.set('2026-05-12T10:30:00+08:00', { frozen: true });
    await answer(TM, 600);
    await second();
    await waitFor(() => reads.n === 4 && counts(page) === '1 待响应 1 按时 1 超时 0 未响应', 'the read at zero');
    expect(itemOf(page, TM.name).text).toContain('超时响应');
    expect(el(page, `#countdown-${itemOf(page, TM2.name).i}`).dom!.textContent).toBe('已截止');
    // Still zero a second later: no more reads until the next minute.
    demo.tc.cloud.clock.advance(1_000);
    await second();
    await settle();
    expect(reads.n).toBe(4);

    expect(jest.getTimerCount()).toBe(1);
    page.detach();
    expect(jest.getTimerCount()).toBe(0);
  });
});

it('shows the answers: time, in the village, flags, the live photo (a tap opens it); the look is recorded', async () => {
  const page = await open();
  const fs = itemOf(page, FS.name);
  expect(fs.text).toContain('蒋文博 十八洞村 按时响应');
  expect(fs.text).toContain('10:00 响应 在村内');
  expect(page.querySelector(`#countdown-${fs.i}`)).toBeUndefined();
  const tm = itemOf(page, TM.name);
  expect(tm.text).toContain('石婷 十八洞村 超时响应');
  expect(tm.text).toContain('10:30 响应');
  expect(tm.text).toContain('定位不够准确');
  expect(fs.text).not.toContain('定位不够准确');

  const src = page.data.items[fs.i].photoUrl as string;
  expect(src).toMatch(new RegExp(`^${demo.tc.cloud.url}/_storage/.+/spotchecks/p-fs-shibadong/.+\\.jpg\\?sign=`));
  const thumb = el(page, `#photo-${fs.i}`);
  expect((thumb.dom as unknown as { getAttribute(name: string): string | null }).getAttribute('data-src')).toBe(src);
  const preview = jest.spyOn(wx, 'previewImage');
  await tap(page, `#photo-${fs.i}`);
  expect(preview).toHaveBeenCalledWith(expect.objectContaining({ current: src }));
  const urls = (preview.mock.calls[0]![0] as { urls: string[] }).urls;
  expect(urls).toHaveLength(2);
  expect(urls).toContain(src);

  // 蒋文博 sees that 龙小燕 looked at where he answered from.
  const viewers = await demo.tc.call('checkin.viewers', {}, FS.openid);
  expect(viewers.data[0]).toMatchObject({ what: 'spotCheck' });
});

it('a video call with both openids, then 不在岗 recorded on the item, and the server raises an inquiry', async () => {
  const page = await open();
  const join = jest.spyOn(wx, 'join1v1Chat').mockImplementation(((o: WechatMiniprogram.Join1v1ChatOption) => setTimeout(() => o.success?.({ errMsg: 'join1v1Chat:ok', errCode: 0 }), 0)) as never);
  const { i } = itemOf(page, TM2.name);
  await tap(page, `#video-${i}`);
  await waitFor(() => page.data.items[i].panel.stage === 'record', 'the call');
  expect(join).toHaveBeenCalledTimes(1);
  expect(join.mock.calls[0]![0]).toMatchObject({ caller: { nickname: '龙小燕', openid: DEMO.townStaff }, listener: { nickname: '龙俊杰', openid: TM2.openid }, roomType: 'video' });
  expect(el(page, `#call-message-${i}`).dom!.textContent).toBe('已向龙俊杰发起视频通话；通话后请记录结果');
  expect(textOf(el(page, `#record-${i}`))).toContain('记录结果（视频通话）');
  // No phone fallback when the video call went through.
  expect(page.querySelector(`#phone-${i}`)).toBeUndefined();

  await type(page, `#note-${i}`, '视频中在县城');
  await tap(page, `#outcome-${i}-notAtPost`);
  await waitFor(() => page.querySelector(`#record-${i}`) === undefined && page.data.notice !== '', 'the record');
  expect(el(page, '#notice').dom!.textContent).toBe('已记录：龙俊杰 不在岗，已生成当天的电话询问任务');
  const { text } = itemOf(page, TM2.name);
  expect(text).toContain('核查结果：不在岗 视频通话 · 龙小燕 10:00 视频中在县城');

  // On the server: the call on the request, and the same-day inquiry for the township.
  const board = await demo.tc.call('spotCheck.board', { unitId: 'vil-shibadong' }, DEMO.townStaff);
  expect(board.data.items.find((x: { personId: string }) => x.personId === TM2.id).call).toMatchObject({ channel: 'video', outcome: 'notAtPost', note: '视频中在县城', byName: '龙小燕' });
  const tasks = await demo.tc.call('spotCheck.tasks', { unitId: 'vil-shibadong', status: 'open', kind: 'inquiry' }, DEMO.townStaff);
  expect(tasks.data).toEqual(expect.arrayContaining([expect.objectContaining({ personId: TM2.id, spotCheckIds: [ids[TM2.id]], why: expect.stringContaining('视频核查：不在岗') })]));

  // Opened again, the board still shows it.
  const again = await open();
  expect(itemOf(again, TM2.name).text).toContain('核查结果：不在岗');
});

it('without 1-to-1 video, or when it fails, offers 拨打电话; the phone call’s result is recorded', async () => {
  const page = await open();
  const { i } = itemOf(page, FS.name);
  // It fails: the phone is offered, and 未接通 could be recorded for the video call.
  jest.spyOn(wx, 'join1v1Chat').mockImplementation(((o: WechatMiniprogram.Join1v1ChatOption) => setTimeout(() => o.fail?.({ errMsg: 'join1v1Chat:fail listener not available', errCode: -1 }), 0)) as never);
  await tap(page, `#video-${i}`);
  await waitFor(() => page.data.items[i].panel.stage === 'record', 'the failed call');
  expect(el(page, `#call-message-${i}`).dom!.textContent).toBe('视频通话没有接通（join1v1Chat:fail listener not available），可以改为拨打电话');
  expect(el(page, `#phone-${i}`).dom!.textContent).toBe(`拨打电话 ${FS.phone}`);
  await tap(page, `#cancel-${i}`);
  expect(page.querySelector(`#record-${i}`)).toBeUndefined();

  // This WeChat has no join1v1Chat at all.
  const w = wx as unknown as { join1v1Chat?: unknown };
  const saved = w.join1v1Chat;
  delete w.join1v1Chat;
  try {
    await tap(page, `#video-${i}`);
    await waitFor(() => !!page.querySelector(`#phone-${i}`), 'the fallback');
  } finally {
    w.join1v1Chat = saved;
  }
  expect(el(page, `#call-message-${i}`).dom!.textContent).toBe('当前微信版本不支持小程序内视频通话，可以改为拨打电话');
  expect(page.querySelector(`#record-${i}`)).toBeUndefined();
  const dial = jest.spyOn(wx, 'makePhoneCall').mockImplementation(((o: WechatMiniprogram.MakePhoneCallOption) => setTimeout(() => o.success?.({ errMsg: 'makePhoneCall:ok' }), 0)) as never);
  await tap(page, `#phone-${i}`);
  await waitFor(() => page.data.items[i].panel.stage === 'record', 'the phone call');
  expect(dial).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: FS.phone }));
  expect(textOf(el(page, `#record-${i}`))).toContain('记录结果（电话）');
  await tap(page, `#outcome-${i}-seenAtPost`);
  await waitFor(() => page.querySelector(`#record-${i}`) === undefined, 'the record');
  expect(itemOf(page, FS.name).text).toContain('核查结果：在岗 电话 · 龙小燕 10:00');
  const board = await demo.tc.call('spotCheck.board', { unitId: 'vil-shibadong' }, DEMO.townStaff);
  expect(board.data.items.find((x: { personId: string }) => x.personId === FS.id).call).toMatchObject({ channel: 'phone', outcome: 'seenAtPost' });
  // 在岗 raises nothing.
  const tasks = await demo.tc.call('spotCheck.tasks', { unitId: 'vil-shibadong', kind: 'inquiry' }, DEMO.townStaff);
  expect(tasks.data.some((t: { personId: string }) => t.personId === FS.id)).toBe(false);
});

it('another day and another unit; links to 发起约请, the tasks and the figures; the ledger’s 约请 opens it', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open(DEMO.townStaff, {});
  expect(el(page, '#unit-name').dom!.textContent).toBe('双龙镇 ▾');
  // The township's board has 十八洞村's requests too.
  expect(counts(page)).toBe('1 待响应 1 按时 1 超时 0 未响应');
  await pick(page, '#date', '2026-05-11');
  await waitFor(() => page.data.boardStatus === 'ok' && page.data.date === '2026-05-11', 'the day before');
  expect(el(page, '#empty').dom!.textContent).toBe('这一天没有约请');
  expect(counts(page)).toBe('0 待响应 0 按时 0 超时 0 未响应');

  await pick(page, '#unit', page.data.units.findIndex((u: { id: string }) => u.id === 'vil-jinlong'));
  await waitFor(() => page.data.boardStatus === 'ok' && page.data.unitId === 'vil-jinlong', 'the village');
  await tap(page, '#issue');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/spotcheck/issue/index?unitId=vil-jinlong' }));
  await tap(page, '#to-tasks');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/spotcheck/tasks/index?unitId=vil-jinlong' }));
  await tap(page, '#to-figures');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/spotcheck/figures/index?unitId=vil-jinlong' }));

  const ledger = render(LEDGER);
  ledger.instance.onLoad({ unitId: 'vil-shibadong' });
  await waitFor(() => ledger.data.status === 'ok' && ledger.data.ledgerStatus === 'ok' && ledger.data.units.length > 0, 'the ledger');
  await tap(ledger, '#to-spotcheck');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/spotcheck/board/index?unitId=vil-shibadong' }));
});

it('is only for organisation staff; staff outside the unit get the server’s answer', async () => {
  const page = await open(DEMO.cadre);
  expect(el(page, '#forbidden').dom!.textContent).toBe('只有组织部门的同志可以查看约请看板');
  const other = await open('demo-bj-staff', { unitId: 'vil-shibadong' });
  expect(other.data.boardStatus).toBe('forbidden');
  expect(el(other, '#board-error').dom!.textContent).not.toBe('');
});
