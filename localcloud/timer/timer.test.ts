/** Timer triggers: CloudBase's 7-field cron in UTC+8, one trigger per function, at-most-once per slot. */
import { CloudCron, InvalidCronError } from './index';
import { LocalCloud } from '../index';

describe('CloudCron', () => {
  it('reads the cron in UTC+8', () => {
    const c = new CloudCron('0 0 9 * * * *');
    // 09:00 in Beijing is 01:00 UTC.
    expect(c.next(new Date('2026-03-02T00:00:00Z'))?.toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });

  it('requires all seven fields', () => {
    expect(() => new CloudCron('0 */5 * * * *')).toThrow(InvalidCronError);
    expect(() => new CloudCron('*/5 * * * *')).toThrow(InvalidCronError);
    expect(() => new CloudCron('0 61 * * * * *')).toThrow(InvalidCronError);
  });

  it('honours weekdays (0 = Sunday) and the year field', () => {
    const weekdays = new CloudCron('0 30 8 * * 1-5 *');
    // 2026-03-07 is a Saturday: the next slot is Monday 2026-03-09 08:30 Beijing.
    expect(weekdays.next(new Date('2026-03-06T01:00:00Z'))?.toISOString()).toBe('2026-03-09T00:30:00.000Z');
    const only2027 = new CloudCron('0 0 0 1 1 * 2027');
    expect(only2027.next(new Date('2026-06-01T00:00:00Z'))?.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('lists the slots in a span and finds the latest', () => {
    const c = new CloudCron('0 */5 * * * * *');
    const from = new Date('2026-03-02T01:00:00Z');
    const to = new Date('2026-03-02T01:21:00Z');
    expect([...c.slots(from, to)].map((d) => d.toISOString().slice(11, 16))).toEqual(['01:05', '01:10', '01:15', '01:20']);
    expect(c.latestSlot(from, to)?.toISOString()).toBe('2026-03-02T01:20:00.000Z');
    expect(c.latestSlot(from, new Date('2026-03-02T01:04:59Z'))).toBeUndefined();
  });
});

describe('LocalTimer', () => {
  const calls: { event: any; source?: string }[] = [];
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await LocalCloud.start({
      port: 0,
      log: () => undefined,
      functions: [
        {
          name: 'tick',
          config: { triggers: [{ name: 'tick', type: 'timer', config: '0 */5 * * * * *' }] },
          load: () => ({ main: (event: unknown) => void calls.push({ event, source: process.env.WX_SOURCE }) }),
        },
        { name: 'api', load: () => ({ main: () => null }) },
      ],
    });
  });
  afterAll(() => cloud.stop());
  beforeEach(() => {
    calls.length = 0;
  });

  it('fires once per due slot, and once only when the clock jumps over several slots', async () => {
    cloud.clock.set('2026-03-02T09:01:00+08:00', { frozen: true });
    expect(await cloud.timer.fireDue()).toEqual([]); // first look: remembers now, fires nothing
    cloud.clock.set('2026-03-02T09:04:00+08:00', { frozen: true });
    expect(await cloud.timer.fireDue()).toEqual([]);
    cloud.clock.set('2026-03-02T09:05:00+08:00', { frozen: true });
    expect((await cloud.timer.fireDue()).map((f) => f.slot)).toEqual(['2026-03-02T01:05:00.000Z']);
    expect(await cloud.timer.fireDue()).toEqual([]); // the same slot never fires twice
    cloud.clock.set('2026-03-02T10:07:00+08:00', { frozen: true });
    expect((await cloud.timer.fireDue()).map((f) => f.slot)).toEqual(['2026-03-02T02:05:00.000Z']);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({ event: { Type: 'Timer', TriggerName: 'tick', Time: '2026-03-02T01:05:00.000Z', Message: '' }, source: 'wx_trigger' });
  });

  it('fires on demand over HTTP at the current clock', async () => {
    cloud.clock.set('2026-03-02T11:00:30+08:00', { frozen: true });
    const res = await fetch(`${cloud.url}/_local/tick`, { method: 'POST' });
    const body = (await res.json()) as any;
    expect(body).toEqual({ ok: true, data: [{ fn: 'tick', trigger: 'tick', slot: '2026-03-02T03:00:30.000Z', ok: true }] });
    expect(calls).toHaveLength(1);
  });

  it('refuses a function with two timer triggers', () => {
    cloud.functions.register({
      name: 'twice',
      config: {
        triggers: [
          { name: 'a', type: 'timer', config: '0 * * * * * *' },
          { name: 'b', type: 'timer', config: '0 * * * * * *' },
        ],
      },
      load: () => ({ main: () => null }),
    });
    expect(() => cloud.timer.triggers()).toThrow(/one/);
  });
});
