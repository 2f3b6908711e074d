/**
 * Uploading a photo (evidence for a correction, a spot-check's live photo) to cloud storage: it
 * gives the file's `cloud://` id, which is what an action takes. Like `call()`, it never throws:
 * a failure is a `network` answer with a Chinese message.
 *
 * Cloud mode: `wx.cloud.uploadFile`. Local mode (no `wx.cloud`): `wx.uploadFile` to the local
 * cloud's `POST {localUrl}/_local/upload` as the locally logged-in person, which stores the file
 * as CloudBase would and answers its real `cloud://` id, so the server can check it and staff
 * can open it.
 */
import type { Answer, ErrorAnswer } from '../../typings/api';
import { config } from '../config';
import { NETWORK_ERROR, TRANSPORT_MESSAGES } from './errors';
import { isLocalMode, localOpenid } from './local';

/** The file's id in cloud storage, `cloud://<env>.<bucket>/<cloudPath>`. */
export interface Uploaded {
  fileID: string;
}

/** How long an upload may take (a photo on a slow village connection). */
const UPLOAD_TIMEOUT_MS = 60000;

const FAILED = '照片上传失败，请检查网络后重试';
const TOO_LARGE = '照片太大，请重新拍摄或换一张';

/** Upload the local file `filePath` (e.g. from `wx.chooseMedia`) to `cloudPath`. */
export async function upload(filePath: string, cloudPath: string): Promise<Answer<Uploaded>> {
  if (isLocalMode()) return localUpload(filePath, cloudPath);
  if (!wx.cloud) return failed(TRANSPORT_MESSAGES.offline);
  try {
    const res = await wx.cloud.uploadFile({ cloudPath, filePath });
    if (!res.fileID) return failed(TRANSPORT_MESSAGES.bad_answer);
    return { ok: true, data: { fileID: res.fileID } };
  } catch (err) {
    console.warn('[api] uploadFile failed', err);
    const text = String((err as { errMsg?: unknown })?.errMsg ?? err);
    return failed(/timeout/i.test(text) ? TRANSPORT_MESSAGES.timeout : FAILED);
  }
}

function failed(message: string): ErrorAnswer {
  return { ok: false, code: NETWORK_ERROR, message };
}

/** Local mode: the multipart form `wx.uploadFile` sends (field `cloudPath`, file `file`), as the demo person chosen on the home page. */
function localUpload(filePath: string, cloudPath: string): Promise<Answer<Uploaded>> {
  return new Promise((resolve) => {
    const openid = localOpenid();
    try {
      wx.uploadFile({
        url: `${config.localUrl}/_local/upload`,
        filePath,
        name: 'file',
        formData: { cloudPath },
        header: openid ? { 'x-openid': openid } : {},
        timeout: UPLOAD_TIMEOUT_MS,
        success: (res) => resolve(localAnswer(res.statusCode, res.data)),
        fail: (err) => {
          console.warn('[api] uploadFile to the local cloud failed', err);
          resolve(failed(/timeout/i.test(String(err?.errMsg)) ? TRANSPORT_MESSAGES.timeout : FAILED));
        },
      });
    } catch (err) {
      console.warn('[api] uploadFile to the local cloud failed', err);
      resolve(failed(FAILED));
    }
  });
}

/** The local cloud's answer (`wx.uploadFile` gives the body as text): `{ ok: true, data: { fileID } }`, or an error. */
function localAnswer(statusCode: number, data: unknown): Answer<Uploaded> {
  let body: unknown = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const a = (body && typeof body === 'object' ? body : {}) as { ok?: unknown; data?: { fileID?: unknown } };
  const fileID = a.data?.fileID;
  if (statusCode === 200 && a.ok === true && typeof fileID === 'string' && fileID.startsWith('cloud://')) return { ok: true, data: { fileID } };
  console.warn(`[api] uploadFile to the local cloud: HTTP ${statusCode}`, body);
  if (statusCode === 413) return failed(TOO_LARGE);
  if (statusCode === 200) return failed(TRANSPORT_MESSAGES.bad_answer);
  return failed(statusCode >= 500 ? TRANSPORT_MESSAGES.server : FAILED);
}
