/**
 * `load`: check-ins under load (issue 12, item 4). 500 distinct cadres of the demo county all
 * call `checkin.submit` at the same moment, in an open window, through the real `api` function
 * and `wx-server-sdk` on the local cloud; 100 of them send their call twice at once (the same
 * `clientId`, as a client that retries while its first call is still under way). Then the
 * window closes and the timer's sweep settles attendance.
 *
 * A call is *lost* when its cadre has no check-in of that `clientId` afterwards, or when its
 * answer is not `ok` (an `internal` or busy answer leaking to the caller counts: the page keeps
 * a pending check-in only on a network failure, and drops it on any answer). A check-in is
 * *doubled* when its cadre holds more than one record for one `clientId` round, or when both
 * calls of a duplicate pair claim to have recorded it (`repeated: false`). Attendance is whole
 * when every cadre's settled record of the window says `present`.
 *
 * The cadres are built as `checkin.bench.ts` builds its world (`cadre()`: a person with the
 * cadre grant and the station copied), written in one batched `add`. `test/load.test.ts` runs
 * one storm in CI; the bench runs a warm-up storm and then several, and reports medians.
 */
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import { setLogSink } from '../server/kernel/log';
import { db, _, $ } from '../server/platform/cloud';
import { seedDemo } from '../scripts/demo/seed';
import { PEOPLE } from '../server/features/people/service';
import { CHECKINS } from '../server/features/checkin/service';
import { ATTENDANCE, closeWindows } from '../server/features/checkin/sweeps';
import { DEFAULT_CHECKIN_SCHEDULE } from '../server/features/checkin/schedule';
import { cadre, demoVillages } from './checkin.bench';
import { median, percentile, prng, round, type Benchmark, type Figure } from './lib';

export const LOAD_CADRES = 500;
export const LOAD_DUPLICATES = 100;
/** A Tuesday, a working day, inside the default morning window (08:30–10:00). */
export const LOAD_AT = '2026-05-12T08:40:00+08:00';
const WINDOW_KEY = '2026-05-12:am';

export interface LoadWorld {
  /** The cadres: openid `bench-<i>`, person id `p-bench-<i>`, each at their village's centre. */
  cadres: { openid: string; personId: string; at: { lat: number; lng: number } }[];
}

/**
 * The demo county with `n` cadres stationed round-robin in its villages, on `cloud` (whose SDK
 * environment is applied), the clock frozen at `LOAD_AT`.
 */
export async function loadWorld(cloud: LocalCloud, n = LOAD_CADRES): Promise<LoadWorld> {
  cloud.clock.set(LOAD_AT, { frozen: true });
  await seedDemo();
  const { villages, counties } = await demoVillages();
  const people = Array.from({ length: n }, (_, i) => {
    const v = villages[i % villages.length]!;
    return cadre(i, v, counties.get(v.path[1]!)!);
  });
  for (let i = 0; i < people.length; i += 1000) {
    const batch = people.slice(i, i + 1000);
    const res = (await db.collection(PEOPLE).add({ data: batch })) as { _ids?: string[] };
    if (res._ids?.length !== batch.length) throw new Error(`batch insert of people answered ${JSON.stringify(res).slice(0, 200)}`);
  }
  return { cadres: people.map((p, i) => ({ openid: p.openid!, personId: p._id, at: villages[i % villages.length]!.center! })) };
}

export interface StormResult {
  calls: number;
  /** Calls whose answer was not `ok`, by code. */
  errors: Record<string, number>;
  /** Calls whose check-in is not recorded (or whose answer was not `ok`). */
  lost: number;
  /** Records beyond one per `clientId`, plus duplicate pairs both claiming the first record. */
  doubled: number;
  latenciesMs: number[];
  seconds: number;
}

interface SubmitAnswer {
  ok?: boolean;
  code?: string;
  data?: { id?: string; inside?: boolean; repeated?: boolean; window?: { id?: string } | null };
}

/**
 * Every cadre of `world` submits one check-in at once (`round` names their `clientId`s), and
 * `duplicates` of them (spread over the list) send the same call a second time alongside.
 * The clock moves on by a second per round, still inside the window.
 */
