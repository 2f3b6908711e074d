/**
 * The one switch of the contract suites: which CloudBase the real `wx-server-sdk` talks to.
 *
 * - By default, a local cloud started for the test file (in memory), with the SDK pointed at it
 *   through environment variables only (as a deployed function's SDK is pointed at CloudBase).
 * - With `CONTRACT_ENV_ID`, `TENCENTCLOUD_SECRETID` and `TENCENTCLOUD_SECRETKEY` set, the real
 *   environment: the same cases run there, on collections named with a prefix unique to the run
 *   (created with `db.createCollection`; CloudBase cannot drop them from the SDK, so they stay).
 *
 * Cases that only make sense locally (billed-operation counts, the local clock, indexes that the
 * SDK cannot create on a real environment, the local cloud's stricter-than-CloudBase rules)
 * register with `local.it` / `local.describe`: in local mode they are plain `it` / `describe`; in
 * remote mode they are not registered at all.
 *
 * This file must not import `wx-server-sdk`: the test files require it after the environment
 * is set.
 */
import { randomBytes } from 'node:crypto';
import { LocalCloud } from '../index';
import type { CollectionSpec } from '../service';

const remoteEnvId =
  process.env.CONTRACT_ENV_ID && process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY
    ? process.env.CONTRACT_ENV_ID
    : undefined;

/** True when the suites run against a real CloudBase environment. */
export const isRemote = remoteEnvId !== undefined;

type It = jest.It;
type Describe = jest.Describe;

const notRegistered = (() => undefined) as unknown;

/** Registers only against the local cloud. */
export const local: { it: It; test: It; describe: Describe } = isRemote
  ? { it: notRegistered as It, test: notRegistered as It, describe: notRegistered as Describe }
  : { it, test: it, describe };

export interface ContractTarget {
  readonly remote: boolean;
  /** What to pass as `env` to `cloud.init`: the real environment id, or the SDK's dynamic current env locally. */
  initEnv(sdk: { DYNAMIC_CURRENT_ENV: unknown }): unknown;
  /** The collection name to use for a declared (logical) name. */
  name(logical: string): string;
  /** The local cloud (local mode only). */
  readonly cloud: LocalCloud | undefined;
  /** Create the declared collections where they do not exist yet (remote mode). */
  prepare(db: { createCollection(name: string): Promise<unknown> }): Promise<void>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  collections: CollectionSpec[];
  /** Local cloud database timings (tests of lock waits keep them short). */
  lockTimeoutMs?: number;
}

/**
 * Start the target and set this process's environment for the SDK. Call before the first
 * the test file's own loading and `cloud.init` of the SDK.
 */
export async function startTarget(opts: TargetOptions): Promise<ContractTarget> {
  if (remoteEnvId) {
    const prefix = `contract_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}_`;
    delete process.env.TCB_CONTEXT_CNFG;
    process.env.TCB_ENV = remoteEnvId;
    process.env.SCF_NAMESPACE = remoteEnvId;
    return {
      remote: true,
      initEnv: () => remoteEnvId,
      cloud: undefined,
      name: (logical) => prefix + logical,
      async prepare(db) {
        for (const c of opts.collections) await db.createCollection(prefix + c.name);
      },
      async stop() {},
    };
  }
  const cloud = await LocalCloud.start({ port: 0, collections: opts.collections, log: () => undefined });
  if (opts.lockTimeoutMs !== undefined) cloud.database.configure({ lockTimeoutMs: opts.lockTimeoutMs });
  cloud.applySdkEnv();
  // As inside a CloudBase function (SCF), where the SDK sends without a keep-alive pool (outside
  // one it has at most 100 sockets per process). A region keeps it from logging its absence.
  process.env.TENCENTCLOUD_RUNENV = 'SCF';
  process.env.TENCENTCLOUD_REGION ??= 'ap-shanghai';
  return {
    remote: false,
    initEnv: (sdk) => sdk.DYNAMIC_CURRENT_ENV,
    cloud,
    name: (logical) => logical,
    async prepare() {},
    async stop() {
      await cloud.stop();
    },
  };
}
