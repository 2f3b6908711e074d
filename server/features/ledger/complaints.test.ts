/**
 * The complaints ledger through the `ledger` function: a month of 吕洞山镇's complaints made
 * through the api as villagers and handlers make them (the 村群管理员 binds the groups, villagers
 * come in from a group's cloudID, raise; the township accepts, rejects, dispatches; the
 * department answers, late once after the sweep marked it overdue; villagers rate, once 不满意),
 * exported and read back with exceljs: the layout of its three sheets, each complaint's row,
 * the figures against `complaint.figures` with their sums, no villager's identity or contact
 * anywhere, and a confidential report about the village's cadre absent from the township's file
 * and the county's, present in discipline staff's.
 */
import * as ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { unique } from '../../../test/fixtures';
import { db } from '../../platform/cloud';
import { sweep } from '../complaint/service';

const GROUP_ADMIN = 'demo-ga-lvdongshan'; // 石秀珍, 村群管理员 of 夯沙村 and 吕洞村
const TOWN = 'demo-ld-staff'; // 龙春花, 吕洞山镇
const COUNTY = 'demo-bj-staff'; // 彭雪芳, 保靖县
const DISCIPLINE = 'demo-bj-discipline'; // 张晓红, 保靖县纪委监委
const POLICE = 'demo-bj-dept-police'; // 保靖县公安局
const CADRE = 'demo-fs-hangsha'; // 刘振邦, 夯沙村第一书记
const OTHER_TOWN = 'demo-sl-staff'; // 双龙镇 (花垣县)
const HANGSHA = 'vil-hangsha';
const LVDONG = 'vil-lvdong';
const G_HANGSHA = 'G-ledger-hangsha';
const G_LVDONG = 'G-ledger-lvdong';
const PHONE = '13912340001';

let t: TestCloud;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const cloudId = (openid: string, opengid: string) => t.cloud.functions.issueCloudId(openid, { opengid });

type Answer = { ok: boolean; code?: string; message?: string; data?: any };
const exportAs = async (input: Record<string, unknown>, openid: string) => (await t.invoke('ledger', { action: 'ledger.exportComplaints', input }, openid)) as Answer;

async function villager(openid: string, group: string): Promise<void> {
  expect(await t.call('village.enter', { groupCloudId: cloudId(openid, group) }, openid)).toMatchObject({ ok: true });
}

async function raise(openid: string, villageId: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.call('complaint.raise', { villageId, clientId: `ledger-cp-${unique()}-abcdefgh`, text, ...extra }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

const ok = async (action: string, input: Record<string, unknown>, openid: string) => {
  const r = await t.call(action, input, openid);
  expect([action, r]).toMatchObject([action, { ok: true }]);
  return r.data;
};
const dispatch = (id: string, category: string) => ok('complaint.dispatch', { id, category, unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN);

/** The workbook behind an answer, fetched from its temporary link as a phone would, and read back. */
async function download(answer: Answer): Promise<ExcelJS.Workbook> {
  expect(answer).toMatchObject({ ok: true });
  const res = await fetch(answer.data.url);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as never);
  return wb;
}

const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(3).values as unknown[]).slice(1) as string[];
/** The data rows (4 … before 合计) as objects by header. */
function rowsOf(ws: ExcelJS.Worksheet, rows: number): Record<string, unknown>[] {
  const hs = headers(ws);
  const out: Record<string, unknown>[] = [];
  for (let r = 4; r < 4 + rows; r++) out.push(Object.fromEntries(hs.map((h, i) => [h, ws.getCell(r, i + 1).value])));
  return out;
}
/** Every cell's text, of every sheet. */
function allText(wb: ExcelJS.Workbook): string {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => out.push(typeof cell.value === 'object' && cell.value !== null ? JSON.stringify(cell.value) : String(cell.value)))));
  return out.join('\n');
}
/** Title, subtitle, headers, the frozen view and the widths, as every ledger has them. */
function expectLayout(ws: ExcelJS.Worksheet, wanted: string[]) {
  expect(ws.getCell('A1').value).toBe('中共保靖县委组织部 2026年5月村民诉求办理台账');
  expect(ws.getCell('A1').font).toMatchObject({ bold: true });
  expect(ws.getCell(1, headers(ws).length).isMerged).toBe(true);
  expect(String(ws.getCell('A2').value)).toMatch(/^单位：.+　期间：2026年5月　导出时间：2026-05-20 10:00　导出人：/);
  expect(headers(ws)).toEqual(wanted);
  for (let i = 1; i <= wanted.length; i++) {
    expect(ws.getCell(3, i).font).toMatchObject({ bold: true });
    expect(ws.getCell(3, i).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.getColumn(i).width).toBeGreaterThanOrEqual(6);
  }
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
}

