/**
 * Opening a notice's attachment on the phone: a picture full screen (`wx.previewImage`, with the
 * notice's other pictures to swipe through), any other file downloaded and opened in WeChat's
 * document viewer (`wx.downloadFile` + `wx.openDocument`, as utils/ledger.ts opens a ledger).
 * Every failure is a Chinese toast; the promise never rejects.
 */

const IMAGE = /\.(jpe?g|png|gif|webp|bmp|heic)$/i;
/** What `wx.openDocument` opens. */
const DOCUMENT_TYPES = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'] as const;
type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const ATTACHMENT_MESSAGES = {
  downloadFailed: '附件下载失败，请检查网络后重试',
  linkExpired: '附件链接已过期，请退出后重新打开这条公开',
  openFailed: '手机打不开这个附件',
  unknownType: '这种附件在手机上打不开，请到村委会查看',
} as const;

export interface Attachment {
  name: string;
  url: string;
}

export const isImage = (name: string): boolean => IMAGE.test(name);

function documentType(name: string): DocumentType | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return (DOCUMENT_TYPES as readonly string[]).includes(ext) ? (ext as DocumentType) : null;
}

function toast(title: string): void {
  wx.showToast({ title, icon: 'none', duration: 3000 });
}

/** A file name the phone's file system takes. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || 'attachment';
}

function download(url: string, name: string): Promise<{ filePath: string } | { error: string }> {
  const dir = typeof wx.env === 'object' && wx.env?.USER_DATA_PATH;
  return new Promise((resolve) => {
    try {
      wx.downloadFile({
        url,
        ...(dir ? { filePath: `${dir}/${safeName(name)}` } : {}),
        timeout: 60000,
        success: (res) => {
          if (res.statusCode !== 200) return resolve({ error: res.statusCode === 403 || res.statusCode === 404 ? ATTACHMENT_MESSAGES.linkExpired : ATTACHMENT_MESSAGES.downloadFailed });
          const filePath = res.filePath || res.tempFilePath;
          resolve(filePath ? { filePath } : { error: ATTACHMENT_MESSAGES.downloadFailed });
        },
        fail: () => resolve({ error: ATTACHMENT_MESSAGES.downloadFailed }),
      });
    } catch {
      resolve({ error: ATTACHMENT_MESSAGES.downloadFailed });
    }
  });
}

function openDocument(filePath: string, fileType: DocumentType): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      wx.openDocument({ filePath, fileType, showMenu: true, success: () => resolve(true), fail: () => resolve(false) });
    } catch {
      resolve(false);
    }
  });
}

/** Open `a` (one of `all`, the notice's attachments). True once it is on screen. */
export async function openAttachment(a: Attachment, all: readonly Attachment[]): Promise<boolean> {
  if (!a.url) {
    toast(ATTACHMENT_MESSAGES.linkExpired);
    return false;
  }
  if (isImage(a.name)) {
    const urls = all.filter((x) => x.url && isImage(x.name)).map((x) => x.url);
    wx.previewImage({ urls, current: a.url });
    return true;
  }
  const type = documentType(a.name);
  if (!type) {
    toast(ATTACHMENT_MESSAGES.unknownType);
    return false;
  }
  wx.showLoading({ title: '正在打开', mask: true });
  const got = await download(a.url, a.name);
  wx.hideLoading();
  if ('error' in got) {
    toast(got.error);
    return false;
  }
  if (!(await openDocument(got.filePath, type))) {
    toast(ATTACHMENT_MESSAGES.openFailed);
    return false;
  }
  return true;
}
