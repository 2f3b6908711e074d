/**
 * Working days from the real Chinese calendar: statutory holidays (法定节假日) and make-up
 * working days (调休), from chinese-days, which follows the State Council's yearly notice.
 */
import { getDayDetail, getHolidaysInRange, isWorkday as cdIsWorkday } from 'chinese-days';
import { dateKey, shanghai } from './clock';
import { log } from './log';

const known = new Map<number, boolean>();

/**
 * Whether the State Council's schedule for this year is known to the calendar. The schedule
 * for next year is published around November–December; until then a year counts as Monday
 * to Friday.
 */
export function hasOfficialSchedule(year: number): boolean {
  let k = known.get(year);
  if (k === undefined) {
    k = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    known.set(year, k);
    // Loud, once per instance: until chinese-days ships the year, 元旦 and 春节 count as working days.
    if (!k) log.warn('no official holiday schedule for this year: counting Monday to Friday; upgrade chinese-days once the State Council publishes it', { year });
  }
  return k;
}

/** Is the day (an instant, or `YYYY-MM-DD`, read in Asia/Shanghai) a working day? */
export function isWorkday(day: Date | string): boolean {
  const key = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : dateKey(day);
  if (!hasOfficialSchedule(Number(key.slice(0, 4)))) {
    const dow = shanghai(`${key}T12:00:00+08:00`).day();
    return dow >= 1 && dow <= 5;
  }
  return cdIsWorkday(key);
}

/** What the day is: a working day, a weekend, a holiday (with its name), or a make-up working day. */
export function dayKind(day: string): { date: string; workday: boolean; kind: 'workday' | 'weekend' | 'holiday' | 'makeup'; name?: string } {
  const workday = isWorkday(day);
  const dow = shanghai(`${day}T12:00:00+08:00`).day();
  const weekend = dow === 0 || dow === 6;
  if (!hasOfficialSchedule(Number(day.slice(0, 4)))) return { date: day, workday, kind: weekend ? 'weekend' : 'workday' };
  const detail = getDayDetail(day);
  const festival = /,/.test(detail.name) ? detail.name.split(',')[1] : undefined;
  if (workday) return { date: day, workday, kind: weekend ? 'makeup' : 'workday', ...(weekend && festival ? { name: festival } : {}) };
  return { date: day, workday, kind: festival ? 'holiday' : 'weekend', ...(festival ? { name: festival } : {}) };
}

/** The `n`th working day after `day` (`YYYY-MM-DD`, Beijing); `n` = 0 is the day itself if it is one, else the next. */
export function addWorkdays(day: string, n: number): string {
  let t = Date.parse(`${day}T12:00:00+08:00`);
  const key = () => dateKey(t);
  let left = n;
  if (left === 0) {
    while (!isWorkday(key())) t += 86_400_000;
    return key();
  }
  while (left > 0) {
    t += 86_400_000;
    if (isWorkday(key())) left -= 1;
  }
  return key();
}
