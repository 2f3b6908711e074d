/**
 * `spotcheck`: the spot-check figures of issue 6.
 * - Drawing 500 cadres from a scope of N = 100,000 and issuing them, through the real `api`
 *   function: at most ⌈N/1000⌉ + 10 reads, writes batched (no per-cadre loop).
 * - The timer's expiry sweep over 100,000 open requests: at most ⌈N/1000⌉ + 5 reads, each
 *   invocation under 60 s (checkpointed when it would run longer).
 * - The ladder over the 100,000 misses that sweep closed (no limit named; reported).
 *
 * The world, in memory on the local cloud through the real SDK: the demo county and 100,000
 * more cadres stationed in 花垣县's villages (with their copied stations), loaded in batched
 * `add()` calls of 1,000.
 */
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import { setLogSink } from '../server/kernel/log';
import { dateKey } from '../server/kernel/clock';
import { db } from '../server/platform/cloud';
import { seedDemo } from '../scripts/demo/seed';
import { PEOPLE, stationOf } from '../server/features/people/service';
import type { PersonDoc } from '../server/features/people/schema';
import type { OrgUnit } from '../server/features/org/schema';
import { SPOTCHECKS, climbLadder, closeExpired } from '../server/features/spotcheck/service';
import type { SpotCheckDoc } from '../server/features/spotcheck/schema';
import { round, type Benchmark, type Figure } from './lib';

const N = 100_000;
const DRAW = 500;
const BATCH = 1_000;
const SINCE = new Date('2026-01-01T00:00:00+08:00');
const ISSUE_AT = '2026-05-12T10:00:00+08:00';
/** What a tick allows its jobs (server/features/checkin/sweeps.ts SWEEP_BUDGET_MS). */
const BUDGET_MS = 45_000;

async function asTheTimerRunsIt(cloud: LocalCloud, run: () => Promise<{ incomplete?: boolean; closed?: number; raised?: number }>) {
  const reads = cloud.database.ops.reads;
  const writes = cloud.database.ops.writes;
  const seconds: number[] = [];
  let total = 0;
  for (;;) {
    const t0 = performance.now();
    const r = await run();
    seconds.push((performance.now() - t0) / 1000);
    total += r.closed ?? r.raised ?? 0;
    if (!r.incomplete) break;
    cloud.clock.advance(60_000);
  }
  return { reads: cloud.database.ops.reads - reads, writes: cloud.database.ops.writes - writes, seconds, total };
}

