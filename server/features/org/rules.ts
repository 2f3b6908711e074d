/** Pure rules of the organisation tree and of fences. */
import gcoord from 'gcoord';
import { LEVELS, type Fence, type LatLng, type Level } from './schema';

/** The level directly under `level`, or null under a village. */
export function childLevel(level: Level): Level | null {
  const i = LEVELS.indexOf(level);
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1]! : null;
}

/** Is `unitPath` inside the subtree rooted at `rootId`? */
export function within(unitPath: readonly string[], rootId: string): boolean {
  return unitPath.includes(rootId);
}

const EARTH_RADIUS_M = 6_371_008.8;

/**
 * Great-circle distance in metres between two GCJ-02 points. GCJ-02 is WGS-84 shifted by up to a
 * few hundred metres, smoothly: over the size of a village the shift is nearly constant, so we
 * convert both points to WGS-84 (gcoord) and measure there.
 */
export function distanceM(a: LatLng, b: LatLng): number {
  const [lng1, lat1] = gcoord.transform([a.lng, a.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  const [lng2, lat2] = gcoord.transform([b.lng, b.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(lat2 - lat1);
  const dLng = toRad(lng2 - lng1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Do two segments p1p2 and p3p4 cross (touching at a shared end point does not count)? */
function segmentsCross(p1: LatLng, p2: LatLng, p3: LatLng, p4: LatLng): boolean {
  const d = (a: LatLng, b: LatLng, c: LatLng) => (b.lng - a.lng) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lng - a.lng);
  const d1 = d(p3, p4, p1);
  const d2 = d(p3, p4, p2);
  const d3 = d(p1, p2, p3);
  const d4 = d(p1, p2, p4);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Why a fence cannot be used, in Chinese, or null when it is sound. */
export function fenceProblem(fence: Fence): string | null {
  if (fence.kind === 'circle') return null;
  const pts = fence.points;
  const distinct = new Set(pts.map((p) => `${p.lat},${p.lng}`));
  if (distinct.size < 3) return '围栏至少需要三个不同的点';
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) {
      const a1 = pts[i]!;
      const a2 = pts[(i + 1) % pts.length]!;
      const b1 = pts[j]!;
      const b2 = pts[(j + 1) % pts.length]!;
      if (j === i + 1 || (i === 0 && j === pts.length - 1)) continue; // neighbours share a point
      if (segmentsCross(a1, a2, b1, b2)) return '围栏的边不能相互交叉';
    }
  }
  const area = Math.abs(pts.reduce((s, p, i) => {
    const q = pts[(i + 1) % pts.length]!;
    return s + (p.lng * q.lat - q.lng * p.lat);
  }, 0));
  if (area < 1e-9) return '围栏面积太小';
  return null;
}

/** A fence's centre: the circle's centre, or the polygon's vertex average. */
export function fenceCenter(fence: Fence): LatLng {
  if (fence.kind === 'circle') return fence.center;
  const n = fence.points.length;
  return { lat: fence.points.reduce((s, p) => s + p.lat, 0) / n, lng: fence.points.reduce((s, p) => s + p.lng, 0) / n };
}
