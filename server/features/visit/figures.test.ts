/**
 * The monthly and quarterly figures of 驻点联系 (走访率, 问题化解率, 请假人次) by village, township and
 * county, checked by hand against a small quarter in 花垣县, and frozen with the county's
 * quarterly publication: what changes afterwards moves the live figures, not the published ones;
 * a corrected publication freezes again, and each version keeps its own.
 *
 * The quarter (2026-Q2), in 双龙镇:
 *   十八洞村  H1–H5; 第一组 (蒋文博, 石婷) covers H1–H3, 第二组 (龙俊杰 and a new cadre) H4–H5.
 *            May: 第一组 plans H1–H3 and visits all three (a problem at H1: P1); 第二组 plans H4–H5,
 *            visits H4 only (two problems: P2, P3). June: 第一组 plans H1 and visits it; 第二组
 *            visits H5 without a plan.
 *   金龙村    J1–J2; 第三组 (欧阳靖, 吴磊) plans both in May, visits J1.
 *   P1 answered and rated, P2 answered, P3 open. Leaves: 蒋文博 in May and 石婷 in June approved,
 *   欧阳靖's pending; in 边城镇 (one household, no visits) one approved leave in May.
 */
import ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { approveLeave, freshCadre, freshLeave } from '../../../test/fixtures';
import { getUnit } from '../org/service';

const FS = 'demo-fs-shibadong';
const FS_ID = 'p-fs-shibadong';
const TM1 = 'demo-tm-shibadong-1';
const TM1_ID = 'p-tm-shibadong-1';
const TM2 = 'demo-tm-shibadong-2';
const TM2_ID = 'p-tm-shibadong-2';
const JL = 'demo-fs-jinlong';
const JL_ID = 'p-fs-jinlong';
const TOWN = 'demo-sl-staff';
const COUNTY = 'demo-hy-staff';
const CITY = 'demo-city-staff-xiang';
const CIVIL = 'demo-hy-dept-civil';

let t: TestCloud;
let n = 0;
const cid = () => `figures-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
async function must(action: string, input: unknown, openid: string): Promise<any> {
  const r = await t.call(action, input, openid);
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r)}`);
  return r.data;
}
const household = async (villageId: string, head: string, group = '一组') => (await must('visit.addHousehold', { villageId, head, group, house: `${head}家` }, COUNTY)).id as string;
const group = async (villageId: string, name: string, memberIds: string[]) => (await must('visit.saveGroup', { villageId, clientId: cid(), name, memberIds, auxiliary: { name: '村干部' } }, COUNTY)).id as string;
const visit = (openid: string, personId: string, householdId: string, problems: string[] = []) => must('visit.log', { clientId: cid(), householdId, memberIds: [personId], notes: '入户了解情况', problems: problems.map((text) => ({ text, category: 'service' })) }, openid);
const pick = (rows: any[], key: string) => rows.find((r) => r.key === key);

let P3 = '';

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-04T09:00:00+08:00');
  await seedDemo();
  const [h1, h2, h3, h4, h5] = [await household('vil-shibadong', '龙德忠'), await household('vil-shibadong', '施成富'), await household('vil-shibadong', '杨秀英'), await household('vil-shibadong', '龙大明', '二组'), await household('vil-shibadong', '石二妹', '二组')];
  const [j1, j2] = [await household('vil-jinlong', '吴金花'), await household('vil-jinlong', '吴银花')];
  await household('vil-aimen', '杨老大');
  const { person: fourth } = await freshCadre('vil-shibadong');
  const a = await group('vil-shibadong', '第一组', [FS_ID, TM1_ID]);
  const b = await group('vil-shibadong', '第二组', [TM2_ID, fourth._id]);
  const c = await group('vil-jinlong', '第三组', [JL_ID, 'p-tm-jinlong']);
  await must('visit.assign', { villageId: 'vil-shibadong', groupId: a, add: [h1, h2, h3] }, COUNTY);
  await must('visit.assign', { villageId: 'vil-shibadong', groupId: b, add: [h4, h5] }, COUNTY);
  await must('visit.assign', { villageId: 'vil-jinlong', groupId: c, add: [j1, j2] }, COUNTY);
  await must('visit.savePlan', { villageId: 'vil-shibadong', groupId: a, month: '2026-05', householdIds: [h1, h2, h3] }, FS);
  await must('visit.savePlan', { villageId: 'vil-shibadong', groupId: b, month: '2026-05', householdIds: [h4, h5] }, TM2);
  await must('visit.savePlan', { villageId: 'vil-jinlong', groupId: c, month: '2026-05', householdIds: [j1, j2] }, JL);

  at('2026-05-06T10:00:00+08:00');
  const [P1] = (await visit(FS, FS_ID, h1, ['低保年审一个多月没有结果'])).problems.map((p: any) => p.id);
  await visit(TM1, TM1_ID, h2);
  await visit(FS, FS_ID, h3);
  const [P2, p3] = (await visit(TM2, TM2_ID, h4, ['通组公路塌方过不去', '自来水管冻裂要更换'])).problems.map((p: any) => p.id);
  P3 = p3;
  await visit(JL, JL_ID, j1);

  at('2026-05-07T10:00:00+08:00');
  for (const id of [P1, P2]) {
    await must('complaint.dispatch', { id, category: 'service', unitId: 'county-huayuan', departmentId: 'dept-huayuan-civil' }, TOWN);
    await must('complaint.answer', { id, text: '已协调解决' }, CIVIL);
  }
  await must('visit.rate', { id: P1, value: 'satisfied' }, FS);

  const path = (await getUnit('vil-shibadong'))!.path;
  await approveLeave(await freshLeave('vil-shibadong', { personId: FS_ID, start: { date: '2026-05-20', half: 'am' } }), path);
  await approveLeave(await freshLeave('vil-shibadong', { personId: TM1_ID, start: { date: '2026-06-10', half: 'am' } }), path);
  await freshLeave('vil-jinlong', { personId: JL_ID, start: { date: '2026-05-21', half: 'am' } });
  await approveLeave(await freshLeave('vil-aimen', { start: { date: '2026-05-22', half: 'am' } }), (await getUnit('vil-aimen'))!.path);

  at('2026-06-02T10:00:00+08:00');
  await must('visit.savePlan', { villageId: 'vil-shibadong', groupId: a, month: '2026-06', householdIds: [h1] }, TM1);
  await visit(TM1, TM1_ID, h1);
  await visit(TM2, TM2_ID, h5);
}, 120_000);
afterAll(() => t.stop());

