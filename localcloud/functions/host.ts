/**
 * The function host: runs cloud function entries (`exports.main = async (event, context) => …`)
 * the way CloudBase does, with the official SDK pointed at the local cloud by environment
 * variables only.
 *
 * CloudBase hands each invocation its caller through environment variables
 * (`WX_CONTEXT_KEYS`, `WX_OPENID`, …), which `cloud.getWXContext()` reads. Here many
 * invocations share one process, so the host sets those variables immediately before it calls
 * the entry, synchronously; an entry that reads `getWXContext()` before its first `await`
 * therefore always sees its own caller, however many calls run side by side.
 *
 * Each invocation also gets a fresh `WX_API_TOKEN`, listed in `WX_CONTEXT_KEYS` as CloudBase
 * must list it (`@cloudbase/node-sdk` reads it only through that list; `getWXContext()` drops it
 * by name). The SDK sends it with every open API call as `wxCloudApiToken`; `callerOf(token)` tells
 * the messages service whose call it is while the invocation runs. Each entry runs in an async
 * scope of its own, so that what it keeps in `AsyncLocalStorage` (`enterWith`) stays with it.
 */
import { AsyncResource } from 'node:async_hooks';
import { createHmac, randomBytes } from 'node:crypto';
import type { LocalClock } from '../clock';
import type { CloudIdResult } from '../messages';
import type { AdminAnswer, AdminRequest } from '../service';
import { CrashPoint, FunctionCrashError } from './crash';

export { FunctionCrashError } from './crash';

export type FunctionEntry = (event: unknown, context: unknown) => unknown;

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** 7-field cron in UTC+8: second minute hour day month weekday year. */
  config: string;
}

/** A function's `config.json`, as CloudBase reads it. */
export interface FunctionConfig {
  permissions?: { openapi?: string[] };
  triggers?: TimerTrigger[];
  /** Seconds; CloudBase's default is 3, its maximum 60 (900 for async). */
  timeout?: number;
}

export interface FunctionSpec {
  name: string;
  /** Loads the module that exports `main` (from source in tests, from a built bundle elsewhere). */
  load: () => { main: FunctionEntry };
  config?: FunctionConfig;
}

export interface Caller {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** `wx_client` for a mini program call, `wx_trigger` for a timer, `wx_http` for the local HTTP route. */
  source?: string;
}

/** Faults a test may ask of one invocation (none by default). */
export interface InvokeOptions {
  /**
   * Kill the invocation after its k-th billed database write: later requests never reach the
   * cloud, the writes so far stay, and `invoke` rejects with `FunctionCrashError` (see crash.ts).
   * An invocation that makes no more than k writes finishes normally. It must run alone.
   */
  crashAfterWrites?: number;
}

export interface Invocation {
  id: number;
  fn: string;
  at: string;
  ms: number;
  openid?: string;
  source: string;
  /** Billed database operations observed while this invocation ran. */
  ops: { reads: number; writes: number };
  /** False when another invocation ran at the same time (its operations may be counted here too). */
  exclusive: boolean;
  error?: string;
}

export class FunctionNotFoundError extends Error {
  readonly code = 'FUNCTION_NOT_FOUND';
  constructor(name: string) {
    super(`function not found: ${name}`);
  }
}

export class FunctionTimeoutError extends Error {
  readonly code = 'FUNCTION_TIMEOUT';
  constructor(name: string, seconds: number) {
    super(`function ${name} did not finish within ${seconds} s`);
  }
}

/** CloudBase's documented ceiling for a synchronous invocation. */
const MAX_TIMEOUT_S = 60;
/** CloudBase's default timeout when config.json names none. */
const DEFAULT_TIMEOUT_S = 3;
/** A cloudID is valid for five minutes (PLATFORM.md, "Groups, calls"). */
const CLOUD_ID_TTL_MS = 5 * 60_000;
/**
 * CloudBase replaces at most five CloudIDs in one call's data; `getOpenData` documents no limit,
 * and the local cloud holds it to the same five.
 */
export const MAX_CLOUD_IDS = 5;
/**
 * The codes of a cloudID that yields no data: `ERR_CODE` of wx-server-sdk 4.0.2 (-601005 invalid,
 * -601006 expired, -601007 issued to another user); WeChat's own example reads
 * `{ cloudID, errCode: -601006, errMsg: "cloudID expired." }`. Too many is our guess.
 */
export const CLOUD_ID_ERROR = {
  INVALID: { errCode: -601005, errMsg: 'invalid cloudID.' },
  EXPIRED: { errCode: -601006, errMsg: 'cloudID expired.' },
  USER_NOT_MATCH: { errCode: -601007, errMsg: 'cloudID and calling user does not match.' },
  TOO_MANY: { errCode: -601002, errMsg: `system args error: at most ${MAX_CLOUD_IDS} cloudIDs in one call.` },
} as const;
const HISTORY = 1_000;
/** Tokens of running invocations kept at most (the oldest go first past this). */
const MAX_LIVE_TOKENS = 10_000;

