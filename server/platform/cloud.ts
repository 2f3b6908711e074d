/**
 * The one module that touches `wx-server-sdk` (ARCHITECTURE.md, "The platform"). Everything
 * the backend needs from CloudBase — the database, storage, subscription messages, open data
 * and the caller's context — comes from here.
 *
 * The SDK reads where to send its calls and who the caller is from environment variables that
 * the platform sets (or the local cloud, with the same names), so this code is the same in the
 * cloud and in every test.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as cloud from 'wx-server-sdk';
import type { WxContext } from '../kernel/caller';
import type { TransactionRef, TypedDatabase } from './db-types';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

// A missing document reads as `{ data: null }` instead of a thrown string (the SDK's default).
export const db = cloud.database({ throwOnNotFound: false } as never) as unknown as TypedDatabase;
/** Query and update commands: `_.gt(1)`, `_.inc(1)`, … */
export const _ = db.command;
/** Aggregation operators. */
export const $ = db.command.aggregate;
export type { TypedDatabase as Database, AnyDoc } from './db-types';

/**
 * Run `fn` in a transaction (single-document operations only), retrying on a write conflict.
 * The SDK's own `runTransaction` retries only when the commit reports the conflict; an
 * operation inside the transaction that meets one fails with errCode -501001 and a message
 * naming `TransactionConflict`, which we retry too. `fn` may therefore run more than once: it
 * must have no effect outside the transaction.
 */
export async function transaction<T>(fn: (tx: TransactionRef) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.runTransaction(fn, 3);
    } catch (err) {
      const e = err as { errCode?: number; code?: string; errMsg?: string; message?: string };
      const conflict = e.code === 'DATABASE_TRANSACTION_CONFLICT' || /TransactionConflict|TRANSACTION_CONFLICT/.test(`${e.errMsg ?? ''} ${e.message ?? ''}`);
      if (!conflict || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 20));
    }
  }
}

/**
 * Did a write fail because a unique index (or `_id`) already holds the value? CloudBase answers
 * DATABASE_REQUEST_FAILED with MongoDB's E11000 text (docs/platform-notes.md).
 */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { errMsg?: string; message?: string } | null;
  return /E11000|duplicate key/i.test(`${e?.errMsg ?? ''} ${e?.message ?? ''}`);
}

/** The invocation's `WX_API_TOKEN`, captured by `wxContext()` for `openData()`. */
const apiToken = new AsyncLocalStorage<string>();

/**
 * The caller of this invocation. Read it synchronously at the top of the function entry, before
 * any `await` (the local cloud runs many invocations in one process and sets these variables
 * just before each entry is called). It also keeps the invocation's open-API token, read at
 * the same moment, for the rest of the invocation (see `openData`).
 */
export function wxContext(): WxContext {
  const c = cloud.getWXContext();
  apiToken.enterWith(process.env.WX_API_TOKEN ?? '');
  return { OPENID: c.OPENID, APPID: c.APPID, UNIONID: c.UNIONID, ENV: c.ENV, SOURCE: c.SOURCE };
}

/**
 * Run one open-API call of the SDK with this invocation's `WX_API_TOKEN` in `process.env`.
 * wx-server-sdk 4.0.2 does not read it during the call: `callWXOpenAPI` first awaits a
 * `setTimeout(0)` (registered synchronously, inside the call), and the request built after it
 * reads the variable with nothing but microtasks in between. Another invocation may set the
 * variable meanwhile, so the token is set now and again by the SDK's own timer, just before it
 * resumes: timers created during the synchronous call run `set()` first. On CloudBase each
 * invocation has its own environment and this sets the value it already holds.
 */
function withApiToken<T>(call: () => T): T {
  const token = apiToken.getStore();
  if (!token) return call();
  const set = (): void => {
    process.env.WX_API_TOKEN = token;
  };
  set();
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    realSetTimeout(() => {
      set();
      fn(...args);
    }, ms)) as unknown as typeof setTimeout;
  try {
    return call();
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
}

/** What a cloudID holds for the caller: its open data, or WeChat's reason for none. */
export type OpenData = { cloudID: string; data: Record<string, unknown> } | { cloudID: string; errCode: number; errMsg: string };

