/**
 * What the training pages (培训) share: their routes (the subpackage `pages/training/`), the kinds
 * of course, a session as a line of text, and the server's limits.
 */
import type { OutputOf } from '../../api/index';
import { dayText } from '../../utils/day';

export const TRAINING_ROUTES = {
  manage: '/pages/training/manage/index',
  course: '/pages/training/course/index',
  attendance: '/pages/training/attendance/index',
  mine: '/pages/training/mine/index',
} as const;

/** The server's kinds (server/features/training/schema.ts). */
export const KINDS = [
  { key: 'preService', name: '任前培训' },
  { key: 'topic', name: '专题培训' },
  { key: 'business', name: '业务培训' },
] as const;
export type KindKey = (typeof KINDS)[number]['key'];

export const DEFAULT_RADIUS_M = 300;
export const MIN_RADIUS_M = 50;
export const MAX_RADIUS_M = 3000;

export const FIELD_LABELS: Record<string, string> = { name: '培训名称', kind: '培训类别', description: '培训内容', date: '日期', start: '开始时间', end: '结束时间', placeName: '地点', venue: '签到位置', radiusM: '签到范围', personIds: '报名人员' };

export type SessionRow = OutputOf<'training.course'>['sessions'][number];

/** `2026年5月20日 09:00—11:30 · 花垣县委党校报告厅`. */
export function sessionLine(s: { date: string; start: string; end: string; placeName: string }): string {
  return `${dayText(s.date)} ${s.start}—${s.end} · ${s.placeName}`;
}

/** `报名 4 人 · 签到 2 人 · 迟到 1 人`. */
export function countsLine(s: { enrolled: number; present: number; late: number }): string {
  return `报名 ${s.enrolled} 人 · 签到 ${s.present} 人 · 迟到 ${s.late} 人`;
}
