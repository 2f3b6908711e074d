/**
 * Evidence photos on a form (a correction's, a leave's sick note): picking them with
 * `wx.chooseMedia`, and uploading the ones not yet uploaded into the person's own folder
 * (the server takes photos only from there). A photo keeps its `fileID` once uploaded, so a
 * failed submission never uploads it twice.
 */
import { upload } from '../api/index';
import { phoneNow } from './day';

export interface FormPhoto {
  /** The phone's temporary file. */
  path: string;
  /** Set once uploaded. */
  fileID: string;
}

/** Let the person add up to `room` photos from the camera or the album; `privacy` when they have not agreed to the privacy guide. */
export function choosePhotos(room: number): Promise<{ added: FormPhoto[] } | { refused: 'privacy' | 'cancelled' }> {
  return new Promise((resolve) => {
    if (room <= 0) return resolve({ added: [] });
    wx.chooseMedia({
      count: room,
      mediaType: ['image'],
      sourceType: ['camera', 'album'],
      sizeType: ['compressed'],
      success: (res) => resolve({ added: res.tempFiles.map((f) => ({ path: f.tempFilePath, fileID: '' })) }),
      fail: (err) => resolve({ refused: /privacy/i.test(err.errMsg) ? 'privacy' : 'cancelled' }),
    });
  });
}

/**
 * Upload the photos that have no `fileID` yet to `<folder><name>-<time>-<i>.jpg`. Answers the
 * photos as they now stand (those uploaded keep their ids, also when a later one fails) and the
 * failure's message, if any.
 */
export async function uploadPhotos(photos: readonly FormPhoto[], folder: string, name: string): Promise<{ photos: FormPhoto[]; error: string }> {
  const out = [...photos];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    if (p.fileID) continue;
    const up = await upload(p.path, `${folder}${name}-${phoneNow().toString(36)}-${i}.jpg`);
    if (!up.ok) return { photos: out, error: up.message };
    out[i] = { ...p, fileID: up.data.fileID };
  }
  return { photos: out, error: '' };
}
