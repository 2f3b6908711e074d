/**
 * `complaint`: the intake figures of issue 9 ("Figures"): 1,200 complaints in an hour for one
 * township with the overdue sweep running; no lost complaint, `complaint.raise` p95 under 50 ms
 * on the local cloud, the overdue sweep O(N/1000) reads.
 *
 * The world, in memory on the local cloud through the real SDK: the demo, with 吕洞山镇's five
 * villages' groups bound by their 村群管理员 (`people.grantRole` by the township's staff where the
 * demo has none, then `village.bindGroup` with a group cloudID issued to her), 600 villagers who
 * came in from those groups (`village.enter` with a cloudID issued to each), some with photos
 * uploaded to their folder, and a background of 27,000 complaints of the township already
 * dispatched to the county's departments, built as `dispatch` and the sweep leave them:
 *   A 10,000 warned, due Tuesday 12 May 18:00 (overdue at the 18:00 sweep);
 *   B 10,000 due Wednesday 13 May 18:00 (warned at the 18:00 sweep, overdue a day later);
 *   C  2,000 overdue, handed to discipline staff at Tuesday 18:00 (escalated at the 18:00 sweep);
 *   D  5,000 idle (due later, answered and waiting for their rating, closed).
 *
 * The hour, Tuesday 12 May 17:30–18:30 (the deadlines fall at 18:00), on the frozen clock: it
 * moves at real time whenever anything runs (a call, a tick), so that what overlaps overlaps for
 * as long as it would, and jumps to the next event whenever nothing does (the hour takes its busy
 * seconds, not 3,600). 1,200 complaints by random villagers at random moments, a third of them in
 * a rush in the five minutes after 18:00 (a notice in the groups), when the heavy sweep runs;
 * those falling in the same two seconds are sent together; 4 % are sent twice at once (a double
 * tap), 4 % again after their answer (a retry after a lost answer), with the same `clientId`.
 * Every call goes through the real `api` function:
 * `cloud.functions.invoke('village', { action: 'complaint.raise', input }, { openid })`. The `tick`
 * function fires every minute of the hour with the event CloudBase's timer trigger hands it,
 * concurrently with the calls; its `complaint.sweep` job runs each quarter hour, the 18:00 one
 * moving 22,000 complaints (this process runs it beside the api function, on one event loop,
 * where CloudBase would give the tick an instance of its own: the calls it overlaps wait for it).
 *
 * Then the sweep's reads, alone: Wednesday 18:00:30, when B's 10,000 fall overdue, `sweep()` as
 * the job runs it, with nothing else running, its billed reads counted; and once more with
 * nothing due, over the whole collection.
 */
import { functionOf } from '../miniprogram/api/routes';
import { createHash } from 'node:crypto';
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import { setLogSink } from '../server/kernel/log';
import { db, _, storage } from '../server/platform/cloud';
import { seedDemo } from '../scripts/demo/seed';
import type { OrgUnit } from '../server/features/org/schema';
import { COMPLAINTS, photoFolder, sweep } from '../server/features/complaint/service';
import { timesFor } from '../server/features/complaint/rules';
import { CATEGORIES, DEFAULT_COMPLAINT_RULES, type Category, type ComplaintDoc, type Dept, type Step, type StepKind } from '../server/features/complaint/schema';
import { JOB_RUNS } from '../server/kernel/jobs';
import { templateId } from '../server/features/notify/templates';
import { median, percentile, prng, profiled, round, type Benchmark, type Figure } from './lib';

const TOWN = 'town-lvdongshan';
const TOWN_STAFF = 'demo-ld-staff';
const GROUP_ADMIN = { openid: 'demo-ga-lvdongshan', id: 'p-ga-lvdongshan' };
/** Who the sweep reminds: the county's two departments, the township's staff, the county's discipline staff. */
const HANDLERS = ['demo-bj-dept-police', 'demo-bj-dept-agri', TOWN_STAFF, 'demo-bj-discipline'];
const VILLAGERS = 600;
const INTAKE = 1_200;
const WARMUP = 100;
const BATCH = 1_000;
const SEED = 20260512;
const HOUR_START = Date.parse('2026-05-12T17:30:00+08:00');
const HOUR_MS = 3_600_000;
/** A third of the hour's complaints come in the five minutes after 18:00. */
const RUSH = { start: Date.parse('2026-05-12T18:00:00+08:00'), ms: 5 * 60_000, share: 1 / 3 };
/** Complaints sent within this many simulated milliseconds of each other go together. */
const BURST_MS = 2_000;
const DOUBLE = 0.04;
const RETRY = 0.04;
/** Where the sweep's reads are counted alone: B falls overdue. */
const MEASURE_AT = '2026-05-13T18:00:30+08:00';
const BACKGROUND = { A: 10_000, B: 10_000, C: 2_000, D: 5_000 } as const;

