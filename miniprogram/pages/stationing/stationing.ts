/**
 * What the stationing pages (驻点联系, subpackage `pages/stationing/`) share: the server's limits
 * and words, weeks as the pages step through them, and the privacy dialog of the
 * pages that locate and pick photos (a subpackage cannot import another subpackage's code).
 */
import type { OutputOf } from '../../api/index';
import { addDays } from '../../utils/day';

/** The server's limits (server/features/stationing/schema.ts). */
export const MAX_PHOTOS = 9;
export const DEFAULT_NIGHTS = 3;

export const FIELD_LABELS: Record<string, string> = { photoFileIds: '驻点照片', weekday: '驻点日', nightsPerWeek: '每周住夜晚数', week: '周', date: '日期' };

/** The weekdays a township may fix (ISO: Monday 1). */
export const WEEKDAYS = [
  { value: 1, name: '周一' },
  { value: 2, name: '周二' },
  { value: 3, name: '周三' },
  { value: 4, name: '周四' },
  { value: 5, name: '周五' },
];

export type Figure = OutputOf<'stationing.figure'>;
export type TeamStatus = Figure['teams'][number]['status'];
export type Nights = OutputOf<'stationing.nights'>;
export type NightRow = Nights['shortfall'][number];

export const TEAM_STATUS_NAMES: Record<TeamStatus, string> = {
  present: '已到岗',
  absent: '未到岗',
  excused: '全员请假',
  upcoming: '驻点日未到',
  noDay: '本周无驻点日',
  unset: '未设定驻点日',
};

/** Members as a line: `蒋文博（第一书记）、石婷（驻村工作队员）`. */
export function namesText(people: readonly { name: string; kindName: string }[]): string {
  return people.map((p) => `${p.name}（${p.kindName}）`).join('、');
}

const DAY_MS = 86_400_000;

/** The ISO week (`2026-W20`) of a calendar day `YYYY-MM-DD`, as the server counts weeks (Monday to Sunday). */
export function weekOfDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return '';
  const n = Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
  const weekday = ((new Date(n * DAY_MS).getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  const thursday = n + 4 - weekday; // the ISO year is the year of the week's Thursday
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan4 = Math.floor(Date.UTC(year, 0, 4) / DAY_MS);
  const week1 = jan4 - (((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7) + 1) + 1;
  return `${year}-W${String(Math.floor((thursday - week1) / 7) + 1).padStart(2, '0')}`;
}

/** The week `weeks` before (negative) or after the week that starts on `monday`. */
export function weekStep(monday: string, weeks: number): string {
  return weekOfDay(addDays(monday, weeks * 7));
}

// ---- the privacy dialog ---------------------------------------------------------------------------

export { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy, type PrivacyHolder } from '../../utils/privacy';
