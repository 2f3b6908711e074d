/**
 * `groupCloudId()`: the cloudID of the village group a card was opened from — WeChat's
 * (`wx.getGroupEnterInfo`, or `wx.getShareInfo` with the card's shareTicket on older base
 * libraries) in cloud mode, the local cloud's (`POST /_local/cloudid`) in local mode.
 */
import { groupCloudId, localGroup, setLocalGroup } from './index';
import { DEFAULT_LOCAL_GROUP, LOCAL_GROUP_KEY, OPENID_KEY } from './local';
import { config } from '../config';

const g = globalThis as unknown as { wx: unknown };
const saved = { wx: g.wx, config: { ...config } };
afterEach(() => {
  g.wx = saved.wx;
  Object.assign(config, saved.config);
  jest.restoreAllMocks();
});

type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void };

function fakeWx(over: Record<string, unknown>, stored: Record<string, unknown> = {}): Map<string, unknown> {
  const storage = new Map<string, unknown>(Object.entries(stored));
  g.wx = {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    ...over,
  };
  return storage;
}

describe('in WeChat (cloud mode)', () => {
  beforeEach(() => {
    config.mode = 'cloud';
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('answers the cloudID wx.getGroupEnterInfo gives for the entry', async () => {
    const getGroupEnterInfo = jest.fn((o: Callbacks) => o.success?.({ errMsg: 'getGroupEnterInfo:ok', cloudID: 'cid-from-group', encryptedData: '', iv: '' }));
    fakeWx({ getGroupEnterInfo, getEnterOptionsSync: () => ({ scene: 1044, shareTicket: 'ticket-1' }) });
    expect(await groupCloudId()).toBe('cid-from-group');
    expect(getGroupEnterInfo).toHaveBeenCalledTimes(1);
  });

  it('asks wx.getShareInfo with the card’s shareTicket when getGroupEnterInfo gives nothing', async () => {
    const getShareInfo = jest.fn((o: Callbacks & { shareTicket: string }) => o.success?.({ errMsg: 'getShareInfo:ok', cloudID: `cid-for-${o.shareTicket}` }));
    fakeWx({
      getGroupEnterInfo: (o: Callbacks) => o.fail?.({ errMsg: 'getGroupEnterInfo:fail invalid scene', errno: 40097 }),
      getShareInfo,
      getEnterOptionsSync: () => ({ scene: 1044, shareTicket: 'ticket-from-entry' }),
    });
    expect(await groupCloudId()).toBe('cid-for-ticket-from-entry');
    expect(await groupCloudId('ticket-given')).toBe('cid-for-ticket-given');
  });

  it('answers null when not opened from a group, or when WeChat will not tell', async () => {
    fakeWx({ getGroupEnterInfo: (o: Callbacks) => o.fail?.({ errMsg: 'getGroupEnterInfo:fail', errno: 40097 }), getEnterOptionsSync: () => ({ scene: 1001 }) });
    expect(await groupCloudId()).toBeNull();
    fakeWx({ getEnterOptionsSync: () => { throw new Error('old base library'); }, getLaunchOptionsSync: () => ({ scene: 1001 }) });
    expect(await groupCloudId()).toBeNull();
    fakeWx({ getGroupEnterInfo: () => { throw new Error('boom'); }, getShareInfo: (o: Callbacks) => o.fail?.({ errMsg: 'getShareInfo:fail' }), getEnterOptionsSync: () => ({ shareTicket: 't' }) });
    expect(await groupCloudId()).toBeNull();
  });

  it('never touches the local cloud', async () => {
    const request = jest.fn();
    fakeWx({ request, getGroupEnterInfo: (o: Callbacks) => o.success?.({ cloudID: 'c' }) }, { [LOCAL_GROUP_KEY]: 'G-1' });
    await groupCloudId();
    expect(request).not.toHaveBeenCalled();
  });
});

describe('in local mode', () => {
  const signed = (requests: WechatMiniprogram.RequestOption[]) => (o: WechatMiniprogram.RequestOption) => {
    requests.push(o);
    o.success?.({ statusCode: 200, data: { ok: true, data: { cloudID: 'local.abc.def' } } } as unknown as WechatMiniprogram.RequestSuccessCallbackResult);
  };

  it('has the local cloud sign a cloudID for the logged-in person and the default demo group', async () => {
    const requests: WechatMiniprogram.RequestOption[] = [];
    const getGroupEnterInfo = jest.fn();
    fakeWx({ request: signed(requests), getGroupEnterInfo }, { [OPENID_KEY]: 'demo-vl-shibadong-1' });
    expect(localGroup()).toBe(DEFAULT_LOCAL_GROUP);
    expect(await groupCloudId()).toBe('local.abc.def');
    expect(requests[0]).toMatchObject({ url: 'http://127.0.0.1:3700/_local/cloudid', method: 'POST', data: { openid: 'demo-vl-shibadong-1', data: { opengid: 'demo-group-vil-shibadong' } } });
    expect(getGroupEnterInfo).not.toHaveBeenCalled();
  });

  it('uses the group a page query named, and none after `group=none`', async () => {
    const requests: WechatMiniprogram.RequestOption[] = [];
    fakeWx({ request: signed(requests) }, { [OPENID_KEY]: 'o-1' });
    setLocalGroup('G-other');
    expect(await groupCloudId()).toBe('local.abc.def');
    expect(requests[0]!.data).toEqual({ openid: 'o-1', data: { opengid: 'G-other' } });
    setLocalGroup(null);
    expect(localGroup()).toBe('');
    expect(await groupCloudId()).toBeNull();
    expect(requests).toHaveLength(1);
  });

  it('answers null when the local cloud cannot be reached or refuses', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    fakeWx({ request: (o: WechatMiniprogram.RequestOption) => o.fail?.({ errMsg: 'request:fail connect ECONNREFUSED', errno: 1 } as WechatMiniprogram.RequestFailCallbackErr) });
    expect(await groupCloudId()).toBeNull();
    fakeWx({ request: (o: WechatMiniprogram.RequestOption) => o.success?.({ statusCode: 400, data: { ok: false, code: 'INVALID_PARAM' } } as unknown as WechatMiniprogram.RequestSuccessCallbackResult) });
    expect(await groupCloudId()).toBeNull();
  });
});
