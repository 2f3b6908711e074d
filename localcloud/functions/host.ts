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
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { LocalClock } from '../clock';

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
const HISTORY = 1_000;

export class FunctionHost {
  private readonly specs = new Map<string, FunctionSpec>();
  private readonly modules = new Map<string, { main: FunctionEntry }>();
  private readonly history: Invocation[] = [];
  private running = 0;
  private seq = 0;
  private readonly cloudIdKey = randomBytes(32);

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
  async invoke(name: string, event: unknown, caller: Caller = {}): Promise<{ result: unknown; invocation: Invocation }> {
    const spec = this.specs.get(name);
    if (!spec) throw new FunctionNotFoundError(name);
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
    const before = this.opts.ops();
    const started = performance.now();
    this.running += 1;
    const concurrentAtStart = this.seq;

    // Everything from here to the call of main() is synchronous: the caller's variables are
    // set and read without any other invocation interleaving.
    this.applyEnv(caller, source);
    const context = { request_id: `local-${invocation.id}`, function_name: name, environ: '', memory_limit_in_mb: 256, time_limit_in_ms: timeoutOf(spec) * 1000 };
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = Promise.resolve(mod.main(payload, context));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FunctionTimeoutError(name, timeoutOf(spec))), timeoutOf(spec) * 1000);
        timer.unref?.();
      });
      const result = jsonCopy(await Promise.race([pending, timeout]));
      return { result, invocation };
    } catch (err) {
      invocation.error = err instanceof Error ? err.message : String(err);
      this.opts.log?.(`[functions] ${name} failed: ${invocation.error}`);
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
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
   * someone else yields an error object instead of data.
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
      if (seen > 5) {
        out[key] = { cloudID, errCode: -601011, errMsg: 'too many cloudID in one call (at most 5)' };
        continue;
      }
      out[key] = this.decodeCloudId(cloudID, openid);
    }
    return out;
  }

  private decodeCloudId(cloudID: string, openid: string | undefined): unknown {
    const invalid = { cloudID, errCode: -601006, errMsg: 'invalid cloudID' };
    const [prefix, body, sig] = cloudID.split('.');
    if (prefix !== 'local' || !body || !sig || this.sign(body) !== sig) return invalid;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { o: string; d: unknown; e: number };
      if (parsed.o !== openid) return invalid;
      if (parsed.e < this.opts.clock.nowMs()) return { cloudID, errCode: -601007, errMsg: 'cloudID expired' };
      return { cloudID, data: parsed.d };
    } catch {
      return invalid;
    }
  }

  private applyEnv(caller: Caller, source: string): void {
    const env: Record<string, string> = {
      ...this.opts.sdkEnv(),
      ...this.opts.clock.env(),
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_SOURCE,WX_CLIENTIP',
      WX_OPENID: caller.openid ?? '',
      WX_APPID: caller.appid ?? this.opts.appid ?? 'wxlocal000000000',
      WX_UNIONID: caller.unionid ?? '',
      WX_SOURCE: source,
      WX_CLIENTIP: '127.0.0.1',
    };
    for (const [k, v] of Object.entries(env)) process.env[k] = v;
  }
}

function timeoutOf(spec: FunctionSpec): number {
  return Math.min(spec.config?.timeout ?? DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S);
}

function jsonCopy<T>(value: T): T {
  return value === undefined ? (value as T) : (JSON.parse(JSON.stringify(value)) as T);
}
