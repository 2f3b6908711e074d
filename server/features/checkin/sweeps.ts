/**
 * The timer's check-in work: reminders before each window, attendance after each window
 * closes, and the purge of old raw fixes. Each is a function of (clock, database) that can run
 * twice or late without harm, and each reads every cadre at most once:
 * ⌈N/1000⌉ pages of cadres plus a handful of reads, whatever N is.
 */
import { db, _, $, isDuplicateKey } from '../../platform/cloud';
import { log } from '../../kernel/log';
import { cadrePage, type CadreRef } from '../people/service';
import { grantHolders, sendBatch, SUBSCRIPTIONS, type Outgoing } from '../notify/service';
import { DEFAULT_CHECKIN_SCHEDULE, closedWindows, dueReminders, retentionCutoff, type CheckinSchedule, type WindowInstance } from './schedule';
import { ATTENDANCE, CHECKINS, countyOf, scheduleSet, type AttendanceRecord } from './service';
import { shanghai } from '../../kernel/clock';
import { logClosedWindows, mirrorMonths, type ClosedWindow } from './months';

export { ATTENDANCE };

/** One cadre in one window (`_id` `<personId>.<date>.<windowId>`): kept for good (raw fixes are purged; this is what scoring reads). */
export type AttendanceDoc = AttendanceRecord;

export const attendanceId = (personId: string, w: { date: string; windowId: string }) => `${personId}.${w.date}.${w.windowId}`;

/**
 * The hook by which other features excuse an absence (approved leave fills this in): the cadres
 * excused for a whole window instance. Called once per window, before the cadres are paged.
 */
export type AbsenceExcuse = (window: WindowInstance) => Promise<Set<string>>;
const excuses: AbsenceExcuse[] = [];
export function registerAbsenceExcuse(fn: AbsenceExcuse): void {
  excuses.push(fn);
}

async function excusedIn(w: WindowInstance): Promise<Set<string>> {
  const out = new Set<string>();
  for (const fn of excuses) for (const id of await fn(w)) out.add(id);
  return out;
}

/** Who checked in during these window instances, inside the fence and at all: one read for all. */
async function checkedIn(keys: string[]): Promise<Map<string, { inside: Set<string>; any: Set<string> }>> {
  const out = new Map(keys.map((k) => [k, { inside: new Set<string>(), any: new Set<string>() }]));
  const { list } = await db.collection(CHECKINS).aggregate().match({ windowKey: _.in(keys) })
    // One group per window and fence outcome; without a limit CloudBase answers only 20 (docs/platform-notes.md).
    .group({ _id: { k: '$windowKey', i: '$inside' }, ids: $.addToSet('$personId') }).limit(1000).end<{ _id: { k: string; i: boolean | null }; ids: string[] }>();
  for (const g of list) {
    const e = out.get(g._id.k);
    if (!e) continue;
    for (const id of g.ids) {
      e.any.add(id);
      // A fix no fence could judge (null) counts, flagged for staff (see `counts`).
      if (g._id.i !== false) e.inside.add(id);
    }
  }
  return out;
}

/** A first run has nothing to catch up: start from a few minutes back. */
const FIRST_RUN_LOOKBACK_MS = 10 * 60_000;

/**
 * A sweep stops when its invocation has run this long and leaves a checkpoint; the next tick
 * resumes it, so every invocation stays well under the platform's 60 s.
 */
export const SWEEP_BUDGET_MS = 45_000;

export interface SweepOptions {
  checkpoint?: Record<string, unknown>;
  /** When to stop (epoch ms): the tick's own deadline, shared by all its jobs. */
  deadline?: number;
  /** Cadres per page (1,000, the most one read returns; tests use fewer). */
  pageSize?: number;
}

/** Where an unfinished sweep stopped: the windows it was doing, up to when, and the last cadre done. */
interface SweepCheckpoint {
  until: Date;
  windows: WindowInstance[];
  after: string;
  /** The window-close sweep's counties with cadres due in each window so far, by window (`<key>/<start>/<end>`). */
  counties?: Record<string, string[]>;
}

function restore(cp: Record<string, unknown> | undefined): SweepCheckpoint | undefined {
  if (!cp || !Array.isArray(cp.windows) || typeof cp.after !== 'string') return undefined;
  const windows = (cp.windows as WindowInstance[]).map((w) => ({ ...w, opensAt: new Date(w.opensAt), closesAt: new Date(w.closesAt), remindAt: new Date(w.remindAt) }));
  const counties = cp.counties && typeof cp.counties === 'object' ? (cp.counties as Record<string, string[]>) : undefined;
  return { until: new Date(cp.until as string | Date), windows, after: cp.after, ...(counties ? { counties } : {}) };
}

const deadlineOf = (opts: SweepOptions) => opts.deadline ?? Date.now() + SWEEP_BUDGET_MS;

/**
 * Windows to settle in (since, now]: a window is settled once its offline tolerance has passed
 * after it closed (a fix taken in the window may arrive until then, and still counts).
 */
