/** The organisation tree (行政区划/组织): city → county → township → village, and village fences. */
import * as z from 'zod';

export const LEVELS = ['city', 'county', 'township', 'village'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES: Record<Level, string> = { city: '市', county: '县（区）', township: '乡镇（街道）', village: '村（社区）' };

/** A point in GCJ-02 (the coordinates of Chinese maps and of `wx.getLocation({ type: 'gcj02' })`), inside China. */
export const LatLng = z.object({
  lat: z.number().min(3.8).max(53.6),
  lng: z.number().min(73.5).max(135.1),
});
export type LatLng = z.infer<typeof LatLng>;

export const CircleFence = z.object({
  kind: z.literal('circle'),
  center: LatLng,
  /** Metres: a village is at least a hamlet, at most a township's size. */
  radiusM: z.number().int().min(50).max(20_000),
});

export const PolygonFence = z.object({
  kind: z.literal('polygon'),
  /** The outline, not closed (the last point joins the first), in order. */
  points: z.array(LatLng).min(3).max(200),
});

export const Fence = z.discriminatedUnion('kind', [CircleFence, PolygonFence]);
export type Fence = z.infer<typeof Fence>;

export const UnitId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const UnitName = z.string().trim().min(1).max(40);

export interface OrgUnit {
  _id: string;
  name: string;
  level: Level;
  parentId: string | null;
  /** Ids from the root to this unit, itself included: "everything under X" is `{ path: X }`. */
  path: string[];
  center?: LatLng;
  fence?: Fence;
  /** The village WeChat group this village is bound to (filled by the complaints feature). */
  group?: { opengid: string; boundAt: Date } | null;
  /**
   * Settings other features keep on a unit, one key per feature (e.g. `checkin`: a county's
   * check-in schedule). The org feature stores them as given; each feature validates its own.
   */
  settings?: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}
