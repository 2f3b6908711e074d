/**
 * CloudBase's limits, enforced strictly so that code that passes here does not fail there.
 *
 * - `get()` on the server: 100 documents by default, 1,000 at most (CloudBase documentation; the
 *   SDK always sends `limit`, 100 when none was set, and caps it at 1,000 itself, so a larger one
 *   can only come from a raw client: refused).
 * - Field names (CloudBase documentation, "数据库 > 字段名"): letters, digits and `_`, `.` only as a
 *   path separator, at most 32 characters per name, not starting with `_` (system fields `_id`
 *   and `_openid` at the top level aside). `$` operators only where MongoDB allows them
 *   (positional `$`, `$[]`, `$[id]` in update paths).
 * - A document is at most 512 KB, measured as BSON (CloudBase's documented limit; MongoDB's own
 *   is 16 MB).
 * - Query operators: what `db.command` sends (MongoDB's query operators) plus MongoDB's other
 *   side-effect free ones; `$where`, `$function`, `$jsonSchema`, `$text` and legacy 2d geo
 *   operators are refused as CloudBase does not offer them.
 */
import { DbError, invalidOperator, invalidParam, requestFailed } from './errors';
import { Doc, bsonSize, isPlainObject } from './values';

export const DEFAULT_GET_LIMIT = 100;
export const MAX_GET_LIMIT = 1000;
export const MAX_DOCUMENT_BYTES = 512 * 1024;
export const MAX_FIELD_NAME = 32;

const SEGMENT = /^[A-Za-z0-9_]+$/;
const SYSTEM_FIELDS = new Set(['_id', '_openid']);
const POSITIONAL = /^\$(\[[A-Za-z0-9_]*\])?$/;

export const QUERY_OPERATORS = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin',
  '$and', '$or', '$nor', '$not',
  '$exists', '$type', '$mod', '$regex', '$options', '$expr',
  '$all', '$elemMatch', '$size',
  '$bitsAllClear', '$bitsAllSet', '$bitsAnyClear', '$bitsAnySet',
  '$nearSphere', '$near', '$geoWithin', '$geoIntersects',
]);

export const GEO_QUERY_OPERATORS = new Set(['$nearSphere', '$near', '$geoWithin', '$geoIntersects']);

export const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$bit',
  '$push', '$pop', '$addToSet', '$pull', '$pullAll',
]);

const PUSH_MODIFIERS = new Set(['$each', '$position', '$slice', '$sort']);

function checkSegment(seg: string, path: string, topLevel: boolean): void {
  if (seg.length === 0) throw invalidParam(`field name '${path}' has an empty segment`);
  if (seg.length > MAX_FIELD_NAME) {
    throw invalidParam(`field name '${seg}' is longer than ${MAX_FIELD_NAME} characters`);
  }
  if (!SEGMENT.test(seg)) {
    throw invalidParam(`field name '${path}' may only contain letters, digits and '_' ('.' separates a path)`);
  }
  if (seg.startsWith('_') && !(topLevel && SYSTEM_FIELDS.has(seg))) {
    throw invalidParam(`field name '${path}' must not start with '_' (only _id and _openid are system fields)`);
  }
}

/** Check every key of a stored document (recursively). */
export function checkDocumentFields(doc: Doc): void {
  walkFields(doc, '', true);
}

function walkFields(v: unknown, prefix: string, topLevel: boolean): void {
  if (Array.isArray(v)) {
    for (const x of v) walkFields(x, prefix, false);
    return;
  }
  if (!isPlainObject(v)) return;
  for (const k of Object.keys(v)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (k.startsWith('$')) throw invalidParam(`field name '${path}' must not start with '$'`);
    if (k.includes('.')) throw invalidParam(`field name '${path}' must not contain '.' inside a document`);
    checkSegment(k, path, topLevel);
    walkFields(v[k], path, false);
  }
}

/** Check a dotted field path used by an update operator. */
export function checkUpdatePath(path: string): void {
  const segs = path.split('.');
  segs.forEach((seg, i) => {
    if (POSITIONAL.test(seg) && i > 0) return;
    checkSegment(seg, path, i === 0);
  });
  if (segs[0] === '_id') throw requestFailed("Performing an update on the path '_id' would modify the immutable field '_id'");
}

