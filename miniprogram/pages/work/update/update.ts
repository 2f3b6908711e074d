/** What the work-update pages (工作动态) share: their routes, a post as a list shows it, and weeks. */
import type { OutputOf } from '../../../api/index';
import { shortTime } from '../../../utils/day';

export const UPDATE_ROUTES = {
  list: '/pages/work/update/list/index',
  post: '/pages/work/update/post/index',
  figures: '/pages/work/update/figures/index',
} as const;

/** The server's limits (server/features/workupdate/schema.ts). */
export const MAX_PHOTOS = 9;
export const MAX_TITLE = 40;
export const MAX_BODY = 5000;
export const MIN_BODY = 5;

export const FIELD_LABELS: Record<string, string> = { title: '标题', body: '正文', photoFileIds: '照片', dispatchingUnit: '派出单位', districtId: '所属县（区）', reason: '撤回原因', week: '周' };

type Row = OutputOf<'workUpdate.list'>['items'][number];

export interface UpdateRow {
  id: string;
  title: string;
  /** `花垣县 · 5月12日 10:00 · 石慧敏`. */
  meta: string;
  /** `派出单位：湘西州财政局`, or ''. */
  dispatching: string;
  /** `关于保靖县`, for a city's post about a district shown elsewhere, or ''. */
  about: string;
  excerpt: string;
  photos: string;
  withdrawn: string;
}

export function updateRow(r: Row): UpdateRow {
  return {
    id: r.id,
    title: r.title,
    meta: `${r.unitName} · ${shortTime(r.postedAt)} · ${r.postedByName}`,
    dispatching: r.dispatchingUnit ? `派出单位：${r.dispatchingUnit}` : '',
    about: r.unitLevel === 'city' && r.districtName ? `关于${r.districtName}` : '',
    excerpt: r.excerpt,
    photos: r.photos > 0 ? `${r.photos} 张照片` : '',
    withdrawn: r.withdrawn ? `已撤回：${r.withdrawn.reason}（${r.withdrawn.byName} ${shortTime(r.withdrawn.at)}）` : '',
  };
}

const DAY_MS = 86_400_000;

/** The ISO week (`2026-W20`) of a calendar day `YYYY-MM-DD`, as the server counts weeks (Monday to Sunday). */
export function weekOfDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return '';
  const n = Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
  const weekday = ((new Date(n * DAY_MS).getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  const thursday = n + 4 - weekday;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan4 = Math.floor(Date.UTC(year, 0, 4) / DAY_MS);
  const week1 = jan4 - (((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7) + 1) + 1;
  const week = Math.floor((thursday - week1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The calendar day `YYYY-MM-DD` `n` days after `day`. */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? '' : new Date(t + n * DAY_MS).toISOString().slice(0, 10);
}