function settling(schedules: CheckinSchedule[], since: Date | undefined, now: Date): WindowInstance[] {
  const from = since ?? new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS);
  return uniqueByKey(
    schedules.flatMap((s) => {
      const lag = s.lateUploadMaxMin * 60_000;
      return closedWindows(s, new Date(from.getTime() - lag), new Date(now.getTime() - lag)).map((w) => ({ ...w, window: { ...w.window } }));
    }),
  );
}

/** Once each window is settled: an attendance record per cadre (present, outside, missed or excused). */
export async function closeWindows(since: Date | undefined, now: Date, opts: SweepOptions = {}) {
  const deadline = deadlineOf(opts);
  const schedules = await scheduleSet();
  const resumed = restore(opts.checkpoint);
  const until = resumed?.until ?? now;
  const closing = resumed?.windows ?? settling(schedules.all, since, now);
  if (closing.length === 0) return { windows: [], records: 0, missed: 0, reads: 1, doneUntil: until };
  const seen = await checkedIn([...new Set(closing.map((w) => w.key))]);
  const excused = new Map<WindowInstance, Set<string>>();
  for (const w of closing) excused.set(w, await excusedIn(w));

  let after = resumed?.after ?? '';
  let records = 0;
  let missed = 0;
  let pages = 0;
  // The counties whose cadres were due in each window: once every page is recorded, the window
  // is noted as settled for them (months.ts: what a cadre stationed all month was due in).
  const counties = new Map<string, Set<string>>(closing.map((w) => [instanceKey(w), new Set(resumed?.counties?.[instanceKey(w)] ?? [])]));
  for (;;) {
    const { cadres, lastId } = await cadrePage(after, opts.pageSize);
    pages += 1;
    const docs: AttendanceDoc[] = [];
    for (const w of closing) {
      const s = seen.get(w.key)!;
      const inWindow = counties.get(instanceKey(w))!;
      for (const c of cadres.filter((x) => dueIn(x, w, schedules.of))) {
        const status: AttendanceDoc['status'] = s.inside.has(c.personId) ? 'present' : s.any.has(c.personId) ? 'outside' : excused.get(w)!.has(c.personId) ? 'excused' : 'missed';
        if (status === 'missed') missed += 1;
        inWindow.add(countyOf(c.villagePath));
        docs.push({ _id: attendanceId(c.personId, { date: w.date, windowId: w.window.id }), personId: c.personId, villageId: c.villageId, villagePath: c.villagePath, date: w.date, windowKey: w.key, windowId: w.window.id, status, at: now, ...(w.window.night ? { night: true } : {}) });
      }
    }
    records += await recordAttendance(docs);
    const summary = { windows: closing.map((w) => w.key), records, missed, reads: 2 + pages };
    if (!lastId) {
      const settled: ClosedWindow[] = closing.flatMap((w) => [...counties.get(instanceKey(w))!].map((countyId) => ({ countyId, date: w.date, windowId: w.window.id, night: !!w.window.night })));
      await logClosedWindows(settled);
      return { ...summary, doneUntil: until };
    }
    after = lastId;
    if (Date.now() > deadline) {
      const carried = Object.fromEntries([...counties].map(([k, v]) => [k, [...v]]));
      return { ...summary, incomplete: true, checkpoint: { until, windows: closing, after, counties: carried } };
    }
  }
}

const instanceKey = (w: WindowInstance) => `${w.key}/${w.window.start}/${w.window.end}`;

/** Is this window one of this cadre's (their county's schedule, and stationed before it opened)? */
function dueIn(c: CadreRef, w: WindowInstance, scheduleOf: (county: string) => CheckinSchedule): boolean {
  return sameWindowIn(scheduleOf(countyOf(c.villagePath)), w) && c.since.getTime() <= w.opensAt.getTime();
}

function sameWindowIn(s: CheckinSchedule, w: WindowInstance): boolean {
  return s.windows.some((x) => x.id === w.window.id && x.start === w.window.start && x.end === w.window.end);
}

function uniqueByKey(ws: WindowInstance[]): WindowInstance[] {
  const m = new Map<string, WindowInstance>();
  for (const w of ws) m.set(instanceKey(w), w);
  return [...m.values()];
}

/**
 * Insert records that have fixed ids, once: one batched write; when a rerun of the job meets
 * records it wrote before (the batch is all-or-nothing), one read finds which exist and one write
 * adds the rest. An existing record is never overwritten (a correction may have changed it).
 * Then the month copies (months.ts) take the statuses the records now hold.
 */
