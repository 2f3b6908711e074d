/**
 * The api client: the only way a page reaches the backend (ARCHITECTURE.md, "Boundaries").
 *
 * `call('system.ping', { echo })` is typed from the action registry through `typings/api.ts`:
 * a misspelled action or a wrong input is a compile error, and the answer's `data` has the
 * action's output type. The client never throws to a page: whatever goes wrong on the way
 * (network down, timeout, a function that crashed, an answer that is not JSON) comes back as
 * `{ ok: false, code: 'network', message }` with a Chinese message a person can act on.
 *
 * Two transports carry a call: `wx.cloud.callFunction` (cloud mode) and `wx.request` to the
 * local cloud (local mode, see config.ts; never in a released version). Tests plug in their
 * own with `setTransport()`.
 * Only this folder touches `wx.cloud`.
 */
import type { ActionName, Answer, ErrorAnswer, FunctionName, InputOf, OutputOf } from '../../typings/api';
import { config } from '../config';
import { NETWORK_ERROR, TRANSPORT_MESSAGES, TransportError } from './errors';
import type { TransportFailure } from './errors';
import { isLocalMode, localOpenid, request } from './local';
import { functionOf } from './routes';

/** One call of an action, as a transport carries it. */
export interface CallRequest {
  fn: FunctionName;
  action: string;
  input: unknown;
}

/**
 * Carries a call to a cloud function and resolves to the function's raw answer. It may reject;
 * a `TransportError` says what kind of failure it was, anything else counts as `offline`.
 */
export type Transport = (request: CallRequest) => Promise<unknown>;

/** How long a call may take before it counts as a timeout (Excel exports take longer). */
const TIMEOUT_MS: Record<FunctionName, number> = { api: 15000, village: 15000, assess: 15000, field: 15000, ledger: 60000 };

/** An input whose fields are all optional may be left out (`Record<string, never>` too: `z.object({}).strict()`). */
type InputArgs<I> = Record<never, never> extends I ? [input?: I] : [input: I];

/** Call an interactive action, of whichever function serves it (routes.ts). */
export function call<A extends ActionName>(action: A, ...input: InputArgs<InputOf<A>>): Promise<Answer<OutputOf<A>>> {
  return send(functionOf(action), action, input[0]) as Promise<Answer<OutputOf<A>>>;
}

/** Call an action of another function (`ledger`: the Excel exports). */
export function callFunction<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...input: InputArgs<InputOf<A, F>>): Promise<Answer<OutputOf<A, F>>> {
  return send(fn, action, input[0]) as Promise<Answer<OutputOf<A, F>>>;
}

let custom: Transport | null = null;

/** Use `transport` for every call (tests); `null` goes back to the one config.ts chooses. */
export function setTransport(transport: Transport | null): void {
  custom = transport;
}

function currentTransport(): Transport {
  if (custom) return custom;
  return isLocalMode() ? localTransport : cloudTransport;
}

async function send(fn: FunctionName, action: string, input: unknown): Promise<Answer<unknown>> {
  let raw: unknown;
  try {
    // An omitted input is an empty object: the router's schemas expect an object.
    raw = await currentTransport()({ fn, action, input: input === undefined ? {} : input });
  } catch (err) {
    return failure(err instanceof TransportError ? err.kind : 'offline', fn, action, err);
  }
  return toAnswer(raw, fn, action);
}

/** Accept only what the router answers: `{ ok: true, data }` or `{ ok: false, code, message }`. */
function toAnswer(raw: unknown, fn: FunctionName, action: string): Answer<unknown> {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return failure('bad_answer', fn, action, 'not JSON');
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const a = value as Record<string, unknown>;
    // JSON drops `data: undefined`, so an ok answer of an action that returns nothing has no data.
    if (a.ok === true) return { ok: true, data: a.data };
    if (a.ok === false && typeof a.code === 'string' && typeof a.message === 'string') return a as unknown as ErrorAnswer;
  }
  return failure('bad_answer', fn, action, 'not an answer');
}

function failure(kind: TransportFailure, fn: FunctionName, action: string, detail: unknown): ErrorAnswer {
  console.warn(`[api] ${fn}/${action}: ${kind}`, detail instanceof Error ? detail.message : detail);
  return { ok: false, code: NETWORK_ERROR, message: TRANSPORT_MESSAGES[kind] };
}

/** Cloud mode: `wx.cloud.callFunction`, the function's answer is `res.result`. */
export const cloudTransport: Transport = async ({ fn, action, input }) => {
  if (!wx.cloud) throw new TransportError('offline', 'wx.cloud is not available (base library too old?)');
  try {
    const res = await wx.cloud.callFunction({ name: fn, data: { action, input } });
    return res.result;
  } catch (err) {
    throw cloudFailure(err);
  }
};

/** What kind of failure a rejected `callFunction` was, from its errCode / errMsg. */
function cloudFailure(err: unknown): TransportError {
  const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const text = `${String(e.errCode ?? '')} ${String(e.errMsg ?? e.message ?? '')}`;
  // -504003: function timed out; -504002: function threw; -404011: no such function.
  if (/timeout|timed out|-504003/i.test(text)) return new TransportError('timeout', text);
  if (/-504002|-404011|execute fail|not found/i.test(text)) return new TransportError('server', text);
  return new TransportError('offline', text);
}

/** Local mode: `POST {localUrl}/call/<fn>` as the demo person chosen on the home page. */
export const localTransport: Transport = async ({ fn, action, input }) => {
  const openid = localOpenid();
  const res = await request({
    url: `${config.localUrl}/call/${fn}`,
    method: 'POST',
    data: { action, input },
    header: openid ? { 'x-openid': openid } : {},
    timeout: TIMEOUT_MS[fn],
  });
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data;
  throw new TransportError('server', `HTTP ${res.statusCode}`);
};

/** Called once from app.ts: in cloud mode, connect to the CloudBase environment. */
export function initBackend(): void {
  if (isLocalMode()) return;
  if (!wx.cloud) {
    console.error('[api] wx.cloud is not available: use base library 2.2.3 or later');
    return;
  }
  wx.cloud.init({ ...(config.cloudEnv ? { env: config.cloudEnv } : {}), traceUser: true });
}
