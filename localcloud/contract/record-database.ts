/** Re-recording of the database exchanges: `RECORD_DATABASE=1 npx jest localcloud/contract/database-recordings`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalClock } from '../clock';
import { LocalDatabase } from '../database';
import { CONTRACT_COLLECTIONS } from './contract-collections';
import { RECORDINGS_DIR, SCENARIOS, SDK_VERSION, type DbRecording, outcome, startRecorder } from './database-recording';

/**
 * Record `recordings/database-*.json` afresh from the local cloud's database: each scenario runs
 * through the real SDK (handed in by the test file that requires it) against a fresh in-memory
 * database with a frozen clock; its requests, answers and result are written down.
 */
export async function recordDatabase(loadSdk: () => any): Promise<void> {
  const clock = new LocalClock();
  clock.set('2026-01-05T01:00:00.000Z', { frozen: true });
  const database = new LocalDatabase({ clock, collections: CONTRACT_COLLECTIONS });
  await database.open();
  const recorder = await startRecorder((action, params, headers) => database.handle({ action, params, raw: Buffer.alloc(0), headers }));
  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: recorder.url }),
    TENCENTCLOUD_SECRETID: 'localcloud',
    TENCENTCLOUD_SECRETKEY: 'localcloud',
    TENCENTCLOUD: 'true',
    TCB_ENV: 'local',
  });
  delete process.env.TENCENTCLOUD_RUNENV;
  const sdk = loadSdk();
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
  const db = sdk.database();
  for (const s of SCENARIOS) {
    await database.reset();
    recorder.exchanges.length = 0;
    const expected = await outcome(() => s.run({ db, _: db.command, $: db.command.aggregate }));
    const rec: DbRecording = { name: s.name, sdk: SDK_VERSION, description: s.description, exchanges: [...recorder.exchanges], expected };
    writeFileSync(join(RECORDINGS_DIR, `${s.name}.json`), `${JSON.stringify(rec, null, 2)}\n`);
    process.stdout.write(`${s.name}: ${rec.exchanges.length} exchange(s)\n`);
  }
  await recorder.stop();
  await database.close();
}

