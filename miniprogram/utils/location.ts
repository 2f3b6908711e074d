/**
 * The phone's side of a check-in: one location fix when the cadre taps 签到 (never in the
 * background: no `startLocationUpdateBackground`), a `clientId` per attempt, and the fixes kept
 * on the phone while the network is down (PLATFORM.md, "Location"; issue 5, "Offline
 * tolerance"). The server judges everything else.
 */
import type { InputOf } from '../api/index';
import { phoneNow } from './day';

export type CheckinInput = InputOf<'checkin.submit'>;

/** One fix as the server takes it, with the phone's capture time. */
export interface Fix {
  /** GCJ-02, as `wx.getLocation({ type: 'gcj02' })` gives it and as fences are stored. */
  lat: number;
  lng: number;
  /** Metres. */
  accuracy: number;
  /** Metres per second; -1 when the phone does not know. */
  speed?: number;
  altitude?: number;
  /** ISO 8601: when the phone took the fix, by its own clock. */
  capturedAt: string;
}

/** What `wx.getLocation` is asked for: the real position, as precise as the phone gives in 3 s. */
export const LOCATION_OPTIONS = { type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 3000 } as const;

export type LocateFailure = 'privacy' | 'denied' | 'off' | 'timeout' | 'failed';
export type Located = { ok: true; fix: Fix } | { ok: false; reason: LocateFailure; message: string };

export const LOCATE_MESSAGES: Record<LocateFailure, string> = {
  privacy: '您还没有同意《隐私保护指引》，无法获取位置。需要签到时请再点“签到”，并点“同意”',
  denied: '您没有允许“在岗”使用位置信息，无法签到。请点下面的“去设置”，打开“位置信息”后再签到',
  off: '手机没有打开定位，或没有允许微信使用定位。请在手机的设置里打开“定位”（GPS）并允许微信使用，再点“签到”',
  timeout: '定位超时。请走到屋外或开阔处，再点一次“签到”',
  failed: '暂时无法获取位置，请稍后再点一次“签到”',
};

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The fix from `wx.getLocation`'s answer, kept inside what the server accepts. */
export function fixOf(res: { latitude: number; longitude: number; accuracy?: number; speed?: number; altitude?: number }, capturedMs: number): Fix {
  const fix: Fix = {
    lat: res.latitude,
    lng: res.longitude,
    accuracy: finite(res.accuracy) ? clamp(res.accuracy, 0, 100_000) : 100_000,
    capturedAt: new Date(capturedMs).toISOString(),
  };
  if (finite(res.speed)) fix.speed = clamp(res.speed, -1, 1000);
  if (finite(res.altitude)) fix.altitude = clamp(res.altitude, -1000, 10_000);
  return fix;
}

/** Why `wx.getLocation` failed, from its errMsg / errno, in words a cadre can act on. */
export function locateFailure(err: unknown): { ok: false; reason: LocateFailure; message: string } {
  const e = (err ?? {}) as { errMsg?: unknown; errno?: unknown; message?: unknown };
  const text = `${String(e.errMsg ?? e.message ?? '')} ${String(e.errno ?? '')}`;
  let reason: LocateFailure = 'failed';
  if (/privacy/i.test(text) || /\b104\b/.test(text)) reason = 'privacy';
  else if (/system permission|location ?switch ?off|locationswitchoff|service.*(off|disabled)/i.test(text)) reason = 'off';
  else if (/auth den|auth deny|authorize|permission/i.test(text)) reason = 'denied';
  else if (/timeout|time out/i.test(text)) reason = 'timeout';
  return { ok: false, reason, message: LOCATE_MESSAGES[reason] };
}

/** One fix, now (`wx.getLocation`); the capture time is the phone's clock when it answered. */
export function locate(): Promise<Located> {
  return new Promise((resolve) => {
    try {
      wx.getLocation({
        ...LOCATION_OPTIONS,
        success: (res) => resolve({ ok: true, fix: fixOf(res, phoneNow()) }),
        fail: (err) => resolve(locateFailure(err)),
      });
    } catch (err) {
      resolve(locateFailure(err));
    }
  });
}

/** A new check-in attempt's id: made once, kept across its retries, so the server records it once. */
export function newClientId(): string {
  let r = '';
  while (r.length < 12) r += Math.random().toString(36).slice(2);
  return `${phoneNow().toString(36)}-${r.slice(0, 12)}`;
}

/** A check-in the phone could not send yet. */
export interface PendingCheckin {
  clientId: string;
  fix: Fix;
}

/** Where the pending check-ins are kept (`wx.setStorageSync`). */
export const PENDING_KEY = 'checkin.pending';
/** More than this is a phone that has been offline for days: the oldest go (the server would refuse them anyway). */
const MAX_PENDING = 20;

function isPending(v: unknown): v is PendingCheckin {
  const p = v as PendingCheckin | null;
  return !!p && typeof p.clientId === 'string' && !!p.fix && finite(p.fix.lat) && finite(p.fix.lng) && finite(p.fix.accuracy) && typeof p.fix.capturedAt === 'string';
}

/** The pending check-ins, oldest first. */
export function pendingCheckins(): PendingCheckin[] {
  try {
    const v: unknown = wx.getStorageSync(PENDING_KEY);
    return Array.isArray(v) ? v.filter(isPending) : [];
  } catch {
    return [];
  }
}

function save(list: PendingCheckin[]): void {
  try {
    if (list.length) wx.setStorageSync(PENDING_KEY, list.slice(-MAX_PENDING));
    else wx.removeStorageSync(PENDING_KEY);
  } catch (err) {
    console.warn('[checkin] could not keep the pending check-ins', err);
  }
}

/** Keep a check-in to send later (once: by its clientId). */
export function keepPending(item: PendingCheckin): void {
  save([...pendingCheckins().filter((p) => p.clientId !== item.clientId), item]);
}

/** Forget a pending check-in (sent, or refused for good). */
export function dropPending(clientId: string): void {
  save(pendingCheckins().filter((p) => p.clientId !== clientId));
}

/** What `checkin.submit` takes for an attempt. */
export function submitInput(item: PendingCheckin): CheckinInput {
  const { fix } = item;
  return {
    clientId: item.clientId,
    lat: fix.lat,
    lng: fix.lng,
    accuracy: fix.accuracy,
    ...(fix.speed !== undefined ? { speed: fix.speed } : {}),
    ...(fix.altitude !== undefined ? { altitude: fix.altitude } : {}),
    capturedAt: fix.capturedAt,
  };
}
