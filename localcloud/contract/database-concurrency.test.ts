/**
 * Database contract, concurrency: many SDK calls in flight at once (the SDK in a function's
 * configuration, `TENCENTCLOUD_RUNENV=SCF`, as target.ts sets it; the last case outside it).
 *
 * The increments are local-only: on CloudBase a transaction that loses a write conflict fails
 * its operation, and wx-server-sdk does not retry a conflict reported by an operation (only
 * one carried by a thrown `code`), so 200 concurrent increments there end with errors, not
 * with a lost update. The local cloud's document locks make them queue instead.
 */
import { EventEmitter } from 'node:events';
import { useDatabase } from './db-harness';
import { local } from './target';

const h = useDatabase(() => require('wx-server-sdk'));

describe('concurrent calls', () => {
  it('200 parallel adds end with exactly 200 documents, all distinct', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => h.coll('items').add({ data: { i } })));
    expect(new Set(results.map((r) => r._id)).size).toBe(200);
    expect((await h.coll('items').count()).total).toBe(200);
    const is = new Set<number>();
    for (let skip = 0; skip < 200; skip += 100) {
      for (const d of (await h.coll('items').skip(skip).limit(100).get()).data) is.add(d.i);
    }
    expect(is.size).toBe(200);
  }, 60_000);

  it('200 parallel inc updates of one document end with 200', async () => {
    await h.coll('counters').add({ data: { _id: 'c', n: 0 } });
    await Promise.all(Array.from({ length: 200 }, () => h.coll('counters').doc('c').update({ data: { n: h._.inc(1) } })));
    expect((await h.coll('counters').doc('c').get()).data.n).toBe(200);
  }, 60_000);

  local.it('200 parallel runTransaction read-increment-write of one document end with 200', async () => {
    await h.coll('counters').add({ data: { _id: 'c', n: 0 } });
    let attempts = 0;
    await Promise.all(Array.from({ length: 200 }, () =>
      h.db.runTransaction(async (tx: any) => {
        attempts++;
        const c = await tx.collection('counters').doc('c').get();
        await tx.collection('counters').doc('c').update({ data: { n: c.data.n + 1 } });
      }),
    ));
    expect((await h.coll('counters').doc('c').get()).data.n).toBe(200);
    expect(attempts).toBe(200); // the locks serialise them: no retries were needed
    expect(h.target.cloud!.database.openTransactions).toBe(0);
  }, 60_000);

  local.it('outside a function (the SDK\'s pool of 100 sockets), 110 transactions on one document still all commit', async () => {
    await h.coll('counters').add({ data: { _id: 'c', n: 0 } });
    const saved = process.env.TENCENTCLOUD_RUNENV;
    delete process.env.TENCENTCLOUD_RUNENV;
    // the SDK's keep-alive agent queues more than 10 requests per socket here: expected, not a leak
    const maxListeners = EventEmitter.defaultMaxListeners;
    EventEmitter.defaultMaxListeners = 100;
    try {
      await Promise.all(Array.from({ length: 110 }, () =>
        h.db.runTransaction(async (tx: any) => {
          const c = await tx.collection('counters').doc('c').get();
          await tx.collection('counters').doc('c').update({ data: { n: c.data.n + 1 } });
        }, 200),
      ));
    } finally {
      process.env.TENCENTCLOUD_RUNENV = saved;
      EventEmitter.defaultMaxListeners = maxListeners;
    }
    // more transactions than sockets: some cannot wait, are doomed, and are retried from their commit
    expect((await h.coll('counters').doc('c').get()).data.n).toBe(110);
  }, 60_000);
});
