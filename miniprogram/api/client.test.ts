/**
 * The api client without a backend: the shape of a call, the answers it lets through, and how
 * every failure on the way becomes a Chinese `network` answer instead of an exception.
 */
import { call, callFunction, setTransport, TransportError, NETWORK_ERROR } from './index';
import type { CallRequest } from './index';
import { cloudTransport, localTransport } from './client';
import { OPENID_KEY, localPeople } from './local';
import { config } from '../config';

const ping = { pong: true, echo: 'hi', openid: null, source: 'wx_client', now: '2026-10-01T10:00:00.000+08:00', timezone: 'Asia/Shanghai', today: { date: '2026-10-01', workday: false, kind: 'holiday', name: '国庆节' } };

let sent: CallRequest[] = [];
function answering(answer: unknown | ((r: CallRequest) => Promise<unknown>)): void {
  setTransport((r) => {
    sent.push(r);
    return typeof answer === 'function' ? (answer as (r: CallRequest) => Promise<unknown>)(r) : Promise.resolve(answer);
  });
}

beforeEach(() => {
  sent = [];
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  setTransport(null);
  jest.restoreAllMocks();
});

describe('call', () => {
  it('sends the function, action and input, and returns the typed answer', async () => {
    answering({ ok: true, data: ping });
    const a = await call('system.ping', { echo: 'hi' });
    expect(sent).toEqual([{ fn: 'api', action: 'system.ping', input: { echo: 'hi' } }]);
    // Each action goes to the function that serves its feature.
    await call('complaint.mine');
    await call('scoring.mine', {});
    await call('visit.households', { villageId: 'vil-x' });
    expect(sent.slice(1).map((r) => `${r.fn}/${r.action}`)).toEqual(['village/complaint.mine', 'assess/scoring.mine', 'field/visit.households']);
    expect(a.ok).toBe(true);
    if (a.ok) {
      // The output type comes from the action: these lines type-check only if it does.
      const kind: 'workday' | 'weekend' | 'holiday' | 'makeup' = a.data.today.kind;
      const pong: true = a.data.pong;
      expect([kind, pong]).toEqual(['holiday', true]);
    }
  });

  it('sends an empty object when an all-optional input is left out', async () => {
    answering({ ok: true, data: ping });
    await call('system.ping');
    expect(sent[0]!.input).toEqual({});
  });

  it('calls another function with callFunction', async () => {
    answering({ ok: true, data: ping });
    await callFunction('ledger', 'system.ping', { echo: 'x' });
    expect(sent[0]).toEqual({ fn: 'ledger', action: 'system.ping', input: { echo: 'x' } });
  });

  it('passes the router’s error answers through unchanged', async () => {
    const err = { ok: false, code: 'forbidden', message: '没有权限进行此操作' };
    answering(err);
    expect(await call('system.ping')).toEqual(err);
  });

  it('keeps an ok answer without data (JSON drops undefined)', async () => {
    answering({ ok: true });
    expect(await call('system.ping')).toEqual({ ok: true, data: undefined });
  });

  it('parses an answer that arrives as JSON text', async () => {
    answering(JSON.stringify({ ok: true, data: ping }));
    expect(await call('system.ping')).toEqual({ ok: true, data: ping });
  });
});

describe('transport failures become a Chinese network answer, never a throw', () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    ['offline', () => Promise.reject(new TransportError('offline')), '网络不畅，请检查网络后重试'],
    ['timeout', () => Promise.reject(new TransportError('timeout')), '网络超时，请稍后重试'],
    ['server error', () => Promise.reject(new TransportError('server', 'HTTP 502')), '服务暂时不可用，请稍后重试'],
    ['any other rejection', () => Promise.reject(new Error('boom')), '网络不畅，请检查网络后重试'],
    ['a transport that throws synchronously', () => { throw new Error('sync'); }, '网络不畅，请检查网络后重试'],
    ['text that is not JSON', () => Promise.resolve('<html>502 Bad Gateway</html>'), '服务返回的内容无法识别，请稍后重试'],
    ['JSON that is not an answer', () => Promise.resolve({ hello: 1 }), '服务返回的内容无法识别，请稍后重试'],
    ['nothing at all', () => Promise.resolve(undefined), '服务返回的内容无法识别，请稍后重试'],
    ['an array', () => Promise.resolve([]), '服务返回的内容无法识别，请稍后重试'],
    ['ok: false without a message', () => Promise.resolve({ ok: false, code: 'x' }), '服务返回的内容无法识别，请稍后重试'],
  ];
  it.each(cases)('%s', async (_name, transport, message) => {
    setTransport(transport);
    await expect(call('system.ping')).resolves.toEqual({ ok: false, code: NETWORK_ERROR, message });
  });
});

