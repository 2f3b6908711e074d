/**
 * Load on the local cloud (issue 12, item 4): 500 distinct cadres check in at the same moment,
 * 100 of them sending the same call twice at once (same `clientId`, as a retrying client). Every
 * call answers `ok` (no `internal` or busy answer reaches a caller: the page would drop that
 * check-in), every cadre's check-in is recorded exactly once, and after the window closes
 * every one of them is settled `present`. The world and the storm are `bench/load.bench.ts`'s.
 */
import { startTestCloud, type TestCloud } from './harness';
import { attendanceGaps, checkinStorm, loadWorld, LOAD_CADRES, LOAD_DUPLICATES, type LoadWorld } from '../bench/load.bench';
import { db, _ } from '../server/platform/cloud';
import { CHECKINS } from '../server/features/checkin/service';

let t: TestCloud;
let world: LoadWorld;
beforeAll(async () => {
  // The SDK warns of every request slower than 3 s, and 600 invocations in one process queue up.
  const warn = console.warn.bind(console);
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('is longer than 3s')) warn(...args);
  });
  t = await startTestCloud();
  world = await loadWorld(t.cloud);
}, 60_000);
afterAll(async () => {
  jest.restoreAllMocks();
  await t.stop();
});

it(`${LOAD_CADRES} concurrent check-ins (${LOAD_DUPLICATES} sent twice at once): none lost, none doubled, attendance whole`, async () => {
  const storm = await checkinStorm(t.cloud, world, 'ci');
  expect(storm.calls).toBe(LOAD_CADRES + LOAD_DUPLICATES);
  expect(storm.errors).toEqual({});
  expect(storm.lost).toBe(0);
  expect(storm.doubled).toBe(0);
  // Exactly one record per cadre in the window, whatever raced.
  const { total } = await db.collection(CHECKINS).where({ personId: _.in(world.cadres.map((c) => c.personId)) }).count();
  expect(total).toBe(LOAD_CADRES);
  // Every call was its own invocation, all in flight together.
  expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  // Slow, never failed: the slowest call still answered well within the api function's 20 s.
  expect(Math.max(...storm.latenciesMs)).toBeLessThan(15_000);

  const gaps = await attendanceGaps(t.cloud, world);
  expect(gaps).toEqual({ missing: 0, statuses: { present: LOAD_CADRES } });
}, 60_000);
