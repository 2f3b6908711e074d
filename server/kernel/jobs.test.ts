/** The tick function and the job runner: only the timer runs it; twice is harmless; a missed tick is caught up. */
import { startTestCloud, type TestCloud } from '../../test/harness';
import { db } from '../platform/cloud';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());


it('runs due jobs when the timer fires, once per slot however often it fires', async () => {
  t.cloud.clock.set('2026-03-02T09:00:10+08:00', { frozen: true });
  const [first] = await t.cloud.timer.fire('tick');
  expect(first).toMatchObject({ fn: 'tick', ok: true });
  const again = (await t.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' })).result as any;
  expect(again.ok).toBe(true);
  expect(again.data.find((j: any) => j.job === 'system.heartbeat')).toEqual({ job: 'system.heartbeat', ran: false, ok: true });
  const { data } = await db.collection('jobRuns').doc('system.heartbeat').get();
  expect(data).toMatchObject({ lastOk: true, lastRunAt: new Date('2026-03-02T01:00:10Z') });
});

it('catches up a missed tick: the next run sees how long it was away', async () => {
  t.cloud.clock.set('2026-03-02T09:05:10+08:00', { frozen: true });
  const r = (await t.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' })).result as any;
  expect(r.ok).toBe(true);
  expect(r.data.find((j: any) => j.job === 'system.heartbeat')).toMatchObject({ ran: true, ok: true, result: { at: '2026-03-02T09:05:10.000+08:00', missedMinutes: 4 } });
});

it('refuses to run when a mini program user calls it', async () => {
  const r = (await t.cloud.functions.invoke('tick', {}, { openid: 'o-someone', source: 'wx_client' })).result;
  expect(r).toMatchObject({ ok: false, code: 'forbidden' });
});
