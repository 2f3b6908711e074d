/**
 * Check-ins in the words people read (DOMAIN.md): window statuses, risk flags, distances, the
 * result of a check-in, corrections (补卡). Shared by the cadre's pages and the staff's.
 */
import type { OutputOf } from '../api/index';
import { clockText, dayText, shortTime, beijingTime } from './day';

export type Submitted = OutputOf<'checkin.submit'>;
export type WindowState = Submitted['today']['windows'][number];
export type WindowStatus = WindowState['status'];
export type Flag = Submitted['flags'][number];
export type FlagKind = Flag['kind'];
export type CheckinView = OutputOf<'checkin.mine'>['checkins'][number];
export type Correction = OutputOf<'checkin.myCorrections'>['corrections'][number];
export type CorrectionStatus = Correction['status'];

export const WINDOW_STATUS_NAMES: Record<WindowStatus, string> = {
  present: '已签到',
  outside: '不在村内',
  open: '待签到',
  upcoming: '未开始',
  missed: '未签到',
  excused: '已请假',
  corrected: '已补卡',
};

export const FLAG_NAMES: Record<FlagKind, string> = {
  poorAccuracy: '定位不够准确',
  repeatedFix: '与以前的定位完全相同',
  impossibleTravel: '与上次定位相距太远',
  outsideFence: '不在村内范围',
  noFence: '本村未设签到范围',
  lateUpload: '延迟上传',
};

/** `定位不够准确：定位精度约 850 米`. */
export function flagText(f: Pick<Flag, 'kind' | 'detail'>): string {
  const name = FLAG_NAMES[f.kind] ?? f.kind;
  return f.detail ? `${name}：${f.detail}` : name;
}

/** How strongly a flag points at a problem, in words. */
export function confidenceText(c: number): string {
  if (c >= 0.7) return '可能性较大';
  if (c >= 0.4) return '可能性中等';
  return '可能性较小';
}

/** `850 米`, `3.2 公里`. */
export function distanceText(m: number): string {
  if (Math.round(m) < 1000) return `${Math.round(m)} 米`;
  return `${(Math.round(m / 100) / 10).toFixed(1)} 公里`;
}

/** Where a check-in was, in one phrase: `在村内`, `不在村内（约 3.2 公里）`, or, with no fence to judge by, `未设签到范围`. */
export function placeText(c: { inside: boolean | null; distanceM: number | null }): string {
  if (c.inside === null) return '未设签到范围，位置已记录';
  return c.inside ? '在村内' : `不在村内（约 ${distanceText(c.distanceM ?? 0)}）`;
}

/** A window as a line shows it. */
export interface WindowRow {
  id: string;
  name: string;
  /** 08:30–10:00 */
  time: string;
  status: WindowStatus;
  statusText: string;
}

export function windowRows(windows: readonly WindowState[]): WindowRow[] {
  return windows.map((w) => ({ id: w.id, name: w.name, time: `${w.start}–${w.end}`, status: w.status, statusText: WINDOW_STATUS_NAMES[w.status] ?? w.status }));
}

/** The window's name from a window key (`2026-05-12:am`), from the windows the page knows. */
export function windowNameOf(windowKey: string | null, known: readonly { id: string; name: string }[]): string {
  if (!windowKey) return '时段外';
  const id = windowKey.slice(windowKey.indexOf(':') + 1);
  return known.find((w) => w.id === id)?.name ?? '';
}

/** The result of a check-in, big and plain. */
export interface Outcome {
  /** Counts as at post: inside the fence, or no fence to judge by. */
  inside: boolean;
  /** 已签到（在村内） / 不在村内范围，距离约 850 米 */
  headline: string;
  /** 上午签到（08:30–10:00） / 现在不在签到时段内 */
  window: string;
  /** The server's time: 2026年5月12日 星期二 09:00 */
  time: string;
  /** Anything else worth saying: a late upload, the fix's time. */
  note: string;
  /** Risk flags in plain words (outside the fence is the headline already). */
  flags: string[];
}

export function outcome(r: Submitted): Outcome {
  const headline = r.inside === null ? '已签到（本村未设签到范围，位置已记录）' : r.inside ? '已签到（在村内）' : `不在村内范围，距离约 ${distanceText(r.distanceM ?? 0)}`;
  let window: string;
  if (r.window) window = `${r.window.name}签到（${r.window.start}–${r.window.end}）`;
  else if (r.today.windows.length === 0) window = '今天不是工作日，无需签到；这次定位已记录';
  else window = '现在不在签到时段内；这次定位已记录';
  const note = r.late ? `这是网络恢复后补传的签到，定位时间 ${shortTime(r.capturedAt)}` : '';
  return {
    inside: r.inside !== false,
    headline,
    window,
    time: beijingTime(r.serverTime),
    note,
    flags: r.flags.filter((f) => f.kind !== 'outsideFence').map(flagText),
  };
}

/** A check-in in a list: `5月12日 09:00 · 上午 · 在村内`. */
export interface CheckinRow {
  id: string;
  time: string;
  clock: string;
  windowName: string;
  place: string;
  /** Counts as at post: inside the fence, or no fence to judge by. */
  inside: boolean;
  flags: string[];
}

export function checkinRow(c: Pick<CheckinView, 'id' | 'capturedAt' | 'windowKey' | 'inside' | 'distanceM' | 'flags'>, known: readonly { id: string; name: string }[]): CheckinRow {
  return { id: c.id, time: shortTime(c.capturedAt), clock: clockText(c.capturedAt), windowName: windowNameOf(c.windowKey, known), place: placeText(c), inside: c.inside !== false, flags: c.flags.map(flagText) };
}

/** The default windows (server/features/checkin/schedule.ts) when the page knows no others. */
export const DEFAULT_WINDOWS: readonly { id: string; name: string }[] = [
  { id: 'am', name: '上午' },
  { id: 'pm', name: '下午' },
];

export const CORRECTION_STATUS_NAMES: Record<CorrectionStatus, string> = {
  pending: '待审核',
  approved: '已同意',
  refused: '未同意',
};

const TRAIL_NAMES: Record<Correction['trail'][number]['action'], string> = {
  requested: '提出申请',
  approved: '同意',
  refused: '不同意',
};

/** A correction as lists show it. */
export interface CorrectionRow {
  id: string;
  personName: string;
  /** 2026年5月12日 下午 */
  what: string;
  reason: string;
  status: CorrectionStatus;
  statusText: string;
  /** 照片 1 张 · 证明人：村支书 · 驻村记实 L-1 */
  evidence: string;
  photos: string[];
  /** `5月13日 09:00 蒋文博 提出申请：…` */
  trail: string[];
}

export function correctionRow(c: Correction): CorrectionRow {
  const evidence = [
    c.evidence.photoFileIds.length ? `照片 ${c.evidence.photoFileIds.length} 张` : '',
    c.evidence.witness ? `证明人：${c.evidence.witness}` : '',
    c.evidence.workLogId ? `驻村记实：${c.evidence.workLogId}` : '',
  ].filter(Boolean);
  return {
    id: c.id,
    personName: c.personName,
    what: `${dayText(c.date)} ${c.windowName}`,
    reason: c.reason,
    status: c.status,
    statusText: CORRECTION_STATUS_NAMES[c.status] ?? c.status,
    evidence: evidence.join(' · '),
    photos: c.evidence.photoFileIds,
    trail: c.trail.map((t) => `${shortTime(t.at)} ${t.byName} ${TRAIL_NAMES[t.action] ?? t.action}${t.note ? `：${t.note}` : ''}`),
  };
}
