/**
 * What the tutoring pages (驻村辅导) share: their routes (the subpackage `pages/work/`), the
 * server's limits, a question as a list shows it, and the server's refusals field by field.
 */
import type { ErrorAnswer, OutputOf } from '../../../api/index';
import { shortTime } from '../../../utils/day';

export const QUESTION_ROUTES = {
  mine: '/pages/work/question/mine/index',
  ask: '/pages/work/question/ask/index',
  detail: '/pages/work/question/detail/index',
  inbox: '/pages/work/question/inbox/index',
  figures: '/pages/work/question/figures/index',
} as const;

/** The server's limits (server/features/question/schema.ts). */
export const MIN_TITLE = 4;
export const MAX_TITLE = 40;
export const MIN_BODY = 10;
export const MAX_BODY = 2000;
export const MIN_REPLY = 2;

export const QUESTION_LABELS: Record<string, string> = { topic: '领域', title: '标题', body: '问题描述', photoFileIds: '照片', text: '内容' };

export type QuestionRow = OutputOf<'question.mine'>['items'][number];
export type QuestionStatus = QuestionRow['status'];

/** The badge of a status: waiting (blue), answered (orange), solved (green). */
export const STATUS_CLASS: Record<QuestionStatus, string> = { open: 'status-open', answered: 'status-answered', solved: 'status-solved' };

export interface QuestionItem {
  id: string;
  title: string;
  topicName: string;
  status: QuestionStatus;
  statusName: string;
  statusCls: string;
  villageName: string;
  askerName: string;
  /** `5月12日 10:00 提问`. */
  asked: string;
  /** `2 条解答`, or ''. */
  answers: string;
  /** `请在 5月14日 18:00 前解答`, for one waiting. */
  due: string;
  overdue: boolean;
  followedUp: boolean;
}

export function questionItem(q: QuestionRow): QuestionItem {
  return {
    id: q.id,
    title: q.title,
    topicName: q.topicName,
    status: q.status,
    statusName: q.statusName,
    statusCls: STATUS_CLASS[q.status] ?? 'status-open',
    villageName: q.villageName,
    askerName: q.askerName,
    asked: `${shortTime(q.askedAt)} 提问`,
    answers: q.answers > 0 ? `${q.answers} 条解答` : '',
    due: q.dueAt ? `应在 ${shortTime(q.dueAt)} 前解答` : '',
    overdue: q.overdue,
    followedUp: q.followedUp,
  };
}

export type QuestionField = 'topic' | 'title' | 'body' | 'photos';

/** The server's refusal, field by field (the first message of each). */
export function questionFieldErrors(a: ErrorAnswer): Partial<Record<QuestionField, string>> {
  const out: Partial<Record<QuestionField, string>> = {};
  for (const issue of a.issues ?? []) {
    const head = issue.path.split('.')[0];
    const f: QuestionField | null = head === 'topic' ? 'topic' : head === 'title' ? 'title' : head === 'body' ? 'body' : head === 'photoFileIds' ? 'photos' : null;
    if (f && !out[f]) out[f] = issue.message;
  }
  if (!a.issues?.length && a.code === 'invalid_input' && /照片/.test(a.message)) out.photos = a.message;
  return out;
}

/** `3.5 小时`, `40 分钟`, `2.1 天`, or `—` when nothing was answered. */
export function hoursText(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} 分钟`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} 小时`;
  return `${Math.round((hours / 24) * 10) / 10} 天`;
}
