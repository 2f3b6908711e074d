/**
 * The document store: collections of documents kept in Maps keyed by `_id`, with the indexes
 * declared for them.
 *
 * CloudBase copies:
 * - A collection exists only once declared (the console / `db.createCollection`); writing or
 *   reading another is DATABASE_COLLECTION_NOT_EXIST (CloudBase never creates one implicitly).
 * - Unique indexes behave as MongoDB's: a missing field is indexed as null (so two documents
 *   without the field collide), an array field indexes each element, `_id` is always unique.
 *   A violation is MongoDB's E11000 (see errors.ts).
 * - A field under a `2dsphere` index must hold GeoJSON or a legacy pair (MongoDB refuses the
 *   write otherwise: "Can't extract geo keys").
 * - Natural order (no `orderBy`) is insertion order, as MongoDB's collection scan and
 *   single-key index scans return documents.
 *
 * Ordinary indexes answer equality and `$in` on their first field, `_id` always answers
 * directly, and a `2dsphere` index answers a bounded geo query from its grid (geo.ts), so such
 * queries do not scan the collection. Matching itself is mingo's.
 */
import { EJSON } from 'bson';
import { Query } from 'mingo/query';
import type { CollectionSpec, IndexSpec } from '../service';
import { collectionNotExist, duplicateKey, requestFailed } from './errors';
import { GeoGrid, geoContext, isIndexableGeo, queryBBox } from './geo';
import { Doc, isPlainObject, valueKey } from './values';

export type IdKey = string | number;

export interface DocRecord {
  readonly doc: Doc;
  readonly seq: number;
}

interface IndexState {
  readonly name: string;
  readonly fields: string[];
  readonly unique: boolean;
  /** first-field value key → ids (query planning) */
  readonly eq: Map<string, Set<IdKey>>;
  /** full key tuple → id (unique indexes only) */
  readonly tuples: Map<string, IdKey> | null;
}

export class Collection {
  readonly docs = new Map<IdKey, DocRecord>();
  readonly indexes: IndexState[] = [];
  readonly geoFields = new Set<string>();
  /** field → grid (the 2dsphere indexes) */
  readonly geoGrids = new Map<string, GeoGrid>();
  /** The ids in `_id` order, kept until an insert or a removal (keyset paging walks it). */
  private idOrder: IdKey[] | null = null;

  /** Ids in ascending `_id` order (numbers before strings, strings by code unit, as MongoDB). */
  sortedIds(): IdKey[] {
    if (!this.idOrder) this.idOrder = [...this.docs.keys()].sort(compareIds);
    return this.idOrder;
  }

  /** An insert or a removal changes the id order. */
  idsChanged(): void {
    this.idOrder = null;
  }

  constructor(
    readonly name: string,
    readonly declared: boolean,
  ) {}

  addIndex(spec: IndexSpec): void {
    const fields = Object.keys(spec.keys);
    if (fields.length === 0) return;
    const geo = fields.filter((f) => spec.keys[f] === '2dsphere');
    for (const f of geo) {
      if (this.geoFields.has(f)) continue;
      this.geoFields.add(f);
      const grid = new GeoGrid();
      for (const [id, rec] of this.docs) grid.add(id, geoValue(rec.doc, f));
      this.geoGrids.set(f, grid);
    }
    if (geo.length === fields.length && !spec.unique) return;
    const plain = fields.filter((f) => spec.keys[f] !== '2dsphere');
    if (plain.length === 0) return;
    const idx: IndexState = {
      name: spec.name,
      fields: plain,
      unique: !!spec.unique,
      eq: new Map(),
      tuples: spec.unique ? new Map() : null,
    };
    for (const [id, rec] of this.docs) {
      if (idx.tuples) {
        for (const t of tupleKeys(rec.doc, idx.fields)) {
          const owner = idx.tuples.get(t);
          if (owner !== undefined && owner !== id) {
            throw new Error(`cannot build unique index ${spec.name} on ${this.name}: duplicate key ${describeKey(rec.doc, idx.fields)}`);
          }
          idx.tuples.set(t, id);
        }
      }
      for (const k of fieldKeys(rec.doc, idx.fields[0])) addToSet(idx.eq, k, id);
    }
    this.indexes.push(idx);
  }

