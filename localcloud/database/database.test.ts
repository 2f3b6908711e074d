/**
 * Unit tests of the database below the SDK: the wire actions with hand-written EJSON params,
 * index answers against scans, values, persistence round trips, reset, billed operations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EJSON, Long, ObjectId } from 'bson';
import { LocalClock } from '../clock';
import type { AdminRequest, CollectionSpec } from '../service';
import { compileQuery } from './engine';
import { LocalDatabase } from './index';

const COLLECTIONS: CollectionSpec[] = [
  { name: 'p', indexes: [{ name: 'org_1', keys: { orgId: 1 } }, { name: 'tags_1', keys: { tags: 1 } }, { name: 'openid_u', keys: { openid: 1 }, unique: true }] },
  { name: 'plain' },
];

function req(action: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}): AdminRequest {
  return { action, params: { ...params, action }, raw: Buffer.alloc(0), headers };
}

const ej = (v: unknown): string => EJSON.stringify(v, { relaxed: false });

async function call(db: LocalDatabase, action: string, params: Record<string, unknown> = {}): Promise<any> {
  return (await db.handle(req(action, params))).body;
}

async function find(db: LocalDatabase, coll: string, query: unknown, extra: Record<string, unknown> = {}): Promise<any[]> {
  const b = await call(db, 'database.getDocument', { collectionName: coll, queryType: 'WHERE', query: ej(query), limit: 1000, ...extra });
  if (b.code) throw new Error(`${b.code}: ${b.message}`);
  return (b.data.list as string[]).map((s) => EJSON.parse(s));
}

async function insert(db: LocalDatabase, coll: string, docs: unknown[]): Promise<string[]> {
  const b = await call(db, 'database.insertDocument', { collectionName: coll, data: docs.map(ej) });
  if (b.code) throw new Error(`${b.code}: ${b.message}`);
  return b.data.insertedIds;
}

let db: LocalDatabase;
let clock: LocalClock;

beforeEach(async () => {
  clock = new LocalClock();
  db = new LocalDatabase({ clock, collections: COLLECTIONS });
  await db.open();
});

afterEach(async () => {
  await db.close();
});

describe('indexes answer like a scan', () => {
  it('equality and $in on an indexed field, on _id, and inside $and, in insertion order', async () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({ _id: `d${i}`, openid: `u${i}`, orgId: `o${i % 7}`, tags: [`t${i % 3}`, `u${i % 5}`], k: i % 7, n: i }));
    await insert(db, 'p', docs);
    await insert(db, 'plain', docs);
    const queries = [
      { orgId: 'o3' },
      { orgId: { $in: ['o1', 'o6', 'missing'] } },
      { orgId: { $eq: 'o2' }, n: { $gt: 100 } },
      { tags: 't1' },
      { tags: { $in: ['u4', 't0'] } },
      { _id: 'd42' },
      { _id: { $in: ['d1', 'd299', 'nope'] } },
      { $and: [{ orgId: 'o1' }, { n: { $lt: 50 } }] },
      { orgId: null },
      { $or: [{ orgId: 'o1' }, { n: 5 }] },
    ];
    for (const q of queries) {
      const viaIndex = (await find(db, 'p', q)).map((d) => d._id);
      const viaScan = (await find(db, 'plain', q)).map((d) => d._id);
      expect(viaIndex).toEqual(viaScan);
    }
    expect((await find(db, 'p', { orgId: 'o3' })).map((d) => d.n).slice(0, 3)).toEqual([3, 10, 17]);
  });

  it('a $in of strings (decided by a set, not by mingo) matches as MongoDB does: arrays, sub-documents, missing fields', async () => {
    const docs = Array.from({ length: 120 }, (_, i) => ({
      _id: `s${i}`,
      openid: `o${i}`,
      ...(i % 11 ? { who: i % 4 ? `w${i % 9}` : [`w${i % 5}`, `x${i % 3}`] } : {}),
      grants: i % 6 ? [{ role: i % 2 ? 'cadre' : 'staff', path: [`c${i % 3}`, `t${i % 4}`] }, { role: 'villager', path: [`z${i % 2}`] }] : [],
      sub: { id: i % 5 === 0 ? 7 : `v${i % 8}` },
      n: i,
    }));
    await insert(db, 'p', docs);
    await insert(db, 'plain', docs);
    const queries = [
      { who: { $in: ['w1', 'w4', 'x2'] } },
      { who: { $in: ['w3'] }, n: { $gt: 40 } },
      { 'grants.role': { $in: ['cadre'] } },
      { 'sub.id': { $in: ['v3', 'v7'] } },
      { _id: { $in: ['s1', 's13', 's14', 's99'] }, who: { $in: ['w4', 'w1', 'x1'] } },
      { who: { $in: [] } },
      { $or: [{ who: { $in: ['w2'] } }, { n: 3 }] },
      { orgId: { $in: ['nobody'] } },
    ];
    for (const q of queries) {
      const byMingo = docs.filter((d) => compileQuery(q).test(d)).map((d) => d._id);
      expect([q, (await find(db, 'p', q)).map((d) => d._id)]).toEqual([q, byMingo]);
      expect((await find(db, 'plain', q)).map((d) => d._id)).toEqual(byMingo);
    }
    // Where mingo (7.2) is wrong: arrays inside an array of sub-documents (`grants.path` of two
    // grants). MongoDB matches a value inside any of them; mingo's $in matches none.
    const odd = [['c9', 't1'], ['t9'], ['x', 'c8']].map((path, i) => ({ _id: `e${i}`, openid: `e${i}`, grants: [{ role: 'staff', path }, { role: 'villager', path: ['z'] }] }));
    await insert(db, 'p', odd);
    const q = { 'grants.path': { $in: ['c9', 'c8'] }, 'grants.role': 'staff' };
    expect(odd.filter((d) => compileQuery(q).test(d))).toEqual([]);
    const want = ['e0', 'e2'];
    expect((await find(db, 'p', q)).map((d) => d._id)).toEqual(want);
  });

  it('a page in _id order (keyset paging) answers as a full sort would, through inserts and removes', async () => {
    // Mixed ids: numbers sort before strings, strings by code unit.
    const ids: (string | number)[] = [7, 3, 'b', 'a10', 'a9', 'A', 'z', 'p-2', 'p-10', 100, 'p-1', '中'];
    const docs = Array.from({ length: 240 }, (_, i) => ({ _id: i < ids.length ? ids[i] : `k${(i * 7919) % 1000}`, openid: `u${i}`, orgId: `o${i % 5}`, n: i }));
    await insert(db, 'p', docs);
    await call(db, 'database.removeDocument', { collectionName: 'p', query: ej({ n: { $in: [20, 21, 22] } }), multi: true });
    await insert(db, 'p', [{ _id: 'k0000', openid: 'late', orgId: 'o1', n: 999 }]);
    const all = (await find(db, 'p', {})).map((d) => d._id as string | number);
    const sorted = [...all].sort((a, b) => (typeof a !== typeof b ? (typeof a === 'number' ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0));
    for (const dir of [1, -1] as const) {
      const order = dir === 1 ? sorted : [...sorted].reverse();
      for (const [q, keep] of [
        [{}, () => true],
        [{ orgId: 'o2' }, (_id: unknown, d: any) => d.orgId === 'o2'],
        [{ _id: { $gt: 'k5' } }, (id: unknown) => typeof id === 'string' && id > 'k5'],
        // A string bound compares strings only (MongoDB's type bracketing).
        [{ _id: { $lt: 'b' }, n: { $gte: 3 } }, (id: unknown, d: any) => typeof id === 'string' && id < 'b' && d.n >= 3],
      ] as [Record<string, unknown>, (id: unknown, d: any) => boolean][]) {
        const byId = new Map((await find(db, 'p', {})).map((d) => [d._id, d]));
        const expected = order.filter((id) => keep(id, byId.get(id)));
        const got = (await find(db, 'p', q, { order: ej({ _id: dir }), offset: 2, limit: 25 })).map((d) => d._id);
        expect(got).toEqual(expected.slice(2, 27));
      }
    }
  });

  it('keeps indexes right through updates and removes', async () => {
    await insert(db, 'p', [{ _id: 'a', openid: 'a', orgId: 'x' }, { _id: 'b', openid: 'b', orgId: 'x' }]);
    await call(db, 'database.modifyDocument', { collectionName: 'p', query: ej({ _id: 'a' }), data: ej({ $set: { orgId: 'y' } }), merge: true });
    await call(db, 'database.removeDocument', { collectionName: 'p', query: ej({ _id: 'b' }), multi: false });
    expect((await find(db, 'p', { orgId: 'x' })).map((d) => d._id)).toEqual([]);
    expect((await find(db, 'p', { orgId: 'y' })).map((d) => d._id)).toEqual(['a']);
  });

  it('answers 20,000 indexed equality queries quickly on 20,000 documents', async () => {
    const data = Array.from({ length: 20000 }, (_, i) => ej({ orgId: `o${i % 1000}`, openid: `u${i}`, n: i }));
    for (let i = 0; i < data.length; i += 1000) await call(db, 'database.insertDocument', { collectionName: 'p', data: data.slice(i, i + 1000) });
    const started = Date.now();
    for (let i = 0; i < 2000; i++) {
      const b = await call(db, 'database.calculateDocument', { collectionName: 'p', query: ej({ openid: `u${i * 7}` }) });
      expect(b.data.total).toBe(1);
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('unique indexes', () => {
  it('index each element of an array field; a document may repeat its own key', async () => {
    const u = { name: 'u', keys: { codes: 1 as const }, unique: true };
    const local = new LocalDatabase({ clock, collections: [{ name: 'c', indexes: [u] }] });
    await local.open();
    await insert(local, 'c', [{ _id: 'a', codes: ['x', 'y', 'x'] }]);
    const dup = await call(local, 'database.insertDocument', { collectionName: 'c', data: [ej({ codes: ['z', 'y'] })] });
    expect(dup.code).toBe('DATABASE_REQUEST_FAILED');
    expect(dup.message).toContain('index: u dup key');
    await insert(local, 'c', [{ codes: ['z'] }]);
    await local.close();
  });

  it('refuses a batch that collides with itself, all or nothing', async () => {
    const b = await call(db, 'database.insertDocument', { collectionName: 'p', data: [ej({ openid: 'same' }), ej({ openid: 'other' }), ej({ openid: 'same' })] });
    expect(b.code).toBe('DATABASE_REQUEST_FAILED');
    expect((await call(db, 'database.calculateDocument', { collectionName: 'p' })).data.total).toBe(0);
  });

  it('refuses a multi update that would make two documents collide, changing none', async () => {
    await insert(db, 'p', [{ _id: 'a', openid: 'a', orgId: 'o' }, { _id: 'b', openid: 'b', orgId: 'o' }]);
    const b = await call(db, 'database.modifyDocument', { collectionName: 'p', query: ej({ orgId: 'o' }), data: ej({ $set: { openid: 'same' } }), merge: true, multi: true });
    expect(b.code).toBe('DATABASE_REQUEST_FAILED');
    expect((await find(db, 'p', {})).map((d) => d.openid)).toEqual(['a', 'b']);
  });
});

describe('values', () => {
  it('answers canonical EJSON and keeps BSON types it cannot map to JS (ObjectId, big Long)', async () => {
    const oid = new ObjectId();
    const big = Long.fromString('9007199254740993');
    await insert(db, 'plain', [{ _id: 'v', oid, big, small: Long.fromNumber(5), d: new Date(7), re: /a+b/i }]);
    const b = await call(db, 'database.getDocument', { collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'v' }) });
    const raw = b.data.list[0] as string;
    expect(raw).toContain('"$oid"');
    expect(raw).toContain('{"$numberLong":"9007199254740993"}');
    expect(raw).toContain('"small":{"$numberInt":"5"}');
    expect(raw).toContain('"d":{"$date":{"$numberLong":"7"}}');
    expect(raw).toContain('"re":{"$regularExpression":{"pattern":"a+b","options":"i"}}');
    expect((await find(db, 'plain', { oid })).length).toBe(1);
  });

  it('replaces every serverDate (in arrays, nested, in queries and updates) by the local clock plus offset', async () => {
    clock.set('2026-05-01T00:00:00Z', { frozen: true });
    const sd = (offset: number): unknown => ({ $tcb_server_date: { offset } });
    await insert(db, 'plain', [{ _id: 's', list: [sd(0), { at: sd(1000) }] }]);
    await call(db, 'database.modifyDocument', { collectionName: 'plain', query: ej({ _id: 's' }), data: ej({ $set: { u: sd(-1000) } }), merge: true });
    const [doc] = await find(db, 'plain', { 'list.at': { $lte: sd(1000) } });
    expect(doc.list[0].toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(doc.list[1].at.toISOString()).toBe('2026-05-01T00:00:01.000Z');
    expect(doc.u.toISOString()).toBe('2026-04-30T23:59:59.000Z');
  });

  it('refuses invalid extended JSON with INVALID_PARAM', async () => {
    const b = await call(db, 'database.getDocument', { collectionName: 'plain', queryType: 'WHERE', query: '{not json' });
    expect(b.code).toBe('INVALID_PARAM');
  });

  it('answers an unknown database action with INVALID_ACTION', async () => {
    expect((await call(db, 'database.dropCollection', { collectionName: 'plain' })).code).toBe('INVALID_ACTION');
  });
});

describe('billed operations', () => {
  it('counts reads and writes per call, also refused ones, never transaction bookkeeping', async () => {
    await insert(db, 'plain', [{ a: 1 }, { a: 2 }]);
    await find(db, 'plain', {});
    await call(db, 'database.getDocument', { collectionName: 'missing', queryType: 'WHERE' });
    const start = await call(db, 'database.startTransaction');
    await call(db, 'database.abortTransaction', { transactionId: start.transactionId });
    await call(db, 'database.addCollection', { collectionName: 'made' });
    expect(db.ops).toEqual({ reads: 2, writes: 1 });
  });
});

describe('persistence', () => {
  const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-db-unit-'));

  it('keeps documents, created collections and natural order across close and open, through compaction', async () => {
    const dir = tmp();
    const a = new LocalDatabase({ clock, collections: COLLECTIONS, dataDir: dir, compactBytes: 2048 });
    await a.open();
    await call(a, 'database.addCollection', { collectionName: 'made' });
    await insert(a, 'made', Array.from({ length: 50 }, (_, i) => ({ _id: `m${i}`, i, pad: 'x'.repeat(100) })));
    await call(a, 'database.modifyDocument', { collectionName: 'made', query: ej({ _id: 'm3' }), data: ej({ $set: { i: 300 } }), merge: true });
    await call(a, 'database.removeDocument', { collectionName: 'made', query: ej({ _id: 'm4' }), multi: false });
    await insert(a, 'p', [{ openid: 'u1' }]);
    await a.close();

    const b = new LocalDatabase({ clock, collections: COLLECTIONS, dataDir: dir });
    await b.open();
    expect(b.collectionNames().sort()).toEqual(['made', 'p', 'plain']);
    const made = await find(b, 'made', {});
    expect(made).toHaveLength(49);
    expect(made.slice(0, 5).map((d) => [d._id, d.i])).toEqual([['m0', 0], ['m1', 1], ['m2', 2], ['m3', 300], ['m5', 5]]);
    // indexes are rebuilt: the unique one still refuses a duplicate
    expect((await call(b, 'database.insertDocument', { collectionName: 'p', data: [ej({ openid: 'u1' })] })).code).toBe('DATABASE_REQUEST_FAILED');
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one log record per committed transaction, nothing for an aborted one', async () => {
    const dir = tmp();
    const a = new LocalDatabase({ clock, collections: COLLECTIONS, dataDir: dir });
    await a.open();
    const log = path.join(dir, 'log.bin');
    const t1 = (await call(a, 'database.startTransaction')).transactionId;
    await call(a, 'database.insertDocument', { collectionName: 'plain', transactionId: t1, data: [ej({ _id: 'x' })] });
    await call(a, 'database.insertDocument', { collectionName: 'plain', transactionId: t1, data: [ej({ _id: 'y' })] });
    expect(fs.statSync(log).size).toBe(0);
    await call(a, 'database.commitTransaction', { transactionId: t1 });
    const buf = fs.readFileSync(log);
    expect(buf.readUInt32LE(0) + 8).toBe(buf.length);
    const t2 = (await call(a, 'database.startTransaction')).transactionId;
    await call(a, 'database.insertDocument', { collectionName: 'plain', transactionId: t2, data: [ej({ _id: 'z' })] });
    await call(a, 'database.abortTransaction', { transactionId: t2 });
    expect(fs.statSync(log).size).toBe(buf.length);
    await a.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to open stored data that breaks a newly declared unique index, naming the key', async () => {
    const dir = tmp();
    const a = new LocalDatabase({ clock, collections: [{ name: 'q' }], dataDir: dir });
    await a.open();
    await insert(a, 'q', [{ k: 1 }, { k: 1 }]);
    await a.close();
    const b = new LocalDatabase({ clock, collections: [{ name: 'q', indexes: [{ name: 'k_u', keys: { k: 1 }, unique: true }] }], dataDir: dir });
    await expect(b.open()).rejects.toThrow('cannot build unique index k_u on q: duplicate key { k: 1 }');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reset() empties the data (declared collections stay, created ones go), also on disk', async () => {
    const dir = tmp();
    const a = new LocalDatabase({ clock, collections: COLLECTIONS, dataDir: dir });
    await a.open();
    await call(a, 'database.addCollection', { collectionName: 'made' });
    await insert(a, 'plain', [{ a: 1 }]);
    await a.reset();
    expect(a.collectionNames().sort()).toEqual(['p', 'plain']);
    await a.close();
    const b = new LocalDatabase({ clock, collections: COLLECTIONS, dataDir: dir });
    await b.open();
    expect((await call(b, 'database.calculateDocument', { collectionName: 'plain' })).data.total).toBe(0);
    expect(b.collectionNames().sort()).toEqual(['p', 'plain']);
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('2dsphere grid', () => {
  it('finds exactly what a scan finds, for near, within and intersects queries', async () => {
    const geo = new LocalDatabase({ clock, collections: [{ name: 'g', indexes: [{ name: 'loc', keys: { loc: '2dsphere' } }] }] });
    await geo.open();
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const docs = Array.from({ length: 2000 }, (_, i) => ({
      _id: `g${i}`,
      loc: i % 10 === 0 ? [113 + rnd() * 0.5, 23 + rnd() * 0.5] : { type: 'Point', coordinates: [113 + rnd() * 0.5, 23 + rnd() * 0.5] },
    }));
    docs.push({ _id: 'area', loc: { type: 'Polygon', coordinates: [[[112.9, 22.9], [113.6, 22.9], [113.6, 23.6], [112.9, 22.9]]] } } as never);
    await insert(geo, 'g', docs);
    const point = (lng: number, lat: number): unknown => ({ type: 'Point', coordinates: [lng, lat] });
    const queries = [
      { loc: { $nearSphere: { $geometry: point(113.2, 23.2), $maxDistance: 3000 } } },
      { loc: { $nearSphere: { $geometry: point(113.01, 23.49), $minDistance: 1000, $maxDistance: 9000 } } },
      { loc: { $geoWithin: { $centerSphere: [[113.3, 23.1], 5000 / 6378100] } } },
      { loc: { $geoWithin: { $geometry: { type: 'Polygon', coordinates: [[[113.1, 23.1], [113.2, 23.1], [113.2, 23.3], [113.1, 23.1]]] } } } },
      { loc: { $geoIntersects: { $geometry: { type: 'LineString', coordinates: [[113.0, 23.0], [113.4, 23.4]] } } } },
    ];
    for (const q of queries) {
      const got = (await find(geo, 'g', q)).map((d) => d._id as string).sort();
      const test = compileQuery(EJSON.parse(ej(q)) as Record<string, unknown>);
      const expected = docs.filter((d) => test.test(d as never)).map((d) => d._id).sort();
      expect(got).toEqual(expected);
      expect(got.length).toBeGreaterThan(0);
    }
    await geo.close();
  });
});
