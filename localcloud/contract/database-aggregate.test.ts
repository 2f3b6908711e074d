/**
 * Database contract, aggregation: match, group, project, addFields, sort, skip, limit, lookup
 * (across collections of the database), unwind, count, and common `db.command.aggregate`
 * operators, through the real SDK.
 */
import { failure, useDatabase } from './db-harness';
import { local } from './target';

const h = useDatabase(() => require('wx-server-sdk'));

beforeEach(async () => {
  await h.coll('items').add({ data: [
    { _id: 'i1', city: 'a', score: 10, tags: ['x', 'y'], at: new Date('2026-01-05T00:00:00Z') },
    { _id: 'i2', city: 'a', score: 30, tags: ['y'], at: new Date('2026-01-06T00:00:00Z') },
    { _id: 'i3', city: 'b', score: 20, tags: [], at: new Date('2026-02-01T00:00:00Z') },
    { _id: 'i4', city: 'c', score: 5, tags: ['x'], at: new Date('2026-02-02T00:00:00Z') },
  ] });
  await h.coll('orders').add({ data: [
    { _id: 'o1', item: 'i1', qty: 2 },
    { _id: 'o2', item: 'i1', qty: 3 },
    { _id: 'o3', item: 'i3', qty: 1 },
  ] });
});

describe('aggregate', () => {
  it('answers at most 20 documents without a limit stage, and as many as a limit asks for', async () => {
    await h.coll('items').add({ data: Array.from({ length: 21 }, (_, i) => ({ _id: `m${String(i).padStart(2, '0')}`, city: 'm', score: i })) });
    expect((await h.coll('items').aggregate().match({ score: h._.gte(0) }).end()).list).toHaveLength(20);
    expect((await h.coll('items').aggregate().match({ score: h._.gte(0) }).limit(100).end()).list).toHaveLength(25);
  });

  it('match + group with sum, avg, max, min, push, addToSet; sort', async () => {
    const $ = h.$;
    const r = await h.coll('items').aggregate()
      .match({ score: h._.gte(10) })
      .group({ _id: '$city', n: $.sum(1), total: $.sum('$score'), avg: $.avg('$score'), hi: $.max('$score'), lo: $.min('$score'), ids: $.push('$_id'), cities: $.addToSet('$city') })
      .sort({ _id: 1 })
      .end();
    expect(r.list).toEqual([
      { _id: 'a', n: 2, total: 40, avg: 20, hi: 30, lo: 10, ids: ['i1', 'i2'], cities: ['a'] },
      { _id: 'b', n: 1, total: 20, avg: 20, hi: 20, lo: 20, ids: ['i3'], cities: ['b'] },
    ]);
  });

  it('project and addFields with expressions', async () => {
    const $ = h.$;
    const r = await h.coll('items').aggregate()
      .match({ _id: 'i2' })
      .project({ _id: 0, city: 1, score: 1, at: 1, nTags: $.size('$tags') })
      .addFields({ doubled: $.multiply(['$score', 2]), label: $.concat(['$city', '-', 'x']), month: $.month('$at') })
      .end();
    expect(r.list).toEqual([{ city: 'a', score: 30, at: new Date('2026-01-06T00:00:00Z'), nTags: 1, doubled: 60, label: 'a-x', month: 1 }]);
  });

  it('sort, skip, limit', async () => {
    const r = await h.coll('items').aggregate().sort({ score: -1 }).skip(1).limit(2).end();
    expect(r.list.map((d: { _id: string }) => d._id)).toEqual(['i3', 'i1']);
  });

  it('lookup across collections, then unwind', async () => {
    const r = await h.coll('items').aggregate()
      .lookup({ from: h.name('orders'), localField: '_id', foreignField: 'item', as: 'orders' })
      .unwind('$orders')
      .project({ qty: '$orders.qty' })
      .sort({ qty: 1 })
      .end();
    expect(r.list).toEqual([
      { _id: 'i3', qty: 1 },
      { _id: 'i1', qty: 2 },
      { _id: 'i1', qty: 3 },
    ]);
  });

  it('unwind an array field, then group', async () => {
    const $ = h.$;
    const r = await h.coll('items').aggregate().unwind('$tags').group({ _id: '$tags', n: $.sum(1) }).sort({ _id: 1 }).end();
    expect(r.list).toEqual([{ _id: 'x', n: 2 }, { _id: 'y', n: 2 }]);
  });

  it('count', async () => {
    const r = await h.coll('items').aggregate().match({ city: 'a' }).count('howMany').end();
    expect(r.list).toEqual([{ howMany: 2 }]);
  });

  it('returns dates as dates', async () => {
    const r = await h.coll('items').aggregate().match({ _id: 'i1' }).project({ at: 1 }).end();
    expect(r.list[0].at).toBeInstanceOf(Date);
    expect(r.list[0].at.toISOString()).toBe('2026-01-05T00:00:00.000Z');
  });

  it('does not change the stored documents', async () => {
    await h.coll('items').aggregate().unwind({ path: '$tags', includeArrayIndex: 'ix' }).addFields({ 'extra.x': 1 }).end();
    expect((await h.coll('items').doc('i1').get()).data).toEqual({ _id: 'i1', city: 'a', score: 10, tags: ['x', 'y'], at: new Date('2026-01-05T00:00:00Z') });
  });

  // wx-server-sdk's aggregate() reports every service error as errCode -1, with the service's message
  it('fails on a collection that does not exist', async () => {
    const e = await failure(h.db.collection(h.name('no_such')).aggregate().match({}).end());
    expect(e.errCode).toBe(-1);
    expect(e.errMsg).toMatch(/^collection\.aggregate:fail .*not exist/);
  });

  local.it('fails a lookup from a collection that does not exist (stricter than MongoDB)', async () => {
    const e = await failure(h.coll('items').aggregate().lookup({ from: 'no_such', localField: '_id', foreignField: 'x', as: 'y' }).end());
    expect(e.errMsg).toMatch(/Db or Table not exist: no_such/);
  });
});
