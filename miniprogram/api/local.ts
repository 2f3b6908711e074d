/**
 * Local mode only (config.ts): plain HTTP to the local cloud, and the local login that stands
 * in for WeChat's — the developer picks a demo person, whose openid then goes with every call
 * in the `x-openid` header. A deployed function never reads that header.
 */
import type { Answer } from '../../typings/api';
import { config } from '../config';
import { NETWORK_ERROR, TRANSPORT_MESSAGES, TransportError } from './errors';

/** Where the chosen demo person's openid is kept. */
export const OPENID_KEY = 'localcloud.openid';

/**
 * Local mode as config.ts says, except in a released version: a release never talks to a
 * local cloud (it could not reach one), whatever config.ts was left at when it was uploaded.
 */
export function isLocalMode(): boolean {
  return config.mode === 'local' && !isRelease();
}

function isRelease(): boolean {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion === 'release';
  } catch {
    return false;
  }
}

/** The openid of the demo person logged in locally, or '' for none. */
export function localOpenid(): string {
  try {
    const v: unknown = wx.getStorageSync(OPENID_KEY);
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

/** Log in locally as `openid` (null: log out). */
export function setLocalOpenid(openid: string | null): void {
  try {
    if (openid) wx.setStorageSync(OPENID_KEY, openid);
    else wx.removeStorageSync(OPENID_KEY);
  } catch (err) {
    console.warn('[api] could not store the local login', err);
  }
}

export interface HttpResponse {
  statusCode: number;
  data: unknown;
}

/** `wx.request` as a promise; a failure to get any response rejects with a TransportError. */
export function request(options: { url: string; method: 'GET' | 'POST'; data?: Record<string, unknown>; header?: Record<string, string>; timeout: number }): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: options.url,
      method: options.method,
      data: options.data,
      header: { 'content-type': 'application/json', ...options.header },
      timeout: options.timeout,
      dataType: 'json',
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
      fail: (err) => reject(new TransportError(/timeout/i.test(err.errMsg) ? 'timeout' : 'offline', err.errMsg)),
    });
  });
}

/** A demo person of the local cloud, as the local login lists them. */
export interface LocalPerson {
  openid: string;
  name: string;
  /** Title, roles and units, in Chinese, as far as the local cloud tells them. */
  detail: string;
}

const ROLE_NAMES: Record<string, string> = {
  cadre: '驻村干部',
  staff: '组织部',
  approver: '审批人',
  discipline: '纪委监委',
  department: '职能部门',
  groupAdmin: '村群管理员',
  tutor: '驻村辅导师',
  villager: '村民',
};

/** The demo people (`GET {localUrl}/_local/people`), whatever fields the local cloud gives them. */
export async function localPeople(): Promise<Answer<LocalPerson[]>> {
  let res: HttpResponse;
  try {
    res = await request({ url: `${config.localUrl}/_local/people`, method: 'GET', timeout: 10000 });
  } catch (err) {
    return { ok: false, code: NETWORK_ERROR, message: TRANSPORT_MESSAGES[err instanceof TransportError ? err.kind : 'offline'] };
  }
  const body = (typeof res.data === 'object' && res.data ? res.data : {}) as { ok?: unknown; data?: unknown };
  if (res.statusCode !== 200 || body.ok !== true || !Array.isArray(body.data)) {
    return { ok: false, code: NETWORK_ERROR, message: TRANSPORT_MESSAGES.bad_answer };
  }
  return { ok: true, data: body.data.map(toPerson).filter((p): p is LocalPerson => p !== null) };
}

function toPerson(item: unknown): LocalPerson | null {
  if (!item || typeof item !== 'object') return null;
  const p = item as Record<string, unknown>;
  if (typeof p.openid !== 'string' || !p.openid) return null;
  const grants = (Array.isArray(p.roles) ? p.roles : p.role !== undefined ? [p.role] : []).map(grantName).filter(Boolean);
  const unit = text(p.unit) || text(p.unitName) || text(p.orgName) || text(p.orgUnit);
  const detail = [text(p.title), grants.filter((g, i) => grants.indexOf(g) === i).join('、'), unit].filter(Boolean).join(' · ');
  return { openid: p.openid, name: text(p.name) || p.openid, detail };
}

/** A role as a string (`cadre`) or a grant (`{ role, roleName?, unitName? }`), in Chinese. */
function grantName(r: unknown): string {
  if (typeof r === 'string') return ROLE_NAMES[r] ?? r;
  if (!r || typeof r !== 'object') return '';
  const g = r as Record<string, unknown>;
  const role = text(g.role);
  const name = text(g.roleName) || ROLE_NAMES[role] || role;
  const unit = text(g.unitName) || text(g.orgName);
  return name && unit ? `${name}（${unit}）` : name;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).name === 'string') return (v as { name: string }).name;
  return '';
}

/**
 * Local mode: tell the local cloud that the logged-in person accepted one send of `templateId`
 * (`POST {localUrl}/_local/grants`), as WeChat itself records a tap on 允许. Without it the local
 * outbox refuses the reminder like WeChat would (43101). Best effort: a failure changes nothing
 * the person sees.
 */
export async function localGrant(templateId: string): Promise<boolean> {
  const openid = localOpenid();
  if (!openid) return false;
  try {
    const res = await request({ url: `${config.localUrl}/_local/grants`, method: 'POST', data: { openid, templateId, count: 1 }, timeout: 10000 });
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

/** Where the village group the local card was "opened from" is kept (local mode stands in for WeChat's group). */
export const LOCAL_GROUP_KEY = 'localcloud.group';
/** The demo group the local card opens from by default: the demo seed binds `demo-group-<villageId>`. */
export const DEFAULT_LOCAL_GROUP = 'demo-group-vil-shibadong';
/** Stored for "opened elsewhere, not from a group" (a page query `group=none`). */
const NO_GROUP = 'none';

/**
 * Local mode: the `opengid` of the group the card counts as opened from — the one a page query
 * `group=` last named (kept), else the default demo group; '' for none (`group=none`).
 */
export function localGroup(): string {
  try {
    const v: unknown = wx.getStorageSync(LOCAL_GROUP_KEY);
    if (v === NO_GROUP) return '';
    return typeof v === 'string' && v ? v : DEFAULT_LOCAL_GROUP;
  } catch {
    return DEFAULT_LOCAL_GROUP;
  }
}

/** Local mode: open cards from group `opengid` from now on (null: from no group). */
export function setLocalGroup(opengid: string | null): void {
  try {
    wx.setStorageSync(LOCAL_GROUP_KEY, opengid || NO_GROUP);
  } catch (err) {
    console.warn('[api] could not store the local group', err);
  }
}

/**
 * Local mode: a cloudID for `{ opengid }` signed by the local cloud for the logged-in person
 * (`POST {localUrl}/_local/cloudid`), as WeChat issues one from `wx.getGroupEnterInfo`; null
 * when the local cloud cannot be reached.
 */
export async function localCloudId(opengid: string): Promise<string | null> {
  try {
    const res = await request({ url: `${config.localUrl}/_local/cloudid`, method: 'POST', data: { openid: localOpenid(), data: { opengid } }, timeout: 10000 });
    const body = (res.data && typeof res.data === 'object' ? res.data : {}) as { ok?: unknown; data?: { cloudID?: unknown } };
    const id = body.data?.cloudID;
    return res.statusCode === 200 && body.ok === true && typeof id === 'string' && id ? id : null;
  } catch (err) {
    console.warn('[api] local cloudID failed', err);
    return null;
  }
}