const spotcheck: Benchmark = {
  name: 'spotcheck',
  async run(): Promise<Figure[]> {
    const restoreLog = setLogSink(() => undefined);
    const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined });
    try {
      cloud.applySdkEnv();
      cloud.clock.set(ISSUE_AT, { frozen: true });
      await seedDemo();
      const { data: villages } = await db.collection('orgUnits').where({ level: 'village', path: 'county-huayuan' }).limit(100).get<OrgUnit>();
      const county = (await db.collection('orgUnits').doc('county-huayuan').get<OrgUnit>()).data!;

      const loadStart = performance.now();
      for (let done = 0; done < N; done += BATCH) {
        const people: PersonDoc[] = [];
        for (let i = done; i < Math.min(N, done + BATCH); i++) {
          const v = villages[i % villages.length]!;
          people.push({ _id: `p-spot-${String(i).padStart(6, '0')}`, name: `驻村干部${i}`, phone: `1580${String(i).padStart(7, '0')}`, title: '驻村工作队员', orgUnitId: v._id, homePath: v.path, openid: `spot-${i}`, grants: [{ role: 'cadre', orgUnitId: v._id, path: v.path, kind: 'teamMember', since: SINCE }], station: stationOf(v, county), active: true, createdAt: SINCE, updatedAt: SINCE });
        }
        await db.collection(PEOPLE).add({ data: people });
      }
      const inScope = (await db.collection(PEOPLE).where({ 'grants.path': 'county-huayuan', 'grants.role': 'cadre', active: true }).count()).total;
      const loadSeconds = (performance.now() - loadStart) / 1000;

      // ---- the draw --------------------------------------------------------------------------
      const t0 = performance.now();
      const { result, invocation } = await cloud.functions.invoke('api', { action: 'spotCheck.issue', input: { unitId: 'county-huayuan', requestId: 'bench-draw-0001', draw: { count: DRAW } } }, { openid: 'demo-hy-staff' });
      const issueMs = performance.now() - t0;
      const r = result as { ok: boolean; data?: { issued: unknown[]; drawId: string } };
      if (!r.ok || r.data?.issued.length !== DRAW) throw new Error(`spotCheck.issue answered ${JSON.stringify(result).slice(0, 300)}`);
      const v0 = performance.now();
      const verify = await cloud.functions.invoke('api', { action: 'spotCheck.verifyDraw', input: { drawId: r.data.drawId } }, { openid: 'demo-hy-staff' });
      const verifyMs = performance.now() - v0;
      const vr = verify.result as { ok: boolean; data?: { matches: boolean; eligibleCount: number } };
      if (!vr.ok || !vr.data?.matches) throw new Error(`verifyDraw answered ${JSON.stringify(verify.result).slice(0, 300)}`);
      const drawBudget = Math.ceil(inScope / 1000) + 10;

      // ---- the expiry sweep over 100,000 open requests ------------------------------------------
      const issuedAt = new Date(ISSUE_AT);
      for (let done = 0; done < N; done += BATCH) {
        const docs: SpotCheckDoc[] = [];
        for (let i = done; i < Math.min(N, done + BATCH); i++) {
          const v = villages[i % villages.length]!;
          const personId = `p-spot-${String(i).padStart(6, '0')}`;
          docs.push({ _id: `b-bench.${personId}`, batchId: 'b-bench', drawId: null, personId, personName: `驻村干部${i}`, openid: `spot-${i}`, villageId: v._id, villageName: v.name, villagePath: v.path, issuedById: 'p-hy-staff', issuedByName: '石慧敏', issuedAt, deadline: new Date(issuedAt.getTime() + 30 * 60_000), date: dateKey(issuedAt), month: '2026-05', note: '', status: 'open', answer: null, closedAt: null, call: null });
        }
        await db.collection(SPOTCHECKS).add({ data: docs });
      }
      const open = (await db.collection(SPOTCHECKS).where({ status: 'open' }).count()).total;
      cloud.clock.set('2026-05-12T11:00:00+08:00', { frozen: true });
      const close = await asTheTimerRunsIt(cloud, () => closeExpired(cloud.clock.now(), { deadline: Date.now() + BUDGET_MS }));
      if (close.total !== open) throw new Error(`expected ${open} closed, closed ${close.total}`);
      const closeBudget = Math.ceil(open / 1000) + 5;

      // ---- the ladder over those misses -----------------------------------------------------------
      const ladder = await asTheTimerRunsIt(cloud, () => climbLadder(new Date('2026-05-12T10:59:00+08:00'), cloud.clock.now(), { deadline: Date.now() + BUDGET_MS }));

      return [
        { metric: 'spotcheck.draw.reads', value: invocation.ops.reads, limit: drawBudget, better: 'lower', note: `spotCheck.issue drawing ${DRAW} from a county of N = ${inScope} stationed cadres, through the api function; limit ⌈N/1000⌉ + 10; ${round(issueMs / 1000, 1)} s` },
        { metric: 'spotcheck.draw.writes', value: invocation.ops.writes, limit: 10, better: 'lower', note: `the same call: the eligible list in chunks of 10,000 ids, the draw record, the ${DRAW} requests in one add, the audit entry` },
        { metric: 'spotcheck.draw.verify_ms', value: round(verifyMs, 1), better: 'lower', note: `spotCheck.verifyDraw recomputing the draw from its ${vr.data.eligibleCount} stored eligible ids (${verify.invocation.ops.reads} reads)` },
        { metric: 'spotcheck.expire.reads', value: close.reads, limit: closeBudget, better: 'lower', note: `the expiry sweep over ${open} open requests past their deadline; limit ⌈N/1000⌉ + 5; all invocations together (${close.writes} writes: an inquiry per miss, added 1,000 at a time, and the statuses)` },
        { metric: 'spotcheck.expire.invocation_seconds', value: round(Math.max(...close.seconds)), limit: 60, better: 'lower', note: `the longest of ${close.seconds.length} checkpointed invocations (${close.seconds.map((x) => round(x, 1)).join(' + ')} s)` },
        { metric: 'spotcheck.ladder.reads', value: ladder.reads, better: 'lower', note: `the ladder over the ${close.total} misses just closed (two reads per 1,000: the misses, and each cadre's misses in the period); ${ladder.seconds.length} invocation(s), the longest ${round(Math.max(...ladder.seconds), 1)} s` },
        { metric: 'spotcheck.load.seconds', value: round(loadSeconds), better: 'lower', note: `${N} cadres through SDK add() of ${BATCH}` },
      ];
    } finally {
      await cloud.stop();
      restoreLog();
    }
  },
};

export default spotcheck;
