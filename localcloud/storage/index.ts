/**
 * The local cloud's storage: the `storage.*` actions of the SDK's `/admin` protocol, and the HTTP
 * side that COS plays in CloudBase (the PUT or POST of uploaded bytes, the GET of a temp URL).
 *
 * What the SDK (`wx-server-sdk@4.0.2` → `@cloudbase/node-sdk@3.17.2`) does, read off its sources
 * and probed against a logging server:
 * - `uploadFile({ cloudPath, fileContent })` posts `storage.getUploadMetadata { path, method: 'put' }`,
 *   reads `{ data: { url, token, authorization, fileId, cosFileId } }`, then PUTs the bytes to
 *   `url` with headers `authorization`, `Signature`, `x-cos-security-token`, `x-cos-meta-fileid`
 *   and `key`. An empty answer body is success; a COS XML `<Error>` body is a failure.
 * - `getTempFileURL({ fileList })` posts `storage.batchGetDownloadUrl { file_list: [{ fileid,
 *   max_age? }] }` and reads `{ data: { download_list: [{ fileID, tempFileURL, code, maxAge }] } }`;
 *   a per-file `code` other than `SUCCESS` becomes that entry's `status` (`STORAGE_FILE_NONEXIST` →
 *   -503003).
 * - `deleteFile({ fileList })` posts `storage.batchDeleteFile { fileid_list }` and reads
 *   `{ data: { delete_list: [{ fileID, code }] } }`.
 * - `downloadFile({ fileID })` asks for a temp URL (max_age 600), then GETs `encodeURI(url)`: so
 *   temp URLs are handed out with their path unencoded, as CloudBase's are.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import busboy from 'busboy';
import type { LocalClock } from '../clock';
import { type AdminAnswer, type AdminRequest, errorAnswer, newRequestId } from '../service';
import { type BlobStore, DiskBlobs, MemoryBlobs, type StoredMeta } from './blobs';
import {
  DEFAULT_ENV, bucketFor, cloudPathProblem, contentTypeFor, encodePath, envOfBucket, fileIdFor,
  isValidEnv, parseFileId,
} from './paths';
import { UrlSigner } from './signer';

export { bucketFor, fileIdFor, parseFileId } from './paths';
export type { StoredMeta } from './blobs';

/** CloudBase: "一次最多取 50 个" for temp URLs; the same limit answers a delete of more than 50. */
export const MAX_FILES_PER_CALL = 50;
/**
 * Default life of a temp URL when the caller gives no `maxAge`. The docs disagree (the server
 * SDK's page says one day, the wxcloud page says ten minutes for private files): the local cloud
 * takes the shorter.
 */
export const DEFAULT_MAX_AGE_S = 600;
/** CloudBase: a temp URL lives at most one day; a longer `maxAge` is cut to one day here. */
export const MAX_MAX_AGE_S = 86_400;
/** Life of the upload authorization returned by `getUploadMetadata` (a guess: COS-style signatures are short-lived). */
export const UPLOAD_AUTH_S = 600;
/** Largest upload accepted; CloudBase takes far more, but nothing in a mini program should send more. */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

const ROUTE = '/_storage/';

export interface LocalStorageOptions {
  clock: LocalClock;
  /** Folder of the local cloud's data; files go under `<dataDir>/storage/`. Undefined: in memory. */
  dataDir?: string;
  /** Base URL of the local cloud's HTTP server, e.g. `http://127.0.0.1:3700`. */
  publicUrl: () => string;
  /** Env for uploads when the SDK names none (default `local`). */
  defaultEnv?: string;
  maxUploadBytes?: number;
}

interface UploadAuth {
  end: number;
  signature: string;
}

export class LocalStorage {
  private readonly clock: LocalClock;
  private readonly blobs: BlobStore;
  private readonly publicUrl: () => string;
  private readonly signer = new UrlSigner();
  private readonly defaultEnv: string;
  private readonly maxUploadBytes: number;

  constructor(opts: LocalStorageOptions) {
    this.clock = opts.clock;
    this.publicUrl = opts.publicUrl;
    this.blobs = opts.dataDir === undefined ? new MemoryBlobs() : new DiskBlobs(join(opts.dataDir, 'storage'));
    this.defaultEnv = opts.defaultEnv ?? DEFAULT_ENV;
    this.maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  }

