/**
 * The router through the real function entry, SDK and local cloud: identity only from OPENID,
 * unknown actions, invalid input, thrown errors, and role checks.
 */
import * as z from 'zod';
import { startTestCloud, type TestCloud } from '../../test/harness';
import { action, Registry } from './action';
import { handle, registerScopeChecker } from './router';
import { AppError } from './errors';
import { registerCallerResolver } from './caller';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

describe('system.ping through the api function', () => {
  it('answers with the caller and Beijing time', async () => {
    t.cloud.clock.set('2026-10-01T10:00:00+08:00', { frozen: true });
    const r = await t.call<any>('system.ping', { echo: '你好' }, 'o-alice');
    expect(r).toEqual({
      ok: true,
      data: expect.objectContaining({ pong: true, echo: '你好', openid: 'o-alice', now: '2026-10-01T10:00:00.000+08:00', timezone: 'Asia/Shanghai' }),
    });
    expect(r.ok && r.data.today).toEqual({ date: '2026-10-01', workday: false, kind: 'holiday', name: '国庆节' });
  });

  it('ignores an identity forged in the event', async () => {
    const r = await t.invoke('api', { action: 'system.ping', input: {}, openid: 'o-forged', OPENID: 'o-forged', userInfo: { openId: 'o-forged' } }, 'o-real');
    expect(r).toMatchObject({ ok: true, data: { openid: 'o-real' } });
  });

  it('reads the day in Asia/Shanghai, not UTC', async () => {
    // 2026-10-08 00:30 in Beijing is still 2026-10-07 in UTC (a holiday); the 8th is a working day.
    t.cloud.clock.set('2026-10-07T16:30:00Z', { frozen: true });
    const r = await t.call<any>('system.ping', {}, 'o-a');
    expect(r.ok && r.data.today).toEqual({ date: '2026-10-08', workday: true, kind: 'workday' });
    expect(r.ok && r.data.now).toBe('2026-10-08T00:30:00.000+08:00');
  });

  it('costs no billed database operation', async () => {
    const before = { ...t.cloud.database.ops };
    const { invocation } = await t.cloud.functions.invoke('api', { action: 'system.ping', input: {} }, { openid: 'o-a' });
    expect(invocation.ops).toEqual({ reads: 0, writes: 0 });
    expect(t.cloud.database.ops).toEqual(before);
  });
});

describe('structured errors', () => {
  it('refuses an unknown action', async () => {
    expect(await t.call('nope.nothing', {}, 'o-a')).toEqual({ ok: false, code: 'unknown_action', message: '不支持的操作' });
  });

  it('refuses an event without an action', async () => {
    const r = (await t.invoke('api', { input: {} }, 'o-a')) as any;
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(r.issues[0].path).toBe('action');
  });

  it('refuses invalid input with Chinese reasons per field', async () => {
    const r = (await t.call('system.ping', { echo: 42 }, 'o-a')) as any;
    expect(r.ok).toBe(false);
    expect(r.code).toBe('invalid_input');
    expect(r.issues).toEqual([{ path: 'echo', message: expect.stringMatching(/[\u4e00-\u9fa5]/) }]);
  });

  it('refuses unknown fields (a smuggled operator never reaches a handler)', async () => {
    const r = await t.call('system.ping', { echo: 'x', $where: '1' }, 'o-a');
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('refuses a body over 100 KB before any function runs', async () => {
    const res = await fetch(`${t.cloud.url}/call/api`, { method: 'POST', headers: { 'x-openid': 'o-a' }, body: JSON.stringify({ action: 'system.ping', input: { echo: 'x'.repeat(110_000) } }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('the router on its own registry', () => {
  const boom = action({
    name: 'test.boom',
    roles: 'public',
    input: z.object({}),
    run(): never {
      throw new Error('secret stack detail');
    },
  });
  const refuse = action({
    name: 'test.refuse',
    roles: 'public',
    input: z.object({}),
    run(): never {
      throw new AppError('conflict');
    },
  });
  const staffOnly = action({ name: 'test.staffOnly', roles: ['staff'], input: z.object({}), run: () => 'ok' });
  const timerOnly = action({ name: 'test.timerOnly', roles: 'timer', input: z.object({}), run: () => 'ran' });
  const scoped = action({
    name: 'test.scoped',
    roles: ['staff'],
    input: z.object({ unit: z.string() }),
    scope: (_ctx, input) => input.unit,
    run: () => 'in scope',
  });
  const registry = new Registry([boom, refuse, staffOnly, timerOnly, scoped] as const);

  it('turns a thrown error into `internal` without leaking it, and logs it', async () => {
    const r = await handle(registry, { action: 'test.boom', input: {} }, { OPENID: 'o-a' });
    expect(r).toEqual({ ok: false, code: 'internal', message: '系统繁忙，请稍后再试' });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(t.logs.some((l) => l.level === 'error' && String(l.error).includes('secret stack detail'))).toBe(true);
  });

  it('passes an expected failure through with its code and Chinese message', async () => {
    expect(await handle(registry, { action: 'test.refuse' }, { OPENID: 'o-a' })).toEqual({ ok: false, code: 'conflict', message: '内容已被他人修改，请刷新后重试' });
  });

  it('refuses an unbound caller, then checks the role of a bound one', async () => {
    registerCallerResolver(async (openid) =>
      openid === 'o-staff' ? { _id: 'p1', name: '张三', grants: [{ role: 'staff', orgUnitId: 'county-a', path: ['city', 'county-a'] }] } : openid === 'o-villager' ? { _id: 'p2', name: '李四', grants: [{ role: 'villager', orgUnitId: 'vil-1', path: ['city', 'county-a', 'town-1', 'vil-1'] }] } : null,
    );
    expect(await handle(registry, { action: 'test.staffOnly' }, { OPENID: 'o-unknown' })).toMatchObject({ ok: false, code: 'not_bound' });
    expect(await handle(registry, { action: 'test.staffOnly' }, {})).toMatchObject({ ok: false, code: 'not_bound' });
    expect(await handle(registry, { action: 'test.staffOnly' }, { OPENID: 'o-villager' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await handle(registry, { action: 'test.staffOnly' }, { OPENID: 'o-staff' })).toEqual({ ok: true, data: 'ok' });
  });

  it('runs a timer-only action only from the timer', async () => {
    expect(await handle(registry, { action: 'test.timerOnly' }, { OPENID: 'o-staff', SOURCE: 'wx_client' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await handle(registry, { action: 'test.timerOnly' }, { SOURCE: 'wx_trigger' })).toEqual({ ok: true, data: 'ran' });
  });

  it('runs a scoped action only when the scope checker vouches for its unit', async () => {
    const asked: unknown[] = [];
    registerScopeChecker(async (caller, roles, targets) => {
      asked.push({ who: caller.person?._id, roles, targets });
      return targets.every((u) => u === 'county-a');
    });
    expect(await handle(registry, { action: 'test.scoped', input: { unit: 'county-a' } }, { OPENID: 'o-staff' })).toEqual({ ok: true, data: 'in scope' });
    expect(await handle(registry, { action: 'test.scoped', input: { unit: 'county-b' } }, { OPENID: 'o-staff' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(asked).toEqual([
      { who: 'p1', roles: ['staff'], targets: ['county-a'] },
      { who: 'p1', roles: ['staff'], targets: ['county-b'] },
    ]);
  });
});
