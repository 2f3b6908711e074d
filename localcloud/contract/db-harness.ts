/**
 * Shared set-up of the database contract suites: starts the target (target.ts), hands the test
 * file the real SDK's database, and empties the collections before each case.
 *
 * The SDK itself is required by the test file (it passes a loader of the SDK to `useDatabase`),
 * after target.ts has set the environment.
 */
import { CONTRACT_COLLECTIONS } from './contract-collections';
import { ContractTarget, startTarget } from './target';

export { CONTRACT_COLLECTIONS };

export interface DbHarness {
  target: ContractTarget;
  /** The wx-server-sdk module, initialised. */
  sdk: any;
  db: any;
  /** `db.command` */
  _: any;
  /** `db.command.aggregate` */
  $: any;
  /** `db.collection(name)` with the run's collection name. */
  coll(logical: string): any;
  /** The real collection name of a logical one. */
  name(logical: string): string;
}

export interface UseDatabaseOptions {
  lockTimeoutMs?: number;
  /** Empty the collections before each case (default true). */
  clean?: boolean;
}

/** Register the suite's set-up and tear-down; the returned object is filled in `beforeAll`. */
export function useDatabase(loadSdk: () => any, opts: UseDatabaseOptions = {}): DbHarness {
  const h = {} as DbHarness;
  beforeAll(async () => {
    h.target = await startTarget({ collections: CONTRACT_COLLECTIONS, lockTimeoutMs: opts.lockTimeoutMs });
    h.sdk = loadSdk();
    h.sdk.init({ env: h.target.initEnv(h.sdk) });
    h.db = h.sdk.database();
    h._ = h.db.command;
    h.$ = h.db.command.aggregate;
    h.name = (n) => h.target.name(n);
    h.coll = (n) => h.db.collection(h.target.name(n));
    await h.target.prepare(h.db);
  }, 60_000);
  afterAll(async () => {
    await h.target?.stop();
  });
  if (opts.clean !== false) {
    beforeEach(async () => {
      await cleanAll(h);
    }, 60_000);
  }
  return h;
}

export async function cleanAll(h: DbHarness): Promise<void> {
  const cloud = h.target.cloud;
  if (cloud) {
    cloud.clock.reset();
    await cloud.database.reset();
    return;
  }
  for (const c of CONTRACT_COLLECTIONS) {
    await h.coll(c.name).where({ _id: h._.exists(true) }).remove();
  }
}

/** The error an SDK call rejects with (fails the test when it resolves). */
export async function failure(p: Promise<unknown>): Promise<{ errCode: number; errMsg: string; code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { errCode?: number; errMsg?: string; code?: string; message?: string };
    return { errCode: err.errCode ?? 0, errMsg: err.errMsg ?? '', code: err.code, message: err.message ?? String(e) };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
