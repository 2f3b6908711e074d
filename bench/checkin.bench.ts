/**
 * `checkin`: the check-in figures of issue 5. `checkin.submit` through the real `api` function
 * and `wx-server-sdk` on the local cloud (in memory, the project's collections and functions)
 * holding a county-sized world: the demo county, 20,000 cadres stationed in its villages and
 * 1,000,000 past check-ins of theirs over the last 60 days.
 *
 * Everything is written through the SDK in batched `add({ data: [...] })` calls of 1,000
 * documents with explicit `_id`s, generated from a seeded PRNG so that every run loads the same
 * world. Past check-ins are built as `submitCheckin` builds them: each in a window of a working
 * day of the default schedule, judged against its village's fence (`fenceDecision`), flagged
 * against the cadre's previous fix (`riskFlags`), late or not (`acceptLateUpload`).
 *
 * Then, with the clock frozen on a working-day morning inside the morning window and moved on
 * a few seconds per call, random cadres check in at their village's centre with a fresh
 * `clientId` each: one cold call (the first `api` call after start: the function instance's
 * village and schedule caches are empty), a warm-up, and the measured calls. Every answer must
 * be `ok` and `inside`.
 */
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import { setLogSink } from '../server/kernel/log';
import { dateKey } from '../server/kernel/clock';
import { db } from '../server/platform/cloud';
import { seedDemo } from '../scripts/demo/seed';
import { DEMO_ORG_UNITS } from '../scripts/demo/data';
import { getUnits } from '../server/features/org/service';
import type { OrgUnit } from '../server/features/org/schema';
import { PEOPLE, stationOf } from '../server/features/people/service';
import type { PersonDoc } from '../server/features/people/schema';
import { CHECKINS } from '../server/features/checkin/service';
import type { CheckinDoc } from '../server/features/checkin/schema';
import { fenceDecision } from '../server/features/checkin/geo';
import { riskFlags, type Fix } from '../server/features/checkin/flags';
import { acceptLateUpload, DEFAULT_CHECKIN_SCHEDULE, windowsOfDay, type WindowInstance } from '../server/features/checkin/schedule';
import { median, percentile, prng, round, type Benchmark, type Figure } from './lib';


/** The demo's villages (each with its fence) and their counties, as seeded: one read of each. */
export async function demoVillages(): Promise<{ villages: OrgUnit[]; counties: Map<string, OrgUnit> }> {
  const ids = DEMO_ORG_UNITS.filter((u) => u.level === 'village').map((u) => u.id);
  const units = await getUnits(ids);
  const villages = ids.map((id) => {
    const unit = units.get(id);
    if (!unit?.fence || !unit.center) throw new Error(`demo village ${id} has no fence or centre`);
    return unit;
  });
  const counties = await getUnits(villages.map((v) => v.path[1]!));
  return { villages, counties };
}

const CADRES = 20_000;
const PAST = 1_000_000;
const PER_CADRE = PAST / CADRES;
const BATCH = 1_000;
const DAYS = 60;
const WARMUP = 200;
const CALLS = 2_000;
/** A Tuesday, a working day; the default morning window is 08:30–10:00. */
const START = '2026-05-12T08:40:00+08:00';
/** Clock step per call: 2,201 calls end at 09:53, still inside the window. */
const STEP_MS = 2_000;
const SEED = 20260512;
const DAY_MS = 86_400_000;
const SINCE = new Date('2026-01-01T00:00:00+08:00');

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建文斌宇浩凯鹏飞鑫波辉健俊峰帅雪琳晨欣怡佳丹婷慧颖梅';

/** The `i`-th bench cadre, stationed in `village` (with its station copied, as `startAssignment` does). */
export function cadre(i: number, village: OrgUnit, county: OrgUnit): PersonDoc {
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! + GIVEN[(i * 7) % GIVEN.length]!;
  return {
    _id: `p-bench-${i}`,
    name,
    // 170 numbers: none of the demo people's (138…) and unique, as the phone index requires.
    phone: String(17_000_000_000 + i),
    title: '驻村工作队员',
    orgUnitId: village._id,
    homePath: village.path,
    openid: `bench-${i}`,
    grants: [{ role: 'cadre', orgUnitId: village._id, path: village.path, kind: 'teamMember', since: SINCE }],
    station: stationOf(village, county),
    active: true,
    createdAt: SINCE,
    updatedAt: SINCE,
  };
}

/** A point `m` metres from `p` on bearing `rad`. */
function offset(p: { lat: number; lng: number }, m: number, rad: number): { lat: number; lng: number } {
  const dLat = (m * Math.cos(rad)) / 111_320;
  const dLng = (m * Math.sin(rad)) / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return { lat: round(p.lat + dLat, 6), lng: round(p.lng + dLng, 6) };
}

