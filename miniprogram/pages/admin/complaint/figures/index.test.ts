/**
 * 诉求统计 against a real local cloud seeded with the demo county. In May 2026 villagers of 夯沙村
 * raise three 便民服务 complaints, answered on time and rated 满意, 基本满意 and (twice) 不满意, and
 * a 舆情管控 one answered late; 吕洞村's villagers raise a 宣传教育 one, refused after it was
 * accepted, and one nobody has accepted yet; a report about 夯沙村's first secretary goes to
 * discipline staff alone. 龙春花 (吕洞山镇) and 张晓红 (保靖县纪委监委) read the figures; 导出台账
 * opens the month's complaints ledger that the ledger function builds.
 */
import * as http from 'node:http';
import { localTransport } from '../../../../api/client';
import type { CallRequest } from '../../../../api/index';
import { setTransport } from '../../../../api/index';
import { useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/complaint/figures/index';
const demo = useDemoCloud();

const GROUP_ADMIN = 'demo-ga-lvdongshan';
const TOWN = 'demo-ld-staff'; // 龙春花, 吕洞山镇
const DISCIPLINE = 'demo-bj-discipline'; // 张晓红, 保靖县纪委监委
const POLICE = 'demo-bj-dept-police';
const GROUPS: Record<string, string> = { 'vil-hangsha': 'G-figures-hangsha', 'vil-lvdong': 'G-figures-lvdong' };

const cloudId = (openid: string, opengid: string) => demo.tc.cloud.functions.issueCloudId(openid, { opengid });
const ok = async (p: Promise<{ ok: boolean }>) => expect(await p).toMatchObject({ ok: true });
let n = 0;

async function raise(villageId: string, text: string, extra: Record<string, unknown> = {}): Promise<{ id: string; openid: string }> {
  const openid = `o-figures-${++n}`;
  await ok(demo.tc.call('village.enter', { groupCloudId: cloudId(openid, GROUPS[villageId]!) }, openid));
  const r = await demo.tc.call('complaint.raise', { villageId, clientId: `figures-page-${n}-abcdefgh`, text, ...extra }, openid);
  expect(r).toMatchObject({ ok: true });
  return { id: r.data.id, openid };
}

async function answered(text: string, category: string): Promise<{ id: string; openid: string }> {
  const c = await raise('vil-hangsha', text);
  await ok(demo.tc.call('complaint.dispatch', { id: c.id, category, unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN));
  await ok(demo.tc.call('complaint.answer', { id: c.id, text: '已处理完毕' }, POLICE));
  return c;
}

beforeAll(async () => {
  for (const [villageId, group] of Object.entries(GROUPS)) await ok(demo.tc.call('village.bindGroup', { villageId, groupCloudId: cloudId(GROUP_ADMIN, group) }, GROUP_ADMIN));
  demo.at('2026-05-12T10:00:00+08:00');
  const a = await answered('村口的路灯坏了两个月，晚上看不见路', 'service');
  await ok(demo.tc.call('complaint.rate', { id: a.id, value: 'satisfied' }, a.openid));
  const b = await answered('三组的自来水管破了，已经停水三天', 'service');
  await ok(demo.tc.call('complaint.rate', { id: b.id, value: 'basicallySatisfied' }, b.openid));
  const c = await answered('低保申请交上去一个月了没有消息', 'service');
  await ok(demo.tc.call('complaint.rate', { id: c.id, value: 'unsatisfied' }, c.openid));
  await ok(demo.tc.call('complaint.answer', { id: c.id, text: '已上门说明审核进度' }, POLICE));
  await ok(demo.tc.call('complaint.rate', { id: c.id, value: 'unsatisfied' }, c.openid));
  // 舆情管控: two working days, due Thursday 14 May at 18:00; answered on Friday.
  const late = await raise('vil-hangsha', '群里有人说要征地拆迁，大家很担心，请澄清');
  await ok(demo.tc.call('complaint.dispatch', { id: late.id, category: 'opinion', unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN));
  demo.at('2026-05-15T09:00:00+08:00');
  await ok(demo.tc.call('complaint.answer', { id: late.id, text: '已在群里发布说明' }, POLICE));
  const edu = await raise('vil-lvdong', '希望村里组织一次防溺水安全宣传', { category: 'education' });
  await ok(demo.tc.call('complaint.accept', { id: edu.id, category: 'education' }, TOWN));
  await ok(demo.tc.call('complaint.reject', { id: edu.id, reason: '学校已组织，村里不再重复' }, TOWN));
  await raise('vil-lvdong', '村里的垃圾好几天没人清运了');
  // The report about the cadre (discipline staff only).
  const openid = 'o-figures-whistle';
  await ok(demo.tc.call('village.enter', { groupCloudId: cloudId(openid, GROUPS['vil-hangsha']!) }, openid));
  const form = await demo.tc.call('complaint.form', { villageId: 'vil-hangsha' }, openid);
  const cadre = form.data.cadres.find((x: { name: string }) => x.name === '刘振邦');
  await ok(demo.tc.call('complaint.raise', { villageId: 'vil-hangsha', clientId: 'figures-page-whistle-1', category: 'report', text: '第一书记经常不在村，工作日也在县城', about: { personId: cadre.id, name: '刘振邦' } }, openid));
});

async function open(openid: string, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.figuresStatus !== 'loading' && p.data.units.length > 0)), 'the figures');
}