  get size(): number {
    return this.docs.size;
  }
}

function addToSet(m: Map<string, Set<IdKey>>, k: string, id: IdKey): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(id);
}

function removeFromSet(m: Map<string, Set<IdKey>>, k: string, id: IdKey): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(id);
  if (s.size === 0) m.delete(k);
}

/** Values at a dotted path, MongoDB-style (through arrays of sub-documents; leaf arrays by element). */
export function pathValues(doc: Doc, path: string, flattenLeaf = true): unknown[] {
  if (!path.includes('.')) {
    // A top-level field (most index fields): its value, or an array's elements.
    const v = doc[path];
    if (!flattenLeaf || !Array.isArray(v)) return [v];
    return v.length ? v.slice() : [undefined];
  }
  const segs = path.split('.');
  const out: unknown[] = [];
  const walk = (v: unknown, i: number): void => {
    if (i === segs.length) {
      if (flattenLeaf && Array.isArray(v)) {
        if (v.length === 0) out.push(undefined);
        else out.push(...v);
      } else out.push(v);
      return;
    }
    if (Array.isArray(v)) {
      const seg = segs[i];
      if (/^\d+$/.test(seg) && Number(seg) < v.length) walk(v[Number(seg)], i + 1);
      for (const el of v) if (isPlainObject(el) || Array.isArray(el)) walk(el, i);
      return;
    }
    if (isPlainObject(v)) {
      walk(v[segs[i]], i + 1);
      return;
    }
    out.push(undefined);
  };
  walk(doc, 0);
  if (out.length === 0) out.push(undefined);
  return out;
}

/** The value a 2dsphere index reads at `path` (all of them, through arrays of sub-documents). */
function geoValue(doc: Doc, path: string): unknown {
  const vs = pathValues(doc, path, false).filter((v) => v !== undefined && v !== null);
  return vs.length === 1 ? vs[0] : vs;
}

function fieldKeys(doc: Doc, path: string): string[] {
  const vs = pathValues(doc, path);
  if (vs.length === 1) return [valueKey(vs[0])];
  return [...new Set(vs.map(valueKey))];
}

function tupleKeys(doc: Doc, fields: string[]): string[] {
  let tuples: string[] = [''];
  for (const f of fields) {
    const keys = fieldKeys(doc, f);
    const next: string[] = [];
    for (const t of tuples) for (const k of keys) next.push(t + '\u0000' + k);
    tuples = next;
  }
  return [...new Set(tuples)];
}

function describeKey(doc: Doc, fields: string[]): string {
  const parts = fields.map((f) => {
    const vs = pathValues(doc, f);
    return `${f}: ${EJSON.stringify(vs.length === 1 ? (vs[0] ?? null) : vs, { relaxed: true })}`;
  });
  return `{ ${parts.join(', ')} }`;
}

/** A set of document writes applied together (a request or a committed transaction). */
export interface Change {
  readonly coll: Collection;
  readonly id: IdKey;
  /** the new document, or null to delete */
  readonly doc: Doc | null;
}

export class Engine {
  readonly collections = new Map<string, Collection>();
  private seq = 0;

  /** Declare a collection (idempotent); indexes from the spec. */
  declare(spec: CollectionSpec, declared = true): Collection {
    let c = this.collections.get(spec.name);
    if (!c) {
      c = new Collection(spec.name, declared);
      for (const idx of spec.indexes ?? []) c.addIndex(idx);
      this.collections.set(spec.name, c);
    }
    return c;
  }

  collection(name: unknown): Collection {
    const c = typeof name === 'string' ? this.collections.get(name) : undefined;
    if (!c) throw collectionNotExist(String(name));
    return c;
  }

