/**
 * Transactions and per-document locks.
 *
 * CloudBase copies:
 * - `db.startTransaction()` → `database.startTransaction` → `{ transactionId }`; operations carry
 *   `transactionId`; `database.commitTransaction` / `database.abortTransaction` end it.
 * - A transaction must end within 30 seconds; after that, and after commit or abort, any call
 *   naming it fails with DATABASE_TRANSACTION_FAIL "TransactionNotExist" (the service's text).
 * - A write conflict fails the operation with DATABASE_TRANSACTION_CONFLICT and aborts the
 *   transaction on the server (as MongoDB does), so the SDK's fallback rollback finds it gone.
 * - A transaction's writes are invisible to others until commit; abort discards them.
 *
 * The local cloud is pessimistic where CloudBase (MongoDB snapshot isolation) is optimistic:
 * every document a transaction reads or writes is locked until it ends. Another transaction, or
 * a write outside any transaction, that needs the document waits its turn (FIFO). Reads outside
 * transactions never wait: they see committed data. Read-modify-write transactions therefore
 * serialise instead of failing, which is what `runTransaction` callers expect of CloudBase after
 * its retries.
 *
 * A waiting operation holds its HTTP request open. Outside CloudBase functions the SDK sends
 * through a keep-alive pool of at most 100 sockets per process: if every socket waited, the lock
 * holder could never send its next call. So at most `maxLockWaiters` operations from such pooled
 * callers wait at a time (inside a function, `TENCENTCLOUD_RUNENV=SCF`, the SDK has no pool and
 * the SDK says so in `X-TCB-Source`), each wait lasts at most `lockTimeoutMs`, and a wait that
 * would close a cycle (deadlock) is not started. A transaction that cannot wait is *doomed*: it
 * gives up its locks, its operations go on at once without locks (reads see committed data and
 * its own writes), and its commit fails with DATABASE_TRANSACTION_CONFLICT. That is where the
 * SDK can act on it: wx-server-sdk turns an operation's error code into a number (-501001),
 * which `runTransaction` does not retry, but the `code` of a failed commit reaches it intact, and
 * `runTransaction` runs the callback again. A write outside transactions that cannot wait fails
 * with DATABASE_TRANSACTION_CONFLICT.
 */
import { randomBytes } from 'node:crypto';
import type { Collection, IdKey } from './engine';
import { transactionConflict, transactionNotExist } from './errors';
import type { Doc } from './values';

/** Anything that can hold locks: a transaction, or a write outside transactions while it waits. */
export interface LockOwner {
  readonly id: string;
  readonly held: Set<string>;
  waitingFor?: string;
}

interface Waiter {
  owner: LockOwner;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Lock {
  owner: LockOwner;
  queue: Waiter[];
}

export function lockKey(coll: Collection, id: IdKey): string {
  return `${coll.name}\u0000${typeof id === 'number' ? 'n' : 's'}${id}`;
}

export class LockManager {
  private readonly locks = new Map<string, Lock>();
  private waiting = 0;
  private waitingPooled = 0;

  constructor(
    private readonly timeoutMs: () => number,
    private readonly maxWaiting: () => number,
  ) {}

  /** Whether `key` is held by an owner other than `owner`. */
  heldByOther(key: string, owner?: LockOwner): boolean {
    const l = this.locks.get(key);
    return !!l && l.owner !== owner;
  }

  get size(): number {
    return this.locks.size;
  }

  /** Operations waiting for a lock right now. */
  get waiters(): number {
    return this.waiting;
  }

