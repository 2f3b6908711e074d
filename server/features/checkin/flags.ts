/**
 * Risk flags of a check-in: evidence with a confidence (0..1) for staff to review, never a
 * penalty. WeChat gives no "mock location" signal (PLATFORM.md), so each flag says what looks
 * wrong, how strongly, and, in Chinese, why.
 */
import * as z from 'zod';
import { shanghai } from '../../kernel/clock';
import { distanceM } from '../org/rules';
import type { FenceDecision } from './geo';

/** A location fix as `wx.getLocation({ type: 'gcj02', isHighAccuracy: true })` gives it, with its capture time. */
export interface Fix {
  /** GCJ-02. */
  lat: number;
  lng: number;
  /** Horizontal accuracy, metres (the radius the phone is confident about). */
  accuracy: number;
  /** Metres per second; negative means unknown (iOS reports -1). */
  speed?: number;
  /** Metres; many phones report 0 when they do not know. */
  altitude?: number;
  /** When the phone took the fix (the phone's clock: evidence, not truth). */
  capturedAt: Date;
}

export const FLAG_KINDS = ['poorAccuracy', 'repeatedFix', 'impossibleTravel', 'outsideFence', 'noFence', 'lateUpload'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export interface Flag {
  kind: FlagKind;
  /** How strongly this points at a problem, 0..1 (two decimals). */
  confidence: number;
  /** For staff, in Chinese, e.g. `定位精度约 850 米`. */
  detail: string;
}

/** The thresholds of the risk flags. Every "above" is strict: a value equal to a threshold raises nothing. */
export const CheckinRulesConfig = z.object({
  /** `poorAccuracy` when the fix's accuracy is above this many metres… */
  poorAccuracyM: z.number().positive(),
  /** …its confidence growing from 0.3 to 0.9, reached at this many metres. */
  poorAccuracyFullM: z.number().positive(),
  /** `repeatedFix` compares coordinates rounded to this many decimals (6 ≈ 0.1 m). */
  repeatDecimals: z.number().int().min(4).max(10),
  /** `impossibleTravel` when the implied speed between consecutive fixes is above this (km/h). */
  maxSpeedKmh: z.number().positive(),
  /** `lateUpload` when the fix was captured more than this many minutes before the server's time… */
  lateUploadMin: z.number().nonnegative(),
  /** …its confidence growing from 0.3 to 0.8, reached at this many minutes. */
  lateUploadFullMin: z.number().positive(),
  /** A capture time more than this many minutes after the server's time is flagged too, more strongly. */
  futureSkewMin: z.number().nonnegative(),
}).refine((c) => c.poorAccuracyFullM > c.poorAccuracyM && c.lateUploadFullMin > c.lateUploadMin, { message: '满分阈值必须大于起始阈值' });
export type CheckinRulesConfig = z.infer<typeof CheckinRulesConfig>;

export const DEFAULT_CHECKIN_RULES: CheckinRulesConfig = Object.freeze({
  poorAccuracyM: 200,
  poorAccuracyFullM: 1000,
  repeatDecimals: 6,
  maxSpeedKmh: 150,
  lateUploadMin: 2,
  lateUploadFullMin: 120,
  futureSkewMin: 2,
});

export interface FlagContext {
  serverTime: Date;
  /** Where the fix stands against the village's fence; null when the village has no fence. */
  fence: FenceDecision | null;
  /** Thresholds; missing ones take `DEFAULT_CHECKIN_RULES`. */
  config?: Partial<CheckinRulesConfig>;
}

const MIN_MS = 60_000;

/**
 * The flags a fix raises, in the order of `FLAG_KINDS`. `previous` is the cadre's previous fix
 * (by capture time), or null for the first.
 */
export function riskFlags(current: Fix, previous: Fix | null, context: FlagContext): Flag[] {
  const cfg: CheckinRulesConfig = { ...DEFAULT_CHECKIN_RULES, ...context.config };
  const flags: Flag[] = [];

  // Poor accuracy: the phone itself says it does not know well where it is.
  if (current.accuracy > cfg.poorAccuracyM) {
    const t = (current.accuracy - cfg.poorAccuracyM) / (cfg.poorAccuracyFullM - cfg.poorAccuracyM);
    flags.push({ kind: 'poorAccuracy', confidence: conf(0.3 + 0.6 * Math.min(1, t)), detail: `定位精度约 ${metres(current.accuracy)}` });
  }

  if (previous) {
    // Repeated fix: real GPS never gives the same coordinates and accuracy twice.
    const f = 10 ** cfg.repeatDecimals;
    const same = (a: number, b: number) => Math.round(a * f) === Math.round(b * f);
    if (same(current.lat, previous.lat) && same(current.lng, previous.lng) && current.accuracy === previous.accuracy) {
      let c = 0.6;
      const also: string[] = [];
      // Altitude 0 and a still phone's speed 0 are what many phones report anyway: no extra weight.
      if (current.altitude !== undefined && current.altitude !== 0 && current.altitude === previous.altitude) {
        c += 0.2;
        also.push('海拔');
      }
      if (current.speed !== undefined && current.speed > 0 && current.speed === previous.speed) {
        c += 0.15;
        also.push('速度');
      }
      flags.push({
        kind: 'repeatedFix',
        confidence: conf(c),
        detail: `与 ${clock(previous.capturedAt)} 的定位坐标、精度${also.length ? `、${also.join('、')}` : ''}完全相同，可能是固定或重放的位置`,
      });
    }

    // Impossible travel: faster than a car could have gone, even granting both fixes' error.
    const dist = distanceM(previous, current);
    const gap = dist - previous.accuracy - current.accuracy;
    if (gap > 0) {
      const dtMs = current.capturedAt.getTime() - previous.capturedAt.getTime();
      if (dtMs <= 0) {
        flags.push({ kind: 'impossibleTravel', confidence: 0.9, detail: `与 ${clock(previous.capturedAt)} 的定位相距约 ${metres(dist)}，采集时间却${dtMs === 0 ? '相同' : '更早'}` });
      } else {
        const kmh = (gap / dtMs) * 3_600; // m/ms → km/h
        if (kmh > cfg.maxSpeedKmh) {
          const ratio = kmh / cfg.maxSpeedKmh;
          flags.push({
            kind: 'impossibleTravel',
            confidence: conf(Math.min(0.95, 0.5 + 0.225 * (ratio - 1))),
            detail: `与 ${clock(previous.capturedAt)} 的定位相距约 ${metres(dist)}，间隔 ${duration(dtMs)}，折合约 ${Math.round(kmh)} 公里/小时`,
          });
        }
      }
    }
  }

  // Outside the fence: surer the further out, against the fix's own uncertainty.
  if (context.fence && !context.fence.inside) {
    const d = context.fence.distanceM;
    const acc = Math.max(0, current.accuracy);
    flags.push({ kind: 'outsideFence', confidence: conf(Math.max(0.05, d / (d + acc))), detail: `在围栏外约 ${metres(d)}（定位精度约 ${metres(acc)}）` });
  }

  // Late upload (kept offline, or replayed), or a capture time in the future (a phone clock moved).
  const lagMs = context.serverTime.getTime() - current.capturedAt.getTime();
  if (-lagMs > cfg.futureSkewMin * MIN_MS) {
    const t = (-lagMs - cfg.futureSkewMin * MIN_MS) / (60 * MIN_MS);
    flags.push({ kind: 'lateUpload', confidence: conf(0.85 + 0.1 * Math.min(1, t)), detail: `采集时间比服务器时间晚 ${duration(-lagMs)}，手机时间可能被修改` });
  } else if (lagMs > cfg.lateUploadMin * MIN_MS) {
    const t = (lagMs - cfg.lateUploadMin * MIN_MS) / ((cfg.lateUploadFullMin - cfg.lateUploadMin) * MIN_MS);
    flags.push({ kind: 'lateUpload', confidence: conf(0.3 + 0.5 * Math.min(1, t)), detail: `定位于 ${duration(lagMs)}前采集，延迟上传` });
  }

  return flags;
}

/** The village had no fence when the fix came: it could not be judged, and counts until staff review it. */
export function noFenceFlag(): Flag {
  return { kind: 'noFence', confidence: 0.5, detail: '本村尚未设置签到范围，无法判断是否在村，请核实' };
}

/** Flags in the order of `FLAG_KINDS`. */
export function sortFlags(flags: Flag[]): Flag[] {
  return [...flags].sort((a, b) => FLAG_KINDS.indexOf(a.kind) - FLAG_KINDS.indexOf(b.kind));
}

function conf(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

/** `850 米`, `12.3 公里`. */
export function metres(m: number): string {
  if (Math.round(m) < 1000) return `${Math.round(m)} 米`;
  return `${(Math.round(m / 100) / 10).toFixed(1)} 公里`;
}

/** `45 秒`, `52 分钟`, `3 小时 5 分钟`, `2 天 3 小时`. */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} 秒`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} 分钟`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} 小时 ${min % 60} 分钟` : `${h} 小时`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} 天 ${h % 24} 小时` : `${d} 天`;
}

/** `05-12 08:41` in Beijing time. */
function clock(at: Date): string {
  return shanghai(at).format('MM-DD HH:mm');
}