  async handle(req: AdminRequest): Promise<AdminAnswer> {
    switch (req.action) {
      case 'storage.getUploadMetadata':
        return this.getUploadMetadata(req.params);
      case 'storage.batchGetDownloadUrl':
        return this.batchGetDownloadUrl(req.params);
      case 'storage.batchDeleteFile':
        return this.batchDeleteFile(req.params);
      default:
        return errorAnswer('INVALID_ACTION', `the local cloud does not serve ${req.action}`);
    }
  }

  /** Metadata of a stored file, or undefined (for tests and tools). */
  stat(fileId: string): StoredMeta | undefined {
    const f = parseFileId(fileId);
    const env = f && envOfBucket(f.bucket);
    return f && env === f.env ? this.blobs.head(env, f.path) : undefined;
  }

  async reset(): Promise<void> {
    await this.blobs.clear();
  }

  /**
   * Stores `bytes` at `cloudPath` of `env` exactly as the SDK's `uploadFile` does (the same
   * object, file ID and temp URLs as `getUploadMetadata` followed by the PUT), for the local
   * cloud's own routes: `POST /_local/upload` stands in for a mini program's
   * `wx.cloud.uploadFile`, which a page in local mode does not have. `owner` is the uploading
   * user's openid. Refuses a path that breaks CloudBase's naming rules, with the reason.
   */
  async putFile(env: string, cloudPath: unknown, bytes: Buffer, opts: { contentType?: string; owner?: string } = {}): Promise<{ fileID: string } | { error: string }> {
    if (!isValidEnv(env)) return { error: `invalid env: ${env}` };
    const problem = cloudPathProblem(cloudPath);
    if (problem) return { error: problem };
    if (bytes.length > this.maxUploadBytes) return { error: `file over the maximum allowed object size (${this.maxUploadBytes} bytes)` };
    await this.store(env, cloudPath as string, bytes, opts.contentType, opts.owner);
    return { fileID: fileIdFor(env, cloudPath as string) };
  }

  // ---- storage.* actions -------------------------------------------------------------------

  private base(): string {
    return this.publicUrl().replace(/\/+$/, '');
  }

  private getUploadMetadata(params: Record<string, unknown>): AdminAnswer {
    const env = envOf(params, this.defaultEnv);
    if (!env) return errorAnswer('INVALID_ENV', `invalid env: ${String(params.envName)}`);
    const path = params.path;
    const problem = cloudPathProblem(path);
    if (problem) return errorAnswer('INVALID_PARAM', problem);
    const cloudPath = path as string;
    const bucket = bucketFor(env);
    const start = Math.floor(this.clock.nowMs() / 1000);
    const end = start + UPLOAD_AUTH_S;
    const token = randomBytes(16).toString('hex');
    const cosFileId = randomBytes(24).toString('base64url');
    const signature = this.signer.sign('upload', bucket, cloudPath, String(end), token, cosFileId);
    // Shaped like a COS authorization, so that code that logs it sees the familiar form.
    const authorization = `q-sign-algorithm=sha256&q-ak=localcloud&q-sign-time=${start};${end}&q-key-time=${start};${end}&q-header-list=&q-url-param-list=&q-signature=${signature}`;
    const url = `${this.base()}${ROUTE}${bucket}/${encodePath(cloudPath)}`;
    return {
      body: {
        requestId: newRequestId(),
        data: { url, token, authorization, fileId: fileIdFor(env, cloudPath), cosFileId },
      },
    };
  }