/** A cadre's past check-ins, oldest first, built as `submitCheckin` would have recorded them. */
function history(personId: string, village: OrgUnit, slots: readonly WindowInstance[], rand: () => number): CheckinDoc[] {
  const picks = Array.from({ length: PER_CADRE }, () => {
    const slot = slots[Math.floor(rand() * slots.length)]!;
    const open = slot.opensAt.getTime();
    return { slot, capturedAt: new Date(open + Math.floor(rand() * (slot.closesAt.getTime() - open))) };
  }).sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime());
  const out: CheckinDoc[] = [];
  let previous: Fix | null = null;
  for (let k = 0; k < picks.length; k++) {
    const { slot, capturedAt } = picks[k]!;
    // Mostly within 150 m of the centre; 3 % a few kilometres away; 2 % with a poor fix.
    const away = rand() < 0.03;
    const point = offset(village.center!, away ? 1_500 + rand() * 4_000 : rand() * 150, rand() * 2 * Math.PI);
    const accuracy = rand() < 0.02 ? round(150 + rand() * 800, 1) : round(5 + rand() * 55, 1);
    const speed = round(rand() * 1.5, 2);
    const altitude = round(300 + rand() * 300, 1);
    // 1 % kept offline for 15–100 minutes, the rest uploaded within half a minute.
    const receivedAt = new Date(capturedAt.getTime() + (rand() < 0.01 ? (15 + rand() * 85) * 60_000 : 1_000 + rand() * 29_000));
    const fix: Fix = { lat: point.lat, lng: point.lng, accuracy, speed, altitude, capturedAt };
    const decision = fenceDecision(village.fence!, fix);
    const timing = acceptLateUpload(capturedAt, receivedAt, DEFAULT_CHECKIN_SCHEDULE);
    if (!timing.accepted) throw new Error('generated a check-in the server would refuse');
    const clientId = `h-${String(k).padStart(2, '0')}-${Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0')}`;
    out.push({
      _id: `${personId}.${clientId}`,
      personId,
      villageId: village._id,
      villagePath: village.path,
      date: slot.date,
      windowKey: slot.key,
      capturedAt,
      countsAt: timing.countsAt,
      receivedAt,
      lat: point.lat,
      lng: point.lng,
      accuracy,
      speed,
      altitude,
      inside: decision.inside,
      distanceM: Math.round(decision.distanceM * 10) / 10,
      late: timing.late,
      flags: riskFlags(fix, previous, { serverTime: receivedAt, fence: decision }),
      review: null,
    });
    previous = fix;
  }
  return out;
}

