/**
 * What the semi-annual report pages (半年工作报告) share: their routes (the subpackage
 * `pages/report/`), the server's limits, the half-years as people say them, a report's status in
 * words, and attachments chosen from a chat and uploaded into the first secretary's folder.
 */
import { upload } from '../../api/index';
import type { OutputOf } from '../../api/index';
import { shortTime } from '../../utils/day';

export const REPORT_ROUTES = {
  mine: '/pages/report/mine/index',
  list: '/pages/report/list/index',
  detail: '/pages/report/detail/index',
} as const;

/** The server's limits (server/features/workreport/schema.ts). */
export const MIN_BODY = 50;
export const MAX_BODY = 5000;
export const MAX_TITLE = 60;
export const MAX_ATTACHMENTS = 5;

export const FIELD_LABELS: Record<string, string> = { title: '标题', body: '正文', attachments: '附件', reason: '退回原因', comment: '审核意见', period: '半年度' };

export type Report = NonNullable<OutputOf<'workReport.mine'>['report']>;

/** `2026年上半年` for `2026-H1`. */
export function periodLabel(p: string): string {
  const m = /^(\d{4})-H([12])$/.exec(p);
  return m ? `${m[1]}年${m[2] === '1' ? '上' : '下'}半年` : p;
}

/** The half-year a Beijing day falls in, and the ones before it (newest first): what a staff list offers. */
export function recentPeriods(today: string, count = 4): string[] {
  let year = Number(today.slice(0, 4));
  let half = Number(today.slice(5, 7)) <= 6 ? 1 : 2;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-H${half}`);
    if (half === 2) half = 1;
    else {
      half = 2;
      year -= 1;
    }
  }
  return out;
}

/** Where a report stands, in one line: `已提交（5月12日 10:00），等待县委组织部审阅`. */
export function statusLine(r: Pick<Report, 'status' | 'submittedAt' | 'late' | 'read' | 'accepted' | 'returns'>): string {
  const late = r.late ? '（逾期提交）' : '';
  switch (r.status) {
    case 'draft':
      return '草稿，还没有提交';
    case 'submitted':
      return r.read ? `已提交${late}，县委组织部已阅（${r.read.byName} ${shortTime(r.read.at)}）` : `已提交${late}（${shortTime(r.submittedAt ?? '')}），等待县委组织部审阅`;
    case 'returned': {
      const last = r.returns[r.returns.length - 1];
      return last ? `退回修改：${last.reason}（${last.byName} ${shortTime(last.at)}）` : '退回修改';
    }
    case 'accepted':
      return r.accepted ? `已通过（${r.accepted.byName} ${shortTime(r.accepted.at)}）${r.accepted.comment ? `：${r.accepted.comment}` : ''}` : '已通过';
    default:
      return '';
  }
}

/** An attachment on a form: the phone's file (`path`) until it is uploaded (`fileID`). */
export interface FormFile {
  name: string;
  path: string;
  fileID: string;
}

/** A file name kept short enough for the server (60 characters), its extension kept. */
export function shortName(name: string): string {
  const clean = name.replace(/[\\/]/g, '_').trim() || '附件';
  if (clean.length <= 60) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 8 ? clean.slice(dot) : '';
  return `${clean.slice(0, 60 - ext.length)}${ext}`;
}

/** Upload the files not uploaded yet into `folder` (named `<stem>-<i><ext>`); the files with their ids, or the failure. */
export async function uploadFiles(files: readonly FormFile[], folder: string, stem: string): Promise<{ files: FormFile[]; error: string }> {
  const out: FormFile[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    if (f.fileID) {
      out.push(f);
      continue;
    }
    const dot = f.name.lastIndexOf('.');
    const ext = dot > 0 ? f.name.slice(dot).replace(/[^.A-Za-z0-9]/g, '').slice(0, 8) : '';
    const a = await upload(f.path, `${folder}${stem}-${i}${ext}`);
    if (!a.ok) return { files: [...out, ...files.slice(i)], error: a.message.replace('照片', '附件') };
    out.push({ ...f, fileID: a.data.fileID });
  }
  return { files: out, error: '' };
}