/** A fake `wx` for the platform transports (no miniprogram-simulate in this file). */
function fakeWx(over: Record<string, unknown>): Record<string, unknown> {
  const storage = new Map<string, unknown>();
  const wx = {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    ...over,
  };
  (globalThis as unknown as { wx: unknown }).wx = wx;
  return wx;
}

describe('local transport (wx.request to the local cloud)', () => {
  const saved = { ...config };
  afterEach(() => Object.assign(config, saved));

  it('posts to {localUrl}/call/<fn> as the locally logged-in person', async () => {
    const requests: WechatMiniprogram.RequestOption[] = [];
    const wx = fakeWx({
      request: (o: WechatMiniprogram.RequestOption) => {
        requests.push(o);
        o.success?.({ statusCode: 200, data: { ok: true, data: ping } } as unknown as WechatMiniprogram.RequestSuccessCallbackResult);
      },
    });
    (wx.setStorageSync as (k: string, v: string) => void)(OPENID_KEY, 'o-demo-1');
    config.localUrl = 'http://10.0.0.5:3700';
    setTransport(localTransport);
    expect(await call('system.ping', { echo: 'a' })).toEqual({ ok: true, data: ping });
    expect(requests[0]).toMatchObject({
      url: 'http://10.0.0.5:3700/call/api',
      method: 'POST',
      data: { action: 'system.ping', input: { echo: 'a' } },
      header: { 'x-openid': 'o-demo-1' },
    });
  });

  it('sends no x-openid when nobody is logged in', async () => {
    const requests: WechatMiniprogram.RequestOption[] = [];
    fakeWx({ request: (o: WechatMiniprogram.RequestOption) => { requests.push(o); o.success?.({ statusCode: 200, data: { ok: true, data: ping } } as unknown as WechatMiniprogram.RequestSuccessCallbackResult); } });
    setTransport(localTransport);
    await call('system.ping');
    expect(requests[0]!.header).not.toHaveProperty('x-openid');
  });

  it.each([
    ['HTTP 500', (o: WechatMiniprogram.RequestOption) => o.success?.({ statusCode: 500, data: { ok: false, code: 'LOCAL_INTERNAL', message: 'internal error' } } as unknown as WechatMiniprogram.RequestSuccessCallbackResult), '服务暂时不可用，请稍后重试'],
    ['HTTP 502 from a crashed function', (o: WechatMiniprogram.RequestOption) => o.success?.({ statusCode: 502, data: 'Bad Gateway' } as unknown as WechatMiniprogram.RequestSuccessCallbackResult), '服务暂时不可用，请稍后重试'],
    ['a timeout', (o: WechatMiniprogram.RequestOption) => o.fail?.({ errMsg: 'request:fail timeout', errno: 5 } as WechatMiniprogram.RequestFailCallbackErr), '网络超时，请稍后重试'],
    ['no connection', (o: WechatMiniprogram.RequestOption) => o.fail?.({ errMsg: 'request:fail errcode:-102 cronet_error_code:-102', errno: 600001 } as WechatMiniprogram.RequestFailCallbackErr), '网络不畅，请检查网络后重试'],
    ['a 200 that is not JSON', (o: WechatMiniprogram.RequestOption) => o.success?.({ statusCode: 200, data: '<html></html>' } as unknown as WechatMiniprogram.RequestSuccessCallbackResult), '服务返回的内容无法识别，请稍后重试'],
  ])('maps %s', async (_name, request, message) => {
    fakeWx({ request });
    setTransport(localTransport);
    await expect(call('system.ping')).resolves.toEqual({ ok: false, code: NETWORK_ERROR, message });
  });

  it('lists the demo people with their roles and unit in Chinese', async () => {
    fakeWx({
      request: (o: WechatMiniprogram.RequestOption) => {
        expect(o).toMatchObject({ url: 'http://127.0.0.1:3700/_local/people', method: 'GET' });
        o.success?.({
          statusCode: 200,
          data: { ok: true, data: [
            // The shape scripts/demo gives: a title, and grants with their role and unit names.
            { id: 'p1', openid: 'o1', name: '蒋文博', title: '第一书记', roles: [{ role: 'cadre', roleName: '驻村干部', orgUnitId: 'vil-1', unitName: '十八洞村' }] },
            { openid: 'o2', name: '李干事', roles: [{ role: 'staff', unitName: '花垣县' }, { role: 'approver', unitName: '双龙镇' }] },
            { openid: 'o3', name: '王书记', roles: ['cadre'], unit: '石桥村' },
            { openid: 'o4', role: 'villager', orgUnit: { name: '夯沙村' } },
            { name: 'no openid' },
            'not a person',
          ] },
        } as unknown as WechatMiniprogram.RequestSuccessCallbackResult);
      },
    });
    expect(await localPeople()).toEqual({ ok: true, data: [
      { openid: 'o1', name: '蒋文博', detail: '第一书记 · 驻村干部（十八洞村）' },
      { openid: 'o2', name: '李干事', detail: '组织部（花垣县）、审批人（双龙镇）' },
      { openid: 'o3', name: '王书记', detail: '驻村干部 · 石桥村' },
      { openid: 'o4', name: 'o4', detail: '村民 · 夯沙村' },
    ] });
  });

  it('reports an unreachable local cloud when listing people', async () => {
    fakeWx({ request: (o: WechatMiniprogram.RequestOption) => o.fail?.({ errMsg: 'request:fail connect ECONNREFUSED', errno: 1 } as WechatMiniprogram.RequestFailCallbackErr) });
    expect(await localPeople()).toEqual({ ok: false, code: NETWORK_ERROR, message: '网络不畅，请检查网络后重试' });
  });
});

