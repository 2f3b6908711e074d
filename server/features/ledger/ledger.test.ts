/**
 * The six ledgers through the `ledger` function, each file downloaded from its temporary link
 * and read back with exceljs: the title, the headers, the frozen view, the widths, a row against
 * the figures the api shows for it, and the 合计 row's formula and result. A month of 十八洞村 is
 * made through the features' own actions (check-ins, the window sweep, spot checks, a leave),
 * then scored by staff's recompute.
 */
import * as ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { SYSTEM, freshAnswerPhoto, unique } from '../../../test/fixtures';
import { db } from '../../platform/cloud';
import { now } from '../../kernel/clock';
import { closeWindows } from '../checkin/sweeps';
import { closeExpired } from '../spotcheck/service';
import { getUnit, setUnitSetting } from '../org/service';
import { METRIC_NAMES, type Metric } from '../scoring/schema';

const COUNTY_STAFF = 'demo-hy-staff'; // 石慧敏, 花垣县
const TOWN_STAFF = 'demo-sl-staff'; // 龙小燕, 双龙镇
const CITY_STAFF = 'demo-city-staff-xiang';
const TOWN_APPROVER = 'demo-sl-approver';
const FS = { openid: 'demo-fs-shibadong', id: 'p-fs-shibadong', name: '蒋文博' };
const TM1 = { openid: 'demo-tm-shibadong-1', id: 'p-tm-shibadong-1', name: '石婷' };
const TM2 = { openid: 'demo-tm-shibadong-2', id: 'p-tm-shibadong-2', name: '龙俊杰' };

let t: TestCloud;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const cid = () => `ledger-${unique()}-abcdefgh`;

type Answer = { ok: boolean; code?: string; message?: string; issues?: { path: string; message: string }[]; data?: any };
const exportAs = async (input: Record<string, unknown>, openid = COUNTY_STAFF) => (await t.invoke('ledger', { action: 'ledger.export', input }, openid)) as Answer;

/** The file behind an answer, fetched from its temporary link as a phone would, and read back. */
async function download(answer: Answer): Promise<ExcelJS.Worksheet> {
  expect(answer).toMatchObject({ ok: true });
  const res = await fetch(answer.data.url);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as never);
  expect(wb.worksheets).toHaveLength(1);
  return wb.worksheets[0]!;
}

