/**
 * Replays the recorded storage and `wx.openApi` exchanges (`recordings/storage-*.json`,
 * `recordings/messages-*.json`) against the real SDK:
 * - the SDK still sends exactly the recorded requests (volatile fields normalised: seqId,
 *   timestamps, TC3 signature, multipart boundary, host);
 * - served the recorded answers, it still returns (or throws) the recorded outcome.
 * A new SDK version that changes either fails here before it reaches the cloud.
 *
 * `RECORD_STORAGE_MESSAGES=1 npx jest localcloud/contract/recordings-storage-messages` first
 * records every scenario afresh from the local cloud (through a recording proxy), then replays.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, type SmHarness } from './sm-harness';
import {
  answerBytes, baseless, bury, captureAnswer, normaliseRequest, RECORDINGS_DIR, runCall, startExchangeServer,
  type Exchange, type Recording, type SdkApi,
} from './sm-recording';

const SDK = 'wx-server-sdk@4.0.2 (@cloudbase/node-sdk@3.17.2)';
const FILE = 'cloud://local.6c6f-local-1250000000/recordings/hello 你好.txt';
const MISSING = 'cloud://local.6c6f-local-1250000000/recordings/missing.txt';
const HELLO = Buffer.from('hello, 在岗\n');
const USER = 'oRecordedUser000000000000001';
const TPL = 'TPL-recorded_01';
const SEND = {
  touser: USER,
  templateId: TPL,
  page: 'pages/index/index?from=msg',
  data: { thing1: { value: '值班提醒' }, time2: { value: '2026年3月2日 09:30' }, phrase3: { value: '待处理' } },
  miniprogramState: 'developer',
};

interface Scenario {
  name: string;
  description: string;
  setup?: (h: SmHarness, cloud: any) => Promise<void>;
  api: SdkApi;
  args: unknown;
}

const uploadHello = async (_h: SmHarness, cloud: any): Promise<void> => {
  await cloud.uploadFile({ cloudPath: 'recordings/hello 你好.txt', fileContent: HELLO });
};

const SCENARIOS: Scenario[] = [
  {
    name: 'storage-upload-file',
    description: 'uploadFile: storage.getUploadMetadata, then a PUT of the bytes with the COS headers',
    api: 'uploadFile',
    args: { cloudPath: 'recordings/hello 你好.txt', fileContent: HELLO },
  },
  {
    name: 'storage-get-temp-file-url',
    description: 'getTempFileURL: one file with maxAge, one missing file given as a plain string',
    setup: uploadHello,
    api: 'getTempFileURL',
    args: { fileList: [{ fileID: FILE, maxAge: 120 }, MISSING] },
  },
  {
    name: 'storage-get-temp-file-url-over-limit',
    description: 'getTempFileURL with 51 files: CloudBase refuses the call with INVALID_PARAM',
    setup: uploadHello,
    api: 'getTempFileURL',
    args: { fileList: Array.from({ length: 51 }, () => ({ fileID: FILE, maxAge: 60 })) },
  },
  {
    name: 'storage-delete-file',
    description: 'deleteFile: one stored file and one missing file',
    setup: uploadHello,
    api: 'deleteFile',
    args: { fileList: [FILE, MISSING] },
  },
  {
    name: 'storage-download-file',
    description: 'downloadFile: a temp URL with max_age 600, then a GET of encodeURI(url)',
    setup: uploadHello,
    api: 'downloadFile',
    args: { fileID: FILE },
  },
  {
    name: 'messages-send',
    description: 'openapi.subscribeMessage.send with a grant: accepted',
    setup: async (h) => h.messages.grant(USER, TPL, 1),
    api: 'openapi.subscribeMessage.send',
    args: SEND,
  },
  {
    name: 'messages-send-no-grant',
    description: 'openapi.subscribeMessage.send without a grant: errcode 43101',
    api: 'openapi.subscribeMessage.send',
    args: SEND,
  },
  {
    name: 'messages-send-invalid-field',
    description: 'openapi.subscribeMessage.send with a 21-character thing: errcode 47003',
    setup: async (h) => h.messages.grant(USER, TPL, 1),
    api: 'openapi.subscribeMessage.send',
    args: { ...SEND, data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } } },
  },
];

let cloud: any;
const savedEnv = { ...process.env };

function pointSdkAt(url: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
}

function forward(target: string, method: string, path: string, headers: Record<string, unknown>, body: Buffer): Promise<{ status: number; headers: Record<string, string>; raw: Buffer; all: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const { host: _host, connection: _c, ...rest } = headers;
    const req = request(`${target}${path}`, { method, headers: rest as Record<string, string>, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const type = res.headers['content-type'];
        resolve({ status: res.statusCode ?? 0, headers: type ? { 'content-type': type } : {}, raw: Buffer.concat(chunks), all: res.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs one scenario through a recording proxy in front of the local cloud's storage and messages. */