export async function recordAttendance(docs: AttendanceDoc[]): Promise<number> {
  if (!docs.length) return 0;
  let held = docs;
  try {
    await db.collection(ATTENDANCE).add({ data: docs });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Several windows closing at once give more than 1,000 records: one read per 1,000 ids.
    const have = new Map<string, AttendanceDoc['status']>();
    for (let i = 0; i < docs.length; i += 1000) {
      const { data } = await db.collection(ATTENDANCE).where({ _id: _.in(docs.slice(i, i + 1000).map((d) => d._id)) }).field({ _id: true, status: true }).limit(1000).get<{ _id: string; status: AttendanceDoc['status'] }>();
      for (const d of data) have.set(d._id, d.status);
    }
    const missing = docs.filter((d) => !have.has(d._id));
    if (missing.length) await db.collection(ATTENDANCE).add({ data: missing });
    held = docs.map((d) => (have.has(d._id) ? { ...d, status: have.get(d._id)! } : d));
  }
  await mirrorMonths(held);
  return docs.length;
}

/**
 * Before each window: remind the cadres of the counties it belongs to who have a banked grant,
 * once per cadre per window. A grant's county follows the cadre's station (notify keeps it).
 */
export async function sendReminders(since: Date | undefined, now: Date, opts: SweepOptions = {}) {
  const deadline = deadlineOf(opts);
  const resumed = restore(opts.checkpoint);
  let reads = 0;
  const schedules = resumed ? null : await scheduleSet();
  if (schedules) reads += 1;
  let due = resumed?.windows;
  if (!due) {
    const from = since ?? new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS);
    // Which counties each due window belongs to is fixed here and kept in the checkpoint.
    due = uniqueByKey(schedules!.all.flatMap((s) => dueReminders(s, from, now))).map((w) => ({
      ...w,
      counties: sameWindowIn(DEFAULT_CHECKIN_SCHEDULE, w)
        ? { notIn: schedules!.custom.filter((c) => !sameWindowIn(schedules!.of(c), w)) }
        : { in: schedules!.custom.filter((c) => sameWindowIn(schedules!.of(c), w)) },
    }));
  }
  // A reminder for a window that has closed meanwhile (a long outage) would only mislead.
  due = due.filter((w) => w.closesAt.getTime() > now.getTime());
  const until = resumed?.until ?? now;
  if (due.length === 0) return { windows: [], sent: 0, reads, doneUntil: until };
  // Before a window opens nobody can have checked in for it: ask only about open ones.
  const open = due.filter((w) => w.opensAt.getTime() <= now.getTime()).map((w) => w.key);
  const present = open.length ? (reads++, await checkedIn(open)) : new Map<string, { any: Set<string> }>();
  let sent = 0;
  let after = resumed?.after ?? '';
  for (const [i, w] of due.entries()) {
    const counties = (w as WindowInstance & { counties: { in?: string[]; notIn?: string[] } }).counties;
    for (;;) {
      const page = await grantHolders('checkinReminder', w.key, counties, after, opts.pageSize);
      reads += 1;
      const todo = page.filter((s) => !present.get(w.key)?.any.has(s.personId));
      if (todo.length) {
        // Marked first, sent second: a rerun never reminds anyone twice for one window (and the
        // job runner's lease keeps two ticks from running this at the same time).
        await db.collection(SUBSCRIPTIONS).where({ _id: _.in(todo.map((s) => s._id)) }).update({ data: { reminded: w.key } });
        const batch: Outgoing[] = todo.map((s) => ({
            sub: s,
            page: 'pages/checkin/index/index',
            data: {
              thing1: { value: `${w.window.name}签到` },
              time2: { value: shanghai(w.opensAt).format('YYYY年M月D日 HH:mm') },
              thing3: { value: (s.villageName ?? '').slice(0, 20) || '驻村地点' },
              thing4: { value: `请在${w.window.end}前完成签到` },
            },
          }));
        sent += (await sendBatch('checkinReminder', batch)).sent;
      }
      if (page.length < (opts.pageSize ?? 1000)) break;
      after = page[page.length - 1]!._id;
      if (Date.now() > deadline) return { windows: due.map((x) => x.key), sent, reads, incomplete: true, checkpoint: { until, windows: due.slice(i), after } };
    }
    after = '';
  }
  return { windows: due.map((w) => w.key), sent, reads, doneUntil: until };
}

/** Raw fixes older than each county's retention are removed; attendance stays. One write per county. */
export async function purgeRawFixes(now: Date): Promise<{ removed: number }> {
  const schedules = await scheduleSet();
  const custom = schedules.custom;
  let removed = 0;
  for (const county of custom) {
    const r = await db.collection(CHECKINS).where({ villagePath: county, receivedAt: _.lt(retentionCutoff(schedules.of(county), now)) }).remove();
    removed += r.stats.removed ?? 0;
  }
  const rest = await db.collection(CHECKINS).where(custom.length ? { villagePath: _.nin(custom), receivedAt: _.lt(retentionCutoff(DEFAULT_CHECKIN_SCHEDULE, now)) } : { receivedAt: _.lt(retentionCutoff(DEFAULT_CHECKIN_SCHEDULE, now)) }).remove();
  removed += rest.stats.removed ?? 0;
  log.info('raw fixes purged', { removed });
  return { removed };
}
