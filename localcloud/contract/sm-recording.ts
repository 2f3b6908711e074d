/**
 * Recorded request/answer pairs of the storage and `wx.openApi` protocol
 * (`recordings/storage-*.json`, `recordings/messages-*.json`): how they are normalised, served
 * back, and made (`npx tsx localcloud/contract/record-storage-messages.ts` rewrites them from
 * the local cloud).
 *
 * Volatile parts are normalised away before comparing: the `seqId` query parameter, timestamps,
 * the TC3 signature and its date, the multipart boundary, the host and connection headers. What
 * stays is what the SDK chose to send: action, parameters, signed parameter names, the COS
 * headers of an upload, the protobuf bytes of `requestData`.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { decodeCommApiData, decodeCommOpenApiResp } from '../messages/proto';

export const RECORDINGS_DIR = join(__dirname, 'recordings');
/** Stands for the server's base URL inside recorded answers and requests. */
export const BASE = '{{BASE}}';

export type SdkApi = 'uploadFile' | 'getTempFileURL' | 'deleteFile' | 'downloadFile' | 'openapi.subscribeMessage.send';

export interface RecordedRequest {
  method: string;
  /** Path and query, `seqId` removed. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  json?: unknown;
  text?: string;
  base64?: string;
  /** For a protobuf answer, what it decodes to (for people; `base64` is what is served). */
  decoded?: unknown;
}

export interface Exchange {
  request: RecordedRequest;
  answer: RecordedAnswer;
}

export type Outcome =
  | { result: unknown }
  | { error: { name: string; errCode: unknown; errMsg: unknown; code?: unknown } };

export interface Recording {
  name: string;
  sdk: string;
  description: string;
  call: { api: SdkApi; args: unknown };
  exchanges: Exchange[];
  expected: Outcome;
}

// ---- values that carry bytes through JSON ------------------------------------------------------

/** `{ $base64 }` objects become Buffers. */
export function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$base64 === 'string' && Object.keys(o).length === 1) return Buffer.from(o.$base64, 'base64');
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

/** Buffers become `{ $base64 }` objects. */
export function bury(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(bury);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, bury(v)]));
  return value;
}

// ---- requests --------------------------------------------------------------------------------

const ADMIN_HEADERS = ['content-type', 'user-agent', 'x-sdk-version', 'x-tcb-source', 'authorization', 'x-signature-expires'];
const UPLOAD_HEADERS = ['content-type', 'signature', 'authorization', 'x-cos-security-token', 'x-cos-meta-fileid', 'key'];

function one(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function multipartBoundary(contentType: string): string | undefined {
  return /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)?.slice(1).find(Boolean);
}

interface Part {
  name: string;
  contentType?: string;
  value?: string;
  base64?: string;
  decoded?: unknown;
}

/** A small multipart reader (the recorded forms are tiny): parts in order, text as text, bytes as base64. */
export function readMultipart(raw: Buffer, boundary: string): Part[] {
  const sep = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = raw.indexOf(sep);
  while (at >= 0) {
    const start = at + sep.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(sep, start);
    if (next < 0) break;
    const chunk = raw.subarray(start + 2, next - 2); // skip CRLF after the boundary and before the next
    const headEnd = chunk.indexOf('\r\n\r\n');
    const head = chunk.subarray(0, headEnd).toString('utf8');
    const body = chunk.subarray(headEnd + 4);
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    const part: Part = { name, ...(contentType ? { contentType } : {}) };
    if (name === 'requestData') {
      part.base64 = body.toString('base64');
      const d = decodeCommApiData(body);
      part.decoded = { apiType: d.apiType, appid: d.appid, pairs: d.pairs.map((p) => ({ key: p.key, value: JSON.parse(Buffer.from(p.value).toString('utf8')) as unknown })) };
    } else if (contentType && !contentType.startsWith('text/')) part.base64 = body.toString('base64');
    else part.value = body.toString('utf8');
    parts.push(part);
    at = next;
  }
  return parts;
}

