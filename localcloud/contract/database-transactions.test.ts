/**
 * Database contract, transactions: `db.runTransaction` and `db.startTransaction` through the real
 * SDK. Single-document operations, isolation until commit, rollback, the end of a transaction,
 * and (locally) the document locks: waiting, lock timeouts, deadlocks, transaction timeouts.
 *
 * How errors surface: inside a transaction wx-server-sdk reports a service error as an SDK error
 * whose errCode comes from its table (codes it does not know, such as
 * DATABASE_TRANSACTION_CONFLICT and DATABASE_TRANSACTION_FAIL, become -501001) with the
 * service's message; `commit()` and `rollback()` reject with the service's `code` itself.
 * `runTransaction` retries only when an error with `code` DATABASE_TRANSACTION_CONFLICT reaches
 * it: a failed commit does, an operation's error (turned into a number) does not. So the local
 * cloud reports a lost lock at commit (see localcloud/database/transactions.ts).
 */
import { failure, useDatabase } from './db-harness';
import { local } from './target';

const h = useDatabase(() => require('wx-server-sdk'));

const counter = (): any => h.coll('counters').doc('c');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Whether a promise is still pending after `ms`. */
async function pendingAfter(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  p.then(() => (done = true), () => (done = true));
  await sleep(ms);
  return !done;
}

beforeEach(async () => {
  await h.coll('counters').add({ data: { _id: 'c', n: 1 } });
});

describe('runTransaction', () => {
  it('reads and writes one document, commits, and returns the callback result', async () => {
    const result = await h.db.runTransaction(async (tx: any) => {
      const c = await tx.collection(h.name('counters')).doc('c').get();
      await tx.collection(h.name('counters')).doc('c').update({ data: { n: c.data.n + 1 } });
      return c.data.n;
    });
    expect(result).toBe(1);
    expect((await counter().get()).data.n).toBe(2);
  });

  it('adds, sets and removes documents, all visible after commit', async () => {
    await h.coll('counters').add({ data: { _id: 'gone', n: 0 } });
    await h.db.runTransaction(async (tx: any) => {
      const col = tx.collection(h.name('counters'));
      const added = await col.add({ data: { _id: 'added', n: 5 } });
      expect(added._id).toBe('added');
      await col.doc('made').set({ data: { n: 6 } });
      await col.doc('gone').remove();
      expect((await col.doc('added').get()).data).toEqual({ _id: 'added', n: 5 });
    });
    expect((await h.coll('counters').doc('added').get()).data.n).toBe(5);
    expect((await h.coll('counters').doc('made').get()).data).toEqual({ _id: 'made', n: 6 });
    expect((await h.coll('counters').where({ _id: 'gone' }).count()).total).toBe(0);
  });

  it('rolls back when the callback throws, and rethrows', async () => {
    await expect(h.db.runTransaction(async (tx: any) => {
      await tx.collection(h.name('counters')).doc('c').update({ data: { n: 100 } });
      throw new Error('business rule says no');
    })).rejects.toThrow('business rule says no');
    expect((await counter().get()).data.n).toBe(1);
  });

  it('rolls back with transaction.rollback(reason) and rejects with the reason', async () => {
    await expect(h.db.runTransaction(async (tx: any) => {
      await tx.collection(h.name('counters')).doc('c').update({ data: { n: 100 } });
      await tx.rollback('not enough stock');
    })).rejects.toBe('not enough stock');
    expect((await counter().get()).data.n).toBe(1);
  });

  it('fails get() of a missing document inside a transaction', async () => {
    await expect(h.db.runTransaction(async (tx: any) => {
      await tx.collection(h.name('counters')).doc('missing').get();
    })).rejects.toMatchObject({ errMsg: expect.stringMatching(/does not exist/) });
  });
});

