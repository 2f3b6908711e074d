/**
 * A cadre's month of attendance in one document (`attendanceMonths`, `_id` `<personId>.<YYYY-MM>`):
 * a copy of the status of each of their attendance records in the month, kept so that the
 * monthly scoring reads one document per cadre (⌈N/1000⌉ reads) instead of aggregating every
 * window of every cadre. The attendance records stay the truth: the window-close sweep and the
 * correction decision write both, and `rebuildMonths` makes the copy again from the records
 * (staff's recompute, and cadres whose copy is missing).
 */
import { db, _, $, isDuplicateKey } from '../../platform/cloud';
import { ATTENDANCE, type AttendanceRecord } from './service';

export const ATTENDANCE_MONTHS = 'attendanceMonths';

export type AttendanceStatus = AttendanceRecord['status'];
/** One letter per status in the month copy (a month of 100,000 cadres is read and written whole). */
export type MonthLetter = 'P' | 'C' | 'O' | 'M' | 'E';
export const STATUS_LETTER: Record<AttendanceStatus, MonthLetter> = { present: 'P', corrected: 'C', outside: 'O', missed: 'M', excused: 'E' };
export const LETTER_STATUS: Record<MonthLetter, AttendanceStatus> = { P: 'present', C: 'corrected', O: 'outside', M: 'missed', E: 'excused' };

export interface AttendanceMonthDoc {
  _id: string;
  personId: string;
  month: string;
  /** `d<DD>_<windowId>` → status letter, for day windows. */
  w: Record<string, MonthLetter>;
  /** `d<DD>_<windowId>` → status letter, for night windows (夜间签到: counted apart, never a miss). */
  n: Record<string, MonthLetter>;
}

export const monthDocId = (personId: string, month: string) => `${personId}.${month}`;
/** `d03_am` (the 3rd, the morning window): field names allow only letters, digits and `_`; the month is the document's. */
export const entryKey = (date: string, windowId: string) => `d${date.slice(8, 10)}_${windowId}`;
/** The day and window of an entry of a month. */
export function parseEntry(month: string, key: string): { date: string; windowId: string } {
  return { date: `${month}-${key.slice(1, 3)}`, windowId: key.slice(4) };
}

const mapOf = (r: Pick<AttendanceRecord, 'night'>) => (r.night ? 'n' : 'w');

/**
 * Copy these records' statuses into their months: one multi-document update per (entry, status)
 * (a page of cadres closing one window gives a handful). The month's first window finds no
 * documents and adds them all (one write, no read); when only some exist (a cadre newly
 * stationed), one read finds which. Setting a status is idempotent.
 */
export async function mirrorMonths(records: AttendanceRecord[]): Promise<void> {
  if (!records.length) return;
  const groups = new Map<string, { field: string; status: MonthLetter; ids: string[] }>();
  for (const r of records) {
    const field = `${mapOf(r)}.${entryKey(r.date, r.windowId)}`;
    const g = groups.get(`${field}|${r.status}`) ?? { field, status: STATUS_LETTER[r.status], ids: [] };
    g.ids.push(monthDocId(r.personId, r.date.slice(0, 7)));
    groups.set(`${field}|${r.status}`, g);
  }
  let touched = 0;
  for (const g of groups.values()) {
    const res = await db.collection(ATTENDANCE_MONTHS).where({ _id: _.in(g.ids) }).update({ data: { [g.field]: g.status } });
    touched += res.stats.updated ?? 0;
  }
  if (touched >= records.length) return;
  const build = (have: Set<string>) => {
    const fresh = new Map<string, AttendanceMonthDoc>();
    for (const r of records) {
      const id = monthDocId(r.personId, r.date.slice(0, 7));
      if (have.has(id)) continue;
      const doc = fresh.get(id) ?? { _id: id, personId: r.personId, month: r.date.slice(0, 7), w: {}, n: {} };
      doc[mapOf(r)][entryKey(r.date, r.windowId)] = STATUS_LETTER[r.status];
      fresh.set(id, doc);
    }
    return [...fresh.values()];
  };
  // No month existed (a month the scoring job did not open ahead): add them all, without a read.
  if (touched === 0) {
    try {
      await db.collection(ATTENDANCE_MONTHS).add({ data: build(new Set()) });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  // Some months are new (or a rerun set what was there already): add the missing ones whole.
  const wanted = [...new Set(records.map((r) => monthDocId(r.personId, r.date.slice(0, 7))))];
  const have = new Set<string>();
  for (let i = 0; i < wanted.length; i += 1000) {
    const { data } = await db.collection(ATTENDANCE_MONTHS).where({ _id: _.in(wanted.slice(i, i + 1000)) }).field({ _id: true }).limit(1000).get<{ _id: string }>();
    for (const d of data) have.add(d._id);
  }
  const fresh = build(have);
  if (fresh.length) await db.collection(ATTENDANCE_MONTHS).add({ data: fresh });
}

/** The month documents of these cadres (⌈n/1000⌉ reads), by person. */
export async function monthsOf(personIds: string[], month: string): Promise<Map<string, AttendanceMonthDoc>> {
  const out = new Map<string, AttendanceMonthDoc>();
  for (let i = 0; i < personIds.length; i += 1000) {
    const ids = personIds.slice(i, i + 1000).map((p) => monthDocId(p, month));
    const { data } = await db.collection(ATTENDANCE_MONTHS).where({ _id: _.in(ids) }).limit(1000).get<AttendanceMonthDoc>();
    for (const d of data) out.set(d.personId, d);
  }
  return out;
}

/**
 * Make the month documents of these cadres again from their attendance records: one aggregation
 * per 200 cadres (a month holds up to ~70 records each), one write to remove the old copies and
 * one to add the new. Returns them by person.
 */
export async function rebuildMonths(personIds: string[], month: string): Promise<Map<string, AttendanceMonthDoc>> {
  const out = new Map<string, AttendanceMonthDoc>();
  for (let i = 0; i < personIds.length; i += 200) {
    const ids = personIds.slice(i, i + 200);
    const { list } = await db.collection(ATTENDANCE).aggregate()
      .match({ personId: _.in(ids), date: _.gte(`${month}-01`).and(_.lte(`${month}-31`)) })
      .group({ _id: '$personId', r: $.push({ d: '$date', w: '$windowId', s: '$status', n: '$night' }) })
      .limit(1000)
      .end<{ _id: string; r: { d: string; w: string; s: AttendanceStatus; n?: boolean }[] }>();
    const docs: AttendanceMonthDoc[] = list.map((g) => {
      const doc: AttendanceMonthDoc = { _id: monthDocId(g._id, month), personId: g._id, month, w: {}, n: {} };
      for (const r of g.r) doc[r.n ? 'n' : 'w'][entryKey(r.d, r.w)] = STATUS_LETTER[r.s];
      return doc;
    });
    await db.collection(ATTENDANCE_MONTHS).where({ _id: _.in(ids.map((p) => monthDocId(p, month))) }).remove();
    if (docs.length) await db.collection(ATTENDANCE_MONTHS).add({ data: docs });
    for (const d of docs) out.set(d.personId, d);
  }
  return out;
}
