/**
 * The timer's check-in work: reminders before each window, attendance after each window
 * closes, and the purge of old raw fixes. Each is a function of (clock, database) that can run
 * twice or late without harm, and each reads every cadre at most once:
 * ⌈N/1000⌉ pages of cadres plus a handful of reads, whatever N is.
 */
import { db, _, $ } from '../../platform/cloud';
import { log } from '../../kernel/log';
import { activeCadreIds, cadrePage, type CadreRef } from '../people/service';
import { grantHolders, sendBatch, SUBSCRIPTIONS, type Outgoing } from '../notify/service';
import { DEFAULT_CHECKIN_SCHEDULE, CheckinSchedule as ScheduleSchema, closedWindows, dueReminders, retentionCutoff, type CheckinSchedule, type WindowInstance } from './schedule';
import { CHECKINS, SCHEDULES, countyOf } from './service';
import type { ScheduleDoc } from './schema';
import { shanghai } from '../../kernel/clock';

export const ATTENDANCE = 'attendance';

/** One cadre in one window: kept for good (raw fixes are purged; this is what scoring reads). */
export interface AttendanceDoc {
  /** `<personId>.<date>.<windowId>` */
  _id: string;
  personId: string;
  villageId: string;
  villagePath: string[];
  date: string;
  windowKey: string;
  windowId: string;
  status: 'present' | 'outside' | 'missed' | 'excused' | 'corrected';
  at: Date;
}

export const attendanceId = (personId: string, w: { date: string; windowId: string }) => `${personId}.${w.date}.${w.windowId}`;

/**
 * The hook by which other features excuse an absence (approved leave fills this in): given
 * cadres and a window, return those who were excused.
 */
export type AbsenceExcuse = (personIds: string[], window: WindowInstance) => Promise<Set<string>>;
const excuses: AbsenceExcuse[] = [];
export function registerAbsenceExcuse(fn: AbsenceExcuse): void {
  excuses.push(fn);
}

async function excused(personIds: string[], w: WindowInstance): Promise<Set<string>> {
  const out = new Set<string>();
  for (const fn of excuses) for (const id of await fn(personIds, w)) out.add(id);
  return out;
}

/** Every county's schedule in one read: the lookup by county, and the distinct schedules in use. */
async function scheduleSet(): Promise<{ of: (countyId: string) => CheckinSchedule; all: CheckinSchedule[]; custom: string[] }> {
  const { data } = await db.collection(SCHEDULES).limit(1000).get<ScheduleDoc>();
  const byCounty = new Map(data.map((d) => [d._id, ScheduleSchema.parse({ windows: d.windows, lateUploadMaxMin: d.lateUploadMaxMin, correctionsPerMonth: d.correctionsPerMonth, retentionDays: d.retentionDays })]));
  return { of: (county) => byCounty.get(county) ?? DEFAULT_CHECKIN_SCHEDULE, all: [DEFAULT_CHECKIN_SCHEDULE, ...byCounty.values()], custom: [...byCounty.keys()] };
}

/** Who checked in during a window instance: inside the fence, and at all. One read. */
async function checkedIn(windowKey: string): Promise<{ inside: Set<string>; any: Set<string> }> {
  const { list } = await db.collection(CHECKINS).aggregate().match({ windowKey }).group({ _id: '$inside', ids: $.addToSet('$personId') }).end<{ _id: boolean; ids: string[] }>();
  const inside = new Set(list.find((g) => g._id === true)?.ids ?? []);
  const any = new Set(list.flatMap((g) => g.ids));
  return { inside, any };
}

/** A first run has nothing to catch up: start from a few minutes back. */
const FIRST_RUN_LOOKBACK_MS = 10 * 60_000;

/**
 * A sweep stops after this much time and leaves a checkpoint; the next tick resumes it, so every
 * invocation stays well under the platform's 60 s.
 */
export const SWEEP_BUDGET_MS = 45_000;

export interface SweepOptions {
  checkpoint?: Record<string, unknown>;
  budgetMs?: number;
  /** Cadres per page (1,000, the most one read returns; tests use fewer). */
  pageSize?: number;
}

/** Where an unfinished sweep stopped: the windows it was doing, up to when, and the last cadre done. */
interface SweepCheckpoint {
  until: Date;
  windows: WindowInstance[];
  after: string;
}

function restore(cp: Record<string, unknown> | undefined): SweepCheckpoint | undefined {
  if (!cp || !Array.isArray(cp.windows) || typeof cp.after !== 'string') return undefined;
  const windows = (cp.windows as WindowInstance[]).map((w) => ({ ...w, opensAt: new Date(w.opensAt), closesAt: new Date(w.closesAt), remindAt: new Date(w.remindAt) }));
  return { until: new Date(cp.until as string | Date), windows, after: cp.after };
}

