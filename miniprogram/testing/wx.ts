/**
 * Test-only (packOptions leave this folder out of the mini program): the few `wx` APIs that
 * miniprogram-simulate only pretends to have, made real enough for pages to reach an actual
 * local cloud — `wx.request` and `wx.uploadFile` over Node's `http`, and storage in memory — and the phone's own
 * devices as controllable fakes (`FakeDevice`): the location, the subscription dialog, the
 * photo picker, privacy consent and the network going down and coming back.
 */
import * as http from 'node:http';
import { Buffer } from 'node:buffer';

type Wx = Record<string, unknown>;

function wxGlobal(): Wx {
  const g = globalThis as unknown as { wx?: Wx };
  if (!g.wx) g.wx = {};
  return g.wx;
}

/** `wx.request` done with Node's `http`, with WeChat's result shapes (`statusCode`, `data`, `errMsg`). */
export function nodeRequest(options: WechatMiniprogram.RequestOption): { abort(): void } {
  const method = (options.method ?? 'GET').toUpperCase();
  const data = options.data as unknown;
  const body = method === 'GET' || data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data);
  const headers: Record<string, string | number> = { ...(options.header as Record<string, string> | undefined) };
  if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
  let done = false;
  const fail = (message: string) => {
    if (done) return;
    done = true;
    const err = { errMsg: `request:fail ${message}`, errno: 600001 };
    options.fail?.(err as WechatMiniprogram.RequestFailCallbackErr);
    options.complete?.(err as WechatMiniprogram.GeneralCallbackResult);
  };
  const req = http.request(options.url, { method, headers, timeout: options.timeout ?? 60000 }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', (e) => fail(e.message));
    res.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown = text;
      // Like WeChat: with dataType json the body is parsed when it can be, else left a string.
      if (options.dataType !== '其他') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      const result = { statusCode: res.statusCode ?? 0, data: parsed, header: res.headers, cookies: [], errMsg: 'request:ok' };
      options.success?.(result as unknown as WechatMiniprogram.RequestSuccessCallbackResult);
      options.complete?.(result as unknown as WechatMiniprogram.GeneralCallbackResult);
    });
  });
  req.on('timeout', () => {
    fail('timeout');
    req.destroy();
  });
  req.on('error', (e) => fail(e.message));
  req.end(body);
  return { abort: () => req.destroy() };
}

/**
 * `wx.uploadFile` done with Node's `http`: the multipart form WeChat sends (the `formData` fields,
 * then the file's `bytes` in the field `name`), with WeChat's result shape (`data` is the body as
 * text, never parsed).
 */
export function nodeUpload(options: WechatMiniprogram.UploadFileOption, bytes: Buffer): { abort(): void } {
  const boundary = `----WeChatUpload${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries((options.formData ?? {}) as Record<string, unknown>)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`));
  }
  const fileName = options.filePath.split('/').pop() || 'file';
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${options.name}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  const headers = { ...(options.header as Record<string, string> | undefined), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length };
  let done = false;
  const fail = (message: string) => {
    if (done) return;
    done = true;
    const err = { errMsg: `uploadFile:fail ${message}`, errno: 600001 };
    options.fail?.(err as WechatMiniprogram.GeneralCallbackResult);
    options.complete?.(err as WechatMiniprogram.GeneralCallbackResult);
  };
  const req = http.request(options.url, { method: 'POST', headers, timeout: options.timeout ?? 60000 }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', (e) => fail(e.message));
    res.on('end', () => {
      if (done) return;
      done = true;
      const result = { statusCode: res.statusCode ?? 0, data: Buffer.concat(chunks).toString('utf8'), errMsg: 'uploadFile:ok' };
      options.success?.(result as WechatMiniprogram.UploadFileSuccessCallbackResult);
      options.complete?.(result as WechatMiniprogram.GeneralCallbackResult);
    });
  });
  req.on('timeout', () => {
    fail('timeout');
    req.destroy();
  });
  req.on('error', (e) => fail(e.message));
  req.end(body);
  return { abort: () => req.destroy() };
}

