/**
 * A small server with only storage and messages behind it, routing `/admin` and `/_storage/` as
 * the local cloud's HTTP server does. The contract suites run on the whole local cloud
 * (`target.ts`); this serves the cases that need a storage configured otherwise (a small upload
 * limit) and the recorder of `recordings/storage-*.json` and `messages-*.json`.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalClock } from '../clock';
import { type AdminAnswer, type AdminRequest, errorAnswer } from '../service';
import { LocalStorage } from '../storage';
import { LocalMessages } from '../messages';

export interface SmHarness {
  clock: LocalClock;
  storage: LocalStorage;
  messages: LocalMessages;
  url: string;
  /** The variables that point the SDK here. */
  sdkEnv: Record<string, string>;
  /** Every `/admin` request seen (for the recordings). */
  seen: { path: string; headers: IncomingMessage['headers']; raw: Buffer }[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  dataDir?: string;
  maxUploadBytes?: number;
  /** The base URL storage hands out (default: this server's own); the recorder puts itself there. */
  publicUrl?: () => string;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<SmHarness> {
  const clock = new LocalClock();
  let base = '';
  const storage = new LocalStorage({ clock, dataDir: opts.dataDir, maxUploadBytes: opts.maxUploadBytes, publicUrl: opts.publicUrl ?? (() => base) });
  const messages = new LocalMessages({ clock });
  const seen: SmHarness['seen'] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (await storage.handleHttp(req, res, url)) return;
      if (url.pathname !== '/admin' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      seen.push({ path: req.url ?? '', headers: req.headers, raw });
      const type = String(req.headers['content-type'] ?? '');
      let answer: AdminAnswer;
      if (type.startsWith('multipart/form-data')) {
        answer = await messages.handle({ action: 'wx.openApi', params: {}, raw, headers: req.headers });
      } else {
        const params = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        const request: AdminRequest = { action: String(params.action ?? ''), params, raw, headers: req.headers };
        answer = request.action.startsWith('storage.') ? await storage.handle(request) : errorAnswer('INVALID_ACTION', request.action);
      }
      if (Buffer.isBuffer(answer.body)) {
        res.writeHead(answer.status ?? 200, { 'content-length': answer.body.length, ...answer.headers });
        res.end(answer.body);
      } else {
        const text = JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...answer.headers });
        res.end(text);
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    clock,
    storage,
    messages,
    url: base,
    seen,
    sdkEnv: {
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${base}/admin` }),
      TENCENTCLOUD_SECRETID: 'localcloud',
      TENCENTCLOUD_SECRETKEY: 'localcloud',
      TENCENTCLOUD: 'true',
      TCB_ENV: 'local',
      SCF_NAMESPACE: 'local',
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP request (the URL may hold raw spaces or Chinese: the URL parser encodes them, as a browser does). */
export function httpRequest(method: string, url: string, opts: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { method, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

