/**
 * The crash fault (crash.ts): an invocation killed after its k-th billed write keeps those
 * writes, sends nothing more, answers nothing, and leaves no transaction holding locks.
 */
import { FunctionCrashError, LocalCloud } from '../index';

let cloud: LocalCloud;
let sdk: any;
beforeAll(async () => {
  cloud = await LocalCloud.start({
    port: 0,
    log: () => undefined,
    collections: [{ name: 'things' }],
    functions: [
      {
        name: 'three',
        config: { timeout: 10 },
        // Three writes, then one in a transaction, then a read: the answer lists what it saw.
        load: () => ({
          main: async (event: any) => {
            const db = sdk.database();
            const things = db.collection('things');
            const seen: string[] = [];
            try {
              await things.add({ data: { _id: `${event.tag}-1`, n: 1 } });
              seen.push('1');
              await things.doc(`${event.tag}-1`).update({ data: { n: 2 } });
              seen.push('2');
              await things.add({ data: { _id: `${event.tag}-3`, n: 3 } });
              seen.push('3');
              await db.runTransaction(async (tx: any) => {
                await tx.collection('things').doc(`${event.tag}-1`).update({ data: { n: 4 } });
                await tx.collection('things').add({ data: { _id: `${event.tag}-5`, n: 5 } });
              });
              seen.push('tx');
            } catch (err) {
              // Code that swallows the failure still answers nothing, and writes nothing more.
              if (!event.swallow) throw err;
              await things.add({ data: { _id: `${event.tag}-after`, n: 0 } }).catch(() => undefined);
            }
            return { seen, count: (await things.where({ n: db.command.gte(0) }).count()).total };
          },
        }),
      },
    ],
  });
  cloud.applySdkEnv();
  sdk = require('wx-server-sdk');
  sdk.init({ env: cloud.envId });
});
afterAll(() => cloud.stop());

const ids = async (tag: string) => {
  const { data } = await sdk.database().collection('things').where({ _id: sdk.database().RegExp({ regexp: `^${tag}-` }) }).get();
  return Object.fromEntries((data as { _id: string; n: number }[]).map((d) => [d._id, d.n]));
};
const crashOf = async (p: Promise<unknown>): Promise<FunctionCrashError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof FunctionCrashError) return e;
    throw e;
  }
  throw new Error('the invocation finished instead of crashing');
};

it('is off by default: the function makes its five writes and answers', async () => {
  const { result, invocation } = await cloud.functions.invoke('three', { tag: 'a' });
  expect(result).toEqual({ seen: ['1', '2', '3', 'tx'], count: 3 });
  expect(invocation.ops.writes).toBe(5);
  expect(await ids('a')).toEqual({ 'a-1': 4, 'a-3': 3, 'a-5': 5 });
});

it.each([0, 1, 2, 3])('killed after %i write(s): those stay, nothing after them happens, no answer', async (k) => {
  const tag = `k${k}`;
  const err = await crashOf(cloud.functions.invoke('three', { tag }, {}, { crashAfterWrites: k }));
  expect(err.code).toBe('FUNCTION_CRASHED');
  expect(err.writes).toBe(k);
  expect(err.invocation?.ops.writes).toBe(k);
  const expected = [{}, { [`${tag}-1`]: 1 }, { [`${tag}-1`]: 2 }, { [`${tag}-1`]: 2, [`${tag}-3`]: 3 }][k];
  expect(await ids(tag)).toEqual(expected);
});

it('a write inside a transaction that dies is never committed, and its locks are released at once', async () => {
  // Four: the first write of the transaction was served, the second was not, the commit never sent.
  await crashOf(cloud.functions.invoke('three', { tag: 'tx' }, {}, { crashAfterWrites: 4 }));
  expect(await ids('tx')).toEqual({ 'tx-1': 2, 'tx-3': 3 });
  expect(cloud.database.openTransactions).toBe(0);
  // The document the transaction had locked is free for the next call.
  const t0 = Date.now();
  await sdk.database().collection('things').doc('tx-1').update({ data: { n: 9 } });
  expect(Date.now() - t0).toBeLessThan(1000);
});

it('code that catches the failure still answers nothing and writes nothing more', async () => {
  await crashOf(cloud.functions.invoke('three', { tag: 's', swallow: true }, {}, { crashAfterWrites: 2 }));
  expect(await ids('s')).toEqual({ 's-1': 2 });
});

it('an invocation with no more writes than allowed finishes normally; the fault is gone afterwards', async () => {
  const { result } = await cloud.functions.invoke('three', { tag: 'n' }, {}, { crashAfterWrites: 5 });
  expect(result).toEqual({ seen: ['1', '2', '3', 'tx'], count: expect.any(Number) });
  await crashOf(cloud.functions.invoke('three', { tag: 'm' }, {}, { crashAfterWrites: 1 }));
  const { result: again } = await cloud.functions.invoke('three', { tag: 'm2' });
  expect((again as { seen: string[] }).seen).toEqual(['1', '2', '3', 'tx']);
});

it('must run alone', async () => {
  const running = cloud.functions.invoke('three', { tag: 'c1' });
  await expect(cloud.functions.invoke('three', { tag: 'c2' }, {}, { crashAfterWrites: 1 })).rejects.toThrow(/must run alone/);
  await running;
  const armed = cloud.functions.invoke('three', { tag: 'c3' }, {}, { crashAfterWrites: 1 });
  await expect(cloud.functions.invoke('three', { tag: 'c4' })).rejects.toThrow(/must run alone/);
  await crashOf(armed);
  await expect(cloud.functions.invoke('three', { tag: 'c5' }, {}, { crashAfterWrites: -1 })).rejects.toThrow(/whole number/);
});
