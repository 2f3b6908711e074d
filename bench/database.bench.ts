/**
 * `database`: point reads, indexed queries and single inserts per second through the real
 * `wx-server-sdk` against the local cloud holding 100,000 check-in-like documents, side by side
 * in the same run with the same operations on an in-memory @seald-io/nedb `Datastore`.
 *
 * Each operation is run as a fixed number of sequential calls, once as a warm-up and then
 * RUNS times; the rate is the median of those runs. The SDK path pays for HTTP, EJSON/JSON
 * serialisation and the SDK's own request plumbing on every call; nedb is a plain in-process
 * call, so the ratios say how much of that overhead the local cloud adds, not which engine is
 * faster at matching.
 */
import { db } from '../server/platform/cloud';
import Datastore from '@seald-io/nedb';
import { LocalCloud } from '../localcloud';
import { medianMs, round, type Benchmark, type Figure, prng } from './lib';

const DOCS = 100_000;
const VILLAGES = 500;
const CADRES = 2_000;
const LOAD_BATCH = 200;
const RUNS = 5;
const POINT_READS = 2_000;
const QUERIES = 500;
const INSERTS = 2_000;
const COLLECTION = 'benchDocs';

interface CheckIn {
  village: string;
  cadre: string;
  at: Date;
  lat: number;
  lng: number;
  accuracy: number;
  status: string;
}

const STATUSES = ['ok', 'ok', 'ok', 'ok', 'late', 'outside', 'pending'];
const T0 = Date.parse('2026-01-05T00:00:00+08:00');

function checkIn(rand: () => number): CheckIn {
  const v = Math.floor(rand() * VILLAGES);
  return {
    village: `vil-${v}`,
    cadre: `p-${Math.floor(rand() * CADRES)}`,
    at: new Date(T0 + Math.floor(rand() * 90 * 86_400_000)),
    // Around Guizhou: each village sits near its own point.
    lat: round(26 + (v % 25) * 0.05 + rand() * 0.01, 6),
    lng: round(106 + Math.floor(v / 25) * 0.05 + rand() * 0.01, 6),
    accuracy: round(5 + rand() * 60, 1),
    status: STATUSES[Math.floor(rand() * STATUSES.length)]!,
  };
}

/** Operations per second: `n` sequential calls of `op`, median over RUNS runs after one warm-up. */
async function opsPerSecond(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const ms = await medianMs(RUNS, async () => {
    for (let i = 0; i < n; i++) await op(next++);
  });
  return round(n / (ms / 1000), 1);
}

const SDK_NOTE =
  'localcloud/nedb; the SDK path pays, per call, an HTTP round trip on loopback and JSON/EJSON serialisation both ways (plus the SDK request plumbing), nedb is an in-process call';

