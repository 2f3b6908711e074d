/**
 * The home page against a real local cloud, started in this test process: the page calls
 * `system.ping` and `people.me` through the api client's local transport (`wx.request`, done
 * here with Node's `http`), the local cloud runs the real `api` function, router and actions on
 * the demo county, and the page shows what came back. Nothing of the backend is mocked.
 */
import { startTestCloud } from '../../../../test/harness';
import { seedDemo } from '../../../../scripts/demo/seed';
import type { TestCloud } from '../../../../test/harness';
import { setTransport } from '../../../api/index';
import { OPENID_KEY } from '../../../api/local';
import { config } from '../../../config';
import { installWx } from '../../../testing/wx';
import { asVillager } from '../../../testing/village';
import { el, render, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/home/index/index';
/** Demo logins in the shape scripts/demo serves them. */
const PEOPLE = [
  { id: 'p-1', openid: 'o-cadre-wang', name: '王建国', title: '第一书记', roles: [{ role: 'cadre', roleName: '驻村干部', orgUnitId: 'vil-1', unitName: '石桥村' }] },
  { id: 'p-2', openid: 'o-staff-li', name: '李秀英', title: '组织员', roles: [{ role: 'staff', roleName: '组织部', orgUnitId: 'county-1', unitName: '城关县' }] },
];

let tc: TestCloud;
let wx: ReturnType<typeof installWx>;
const savedConfig = { ...config };

beforeAll(async () => {
  tc = await startTestCloud({ people: () => PEOPLE });
  await seedDemo();
  Object.assign(config, { mode: 'local', localUrl: tc.cloud.url });
  wx = installWx();
}, 60_000);

afterAll(async () => {
  wx.restore();
  Object.assign(config, savedConfig);
  await tc.stop();
});

beforeEach(() => {
  wx.storage.clear();
  setTransport(null);
  tc.cloud.clock.set('2026-10-01T10:00:00+08:00', { frozen: true });
});

const settled = (page: Rendered) => waitFor(() => page.data.status !== 'loading' && page.data.peopleStatus !== 'loading', 'the page to settle');

it('shows the server’s Beijing time and that today is a statutory holiday', async () => {
  const page = render(PAGE);
  await settled(page);
  const text = textOf(page);
  expect(text).toContain('服务正常');
  expect(text).toContain('2026年10月1日 星期四 10:00');
  expect(text).toContain('法定节假日（国庆节）');
  expect(text).toContain('当前身份 未登录');
});

it('names the kind of day from the real calendar', async () => {
  const days: [string, string][] = [
    ['2026-10-10T09:00:00+08:00', '调休上班（国庆节）'],
    ['2026-10-12T09:00:00+08:00', '工作日'],
    ['2026-10-18T09:00:00+08:00', '休息日'],
  ];
  for (const [at, expected] of days) {
    tc.cloud.clock.set(at, { frozen: true });
    const page = render(PAGE);
    await settled(page);
    expect(page.querySelector('#day')!.dom!.textContent).toBe(expected);
  }
});

it('lists the local demo people, and picking one logs in as them', async () => {
  const page = render(PAGE);
  await settled(page);
  expect(textOf(page)).toContain('本地演示登录');
  const people = page.querySelectorAll('.person');
  expect(people.map((p) => textOf(p))).toEqual(['王建国 第一书记 · 驻村干部（石桥村）', '李秀英 组织员 · 组织部（城关县）']);

  people[1]!.dispatchEvent('tap');
  await waitFor(() => page.data.status === 'ok' && page.data.caller === 'o-staff-li', 'the ping as the chosen person');
  expect(wx.storage.get(OPENID_KEY)).toBe('o-staff-li');
  expect(page.querySelector('#me')!.dom!.textContent).toBe('李秀英');
  expect(textOf(page.querySelectorAll('.person')[1]!)).toContain('当前');

  // The login is kept: a new page opens as the same person, and logging out forgets it.
  const again = render(PAGE);
  await settled(again);
  expect(again.querySelector('#me')!.dom!.textContent).toBe('李秀英');
  again.querySelector('#logout')!.dispatchEvent('tap');
  await waitFor(() => again.data.status === 'ok' && again.data.caller === '', 'the ping after logging out');
  expect(again.querySelector('#me')!.dom!.textContent).toBe('未登录');
  expect(wx.storage.has(OPENID_KEY)).toBe(false);
});

it('shows a readable Chinese error when the call fails, and 重试 recovers', async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  setTransport(() => Promise.reject(new Error('socket hang up')));
  const page = render(PAGE);
  await settled(page);
  expect(page.data.status).toBe('error');
  const text = textOf(page);
  expect(text).toContain('暂时连不上服务');
  expect(text).toContain('网络不畅，请检查网络后重试');
  expect(text).not.toContain('服务正常');

  setTransport(null); // back to the real local transport
  page.querySelector('#retry')!.dispatchEvent('tap');
  await waitFor(() => page.data.status === 'ok', 'the retry');
  expect(textOf(page)).toContain('法定节假日（国庆节）');
  jest.restoreAllMocks();
});

