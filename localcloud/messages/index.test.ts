import { LocalClock } from '../clock';
import type { AdminAnswer } from '../service';
import { LocalMessages, OPENAPI_NOT_FOUND } from './index';
import { decodeCommOpenApiResp, encodeCommApiData } from './proto';

const BOUNDARY = '--------------------------unit';

/** A `wx.openApi` form as the SDK builds it (form-data: text fields, then requestData as octet-stream). */
function form(apiName: string, requestData: Buffer, opts: { requestDataType?: string } = {}): { raw: Buffer; type: string } {
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
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

function pairs(params: Record<string, unknown>): Buffer {
  return encodeCommApiData({ pairs: Object.entries(params).map(([key, v]) => ({ key, value: Buffer.from(JSON.stringify(v)) })) });
}

async function call(m: LocalMessages, apiName: string, requestData: Buffer, opts?: { requestDataType?: string }): Promise<AdminAnswer> {
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
