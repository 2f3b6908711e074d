/**
 * Is a check-in's fix inside its village's fence, and how far from its edge? Pure geometry on
 * GCJ-02 coordinates (the coordinates of `wx.getLocation({ type: 'gcj02' })` and of the map the
 * fence was drawn on).
 *
 * - Inside or outside is decided in GCJ-02 itself: GCJ-02 is WGS-84 moved by a smooth, one-to-one
 *   shift, so a point is inside the fence drawn on the map exactly when the real place is inside
 *   the real area. Polygon edges are straight in GCJ-02 latitude/longitude, as `fenceProblem`
 *   (org/rules) reads them.
 * - Metres are measured in WGS-84 (gcoord), on a local equirectangular plane around the fix, by
 *   point-to-segment distance. The shift is not linear: a 2 km edge that is straight in GCJ-02
 *   bends by about 0.3 m in WGS-84. So the edges that can hold the nearest point are cut into
 *   pieces of at most `PIECE_M` before conversion (a 25 m piece bends well under a
 *   millimetre); the distance to the nearest point found is then measured on the sphere.
 */
import gcoord from 'gcoord';
import { distance as sphericalDistance } from '@turf/distance';
import { distanceM } from '../org/rules';
import type { Fence, LatLng } from '../org/schema';

/** A fix within this many metres of the fence's edge is on the edge, and on the edge is inside. */
export const ON_BOUNDARY_M = 0.01;

/** Polygon edges are measured in pieces of at most this length (metres). */
const PIECE_M = 25;
/** However long an edge, it is cut in at most this many pieces. */
const MAX_PIECES_PER_EDGE = 800;

const EARTH_RADIUS_M = 6_371_008.8; // the mean radius, as org/rules and turf use
const RAD = Math.PI / 180;
const M_PER_DEG = EARTH_RADIUS_M * RAD;

export interface FenceDecision {
  /** Inside the fence, or on its edge. */
  inside: boolean;
  /** 0 when inside; else metres from the fix to the nearest point of the fence's edge. */
  distanceM: number;
  /** Signed metres to the edge: negative (or 0) inside, positive outside. */
  marginM: number;
}

/**
 * Where a fix stands against a fence. The fix's accuracy does not move the decision (the
 * decision is about the reported point); how far to trust the point is for the risk flags.
 */
export function fenceDecision(fence: Fence, fix: LatLng & { accuracy?: number }): FenceDecision {
  assertPoint(fix);
  let raw: number; // signed distance to the edge, negative inside
  if (fence.kind === 'circle') {
    assertPoint(fence.center);
    raw = distanceM(fence.center, fix) - fence.radiusM;
  } else {
    if (fence.points.length < 3) throw new RangeError('polygon fence needs at least 3 points');
    fence.points.forEach(assertPoint);
    const d = distanceToOutlineM(fence.points, fix);
    raw = insideOutline(fence.points, fix) ? -d : d;
  }
  const inside = raw <= ON_BOUNDARY_M;
  return { inside, distanceM: inside ? 0 : raw, marginM: inside ? Math.min(raw, 0) : raw };
}

function assertPoint(p: LatLng): void {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lng)) throw new RangeError('coordinates must be finite numbers');
}

/** Even-odd ray casting in GCJ-02 longitude/latitude (points on the edge are settled by distance). */
function insideOutline(points: readonly LatLng[], p: LatLng): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i]!;
    const b = points[j]!;
    if (a.lat > p.lat !== b.lat > p.lat) {
      const lngAtLat = a.lng + ((p.lat - a.lat) / (b.lat - a.lat)) * (b.lng - a.lng);
      if (p.lng < lngAtLat) inside = !inside;
    }
  }
  return inside;
}

function toWgs(p: LatLng): { lat: number; lng: number } {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return { lat, lng };
}

/**
 * How far an edge that is straight in GCJ-02 may bend away from its WGS-84 chord, in metres, for
 * an edge of `len` metres: about 8e-8·len² was measured (0.3 m for 2 km, 8 m for 10 km);
 * this allows five times that, plus a metre.
 */
function bendSlackM(len: number): number {
  return 1 + 4e-7 * len * len;
}

interface XY {
  x: number;
  y: number;
}

/** The nearest point to the origin on the segment a→b. */
function footOnSegment(a: XY, b: XY): XY {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const s = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a.x * dx + a.y * dy) / len2));
  return { x: a.x + s * dx, y: a.y + s * dy };
}

/** Metres from `p` to the nearest point of the closed outline through `points` (all GCJ-02). */
function distanceToOutlineM(points: readonly LatLng[], p: LatLng): number {
  const origin = toWgs(p);
  const kx = M_PER_DEG * Math.cos(origin.lat * RAD);
  const project = (q: LatLng): XY => {
    const w = toWgs(q);
    return { x: (w.lng - origin.lng) * kx, y: (w.lat - origin.lat) * M_PER_DEG };
  };
  const n = points.length;
  // First the chords between converted vertices: they find which edges can hold the nearest point.
  const vertices = points.map(project);
  const coarse = vertices.map((a, i) => {
    const b = vertices[(i + 1) % n]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const f = footOnSegment(a, b);
    const d = Math.hypot(f.x, f.y);
    // The plane itself is off by up to ~1% far from the fix: allow for that too.
    return { len, d, slack: bendSlackM(len) + 0.01 * d };
  });
  const limit = Math.min(...coarse.map((c) => c.d + c.slack));
  let best = Infinity;
  let bestFoot: XY = { x: 0, y: 0 };
  for (let i = 0; i < n; i++) {
    const c = coarse[i]!;
    if (c.d - c.slack > limit) continue;
    // Then the candidate edges in pieces, each converted: the shift to WGS-84 bends long edges.
    const a = points[i]!;
    const b = points[(i + 1) % n]!;
    const pieces = Math.min(MAX_PIECES_PER_EDGE, Math.max(1, Math.ceil(c.len / PIECE_M)));
    let prev = vertices[i]!;
    for (let k = 1; k <= pieces; k++) {
      const t = k / pieces;
      const next = k === pieces ? vertices[(i + 1) % n]! : project({ lat: a.lat + (b.lat - a.lat) * t, lng: a.lng + (b.lng - a.lng) * t });
      const f = footOnSegment(prev, next);
      const d = Math.hypot(f.x, f.y);
      if (d < best) {
        best = d;
        bestFoot = f;
      }
      prev = next;
    }
  }
  if (best === 0) return 0;
  // The plane is exact enough to find the nearest point; measure the distance to it on the sphere.
  const foot = [origin.lng + bestFoot.x / kx, origin.lat + bestFoot.y / M_PER_DEG];
  return sphericalDistance([origin.lng, origin.lat], foot, { units: 'meters' });
}