describe('startTransaction', () => {
  it('keeps writes invisible to others until commit', async () => {
    const tx = await h.db.startTransaction();
    await tx.collection(h.name('counters')).doc('c').update({ data: { n: 2 } });
    await tx.collection(h.name('counters')).add({ data: { _id: 'fresh', n: 9 } });
    expect((await counter().get()).data.n).toBe(1);
    expect((await h.coll('counters').where({ _id: 'fresh' }).count()).total).toBe(0);
    expect((await tx.collection(h.name('counters')).doc('c').get()).data.n).toBe(2);
    await tx.commit();
    expect((await counter().get()).data.n).toBe(2);
    expect((await h.coll('counters').doc('fresh').get()).data.n).toBe(9);
  });

  it('discards writes on rollback', async () => {
    const tx = await h.db.startTransaction();
    await tx.collection(h.name('counters')).doc('c').update({ data: { n: 50 } });
    await tx.collection(h.name('counters')).add({ data: { _id: 'never', n: 1 } });
    await tx.rollback();
    expect((await counter().get()).data.n).toBe(1);
    expect((await h.coll('counters').where({ _id: 'never' }).count()).total).toBe(0);
  });

  it('refuses every call once committed (DATABASE_TRANSACTION_FAIL, TransactionNotExist)', async () => {
    const tx = await h.db.startTransaction();
    await tx.commit();
    const e = await failure(tx.collection(h.name('counters')).doc('c').update({ data: { n: 7 } }));
    expect(e.errCode).toBe(-501001);
    expect(e.errMsg).toMatch(/TransactionNotExist/);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    expect((await counter().get()).data.n).toBe(1);
  });
});

local.describe('single-document operations only (wx-server-sdk documentation; stricter than the service)', () => {
  it('refuses a where() query inside a transaction (-502002) and aborts nothing else', async () => {
    const tx = await h.db.startTransaction();
    const e = await failure(tx.collection('counters').where({ n: 1 }).get());
    expect(e.errCode).toBe(-502002);
    expect(e.errMsg).toMatch(/single-document/);
    await tx.collection('counters').doc('c').update({ data: { n: 3 } });
    await tx.commit();
    expect((await counter().get()).data.n).toBe(3);
  });

  it('refuses adding several documents in one call inside a transaction', async () => {
    const tx = await h.db.startTransaction();
    const e = await failure(tx.collection('counters').add({ data: [{ n: 1 }, { n: 2 }] }));
    expect(e.errCode).toBe(-502002);
    await tx.rollback();
  });
});

