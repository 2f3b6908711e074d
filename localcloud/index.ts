/**
 * The local cloud: an offline CloudBase that the official `wx-server-sdk` talks to over its own
 * wire protocol. One folder per service (database, storage, messages, functions, timer, http),
 * composed here. It knows nothing of the project that runs on it.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { LocalClock } from './clock';
import { LocalDatabase } from './database';
import { LocalStorage } from './storage';
import { LocalMessages } from './messages';
import { FunctionHost, type FunctionSpec } from './functions/host';
import { LocalTimer } from './timer';
import { createHttpServer, listen } from './http/server';
import type { CollectionSpec } from './service';

export { LocalClock } from './clock';
export type { CollectionSpec, IndexSpec } from './service';
export type { FunctionSpec, FunctionConfig, Caller, Invocation, InvokeOptions } from './functions/host';
export { FunctionCrashError } from './functions/host';

export interface LocalCloudOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Where data lives; undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** The environment id functions see as `ENV` (CloudBase's `TCB_ENV`). */
  envId?: string;
  appid?: string;
  /** Collections and their indexes, created on open. */
  collections?: CollectionSpec[];
  functions?: FunctionSpec[];
  /** The people a developer may log in as (`GET /_local/people`). */
  people?: () => Promise<unknown[]> | unknown[];
  clock?: LocalClock;
  /** Fire timer triggers on their cron by the local clock. Off by default (tests fire by hand). */
  timer?: boolean;
  log?: (line: string) => void;
}

export class LocalCloud {
  readonly clock: LocalClock;
  readonly database: LocalDatabase;
  readonly storage: LocalStorage;
  readonly messages: LocalMessages;
  readonly functions: FunctionHost;
  readonly timer: LocalTimer;
  readonly envId: string;
  private server: Server | undefined;
  private port = 0;

  private constructor(private readonly opts: LocalCloudOptions) {
    this.clock = opts.clock ?? new LocalClock();
    this.envId = opts.envId ?? 'local';
    this.database = new LocalDatabase({ clock: this.clock, collections: opts.collections, dataDir: opts.dataDir && join(opts.dataDir, 'database') });
    this.storage = new LocalStorage({ clock: this.clock, dataDir: opts.dataDir, publicUrl: () => this.url });
    // getOpenData asks the function host who calls (by the invocation's token) and what a cloudID holds.
    this.messages = new LocalMessages({
      clock: this.clock,
      openData: { callerOf: (token) => this.functions.callerOf(token), openData: (ids, openid) => this.functions.openData(ids, openid) },
    });
    this.functions = new FunctionHost({
      clock: this.clock,
      sdkEnv: () => this.sdkEnv(),
      ops: () => ({ ...this.database.ops }),
      appid: opts.appid,
      functions: opts.functions,
      log: (l) => this.log(l),
      abortTransaction: (id) => this.database.abortTransaction(id),
    });
    this.timer = new LocalTimer({ clock: this.clock, host: this.functions, log: (l) => this.log(l) });
  }

  static async start(opts: LocalCloudOptions = {}): Promise<LocalCloud> {
    const cloud = new LocalCloud(opts);
    await cloud.database.open();
    cloud.server = createHttpServer(cloud);
    cloud.port = await listen(cloud.server, opts.port ?? 3700, opts.host ?? '127.0.0.1');
    cloud.timer.triggers(); // validates every function's cron now rather than at the first tick
    if (opts.timer) cloud.timer.start();
    return cloud;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where the SDK posts its calls (`TCB_CONTEXT_CNFG.URL`). */
  get adminUrl(): string {
    return `${this.url}/admin`;
  }

  /**
   * The environment variables that point an unmodified `wx-server-sdk` (or
   * `@cloudbase/node-sdk`) at this local cloud. The secrets are never checked, but the SDK
   * throws without them; `TENCENTCLOUD=true` stops it probing a metadata host first.
   */
  sdkEnv(): Record<string, string> {
    return {
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.adminUrl }),
      TENCENTCLOUD_SECRETID: 'localcloud',
      TENCENTCLOUD_SECRETKEY: 'localcloud',
      TENCENTCLOUD: 'true',
      TCB_ENV: this.envId,
      SCF_NAMESPACE: this.envId,
      // As inside a deployed function: the SDK then uses no shared socket pool (which, in one
      // process hosting many invocations, would make transactions queue behind each other),
      // and knows its region instead of complaining on every call.
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
    };
  }

  /**
   * Point this process's SDK at the local cloud (scripts and tests that use the SDK directly),
   * and keep the process's clock variables in step with the local clock from now on, so that
   * code run outside an invocation (seeding, fixtures) reads the same time as functions do.
   */
  applySdkEnv(): void {
    for (const [k, v] of Object.entries({ ...this.sdkEnv(), ...this.clock.env() })) process.env[k] = v;
    if (!this.clockSync) {
      this.clockSync = this.clock.onChange(() => {
        for (const [k, v] of Object.entries(this.clock.env())) process.env[k] = v;
      });
    }
  }
  private clockSync: (() => void) | undefined;

  async people(): Promise<unknown[]> {
    return (await this.opts.people?.()) ?? [];
  }

  /** Drop all data, outbox and grants; keep functions and declared collections. */
  async reset(): Promise<void> {
    await this.database.reset();
    await this.storage.reset();
    this.messages.reset();
  }

  async stop(): Promise<void> {
    this.timer.stop();
    this.clockSync?.();
    this.clockSync = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.database.close();
  }

  log(line: string): void {
    (this.opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }
}
