/**
 * `collection.aggregate()…end()` → `database.aggregateDocuments` with
 * `stages: [{ stageKey: '$match', stageValue: '<EJSON>' }, …]`.
 *
 * CloudBase copies: the pipeline is MongoDB's (mingo runs it, with CloudBase's stage set);
 * `$lookup` reads other collections of the same database; `$geoNear` must be the first stage
 * and needs a `2dsphere` index (with several, `key` names the field, as in MongoDB); the
 * answer is `{ data: { list: [EJSON strings] } }`.
 *
 * A leading `$match` is answered by the engine (so it can use an index) before mingo runs the
 * rest; every document that enters mingo is a copy, since some mingo stages edit in place.
 */
import { Aggregator } from 'mingo/aggregator';
import type { Collection, Engine } from './engine';
import { pathValues } from './engine';
import { invalidOperator, invalidParam, requestFailed } from './errors';
import { distanceMeters, findNear, geoContext, geoUses } from './geo';
import { checkQuery } from './limits';
import { idFirst } from './query';
import { Doc, deepClone, isPlainObject, parseEjson } from './values';
import { setValue } from 'mingo/util';

/** Stages the SDK's Aggregate offers (and CloudBase documents). */
export const AGGREGATE_STAGES = new Set([
  '$addFields', '$bucket', '$bucketAuto', '$count', '$facet', '$geoNear', '$group', '$limit',
  '$lookup', '$match', '$project', '$replaceRoot', '$sample', '$skip', '$sort', '$sortByCount',
  '$unwind', '$set', '$unset', '$replaceWith',
]);

export function parseStages(raw: unknown, nowMs: number): Doc[] {
  if (!Array.isArray(raw)) throw invalidParam('stages must be an array');
  return raw.map((s, i) => {
    if (!isPlainObject(s) || typeof s.stageKey !== 'string') throw invalidParam(`stage ${i} must be {stageKey, stageValue}`);
    const key = s.stageKey.startsWith('$') ? s.stageKey : `$${s.stageKey}`;
    if (!AGGREGATE_STAGES.has(key)) throw invalidOperator(`unsupported aggregation stage ${key}`);
    const value = typeof s.stageValue === 'string' ? parseEjson(s.stageValue, nowMs, `stage ${key}`) : s.stageValue;
    if (key === '$geoNear' && i !== 0) throw requestFailed('$geoNear is only valid as the first stage in a pipeline');
    if (key === '$match') checkQuery(value);
    if (key === '$lookup' && isPlainObject(value) && Array.isArray(value.pipeline)) {
      throw invalidOperator('$lookup with a sub-pipeline is not supported; use localField/foreignField');
    }
    return { [key]: value };
  });
}

/**
 * CloudBase answers an aggregation with no `$limit` stage with at most 20 documents, whatever
 * the pipeline yields (seen by its users from cloud functions, though the documents say 100):
 * a pipeline that may yield more must say how many it wants.
 */
export const AGGREGATE_DEFAULT_LIMIT = 20;

export function runAggregate(engine: Engine, coll: Collection, stages: Doc[]): Doc[] {
  const out = pipeline(engine, coll, stages);
  return stages.some((s) => '$limit' in s) ? out : out.slice(0, AGGREGATE_DEFAULT_LIMIT);
}

