/**
 * 部门办理 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026.
 * Villagers of 夯沙村 raise through the api and 龙春花 (吕洞山镇) dispatches: two to 保靖县公安局
 * (便民服务 due in five working days, 舆情管控 in two), one to 保靖县农业农村局. 梁志刚 sees his two,
 * the nearest deadline first, opens one from the list and answers it on its page; it moves to
 * 已办结. 田玉兰 sees only hers.
 */
import { useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/complaint/dept/index';
const DETAIL = 'pages/admin/complaint/detail/index';
const demo = useDemoCloud();

const GROUP_ADMIN = 'demo-ga-lvdongshan';
const TOWN = 'demo-ld-staff'; // 龙春花, 吕洞山镇
const POLICE = 'demo-bj-dept-police'; // 梁志刚, 保靖县公安局
const AGRI = 'demo-bj-dept-agri'; // 田玉兰, 保靖县农业农村局
const GROUP = 'G-dept-hangsha';

const cloudId = (openid: string, opengid: string) => demo.tc.cloud.functions.issueCloudId(openid, { opengid });
let n = 0;

async function dispatched(text: string, category: string, departmentId: string): Promise<string> {
  const openid = `o-dept-${++n}`;
  expect(await demo.tc.call('village.enter', { groupCloudId: cloudId(openid, GROUP) }, openid)).toMatchObject({ ok: true });
  demo.tc.cloud.clock.advance(60_000);
  const r = await demo.tc.call('complaint.raise', { villageId: 'vil-hangsha', clientId: `dept-page-${n}-abcdefgh`, text }, openid);
  expect(r).toMatchObject({ ok: true });
  expect(await demo.tc.call('complaint.dispatch', { id: r.data.id, category, unitId: 'county-baojing', departmentId }, TOWN)).toMatchObject({ ok: true });
  return r.data.id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  expect(await demo.tc.call('village.bindGroup', { villageId: 'vil-hangsha', groupCloudId: cloudId(GROUP_ADMIN, GROUP) }, GROUP_ADMIN)).toMatchObject({ ok: true });
  ids.light = await dispatched('村口的路灯坏了两个月，晚上看不见路', 'service', 'dept-baojing-police');
  ids.rumour = await dispatched('群里有人说要征地拆迁，大家很担心，请澄清', 'opinion', 'dept-baojing-police');
  ids.seed = await dispatched('今年的玉米种子发芽率很低，请农业局来看看', 'service', 'dept-baojing-agri');
});

async function open(openid: string, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && !p.data.listLoading, 'the department’s complaints');
}

const tabs = (page: Rendered) => page.querySelectorAll('.tab').map(textOf);
const rows = (page: Rendered) => page.querySelectorAll('.complaint').map(textOf);

it('lists the department’s complaints nearest deadline first; one answered on its page moves to 已办结', async () => {
  const page = await open(POLICE);
  expect(tabs(page)).toEqual(['办理中 2', '已办结 0']);
  expect(rows(page)).toEqual([
    '舆情管控 夯沙村 部门办理中 群里有人说要征地拆迁，大家很担心，请澄清 5月12日 10:02 提出 截止 5月14日 18:00',
    '便民服务 夯沙村 部门办理中 村口的路灯坏了两个月，晚上看不见路 5月12日 10:01 提出 截止 5月19日 18:00',
  ]);

  // Opened from the list, answered on the complaint's page.
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, `#complaint-${ids.rumour}`);
  const url = (navigateTo.mock.lastCall![0] as { url: string }).url;
  expect(url).toBe(`/pages/admin/complaint/detail/index?id=${ids.rumour}`);
  demo.at('2026-05-13T15:00:00+08:00');
  const detail = await openPage(DETAIL, { id: url.split('=')[1]! }, (p) => p.data.status !== 'loading');
  expect(detail.data.can).toMatchObject({ answer: true, askExtension: true });
  await tap(detail, '#open-answer');
  await type(detail, '#answer-input', '已在村民群中发布说明：本村没有征地拆迁计划');
  await tap(detail, '#confirm-answer');
  await waitFor(() => !detail.data.busy && !detail.data.reading && detail.data.notice !== '', 'the answer');
  expect(textOf(el(detail, '#notice'))).toBe('已答复办结，等待村民评价');

  // Back on the list: read again.
  page.instance.onShow();
  await waitFor(() => page.data.items.length === 1, 'the list read again');
  expect(tabs(page)).toEqual(['办理中 1', '已办结 1']);
  await tap(page, '#tab-done');
  await waitFor(() => page.data.box === 'done' && !page.data.listLoading, '已办结');
  expect(rows(page)).toEqual(['舆情管控 夯沙村 已答复待评价 群里有人说要征地拆迁，大家很担心，请澄清 5月12日 10:02 提出 截止 5月14日 18:00']);
});

it('shows another department only its own, and a late one in red', async () => {
  demo.at('2026-05-20T09:00:00+08:00');
  const page = await open(AGRI);
  expect(tabs(page)).toEqual(['办理中 1', '已办结 0']);
  expect(page.data.items.map((i: { id: string }) => i.id)).toEqual([ids.seed]);
  // Past its deadline (Tuesday 19 May, 18:00), though the timer has not run yet.
  const deadline = el(page, `#complaint-${ids.seed} .deadline`);
  expect(textOf(deadline)).toBe('截止 5月19日 18:00（已逾期）');
  expect((deadline.dom as unknown as { className: string }).className).toContain('late');
});

it('refuses people who are not a department', async () => {
  expect(textOf(el(await open(TOWN), '#forbidden'))).toBe('只有职能部门的同志可以办理交办的诉求');
  expect(textOf(el(await open(GROUP_ADMIN), '#forbidden'))).toBe('只有职能部门的同志可以办理交办的诉求');
});
