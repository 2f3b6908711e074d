/**
 * What the work-log pages (驻村记实) share: their routes (the subpackage `pages/work/`), the
 * server's limits, a log as a list shows it, and the server's refusals field by field.
 */
import type { ErrorAnswer, OutputOf } from '../../../api/index';
import { clockText, dayText } from '../../../utils/day';

export const LOG_ROUTES = {
  mine: '/pages/work/log/mine/index',
  write: '/pages/work/log/write/index',
  detail: '/pages/work/log/detail/index',
  unit: '/pages/work/log/unit/index',
} as const;

/** The server's limits (server/features/worklog/schema.ts). */
export const MIN_TEXT = 10;
export const MAX_TEXT = 2000;
export const MAX_PHOTOS = 9;
export const MAX_COMMENT = 300;

export const LOG_LABELS: Record<string, string> = { text: '记实内容', photoFileIds: '照片', checkinId: '关联签到', month: '月份', date: '日期' };

export type LogRow = OutputOf<'workLog.list'>['items'][number];
export type LogFull = OutputOf<'workLog.get'>;

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** `5月12日 星期二` for a day `YYYY-MM-DD`. */
export function dayWithWeekday(day: string): string {
  const ms = Date.parse(`${day}T12:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return `${dayText(day).replace(/^\d{4}年/, '')} ${WEEKDAYS[new Date(ms).getUTCDay()]}`;
}

/** A log as a list shows it. */
export interface LogItem {
  id: string;
  personName: string;
  villageName: string;
  date: string;
  /** `5月12日 星期二`. */
  day: string;
  /** `09:05` (Beijing). */
  time: string;
  excerpt: string;
  /** `3 张照片`, or ''. */
  photos: string;
  /** `2 条点评`, or ''. */
  comments: string;
  edited: boolean;
  tagged: boolean;
}

export function logItem(l: LogRow): LogItem {
  return {
    id: l.id,
    personName: l.personName,
    villageName: l.villageName,
    date: l.date,
    day: dayWithWeekday(l.date),
    time: clockText(l.createdAt),
    excerpt: l.excerpt,
    photos: l.photos > 0 ? `${l.photos} 张照片` : '',
    comments: l.comments > 0 ? `${l.comments} 条点评` : '',
    edited: l.edited,
    tagged: !!l.checkinId,
  };
}

export type LogField = 'text' | 'photos' | 'checkin';

/** The server's refusal, field by field (the first message of each). */
export function logFieldErrors(a: ErrorAnswer): Partial<Record<LogField, string>> {
  const out: Partial<Record<LogField, string>> = {};
  for (const issue of a.issues ?? []) {
    const head = issue.path.split('.')[0];
    const f: LogField | null = head === 'text' ? 'text' : head === 'photoFileIds' ? 'photos' : head === 'checkinId' ? 'checkin' : null;
    if (f && !out[f]) out[f] = issue.message;
  }
  // Photos not found in the cadre's folder, or a check-in not theirs: the server says so in words only.
  if (!a.issues?.length && a.code === 'invalid_input') {
    if (/照片/.test(a.message)) out.photos = a.message;
    else if (/签到/.test(a.message)) out.checkin = a.message;
  }
  return out;
}