async function record(s: Scenario): Promise<Recording> {
  let proxyUrl = '';
  // Storage hands out the harness's own URL during setup, the proxy's once recording starts.
  const h: SmHarness = await startHarness({ publicUrl: () => proxyUrl || h.url });
  try {
    Object.assign(process.env, h.sdkEnv);
    await s.setup?.(h, cloud);
    const answers: Exchange['answer'][] = [];
    const proxy = await startExchangeServer(async (req, _i, base) => {
      const a = await forward(h.url, req.method, req.url, req.headers, req.raw);
      answers.push(captureAnswer(a.status, a.all, a.raw, base));
      return { status: a.status, headers: a.headers, body: a.raw };
    });
    proxyUrl = proxy.url;
    try {
      pointSdkAt(proxy.url);
      const outcome = await runCall(cloud, { api: s.api, args: bury(s.args) });
      return {
        name: s.name,
        sdk: SDK,
        description: s.description,
        call: { api: s.api, args: bury(s.args) },
        exchanges: proxy.seen.map((r, i) => ({ request: baseless(normaliseRequest(r.method, r.url, r.headers, r.raw), proxy.url), answer: answers[i] })),
        expected: baseless(outcome, proxy.url),
      };
    } finally {
      await proxy.stop();
    }
  } finally {
    await h.stop();
  }
}

beforeAll(async () => {
  Object.assign(process.env, { TENCENTCLOUD_SECRETID: 'localcloud', TENCENTCLOUD_SECRETKEY: 'localcloud', TENCENTCLOUD: 'true', TCB_ENV: 'local', SCF_NAMESPACE: 'local' });
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  if (process.env.RECORD_STORAGE_MESSAGES === '1') {
    mkdirSync(RECORDINGS_DIR, { recursive: true });
    for (const s of SCENARIOS) writeFileSync(join(RECORDINGS_DIR, `${s.name}.json`), `${JSON.stringify(await record(s), null, 2)}\n`);
  }
}, 60_000);

afterAll(() => {
  process.env = savedEnv;
});

describe.each(SCENARIOS.map((s) => [s.name]))('recording %s', (name) => {
  it('the SDK sends the recorded requests and returns the recorded outcome from the recorded answers', async () => {
    const rec = JSON.parse(readFileSync(join(RECORDINGS_DIR, `${name}.json`), 'utf8')) as Recording;
    expect(rec.sdk).toBe(SDK);
    const server = await startExchangeServer(async (_req, i, base) => {
      const ex = rec.exchanges[i];
      if (!ex) return { status: 599, headers: { 'content-type': 'text/plain' }, body: Buffer.from('not in the recording') };
      return { status: ex.answer.status, headers: ex.answer.headers, body: answerBytes(ex.answer, base) };
    });
    try {
      pointSdkAt(server.url);
      const outcome = await runCall(cloud, rec.call);
      const sent = server.seen.map((r) => baseless(normaliseRequest(r.method, r.url, r.headers, r.raw), server.url));
      expect(sent).toEqual(rec.exchanges.map((e) => e.request));
      expect(baseless(outcome, server.url)).toEqual(rec.expected);
    } finally {
      await server.stop();
    }
  });
});

describe('the recordings', () => {
  it('cover both sides of the protocol the SDK parses', () => {
    const load = (n: string): Recording => JSON.parse(readFileSync(join(RECORDINGS_DIR, `${n}.json`), 'utf8')) as Recording;
    const upload = load('storage-upload-file');
    expect(upload.exchanges.map((e) => `${e.request.method} ${e.request.path.split('?')[0]}`)).toEqual([
      'POST /admin',
      'PUT /_storage/6c6f-local-1250000000/recordings/hello%20%E4%BD%A0%E5%A5%BD.txt',
    ]);
    expect(upload.exchanges[0].request.body).toMatchObject({ action: 'storage.getUploadMetadata', path: 'recordings/hello 你好.txt', method: 'put' });
    const send = load('messages-send');
    const parts = send.exchanges[0].request.body as { name: string; value?: string; decoded?: { pairs: { key: string }[] } }[];
    expect(parts.find((p) => p.name === 'action')?.value).toBe('wx.openApi');
    expect(parts.find((p) => p.name === 'apiName')?.value).toBe('subscribeMessage.send');
    expect(parts.find((p) => p.name === 'requestData')?.decoded?.pairs.map((p) => p.key)).toEqual(['touser', 'page', 'data', 'template_id', 'miniprogram_state']);
    expect(send.exchanges[0].answer.headers['content-type']).not.toBe('application/json; charset=utf-8');
    expect(load('messages-send-no-grant').expected).toMatchObject({ error: { name: 'CloudSDKError', errCode: 43101 } });
  });
});
