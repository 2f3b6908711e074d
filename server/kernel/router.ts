/**
 * The router of every cloud function: validates the event, resolves the caller from OPENID
 * (never from the event), checks roles and organisation scope, runs the handler, and turns every
 * failure into `{ ok: false, code, message }`. Nothing else leaves a function.
 */
import * as z from 'zod';
import { AppError, ERROR_MESSAGES, type Answer } from './errors';
import { anonymousCaller, hasRole, resolveCaller, type Caller, type WxContext } from './caller';
import type { ActionContext, AnyAction, Registry, ScopeTarget } from './action';
import type { Role } from './roles';
import { now } from './clock';
import { log } from './log';
import { zodIssues } from './validation';

const Event = z.object({
  action: z.string().min(1).max(64),
  input: z.unknown().optional(),
});

/**
 * Scope check supplied by the org feature: does a grant of the caller (of one of `roles`, or of
 * any role) cover every target?
 */
export type ScopeChecker = (caller: Caller, roles: readonly Role[] | 'any', targets: ScopeTarget[]) => Promise<boolean>;
let scopeChecker: ScopeChecker | undefined;
export function registerScopeChecker(c: ScopeChecker): void {
  scopeChecker = c;
}

let seq = 0;

export async function handle(registry: Registry, event: unknown, wx: WxContext): Promise<Answer<unknown>> {
  const requestId = `${Date.now().toString(36)}-${(++seq).toString(36)}`;
  let actionName: string | undefined;
  try {
    const parsed = Event.safeParse(event);
    if (!parsed.success) throw new AppError('invalid_input', '请求格式不正确', zodIssues(parsed.error));
    actionName = parsed.data.action;
    const def = registry.get(actionName);
    if (!def) throw new AppError('unknown_action');

    const caller = await callerFor(def, wx);
    const ctx: ActionContext = { caller, now: now(), requestId, memo: new Map() };
    const input = def.input.safeParse(parsed.data.input ?? {});
    if (!input.success) throw new AppError('invalid_input', undefined, zodIssues(input.error));
    await checkScope(def, ctx, input.data);
    const data = await def.run(ctx, input.data);
    return { ok: true, data: data === undefined ? null : data };
  } catch (err) {
    if (err instanceof AppError) return err.toAnswer();
    log.error('unexpected error', { action: actionName, requestId, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    return { ok: false, code: 'internal', message: ERROR_MESSAGES.internal };
  }
}

async function callerFor(def: AnyAction, wx: WxContext): Promise<Caller> {
  const roles = def.roles;
  if (roles === 'timer') {
    if (wx.SOURCE !== 'wx_trigger') throw new AppError('forbidden');
    return anonymousCaller(wx);
  }
  if (roles === 'public') return anonymousCaller(wx);
  const caller = await resolveCaller(wx);
  if (!caller.person) throw new AppError('not_bound');
  if (roles !== 'bound' && !hasRole(caller, roles)) throw new AppError('forbidden');
  return caller;
}

async function checkScope(def: AnyAction, ctx: ActionContext, input: unknown): Promise<void> {
  if (!def.scope) return;
  const found = await def.scope(ctx, input);
  const targets = found === null ? [] : Array.isArray(found) ? found : [found];
  // An unknown target is refused exactly like one outside the caller's scope, so the answer
  // tells nothing about whether it exists.
  if (targets.length === 0 || !scopeChecker) throw new AppError('forbidden');
  const roles = Array.isArray(def.roles) ? (def.roles as readonly Role[]) : 'any';
  if (!(await scopeChecker(ctx.caller, roles, targets))) throw new AppError('forbidden');
}
