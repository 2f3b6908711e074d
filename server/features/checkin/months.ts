/**
 * A cadre's month of attendance, kept so that the monthly scoring reads little per cadre:
 * ⌈N/1000⌉ reads of short documents instead of every window of every cadre.
 *
 * - `closedWindows` (`_id` `<countyId>.<YYYY-MM>`): the windows of the month that the window-close
 *   sweep has settled for a county, written once the sweep has recorded every cadre due in them.
 * - `attendanceMonths` (`_id` `<personId>.<YYYY-MM>`): only what is not the rule, that is the
 *   day windows not simply on post (`w`: outside, missed, excused, corrected) and the night windows
 *   on post (`n`: present or corrected; a night not on post is never a miss). A cadre with no
 *   such window has no document.
 *
 * A cadre stationed in the same village since before the month began was due in every window
 * their county closed in it (the sweep writes a record for each due cadre), so their month is
 * the county's closed windows, on post unless their document says otherwise: a month of 100,000
 * cadres who mostly check in is read as a few values each. A cadre stationed during the month, or
 * whose stationing ended in it, is read from their attendance records themselves (`rebuildMonths`).
 * The attendance records stay the truth: the sweep and the correction decision write both, and
 * staff's recompute makes the copies again from the records.
 */
import { db, _, $, isDuplicateKey } from '../../platform/cloud';
import { ATTENDANCE, type AttendanceRecord } from './service';

export const ATTENDANCE_MONTHS = 'attendanceMonths';
export const CLOSED_WINDOWS = 'closedWindows';

export type AttendanceStatus = AttendanceRecord['status'];
/** One letter per status in the month copy (a month of 100,000 cadres is read and written whole). */
export type MonthLetter = 'P' | 'C' | 'O' | 'M' | 'E';
export const STATUS_LETTER: Record<AttendanceStatus, MonthLetter> = { present: 'P', corrected: 'C', outside: 'O', missed: 'M', excused: 'E' };
export const LETTER_STATUS: Record<MonthLetter, AttendanceStatus> = { P: 'present', C: 'corrected', O: 'outside', M: 'missed', E: 'excused' };

export interface AttendanceMonthDoc {
  _id: string;
  personId: string;
  month: string;
  /** `d<DD>_<windowId>` → status letter, for day windows: only those not `P` as stored (every window when `full`). */
  w: Record<string, MonthLetter>;
  /** `d<DD>_<windowId>` → status letter, for night windows (夜间签到: counted apart, never a miss): those on post. */
  n: Record<string, MonthLetter>;
  /** Read from the records (never stored): `w` holds every day window of the month, `P` included. */
  full?: boolean;
}

/** A county's settled windows of a month: `D` a day window, `N` a night window. */
export interface ClosedWindowsDoc {
  _id: string;
  countyId: string;
  month: string;
  w: Record<string, 'D' | 'N'>;
}

export const monthDocId = (personId: string, month: string) => `${personId}.${month}`;
export const closedDocId = (countyId: string, month: string) => `${countyId}.${month}`;
/** `d03_am` (the 3rd, the morning window): field names allow only letters, digits and `_`; the month is the document's. */
export const entryKey = (date: string, windowId: string) => `d${date.slice(8, 10)}_${windowId}`;
/** The day and window of an entry of a month. */
export function parseEntry(month: string, key: string): { date: string; windowId: string } {
  return { date: `${month}-${key.slice(1, 3)}`, windowId: key.slice(4) };
}

const mapOf = (r: Pick<AttendanceRecord, 'night'>) => (r.night ? 'n' : 'w');

/** Is this record's status kept in the month copy (not the rule: a day not on post, a night on post)? */
export function keptInMonth(r: Pick<AttendanceRecord, 'night' | 'status'>): boolean {
  return r.night ? r.status === 'present' || r.status === 'corrected' : r.status !== 'present';
}

/**
 * Set `<field> = value` on documents of fixed ids, adding those that do not exist yet: one
 * multi-document update per (field, value) (a page of cadres closing one window gives a handful).
 * When none exists (the month's first), one write adds them all without a read; when only some
 * do, one read per 1,000 finds which. Setting a value is idempotent.
 */