it('gives a township’s month by village, by hand', async () => {
  at('2026-06-02T12:00:00+08:00');
  const f = await must('visit.figures', { unitId: 'town-shuanglong', period: '2026-05' }, TOWN);
  expect(f).toMatchObject({ by: 'village', months: ['2026-05'], periodText: '2026年5月', frozen: null });
  expect(pick(f.rows, 'vil-shibadong')).toMatchObject({ households: 5, visitedHouseholds: 4, coverageRate: 80, planned: 5, plannedVisited: 4, visitRate: 80, plans: 2, plansFulfilled: 1, visits: 4, problems: 3, resolved: 2, resolutionRate: 66.7, leaves: 1 });
  expect(pick(f.rows, 'vil-jinlong')).toMatchObject({ households: 2, visitedHouseholds: 1, planned: 2, plannedVisited: 1, visitRate: 50, plans: 1, plansFulfilled: 0, visits: 1, problems: 0, resolutionRate: null, leaves: 0 });
  expect(pick(f.rows, 'vil-paibi')).toMatchObject({ households: 0, coverageRate: null, visitRate: null });
  expect(f.rows).toHaveLength(5);
  expect(f.total).toMatchObject({ key: 'town-shuanglong', households: 7, visitedHouseholds: 5, planned: 7, plannedVisited: 5, visitRate: 71.4, plans: 3, plansFulfilled: 1, visits: 5, problems: 3, resolved: 2, leaves: 1 });
  // Staff of another county, and cadres, do not see it.
  expect(await t.call('visit.figures', { unitId: 'town-shuanglong', period: '2026-05' }, 'demo-bj-staff')).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await t.call('visit.figures', { unitId: 'vil-shibadong', period: '2026-05' }, FS)).toMatchObject({ ok: false, code: 'forbidden' });
});

const Q2_SHUANGLONG = { households: 7, visitedHouseholds: 6, coverageRate: 85.7, planned: 8, plannedVisited: 6, visitRate: 75, plans: 4, plansFulfilled: 2, visits: 7, problems: 3, resolved: 2, resolutionRate: 66.7, leaves: 2 };
const Q2_BIANCHENG = { households: 1, visitedHouseholds: 0, coverageRate: 0, planned: 0, visitRate: null, visits: 0, problems: 0, resolutionRate: null, leaves: 1 };
const Q2_COUNTY = { households: 8, visitedHouseholds: 6, coverageRate: 75, planned: 8, plannedVisited: 6, visitRate: 75, plans: 4, plansFulfilled: 2, visits: 7, problems: 3, resolved: 2, resolutionRate: 66.7, leaves: 3 };

it('gives a county’s quarter by township, and rolls a city up by county, by hand', async () => {
  at('2026-07-02T10:00:00+08:00');
  const f = await must('visit.figures', { unitId: 'county-huayuan', period: '2026-Q2' }, COUNTY);
  expect(f).toMatchObject({ by: 'township', months: ['2026-04', '2026-05', '2026-06'], periodText: '2026年第二季度', frozen: null });
  expect(pick(f.rows, 'town-shuanglong')).toMatchObject(Q2_SHUANGLONG);
  expect(pick(f.rows, 'town-biancheng')).toMatchObject(Q2_BIANCHENG);
  expect(f.total).toMatchObject(Q2_COUNTY);
  const city = await must('visit.figures', { unitId: 'city-xiangxi', period: '2026-Q2' }, CITY);
  expect(pick(city.byCounty, 'county-huayuan')).toMatchObject(Q2_COUNTY);
  expect(pick(city.byCounty, 'county-baojing')).toMatchObject({ households: 0, leaves: 0 });
  expect(city.total).toMatchObject({ households: 8, problems: 3, leaves: 3 });
});

