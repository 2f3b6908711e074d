/** The api's helpers beside `call`: banking subscription grants, and uploading a photo (to the local cloud in local mode). */
import { recordGrants, setTransport, upload } from './index';
import type { CallRequest } from './index';
import { OPENID_KEY } from './local';
import { config } from '../config';

const g = globalThis as unknown as { wx: unknown };
const saved = { wx: g.wx, config: { ...config } };
afterEach(() => {
  g.wx = saved.wx;
  Object.assign(config, saved.config);
  setTransport(null);
  jest.restoreAllMocks();
});

function fakeWx(over: Record<string, unknown>): void {
  const storage = new Map<string, unknown>([[OPENID_KEY, 'demo-fs-shibadong']]);
  g.wx = { getStorageSync: (k: string) => storage.get(k) ?? '', ...over };
}

const TEMPLATE = { key: 'checkinReminder' as const, templateId: 'local-checkinReminder' };

it('banks accepted grants with notify.recordGrants, and tells the local cloud in local mode', async () => {
  const requests: WechatMiniprogram.RequestOption[] = [];
  fakeWx({ request: (o: WechatMiniprogram.RequestOption) => { requests.push(o); o.success?.({ statusCode: 200, data: { ok: true, data: { grants: 1 } } } as unknown as WechatMiniprogram.RequestSuccessCallbackResult); } });
  const sent: CallRequest[] = [];
  setTransport((r) => { sent.push(r); return Promise.resolve({ ok: true, data: { checkinReminder: 1 } }); });
  expect(await recordGrants([TEMPLATE])).toEqual({ ok: true, data: { checkinReminder: 1 } });
  expect(sent).toEqual([{ fn: 'api', action: 'notify.recordGrants', input: { accepted: ['checkinReminder'] } }]);
  expect(requests[0]).toMatchObject({ url: 'http://127.0.0.1:3700/_local/grants', method: 'POST', data: { openid: 'demo-fs-shibadong', templateId: 'local-checkinReminder', count: 1 } });
  expect(await recordGrants([])).toBeNull();
});

it('does not touch the local cloud in cloud mode', async () => {
  const request = jest.fn();
  fakeWx({ request });
  config.mode = 'cloud';
  setTransport(() => Promise.resolve({ ok: true, data: { checkinReminder: 2 } }));
  await recordGrants([TEMPLATE]);
  expect(request).not.toHaveBeenCalled();
});

describe('upload in local mode (wx.uploadFile to the local cloud)', () => {
  const FILE_ID = 'cloud://local.6c6f-local-1250000000/evidence/p-1/a.jpg';
  type Upload = WechatMiniprogram.UploadFileOption;
  const answering = (respond: (o: Upload) => void) => {
    const calls: Upload[] = [];
    fakeWx({ uploadFile: (o: Upload) => { calls.push(o); respond(o); } });
    return calls;
  };
  const http = (statusCode: number, body: unknown) => (o: Upload) =>
    o.success?.({ statusCode, data: typeof body === 'string' ? body : JSON.stringify(body), errMsg: 'uploadFile:ok' } as WechatMiniprogram.UploadFileSuccessCallbackResult);

  it('posts the file and its cloudPath to {localUrl}/_local/upload as the logged-in person, and returns the real fileID', async () => {
    config.localUrl = 'http://10.0.0.5:3700';
    const calls = answering(http(200, { ok: true, data: { fileID: FILE_ID } }));
    expect(await upload('wxfile://tmp/a.jpg', 'evidence/p-1/a.jpg')).toEqual({ ok: true, data: { fileID: FILE_ID } });
    expect(calls[0]).toMatchObject({ url: 'http://10.0.0.5:3700/_local/upload', filePath: 'wxfile://tmp/a.jpg', name: 'file', formData: { cloudPath: 'evidence/p-1/a.jpg' }, header: { 'x-openid': 'demo-fs-shibadong' } });
  });

  it.each([
    ['a file too large', http(413, { ok: false, code: 'PAYLOAD_TOO_LARGE', message: 'file over 10485760 bytes (10 MB)' }), '照片太大，请重新拍摄或换一张'],
    ['a refused path', http(400, { ok: false, code: 'INVALID_PARAM', message: 'cloudPath must not start with "/"' }), '照片上传失败，请检查网络后重试'],
    ['a crashed local cloud', http(500, { ok: false, code: 'LOCAL_INTERNAL', message: 'internal error' }), '服务暂时不可用，请稍后重试'],
    ['a 200 that is not JSON', http(200, '<html></html>'), '服务返回的内容无法识别，请稍后重试'],
    ['a 200 without a cloud:// id', http(200, { ok: true, data: { fileID: 'https://x/a.jpg' } }), '服务返回的内容无法识别，请稍后重试'],
    ['a timeout', (o: Upload) => o.fail?.({ errMsg: 'uploadFile:fail timeout' }), '网络超时，请稍后重试'],
    ['no connection', (o: Upload) => o.fail?.({ errMsg: 'uploadFile:fail errcode:-102' }), '照片上传失败，请检查网络后重试'],
    ['a wx.uploadFile that throws', () => { throw new Error('no such file'); }, '照片上传失败，请检查网络后重试'],
  ])('turns %s into a network answer, never a throw', async (_name, respond, message) => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    answering(respond);
    await expect(upload('wxfile://tmp/a.jpg', 'evidence/p-1/a.jpg')).resolves.toEqual({ ok: false, code: 'network', message });
  });
});

it('uploads with wx.cloud.uploadFile in cloud mode, and turns a failure into a network answer', async () => {
  config.mode = 'cloud';
  const uploadFile = jest.fn(() => Promise.resolve({ fileID: 'cloud://env.bucket/evidence/a.jpg', statusCode: 200 }));
  fakeWx({ cloud: { uploadFile } });
  expect(await upload('wxfile://tmp/a.jpg', 'evidence/a.jpg')).toEqual({ ok: true, data: { fileID: 'cloud://env.bucket/evidence/a.jpg' } });
  expect(uploadFile).toHaveBeenCalledWith({ cloudPath: 'evidence/a.jpg', filePath: 'wxfile://tmp/a.jpg' });

  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  fakeWx({ cloud: { uploadFile: () => Promise.reject({ errMsg: 'cloud.uploadFile:fail request:fail' }) } });
  expect(await upload('wxfile://tmp/a.jpg', 'evidence/a.jpg')).toEqual({ ok: false, code: 'network', message: '照片上传失败，请检查网络后重试' });
});