local.describe('document locks', () => {
  afterEach(() => {
    h.target.cloud!.database.configure({ lockTimeoutMs: 5000, transactionTimeoutMs: 30000 });
  });

  it('makes a second transaction wait for the document, then see the first one\'s write', async () => {
    const t1 = await h.db.startTransaction();
    const t2 = await h.db.startTransaction();
    const c1 = await t1.collection('counters').doc('c').get();
    const t2update = t2.collection('counters').doc('c').update({ data: { n: h._.inc(10) } });
    expect(await pendingAfter(t2update, 50)).toBe(true);
    await t1.collection('counters').doc('c').update({ data: { n: c1.data.n + 1 } });
    await t1.commit();
    await t2update;
    await t2.commit();
    expect((await counter().get()).data.n).toBe(12);
  });

  it('makes a write outside transactions wait for the lock', async () => {
    const tx = await h.db.startTransaction();
    await tx.collection('counters').doc('c').get();
    const outside = counter().update({ data: { outside: true } });
    expect(await pendingAfter(outside, 50)).toBe(true);
    await tx.collection('counters').doc('c').update({ data: { n: 2 } });
    await tx.commit();
    expect((await outside).stats.updated).toBe(1);
    expect((await counter().get()).data).toEqual({ _id: 'c', n: 2, outside: true });
  });

  it('lets reads outside transactions see committed data without waiting', async () => {
    const tx = await h.db.startTransaction();
    await tx.collection('counters').doc('c').update({ data: { n: 2 } });
    expect((await counter().get()).data.n).toBe(1);
    await tx.rollback();
  });

  it('dooms a transaction that waits longer than the lock timeout: its commit fails with DATABASE_TRANSACTION_CONFLICT', async () => {
    h.target.cloud!.database.configure({ lockTimeoutMs: 150 });
    const t1 = await h.db.startTransaction();
    await t1.collection('counters').doc('c').get();
    const t2 = await h.db.startTransaction();
    const started = Date.now();
    // the operation goes on without the lock (it sees committed data) …
    expect((await t2.collection('counters').doc('c').get()).data.n).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await t2.collection('counters').doc('c').update({ data: { n: 99 } });
    // … and the commit reports the conflict, with the code runTransaction retries on
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    await t1.collection('counters').doc('c').update({ data: { n: 2 } });
    await t1.commit();
    expect((await counter().get()).data.n).toBe(2);
  });

  it('runTransaction runs the callback again after such a conflict, and then commits', async () => {
    h.target.cloud!.database.configure({ lockTimeoutMs: 100 });
    const holder = await h.db.startTransaction();
    await holder.collection('counters').doc('c').update({ data: { n: 10 } });
    setTimeout(() => void holder.commit(), 250);
    let attempts = 0;
    await h.db.runTransaction(async (tx: any) => {
      attempts++;
      const c = await tx.collection('counters').doc('c').get();
      await tx.collection('counters').doc('c').update({ data: { n: c.data.n + 1 } });
    }, 10);
    expect(attempts).toBeGreaterThan(1);
    expect((await counter().get()).data.n).toBe(11);
  });

  it('dooms the transaction that would close a deadlock at once, freeing its documents', async () => {
    await h.coll('counters').add({ data: { _id: 'd', n: 1 } });
    const t1 = await h.db.startTransaction();
    const t2 = await h.db.startTransaction();
    await t1.collection('counters').doc('c').get();
    await t2.collection('counters').doc('d').get();
    const t1wait = t1.collection('counters').doc('d').update({ data: { n: 10 } });
    const started = Date.now();
    await t2.collection('counters').doc('c').update({ data: { n: 20 } });
    expect(Date.now() - started).toBeLessThan(1000);
    await t1wait;
    await t1.commit();
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect((await h.coll('counters').doc('d').get()).data.n).toBe(10);
    expect((await counter().get()).data.n).toBe(1);
  });

  it('fails a write outside transactions that waits longer than the lock timeout (-501001, TransactionConflict)', async () => {
    h.target.cloud!.database.configure({ lockTimeoutMs: 100 });
    const tx = await h.db.startTransaction();
    await tx.collection('counters').doc('c').get();
    const e = await failure(counter().update({ data: { n: 50 } }));
    expect(e.errCode).toBe(-501001);
    expect(e.errMsg).toMatch(/TransactionConflict/);
    await tx.commit();
    expect((await counter().get()).data.n).toBe(1);
  });

  it('aborts a transaction left open past its timeout and frees its documents', async () => {
    h.target.cloud!.database.configure({ transactionTimeoutMs: 100 });
    const tx = await h.db.startTransaction();
    await tx.collection('counters').doc('c').update({ data: { n: 5 } });
    await sleep(200);
    expect(h.target.cloud!.database.openTransactions).toBe(0);
    expect((await counter().update({ data: { n: 7 } })).stats.updated).toBe(1);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    expect((await counter().get()).data.n).toBe(7);
  });

  it('checks unique indexes again at commit', async () => {
    const t1 = await h.db.startTransaction();
    const t2 = await h.db.startTransaction();
    await t1.collection('people').add({ data: { _id: 'p1', phone: '13800000000' } });
    await t2.collection('people').add({ data: { _id: 'p2', phone: '13800000000' } });
    await t1.commit();
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringMatching(/E11000/) });
    expect((await h.coll('people').count()).total).toBe(1);
  });
});