const LIST = ['序号', '编号', '乡镇（街道）', '村（社区）', '类别', '诉求内容', '提出时间', '状态', '承办部门', '办结时限', '办结时间', '是否按时', '是否逾期', '评价', '备注'];
const FIGURES = ['收到', '受理', '不予受理', '已办结', '按时办结', '逾期', '满意', '基本满意', '不满意'];
const KEYS = ['received', 'accepted', 'rejected', 'answered', 'onTime', 'overdue', 'satisfied', 'basicallySatisfied', 'unsatisfied'];

/** A figures sheet against complaint.figures's rows (by `name`), with its 合计 row: SUM formulas and results. */
function expectFigures(ws: ExcelJS.Worksheet, first: string, api: any[], total: any) {
  expectLayout(ws, [first, ...FIGURES]);
  const rows = rowsOf(ws, api.length);
  expect(rows.map((r) => r[first])).toEqual(api.map((r) => r.name));
  for (const r of api) expect(FIGURES.map((h) => rows.find((x) => x[first] === r.name)![h])).toEqual(KEYS.map((k) => r[k]));
  const sums = ws.getRow(4 + api.length);
  expect(sums.getCell(1).value).toBe('合计');
  FIGURES.forEach((h, i) => {
    const letter = ws.getColumn(i + 2).letter;
    const cell = sums.getCell(i + 2).value as { formula: string; result?: number };
    // exceljs's reader leaves a result of 0 out (the file holds it).
    expect([h, cell.formula, cell.result ?? 0]).toEqual([h, `SUM(${letter}4:${letter}${3 + api.length})`, total[KEYS[i]!]]);
  });
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-04-28T09:00:00+08:00');
  await seedDemo();
  await ok('village.bindGroup', { villageId: HANGSHA, groupCloudId: cloudId(GROUP_ADMIN, G_HANGSHA) }, GROUP_ADMIN);
  await ok('village.bindGroup', { villageId: LVDONG, groupCloudId: cloudId(GROUP_ADMIN, G_LVDONG) }, GROUP_ADMIN);
  await villager('o-lg-a', G_HANGSHA);
  // April's: not in May's ledger.
  ids.april = await raise('o-lg-a', HANGSHA, '四月份反映的事情：村道边的护栏被撞坏了', { category: 'service' });

  // 12 May, a Tuesday.
  at('2026-05-12T10:00:00+08:00');
  await villager('o-lg-a', G_HANGSHA);
  await villager('o-lg-b', G_LVDONG);
  await villager('o-lg-c', G_HANGSHA);
  await villager('o-lg-w', G_HANGSHA);
  // A: 便民服务 with a contact, dispatched, answered in time, 满意.
  ids.a = await raise('o-lg-a', HANGSHA, '村口的路灯坏了两个月，晚上看不见路', { category: 'service', contact: { name: '石大姐', phone: PHONE } });
  at('2026-05-12T10:05:00+08:00');
  // B: 宣传教育 at 吕洞村, accepted.
  ids.b = await raise('o-lg-b', LVDONG, '希望村里多组织几次防诈骗宣传', { category: 'education' });
  at('2026-05-12T10:10:00+08:00');
  // C: not accepted.
  ids.c = await raise('o-lg-c', HANGSHA, '隔壁邻居家的狗太吵了晚上睡不着', { category: 'disclosure' });
  at('2026-05-12T10:15:00+08:00');
  // D: 舆情管控 (2 working days: Thursday 14 May 18:00), overdue, answered late, 基本满意.
  ids.d = await raise('o-lg-c', HANGSHA, '群里有人传谣说要征地拆迁，大家很担心');
  at('2026-05-12T10:20:00+08:00');
  // E: 便民服务, answered, 不满意: reopened.
  ids.e = await raise('o-lg-a', HANGSHA, '低保申请交上去一个月了没有消息', { category: 'service', contact: { name: '石大姐', phone: PHONE } });
  at('2026-05-12T10:25:00+08:00');
  // F: a report about the village's first secretary: confidential, for discipline staff alone.
  const cadre = (await ok('complaint.form', { villageId: HANGSHA }, 'o-lg-w')).cadres.find((c: any) => c.name === '刘振邦');
  ids.f = await raise('o-lg-w', HANGSHA, '第一书记经常不在村，工作日也在县城打牌', { category: 'report', about: { personId: cadre.id, name: '刘振邦' }, contact: { name: '匿名群众', phone: '13912340002' } });
  at('2026-05-12T10:30:00+08:00');
  // G: raised only, the villager's own category.
  ids.g = await raise('o-lg-b', LVDONG, '自来水管冻裂了需要人来修一下', { category: 'service' });

  at('2026-05-12T11:00:00+08:00');
  await dispatch(ids.a, 'service');
  await ok('complaint.accept', { id: ids.b, category: 'education' }, TOWN);
  await ok('complaint.reject', { id: ids.c, reason: '属于邻里纠纷，请村调解委员会调解' }, TOWN);
  await dispatch(ids.d, 'opinion');
  await dispatch(ids.e, 'service');
  at('2026-05-12T16:00:00+08:00');
  await ok('complaint.answer', { id: ids.a, text: '已联系供电所，两个路灯已于今日修复' }, POLICE);
  await ok('complaint.rate', { id: ids.a, value: 'satisfied', comment: '谢谢' }, 'o-lg-a');
  await ok('complaint.answer', { id: ids.e, text: '已转民政办核查' }, POLICE);
  await ok('complaint.rate', { id: ids.e, value: 'unsatisfied', comment: '没有人联系我' }, 'o-lg-a');

  // Friday 15 May: the sweep marks D overdue; the department answers it late.
  at('2026-05-15T09:00:00+08:00');
  await sweep(t.cloud.clock.now());
  expect((await db.collection('complaints').doc(ids.d).get<any>()).data).toMatchObject({ stage: 2, overdue: true });
  at('2026-05-15T10:00:00+08:00');
  await ok('complaint.answer', { id: ids.d, text: '已在村民大会上澄清，无征地计划' }, POLICE);
  await ok('complaint.rate', { id: ids.d, value: 'basicallySatisfied' }, 'o-lg-c');

  at('2026-05-20T10:00:00+08:00');
}, 120_000);
afterAll(() => t?.stop());

