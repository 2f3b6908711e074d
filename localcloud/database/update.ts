/**
 * Updates: `doc().update` / `where().update` (`merge: true`, MongoDB update operators) and
 * `doc().set` (`merge: false`, a replacement document).
 *
 * CloudBase copies:
 * - The SDK rewrites plain fields into `$set` on dotted paths, `_.remove()` into `$unset`,
 *   `_.shift()`/`_.pop()` into `$pop: -1/1`, `_.unshift()` into `$push {$each, $position: 0}`;
 *   the server applies MongoDB's operators (mingo's implementation).
 * - `stats.updated` counts documents that actually changed (MongoDB's nModified): writing the
 *   values a document already holds answers `updated: 0`.
 * - MongoDB refuses operators on values of the wrong type (`$inc` on a string, `$push` on a
 *   non-array, a path through a scalar); mingo silently skips those, so they are checked here
 *   first and refused with MongoDB's messages.
 * - `set` replaces the whole document and keeps its `_id`; `upsert` inserts `{_id, …}`.
 */
import { update as mingoUpdate } from 'mingo';
import { requestFailed } from './errors';
import { checkDocumentFields, checkDocumentSize, checkUpdate } from './limits';
import { Doc, deepClone, isPlainObject, sameValue } from './values';

/** Apply a checked update document to a copy of `doc`. Returns the new document, or null if unchanged. */
export function applyUpdate(doc: Doc, update: Doc, arrayFilters?: Doc[]): Doc | null {
  precheck(doc, update);
  const copy = deepClone(doc);
  let changed: string[];
  try {
    changed = mingoUpdate(copy, update as never, arrayFilters);
  } catch (e) {
    throw requestFailed((e as Error).message);
  }
  if (changed.length === 0 || sameValue(copy, doc)) return null;
  if (copy._id !== doc._id) throw requestFailed("Performing an update on the path '_id' would modify the immutable field '_id'");
  checkDocumentFields(copy);
  checkDocumentSize(copy);
  return copy;
}

/** The document a replacement (`set`) produces, or null if identical to `doc`. */
export function applyReplacement(doc: Doc | undefined, replacement: Doc, id: unknown): Doc | null {
  const next: Doc = { _id: id };
  for (const [k, v] of Object.entries(replacement)) if (k !== '_id') next[k] = v;
  checkDocumentFields(next);
  checkDocumentSize(next);
  if (doc && sameValue(doc, next)) return null;
  return next;
}

/** Validate the shape of an update (operators, paths) before any document is touched. */
export function checkUpdateDoc(update: Doc): void {
  checkUpdate(update);
}

type Slot = { found: true; value: unknown } | { found: false; blockedBy?: unknown; at?: string };

/** Walk a plain dotted path (no positional segments). */
function lookup(doc: Doc, path: string): Slot {
  let cur: unknown = doc;
  const segs = path.split('.');
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (isPlainObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return { found: false };
      cur = cur[seg];
    } else if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      const n = Number(seg);
      if (n >= cur.length) return { found: false };
      cur = cur[n];
    } else if (cur === null || cur === undefined) {
      return { found: false };
    } else {
      return { found: false, blockedBy: cur, at: segs.slice(0, i).join('.') };
    }
  }
  return { found: true, value: cur };
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof Date ? 'date' : typeof v === 'object' ? 'object' : typeof v;

function precheck(doc: Doc, update: Doc): void {
  for (const [op, spec] of Object.entries(update)) {
    if (!isPlainObject(spec)) continue;
    for (const path of Object.keys(spec)) {
      if (path.includes('$')) continue; // positional paths are resolved by the update itself
      const slot = lookup(doc, path);
      if (!slot.found) {
        if (slot.blockedBy !== undefined && op !== '$unset' && op !== '$pull' && op !== '$pullAll' && op !== '$pop') {
          throw requestFailed(`Cannot create field '${path.slice(slot.at!.length + 1).split('.')[0]}' in element {${slot.at}: ${JSON.stringify(slot.blockedBy)}}`);
        }
        continue;
      }
      const v = slot.value;
      switch (op) {
        case '$inc':
        case '$mul':
          if (typeof v !== 'number' && v !== null) {
            throw requestFailed(`Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeName(v)}`);
          }
          if (v === null) throw requestFailed(`Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type null`);
          break;
        case '$push':
        case '$addToSet':
        case '$pop':
        case '$pull':
        case '$pullAll':
          if (!Array.isArray(v)) {
            throw requestFailed(`The field '${path}' must be an array but is of type ${typeName(v)} in document {_id: ${JSON.stringify(doc._id)}}`);
          }
          break;
        default:
          break;
      }
    }
  }
}
