/**
 * Database contract, documents: add / get / count / doc().set/update/remove / where().update/remove,
 * createCollection, value types, paging and projection, collection errors, billed operations.
 * Drives the real wx-server-sdk (see target.ts for local vs real CloudBase).
 */
import { failure, useDatabase } from './db-harness';
import { local } from './target';

const h = useDatabase(() => require('wx-server-sdk'));

async function seed(name: string, docs: Record<string, unknown>[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < docs.length; i += 100) {
    const r = await h.coll(name).add({ data: docs.slice(i, i + 100) });
    ids.push(...r._ids);
  }
  return ids;
}

describe('add', () => {
  it('adds one document and answers its generated _id', async () => {
    const r = await h.coll('items').add({ data: { title: '巡查', n: 1 } });
    expect(r.errMsg).toBe('collection.add:ok');
    expect(typeof r._id).toBe('string');
    expect(r._id.length).toBeGreaterThan(0);
    const got = await h.coll('items').doc(r._id).get();
    expect(got.data).toEqual({ _id: r._id, title: '巡查', n: 1 });
  });

  it('adds an array in one call and answers the _ids in order', async () => {
    const r = await h.coll('items').add({ data: [{ k: 1 }, { k: 2 }, { k: 3 }] });
    expect(r._ids).toHaveLength(3);
    const docs = await Promise.all(r._ids.map((id: string) => h.coll('items').doc(id).get()));
    expect(docs.map((d) => d.data.k)).toEqual([1, 2, 3]);
  });

  it('keeps a given _id, and refuses a second document with it (E11000, -502001)', async () => {
    const r = await h.coll('items').add({ data: { _id: 'fixed-1', v: 1 } });
    expect(r._id).toBe('fixed-1');
    const e = await failure(h.coll('items').add({ data: { _id: 'fixed-1', v: 2 } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/duplicate key/);
    expect((await h.coll('items').doc('fixed-1').get()).data.v).toBe(1);
  });

  local.it('generates _id as 32 hexadecimal characters', async () => {
    const r = await h.coll('items').add({ data: { a: 1 } });
    expect(r._id).toMatch(/^[0-9a-f]{32}$/);
  });

  local.it('adds nothing of an array when one document is refused', async () => {
    await h.coll('items').add({ data: { _id: 'taken' } });
    await failure(h.coll('items').add({ data: [{ _id: 'new-1' }, { _id: 'taken' }] }));
    expect((await h.coll('items').count()).total).toBe(1);
  });
});

describe('values round-trip', () => {
  it('keeps numbers, strings, booleans, null, arrays, nested objects and dates', async () => {
    const d = new Date('2026-01-05T01:02:03.456Z');
    const data = {
      int: 42, neg: -7, float: 1.5, big: 2 ** 40, zero: 0, str: '中文 text', t: true, f: false, nil: null,
      arr: [1, 'two', { three: 3 }], nested: { a: { b: { c: 'deep' } } }, when: d, dates: [d],
    };
    const { _id } = await h.coll('items').add({ data });
    const got = (await h.coll('items').doc(_id).get()).data;
    expect(got).toEqual({ _id, ...data });
    expect(got.when).toBeInstanceOf(Date);
    expect(got.when.getTime()).toBe(d.getTime());
  });

  it('stores db.Geo.Point as GeoJSON, longitude first, and returns a Geo.Point', async () => {
    const { _id } = await h.coll('places').add({ data: { loc: h.db.Geo.Point(113.3245, 23.1064) } });
    const got = (await h.coll('places').doc(_id).get()).data;
    expect(got.loc.longitude).toBe(113.3245);
    expect(got.loc.latitude).toBe(23.1064);
    expect(got.loc.toJSON()).toEqual({ type: 'Point', coordinates: [113.3245, 23.1064] });
  });

  it('replaces db.serverDate() by the server time, with its offset', async () => {
    const before = Date.now();
    const { _id } = await h.coll('items').add({ data: { at: h.db.serverDate(), later: h.db.serverDate({ offset: 60_000 }) } });
    const got = (await h.coll('items').doc(_id).get()).data;
    expect(got.at).toBeInstanceOf(Date);
    expect(Math.abs(got.at.getTime() - before)).toBeLessThan(120_000);
    expect(got.later.getTime() - got.at.getTime()).toBe(60_000);
  });

  local.it('takes serverDate from the local clock, in documents, updates and queries', async () => {
    const clock = h.target.cloud!.clock;
    clock.set('2026-03-02T01:30:00.000Z', { frozen: true });
    const { _id } = await h.coll('items').add({ data: { at: h.db.serverDate(), n: 1 } });
    expect((await h.coll('items').doc(_id).get()).data.at.toISOString()).toBe('2026-03-02T01:30:00.000Z');
    clock.advance(5000);
    await h.coll('items').doc(_id).update({ data: { seen: h.db.serverDate({ offset: -1000 }) } });
    expect((await h.coll('items').doc(_id).get()).data.seen.toISOString()).toBe('2026-03-02T01:30:04.000Z');
    const _ = h._;
    expect((await h.coll('items').where({ at: _.lt(h.db.serverDate()) }).count()).total).toBe(1);
    expect((await h.coll('items').where({ at: _.lt(h.db.serverDate({ offset: -6000 })) }).count()).total).toBe(0);
  });

  it('matches db.RegExp and JS RegExp', async () => {
    await h.coll('items').add({ data: [{ name: 'Zhang San' }, { name: 'zhangsi' }, { name: 'Li' }] });
    expect((await h.coll('items').where({ name: /^zhang/i }).count()).total).toBe(2);
    expect((await h.coll('items').where({ name: h.db.RegExp({ regexp: '^zhang', options: '' }) }).count()).total).toBe(1);
  });
});

describe('get', () => {
  it('returns 100 documents when no limit is given', async () => {
    await seed('items', Array.from({ length: 150 }, (_, i) => ({ i })));
    const r = await h.coll('items').get();
    expect(r.data).toHaveLength(100);
  });

  it('returns at most 1,000 documents, however large the limit', async () => {
    await seed('items', Array.from({ length: 1005 }, (_, i) => ({ i })));
    const r = await h.coll('items').limit(5000).get();
    expect(r.data).toHaveLength(1000);
  }, 60_000);

  it('orders by several fields in call order, skips and limits', async () => {
    await h.coll('items').add({ data: [
      { city: 'b', age: 1 }, { city: 'a', age: 5 }, { city: 'b', age: 9 }, { city: 'a', age: 2 }, { city: 'c', age: 0 },
    ] });
    const r = await h.coll('items').orderBy('city', 'asc').orderBy('age', 'desc').skip(1).limit(3).get();
    expect(r.data.map((d: { city: string; age: number }) => `${d.city}${d.age}`)).toEqual(['a2', 'b9', 'b1']);
  });

  it('returns documents in insertion order without orderBy', async () => {
    await h.coll('items').add({ data: [{ city: 'x', i: 0 }, { city: 'y', i: 1 }, { city: 'x', i: 2 }, { city: 'x', i: 3 }] });
    expect((await h.coll('items').where({ city: 'x' }).get()).data.map((d: { i: number }) => d.i)).toEqual([0, 2, 3]);
  });

  it('projects with field(): included fields plus _id, or everything but excluded ones', async () => {
    const { _id } = await h.coll('items').add({ data: { a: 1, b: 2, c: { d: 3, e: 4 } } });
    expect((await h.coll('items').field({ a: true, 'c.d': true }).get()).data).toEqual([{ _id, a: 1, c: { d: 3 } }]);
    expect((await h.coll('items').field({ b: false, c: false }).get()).data).toEqual([{ _id, a: 1 }]);
    expect((await h.coll('items').doc(_id).field({ b: true }).get()).data).toEqual({ _id, b: 2 });
    // Top-level fields only: in the document's order, a missing one left out, _id on request.
    const r = (await h.coll('items').where({ _id }).field({ c: true, a: 1, missing: true }).get()).data;
    expect(r).toEqual([{ _id, a: 1, c: { d: 3, e: 4 } }]);
    expect(Object.keys(r[0])).toEqual(['_id', 'a', 'c']);
    expect((await h.coll('items').where({ _id }).field({ _id: false, b: true }).get()).data).toEqual([{ b: 2 }]);
  });

  it('matches a nested object by its fields (the SDK sends dotted paths)', async () => {
    await h.coll('items').add({ data: [{ addr: { town: 'x', village: 'y' } }, { addr: { town: 'z' } }] });
    const r = await h.coll('items').where({ addr: { town: 'x' } }).get();
    expect(r.data).toHaveLength(1);
    expect(r.data[0].addr).toEqual({ town: 'x', village: 'y' });
  });

  it('fails doc().get() of a missing document', async () => {
    const e = await failure(h.coll('items').doc('no-such-doc').get());
    expect(e.errMsg).toMatch(/document with _id no-such-doc does not exist/);
  });

  it('finds by numeric and string _id alike', async () => {
    await h.coll('items').add({ data: [{ _id: 7, kind: 'number' }, { _id: '7', kind: 'string' }] });
    expect((await h.coll('items').doc(7).get()).data.kind).toBe('number');
    expect((await h.coll('items').doc('7').get()).data.kind).toBe('string');
  });
});

describe('count', () => {
  it('counts matching documents', async () => {
    await h.coll('items').add({ data: [{ city: 'a' }, { city: 'a' }, { city: 'b' }] });
    expect((await h.coll('items').count()).total).toBe(3);
    expect((await h.coll('items').where({ city: 'a' }).count()).total).toBe(2);
    expect((await h.coll('items').where({ city: 'zzz' }).count()).total).toBe(0);
  });
});

describe('doc().update / set / remove', () => {
  it('update merges: nested objects by field, and reports one updated document', async () => {
    const { _id } = await h.coll('items').add({ data: { o: { p: 1, q: 1 }, n: 1 } });
    const r = await h.coll('items').doc(_id).update({ data: { o: { p: 2 }, m: 'new' } });
    expect(r.stats).toEqual({ updated: 1 });
    expect((await h.coll('items').doc(_id).get()).data).toEqual({ _id, o: { p: 2, q: 1 }, n: 1, m: 'new' });
  });

  it('update with _.set replaces a sub-object', async () => {
    const { _id } = await h.coll('items').add({ data: { o: { p: 1, q: 1 } } });
    await h.coll('items').doc(_id).update({ data: { o: h._.set({ p: 5 }) } });
    expect((await h.coll('items').doc(_id).get()).data.o).toEqual({ p: 5 });
  });

  it('update reports 0 when nothing changes or the document is missing', async () => {
    const { _id } = await h.coll('items').add({ data: { n: 1 } });
    expect((await h.coll('items').doc(_id).update({ data: { n: 1 } })).stats.updated).toBe(0);
    expect((await h.coll('items').doc('missing').update({ data: { n: 1 } })).stats.updated).toBe(0);
    expect((await h.coll('items').count()).total).toBe(1);
  });

  it('set replaces the whole document, or creates it', async () => {
    const created = await h.coll('items').doc('s1').set({ data: { a: 1, b: { c: 2 } } });
    expect(created).toMatchObject({ _id: 's1', stats: { updated: 0, created: 1 } });
    const replaced = await h.coll('items').doc('s1').set({ data: { z: 26 } });
    expect(replaced).toMatchObject({ _id: 's1', stats: { updated: 1, created: 0 } });
    expect((await h.coll('items').doc('s1').get()).data).toEqual({ _id: 's1', z: 26 });
  });

  it('remove deletes one document, and reports 0 for a missing one', async () => {
    const { _id } = await h.coll('items').add({ data: { n: 1 } });
    expect((await h.coll('items').doc(_id).remove()).stats).toEqual({ removed: 1 });
    expect((await h.coll('items').doc(_id).remove()).stats).toEqual({ removed: 0 });
    expect((await h.coll('items').count()).total).toBe(0);
  });
});

describe('where().update / remove', () => {
  it('updates every matching document', async () => {
    await h.coll('items').add({ data: [{ city: 'a', n: 1 }, { city: 'a', n: 2 }, { city: 'b', n: 3 }] });
    const r = await h.coll('items').where({ city: 'a' }).update({ data: { flag: true } });
    expect(r.stats).toEqual({ updated: 2 });
    expect((await h.coll('items').where({ flag: true }).count()).total).toBe(2);
    expect((await h.coll('items').where({ city: 'b', flag: h._.exists(false) }).count()).total).toBe(1);
  });

  it('removes every matching document', async () => {
    await h.coll('items').add({ data: [{ city: 'a' }, { city: 'a' }, { city: 'b' }] });
    const r = await h.coll('items').where({ city: 'a' }).remove();
    expect(r.stats).toEqual({ removed: 2 });
    expect((await h.coll('items').count()).total).toBe(1);
  });
});

describe('collections', () => {
  it('fails every call on a collection that does not exist (-502005)', async () => {
    const missing = h.db.collection(h.name('never_created'));
    for (const call of [() => missing.get(), () => missing.count(), () => missing.add({ data: { a: 1 } }), () => missing.where({ a: 1 }).remove()]) {
      const e = await failure(call());
      expect(e.errCode).toBe(-502005);
      expect(e.errMsg).toMatch(/not exist/);
    }
  });

  it('creates a collection with db.createCollection, once', async () => {
    const name = h.name(`created_${Date.now().toString(36)}`);
    const r = await h.db.createCollection(name);
    expect(r.errMsg).toBe('createCollection:ok');
    await h.db.collection(name).add({ data: { a: 1 } });
    expect((await h.db.collection(name).count()).total).toBe(1);
    const e = await failure(h.db.createCollection(name));
    expect(e.errMsg).toMatch(/exist/i);
  });
});

local.describe('billed operations', () => {
  it('counts one read per get, count and aggregate, one write per add (even of many), update, set, remove', async () => {
    const ops = h.target.cloud!.database.ops;
    const start = { ...ops };
    const delta = (): { reads: number; writes: number } => ({ reads: ops.reads - start.reads, writes: ops.writes - start.writes });
    const r = await h.coll('items').add({ data: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    expect(delta()).toEqual({ reads: 0, writes: 1 });
    await h.coll('items').get();
    await h.coll('items').count();
    await h.coll('items').aggregate().match({ n: 1 }).end();
    expect(delta()).toEqual({ reads: 3, writes: 1 });
    await h.coll('items').doc(r._ids[0]).update({ data: { n: 5 } });
    await h.coll('items').doc('new').set({ data: { n: 6 } });
    await h.coll('items').where({ n: 2 }).update({ data: { n: 7 } });
    await h.coll('items').doc(r._ids[2]).remove();
    expect(delta()).toEqual({ reads: 3, writes: 5 });
  });

  it('counts operations inside a transaction as their kind, and start/commit as nothing', async () => {
    await h.coll('counters').add({ data: { _id: 'c', n: 0 } });
    const ops = h.target.cloud!.database.ops;
    const start = { ...ops };
    await h.db.runTransaction(async (tx: any) => {
      const c = await tx.collection('counters').doc('c').get();
      await tx.collection('counters').doc('c').update({ data: { n: c.data.n + 1 } });
    });
    expect({ reads: ops.reads - start.reads, writes: ops.writes - start.writes }).toEqual({ reads: 1, writes: 1 });
  });
});