function normaliseAuthorization(a: string): string {
  return a.replace(/\/\d{4}-\d{2}-\d{2}\//, '/<date>/').replace(/Signature=[0-9a-f]+/, 'Signature=<signature>');
}

/** The parts of a request that the comparison looks at. `base` is the server's own URL. */
export function normaliseRequest(method: string, url: string, headers: IncomingHttpHeaders, raw: Buffer): RecordedRequest {
  const u = new URL(url, 'http://x');
  u.searchParams.delete('seqId');
  const path = `${u.pathname}${u.searchParams.toString() ? `?${u.searchParams.toString()}` : ''}`;
  const out: RecordedRequest = { method, path, headers: {} };
  const isAdmin = u.pathname === '/admin';
  const keep = isAdmin ? ADMIN_HEADERS : method === 'PUT' ? UPLOAD_HEADERS : [];
  for (const name of keep) {
    const v = one(headers, name);
    if (v === undefined) continue;
    if (name === 'authorization' && isAdmin) out.headers[name] = normaliseAuthorization(v);
    else if (name === 'content-type' && v.startsWith('multipart/')) out.headers[name] = 'multipart/form-data; boundary=<boundary>';
    else out.headers[name] = v;
  }
  const type = one(headers, 'content-type') ?? '';
  if (raw.length === 0) return out;
  if (isAdmin && type.startsWith('multipart/form-data')) out.body = readMultipart(raw, multipartBoundary(type) ?? '');
  else if (isAdmin) out.body = JSON.parse(raw.toString('utf8')) as unknown;
  else out.body = { $base64: raw.toString('base64') };
  return out;
}

// ---- answers ---------------------------------------------------------------------------------

export function captureAnswer(status: number, headers: IncomingHttpHeaders, body: Buffer, base: string): RecordedAnswer {
  const type = one(headers, 'content-type') ?? '';
  const ans: RecordedAnswer = { status, headers: type ? { 'content-type': type } : {} };
  const sub = (s: string): string => s.split(base).join(BASE);
  if (type.startsWith('application/json')) ans.json = JSON.parse(sub(body.toString('utf8'))) as unknown;
  else if (body.length === 0 || type.startsWith('text/') || type.includes('xml')) ans.text = sub(body.toString('utf8'));
  else {
    ans.base64 = body.toString('base64');
    if (type === 'application/octet-stream') {
      try {
        const d = decodeCommOpenApiResp(body);
        ans.decoded = { ...d, respData: d.respData.toString('utf8') };
      } catch {
        // not a CommOpenApiResp: the bytes alone
      }
    }
  }
  return ans;
}

export function answerBytes(ans: RecordedAnswer, base: string): Buffer {
  const sub = (s: string): string => s.split(BASE).join(base);
  if (ans.json !== undefined) return Buffer.from(sub(JSON.stringify(ans.json)));
  if (ans.base64 !== undefined) return Buffer.from(ans.base64, 'base64');
  return Buffer.from(sub(ans.text ?? ''));
}

// ---- a server that sees every request -----------------------------------------------------------

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

export interface ExchangeServer {
  url: string;
  seen: SeenRequest[];
  stop(): Promise<void>;
}

/** An HTTP server that hands each request, read whole, to `answer` and writes what it returns. */
export async function startExchangeServer(
  answer: (req: SeenRequest, index: number, base: string) => Promise<{ status: number; headers: Record<string, string>; body: Buffer }>,
): Promise<ExchangeServer> {
  const seen: SeenRequest[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const s: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, raw: Buffer.concat(chunks) };
      seen.push(s);
      const a = await answer(s, seen.length - 1, base);
      res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
      res.end(a.body);
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`exchange server: ${String(e)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    seen,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- running a recorded call through the SDK ----------------------------------------------------

/** Calls the SDK as the recording says and returns what came back, in a comparable form. */
export async function runCall(cloud: any, call: Recording['call']): Promise<Outcome> {
  const args = revive(call.args);
  try {
    let result: unknown;
    switch (call.api) {
      case 'uploadFile': result = await cloud.uploadFile(args); break;
      case 'getTempFileURL': result = await cloud.getTempFileURL(args); break;
      case 'deleteFile': result = await cloud.deleteFile(args); break;
      case 'downloadFile': result = await cloud.downloadFile(args); break;
      case 'openapi.subscribeMessage.send': result = await cloud.openapi.subscribeMessage.send(args); break;
    }
    return { result: bury(result) };
  } catch (e) {
    const err = e as { constructor?: { name?: string }; errCode?: unknown; errMsg?: unknown; code?: unknown };
    return { error: { name: err?.constructor?.name ?? typeof e, errCode: err?.errCode, errMsg: err?.errMsg, ...(err?.code !== undefined ? { code: err.code } : {}) } };
  }
}

/** Replaces the server's URL by {{BASE}} anywhere in an outcome. */
export function baseless<T>(value: T, base: string): T {
  return JSON.parse(JSON.stringify(value).split(base).join(BASE)) as T;
}
