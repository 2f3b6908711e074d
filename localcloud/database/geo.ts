/**
 * Geo queries, as MongoDB's 2dsphere index answers them (CloudBase's `_.geoNear`,
 * `_.geoWithin`, `_.geoIntersects` and the `geoNear` aggregation stage are MongoDB's
 * `$nearSphere`, `$geoWithin`, `$geoIntersects`, `$geoNear`).
 *
 * - Stored values: GeoJSON (`db.Geo.Point(lng, lat)` is `{type:'Point', coordinates:[lng, lat]}`,
 *   longitude first) or a legacy `[lng, lat]` pair; an array of them matches if any matches.
 * - Distances are on a sphere of MongoDB's earth radius (6,378,100 m), in metres;
 *   `$centerSphere` radii are in radians.
 * - `$nearSphere` keeps documents within `[$minDistance, $maxDistance]` and sorts them nearest
 *   first (the sort is applied by the engine, see `findNear`).
 * - Stricter than MongoDB: every geo operator needs a `2dsphere` index on its field (MongoDB asks
 *   it only of `$near*`), as CloudBase's documentation says geo queries need a geo index.
 *
 * The operators are registered in mingo as custom query operators; the geometry tests are turf's.
 */
import { booleanIntersects } from '@turf/boolean-intersects';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { booleanWithin } from '@turf/boolean-within';
import { distance } from '@turf/distance';
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { Context } from 'mingo';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as windowOps from 'mingo/operators/window';
import { resolve } from 'mingo/util';
import { requestFailed } from './errors';
import { GEO_QUERY_OPERATORS } from './limits';
import { Doc, isPlainObject } from './values';

export const EARTH_RADIUS_M = 6378100;

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function isLngLat(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
}

