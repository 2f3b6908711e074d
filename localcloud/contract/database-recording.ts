/**
 * Recorded request/answer pairs of the database protocol (`recordings/database-*.json`), which
 * pin the internal protocol to wx-server-sdk@4.0.2: replaying one checks that the SDK still
 * sends exactly the recorded requests, and still accepts the recorded answers with the recorded
 * result (database-recordings.test.ts). `npx tsx localcloud/contract/record-database.ts`
 * records them again from the local cloud.
 *
 * Normalised away: the `seqId` query parameter, timestamps, the TC3 signature and its date (the
 * signed parameter names stay), host and connection headers. Everything else in a request body
 * is deterministic once the answers are replayed (generated `_id`s and transaction ids come
 * from the answers).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { AdminAnswer } from '../service';

export const RECORDINGS_DIR = join(__dirname, 'recordings');
export const SDK_VERSION = 'wx-server-sdk@4.0.2 (@cloudbase/node-sdk@3.17.2, @cloudbase/database@1.4.3)';

export interface DbRequest {
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface DbExchange {
  request: DbRequest;
  answer: { status: number; json: unknown };
}

export type Outcome = { result: unknown } | { error: { errCode: unknown; errMsg: unknown; code?: unknown } };

export interface DbRecording {
  name: string;
  sdk: string;
  description: string;
  exchanges: DbExchange[];
  expected: Outcome;
}

export interface SdkDb {
  db: any;
  _: any;
  $: any;
}

export interface Scenario {
  name: string;
  description: string;
  run(api: SdkDb): Promise<unknown>;
}

const when = new Date('2026-01-05T01:00:00.000Z');

/** Representative calls: every action, the common operators, values and errors. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'database-add-one',
    description: 'collection.add of one document with a Date, a Geo.Point, serverDate, nested values',
    run: ({ db }) => db.collection('items').add({ data: { title: '巡查', n: 1, f: 1.5, when, loc: db.Geo.Point(113.3, 23.1), at: db.serverDate({ offset: 1000 }), tags: ['a'], o: { p: true, q: null } } }),
  },
  {
    name: 'database-add-many',
    description: 'collection.add of an array, one with a given _id',
    run: ({ db }) => db.collection('items').add({ data: [{ _id: 'fixed', k: 1 }, { k: 2 }] }),
  },
  {
    name: 'database-get-where',
    description: 'where with a nested object, a RegExp, in, gt/lt chain, orderBy twice, skip, limit, field',
    async run({ db, _ }) {
      await db.collection('items').add({ data: [{ _id: 'a', city: 'x', n: 1, addr: { town: 't' } }, { _id: 'b', city: 'y', n: 5, addr: { town: 't' } }, { _id: 'c', city: 'xy', n: 9, addr: { town: 't' } }] });
      return db.collection('items')
        .where({ addr: { town: 't' }, city: /^x/, n: _.gt(0).and(_.lt(10)), _id: _.in(['a', 'b', 'c']) })
        .orderBy('n', 'desc').orderBy('city', 'asc').skip(0).limit(5).field({ city: true, n: true })
        .get();
    },
  },
  {
    name: 'database-get-default-limit',
    description: 'collection.get without where or limit (the SDK sends limit 100)',
    run: ({ db }) => db.collection('items').get(),
  },
  {
    name: 'database-count-or',
    description: 'count with _.or, exists, neq, nin',
    async run({ db, _ }) {
      await db.collection('items').add({ data: [{ n: 1 }, { n: 2, x: 1 }, { n: 3 }] });
      return db.collection('items').where(_.or([{ n: _.nin([1, 2]) }, { x: _.exists(true), n: _.neq(1) }])).count();
    },
  },
  {
    name: 'database-doc-get-set-update-remove',
    description: 'doc().set (upsert), doc().update with operators, doc().get with field, doc().remove',
    async run({ db, _ }) {
      const doc = db.collection('items').doc('d1');
      const set = await doc.set({ data: { n: 1, list: [3, 1], o: { p: 1 } } });
      const update = await doc.update({ data: { n: _.inc(2), list: _.push({ each: [5, 4], sort: 1, slice: 3 }), 'o.q': 2, gone: _.remove(), m: _.max(7) } });
      const got = await doc.field({ n: true, list: true, o: true }).get();
      const removed = await doc.remove();
      return { set, update, got, removed };
    },
  },
  {
    name: 'database-where-update-remove',
    description: 'where().update (multi) and where().remove',
    async run({ db, _ }) {
      await db.collection('items').add({ data: [{ city: 'a' }, { city: 'a' }, { city: 'b' }] });
      const update = await db.collection('items').where({ city: 'a' }).update({ data: { seen: true, tags: _.addToSet('x') } });
      const remove = await db.collection('items').where({ city: _.eq('b') }).remove();
      return { update, remove };
    },
  },
  {
    name: 'database-geo-near',
    description: '_.geoNear on a 2dsphere-indexed field: $nearSphere with $geometry, $maxDistance, $minDistance',
    async run({ db, _ }) {
      await db.collection('places').add({ data: [{ _id: 'p0', loc: db.Geo.Point(0, 0) }, { _id: 'p1', loc: db.Geo.Point(0.001, 0) }] });
      return db.collection('places').where({ loc: _.geoNear({ geometry: db.Geo.Point(0.0009, 0), maxDistance: 500, minDistance: 0 }) }).get();
    },
  },
  {
    name: 'database-aggregate',
    description: 'aggregate: match, lookup, unwind, group with accumulators, sort, project',
    async run({ db, _, $ }) {
      await db.collection('items').add({ data: [{ _id: 'i1', city: 'a' }, { _id: 'i2', city: 'b' }] });
      await db.collection('orders').add({ data: [{ item: 'i1', qty: 2 }, { item: 'i1', qty: 3 }, { item: 'i2', qty: 1 }] });
      return db.collection('items').aggregate()
        .match({ city: _.in(['a', 'b']) })
        .lookup({ from: 'orders', localField: '_id', foreignField: 'item', as: 'orders' })
        .unwind('$orders')
        .group({ _id: '$city', qty: $.sum('$orders.qty'), n: $.sum(1) })
        .sort({ _id: 1 })
        .project({ qty: 1, n: 1 })
        .end();
    },
  },
  {
    name: 'database-transaction',
    description: 'runTransaction: startTransaction, get and update inside, commit',
    async run({ db }) {
      await db.collection('counters').add({ data: { _id: 'c', n: 1 } });
      const result = await db.runTransaction(async (tx: any) => {
        const c = await tx.collection('counters').doc('c').get();
        await tx.collection('counters').doc('c').update({ data: { n: c.data.n + 1 } });
        await tx.collection('counters').add({ data: { _id: 'log1', from: c.data.n } });
        return c.data.n;
      });
      return { result, after: await db.collection('counters').doc('c').get() };
    },
  },
  {
    name: 'database-error-collection-not-exist',
    description: 'a get on a collection that does not exist',
    run: ({ db }) => db.collection('missing').where({ a: 1 }).get(),
  },
  {
    name: 'database-error-duplicate-key',
    description: 'add breaking a unique index',
    async run({ db }) {
      await db.collection('people').add({ data: { phone: '1', orgId: 'o', code: 'a' } });
      return db.collection('people').add({ data: { phone: '1', orgId: 'o', code: 'b' } });
    },
  },
  {
    name: 'database-create-collection',
    description: 'db.createCollection',
    run: ({ db }) => db.createCollection('made_here'),
  },
];

/** Values made comparable as JSON (dates, SDK geo objects, errors). */
export function plain(v: unknown): unknown {
  if (v instanceof Date) return { $date: v.toISOString() };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown> & { toJSON?: () => unknown };
    if (typeof o.toJSON === 'function' && Object.getPrototypeOf(o) !== Object.prototype) return { $sdk: o.toJSON() };
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      if (k === 'requestId' || o[k] === undefined) continue;
      out[k] = plain(o[k]);
    }
    return out;
  }
  return v;
}

