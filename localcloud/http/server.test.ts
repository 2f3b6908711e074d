/**
 * The HTTP face's own routes beyond the SDK's protocol: `POST /_local/upload`, the mini program's
 * `wx.cloud.uploadFile` for pages in local mode, fed the multipart form `wx.uploadFile` sends.
 * What it stores must be what the SDK's `uploadFile` stores: the real SDK finds it and its temp
 * URL serves the bytes.
 */
import { randomBytes } from 'node:crypto';
import { LocalCloud } from '../index';
import { CLIENT_UPLOAD_LIMIT } from './server';

let cloud: LocalCloud;
let sdk: any;

beforeAll(async () => {
  cloud = await LocalCloud.start({ port: 0, envId: 'dev-1a2b', log: () => undefined });
  cloud.applySdkEnv();
  sdk = require('wx-server-sdk');
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
});
afterAll(() => cloud.stop());
beforeEach(() => cloud.storage.reset());

/** A form as `wx.uploadFile({ url, filePath, name: 'file', formData: { cloudPath }, header })` sends it. */
function form(fields: Record<string, string>, file?: { name?: string; bytes: Buffer; type?: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append(file.name ?? 'file', new Blob([file.bytes], { type: file.type ?? 'image/jpeg' }), 'tmp_3f1c.jpg');
  return f;
}

async function upload(body: FormData | string, headers: Record<string, string> = { 'x-openid': 'o-uploader' }): Promise<{ status: number; body: any }> {
  const res = await fetch(`${cloud.url}/_local/upload`, { method: 'POST', body, headers });
  return { status: res.status, body: await res.json() };
}

it('stores a file as the SDK does: the SDK finds it, its temp URL serves the bytes, the uploader owns it', async () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300_000)]);
  const r = await upload(form({ cloudPath: 'evidence/p-1/2026-05-12-pm.jpg' }, { bytes }));
  expect(r).toEqual({ status: 200, body: { ok: true, data: { fileID: 'cloud://dev-1a2b.6465-dev-1a2b-1250000000/evidence/p-1/2026-05-12-pm.jpg' } } });
  const { fileID } = r.body.data;
  expect(cloud.storage.stat(fileID)).toMatchObject({ env: 'dev-1a2b', path: 'evidence/p-1/2026-05-12-pm.jpg', size: bytes.length, contentType: 'image/jpeg', owner: 'o-uploader' });

  const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }] });
  expect(fileList[0]).toMatchObject({ fileID, status: 0 });
  const got = await fetch(encodeURI(fileList[0].tempFileURL));
  expect(got.status).toBe(200);
  expect(got.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.compare(Buffer.from(await got.arrayBuffer()), bytes)).toBe(0);

  // The same path uploaded by the SDK names the same file, and replaces it.
  const again = await sdk.uploadFile({ cloudPath: 'evidence/p-1/2026-05-12-pm.jpg', fileContent: Buffer.from('second') });
  expect(again.fileID).toBe(fileID);
  expect(cloud.storage.stat(fileID)).toMatchObject({ size: 6 });
});

it('takes an upload without a caller, and records no owner', async () => {
  const r = await upload(form({ cloudPath: 'a.png' }, { bytes: Buffer.from('png'), type: 'application/octet-stream' }), {});
  expect(r.status).toBe(200);
  expect(cloud.storage.stat(r.body.data.fileID)).toEqual(expect.not.objectContaining({ owner: expect.anything() }));
  expect(cloud.storage.stat(r.body.data.fileID)).toMatchObject({ contentType: 'image/png' });
});

it(`refuses a file over ${CLIENT_UPLOAD_LIMIT} bytes with a clear error, and stores nothing`, async () => {
  const r = await upload(form({ cloudPath: 'big.jpg' }, { bytes: Buffer.alloc(CLIENT_UPLOAD_LIMIT + 1) }));
  expect(r).toEqual({ status: 413, body: { ok: false, code: 'PAYLOAD_TOO_LARGE', message: 'file over 10485760 bytes (10 MB)' } });
  expect(cloud.storage.stat('cloud://dev-1a2b.6465-dev-1a2b-1250000000/big.jpg')).toBeUndefined();
  // Exactly the limit is fine.
  expect((await upload(form({ cloudPath: 'fits.jpg' }, { bytes: Buffer.alloc(CLIENT_UPLOAD_LIMIT) }))).status).toBe(200);
});

it.each([
  ['no file', form({ cloudPath: 'a.jpg' }), 'the form must carry the file in the field "file"'],
  ['the file in another field', form({ cloudPath: 'a.jpg' }, { name: 'photo', bytes: Buffer.from('x') }), 'the form must carry the file in the field "file"'],
  ['no cloudPath', form({}, { bytes: Buffer.from('x') }), 'cloudPath must be a non-empty string'],
  ['a cloudPath CloudBase refuses', form({ cloudPath: '/evidence/a.jpg' }, { bytes: Buffer.from('x') }), 'cloudPath must not start with "/"'],
  ['a path escaping its folder', form({ cloudPath: 'evidence/p-1/../p-2/a.jpg' }, { bytes: Buffer.from('x') }), 'cloudPath must not contain "." or ".." segments'],
  ['a body that is not a form', JSON.stringify({ cloudPath: 'a.jpg' }), 'body must be multipart/form-data with the field "cloudPath" and the file in the field "file"'],
])('refuses %s', async (_name, body, message) => {
  expect(await upload(body)).toEqual({ status: 400, body: { ok: false, code: 'INVALID_PARAM', message } });
});

it('is a POST only', async () => {
  const r = await fetch(`${cloud.url}/_local/upload`);
  expect(r.status).toBe(404);
});