const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(3).values as unknown[]).slice(1);
const col = (ws: ExcelJS.Worksheet, header: string) => {
  const i = headers(ws).indexOf(header);
  if (i < 0) throw new Error(`no column ${header} in ${headers(ws).join(',')}`);
  return i + 1;
};
/** The data rows (4 … before 合计) as objects by header. */
function rowsOf(ws: ExcelJS.Worksheet, rows: number): Record<string, unknown>[] {
  const hs = headers(ws) as string[];
  const out: Record<string, unknown>[] = [];
  for (let r = 4; r < 4 + rows; r++) out.push(Object.fromEntries(hs.map((h, i) => [h, ws.getCell(r, i + 1).value])));
  return out;
}
/** The layout every ledger shares: title, subtitle, headers, the frozen view, the widths. */
function expectLayout(ws: ExcelJS.Worksheet, title: string, wanted: string[]) {
  expect(ws.getCell('A1').value).toBe(title);
  expect(ws.getCell('A1').font).toMatchObject({ bold: true });
  expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center' });
  // Merged across every column: the last column's title cell is the same merged cell.
  expect(ws.getCell(1, headers(ws).length).isMerged).toBe(true);
  expect(String(ws.getCell('A2').value)).toMatch(/^单位：.+　期间：.+　导出时间：2026-06-02 10:00/);
  expect(headers(ws)).toEqual(expect.arrayContaining(wanted));
  for (let i = 1; i <= headers(ws).length; i++) {
    expect(ws.getCell(3, i).font).toMatchObject({ bold: true });
    expect(ws.getCell(3, i).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.getCell(3, i).border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
    expect(ws.getColumn(i).width).toBeGreaterThanOrEqual(6);
  }
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
}
/** The 合计 row of a summed column: `SUM(X4:Xn)` and its computed result. */
function expectTotal(ws: ExcelJS.Worksheet, rows: number, header: string): number {
  const c = col(ws, header);
  const total = ws.getCell(4 + rows, c);
  const letter = ws.getColumn(c).letter;
  expect(ws.getCell(4 + rows, 1).value).toBe('合计');
  expect(total.value).toMatchObject({ formula: `SUM(${letter}4:${letter}${3 + rows})` });
  let sum = 0;
  for (let r = 4; r < 4 + rows; r++) sum += Number(ws.getCell(r, c).value ?? 0);
  const result = (total.value as { result: number }).result;
  expect(result).toBeCloseTo(sum, 6);
  return result;
}

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-06T09:00:00+08:00');
  await seedDemo();
  const center = (await getUnit('vil-shibadong'))!.center!;
  const fix = (over: Record<string, unknown> = {}) => ({ clientId: cid(), lat: center.lat, lng: center.lng, accuracy: 18, capturedAt: now().toISOString(), ...over });

  // A leave: 龙俊杰 at a county training all of 14 May (公务外出: the township approves).
  const lv = await t.call('leave.apply', { clientId: cid(), kind: 'official', start: { date: '2026-05-14', half: 'am' }, end: { date: '2026-05-14', half: 'pm' }, reason: '到县里参加业务培训' }, TM2.openid);
  expect(lv).toMatchObject({ ok: true });
  expect(await t.call('leave.decide', { id: lv.data.id, approve: true, comment: '同意' }, TOWN_APPROVER)).toMatchObject({ ok: true, data: { status: 'approved' } });

  // 12 May: 蒋文博 on post morning and afternoon; 石婷 checks in from far away in the morning.
  at('2026-05-12T09:00:00+08:00');
  expect(await t.call('checkin.submit', fix(), FS.openid)).toMatchObject({ ok: true, data: { inside: true } });
  expect(await t.call('checkin.submit', fix({ lat: center.lat + 0.05 }), TM1.openid)).toMatchObject({ ok: true, data: { inside: false } });
  at('2026-05-12T14:30:00+08:00');
  expect(await t.call('checkin.submit', fix(), FS.openid)).toMatchObject({ ok: true, data: { inside: true } });

  // 13 May: a spot check of 蒋文博, answered in time and seen at post by video; one of 石婷, missed.
  at('2026-05-13T10:00:00+08:00');
  const sc = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: cid(), personIds: [FS.id, TM1.id], note: '例行抽查' }, TOWN_STAFF);
  expect(sc).toMatchObject({ ok: true });
  const mine = sc.data.issued.find((x: any) => x.personId === FS.id);
  at('2026-05-13T10:05:00+08:00');
  expect(await t.call('spotCheck.answer', { id: mine.id, fix: fix(), photoFileId: await freshAnswerPhoto(FS.id) }, FS.openid)).toMatchObject({ ok: true, data: { status: 'answered' } });
  expect(await t.call('spotCheck.recordCall', { id: mine.id, channel: 'video', outcome: 'seenAtPost', note: '在村部' }, TOWN_STAFF)).toMatchObject({ ok: true });
  at('2026-05-13T12:00:00+08:00');
  await closeExpired(now());

  // The month's windows settled by the sweep, then June: staff score May.
  // The sweep as the timer runs it, a day at a time (it settles what closed since its last run).
  for (let day = Date.parse('2026-05-01T00:00:00+08:00'); day < Date.parse('2026-06-01T00:00:00+08:00'); day += 86_400_000) {
    for (let r: any = await closeWindows(new Date(day), new Date(day + 86_400_000)); r.incomplete; ) r = await closeWindows(undefined, new Date(day + 86_400_000), { checkpoint: r.checkpoint });
  }
  at('2026-06-02T10:00:00+08:00');
  expect(await t.call('scoring.recompute', { unitId: 'county-huayuan', period: '2026-05' }, COUNTY_STAFF)).toMatchObject({ ok: true });
}, 120_000);
afterAll(() => t?.stop());

