/**
 * Database contract, query operators: every `db.command` query operator through the real SDK,
 * each case with documents that match and documents that must not.
 */
import { failure, useDatabase } from './db-harness';
import { local } from './target';

const h = useDatabase(() => require('wx-server-sdk'));

const DOCS = [
  { _id: 'a', n: 1, s: 'apple', tags: ['red', 'fruit'], scores: [1, 5], o: { k: 1 }, items: [{ x: 1, y: 'p' }, { x: 9, y: 'q' }] },
  { _id: 'b', n: 2, s: 'banana', tags: ['yellow', 'fruit'], scores: [7], o: { k: 2 }, items: [{ x: 5, y: 'p' }] },
  { _id: 'c', n: 3, s: 'cherry', tags: ['red'], scores: [], nil: null, items: [] },
  { _id: 'd', n: 10, s: 'date', tags: ['brown', 'fruit', 'sweet'], scores: [2, 4, 6] },
];

beforeEach(async () => {
  await h.coll('items').add({ data: DOCS });
});

async function ids(where: unknown): Promise<string[]> {
  const r = await h.coll('items').where(where).orderBy('_id', 'asc').get();
  return r.data.map((d: { _id: string }) => d._id);
}

describe('comparison', () => {
  it('eq / neq', async () => {
    const _ = h._;
    expect(await ids({ n: _.eq(2) })).toEqual(['b']);
    expect(await ids({ n: 2 })).toEqual(['b']);
    expect(await ids({ n: _.neq(2) })).toEqual(['a', 'c', 'd']);
    expect(await ids({ tags: 'red' })).toEqual(['a', 'c']);
  });

  it('gt / gte / lt / lte', async () => {
    const _ = h._;
    expect(await ids({ n: _.gt(2) })).toEqual(['c', 'd']);
    expect(await ids({ n: _.gte(2) })).toEqual(['b', 'c', 'd']);
    expect(await ids({ n: _.lt(2) })).toEqual(['a']);
    expect(await ids({ n: _.lte(2) })).toEqual(['a', 'b']);
    expect(await ids({ s: _.gt('banana') })).toEqual(['c', 'd']);
  });

  it('in / nin', async () => {
    const _ = h._;
    expect(await ids({ n: _.in([1, 3, 99]) })).toEqual(['a', 'c']);
    expect(await ids({ tags: _.in(['yellow', 'brown']) })).toEqual(['b', 'd']);
    expect(await ids({ n: _.nin([1, 3]) })).toEqual(['b', 'd']);
    expect(await ids({ _id: _.in(['a', 'd', 'zz']) })).toEqual(['a', 'd']);
  });
});

describe('logic', () => {
  it('and (on a field and across fields)', async () => {
    const _ = h._;
    expect(await ids({ n: _.gt(1).and(_.lt(10)) })).toEqual(['b', 'c']);
    expect(await ids(_.and([{ n: _.gte(2) }, { tags: 'fruit' }]))).toEqual(['b', 'd']);
  });

  it('or (on a field and across fields)', async () => {
    const _ = h._;
    expect(await ids({ n: _.lt(2).or(_.gt(5)) })).toEqual(['a', 'd']);
    expect(await ids(_.or([{ n: 3 }, { s: 'apple' }]))).toEqual(['a', 'c']);
  });

  it('nor', async () => {
    const _ = h._;
    expect(await ids(_.nor([{ n: 1 }, { tags: 'yellow' }]))).toEqual(['c', 'd']);
  });

  it('not', async () => {
    const _ = h._;
    expect(await ids({ n: _.not(_.gt(2)) })).toEqual(['a', 'b']);
    expect(await ids({ s: _.not(_.eq('apple')) })).toEqual(['b', 'c', 'd']);
  });
});

describe('element and evaluation', () => {
  it('exists', async () => {
    const _ = h._;
    expect(await ids({ o: _.exists(true) })).toEqual(['a', 'b']);
    expect(await ids({ o: _.exists(false) })).toEqual(['c', 'd']);
    expect(await ids({ nil: _.exists(true) })).toEqual(['c']);
  });

  it('mod', async () => {
    const _ = h._;
    expect(await ids({ n: _.mod([2, 0]) })).toEqual(['b', 'd']);
    expect(await ids({ n: _.mod([3, 1]) })).toEqual(['a', 'd']);
  });

  it('null matches null and missing fields', async () => {
    expect(await ids({ nil: null })).toEqual(['a', 'b', 'c', 'd']);
    expect(await ids({ nil: h._.eq(null), n: 3 })).toEqual(['c']);
  });
});

describe('arrays', () => {
  it('all', async () => {
    const _ = h._;
    expect(await ids({ tags: _.all(['red', 'fruit']) })).toEqual(['a']);
    expect(await ids({ tags: _.all(['fruit']) })).toEqual(['a', 'b', 'd']);
  });

  it('elemMatch', async () => {
    const _ = h._;
    expect(await ids({ items: _.elemMatch({ x: _.gt(4), y: 'p' }) })).toEqual(['b']);
    // on scalars the condition is written with operators (the SDK does not encode a command chain here)
    expect(await ids({ scores: _.elemMatch({ $gt: 5, $lt: 7 }) })).toEqual(['d']);
  });

  it('size', async () => {
    const _ = h._;
    expect(await ids({ scores: _.size(0) })).toEqual(['c']);
    expect(await ids({ tags: _.size(2) })).toEqual(['a', 'b']);
  });

  it('matches an array element by dotted path and by index', async () => {
    expect(await ids({ 'items.x': 9 })).toEqual(['a']);
    expect(await ids({ 'scores.0': 2 })).toEqual(['d']);
  });
});

describe('query errors', () => {
  local.it('refuses an unknown operator (DATABASE_INVALID_OPERRATOR, -502002)', async () => {
    const e = await failure(h.coll('items').where({ n: { $where: 'this.n > 1' } }).get());
    expect(e.errCode).toBe(-502002);
    expect(e.errMsg).toMatch(/\$where/);
  });

  it('rejects a where() without any defined condition in the SDK itself', async () => {
    expect(() => h.coll('items').where({ n: undefined })).toThrow();
  });
});