it('freezes the quarter with the county’s publication, and keeps each version’s', async () => {
  at('2026-07-02T10:00:00+08:00');
  await must('scoring.recompute', { unitId: 'county-huayuan', period: '2026-Q2' }, COUNTY);
  const v1 = await must('scoring.publish', { unitId: 'county-huayuan', period: '2026-Q2', clientId: cid() }, COUNTY);
  // After publication: P3 is answered and 金龙村 registers a household.
  at('2026-07-03T10:00:00+08:00');
  await must('complaint.dispatch', { id: P3, category: 'service', unitId: 'county-huayuan', departmentId: 'dept-huayuan-civil' }, TOWN);
  await must('complaint.answer', { id: P3, text: '已更换水管' }, CIVIL);
  await household('vil-jinlong', '吴铜花');

  const frozen = await must('visit.figures', { unitId: 'county-huayuan', period: '2026-Q2' }, COUNTY);
  expect(frozen.frozen).toMatchObject({ pubId: v1.id, version: 1, unitName: '花垣县', byName: '石慧敏' });
  expect(frozen.total).toMatchObject(Q2_COUNTY);
  expect(pick(frozen.rows, 'town-shuanglong')).toMatchObject(Q2_SHUANGLONG);
  // The township sees its own line of the publication; its villages stay live.
  const town = await must('visit.figures', { unitId: 'town-shuanglong', period: '2026-Q2' }, TOWN);
  expect(town).toMatchObject({ frozen: { pubId: v1.id }, rowsLive: true, total: Q2_SHUANGLONG });
  expect(pick(town.rows, 'vil-jinlong')).toMatchObject({ households: 3 });
  // The city has published nothing: its figures are live.
  const city = await must('visit.figures', { unitId: 'city-xiangxi', period: '2026-Q2' }, CITY);
  expect(city.frozen).toBeNull();
  expect(city.total).toMatchObject({ households: 9, problems: 3, resolved: 3, resolutionRate: 100 });
  // A month without a publication of its own is live.
  expect((await must('visit.figures', { unitId: 'county-huayuan', period: '2026-05' }, COUNTY)).frozen).toBeNull();

  const v2 = await must('scoring.publish', { unitId: 'county-huayuan', period: '2026-Q2', reason: '问题化解情况更新', clientId: cid() }, COUNTY);
  const now2 = await must('visit.figures', { unitId: 'county-huayuan', period: '2026-Q2' }, COUNTY);
  expect(now2.frozen).toMatchObject({ pubId: v2.id, version: 2 });
  expect(now2.total).toMatchObject({ households: 9, resolved: 3, resolutionRate: 100 });
  const old = await must('visit.figures', { unitId: 'county-huayuan', period: '2026-Q2', pubId: v1.id }, COUNTY);
  expect(old.frozen).toMatchObject({ version: 1 });
  expect(old.total).toMatchObject(Q2_COUNTY);
  expect(await t.call('visit.figures', { unitId: 'county-huayuan', period: '2026-Q1', pubId: v1.id }, COUNTY)).toMatchObject({ ok: false, code: 'not_found' });
});

it('exports the problem ledger of the quarter', async () => {
  const r = (await t.invoke('ledger', { action: 'visit.exportProblems', input: { unitId: 'town-shuanglong', period: '2026-Q2' } }, TOWN)) as any;
  expect(r).toMatchObject({ ok: true, data: { rows: 3, fileName: '双龙镇2026年第二季度驻点联系走访问题台账.xlsx' } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await (await fetch(r.data.url)).arrayBuffer()) as unknown as ArrayBuffer);
  const list = wb.getWorksheet('问题台账')!;
  expect(list.getRow(3).values).toEqual(expect.arrayContaining(['农户', '问题', '走访干部', '责任部门', '回访评价']));
  expect([4, 5, 6].map((i) => list.getRow(i).getCell(5).text).sort()).toEqual(['龙德忠（一组）', '龙大明（二组）', '龙大明（二组）'].sort());
  const byVillage = wb.getWorksheet('分村统计')!;
  const shibadong = [...Array(byVillage.rowCount).keys()].map((i) => byVillage.getRow(i + 1)).find((row) => row.getCell(1).text === '十八洞村')!;
  expect([2, 3, 4, 9, 10].map((c) => Number(shibadong.getCell(c).value))).toEqual([5, 6, 5, 3, 3]);
});
