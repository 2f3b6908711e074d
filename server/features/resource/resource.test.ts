/**
 * Assistance resources (帮扶资源) through the api and the ledger function, on the demo county:
 * figures of 花垣县 by village, township and county, confirmed only and all, against sums worked
 * out by hand (in fen: exact to the cent), from one aggregation per level; the Excel ledger read
 * back with exceljs; an add retried is one project, the dispatching unit filled in; a cadre of
 * another village refused; a confirmed project locked, an edit after confirmation taking it back
 * to 待核实 with the change in its history; another county's staff refused, writing nothing.
 *
 * The figures and the ledger come first: the later tests add projects of their own in 十八洞村.
 */
import * as ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { db } from '../../platform/cloud';
import { fenToYuan, wanText, yuanText } from './rules';
import { yuanToFen } from './schema';
import { seedDemoResources } from '../../../scripts/demo/resource';
import { demoDocuments, seedDemo } from '../../../scripts/demo/seed';

const CADRE = 'demo-fs-shibadong'; // 蒋文博, 十八洞村 (双龙镇, 花垣县), from 湘西州财政局
const TEAMMATE = 'demo-tm-shibadong-1'; // 石婷, 十八洞村
const JINLONG = 'demo-fs-jinlong'; // 欧阳靖, 金龙村 (双龙镇)
const AIMEN = 'demo-fs-aimen'; // 胡志强, 隘门村 (边城镇)
const HANGSHA = 'demo-fs-hangsha'; // 刘振邦, 夯沙村 (保靖县)
const TOWN = 'demo-sl-staff'; // 龙小燕, 双龙镇
const COUNTY = 'demo-hy-staff'; // 石慧敏, 花垣县
const CITY = 'demo-city-staff-xiang';
const OTHER_COUNTY = 'demo-bj-staff'; // 彭雪芳, 保靖县

