/**
 * Database contract, limits: unique indexes, field names, document size, the `get` limit.
 *
 * All local-only: unique indexes cannot be created through the SDK on a run's fresh collections,
 * and the other rules are the local cloud being stricter than CloudBase (CloudBase's documented
 * limits, which the service does not always enforce itself).
 */
import { request } from 'node:http';
import { failure, useDatabase } from './db-harness';
import { local } from './target';

const h = useDatabase(() => require('wx-server-sdk'));

local.describe('unique indexes (people: phone; orgId + code)', () => {
  it('refuses a second document with the same key on add, update and set (E11000, -502001)', async () => {
    await h.coll('people').add({ data: { _id: 'a', phone: '13800000001', orgId: 'o1', code: 'x' } });
    await h.coll('people').add({ data: { _id: 'b', phone: '13800000002', orgId: 'o1', code: 'y' } });
    const e1 = await failure(h.coll('people').add({ data: { phone: '13800000001', orgId: 'o2', code: 'z' } }));
    expect(e1.errCode).toBe(-502001);
    expect(e1.errMsg).toContain('E11000 duplicate key error collection: people index: phone_unique dup key: { phone: "13800000001" }');
    const e2 = await failure(h.coll('people').doc('b').update({ data: { phone: '13800000001' } }));
    expect(e2.errCode).toBe(-502001);
    const e3 = await failure(h.coll('people').doc('c').set({ data: { phone: '13800000002', orgId: 'o9', code: 'q' } }));
    expect(e3.errCode).toBe(-502001);
    expect((await h.coll('people').count()).total).toBe(2);
    expect((await h.coll('people').doc('b').get()).data.phone).toBe('13800000002');
  });

  it('applies a compound key as a whole', async () => {
    await h.coll('people').add({ data: { phone: '1', orgId: 'o1', code: 'x' } });
    await h.coll('people').add({ data: { phone: '2', orgId: 'o2', code: 'x' } });
    await h.coll('people').add({ data: { phone: '3', orgId: 'o1', code: 'y' } });
    const e = await failure(h.coll('people').add({ data: { phone: '4', orgId: 'o1', code: 'x' } }));
    expect(e.errMsg).toContain('index: org_code_unique dup key: { orgId: "o1", code: "x" }');
  });

  it('treats a missing field as null, as MongoDB does: two documents without it collide', async () => {
    await h.coll('people').add({ data: { name: 'no phone 1', orgId: 'o1', code: '1' } });
    const e = await failure(h.coll('people').add({ data: { name: 'no phone 2', orgId: 'o1', code: '2' } }));
    expect(e.errMsg).toContain('dup key: { phone: null }');
  });

  it('frees the key when the document is removed or changed', async () => {
    const { _id } = await h.coll('people').add({ data: { phone: '1', orgId: 'o', code: 'a' } });
    await h.coll('people').doc(_id).update({ data: { phone: '2' } });
    await h.coll('people').add({ data: { phone: '1', orgId: 'o', code: 'b' } });
    await h.coll('people').doc(_id).remove();
    await h.coll('people').add({ data: { phone: '2', orgId: 'o', code: 'c' } });
    expect((await h.coll('people').count()).total).toBe(2);
  });
});

local.describe('field names (CloudBase documentation; stricter than the service)', () => {
  it('accepts letters, digits, _ and 32 characters; _id and _openid at the top level', async () => {
    const name32 = 'a'.repeat(32);
    const { _id } = await h.coll('items').add({ data: { [name32]: 1, snake_case9: { Nested2: [{ x_1: true }] }, _openid: 'o-123' } });
    expect((await h.coll('items').doc(_id).get()).data[name32]).toBe(1);
  });

  it.each([
    ['a dash', { 'bad-name': 1 }],
    ['Chinese', { 名字: 1 }],
    ['33 characters', { ['a'.repeat(33)]: 1 }],
    ['a leading _', { _secret: 1 }],
    ['a nested leading _', { o: { _x: 1 } }],
    ['a dot', { 'a.b': 1 }],
    ['a $', { $where: 1 }],
    ['a key inside an array', { list: [{ 'b c': 1 }] }],
  ])('refuses %s (INVALID_PARAM, -501007)', async (_what, data) => {
    const e = await failure(h.coll('items').add({ data }));
    expect(e.errCode).toBe(-501007);
    expect((await h.coll('items').count()).total).toBe(0);
  });

  it('checks update paths and values too', async () => {
    const { _id } = await h.coll('items').add({ data: { o: { p: 1 } } });
    expect((await failure(h.coll('items').doc(_id).update({ data: { 'o.bad-name': 1 } }))).errCode).toBe(-501007);
    expect((await failure(h.coll('items').doc(_id).update({ data: { o: h._.set({ 'x y': 1 }) } }))).errCode).toBe(-501007);
    expect((await failure(h.coll('items').doc(_id).set({ data: { '0k': 1, 'not ok': 2 } }))).errCode).toBe(-501007);
    await h.coll('items').doc(_id).update({ data: { 'o.q': 2 } });
    expect((await h.coll('items').doc(_id).get()).data.o).toEqual({ p: 1, q: 2 });
  });
});

local.describe('document size (512 KB, measured as BSON)', () => {
  it('accepts a document just under 512 KB and refuses one over it (-502001)', async () => {
    await h.coll('items').add({ data: { text: 'x'.repeat(500 * 1024) } });
    const e = await failure(h.coll('items').add({ data: { text: 'x'.repeat(513 * 1024) } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/512 KB/);
  });

  it('refuses an update that grows a document past 512 KB', async () => {
    const { _id } = await h.coll('items').add({ data: { a: 'x'.repeat(300 * 1024) } });
    const e = await failure(h.coll('items').doc(_id).update({ data: { b: 'y'.repeat(300 * 1024) } }));
    expect(e.errCode).toBe(-502001);
    expect((await h.coll('items').doc(_id).get()).data.b).toBeUndefined();
  });
});

local.describe('get limit on the wire', () => {
  /** A raw call to the admin endpoint (the SDK itself never sends a limit above 1,000). */
  function raw(body: Record<string, unknown>): Promise<any> {
    const url = new URL(h.target.cloud!.adminUrl);
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  it('refuses a limit above 1,000 (INVALID_PARAM) and defaults to 100 without one', async () => {
    await h.coll('items').add({ data: Array.from({ length: 120 }, (_, i) => ({ i })) });
    const over = await raw({ action: 'database.getDocument', collectionName: 'items', queryType: 'WHERE', limit: 1001 });
    expect(over.code).toBe('INVALID_PARAM');
    const none = await raw({ action: 'database.getDocument', collectionName: 'items', queryType: 'WHERE' });
    expect(none.data.list).toHaveLength(100);
  });
});
