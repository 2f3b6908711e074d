/**
 * Storage contract: the real `wx-server-sdk` against the local cloud's storage (or, with
 * `CONTRACT_ENV_ID` and keys set, a real CloudBase environment: see `target.ts`).
 * Upload/download round trip, temp URLs (life by the local clock, signed), CloudBase's limits and
 * error codes, as the SDK reports them.
 */
import { randomBytes } from 'node:crypto';
import type { LocalCloud } from '../index';
import { httpRequest, startHarness } from './sm-harness';
import { isRemote, local, startTarget, type ContractTarget } from './target';

let target: ContractTarget;
let cloud: any;
/** Paths of this run (unique against a real environment, whose files stay). */
const DIR = isRemote ? `contract-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}` : 'contract';
const uploaded: string[] = [];

/** The local cloud (only in `local.it` cases). */
const lc = (): LocalCloud => target.cloud as LocalCloud;

beforeAll(async () => {
  target = await startTarget({ collections: [] });
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
});

afterAll(async () => {
  if (isRemote) for (let i = 0; i < uploaded.length; i += 50) await cloud.deleteFile({ fileList: uploaded.slice(i, i + 50) }).catch(() => undefined);
  await target.stop();
});

beforeEach(async () => {
  if (target.cloud) {
    target.cloud.clock.reset();
    await target.cloud.storage.reset();
  }
});

/** Uploads under this run's folder. */
async function upload(name: string, bytes: Buffer): Promise<string> {
  const r = await cloud.uploadFile({ cloudPath: `${DIR}/${name}`, fileContent: bytes });
  uploaded.push(r.fileID as string);
  return r.fileID as string;
}

/** A file ID in the same bucket that names no file. */
const missingBeside = (fileID: string): string => fileID.replace(/[^/]+$/, `never-uploaded-${randomBytes(4).toString('hex')}.txt`);

async function tempUrl(fileID: string, maxAge?: number): Promise<{ status: number; tempFileURL: string; maxAge?: number; errMsg: string }> {
  const r = await cloud.getTempFileURL({ fileList: [maxAge === undefined ? fileID : { fileID, maxAge }] });
  return r.fileList[0];
}

const xmlCode = (body: Buffer): string | undefined => /<Code>([^<]+)<\/Code>/.exec(body.toString('utf8'))?.[1];