export async function checkinStorm(cloud: LocalCloud, world: LoadWorld, round: string, duplicates = LOAD_DUPLICATES): Promise<StormResult> {
  cloud.clock.advance(1_000);
  const rand = prng(round.length * 7919 + round.charCodeAt(round.length - 1));
  const capturedAt = cloud.clock.now().toISOString();
  const inputOf = (i: number) => {
    const c = world.cadres[i]!;
    return { clientId: `load-${round}-${String(i).padStart(4, '0')}`, lat: c.at.lat, lng: c.at.lng, accuracy: round2(5 + rand() * 35), capturedAt };
  };
  const inputs = world.cadres.map((_, i) => inputOf(i));
  const step = Math.max(1, Math.floor(world.cadres.length / Math.max(1, duplicates)));
  const twice = new Set(Array.from({ length: Math.min(duplicates, world.cadres.length) }, (_, k) => k * step));
  const calls = [...inputs.map((input, i) => ({ i, input })), ...[...twice].map((i) => ({ i, input: inputs[i]! }))];
  // Shuffled (seeded), so that a duplicate does not always start right behind its first call.
  for (let k = calls.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [calls[k], calls[j]] = [calls[j]!, calls[k]!];
  }

  const t0 = performance.now();
  const answers = await Promise.all(
    calls.map(async ({ i, input }) => {
      const started = performance.now();
      const { result } = await cloud.functions.invoke('api', { action: 'checkin.submit', input }, { openid: world.cadres[i]!.openid });
      return { i, answer: result as SubmitAnswer, ms: performance.now() - started };
    }),
  );
  const seconds = (performance.now() - t0) / 1000;

  const errors: Record<string, number> = {};
  const failed = new Set<number>();
  const firsts = new Map<number, number>();
  for (const { i, answer } of answers) {
    const good = answer?.ok === true && answer.data?.id === `${world.cadres[i]!.personId}.${inputs[i]!.clientId}` && answer.data.inside === true && answer.data.window?.id === 'am';
    if (!good) {
      const code = answer?.ok ? 'wrong_answer' : answer?.code ?? 'no_answer';
      errors[code] = (errors[code] ?? 0) + 1;
      failed.add(i);
    } else if (answer.data!.repeated === false) firsts.set(i, (firsts.get(i) ?? 0) + 1);
  }

  // What the database holds for this round: one record per cadre, by (person, clientId).
  const ids = inputs.map((input, i) => `${world.cadres[i]!.personId}.${input.clientId}`);
  const held = new Map<string, number>();
  for (let k = 0; k < ids.length; k += 1000) {
    const { data } = await db.collection(CHECKINS).where({ _id: _.in(ids.slice(k, k + 1000)) }).field({ _id: true, personId: true }).limit(1000).get<{ _id: string; personId: string }>();
    for (const d of data) held.set(d._id, (held.get(d._id) ?? 0) + 1);
  }
  const prefix = `load-${round}-`;
  const { list: perPerson } = await db
    .collection(CHECKINS)
    .aggregate()
    .match({ windowKey: WINDOW_KEY, personId: _.in(world.cadres.map((c) => c.personId)) })
    .group({ _id: '$personId', ids: $.push('$_id') })
    .limit(world.cadres.length + 1)
    .end<{ _id: string; ids: string[] }>();
  let extra = 0;
  for (const g of perPerson) extra += Math.max(0, g.ids.filter((id) => id.includes(`.${prefix}`)).length - 1);
  let lost = 0;
  ids.forEach((id, i) => {
    if (!held.get(id) || failed.has(i)) lost += 1;
  });
  const claimedTwice = [...firsts.values()].filter((n) => n > 1).length;
  return { calls: calls.length, errors, lost, doubled: extra + claimedTwice, latenciesMs: answers.map((a) => a.ms), seconds };
}

/**
 * Close the morning window as the timer's sweep does, and count the cadres whose settled
 * attendance of it is not `present` (absent, or recorded otherwise).
 */
