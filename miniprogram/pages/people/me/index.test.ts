/** The "me" page against a real local cloud seeded with the demo county. */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, render, tap, textOf, waitFor } from '../../../testing/simulate';

const PAGE = 'pages/people/me/index';
const demo = useDemoCloud();

function open() {
  const page = render(PAGE);
  return waitFor(() => page.data.status !== 'loading', 'people.me').then(() => page);
}

it('shows a first secretary’s roles and assignment, and who may change them', async () => {
  demo.loginAs(DEMO.cadre);
  const page = await open();
  expect(el(page, '#name').dom!.textContent).toBe('蒋文博');
  expect(el(page, '#title').dom!.textContent).toBe('十八洞村第一书记、驻村工作队队长');
  expect(textOf(el(page, '#roles'))).toBe('我的角色 第一书记 · 十八洞村');
  const assignment = textOf(el(page, '#assignment'));
  expect(assignment).toContain('派驻村 十八洞村');
  expect(assignment).toContain('身份 第一书记');
  expect(assignment).toContain('派出单位 湘西州财政局');
  expect(assignment).toContain('派驻时间 2026年1月5日起');
  expect(el(page, '#note').dom!.textContent).toContain('只有组织部门可以修改');
});

it('shows a staff member’s role with its unit and no assignment', async () => {
  demo.loginAs(DEMO.countyStaff);
  const page = await open();
  expect(textOf(el(page, '#roles'))).toBe('我的角色 组织部门 · 花垣县');
  expect(page.querySelector('#assignment')).toBeUndefined();
});

it('sends someone not yet bound to the bind page', async () => {
  demo.loginAs('o-stranger');
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open();
  expect(textOf(page)).toContain('您还没有绑定身份');
  await tap(page, '#bind');
  expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/people/bind/index' }));
});