describe('upload and download', () => {
  it('downloads exactly the bytes uploaded, under a CloudBase-shaped file ID', async () => {
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(200_000)]);
    const fileID = await upload('photos/1.bin', bytes);
    expect(fileID).toMatch(new RegExp(`^cloud://[A-Za-z0-9-]+\\.[0-9a-f]{4}-[A-Za-z0-9-]+-\\d+/${DIR}/photos/1\\.bin$`));
    const r = await cloud.downloadFile({ fileID });
    expect(Buffer.compare(r.fileContent, bytes)).toBe(0);
    expect(r.statusCode).toBe(200);
  });

  it('serves a file with spaces and Chinese in its name through its temp URL', async () => {
    const fileID = await upload('巡查 照片.txt', Buffer.from('巡查记录'));
    const entry = await tempUrl(fileID, 60);
    expect(entry).toMatchObject({ status: 0, errMsg: 'ok', maxAge: 60 });
    const got = await httpRequest('GET', entry.tempFileURL);
    expect(got.status).toBe(200);
    expect(got.body.toString('utf8')).toBe('巡查记录');
  });

  local.it('serves a download with the content type of its extension', async () => {
    const fileID = await upload('sheet.xlsx', Buffer.from('PK'));
    const got = await httpRequest('GET', (await tempUrl(fileID, 60)).tempFileURL);
    expect(got.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('replaces a file uploaded again under the same path', async () => {
    const fileID = await upload('same.txt', Buffer.from('first'));
    expect(await upload('same.txt', Buffer.from('second'))).toBe(fileID);
    const r = await cloud.downloadFile({ fileID });
    expect(r.fileContent.toString()).toBe('second');
  });

  local.it('refuses cloud paths that break the naming rules', async () => {
    for (const cloudPath of ['/abs.txt', 'a//b.txt', 'a/../b.txt', 'a#b.txt', 'dir/']) {
      await expect(cloud.uploadFile({ cloudPath, fileContent: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    }
  });

  local.it('refuses an upload over the size limit and stores nothing', async () => {
    const small = await startHarness({ maxUploadBytes: 1024 });
    const saved = process.env.TCB_CONTEXT_CNFG;
    process.env.TCB_CONTEXT_CNFG = small.sdkEnv.TCB_CONTEXT_CNFG;
    try {
      await expect(cloud.uploadFile({ cloudPath: 'big.bin', fileContent: Buffer.alloc(1025) })).rejects.toMatchObject({ code: 'STORAGE_REQUEST_FAIL' });
      expect(small.storage.stat('cloud://local.6c6f-local-1250000000/big.bin')).toBeUndefined();
      await cloud.uploadFile({ cloudPath: 'fits.bin', fileContent: Buffer.alloc(1024) });
      expect(small.storage.stat('cloud://local.6c6f-local-1250000000/fits.bin')?.size).toBe(1024);
    } finally {
      process.env.TCB_CONTEXT_CNFG = saved;
      await small.stop();
    }
  });
});

describe('temp URLs', () => {
  local.it('work until the local clock passes maxAge, then are refused', async () => {
    lc().clock.set('2026-03-02T09:00:00+08:00', { frozen: true });
    const fileID = await upload('expiring.txt', Buffer.from('soon gone'));
    const { tempFileURL } = await tempUrl(fileID, 60);
    expect((await httpRequest('GET', tempFileURL)).status).toBe(200);
    lc().clock.advance(59_000);
    expect((await httpRequest('GET', tempFileURL)).status).toBe(200);
    lc().clock.advance(2_000);
    const late = await httpRequest('GET', tempFileURL);
    expect(late.status).toBe(403);
    expect(xmlCode(late.body)).toBe('AccessDenied');
    expect(late.body.toString()).toContain('expired');
  });

  local.it('live 600 s when no maxAge is given, and at most a day', async () => {
    lc().clock.set('2026-03-02T09:00:00+08:00', { frozen: true });
    const fileID = await upload('default.txt', Buffer.from('x'));
    const { tempFileURL } = await tempUrl(fileID);
    lc().clock.advance(599_000);
    expect((await httpRequest('GET', tempFileURL)).status).toBe(200);
    lc().clock.advance(2_000);
    expect((await httpRequest('GET', tempFileURL)).status).toBe(403);
    expect((await tempUrl(fileID, 2 * 86_400)).maxAge).toBe(86_400);
  });

  local.it('refuse a forged or altered URL', async () => {
    const a = await upload('a.txt', Buffer.from('a'));
    await upload('b.txt', Buffer.from('b'));
    const { tempFileURL } = await tempUrl(a, 3600);
    const u = new URL(tempFileURL);
    const sign = u.searchParams.get('sign') as string;
    const t = u.searchParams.get('t') as string;
    const flipped = `${sign.slice(0, -1)}${sign.endsWith('0') ? '1' : '0'}`;
    const forged = [
      tempFileURL.replace(`sign=${sign}`, `sign=${flipped}`),
      tempFileURL.replace(`t=${t}`, `t=${Number(t) + 86_400}`),
      tempFileURL.replace(`${DIR}/a.txt`, `${DIR}/b.txt`),
      tempFileURL.split('?')[0],
    ];
    for (const url of forged) {
      const r = await httpRequest('GET', url);
      expect(r.status).toBe(403);
      expect(xmlCode(r.body)).toBe('AccessDenied');
    }
    expect((await httpRequest('GET', tempFileURL)).status).toBe(200);
  });

  it('are refused for more than 50 files in one call, as CloudBase does', async () => {
    const fileID = await upload('many.txt', Buffer.from('m'));
    const fifty = await cloud.getTempFileURL({ fileList: Array.from({ length: 50 }, () => ({ fileID, maxAge: 60 })) });
    expect(fifty.fileList).toHaveLength(50);
    expect(fifty.fileList.every((f: { status: number }) => f.status === 0)).toBe(true);
    await expect(cloud.getTempFileURL({ fileList: Array.from({ length: 51 }, () => ({ fileID, maxAge: 60 })) })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    await expect(cloud.deleteFile({ fileList: Array.from({ length: 51 }, () => fileID) })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });
});

describe('missing files and deletion', () => {
  it('answer STORAGE_FILE_NONEXIST per entry, and reject a download', async () => {
    const fileID = await upload('here.txt', Buffer.from('here'));
    const missing = missingBeside(fileID);
    const r = await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }, { fileID: missing, maxAge: 60 }] });
    expect(r.fileList[0]).toMatchObject({ fileID, status: 0, errMsg: 'ok' });
    expect(r.fileList[1]).toEqual({ fileID: missing, status: -503003, errMsg: 'storage file not exists', maxAge: undefined, tempFileURL: '' });
    await expect(cloud.downloadFile({ fileID: missing })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
  });

  it('deletes a file: it is gone', async () => {
    const fileID = await upload('del.txt', Buffer.from('bye'));
    const r = await cloud.deleteFile({ fileList: [fileID] });
    expect(r.fileList).toEqual([{ fileID, status: 0, errMsg: 'ok' }]);
    expect((await tempUrl(fileID, 60)).status).toBe(-503003);
  });

  local.it('answers a delete of a missing file per entry, and the old URL of a deleted file finds nothing', async () => {
    const fileID = await upload('del2.txt', Buffer.from('bye'));
    const missing = missingBeside(fileID);
    const { tempFileURL } = await tempUrl(fileID, 3600);
    const r = await cloud.deleteFile({ fileList: [fileID, missing] });
    expect(r.fileList).toEqual([
      { fileID, status: 0, errMsg: 'ok' },
      { fileID: missing, status: -503003, errMsg: 'storage file not exists' },
    ]);
    const old = await httpRequest('GET', tempFileURL);
    expect(old.status).toBe(404);
    expect(xmlCode(old.body)).toBe('NoSuchKey');
  });
});

local.describe('the upload URL', () => {
  async function metadata(path: string): Promise<{ url: string; token: string; authorization: string; fileId: string; cosFileId: string }> {
    const a = await lc().storage.handle({ action: 'storage.getUploadMetadata', params: { path, method: 'put', envName: 'local' }, raw: Buffer.alloc(0), headers: {} });
    return (a.body as { data: { url: string; token: string; authorization: string; fileId: string; cosFileId: string } }).data;
  }
  const cosHeaders = (m: { token: string; authorization: string; cosFileId: string }): Record<string, string> => ({
    authorization: m.authorization, 'x-cos-security-token': m.token, 'x-cos-meta-fileid': m.cosFileId,
  });

  it('accepts a PUT only with the authorization issued for that path, before it expires', async () => {
    lc().clock.set('2026-03-02T09:00:00+08:00', { frozen: true });
    const m = await metadata('contract/put.txt');
    const other = await metadata('contract/other.txt');
    const wrong = await httpRequest('PUT', other.url, { headers: cosHeaders(m), body: Buffer.from('x') });
    expect(wrong.status).toBe(403);
    expect(xmlCode(wrong.body)).toBe('SignatureDoesNotMatch');
    const noToken = await httpRequest('PUT', m.url, { headers: { ...cosHeaders(m), 'x-cos-security-token': 'guess' }, body: Buffer.from('x') });
    expect(noToken.status).toBe(403);
    lc().clock.advance(601_000);
    const late = await httpRequest('PUT', m.url, { headers: cosHeaders(m), body: Buffer.from('x') });
    expect(late.status).toBe(403);
    expect(xmlCode(late.body)).toBe('AccessDenied');
    expect(lc().storage.stat(m.fileId)).toBeUndefined();
    lc().clock.advance(-601_000);
    expect((await httpRequest('PUT', m.url, { headers: cosHeaders(m), body: Buffer.from('ok') })).status).toBe(200);
    expect(lc().storage.stat(m.fileId)?.size).toBe(2);
  });

  it('accepts the browser-style multipart POST that wx.cloud.uploadFile makes', async () => {
    const m = await metadata('contract/post.png');
    const boundary = '----localcloudtest';
    const field = (name: string, value: string): string => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const bytes = randomBytes(3000);
    const body = Buffer.concat([
      Buffer.from(field('key', 'contract/post.png') + field('signature', m.authorization) + field('x-cos-security-token', m.token)
        + field('x-cos-meta-fileid', m.cosFileId) + field('success_action_status', '201')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="post.png"\r\nContent-Type: image/png\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await httpRequest('POST', m.url, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(r.status).toBe(201);
    expect(r.body.toString()).toContain('<Key>contract/post.png</Key>');
    const d = await cloud.downloadFile({ fileID: m.fileId });
    expect(Buffer.compare(d.fileContent, bytes)).toBe(0);
  });
});
