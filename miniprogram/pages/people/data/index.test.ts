/**
 * 我的个人信息 against a real local cloud seeded with the demo county: a cadre sees their records
 * and who looked at them (after the county's staff opened their month), pages one section, a
 * villager who is no person sees their village and complaints in large text, and the home page
 * leads every one of them here.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { asVillager, raised } from '../../../testing/village';
import { el, render, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { setTransport } from '../../../api/index';

const PAGE = 'pages/people/data/index';
const HOME = 'pages/home/index/index';
const demo = useDemoCloud();

async function open(openid: string | null): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  await waitFor(() => page.data.status !== 'loading', 'privacy.myData');
  return page;
}
const classOf = (page: Rendered, selector: string) => (el(page, selector).dom as unknown as { className: string }).className;
const records = (page: Rendered, key: string) => page.querySelectorAll(`.record-${key}`).map(textOf);

it('shows a cadre what is held about them, and who looked at it first', async () => {
  expect(await demo.tc.call('checkin.history', { personId: 'p-fs-shibadong', month: '2026-05' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  const page = await open(DEMO.cadre);
  expect(page.data.status).toBe('ok');
  expect(el(page, '#when').dom!.textContent).toBe('蒋文博，以下是 2026年5月12日 星期二 10:00 的记录');
  const sections = page.querySelectorAll('.section');
  expect(textOf(sections[0]!)).toMatch(/^谁查看过我的信息 /);
  expect(records(page, 'accessLogs')).toEqual(['2026年5月12日 10:00 石慧敏（组织部门） 查看了 2026-05 的签到位置 涉及 位置']);
  const profile = records(page, 'profile');
  expect(profile[0]).toContain('蒋文博 手机号 13800000025');
  expect(profile).toEqual(expect.arrayContaining([expect.stringMatching(/^第一书记 角色 驻村干部 单位 十八洞村/)]));
  expect(records(page, 'assignments')[0]).toMatch(/^第一书记 · 十八洞村 派出单位 湘西州财政局 派驻时间 2026年1月5日起 状态 在派/);
  // The sections with no record are named together, not shown empty one by one.
  expect(textOf(el(page, '#empty-sections'))).toContain('我反映的诉求');
  expect(page.data.villager).toBe(false);
  expect(classOf(page, '#my-data-page')).not.toContain('big');
});

it('pages one section with 查看更多', async () => {
  for (let i = 0; i < 11; i++) {
    demo.tc.cloud.clock.advance(1000);
    expect(await demo.tc.call('people.get', { id: 'p-fs-shibadong' }, DEMO.townStaff)).toMatchObject({ ok: true });
  }
  const page = await open(DEMO.cadre);
  expect(records(page, 'accessLogs')).toHaveLength(10);
  await tap(page, '#more-accessLogs');
  await waitFor(() => page.data.loadingMore === '', 'the next page');
  const all = records(page, 'accessLogs');
  expect(all.length).toBeGreaterThanOrEqual(12);
  // The next page follows the first: no record twice.
  const ids = (page.data.sections[0].items as { id: string }[]).map((x) => x.id);
  expect(new Set(ids).size).toBe(all.length);
  expect(all.filter((r) => r.includes('龙小燕（组织部门） 查看了 人员信息（手机号） 涉及 手机号'))).toHaveLength(11);
  expect(page.querySelector('#more-accessLogs')).toBeUndefined();
});

it('shows a villager who is no person their village and complaints, in large text', async () => {
  const villager = 'o-data-villager';
  await asVillager(demo.tc, villager);
  await raised(demo.tc, villager, { contact: { name: '龙大姐', phone: '13912345678' } });
  const page = await open(villager);
  expect(page.data).toMatchObject({ status: 'ok', villager: true, name: '' });
  expect(classOf(page, '#my-data-page')).toContain('big');
  expect(el(page, '#when').dom!.textContent).toBe('以下是 2026年5月12日 星期二 10:00 的记录');
  expect(textOf(el(page, '#section-accessLogs'))).toContain('还没有人查看过您的信息');
  expect(records(page, 'villages')[0]).toMatch(/^十八洞村 第一次打开 2026年5月12日 10:00/);
  expect(records(page, 'complaints')[0]).toMatch(/内容 村口的路灯坏了两个月，晚上看不见路 照片 无 位置 未提供 联系方式 龙大姐 13912345678 状态 待受理/);
  expect(page.querySelector('#section-profile')).toBeUndefined();
});

it('asks to open it in WeChat when there is no WeChat identity, and retries after a network failure', async () => {
  const nobody = await open(null);
  expect(nobody.data.status).toBe('nobody');
  expect(el(nobody, '#nobody').dom!.textContent).toContain('请在微信中打开小程序');

  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  setTransport(() => Promise.reject(new Error('socket hang up')));
  const page = await open(DEMO.cadre);
  expect(page.data.status).toBe('error');
  setTransport(null);
  await tap(page, '#retry');
  await waitFor(() => page.data.status === 'ok', 'the retry');
});

it('is reached from the home page by a bound person and by a villager who came from a village group', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  for (const openid of [DEMO.cadre, DEMO.countyStaff, 'o-data-villager']) {
    demo.loginAs(openid);
    const home = render(HOME);
    await waitFor(() => home.data.meStatus !== 'loading' && home.data.meStatus !== 'idle', 'people.me');
    await waitFor(() => !!home.querySelector('#my-data'), 'the 我的个人信息 card');
    await tap(home, '#my-data');
    expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/people/data/index' }));
    home.detach();
  }
  // Someone the server does not know yet (neither bound nor from a group) has nothing here.
  demo.loginAs('o-data-stranger');
  const stranger = render(HOME);
  await waitFor(() => stranger.data.meStatus === 'unbound', 'people.me');
  expect(stranger.querySelector('#my-data')).toBeUndefined();
});
