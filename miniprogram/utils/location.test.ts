/** The phone's side of a check-in without a backend: the fix, failures in words, pending storage, and the result in words. */
import { dropPending, fixOf, keepPending, locate, locateFailure, newClientId, pendingCheckins, PENDING_KEY, submitInput } from './location';
import { outcome, windowNameOf } from './checkin';
import type { Submitted } from './checkin';
import { setPhoneClock } from './day';
import { listenPrivacy } from './privacy';

const g = globalThis as unknown as { wx: Record<string, unknown> };
const saved = g.wx;
let storage: Map<string, unknown>;
beforeEach(() => {
  storage = new Map();
  g.wx = {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
  };
  setPhoneClock(() => Date.parse('2026-05-12T09:00:00+08:00'));
});
afterEach(() => {
  g.wx = saved;
  setPhoneClock(null);
});

describe('the fix', () => {
  it('keeps what the server accepts, and the phone’s time of capture', () => {
    expect(fixOf({ latitude: 28.38, longitude: 109.55, accuracy: 65, speed: -1, altitude: 0 }, Date.parse('2026-05-12T09:00:00+08:00'))).toEqual({ lat: 28.38, lng: 109.55, accuracy: 65, speed: -1, altitude: 0, capturedAt: '2026-05-12T01:00:00.000Z' });
    // Out-of-range or missing values are clamped or left out rather than refused.
    expect(fixOf({ latitude: 1, longitude: 2, accuracy: 250_000, speed: 5000, altitude: Number.NaN }, 0)).toEqual({ lat: 1, lng: 2, accuracy: 100_000, speed: 1000, capturedAt: '1970-01-01T00:00:00.000Z' });
  });

  it('asks wx.getLocation once, precisely, in GCJ-02', async () => {
    const calls: Record<string, unknown>[] = [];
    g.wx.getLocation = (o: Record<string, unknown> & { success(r: unknown): void }) => {
      calls.push(o);
      o.success({ latitude: 28.38, longitude: 109.55, accuracy: 12 });
    };
    expect(await locate()).toEqual({ ok: true, fix: { lat: 28.38, lng: 109.55, accuracy: 12, capturedAt: '2026-05-12T01:00:00.000Z' } });
    expect(calls[0]).toMatchObject({ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 3000 });
  });

  it.each([
    [{ errMsg: 'getLocation:fail privacy permission is not authorized', errno: 104 }, 'privacy'],
    [{ errMsg: 'getLocation:fail auth deny', errno: 103 }, 'denied'],
    [{ errMsg: 'getLocation:fail authorize no response' }, 'denied'],
    [{ errMsg: 'getLocation:fail system permission denied' }, 'off'],
    [{ errMsg: 'getLocation:fail:ERROR_NOCELL&WIFI_LOCATIONSWITCHOFF' }, 'off'],
    [{ errMsg: 'getLocation:fail timeout' }, 'timeout'],
    [{ errMsg: 'getLocation:fail' }, 'failed'],
    [undefined, 'failed'],
  ])('reads %o as %s', (err, reason) => {
    expect(locateFailure(err).reason).toBe(reason);
  });

  it('makes a new, valid clientId for every attempt', () => {
    const ids = new Set(Array.from({ length: 50 }, newClientId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});

describe('pending check-ins', () => {
  const item = (clientId: string) => ({ clientId, fix: { lat: 1, lng: 2, accuracy: 3, capturedAt: '2026-05-12T01:00:00.000Z' } });

  it('keeps each once, in order, and forgets them one by one', () => {
    keepPending(item('aaaaaaaa'));
    keepPending(item('bbbbbbbb'));
    keepPending(item('aaaaaaaa'));
    expect(pendingCheckins().map((p) => p.clientId)).toEqual(['bbbbbbbb', 'aaaaaaaa']);
    dropPending('bbbbbbbb');
    expect(pendingCheckins().map((p) => p.clientId)).toEqual(['aaaaaaaa']);
    dropPending('aaaaaaaa');
    expect(storage.has(PENDING_KEY)).toBe(false);
  });

  it('ignores whatever else storage holds', () => {
    storage.set(PENDING_KEY, [item('cccccccc'), { clientId: 1 }, null, 'x']);
    expect(pendingCheckins()).toEqual([item('cccccccc')]);
    storage.set(PENDING_KEY, 'not a list');
    expect(pendingCheckins()).toEqual([]);
  });

  it('sends the same clientId and capture time on every retry', () => {
    expect(submitInput({ clientId: 'dddddddd', fix: { lat: 1, lng: 2, accuracy: 3, speed: 0, capturedAt: 'T' } })).toEqual({ clientId: 'dddddddd', lat: 1, lng: 2, accuracy: 3, speed: 0, capturedAt: 'T' });
  });
});

describe('the result in words', () => {
  const answer = (over: Partial<Submitted>): Submitted => ({
    id: 'x', repeated: false, inside: true, distanceM: 0, late: false, flags: [], capturedAt: '2026-05-12T01:00:00.000Z', serverTime: '2026-05-12T09:00:00+08:00',
    window: { key: '2026-05-12:am', id: 'am', name: '上午', start: '08:30', end: '10:00', status: 'present' },
    today: { date: '2026-05-12', windows: [{ key: '2026-05-12:am', id: 'am', name: '上午', start: '08:30', end: '10:00', status: 'present' }] },
    ...over,
  } as Submitted);

  it('says inside or how far, the window, and the server’s time', () => {
    expect(outcome(answer({}))).toEqual({ inside: true, headline: '已签到（在村内）', window: '上午签到（08:30–10:00）', time: '2026年5月12日 星期二 09:00', note: '', flags: [] });
    expect(outcome(answer({ inside: false, distanceM: 850.4 })).headline).toBe('不在村内范围，距离约 850 米');
    expect(outcome(answer({ inside: false, distanceM: 3249 })).headline).toBe('不在村内范围，距离约 3.2 公里');
    expect(outcome(answer({ window: null })).window).toBe('现在不在签到时段内；这次定位已记录');
    expect(outcome(answer({ window: null, today: { date: '2026-10-01', windows: [] } })).window).toBe('今天不是工作日，无需签到；这次定位已记录');
  });

  it('puts flags in plain words, leaving out the one the headline says', () => {
    const o = outcome(answer({ inside: false, distanceM: 5000, late: true, flags: [{ kind: 'outsideFence', confidence: 0.9, detail: '在围栏外约 5.0 公里' }, { kind: 'poorAccuracy', confidence: 0.5, detail: '定位精度约 850 米' }] }));
    expect(o.flags).toEqual(['定位不够准确：定位精度约 850 米']);
    expect(o.note).toBe('这是网络恢复后补传的签到，定位时间 5月12日 09:00');
  });

  it('names a window from its key', () => {
    expect(windowNameOf('2026-05-12:pm', [{ id: 'pm', name: '下午' }])).toBe('下午');
    expect(windowNameOf(null, [])).toBe('时段外');
  });
});

describe('privacy consent', () => {
  it('hands WeChat’s request to the page on top, and refuses when no page can ask', () => {
    let listener: ((resolve: (r: { event: string }) => void) => void) | undefined;
    g.wx.onNeedPrivacyAuthorization = (fn: typeof listener) => void (listener = fn);
    const asked: string[] = [];
    const stopA = listenPrivacy(() => asked.push('a'));
    const stopB = listenPrivacy(() => asked.push('b'));
    const results: string[] = [];
    listener!((r) => results.push(r.event));
    expect(asked).toEqual(['b']);
    stopB();
    listener!((r) => results.push(r.event));
    expect(asked).toEqual(['b', 'a']);
    stopA();
    listener!((r) => results.push(r.event));
    expect(results).toEqual(['exposureAuthorization', 'exposureAuthorization', 'disagree']);
  });
});
