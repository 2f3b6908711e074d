/** Binding a WeChat user to a person, invitation codes, grants, assignments and the audit trail. */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';
import { codeHash, normaliseCode } from './rules';

let t: TestCloud;
const STAFF = 'demo-hy-staff'; // 花垣县 organisation department
const TOWN_STAFF = 'demo-sl-staff'; // 双龙镇
beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

let phone = 13700000000;
/** The clock is frozen; each step moves it a second so that the audit trail has an order. */
const step = () => t.cloud.clock.advance(1000);
async function newPerson(orgUnitId = 'vil-shibadong', role?: string): Promise<string> {
  step();
  const r = await t.call<any>('people.add', { name: '吴小梅', phone: String(++phone), orgUnitId, ...(role ? { role } : {}) }, STAFF);
  expect(r.ok).toBe(true);
  return r.ok ? r.data.id : '';
}

async function invite(personId: string, validDays?: number): Promise<string> {
  step();
  const r = await t.call<any>('people.createInvite', { personId, ...(validDays ? { validDays } : {}) }, STAFF);
  expect(r).toMatchObject({ ok: true, data: { code: expect.stringMatching(/^[2-9A-HJKMNP-Z]{8}$/), qrText: expect.stringContaining('pages/people/bind/index?code=') } });
  return r.ok ? r.data.code : '';
}