describe('cloud transport (wx.cloud.callFunction)', () => {
  it('calls the function with { action, input } and returns res.result', async () => {
    const params: unknown[] = [];
    fakeWx({ cloud: { callFunction: (p: unknown) => { params.push(p); return Promise.resolve({ result: { ok: true, data: ping }, errMsg: 'cloud.callFunction:ok' }); } } });
    setTransport(cloudTransport);
    expect(await callFunction('ledger', 'system.ping', { echo: 'e' })).toEqual({ ok: true, data: ping });
    expect(params).toEqual([{ name: 'ledger', data: { action: 'system.ping', input: { echo: 'e' } } }]);
  });

  it.each([
    ['a function that threw', { errCode: -504002, errMsg: 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail' }, '服务暂时不可用，请稍后重试'],
    ['a timeout', { errCode: -504003, errMsg: 'cloud.callFunction:fail Error: errCode: -504003 Invoking task timed out' }, '网络超时，请稍后重试'],
    ['no network', { errMsg: 'cloud.callFunction:fail request:fail' }, '网络不畅，请检查网络后重试'],
  ])('maps %s', async (_name, error, message) => {
    fakeWx({ cloud: { callFunction: () => Promise.reject(error) } });
    setTransport(cloudTransport);
    await expect(call('system.ping')).resolves.toEqual({ ok: false, code: NETWORK_ERROR, message });
  });

  it('is used by a released version even when config.ts was left in local mode', async () => {
    const callFunction = jest.fn(() => Promise.resolve({ result: { ok: true, data: ping } }));
    const request = jest.fn();
    fakeWx({ cloud: { callFunction }, request, getAccountInfoSync: () => ({ miniProgram: { envVersion: 'release' } }) });
    expect(config.mode).toBe('local');
    setTransport(null);
    expect(await call('system.ping')).toEqual({ ok: true, data: ping });
    expect(callFunction).toHaveBeenCalledTimes(1);
    expect(request).not.toHaveBeenCalled();
  });

  it('answers a network error when wx.cloud is missing', async () => {
    fakeWx({});
    setTransport(cloudTransport);
    await expect(call('system.ping')).resolves.toMatchObject({ ok: false, code: NETWORK_ERROR });
  });
});

// Compile-time checks (tsc -p miniprogram/tsconfig.json): never run, only type-checked.
export function typeChecks(): void {
  // @ts-expect-error: no such action
  void call('system.pong');
  // @ts-expect-error: wrong type for a field
  void call('system.ping', { echo: 1 });
  // @ts-expect-error: a field the action does not take
  void call('system.ping', { echo: 'a', extra: true });
  // @ts-expect-error: no such function
  void callFunction('billing', 'system.ping');
  void callFunction('ledger', 'system.ping', {});
  // An action without input (a strict empty object) is called without one.
  void call('people.me');
  // @ts-expect-error: a required input may not be left out
  void call('people.get');
}