it('shows the error when the local cloud cannot be reached at all', async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  config.localUrl = 'http://127.0.0.1:1'; // nothing listens there
  try {
    const page = render(PAGE);
    await settled(page);
    expect(page.querySelector('#error')!.dom!.textContent).toBe('网络不畅，请检查网络后重试');
    expect(page.querySelector('#people-error')!.dom!.textContent).toBe('网络不畅，请检查网络后重试');
  } finally {
    config.localUrl = tc.cloud.url;
    jest.restoreAllMocks();
  }
});

describe('routes each role to its start page', () => {
  const navigateTo = () => jest.spyOn((globalThis as unknown as { wx: WechatMiniprogram.Wx }).wx, 'navigateTo');
  afterEach(() => jest.restoreAllMocks());

  /** Render the home page as `openid` and wait for people.me. */
  async function homeAs(openid: string | null): Promise<Rendered> {
    if (openid) wx.storage.set(OPENID_KEY, openid);
    const page = render(PAGE);
    await waitFor(() => page.data.meStatus !== 'idle' && page.data.meStatus !== 'loading', 'people.me');
    return page;
  }

  it('offers a staff member of 花垣县 the organisation of their county', async () => {
    const go = navigateTo();
    const page = await homeAs('demo-hy-staff');
    expect(el(page, '#hello').dom!.textContent).toBe('您好，石慧敏');
    expect(textOf(el(page, '#start-staff'))).toBe('组织部门 · 花垣县 管理辖区的组织和人员 ›');
    expect(page.querySelector('#bind')).toBeUndefined();
    await tap(page, '#start-staff');
    expect(go).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/admin/org/units/index' }));
  });

  it('links a county’s staff to the scoring pages under their card', async () => {
    const go = navigateTo();
    const page = await homeAs('demo-hy-staff');
    expect(page.querySelectorAll('#links-staff .start-link').map((l) => textOf(l))).toEqual(['考核排名 ›', '考核公布 ›', '补助签核 ›', '年度考评 ›', '目标管理 ›', '民主测评管理 ›', '驻点情况 ›', '驻点日设置 ›', '农户管理 ›', '走访小组 ›', '走访统计 ›', '走访问题台账 ›', '暗访记录 ›', '暗访通报 ›', '暗访统计 ›', '驻村记实查阅 ›', '工作报告 ›', '帮扶项目 ›', '帮扶统计 ›', '培训管理 ›', '工作动态 ›', '工作动态完成情况 ›', '辅导统计 ›', '政策文件管理 ›', '互动分享 ›']);
    await tap(page, '#link-scoring-ranking');
    expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/scoring/ranking/index' }));
    await tap(page, '#link-scoring-publish');
    expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/scoring/publish/index' }));
    await tap(page, '#link-scoring-allowance');
    expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/scoring/allowance/index' }));
  });

  it('leaves 考核公布 out for a township’s staff: a county or the city publishes', async () => {
    const page = await homeAs('demo-sl-staff');
    expect(page.querySelectorAll('#links-staff .start-link').map((l) => textOf(l))).toEqual(['考核排名 ›', '补助签核 ›', '目标管理 ›', '民主测评管理 ›', '驻点情况 ›', '驻点日设置 ›', '农户管理 ›', '走访小组 ›', '走访统计 ›', '走访问题台账 ›', '暗访记录 ›', '暗访统计 ›', '驻村记实查阅 ›', '工作报告 ›', '帮扶项目 ›', '帮扶统计 ›', '培训管理 ›', '工作动态 ›', '辅导统计 ›', '政策文件管理 ›', '互动分享 ›']);
  });

  it('links a cadre to 我的考核', async () => {
    const go = navigateTo();
    const page = await homeAs('demo-fs-shibadong');
    expect(page.querySelectorAll('.start-link').map((l) => textOf(l))).toEqual(['驻点日签到 ›', '入户走访 ›', '问题台账 ›', '驻村记实 ›', '帮扶项目 ›', '工作动态 ›', '我的考核 ›', '我的目标 ›', '半年工作报告 ›', '我的培训 ›', '驻村辅导 ›', '政策文件 ›', '互动分享 ›']);
    await tap(page, '#link-scoring-mine');
    expect(go).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/scoring/mine/index' }));
  });

  it('offers a first secretary the check-in page', async () => {
    const go = navigateTo();
    const page = await homeAs('demo-fs-shibadong');
    expect(page.querySelectorAll('.start-card').map((c) => textOf(c))).toEqual(['第一书记 · 十八洞村 签到、补卡、查看签到记录 ›']);
    await tap(page, '#start-cadre');
    expect(go).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/checkin/index/index' }));
  });

  it('offers a township’s leave approver the inbox', async () => {
    const go = navigateTo();
    const page = await homeAs('demo-sl-approver');
    expect(page.querySelectorAll('.start-card').map((c) => textOf(c))).toEqual(['请假审批 · 双龙镇 审批请假 ›']);
    expect(page.querySelectorAll('.start-link')).toHaveLength(0);
    await tap(page, '#start-approver');
    expect(go).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/admin/leave/inbox/index' }));
  });

  it('gives a group admin of three villages one card naming all three', async () => {
    const page = await homeAs('demo-ga-lvdongshan');
    expect(page.querySelectorAll('.start-card').map((c) => textOf(c))).toEqual(['村群管理员 · 夯沙村、吕洞村、夯吉村 查看我的身份 ›']);
  });

  it('gives a WeChat user not yet bound one big button to the bind page', async () => {
    const go = navigateTo();
    const page = await homeAs('o-not-bound-yet');
    expect(textOf(el(page, '#bind'))).toBe('输入邀请码绑定身份');
    expect(page.querySelectorAll('.start-card')).toHaveLength(0);
    await tap(page, '#bind');
    expect(go).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/people/bind/index' }));
  });

  it('lets a developer act as a new, unbound WeChat user to try binding', async () => {
    const page = await homeAs('demo-hy-staff');
    await waitFor(() => page.data.peopleStatus === 'ok', 'the demo login list');
    await tap(page, '#new-user');
    await waitFor(() => /^local-new-/.test(page.data.caller) && page.data.meStatus === 'unbound', 'people.me as the new user');
    expect(wx.storage.get(OPENID_KEY)).toBe(page.data.caller);
    expect(textOf(el(page, '#bind'))).toBe('输入邀请码绑定身份');
  });

  it('asks again when another demo person is picked', async () => {
    const page = await homeAs('demo-hy-staff');
    await waitFor(() => page.data.peopleStatus === 'ok', 'the demo login list');
    expect(page.querySelectorAll('.start-card')).toHaveLength(1);
    // 王建国 of this file's login list is in no database: picking him shows the bind button.
    await tap(page, '.person');
    await waitFor(() => page.data.caller === 'o-cadre-wang' && page.data.meStatus === 'unbound', 'people.me as the new person');
    expect(page.querySelectorAll('.start-card')).toHaveLength(0);
    expect(textOf(el(page, '#bind'))).toBe('输入邀请码绑定身份');
  });
});