export async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { result: plain(await run()) };
  } catch (e) {
    const err = e as { errCode?: unknown; errMsg?: unknown; code?: unknown; message?: unknown };
    return { error: { errCode: err.errCode, errMsg: err.errMsg ?? err.message, ...(err.code !== undefined ? { code: err.code } : {}) } };
  }
}

const HEADERS = ['content-type', 'user-agent', 'x-sdk-version', 'x-tcb-source', 'authorization', 'x-signature-expires'];

export function normaliseRequest(url: string, headers: IncomingHttpHeaders, raw: Buffer): DbRequest {
  const u = new URL(url, 'http://x');
  u.searchParams.delete('seqId');
  const out: DbRequest = { path: `${u.pathname}?${u.searchParams.toString()}`, headers: {}, body: JSON.parse(raw.toString('utf8')) };
  for (const name of HEADERS) {
    const v = headers[name];
    if (typeof v !== 'string') continue;
    out.headers[name] = name === 'authorization'
      ? v.replace(/\/\d{4}-\d{2}-\d{2}\//, '/<date>/').replace(/Signature=[0-9a-f]+/, 'Signature=<signature>')
      : v;
  }
  return out;
}

export interface ExchangeServer {
  url: string;
  exchanges: DbExchange[];
  mismatches: string[];
  stop(): Promise<void>;
}

async function serve(handler: (req: DbRequest) => Promise<{ status: number; json: unknown }>): Promise<ExchangeServer> {
  const exchanges: DbExchange[] = [];
  const mismatches: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const request = normaliseRequest(req.url ?? '/', req.headers, Buffer.concat(chunks));
        const answer = await handler(request);
        exchanges.push({ request, answer });
        const text = JSON.stringify(answer.json);
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      })().catch((e: unknown) => {
        mismatches.push(String(e));
        res.writeHead(500).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`,
    exchanges,
    mismatches,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A server that passes every request to `handle` (the local database) and keeps the exchanges. */
export function startRecorder(handle: (action: string, params: Record<string, unknown>, headers: IncomingHttpHeaders) => Promise<AdminAnswer>): Promise<ExchangeServer> {
  return serve(async (request) => {
    const params = request.body as Record<string, unknown>;
    const answer = await handle(String(params.action), params, request.headers);
    return { status: answer.status ?? 200, json: answer.body };
  });
}

/** A server that checks each request against the recording and answers the recorded answer. */
export function startReplayer(rec: DbRecording): Promise<ExchangeServer> {
  let i = 0;
  let server: ExchangeServer | undefined;
  const started = serve(async (request) => {
    const expected = rec.exchanges[i++];
    if (!expected) {
      server?.mismatches.push(`request ${i} was not recorded: ${JSON.stringify(request)}`);
      return { status: 500, json: {} };
    }
    if (!isDeepStrictEqual(request, expected.request)) {
      server?.mismatches.push(`request ${i} differs:\n  sent     ${JSON.stringify(request)}\n  recorded ${JSON.stringify(expected.request)}`);
    }
    return expected.answer;
  });
  return started.then((s) => (server = s));
}
