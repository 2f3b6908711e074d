import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClock } from '../clock';
import { LocalStorage } from './index';
import { UrlSigner } from './signer';

interface Served {
  storage: LocalStorage;
  base: string;
  server: Server;
}

async function serve(storage: (publicUrl: () => string) => LocalStorage): Promise<Served> {
  let base = '';
  const s = storage(() => base);
  const server = createServer((req, res) => {
    void s.handleHttp(req, res, new URL(req.url ?? '/', 'http://x')).then((mine) => {
      if (!mine) res.writeHead(418).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { storage: s, base, server };
}

function http(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const admin = (action: string, params: Record<string, unknown>) => ({ action, params: { envName: 'local', ...params }, raw: Buffer.alloc(0), headers: {} });

async function put(s: LocalStorage, path: string, bytes: Buffer): Promise<string> {
  const meta = (await s.handle(admin('storage.getUploadMetadata', { path, method: 'put' }))).body as { data: Record<string, string> };
  const d = meta.data;
  const r = await http('PUT', d.url, { authorization: d.authorization, 'x-cos-security-token': d.token, 'x-cos-meta-fileid': d.cosFileId }, bytes);
  expect(r.status).toBe(200);
  return d.fileId;
}

async function tempUrl(s: LocalStorage, fileid: string): Promise<string> {
  const a = (await s.handle(admin('storage.batchGetDownloadUrl', { file_list: [{ fileid, max_age: 60 }] }))).body as { data: { download_list: { tempFileURL: string }[] } };
  return a.data.download_list[0].tempFileURL;
}

describe('LocalStorage on disk', () => {
  let dir: string;
  const opened: Served[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'localcloud-storage-'));
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) await new Promise((r) => o.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps files under dataDir/storage across restarts, and reset empties it', async () => {
    const clock = new LocalClock();
    const a = await serve((publicUrl) => new LocalStorage({ clock, dataDir: dir, publicUrl }));
    opened.push(a);
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    const fileId = await put(a.storage, '照片/a.jpg', bytes);
    expect(readdirSync(join(dir, 'storage', 'objects')).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{40}\.jpg$/), expect.stringMatching(/^[0-9a-f]{40}\.json$/)]);

    const b = await serve((publicUrl) => new LocalStorage({ clock, dataDir: dir, publicUrl }));
    opened.push(b);
    expect(b.storage.stat(fileId)).toMatchObject({ size: 5, contentType: 'image/jpeg', path: '照片/a.jpg' });
    const got = await http('GET', await tempUrl(b.storage, fileId));
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body, bytes)).toBe(0);
    // A URL signed by another process (another key) is refused.
    expect((await http('GET', (await tempUrl(a.storage, fileId)).replace(a.base, b.base))).status).toBe(403);

    await b.storage.reset();
    expect(b.storage.stat(fileId)).toBeUndefined();
    expect(readdirSync(join(dir, 'storage', 'objects'))).toEqual([]);
  });

  it('keeps the path a and the path a/b apart (object keys, not folders)', async () => {
    const s = await serve((publicUrl) => new LocalStorage({ clock: new LocalClock(), dataDir: dir, publicUrl }));
    opened.push(s);
    const a = await put(s.storage, 'a', Buffer.from('A'));
    const ab = await put(s.storage, 'a/b', Buffer.from('AB'));
    expect((await http('GET', await tempUrl(s.storage, a))).body.toString()).toBe('A');
    expect((await http('GET', await tempUrl(s.storage, ab))).body.toString()).toBe('AB');
  });
});

describe('LocalStorage in memory', () => {
  it('answers HEAD with the size and type, and leaves other paths alone', async () => {
    const s = await serve((publicUrl) => new LocalStorage({ clock: new LocalClock(), publicUrl }));
    try {
      const id = await put(s.storage, 'doc.pdf', Buffer.alloc(1234));
      const head = await http('HEAD', await tempUrl(s.storage, id));
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe('1234');
      expect(head.headers['content-type']).toBe('application/pdf');
      expect(head.body.length).toBe(0);
      expect((await http('GET', `${s.base}/elsewhere`)).status).toBe(418);
      expect((await http('GET', `${s.base}/_storage/nobucket/x`)).status).toBe(404);
      expect((await http('DELETE', (await tempUrl(s.storage, id)))).status).toBe(405);
    } finally {
      await new Promise((r) => s.server.close(r));
    }
  });

  it('refuses an unknown action, a bad max_age and a bad env with CloudBase error answers', async () => {
    const s = new LocalStorage({ clock: new LocalClock(), publicUrl: () => 'http://x' });
    expect((await s.handle(admin('storage.batchCopyFile', {}))).body).toMatchObject({ code: 'INVALID_ACTION' });
    expect((await s.handle(admin('storage.batchGetDownloadUrl', { file_list: [{ fileid: 'cloud://local.6c6f-local-1250000000/a', max_age: -5 }] }))).body).toMatchObject({ code: 'INVALID_PARAM' });
    expect((await s.handle(admin('storage.getUploadMetadata', { path: 'a.txt', envName: 'bad env!' }))).body).toMatchObject({ code: 'INVALID_ENV' });
    const meta = (await s.handle(admin('storage.getUploadMetadata', { path: 'a.txt', envName: '' }))).body as { data: { fileId: string } };
    expect(meta.data.fileId).toBe('cloud://local.6c6f-local-1250000000/a.txt');
  });
});

describe('UrlSigner', () => {
  it('verifies its own signatures only, over exactly the signed parts', () => {
    const a = new UrlSigner();
    const sig = a.sign('GET', 'bucket', 'a/b', '100');
    expect(a.verify(sig, 'GET', 'bucket', 'a/b', '100')).toBe(true);
    expect(a.verify(sig, 'GET', 'bucket', 'a/b', '101')).toBe(false);
    expect(a.verify(sig, 'GET', 'bucket', 'a', '/b100')).toBe(false);
    expect(new UrlSigner().verify(sig, 'GET', 'bucket', 'a/b', '100')).toBe(false);
    expect(a.verify(undefined, 'x')).toBe(false);
    expect(a.verify('zz', 'x')).toBe(false);
  });
});
