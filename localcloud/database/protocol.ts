/**
 * The `database.*` actions of the SDK's wire protocol, as wx-server-sdk@4.0.2 (with its
 * @cloudbase/node-sdk@3.17.2 and @cloudbase/database) sends them, and the answers it parses.
 *
 * | action | params | answer |
 * |---|---|---|
 * | database.getDocument | collectionName, queryType WHERE/DOC, query, order, offset, limit, projection, transactionId? | `{data:{list:[EJSON]}}` |
 * | database.calculateDocument | collectionName, query | `{data:{total}}` |
 * | database.insertDocument | collectionName, data:[EJSON], transactionId? | `{data:{insertedIds}}` |
 * | database.modifyDocument | collectionName, query, data, multi, merge, upsert, transactionId? | `{data:{updated, upsert_id}}` |
 * | database.removeDocument | collectionName, query, multi, transactionId? | `{data:{deleted}}` |
 * | database.aggregateDocuments | collectionName, stages:[{stageKey, stageValue}] | `{data:{list:[EJSON]}}` |
 * | database.addCollection | collectionName | `{}` |
 * | database.startTransaction | – | `{transactionId}` |
 * | database.commitTransaction / abortTransaction | transactionId | `{}` |
 *
 * Every answer carries `requestId`. Errors are HTTP 200 `{code, message, requestId}`.
 *
 * Billed operations (CloudBase bills per read and per write operation; the local cloud assumes
 * one operation per database call, whatever the number of documents): get, count and aggregate
 * are one read each; add (one document or many), update, set and remove one write each;
 * transaction start, commit and abort nothing; operations inside a transaction count as their
 * kind. A call is counted when it reaches the database, also when it is answered with an error
 * (the real service bills the work it did; counting every attempt keeps the figure an upper bound).
 */
import type { AdminAnswer, AdminRequest } from '../service';
import { errorAnswer, newRequestId } from '../service';
import type { Caller, DatabaseCore, ModifySpec } from './database';
import { docEjson } from './database';
import type { IdKey } from './engine';
import { DbError, invalidOperator, invalidParam } from './errors';
import { checkLimit, checkOffset, checkOrder } from './limits';
import { Doc, isPlainObject, parseEjson, parseEjsonObject, toEjson } from './values';

export interface OpsCount {
  reads: number;
  writes: number;
}

const READS = new Set(['database.getDocument', 'database.calculateDocument', 'database.aggregateDocuments']);
const WRITES = new Set(['database.insertDocument', 'database.modifyDocument', 'database.removeDocument']);

function ok(data?: Doc, extra?: Doc): AdminAnswer {
  return { body: { ...(data ? { data } : {}), ...extra, requestId: newRequestId() } };
}

/** The one `_id` a single-document operation names (`{_id: x}`), or null. */
function docId(criteria: Doc): IdKey | null {
  const keys = Object.keys(criteria);
  if (keys.length !== 1 || keys[0] !== '_id') return null;
  const v = criteria._id;
  return (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v)) ? v : null;
}

function txDocId(criteria: Doc, queryType: unknown): IdKey {
  const id = docId(criteria);
  if (id === null || (queryType !== undefined && queryType !== 'DOC')) {
    throw invalidOperator('a transaction accepts single-document operations only (doc(id).get/set/update/remove and add); where() queries and multi-document updates are refused');
  }
  return id;
}

export async function handleDatabase(core: DatabaseCore, ops: OpsCount, req: AdminRequest): Promise<AdminAnswer> {
  const p = req.params;
  const action = req.action;
  if (READS.has(action)) ops.reads++;
  else if (WRITES.has(action)) ops.writes++;
  const now = core.clock.nowMs();
  const caller: Caller = { pooled: !String(req.headers?.['x-tcb-source'] ?? '').endsWith(',scf') };
  const txId = p.transactionId;
  const inTx = txId !== undefined && txId !== null && txId !== '';
  try {
    switch (action) {
      case 'database.getDocument': {
        const criteria = parseEjsonObject(p.query, now, 'query') ?? {};
        const projection = parseEjsonObject(p.projection, now, 'projection');
        if (inTx) {
          const list = await core.txGet(txId, p.collectionName, txDocId(criteria, p.queryType), projection, caller);
          return ok({ list: list.map(toEjson) });
        }
        const order = p.order !== undefined ? checkOrder(parseEjsonObject(p.order, now, 'order') ?? {}) : undefined;
        const docs = core.get(p.collectionName, {
          criteria,
          order,
          offset: checkOffset(p.offset),
          limit: checkLimit(p.limit),
          projection,
        });
        return ok({ list: docs.map((d) => (projection ? toEjson(d) : docEjson(d))) });
      }
      case 'database.calculateDocument': {
        const criteria = parseEjsonObject(p.query, now, 'query') ?? {};
        return ok({ total: core.count(p.collectionName, criteria) });
      }
      case 'database.insertDocument': {
        if (!Array.isArray(p.data)) throw invalidParam('data must be an array of documents');
        const docs = p.data.map((d, i) => {
          const doc = parseEjson(d, now, `data[${i}]`);
          if (!isPlainObject(doc)) throw invalidParam('each document must be an object');
          return doc;
        });
        const ids = inTx ? await core.txInsert(txId, p.collectionName, docs, caller) : await core.insert(p.collectionName, docs, caller);
        return ok({ insertedIds: ids });
      }
      case 'database.modifyDocument': {
        const criteria = parseEjsonObject(p.query, now, 'query') ?? {};
        const data = parseEjsonObject(p.data, now, 'data');
        if (!data) throw invalidParam('data is required');
        const spec: ModifySpec = {
          criteria,
          data,
          merge: p.merge !== false,
          upsert: p.upsert === true,
          multi: p.multi === true,
        };
        const r = inTx
          ? await core.txModify(txId, p.collectionName, txDocId(criteria, p.queryType), spec, caller)
          : await core.modify(p.collectionName, spec, caller);
        return ok({ updated: r.updated, upsert_id: r.upsertId });
      }
      case 'database.removeDocument': {
        const criteria = parseEjsonObject(p.query, now, 'query') ?? {};
        const deleted = inTx
          ? await core.txRemove(txId, p.collectionName, txDocId(criteria, p.queryType), caller)
          : await core.remove(p.collectionName, criteria, p.multi === true, caller);
        return ok({ deleted });
      }
      case 'database.aggregateDocuments': {
        if (inTx) throw invalidOperator('aggregate() is not available inside a transaction');
        const list = core.aggregate(p.collectionName, p.stages, now);
        return ok({ list: list.map(toEjson) });
      }
      case 'database.addCollection': {
        core.createCollection(p.collectionName);
        return ok();
      }
      case 'database.startTransaction':
        return ok(undefined, { transactionId: core.startTransaction() });
      case 'database.commitTransaction':
        await core.commitTransaction(txId);
        return ok();
      case 'database.abortTransaction':
        core.abortTransaction(txId);
        return ok();
      default:
        return errorAnswer('INVALID_ACTION', `[InvalidParameter] action ${action} is not served by the local cloud database`);
    }
  } catch (e) {
    if (e instanceof DbError) return errorAnswer(e.code, e.message);
    return errorAnswer('DATABASE_REQUEST_FAILED', `[InternalError] ${(e as Error)?.message ?? String(e)}`);
  }
}
