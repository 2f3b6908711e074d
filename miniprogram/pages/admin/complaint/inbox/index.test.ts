/**
 * 诉求受理 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026. 石秀珍
 * binds the groups of 夯沙村, 吕洞村 and 夯吉村; villagers enter from them and raise through the
 * api: two wait to be accepted, two are with 保靖县公安局 (one of them 舆情管控, due on Thursday,
 * which the timer's sweep marks overdue on Friday), one was refused, and one is a report about
 * 夯沙村's first secretary. 龙春花 (吕洞山镇), 石秀珍 and 张晓红 (保靖县纪委监委) each see their part.
 */
import { useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { sweep } from '../../../../../server/features/complaint/service';

const PAGE = 'pages/admin/complaint/inbox/index';
const demo = useDemoCloud();

const GROUP_ADMIN = 'demo-ga-lvdongshan'; // 石秀珍, 村群管理员 of 夯沙村, 吕洞村, 夯吉村
const TOWN = 'demo-ld-staff'; // 龙春花, 吕洞山镇
const DISCIPLINE = 'demo-bj-discipline'; // 张晓红, 保靖县纪委监委
const GROUPS: Record<string, string> = { 'vil-hangsha': 'G-inbox-hangsha', 'vil-lvdong': 'G-inbox-lvdong', 'vil-hangji': 'G-inbox-hangji' };

const cloudId = (openid: string, opengid: string) => demo.tc.cloud.functions.issueCloudId(openid, { opengid });
let n = 0;

async function raise(villageId: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const openid = `o-inbox-${++n}`;
  expect(await demo.tc.call('village.enter', { groupCloudId: cloudId(openid, GROUPS[villageId]!) }, openid)).toMatchObject({ ok: true });
  demo.tc.cloud.clock.advance(60_000);
  const r = await demo.tc.call('complaint.raise', { villageId, clientId: `inbox-page-${n}-abcdefgh`, text, ...extra }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const [villageId, group] of Object.entries(GROUPS)) {
    expect(await demo.tc.call('village.bindGroup', { villageId, groupCloudId: cloudId(GROUP_ADMIN, group) }, GROUP_ADMIN)).toMatchObject({ ok: true });
  }
  ids.light = await raise('vil-hangsha', '村口的路灯坏了两个月，晚上看不见路', { category: 'service' });
  ids.school = await raise('vil-lvdong', '希望村里组织一次防溺水安全宣传', { category: 'education' });
  ids.water = await raise('vil-hangsha', '三组的自来水管破了，已经停水三天');
  expect(await demo.tc.call('complaint.dispatch', { id: ids.water, category: 'service', unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN)).toMatchObject({ ok: true });
  ids.rumour = await raise('vil-hangsha', '群里有人说要征地拆迁，大家很担心，请澄清');
  expect(await demo.tc.call('complaint.dispatch', { id: ids.rumour, category: 'opinion', unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN)).toMatchObject({ ok: true });
  ids.refused = await raise('vil-hangsha', '隔壁家的狗太吵了，请村里管一管');
  expect(await demo.tc.call('complaint.reject', { id: ids.refused, reason: '邻里纠纷，请找村调解委员会' }, TOWN)).toMatchObject({ ok: true });
  const openid = 'o-inbox-whistle';
  expect(await demo.tc.call('village.enter', { groupCloudId: cloudId(openid, GROUPS['vil-hangsha']!) }, openid)).toMatchObject({ ok: true });
  const form = await demo.tc.call('complaint.form', { villageId: 'vil-hangsha' }, openid);
  const cadre = form.data.cadres.find((c: { name: string }) => c.name === '刘振邦');
  const r = await demo.tc.call('complaint.raise', { villageId: 'vil-hangsha', clientId: 'inbox-page-whistle-1', category: 'report', text: '第一书记经常不在村，工作日也在县城', about: { personId: cadre.id, name: '刘振邦' } }, openid);
  expect(r).toMatchObject({ ok: true, data: { confidential: true } });
  ids.report = r.data.id;
});

async function open(openid: string, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.listStatus !== 'loading' && p.data.units.length > 0)), 'the inbox');
}

const tabs = (page: Rendered) => page.querySelectorAll('.tab').map(textOf);
const rows = (page: Rendered) => page.querySelectorAll('.complaint').map(textOf);
const listed = (page: Rendered) => page.data.items.map((i: { id: string }) => i.id);
async function tab(page: Rendered, key: string): Promise<void> {
  await tap(page, `#tab-${key}`);
  await waitFor(() => page.data.box === key && page.data.listStatus === 'ok', `the tab ${key}`);
}