  get(coll: Collection, id: IdKey): DocRecord | undefined {
    return coll.docs.get(id);
  }

  /**
   * Apply changes in order, all or nothing: on a unique-index violation every change already
   * applied is undone and the error thrown. Returns the undo function (used when the change
   * set cannot be made durable).
   */
  apply(changes: readonly Change[]): () => void {
    const undo: Array<{ coll: Collection; id: IdKey; old: DocRecord | undefined }> = [];
    const rollback = (): void => {
      for (let i = undo.length - 1; i >= 0; i--) {
        const u = undo[i];
        this.put(u.coll, u.id, u.old, false);
      }
    };
    try {
      for (const ch of changes) {
        const old = ch.coll.docs.get(ch.id);
        undo.push({ coll: ch.coll, id: ch.id, old });
        this.put(ch.coll, ch.id, ch.doc ? { doc: ch.doc, seq: old ? old.seq : ++this.seq } : undefined, true);
      }
    } catch (e) {
      undo.pop(); // the failing change left the store untouched
      rollback();
      throw e;
    }
    return rollback;
  }

  /** Replay a change without checks (persistence). */
  load(coll: Collection, id: IdKey, doc: Doc | null): void {
    const old = coll.docs.get(id);
    this.put(coll, id, doc ? { doc, seq: old ? old.seq : ++this.seq } : undefined, false);
  }

  /**
   * Check that a document could be written (geo values, unique keys): against stored documents
   * (except owners `ignore` accepts) and against `extra` documents (a transaction's own writes).
   */
  checkWrite(coll: Collection, id: IdKey, doc: Doc, ignore?: (owner: IdKey) => boolean, extra?: Iterable<[IdKey, Doc | null]>): void {
    for (const f of coll.geoFields) {
      for (const v of pathValues(doc, f, false)) {
        if (!isIndexableGeo(v)) {
          throw requestFailed(`Can't extract geo keys: ${f} is not a valid GeoJSON geometry or [longitude, latitude] pair`);
        }
      }
    }
    for (const idx of coll.indexes) {
      if (!idx.tuples) continue;
      for (const t of tupleKeys(doc, idx.fields)) {
        const owner = idx.tuples.get(t);
        if (owner !== undefined && owner !== id && !(ignore && ignore(owner))) {
          throw duplicateKey(coll.name, idx.name, describeKey(doc, idx.fields));
        }
      }
      if (extra) {
        const mine = new Set(tupleKeys(doc, idx.fields));
        for (const [otherId, other] of extra) {
          if (otherId === id || !other) continue;
          if (tupleKeys(other, idx.fields).some((t) => mine.has(t))) throw duplicateKey(coll.name, idx.name, describeKey(doc, idx.fields));
        }
      }
    }
  }

  private put(coll: Collection, id: IdKey, rec: DocRecord | undefined, check: boolean): void {
    const old = coll.docs.get(id);
    if (check && rec) this.checkWrite(coll, id, rec.doc, (owner) => owner === id);
    for (const idx of coll.indexes) {
      const oldEq = old ? fieldKeys(old.doc, idx.fields[0]) : [];
      const newEq = rec ? fieldKeys(rec.doc, idx.fields[0]) : [];
      for (const k of oldEq) if (!newEq.includes(k)) removeFromSet(idx.eq, k, id);
      for (const k of newEq) if (!oldEq.includes(k)) addToSet(idx.eq, k, id);
      if (idx.tuples) {
        const oldT = old ? tupleKeys(old.doc, idx.fields) : [];
        const newT = rec ? tupleKeys(rec.doc, idx.fields) : [];
        for (const t of oldT) if (!newT.includes(t) && idx.tuples.get(t) === id) idx.tuples.delete(t);
        for (const t of newT) idx.tuples.set(t, id);
      }
    }
    for (const [field, grid] of coll.geoGrids) {
      const before = old ? geoValue(old.doc, field) : undefined;
      const after = rec ? geoValue(rec.doc, field) : undefined;
      if (before !== after) {
        if (old) grid.remove(id, before);
        if (rec) grid.add(id, after);
      }
    }
    if (!old !== !rec) coll.idsChanged();
    if (rec) coll.docs.set(id, rec);
    else coll.docs.delete(id);
  }