describe('the six ledgers', () => {
  it('attendance: every metric of each cadre, as the score shows it, with sums', async () => {
    const a = await exportAs({ ledger: 'attendance', unitId: 'county-huayuan', month: '2026-05' });
    expect(a).toMatchObject({ ok: true, data: { fileName: '花垣县2026年5月驻村干部考勤台账.xlsx', title: '中共花垣县委组织部 2026年5月驻村干部考勤台账' } });
    // Saved where the brief says, by unit, ledger, period and time.
    expect(a.data.fileID).toMatch(/\/ledgers\/county-huayuan\/attendance-2026-05-20260602100000\.xlsx$/);
    const ws = await download(a);
    const names = (['windowsDue', 'windowsPresent', 'windowsCorrected', 'windowsOutside', 'windowsMissed', 'windowsExcused', 'daysOnPost', 'daysExcused', 'nights', 'spotChecksOnTime', 'spotChecksLate', 'spotChecksMissed', 'spotChecksNotAtPost', 'workLogDays'] as Metric[]).map((m) => METRIC_NAMES[m]);
    expectLayout(ws, '中共花垣县委组织部 2026年5月驻村干部考勤台账', ['序号', '姓名', '干部类别', '驻村（社区）', ...names]);
    expect(String(ws.getCell('A2').value)).toContain('单位：花垣县　期间：2026年5月');
    const rows = rowsOf(ws, a.data.rows);
    // One row per cadre scored.
    expect(a.data.rows).toBe((await t.call('scoring.ranking', { unitId: 'county-huayuan', period: '2026-05' }, COUNTY_STAFF)).data.count);
    expect(a.data.rows).toBeGreaterThanOrEqual(3);

    // 蒋文博's row is his score, figure by figure.
    const explained = await t.call('scoring.explain', { personId: FS.id, period: '2026-05' }, COUNTY_STAFF);
    const his = rows.find((r) => r['姓名'] === FS.name)!;
    expect(his).toMatchObject({ 干部类别: '第一书记', '驻村（社区）': '十八洞村' });
    for (const m of explained.data.metrics as { name: string; value: number }[]) if (names.includes(m.name)) expect([m.name, his[m.name]]).toEqual([m.name, m.value]);
    expect(his[METRIC_NAMES.windowsPresent]).toBeGreaterThanOrEqual(2);
    expect(his[METRIC_NAMES.spotChecksOnTime]).toBe(1);
    const hers = rows.find((r) => r['姓名'] === TM1.name)!;
    expect(hers[METRIC_NAMES.windowsOutside]).toBe(1);
    expect(hers[METRIC_NAMES.spotChecksMissed]).toBe(1);
    expect(rows.find((r) => r['姓名'] === TM2.name)![METRIC_NAMES.windowsExcused]).toBe(2);

    expect(expectTotal(ws, a.data.rows, METRIC_NAMES.spotChecksMissed)).toBe(1);
    expect(expectTotal(ws, a.data.rows, METRIC_NAMES.windowsDue)).toBeGreaterThan(100);
    expect(ws.getCell(4 + a.data.rows, 2).value).toBe(`共 ${a.data.rows} 条`);
  });

  it('spot checks: each request of the month, its answer and its call', async () => {
    const a = await exportAs({ ledger: 'spotChecks', unitId: 'town-shuanglong', month: '2026-05' });
    const ws = await download(a);
    expectLayout(ws, '中共花垣县委组织部 2026年5月驻村干部随机约请台账', ['日期', '驻村干部', '驻村（社区）', '发起人', '截止时间', '状态', '响应时间', '视频/电话核查']);
    expect(a.data.rows).toBe(2);
    const rows = rowsOf(ws, 2);
    expect(rows.find((r) => r['驻村干部'] === FS.name)).toMatchObject({ 日期: '2026-05-13', '驻村（社区）': '十八洞村', 发起人: '龙小燕', 发出时间: '2026-05-13 10:00', 截止时间: '2026-05-13 10:30', 状态: '按时响应', 响应时间: '2026-05-13 10:05', 响应位置: '在村内', '视频/电话核查': '视频：在岗', 核查人: '龙小燕' });
    expect(rows.find((r) => r['驻村干部'] === TM1.name)).toMatchObject({ 状态: '未响应', 响应时间: '' });
    // Nothing to add up: no 合计 row.
    expect(ws.getCell(6, 1).value).toBeNull();
  });

  it('leave: the requests touching the month, their days and approvers, as leave.ledger shows them', async () => {
    const a = await exportAs({ ledger: 'leave', unitId: 'town-shuanglong', month: '2026-05' });
    const ws = await download(a);
    expectLayout(ws, '中共花垣县委组织部 2026年5月驻村干部请假台账', ['驻村干部', '请假类别', '开始', '结束', '请假天数', '状态', '审批情况']);
    const api = await t.call('leave.ledger', { unitId: 'town-shuanglong', month: '2026-05' }, COUNTY_STAFF);
    expect(a.data.rows).toBe(api.data.leaves.length);
    const row = rowsOf(ws, a.data.rows).find((r) => r['驻村干部'] === TM2.name)!;
    const l = api.data.leaves.find((x: any) => x.personName === TM2.name);
    expect(row).toMatchObject({ '驻村（社区）': '十八洞村', 请假类别: '公务外出', 开始: '2026-05-14 上午', 结束: '2026-05-14 下午', 请假天数: l.days, 其中本月天数: 1, 事由: '到县里参加业务培训', 状态: '已批准', 审批情况: '双龙镇 石光明：同意（同意）' });
    expect(expectTotal(ws, a.data.rows, '请假天数')).toBe(1);
    expect(expectTotal(ws, a.data.rows, '其中本月天数')).toBe(1);
  });

  it('location: each cadre’s windows of the day with every check-in, as checkin.ledger shows them, and the look is recorded', async () => {
    const a = await exportAs({ ledger: 'location', unitId: 'vil-shibadong', date: '2026-05-12' });
    const ws = await download(a);
    expectLayout(ws, '中共花垣县委组织部 2026年5月12日驻村干部位置共享台账', ['驻村干部', '签到时段', '签到情况', '签到时间', '在围栏内', '距围栏（米）', '风险提示']);
    const api = await t.call('checkin.ledger', { unitId: 'vil-shibadong', date: '2026-05-12' }, COUNTY_STAFF);
    const rows = rowsOf(ws, a.data.rows);
    // One row per window of each cadre (a window with several check-ins would have one per check-in).
    expect(a.data.rows).toBe(api.data.rows.reduce((s: number, r: any) => s + r.windows.length, 0));
    const fsApi = api.data.rows.find((r: any) => r.personId === FS.id);
    const fsRows = rows.filter((r) => r['驻村干部'] === FS.name);
    expect(fsRows.map((r) => [r['签到时段'], r['签到情况'], r['签到时间'], r['在围栏内'], r['距围栏（米）']])).toEqual([
      ['上午 08:30—10:00', '已签到', '09:00:00', '是', fsApi.checkins[0].distanceM],
      ['下午 14:00—15:30', '已签到', '14:30:00', '是', fsApi.checkins[1].distanceM],
    ]);
    const tm1 = rows.filter((r) => r['驻村干部'] === TM1.name);
    expect(tm1[0]).toMatchObject({ 签到情况: '不在村内', 在围栏内: '否', 风险提示: expect.stringContaining('不在村内范围') });
    expect(tm1[0]!['距围栏（米）']).toBeGreaterThan(1000);
    expect(tm1[1]).toMatchObject({ 签到情况: '未签到', 签到时间: '' });
    expect(ws.getColumn(col(ws, '距围栏（米）')).numFmt).toBe('0.0');
    // The cadres see that their locations were exported.
    const seen = await t.call('checkin.viewers', {}, FS.openid);
    expect(seen.data).toContainEqual(expect.objectContaining({ viewerName: '石慧敏', what: 'ledger', detail: '2026-05-12 位置共享台账（导出）' }));
  });

  it('ranking: rank, items, total and grade as scoring.ranking shows them', async () => {
    const a = await exportAs({ ledger: 'ranking', unitId: 'county-huayuan', period: '2026-05' });
    const ws = await download(a);
    expectLayout(ws, '中共花垣县委组织部 2026年5月驻村干部考核排名', ['名次', '姓名', '驻村（社区）', '在岗签到（50分）', '随机约请（30分）', '驻村记实（20分）', '总分', '等次']);
    const api = await t.call('scoring.ranking', { unitId: 'county-huayuan', period: '2026-05', limit: 100 }, COUNTY_STAFF);
    expect(a.data.rows).toBe(api.data.count);
    const rows = rowsOf(ws, a.data.rows);
    for (const r of api.data.rows as any[]) {
      const row = rows.find((x) => x['姓名'] === r.name && x['驻村（社区）'] === r.villageName)!;
      expect(row).toMatchObject({ 名次: r.rank, 总分: r.total, 等次: r.gradeName, 干部类别: r.kindName });
      for (const it of r.items) expect(row[`${it.name}（${it.max}分）`]).toBe(it.points);
    }
    // Best first.
    expect(rows.map((r) => r['名次'])).toEqual([...rows.map((r) => r['名次'] as number)].sort((x, y) => x - y));
    expect(ws.getCell(4 + a.data.rows, 1).value).toBeNull();
  });

  it('allowance: basis, days, rate and amount as scoring.allowances shows them, with the sums of days and yuan', async () => {
    const a = await exportAs({ ledger: 'allowance', unitId: 'county-huayuan', month: '2026-05' });
    const ws = await download(a);
    expectLayout(ws, '中共花垣县委组织部 2026年5月驻村补助发放台账', ['姓名', '干部类别', '驻村（社区）', '计发依据', '计发天数', '标准（元/天）', '金额（元）', '状态']);
    const api = await t.call('scoring.allowances', { unitId: 'county-huayuan', month: '2026-05', limit: 100 }, COUNTY_STAFF);
    expect(a.data.rows).toBe(api.data.totals.count);
    const mine = api.data.rows.find((r: any) => r.personId === FS.id);
    expect(rowsOf(ws, a.data.rows).find((r) => r['姓名'] === FS.name)).toMatchObject({ 计发依据: mine.basisName, 计发天数: mine.days, '标准（元/天）': mine.perDay, '金额（元）': mine.amount, 状态: '待签核' });
    expect(mine.amount).toBeGreaterThan(0);
    expect(expectTotal(ws, a.data.rows, '金额（元）')).toBe(api.data.totals.amount);
    expect(expectTotal(ws, a.data.rows, '计发天数')).toBe(api.data.totals.days);
    expect(ws.getColumn(col(ws, '金额（元）')).numFmt).toBe('#,##0.00');
  });
});

