/**
 * `ping`: one `system.ping` through the `api` function on the local cloud with the project's
 * collections and functions (from source): its billed database operations (must be none) and
 * its median latency (function host → entry → router → answer).
 */
import { LocalCloud } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import { setLogSink } from '../server/kernel/log';
import { median, round, type Benchmark, type Figure } from './lib';

const WARMUP = 50;
const CALLS = 500;

const ping: Benchmark = {
  name: 'ping',
  async run(): Promise<Figure[]> {
    const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined });
    const restoreLog = setLogSink(() => undefined);
    try {
      cloud.applySdkEnv();
      const call = async () => {
        const { result, invocation } = await cloud.functions.invoke('api', { action: 'system.ping', input: { echo: 'bench' } }, { openid: 'o-bench' });
        if (!(result as { ok?: boolean } | null)?.ok) throw new Error(`system.ping answered ${JSON.stringify(result)}`);
        return invocation.ops.reads + invocation.ops.writes;
      };
      for (let i = 0; i < WARMUP; i++) await call();
      const times: number[] = [];
      let maxOps = 0;
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        const ops = await call();
        times.push(performance.now() - t0);
        maxOps = Math.max(maxOps, ops);
      }
      return [
        { metric: 'system.ping.billed_ops', value: maxOps, limit: 0, better: 'lower', note: `reads + writes of one call (the most over ${CALLS} calls)` },
        { metric: 'system.ping.median_ms', value: round(median(times), 3), better: 'lower', note: `median of ${CALLS} sequential calls after ${WARMUP} warm-up calls` },
      ];
    } finally {
      restoreLog();
      await cloud.stop();
    }
  },
};

export default ping;
