/**
 * The local cloud's document database: CloudBase's `database.*` actions over MongoDB semantics
 * (mingo) on canonical extended JSON, stricter than CloudBase where it can be.
 *
 *   values.ts        EJSON on the wire, serverDate, value helpers
 *   errors.ts        CloudBase's error codes and messages
 *   limits.ts        CloudBase's limits: field names, document size, get limit, operators
 *   engine.ts        collections, documents, indexes, change sets
 *   query.ts, geo.ts where/orderBy/skip/limit/field, geo operators
 *   update.ts        update operators and replacement
 *   aggregate.ts     aggregation pipelines
 *   transactions.ts  transactions and document locks
 *   persistence.ts   append-only log + snapshot
 *   database.ts      reads, writes, transactions (waiting for locks, durable before answering)
 *   protocol.ts      the wire actions and answers; billed operation counts
 */
import type { LocalClock } from '../clock';
import type { AdminAnswer, AdminRequest, CollectionSpec } from '../service';
import { DatabaseCore, DatabaseTimings } from './database';
import { Collection } from './engine';
import { Persistence } from './persistence';
import { OpsCount, handleDatabase } from './protocol';

export interface LocalDatabaseOptions {
  clock: LocalClock;
  collections?: CollectionSpec[];
  /** Folder for the log and snapshot; undefined keeps everything in memory. */
  dataDir?: string;
  /** How long an operation waits for a document locked by a transaction (default 5,000 ms). */
  lockTimeoutMs?: number;
  /** How many operations may wait for locks at once (default 64; the SDK has 100 sockets per process). */
  maxLockWaiters?: number;
  /** How long a transaction may stay open before it is aborted (default 30,000 ms, as CloudBase). */
  transactionTimeoutMs?: number;
  /** fsync every log record (survives power loss, not only a killed process). Default false. */
  fsync?: boolean;
  /** Compact the log into a snapshot when it grows past this many bytes (default 64 MB). */
  compactBytes?: number;
}

export class LocalDatabase {
  /** Billed operations so far (monotonic; see protocol.ts for what counts). */
  readonly ops: OpsCount = { reads: 0, writes: 0 };
  private readonly core: DatabaseCore;
  private readonly specs: CollectionSpec[];
  private persistence: Persistence | null = null;
  private opening: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly opts: LocalDatabaseOptions) {
    this.specs = opts.collections ?? [];
    const timings: DatabaseTimings = {
      lockTimeoutMs: opts.lockTimeoutMs ?? 5000,
      maxLockWaiters: opts.maxLockWaiters ?? 64,
      transactionTimeoutMs: opts.transactionTimeoutMs ?? 30000,
    };
    this.core = new DatabaseCore(opts.clock, timings);
  }

  /** Load from `dataDir` (snapshot, then the log; a torn tail is dropped), declare collections and indexes. */
  open(): Promise<void> {
    if (!this.opening) {
      this.opening = Promise.resolve().then(() => {
        if (this.opts.dataDir) {
          const p = new Persistence(this.opts.dataDir, { fsync: this.opts.fsync, compactBytes: this.opts.compactBytes });
          p.load((op) => this.core.replay(op));
          this.persistence = p;
          this.core.setPersistence(p);
        }
        this.declareAll();
      });
    }
    return this.opening;
  }

  private declareAll(): void {
    for (const spec of this.specs) {
      const existing = this.core.engine.collections.get(spec.name);
      if (existing && !existing.declared) {
        // created by replaying stored data: declare it, building its indexes over the documents
        // (a unique index that the stored data violates makes open() fail, naming the key)
        const c = new Collection(spec.name, true);
        for (const [id, rec] of existing.docs) c.docs.set(id, rec);
        c.idsChanged();
        for (const idx of spec.indexes ?? []) c.addIndex(idx);
        this.core.engine.collections.set(spec.name, c);
      } else if (!existing) {
        this.core.engine.declare(spec, true);
      }
    }
  }

  /** Serve one `database.*` action. */
  async handle(req: AdminRequest): Promise<AdminAnswer> {
    await this.open();
    return handleDatabase(this.core, this.ops, req);
  }

  /** Write everything into a fresh snapshot and empty the log (also done when the log grows). */
  async compact(): Promise<void> {
    await this.open();
    this.core.compact();
  }

  /** Change lock and transaction timeouts (tests keep them short). */
  configure(timings: Partial<Pick<LocalDatabaseOptions, 'lockTimeoutMs' | 'transactionTimeoutMs' | 'maxLockWaiters'>>): void {
    if (timings.lockTimeoutMs !== undefined) this.core.timings.lockTimeoutMs = timings.lockTimeoutMs;
    if (timings.maxLockWaiters !== undefined) this.core.timings.maxLockWaiters = timings.maxLockWaiters;
    if (timings.transactionTimeoutMs !== undefined) this.core.timings.transactionTimeoutMs = timings.transactionTimeoutMs;
  }

  /** Abort an open transaction, as its timeout would; false if it is not open (any more). */
  abortTransaction(id: string): boolean {
    if (this.closed) return false;
    try {
      this.core.abortTransaction(id);
      return true;
    } catch {
      return false;
    }
  }

  /** Number of transactions still open (for tests). */
  get openTransactions(): number {
    return this.core.txs.count;
  }

  /** Names of the collections that exist. */
  collectionNames(): string[] {
    return [...this.core.engine.collections.keys()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.opening) await this.opening;
    this.core.txs.abortAll();
    if (this.persistence) {
      this.core.compact();
      this.persistence.close();
      this.persistence = null;
      this.core.setPersistence(null);
    }
  }

  /** Drop all data and open transactions; declared collections and indexes stay (empty). */
  async reset(): Promise<void> {
    await this.open();
    this.core.txs.abortAll();
    for (const [name, c] of this.core.engine.collections) if (!c.declared) this.core.engine.collections.delete(name);
    this.core.engine.clear();
    this.core.compact();
  }
}

export type { OpsCount } from './protocol';
