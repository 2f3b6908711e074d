/**
 * `scoring`: the scoring figure of issue 8. Scoring a month for N = 100,000 cadres on the local
 * cloud, as the timer does it (scores, allowances, the next month opened, each county graded):
 * under 10 s, and O(N/1000) database operations (pages of 1,000, no query per cadre).
 *
 * The world, in memory on the local cloud through the real SDK: the demo county and 100,000 more
 * cadres stationed in 花垣县's villages since January, with a November of 42 day windows (one in
 * nine misses a window, one in seven has a day of leave: their month documents hold those), the
 * county's settled windows, and 10,000 spot checks, loaded in batched `add()` calls of 1,000.
 *
 * The local cloud runs in a process of its own (as CloudBase's database is not the function's
 * process), so the job's reading of one page overlaps the database's writing of the one before.
 * `BENCH_N=20000` scales the world down; `BENCH_PROFILE=/tmp/job.cpuprofile` writes CPU profiles
 * of the job (that file) and of the local cloud (`….cloud`) for Chrome DevTools.
 */
import { availableParallelism } from 'node:os';
import { startCloudProcess } from './cloud-process';
import { setLogSink } from '../server/kernel/log';
import { isWorkday } from '../server/kernel/calendar';
import { db } from '../server/platform/cloud';
import { seedDemo } from '../scripts/demo/seed';
import { PEOPLE, stationOf } from '../server/features/people/service';
import type { PersonDoc } from '../server/features/people/schema';
import type { OrgUnit } from '../server/features/org/schema';
import { ATTENDANCE_MONTHS, entryKey, logClosedWindows, type AttendanceMonthDoc, type MonthLetter } from '../server/features/checkin/months';
import { SPOTCHECKS } from '../server/features/spotcheck/service';
import type { SpotCheckDoc } from '../server/features/spotcheck/schema';
import { SCORES, scoreMonthJob } from '../server/features/scoring/service';
import { profiled, round, type Benchmark, type Figure } from './lib';