const TEXTS = [
  '村口的路灯坏了两个月，晚上看不见路',
  '自来水管冻裂了，三天没有水用',
  '低保申请交上去一个月了没有消息',
  '村道边的护栏被撞坏了，很危险',
  '希望村里多组织几次防诈骗宣传',
  '村务公开栏好久没有更新了',
  '群里有人传谣说要征地拆迁，大家很担心',
  '垃圾站的垃圾好几天没人清运，味道很大',
  '医保缴费的事情不清楚去哪里办',
  '河边的护坡被水冲垮了一段',
  '村卫生室经常没有人',
  '产业补贴什么时候发放',
];

const hash24 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

interface Villager {
  openid: string;
  village: OrgUnit;
  photos: string[];
}

interface RaiseCall {
  villager: Villager;
  input: Record<string, unknown>;
  kind: 'first' | 'double' | 'retry';
  key: string;
}

/** One background complaint, as `raise`, `dispatch` and the sweep would have left it. */
function background(i: number, gen: keyof typeof BACKGROUND, village: OrgUnit, dept: Dept, rand: () => number): ComplaintDoc {
  const plan: Record<typeof gen, { from: string; category: Category; stage: number; extra: StepKind[] }> = {
    A: { from: '2026-05-06T10:00:00+08:00', category: 'service', stage: 1, extra: ['warn'] },
    B: { from: '2026-05-07T10:00:00+08:00', category: 'service', stage: 0, extra: [] },
    C: { from: '2026-05-07T10:00:00+08:00', category: 'opinion', stage: 2, extra: ['warn', 'overdue'] },
    D: { from: '2026-05-11T10:00:00+08:00', category: 'education', stage: 0, extra: [] },
  };
  const p = plan[gen];
  const dispatchedAt = new Date(p.from);
  const raisedAt = new Date(dispatchedAt.getTime() - 3_600_000);
  const times = timesFor(dispatchedAt, DEFAULT_COMPLAINT_RULES.categories[p.category].days, DEFAULT_COMPLAINT_RULES);
  const step = (kind: StepKind, at: Date, byName: string, note = ''): Step => ({ kind, at, byName, unitName: kind === 'raise' ? village.name : '吕洞山镇', note });
  const steps = [step('raise', raisedAt, '村民'), step('accept', dispatchedAt, '龙春花'), step('dispatch', dispatchedAt, '龙春花', `${dept.unitName}${dept.name}`), ...p.extra.map((k) => step(k, dispatchedAt, '系统'))];
  const openid = `bench-old-${i}`;
  // D: a third still with the department, a third answered (waiting for the villager's rating until next week), a third closed.
  const idle = gen === 'D' ? i % 3 : -1;
  const answered = idle >= 1;
  const answer = answered ? { text: '已处理', photoFileIds: [], byName: '梁志刚', unitName: dept.name, at: new Date('2026-05-11T15:00:00+08:00'), onTime: true } : null;
  return {
    _id: `cp-${hash24(`${openid}:bg`)}`,
    openid,
    villageId: village._id,
    villageName: village.name,
    villagePath: village.path,
    text: TEXTS[Math.floor(rand() * TEXTS.length)]!,
    photoFileIds: [],
    location: null,
    suggested: p.category,
    category: p.category,
    about: null,
    aboutPersonId: null,
    confidential: false,
    contact: null,
    status: idle === 1 ? 'answered' : idle === 2 ? 'closed' : 'dispatched',
    dept,
    dispatchedAt,
    ...times,
    rateBy: idle === 1 ? new Date('2026-05-18T15:00:00+08:00') : null,
    stage: p.stage,
    overdue: p.stage >= 2,
    extension: null,
    answer,
    rating: idle === 2 ? { value: 'satisfied', comment: '', at: new Date('2026-05-11T16:00:00+08:00') } : null,
    reopened: 0,
    steps: answered ? [...steps, step('answer', answer!.at, '梁志刚')] : steps,
    month: '2026-05',
    raisedAt,
    updatedAt: dispatchedAt,
    closedAt: idle === 2 ? new Date('2026-05-11T16:00:00+08:00') : null,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const complaint: Benchmark = {
  name: 'complaint',
  async run(): Promise<Figure[]> {
    const restoreLog = setLogSink(() => undefined);
    const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined });
    const api = async (action: string, input: unknown, openid: string) => {
      const { result, invocation } = await cloud.functions.invoke(functionOf(action), { action, input }, { openid });
      return { r: result as { ok: boolean; code?: string; message?: string; data?: any }, invocation };
    };
    const must = async (action: string, input: unknown, openid: string) => {
      const { r } = await api(action, input, openid);
      if (!r.ok) throw new Error(`${action} by ${openid} answered ${JSON.stringify(r).slice(0, 300)}`);
      return r.data;
    };
    try {
      cloud.applySdkEnv();
      cloud.clock.set('2026-05-12T16:50:00+08:00', { frozen: true });
      const loadStart = performance.now();
      await seedDemo();
      const { data: villages } = await db.collection('orgUnits').where({ level: 'village', path: TOWN }).orderBy('_id', 'asc').limit(100).get<OrgUnit>();
      if (villages.length < 2) throw new Error(`${TOWN} has ${villages.length} villages`);

      // ---- groups and villagers, through the api ------------------------------------------------
      const admin = (await db.collection('people').doc(GROUP_ADMIN.id).get<{ grants: { role: string; orgUnitId: string }[] }>()).data!;
      for (const v of villages) {
        if (!admin.grants.some((g) => g.role === 'groupAdmin' && g.orgUnitId === v._id)) await must('people.grantRole', { personId: GROUP_ADMIN.id, role: 'groupAdmin', orgUnitId: v._id }, TOWN_STAFF);
        await must('village.bindGroup', { villageId: v._id, groupCloudId: cloud.functions.issueCloudId(GROUP_ADMIN.openid, { opengid: `G-bench-${v._id}` }) }, GROUP_ADMIN.openid);
      }
      const rand = prng(SEED);
      const people: Villager[] = [];
      for (let i = 0; i < VILLAGERS; i += 20) {
        const group = Array.from({ length: Math.min(20, VILLAGERS - i) }, (_x, k): Villager => ({ openid: `bench-vl-${i + k}`, village: villages[(i + k) % villages.length]!, photos: [] }));
        await Promise.all(group.map((p) => must('village.enter', { groupCloudId: cloud.functions.issueCloudId(p.openid, { opengid: `G-bench-${p.village._id}` }) }, p.openid)));
        people.push(...group);
      }
      // Two in five have photos in their folder, as the raise page uploads them.
      const jpeg = Buffer.alloc(40_000, 0xff);
      for (const p of people) {
        if (rand() >= 0.4) continue;
        for (let k = 0; k < 1 + Math.floor(rand() * 2); k++) p.photos.push(await storage.upload(`${photoFolder(p.openid)}${k}.jpg`, jpeg));
      }

      // ---- the background: 27,000 dispatched, overdue, answered, closed --------------------------
      const { data: deptPeople } = await db.collection('people').where({ 'grants.role': 'department', 'grants.orgUnitId': 'county-baojing' }).limit(100).get<{ grants: { role: string; orgUnitId: string; department?: { id: string; name: string } }[] }>();
      const depts: Dept[] = deptPeople.flatMap((p) => p.grants.filter((g) => g.role === 'department' && g.department).map((g) => ({ unitId: g.orgUnitId, unitName: '保靖县', id: g.department!.id, name: g.department!.name })));
      if (!depts.length) throw new Error('no department in 保靖县');
      let bg = 0;
      for (const gen of ['A', 'B', 'C', 'D'] as const) {
        for (let done = 0; done < BACKGROUND[gen]; done += BATCH) {
          const docs: ComplaintDoc[] = [];
          for (let k = done; k < Math.min(BACKGROUND[gen], done + BATCH); k++, bg++) docs.push(background(bg, gen, villages[bg % villages.length]!, depts[bg % depts.length]!, rand));
          await db.collection(COMPLAINTS).add({ data: docs });
        }
      }
      // The handlers the sweep reminds, each with as many banked grants as a person can bank
      // (tapped 允许 on the page, `notify.recordGrants`; and in the local WeChat's outbox).
      for (const h of HANDLERS) {
        for (let k = 0; k < 50; k++) await must('notify.recordGrants', { accepted: ['complaintDue'] }, h);
        cloud.messages.grant(h, templateId('complaintDue'), 50);
      }
      const stored = (await db.collection(COMPLAINTS).count()).total;
      if (stored !== bg) throw new Error(`${stored} complaints stored, expected ${bg}`);
      const loadSeconds = (performance.now() - loadStart) / 1000;

      // ---- the calls ------------------------------------------------------------------------------
      let n = 0;
      const fresh = (): RaiseCall => {
        const villager = people[Math.floor(rand() * people.length)]!;
        const clientId = `bench-${++n}-${Math.floor(rand() * 0xffffff).toString(16).padStart(6, '0')}`;
        const r = rand();
        const category: Category | null = r < 0.2 ? null : CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!;
        const input: Record<string, unknown> = { villageId: villager.village._id, clientId, text: `${TEXTS[Math.floor(rand() * TEXTS.length)]}（${n}）`, category };
        if (category === 'report' && rand() < 0.5) input.about = { name: '村干部某某' };
        if (villager.photos.length && rand() < 0.6) input.photoFileIds = villager.photos;
        if (rand() < 0.3) input.contact = { name: '村民', phone: `139${String(10_000_000 + n).slice(-8)}` };
        if (rand() < 0.3) input.location = { latitude: 28.42 + rand() / 100, longitude: 109.64 + rand() / 100 };
        return { villager, input, kind: 'first', key: `${villager.openid}:${clientId}` };
      };
      const accepted = new Map<string, Set<string>>();
      const failures: string[] = [];
      interface Timed {
        ms: number;
        kind: RaiseCall['kind'];
        ops: number;
        exclusive: boolean;
        /** Real time it started and ended (performance.now()). */
        start: number;
        end: number;
      }
      const send = async (call: RaiseCall, out: Timed[] | null): Promise<void> => {
        const t0 = performance.now();
        const { r, invocation } = await api('complaint.raise', call.input, call.villager.openid);
        const t1 = performance.now();
        if (!r.ok || !r.data?.id) {
          failures.push(`${call.kind} ${call.key}: ${JSON.stringify(r).slice(0, 200)}`);
          return;
        }
        if (!accepted.has(call.key)) accepted.set(call.key, new Set());
        accepted.get(call.key)!.add(r.data.id as string);
        out?.push({ ms: t1 - t0, kind: call.kind, ops: invocation.ops.reads + invocation.ops.writes, exclusive: invocation.exclusive, start: t0, end: t1 });
      };

      // The timer: every minute of the hour, the tick function with the event CloudBase's trigger
      // hands it (what `cloud.timer.fire('tick')` sends; invoked here to read its jobs' answers),
      // one at a time (a tick still running when the next minute comes makes that one skip).
      const ticks: { at: number; start: number; end: number; ok: boolean; moved: Record<string, number> | null }[] = [];
      let ticking: Promise<void> | null = null;
      let lastMinute = -1;
      const tickIfDue = (simMs: number) => {
        const minute = Math.floor(simMs / 60_000);
        if (minute === lastMinute || ticking) return;
        lastMinute = minute;
        const start = performance.now();
        const event = { Type: 'Timer', TriggerName: 'tick', Time: new Date(minute * 60_000).toISOString(), Message: '' };
        ticking = cloud.functions.invoke('tick', event, { source: 'wx_trigger' }).then(({ result }) => {
          const r = result as { ok: boolean; data?: { job: string; ran: boolean; ok: boolean; result?: { moved?: Record<string, number> } }[] };
          const job = r.data?.find((j) => j.job === 'complaint.sweep');
          ticks.push({ at: minute * 60_000, start, end: performance.now(), ok: r.ok && !!r.data?.every((j) => j.ok), moved: job?.ran ? (job.result?.moved ?? null) : null });
          ticking = null;
        });
      };

      // Warm-up (17:20–17:30, not measured): the function instance's modules and caches, and a first tick.
      cloud.clock.set(HOUR_START - 10 * 60_000, { frozen: true });
      await cloud.timer.fire('tick');
      if ((await db.collection(JOB_RUNS).doc('complaint.sweep').get()).data === null) throw new Error('the warm-up tick did not run complaint.sweep');
      for (let k = 0; k < WARMUP; k++) {
        cloud.clock.advance(6_000);
        await send(fresh(), null);
      }
      const warmedUp = accepted.size;

      // The hour's schedule: when each complaint is sent, and with whom.
      const times = Array.from({ length: INTAKE }, () => (rand() < RUSH.share ? RUSH.start - HOUR_START + rand() * RUSH.ms : rand() * HOUR_MS)).sort((a, b) => a - b);
      const bursts: { at: number; calls: RaiseCall[] }[] = [];
      let pendingRetries: RaiseCall[] = [];
      for (const t of times) {
        const at = HOUR_START + Math.floor(t / BURST_MS) * BURST_MS;
        let burst = bursts[bursts.length - 1];
        if (!burst || burst.at !== at) {
          burst = { at, calls: pendingRetries };
          pendingRetries = [];
          bursts.push(burst);
        }
        const c = fresh();
        burst.calls.push(c);
        if (rand() < DOUBLE) burst.calls.push({ ...c, kind: 'double' });
        if (rand() < RETRY) pendingRetries.push({ ...c, kind: 'retry' });
      }
      if (pendingRetries.length) bursts.push({ at: HOUR_START + HOUR_MS - 1, calls: pendingRetries });

      // ---- the hour ------------------------------------------------------------------------------
      // The clock moves at real time while anything runs (a call or a tick), so that what overlaps
      // overlaps as long as it would; while nothing runs it jumps to what comes next.
      const timed: Timed[] = [];
      const inFlight: Promise<void>[] = [];
      const firstDone = new Map<string, Promise<void>>();
      let running = 0;
      const nothingRuns = () => running === 0 && ticking === null;
      const events: ({ at: number; tick: true } | { at: number; tick: false; calls: RaiseCall[] })[] = [
        ...Array.from({ length: 61 }, (_x, m) => ({ at: HOUR_START + m * 60_000, tick: true as const })),
        ...bursts.map((b) => ({ at: b.at, tick: false as const, calls: b.calls })),
      ].sort((a, b) => a.at - b.at || (a.tick ? -1 : 1));
      const realStart = performance.now();
      let anchor = { sim: HOUR_START, real: performance.now() };
      let skippedMs = 0;
      for (const ev of events) {
        for (;;) {
          const left = anchor.real + (ev.at - anchor.sim) - performance.now();
          if (left <= 0) break;
          if (nothingRuns()) {
            skippedMs += left;
            anchor = { sim: ev.at, real: performance.now() };
            break;
          }
          await sleep(Math.min(left, 2));
        }
        cloud.clock.set(ev.at, { frozen: true });
        if (ev.tick) {
          tickIfDue(ev.at);
          continue;
        }
        // Everyone in the burst at once; a retry once its first call was answered.
        for (const c of ev.calls) {
          running += 1;
          const p = (async () => {
            if (c.kind === 'retry') await firstDone.get(c.key);
            await send(c, timed);
          })().finally(() => {
            running -= 1;
          });
          if (c.kind === 'first') firstDone.set(c.key, p);
          inFlight.push(p);
        }
      }
      await Promise.all(inFlight);
      while (ticking) await ticking;
      const realSeconds = (performance.now() - realStart) / 1000;
      const playedSeconds = (HOUR_MS - skippedMs) / 1000;
      const hourMoved: Record<string, number> = {};
      for (const t of ticks) for (const [k, v] of Object.entries(t.moved ?? {})) hourMoved[k] = (hourMoved[k] ?? 0) + v;
      const expected = { warn: BACKGROUND.B, overdue: BACKGROUND.A, escalate: BACKGROUND.C, close: 0 };
      if (JSON.stringify(hourMoved) !== JSON.stringify(expected)) throw new Error(`the hour's sweeps moved ${JSON.stringify(hourMoved)}, expected ${JSON.stringify(expected)}`);

      // ---- nothing lost, nothing twice -------------------------------------------------------------
      const ids = [...new Set([...accepted.values()].flatMap((s) => [...s]))];
      const twoIds = [...accepted.values()].filter((s) => s.size > 1).length;
      const found = new Map<string, ComplaintDoc>();
      for (let i = 0; i < ids.length; i += BATCH) {
        const { data } = await db.collection(COMPLAINTS).where({ _id: _.in(ids.slice(i, i + BATCH)) }).limit(BATCH).get<ComplaintDoc>();
        for (const d of data) found.set(d._id, d);
      }
      const missing = ids.filter((id) => !found.has(id)).length;
      const ofVillagers = (await db.collection(COMPLAINTS).where({ openid: _.in(people.map((p) => p.openid)) }).count()).total;
      const extra = ofVillagers - ids.length;
      const touched = [...found.values()].filter((d) => d.status !== 'raised' || d.steps.length !== 1).length;
      const lost = missing + twoIds + Math.max(0, extra);
      const firsts = timed.filter((x) => x.kind === 'first').length;
      const intakeDistinct = accepted.size - warmedUp;

      // ---- the sweep's reads, alone ------------------------------------------------------------------
      const N = (await db.collection(COMPLAINTS).count()).total;
      cloud.clock.set(MEASURE_AT, { frozen: true });
      const sentBefore = cloud.messages.outbox().length;
      const r0 = cloud.database.ops.reads;
      const w0 = cloud.database.ops.writes;
      const s0 = performance.now();
      // BENCH_PROFILE=<file> writes this sweep's CPU profile (bench/lib.ts).
      const measured = await profiled(() => sweep(cloud.clock.now()));
      const sweepMs = performance.now() - s0;
      const reads = cloud.database.ops.reads - r0;
      const writes = cloud.database.ops.writes - w0;
      const moved = Object.values(measured.moved).reduce((s, x) => s + x, 0);
      const perPerson = new Map<string, number>();
      for (const m of cloud.messages.outbox().slice(sentBefore)) perPerson.set(m.touser, (perPerson.get(m.touser) ?? 0) + 1);
      const mostMessages = Math.max(0, ...perPerson.values());
      if (measured.moved.overdue !== BACKGROUND.B || moved !== BACKGROUND.B) throw new Error(`the measured sweep moved ${JSON.stringify(measured.moved)}, expected ${BACKGROUND.B} overdue`);
      const i0 = cloud.database.ops.reads;
      const idle = await sweep(cloud.clock.now());
      const idleReads = cloud.database.ops.reads - i0;
      if (Object.values(idle.moved).some((x) => x !== 0)) throw new Error(`the idle sweep moved ${JSON.stringify(idle.moved)}`);

      // ---- figures ---------------------------------------------------------------------------------
      const all = timed.map((x) => x.ms);
      const heavy = ticks.find((t) => t.moved && Object.values(t.moved).some((x) => x > 0));
      const duringHeavy = heavy ? timed.filter((x) => x.end >= heavy.start && x.start <= heavy.end).map((x) => x.ms) : [];
      const exclusiveOps = timed.filter((x) => x.exclusive && x.kind === 'first').map((x) => x.ops);
      const concurrent = timed.filter((x) => !x.exclusive).length;
      const tickSeconds = ticks.map((t) => (t.end - t.start) / 1000);
      const perThousand = reads / (moved / 1000);
      return [
        {
          metric: 'complaint.raise.p95_ms',
          value: round(percentile(all, 95), 2),
          limit: 50,
          better: 'lower',
          note: `${timed.length} complaint.raise calls through the api function in the hour (${firsts} complaints, ${timed.filter((x) => x.kind === 'double').length} sent twice at once, ${timed.filter((x) => x.kind === 'retry').length} retried after their answer; ${concurrent} overlapped another invocation) by ${VILLAGERS} villagers of ${villages.length} villages, after ${WARMUP} warm-up calls; the tick every minute, the 18:00 sweep moving ${BACKGROUND.A + BACKGROUND.B + BACKGROUND.C} of the ${bg} background complaints; the hour played in real time while anything ran (${round(playedSeconds, 1)} s of it), skipped while nothing did; ${round(realSeconds, 1)} s in all`,
        },
        { metric: 'complaint.raise.median_ms', value: round(median(all), 2), better: 'lower', note: `same calls; p99 ${round(percentile(all, 99), 1)} ms, max ${round(Math.max(...all), 1)} ms` },
        {
          metric: 'complaint.raise.p95_during_sweep_ms',
          value: duringHeavy.length ? round(percentile(duringHeavy, 95), 2) : 0,
          better: 'lower',
          note: `the ${duringHeavy.length} calls that overlapped the tick whose sweep moved the 22,000 (${round(heavy ? (heavy.end - heavy.start) / 1000 : 0, 1)} s): here the sweep shares one process, its event loop and the database with the api function, where CloudBase runs the tick in an instance of its own`,
        },
        { metric: 'complaint.raise.billed_ops', value: Math.max(...exclusiveOps), better: 'lower', note: `reads + writes of one first raise, the most over the ${exclusiveOps.length} that ran alone: the villager's membership, the complaint by its id (a retry), the add; a photo is checked in storage, not the database` },
        {
          metric: 'complaint.intake.lost',
          value: lost,
          limit: 0,
          better: 'lower',
          note: `of the ${intakeDistinct} complaints accepted in the hour (and ${warmedUp} in the warm-up): ${missing} accepted but not stored, ${twoIds} given two ids for one clientId, ${Math.max(0, extra)} stored beyond those accepted (${ofVillagers} of the villagers' stored for ${ids.length} accepted ids); ${failures.length} calls refused${failures.length ? ` (${failures[0]})` : ''}; ${touched} of them touched by the sweep (expected 0: all still 待受理 with their one step)`,
        },
        {
          metric: 'complaint.sweep.reads_per_1000',
          value: round(perThousand, 2),
          limit: 2,
          better: 'lower',
          note: `sweep() alone at ${MEASURE_AT.slice(0, 16).replace('T', ' ')}, when ${moved} dispatched complaints fall overdue, over N = ${N} complaints: ${reads} billed reads (${writes} writes) in ${round(sweepMs / 1000, 1)} s, per 1,000 moved. Limit 2: one read finds each 1,000 due (the guarded update that moves them is a write), one finds which of the people to remind banked a grant; who holds a department's or the township's staff role is the same on every page of a run, to be read once per run. The run gathers them: one read per page of 1,000 moved (${Math.ceil(moved / 1000)} pages), one for every department's holders (${depts.length} here), one for the townships' staff and discipline staff, one for the banked grants, and 4 reads that find each move's end`,
        },
        {
          metric: 'complaint.sweep.messages_per_person',
          value: mostMessages,
          limit: 1,
          better: 'lower',
          note: `the most subscription messages one handler got from that one sweep run (${[...perPerson.values()].reduce((a, b) => a + b, 0)} sent to ${perPerson.size} people, each spending a banked grant): the reminders of a run are gathered and each person is sent one, about the most urgent complaint that needs them, however many fall due`,
        },
        { metric: 'complaint.sweep.idle_reads', value: idleReads, better: 'lower', note: `the same sweep at once again, nothing due, over the same N = ${N}: one read per move (warn, overdue, escalate, close) through the status_stage_* and status_rateBy indexes, whatever N` },
        {
          metric: 'complaint.sweep.hour_tick_seconds',
          value: round(Math.max(...tickSeconds), 2),
          better: 'lower',
          note: `the longest of the hour's ${ticks.length} ticks (every job due each minute; ${ticks.filter((t) => !t.ok).length} failed); complaint.sweep ran in ${ticks.filter((t) => t.moved).length} of them and moved ${JSON.stringify(hourMoved)} while the calls went on (${ticks.filter((t) => t.moved && Object.values(t.moved).some((x) => x > 0)).map((t) => new Date(t.at + 8 * 3_600_000).toISOString().slice(11, 16)).join(', ')})`,
        },
        { metric: 'complaint.load.seconds', value: round(loadSeconds, 1), better: 'lower', note: `demo, ${villages.length} groups bound and ${VILLAGERS} villagers entered through the api, ${people.reduce((s, p) => s + p.photos.length, 0)} photos uploaded, ${bg} background complaints through SDK add() of ${BATCH}` },
      ];
    } finally {
      await cloud.stop();
      restoreLog();
    }
  },
};

export default complaint;