/** Each row as shown: the name, then 收到 受理 按时办结 逾期 满意度. */
const categoryRows = (page: Rendered) => page.querySelectorAll('.category-row').map(textOf);
const villageRows = (page: Rendered) => page.querySelectorAll('.village-row').map(textOf);

it('counts the township’s month by category and by village, with the satisfaction rate', async () => {
  const page = await open(TOWN);
  expect(textOf(el(page, '#unit-name'))).toBe('吕洞山镇 ▾');
  expect(textOf(el(page, '#month-text'))).toBe('2026年5月 ▾');
  expect(textOf(el(page, '#title'))).toBe('吕洞山镇 2026年5月诉求情况');
  expect(textOf(el(page, '#category-head'))).toBe('类别 收到 受理 按时办结 逾期 满意度');
  expect(categoryRows(page)).toEqual([
    '宣传教育 1 0 0 0 —',
    '公示公开 0 0 0 0 —',
    '便民服务 3 3 3 0 66.7%',
    // The report about the cadre is not the township's to count.
    '信访举报 0 0 0 0 —',
    '舆情管控 1 1 0 1 —',
    '未分类 1 0 0 0 —',
  ]);
  expect(textOf(el(page, '#total'))).toBe('合计 6 4 3 1 66.7%');
  expect(textOf(el(page, '#village-head'))).toBe('村（社区） 收到 受理 按时办结 逾期 满意度');
  expect(villageRows(page)).toEqual(['夯沙村 4 4 3 1 66.7%', '吕洞村 2 0 0 0 —']);
  expect(textOf(el(page, '#explain'))).toContain('不含不予受理的 1 件');
  expect(textOf(el(page, '#explain'))).toContain('已评价（3 件）');

  // April: nothing.
  await pick(page, '#month', '2026-04');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.month === '2026-04', 'April');
  expect(textOf(el(page, '#total'))).toBe('合计 0 0 0 0 —');
  expect(textOf(el(page, '#no-villages'))).toBe('这个月没有收到诉求');

  // One village.
  await pick(page, '#month', '2026-05');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.month === '2026-05', 'May');
  const i = page.data.units.findIndex((u: { id: string }) => u.id === 'vil-lvdong');
  expect(page.data.unitLabels[i]).toBe('吕洞山镇 / 吕洞村');
  await pick(page, '#unit', i);
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.unitId === 'vil-lvdong', '吕洞村');
  expect(textOf(el(page, '#total'))).toBe('合计 2 0 0 0 —');
  expect(villageRows(page)).toEqual(['吕洞村 2 0 0 0 —']);
});