/** After each window closes: an attendance record per cadre (present, outside, missed or excused). */
export async function closeWindows(since: Date | undefined, now: Date, opts: SweepOptions = {}) {
  const started = Date.now();
  const schedules = await scheduleSet();
  const resumed = restore(opts.checkpoint);
  const until = resumed?.until ?? now;
  const closing = resumed?.windows ?? uniqueByKey(schedules.all.flatMap((s) => closedWindows(s, since ?? new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS), now)));
  if (closing.length === 0) return { windows: [], records: 0, missed: 0, reads: 1 };
  const seen = new Map<string, { inside: Set<string>; any: Set<string> }>();
  for (const w of closing) seen.set(w.key, await checkedIn(w.key));

  let after = resumed?.after ?? '';
  let records = 0;
  let missed = 0;
  let pages = 0;
  for (;;) {
    const { cadres, lastId } = await cadrePage(after, opts.pageSize);
    pages += 1;
    const docs: AttendanceDoc[] = [];
    for (const w of closing) {
      const due = cadres.filter((c) => dueIn(c, w, schedules.of));
      const absent = due.filter((c) => !seen.get(w.key)!.any.has(c.personId)).map((c) => c.personId);
      const ok = absent.length ? await excused(absent, w) : new Set<string>();
      for (const c of due) {
        const s = seen.get(w.key)!;
        const status: AttendanceDoc['status'] = s.inside.has(c.personId) ? 'present' : s.any.has(c.personId) ? 'outside' : ok.has(c.personId) ? 'excused' : 'missed';
        if (status === 'missed') missed += 1;
        docs.push({ _id: attendanceId(c.personId, { date: w.date, windowId: w.window.id }), personId: c.personId, villageId: c.villageId, villagePath: c.villagePath, date: w.date, windowKey: w.key, windowId: w.window.id, status, at: now });
      }
    }
    records += await recordAttendance(docs);
    const summary = { windows: closing.map((w) => w.key), records, missed, reads: 1 + closing.length + pages };
    if (!lastId) return { ...summary, doneUntil: until };
    after = lastId;
    if (Date.now() - started > (opts.budgetMs ?? SWEEP_BUDGET_MS)) return { ...summary, incomplete: true, checkpoint: { until, windows: closing, after } };
  }
}

/** Is this window one of this cadre's (their county's schedule, and stationed before it opened)? */
function dueIn(c: CadreRef, w: WindowInstance, scheduleOf: (county: string) => CheckinSchedule): boolean {
  const mine = scheduleOf(countyOf(c.villagePath));
  return mine.windows.some((x) => x.id === w.window.id && x.start === w.window.start && x.end === w.window.end) && c.since.getTime() <= w.opensAt.getTime();
}

function uniqueByKey(ws: WindowInstance[]): WindowInstance[] {
  const m = new Map<string, WindowInstance>();
  for (const w of ws) m.set(`${w.key}/${w.window.start}/${w.window.end}`, w);
  return [...m.values()];
}

/**
 * Insert records that have fixed ids, once: one batched write; when a rerun of the job meets
 * records it wrote before (the batch is all-or-nothing), each is written by id instead.
 */
export async function recordAttendance(docs: AttendanceDoc[]): Promise<number> {
  if (!docs.length) return 0;
  try {
    await db.collection(ATTENDANCE).add({ data: docs });
  } catch (err) {
    if (!/E11000|duplicate/i.test(String((err as { errMsg?: string; message?: string }).errMsg ?? (err as Error).message))) throw err;
    for (const d of docs) {
      const { _id, ...rest } = d;
      // A correction approved meanwhile must not be overwritten by a rerun.
      const { data: current } = await db.collection(ATTENDANCE).doc(_id).get<AttendanceDoc>();
      if (!current) await db.collection(ATTENDANCE).doc(_id).set({ data: rest });
    }
  }
  return docs.length;
}

/** Before each window: remind the cadres who have a banked grant, once per cadre per window. */
export async function sendReminders(since: Date | undefined, now: Date, opts: SweepOptions = {}) {
  const started = Date.now();
  const resumed = restore(opts.checkpoint);
  let reads = 0;
  let due = resumed?.windows;
  if (!due) {
    const schedules = await scheduleSet();
    reads += 1;
    due = uniqueByKey(schedules.all.flatMap((s) => dueReminders(s, since ?? new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS), now)));
  }
  // A reminder for a window that has closed meanwhile (a long outage) would only mislead.
  due = due.filter((w) => w.closesAt.getTime() > now.getTime());
  const until = resumed?.until ?? now;
  if (due.length === 0) return { windows: [], sent: 0, reads, doneUntil: until };
  const cadres = await activeCadreIds();
  reads += 1;
  let sent = 0;
  let after = resumed?.after ?? '';
  for (const [i, w] of due.entries()) {
    // Before the window opens nobody can have checked in for it: no need to ask.
    const present = w.opensAt.getTime() <= now.getTime() ? (reads++, (await checkedIn(w.key)).any) : new Set<string>();
    for (;;) {
      const page = await grantHolders('checkinReminder', w.key, after, opts.pageSize);
      reads += 1;
      const todo = page.filter((s) => cadres.has(s.personId) && !present.has(s.personId));
      if (todo.length) {
        // Marked first, sent second: a rerun never reminds anyone twice for one window.
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
      if (Date.now() - started > (opts.budgetMs ?? SWEEP_BUDGET_MS)) {
        return { windows: due.map((x) => x.key), sent, reads, incomplete: true, checkpoint: { until, windows: due.slice(i), after } };
      }
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
