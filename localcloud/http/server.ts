/**
 * The local cloud's HTTP face.
 *
 * - `POST /admin?env=…`: the endpoint the official SDK posts every call to (where
 *   `TCB_CONTEXT_CNFG` points). JSON bodies go to the service owning their `action`
 *   (`database.*`, `storage.*`); multipart forms are `wx.openApi` calls (subscription messages,
 *   `getOpenData`).
 * - `/_storage/…`: the upload and download URLs that storage hands out.
 * - `POST /call/<function>`: call a cloud function as a mini program would, with the caller in
 *   the `x-openid` header (local only: a deployed function never trusts a header).
 * - `/_local/…`: test controls (people, clock, tick, outbox, grants, ops, cloudID), and
 *   `POST /_local/upload`, a mini program's `wx.cloud.uploadFile` for pages in local mode.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminAnswer, AdminRequest } from '../service';
import { errorAnswer } from '../service';
import type { LocalCloud } from '../index';
import { FunctionNotFoundError, FunctionTimeoutError } from '../functions/host';
import { readForm } from '../storage';

/** WeChat's limit on `callFunction` data is about 100 KB of text (PLATFORM.md). */
export const CALL_BODY_LIMIT = 100 * 1024;
/** The SDK's own calls (batch inserts, uploads through the admin route) may be larger. */
const ADMIN_BODY_LIMIT = 16 * 1024 * 1024;
/**
 * Largest file `POST /_local/upload` takes. CloudBase takes far larger files from
 * `wx.cloud.uploadFile`; a mini program's photos (compressed by `wx.chooseMedia`) are a few
 * hundred KB, so anything near this is a mistake worth hearing about early.
 */