it('counts the confidential report for discipline staff', async () => {
  const page = await open(DISCIPLINE);
  expect(textOf(el(page, '#unit-name'))).toBe('保靖县 ▾');
  expect(categoryRows(page)).toContain('信访举报 1 0 0 0 —');
  expect(textOf(el(page, '#total'))).toBe('合计 7 4 3 1 66.7%');
  expect(villageRows(page)).toEqual(['夯沙村 5 4 3 1 66.7%', '吕洞村 2 0 0 0 —']);
});

it('asks the ledger function for the month’s complaints ledger of the unit shown', async () => {
  const sent: CallRequest[] = [];
  setTransport(async (req) => {
    sent.push(req);
    return localTransport(req);
  });
  const shown = { opened: 0, toasts: [] as string[], bytes: '' };
  jest.spyOn(wx, 'showLoading').mockImplementation(() => undefined as never);
  jest.spyOn(wx, 'hideLoading').mockImplementation(() => undefined as never);
  jest.spyOn(wx, 'showToast').mockImplementation(((o: { title: string }) => void shown.toasts.push(o.title)) as never);
  // The phone downloads the file the ledger function made (an .xlsx is a zip: it starts with PK).
  jest.spyOn(wx, 'downloadFile').mockImplementation(((o: WechatMiniprogram.DownloadFileOption) => {
    http.get(o.url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        shown.bytes = Buffer.concat(chunks).subarray(0, 2).toString();
        o.success?.({ statusCode: res.statusCode ?? 0, tempFilePath: 'http://tmp/ledger.xlsx', filePath: '', profile: {} as never, errMsg: 'downloadFile:ok' } as never);
      });
    });
  }) as never);
  jest.spyOn(wx, 'openDocument').mockImplementation(((o: WechatMiniprogram.OpenDocumentOption) => {
    shown.opened++;
    setTimeout(() => o.success?.({ errMsg: 'openDocument:ok' }), 0);
  }) as never);

  const page = await open(TOWN);
  await tap(page, '#export');
  await waitFor(() => !page.data.exporting, 'the export');
  expect(sent.filter((r) => r.fn === 'ledger')).toEqual([{ fn: 'ledger', action: 'ledger.exportComplaints', input: { unitId: 'town-lvdongshan', month: '2026-05' } }]);
  expect(shown).toEqual({ opened: 1, toasts: [], bytes: 'PK' });
  setTransport(null);
});

it('refuses people who keep no figures, and a unit outside the caller’s', async () => {
  expect(textOf(el(await open(GROUP_ADMIN), '#forbidden'))).toBe('只有组织部门和纪委监委的同志可以查看诉求统计');
  expect(textOf(el(await open(POLICE), '#forbidden'))).toBe('只有组织部门和纪委监委的同志可以查看诉求统计');
  const other = await open(TOWN, { unitId: 'county-huayuan' });
  expect(other.data.figuresStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的诉求统计');
});

it('shows a county by township once more than one of its townships has complaints', async () => {
  await ok(demo.tc.call('village.bindGroup', { villageId: 'vil-hulu', groupCloudId: cloudId('demo-ga-hulu', 'G-figures-hulu') }, 'demo-ga-hulu'));
  GROUPS['vil-hulu'] = 'G-figures-hulu';
  demo.at('2026-05-18T10:00:00+08:00');
  await raise('vil-hulu', '葫芦村到镇上的班车停开了，老人看病不方便');
  const page = await open(DISCIPLINE);
  const rows = page.querySelectorAll('.township-row').map((r) => textOf(r));
  expect(rows).toEqual(['葫芦镇 1 0 0 0 —', '吕洞山镇 7 4 3 1 66.7%']);
  // A township alone has one row: no table by township.
  const town = await open(TOWN);
  expect(town.querySelector('#by-township')).toBeUndefined();
});