describe('binding with an invitation code', () => {
  it('binds the calling WeChat user, who can then act as that person', async () => {
    const id = await newPerson('vil-shibadong', 'villager');
    const code = await invite(id);
    expect(await t.call('people.me', {}, 'o-new-phone')).toMatchObject({ ok: false, code: 'not_bound' });
    // Typed by hand: lower case and a space still work.
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`;
    expect(await t.call('people.bind', { code: typed }, 'o-new-phone')).toMatchObject({ ok: true, data: { personId: id, roles: [{ role: 'villager', roleName: '村民' }] } });
    expect(await t.call('people.me', {}, 'o-new-phone')).toMatchObject({ ok: true, data: { id, roles: [{ role: 'villager', unitName: '十八洞村' }] } });
    // The code is stored only as a hash.
    const { data } = await db.collection('invites').doc(codeHash(code)).get();
    expect(JSON.stringify(data)).not.toContain(code);
    expect(normaliseCode(typed)).toBe(code);
  });

  it('refuses a wrong code, a used code and an expired code, each with its own reason', async () => {
    expect(await t.call('people.bind', { code: 'ZZZZ2222' }, 'o-a')).toEqual({ ok: false, code: 'invalid_code', message: '邀请码不正确，请核对后重新输入' });

    const used = await invite(await newPerson());
    expect(await t.call('people.bind', { code: used }, 'o-first')).toMatchObject({ ok: true });
    expect(await t.call('people.bind', { code: used }, 'o-second')).toMatchObject({ ok: false, code: 'code_used' });

    const expiring = await invite(await newPerson(), 1);
    t.cloud.clock.advance(86_400_000 + 1000);
    expect(await t.call('people.bind', { code: expiring }, 'o-late')).toMatchObject({ ok: false, code: 'code_expired' });
    t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
    expect(await t.call('people.me', {}, 'o-second')).toMatchObject({ ok: false, code: 'not_bound' });
  });

  it('lets exactly one of many concurrent uses of a code bind', async () => {
    const code = await invite(await newPerson());
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => t.call<any>('people.bind', { code }, `o-race-${i}`)));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'code_used')).toBe(true);
    const { data } = await db.collection('bindings').where({ personId: winners[0].data.personId }).get();
    expect(data).toHaveLength(1);
  });

  it('refuses a second binding for a WeChat user who is already someone', async () => {
    const code = await invite(await newPerson());
    expect(await t.call('people.bind', { code }, 'demo-fs-shibadong')).toMatchObject({ ok: false, code: 'already_bound' });
  });

  it('rebinding a new phone is a staff action with an audit record', async () => {
    const id = await newPerson();
    const first = await invite(id);
    step();
    await t.call('people.bind', { code: first }, 'o-old-phone');
    expect(await t.call('people.createInvite', { personId: id }, STAFF)).toMatchObject({ ok: false, code: 'conflict' });
    step();
    expect(await t.call('people.resetBinding', { personId: id, reason: '手机丢失' }, STAFF)).toMatchObject({ ok: true, data: { bound: false } });
    expect(await t.call('people.me', {}, 'o-old-phone')).toMatchObject({ ok: false, code: 'not_bound' });
    const again = await invite(id);
    step();
    expect(await t.call('people.bind', { code: again }, 'o-new-phone-2')).toMatchObject({ ok: true });
    const log = await t.call<any>('org.auditLog', { unitId: 'county-huayuan', targetId: id }, STAFF);
    expect(log.ok && log.data.map((e: any) => e.action)).toEqual(['people.bind', 'people.createInvite', 'people.resetBinding', 'people.bind', 'people.createInvite', 'people.add']);
    const reset = log.ok && log.data.find((e: any) => e.action === 'people.resetBinding');
    expect(reset).toMatchObject({ actorName: '石慧敏', reason: '手机丢失', before: { openid: 'o-ol***hone' }, after: { openid: null } });
  });
});

describe('roles and assignments', () => {
  it('grants a role only at a level that fits it, and records before and after', async () => {
    const id = await newPerson('town-shuanglong');
    expect(await t.call('people.grantRole', { personId: id, role: 'villager', orgUnitId: 'town-shuanglong' }, STAFF)).toMatchObject({ ok: false, code: 'invalid_input', message: '“村民”不能设在这一级单位' });
    expect(await t.call('people.grantRole', { personId: id, role: 'cadre', orgUnitId: 'vil-shibadong' }, STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    step();
    expect(await t.call('people.grantRole', { personId: id, role: 'approver', orgUnitId: 'town-shuanglong' }, STAFF)).toMatchObject({ ok: true, data: { grants: [{ role: 'approver', orgUnitId: 'town-shuanglong' }] } });
    expect(await t.call('people.grantRole', { personId: id, role: 'approver', orgUnitId: 'town-shuanglong' }, STAFF)).toMatchObject({ ok: false, code: 'conflict' });
    const log = await t.call<any>('org.auditLog', { unitId: 'town-shuanglong', targetId: id }, STAFF);
    expect(log.ok && log.data[0]).toMatchObject({ action: 'people.grantRole', before: { grants: [] }, after: { grants: [{ role: 'approver', orgUnitId: 'town-shuanglong' }] } });
    expect(await t.call('people.revokeRole', { personId: id, role: 'approver', orgUnitId: 'town-shuanglong' }, STAFF)).toMatchObject({ ok: true, data: { grants: [] } });
  });

  it('a township staff member cannot grant a role in the neighbouring township', async () => {
    const id = await newPerson('town-shuanglong');
    expect(await t.call('people.grantRole', { personId: id, role: 'approver', orgUnitId: 'town-biancheng' }, TOWN_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('people.grantRole', { personId: id, role: 'approver', orgUnitId: 'town-shuanglong' }, TOWN_STAFF)).toMatchObject({ ok: true });
  });

  it('starting an assignment makes a cadre; ending it takes the grant back; one at a time', async () => {
    const id = await newPerson('vil-shibadong');
    const a = await t.call<any>('people.startAssignment', { personId: id, villageId: 'vil-shibadong', kind: 'firstSecretary', dispatchingUnit: '州财政局', start: '2026-05-01' }, STAFF);
    expect(a).toMatchObject({ ok: true, data: { kind: 'firstSecretary', kindName: '第一书记', active: true } });
    expect(await t.call('people.startAssignment', { personId: id, villageId: 'vil-jinlong', kind: 'teamMember', dispatchingUnit: '州财政局', start: '2026-05-01' }, STAFF)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('people.startAssignment', { personId: id, villageId: 'town-shuanglong', kind: 'teamMember', dispatchingUnit: '州财政局', start: '2026-05-01' }, STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('people.get', { id }, STAFF)).toMatchObject({ ok: true, data: { grants: [{ role: 'cadre', kind: 'firstSecretary' }], assignment: { villageId: 'vil-shibadong' } } });
    expect(await t.call('people.endAssignment', { assignmentId: a.data.id, end: '2026-04-01' }, STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('people.endAssignment', { assignmentId: a.data.id, end: '2026-06-30' }, STAFF)).toMatchObject({ ok: true, data: { active: false, end: '2026-06-30' } });
    // Ending it again on the same date is a retry (answered as done); on another date, a conflict.
    expect(await t.call('people.endAssignment', { assignmentId: a.data.id, end: '2026-06-30' }, STAFF)).toMatchObject({ ok: true, data: { active: false, end: '2026-06-30' } });
    expect(await t.call('people.endAssignment', { assignmentId: a.data.id, end: '2026-06-29' }, STAFF)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('people.get', { id }, STAFF)).toMatchObject({ ok: true, data: { grants: [], assignment: null } });
  });

  it('keeps both of two concurrent grants to the same person', async () => {
    const id = await newPerson('town-shuanglong');
    const [a, b] = await Promise.all([
      t.call('people.grantRole', { personId: id, role: 'approver', orgUnitId: 'town-shuanglong' }, STAFF),
      t.call('people.grantRole', { personId: id, role: 'tutor', orgUnitId: 'town-shuanglong' }, STAFF),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const r = await t.call<any>('people.get', { id }, STAFF);
    expect(r.ok && r.data.grants.map((g: any) => g.role).sort()).toEqual(['approver', 'tutor']);
  });

  it('refuses a duplicate phone and bad input without writing', async () => {
    const count = async () => (await db.collection('people').count()).total + (await db.collection('audit').count()).total;
    const before = await count();
    const writes = t.cloud.database.ops.writes;
    expect(await t.call('people.add', { name: '重复', phone: '13800000005', orgUnitId: 'vil-shibadong' }, STAFF)).toMatchObject({ ok: false, code: 'conflict' });
    // A read finds the phone taken before any write (the unique index still decides a race): nothing written, nothing billed.
    expect(t.cloud.database.ops.writes).toBe(writes);
    expect(await t.call('people.add', { name: '坏号码', phone: '12345', orgUnitId: 'vil-shibadong' }, STAFF)).toMatchObject({ ok: false, code: 'invalid_input', issues: [{ path: 'phone', message: '请输入11位手机号码' }] });
    expect(t.cloud.database.ops.writes).toBe(writes);
    expect(await count()).toBe(before);
  });

  it('lists people under a unit, by role and by name', async () => {
    const all = await t.call<any>('people.list', { unitId: 'town-shuanglong', limit: 100 }, STAFF);
    expect(all.ok && all.data.total).toBeGreaterThan(10);
    const cadres = await t.call<any>('people.list', { unitId: 'town-shuanglong', role: 'cadre', limit: 100 }, STAFF);
    expect(cadres.data.people.length).toBeGreaterThanOrEqual(5);
    expect(cadres.data.people.every((p: any) => p.grants.some((g: any) => g.role === 'cadre'))).toBe(true);
    const named = await t.call<any>('people.list', { unitId: 'county-huayuan', q: '蒋文' }, STAFF);
    expect(named.ok && named.data.people.map((p: any) => p.name)).toEqual(['蒋文博']);
    // A regular-expression character in the search is taken literally.
    expect(await t.call('people.list', { unitId: 'county-huayuan', q: '.*' }, STAFF)).toMatchObject({ ok: true, data: { total: 0 } });
  });
});

describe('what the review found', () => {
  const CITY = 'demo-city-staff-xiang';
  const BJ_STAFF = 'demo-bj-staff';

  it('a county cannot take over someone who also holds a role in the next county', async () => {
    const id = await newPerson('vil-shibadong');
    expect(await t.call('people.grantRole', { personId: id, role: 'staff', orgUnitId: 'county-baojing' }, CITY)).toMatchObject({ ok: true });
    for (const [action, input] of [
      ['people.createInvite', { personId: id }],
      ['people.update', { id, phone: '13900000001' }],
      ['people.resetBinding', { personId: id, reason: '换手机了' }],
      ['people.grantRole', { personId: id, role: 'tutor', orgUnitId: 'county-huayuan' }],
    ] as const) {
      expect(await t.call(action, input, STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(await t.call('people.get', { id }, STAFF)).toMatchObject({ ok: true }); // reading is fine: the home is theirs
    expect(await t.call('people.createInvite', { personId: id }, CITY)).toMatchObject({ ok: true });
  });

  it('a township sees the cadre stationed in its village, wherever the cadre is homed', async () => {
    const id = await newPerson('county-huayuan');
    expect(await t.call('people.startAssignment', { personId: id, villageId: 'vil-shibadong', kind: 'teamMember', dispatchingUnit: '县人民医院', start: '2026-05-01' }, STAFF)).toMatchObject({ ok: true });
    expect(await t.call('people.get', { id }, TOWN_STAFF)).toMatchObject({ ok: true, data: { id } });
    const list = await t.call('people.list', { unitId: 'town-shuanglong', role: 'cadre', limit: 100 }, TOWN_STAFF);
    expect(list.data.people.map((p: any) => p.id)).toContain(id);
    expect(await t.call('people.get', { id }, BJ_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('codes made before a bind or an unbind stop working', async () => {
    const id = await newPerson();
    const a = await invite(id);
    const b = await invite(id);
    step();
    expect(await t.call('people.bind', { code: a }, 'o-review-1')).toMatchObject({ ok: true });
    step();
    expect(await t.call('people.resetBinding', { personId: id, reason: '换手机了' }, STAFF)).toMatchObject({ ok: true });
    expect(await t.call('people.bind', { code: b }, 'o-stranger')).toMatchObject({ ok: false, code: 'code_used' });
    step();
    expect(await t.call('people.bind', { code: await invite(id) }, 'o-review-2')).toMatchObject({ ok: true });
  });

  it('two staff stationing one person at once: exactly one assignment', async () => {
    const id = await newPerson('town-shuanglong');
    const answers = await Promise.all(
      ['vil-shibadong', 'vil-jinlong'].map((villageId) => t.call('people.startAssignment', { personId: id, villageId, kind: 'teamMember', dispatchingUnit: '州财政局', start: '2026-05-01' }, STAFF)),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({ code: 'conflict' });
    const { data } = await db.collection('assignments').where({ personId: id, active: true }).get();
    expect(data).toHaveLength(1);
    const p = await t.call('people.get', { id }, STAFF);
    expect(p.data.grants.filter((g: any) => g.role === 'cadre').map((g: any) => g.orgUnitId)).toEqual([data[0]!.villageId]);
  });

  it('two staff adding the same phone at once: one person, the other told why', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => t.call('people.add', { name: '同号码', phone: '13912345000', orgUnitId: 'vil-shibadong' }, STAFF)));
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).every((a) => a.code === 'conflict')).toBe(true);
  });

  it('an assignment ends on its own after its planned end date', async () => {
    const id = await newPerson('vil-shibadong');
    const a = await t.call('people.startAssignment', { personId: id, villageId: 'vil-shibadong', kind: 'teamMember', dispatchingUnit: '州财政局', start: '2026-05-01', end: '2026-05-20' }, STAFF);
    expect(a.ok).toBe(true);
    const run = async () => ((await t.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' })).result as any).data.find((j: any) => j.job === 'people.endDueAssignments');
    t.cloud.clock.set('2026-05-20T23:00:00+08:00', { frozen: true });
    await run();
    expect(await t.call('people.get', { id }, STAFF)).toMatchObject({ ok: true, data: { assignment: { id: a.data.id } } });
    t.cloud.clock.set('2026-05-21T01:10:00+08:00', { frozen: true });
    expect(await run()).toMatchObject({ ran: true, result: { ended: expect.any(Number) } });
    expect(await t.call('people.get', { id }, STAFF)).toMatchObject({ ok: true, data: { assignment: null, grants: [] } });
    t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  });

  it('refuses impossible and future days for an assignment', async () => {
    const id = await newPerson();
    expect(await t.call('people.startAssignment', { personId: id, villageId: 'vil-shibadong', kind: 'teamMember', dispatchingUnit: '州财政局', start: '2026-02-31' }, STAFF)).toMatchObject({ ok: false, code: 'invalid_input', issues: [{ path: 'start', message: '日期无效' }] });
    expect(await t.call('people.startAssignment', { personId: id, villageId: 'vil-shibadong', kind: 'teamMember', dispatchingUnit: '州财政局', start: '2026-12-01' }, STAFF)).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('deactivating a person releases their WeChat, which can then be bound again', async () => {
    const id = await newPerson();
    step();
    await t.call('people.bind', { code: await invite(id) }, 'o-leaving');
    expect(await t.call('people.update', { id, active: false }, STAFF)).toMatchObject({ ok: true, data: { active: false, bound: false } });
    expect(await t.call('people.me', {}, 'o-leaving')).toMatchObject({ ok: false, code: 'not_bound' });
    const other = await newPerson();
    step();
    expect(await t.call('people.bind', { code: await invite(other) }, 'o-leaving')).toMatchObject({ ok: true });
  });
});