  /** Documents matching `criteria`, in natural order; the first `max` of them when given. */
  select(coll: Collection, criteria: Doc, max = Infinity): DocRecord[] {
    const out: DocRecord[] = [];
    if (max <= 0) return out;
    if (Object.keys(criteria).length === 0) {
      for (const rec of coll.docs.values()) {
        out.push(rec);
        if (out.length >= max) break;
      }
      return out;
    }
    const query = matcher(criteria);
    const candidates = plan(coll, criteria);
    if (candidates) {
      for (const id of candidates) {
        const rec = coll.docs.get(id);
        if (rec && query.test(rec.doc)) out.push(rec);
      }
      out.sort((a, b) => a.seq - b.seq);
      if (out.length > max) out.length = max;
    } else {
      for (const rec of coll.docs.values()) {
        if (!query.test(rec.doc)) continue;
        out.push(rec);
        if (out.length >= max) break;
      }
    }
    return out;
  }

  /**
   * The first `max` documents matching `criteria` in `_id` order (`dir` 1 or -1), walking the
   * ids in order from the bound an `_id` range gives, so a keyset page (`_id > last`, ordered by
   * `_id`, limited) costs its page, not the collection. Null when an index gives a small
   * candidate set (then `select` and a sort are cheaper).
   */
  selectInIdOrder(coll: Collection, criteria: Doc, dir: 1 | -1, max: number): DocRecord[] | null {
    const candidates = Object.keys(criteria).length ? plan(coll, criteria) : null;
    if (candidates && (candidates as Set<IdKey>).size <= 4 * max) return null;
    const query = Object.keys(criteria).length ? compileQuery(criteria) : null;
    const ids = coll.sortedIds();
    const range = isPlainObject(criteria._id) ? (criteria._id as Doc) : null;
    let i: number;
    if (dir === 1) {
      i = 0;
      // Start at the bound (the query itself still decides each id: an equal one, another type).
      const lo = range && ('$gt' in range ? range.$gt : '$gte' in range ? range.$gte : undefined);
      if (typeof lo === 'string' || typeof lo === 'number') i = lowerBound(ids, lo);
    } else {
      i = ids.length - 1;
      const hi = range && ('$lt' in range ? range.$lt : '$lte' in range ? range.$lte : undefined);
      if (typeof hi === 'string' || typeof hi === 'number') i = lowerBound(ids, hi, true) - 1;
      // (the last id ≤ the bound; walking down from it)
    }
    const out: DocRecord[] = [];
    for (; i >= 0 && i < ids.length && out.length < max; i += dir) {
      const rec = coll.docs.get(ids[i]!);
      if (rec && (!query || query.test(rec.doc))) out.push(rec);
    }
    return out;
  }

  count(coll: Collection, criteria: Doc): number {
    if (Object.keys(criteria).length === 0) return coll.docs.size;
    return this.select(coll, criteria).length;
  }

  clear(): void {
    for (const c of this.collections.values()) {
      c.docs.clear();
      c.idsChanged();
      for (const idx of c.indexes) {
        idx.eq.clear();
        idx.tuples?.clear();
      }
      for (const grid of c.geoGrids.values()) grid.clear();
    }
  }
}