function validPosition(p: unknown): boolean {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number'
    && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

/** A GeoJSON geometry (validated), or null when `v` is not one. */
export function asGeometry(v: unknown): Geometry | null {
  if (isLngLat(v)) return validPosition(v) ? { type: 'Point', coordinates: [v[0], v[1]] } : null;
  if (!isPlainObject(v) || typeof v.type !== 'string' || !GEOMETRY_TYPES.has(v.type)) return null;
  const c = v.coordinates;
  const positions = (x: unknown, depth: number): boolean =>
    depth === 0 ? validPosition(x) : Array.isArray(x) && x.length > 0 && x.every((y) => positions(y, depth - 1));
  switch (v.type) {
    case 'Point': return validPosition(c) ? (v as unknown as Point) : null;
    case 'MultiPoint':
    case 'LineString': return positions(c, 1) ? (v as unknown as Geometry) : null;
    case 'MultiLineString':
    case 'Polygon': return positions(c, 2) ? (v as unknown as Geometry) : null;
    case 'MultiPolygon': return positions(c, 3) ? (v as unknown as Geometry) : null;
    default: return null;
  }
}

/** The geometries stored at a resolved field value (a value, or an array of them). */
function geometries(v: unknown): Geometry[] {
  if (v === undefined || v === null) return [];
  const g = asGeometry(v);
  if (g) return [g];
  if (Array.isArray(v)) return v.flatMap(geometries);
  return [];
}

/** Whether a value may be stored in a field with a 2dsphere index (MongoDB: "Can't extract geo keys"). */
export function isIndexableGeo(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (asGeometry(v)) return true;
  return Array.isArray(v) && v.length > 0 && v.every((x) => asGeometry(x) !== null);
}

function points(g: Geometry): number[][] {
  switch (g.type) {
    case 'Point': return [g.coordinates];
    case 'MultiPoint':
    case 'LineString': return g.coordinates;
    case 'MultiLineString':
    case 'Polygon': return g.coordinates.flat();
    case 'MultiPolygon': return g.coordinates.flat(2);
    default: return [];
  }
}

/** Great-circle distance in metres from `center` to the nearest vertex of `g`. */
function distanceTo(g: Geometry, center: number[]): number {
  let best = Infinity;
  for (const p of points(g)) {
    best = Math.min(best, distance(p, center, { units: 'radians' }) * EARTH_RADIUS_M);
  }
  return best;
}

/** Distance in metres from a stored field value to `center` (nearest geometry), or null. */
export function distanceMeters(value: unknown, center: number[]): number | null {
  const gs = geometries(value);
  if (gs.length === 0) return null;
  return Math.min(...gs.map((g) => distanceTo(g, center)));
}

export interface NearSpec {
  center: number[];
  min: number;
  max: number;
}

function nearSpec(op: string, spec: unknown): NearSpec {
  if (!isPlainObject(spec) || !isPlainObject(spec.$geometry)) {
    throw requestFailed(`${op} needs {$geometry: <GeoJSON Point>} (legacy coordinate pairs are not supported)`);
  }
  const g = asGeometry(spec.$geometry);
  if (!g || g.type !== 'Point') throw requestFailed(`${op} $geometry must be a valid GeoJSON Point (longitude first)`);
  const num = (k: string, d: number): number => {
    const v = spec[k];
    if (v === undefined || v === null) return d;
    if (typeof v !== 'number' || v < 0) throw requestFailed(`${op} ${k} must be a non-negative number`);
    return v;
  };
  return { center: g.coordinates, min: num('$minDistance', 0), max: num('$maxDistance', Infinity) };
}

function withinTest(spec: unknown): (g: Geometry) => boolean {
  if (!isPlainObject(spec)) throw requestFailed('$geoWithin needs {$geometry} or {$centerSphere}');
  if (spec.$centerSphere !== undefined) {
    const cs = spec.$centerSphere;
    if (!Array.isArray(cs) || cs.length !== 2 || !validPosition(cs[0]) || typeof cs[1] !== 'number' || cs[1] < 0) {
      throw requestFailed('$centerSphere must be [[longitude, latitude], radius in radians]');
    }
    const center = cs[0] as number[];
    const radius = (cs[1] as number) * EARTH_RADIUS_M;
    return (g) => points(g).every((p) => distance(p, center, { units: 'radians' }) * EARTH_RADIUS_M <= radius);
  }
  if (spec.$geometry !== undefined) {
    const shape = asGeometry(spec.$geometry);
    if (!shape || (shape.type !== 'Polygon' && shape.type !== 'MultiPolygon')) {
      throw requestFailed('$geoWithin $geometry must be a valid GeoJSON Polygon or MultiPolygon');
    }
    const area = shape as Polygon | MultiPolygon;
    return (g) => (g.type === 'Point' ? booleanPointInPolygon(g.coordinates, area) : booleanWithin(g, area));
  }
  throw requestFailed('$geoWithin supports $geometry and $centerSphere only ($box, $polygon, $center are legacy 2d operators)');
}

function intersectsTest(spec: unknown): (g: Geometry) => boolean {
  const shape = isPlainObject(spec) ? asGeometry(spec.$geometry) : null;
  if (!shape) throw requestFailed('$geoIntersects needs {$geometry: <valid GeoJSON geometry>}');
  return (g) => booleanIntersects(g, shape);
}

type QueryOp = (selector: string, value: unknown, options: unknown) => (doc: Doc) => boolean;

const read = (doc: Doc, selector: string): unknown => resolve(doc, selector, { unwrapArray: true });

function nearOp(op: string): QueryOp {
  return (selector, value) => {
    const spec = nearSpec(op, value);
    return (doc) => {
      const d = distanceMeters(read(doc, selector), spec.center);
      return d !== null && d >= spec.min && d <= spec.max;
    };
  };
}

const geoOps: Record<string, QueryOp> = {
  $nearSphere: nearOp('$nearSphere'),
  $near: nearOp('$near'),
  $geoWithin: (selector, value) => {
    const test = withinTest(value);
    return (doc) => geometries(read(doc, selector)).some(test);
  },
  $geoIntersects: (selector, value) => {
    const test = intersectsTest(value);
    return (doc) => geometries(read(doc, selector)).some(test);
  },
};

/**
 * mingo's full operator context plus the geo operators, built once (mingo's `Query` from the
 * package root would merge a given context into its default one on every construction).
 */
export const geoContext = Context.init({
  accumulator: accumulatorOps as never,
  expression: expressionOps as never,
  pipeline: pipelineOps as never,
  projection: projectionOps as never,
  query: { ...(queryOps as Record<string, unknown>), ...geoOps } as never,
  window: windowOps as never,
});

/** Every geo operator of a query with its field path (for the index requirement). */
export function geoUses(q: unknown): Array<{ path: string; op: string }> {
  const out: Array<{ path: string; op: string }> = [];
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x) => visit(x, path));
      return;
    }
    if (!isPlainObject(v)) return;
    for (const k of Object.keys(v)) {
      if (GEO_QUERY_OPERATORS.has(k)) out.push({ path, op: k });
      else if (k.startsWith('$')) visit(v[k], path);
      else visit(v[k], path ? `${path}.${k}` : k);
    }
  };
  visit(q, '');
  return out;
}

/**
 * The `$nearSphere` of a query, which decides the result order. MongoDB allows one, at the top
 * level or inside a top-level `$and`, never under `$or`/`$nor`/`$not`/`$elemMatch`.
 */
export function findNear(q: Doc): (NearSpec & { path: string }) | null {
  const found: Array<NearSpec & { path: string }> = [];
  const take = (clause: Doc): void => {
    for (const [k, v] of Object.entries(clause)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach((c) => isPlainObject(c) && take(c));
      } else if (!k.startsWith('$') && isPlainObject(v)) {
        for (const op of ['$nearSphere', '$near']) {
          if (op in v) found.push({ ...nearSpec(op, v[op]), path: k });
        }
      }
    }
  };
  take(q);
  const nears = geoUses(q).filter((u) => u.op === '$nearSphere' || u.op === '$near').length;
  if (nears > 1) throw requestFailed('Too many geoNear expressions');
  if (nears > found.length) {
    throw requestFailed('$nearSphere is not allowed inside of any other operator ($or, $nor, $not, $elemMatch)');
  }
  return found[0] ?? null;
}