/** cloudIDs per `getOpenData` call (CloudBase documents no limit; the local cloud takes 5). */
const OPEN_DATA_BATCH = 5;

/**
 * The open data behind cloudIDs the client got from WeChat (e.g. `{ opengid }` of
 * `wx.getGroupEnterInfo`), decoded by the platform for the calling user
 * (`cloud.getOpenData`); one result per cloudID, in order. A cloudID that is forged, expired or
 * another user's yields `{ cloudID, errCode, errMsg }` (-601005, -601006, -601007); a call the
 * platform refuses as a whole gives its error to every cloudID of that call. Needs `wxContext()`
 * read first in the entry.
 */
export async function openData(cloudIds: string[]): Promise<OpenData[]> {
  const out: OpenData[] = [];
  for (let i = 0; i < cloudIds.length; i += OPEN_DATA_BATCH) {
    const list = cloudIds.slice(i, i + OPEN_DATA_BATCH);
    let answer: { list?: unknown[] };
    try {
      // The SDK's types say it answers at once; it answers with a promise.
      answer = await (withApiToken(() => cloud.getOpenData({ list })) as unknown as Promise<{ list?: unknown[] }>);
    } catch (err) {
      const e = err as { errCode?: number; errMsg?: string; message?: string };
      if (typeof e.errCode !== 'number') throw err;
      const failure = { errCode: e.errCode, errMsg: String(e.errMsg ?? e.message ?? '') };
      out.push(...list.map((cloudID) => ({ cloudID, ...failure })));
      continue;
    }
    out.push(...list.map((cloudID, j) => openDataItem(cloudID, answer.list?.[j])));
  }
  return out;
}

function openDataItem(cloudID: string, item: unknown): OpenData {
  const it = (item ?? {}) as { cloudID?: unknown; data?: unknown; errCode?: unknown; errMsg?: unknown };
  if ((it.cloudID === undefined || it.cloudID === cloudID) && it.data && typeof it.data === 'object' && !Array.isArray(it.data)) return { cloudID, data: it.data as Record<string, unknown> };
  if (typeof it.errCode === 'number' && it.errCode !== 0) return { cloudID, errCode: it.errCode, errMsg: String(it.errMsg ?? '') };
  return { cloudID, errCode: -601001, errMsg: 'system error: no open data for this cloudID' };
}

export const storage = {
  async upload(cloudPath: string, content: Buffer): Promise<string> {
    const r = (await cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
    return r.fileID;
  },
  /** Temporary download links (at most 50 files a call, as CloudBase allows). */
  async tempUrls(fileIds: string[], maxAgeSeconds: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < fileIds.length; i += 50) {
      const r = (await cloud.getTempFileURL({ fileList: fileIds.slice(i, i + 50).map((fileID) => ({ fileID, maxAge: maxAgeSeconds })) })) as {
        fileList: { fileID: string; tempFileURL: string; status: number }[];
      };
      for (const f of r.fileList) if (f.status === 0 && f.tempFileURL) out.set(f.fileID, f.tempFileURL);
    }
    return out;
  },
  async remove(fileIds: string[]): Promise<void> {
    for (let i = 0; i < fileIds.length; i += 50) await (cloud.deleteFile({ fileList: fileIds.slice(i, i + 50) }) as Promise<unknown>);
  },
  /** A stored file's bytes (an uploaded spreadsheet to import). */
  async download(fileId: string): Promise<Buffer> {
    const r = (await cloud.downloadFile({ fileID: fileId })) as { fileContent: Buffer };
    return r.fileContent;
  },
};

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

export const messages = {
  /** Send one subscription message; resolves with WeChat's errCode (0 when sent). */
  async send(m: SubscribeMessage): Promise<{ errCode: number; errMsg: string }> {
    try {
      const r = await cloud.openapi.subscribeMessage.send(m);
      return { errCode: Number(r?.errCode ?? 0), errMsg: String(r?.errMsg ?? 'ok') };
    } catch (err) {
      const e = err as { errCode?: number; errMsg?: string; message?: string };
      if (typeof e.errCode === 'number') return { errCode: e.errCode, errMsg: e.errMsg ?? e.message ?? '' };
      throw err;
    }
  },
};