  private batchGetDownloadUrl(params: Record<string, unknown>): AdminAnswer {
    const list = params.file_list;
    if (!Array.isArray(list)) return errorAnswer('INVALID_PARAM', 'file_list must be an array');
    // CloudBase answers `{"code":"INVALID_PARAM","message":"Cannot operate more than 50 files one time"}`.
    if (list.length > MAX_FILES_PER_CALL) return errorAnswer('INVALID_PARAM', 'Cannot operate more than 50 files one time');
    const out: Record<string, unknown>[] = [];
    const nowMs = this.clock.nowMs();
    for (const item of list as unknown[]) {
      const entry = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
      const fileID = entry.fileid;
      let maxAge = DEFAULT_MAX_AGE_S;
      if (entry.max_age !== undefined && entry.max_age !== null) {
        const m = entry.max_age;
        if (typeof m !== 'number' || !Number.isInteger(m) || m <= 0) {
          return errorAnswer('INVALID_PARAM', `max_age must be a positive integer number of seconds: ${JSON.stringify(m)}`);
        }
        maxAge = Math.min(m, MAX_MAX_AGE_S);
      }
      const found = this.find(fileID);
      if (found === 'invalid') {
        out.push({ fileID, tempFileURL: '', code: 'INVALID_PARAM', message: 'invalid fileID' });
        continue;
      }
      if (!found) {
        out.push({ fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists' });
        continue;
      }
      const t = Math.floor((nowMs + maxAge * 1000) / 1000);
      const sign = this.signer.sign('GET', found.bucket, found.path, String(t));
      // The path is left unencoded, as CloudBase's temp URLs are (the SDK encodeURI()s it before a GET).
      out.push({ fileID, tempFileURL: `${this.base()}${ROUTE}${found.bucket}/${found.path}?sign=${sign}&t=${t}`, code: 'SUCCESS', maxAge });
    }
    return { body: { requestId: newRequestId(), data: { download_list: out } } };
  }

  private async batchDeleteFile(params: Record<string, unknown>): Promise<AdminAnswer> {
    const list = params.fileid_list;
    if (!Array.isArray(list)) return errorAnswer('INVALID_PARAM', 'fileid_list must be an array');
    if (list.length > MAX_FILES_PER_CALL) return errorAnswer('INVALID_PARAM', 'Cannot operate more than 50 files one time');
    const out: Record<string, unknown>[] = [];
    for (const fileID of list as unknown[]) {
      const found = this.find(fileID);
      if (found === 'invalid') out.push({ fileID, code: 'INVALID_PARAM', message: 'invalid fileID' });
      else if (!found || !(await this.blobs.delete(found.env, found.path))) {
        out.push({ fileID, code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists' });
      } else out.push({ fileID, code: 'SUCCESS' });
    }
    return { body: { requestId: newRequestId(), data: { delete_list: out } } };
  }

  /** The stored object a file ID names; undefined when there is none; 'invalid' when the ID is not a file ID. */
  private find(fileId: unknown): { env: string; bucket: string; path: string; meta: StoredMeta } | undefined | 'invalid' {
    const f = parseFileId(fileId);
    if (!f) return 'invalid';
    const env = envOfBucket(f.bucket);
    if (env !== f.env) return undefined;
    const meta = this.blobs.head(env, f.path);
    return meta ? { env, bucket: f.bucket, path: f.path, meta } : undefined;
  }

  // ---- HTTP: what COS serves ------------------------------------------------------------------

  /** Serves `/_storage/<bucket>/<path>`: PUT/POST uploads, GET/HEAD of temp URLs. False when the path is not ours. */
  async handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith(ROUTE)) return false;
    const rest = url.pathname.slice(ROUTE.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    let path = '';
    try {
      path = slash < 0 ? '' : rest.slice(slash + 1).split('/').map(decodeURIComponent).join('/');
    } catch {
      await drain(req);
      cosError(res, 400, 'InvalidURI', 'Could not parse the specified URI.', url.pathname);
      return true;
    }
    const env = envOfBucket(bucket);
    if (!env) {
      await drain(req);
      cosError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist.', url.pathname);
      return true;
    }
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        await drain(req);
        await this.download(req.method === 'HEAD', res, url, env, bucket, path);
        return true;
      case 'PUT':
        await this.putUpload(req, res, env, bucket, path);
        return true;
      case 'POST':
        await this.postUpload(req, res, env, bucket, path);
        return true;
      case 'OPTIONS':
        await drain(req);
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, HEAD, PUT, POST',
          'access-control-allow-headers': '*',
        });
        res.end();
        return true;
      default:
        await drain(req);
        cosError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', url.pathname);
        return true;
    }
  }

