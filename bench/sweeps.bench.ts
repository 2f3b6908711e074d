/**
 * `sweeps`: the timer's check-in sweeps over N = 100,000 cadres (issue 5, "Figures"): the
 * reminder sweep and the window-close sweep must each make at most ⌈N/1000⌉ + 5 reads and run
 * in under 60 s of the local cloud's time.
 *
 * The world, in memory on the local cloud through the real SDK: the demo county, 100,000 more
 * cadres stationed in its villages, each with a banked reminder grant (in our bank and in the
 * local WeChat outbox), and 60,000 of them checked in during the morning window. The sweeps run
 * as the tick function runs them, in this process, with the clock at the slots where they fall.
 */
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import { setLogSink } from '../server/kernel/log';
import { db } from '../server/platform/cloud';
import { seedDemo } from '../scripts/demo/seed';
import { PEOPLE } from '../server/features/people/service';
import type { PersonDoc } from '../server/features/people/schema';
import { CHECKINS } from '../server/features/checkin/service';
import type { CheckinDoc } from '../server/features/checkin/schema';
import { SUBSCRIPTIONS, type SubscriptionDoc } from '../server/features/notify/service';
import { templateId } from '../server/features/notify/templates';
import { closeWindows, sendReminders } from '../server/features/checkin/sweeps';
import { round, type Benchmark, type Figure } from './lib';

const N = 100_000;
const CHECKED_IN = 60_000;
const BATCH = 1_000;
const SINCE = new Date('2026-01-01T00:00:00+08:00');

function village(i: number, villages: { _id: string; path: string[] }[]) {
  return villages[i % villages.length]!;
}

/**
 * Run a sweep as the tick does: while it answers `incomplete`, the next tick (a minute later)
 * runs it again from its checkpoint. Counts the reads of all runs and times each.
 */
async function asTheTimerRunsIt(
  cloud: LocalCloud,
  run: (checkpoint: Record<string, unknown> | undefined) => Promise<{ incomplete?: boolean; checkpoint?: Record<string, unknown>; sent?: number; records?: number }>,
): Promise<{ reads: number; seconds: number[]; total: number }> {
  const reads = cloud.database.ops.reads;
  const seconds: number[] = [];
  let total = 0;
  let checkpoint: Record<string, unknown> | undefined;
  for (;;) {
    const t0 = performance.now();
    const r = await run(checkpoint);
    seconds.push((performance.now() - t0) / 1000);
    total += r.sent ?? r.records ?? 0;
    if (!r.incomplete) break;
    checkpoint = r.checkpoint;
    cloud.clock.advance(60_000);
  }
  return { reads: cloud.database.ops.reads - reads, seconds, total };
}

