/**
 * The database service: reads, writes and transactions over the engine, waiting for document
 * locks and making every acknowledged change durable before it returns.
 *
 * CloudBase copies (details beside each rule in the files named):
 * - `_id` is generated when absent: 32 hexadecimal characters; a string or a number otherwise.
 * - `add` of several documents is all or nothing here (CloudBase's insertMany may stop half way:
 *   the local cloud is stricter).
 * - Transactions accept single-document operations only (WeChat's documentation for
 *   wx-server-sdk: `doc(id).get/set/update/remove` and `add`), and refuse the rest with
 *   DATABASE_INVALID_OPERRATOR. (The service itself accepts `where()` queries in a transaction;
 *   wx-server-sdk's documentation forbids them, so the local cloud refuses them.)
 * - Upserts (`set` on a missing document) insert `{ _id, …data }`; an upsert from a query
 *   copies the query's equality fields, as MongoDB does.
 */
import { randomBytes } from 'node:crypto';
import type { LocalClock } from '../clock';
import { parseStages, requireGeoIndexes, runAggregate } from './aggregate';
import { Change, Collection, Engine, IdKey } from './engine';
import { DbError, collectionExists, duplicateKey, invalidOperator, invalidParam, transactionConflict, transactionNotExist } from './errors';
import { checkDocumentFields, checkDocumentSize, checkQuery, checkUpdate } from './limits';
import { LogOp, Persistence } from './persistence';
import { FindSpec, find, project } from './query';
import { LockManager, LockOwner, Transaction, TransactionManager, lockKey } from './transactions';
import { applyReplacement, applyUpdate } from './update';
import { Doc, fromEjsonValue, isPlainObject, toEjson } from './values';
import { setValue } from 'mingo/util';

export interface DatabaseTimings {
  /** How long an operation waits for a document locked by a transaction (default 5 s). */
  lockTimeoutMs: number;
  /** How many operations from pooled callers may wait for locks at once (default 64, below the SDK's 100 sockets). */
  maxLockWaiters: number;
  /** How long a transaction may stay open (CloudBase: 30 s). */
  transactionTimeoutMs: number;
}

let idPool = Buffer.alloc(0);
let idAt = 0;

/** A new `_id`: 32 hexadecimal characters, like CloudBase's (random bytes, drawn from a pool). */
export function newDocId(): string {
  if (idAt + 16 > idPool.length) {
    idPool = randomBytes(16 * 1024);
    idAt = 0;
  }
  idAt += 16;
  return idPool.toString('hex', idAt - 16, idAt);
}

/** The canonical EJSON of a stored document, computed once per document object. */
const ejsonCache = new WeakMap<Doc, string>();
export function docEjson(doc: Doc): string {
  let s = ejsonCache.get(doc);
  if (s === undefined) {
    s = toEjson(doc);
    ejsonCache.set(doc, s);
  }
  return s;
}

function asId(v: unknown, what: string): IdKey {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw invalidParam(`${what} must be a non-empty string or a number`);
}

/**
 * Who is calling: `pooled` when the SDK sends through its keep-alive pool (at most 100 sockets
 * per process; outside CloudBase functions), read from the `X-TCB-Source` header the SDK sends
 * (`…,scf` inside a function, where it uses no pool).
 */
export interface Caller {
  pooled: boolean;
}

const DIRECT: Caller = { pooled: false };

export interface ModifySpec {
  criteria: Doc;
  data: Doc;
  merge: boolean;
  upsert: boolean;
  multi: boolean;
}

export class DatabaseCore {
  readonly engine = new Engine();
  readonly locks: LockManager;
  readonly txs: TransactionManager;
  private writerSeq = 0;

  constructor(
    readonly clock: LocalClock,
    readonly timings: DatabaseTimings,
    private persistence: Persistence | null = null,
  ) {
    this.locks = new LockManager(() => this.timings.lockTimeoutMs, () => this.timings.maxLockWaiters);
    this.txs = new TransactionManager(this.locks, () => this.timings.transactionTimeoutMs);
  }

  setPersistence(p: Persistence | null): void {
    this.persistence = p;
  }

  // ---- collections -------------------------------------------------------------------------

