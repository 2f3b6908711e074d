/**
 * `ledger`: an Excel ledger of 10,000 rows (the allowance ledger, 驻村补助发放台账, of a county
 * with 10,000 cadres' allowances for a month), exported through the real `ledger` function on
 * the local cloud: read from the database in pages of 1,000, built with exceljs, saved to storage,
 * answered with its download link.
 * - `ledger.export.ms`: the median of 3 exports after a warm-up; limit 5 s.
 * - `ledger.export.rss_mb`: the most the process's resident memory grew above what it was before
 *   the first export, sampled every 10 ms during all of them; limit 256 MB. It counts the local
 *   cloud's side too (it runs in this process), so the function's own share is smaller.
 *
 * The allowances are loaded directly through the SDK in `add()` calls of 1,000, as scoring writes
 * them, for cadres spread over 花垣县's villages.
 */
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import { setLogSink } from '../server/kernel/log';
import { db } from '../server/platform/cloud';
import { seedDemo } from '../scripts/demo/seed';
import type { OrgUnit } from '../server/features/org/schema';
import { SCORES } from '../server/features/scoring/service';
import type { StoredScore } from '../server/features/scoring/schema';
import { CADRE_KINDS } from '../server/features/people/schema';
import { median, prng, round, type Benchmark, type Figure } from './lib';

const N = 10_000;
const BATCH = 1_000;
const RUNS = 3;
const MONTH = '2026-05';
const AT = '2026-06-02T10:00:00+08:00';
const PER_DAY_FEN = { firstSecretary: 10_000, teamMember: 8_000, stationedLeader: 6_000 } as const;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '文博婷俊杰靖磊亚楠建华晓峰志强雅琴东红军玉兰德胜春花成章宏金凤秀珍彩霞明光小燕慧敏国平勇立军茂松绍';

const mb = (bytes: number) => bytes / 1024 / 1024;

const ledger: Benchmark = {
  name: 'ledger',
  async run(): Promise<Figure[]> {
    const restoreLog = setLogSink(() => undefined);
    const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined });
    try {
      cloud.applySdkEnv();
      cloud.clock.set(AT, { frozen: true });
      await seedDemo();
      const { data: villages } = await db.collection('orgUnits').where({ level: 'village', path: 'county-huayuan' }).limit(100).get<OrgUnit>();

      const rand = prng(20260602);
      const computedAt = new Date(AT);
      for (let done = 0; done < N; done += BATCH) {
        const docs: StoredScore[] = [];
        for (let i = done; i < Math.min(N, done + BATCH); i++) {
          const v = villages[i % villages.length]!;
          const kind = CADRE_KINDS[i % CADRE_KINDS.length]!;
          const days = Math.round(rand() * 42) / 2; // 0 … 21 working days, in halves
          const personId = `p-ledger-${String(i).padStart(5, '0')}`;
          const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(rand() * GIVEN.length)]}${GIVEN[Math.floor(rand() * GIVEN.length)]}`;
          // A month's score document, as scoring writes it, with the allowance the ledger lists.
          docs.push({
            _id: `${personId}.${MONTH}`, personId, name, kind, villageId: v._id, villageName: v.name, villagePath: v.path, countyId: 'county-huayuan', period: MONTH,
            metrics: { daysOnPost: days }, refs: {}, points: [50, 30, 0], total: 80, rulesId: 'rs-bench',
            allowance: { basis: 'daysOnPost', dayList: '', counted: days, days, perDayFen: PER_DAY_FEN[kind], amountFen: Math.round(days * PER_DAY_FEN[kind]), status: i % 4 === 0 ? 'signed' : 'draft', signoffId: null, signedByName: i % 4 === 0 ? '石慧敏' : null, signedAt: null },
            computedAt,
          });
        }
        await db.collection(SCORES).add({ data: docs });
      }
      const loaded = (await db.collection(SCORES).where({ villagePath: 'county-huayuan', period: MONTH }).count()).total;
      if (loaded !== N) throw new Error(`loaded ${loaded} allowances, expected ${N}`);

      const exportOnce = async () => {
        const t0 = performance.now();
        const { result, invocation } = await cloud.functions.invoke('ledger', { action: 'ledger.export', input: { ledger: 'allowance', unitId: 'county-huayuan', month: MONTH } }, { openid: 'demo-hy-staff' });
        const ms = performance.now() - t0;
        const r = result as { ok: boolean; data?: { rows: number; url: string } };
        if (!r.ok || r.data?.rows !== N) throw new Error(`ledger.export answered ${JSON.stringify(result).slice(0, 300)}`);
        return { ms, reads: invocation.ops.reads, url: r.data.url };
      };

      (globalThis as { gc?: () => void }).gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 10);
      let last: Awaited<ReturnType<typeof exportOnce>>;
      const times: number[] = [];
      try {
        last = await exportOnce(); // the warm-up (exceljs loaded, code compiled)
        const warmupMs = last.ms;
        for (let i = 0; i < RUNS; i++) {
          last = await exportOnce();
          times.push(last.ms);
        }
        peak = Math.max(peak, process.memoryUsage().rss);
        const file = await fetch(last.url);
        const bytes = (await file.arrayBuffer()).byteLength;
        return [
          { metric: 'ledger.export.ms', value: round(median(times), 1), limit: 5000, better: 'lower', note: `ledger.export of the allowance ledger of ${N} rows through the ledger function: read in pages of 1,000, built, saved, linked; median of ${RUNS} (${times.map((x) => round(x)).join(', ')} ms) after a warm-up of ${round(warmupMs)} ms` },
          { metric: 'ledger.export.rss_mb', value: round(mb(peak - baseline), 1), limit: 256, better: 'lower', note: `the most resident memory grew above ${round(mb(baseline))} MB during the ${RUNS + 1} exports (the local cloud's side included)` },
          { metric: 'ledger.export.reads', value: last.reads, better: 'lower', note: `billed reads of one export: ⌈${N}/1000⌉ pages of allowances, the caller and the units` },
          { metric: 'ledger.export.file_kb', value: round(bytes / 1024, 1), better: 'lower', note: `the .xlsx of ${N} rows and its 合计 row` },
        ];
      } finally {
        clearInterval(sampler);
      }
    } finally {
      await cloud.stop();
      restoreLog();
    }
  },
};

export default ledger;