/** `add({ data })` of many documents; checks that every one was inserted. */
async function addAll(collection: string, docs: { _id: string }[]): Promise<void> {
  const res = (await db.collection(collection).add({ data: docs })) as { _ids?: string[]; ids?: string[] };
  const ids = res._ids ?? res.ids;
  if (!Array.isArray(ids) || ids.length !== docs.length) throw new Error(`batch insert into ${collection} answered ${JSON.stringify(res).slice(0, 200)}`);
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const checkin: Benchmark = {
  name: 'checkin',
  async run(): Promise<Figure[]> {
    const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined });
    const restoreLog = setLogSink(() => undefined);
    try {
      cloud.applySdkEnv();
      const startMs = Date.parse(START);
      cloud.clock.set(startMs, { frozen: true });

      // ---- the world ---------------------------------------------------------------------------
      const loadStart = performance.now();
      await seedDemo();
      const { villages, counties } = await demoVillages();
      const villageOf = (i: number) => villages[i % villages.length]!;

      const rand = prng(SEED);
      const peopleStart = performance.now();
      for (let i = 0; i < CADRES; i += BATCH) {
        await addAll(PEOPLE, Array.from({ length: Math.min(BATCH, CADRES - i) }, (_, k) => cadre(i + k, villageOf(i + k), counties.get(villageOf(i + k).path[1]!)!)));
      }
      const peopleS = (performance.now() - peopleStart) / 1000;

      // Every window of the working days in the 60 days before today.
      const slots: WindowInstance[] = [];
      for (let d = DAYS; d >= 1; d--) slots.push(...windowsOfDay(DEFAULT_CHECKIN_SCHEDULE, dateKey(startMs - d * DAY_MS)));
      const perBatch = BATCH / PER_CADRE;
      const checkinsStart = performance.now();
      let genMs = 0;
      for (let i = 0; i < CADRES; i += perBatch) {
        const t0 = performance.now();
        const batch: CheckinDoc[] = [];
        for (let k = i; k < Math.min(CADRES, i + perBatch); k++) batch.push(...history(`p-bench-${k}`, villageOf(k), slots, rand));
        genMs += performance.now() - t0;
        await addAll(CHECKINS, batch);
      }
      const checkinsS = (performance.now() - checkinsStart) / 1000;
      const loadS = (performance.now() - loadStart) / 1000;
      const people = (await db.collection(PEOPLE).count()).total;
      const stored = (await db.collection(CHECKINS).count()).total;
      if (stored !== PAST) throw new Error(`local cloud holds ${stored} check-ins, expected ${PAST}`);
      const heapAfterLoad = mb(process.memoryUsage().heapUsed);
      const rssAfterLoad = mb(process.memoryUsage().rss);

      // ---- check-ins ----------------------------------------------------------------------------
      const pick = prng(SEED + 1);
      let n = 0;
      const submit = async (phase: string) => {
        cloud.clock.advance(STEP_MS);
        const i = Math.floor(pick() * CADRES);
        const centre = villageOf(i).center!;
        const input = {
          clientId: `bench-${phase}-${String(++n).padStart(5, '0')}`,
          lat: centre.lat,
          lng: centre.lng,
          accuracy: round(5 + pick() * 35, 1),
          speed: round(pick(), 2),
          altitude: round(300 + pick() * 300, 1),
          capturedAt: cloud.clock.now().toISOString(),
        };
        const t0 = performance.now();
        const { result, invocation } = await cloud.functions.invoke('api', { action: 'checkin.submit', input }, { openid: `bench-${i}` });
        const ms = performance.now() - t0;
        const r = result as { ok?: boolean; data?: { inside?: boolean; repeated?: boolean; window?: { id?: string } | null } } | null;
        if (!r?.ok || r.data?.inside !== true || r.data.repeated !== false || r.data.window?.id !== 'am') {
          throw new Error(`checkin.submit by bench-${i} answered ${JSON.stringify(result).slice(0, 300)}`);
        }
        return { ms, ops: invocation.ops.reads + invocation.ops.writes };
      };

      // The first calls of a fresh instance: no cache holds anything, and none is needed (the
      // station comes with the caller). Every call, cold or warm, must cost at most 3.
      const colds: { ms: number; ops: number }[] = [];
      for (let k = 0; k < 20; k++) colds.push(await submit('c'));
      const cold = { ms: colds[0]!.ms, ops: Math.max(...colds.map((c) => c.ops)) };
      for (let k = 0; k < WARMUP; k++) await submit('w');
      const times: number[] = [];
      const ops: number[] = [];
      const measuredStart = performance.now();
      for (let k = 0; k < CALLS; k++) {
        const r = await submit('m');
        times.push(r.ms);
        ops.push(r.ops);
      }
      const measuredS = (performance.now() - measuredStart) / 1000;
      const maxOps = Math.max(...ops);
      const overThree = ops.filter((o) => o > 3).length;

      const world = `${CADRES.toLocaleString('en')} cadres in ${villages.length} demo villages, ${PAST.toLocaleString('en')} past check-ins over ${DAYS} days`;
      return [
        { metric: 'checkin.submit.p95_ms', value: round(percentile(times, 95), 2), limit: 50, better: 'lower', note: `${CALLS} sequential calls through the api function by random cadres at their village centre, after ${WARMUP} warm-up calls; ${world}` },
        { metric: 'checkin.submit.median_ms', value: round(median(times), 2), better: 'lower', note: `same calls; max ${round(Math.max(...times), 1)} ms, ${round(measuredS, 1)} s in all` },
        { metric: 'checkin.submit.billed_ops', value: maxOps, limit: 3, better: 'lower', note: `reads + writes of one call, the most over the ${CALLS} measured calls (${overThree} above 3)` },
        { metric: 'checkin.submit.billed_ops_cold', value: cold.ops, limit: 3, better: 'lower', note: `the most over the first 20 api calls after start (the first took ${round(cold.ms, 1)} ms), in 20 villages never read by this instance: the village's fence and the county's schedule come copied on the caller's person document` },
        { metric: 'checkin.load.seconds', value: round(loadS, 1), better: 'lower', note: `demo county, then ${CADRES.toLocaleString('en')} people (${round(peopleS, 1)} s) and ${PAST.toLocaleString('en')} check-ins (${round(checkinsS, 1)} s, of which ${round(genMs / 1000, 1)} s generating) through SDK add() of ${BATCH} documents; ${people} people; heap ${heapAfterLoad} MB, rss ${rssAfterLoad} MB after loading` },
      ];
    } finally {
      restoreLog();
      await cloud.stop();
    }
  },
};

export default checkin;