describe('titles, records and refusals', () => {
  it('uses the county’s own header when it sets one, and the city’s name for a city', async () => {
    const county = (await getUnit('county-huayuan'))!;
    await setUnitSetting(SYSTEM, now(), county, 'ledger', { header: '花垣县驻村工作领导小组办公室' });
    try {
      const a = await exportAs({ ledger: 'ranking', unitId: 'town-shuanglong', period: '2026-05' }, TOWN_STAFF);
      expect(a).toMatchObject({ ok: true, data: { title: '花垣县驻村工作领导小组办公室 2026年5月驻村干部考核排名' } });
      expect((await download(a)).getCell('A1').value).toBe('花垣县驻村工作领导小组办公室 2026年5月驻村干部考核排名');
    } finally {
      await setUnitSetting(SYSTEM, now(), (await getUnit('county-huayuan'))!, 'ledger', null);
    }
    const city = await exportAs({ ledger: 'leave', unitId: 'city-xiangxi', month: '2026-05' }, CITY_STAFF);
    expect(city).toMatchObject({ ok: true, data: { title: '中共湘西土家族苗族自治州委组织部 2026年5月驻村干部请假台账' } });
  });

  it('records each export in the audit log', async () => {
    const before = (await db.collection('audit').where({ action: 'ledger.export' }).count()).total;
    const a = await exportAs({ ledger: 'spotChecks', unitId: 'county-huayuan', month: '2026-05' });
    const cloudPath = /ledgers\/.+$/.exec(a.data.fileID)![0];
    expect(cloudPath).toBe('ledgers/county-huayuan/spotChecks-2026-05-20260602100000.xlsx');
    const { data } = await db.collection('audit').where({ action: 'ledger.export', 'target.id': cloudPath }).get<any>();
    expect((await db.collection('audit').where({ action: 'ledger.export' }).count()).total).toBe(before + 1);
    expect(data[0]).toMatchObject({ actorName: '石慧敏', unitPath: ['city-xiangxi', 'county-huayuan'], after: { ledger: 'spotChecks', period: '2026-05', rows: a.data.rows } });
  });

  it('refuses a unit out of the caller’s scope, a caller who is not staff, and bad input', async () => {
    expect(await exportAs({ ledger: 'attendance', unitId: 'county-huayuan', month: '2026-05' }, TOWN_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await exportAs({ ledger: 'attendance', unitId: 'vil-shibadong', month: '2026-05' }, FS.openid)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await exportAs({ ledger: 'attendance', unitId: 'county-huayuan', month: '2026-05' }, 'demo-bj-staff')).toMatchObject({ ok: false, code: 'forbidden' });
    const noMonth = await exportAs({ ledger: 'attendance', unitId: 'county-huayuan' });
    expect(noMonth).toMatchObject({ ok: false, code: 'invalid_input', issues: [{ path: 'month', message: '请选择月份' }] });
    expect(await exportAs({ ledger: 'location', unitId: 'county-huayuan', month: '2026-05' })).toMatchObject({ ok: false, code: 'invalid_input', issues: [{ path: 'date' }] });
    expect(await exportAs({ ledger: 'location', unitId: 'county-huayuan', date: '2026-02-30' })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await exportAs({ ledger: 'ranking', unitId: 'county-huayuan', period: '2026-Q5' })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await exportAs({ ledger: 'payroll', unitId: 'county-huayuan', month: '2026-05' })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await exportAs({ ledger: 'leave', unitId: 'county-huayuan', month: '2026-05', extra: 1 })).toMatchObject({ ok: false, code: 'invalid_input' });
    // A month nobody scored has no attendance ledger yet.
    expect(await exportAs({ ledger: 'attendance', unitId: 'county-huayuan', month: '2026-04' })).toMatchObject({ ok: false, code: 'not_found', message: expect.stringContaining('请先计算') });
    // The api function does not serve exports.
    expect(await t.call('ledger.export', { ledger: 'leave', unitId: 'county-huayuan', month: '2026-05' }, COUNTY_STAFF)).toMatchObject({ ok: false, code: 'unknown_action' });
  });
});