  /** Take the lock of `key` for `owner`, waiting FIFO. `pooled`: the caller's socket pool is bounded. */
  async acquire(owner: LockOwner, key: string, pooled = false): Promise<void> {
    const lock = this.locks.get(key);
    if (!lock) {
      this.locks.set(key, { owner, queue: [] });
      owner.held.add(key);
      return;
    }
    if (lock.owner === owner) return;
    if (this.wouldDeadlock(owner, lock.owner)) throw transactionConflict('deadlock');
    if (pooled && this.waitingPooled >= this.maxWaiting()) throw transactionConflict('too many operations waiting for locks');
    this.waiting++;
    if (pooled) this.waitingPooled++;
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        owner,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.dropWaiter(key, waiter);
          reject(transactionConflict(`waited ${this.timeoutMs()} ms for a document locked by another transaction`));
        }, this.timeoutMs()),
      };
      owner.waitingFor = key;
      lock.queue.push(waiter);
    }).finally(() => {
      this.waiting--;
      if (pooled) this.waitingPooled--;
      owner.waitingFor = undefined;
    });
  }

  private wouldDeadlock(owner: LockOwner, holder: LockOwner): boolean {
    const seen = new Set<LockOwner>();
    let h: LockOwner | undefined = holder;
    while (h && !seen.has(h)) {
      if (h === owner) return true;
      seen.add(h);
      h = h.waitingFor ? this.locks.get(h.waitingFor)?.owner : undefined;
    }
    return false;
  }

  private dropWaiter(key: string, waiter: Waiter): void {
    const lock = this.locks.get(key);
    if (!lock) return;
    const i = lock.queue.indexOf(waiter);
    if (i >= 0) lock.queue.splice(i, 1);
  }

  /** Stop waiting (the owner was aborted): its pending acquire fails with `err`. */
  cancelWait(owner: LockOwner, err: Error): void {
    if (!owner.waitingFor) return;
    const lock = this.locks.get(owner.waitingFor);
    const w = lock?.queue.find((x) => x.owner === owner);
    if (w && lock) {
      clearTimeout(w.timer);
      lock.queue.splice(lock.queue.indexOf(w), 1);
      w.reject(err);
    }
  }

  releaseAll(owner: LockOwner): void {
    for (const key of owner.held) {
      const lock = this.locks.get(key);
      if (!lock || lock.owner !== owner) continue;
      const next = lock.queue.shift();
      if (next) {
        clearTimeout(next.timer);
        lock.owner = next.owner;
        next.owner.held.add(key);
        next.resolve();
      } else {
        this.locks.delete(key);
      }
    }
    owner.held.clear();
  }
}

/** A transaction's private writes, applied to the store at commit. */
export class Transaction implements LockOwner {
  readonly held = new Set<string>();
  waitingFor?: string;
  /**
   * Set when the transaction lost a lock (waited too long, would deadlock, or too many were
   * waiting): it goes on without locks, and its commit fails with DATABASE_TRANSACTION_CONFLICT.
   */
  doomed?: string;
  readonly writes = new Map<Collection, Map<IdKey, Doc | null>>();
  private chain: Promise<unknown> = Promise.resolve();
  timer?: NodeJS.Timeout;

  constructor(readonly id: string) {}

  /** Operations of one transaction run one at a time, in arrival order. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** The transaction's view of a document: its own write if any, else `committed`. */
  read(coll: Collection, id: IdKey, committed: Doc | undefined): Doc | undefined {
    const w = this.writes.get(coll);
    if (w && w.has(id)) return w.get(id) ?? undefined;
    return committed;
  }

  write(coll: Collection, id: IdKey, doc: Doc | null): void {
    let w = this.writes.get(coll);
    if (!w) this.writes.set(coll, (w = new Map()));
    w.set(id, doc);
  }

  overrides(coll: Collection, id: IdKey): boolean {
    return this.writes.get(coll)?.has(id) ?? false;
  }
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();

  constructor(
    private readonly locks: LockManager,
    private readonly lifetimeMs: () => number,
  ) {}

  start(): Transaction {
    const tx = new Transaction(randomBytes(16).toString('hex'));
    this.open.set(tx.id, tx);
    tx.timer = setTimeout(() => {
      if (this.open.get(tx.id) === tx) this.finish(tx);
    }, this.lifetimeMs());
    tx.timer.unref?.();
    return tx;
  }

  isOpen(tx: Transaction): boolean {
    return this.open.get(tx.id) === tx;
  }

  get(id: unknown): Transaction {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined;
    if (!tx) throw transactionNotExist();
    return tx;
  }

  /** End a transaction (commit or abort): forget it, release its locks. */
  finish(tx: Transaction): void {
    clearTimeout(tx.timer);
    this.open.delete(tx.id);
    this.locks.cancelWait(tx, transactionNotExist());
    this.locks.releaseAll(tx);
  }

  /** Abort by id; unknown ids are an error, as CloudBase answers. */
  abort(id: unknown): void {
    const tx = this.get(id);
    this.finish(tx);
  }

  abortAll(): void {
    for (const tx of [...this.open.values()]) this.finish(tx);
  }

  get count(): number {
    return this.open.size;
  }
}