/** The bytes of a file on the fake phone that no test gave: a made-up JPEG that names its path. */
export function fakePhoto(path: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`fake photo ${path}`), Buffer.from([0xff, 0xd9])]);
}

/** A fix as `wx.getLocation` answers it. */
export interface FakeFix {
  latitude: number;
  longitude: number;
  accuracy: number;
  speed?: number;
  altitude?: number;
}

type Callbacks = { success?: (res: any) => void; fail?: (err: any) => void; complete?: (res: any) => void };
type PrivacyResolve = (r: { event: string; buttonId?: string }) => void;

/** The phone's devices, as a test sets them. `reset()` (before each test) puts everything back. */
export interface FakeDevice {
  /** What the next `wx.getLocation` answers: a fix, or a failure (`{ errMsg, errno? }`). */
  location: FakeFix | { errMsg: string; errno?: number };
  /** The options of every `wx.getLocation` call. */
  readonly locationCalls: Record<string, unknown>[];
  /** Calls of `wx.startLocationUpdateBackground` (the app must never make one). */
  backgroundCalls: number;
  /** How the subscription dialog answers every template. */
  subscribeAnswer: 'accept' | 'reject';
  /** The template ids of every `wx.requestSubscribeMessage`. */
  readonly subscribeCalls: string[][];
  /** The files `wx.chooseMedia` picks. */
  media: string[];
  /** The bytes of the phone's files by path (what `wx.uploadFile` sends); a path not here reads as `fakePhoto(path)`. */
  readonly files: Map<string, Buffer>;
  /** The options of every `wx.uploadFile` call (without the callbacks). */
  readonly uploadCalls: Record<string, unknown>[];
  /** Has the person yet to agree to the privacy guide? Tapping the agree button clears it. */
  privacyNeeded: boolean;
  /** What pages resolved `wx.onNeedPrivacyAuthorization` with. */
  readonly privacyResolutions: { event: string; buttonId?: string }[];
  /** While false, `wx.request` fails as without a connection. */
  readonly online: boolean;
  /** The network goes down or comes back (`wx.onNetworkStatusChange` listeners hear it). */
  setOnline(online: boolean): void;
  reset(): void;
}

function answer(o: Callbacks, res: Record<string, unknown>, ok: boolean): void {
  setTimeout(() => {
    if (ok) o.success?.(res);
    else o.fail?.(res);
    o.complete?.(res);
  }, 0);
}

