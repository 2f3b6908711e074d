/**
 * Uploading a photo (evidence for a correction) to cloud storage: `wx.cloud.uploadFile` gives
 * the file's `cloud://` id, which is what an action takes. Like `call()`, it never throws: a
 * failure is a `network` answer with a Chinese message.
 */
import type { Answer } from '../../typings/api';
import { NETWORK_ERROR, TRANSPORT_MESSAGES } from './errors';
import { isLocalMode } from './local';

/** The file's id in cloud storage, `cloud://<env>.<bucket>/<cloudPath>`. */
export interface Uploaded {
  fileID: string;
}

/** Upload the local file `filePath` (e.g. from `wx.chooseMedia`) to `cloudPath`. */
export async function upload(filePath: string, cloudPath: string): Promise<Answer<Uploaded>> {
  if (isLocalMode()) {
    // Local mode has no wx.cloud and the local cloud keeps no files for pages: the photo is NOT
    // uploaded. A placeholder id of the right shape stands in for it, so the rest of the flow
    // (the action, the staff's review) can be tried; the picture itself will not show.
    return { ok: true, data: { fileID: `cloud://local-placeholder.bucket/${cloudPath}` } };
  }
  if (!wx.cloud) return { ok: false, code: NETWORK_ERROR, message: TRANSPORT_MESSAGES.offline };
  try {
    const res = await wx.cloud.uploadFile({ cloudPath, filePath });
    if (!res.fileID) return { ok: false, code: NETWORK_ERROR, message: TRANSPORT_MESSAGES.bad_answer };
    return { ok: true, data: { fileID: res.fileID } };
  } catch (err) {
    console.warn('[api] uploadFile failed', err);
    const text = String((err as { errMsg?: unknown })?.errMsg ?? err);
    return { ok: false, code: NETWORK_ERROR, message: /timeout/i.test(text) ? TRANSPORT_MESSAGES.timeout : '照片上传失败，请检查网络后重试' };
  }
}
