/**
 * `cloud.getOpenData` end to end: hosted functions call the real wx-server-sdk (directly, and
 * through `server/platform/cloud.ts`), which sends the invocation's `WX_API_TOKEN`; the local
 * cloud decodes each cloudID for the caller that token stands for.
 */
import { LocalCloud } from '../index';

type Platform = typeof import('../../server/platform/cloud');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Results of the invocations started from inside another (see 'server'). */
const intruders: Promise<unknown>[] = [];

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.start({
    port: 0,
    log: () => undefined,
    functions: [
      {
        name: 'raw',
        // The SDK's own getOpenData, as any CloudBase function would call it.
        load: () => ({
          main: async (event: any) => {
            const sdk = require('wx-server-sdk');
            sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
            const pending = sdk.getOpenData({ list: event.list });
            // What happens to the variable after the call, before the SDK sends (see the test).
            if (event.after !== undefined) process.env.WX_API_TOKEN = event.after;
            try {
              return await pending;
            } catch (e: any) {
              return { thrown: { errCode: e.errCode, errMsg: e.errMsg } };
            }
          },
        }),
      },
      {
        name: 'server',
        // The backend's way: wxContext() at the top of the entry, openData() later.
        load: () => {
          const platform: Platform = require('../../server/platform/cloud');
          return {
            main: async (event: any) => {
              const wx = platform.wxContext();
              await sleep(event.wait ?? 0);
              const pending = platform.openData(event.list);
              // Another invocation starts (and asks) before this one's request is sent.
              if (event.intrude) setImmediate(() => intruders.push(cloud.functions.invoke('server', { list: event.intrude }, { openid: 'o-intruder' }).then((r) => r.result)));
              const list = await pending;
              // A second call, later in the same invocation, still goes as this caller.
              const again = event.again ? await platform.openData(event.again) : undefined;
              return { openid: wx.OPENID, list, ...(again ? { again } : {}) };
            },
          };
        },
      },
    ],
  });
});
afterAll(() => cloud.stop());
afterEach(() => cloud.clock.reset());

const run = async (fn: string, event: unknown, openid?: string): Promise<any> => (await cloud.functions.invoke(fn, event, { openid })).result;

it("answers the SDK's getOpenData with { list: [{ cloudID, data }], errMsg, errCode }", async () => {
  const id = cloud.functions.issueCloudId('o-1', { opengid: 'G-village-1' });
  expect(await run('raw', { list: [id] }, 'o-1')).toEqual({ list: [{ cloudID: id, data: { opengid: 'G-village-1' } }], errMsg: 'getOpenData:ok', errCode: 0 });
});

it("reports another user's, a forged and an expired cloudID per item", async () => {
  const own = cloud.functions.issueCloudId('o-1', { opengid: 'G-1' });
  const other = cloud.functions.issueCloudId('o-2', { opengid: 'G-2' });
  const [p, , sig] = own.split('.');
  const forged = `${p}.${Buffer.from(JSON.stringify({ o: 'o-1', d: { opengid: 'G-x' }, e: Date.now() * 2 })).toString('base64url')}.${sig}`;
  const res = await run('raw', { list: [own, other, forged] }, 'o-1');
  expect(res.list).toEqual([
    { cloudID: own, data: { opengid: 'G-1' } },
    { cloudID: other, errCode: -601007, errMsg: 'cloudID and calling user does not match.' },
    { cloudID: forged, errCode: -601005, errMsg: 'invalid cloudID.' },
  ]);
  cloud.clock.advance(6 * 60_000);
  expect((await run('raw', { list: [own] }, 'o-1')).list).toEqual([{ cloudID: own, errCode: -601006, errMsg: 'cloudID expired.' }]);
});

it('refuses a call whose token is unknown or spent: the SDK throws', async () => {
  const id = cloud.functions.issueCloudId('o-1', { opengid: 'G-1' });
  // The SDK reads WX_API_TOKEN after the call has returned: changing it then changes the caller.
  const res = await run('raw', { list: [id], after: 'not-a-token' }, 'o-1');
  expect(res.thrown).toMatchObject({ errCode: -601004 });
  // Outside any invocation the variable still holds the last (ended) invocation's token.
  const sdk = require('wx-server-sdk');
  await expect(sdk.getOpenData({ list: [id] })).rejects.toMatchObject({ errCode: -601004 });
});

it('openData() returns data or an error per cloudID, in order, across calls of five', async () => {
  const ids = Array.from({ length: 7 }, (_, i) => cloud.functions.issueCloudId('o-1', { n: i }));
  const foreign = cloud.functions.issueCloudId('o-2', { n: -1 });
  const res = await run('server', { list: [...ids.slice(0, 3), foreign, ...ids.slice(3)] }, 'o-1');
  expect(res.openid).toBe('o-1');
  expect(res.list.map((r: any) => r.data?.n ?? r.errCode)).toEqual([0, 1, 2, -601007, 3, 4, 5, 6]);
  expect(res.list[0]).toEqual({ cloudID: ids[0], data: { n: 0 } });
  expect(await run('server', { list: [] }, 'o-1')).toEqual({ openid: 'o-1', list: [] });
});

it('openData() keeps each invocation its own identity when invocations overlap', async () => {
  const users = Array.from({ length: 60 }, (_, i) => `o-${i}`);
  const ids = users.map((u) => cloud.functions.issueCloudId(u, { opengid: `G-${u}` }));
  const results = await Promise.all(
    users.map((u, i) => {
      const list = [ids[i], ids[(i + 1) % users.length]];
      return run('server', { list, again: list, wait: Math.random() * 15 }, u);
    }),
  );
  results.forEach((r, i) => {
    expect(r.openid).toBe(users[i]);
    for (const list of [r.list, r.again]) {
      expect(list[0]).toEqual({ cloudID: ids[i], data: { opengid: `G-${users[i]}` } });
      expect(list[1]).toMatchObject({ errCode: -601007 });
    }
  });
});

it('openData() sends its own token even when another invocation starts before the request is sent', async () => {
  const mine = cloud.functions.issueCloudId('o-1', { opengid: 'G-1' });
  const theirs = cloud.functions.issueCloudId('o-intruder', { opengid: 'G-i' });
  const res = await run('server', { list: [mine, theirs], intrude: [theirs] }, 'o-1');
  expect(res.list).toEqual([
    { cloudID: mine, data: { opengid: 'G-1' } },
    { cloudID: theirs, errCode: -601007, errMsg: 'cloudID and calling user does not match.' },
  ]);
  // The intruder ran too, as itself.
  expect(await Promise.all(intruders)).toEqual([{ openid: 'o-intruder', list: [{ cloudID: theirs, data: { opengid: 'G-i' } }] }]);
});