export function checkDocumentSize(doc: Doc): void {
  const size = bsonSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw requestFailed(`document is ${size} bytes, larger than the ${MAX_DOCUMENT_BYTES} bytes (512 KB) CloudBase allows`);
  }
}

/** Refuse operators CloudBase does not offer, anywhere in a query. */
export function checkQuery(q: unknown): void {
  if (Array.isArray(q)) {
    for (const x of q) checkQuery(x);
    return;
  }
  if (!isPlainObject(q)) return;
  for (const k of Object.keys(q)) {
    if (k.startsWith('$')) {
      if (!QUERY_OPERATORS.has(k)) throw invalidOperator(`unknown or unsupported query operator ${k}`);
      if (GEO_QUERY_OPERATORS.has(k) || k === '$expr') continue; // operands are geometry / expressions
    }
    checkQuery(q[k]);
  }
}

/** Check an update document (`merge: true`): operators only, valid paths, valid values. */
export function checkUpdate(update: Doc): void {
  const keys = Object.keys(update);
  if (keys.length === 0) throw invalidParam('update must not be empty');
  for (const op of keys) {
    if (!op.startsWith('$')) {
      throw invalidOperator(`update mixes operators and plain fields ('${op}'); use update operators only`);
    }
    if (!UPDATE_OPERATORS.has(op)) throw invalidOperator(`unknown or unsupported update operator ${op}`);
    const spec = update[op];
    if (!isPlainObject(spec)) throw requestFailed(`Modifiers operate on fields but we found type ${typeof spec} instead`);
    for (const path of Object.keys(spec)) {
      checkUpdatePath(path);
      const operand = spec[path];
      switch (op) {
        case '$set':
        case '$min':
        case '$max':
          walkFields(operand, path, false);
          break;
        case '$inc':
        case '$mul':
          if (typeof operand !== 'number') throw requestFailed(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`);
          break;
        case '$rename':
          if (typeof operand !== 'string') throw requestFailed(`The 'to' field for $rename must be a string: ${path}`);
          checkUpdatePath(operand);
          break;
        case '$pop':
          if (operand !== 1 && operand !== -1) throw requestFailed(`$pop expects 1 or -1, found: ${JSON.stringify(operand)}`);
          break;
        case '$push':
        case '$addToSet':
          checkArrayOperand(op, path, operand);
          break;
        case '$pullAll':
          if (!Array.isArray(operand)) throw requestFailed(`$pullAll requires an array argument but was given a ${typeof operand}`);
          walkFields(operand, path, false);
          break;
        case '$pull':
          checkQuery(operand);
          break;
        default:
          break;
      }
    }
  }
}

function checkArrayOperand(op: string, path: string, operand: unknown): void {
  if (isPlainObject(operand) && Object.keys(operand).some((k) => k.startsWith('$'))) {
    for (const k of Object.keys(operand)) {
      if (!PUSH_MODIFIERS.has(k) || (op === '$addToSet' && k !== '$each')) {
        throw invalidOperator(`unknown modifier ${k} in ${op}`);
      }
    }
    if (!Array.isArray(operand.$each)) throw requestFailed(`The argument to $each in ${op} must be an array`);
    walkFields(operand.$each, path, false);
    return;
  }
  walkFields(operand, path, false);
}

/** Order (`orderBy`): `{ field: 1 | -1 }`. */
export function checkOrder(order: Doc): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(order)) {
    if (v !== 1 && v !== -1) throw invalidParam(`order of '${k}' must be 1 or -1`);
    out[k] = v;
  }
  return out;
}

/** `limit` of a `get`: the SDK's default, at most 1,000. */
export function checkLimit(limit: unknown): number {
  if (limit === undefined || limit === null || limit === 0) return DEFAULT_GET_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw invalidParam('limit must be a non-negative integer');
  if (limit > MAX_GET_LIMIT) throw invalidParam(`limit ${limit} is above the ${MAX_GET_LIMIT} documents a server-side get may return`);
  return limit;
}

export function checkOffset(offset: unknown): number {
  if (offset === undefined || offset === null) return 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalidParam('offset must be a non-negative integer');
  return offset;
}

export function isDbError(e: unknown): e is DbError {
  return e instanceof DbError;
}