describe('villagers and the pages of their complaints and notices (issue 9)', () => {
  const navigateTo = () => jest.spyOn((globalThis as unknown as { wx: WechatMiniprogram.Wx }).wx, 'navigateTo');
  afterEach(() => jest.restoreAllMocks());

  async function homeAs(openid: string): Promise<Rendered> {
    wx.storage.set(OPENID_KEY, openid);
    const page = render(PAGE);
    await waitFor(() => page.data.meStatus !== 'idle' && page.data.meStatus !== 'loading', 'people.me');
    return page;
  }
  const voices = (page: Rendered) => page.querySelectorAll('.voice-link').map((l) => textOf(l));

  it('gives a villager who came from the village group 我的村, and no bind prompt', async () => {
    await asVillager(tc, 'o-home-villager');
    const go = navigateTo();
    const page = await homeAs('o-home-villager');
    expect(page.data.meStatus).toBe('unbound');
    expect(textOf(el(page, '#my-village'))).toBe('我的村 · 十八洞村 反映诉求、查看村务公开 ›');
    expect(textOf(el(page, '#cadre-bind-hint'))).toContain('村民不用绑定');
    expect(textOf(page)).not.toContain('欢迎使用在岗');
    await tap(page, '#my-village');
    expect(go).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/village/home/index?from=home' }));
  });

  it('gives a demo villager of 十八洞村 their card and 我的村 once they came from the group', async () => {
    await asVillager(tc, 'demo-vl-shibadong-1');
    const page = await homeAs('demo-vl-shibadong-1');
    expect(textOf(el(page, '#my-village'))).toContain('我的村 · 十八洞村');
    expect(page.querySelectorAll('.start-card').map((c) => textOf(c))).toEqual(['村民 · 十八洞村 查看我的身份 ›']);
    expect(page.querySelector('#voices')).toBeUndefined();
  });

  it('links staff to 诉求受理 and 诉求统计', async () => {
    const go = navigateTo();
    const page = await homeAs('demo-sl-staff');
    expect(voices(page)).toEqual(['诉求受理 ›', '诉求统计 ›']);
    // The staff card's own links are as they were.
    expect(page.querySelectorAll('#links-staff .start-link').map((l) => textOf(l))).toEqual(['考核排名 ›', '补助签核 ›', '目标管理 ›', '民主测评管理 ›', '驻点情况 ›', '驻点日设置 ›', '农户管理 ›', '走访小组 ›', '走访统计 ›', '走访问题台账 ›', '暗访记录 ›', '暗访统计 ›', '驻村记实查阅 ›', '工作报告 ›', '帮扶项目 ›', '帮扶统计 ›', '培训管理 ›', '工作动态 ›', '辅导统计 ›', '政策文件管理 ›', '互动分享 ›']);
    expect(page.querySelector('#my-village')).toBeUndefined();
    await tap(page, '#voice-complaint-inbox');
    expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/complaint/inbox/index' }));
    await tap(page, '#voice-complaint-figures');
    expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/complaint/figures/index' }));
  });

  it('links a 村群管理员 to 诉求受理 and 村务公开管理', async () => {
    const go = navigateTo();
    const page = await homeAs('demo-ga-lvdongshan');
    expect(voices(page)).toEqual(['诉求受理 ›', '村务公开管理 ›']);
    expect(page.querySelectorAll('#links-groupAdmin .start-link').map((l) => textOf(l))).toEqual(['民主测评 ›']);
    await tap(page, '#voice-notice-manage');
    expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/notice/manage/index' }));
  });

  it('links a department to 部门办理, and discipline staff to 诉求受理 and 诉求统计', async () => {
    const go = navigateTo();
    const dept = await homeAs('demo-hy-dept-civil');
    expect(voices(dept)).toEqual(['部门办理 ›']);
    await tap(dept, '#voice-complaint-dept');
    expect(go).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/complaint/dept/index' }));
    expect(voices(await homeAs('demo-hy-discipline'))).toEqual(['诉求受理 ›', '诉求统计 ›']);
    const discipline = await homeAs('demo-hy-discipline');
    expect(discipline.querySelectorAll('#links-discipline .start-link').map((l) => textOf(l))).toEqual(['暗访记录 ›', '暗访统计 ›']);
  });

  it('links neither a cadre nor an approver to them', async () => {
    expect(voices(await homeAs('demo-fs-shibadong'))).toEqual([]);
    expect(voices(await homeAs('demo-sl-approver'))).toEqual([]);
  });
});
