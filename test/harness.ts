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
import type { AnyAction } from '../server/kernel/action';
import { callRegistries } from '../server/features';
import { ledgerRegistry } from '../server/features/ledger/registry';
import { functionOf } from '../miniprogram/api/routes';
import type { FunctionName } from '../typings/api';

/** One action as one function serves it. */
export interface ActionRoute {
  name: string;
  fn: FunctionName;
  def: AnyAction;
}

/** Every action as each function serves it: the actions every function shares (system.*) once per function. */
export function servedActions(): ActionRoute[] {
  const registries = [...Object.entries(callRegistries), ['ledger', ledgerRegistry] as const];
  return registries.flatMap(([fn, reg]) => reg.names().map((name) => ({ name, fn: fn as FunctionName, def: reg.get(name)! })));
}

/** Every action once, with the function a page reaches it through (routes.ts; the ledger's own exports by the ledger). */
export function actionRoutes(): ActionRoute[] {
  const all = servedActions();
  const routed = all.filter((r) => r.fn !== 'ledger' && functionOf(r.name) === r.fn);
  const names = new Set(routed.map((r) => r.name));
  return [...routed, ...all.filter((r) => r.fn === 'ledger' && !names.has(r.name))];
}

export interface TestCloud {
  cloud: LocalCloud;
  /**
   * Call an interactive action, through the function that serves it (miniprogram/api/routes.ts),
   * as the WeChat user `openid` (undefined: no OPENID).
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
      const { result } = await cloud.functions.invoke(functionOf(action), { action, input }, { openid });
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