/** MongoDB's order of `_id`s we store: numbers before strings, strings by code unit. */
export function compareIds(a: IdKey, b: IdKey): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first index whose id is ≥ `v` (or > `v` when `after`). */
function lowerBound(ids: IdKey[], v: IdKey, after = false): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareIds(ids[mid]!, v);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The test of a query. A top-level `_id` equality or `$in` of scalar ids, and a top-level `$in`
 * of strings on any other field (`personId: _.in(ids)`), are decided by a set (MongoDB answers
 * them from an index; mingo's `$in` hashes the whole list again for every document it tests);
 * the rest by mingo. A field's values are those its index would hold (through arrays).
 */
function matcher(criteria: Doc): { test(doc: Doc): boolean } {
  let idSet: Set<IdKey> | null = null;
  const inSets: { path: string; set: Set<string> }[] = [];
  const rest: Doc = {};
  for (const [field, cond] of Object.entries(criteria)) {
    if (field === '_id') {
      const ids = equalityValues(cond);
      if (ids && ids.every((v) => typeof v === 'string' || typeof v === 'number')) {
        idSet = new Set(ids as IdKey[]);
        continue;
      }
    } else if (!field.startsWith('$') && !/(^|\.)\d+(\.|$)/.test(field) && isStringIn(cond)) {
      inSets.push({ path: field, set: new Set(cond.$in) });
      continue;
    }
    rest[field] = cond;
  }
  if (!idSet && !inSets.length) return compileQuery(criteria);
  const ids = idSet as Set<IdKey> | null;
  const query = Object.keys(rest).length ? compileQuery(rest) : null;
  return {
    test: (doc: Doc) => {
      if (ids && !ids.has(doc._id as IdKey)) return false;
      for (const { path, set } of inSets) if (!pathValues(doc, path).some((v) => typeof v === 'string' && set.has(v))) return false;
      return !query || query.test(doc);
    },
  };
}

/** `{ $in: [strings…] }` and nothing else. */
function isStringIn(cond: unknown): cond is { $in: string[] } {
  if (!isPlainObject(cond)) return false;
  const keys = Object.keys(cond);
  return keys.length === 1 && keys[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every((v) => typeof v === 'string');
}

/** A mingo query with the geo operators. Errors in the query are MongoDB's "bad query". */
export function compileQuery(criteria: Doc): Query {
  try {
    return new Query(criteria, { context: geoContext, scriptEnabled: false });
  } catch (e) {
    if ((e as { code?: string }).code) throw e;
    throw requestFailed(`bad query: ${(e as Error).message}`);
  }
}

const isScalar = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date;

/** The values a query clause requires a field to equal (one of), or null when not an equality. */
function equalityValues(v: unknown): unknown[] | null {
  if (isScalar(v)) return [v];
  if (!isPlainObject(v)) return null;
  if ('$eq' in v && isScalar(v.$eq)) return [v.$eq];
  if ('$in' in v && Array.isArray(v.$in) && v.$in.every(isScalar)) return v.$in;
  return null;
}

/** Candidate ids from `_id` or an index, or null to scan. Picks the smallest candidate set. */
function plan(coll: Collection, q: Doc): Iterable<IdKey> | null {
  let best: Set<IdKey> | null = null;
  const consider = (s: Set<IdKey>): void => {
    if (!best || s.size < best.size) best = s;
  };
  const visit = (clause: Doc): void => {
    for (const [field, cond] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(cond)) {
        cond.forEach((c) => isPlainObject(c) && visit(c));
        continue;
      }
      if (field.startsWith('$')) continue;
      const grid = coll.geoGrids.get(field);
      if (grid) {
        const box = queryBBox(cond);
        const ids = box && grid.candidates(box);
        if (ids) consider(ids);
      }
      const values = equalityValues(cond);
      if (!values) continue;
      if (field === '_id') {
        consider(new Set(values.filter((x): x is IdKey => typeof x === 'string' || typeof x === 'number')));
        continue;
      }
      const idx = coll.indexes.find((i) => i.fields[0] === field);
      if (!idx) continue;
      const ids = new Set<IdKey>();
      for (const val of values) for (const id of idx.eq.get(valueKey(val)) ?? []) ids.add(id);
      consider(ids);
    }
  };
  visit(q);
  // a candidate set that is most of the collection is slower than a plain scan
  if (best !== null && (best as Set<IdKey>).size > coll.docs.size / 2) return null;
  return best;
}
