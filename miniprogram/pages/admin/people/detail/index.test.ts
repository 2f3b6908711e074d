/**
 * A person's page for staff, against a real local cloud seeded with the demo county: invitation
 * codes, resetting a binding, granting and revoking roles, and assignments — each driven by
 * taps and inputs, and checked on the page and on the server.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/people/detail/index';
const demo = useDemoCloud();

let phone = 13900003000;
async function newPerson(name = '吴小梅', orgUnitId = 'vil-paibi'): Promise<string> {
  const r = await demo.tc.call('people.add', { name, phone: String(++phone), orgUnitId }, DEMO.countyStaff);
  expect(r.ok).toBe(true);
  return r.data.id as string;
}

async function open(id: string): Promise<Rendered> {
  demo.loginAs(DEMO.countyStaff);
  const page = render(PAGE);
  page.instance.onLoad({ id });
  await waitFor(() => page.data.status !== 'loading', 'people.get');
  return page;
}

/** Wait for an action to finish (the page reads the person again after it). */
const done = async (page: Rendered, notice: string) => {
  await waitFor(() => !page.data.busy, `“${notice}”`);
  expect(page.data.actionError).toBe('');
  expect(el(page, '#notice').dom!.textContent).toBe(notice);
};
const unitsLoaded = (page: Rendered) => waitFor(() => page.data.unitsStatus === 'ok' || page.data.unitsStatus === 'error', 'the units of the staff member');

it('shows who the person is and generates an invitation code that binds', async () => {
  const id = await newPerson('麻秋月');
  const page = await open(id);
  expect(el(page, '#name').dom!.textContent).toBe('麻秋月');
  expect(el(page, '#bound').dom!.textContent).toBe('未绑定微信');
  expect(el(page, '#unit').dom!.textContent).toBe('排碧村');
  expect(el(page, '#phone').dom!.textContent).toBe(String(phone));
  expect(textOf(el(page, '#roles'))).toContain('还没有角色');

  await tap(page, '#invite');
  await waitFor(() => !!page.data.invite, 'the invitation');
  const code = el(page, '#invite-code').dom!.textContent!;
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  // Seven days from the demo clock (2026-05-12 10:00, Beijing time).
  expect(el(page, '#invite-expires').dom!.textContent).toBe('有效期至 2026年5月19日 星期二 10:00，只能使用一次');
  expect(el(page, '#invite-qr').dom!.textContent).toBe(`pages/people/bind/index?code=${code}`);

  // The shown code is the real one.
  expect(await demo.tc.call('people.bind', { code }, 'o-qiuyue')).toMatchObject({ ok: true, data: { personId: id } });
});

it('makes a shorter invitation when asked', async () => {
  const page = await open(await newPerson());
  await pick(page, '#valid-picker', 0);
  expect(textOf(el(page, '#valid-picker'))).toBe('有效期：3 天 ▾');
  await tap(page, '#invite');
  await waitFor(() => !!page.data.invite, 'the invitation');
  expect(el(page, '#invite-expires').dom!.textContent).toContain('2026年5月15日');
});

it('resets a binding with a reason, after which the person can be invited again', async () => {
  const page = await open('p-vl-jinlong');
  expect(el(page, '#bound').dom!.textContent).toBe('已绑定微信');
  expect(page.querySelector('#invite')).toBeUndefined();

  await tap(page, '#open-unbind');
  await type(page, '#reason', '换');
  await tap(page, '#unbind');
  expect(textOf(el(page, '#unbind-panel'))).toContain('请写明解除绑定的原因');

  await type(page, '#reason', '换了新手机');
  await tap(page, '#unbind');
  await done(page, '已解除绑定，可以重新生成邀请码');
  expect(el(page, '#bound').dom!.textContent).toBe('未绑定微信');
  expect(page.querySelector('#invite')).toBeDefined();
  expect(await demo.tc.call('people.me', {}, 'demo-vl-jinlong')).toMatchObject({ ok: false, code: 'not_bound' });
  const audit = await demo.tc.call('org.auditLog', { unitId: 'vil-jinlong', targetId: 'p-vl-jinlong' }, DEMO.countyStaff);
  expect(audit.data[0]).toMatchObject({ action: 'people.resetBinding', reason: '换了新手机' });
});