let t: TestCloud;
let n = 0;
const cid = () => `resource-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });

async function ok(action: string, input: Record<string, unknown>, openid: string): Promise<any> {
  const r = await t.call(action, input, openid);
  expect([action, r]).toMatchObject([action, { ok: true }]);
  return r.data;
}
/** The billed reads and writes of one call. */
async function ops(action: string, input: Record<string, unknown>, openid: string): Promise<{ answer: any; reads: number; writes: number }> {
  const { result, invocation } = await t.cloud.functions.invoke('field', { action, input }, { openid });
  return { answer: result, reads: invocation.ops.reads, writes: invocation.ops.writes };
}

const base = { kind: 'industry', source: 'dispatchingUnit', status: 'planning', plannedOn: '2026-03-01' };
async function upload(openid: string, cloudPath: string): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([Buffer.from('jpeg')]), 'x.jpg');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  return ((await res.json()) as { data: { fileID: string } }).data.fileID;
}
const add = (openid: string, fields: Record<string, unknown>) => ok('resource.add', { clientId: cid(), ...base, ...fields }, openid);
const projectCount = async () => (await db.collection('resourceProjects').count()).total;

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00');
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

it('turns yuan into fen and back by string arithmetic', () => {
  expect(yuanToFen('12345.67')).toBe(1234567);
  expect(yuanToFen('0.1')).toBe(10);
  expect(yuanToFen('3')).toBe(300);
  expect(fenToYuan(1234567)).toBe('12345.67');
  expect(fenToYuan(5)).toBe('0.05');
  expect(yuanText(500_000_000_01)).toBe('500,000,000.01元');
  // 5000余万元 (seed 003): 50,000,000 yuan is 5,000 万元; 万元 rounded half up to the hundredth.
  expect(wanText(5_000_000_000)).toBe('5,000.00万元');
  expect(wanText(215_800_134)).toBe('215.80万元');
  expect(wanText(5_000)).toBe('0.01万元');
  expect(wanText(4_999)).toBe('0.00万元');
});

const ids: Record<string, { id: string; version: number }> = {};

describe('figures of 花垣县 and its ledger', () => {
  beforeAll(async () => {
    // 十八洞村: A (confirmed), B, C (confirmed); 金龙村: D (confirmed); 隘门村 (边城镇): E.
    at('2026-05-12T09:00:00+08:00');
    const a = await add(CADRE, { name: '猕猴桃产业园扩建', amountYuan: '1,200,000.50', status: 'building', plannedOn: '2026-02-01', startedOn: '2026-03-10' });
    at('2026-05-12T09:01:00+08:00');
    const b = await add(CADRE, { name: '村道硬化工程', kind: 'infrastructure', amountYuan: '350000', source: 'countyDept', sourceName: '花垣县交通运输局', status: 'done', plannedOn: '2026-02-15', startedOn: '2026-03-01', completedOn: '2026-04-30' });
    at('2026-05-12T09:02:00+08:00');
    const c = await add(TEAMMATE, { name: '苗绣技能培训班', kind: 'talent', amountYuan: '8000.75', source: 'social', sourceName: '湘西苗绣有限公司', plannedOn: '2026-04-01' });
    const d = await add(JINLONG, { name: '茶叶加工厂', amountYuan: '500000.10', status: 'building', plannedOn: '2026-01-20', startedOn: '2026-02-20' });
    const e = await add(AIMEN, { name: '安全饮水巩固提升工程', kind: 'livelihood', amountYuan: '99999.99', source: 'countyDept', sourceName: '花垣县水利局', status: 'done', plannedOn: '2026-01-10', startedOn: '2026-02-01', completedOn: '2026-04-01' });
    Object.assign(ids, { a, b, c, d, e });
    at('2026-05-12T10:00:00+08:00');
    await ok('resource.confirm', { id: a.id, version: a.version }, TOWN);
    await ok('resource.confirm', { id: c.id, version: c.version }, COUNTY);
    await ok('resource.confirm', { id: d.id, version: d.version }, TOWN);
    // 好事实事: two in 十八洞村, one in 隘门村.
    await ok('resource.addDeed', { clientId: cid(), date: '2026-05-08', text: '帮助五保户龙大爷修缮屋顶' }, CADRE);
    await ok('resource.addDeed', { clientId: cid(), date: '2026-05-10', text: '联系医院为留守老人义诊' }, TEAMMATE);
    await ok('resource.addDeed', { clientId: cid(), date: '2026-05-11', text: '协调解决村小学饮水问题' }, AIMEN);
  });

  it('fills in the dispatching unit and keeps the amount in fen', async () => {
    const a = await ok('resource.get', { id: ids.a!.id }, CADRE);
    expect(a).toMatchObject({ sourceName: '湘西州财政局', sourceKindName: '派出单位', amountFen: 120_000_050, amountYuan: '1200000.50', amountText: '1,200,000.50元', broughtByName: '蒋文博', statusName: '在建', confirmed: true, canConfirm: false });
    expect(a.confirmation).toMatchObject({ byName: '龙小燕', unitName: '双龙镇' });
    const c = await ok('resource.get', { id: ids.c!.id }, CADRE);
    expect(c).toMatchObject({ broughtByName: '石婷', sourceName: '湘西苗绣有限公司', amountFen: 800_075 });
  });

  it('sums the county by township, confirmed only and all, in one aggregation per level', async () => {
    // All: 120,000,050 + 35,000,000 + 800,075 + 50,000,010 + 9,999,999 = 215,800,134 fen.
    const { answer, reads, writes } = await ops('resource.figures', { unitId: 'county-huayuan' }, COUNTY);
    expect(answer).toMatchObject({ ok: true });
    const all = answer.data;
    expect(all).toMatchObject({ by: 'township', byName: '乡镇（街道）', confirmedOnly: false });
    expect(all.total).toMatchObject({ count: 5, amountFen: 215_800_134, amountText: '2,158,001.34元', wanText: '215.80万元', confirmedCount: 3, confirmedAmountFen: 170_800_135, deeds: 3 });
    expect(all.rows.map((r: any) => [r.name, r.count, r.amountFen, r.confirmedCount, r.deeds])).toEqual([
      ['边城镇', 1, 9_999_999, 0, 1],
      ['双龙镇', 4, 205_800_135, 3, 2],
    ]);
    const by = (list: any[]) => Object.fromEntries(list.map((b) => [b.name, [b.count, b.amountFen]]));
    expect(by(all.byKind)).toEqual({ 产业项目: [2, 170_000_060], 基础设施: [1, 35_000_000], 民生实事: [1, 9_999_999], 人才培训: [1, 800_075], 其他: [0, 0] });
    expect(by(all.bySource)).toEqual({ 派出单位: [2, 170_000_060], 县级部门: [2, 44_999_999], 社会帮扶: [1, 800_075], 其他: [0, 0] });
    expect(by(all.byStatus)).toEqual({ 谋划中: [1, 800_075], 在建: [2, 170_000_060], 已完成: [2, 44_999_999] });
    // Caller, unit, projects' aggregation, deeds' aggregation, the townships: no read per village.
    expect(reads).toBeLessThanOrEqual(5);
    expect(writes).toBe(0);

    // Confirmed only: A + C + D.
    const confirmed = await ok('resource.figures', { unitId: 'county-huayuan', confirmedOnly: true }, COUNTY);
    expect(confirmed.total).toMatchObject({ count: 3, amountFen: 170_800_135, amountText: '1,708,001.35元', confirmedCount: 3 });
    expect(confirmed.rows.map((r: any) => [r.name, r.count, r.amountFen])).toEqual([
      ['边城镇', 0, 0],
      ['双龙镇', 3, 170_800_135],
    ]);
    expect(by(confirmed.byStatus)).toEqual({ 谋划中: [1, 800_075], 在建: [2, 170_000_060], 已完成: [0, 0] });
  });

  it('sums by village, every village of the unit shown', async () => {
    const f = await ok('resource.figures', { unitId: 'county-huayuan', by: 'village' }, COUNTY);
    expect(f.rows).toHaveLength(10);
    const v = Object.fromEntries(f.rows.map((r: any) => [r.name, [r.count, r.amountFen, r.confirmedAmountFen, r.deeds]]));
    expect(v['十八洞村']).toEqual([3, 155_800_125, 120_800_125, 2]);
    expect(v['金龙村']).toEqual([1, 50_000_010, 50_000_010, 0]);
    expect(v['隘门村']).toEqual([1, 9_999_999, 0, 1]);
    expect(v['排碧村']).toEqual([0, 0, 0, 0]);
    expect(f.rows.reduce((s: number, r: any) => s + r.amountFen, 0)).toBe(f.total.amountFen);

    const village = await ok('resource.figures', { unitId: 'vil-shibadong' }, TOWN);
    expect(village).toMatchObject({ by: 'village', total: { count: 3, amountFen: 155_800_125, amountText: '1,558,001.25元' } });
    const town = await ok('resource.figures', { unitId: 'town-shuanglong' }, TOWN);
    expect(town.rows.map((r: any) => r.name)).toEqual(['董马库村', '金龙村', '排碧村', '十八洞村', '双龙村']);
    const city = await ok('resource.figures', { unitId: 'city-xiangxi' }, CITY);
    expect(city.rows.map((r: any) => [r.name, r.amountFen])).toEqual([
      ['保靖县', 0],
      ['花垣县', 215_800_134],
    ]);

    // The cadre's own page: the village's projects and figures.
    const mine = await ok('resource.mine', {}, CADRE);
    expect(mine).toMatchObject({ village: { id: 'vil-shibadong', name: '十八洞村' }, dispatchingUnit: '湘西州财政局', total: 3, amountText: '1,558,001.25元', confirmedCount: 2, deeds: { total: 2 } });
    expect(mine.items.map((i: any) => i.name)).toEqual(['苗绣技能培训班', '村道硬化工程', '猕猴桃产业园扩建']);
    expect(mine.cadres.map((c: any) => c.name)).toEqual(expect.arrayContaining(['蒋文博', '石婷', '龙俊杰']));
    expect(mine.deeds.items.map((d: any) => d.text)).toEqual(['联系医院为留守老人义诊', '帮助五保户龙大爷修缮屋顶']);
  });

  it('exports the 帮扶项目台账 with its sums, read back with exceljs', async () => {
    const r = (await t.invoke('ledger', { action: 'ledger.exportResources', input: { unitId: 'county-huayuan' } }, COUNTY)) as any;
    expect(r).toMatchObject({ ok: true, data: { rows: 5, fileName: '花垣县截至2026年5月12日帮扶项目台账.xlsx' } });
    const res = await fetch(r.data.url);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['帮扶项目', '分村统计', '分类统计', '好事实事']);

    const list = wb.getWorksheet('帮扶项目')!;
    expect(list.getCell('A1').value).toBe('中共花垣县委组织部 截至2026年5月12日帮扶项目台账');
    expect(String(list.getCell('A2').value)).toMatch(/^单位：花垣县　口径：全部项目（含待核实）　导出时间：2026-05-12 10:00　导出人：石慧敏$/);
    const headers = (list.getRow(3).values as unknown[]).slice(1);
    expect(headers).toEqual(['序号', '乡镇（街道）', '村（社区）', '项目名称', '类别', '来源', '来源单位', '金额（元）', '状态', '谋划日期', '开工日期', '完成日期', '引进人', '核实情况', '备注']);
    const cells = (row: number) => (list.getRow(row).values as unknown[]).slice(1, 14);
    // 边城镇 before 双龙镇 (bian, shuang); 金龙村 before 十八洞村; by 谋划日期 within a village.
    expect(cells(4)).toEqual([1, '边城镇', '隘门村', '安全饮水巩固提升工程', '民生实事', '县级部门', '花垣县水利局', 99_999.99, '已完成', '2026-01-10', '2026-02-01', '2026-04-01', '胡志强']);
    expect(cells(5)).toEqual([2, '双龙镇', '金龙村', '茶叶加工厂', '产业项目', '派出单位', '湘西州文化旅游广电局', 500_000.1, '在建', '2026-01-20', '2026-02-20', '', '欧阳靖']);
    expect(cells(6).slice(3, 8)).toEqual(['猕猴桃产业园扩建', '产业项目', '派出单位', '湘西州财政局', 1_200_000.5]);
    expect(cells(7).slice(3, 8)).toEqual(['村道硬化工程', '基础设施', '县级部门', '花垣县交通运输局', 350_000]);
    expect(cells(8).slice(3, 8)).toEqual(['苗绣技能培训班', '人才培训', '社会帮扶', '湘西苗绣有限公司', 8_000.75]);
    expect(list.getCell('N6').value).toBe('已核实（双龙镇龙小燕，2026-05-12）');
    expect(list.getCell('N7').value).toBe('待核实');
    expect(list.getCell('H4').numFmt).toBe('#,##0.00');
    expect(list.getCell('A9').value).toBe('合计');
    expect(list.getCell('B9').value).toBe('共 5 条');
    expect(list.getCell('H9').value).toEqual({ formula: 'SUM(H4:H8)', result: 2_158_001.34 });

    const byVillage = wb.getWorksheet('分村统计')!;
    expect((byVillage.getRow(3).values as unknown[]).slice(1)).toEqual(['乡镇（街道）', '村（社区）', '项目数', '金额（元）', '已核实项目数', '已核实金额（元）', '产业项目（元）', '基础设施（元）', '民生实事（元）', '人才培训（元）', '其他（元）', '好事实事（件）']);
    const villages: Record<string, unknown[]> = {};
    for (let row = 4; row < 14; row++) villages[String(byVillage.getCell(row, 2).value)] = (byVillage.getRow(row).values as unknown[]).slice(1);
    expect(Object.keys(villages)).toHaveLength(10);
    expect(villages['十八洞村']).toEqual(['双龙镇', '十八洞村', 3, 1_558_001.25, 2, 1_208_001.25, 1_200_000.5, 350_000, 0, 8_000.75, 0, 2]);
    expect(villages['隘门村']).toEqual(['边城镇', '隘门村', 1, 99_999.99, 0, 0, 0, 0, 99_999.99, 0, 0, 1]);
    const sums = (byVillage.getRow(14).values as unknown[]).slice(1);
    expect(sums[0]).toBe('合计');
    expect(sums[2]).toEqual({ formula: 'SUM(C4:C13)', result: 5 });
    expect(sums[3]).toEqual({ formula: 'SUM(D4:D13)', result: 2_158_001.34 });
    expect(sums[5]).toEqual({ formula: 'SUM(F4:F13)', result: 1_708_001.35 });
    expect(sums[11]).toEqual({ formula: 'SUM(L4:L13)', result: 3 });

    const byCategory = wb.getWorksheet('分类统计')!;
    const cats: unknown[][] = [];
    byCategory.eachRow((row, i) => i > 3 && cats.push((row.values as unknown[]).slice(1)));
    expect(cats).toContainEqual(['按来源', '县级部门', 2, 449_999.99]);
    expect(cats.at(-1)).toEqual(['全部', '合计', 5, 2_158_001.34]);

    const deeds = wb.getWorksheet('好事实事')!;
    expect((deeds.getRow(4).values as unknown[]).slice(1)).toEqual([1, '边城镇', '隘门村', '2026-05-11', '胡志强', '协调解决村小学饮水问题']);
    expect((deeds.getRow(5).values as unknown[]).slice(1)).toEqual([2, '双龙镇', '十八洞村', '2026-05-08', '蒋文博', '帮助五保户龙大爷修缮屋顶']);

    // Confirmed only: three projects, the file says so.
    const c = (await t.invoke('ledger', { action: 'ledger.exportResources', input: { unitId: 'county-huayuan', confirmedOnly: true } }, COUNTY)) as any;
    expect(c).toMatchObject({ ok: true, data: { rows: 3, fileName: '花垣县截至2026年5月12日帮扶项目台账（已核实）.xlsx' } });
    // Another county's staff may not export 花垣县.
    expect(await t.invoke('ledger', { action: 'ledger.exportResources', input: { unitId: 'county-huayuan' } }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

it('records a retried add once', async () => {
  const clientId = cid();
  const input = { clientId, ...base, name: '光伏发电站', amountYuan: '260000', kind: 'infrastructure' };
  const before = await projectCount();
  const a = await ok('resource.add', input, CADRE);
  const b = await ok('resource.add', input, CADRE);
  expect(b.id).toBe(a.id);
  expect(a).toMatchObject({ version: 1, confirmed: false, canEdit: true, sourceName: '湘西州财政局', amountFen: 26_000_000 });
  expect(await projectCount()).toBe(before + 1);
  // The same clientId from another cadre is another project.
  const c = await ok('resource.add', input, TEAMMATE);
  expect(c.id).not.toBe(a.id);
  expect(await projectCount()).toBe(before + 2);
});

it('refuses what a form gets wrong, field by field', async () => {
  const before = await projectCount();
  const bad = async (fields: Record<string, unknown>, path: string, message: RegExp) => {
    const r = await t.call('resource.add', { clientId: cid(), ...base, name: '测试项目', amountYuan: '100', ...fields }, CADRE);
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
    expect((r as { issues?: unknown }).issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
  };
  await bad({ amountYuan: '12.345' }, 'amountYuan', /最多两位小数/);
  await bad({ amountYuan: '-5' }, 'amountYuan', /金额请填数字/);
  await bad({ amountYuan: '12345678901' }, 'amountYuan', /金额请填数字/);
  await bad({ status: 'building' }, 'startedOn', /请填写开工日期/);
  await bad({ status: 'done', startedOn: '2026-03-02' }, 'completedOn', /请填写完成日期/);
  await bad({ status: 'building', startedOn: '2026-02-01' }, 'startedOn', /不能早于谋划日期/);
  await bad({ source: 'social' }, 'sourceName', /来自哪个单位/);
  await bad({ plannedOn: '2026-05-13' }, 'plannedOn', /不能晚于今天/);
  await bad({ broughtById: 'p-fs-jinlong' }, 'broughtById', /本村的驻村干部/);
  expect(await projectCount()).toBe(before);
});

it('refuses a cadre of another village, and writes nothing', async () => {
  const p = await add(CADRE, { name: '稻花鱼养殖基地', amountYuan: '80000' });
  for (const openid of [JINLONG, HANGSHA]) {
    for (const [action, input] of [
      ['resource.get', { id: p.id }],
      ['resource.edit', { id: p.id, version: 1, ...base, name: '改名', amountYuan: '1' }],
      ['resource.withdraw', { id: p.id, reason: '不是我们村的' }],
    ] as const) {
      const { answer, writes } = await ops(action, input, openid);
      expect([openid, action, answer]).toMatchObject([openid, action, { ok: false, code: 'forbidden' }]);
      expect(writes).toBe(0);
    }
  }
  // A cadre may not confirm, even of their own village.
  expect(await t.call('resource.confirm', { id: p.id, version: 1 }, CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
  // A teammate of the village may change it; the change is recorded as theirs.
  const e = await ok('resource.edit', { id: p.id, version: 1, ...base, name: '稻花鱼养殖基地', amountYuan: '85000', note: '追加5000元鱼苗款' }, TEAMMATE);
  expect(e).toMatchObject({ version: 2, amountFen: 8_500_000, history: [{ kind: 'edit', byName: '石婷', asName: '驻村干部', changes: [{ label: '金额', before: '80,000.00元', after: '85,000.00元' }, { label: '备注', before: '', after: '追加5000元鱼苗款' }], unconfirmed: false }] });
});

it('locks a confirmed project: a change needs a reason and sends it back to 待核实, with its history', async () => {
  at('2026-05-12T11:00:00+08:00');
  const p = await add(CADRE, { name: '村级光伏扶贫电站', kind: 'infrastructure', amountYuan: '420000', status: 'building', plannedOn: '2026-03-01', startedOn: '2026-04-01' });
  const form = { id: p.id, ...base, name: '村级光伏扶贫电站', kind: 'infrastructure', amountYuan: '420000', status: 'building', plannedOn: '2026-03-01', startedOn: '2026-04-01' };
  const c = await ok('resource.confirm', { id: p.id, version: 1 }, TOWN);
  expect(c).toMatchObject({ confirmed: true, version: 1, canConfirm: false, history: [{ kind: 'confirm', byName: '龙小燕', unitName: '双龙镇' }] });
  // Confirming again is the same confirmation.
  expect(await ok('resource.confirm', { id: p.id, version: 1 }, TOWN)).toMatchObject({ confirmed: true, history: [{ kind: 'confirm' }] });

  // Locked: no change without a reason, no withdrawal by a cadre.
  const done = { ...form, version: 1, status: 'done', completedOn: '2026-05-10' };
  const before = (await db.collection('resourceProjects').doc(p.id).get()).data;
  expect(await t.call('resource.edit', done, CADRE)).toMatchObject({ ok: false, code: 'locked', message: '该项目已核实，修改须填写修改说明，修改后需重新核实' });
  expect(await t.call('resource.withdraw', { id: p.id, reason: '登记错了' }, CADRE)).toMatchObject({ ok: false, code: 'locked' });
  expect((await db.collection('resourceProjects').doc(p.id).get()).data).toEqual(before);
  const mine = await ok('resource.get', { id: p.id }, CADRE);
  expect(mine).toMatchObject({ confirmed: true, canWithdraw: false, canEdit: true });

  // With a reason: back to 待核实, the change recorded.
  at('2026-05-12T15:00:00+08:00');
  const e = await ok('resource.edit', { ...done, reason: '电站已并网发电' }, CADRE);
  expect(e).toMatchObject({ version: 2, confirmed: false, confirmation: null, statusName: '已完成', completedOn: '2026-05-10', canConfirm: false });
  expect(e.history).toHaveLength(2);
  expect(e.history[1]).toMatchObject({
    kind: 'edit',
    byName: '蒋文博',
    reason: '电站已并网发电',
    unconfirmed: true,
    changes: [
      { field: 'status', label: '状态', before: '在建', after: '已完成' },
      { field: 'completedOn', label: '完成日期', before: '', after: '2026-05-10' },
    ],
  });
  // A retried edit changes nothing more.
  expect(await ok('resource.edit', { ...done, reason: '电站已并网发电' }, CADRE)).toMatchObject({ version: 2, history: [{}, {}] });
  // The old version can no longer be confirmed; the new one can, and the figures follow.
  expect(await t.call('resource.confirm', { id: p.id, version: 1 }, TOWN)).toMatchObject({ ok: false, code: 'conflict' });
  const pending = await ok('resource.list', { unitId: 'town-shuanglong', filter: 'pending' }, TOWN);
  expect(pending.items.map((i: any) => i.id)).toContain(p.id);
  const town = await ok('resource.get', { id: p.id }, TOWN);
  expect(town).toMatchObject({ canConfirm: true, canEdit: true, canWithdraw: true });
  const before2 = (await ok('resource.figures', { unitId: 'vil-shibadong', confirmedOnly: true }, TOWN)).total;
  await ok('resource.confirm', { id: p.id, version: 2 }, TOWN);
  const after2 = (await ok('resource.figures', { unitId: 'vil-shibadong', confirmedOnly: true }, TOWN)).total;
  expect(after2.amountFen - before2.amountFen).toBe(42_000_000);
  expect(after2.count - before2.count).toBe(1);

  // A form filled before someone else's change is refused, not silently overwritten.
  expect(await t.call('resource.edit', { ...form, version: 1, name: '光伏电站（旧表单）', reason: '改名' }, TEAMMATE)).toMatchObject({ ok: false, code: 'conflict' });
  // Staff correct with a reason always; the correction is theirs, and unconfirms too.
  expect(await t.call('resource.edit', { ...done, version: 2, amountYuan: '410000' }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input' });
  const corrected = await ok('resource.edit', { ...done, version: 2, amountYuan: '410000', reason: '按审计结果核减' }, COUNTY);
  expect(corrected).toMatchObject({ version: 3, confirmed: false, amountFen: 41_000_000, history: [{}, {}, {}, { kind: 'edit', asName: '组织部门', unitName: '花垣县', byName: '石慧敏', unconfirmed: true, changes: [{ label: '金额', before: '420,000.00元', after: '410,000.00元' }] }] });
  // The audit log has every change.
  const { data: audit } = await db.collection('audit').where({ 'target.id': p.id }).get<{ action: string }>();
  expect(audit.map((a) => a.action).sort()).toEqual(['resource.confirm', 'resource.confirm', 'resource.edit', 'resource.edit']);
});

it('withdraws an unconfirmed project, which leaves the figures', async () => {
  const p = await add(CADRE, { name: '重复登记的项目', amountYuan: '1000' });
  const before = (await ok('resource.figures', { unitId: 'vil-shibadong' }, TOWN)).total;
  const w = await ok('resource.withdraw', { id: p.id, reason: '重复登记' }, CADRE);
  expect(w).toMatchObject({ withdrawn: true, canEdit: false, canWithdraw: false, withdrawal: { byName: '蒋文博', reason: '重复登记' } });
  const after = (await ok('resource.figures', { unitId: 'vil-shibadong' }, TOWN)).total;
  expect([before.count - after.count, before.amountFen - after.amountFen]).toEqual([1, 100_000]);
  expect(await t.call('resource.edit', { id: p.id, version: 1, ...base, name: '又改了', amountYuan: '1000' }, CADRE)).toMatchObject({ ok: false, code: 'conflict' });
  expect((await ok('resource.mine', {}, CADRE)).items.map((i: any) => i.id)).not.toContain(p.id);
});

it('refuses another county’s staff, and writes nothing', async () => {
  const p = ids.b!;
  for (const [action, input] of [
    ['resource.get', { id: p.id }],
    ['resource.confirm', { id: p.id, version: p.version }],
    ['resource.edit', { id: p.id, version: p.version, ...base, name: '改名', amountYuan: '1', reason: '更正' }],
    ['resource.withdraw', { id: p.id, reason: '不属实' }],
    ['resource.list', { unitId: 'county-huayuan' }],
    ['resource.figures', { unitId: 'county-huayuan' }],
    ['resource.figures', { unitId: 'vil-shibadong' }],
  ] as const) {
    const { answer, writes } = await ops(action, input, OTHER_COUNTY);
    expect([action, answer]).toMatchObject([action, { ok: false, code: 'forbidden' }]);
    expect(writes).toBe(0);
  }
  // A township's staff reach their own township only.
  expect(await t.call('resource.figures', { unitId: 'town-biancheng' }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await t.call('resource.get', { id: ids.e!.id }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
  // Not a cadre: no page of their own.
  expect(await t.call('resource.add', { clientId: cid(), ...base, name: '县里登记', amountYuan: '1' }, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
});

it('takes photos from the cadre’s own folder only, and keeps them through a staff correction', async () => {
  const own = await upload(CADRE, 'resources/p-fs-shibadong/site-1.jpg');
  const elsewhere = await upload(TEAMMATE, 'resources/p-tm-shibadong-1/site-2.jpg');
  const before = await projectCount();
  const refused = await t.call('resource.add', { clientId: cid(), ...base, name: '停车场建设', amountYuan: '30000', files: [{ fileId: elsewhere, name: '现场.jpg' }] }, CADRE);
  expect(refused).toMatchObject({ ok: false, code: 'invalid_input', message: '照片或材料未上传成功，请重新上传' });
  expect(await projectCount()).toBe(before);
  const p = await add(CADRE, { name: '停车场建设', amountYuan: '30000', files: [{ fileId: own, name: '现场.jpg' }] });
  expect(p.files).toEqual([{ fileId: own, name: '现场.jpg', url: expect.stringMatching(/^http/), image: true }]);
  // Staff correct the name; the cadre's photo stays (it is on the project already).
  const c = await ok('resource.edit', { id: p.id, version: 1, ...base, name: '村部停车场建设', amountYuan: '30000', files: [{ fileId: own, name: '现场.jpg' }], reason: '规范项目名称' }, TOWN);
  expect(c).toMatchObject({ name: '村部停车场建设', files: [{ fileId: own }] });
  // Their own file from the cadre's folder is not theirs to add.
  const other = await upload(CADRE, 'resources/p-fs-shibadong/site-3.jpg');
  expect(await t.call('resource.edit', { id: p.id, version: 2, ...base, name: '村部停车场建设', amountYuan: '30000', files: [{ fileId: own, name: '现场.jpg' }, { fileId: other, name: '二.jpg' }], reason: '补充照片' }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
});

it('seeds the demo projects of 十八洞村 once, however often it runs', async () => {
  const before = await projectCount();
  const docs = demoDocuments();
  await seedDemoResources(t.cloud.clock.now(), docs);
  await seedDemoResources(t.cloud.clock.now(), docs);
  expect(await projectCount()).toBe(before + 4);
  const pending = await ok('resource.list', { unitId: 'town-shuanglong', filter: 'confirmed' }, TOWN);
  expect(pending.items.map((i: any) => i.name)).toEqual(expect.arrayContaining(['猕猴桃产业园扩建', '梨子寨至竹子寨村道硬化']));
});