const database: Benchmark = {
  name: 'database',
  async run(): Promise<Figure[]> {
    const cloud = await LocalCloud.start({
      port: 0,
      collections: [{ name: COLLECTION, indexes: [{ name: 'village', keys: { village: 1 } }] }],
      log: () => undefined,
    });
    try {
      cloud.applySdkEnv();
      // The backend's own database handle: the real SDK, initialised in server/platform/cloud.ts.
      const coll = db.collection(COLLECTION);

      const nedb = new Datastore<CheckIn>({ inMemoryOnly: true });
      await nedb.ensureIndexAsync({ fieldName: 'village' });

      // Load: the same 100,000 documents into both, in batches. Only the SDK load is reported.
      const rand = prng(20260105);
      const sdkIds: string[] = [];
      const nedbIds: string[] = [];
      const loadStart = performance.now();
      let sdkLoadMs = 0;
      for (let done = 0; done < DOCS; done += LOAD_BATCH) {
        const batch = Array.from({ length: Math.min(LOAD_BATCH, DOCS - done) }, () => checkIn(rand));
        const t0 = performance.now();
        const res = await coll.add({ data: batch });
        sdkLoadMs += performance.now() - t0;
        // wx-server-sdk answers an array add with `_ids` (@cloudbase/node-sdk with `ids`).
        const ids: unknown = res._ids;
        if (!Array.isArray(ids) || ids.length !== batch.length) throw new Error(`batch insert answered ${JSON.stringify(res).slice(0, 200)}`);
        sdkIds.push(...(ids as string[]));
        const inserted = await nedb.insertAsync(batch.map((d) => ({ ...d })));
        nedbIds.push(...inserted.map((d) => d._id as string));
      }
      const totalLoadS = (performance.now() - loadStart) / 1000;
      const count = (await coll.count()).total as number;
      if (count !== DOCS) throw new Error(`local cloud holds ${count} documents, expected ${DOCS}`);

      // The same pseudo-random picks for both engines.
      const pick = prng(7);
      const readAt = Array.from({ length: POINT_READS }, () => Math.floor(pick() * DOCS));
      const villageAt = Array.from({ length: QUERIES }, () => `vil-${Math.floor(pick() * VILLAGES)}`);
      const insertRand = prng(99);
      const toInsert = Array.from({ length: INSERTS }, () => checkIn(insertRand));

      // (1) point read by _id
      const sdkRead = await opsPerSecond(POINT_READS, async (i) => {
        const r = await coll.doc(sdkIds[readAt[i % POINT_READS]!]!).get();
        if (!r.data) throw new Error('point read found nothing');
      });
      const nedbRead = await opsPerSecond(POINT_READS, async (i) => {
        const d = await nedb.findOneAsync({ _id: nedbIds[readAt[i % POINT_READS]!]! });
        if (!d) throw new Error('point read found nothing');
      });

      // (2) indexed query, 100 documents of one village
      const sdkQuery = await opsPerSecond(QUERIES, async (i) => {
        const r = await coll.where({ village: villageAt[i % QUERIES]! }).limit(100).get();
        if (r.data.length === 0) throw new Error('indexed query found nothing');
      });
      const nedbQuery = await opsPerSecond(QUERIES, async (i) => {
        const ds = await nedb.findAsync({ village: villageAt[i % QUERIES]! }).limit(100);
        if (ds.length === 0) throw new Error('indexed query found nothing');
      });

      // (3) single insert
      const sdkInsert = await opsPerSecond(INSERTS, (i) => coll.add({ data: toInsert[i % INSERTS]! }));
      const nedbInsert = await opsPerSecond(INSERTS, (i) => nedb.insertAsync({ ...toInsert[i % INSERTS]! }));

      const setup = `${DOCS.toLocaleString('en')} docs, ${VILLAGES} villages, median of ${RUNS} runs after a warm-up`;
      return [
        { metric: 'load_100k.seconds', value: round(sdkLoadMs / 1000, 2), better: 'lower', note: `SDK add() in batches of ${LOAD_BATCH} (nedb load included: ${round(totalLoadS, 1)} s total)` },
        { metric: 'sdk.point_read.ops_per_s', value: sdkRead, limit: 300, better: 'higher', note: `doc(id).get(), ${POINT_READS} sequential per run; ${setup}` },
        { metric: 'nedb.point_read.ops_per_s', value: nedbRead, better: 'higher', note: 'findOneAsync({ _id })' },
        { metric: 'ratio.point_read', value: round(sdkRead / nedbRead, 4), better: 'higher', note: SDK_NOTE },
        { metric: 'sdk.indexed_query.ops_per_s', value: sdkQuery, better: 'higher', note: `where({ village }).limit(100).get() on an ordinary index, ~${DOCS / VILLAGES} docs per village, ${QUERIES} sequential per run` },
        { metric: 'nedb.indexed_query.ops_per_s', value: nedbQuery, better: 'higher', note: 'findAsync({ village }).limit(100) with ensureIndex on village' },
        { metric: 'ratio.indexed_query', value: round(sdkQuery / nedbQuery, 4), better: 'higher', note: `${SDK_NOTE}; each answer carries 100 documents` },
        { metric: 'sdk.insert.ops_per_s', value: sdkInsert, better: 'higher', note: `add({ data }) of one document, ${INSERTS} sequential per run` },
        { metric: 'nedb.insert.ops_per_s', value: nedbInsert, better: 'higher', note: 'insertAsync of one document (in memory, index on village)' },
        { metric: 'ratio.insert', value: round(sdkInsert / nedbInsert, 4), better: 'higher', note: SDK_NOTE },
      ];
    } finally {
      await cloud.stop();
    }
  },
};

export default database;