export class FunctionHost {
  private readonly specs = new Map<string, FunctionSpec>();
  private readonly modules = new Map<string, { main: FunctionEntry }>();
  private readonly history: Invocation[] = [];
  private running = 0;
  private seq = 0;
  private readonly cloudIdKey = randomBytes(32);
  /** `WX_API_TOKEN` → caller, for the invocations that are running. */
  private readonly apiTokens = new Map<string, { openid: string }>();
  /** The crash point of the running invocation that a test armed (see crash.ts). */
  private crash: CrashPoint | undefined;

  constructor(
    private readonly opts: {
      clock: LocalClock;
      /** Variables that point the SDK at the local cloud (set on every invocation). */
      sdkEnv: () => Record<string, string>;
      /** The billed-operation counter of the local database. */
      ops: () => { reads: number; writes: number };
      appid?: string;
      functions?: FunctionSpec[];
      log?: (line: string) => void;
      /** Aborts an open database transaction (one a crashed invocation left behind). */
      abortTransaction?: (id: string) => void;
    },
  ) {
    for (const f of opts.functions ?? []) this.register(f);
  }

  register(spec: FunctionSpec): void {
    this.specs.set(spec.name, spec);
    this.modules.delete(spec.name);
  }

  names(): string[] {
    return [...this.specs.keys()];
  }

  spec(name: string): FunctionSpec | undefined {
    return this.specs.get(name);
  }

  invocations(): Invocation[] {
    return [...this.history];
  }