export async function attendanceGaps(cloud: LocalCloud, world: LoadWorld): Promise<{ missing: number; statuses: Record<string, number> }> {
  // The sweep settles a window once late uploads of it can no longer arrive.
  const closes = Date.parse('2026-05-12T10:00:00+08:00');
  const settledAt = new Date(closes + (DEFAULT_CHECKIN_SCHEDULE.lateUploadMaxMin + 1) * 60_000);
  cloud.clock.set(settledAt, { frozen: true });
  await closeWindows(new Date(settledAt.getTime() - 2 * 60_000), settledAt);
  const statuses: Record<string, number> = {};
  let present = 0;
  const ids = world.cadres.map((c) => `${c.personId}.2026-05-12.am`);
  for (let k = 0; k < ids.length; k += 1000) {
    const { data } = await db.collection(ATTENDANCE).where({ _id: _.in(ids.slice(k, k + 1000)) }).limit(1000).get<{ status: string }>();
    for (const d of data) {
      statuses[d.status] = (statuses[d.status] ?? 0) + 1;
      if (d.status === 'present') present += 1;
    }
  }
  return { missing: world.cadres.length - present, statuses };
}

const round2 = (x: number) => round(x, 1);
const ROUNDS = 5;

const load: Benchmark = {
  name: 'load',
  async run(): Promise<Figure[]> {
    const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined });
    const restoreLog = setLogSink(() => undefined);
    // The SDK warns of every request slower than 3 s: with 600 invocations in one process, many.
    const warn = console.warn;
    let slowRequests = 0;
    console.warn = (...args: unknown[]) => {
      if (String(args[0]).includes('is longer than 3s')) slowRequests += 1;
      else warn(...args);
    };
    try {
      cloud.applySdkEnv();
      const world = await loadWorld(cloud);
      await checkinStorm(cloud, world, 'warm');
      const storms: StormResult[] = [];
      for (let r = 0; r < ROUNDS; r++) storms.push(await checkinStorm(cloud, world, `r${r}`));
      const gaps = await attendanceGaps(cloud, world);
      const calls = storms.reduce((s, x) => s + x.calls, 0);
      const lost = storms.reduce((s, x) => s + x.lost, 0);
      const doubled = storms.reduce((s, x) => s + x.doubled, 0);
      const errors: Record<string, number> = {};
      for (const s of storms) for (const [k, v] of Object.entries(s.errors)) errors[k] = (errors[k] ?? 0) + v;
      const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
      const all = storms.flatMap((s) => s.latenciesMs);
      const p50s = storms.map((s) => percentile(s.latenciesMs, 50));
      const p95s = storms.map((s) => percentile(s.latenciesMs, 95));
      const seconds = storms.map((s) => s.seconds);
      const each = `${LOAD_CADRES} cadres of the demo county at once, ${LOAD_DUPLICATES} of them sending their call twice at once (same clientId): ${LOAD_CADRES + LOAD_DUPLICATES} concurrent api invocations a storm, ${ROUNDS} storms after a warm-up`;
      return [
        { metric: 'load.checkin.calls', value: calls, better: 'higher', note: each },
        { metric: 'load.checkin.lost', value: lost, limit: 0, better: 'lower', note: 'calls with no check-in recorded for their clientId, or answered other than ok' },
        { metric: 'load.checkin.doubled', value: doubled, limit: 0, better: 'lower', note: 'records beyond one per clientId, and duplicate pairs where both calls answered repeated: false' },
        { metric: 'load.checkin.errors', value: errorCount, limit: 0, better: 'lower', note: `answers other than ok, by code: ${JSON.stringify(errors)}` },
        { metric: 'load.checkin.p50_ms', value: round(median(p50s), 1), better: 'lower', note: `median over the storms of each storm's median latency of a call (invoke to answer, all calls in flight together); over all calls ${round(percentile(all, 50), 1)} ms` },
        { metric: 'load.checkin.p95_ms', value: round(median(p95s), 1), better: 'lower', note: `median over the storms of each storm's 95th percentile; the slowest call ${round(Math.max(...all), 1)} ms (the api function's timeout is 20 s); ${slowRequests} SDK requests took over 3 s, the warm-up storm included` },
        { metric: 'load.checkin.seconds', value: round(median(seconds), 2), better: 'lower', note: `median wall time of one storm, first call to last answer (min ${round(Math.min(...seconds), 2)} s, max ${round(Math.max(...seconds), 2)} s)` },
        { metric: 'load.attendance.missing', value: gaps.missing, limit: 0, better: 'lower', note: `cadres whose settled record of the window is not present after the window-close sweep: ${JSON.stringify(gaps.statuses)}` },
      ];
    } finally {
      console.warn = warn;
      restoreLog();
      await cloud.stop();
    }
  },
};

export default load;
