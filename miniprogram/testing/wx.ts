/**
 * Test-only (packOptions leave this folder out of the mini program): the few `wx` APIs that
 * miniprogram-simulate only pretends to have, made real enough for pages to reach an actual
 * local cloud — `wx.request` over Node's `http`, and storage in memory.
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

/** Replace `wx.request` and the sync storage APIs; returns the storage and a restore function. */
export function installWx(): { storage: Map<string, unknown>; restore(): void } {
  const wx = wxGlobal();
  const saved = { ...wx };
  const storage = new Map<string, unknown>();
  Object.assign(wx, {
    request: nodeRequest,
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
  });
  return {
    storage,
    restore: () => {
      for (const k of Object.keys(wx)) delete wx[k];
      Object.assign(wx, saved);
    },
  };
}