describe('the complaints ledger', () => {
  it('lists the township’s complaints of the month, oldest first, without a villager’s identity or contact, and without the report about the cadre', async () => {
    const a = await exportAs({ unitId: 'town-lvdongshan', month: '2026-05' }, TOWN);
    expect(a).toMatchObject({ ok: true, data: { fileName: '吕洞山镇2026年5月村民诉求办理台账.xlsx', title: '中共保靖县委组织部 2026年5月村民诉求办理台账', rows: 6 } });
    expect(a.data.fileID).toMatch(/\/ledgers\/town-lvdongshan\/complaints-2026-05-20260520100000\.xlsx$/);
    const wb = await download(a);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['诉求台账', '分类统计', '分村统计']);
    const ws = wb.worksheets[0]!;
    expectLayout(ws, LIST);
    expect(String(ws.getCell('A2').value)).toContain('单位：吕洞山镇　期间：2026年5月');
    expect(ws.getColumn(LIST.indexOf('诉求内容') + 1).alignment).toMatchObject({ wrapText: true });
    expect(ws.getCell(4, LIST.indexOf('诉求内容') + 1).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    const rows = rowsOf(ws, 6);
    expect(rows.map((r) => r['编号'])).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e, ids.g]);
    expect(rows.map((r) => r['序号'])).toEqual([1, 2, 3, 4, 5, 6]);
    // Nothing is added up on the list: no 合计 row.
    expect(ws.getCell(10, 1).value).toBeNull();

    expect(rows[0]).toEqual({
      序号: 1,
      编号: ids.a,
      '乡镇（街道）': '吕洞山镇',
      '村（社区）': '夯沙村',
      类别: '便民服务',
      诉求内容: '村口的路灯坏了两个月，晚上看不见路',
      提出时间: '2026-05-12 10:00',
      状态: '已办结',
      承办部门: '保靖县公安局',
      办结时限: '2026-05-19 18:00',
      办结时间: '2026-05-12 16:00',
      是否按时: '是',
      是否逾期: '否',
      评价: '满意（谢谢）',
      备注: '',
    });
    expect(rows[1]).toMatchObject({ '村（社区）': '吕洞村', 类别: '宣传教育', 状态: '已受理', 承办部门: '', 办结时限: '', 办结时间: '', 是否按时: '', 是否逾期: '否', 评价: '' });
    expect(rows[2]).toMatchObject({ 类别: '公示公开', 状态: '不予受理', 备注: '不予受理：属于邻里纠纷，请村调解委员会调解' });
    expect(rows[3]).toMatchObject({ 类别: '舆情管控', 状态: '已办结', 办结时限: '2026-05-14 18:00', 办结时间: '2026-05-15 10:00', 是否按时: '否', 是否逾期: '是', 评价: '基本满意' });
    expect(rows[4]).toMatchObject({ 类别: '便民服务', 状态: '部门办理中', 办结时间: '', 评价: '不满意（没有人联系我）', 备注: '村民不满意，已重新办理' });
    expect(rows[5]).toMatchObject({ 提出时间: '2026-05-12 10:30', 类别: '未分类（村民选：便民服务）', 状态: '待受理' });

    // No WeChat identity, no contact, nothing of the report about the cadre, anywhere in the file.
    const text = allText(wb);
    for (const secret of ['o-lg-', PHONE, '13912340002', '石大姐', '匿名群众', ids.f, '打牌', '刘振邦', ids.april]) expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it('gives the figures by category and by village as complaint.figures does, with their sums', async () => {
    const a = await exportAs({ unitId: 'town-lvdongshan', month: '2026-05' }, TOWN);
    const wb = await download(a);
    const api = (await ok('complaint.figures', { unitId: 'town-lvdongshan', month: '2026-05' }, TOWN)) as any;
    expect(api.total).toMatchObject({ received: 6, accepted: 4, rejected: 1, answered: 2, onTime: 1, overdue: 1, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1 });
    const byCategory = wb.getWorksheet('分类统计')!;
    expectFigures(byCategory, '类别', api.byCategory, api.total);
    expect(rowsOf(byCategory, api.byCategory.length).map((r) => r['类别'])).toEqual(['宣传教育', '公示公开', '便民服务', '信访举报', '舆情管控', '未分类']);
    expect(rowsOf(byCategory, 6).find((r) => r['类别'] === '便民服务')).toMatchObject({ 收到: 2, 受理: 2, 已办结: 1, 按时办结: 1, 满意: 1, 不满意: 1 });
    expect(rowsOf(byCategory, 6).find((r) => r['类别'] === '信访举报')).toMatchObject({ 收到: 0 });
    const byVillage = wb.getWorksheet('分村统计')!;
    expectFigures(byVillage, '村（社区）', api.byVillage, api.total);
    expect(rowsOf(byVillage, api.byVillage.length).map((r) => [r['村（社区）'], r['收到']])).toEqual(expect.arrayContaining([['夯沙村', 4], ['吕洞村', 2]]));
  });

  it('gives the county’s staff the same complaints, without the report', async () => {
    const a = await exportAs({ unitId: 'county-baojing', month: '2026-05' }, COUNTY);
    expect(a).toMatchObject({ ok: true, data: { fileName: '保靖县2026年5月村民诉求办理台账.xlsx', rows: 6 } });
    const wb = await download(a);
    expect(rowsOf(wb.worksheets[0]!, 6).map((r) => r['编号'])).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e, ids.g]);
    expect(allText(wb)).not.toContain(ids.f);
  });

  it('gives discipline staff the confidential report too, with whom it names, and counts it', async () => {
    const a = await exportAs({ unitId: 'town-lvdongshan', month: '2026-05' }, DISCIPLINE);
    expect(a).toMatchObject({ ok: true, data: { rows: 7 } });
    const wb = await download(a);
    const rows = rowsOf(wb.worksheets[0]!, 7);
    expect(rows.map((r) => r['编号'])).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e, ids.f, ids.g]);
    expect(rows[5]).toMatchObject({ 类别: '信访举报', 诉求内容: '第一书记经常不在村，工作日也在县城打牌', 状态: '待受理', 备注: '信访举报（保密件），反映对象：刘振邦' });
    // Still neither the villager's identity nor their contact.
    for (const secret of ['o-lg-', '13912340002', '匿名群众', PHONE]) expect(allText(wb)).not.toContain(secret);
    const api = (await ok('complaint.figures', { unitId: 'town-lvdongshan', month: '2026-05' }, DISCIPLINE)) as any;
    expect(api.total.received).toBe(7);
    expectFigures(wb.getWorksheet('分类统计')!, '类别', api.byCategory, api.total);
    expect(rowsOf(wb.getWorksheet('分类统计')!, 6).find((r) => r['类别'] === '信访举报')).toMatchObject({ 收到: 1, 受理: 0 });
    expectFigures(wb.getWorksheet('分村统计')!, '村（社区）', api.byVillage, api.total);
  });

  it('exports an empty month as an empty ledger, and records each export', async () => {
    const before = (await db.collection('audit').where({ action: 'ledger.exportComplaints' }).count()).total;
    const a = await exportAs({ unitId: 'town-lvdongshan', month: '2026-03' }, TOWN);
    expect(a).toMatchObject({ ok: true, data: { rows: 0 } });
    const wb = await download(a);
    expect(wb.worksheets[0]!.getCell(4, 1).value).toBeNull();
    expect(rowsOf(wb.getWorksheet('分类统计')!, 6).map((r) => r['收到'])).toEqual([0, 0, 0, 0, 0, 0]);
    // (The file holds the result, `<v>0</v>`; exceljs's reader leaves a result of 0 out.)
    expect(wb.getWorksheet('分类统计')!.getCell(10, 2).value).toMatchObject({ formula: 'SUM(B4:B9)' });
    expect(wb.getWorksheet('分村统计')!.getCell(4, 2).value).toBe(0);
    const cloudPath = /ledgers\/.+$/.exec(a.data.fileID)![0];
    const { data } = await db.collection('audit').where({ action: 'ledger.exportComplaints', 'target.id': cloudPath }).get<any>();
    expect((await db.collection('audit').where({ action: 'ledger.exportComplaints' }).count()).total).toBe(before + 1);
    expect(data[0]).toMatchObject({ actorName: '龙春花', unitPath: ['city-xiangxi', 'county-baojing', 'town-lvdongshan'], after: { ledger: 'complaints', period: '2026-03', rows: 0 } });
  });

  it('is refused to whoever may not call complaint.figures, out of scope, and on bad input', async () => {
    // The cadre the report names, the department, the 村群管理员: not staff or discipline staff.
    for (const who of [CADRE, POLICE, GROUP_ADMIN, 'o-lg-a']) expect(await exportAs({ unitId: 'town-lvdongshan', month: '2026-05' }, who)).toMatchObject({ ok: false });
    for (const who of [CADRE, POLICE, GROUP_ADMIN]) expect(await exportAs({ unitId: HANGSHA, month: '2026-05' }, who)).toMatchObject({ ok: false, code: 'forbidden' });
    // Another county's township; the township's staff for the county above it.
    expect(await exportAs({ unitId: 'town-lvdongshan', month: '2026-05' }, OTHER_TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await exportAs({ unitId: 'county-baojing', month: '2026-05' }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await exportAs({ unitId: 'town-lvdongshan', month: '2026-13' }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await exportAs({ unitId: 'town-lvdongshan' }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await exportAs({ unitId: 'town-lvdongshan', month: '2026-05', ledger: 'complaints' }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
    // Not one of ledger.export's ledgers, and not served by the api function.
    expect(await t.invoke('ledger', { action: 'ledger.export', input: { ledger: 'complaints', unitId: 'town-lvdongshan', month: '2026-05' } }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('ledger.exportComplaints', { unitId: 'town-lvdongshan', month: '2026-05' }, TOWN)).toMatchObject({ ok: false, code: 'unknown_action' });
  });
});

describe('a county’s complaints ledger', () => {
  it('has the figures by township too, once more than one township has complaints', async () => {
    at('2026-05-20T10:00:00+08:00');
    await ok('village.bindGroup', { villageId: 'vil-hulu', groupCloudId: cloudId('demo-ga-hulu', 'G-ledger-hulu') }, 'demo-ga-hulu');
    await villager('o-lg-hulu', 'G-ledger-hulu');
    await raise('o-lg-hulu', 'vil-hulu', '葫芦村到镇上的班车停开了，老人看病不方便');
    const wb = await download(await exportAs({ unitId: 'county-baojing', month: '2026-05' }, COUNTY));
    const api = (await ok('complaint.figures', { unitId: 'county-baojing', month: '2026-05' }, COUNTY)) as any;
    expect(api.byTownship.map((r: any) => [r.name, r.received])).toEqual([['葫芦镇', 1], ['吕洞山镇', 6]]);
    expectFigures(wb.getWorksheet('分乡镇统计')!, '乡镇（街道）', api.byTownship, api.total);
    // A township's own ledger has no such sheet.
    expect((await download(await exportAs({ unitId: 'town-lvdongshan', month: '2026-05' }, TOWN))).getWorksheet('分乡镇统计')).toBeUndefined();
  });
});
