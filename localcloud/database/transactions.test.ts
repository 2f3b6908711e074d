/** Unit tests of the document locks and the transaction bookkeeping. */
import { DbError } from './errors';
import { LockManager, LockOwner, Transaction, TransactionManager } from './transactions';

const owner = (id: string): LockOwner => ({ id, held: new Set() });
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('LockManager', () => {
  it('grants a free lock at once and re-grants it to its holder', async () => {
    const locks = new LockManager(() => 1000, () => 10);
    const a = owner('a');
    await locks.acquire(a, 'k');
    await locks.acquire(a, 'k');
    expect(a.held).toEqual(new Set(['k']));
    expect(locks.heldByOther('k', a)).toBe(false);
    expect(locks.heldByOther('k')).toBe(true);
  });

  it('hands a released lock to waiters in arrival order', async () => {
    const locks = new LockManager(() => 1000, () => 10);
    const [a, b, c] = [owner('a'), owner('b'), owner('c')];
    await locks.acquire(a, 'k');
    const order: string[] = [];
    const pb = locks.acquire(b, 'k').then(() => order.push('b'));
    const pc = locks.acquire(c, 'k').then(() => order.push('c'));
    await tick();
    expect(order).toEqual([]);
    expect(locks.waiters).toBe(2);
    locks.releaseAll(a);
    await pb;
    expect(order).toEqual(['b']);
    locks.releaseAll(b);
    await pc;
    expect(order).toEqual(['b', 'c']);
    expect(c.held).toEqual(new Set(['k']));
    locks.releaseAll(c);
    expect(locks.size).toBe(0);
  });

  it('fails a wait that lasts longer than the timeout with DATABASE_TRANSACTION_CONFLICT', async () => {
    const locks = new LockManager(() => 30, () => 10);
    await locks.acquire(owner('a'), 'k');
    const e = await locks.acquire(owner('b'), 'k').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DbError);
    expect((e as DbError).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(locks.waiters).toBe(0);
  });

  it('refuses a wait that would close a cycle', async () => {
    const locks = new LockManager(() => 1000, () => 10);
    const [a, b, c] = [owner('a'), owner('b'), owner('c')];
    await locks.acquire(a, 'x');
    await locks.acquire(b, 'y');
    await locks.acquire(c, 'z');
    const aWaits = locks.acquire(a, 'y'); // a → b
    const bWaits = locks.acquire(b, 'z'); // b → c
    await expect(locks.acquire(c, 'x')).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: expect.stringContaining('deadlock') });
    locks.releaseAll(c);
    await bWaits;
    locks.releaseAll(b);
    await aWaits;
    locks.releaseAll(a);
  });

  it('lets at most maxWaiting pooled callers wait; others are refused at once', async () => {
    const locks = new LockManager(() => 1000, () => 2);
    const [a, b, c, e] = [owner('a'), owner('b'), owner('c'), owner('e')];
    await locks.acquire(a, 'k');
    const w1 = locks.acquire(b, 'k', true);
    const w2 = locks.acquire(c, 'k', true);
    await expect(locks.acquire(owner('d'), 'k', true)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    const unpooled = locks.acquire(e, 'k', false); // not counted against the pooled cap
    expect(locks.waiters).toBe(3);
    locks.releaseAll(a);
    await w1;
    locks.releaseAll(b);
    await w2;
    locks.releaseAll(c);
    await unpooled;
    locks.releaseAll(e);
    expect(locks.size).toBe(0);
  });

  it('cancels the wait of an owner that is aborted', async () => {
    const locks = new LockManager(() => 1000, () => 10);
    await locks.acquire(owner('a'), 'k');
    const b = owner('b');
    const p = locks.acquire(b, 'k');
    await tick();
    locks.cancelWait(b, new Error('gone'));
    await expect(p).rejects.toThrow('gone');
    expect(locks.waiters).toBe(0);
  });
});

describe('Transaction and TransactionManager', () => {
  it('runs the operations of one transaction one at a time, even after a failure', async () => {
    const tx = new Transaction('t');
    const log: string[] = [];
    const slow = tx.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      log.push('first');
      throw new Error('boom');
    });
    const fast = tx.run(async () => {
      log.push('second');
    });
    await expect(slow).rejects.toThrow('boom');
    await fast;
    expect(log).toEqual(['first', 'second']);
  });

  it('aborts a transaction left open past its lifetime and releases its locks', async () => {
    const locks = new LockManager(() => 1000, () => 10);
    const txs = new TransactionManager(locks, () => 20);
    const tx = txs.start();
    await locks.acquire(tx, 'k');
    expect(txs.get(tx.id)).toBe(tx);
    await new Promise((r) => setTimeout(r, 40));
    expect(txs.count).toBe(0);
    expect(locks.size).toBe(0);
    expect(() => txs.get(tx.id)).toThrow(/TransactionNotExist/);
  });
});
