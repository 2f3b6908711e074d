/**
 * What the policy library pages share: a document as a row (政策文件: title, issuing body, 文号,
 * date, tags), tags typed by staff, and opening a document's file on the phone — a picture full
 * screen, a document downloaded (`wx.downloadFile`) and shown in WeChat's viewer
 * (`wx.openDocument`), as pages/notice/attachment.ts opens a notice's attachment. Every failure is a
 * Chinese toast; `openFile` never rejects.
 */
import type { OutputOf } from '../../../api/index';
import { dayText, shortTime } from '../../../utils/day';

export type PolicyRow = OutputOf<'policy.search'>['items'][number];

/** The extensions staff attach from a chat, and what the viewer opens. */
export const FILE_EXTENSIONS = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'jpg', 'jpeg', 'png'];
const DOCUMENT_TYPES = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'] as const;
type DocumentType = (typeof DOCUMENT_TYPES)[number];
const IMAGE = /\.(jpe?g|png|gif|webp|bmp|heic)$/i;

/** The server's limits (server/features/policy/schema.ts). */
export const MAX_TAGS = 8;
export const MAX_TAG = 12;

export const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  issuer: '发文机关',
  docNumber: '文号',
  issuedOn: '印发日期',
  tags: '标签',
  summary: '内容摘要',
  file: '文件',
  reason: '撤回原因',
  q: '关键词',
};

export const FILE_MESSAGES = {
  noLink: '文件链接已失效，请重新打开',
  downloadFailed: '文件下载失败，请检查网络后重试',
  openFailed: '手机打不开这个文件',
  unknownType: '这种文件在手机上打不开，请在电脑上查看',
} as const;

/** A document as a list shows it. */
export interface DocView {
  id: string;
  title: string;
  /** `中共湘西州委组织部 · 州组发〔2026〕3号`. */
  source: string;
  /** `2026年3月1日印发`. */
  date: string;
  tags: string[];
  summary: string;
  unitName: string;
  fileName: string;
  published: string;
  /** `已撤回：原因（石慧敏 5月12日 10:00）`, or ''. */
  withdrawn: string;
}

export function docView(p: PolicyRow): DocView {
  return {
    id: p.id,
    title: p.title,
    source: p.docNumber ? `${p.issuer} · ${p.docNumber}` : p.issuer,
    date: `${dayText(p.issuedOn)}印发`,
    tags: p.tags,
    summary: p.summary,
    unitName: p.unitName,
    fileName: p.fileName,
    published: `${p.publishedByName} ${shortTime(p.publishedAt)} 发布`,
    withdrawn: p.withdrawn ? `已撤回：${p.withdrawn.reason}（${p.withdrawn.byName} ${shortTime(p.withdrawn.at)}）` : '',
  };
}

/** Tags as staff type them: separated by spaces, commas or 、; each once. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((t) => t.trim()).filter(Boolean))];
}

/** What is wrong with typed tags, or ''. */
export function tagsProblem(tags: readonly string[]): string {
  if (tags.length > MAX_TAGS) return `最多${MAX_TAGS}个标签`;
  const long = tags.find((t) => t.length > MAX_TAG);
  return long ? `标签“${long}”太长，每个标签最多${MAX_TAG}字` : '';
}

/** A file's extension, lower case, with its dot (`.pdf`), or ''. */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,5})$/.exec(name);
  return m ? `.${m[1]!.toLowerCase()}` : '';
}

/** A name of at most 60 characters (the server's limit), keeping the extension. */
export function shortName(name: string): string {
  const clean = name.trim() || '文件';
  if (clean.length <= 60) return clean;
  const ext = extensionOf(clean);
  return `${clean.slice(0, 60 - ext.length)}${ext}`;
}

function toast(title: string): void {
  wx.showToast({ title, icon: 'none', duration: 3000 });
}

function documentType(name: string): DocumentType | null {
  const ext = extensionOf(name).slice(1);
  return (DOCUMENT_TYPES as readonly string[]).includes(ext) ? (ext as DocumentType) : null;
}

/** A file name the phone's file system takes. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || 'policy';
}

function download(url: string, name: string): Promise<string | null> {
  const dir = typeof wx.env === 'object' && wx.env?.USER_DATA_PATH;
  return new Promise((resolve) => {
    try {
      wx.downloadFile({
        url,
        ...(dir ? { filePath: `${dir}/${safeName(name)}` } : {}),
        timeout: 60000,
        success: (res) => resolve(res.statusCode === 200 ? res.filePath || res.tempFilePath || null : null),
        fail: () => resolve(null),
      });
    } catch {
      resolve(null);
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

/** Open a document's file (`url`: the temporary link `policy.open` gave). True once it is on screen. */
export async function openFile(url: string, name: string): Promise<boolean> {
  if (!url) {
    toast(FILE_MESSAGES.noLink);
    return false;
  }
  if (IMAGE.test(name)) {
    wx.previewImage({ urls: [url], current: url });
    return true;
  }
  const type = documentType(name);
  if (!type) {
    toast(FILE_MESSAGES.unknownType);
    return false;
  }
  wx.showLoading({ title: '正在打开', mask: true });
  const filePath = await download(url, name);
  wx.hideLoading();
  if (!filePath) {
    toast(FILE_MESSAGES.downloadFailed);
    return false;
  }
  if (!(await openDocument(filePath, type))) {
    toast(FILE_MESSAGES.openFailed);
    return false;
  }
  return true;
}