async function setEntries<D extends { _id: string }>(collection: string, entries: { id: string; field: string; value: string }[], fresh: (id: string) => D): Promise<void> {
  if (!entries.length) return;
  const groups = new Map<string, { field: string; value: string; ids: string[] }>();
  for (const e of entries) {
    const g = groups.get(`${e.field}|${e.value}`) ?? { field: e.field, value: e.value, ids: [] };
    g.ids.push(e.id);
    groups.set(`${e.field}|${e.value}`, g);
  }
  let touched = 0;
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += 1000) {
      const res = await db.collection(collection).where({ _id: _.in(g.ids.slice(i, i + 1000)) }).update({ data: { [g.field]: g.value } });
      touched += res.stats.updated ?? 0;
    }
  }
  if (touched >= entries.length) return;
  const build = (have: Set<string>) => {
    const docs = new Map<string, D>();
    for (const e of entries) {
      if (have.has(e.id)) continue;
      const doc = docs.get(e.id) ?? fresh(e.id);
      const [map, key] = e.field.split('.') as [string, string];
      ((doc as unknown as Record<string, Record<string, string>>)[map] ??= {})[key] = e.value;
      docs.set(e.id, doc);
    }
    return [...docs.values()];
  };
  if (touched === 0) {
    try {
      await db.collection(collection).add({ data: build(new Set()) });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  // Some are new (or a rerun set what was there already): add the missing ones whole.
  const wanted = [...new Set(entries.map((e) => e.id))];
  const have = new Set<string>();
  for (let i = 0; i < wanted.length; i += 1000) {
    const { data } = await db.collection(collection).where({ _id: _.in(wanted.slice(i, i + 1000)) }).field({ _id: true }).limit(1000).get<{ _id: string }>();
    for (const d of data) have.add(d._id);
  }
  const docs = build(have);
  if (docs.length) await db.collection(collection).add({ data: docs });
}

/** Copy these records' statuses into their months, those that are not the rule (see the top). */
export async function mirrorMonths(records: AttendanceRecord[]): Promise<void> {
  const kept = records.filter(keptInMonth);
  const months = new Map(kept.map((r) => [monthDocId(r.personId, r.date.slice(0, 7)), r]));
  await setEntries<AttendanceMonthDoc>(
    ATTENDANCE_MONTHS,
    kept.map((r) => ({ id: monthDocId(r.personId, r.date.slice(0, 7)), field: `${mapOf(r)}.${entryKey(r.date, r.windowId)}`, value: STATUS_LETTER[r.status] })),
    (id) => {
      const r = months.get(id)!;
      return { _id: id, personId: r.personId, month: r.date.slice(0, 7), w: {}, n: {} };
    },
  );
}

/** One window settled for a county's cadres. */
export interface ClosedWindow {
  countyId: string;
  date: string;
  windowId: string;
  night: boolean;
}

/** Note windows as settled for their counties (the sweep, once every due cadre has its record). Idempotent. */
export async function logClosedWindows(closed: ClosedWindow[]): Promise<void> {
  await setEntries<ClosedWindowsDoc>(
    CLOSED_WINDOWS,
    closed.map((c) => ({ id: closedDocId(c.countyId, c.date.slice(0, 7)), field: `w.${entryKey(c.date, c.windowId)}`, value: c.night ? 'N' : 'D' })),
    (id) => {
      const c = closed.find((x) => closedDocId(x.countyId, x.date.slice(0, 7)) === id)!;
      return { _id: id, countyId: c.countyId, month: c.date.slice(0, 7), w: {} };
    },
  );
}

/** The settled day windows of these counties' month, each county's sorted by day then window (one read per 1,000 counties). */
export async function closedDaysOf(countyIds: string[], month: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(countyIds.map((c) => [c, []]));
  const ids = [...new Set(countyIds)].map((c) => closedDocId(c, month));
  for (let i = 0; i < ids.length; i += 1000) {
    const { data } = await db.collection(CLOSED_WINDOWS).where({ _id: _.in(ids.slice(i, i + 1000)) }).limit(1000).get<ClosedWindowsDoc>();
    for (const d of data) out.set(d.countyId, Object.keys(d.w).filter((k) => d.w[k] === 'D').sort());
  }
  return out;
}

/** The month documents of these cadres (⌈n/1000⌉ reads), by person; a cadre without one has none. */
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
 * Read these cadres' month from their attendance records: one aggregation per 200 cadres (a
 * month holds up to ~70 records each). With `store`, their month documents are made again from
 * the records too (one write removes the old copies, one adds the new). Returns every cadre's
 * whole month (`full`: each day window, `P` included), by person; a cadre with no record has none.
 */
export async function rebuildMonths(personIds: string[], month: string, opts: { store?: boolean } = {}): Promise<Map<string, AttendanceMonthDoc>> {
  const out = new Map<string, AttendanceMonthDoc>();
  for (let i = 0; i < personIds.length; i += 200) {
    const ids = personIds.slice(i, i + 200);
    const { list } = await db.collection(ATTENDANCE).aggregate()
      .match({ personId: _.in(ids), date: _.gte(`${month}-01`).and(_.lte(`${month}-31`)) })
      .group({ _id: '$personId', r: $.push({ d: '$date', w: '$windowId', s: '$status', n: '$night' }) })
      .limit(1000)
      .end<{ _id: string; r: { d: string; w: string; s: AttendanceStatus; n?: boolean }[] }>();
    const stored: AttendanceMonthDoc[] = [];
    for (const g of list) {
      const whole: AttendanceMonthDoc = { _id: monthDocId(g._id, month), personId: g._id, month, w: {}, n: {}, full: true };
      const kept: AttendanceMonthDoc = { _id: whole._id, personId: g._id, month, w: {}, n: {} };
      let any = false;
      for (const r of g.r) {
        const key = entryKey(r.d, r.w);
        if (r.n) {
          if (keptInMonth({ night: true, status: r.s })) whole.n[key] = kept.n[key] = STATUS_LETTER[r.s];
        } else {
          whole.w[key] = STATUS_LETTER[r.s];
          if (r.s !== 'present') kept.w[key] = STATUS_LETTER[r.s];
        }
        any ||= keptInMonth({ night: r.n, status: r.s });
      }
      if (any) stored.push(kept);
      out.set(g._id, whole);
    }
    if (opts.store) {
      await db.collection(ATTENDANCE_MONTHS).where({ _id: _.in(ids.map((p) => monthDocId(p, month))) }).remove();
      if (stored.length) await db.collection(ATTENDANCE_MONTHS).add({ data: stored });
    }
  }
  return out;
}
