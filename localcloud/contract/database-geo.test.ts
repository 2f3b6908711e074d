/**
 * Database contract, geo: `_.geoNear` ($nearSphere, sorted by distance, min/max in metres),
 * `_.geoWithin` (Polygon, MultiPolygon, centerSphere), `_.geoIntersects`, the `geoNear`
 * aggregation stage, and the 2dsphere index they need. `places.loc` has a 2dsphere index;
 * `plain` has none.
 *
 * Indexes cannot be created through the SDK, so against a real environment these cases need a
 * 2dsphere index on `loc` that a run-unique collection cannot have: they are local-only.
 */
import { failure, useDatabase } from './db-harness';
import { local } from './target';

const h = useDatabase(() => require('wx-server-sdk'));

// Points along the equator: 0.001° of longitude there is about 111.3 m.
const PLACES = [
  { _id: 'p0', name: 'origin', lng: 0, lat: 0 },
  { _id: 'p1', name: 'east-111m', lng: 0.001, lat: 0 },
  { _id: 'p2', name: 'east-556m', lng: 0.005, lat: 0 },
  { _id: 'p3', name: 'east-2.2km', lng: 0.02, lat: 0 },
  { _id: 'p4', name: 'north-1.1km', lng: 0, lat: 0.01 },
];

async function seedPlaces(): Promise<void> {
  await h.coll('places').add({ data: PLACES.map((p) => ({ _id: p._id, name: p.name, loc: h.db.Geo.Point(p.lng, p.lat) })) });
}

const idsOf = (r: { data: Array<{ _id: string }> }): string[] => r.data.map((d) => d._id);

local.describe('geo queries (2dsphere index on places.loc)', () => {
  beforeEach(seedPlaces);

  it('geoNear returns the documents within maxDistance, nearest first', async () => {
    const r = await h.coll('places').where({ loc: h._.geoNear({ geometry: h.db.Geo.Point(0.0049, 0), maxDistance: 1200 }) }).get();
    expect(idsOf(r)).toEqual(['p2', 'p1', 'p0']);
  });

  it('geoNear honours minDistance', async () => {
    const r = await h.coll('places').where({ loc: h._.geoNear({ geometry: h.db.Geo.Point(0, 0), minDistance: 200, maxDistance: 1500 }) }).get();
    expect(idsOf(r)).toEqual(['p2', 'p4']);
  });

  it('geoNear combines with other conditions and limit', async () => {
    const _ = h._;
    const r = await h.coll('places').where({ loc: _.geoNear({ geometry: h.db.Geo.Point(0.03, 0) }), name: _.neq('east-2.2km') }).limit(2).get();
    expect(idsOf(r)).toEqual(['p2', 'p1']);
  });

  it('geoWithin a Polygon and a MultiPolygon', async () => {
    const G = h.db.Geo;
    const square = (x0: number, y0: number, x1: number, y1: number): unknown =>
      G.Polygon([G.LineString([G.Point(x0, y0), G.Point(x1, y0), G.Point(x1, y1), G.Point(x0, y1), G.Point(x0, y0)])]);
    const poly = square(-0.0005, -0.0005, 0.006, 0.0005);
    const r1 = await h.coll('places').where({ loc: h._.geoWithin({ geometry: poly }) }).orderBy('_id', 'asc').get();
    expect(idsOf(r1)).toEqual(['p0', 'p1', 'p2']);
    const multi = G.MultiPolygon([square(0.015, -0.001, 0.025, 0.001), square(-0.001, 0.009, 0.001, 0.011)]);
    const r2 = await h.coll('places').where({ loc: h._.geoWithin({ geometry: multi }) }).orderBy('_id', 'asc').get();
    expect(idsOf(r2)).toEqual(['p3', 'p4']);
  });

  it('geoWithin a centerSphere (radius in radians)', async () => {
    const radius = 600 / 6378100; // 600 m
    const r = await h.coll('places').where({ loc: h._.geoWithin({ centerSphere: [h.db.Geo.Point(0, 0), radius] }) }).orderBy('_id', 'asc').get();
    expect(idsOf(r)).toEqual(['p0', 'p1', 'p2']);
  });

  it('geoIntersects a line', async () => {
    const G = h.db.Geo;
    const line = G.LineString([G.Point(-0.001, 0), G.Point(0.0015, 0)]);
    const r = await h.coll('places').where({ loc: h._.geoIntersects({ geometry: line }) }).orderBy('_id', 'asc').get();
    expect(idsOf(r)).toEqual(['p0', 'p1']);
  });

  it('aggregate geoNear adds the distance in metres, nearest first', async () => {
    const r = await h.coll('places').aggregate()
      .geoNear({ near: h.db.Geo.Point(0, 0), spherical: true, distanceField: 'dist', maxDistance: 1000, query: { name: h._.neq('origin') } })
      .project({ dist: 1 })
      .end();
    expect(r.list.map((d: { _id: string }) => d._id)).toEqual(['p1', 'p2']);
    expect(r.list[0].dist).toBeGreaterThan(110);
    expect(r.list[0].dist).toBeLessThan(112);
    expect(r.list[1].dist).toBeGreaterThan(555);
    expect(r.list[1].dist).toBeLessThan(558);
  });

  it('refuses a value under a 2dsphere index that is not a geometry', async () => {
    const e = await failure(h.coll('places').add({ data: { loc: { lng: 1, lat: 2 } } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/geo/i);
    const e2 = await failure(h.coll('places').add({ data: { loc: { type: 'Point', coordinates: [200, 0] } } }));
    expect(e2.errCode).toBe(-502001);
  });
});

describe('geo without an index', () => {
  it('refuses geoNear on a field without a 2dsphere index (-502001)', async () => {
    await h.coll('plain').add({ data: { loc: h.db.Geo.Point(0, 0) } });
    const e = await failure(h.coll('plain').where({ loc: h._.geoNear({ geometry: h.db.Geo.Point(0, 0), maxDistance: 10 }) }).get());
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/index/);
  });

  local.it('refuses geoWithin and geoIntersects without a 2dsphere index too (stricter than CloudBase)', async () => {
    await h.coll('plain').add({ data: { loc: h.db.Geo.Point(0, 0) } });
    const G = h.db.Geo;
    const e1 = await failure(h.coll('plain').where({ loc: h._.geoWithin({ centerSphere: [G.Point(0, 0), 0.1] }) }).get());
    expect(e1.errCode).toBe(-502001);
    const e2 = await failure(h.coll('plain').where({ loc: h._.geoIntersects({ geometry: G.Point(0, 0) }) }).count());
    expect(e2.errCode).toBe(-502001);
  });
});