function makeDevice(wx: Wx): FakeDevice {
  const networkListeners = new Set<(res: { isConnected: boolean; networkType: string }) => void>();
  let privacyListener: ((resolve: PrivacyResolve, info: { referrer: string }) => void) | null = null;
  const device: FakeDevice & { online: boolean } = {
    location: { latitude: 0, longitude: 0, accuracy: 30 },
    locationCalls: [],
    backgroundCalls: 0,
    subscribeAnswer: 'accept',
    subscribeCalls: [],
    media: [],
    files: new Map(),
    uploadCalls: [],
    privacyNeeded: false,
    privacyResolutions: [],
    online: true,
    setOnline(online) {
      device.online = online;
      for (const fn of [...networkListeners]) fn({ isConnected: online, networkType: online ? 'wifi' : 'none' });
    },
    reset() {
      Object.assign(device, { location: { latitude: 0, longitude: 0, accuracy: 30 }, backgroundCalls: 0, subscribeAnswer: 'accept', media: [], privacyNeeded: false, online: true });
      device.locationCalls.length = 0;
      device.subscribeCalls.length = 0;
      device.privacyResolutions.length = 0;
      device.files.clear();
      device.uploadCalls.length = 0;
    },
  };

  /** A privacy API called before consent: ask the page through the listener, as WeChat does. */
  const privacyGate = (api: string, go: () => void, o: Callbacks) => {
    if (!device.privacyNeeded) return go();
    const refuse = () => answer(o, { errMsg: `${api}:fail privacy permission is not authorized`, errno: 104 }, false);
    if (!privacyListener) return refuse();
    privacyListener((r) => {
      device.privacyResolutions.push(r);
      if (r.event === 'agree' && !device.privacyNeeded) go();
      else if (r.event !== 'exposureAuthorization') refuse();
    }, { referrer: api });
  };

  Object.assign(wx, {
    request: (o: WechatMiniprogram.RequestOption) => {
      if (device.online) return nodeRequest(o);
      answer(o as Callbacks, { errMsg: 'request:fail errcode:-102 cronet_error_code:-102 error_msg:net::ERR_INTERNET_DISCONNECTED', errno: 600001 }, false);
      return { abort: () => undefined };
    },
    uploadFile: (o: WechatMiniprogram.UploadFileOption) => {
      device.uploadCalls.push(Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v !== 'function')));
      if (device.online) return nodeUpload(o, device.files.get(o.filePath) ?? fakePhoto(o.filePath));
      answer(o as Callbacks, { errMsg: 'uploadFile:fail errcode:-102 cronet_error_code:-102 error_msg:net::ERR_INTERNET_DISCONNECTED', errno: 600001 }, false);
      return { abort: () => undefined };
    },
    getLocation: (o: Record<string, unknown> & Callbacks) => {
      device.locationCalls.push(Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v !== 'function')));
      privacyGate('getLocation', () => {
        const l = device.location;
        if ('errMsg' in l) answer(o, { ...l }, false);
        else answer(o, { errMsg: 'getLocation:ok', speed: -1, altitude: 0, verticalAccuracy: l.accuracy, horizontalAccuracy: l.accuracy, ...l }, true);
      }, o);
    },
    startLocationUpdateBackground: (o: Callbacks = {}) => {
      device.backgroundCalls++;
      answer(o, { errMsg: 'startLocationUpdateBackground:ok' }, true);
    },
    requestSubscribeMessage: (o: { tmplIds: string[] } & Callbacks) => {
      device.subscribeCalls.push([...o.tmplIds]);
      answer(o, { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(o.tmplIds.map((id) => [id, device.subscribeAnswer])) }, true);
    },
    chooseMedia: (o: Callbacks) => {
      privacyGate('chooseMedia', () => {
        if (device.media.length === 0) answer(o, { errMsg: 'chooseMedia:fail cancel' }, false);
        else answer(o, { errMsg: 'chooseMedia:ok', type: 'image', tempFiles: device.media.map((p) => ({ tempFilePath: p, size: 120_000, fileType: 'image', duration: 0, height: 800, width: 600, thumbTempFilePath: '' })) }, true);
      }, o);
    },
    getPrivacySetting: (o: Callbacks) => answer(o, { errMsg: 'getPrivacySetting:ok', needAuthorization: device.privacyNeeded, privacyContractName: '《在岗小程序隐私保护指引》' }, true),
    onNeedPrivacyAuthorization: (fn: typeof privacyListener) => {
      privacyListener = fn;
    },
    openPrivacyContract: (o: Callbacks = {}) => answer(o, { errMsg: 'openPrivacyContract:ok' }, true),
    openSetting: (o: Callbacks = {}) => answer(o, { errMsg: 'openSetting:ok', authSetting: {} }, true),
    onNetworkStatusChange: (fn: (res: { isConnected: boolean; networkType: string }) => void) => void networkListeners.add(fn),
    offNetworkStatusChange: (fn?: (res: { isConnected: boolean; networkType: string }) => void) => {
      if (fn) networkListeners.delete(fn);
      else networkListeners.clear();
    },
  });
  return device;
}

/**
 * Replace `wx.request`, the sync storage APIs and the device APIs (see `FakeDevice`); returns
 * the storage, the device and a restore function.
 */
export function installWx(): { storage: Map<string, unknown>; device: FakeDevice; restore(): void } {
  const wx = wxGlobal();
  const saved = { ...wx };
  const storage = new Map<string, unknown>();
  Object.assign(wx, {
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
  });
  const device = makeDevice(wx);
  return {
    storage,
    device,
    restore: () => {
      for (const k of Object.keys(wx)) delete wx[k];
      Object.assign(wx, saved);
    },
  };
}