it('grants a role at a unit of the staff member’s area, and revokes it', async () => {
  const id = await newPerson('杨春兰');
  const page = await open(id);
  await tap(page, '#open-grant');
  await unitsLoaded(page);
  await pick(page, '#grant-role', (page.data.grantRoleLabels as string[]).indexOf('村民'));
  // Villagers belong to villages: the picker offers villages only, starting at the person's own.
  expect((page.data.grantUnits as { level: string }[]).every((u) => u.level === 'village')).toBe(true);
  expect(textOf(el(page, '#grant-unit'))).toBe('花垣县 / 双龙镇 / 排碧村 ▾');
  await tap(page, '#grant');
  await done(page, '已授予“村民 · 排碧村”');
  expect(textOf(el(page, '#roles'))).toContain('村民 · 排碧村');
  expect(await demo.tc.call('people.get', { id }, DEMO.countyStaff)).toMatchObject({ ok: true, data: { grants: [{ role: 'villager', orgUnitId: 'vil-paibi' }] } });

  // A department needs its name.
  await tap(page, '#open-grant');
  await pick(page, '#grant-role', (page.data.grantRoleLabels as string[]).indexOf('职能部门'));
  await tap(page, '#grant');
  expect(textOf(el(page, '#grant-panel'))).toContain('请填写职能部门的名称');
  await tap(page, '#cancel-grant');
  expect(page.querySelector('#grant-panel')).toBeUndefined();

  await tap(page, '.revoke');
  expect(textOf(el(page, '#revoke-panel'))).toContain('确定撤销“村民 · 排碧村”吗？');
  await tap(page, '#revoke');
  await done(page, '已撤销“村民 · 排碧村”');
  expect(textOf(el(page, '#roles'))).toContain('还没有角色');
});

it('stations a person in a village and ends the assignment', async () => {
  const id = await newPerson('向德明');
  const page = await open(id);
  await tap(page, '#open-assign');
  await unitsLoaded(page);
  expect(textOf(el(page, '#village'))).toBe('花垣县 / 双龙镇 / 排碧村 ▾');
  await pick(page, '#kind', 1);
  await type(page, '#dispatching', '花垣县财政局');
  await pick(page, '#start', '2026-05-12');
  await tap(page, '#assign');
  await done(page, '已派驻到排碧村');
  const card = textOf(el(page, '#assignment'));
  expect(card).toContain('派驻村 排碧村');
  expect(card).toContain('身份 驻村工作队员');
  expect(card).toContain('派出单位 花垣县财政局');
  expect(card).toContain('派驻时间 2026年5月12日起');
  expect(textOf(el(page, '#roles'))).toContain('驻村工作队员 · 排碧村');
  // A cadre's role goes with the assignment: no 撤销 beside it.
  expect(page.querySelectorAll('.revoke')).toHaveLength(0);

  await tap(page, '#open-end');
  await pick(page, '#end-day', '2026-05-31');
  await tap(page, '#end');
  await done(page, '已结束在排碧村的派驻');
  expect(textOf(el(page, '#assignment'))).toContain('当前没有派驻');
  expect(await demo.tc.call('people.listAssignments', { unitId: 'vil-paibi', active: false }, DEMO.countyStaff)).toMatchObject({ ok: true, data: [{ personId: id, end: '2026-05-31', active: false }] });
});

it('shows the server’s reason when an action is refused', async () => {
  const page = await open('p-fs-shibadong');
  // 蒋文博 is already stationed: the page offers 结束派驻, not 派驻.
  expect(page.querySelector('#open-assign')).toBeUndefined();
  expect(textOf(el(page, '#assignment'))).toContain('派出单位 湘西州财政局');

  demo.loginAs(DEMO.townStaff);
  const outside = render(PAGE);
  outside.instance.onLoad({ id: 'p-hy-staff' });
  await waitFor(() => outside.data.status !== 'loading', 'people.get');
  expect(el(outside, '#error').dom!.textContent).toBe('没有权限进行此操作');
});

it('asks for a person when opened without one', async () => {
  const page = render(PAGE);
  page.instance.onLoad({});
  expect(el(page, '#error').dom!.textContent).toBe('没有指定人员，请从人员列表进入');
});
