/**
 * What the staff's check-in maps draw: a marker per check-in (green inside the village, red
 * outside) and the villages' fences. Coordinates are GCJ-02, as fixes and fences are stored and
 * as `<map>` draws them.
 */
import type { OutputOf } from '../../../api/index';
import { clockText, shortTime } from '../../../utils/day';
import { placeText } from '../../../utils/checkin';

type Fence = NonNullable<OutputOf<'org.getUnit'>['fence']>;
type LatLng = { lat: number; lng: number };

const ICON_IN = '/pages/admin/checkin/marker-in.png';
const ICON_OUT = '/pages/admin/checkin/marker-out.png';

export interface MapPoint {
  latitude: number;
  longitude: number;
}

export interface MapView {
  lat: number;
  lng: number;
  markers: unknown[];
  circles: unknown[];
  polygons: unknown[];
  includePoints: MapPoint[];
}

/** Where the map opens with nothing to show (the middle of China). */
const NOWHERE: LatLng = { lat: 34.5, lng: 108.9 };

export const emptyMap = (): MapView => ({ lat: NOWHERE.lat, lng: NOWHERE.lng, markers: [], circles: [], polygons: [], includePoints: [] });

export interface MarkedCheckin {
  lat: number;
  lng: number;
  /** null: no fence to judge by. */
  inside: boolean | null;
  distanceM: number | null;
  capturedAt: string;
  /** Who, on a unit's map; '' on one person's map (the date is shown instead). */
  name: string;
}

const toMap = (p: LatLng): MapPoint => ({ latitude: p.lat, longitude: p.lng });

/** The map of some check-ins and village fences; opens on the check-ins, else the fences, else `fallback`. */
export function mapOf(checkins: readonly MarkedCheckin[], fences: readonly { fence: Fence | null; center: LatLng | null }[], fallback: LatLng | null = null): MapView {
  const markers = checkins.map((c, i) => ({
    id: i,
    latitude: c.lat,
    longitude: c.lng,
    iconPath: c.inside !== false ? ICON_IN : ICON_OUT,
    width: 22,
    height: 22,
    anchor: { x: 0.5, y: 0.5 },
    callout: { content: `${c.name ? `${c.name} ${clockText(c.capturedAt)}` : shortTime(c.capturedAt)} ${placeText(c)}`, display: 'BYCLICK', fontSize: 14, padding: 6, borderRadius: 6 },
  }));
  const circles: unknown[] = [];
  const polygons: unknown[] = [];
  const fencePoints: MapPoint[] = [];
  for (const f of fences) {
    if (f.fence?.kind === 'circle') {
      circles.push({ ...toMap(f.fence.center), radius: f.fence.radiusM, color: '#1a73e8cc', fillColor: '#1a73e822', strokeWidth: 2 });
      fencePoints.push(toMap(f.fence.center));
    } else if (f.fence?.kind === 'polygon') {
      const points = f.fence.points.map(toMap);
      polygons.push({ points, strokeWidth: 2, strokeColor: '#1a73e8cc', fillColor: '#1a73e822' });
      fencePoints.push(...points);
    } else if (f.center) {
      fencePoints.push(toMap(f.center));
    }
  }
  const markerPoints = markers.map((m) => ({ latitude: m.latitude, longitude: m.longitude }));
  const includePoints = markerPoints.length ? markerPoints : fencePoints;
  const first = includePoints[0] ?? (fallback ? toMap(fallback) : toMap(NOWHERE));
  return { lat: first.latitude, lng: first.longitude, markers, circles, polygons, includePoints };
}
