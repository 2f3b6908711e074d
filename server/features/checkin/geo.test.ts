/** The fence decision: circles and (concave) polygons on GCJ-02, edges, vertices and distances. */
import gcoord from 'gcoord';
import * as fc from 'fast-check';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { polygon as turfPolygon } from '@turf/helpers';
import { distanceM } from '../org/rules';
import type { Fence, LatLng } from '../org/schema';
import { fenceDecision, ON_BOUNDARY_M } from './geo';

// ---- Independent helpers: build points by metres in WGS-84, measure by brute force. ----

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** The GCJ-02 point `metres` from `from` (GCJ-02) on `bearingDeg`, moved on the WGS-84 sphere. */
function offset(from: LatLng, bearingDeg: number, metres: number): LatLng {
  const [lng, lat] = gcoord.transform([from.lng, from.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  const d = metres / R;
  const b = rad(bearingDeg);
  const la1 = rad(lat);
  const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
  const lo2 = rad(lng) + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
  const [glng, glat] = gcoord.transform([deg(lo2), deg(la2)], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lat: glat, lng: glng };
}

/** Points every ~`stepM` metres along each GCJ-02 edge, in WGS-84 [lng, lat] radians. */
function sampleOutline(points: LatLng[], stepM: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const n = Math.max(1, Math.ceil(distanceM(a, b) / stepM));
    for (let k = 0; k <= n; k++) {
      const [lng, lat] = gcoord.transform([a.lng + ((b.lng - a.lng) * k) / n, a.lat + ((b.lat - a.lat) * k) / n], gcoord.GCJ02, gcoord.WGS84) as [number, number];
      out.push([rad(lng), rad(lat)]);
    }
  }
  return out;
}

/** Metres from p (GCJ-02) to the nearest sample, by the spherical law of cosines. */
function nearestSampleM(samples: [number, number][], p: LatLng): number {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  const lo = rad(lng);
  const la = rad(lat);
  let best = Infinity;
  for (const [slo, sla] of samples) {
    const c = Math.sin(la) * Math.sin(sla) + Math.cos(la) * Math.cos(sla) * Math.cos(slo - lo);
    best = Math.min(best, R * Math.acos(Math.min(1, c)));
  }
  return best;
}

const O = { lat: 28.38, lng: 109.55 };
const at = (dLng: number, dLat: number): LatLng => ({ lat: O.lat + dLat, lng: O.lng + dLng });

describe('circle fence', () => {
  const fence: Fence = { kind: 'circle', center: O, radiusM: 500 };

  it('counts a point exactly on the circle as inside', () => {
    const p = offset(O, 37, 500);
    expect(fenceDecision({ ...fence, radiusM: distanceM(O, p) }, { ...p, accuracy: 10 })).toEqual({ inside: true, distanceM: 0, marginM: 0 });
    // Built 500 m out on the sphere: on the edge within the tolerance of conversions.
    const d = fenceDecision(fence, { ...p, accuracy: 10 });
    expect(d.inside).toBe(true);
    expect(d.marginM).toBeLessThanOrEqual(0);
    expect(d.marginM).toBeGreaterThanOrEqual(-ON_BOUNDARY_M);
  });

  it('is inside a few metres in, outside a few metres out, with the distance', () => {
    expect(fenceDecision(fence, { ...offset(O, 200, 497), accuracy: 10 })).toEqual({ inside: true, distanceM: 0, marginM: expect.closeTo(-3, 1) });
    expect(fenceDecision(fence, { ...offset(O, 200, 503), accuracy: 10 })).toEqual({ inside: false, distanceM: expect.closeTo(3, 1), marginM: expect.closeTo(3, 1) });
    // Two centimetres out is beyond the on-edge tolerance.
    expect(fenceDecision(fence, offset(O, 90, 500.02)).inside).toBe(false);
    expect(fenceDecision(fence, O)).toEqual({ inside: true, distanceM: 0, marginM: expect.closeTo(-500, 3) });
  });

  it('measures the distance to the circle within 1% of an independent computation', () => {
    for (const [bearing, metres] of [[0, 2345], [90, 800], [135, 15_000], [300, 60_000]] as const) {
      const d = fenceDecision(fence, offset(O, bearing, metres));
      expect(d.inside).toBe(false);
      expect(Math.abs(d.distanceM - (metres - 500))).toBeLessThanOrEqual(0.01 * (metres - 500));
    }
  });
});

describe('polygon fence', () => {
  // A U opening north, about 880 m wide and 1 km tall; the notch is ~290 m wide and ~670 m deep.
  const U = [at(0, 0), at(0.009, 0), at(0.009, 0.009), at(0.006, 0.009), at(0.006, 0.003), at(0.003, 0.003), at(0.003, 0.009), at(0, 0.009)];
  const fence: Fence = { kind: 'polygon', points: U };
  const samples = sampleOutline(U, 1);

  it('puts a point in the notch of a concave polygon outside, at the distance to the nearer wall', () => {
    const p = at(0.0045, 0.006);
    const d = fenceDecision(fence, { ...p, accuracy: 15 });
    expect(d.inside).toBe(false);
    const expected = nearestSampleM(samples, p);
    expect(expected).toBeGreaterThan(140); // half the notch's width, not the 330 m to its bottom
    expect(expected).toBeLessThan(150);
    expect(Math.abs(d.distanceM - expected)).toBeLessThanOrEqual(0.01 * expected);
    expect(d.marginM).toBe(d.distanceM);
  });

  it('puts a point in an arm inside, with a negative margin', () => {
    const p = at(0.0015, 0.006);
    const d = fenceDecision(fence, p);
    expect(d.inside).toBe(true);
    expect(d.distanceM).toBe(0);
    const expected = nearestSampleM(samples, p);
    expect(Math.abs(-d.marginM - expected)).toBeLessThanOrEqual(0.01 * expected);
  });

  it('counts points on an edge and on vertices (convex and reflex) as inside', () => {
    for (const p of [at(0.0045, 0.003), at(0.009, 0.0042), at(0.0021, 0), U[3]!, U[5]!, U[0]!]) {
      const d = fenceDecision(fence, p);
      expect(d).toEqual({ inside: true, distanceM: 0, marginM: expect.any(Number) });
      expect(d.marginM).toBeLessThanOrEqual(0); // negative or zero inside, even a hair outside within the tolerance
      expect(d.marginM).toBeGreaterThanOrEqual(-ON_BOUNDARY_M);
    }
  });

  it('is outside a couple of metres beyond an edge, and inside a couple of metres within it', () => {
    const onEast = at(0.009, 0.005);
    const out = fenceDecision(fence, offset(onEast, 90, 2));
    expect(out.inside).toBe(false);
    expect(out.distanceM).toBeCloseTo(2, 1);
    const inn = fenceDecision(fence, offset(onEast, 270, 2));
    expect(inn.inside).toBe(true);
    expect(inn.marginM).toBeCloseTo(-2, 1);
    // Just across the notch's bottom, in the notch.
    expect(fenceDecision(fence, offset(at(0.0045, 0.003), 0, 1)).inside).toBe(false);
    expect(fenceDecision(fence, offset(at(0.0045, 0.003), 180, 1)).inside).toBe(true);
  });

  it('measures to a vertex when it is the nearest point, and far away within 1%', () => {
    for (const p of [at(0.0045, 0.0095), at(-0.004, -0.004), at(0.3, 0.2)]) {
      const d = fenceDecision(fence, p);
      expect(d.inside).toBe(false);
      const expected = nearestSampleM(samples, p);
      expect(Math.abs(d.distanceM - expected)).toBeLessThanOrEqual(0.01 * expected);
    }
    // Hundreds of kilometres away the plane is off; the distance is measured on the sphere.
    const far = at(4, 5);
    expect(Math.abs(fenceDecision(fence, far).distanceM - nearestSampleM(samples, far)) / nearestSampleM(samples, far)).toBeLessThan(1e-4);
  });

  it('does not depend on the orientation of the outline', () => {
    const reversed: Fence = { kind: 'polygon', points: [...U].reverse() };
    for (const p of [at(0.0045, 0.006), at(0.0015, 0.006), at(0.0045, 0.003)]) {
      expect(fenceDecision(reversed, p)).toEqual(fenceDecision(fence, p));
    }
  });

  it('follows long edges that are straight in GCJ-02 (they bend in WGS-84)', () => {
    // A 10 km square: its edges' midpoints are off the WGS-84 chords by metres.
    const big: LatLng[] = [at(0, 0), at(0.1, 0), at(0.1, 0.09), at(0, 0.09)];
    for (const p of [at(0.05, 0), at(0.1, 0.045), at(0.05, 0.09)]) {
      const d = fenceDecision({ kind: 'polygon', points: big }, p);
      expect(d.inside).toBe(true);
      expect(d.marginM).toBeGreaterThanOrEqual(-ON_BOUNDARY_M);
    }
  });

  it('finds the nearest edge when a long edge bends nearer than a short one its chord would rank first', () => {
    // A 10 km bottom edge whose WGS-84 image bows ~6 m north of its chord, and a slot from the top
    // whose 20 m wide bottom sits ~10 m above it. A fix 3 m above the bottom edge is ~9 m from its
    // chord but 3 m from the edge itself, and ~7 m from the slot.
    const s = 10 / 111_195;
    const comb: LatLng[] = [at(0, 0), at(0.1, 0), at(0.1, 0.09), at(0.0501, 0.09), at(0.0501, s), at(0.0499, s), at(0.0499, 0.09), at(0, 0.09)];
    const p = offset(at(0.05, 0), 0, 3);
    const d = fenceDecision({ kind: 'polygon', points: comb }, p);
    expect(d.inside).toBe(true);
    // gcoord's GCJ-02 → WGS-84 is approximate to a few centimetres: measure against samples of the edge.
    const expected = nearestSampleM(sampleOutline([at(0.049, 0), at(0.051, 0)], 0.05), p);
    expect(expected).toBeCloseTo(3, 0);
    expect(Math.abs(-d.marginM - expected)).toBeLessThanOrEqual(0.01 * expected);
  });

  it('refuses a polygon of fewer than three points and non-numbers', () => {
    expect(() => fenceDecision({ kind: 'polygon', points: [O, at(0.01, 0)] }, O)).toThrow(RangeError);
    expect(() => fenceDecision(fence, { lat: Number.NaN, lng: 109.55 })).toThrow(RangeError);
  });

  it('agrees with turf on inside/outside and with brute force on distance, for random points', () => {
    const ring = [...U, U[0]!].map((p) => [p.lng, p.lat]);
    const shape = turfPolygon([ring]);
    fc.assert(
      fc.property(fc.double({ min: -0.002, max: 0.011, noNaN: true }), fc.double({ min: -0.002, max: 0.011, noNaN: true }), (x, y) => {
        const p = at(x, y);
        const expected = nearestSampleM(samples, p);
        if (expected < 2) return; // metre samples are too coarse to judge so near the edge
        const d = fenceDecision(fence, p);
        expect(d.inside).toBe(booleanPointInPolygon([p.lng, p.lat], shape));
        expect(Math.abs(Math.abs(d.marginM) - expected)).toBeLessThanOrEqual(0.01 * expected);
      }),
      { seed: 20_260_512, numRuns: 100 },
    );
  });
});