  createCollection(name: unknown): void {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
      throw invalidParam('collection name may contain letters, digits, _ and - (1 to 128 characters)');
    }
    if (this.engine.collections.has(name)) throw collectionExists(name);
    const c = this.engine.declare({ name }, false);
    try {
      this.persist([['c', name]]);
    } catch (e) {
      this.engine.collections.delete(c.name);
      throw e;
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  get(collName: unknown, spec: FindSpec): Doc[] {
    const coll = this.engine.collection(collName);
    checkQuery(spec.criteria);
    requireGeoIndexes(coll, spec.criteria);
    return find(this.engine, coll, spec);
  }

  count(collName: unknown, criteria: Doc): number {
    const coll = this.engine.collection(collName);
    checkQuery(criteria);
    requireGeoIndexes(coll, criteria);
    return this.engine.count(coll, criteria);
  }

  aggregate(collName: unknown, rawStages: unknown, nowMs: number): Doc[] {
    const coll = this.engine.collection(collName);
    const stages = parseStages(rawStages, nowMs);
    return runAggregate(this.engine, coll, stages);
  }

  // ---- writes outside transactions ------------------------------------------------------------

  async insert(collName: unknown, docs: Doc[], caller: Caller = DIRECT): Promise<IdKey[]> {
    const coll = this.engine.collection(collName);
    const prepared = this.prepareInserts(coll, docs);
    const explicit = prepared.filter((p) => p.explicit).map((p) => p.id);
    return this.whenUnlocked(coll, caller, () => ({
      ids: explicit,
      apply: () => {
        const seen = new Set<IdKey>();
        for (const p of prepared) {
          if (coll.docs.has(p.id) || seen.has(p.id)) throw duplicateKey(coll.name, '_id_', `{ _id: ${JSON.stringify(p.id)} }`);
          seen.add(p.id);
        }
        this.commitChanges(prepared.map((p) => ({ coll, id: p.id, doc: p.doc })));
        return prepared.map((p) => p.id);
      },
    }));
  }

  async modify(collName: unknown, spec: ModifySpec, caller: Caller = DIRECT): Promise<{ updated: number; upsertId: IdKey | null }> {
    const coll = this.engine.collection(collName);
    this.checkModify(coll, spec);
    return this.whenUnlocked(coll, caller, () => {
      const targets = this.engine.select(coll, spec.criteria, spec.multi ? Infinity : 1);
      let upsertId: IdKey | null = null;
      if (targets.length === 0 && spec.upsert) {
        upsertId = isIdLike(spec.criteria._id) ? (spec.criteria._id as IdKey) : newDocId();
      }
      const ids = targets.map((r) => r.doc._id as IdKey);
      if (upsertId !== null) ids.push(upsertId);
      return {
        ids,
        apply: () => {
          const changes: Change[] = [];
          for (const rec of targets) {
            const next = spec.merge ? applyUpdate(rec.doc, spec.data) : applyReplacement(rec.doc, spec.data, rec.doc._id);
            if (next) changes.push({ coll, id: rec.doc._id as IdKey, doc: next });
          }
          if (upsertId !== null) changes.push({ coll, id: upsertId, doc: this.upsertDoc(spec, upsertId) });
          if (changes.length > 0) this.commitChanges(changes);
          return { updated: upsertId !== null ? 0 : changes.length, upsertId };
        },
      };
    });
  }

  async remove(collName: unknown, criteria: Doc, multi: boolean, caller: Caller = DIRECT): Promise<number> {
    const coll = this.engine.collection(collName);
    checkQuery(criteria);
    requireGeoIndexes(coll, criteria);
    return this.whenUnlocked(coll, caller, () => {
      const targets = this.engine.select(coll, criteria, multi ? Infinity : 1);
      const ids = targets.map((r) => r.doc._id as IdKey);
      return {
        ids,
        apply: () => {
          if (ids.length > 0) this.commitChanges(ids.map((id) => ({ coll, id, doc: null })));
          return ids.length;
        },
      };
    });
  }

  // ---- transactions ----------------------------------------------------------------------------

  startTransaction(): string {
    return this.txs.start().id;
  }

  async commitTransaction(txId: unknown): Promise<void> {
    const tx = this.txs.get(txId);
    await tx.run(async () => {
      this.ensureOpen(tx);
      if (tx.doomed) {
        this.txs.finish(tx);
        throw transactionConflict(tx.doomed);
      }
      const changes: Change[] = [];
      for (const [coll, writes] of tx.writes) for (const [id, doc] of writes) changes.push({ coll, id, doc });
      try {
        if (changes.length > 0) this.commitChanges(changes);
      } finally {
        this.txs.finish(tx);
      }
    });
  }

  abortTransaction(txId: unknown): void {
    this.txs.abort(txId);
  }

  async txGet(txId: unknown, collName: unknown, id: IdKey, projection?: Doc, caller: Caller = DIRECT): Promise<Doc[]> {
    const tx = this.txs.get(txId);
    const coll = this.engine.collection(collName);
    return tx.run(async () => {
      await this.lockFor(tx, coll, id, caller);
      const doc = tx.read(coll, id, coll.docs.get(id)?.doc);
      return doc ? [project(doc, projection)] : [];
    });
  }

  async txInsert(txId: unknown, collName: unknown, docs: Doc[], caller: Caller = DIRECT): Promise<IdKey[]> {
    const tx = this.txs.get(txId);
    const coll = this.engine.collection(collName);
    if (docs.length !== 1) {
      throw invalidOperator('a transaction accepts single-document operations only: add one document at a time');
    }
    const [p] = this.prepareInserts(coll, docs);
    return tx.run(async () => {
      await this.lockFor(tx, coll, p.id, caller);
      if (tx.read(coll, p.id, coll.docs.get(p.id)?.doc)) throw duplicateKey(coll.name, '_id_', `{ _id: ${JSON.stringify(p.id)} }`);
      this.checkTxWrite(tx, coll, p.id, p.doc);
      tx.write(coll, p.id, p.doc);
      return [p.id];
    });
  }

  async txModify(txId: unknown, collName: unknown, id: IdKey, spec: ModifySpec, caller: Caller = DIRECT): Promise<{ updated: number; upsertId: IdKey | null }> {
    const tx = this.txs.get(txId);
    const coll = this.engine.collection(collName);
    this.checkModify(coll, spec);
    return tx.run(async () => {
      await this.lockFor(tx, coll, id, caller);
      const cur = tx.read(coll, id, coll.docs.get(id)?.doc);
      if (!cur) {
        if (!spec.upsert) return { updated: 0, upsertId: null };
        const doc = this.upsertDoc(spec, id);
        this.checkTxWrite(tx, coll, id, doc);
        tx.write(coll, id, doc);
        return { updated: 0, upsertId: id };
      }
      const next = spec.merge ? applyUpdate(cur, spec.data) : applyReplacement(cur, spec.data, id);
      if (!next) return { updated: 0, upsertId: null };
      this.checkTxWrite(tx, coll, id, next);
      tx.write(coll, id, next);
      return { updated: 1, upsertId: null };
    });
  }

  async txRemove(txId: unknown, collName: unknown, id: IdKey, caller: Caller = DIRECT): Promise<number> {
    const tx = this.txs.get(txId);
    const coll = this.engine.collection(collName);
    return tx.run(async () => {
      await this.lockFor(tx, coll, id, caller);
      if (!tx.read(coll, id, coll.docs.get(id)?.doc)) return 0;
      tx.write(coll, id, null);
      return 1;
    });
  }

  // ---- persistence ------------------------------------------------------------------------------

  /** Replay one persisted operation (open). */
  replay(op: LogOp): void {
    const [kind, name] = op;
    const coll = this.engine.collections.get(name) ?? this.engine.declare({ name }, false);
    if (kind === 'p') {
      const doc = fromEjsonValue(op[2]) as Doc;
      this.engine.load(coll, doc._id as IdKey, doc);
    } else if (kind === 'd') {
      this.engine.load(coll, op[2], null);
    }
  }

  /** The whole state as snapshot lines. */
  *snapshotLines(): Generator<string> {
    for (const c of this.engine.collections.values()) {
      yield JSON.stringify(['c', c.name]);
      const name = JSON.stringify(c.name);
      for (const rec of c.docs.values()) yield `["p",${name},${docEjson(rec.doc)}]`;
    }
  }

  compact(): void {
    this.persistence?.compact(this.snapshotLines());
  }

  // ---- internals --------------------------------------------------------------------------------

  private checkModify(coll: Collection, spec: ModifySpec): void {
    checkQuery(spec.criteria);
    requireGeoIndexes(coll, spec.criteria);
    if (spec.merge) checkUpdate(spec.data);
    else {
      if (Object.keys(spec.data).some((k) => k.startsWith('$'))) {
        throw invalidOperator('set() takes a document, not update operators');
      }
      checkDocumentFields(spec.data);
    }
  }

  private upsertDoc(spec: ModifySpec, id: IdKey): Doc {
    if (!spec.merge) return applyReplacement(undefined, spec.data, id)!;
    const base: Doc = { _id: id };
    for (const [k, v] of Object.entries(spec.criteria)) {
      if (k.startsWith('$') || k === '_id') continue;
      if (isPlainObject(v)) {
        if ('$eq' in v) setValue(base, k, v.$eq);
      } else if (!(v instanceof RegExp)) setValue(base, k, v);
    }
    return applyUpdate(base, spec.data) ?? base;
  }

  private prepareInserts(coll: Collection, docs: Doc[]): Array<{ id: IdKey; doc: Doc; explicit: boolean }> {
    if (docs.length === 0) throw invalidParam('add needs at least one document');
    return docs.map((d) => {
      if (!isPlainObject(d)) throw invalidParam('each document must be an object');
      const explicit = d._id !== undefined;
      const id = explicit ? asId(d._id, '_id') : newDocId();
      const doc: Doc = { _id: id };
      for (const [k, v] of Object.entries(d)) if (k !== '_id') doc[k] = v;
      checkDocumentFields(doc);
      checkDocumentSize(doc);
      this.engine.checkWrite(coll, id, doc, (owner) => owner === id);
      return { id, doc, explicit };
    });
  }

  private checkTxWrite(tx: Transaction, coll: Collection, id: IdKey, doc: Doc): void {
    const own = tx.writes.get(coll);
    this.engine.checkWrite(coll, id, doc, (owner) => owner === id || tx.overrides(coll, owner), own ? own.entries() : undefined);
  }

  private ensureOpen(tx: Transaction): void {
    if (!this.txs.isOpen(tx)) throw transactionNotExist();
  }

  /**
   * Lock a document for a transaction. When it cannot get the lock (see transactions.ts) the
   * transaction is doomed: it releases its locks and goes on without them until its commit fails.
   */
  private async lockFor(tx: Transaction, coll: Collection, id: IdKey, caller: Caller): Promise<void> {
    this.ensureOpen(tx);
    if (tx.doomed) return;
    try {
      await this.locks.acquire(tx, lockKey(coll, id), caller.pooled);
    } catch (e) {
      if (!(e instanceof DbError) || e.code !== 'DATABASE_TRANSACTION_CONFLICT') throw e;
      this.ensureOpen(tx);
      tx.doomed = e.message;
      this.locks.releaseAll(tx);
      return;
    }
    this.ensureOpen(tx);
  }

  /**
   * Run a write outside transactions once none of the documents it touches is locked by a
   * transaction. `plan` is re-evaluated after every wait (the documents may have changed);
   * `apply` runs synchronously right after a plan found nothing locked, so nothing can change
   * in between.
   */
  private async whenUnlocked<T>(coll: Collection, caller: Caller, plan: () => { ids: IdKey[]; apply: () => T }): Promise<T> {
    const owner: LockOwner = { id: `write-${++this.writerSeq}`, held: new Set() };
    try {
      for (;;) {
        const p = plan();
        const blocked = this.locks.size === 0 ? undefined : p.ids.find((id) => this.locks.heldByOther(lockKey(coll, id), owner));
        if (blocked === undefined) return p.apply();
        await this.locks.acquire(owner, lockKey(coll, blocked), caller.pooled);
      }
    } finally {
      this.locks.releaseAll(owner);
    }
  }

  /** Apply a change set to the store and make it durable; on a failure nothing is applied. */
  private commitChanges(changes: Change[]): void {
    const undo = this.engine.apply(changes);
    try {
      this.persist(
        changes.map((c): LogOp => (c.doc ? ['p', c.coll.name, null] : ['d', c.coll.name, c.id])),
        changes,
      );
    } catch (e) {
      undo();
      throw e;
    }
  }

  private persist(ops: LogOp[], changes?: Change[]): void {
    const p = this.persistence;
    if (!p) return;
    const parts = ops.map((op, i) => {
      const doc = changes?.[i]?.doc;
      return doc ? `["p",${JSON.stringify(op[1])},${docEjson(doc)}]` : JSON.stringify(op);
    });
    p.append(`[${parts.join(',')}]`);
    if (p.shouldCompact()) p.compact(this.snapshotLines());
  }
}

function isIdLike(v: unknown): boolean {
  return (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v));
}

