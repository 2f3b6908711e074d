/**
 * Replays the recorded database exchanges (recordings/database-*.json) against the real
 * wx-server-sdk: for each scenario the SDK must send exactly the recorded requests and, fed the
 * recorded answers, produce exactly the recorded result. This pins the local cloud's database
 * protocol to wx-server-sdk@4.0.2; a new SDK version that changes either shows here first.
 * `RECORD_DATABASE=1 npx jest localcloud/contract/database-recordings` records them afresh (run once more to replay what was recorded).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RECORDINGS_DIR, SCENARIOS, type DbRecording, outcome, startReplayer } from './database-recording';
import { recordDatabase } from './record-database';

const read = () => readdirSync(RECORDINGS_DIR).filter((f) => f.startsWith('database-') && f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(RECORDINGS_DIR, f), 'utf8')) as DbRecording);
let recordings = read();

if (process.env.RECORD_DATABASE === '1') {
  beforeAll(async () => {
    await recordDatabase(() => require('wx-server-sdk'));
    recordings = read();
  });
}

let sdk: any;

beforeAll(() => {
  Object.assign(process.env, {
    TENCENTCLOUD_SECRETID: 'localcloud',
    TENCENTCLOUD_SECRETKEY: 'localcloud',
    TENCENTCLOUD: 'true',
    TCB_ENV: 'local',
  });
  delete process.env.TENCENTCLOUD_RUNENV; // recorded with the SDK outside a function (its X-TCB-Source says so)
  sdk = require('wx-server-sdk');
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
});

it('has one recording per scenario, and no other', () => {
  expect(recordings.map((r) => r.name).sort()).toEqual(SCENARIOS.map((s) => s.name).sort());
  expect(recordings.length).toBeGreaterThanOrEqual(10);
});

describe.each(recordings.map((r) => [r.name, r] as const))('%s', (_name, rec) => {
  it('sends the recorded requests and turns the recorded answers into the recorded result', async () => {
    const scenario = SCENARIOS.find((s) => s.name === rec.name)!;
    const replayer = await startReplayer(rec);
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: replayer.url });
    try {
      const db = sdk.database();
      const got = await outcome(() => scenario.run({ db, _: db.command, $: db.command.aggregate }));
      expect(replayer.mismatches).toEqual([]);
      expect(replayer.exchanges).toHaveLength(rec.exchanges.length);
      expect(got).toEqual(rec.expected);
    } finally {
      await replayer.stop();
    }
  });
});
