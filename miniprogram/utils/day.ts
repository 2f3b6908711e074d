/** Dates and days for people: Beijing time, in Chinese. */

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** An instant (ISO 8601 with any offset) as Beijing time: `2026年10月1日 星期四 10:00`. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  // Shift by +8 h and read the UTC fields: independent of the phone's own time zone.
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAYS[d.getUTCDay()]} ${hh}:${mm}`;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

const KIND_NAMES: Record<DayKind, string> = {
  workday: '工作日',
  weekend: '休息日',
  holiday: '法定节假日',
  makeup: '调休上班',
};

/** What kind of day it is, in Chinese: `工作日`, `休息日`, `法定节假日（国庆节）`, `调休上班（春节）`. */
export function dayName(day: { kind: DayKind; name?: string }): string {
  const kind = KIND_NAMES[day.kind] ?? '';
  return day.name ? `${kind}（${day.name}）` : kind;
}

/** A day `YYYY-MM-DD` in Chinese: `2026年1月5日` (text it cannot read is left unchanged). */
export function dayText(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** Today in Beijing as `YYYY-MM-DD`, by the phone's clock (a default for date pickers, never evidence). */
export function beijingToday(nowMs: number = Date.now()): string {
  return new Date(nowMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Where pages read the phone's clock (tests make it follow the local cloud's clock). */
let phoneClock: () => number = () => Date.now();

/** The phone's clock, in ms: a capture time and a date picker's default, never the server's time. */
export function phoneNow(): number {
  return phoneClock();
}

/** Test-only: make the phone's clock read `clock` (null: the real one). */
export function setPhoneClock(clock: (() => number) | null): void {
  phoneClock = clock ?? (() => Date.now());
}

function beijingParts(iso: string): Date | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms + BEIJING_OFFSET_MS);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as Beijing time of day: `09:05`. */
export function clockText(iso: string): string {
  const d = beijingParts(iso);
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : iso;
}

/** An instant as a short Beijing date and time: `5月12日 09:05`. */
export function shortTime(iso: string): string {
  const d = beijingParts(iso);
  return d ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : iso;
}

/** A month `YYYY-MM` in Chinese: `2026年5月`. */
/** The `YYYY-MM` a month picker gave (some versions give `YYYY-MM-DD`), or null if it is none. */
export function pickedMonth(value: unknown): string | null {
  const month = String(value).slice(0, 7);
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : null;
}

export function monthText(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${Number(m[1])}年${Number(m[2])}月` : month;
}

/** The day `days` after (or before, when negative) `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  const ms = Date.parse(`${day}T12:00:00Z`);
  return Number.isNaN(ms) ? day : new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}