function pipeline(engine: Engine, coll: Collection, stages: Doc[]): Doc[] {
  let input: Doc[];
  let rest = stages;
  const first = stages[0];
  if (first && '$geoNear' in first) {
    input = geoNear(engine, coll, first.$geoNear);
    rest = stages.slice(1);
  } else if (first && '$match' in first && isPlainObject(first.$match)) {
    const criteria = first.$match;
    requireGeoIndexes(coll, criteria);
    const matched = engine.select(coll, criteria);
    const near = findNear(criteria);
    input = matched.map((r) => deepClone(r.doc));
    if (near) sortByDistance(input, near.path, near.center);
    rest = stages.slice(1);
  } else {
    input = [...coll.docs.values()].map((r) => deepClone(r.doc));
  }
  for (const s of rest) {
    if ('$match' in s) requireGeoIndexes(coll, s.$match);
    if ('$lookup' in s && isPlainObject(s.$lookup)) engine.collection(s.$lookup.from);
  }
  if (rest.length === 0) return input;
  const foreign = new Map<string, Doc[]>();
  const agg = new Aggregator(rest, {
    context: geoContext,
    scriptEnabled: false, // no $function / $accumulator: CloudBase runs no user JavaScript in the database
    collectionResolver: (name: string) => {
      let docs = foreign.get(name);
      if (!docs) {
        docs = [...engine.collection(name).docs.values()].map((r) => deepClone(r.doc));
        foreign.set(name, docs);
      }
      return docs;
    },
  });
  try {
    return (agg.run(input) as Doc[]).map(idFirst);
  } catch (e) {
    if ((e as { code?: string }).code) throw e;
    throw requestFailed(`aggregation failed: ${(e as Error).message}`);
  }
}

/** The geo indexes a query needs (see geo.ts: stricter than MongoDB). */
export function requireGeoIndexes(coll: Collection, criteria: unknown): void {
  for (const { path, op } of geoUses(criteria)) {
    if (!coll.geoFields.has(path)) {
      throw requestFailed(`error processing query: planner returned error :: caused by :: unable to find index for ${op} query on '${path}' of ${coll.name} (a 2dsphere index is required)`);
    }
  }
}

function sortByDistance(docs: Doc[], path: string, center: number[]): void {
  const d = new Map<Doc, number>();
  for (const doc of docs) d.set(doc, distanceMeters(pathValues(doc, path, false)[0], center) ?? Infinity);
  docs.sort((a, b) => d.get(a)! - d.get(b)!);
}

/** MongoDB's `$geoNear` stage (spherical; distances in metres). */
function geoNear(engine: Engine, coll: Collection, spec: unknown): Doc[] {
  if (!isPlainObject(spec)) throw requestFailed('$geoNear needs an object');
  const { near, distanceField, key, query, includeLocs } = spec;
  if (typeof distanceField !== 'string' || !distanceField) throw requestFailed('$geoNear requires a distanceField');
  let field: string;
  if (typeof key === 'string') {
    if (!coll.geoFields.has(key)) throw requestFailed(`$geoNear: no 2dsphere index on '${key}' of ${coll.name}`);
    field = key;
  } else {
    const fields = [...coll.geoFields];
    if (fields.length !== 1) {
      throw requestFailed(fields.length === 0
        ? `$geoNear requires a 2dsphere index; ${coll.name} has none`
        : `$geoNear: more than one 2dsphere index on ${coll.name}, name the field with 'key'`);
    }
    field = fields[0];
  }
  const nearCriteria: Doc = {
    [field]: { $nearSphere: { $geometry: near, $minDistance: spec.minDistance, $maxDistance: spec.maxDistance } },
  };
  const nearSpec = findNear(nearCriteria)!;
  const criteria = isPlainObject(query) ? query : {};
  if (query !== undefined) checkQuery(query);
  const multiplier = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1;
  const out: Array<{ doc: Doc; d: number }> = [];
  const both = Object.keys(criteria).length > 0 ? { $and: [criteria, nearCriteria] } : nearCriteria;
  for (const rec of engine.select(coll, both)) {
    const value = pathValues(rec.doc, field, false)[0];
    const d = distanceMeters(value, nearSpec.center);
    if (d === null) continue;
    const doc = deepClone(rec.doc);
    setValue(doc, distanceField, d * multiplier);
    if (typeof includeLocs === 'string') setValue(doc, includeLocs, deepClone(value));
    out.push({ doc, d });
  }
  out.sort((a, b) => a.d - b.d);
  return out.map((x) => x.doc);
}