const sweeps: Benchmark = {
  name: 'sweeps',
  async run(): Promise<Figure[]> {
    const restoreLog = setLogSink(() => undefined);
    const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined });
    try {
      cloud.applySdkEnv();
      cloud.clock.set('2026-05-12T07:00:00+08:00', { frozen: true });
      await seedDemo();
      const { data: villages } = await db.collection('orgUnits').where({ level: 'village' }).limit(100).get<{ _id: string; path: string[] }>();

      const loadStart = performance.now();
      const template = templateId('checkinReminder');
      for (let done = 0; done < N; done += BATCH) {
        const people: PersonDoc[] = [];
        const subs: SubscriptionDoc[] = [];
        for (let i = done; i < Math.min(N, done + BATCH); i++) {
          const v = village(i, villages);
          const id = `p-sweep-${String(i).padStart(6, '0')}`;
          const openid = `sweep-${i}`;
          people.push({ _id: id, name: `驻村干部${i}`, phone: `1590${String(i).padStart(7, '0')}`, title: '驻村工作队员', orgUnitId: v._id, homePath: v.path, openid, grants: [{ role: 'cadre', orgUnitId: v._id, path: v.path, kind: 'teamMember', since: SINCE }], active: true, createdAt: SINCE, updatedAt: SINCE });
          subs.push({ _id: `${id}.checkinReminder`, personId: id, openid, template: 'checkinReminder', count: 1, villageId: v._id, villageName: '十八洞村', countyId: v.path[1]!, reminded: null, updatedAt: SINCE });
          cloud.messages.grant(openid, template, 1);
        }
        await db.collection(PEOPLE).add({ data: people });
        await db.collection(SUBSCRIPTIONS).add({ data: subs });
      }
      const cadreTotal = (await db.collection(PEOPLE).where({ 'grants.role': 'cadre', active: true }).count()).total;
      const budget = Math.ceil(cadreTotal / 1000) + 5;

      // The reminder slot of the morning window: 08:15.
      cloud.clock.set('2026-05-12T08:15:20+08:00', { frozen: true });
      const remind = await asTheTimerRunsIt(cloud, (checkpoint) => sendReminders(new Date('2026-05-12T08:14:20+08:00'), cloud.clock.now(), { checkpoint }));
      if (remind.total !== N) throw new Error(`expected ${N} reminders, sent ${remind.total}`);

      // 60,000 check in during the window (written as checkin.submit writes them).
      cloud.clock.set('2026-05-12T09:00:00+08:00', { frozen: true });
      for (let done = 0; done < CHECKED_IN; done += BATCH) {
        const docs: CheckinDoc[] = [];
        for (let i = done; i < Math.min(CHECKED_IN, done + BATCH); i++) {
          const v = village(i, villages);
          const at = new Date(Date.parse('2026-05-12T08:35:00+08:00') + (i % 5000) * 1000);
          const inside = i % 10 !== 0;
          docs.push({ _id: `p-sweep-${String(i).padStart(6, '0')}.bench-${i}`, personId: `p-sweep-${String(i).padStart(6, '0')}`, villageId: v._id, villagePath: v.path, date: '2026-05-12', windowKey: '2026-05-12:am', capturedAt: at, countsAt: at, receivedAt: at, lat: 28.38, lng: 109.55, accuracy: 20, speed: null, altitude: null, inside, distanceM: inside ? 0 : 900, late: false, flags: [], review: null });
        }
        await db.collection(CHECKINS).add({ data: docs });
      }
      const loadSeconds = (performance.now() - loadStart) / 1000;

      // The close slot: the window ends at 10:00 and settles when the offline tolerance (120 min) has passed.
      cloud.clock.set('2026-05-12T12:00:20+08:00', { frozen: true });
      const close = await asTheTimerRunsIt(cloud, (checkpoint) => closeWindows(new Date('2026-05-12T11:59:20+08:00'), cloud.clock.now(), { checkpoint }));
      if (close.total !== cadreTotal) throw new Error(`expected ${cadreTotal} attendance records, wrote ${close.total}`);

      const note = `N = ${cadreTotal} active cadres (100,000 + the demo county's); limit ⌈N/1000⌉ + 5`;
      return [
        { metric: 'sweep.remind.reads', value: remind.reads, limit: budget, better: 'lower', note: `${note}; all invocations together` },
        { metric: 'sweep.remind.invocation_seconds', value: round(Math.max(...remind.seconds)), limit: 60, better: 'lower', note: `the longest of ${remind.seconds.length} checkpointed invocations (${remind.seconds.map((x) => round(x, 1)).join(' + ')} s); ${remind.total} reminders sent through subscribeMessage.send and their grants spent` },
        { metric: 'sweep.close.reads', value: close.reads, limit: budget, better: 'lower', note: `${note}; all invocations together` },
        { metric: 'sweep.close.invocation_seconds', value: round(Math.max(...close.seconds)), limit: 60, better: 'lower', note: `the longest of ${close.seconds.length} checkpointed invocations (${close.seconds.map((x) => round(x, 1)).join(' + ')} s); ${close.total} attendance records written` },
        { metric: 'sweep.load.seconds', value: round(loadSeconds), better: 'lower', note: `${N} cadres with a banked grant, ${CHECKED_IN} check-ins, through SDK add() of ${BATCH}` },
      ];
    } finally {
      await cloud.stop();
      restoreLog();
    }
  },
};

export default sweeps;