  private async download(head: boolean, res: ServerResponse, url: URL, env: string, bucket: string, path: string): Promise<void> {
    const resource = `/${path}`;
    const t = url.searchParams.get('t') ?? '';
    if (!/^\d{1,12}$/.test(t) || !this.signer.verify(url.searchParams.get('sign'), 'GET', bucket, path, t)) {
      // A private file is reachable only through a signed URL (CloudBase's default storage rule).
      return cosError(res, 403, 'AccessDenied', 'Access Denied. The signature of this URL is missing or invalid.', resource, head);
    }
    if (this.clock.nowMs() >= Number(t) * 1000) {
      return cosError(res, 403, 'AccessDenied', 'Request has expired', resource, head);
    }
    const found = await this.blobs.read(env, path);
    if (!found) return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', resource, head);
    res.writeHead(200, {
      'content-type': found.meta.contentType,
      'content-length': String(found.meta.size),
      etag: `"${found.meta.etag}"`,
      'last-modified': new Date(found.meta.uploadedAt).toUTCString(),
      'access-control-allow-origin': '*',
      'x-cos-request-id': newRequestId(),
    });
    res.end(head ? undefined : found.bytes);
  }

  private checkUploadAuth(auth: UploadAuth | undefined, bucket: string, path: string, token: string, cosFileId: string): 'ok' | 'expired' | 'bad' {
    if (!auth || !token || !cosFileId) return 'bad';
    if (!this.signer.verify(auth.signature, 'upload', bucket, path, String(auth.end), token, cosFileId)) return 'bad';
    return this.clock.nowMs() >= auth.end * 1000 ? 'expired' : 'ok';
  }