export const CLIENT_UPLOAD_LIMIT = 10 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function createHttpServer(cloud: LocalCloud): Server {
  const server = createServer((req, res) => {
    route(cloud, req, res).catch((err: unknown) => {
      const e = err instanceof HttpError ? err : new HttpError(500, 'LOCAL_INTERNAL', 'internal error of the local cloud');
      if (!(err instanceof HttpError)) cloud.log(`[http] ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, e.status, { ok: false, code: e.code, message: e.message });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function route(cloud: LocalCloud, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (path === '/admin' && method === 'POST') return admin(cloud, req, res);
  if (path.startsWith('/_storage/')) {
    if (await cloud.storage.handleHttp(req, res, url)) return;
    throw new HttpError(404, 'NOT_FOUND', `no such storage route: ${path}`);
  }
  const call = /^\/call\/([A-Za-z0-9_-]+)$/.exec(path);
  if (call && method === 'POST') return callFunction(cloud, call[1]!, req, res);
  if (path === '/_local/upload' && method === 'POST') return clientUpload(cloud, req, res);
  if (path.startsWith('/_local/')) return local(cloud, path.slice('/_local/'.length), method, req, res, url);
  if (path === '/' && method === 'GET') {
    return sendJson(res, 200, { ok: true, data: { name: 'localcloud', env: cloud.envId, functions: cloud.functions.names() } });
  }
  throw new HttpError(404, 'NOT_FOUND', `no route ${method} ${path}`);
}

async function admin(cloud: LocalCloud, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req, ADMIN_BODY_LIMIT);
  const type = String(req.headers['content-type'] ?? '');
  let request: AdminRequest;
  if (type.startsWith('multipart/form-data')) {
    request = { action: 'wx.openApi', params: {}, raw, headers: req.headers };
  } else {
    const params = parseJson(raw) as Record<string, unknown>;
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw new HttpError(400, 'INVALID_PARAM', 'body must be a JSON object');
    request = { action: String(params.action ?? ''), params, raw, headers: req.headers };
  }
  // Served unless a test killed the invocation sending it (functions/crash.ts; off by default).
  const answer = await cloud.functions.serveAdmin(request, () => serveAdmin(cloud, request));
  writeAnswer(res, answer);
}

async function serveAdmin(cloud: LocalCloud, request: AdminRequest): Promise<AdminAnswer> {
  if (request.action.startsWith('database.')) return cloud.database.handle(request);
  if (request.action.startsWith('storage.')) return cloud.storage.handle(request);
  if (request.action === 'wx.openApi') return cloud.messages.handle(request);
  return errorAnswer('INVALID_ACTION', `action ${request.action || '(none)'} is not served by the local cloud`);
}

async function callFunction(cloud: LocalCloud, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req, CALL_BODY_LIMIT);
  const event = raw.length === 0 ? {} : parseJson(raw);
  const openid = headerString(req.headers['x-openid']);
  try {
    const { result } = await cloud.functions.invoke(name, event, { openid, source: 'wx_client' });
    sendJson(res, 200, result ?? null);
  } catch (err) {
    if (err instanceof FunctionNotFoundError) throw new HttpError(404, err.code, err.message);
    if (err instanceof FunctionTimeoutError) throw new HttpError(504, err.code, err.message);
    // CloudBase answers a function that threw with errCode -504002 (functions execute fail).
    cloud.log(`[call] ${name}: ${(err as Error)?.stack ?? String(err)}`);
    throw new HttpError(502, 'FUNCTIONS_EXECUTE_FAIL', `function ${name} failed`);
  }
}

/**
 * `POST /_local/upload`: what `wx.cloud.uploadFile({ cloudPath, filePath })` does for a mini
 * program, for pages in local mode (which have no `wx.cloud`). It takes what `wx.uploadFile`
 * sends: multipart/form-data with the text field `cloudPath` and the file in the field `file`,
 * the caller in the `x-openid` header (recorded as the file's owner, as CloudBase records the
 * uploader). The bytes are stored as the SDK's `uploadFile` stores them, in the env functions
 * see, so a function's `getTempFileURL` finds the file; the answer is
 * `{ ok: true, data: { fileID } }`, the file ID in CloudBase's `cloud://<env>.<bucket>/<path>`.
 */
async function clientUpload(cloud: LocalCloud, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const openid = headerString(req.headers['x-openid']);
  if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    req.resume();
    throw new HttpError(400, 'INVALID_PARAM', 'body must be multipart/form-data with the field "cloudPath" and the file in the field "file"');
  }
  const form = await readForm(req, CLIENT_UPLOAD_LIMIT).catch(() => undefined);
  if (!form) throw new HttpError(400, 'INVALID_PARAM', 'body is not well-formed multipart/form-data');
  if (form.file === 'too-large') throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `file over ${CLIENT_UPLOAD_LIMIT} bytes (${CLIENT_UPLOAD_LIMIT / 1024 / 1024} MB)`);
  if (!form.file || form.file.field !== 'file') throw new HttpError(400, 'INVALID_PARAM', 'the form must carry the file in the field "file"');
  const stored = await cloud.storage.putFile(cloud.envId, form.fields.cloudPath, form.file.bytes, { contentType: form.file.mimeType, owner: openid });
  if ('error' in stored) throw new HttpError(400, 'INVALID_PARAM', stored.error);
  sendJson(res, 200, { ok: true, data: { fileID: stored.fileID } });
}

async function local(cloud: LocalCloud, what: string, method: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const body = method === 'POST' ? parseJson(await readBody(req, CALL_BODY_LIMIT), true) : {};
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  switch (`${method} ${what}`) {
    case 'GET people':
      return sendJson(res, 200, { ok: true, data: await cloud.people() });
    case 'GET clock':
      return sendJson(res, 200, { ok: true, data: { now: cloud.clock.now().toISOString(), frozen: cloud.clock.frozen } });
    case 'POST clock': {
      const now = input.now;
      if (typeof now !== 'string' || Number.isNaN(new Date(now).getTime())) throw new HttpError(400, 'INVALID_PARAM', 'body must be { "now": "<ISO time>" }');
      cloud.clock.set(now, { frozen: input.frozen === true });
      return sendJson(res, 200, { ok: true, data: { now: cloud.clock.now().toISOString(), frozen: cloud.clock.frozen } });
    }
    case 'POST tick': {
      const fn = typeof input.fn === 'string' ? input.fn : undefined;
      return sendJson(res, 200, { ok: true, data: await cloud.timer.fire(fn) });
    }
    case 'GET outbox':
      return sendJson(res, 200, { ok: true, data: cloud.messages.outbox() });
    case 'POST grants': {
      const { openid, templateId } = input;
      const count = input.count === undefined ? 1 : input.count;
      if (typeof openid !== 'string' || typeof templateId !== 'string' || typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100) {
        throw new HttpError(400, 'INVALID_PARAM', 'body must be { "openid", "templateId", "count"? (1..100) }');
      }
      cloud.messages.grant(openid, templateId, count);
      return sendJson(res, 200, { ok: true, data: { grants: cloud.messages.grants(openid, templateId) } });
    }
    case 'POST cloudid': {
      const { openid, data } = input;
      if (typeof openid !== 'string' || !data || typeof data !== 'object') throw new HttpError(400, 'INVALID_PARAM', 'body must be { "openid", "data": {…} }');
      return sendJson(res, 200, { ok: true, data: { cloudID: cloud.functions.issueCloudId(openid, data as Record<string, unknown>) } });
    }
    case 'GET ops': {
      const last = Number(url.searchParams.get('last') ?? 50);
      return sendJson(res, 200, { ok: true, data: { total: { ...cloud.database.ops }, invocations: cloud.functions.invocations().slice(-Math.max(1, Math.min(1000, last || 50))) } });
    }
    default:
      throw new HttpError(404, 'NOT_FOUND', `no local route ${method} /_local/${what}`);
  }
}

function writeAnswer(res: ServerResponse, answer: AdminAnswer): void {
  const status = answer.status ?? 200;
  if (Buffer.isBuffer(answer.body)) {
    res.writeHead(status, { 'content-length': answer.body.length, ...answer.headers });
    res.end(answer.body);
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...answer.headers });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body over ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body over ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

function parseJson(raw: Buffer, emptyIsObject = false): unknown {
  if (raw.length === 0 && emptyIsObject) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'request body is not valid JSON');
  }
}

function headerString(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length > 0 ? s : undefined;
}