  /** Run one invocation. Resolves with the function's JSON-serialisable result. */
  async invoke(name: string, event: unknown, caller: Caller = {}, opts: InvokeOptions = {}): Promise<{ result: unknown; invocation: Invocation }> {
    const spec = this.specs.get(name);
    if (!spec) throw new FunctionNotFoundError(name);
    // The local cloud tells a crashed invocation's requests from others' only by running it alone.
    if (this.crash) throw new Error(`cannot start ${name}: an invocation armed to crash is running, and must run alone`);
    if (opts.crashAfterWrites !== undefined && this.running > 0) throw new Error(`cannot arm ${name} to crash while ${this.running} invocation(s) run: it must run alone`);
    let mod = this.modules.get(name);
    if (!mod) {
      mod = spec.load();
      if (typeof mod?.main !== 'function') throw new Error(`function ${name} exports no main()`);
      this.modules.set(name, mod);
    }
    const source = caller.source ?? 'wx_client';
    // The platform delivers `data` as JSON: whatever does not survive JSON does not arrive.
    const payload = this.decodeCloudIds(jsonCopy(event ?? {}), caller.openid);
    const invocation: Invocation = {
      id: ++this.seq,
      fn: name,
      at: this.opts.clock.now().toISOString(),
      ms: 0,
      openid: caller.openid,
      source,
      ops: { reads: 0, writes: 0 },
      exclusive: this.running === 0,
    };
    const crash = opts.crashAfterWrites === undefined ? undefined : new CrashPoint(opts.crashAfterWrites);
    const before = this.opts.ops();
    const started = performance.now();
    this.crash = crash;
    this.running += 1;
    const concurrentAtStart = this.seq;

    // Everything from here to the call of main() is synchronous: the caller's variables are
    // set and read without any other invocation interleaving.
    const token = this.applyEnv(caller, source);
    const context = { request_id: `local-${invocation.id}`, function_name: name, environ: '', memory_limit_in_mb: 256, time_limit_in_ms: timeoutOf(spec) * 1000 };
    const main = mod.main;
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = Promise.resolve(new AsyncResource('LOCAL_INVOCATION').runInAsyncScope(() => main(payload, context)));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FunctionTimeoutError(name, timeoutOf(spec))), timeoutOf(spec) * 1000);
        timer.unref?.();
      });
      const result = jsonCopy(await Promise.race([pending, timeout]));
      if (crash?.tripped) throw new FunctionCrashError(name, crash.writes);
      return { result, invocation };
    } catch (thrown) {
      // A killed invocation ends as a crash, whatever it was doing when it died.
      const err = crash?.tripped && !(thrown instanceof FunctionCrashError) ? new FunctionCrashError(name, crash.writes) : thrown;
      if (err instanceof FunctionCrashError) err.invocation = invocation;
      invocation.error = err instanceof Error ? err.message : String(err);
      this.opts.log?.(`[functions] ${name} failed: ${invocation.error}`);
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      // The token dies with its invocation (a timed-out one included).
      this.apiTokens.delete(token);
      if (crash) {
        this.crash = undefined;
        // What CloudBase's transaction timeout would do before anyone could retry.
        for (const id of crash.transactions) this.opts.abortTransaction?.(id);
      }
      this.running -= 1;
      const after = this.opts.ops();
      invocation.ops = { reads: after.reads - before.reads, writes: after.writes - before.writes };
      invocation.ms = Math.round((performance.now() - started) * 100) / 100;
      if (this.seq !== concurrentAtStart || this.running > 0) invocation.exclusive = false;
      this.history.push(invocation);
      if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    }
  }

  /**
   * Serve one request of the admin endpoint (what the SDK sends from inside a function), unless
   * it comes from an invocation that a test has killed (see `InvokeOptions.crashAfterWrites`).
   */
  serveAdmin(req: AdminRequest, serve: () => Promise<AdminAnswer>): Promise<AdminAnswer> {
    return this.crash ? this.crash.serve(req, serve) : serve();
  }

  /**
   * Issue a cloudID, as WeChat does for data it vouches for (e.g. the `opengid` of a group a
   * card was opened from). It is bound to the user it was issued for and expires in five
   * minutes; the host decodes it into the event, so a client cannot forge the data inside.
   */
  issueCloudId(openid: string, data: Record<string, unknown>): string {
    const body = Buffer.from(JSON.stringify({ o: openid, d: data, e: this.opts.clock.nowMs() + CLOUD_ID_TTL_MS })).toString('base64url');
    return `local.${body}.${this.sign(body)}`;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.cloudIdKey).update(body).digest('base64url').slice(0, 32);
  }

  /**
   * CloudBase replaces every top-level field of `data` that the client wrapped with
   * `wx.cloud.CloudID(id)` (it arrives as `{ cloudID }`) by `{ cloudID, data }`, decrypted for
   * the calling user. Five at most per call. A cloudID that is forged, expired or issued for
   * someone else yields `{ cloudID, errCode, errMsg }` instead.
   */
  private decodeCloudIds(event: unknown, openid: string | undefined): unknown {
    if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
    const out: Record<string, unknown> = { ...(event as Record<string, unknown>) };
    let seen = 0;
    for (const [key, value] of Object.entries(out)) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
      const keys = Object.keys(value);
      if (keys.length !== 1 || keys[0] !== 'cloudID' || typeof (value as { cloudID: unknown }).cloudID !== 'string') continue;
      seen += 1;
      const cloudID = (value as { cloudID: string }).cloudID;
      out[key] = seen > MAX_CLOUD_IDS ? { cloudID, ...CLOUD_ID_ERROR.TOO_MANY } : this.decodeCloudId(cloudID, openid);
    }
    return out;
  }

  /** `cloud.getOpenData({ list })` for the caller `openid`: one result per cloudID, in order, five at most. */
  openData(cloudIds: string[], openid: string | undefined): CloudIdResult[] {
    return cloudIds.map((cloudID, i) => (i >= MAX_CLOUD_IDS ? { cloudID, ...CLOUD_ID_ERROR.TOO_MANY } : this.decodeCloudId(cloudID, openid)));
  }

  /** What one cloudID holds for the caller `openid`: its data, or why not. */
  decodeCloudId(cloudID: string, openid: string | undefined): CloudIdResult {
    const [prefix, body, sig, extra] = String(cloudID).split('.');
    if (prefix !== 'local' || !body || !sig || extra !== undefined || this.sign(body) !== sig) return { cloudID, ...CLOUD_ID_ERROR.INVALID };
    let parsed: { o: string; d: unknown; e: number };
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { o: string; d: unknown; e: number };
    } catch {
      return { cloudID, ...CLOUD_ID_ERROR.INVALID };
    }
    if (!openid || parsed.o !== openid) return { cloudID, ...CLOUD_ID_ERROR.USER_NOT_MATCH };
    if (!(parsed.e >= this.opts.clock.nowMs())) return { cloudID, ...CLOUD_ID_ERROR.EXPIRED };
    return { cloudID, data: parsed.d };
  }

  /** The caller of the running invocation that was given this `WX_API_TOKEN`. */
  callerOf(token: string): { openid: string } | undefined {
    const c = this.apiTokens.get(token);
    return c ? { ...c } : undefined;
  }

  /** Sets the invocation's variables; returns its fresh `WX_API_TOKEN`. */
  private applyEnv(caller: Caller, source: string): string {
    const token = randomBytes(24).toString('base64url');
    this.apiTokens.set(token, { openid: caller.openid ?? '' });
    if (this.apiTokens.size > MAX_LIVE_TOKENS) this.apiTokens.delete(this.apiTokens.keys().next().value as string);
    const env: Record<string, string> = {
      ...this.opts.sdkEnv(),
      ...this.opts.clock.env(),
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_SOURCE,WX_CLIENTIP,WX_API_TOKEN',
      WX_OPENID: caller.openid ?? '',
      WX_APPID: caller.appid ?? this.opts.appid ?? 'wxlocal000000000',
      WX_UNIONID: caller.unionid ?? '',
      WX_SOURCE: source,
      WX_CLIENTIP: '127.0.0.1',
      WX_API_TOKEN: token,
    };
    for (const [k, v] of Object.entries(env)) process.env[k] = v;
    return token;
  }
}

function timeoutOf(spec: FunctionSpec): number {
  return Math.min(spec.config?.timeout ?? DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S);
}

function jsonCopy<T>(value: T): T {
  return value === undefined ? (value as T) : (JSON.parse(JSON.stringify(value)) as T);
}
