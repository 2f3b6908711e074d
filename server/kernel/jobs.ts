/**
 * Timer work. CloudBase gives a function one timer trigger, so `tick` fires every minute and
 * this runner decides which jobs are due. Delivery is not exactly-once: a tick may come twice,
 * late, or not at all. So every job is a function of (clock, database) that can run twice or
 * late without harm, and the runner hands it the span since its last completed run, so that a
 * missed tick is caught up by the next one.
 */
import { db, _ } from '../platform/cloud';
import { log } from './log';

export interface JobContext {
  now: Date;
  /** When the whole tick must stop working (epoch ms): jobs share one invocation's time. */
  deadline: number;
  /** When this job last completed (undefined the first time): work due since then is due now. */
  since: Date | undefined;
  /** What an unfinished run left for this one (see JobResult), or undefined. */
  checkpoint: Record<string, unknown> | undefined;
}

/**
 * What a run returns. A job that would run past an invocation's time returns
 * `{ incomplete: true, checkpoint }`: the slot stays due, the next tick runs it again with the
 * same `since` and this checkpoint, and only a complete run moves `since` on (to `doneUntil`
 * when it finishes work that an earlier run began, so nothing between is skipped).
 */
export type JobResult = Record<string, unknown> & { incomplete?: boolean; checkpoint?: Record<string, unknown>; doneUntil?: Date };

export interface JobDef {
  name: string;
  /** Run at most once per this many minutes (slots aligned on Beijing time midnight). */
  everyMinutes: number;
  run(ctx: JobContext): Promise<JobResult | void>;
}

export interface JobOutcome {
  job: string;
  ran: boolean;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: string;
}

export const JOB_RUNS = 'jobRuns';
const SLOT_ORIGIN_MS = Date.UTC(2020, 0, 1, -8); // 2020-01-01 00:00 in Asia/Shanghai

/** How long a run may hold its job: a little more than the platform's 60 s. */
const LEASE_MS = 70_000;

/**
 * The lease is taken only on the state this tick read: `runs` counts the recorded runs, so a
 * tick that read the state before an overlapping tick ran the job and released it does not run
 * the job again over the same span (it would otherwise find the lease free, and its `since` stale).
 */
async function takeLease(name: string, prev: JobRun | undefined, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + LEASE_MS);
  if (!prev) {
    try {
      await db.collection(JOB_RUNS).add({ data: { _id: name, lastSlot: -1, lastRunAt: null, lastOk: true, checkpoint: null, leaseUntil: until, runs: 0 } });
      return true;
    } catch {
      return false; // another run created it first
    }
  }
  const r = await db.collection(JOB_RUNS).where({ _id: name, leaseUntil: _.lt(now), runs: prev.runs ?? _.exists(false) }).update({ data: { leaseUntil: until } });
  return (r.stats.updated ?? 0) === 1;
}

export function slotOf(at: Date, everyMinutes: number): number {
  return Math.floor((at.getTime() - SLOT_ORIGIN_MS) / (everyMinutes * 60_000));
}

interface JobRun {
  _id: string;
  lastSlot: number;
  lastRunAt: Date;
  lastOk: boolean;
  checkpoint?: Record<string, unknown> | null;
  leaseUntil?: Date;
  lastResult?: Record<string, unknown>;
  lastError?: string;
  /** Runs recorded (complete or not): the state a lease is taken on. */
  runs?: number;
}

/** Run every due job, one after the other. One read for all jobs' state, one write per job run. */
/** A tick stops starting work after this long, and jobs checkpoint by then (the platform allows 60 s). */
export const TICK_BUDGET_MS = 45_000;

export async function runDueJobs(jobs: readonly JobDef[], now: Date, deadline = Date.now() + TICK_BUDGET_MS): Promise<JobOutcome[]> {
  if (jobs.length === 0) return [];
  const { data } = await db.collection(JOB_RUNS).where({ _id: _.in(jobs.map((j) => j.name)) }).limit(1000).get<JobRun>();
  const state = new Map(data.map((r) => [r._id, r]));
  const out: JobOutcome[] = [];
  for (const job of jobs) {
    const prev = state.get(job.name);
    const slot = slotOf(now, job.everyMinutes);
    if (prev && prev.lastSlot >= slot && !prev.checkpoint) {
      out.push({ job: job.name, ran: false, ok: true });
      continue;
    }
    const since = prev?.lastRunAt ? new Date(prev.lastRunAt) : undefined;
    // A lease: when two ticks overlap (the timer fired twice, or a slow run), only one runs a job.
    if (!(await takeLease(job.name, prev, now))) {
      out.push({ job: job.name, ran: false, ok: true, result: { leased: true } });
      continue;
    }
    try {
      const result: JobResult = (await job.run({ now, since, deadline, checkpoint: prev?.checkpoint ?? undefined })) ?? {};
      const { incomplete, checkpoint, doneUntil, ...summary } = result;
      if (incomplete) {
        // Unfinished: keep the slot due and `since` where it was; the next tick resumes.
        await db.collection(JOB_RUNS).doc(job.name).set({ data: { lastSlot: prev?.lastSlot ?? -1, lastRunAt: prev?.lastRunAt ?? null, lastOk: true, lastResult: summary, checkpoint: checkpoint ?? null, leaseUntil: new Date(0), runs: (prev?.runs ?? 0) + 1 } });
        out.push({ job: job.name, ran: true, ok: true, result: { ...summary, incomplete: true } });
        continue;
      }
      // Marked done only after it ran: a crash half-way leaves the slot due, and the job,
      // being idempotent, simply runs again at the next tick.
      await db.collection(JOB_RUNS).doc(job.name).set({ data: { lastSlot: slot, lastRunAt: doneUntil ?? now, lastOk: true, lastResult: summary, checkpoint: null, leaseUntil: new Date(0), runs: (prev?.runs ?? 0) + 1 } });
      out.push({ job: job.name, ran: true, ok: true, result: summary });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error('job failed', { job: job.name, error: err instanceof Error ? err.stack ?? message : message });
      await db.collection(JOB_RUNS).doc(job.name).update({ data: { leaseUntil: new Date(0) } });
      out.push({ job: job.name, ran: true, ok: false, error: message });
    }
  }
  return out;
}
