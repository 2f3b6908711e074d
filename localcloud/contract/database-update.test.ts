/**
 * Database contract, update operators: every `db.command` update operator through the real SDK,
 * `$push` with its modifiers, and MongoDB's refusals of operators on the wrong types.
 */
import { failure, useDatabase } from './db-harness';

const h = useDatabase(() => require('wx-server-sdk'));

async function after(doc: Record<string, unknown>, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { _id } = await h.coll('items').add({ data: doc });
  await h.coll('items').doc(_id).update({ data });
  const got = (await h.coll('items').doc(_id).get()).data;
  delete got._id;
  return got;
}

describe('field operators', () => {
  it('set, remove', async () => {
    const _ = h._;
    expect(await after({ a: 1, b: { c: 1, d: 2 } }, { a: _.set({ x: 1 }), 'b.c': _.remove() })).toEqual({ a: { x: 1 }, b: { d: 2 } });
  });

  it('inc, mul (creating missing fields as MongoDB does)', async () => {
    const _ = h._;
    expect(await after({ n: 5, m: 3 }, { n: _.inc(-2), m: _.mul(4), fresh: _.inc(7), zero: _.mul(3) })).toEqual({ n: 3, m: 12, fresh: 7, zero: 0 });
  });

  it('min, max', async () => {
    const _ = h._;
    const d1 = new Date('2026-01-01T00:00:00Z');
    const d2 = new Date('2026-06-01T00:00:00Z');
    expect(await after({ lo: 5, hi: 5, when: d1 }, { lo: _.min(3), hi: _.max(3), when: _.max(d2) })).toEqual({ lo: 3, hi: 5, when: d2 });
  });

  it('rename', async () => {
    expect(await after({ old: 1, keep: 2 }, { old: h._.rename('renamed') })).toEqual({ renamed: 1, keep: 2 });
  });

  it('updates nested fields by dotted path', async () => {
    expect(await after({ o: { p: { q: 1 } } }, { 'o.p.q': 2, 'o.p.r': 3 })).toEqual({ o: { p: { q: 2, r: 3 } } });
  });
});

describe('array operators', () => {
  it('push appends; push with each, position, slice and sort', async () => {
    const _ = h._;
    expect(await after({ a: [1] }, { a: _.push([2, 3]) })).toEqual({ a: [1, 2, 3] });
    expect(await after({ a: [5, 1] }, { a: _.push({ each: [3, 9], position: 0 }) })).toEqual({ a: [3, 9, 5, 1] });
    expect(await after({ a: [5, 1] }, { a: _.push({ each: [3, 9], sort: -1, slice: 3 }) })).toEqual({ a: [9, 5, 3] });
    expect(await after({}, { a: _.push(['first']) })).toEqual({ a: ['first'] });
  });

  it('pop, shift', async () => {
    const _ = h._;
    expect(await after({ a: [1, 2, 3], b: [1, 2, 3] }, { a: _.pop(), b: _.shift() })).toEqual({ a: [1, 2], b: [2, 3] });
  });

  it('unshift', async () => {
    expect(await after({ a: [3] }, { a: h._.unshift([1, 2]) })).toEqual({ a: [1, 2, 3] });
  });

  it('addToSet (one value, and several with $each)', async () => {
    const _ = h._;
    expect(await after({ a: [1, 2] }, { a: _.addToSet(2) })).toEqual({ a: [1, 2] });
    expect(await after({ a: [1, 2] }, { a: _.addToSet(3) })).toEqual({ a: [1, 2, 3] });
    expect(await after({ a: [1] }, { a: _.addToSet({ $each: [1, 4, 4] }) })).toEqual({ a: [1, 4] });
  });

  it('pull (a value, and a condition), pullAll', async () => {
    const _ = h._;
    expect(await after({ a: [1, 2, 1, 3] }, { a: _.pull(1) })).toEqual({ a: [2, 3] });
    expect(await after({ a: [1, 5, 8, 2] }, { a: _.pull(_.gt(4)) })).toEqual({ a: [1, 2] });
    expect(await after({ a: [{ x: 1 }, { x: 2 }] }, { a: _.pull({ x: 2 }) })).toEqual({ a: [{ x: 1 }] });
    expect(await after({ a: [1, 2, 3, 2] }, { a: _.pullAll([2, 3]) })).toEqual({ a: [1] });
  });
});

describe('refusals (MongoDB\'s, surfaced as -502001)', () => {
  it('refuses inc on a non-number and push on a non-array, leaving the document unchanged', async () => {
    const _ = h._;
    const { _id } = await h.coll('items').add({ data: { s: 'text', n: 1 } });
    const e1 = await failure(h.coll('items').doc(_id).update({ data: { s: _.inc(1) } }));
    expect(e1.errCode).toBe(-502001);
    const e2 = await failure(h.coll('items').doc(_id).update({ data: { n: _.push([1]) } }));
    expect(e2.errCode).toBe(-502001);
    expect((await h.coll('items').doc(_id).get()).data).toEqual({ _id, s: 'text', n: 1 });
  });

  it('refuses two operators on the same path', async () => {
    const _ = h._;
    const { _id } = await h.coll('items').add({ data: { n: 1 } });
    const e = await failure(h.coll('items').doc(_id).update({ data: { n: _.inc(1), 'n.x': 1 } }));
    expect(e.errCode).toBe(-502001);
  });

  it('refuses to change _id (the SDK itself)', async () => {
    const { _id } = await h.coll('items').add({ data: { n: 1 } });
    await failure(h.coll('items').doc(_id).update({ data: { _id: 'other' } }));
    expect((await h.coll('items').doc(_id).get()).data.n).toBe(1);
  });
});
