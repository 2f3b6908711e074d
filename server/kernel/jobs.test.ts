/** The tick function and the job runner: only the timer runs it; twice is harmless; a missed tick is caught up. */
import { startTestCloud, type TestCloud } from '../../test/harness';
import { db } from '../platform/cloud';
import { runDueJobs } from './jobs';
import { now } from './clock';

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

it('resumes an unfinished job from its checkpoint, without moving `since` until it finishes', async () => {
  const seen: { since?: string; checkpoint?: unknown }[] = [];
  const job = {
    name: 'test.resumable',
    everyMinutes: 1,
    async run(ctx: { now: Date; since: Date | undefined; checkpoint: Record<string, unknown> | undefined }) {
      seen.push({ since: ctx.since?.toISOString(), checkpoint: ctx.checkpoint });
      const step = Number(ctx.checkpoint?.step ?? 0);
      return step < 2 ? { incomplete: true, checkpoint: { step: step + 1 } } : { done: true, doneUntil: new Date('2026-03-02T01:10:00Z') };
    },
  };
  t.cloud.clock.set('2026-03-02T09:10:10+08:00', { frozen: true });
  expect((await runDueJobs([job], now()))[0]).toMatchObject({ ran: true, result: { incomplete: true } });
  t.cloud.clock.set('2026-03-02T09:10:40+08:00', { frozen: true }); // same minute: still due, it is unfinished
  expect((await runDueJobs([job], now()))[0]).toMatchObject({ ran: true, result: { incomplete: true } });
  t.cloud.clock.set('2026-03-02T09:11:10+08:00', { frozen: true });
  expect((await runDueJobs([job], now()))[0]).toMatchObject({ ran: true, ok: true, result: { done: true } });
  t.cloud.clock.set('2026-03-02T09:12:10+08:00', { frozen: true });
  await runDueJobs([job], now());
  expect(seen).toEqual([
    { since: undefined, checkpoint: undefined },
    { since: undefined, checkpoint: { step: 1 } },
    { since: undefined, checkpoint: { step: 2 } },
    { since: '2026-03-02T01:10:00.000Z', checkpoint: undefined },
  ]);
});
