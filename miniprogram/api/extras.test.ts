/** The api's helpers beside `call`: banking subscription grants, and uploading a photo (local mode stands in for it). */
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

it('stands a placeholder cloud:// id in for a photo in local mode', async () => {
  fakeWx({});
  expect(await upload('wxfile://tmp/a.jpg', 'evidence/a.jpg')).toEqual({ ok: true, data: { fileID: 'cloud://local-placeholder.bucket/evidence/a.jpg' } });
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
