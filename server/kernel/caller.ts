/**
 * The caller of an action: who they are comes only from the platform's `OPENID`
 * (`cloud.getWXContext()`), never from the event.
 *
 * The kernel does not own people: the people feature registers a resolver that turns an
 * OPENID into a person with role grants. Until one is registered, every caller is unbound.
 */
import type { Role } from './roles';

/** A role held over an org unit's subtree. */
export interface Grant {
  role: Role;
  orgUnitId: string;
  /** The unit's path (ids from the root to the unit). */
  path: string[];
  [extra: string]: unknown;
}

/** What the router needs of a person; the people feature's documents carry more. */
export interface Person {
  _id: string;
  name: string;
  grants: Grant[];
}

/** What the platform tells us about the call (from `cloud.getWXContext()`). */
export interface WxContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  ENV?: string;
  SOURCE?: string;
}

export interface Caller {
  openid: string | undefined;
  /** `wx_client`, `wx_trigger` (timer), … */
  source: string;
  /** The bound person, or null for an unbound WeChat user (or a timer run). */
  person: Person | null;
}

export type CallerResolver = (openid: string) => Promise<Person | null>;

let resolver: CallerResolver | undefined;

export function registerCallerResolver(r: CallerResolver): void {
  resolver = r;
}

export async function resolveCaller(wx: WxContext): Promise<Caller> {
  const openid = wx.OPENID || undefined;
  const source = wx.SOURCE || 'wx_client';
  const person = openid && resolver ? await resolver(openid) : null;
  return { openid, source, person };
}

/** The caller before anyone looked them up (for public actions, which must cost no read). */
export function anonymousCaller(wx: WxContext): Caller {
  return { openid: wx.OPENID || undefined, source: wx.SOURCE || 'wx_client', person: null };
}

export function hasRole(caller: Caller, roles: readonly Role[]): boolean {
  return !!caller.person?.grants.some((g) => roles.includes(g.role));
}
