/**
 * The child process of crash.test.ts: writes to a LocalDatabase in `argv[2]` in a loop, as the
 * SDK would (single inserts, increments, transactions), and prints one line per acknowledged
 * write, until it is killed. A small compaction threshold makes snapshots happen mid-run too.
 *
 *   npx tsx localcloud/database/crash-writer.ts <dataDir>
 */
import { LocalClock } from '../clock';
import type { AdminRequest } from '../service';
import { LocalDatabase } from './index';

export const CRASH_COLLECTIONS = [{ name: 'w', indexes: [{ name: 'i_unique', keys: { i: 1 as const }, unique: true }] }, { name: 'c' }];

function req(action: string, params: Record<string, unknown>): AdminRequest {
  return { action, params: { ...params, action }, raw: Buffer.alloc(0), headers: {} };
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: crash-writer <dataDir>');
  const db = new LocalDatabase({ clock: new LocalClock(), collections: CRASH_COLLECTIONS, dataDir, compactBytes: 64 * 1024 });
  await db.open();
  const ok = (a: { body: unknown }): void => {
    const b = a.body as { code?: string; message?: string };
    if (b.code) throw new Error(`${b.code}: ${b.message}`);
  };
  ok(await db.handle(req('database.modifyDocument', { collectionName: 'c', query: '{"_id":"counter"}', data: '{"n":{"$numberInt":"0"}}', merge: false, upsert: true })));
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    ok(await db.handle(req('database.insertDocument', { collectionName: 'w', data: [JSON.stringify({ _id: `w${i}`, i: { $numberInt: String(i) }, pad: 'x'.repeat(200) })] })));
    process.stdout.write(`doc w${i}\n`);
    if (i % 5 === 0) {
      ok(await db.handle(req('database.modifyDocument', { collectionName: 'c', query: '{"_id":"counter"}', data: '{"$inc":{"n":{"$numberInt":"1"}}}', merge: true, multi: false })));
      process.stdout.write('inc\n');
    }
    if (i % 7 === 0) {
      const start = await db.handle(req('database.startTransaction', {}));
      const transactionId = (start.body as { transactionId: string }).transactionId;
      ok(await db.handle(req('database.insertDocument', { collectionName: 'w', transactionId, data: [JSON.stringify({ _id: `t${i}`, i: { $numberInt: String(-i - 1) } })] })));
      ok(await db.handle(req('database.modifyDocument', { collectionName: 'c', transactionId, query: '{"_id":"counter"}', data: '{"$set":{"lastTx":"t' + i + '"}}', merge: true, multi: false })));
      ok(await db.handle(req('database.commitTransaction', { transactionId })));
      process.stdout.write(`tx t${i}\n`);
    }
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}
