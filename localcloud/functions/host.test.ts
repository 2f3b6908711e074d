/** The function host: per-call identity under concurrency, JSON delivery, cloudIDs, timeouts. */
import { LocalCloud } from '../index';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.start({
    port: 0,
    log: () => undefined,
    functions: [
      {
        name: 'whoami',
        // A function in the shape of a CloudBase entry, reading its caller the way
        // wx-server-sdk does (from WX_CONTEXT_KEYS), synchronously at the top.
        load: () => ({
          main: async (event: any) => {
            const keys = (process.env.WX_CONTEXT_KEYS ?? '').split(',');
            const ctx = Object.fromEntries(keys.map((k) => [k.replace(/^WX_/, ''), process.env[k]]));
            await new Promise((r) => setTimeout(r, Math.random() * 20));
            return { openid: ctx.OPENID, source: ctx.SOURCE, event };
          },
        }),
      },
      { name: 'slow', config: { timeout: 1 }, load: () => ({ main: () => new Promise((r) => setTimeout(r, 1500)) }) },
      {
        name: 'sdk',
        // The real SDK's getWXContext() inside an entry.
        load: () => ({
          main: async () => {
            const sdk = require('wx-server-sdk');
            const ctx = sdk.getWXContext();
            await new Promise((r) => setTimeout(r, Math.random() * 20));
            return ctx;
          },
        }),
      },
    ],
  });
});
afterAll(() => cloud.stop());

it('50 calls side by side with 50 callers each see their own OPENID', async () => {
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => cloud.functions.invoke('sdk', {}, { openid: `o-${i}` }).then((r) => r.result as { OPENID: string; SOURCE: string })),
  );
  results.forEach((r, i) => expect(r.OPENID).toBe(`o-${i}`));
  // WX_API_TOKEN is in WX_CONTEXT_KEYS (for the SDK's open API calls), never in getWXContext().
  expect(results[0]).not.toHaveProperty('API_TOKEN');
  expect(new Set(results.map((r) => r.OPENID)).size).toBe(50);
});

it('delivers the event as JSON, as the platform does', async () => {
  const { result } = await cloud.functions.invoke('whoami', { a: 1, d: new Date('2026-01-01T00:00:00Z'), u: undefined, f: () => 1 }, { openid: 'o-1' });
  expect(result).toEqual({ openid: 'o-1', source: 'wx_client', event: { a: 1, d: '2026-01-01T00:00:00.000Z' } });
});

it('decodes a cloudID issued for the caller, and refuses a forged, foreign or expired one', async () => {
  const id = cloud.functions.issueCloudId('o-1', { opengid: 'G-village-1' });
  const ok = (await cloud.functions.invoke('whoami', { group: { cloudID: id } }, { openid: 'o-1' })).result as any;
  expect(ok.event.group).toEqual({ cloudID: id, data: { opengid: 'G-village-1' } });

  const foreign = (await cloud.functions.invoke('whoami', { group: { cloudID: id } }, { openid: 'o-2' })).result as any;
  expect(foreign.event.group).toEqual({ cloudID: id, errCode: -601007, errMsg: 'cloudID and calling user does not match.' });
  expect(foreign.event.group.data).toBeUndefined();

  const [p, body] = id.split('.');
  const tampered = `${p}.${Buffer.from(JSON.stringify({ o: 'o-1', d: { opengid: 'G-other' }, e: Date.now() * 2 })).toString('base64url')}.${id.split('.')[2]}`;
  const forged = (await cloud.functions.invoke('whoami', { group: { cloudID: tampered } }, { openid: 'o-1' })).result as any;
  expect(forged.event.group).toMatchObject({ errCode: -601005 });
  expect(forged.event.group.data).toBeUndefined();
  expect(body).toBeTruthy();

  cloud.clock.advance(6 * 60_000);
  const expired = (await cloud.functions.invoke('whoami', { group: { cloudID: id } }, { openid: 'o-1' })).result as any;
  expect(expired.event.group).toEqual({ cloudID: id, errCode: -601006, errMsg: 'cloudID expired.' });
  cloud.clock.reset();
});

it('ends an invocation that runs past its timeout', async () => {
  await expect(cloud.functions.invoke('slow', {}, {})).rejects.toThrow(/within 1 s/);
});

it('answers structured errors over HTTP: unknown function, bad JSON, unknown route', async () => {
  const nf = await fetch(`${cloud.url}/call/nope`, { method: 'POST', body: '{}' });
  expect(nf.status).toBe(404);
  expect(await nf.json()).toMatchObject({ ok: false, code: 'FUNCTION_NOT_FOUND' });
  const bad = await fetch(`${cloud.url}/call/whoami`, { method: 'POST', body: '{nope' });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ ok: false, code: 'INVALID_JSON' });
  const nr = await fetch(`${cloud.url}/_local/nothing`);
  expect(await nr.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  const clock = await fetch(`${cloud.url}/_local/clock`, { method: 'POST', body: '{"now":"not a time"}' });
  expect(clock.status).toBe(400);
});

it('takes the caller from x-openid on the local HTTP route', async () => {
  const res = await fetch(`${cloud.url}/call/whoami`, { method: 'POST', headers: { 'x-openid': 'o-http' }, body: JSON.stringify({ x: 1 }) });
  expect(await res.json()).toEqual({ openid: 'o-http', source: 'wx_client', event: { x: 1 } });
});

it('moves the clock over HTTP', async () => {
  const res = await fetch(`${cloud.url}/_local/clock`, { method: 'POST', body: JSON.stringify({ now: '2026-03-02T09:30:00+08:00', frozen: true }) });
  expect(await res.json()).toEqual({ ok: true, data: { now: '2026-03-02T01:30:00.000Z', frozen: true } });
  expect(cloud.clock.now().toISOString()).toBe('2026-03-02T01:30:00.000Z');
  cloud.clock.reset();
});

it('serves the local controls: grants, outbox, ops, cloudID', async () => {
  const post = (path: string, body: unknown) => fetch(`${cloud.url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  expect(await post('/_local/grants', { openid: 'o-1', templateId: 'TPL_checkin', count: 2 })).toEqual({ ok: true, data: { grants: 2 } });
  expect(cloud.messages.grants('o-1', 'TPL_checkin')).toBe(2);
  expect(await post('/_local/grants', { openid: 'o-1', templateId: 'TPL_checkin', count: 0 })).toMatchObject({ ok: false, code: 'INVALID_PARAM' });
  expect(await (await fetch(`${cloud.url}/_local/outbox`)).json()).toEqual({ ok: true, data: [] });

  await cloud.functions.invoke('whoami', {}, { openid: 'o-ops' });
  const ops = (await (await fetch(`${cloud.url}/_local/ops?last=1`)).json()) as any;
  expect(ops.data.total).toEqual({ reads: expect.any(Number), writes: expect.any(Number) });
  expect(ops.data.invocations).toEqual([expect.objectContaining({ fn: 'whoami', openid: 'o-ops', ops: { reads: 0, writes: 0 }, exclusive: true })]);

  const { data } = await post('/_local/cloudid', { openid: 'o-9', data: { opengid: 'G-9' } });
  const { result } = await cloud.functions.invoke('whoami', { g: { cloudID: data.cloudID } }, { openid: 'o-9' });
  expect((result as any).event.g.data).toEqual({ opengid: 'G-9' });
});