// ---- the 2dsphere index: a grid of cells ------------------------------------------------------

/**
 * What a `2dsphere` index gives the local cloud: a grid of 0.005° cells (about 550 m) mapping to
 * the documents whose geometry touches them, so a geo query with a bounded area looks at the
 * documents of a few cells instead of the whole collection. Candidates are a superset; mingo's
 * geo operators decide.
 */
const CELL = 0.005;
const MAX_DOC_CELLS = 64;
const MAX_QUERY_CELLS = 20000;

interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

function bboxOf(gs: Geometry[]): BBox | null {
  let box: BBox | null = null;
  for (const g of gs) {
    for (const [lng, lat] of points(g)) {
      if (!box) box = { minLng: lng, minLat: lat, maxLng: lng, maxLat: lat };
      else {
        box.minLng = Math.min(box.minLng, lng);
        box.maxLng = Math.max(box.maxLng, lng);
        box.minLat = Math.min(box.minLat, lat);
        box.maxLat = Math.max(box.maxLat, lat);
      }
    }
  }
  return box;
}

function cellsOf(box: BBox, limit: number): string[] | null {
  const x0 = Math.floor(box.minLng / CELL);
  const x1 = Math.floor(box.maxLng / CELL);
  const y0 = Math.floor(box.minLat / CELL);
  const y1 = Math.floor(box.maxLat / CELL);
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > limit) return null;
  const out: string[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push(`${x}:${y}`);
  return out;
}

export class GeoGrid {
  private readonly cells = new Map<string, Set<string | number>>();
  /** documents whose geometry spans too many cells: always candidates */
  private readonly wide = new Set<string | number>();

  private keysOf(value: unknown): string[] | 'wide' | null {
    const box = bboxOf(geometries(value));
    if (!box) return null;
    return cellsOf(box, MAX_DOC_CELLS) ?? 'wide';
  }

  add(id: string | number, value: unknown): void {
    const keys = this.keysOf(value);
    if (keys === 'wide') this.wide.add(id);
    else if (keys) {
      for (const k of keys) {
        let s = this.cells.get(k);
        if (!s) this.cells.set(k, (s = new Set()));
        s.add(id);
      }
    }
  }

  remove(id: string | number, value: unknown): void {
    const keys = this.keysOf(value);
    if (keys === 'wide') this.wide.delete(id);
    else if (keys) {
      for (const k of keys) {
        const s = this.cells.get(k);
        s?.delete(id);
        if (s && s.size === 0) this.cells.delete(k);
      }
    }
  }

  clear(): void {
    this.cells.clear();
    this.wide.clear();
  }

  /** Documents that may lie in `box`, or null when the box is too large to be worth it. */
  candidates(box: BBox): Set<string | number> | null {
    const keys = cellsOf(box, MAX_QUERY_CELLS);
    if (!keys) return null;
    const out = new Set<string | number>(this.wide);
    for (const k of keys) for (const id of this.cells.get(k) ?? []) out.add(id);
    return out;
  }
}

/** The area a geo query clause can match in, or null when unbounded (or across the antimeridian). */
export function queryBBox(cond: unknown): BBox | null {
  if (!isPlainObject(cond)) return null;
  const around = (center: number[], meters: number): BBox | null => {
    if (!Number.isFinite(meters)) return null;
    const dLat = ((meters / EARTH_RADIUS_M) * 180) / Math.PI + 1e-6;
    const maxAbsLat = Math.abs(center[1]) + dLat;
    if (maxAbsLat >= 89) return null;
    const dLng = dLat / Math.cos((maxAbsLat * Math.PI) / 180) + 1e-6;
    const box = { minLng: center[0] - dLng, maxLng: center[0] + dLng, minLat: center[1] - dLat, maxLat: center[1] + dLat };
    return box.minLng < -180 || box.maxLng > 180 ? null : box;
  };
  try {
    for (const op of ['$nearSphere', '$near']) {
      if (op in cond) {
        const spec = nearSpec(op, cond[op]);
        return around(spec.center, spec.max);
      }
    }
    if (isPlainObject(cond.$geoWithin)) {
      const w = cond.$geoWithin;
      if (Array.isArray(w.$centerSphere) && validPosition(w.$centerSphere[0]) && typeof w.$centerSphere[1] === 'number') {
        return around(w.$centerSphere[0] as number[], w.$centerSphere[1] * EARTH_RADIUS_M);
      }
      const g = asGeometry(w.$geometry);
      return g ? bboxOf([g]) : null;
    }
    if (isPlainObject(cond.$geoIntersects)) {
      const g = asGeometry(cond.$geoIntersects.$geometry);
      return g ? bboxOf([g]) : null;
    }
  } catch {
    return null; // the query itself reports the error
  }
  return null;
}
