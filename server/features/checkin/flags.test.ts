/** Risk flags: each fires above its threshold and not at it, with a confidence and a Chinese detail. */
import gcoord from 'gcoord';
import { distanceM } from '../org/rules';
import { CheckinRulesConfig, DEFAULT_CHECKIN_RULES, duration, metres, riskFlags, type Fix, type Flag, type FlagKind } from './flags';
import type { FenceDecision } from './geo';

const T0 = new Date('2026-05-12T01:00:00Z'); // 09:00 in Beijing
const MIN = 60_000;
const INSIDE: FenceDecision = { inside: true, distanceM: 0, marginM: -120 };

const fix = (over: Partial<Fix> = {}): Fix => ({ lat: 28.381234, lng: 109.551234, accuracy: 30, capturedAt: T0, ...over });
const ctx = (over: { serverTime?: Date; fence?: FenceDecision | null; config?: Partial<CheckinRulesConfig> } = {}) => ({ serverTime: T0, fence: INSIDE, ...over });
const kinds = (flags: Flag[]) => flags.map((f) => f.kind);
const only = (flags: Flag[], kind: FlagKind) => {
  const found = flags.filter((f) => f.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** The GCJ-02 point `metres` due north of `p`, moved in WGS-84. */
function north(p: { lat: number; lng: number }, metres: number) {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  const [glng, glat] = gcoord.transform([lng, lat + (metres / 6_371_008.8) * (180 / Math.PI)], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lat: glat, lng: glng };
}

it('raises nothing for a good, fresh fix inside the fence, first or after a plausible one', () => {
  expect(riskFlags(fix(), null, ctx())).toEqual([]);
  const earlier = fix({ ...north(fix(), -3_000), accuracy: 25, capturedAt: new Date(T0.getTime() - 30 * MIN) });
  expect(riskFlags(fix(), earlier, ctx())).toEqual([]);
});

describe('poorAccuracy', () => {
  it('fires above the threshold only, more surely the worse the accuracy', () => {
    expect(riskFlags(fix({ accuracy: 200 }), null, ctx())).toEqual([]);
    const just = only(riskFlags(fix({ accuracy: 201 }), null, ctx()), 'poorAccuracy');
    expect(just.confidence).toBe(0.3);
    const mid = only(riskFlags(fix({ accuracy: 850 }), null, ctx()), 'poorAccuracy');
    expect(mid).toEqual({ kind: 'poorAccuracy', confidence: 0.79, detail: '定位精度约 850 米' });
    const worst = only(riskFlags(fix({ accuracy: 5_000 }), null, ctx()), 'poorAccuracy');
    expect(worst.confidence).toBe(0.9);
    expect(worst.detail).toBe('定位精度约 5.0 公里');
  });

  it('follows a configured threshold', () => {
    expect(kinds(riskFlags(fix({ accuracy: 150 }), null, ctx({ config: { poorAccuracyM: 100 } })))).toEqual(['poorAccuracy']);
    expect(riskFlags(fix({ accuracy: 150 }), null, ctx({ config: { poorAccuracyM: 150 } }))).toEqual([]);
  });
});

describe('repeatedFix', () => {
  const prev = fix({ capturedAt: new Date(T0.getTime() - 5 * 60 * MIN) });

  it('fires on the same coordinates (to the 6th decimal) and accuracy as the previous fix', () => {
    const f = only(riskFlags(fix(), prev, ctx()), 'repeatedFix');
    expect(f.confidence).toBe(0.6);
    expect(f.detail).toBe('与 05-12 04:00 的定位坐标、精度完全相同，可能是固定或重放的位置');
    // Below the 6th decimal is the same fix.
    expect(kinds(riskFlags(fix({ lat: 28.3812342, lng: 109.5512338 }), prev, ctx()))).toEqual(['repeatedFix']);
  });

  it('does not fire when the 6th decimal or the accuracy differs, or without a previous fix', () => {
    expect(riskFlags(fix({ lat: 28.381235 }), prev, ctx())).toEqual([]);
    expect(riskFlags(fix({ lng: 109.551233 }), prev, ctx())).toEqual([]);
    expect(riskFlags(fix({ accuracy: 31 }), prev, ctx())).toEqual([]);
    expect(riskFlags(fix(), null, ctx())).toEqual([]);
  });

  it('is surer when altitude and speed repeat too, but not for the 0 many phones report', () => {
    const withAlt = { ...prev, altitude: 412.7, speed: 1.3 };
    expect(only(riskFlags(fix({ altitude: 412.7 }), withAlt, ctx()), 'repeatedFix').confidence).toBe(0.8);
    expect(only(riskFlags(fix({ speed: 1.3 }), withAlt, ctx()), 'repeatedFix').confidence).toBe(0.75);
    const both = only(riskFlags(fix({ altitude: 412.7, speed: 1.3 }), withAlt, ctx()), 'repeatedFix');
    expect(both.confidence).toBe(0.95);
    expect(both.detail).toContain('精度、海拔、速度完全相同');
    expect(only(riskFlags(fix({ altitude: 0, speed: 0 }), { ...prev, altitude: 0, speed: 0 }, ctx()), 'repeatedFix').confidence).toBe(0.6);
    expect(only(riskFlags(fix({ altitude: 412.8 }), withAlt, ctx()), 'repeatedFix').confidence).toBe(0.6);
  });
});

describe('impossibleTravel', () => {
  const here = fix({ accuracy: 20 });
  const there = north(here, 10_000);
  const gap = distanceM(here, there) - 40; // both accuracies granted
  const dtAt = (kmh: number) => (gap / (kmh / 3.6)) * 1000; // ms to cover the gap at kmh

  it('fires above the speed limit, after granting both accuracies', () => {
    const prev = fix({ ...there, accuracy: 20, capturedAt: new Date(T0.getTime() - dtAt(151)) });
    const f = only(riskFlags(here, prev, ctx()), 'impossibleTravel');
    expect(f.confidence).toBeCloseTo(0.5, 2);
    expect(f.detail).toBe('与 05-12 08:56 的定位相距约 10.0 公里，间隔 3 分钟，折合约 151 公里/小时');
    const fast = only(riskFlags(here, { ...prev, capturedAt: new Date(T0.getTime() - dtAt(450)) }, ctx()), 'impossibleTravel');
    expect(fast.confidence).toBe(0.95);
  });

  it('does not fire at or below the limit, nor when the accuracies cover the distance', () => {
    expect(riskFlags(here, fix({ ...there, accuracy: 20, capturedAt: new Date(T0.getTime() - dtAt(149)) }), ctx())).toEqual([]);
    expect(riskFlags(here, fix({ ...there, accuracy: 20, capturedAt: new Date(T0.getTime() - dtAt(150) - 1) }), ctx())).toEqual([]);
    // 500 m apart in one second, but the two fixes' accuracies (300 + 250 m) cover it.
    const near = north(here, 500);
    expect(kinds(riskFlags(fix({ accuracy: 250 }), fix({ ...near, accuracy: 300, capturedAt: new Date(T0.getTime() - 1000) }), ctx()))).toEqual(['poorAccuracy']);
    expect(kinds(riskFlags(fix({ accuracy: 190 }), fix({ ...near, accuracy: 190, capturedAt: new Date(T0.getTime() - 1000) }), ctx()))).toEqual(['impossibleTravel']);
  });

  it('treats a zero or negative interval as impossible when the distance exceeds the accuracies', () => {
    const same = only(riskFlags(here, fix({ ...there, accuracy: 20, capturedAt: T0 }), ctx()), 'impossibleTravel');
    expect(same).toEqual({ kind: 'impossibleTravel', confidence: 0.9, detail: '与 05-12 09:00 的定位相距约 10.0 公里，采集时间却相同' });
    const later = only(riskFlags(here, fix({ ...there, accuracy: 20, capturedAt: new Date(T0.getTime() + MIN) }), ctx()), 'impossibleTravel');
    expect(later.detail).toContain('采集时间却更早');
    const close = north(here, 30);
    expect(riskFlags(here, fix({ ...close, accuracy: 20, capturedAt: T0 }), ctx())).toEqual([]);
  });

  it('follows a configured speed limit', () => {
    const prev = fix({ ...there, accuracy: 20, capturedAt: new Date(T0.getTime() - dtAt(100)) });
    expect(riskFlags(here, prev, ctx())).toEqual([]);
    expect(kinds(riskFlags(here, prev, ctx({ config: { maxSpeedKmh: 80 } })))).toEqual(['impossibleTravel']);
  });
});

describe('outsideFence', () => {
  it('fires outside with the distance, surer the further out against the accuracy', () => {
    const f = only(riskFlags(fix(), null, ctx({ fence: { inside: false, distanceM: 350, marginM: 350 } })), 'outsideFence');
    expect(f).toEqual({ kind: 'outsideFence', confidence: 0.92, detail: '在围栏外约 350 米（定位精度约 30 米）' });
    const edge = only(riskFlags(fix({ accuracy: 100 }), null, ctx({ fence: { inside: false, distanceM: 10, marginM: 10 } })), 'outsideFence');
    expect(edge.confidence).toBe(0.09);
    const far = only(riskFlags(fix(), null, ctx({ fence: { inside: false, distanceM: 42_000, marginM: 42_000 } })), 'outsideFence');
    expect(far.confidence).toBe(1);
    expect(far.detail).toBe('在围栏外约 42.0 公里（定位精度约 30 米）');
  });

  it('does not fire inside, on the edge, or without a fence', () => {
    expect(riskFlags(fix(), null, ctx({ fence: INSIDE }))).toEqual([]);
    expect(riskFlags(fix(), null, ctx({ fence: { inside: true, distanceM: 0, marginM: 0 } }))).toEqual([]);
    expect(riskFlags(fix(), null, ctx({ fence: null }))).toEqual([]);
  });
});

describe('lateUpload', () => {
  const capturedBefore = (ms: number) => fix({ capturedAt: new Date(T0.getTime() - ms) });

  it('fires for a capture more than the threshold before the server time, growing with the lag', () => {
    // Two minutes: a phone that waited a moment for the network, or a fix cached for a while; more is flagged.
    expect(riskFlags(capturedBefore(2 * MIN), null, ctx())).toEqual([]);
    const just = only(riskFlags(capturedBefore(2 * MIN + 1000), null, ctx()), 'lateUpload');
    expect(just.confidence).toBe(0.3);
    expect(only(riskFlags(capturedBefore(52 * MIN), null, ctx()), 'lateUpload')).toEqual({ kind: 'lateUpload', confidence: 0.51, detail: '定位于 52 分钟前采集，延迟上传' });
    expect(only(riskFlags(capturedBefore(5 * 60 * MIN), null, ctx()), 'lateUpload')).toEqual({ kind: 'lateUpload', confidence: 0.8, detail: '定位于 5 小时前采集，延迟上传' });
  });

  it('fires more strongly for a capture time in the future beyond the skew', () => {
    expect(riskFlags(capturedBefore(-2 * MIN), null, ctx())).toEqual([]);
    const ahead = only(riskFlags(capturedBefore(-2 * MIN - 1000), null, ctx()), 'lateUpload');
    expect(ahead.confidence).toBe(0.85);
    expect(ahead.detail).toBe('采集时间比服务器时间晚 2 分钟，手机时间可能被修改');
    expect(ahead.confidence).toBeGreaterThan(only(riskFlags(capturedBefore(24 * 60 * MIN), null, ctx()), 'lateUpload').confidence);
    expect(only(riskFlags(capturedBefore(-3 * 60 * MIN), null, ctx()), 'lateUpload').confidence).toBe(0.95);
  });

  it('follows configured thresholds', () => {
    expect(kinds(riskFlags(capturedBefore(6 * MIN), null, ctx({ config: { lateUploadMin: 5 } })))).toEqual(['lateUpload']);
    expect(riskFlags(capturedBefore(-4 * MIN), null, ctx({ config: { futureSkewMin: 5 } }))).toEqual([]);
  });
});

it('reports several flags at once, in a fixed order', () => {
  const prev = fix({ accuracy: 900, capturedAt: new Date(T0.getTime() - 60 * MIN) });
  const flags = riskFlags(fix({ accuracy: 900, capturedAt: new Date(T0.getTime() - 30 * MIN) }), prev, ctx({ fence: { inside: false, distanceM: 2_000, marginM: 2_000 } }));
  expect(kinds(flags)).toEqual(['poorAccuracy', 'repeatedFix', 'outsideFence', 'lateUpload']);
  for (const f of flags) {
    expect(f.confidence).toBeGreaterThanOrEqual(0);
    expect(f.confidence).toBeLessThanOrEqual(1);
  }
});

it('validates its configuration and formats for people', () => {
  expect(CheckinRulesConfig.parse(DEFAULT_CHECKIN_RULES)).toEqual(DEFAULT_CHECKIN_RULES);
  expect(CheckinRulesConfig.safeParse({ ...DEFAULT_CHECKIN_RULES, poorAccuracyFullM: 150 }).success).toBe(false);
  expect(CheckinRulesConfig.safeParse({ ...DEFAULT_CHECKIN_RULES, maxSpeedKmh: 0 }).success).toBe(false);
  expect([metres(12.4), metres(999.4), metres(999.6), metres(12_345)]).toEqual(['12 米', '999 米', '1.0 公里', '12.3 公里']);
  expect([duration(45_000), duration(52 * MIN), duration(185 * MIN), duration(51 * 60 * MIN)]).toEqual(['45 秒', '52 分钟', '3 小时 5 分钟', '2 天 3 小时']);
});
