/**
 * A function killed in the middle of a multi-document write (issue 12, item 4): on retry the
 * result is whole. For every case of test/faults.cases.ts (every action that writes more than
 * one document, as test/matrix.test.ts finds them):
 *
 * 1. set the case up, and snapshot the database (every collection, through the SDK);
 * 2. run the call uncrashed: it answers `ok` after W ≥ 2 billed writes; snapshot the result;
 * 3. for every k from 1 to W − 1: back to the set-up state, run the call killed after its k-th
 *    write (the local cloud's crash fault: those writes stay, nothing after them happens, no
 *    answer), then retry the same call (same caller, same input, same clientId) with the fault
 *    off: it must answer `ok`, and every collection must hold what the uncrashed run left —
 *    nothing half-applied (an approval without its next step, a complaint between two steps),
 *    nothing doubled.
 *
 * The clock stays frozen, so times are equal; generated ids (random hex) are the only thing
 * compared loosely.
 */
import { functionOf } from '../miniprogram/api/routes';
import { startTestCloud, type TestCloud } from './harness';
import { seedDemo } from '../scripts/demo/seed';
import { FunctionCrashError } from '../localcloud';
import { db, _ } from '../server/platform/cloud';
import { FAULT_CASES, type FaultCall } from './faults.cases';

type Snapshot = Map<string, any[]>;

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  await seedDemo({ complaints: true });
}, 60_000);
afterAll(() => t.stop());

/** Every document of every collection, in `_id` order. */
async function snapshot(): Promise<Snapshot> {
  const names = t.cloud.database.collectionNames().sort();
  const all = await Promise.all(
    names.map(async (name) => {
      const docs: unknown[] = [];
      for (;;) {
        const { data } = await db.collection(name).orderBy('_id', 'asc').skip(docs.length).limit(1000).get();
        docs.push(...data);
        if (data.length < 1000) break;
      }
      return [name, docs] as const;
    }),
  );
  return new Map(all);
}

const text = (docs: unknown[] | undefined) => JSON.stringify(docs ?? []);

/** Put back every collection that differs from `to` (remove all, add its documents). */
async function restore(to: Snapshot): Promise<void> {
  const now = await snapshot();
  for (const name of new Set([...now.keys(), ...to.keys()])) {
    if (text(now.get(name)) === text(to.get(name))) continue;
    if (now.get(name)?.length) await db.collection(name).where({ _id: _.exists(true) }).remove();
    const docs = (to.get(name) ?? []) as { _id: string }[];
    for (let i = 0; i < docs.length; i += 1000) await db.collection(name).add({ data: docs.slice(i, i + 1000) });
  }
  const after = await snapshot();
  for (const name of to.keys()) if (text(after.get(name)) !== text(to.get(name))) throw new Error(`could not restore ${name}`);
}

/** A document as compared: generated ids and salts (12+ hex digits) blanked. */
const normal = (doc: unknown) => JSON.stringify(doc).replace(/[0-9a-f]{12,}/g, '#');

/** Where `got` differs from `want`: per collection, documents only in one of them. */
function differences(want: Snapshot, got: Snapshot): string[] {
  const out: string[] = [];
  for (const name of new Set([...want.keys(), ...got.keys()])) {
    const a = (want.get(name) ?? []).map(normal).sort();
    const b = (got.get(name) ?? []).map(normal).sort();
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const onlyA = a.filter((x) => !b.includes(x));
    const onlyB = b.filter((x) => !a.includes(x));
    out.push(`${name}: ${a.length} documents expected, ${b.length} found; expected but missing ${JSON.stringify(onlyA.slice(0, 2))}; found but unexpected ${JSON.stringify(onlyB.slice(0, 2))}`);
  }
  return out;
}

const invoke = (c: FaultCall, action: string, crashAfterWrites?: number) =>
  t.cloud.functions.invoke(c.fn ?? functionOf(action), { action, input: c.input }, { openid: c.openid }, crashAfterWrites === undefined ? {} : { crashAfterWrites });

const cases = Object.entries(FAULT_CASES).flatMap(([action, list]) => list.map((prepare, i) => ({ label: list.length > 1 ? `${action} #${i + 1}` : action, action, prepare })));

it('covers some actions', () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
});

describe.each(cases)('$label', ({ action, prepare }) => {
  it('killed after each of its writes, then retried, ends exactly as an uncrashed call', async () => {
    const c = await prepare(t);
    const before = await snapshot();
    const { result, invocation } = await invoke(c, action);
    if (!(result as { ok?: boolean }).ok) throw new Error(`the uncrashed call answered ${JSON.stringify(result)}`);
    const writes = invocation.ops.writes;
    // A case that writes once tests nothing here: it must reach the multi-write path.
    expect(writes).toBeGreaterThanOrEqual(2);
    const settle = c.settle ?? ((s: Snapshot) => s);
    const whole = settle(await snapshot());

    const problems: string[] = [];
    for (let k = 1; k < writes; k++) {
      await restore(before);
      let crashed: unknown;
      try {
        await invoke(c, action, k);
      } catch (err) {
        crashed = err;
      }
      if (!(crashed instanceof FunctionCrashError)) {
        problems.push(`after ${k}: the call was not killed (${String(crashed ?? 'it finished')})`);
        continue;
      }
      const retry = await invoke(c, action);
      if (!(retry.result as { ok?: boolean }).ok) problems.push(`after ${k}: the retry answered ${JSON.stringify(retry.result)}`);
      for (const d of differences(whole, settle(await snapshot()))) problems.push(`after ${k}: ${d}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