const N = Number(process.env.BENCH_N ?? 100_000);
const BATCH = 1_000;
const SINCE = new Date('2026-01-01T00:00:00+08:00');
const DAYS = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`).filter((d) => isWorkday(d));

const scoring: Benchmark = {
  name: 'scoring',
  async run(): Promise<Figure[]> {
    const restoreLog = setLogSink(() => undefined);
    const cloud = await startCloudProcess();
    try {
      cloud.applySdkEnv();
      await cloud.setClock('2026-11-02T10:00:00+08:00');
      await seedDemo();
      const { data: villages } = await db.collection('orgUnits').where({ level: 'village', path: 'county-huayuan' }).limit(100).get<OrgUnit>();
      const county = (await db.collection('orgUnits').doc('county-huayuan').get<OrgUnit>()).data!;
      const loadStart = performance.now();
      for (let done = 0; done < N; done += BATCH) {
        const people: PersonDoc[] = [];
        const months: AttendanceMonthDoc[] = [];
        const checks: SpotCheckDoc[] = [];
        for (let i = done; i < Math.min(N, done + BATCH); i++) {
          const v = villages[i % villages.length]!;
          const id = `p-score-${String(i).padStart(6, '0')}`;
          people.push({ _id: id, name: `驻村干部${i}`, phone: `1590${String(i).padStart(7, '0')}`, title: '驻村工作队员', orgUnitId: v._id, homePath: v.path, openid: `score-${i}`, grants: [{ role: 'cadre', orgUnitId: v._id, path: v.path, kind: i % 10 === 0 ? 'firstSecretary' : 'teamMember', since: SINCE }], station: stationOf(v, county), active: true, createdAt: SINCE, updatedAt: SINCE });
          // What the window-close sweep keeps of a month: the windows not on post (months.ts).
          const w: Record<string, MonthLetter> = {};
          DAYS.forEach((date, d) => {
            for (const win of ['am', 'pm']) {
              const letter: MonthLetter = i % 9 === 0 && d === i % DAYS.length && win === 'am' ? 'M' : i % 7 === 0 && d === 3 ? 'E' : 'P';
              if (letter !== 'P') w[entryKey(date, win)] = letter;
            }
          });
          if (Object.keys(w).length) months.push({ _id: `${id}.2026-11`, personId: id, month: '2026-11', w, n: {} });
          if (i % 10 === 0) {
            const issuedAt = new Date(`${DAYS[i % DAYS.length]}T10:00:00+08:00`);
            checks.push({ _id: `b-score.${id}`, batchId: 'b-score', drawId: null, personId: id, personName: `驻村干部${i}`, openid: `score-${i}`, villageId: v._id, villageName: v.name, villagePath: v.path, issuedById: 'p-hy-staff', issuedByName: '石慧敏', issuedAt, deadline: new Date(issuedAt.getTime() + 30 * 60_000), date: DAYS[i % DAYS.length]!, month: '2026-11', note: '', status: i % 30 === 0 ? 'missed' : 'answered', answer: null, closedAt: issuedAt, call: null });
          }
        }
        await db.collection(PEOPLE).add({ data: people });
        if (months.length) await db.collection(ATTENDANCE_MONTHS).add({ data: months });
        if (checks.length) await db.collection(SPOTCHECKS).add({ data: checks });
      }
      // …and the county's November, settled window by window by the sweep.
      await logClosedWindows(DAYS.flatMap((date) => ['am', 'pm'].map((windowId) => ({ countyId: county._id, date, windowId, night: false }))));
      const loadSeconds = (performance.now() - loadStart) / 1000;
      const cadres = (await db.collection(PEOPLE).where({ 'grants.role': 'cadre', active: true }).count()).total;

      const at = '2026-12-01T04:00:00+08:00';
      await cloud.setClock(at);
      const before = await cloud.ops();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      if (process.env.BENCH_PROFILE) await cloud.profile(null);
      const r = await profiled(() => scoreMonthJob(new Date(at), { deadline: Date.now() + 600_000 }));
      if (process.env.BENCH_PROFILE) await cloud.profile(`${process.env.BENCH_PROFILE}.cloud`);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const after = await cloud.ops();
      const jobCpu = (cpu.user + cpu.system) / 1e6;
      const cloudCpu = (after.cpuMs - before.cpuMs) / 1000;
      const reads = after.reads - before.reads;
      const writes = after.writes - before.writes;
      const ops = reads + writes;
      const scored = (await db.collection(SCORES).where({ period: '2026-11' }).count()).total;
      if (r.incomplete || scored < N) throw new Error(`scored ${scored} of ${cadres}: ${JSON.stringify(r)}`);
      const pages = Math.ceil(cadres / 1000);
      return [
        { metric: 'scoring.month.seconds', value: round(seconds), limit: 10, better: 'lower', note: `scoring 2026-11 for N = ${cadres} cadres (${scored} scored, with their allowances; those whose stationing ended in the month looked for; counties graded) in one run of the timer job` },
        { metric: 'scoring.month.ops_per_1000_cadres', value: round(ops / pages, 1), limit: 12, better: 'lower', note: `${ops} billed operations (${reads} reads, ${writes} writes) over ${pages} pages of 1,000 cadres: O(N/1000), no query per cadre` },
        { metric: 'scoring.month.cpu_seconds', value: round(jobCpu + cloudCpu), better: 'lower', note: `CPU time of the run: ${round(jobCpu)} s in the function's process, ${round(cloudCpu)} s in the local cloud's (two processes on ${availableParallelism()} cores)` },
        { metric: 'scoring.load.seconds', value: round(loadSeconds), better: 'lower', note: `${N} cadres, their month documents and ${N / 10} spot checks through SDK add() of ${BATCH}` },
      ];
    } finally {
      await cloud.stop();
      restoreLog();
    }
  },
};

export default scoring;