it('shows the township its boxes with their counts, oldest first, and opens a complaint', async () => {
  const page = await open(TOWN);
  expect(textOf(el(page, '#unit-name'))).toBe('吕洞山镇 ▾');
  // The report about the cadre is in none of the township's boxes, and it has no 纪委监督.
  expect(tabs(page)).toEqual(['待受理 2', '部门办理中 2', '已逾期 0', '已办结 1']);
  expect(rows(page)).toEqual(['便民服务 夯沙村 待受理 村口的路灯坏了两个月，晚上看不见路 5月12日 10:01 提出', '宣传教育 吕洞村 待受理 希望村里组织一次防溺水安全宣传 5月12日 10:02 提出']);

  await tab(page, 'doing');
  expect(rows(page)).toEqual([
    '便民服务 夯沙村 部门办理中 三组的自来水管破了，已经停水三天 承办：保靖县公安局 5月12日 10:03 提出 截止 5月19日 18:00',
    '舆情管控 夯沙村 部门办理中 群里有人说要征地拆迁，大家很担心，请澄清 承办：保靖县公安局 5月12日 10:04 提出 截止 5月14日 18:00',
  ]);
  await tab(page, 'done');
  expect(rows(page)).toEqual(['未分类 夯沙村 不予受理 隔壁家的狗太吵了，请村里管一管 5月12日 10:05 提出']);
  await tab(page, 'overdue');
  expect(textOf(el(page, '#empty'))).toBe('没有逾期的诉求');

  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tab(page, 'todo');
  await tap(page, `#complaint-${ids.light}`);
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/admin/complaint/detail/index?id=${ids.light}` }));
  await tap(page, '#to-figures');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/complaint/figures/index?unitId=town-lvdongshan' }));

  // Back from the complaint (accepted there meanwhile), the list is read again.
  expect(await demo.tc.call('complaint.accept', { id: ids.light, category: 'service' }, TOWN)).toMatchObject({ ok: true });
  page.instance.onShow();
  await waitFor(() => page.data.items.length === 2 && page.data.items[0].statusName === '已受理', 'the list read again');
  expect(tabs(page)).toEqual(['待受理 2', '部门办理中 2', '已逾期 0', '已办结 1']);
  expect(rows(page)[0]).toBe('便民服务 夯沙村 已受理 村口的路灯坏了两个月，晚上看不见路 5月12日 10:01 提出');
});

it('shows one past its deadline in red under 已逾期 once the timer marked it', async () => {
  demo.at('2026-05-15T09:00:00+08:00');
  await sweep(demo.tc.cloud.clock.now());
  const page = await open(TOWN, { box: 'overdue' });
  expect(tabs(page)).toEqual(['待受理 2', '部门办理中 2', '已逾期 1', '已办结 1']);
  expect(listed(page)).toEqual([ids.rumour]);
  const deadline = el(page, `#complaint-${ids.rumour} .deadline`);
  expect(textOf(deadline)).toBe('截止 5月14日 18:00（已逾期）');
  expect((deadline.dom as unknown as { className: string }).className).toContain('late');
  // Still with the department: under 部门办理中 too, in red; the one not yet due is not.
  await tab(page, 'doing');
  expect(page.data.items.map((i: { overdue: boolean }) => i.overdue)).toEqual([false, true]);
});

it('gives discipline staff their own box with the confidential report, which no one else lists', async () => {
  const page = await open(DISCIPLINE);
  expect(textOf(el(page, '#unit-name'))).toBe('保靖县 ▾');
  // Discipline staff alone: the page opens on 纪委监督.
  expect(page.data.box).toBe('discipline');
  expect(tabs(page)).toEqual(['待受理 2', '部门办理中 2', '已逾期 1', '已办结 1', '纪委监督 1']);
  expect(rows(page)).toEqual(['信访举报 夯沙村 待受理 信访举报·保密 第一书记经常不在村，工作日也在县城 5月12日 10:05 提出']);
  expect(el(page, `#complaint-${ids.report} .secret`)).toBeDefined();
  // The other boxes as the township sees them.
  await tab(page, 'todo');
  expect(listed(page)).toEqual([ids.light, ids.school]);

  const town = await open(TOWN);
  expect(town.querySelector('#tab-discipline')).toBeUndefined();
  for (const key of ['todo', 'doing', 'overdue', 'done']) {
    await tab(town, key);
    expect(listed(town)).not.toContain(ids.report);
  }
});

it('gives a 村群管理员 the picker of her villages, each with its own complaints', async () => {
  const page = await open(GROUP_ADMIN);
  expect(page.data.unitLabels).toEqual(['夯沙村', '吕洞村', '夯吉村']);
  expect(textOf(el(page, '#unit-name'))).toBe('夯沙村 ▾');
  expect(listed(page)).toEqual([ids.light]);
  expect(tabs(page)).toEqual(['待受理 1', '部门办理中 2', '已逾期 1', '已办结 1']);
  // Not the figures: they are kept by the township, the county and discipline staff.
  expect(page.querySelector('#to-figures')).toBeUndefined();
  await pick(page, '#unit', 1);
  await waitFor(() => page.data.unitId === 'vil-lvdong' && page.data.listStatus === 'ok', '吕洞村');
  expect(listed(page)).toEqual([ids.school]);
  expect(tabs(page)).toEqual(['待受理 1', '部门办理中 0', '已逾期 0', '已办结 0']);
});

it('shows 20 at a time', async () => {
  for (let i = 0; i < 21; i++) await raise('vil-hangji', `夯吉村的第${i + 1}件事，请村里帮忙看看`);
  const page = await open(GROUP_ADMIN, { unitId: 'vil-hangji' });
  expect(textOf(el(page, '#unit-name'))).toBe('夯吉村 ▾');
  expect(rows(page)).toHaveLength(20);
  expect(textOf(el(page, '#more'))).toBe('加载更多（已显示 20 / 21）');
  await tap(page, '#more');
  await waitFor(() => page.data.items.length === 21 && !page.data.loadingMore, 'the next page');
  expect(rows(page)[20]).toContain('夯吉村的第21件事');
  expect(page.querySelector('#more')).toBeUndefined();
});

it('refuses people who handle no complaints, and a unit outside the caller’s', async () => {
  expect(textOf(el(await open('demo-fs-hangsha'), '#forbidden'))).toBe('只有组织部门、村群管理员和纪委监委的同志可以受理诉求');
  expect(textOf(el(await open('demo-bj-dept-police'), '#forbidden'))).toBe('只有组织部门、村群管理员和纪委监委的同志可以受理诉求');
  const other = await open(TOWN, { unitId: 'town-shuanglong' });
  expect(other.data.listStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的诉求');
});