  /** The SDK's upload: PUT of the raw bytes, authorized by the headers from getUploadMetadata. */
  private async putUpload(req: IncomingMessage, res: ServerResponse, env: string, bucket: string, path: string): Promise<void> {
    const resource = `/${path}`;
    const body = await readLimited(req, this.maxUploadBytes);
    if (body === 'too-large') return cosError(res, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${this.maxUploadBytes} bytes).`, resource);
    const verdict = this.checkUploadAuth(
      parseAuthorization(header(req, 'authorization')), bucket, path,
      header(req, 'x-cos-security-token'), header(req, 'x-cos-meta-fileid'),
    );
    if (verdict === 'expired') return cosError(res, 403, 'AccessDenied', 'Request has expired', resource);
    if (verdict === 'bad') return cosError(res, 403, 'SignatureDoesNotMatch', 'The Signature you specified is invalid.', resource);
    const meta = await this.store(env, path, body, header(req, 'content-type'));
    res.writeHead(200, { etag: `"${meta.etag}"`, 'x-cos-request-id': newRequestId(), 'content-length': '0' });
    res.end();
  }

  /**
   * The browser-style upload (what `wx.cloud.uploadFile` and the web SDK do): a multipart POST
   * with fields `key`, `signature`, `x-cos-security-token`, `x-cos-meta-fileid`,
   * `success_action_status`, then `file`.
   */
  private async postUpload(req: IncomingMessage, res: ServerResponse, env: string, bucket: string, urlPath: string): Promise<void> {
    const form = await readForm(req, this.maxUploadBytes).catch(() => undefined);
    if (!form) return cosError(res, 400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', `/${urlPath}`);
    const path = form.fields.key ?? urlPath;
    const resource = `/${path}`;
    if (form.file === 'too-large') return cosError(res, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${this.maxUploadBytes} bytes).`, resource);
    if (!form.file) return cosError(res, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.', resource);
    if (urlPath && urlPath !== path) return cosError(res, 400, 'InvalidArgument', 'The key field does not match the URL.', resource);
    const verdict = this.checkUploadAuth(
      parseAuthorization(form.fields.signature ?? form.fields.Signature ?? form.fields.authorization),
      bucket, path, form.fields['x-cos-security-token'] ?? '', form.fields['x-cos-meta-fileid'] ?? '',
    );
    if (verdict === 'expired') return cosError(res, 403, 'AccessDenied', 'Request has expired', resource);
    if (verdict === 'bad') return cosError(res, 403, 'SignatureDoesNotMatch', 'The Signature you specified is invalid.', resource);
    const meta = await this.store(env, path, form.file.bytes, form.file.mimeType);
    const status = form.fields.success_action_status;
    const common = { etag: `"${meta.etag}"`, 'x-cos-request-id': newRequestId(), 'access-control-allow-origin': '*' };
    if (status === '201') {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${xmlEscape(`${this.base()}${ROUTE}${bucket}/${encodePath(path)}`)}</Location><Bucket>${bucket}</Bucket><Key>${xmlEscape(path)}</Key><ETag>"${meta.etag}"</ETag></PostResponse>`;
      res.writeHead(201, { ...common, 'content-type': 'application/xml' });
      res.end(xml);
    } else {
      res.writeHead(status === '200' ? 200 : 204, common);
      res.end();
    }
  }

  private async store(env: string, path: string, bytes: Buffer, contentType: string | undefined, owner?: string): Promise<StoredMeta> {
    const given = contentType && contentType !== 'application/octet-stream' && !contentType.startsWith('multipart/') ? contentType : undefined;
    const meta: StoredMeta = {
      env,
      path,
      size: bytes.length,
      contentType: given ?? contentTypeFor(path),
      uploadedAt: this.clock.nowMs(),
      etag: createHash('md5').update(bytes).digest('hex'),
      ...(owner ? { owner } : {}),
    };
    await this.blobs.put(meta, bytes);
    return meta;
  }
}

// ---- helpers ----------------------------------------------------------------------------------

function envOf(params: Record<string, unknown>, fallback: string): string | undefined {
  const raw = params.envName;
  const env = typeof raw === 'string' && raw !== '' ? raw : fallback;
  return isValidEnv(env) ? env : undefined;
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] ?? '' : v ?? '';
}

function parseAuthorization(auth: string | undefined): UploadAuth | undefined {
  if (!auth) return undefined;
  const q = new URLSearchParams(auth);
  const time = /^(\d+);(\d+)$/.exec(q.get('q-sign-time') ?? '');
  const signature = q.get('q-signature');
  if (!time || !signature) return undefined;
  return { end: Number(time[2]), signature };
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.resume();
  });
}

/** Reads a body up to `limit` bytes; past it, keeps draining (so the client sees the answer, not a reset) and says so. */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
      } else if (!over) chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface UploadForm {
  fields: Record<string, string>;
  /** The one file part (`field`: its form field name); 'too-large' when it passed the limit. */
  file?: { field: string; bytes: Buffer; mimeType: string } | 'too-large';
}

/**
 * Reads a multipart/form-data upload (text fields, then one file of at most `limit` bytes; past
 * it the rest is drained so that the client sees the answer). Rejects a body that is not
 * multipart/form-data.
 */
export function readForm(req: IncomingMessage, limit: number): Promise<UploadForm> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // busboy cuts a file when it reaches `fileSize`: one byte more lets a file of exactly `limit` through.
      bb = busboy({ headers: req.headers, limits: { fileSize: limit + 1, files: 1, fields: 20, fieldSize: 8192 } });
    } catch (e) {
      drain(req).then(() => reject(e), reject);
      return;
    }
    const form: UploadForm = { fields: {} };
    bb.on('field', (name, value) => {
      form.fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        form.file = 'too-large';
      });
      stream.on('end', () => {
        if (form.file !== 'too-large') form.file = { field, bytes: Buffer.concat(chunks), mimeType: info.mimeType };
      });
    });
    bb.on('close', () => resolve(form));
    bb.on('error', reject);
    req.pipe(bb);
  });
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** A COS error: XML with Code, Message, Resource, RequestId and TraceId (the SDK destructures all four of the last). */
function cosError(res: ServerResponse, status: number, code: string, message: string, resource: string, head = false): void {
  const requestId = newRequestId();
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>${code}</Code>\n\t<Message>${xmlEscape(message)}</Message>\n\t<Resource>${xmlEscape(resource)}</Resource>\n\t<RequestId>${requestId}</RequestId>\n\t<TraceId>${Buffer.from(requestId).toString('base64')}</TraceId>\n</Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'x-cos-request-id': requestId, 'content-length': String(Buffer.byteLength(xml)) });
  res.end(head ? undefined : xml);
}
