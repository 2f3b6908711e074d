import { LocalClock } from '../clock';
import { FunctionHost } from '../functions/host';
import type { AdminAnswer } from '../service';
import { API_PERMISSION_DENIED, LocalMessages, OPENAPI_NOT_FOUND } from './index';
import { decodeCommOpenApiResp, decodeGetOpenDataResp, encodeCommApiData, encodeGetOpenDataReq } from './proto';

const BOUNDARY = '--------------------------unit';

/** A `wx.openApi` form as the SDK builds it (form-data: text fields, then requestData as octet-stream). */
function form(apiName: string, requestData: Buffer, opts: { requestDataType?: string; fields?: Record<string, string> } = {}): { raw: Buffer; type: string } {
  const text = (name: string, value: string): Buffer => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const type = opts.requestDataType === undefined ? 'Content-Type: application/octet-stream\r\n' : opts.requestDataType;
  return {
    raw: Buffer.concat([
      text('action', 'wx.openApi'),
      text('apiName', apiName),
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="requestData"\r\n${type}\r\n`),
      requestData,
      Buffer.from('\r\n'),
      text('envName', 'local'),
      ...Object.entries(opts.fields ?? {}).map(([k, v]) => text(k, v)),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

function pairs(params: Record<string, unknown>): Buffer {
  return encodeCommApiData({ pairs: Object.entries(params).map(([key, v]) => ({ key, value: Buffer.from(JSON.stringify(v)) })) });
}

async function call(m: LocalMessages, apiName: string, requestData: Buffer, opts?: { requestDataType?: string; fields?: Record<string, string> }): Promise<AdminAnswer> {
  const f = form(apiName, requestData, opts);
  return m.handle({ action: 'wx.openApi', params: {}, raw: f.raw, headers: { 'content-type': f.type } });
}

function wx(answer: AdminAnswer): { errcode: number; errmsg: string } {
  expect(answer.headers?.['content-type']).toBe('application/octet-stream');
  const resp = decodeCommOpenApiResp(answer.body as Buffer);
  expect(resp.errorCode).toBe(0);
  expect(resp.contentType).toMatch(/application\/json/);
  return JSON.parse(resp.respData.toString('utf8')) as { errcode: number; errmsg: string };
}

const SEND = { touser: 'oUser', template_id: 'T1', data: { thing1: { value: '你好' } }, miniprogram_state: 'trial' };

describe('LocalMessages.handle', () => {
  it('answers a send with a CommOpenApiResp holding WeChat JSON, and keeps the message', async () => {
    const clock = new LocalClock();
    clock.set('2026-03-02T01:30:00Z', { frozen: true });
    const m = new LocalMessages({ clock });
    m.grant('oUser', 'T1');
    expect(wx(await call(m, 'subscribeMessage.send', pairs(SEND)))).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(m.outbox()).toEqual([{ time: new Date('2026-03-02T01:30:00Z'), touser: 'oUser', templateId: 'T1', data: { thing1: { value: '你好' } }, miniprogramState: 'trial', lang: 'zh_CN' }]);
    const again = wx(await call(m, 'subscribeMessage.send', pairs(SEND)));
    expect(again.errcode).toBe(43101);
    expect(again.errmsg).toMatch(/^user refuse to accept the msg rid: /);
    expect(m.rejected()).toMatchObject([{ errcode: 43101, touser: 'oUser', templateId: 'T1' }]);
  });

  it('reads a requestData part sent without a content type, byte for byte', async () => {
    const m = new LocalMessages({ clock: new LocalClock() });
    m.grant('oUser', 'T1');
    const data = pairs({ ...SEND, data: { thing1: { value: '\u00ff\u0100中文' } } });
    expect(wx(await call(m, 'subscribeMessage.send', data, { requestDataType: '' })).errcode).toBe(0);
    expect(m.outbox()[0].data.thing1.value).toBe('\u00ff\u0100中文');
  });

  it('answers an openapi it does not serve with "API not found"', async () => {
    const m = new LocalMessages({ clock: new LocalClock() });
    const a = await call(m, 'wxacode.getUnlimited', pairs({ scene: 'x' }));
    expect(decodeCommOpenApiResp(a.body as Buffer).errorCode).toBe(OPENAPI_NOT_FOUND);
  });

  it('answers garbage with errcode 47001 and a broken form with a CloudBase JSON error the SDK can read', async () => {
    const m = new LocalMessages({ clock: new LocalClock() });
    expect(wx(await call(m, 'subscribeMessage.send', encodeCommApiData({ pairs: [{ key: 'touser', value: Buffer.from('{not json') }] }))).errcode).toBe(47001);
    const broken = await m.handle({ action: 'wx.openApi', params: {}, raw: Buffer.from('nope'), headers: { 'content-type': 'text/plain' } });
    expect(broken.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(broken.body).toMatchObject({ code: 'INVALID_PARAM' });
    const other = await m.handle({ action: 'wx.api', params: {}, raw: Buffer.alloc(0), headers: {} });
    expect(other.body).toMatchObject({ code: 'INVALID_ACTION' });
  });

  it('forgets grants, outbox and refusals on reset, and hands out copies', async () => {
    const m = new LocalMessages({ clock: new LocalClock() });
    m.grant('oUser', 'T1', 2);
    await call(m, 'subscribeMessage.send', pairs(SEND));
    m.outbox()[0].data.thing1.value = 'changed';
    expect(m.outbox()[0].data.thing1.value).toBe('你好');
    m.reset();
    expect([m.grants('oUser', 'T1'), m.outbox().length, m.rejected().length]).toEqual([0, 0, 0]);
  });
});

describe('LocalMessages.handle: getOpenData', () => {
  const clock = new LocalClock();
  const host = new FunctionHost({ clock, sdkEnv: () => ({}), ops: () => ({ reads: 0, writes: 0 }) });
  /** Tokens of "running invocations", as the host would know them. */
  const tokens = new Map([['tok-1', { openid: 'o-1' }], ['tok-2', { openid: 'o-2' }], ['tok-timer', { openid: '' }]]);
  const m = new LocalMessages({ clock, openData: { callerOf: (t) => tokens.get(t), openData: (ids, openid) => host.openData(ids, openid) } });

  /** The form `cloud.getOpenData({ list })` sends: SVRKIT_API, `ApiGetOpenDataByCloudIdReq` in `svrkitData.reqData`. */
  function getOpenData(list: string[], token: string | undefined, reqData = encodeGetOpenDataReq({ cloudidList: list })): Promise<AdminAnswer> {
    const requestData = encodeCommApiData({ svrkit: { apiName: 'ApiGetOpenDataByCloudId', reqData } });
    return call(m, 'ApiGetOpenDataByCloudId', requestData, { fields: token === undefined ? {} : { wxCloudApiToken: token } });
  }

  /** The answer as the SDK reads it: `svrkitErrorCode` 0, then each item's `json` parsed. */
  function items(answer: AdminAnswer): { cloudId: string; json: unknown }[] {
    expect(answer.headers?.['content-type']).toBe('application/octet-stream');
    const resp = decodeCommOpenApiResp(answer.body as Buffer);
    expect([resp.errorCode, resp.svrkitErrorCode]).toEqual([0, 0]);
    return decodeGetOpenDataResp(resp.respData).map((i) => ({ cloudId: i.cloudId, json: JSON.parse(i.json) }));
  }

  afterEach(() => clock.reset());

  it("decodes the caller's own cloudID into { cloudID, data }", async () => {
    const id = host.issueCloudId('o-1', { opengid: 'G-1' });
    expect(items(await getOpenData([id], 'tok-1'))).toEqual([{ cloudId: id, json: { cloudID: id, data: { opengid: 'G-1' } } }]);
  });

  it("refuses another user's, a forged and an expired cloudID, each on its own, in order", async () => {
    const own = host.issueCloudId('o-1', { opengid: 'G-1' });
    const other = host.issueCloudId('o-2', { opengid: 'G-2' });
    const [p, , sig] = own.split('.');
    const forged = `${p}.${Buffer.from(JSON.stringify({ o: 'o-1', d: { opengid: 'G-x' }, e: Date.now() * 2 })).toString('base64url')}.${sig}`;
    const got = items(await getOpenData([other, forged, 'not-a-cloud-id', own], 'tok-1')).map((i) => i.json);
    expect(got).toEqual([
      { cloudID: other, errCode: -601007, errMsg: 'cloudID and calling user does not match.' },
      { cloudID: forged, errCode: -601005, errMsg: 'invalid cloudID.' },
      { cloudID: 'not-a-cloud-id', errCode: -601005, errMsg: 'invalid cloudID.' },
      { cloudID: own, data: { opengid: 'G-1' } },
    ]);
    // The same cloudID is o-2's data when o-2 asks.
    expect(items(await getOpenData([other], 'tok-2'))[0]!.json).toEqual({ cloudID: other, data: { opengid: 'G-2' } });

    clock.advance(5 * 60_000 + 1);
    expect(items(await getOpenData([own], 'tok-1'))[0]!.json).toEqual({ cloudID: own, errCode: -601006, errMsg: 'cloudID expired.' });
  });

  it('gives a caller without an openid (a timer) no data', async () => {
    const id = host.issueCloudId('o-1', { opengid: 'G-1' });
    expect(items(await getOpenData([id], 'tok-timer'))[0]!.json).toMatchObject({ errCode: -601007 });
  });

  it('answers five cloudIDs, and refuses each one past the fifth', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => host.issueCloudId('o-1', { n: i }));
    const got = items(await getOpenData(ids, 'tok-1')).map((i) => i.json as { data?: { n: number }; errCode?: number });
    expect(got.map((g) => g.data?.n ?? g.errCode)).toEqual([0, 1, 2, 3, 4, -601002, -601002]);
    expect(items(await getOpenData([], 'tok-1'))).toEqual([]);
  });

  it('refuses the whole call for an unknown or missing token (the SDK throws on errorCode)', async () => {
    const id = host.issueCloudId('o-1', { opengid: 'G-1' });
    for (const token of ['tok-unknown', '', undefined]) {
      const resp = decodeCommOpenApiResp((await getOpenData([id], token)).body as Buffer);
      expect(resp.errorCode).toBe(API_PERMISSION_DENIED);
      expect(resp.respData.length).toBe(0);
    }
  });

  it('answers a request that is not an ApiGetOpenDataByCloudIdReq with a svrkit error, and another svrkit API as not found', async () => {
    const bad = decodeCommOpenApiResp((await getOpenData([], 'tok-1', Buffer.from([0xff, 0xff, 0xff]))).body as Buffer);
    expect(bad.svrkitErrorCode).not.toBe(0);
    const other = await call(m, 'GetCloudCallSign', encodeCommApiData({ svrkit: { apiName: 'GetCloudCallSign', reqData: Buffer.alloc(0) } }), { fields: { wxCloudApiToken: 'tok-1' } });
    expect(decodeCommOpenApiResp(other.body as Buffer).errorCode).toBe(OPENAPI_NOT_FOUND);
  });
});
