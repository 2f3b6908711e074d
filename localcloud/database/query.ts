/**
 * `where(…).orderBy(…).skip(…).limit(…).field(…).get()` and `count()`.
 *
 * CloudBase copies: the query is MongoDB's (mingo evaluates it, with the geo operators of geo.ts);
 * `orderBy` calls arrive as one `order` object in call order; `field()` is a MongoDB projection
 * (`_id` included unless excluded); a `$nearSphere` query returns nearest first unless an
 * order is given; without `orderBy` documents come in natural (insertion) order.
 */
import { find as mingoFind } from 'mingo';
import type { Collection, Engine } from './engine';
import { pathValues } from './engine';
import { requestFailed } from './errors';
import { distanceMeters, findNear } from './geo';
import { Doc } from './values';

export interface FindSpec {
  criteria: Doc;
  order?: Record<string, 1 | -1>;
  offset: number;
  limit: number;
  projection?: Doc;
}

export function find(engine: Engine, coll: Collection, spec: FindSpec): Doc[] {
  const near = findNear(spec.criteria);
  const hasOrder = spec.order && Object.keys(spec.order).length > 0;
  // Ordered by `_id` alone (keyset paging): walk the ids in order, as an index on _id would.
  const keys = hasOrder ? Object.keys(spec.order!) : [];
  if (!near && keys.length === 1 && keys[0] === '_id') {
    const byId = engine.selectInIdOrder(coll, spec.criteria, spec.order!._id === -1 ? -1 : 1, spec.offset + spec.limit);
    if (byId) {
      return projectAll(byId.slice(spec.offset).map((r) => r.doc), spec.projection);
    }
  }
  // in natural order only the first offset + limit matches are needed
  const records = engine.select(coll, spec.criteria, near || hasOrder ? Infinity : spec.offset + spec.limit);
  let docs = records.map((r) => r.doc);
  if (near) {
    const dist = new Map<Doc, number>();
    for (const d of docs) dist.set(d, distanceMeters(pathValues(d, near.path, false)[0], near.center) ?? Infinity);
    docs = docs.slice().sort((a, b) => dist.get(a)! - dist.get(b)!);
  }
  let page: Doc[];
  if (!hasOrder) page = docs.slice(spec.offset, spec.offset + spec.limit);
  else {
    try {
      page = mingoFind(docs, {}).sort(spec.order!).skip(spec.offset).limit(spec.limit).all() as Doc[];
    } catch (e) {
      throw requestFailed((e as Error).message);
    }
  }
  return projectAll(page, spec.projection);
}

/**
 * A projection that only includes top-level fields (`{ name: true, grants: 1 }`, with `_id`
 * kept or left out): the fields the document has, in its order, `_id` first, as MongoDB answers.
 * The common case, done without mingo (whose general machinery was a large share of big reads).
 */
function topLevelInclusion(projection: Doc): { id: boolean; fields: Set<string> } | null {
  let id = true;
  const fields = new Set<string>();
  for (const [k, v] of Object.entries(projection)) {
    if (k === '_id') {
      if (v === 0 || v === false) id = false;
      else if (v !== 1 && v !== true) return null;
      continue;
    }
    if (k.includes('.') || k.startsWith('$') || (v !== 1 && v !== true)) return null;
    fields.add(k);
  }
  return fields.size ? { id, fields } : null;
}

/** A projection over a page of documents, compiled once. */
function projectAll(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || docs.length === 0) return docs;
  const simple = topLevelInclusion(projection);
  if (simple) {
    return docs.map((doc) => {
      const out: Doc = {};
      if (simple.id && '_id' in doc) out._id = doc._id;
      for (const k of Object.keys(doc)) if (k !== '_id' && simple.fields.has(k)) out[k] = doc[k];
      return out;
    });
  }
  let out: Doc[];
  try {
    out = mingoFind(docs, {}, projection as never).all() as Doc[];
  } catch (e) {
    throw requestFailed((e as Error).message);
  }
  return out.map((d, i) => inDocumentOrder(d, docs[i]!));
}

/** Apply a projection to one document (MongoDB's rules, mingo's implementation). */
export function project(doc: Doc, projection: Doc | undefined): Doc {
  if (!projection) return doc;
  let out: Doc;
  try {
    out = mingoFind([doc], {}, projection as never).all()[0] as Doc;
  } catch (e) {
    throw requestFailed((e as Error).message);
  }
  return inDocumentOrder(out, doc);
}

/** MongoDB keeps a projected document's fields in the document's order (`_id` first). */
function inDocumentOrder(projected: Doc, original: Doc): Doc {
  const out: Doc = {};
  if ('_id' in projected) out._id = projected._id;
  for (const k of Object.keys(original)) if (k !== '_id' && k in projected) out[k] = projected[k];
  for (const k of Object.keys(projected)) if (!(k in out)) out[k] = projected[k];
  return out;
}

/** MongoDB returns `_id` as the first field of a computed document. */
export function idFirst(doc: Doc): Doc {
  if (!doc || !('_id' in doc)) return doc;
  const out: Doc = { _id: doc._id };
  for (const k of Object.keys(doc)) if (k !== '_id') out[k] = doc[k];
  return out;
}
