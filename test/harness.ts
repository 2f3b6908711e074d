/**
 * A local cloud for one test file: in memory, on a free port, with the project's collections
 * and functions (from source), and this process's SDK pointed at it. Tests call actions
 * through the real function entry, router and SDK — nothing is mocked.
 */
import { LocalCloud, type LocalCloudOptions } from '../localcloud';
import { collections } from '../server/collections';
import { sourceFunctions } from '../scripts/functions';
import type { Answer } from '../server/kernel/errors';
import { setLogSink, type LogLine } from '../server/kernel/log';

export interface TestCloud {
  cloud: LocalCloud;
  /**
   * Call an action of the `api` function as the WeChat user `openid` (undefined: no OPENID).
   * The answer is loosely typed: tests assert its shape.
   */
  call<T = any>(action: string, input?: unknown, openid?: string): Promise<Answer<T> & { data?: any }>;
  /** Call any function with a raw event. */
  invoke(fn: string, event: unknown, openid?: string): Promise<unknown>;
  /** Log lines written by the backend during the test (the sink is silenced by default). */
  logs: LogLine[];
  stop(): Promise<void>;
}

export async function startTestCloud(opts: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const cloud = await LocalCloud.start({ port: 0, collections, functions: sourceFunctions(), log: () => undefined, ...opts });
  cloud.applySdkEnv();
  const logs: LogLine[] = [];
  const restore = setLogSink((l) => logs.push(l));
  return {
    cloud,
    logs,
    async call<T>(action: string, input?: unknown, openid?: string) {
      const { result } = await cloud.functions.invoke('api', { action, input }, { openid });
      return result as Answer<T> & { data?: any };
    },
    async invoke(fn, event, openid) {
      return (await cloud.functions.invoke(fn, event, { openid })).result;
    },
    async stop() {
      restore();
      await cloud.stop();
    },
  };
}
