/**
 * Unannounced inspections (暗访), end to end through the api and ledger functions: a team found
 * absent loses the attendance item of the month at once (一次扣完) with the inspection as the
 * explanation; a cadre on approved leave is 请假, not absent; a partly absent team counts only
 * the absent; a retried record is one record; corrections within and after 24 hours; the county
 * signs for its written report; another county is refused; the 暗访台账 read back with exceljs.
 */
import * as ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { approveLeave, freshLeave, SYSTEM, unique } from '../../../test/fixtures';
import { now } from '../../kernel/clock';
import { db, storage } from '../../platform/cloud';
import { createUnit, getUnit } from '../org/service';
import { addPerson, bind, createInvite, startAssignment } from '../people/service';
import { reportBack } from '../leave/service';
import type { CadreKind, PersonDoc } from '../people/schema';
import { absencesOf, INSPECTIONS, inspectionsOfCadres, photoFolder } from './service';

const COUNTY_STAFF = 'demo-hy-staff'; // 石慧敏, 花垣县委组织部
const DISCIPLINE = 'demo-hy-discipline'; // 麻建军, 花垣县纪委监委
const TOWN_STAFF = 'demo-sl-staff'; // 龙小燕, 双龙镇
const CITY_STAFF = 'demo-city-staff-xiang';
const OTHER_COUNTY = 'demo-bj-staff'; // 保靖县
const OTHER_DISCIPLINE = 'demo-bj-discipline';

let t: TestCloud;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const cid = () => `ins-test-${unique()}-abcdefgh`;
type Answer = { ok: boolean; code?: string; message?: string; data?: any };
const call = (action: string, input: unknown, openid: string) => t.call(action, input, openid) as Promise<Answer>;
async function ok(action: string, input: unknown, openid: string): Promise<any> {
  const r = await call(action, input, openid);
  expect([action, r]).toMatchObject([action, { ok: true }]);
  return r.data;
}

/** A fresh village of 双龙镇 (花垣县) with its team, stationed from April 1st. */
async function village(name: string, team: [string, CadreKind][]): Promise<{ id: string; path: string[]; cadres: PersonDoc[] }> {
  const v = await createUnit(SYSTEM, now(), { parentId: 'town-shuanglong', name });
  const cadres: PersonDoc[] = [];
  for (const [person, kind] of team) {
    const i = unique();
    const p = await addPerson(SYSTEM, now(), { name: person, phone: `136${String(10_000_000 + i).slice(-8)}`, orgUnitId: v._id });
    await startAssignment(SYSTEM, now(), { personId: p._id, villageId: v._id, kind, dispatchingUnit: '州交通运输局', start: '2026-04-01' });
    cadres.push(p);
  }
  return { id: v._id, path: v.path, cadres };
}

const marks = (cadres: PersonDoc[], statuses: string[]) => cadres.map((c, i) => ({ personId: c._id, status: statuses[i]! }));

let v1: Awaited<ReturnType<typeof village>>;
let v2: Awaited<ReturnType<typeof village>>;
let v3: Awaited<ReturnType<typeof village>>;
/** V1: the whole team absent (one on leave); V2: one of two absent. */
let teamAbsent: any;
let partly: any;

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-04-01T09:00:00+08:00');
  await seedDemo();
  v1 = await village('暗访一村', [['甲书记', 'firstSecretary'], ['乙队员', 'teamMember'], ['丙队员', 'teamMember']]);
  v2 = await village('暗访二村', [['丁书记', 'firstSecretary'], ['戊队员', 'teamMember']]);
  v3 = await village('暗访三村', [['己书记', 'firstSecretary']]);
  // 丙 asks for leave on Tuesday 14 April, approved at every level.
  at('2026-04-10T09:00:00+08:00');
  const leave = await freshLeave(v1.id, { personId: v1.cadres[2]!._id, kind: 'personal', start: { date: '2026-04-14', half: 'am' }, end: { date: '2026-04-14', half: 'pm' } });
  await approveLeave(leave, v1.path);
}, 60_000);
afterAll(() => t.stop());

describe('recording an inspection', () => {
  it('lists the team of the day, with who is on approved leave', async () => {
    at('2026-04-14T10:00:00+08:00');
    const team = await ok('inspection.team', { villageId: v1.id }, COUNTY_STAFF);
    expect(team).toMatchObject({ date: '2026-04-14', today: '2026-04-14', earliest: '2026-04-07', uploadFolder: 'inspections/p-hy-staff/' });
    expect(team.team.map((m: any) => [m.name, m.kindName, m.leave?.kindName ?? null])).toEqual([['甲书记', '第一书记', null], ['丙队员', '驻村工作队员', '事假'], ['乙队员', '驻村工作队员', null]]);
  });

  it('a team found absent: the cadre on leave is 请假, the others 不在岗; a retried record is stored once', async () => {
    at('2026-04-14T10:05:00+08:00');
    const photo = await storage.upload(`${photoFolder('p-hy-staff')}v1-door.jpg`, Buffer.from('jpeg'));
    const input = {
      clientId: cid(),
      villageId: v1.id,
      companions: ['向东', '龙梅'],
      // The inspector found nobody; 丙 is marked absent too, but an approved leave makes them 请假.
      marks: [...marks(v1.cadres.slice(0, 2), ['absent', 'absent']), { personId: v1.cadres[2]!._id, status: 'absent', note: '' }],
      photoFileIds: [photo],
      location: { lat: 28.4, lng: 109.5, accuracy: 20 },
      findings: '村部大门紧锁，驻村工作队宿舍无人，电话联系称在县城办事。',
      remarks: '请县委组织部约谈驻村工作队，限期整改。',
    };
    teamAbsent = await ok('inspection.record', input, COUNTY_STAFF);
    expect(teamAbsent).toMatchObject({ outcome: 'teamAbsent', outcomeName: '驻村团队不在岗', teamSize: 3, present: 0, absent: 2, leave: 1, absentNames: ['甲书记', '乙队员'], inspectorName: '石慧敏', inspectorUnitName: '花垣县委组织部', countyName: '花垣县', acknowledged: false, canAmend: true, canAcknowledge: true });
    expect(teamAbsent.team.map((m: any) => [m.name, m.statusName])).toEqual([['甲书记', '不在岗'], ['丙队员', '请假'], ['乙队员', '不在岗']]);
    expect(teamAbsent.photoUrls).toHaveLength(1);
    // The written report, addressed to the county, from the record.
    expect(teamAbsent.report.to).toBe('中共花垣县委组织部');
    expect(teamAbsent.report.title).toBe('关于双龙镇暗访一村驻村工作队在岗情况的暗访通报');
    const text: string = teamAbsent.report.text;
    expect(text.split('\n')[0]).toBe('中共花垣县委组织部：');
    expect(text).toContain('2026年4月14日（星期二）10:05，石慧敏（花垣县委组织部）、向东、龙梅不打招呼，到双龙镇暗访一村进行实地暗访');
    expect(text).toContain('该村驻村工作队共3人，不在岗2人：甲书记（第一书记）、乙队员（驻村工作队员）；请假1人：丙队员（驻村工作队员，事假，4月14日）');
    expect(text).toContain('驻村团队无一人在岗');
    expect(text).toContain('暗访发现：村部大门紧锁');
    expect(text).toContain('检查组意见：请县委组织部约谈驻村工作队');
    expect(text).toContain('甲书记、乙队员暗访不在岗的情况计入当月考核');

    // The phone retries (lost answer): the same record, not a second one.
    const again = await ok('inspection.record', input, COUNTY_STAFF);
    expect(again.id).toBe(teamAbsent.id);
    expect((await db.collection(INSPECTIONS).where({ villageId: v1.id }).count()).total).toBe(1);
  });

  it('a partly absent team: only the absent cadre counts', async () => {
    at('2026-04-15T15:30:00+08:00');
    partly = await ok('inspection.record', { clientId: cid(), villageId: v2.id, marks: marks(v2.cadres, ['present', 'absent']), findings: '第一书记在村部接待群众，队员不在村。' }, DISCIPLINE);
    expect(partly).toMatchObject({ outcome: 'partlyAbsent', present: 1, absent: 1, absentNames: ['戊队员'], inspectorUnitName: '花垣县纪委监委' });
    expect(partly.report.text).toContain('在岗1人：丁书记（第一书记）；不在岗1人：戊队员（驻村工作队员）');
  });

  it('refuses 请假 without an approved leave, a team not wholly marked, a stranger, and photos not the inspector\'s', async () => {
    at('2026-04-16T10:00:00+08:00');
    const base = { villageId: v2.id, findings: '暗访看到的情况如下。' };
    const noLeave = await call('inspection.record', { ...base, clientId: cid(), marks: marks(v2.cadres, ['present', 'leave']) }, COUNTY_STAFF);
    expect(noLeave).toMatchObject({ ok: false, code: 'invalid_input', message: '戊队员当天没有经批准的请假，请标记为在岗或不在岗' });
    const half = await call('inspection.record', { ...base, clientId: cid(), marks: marks(v2.cadres.slice(0, 1), ['present']) }, COUNTY_STAFF);
    expect(half).toMatchObject({ ok: false, code: 'invalid_input', message: '还有戊队员没有标记是否在岗' });
    const stranger = await call('inspection.record', { ...base, clientId: cid(), marks: [...marks(v2.cadres, ['present', 'present']), { personId: v1.cadres[0]!._id, status: 'absent' }] }, COUNTY_STAFF);
    expect(stranger).toMatchObject({ ok: false, code: 'invalid_input' });
    const someoneElses = await storage.upload(`${photoFolder('p-sl-staff')}x.jpg`, Buffer.from('jpeg'));
    const photo = await call('inspection.record', { ...base, clientId: cid(), marks: marks(v2.cadres, ['present', 'present']), photoFileIds: [someoneElses] }, COUNTY_STAFF);
    expect(photo).toMatchObject({ ok: false, code: 'invalid_input', message: '照片未上传成功，请重新上传' });
    expect((await db.collection(INSPECTIONS).where({ villageId: v2.id }).count()).total).toBe(1);
  });

  it('records afterwards within 7 days only (then without a time)', async () => {
    at('2026-04-20T09:00:00+08:00');
    const late = await call('inspection.record', { clientId: cid(), villageId: v3.id, date: '2026-04-12', marks: marks(v3.cadres, ['present']), findings: '补记：书记在村。' }, TOWN_STAFF);
    expect(late).toMatchObject({ ok: false, code: 'invalid_input', message: '只能补记7天内的暗访' });
    const future = await call('inspection.record', { clientId: cid(), villageId: v3.id, date: '2026-04-21', marks: marks(v3.cadres, ['present']), findings: '补记：书记在村。' }, TOWN_STAFF);
    expect(future).toMatchObject({ ok: false, code: 'invalid_input' });
    const r = await ok('inspection.record', { clientId: cid(), villageId: v3.id, date: '2026-04-13', marks: marks(v3.cadres, ['present']), findings: '补记：书记在村部办公。' }, TOWN_STAFF);
    expect(r).toMatchObject({ date: '2026-04-13', visitedAt: null, outcome: 'allPresent', inspectorUnitName: '双龙镇党委组织部' });
    expect(r.report.text).toContain('2026年4月13日（星期一），龙小燕（双龙镇党委组织部）不打招呼');
  });

  it('refuses another county\'s staff and discipline staff', async () => {
    for (const who of [OTHER_COUNTY, OTHER_DISCIPLINE]) {
      expect(await call('inspection.team', { villageId: v1.id }, who)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await call('inspection.record', { clientId: cid(), villageId: v1.id, marks: marks(v1.cadres, ['present', 'present', 'present']), findings: '外县人员试图记录。' }, who)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await call('inspection.get', { id: teamAbsent.id }, who)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(await call('inspection.reports', { unitId: 'county-huayuan' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await call('inspection.acknowledge', { id: teamAbsent.id }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('一次扣完 in the month\'s score', () => {
  it('the absent cadres lose the attendance item at once, with the inspection as the explanation; leave and found at post do not', async () => {
    at('2026-05-02T10:00:00+08:00');
    await ok('scoring.recompute', { unitId: 'town-shuanglong', period: '2026-04' }, COUNTY_STAFF);
    const explain = (p: PersonDoc) => ok('scoring.explain', { personId: p._id, period: '2026-04' }, COUNTY_STAFF);
    for (const [p, ins, name] of [[v1.cadres[0]!, teamAbsent, '暗访一村'], [v1.cadres[1]!, teamAbsent, '暗访一村'], [v2.cadres[1]!, partly, '暗访二村']] as const) {
      const s = await explain(p);
      expect(s.items[0]).toMatchObject({ key: 'attendance', points: 0, forfeited: { metric: 'inspectionsAbsent', name: '暗访发现不在岗' } });
      expect(s.items[0].forfeited.records).toEqual([{ id: ins.id, date: ins.date, label: `暗访发现不在岗（${name}）` }]);
      expect(s.metrics.find((m: any) => m.metric === 'inspectionsAbsent').value).toBe(1);
      // The record opens to the inspection.
      expect((await ok('inspection.get', { id: s.items[0].forfeited.records[0].id }, COUNTY_STAFF)).id).toBe(ins.id);
    }
    // 丙 was on leave, 丁 was found at post: the attendance item is whole.
    for (const p of [v1.cadres[2]!, v2.cadres[0]!]) {
      const s = await explain(p);
      expect(s.items[0]).toMatchObject({ key: 'attendance', points: 50, forfeited: null });
      expect(s.metrics.find((m: any) => m.metric === 'inspectionsAbsent').value).toBe(0);
    }
  });

  it('absencesOf and inspectionsOfCadres, for the assessment', async () => {
    const ids = [...v1.cadres, ...v2.cadres].map((c) => c._id);
    const abs = await absencesOf(ids, '2026-04-01', '2026-04-30');
    expect([...abs.keys()].sort()).toEqual([v1.cadres[0]!._id, v1.cadres[1]!._id, v2.cadres[1]!._id].sort());
    expect(abs.get(v2.cadres[1]!._id)).toEqual([{ inspectionId: partly.id, date: '2026-04-15', villageName: '暗访二村' }]);
    expect((await absencesOf(ids, '2026-04-15', '2026-04-30')).has(v1.cadres[0]!._id)).toBe(false);
    const met = await inspectionsOfCadres(ids, '2026-04-01', '2026-04-30');
    expect(met.get(v1.cadres[2]!._id)).toEqual([{ inspectionId: teamAbsent.id, date: '2026-04-14', found: false }]);
    expect(met.get(v2.cadres[0]!._id)).toEqual([{ inspectionId: partly.id, date: '2026-04-15', found: true }]);
    expect(await inspectionsOfCadres([], '2026-04-01', '2026-04-30')).toEqual(new Map());
  });

  it('a cadre of the team opens the record that counted, without the report', async () => {
    const { code } = await createInvite(SYSTEM, now(), v2.cadres[1]!);
    await bind('o-ins-cadre-wu', now(), code);
    const seen = await ok('inspection.get', { id: partly.id }, 'o-ins-cadre-wu');
    expect(seen).toMatchObject({ id: partly.id, report: null, remarks: '', canAmend: false, canAcknowledge: false });
    expect(seen.team.find((m: any) => m.name === '戊队员').statusName).toBe('不在岗');
    expect(await call('inspection.get', { id: teamAbsent.id }, 'o-ins-cadre-wu')).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('corrections', () => {
  let fresh: any;
  it('the inspector corrects within 24 hours with a reason; the history keeps what it replaced', async () => {
    at('2026-05-06T10:00:00+08:00');
    fresh = await ok('inspection.record', { clientId: cid(), villageId: v2.id, marks: marks(v2.cadres, ['absent', 'absent']), findings: '村部无人，两名驻村干部均不在。' }, DISCIPLINE);
    expect(fresh.outcome).toBe('teamAbsent');
    at('2026-05-07T09:00:00+08:00');
    expect(await call('inspection.amend', { id: fresh.id, reason: '核实', marks: marks(v2.cadres, ['present', 'absent']) }, TOWN_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    const input = { id: fresh.id, reason: '经核实丁书记当时在村委会议室开会', marks: marks(v2.cadres, ['present', 'absent']) };
    const amended = await ok('inspection.amend', input, DISCIPLINE);
    expect(amended).toMatchObject({ outcome: 'partlyAbsent', absentNames: ['戊队员'], amended: true, history: [{ byName: '麻建军', reason: '经核实丁书记当时在村委会议室开会' }] });
    expect(amended.report.text).toContain('在岗1人：丁书记（第一书记）');
    // A retried correction changes nothing more.
    expect((await ok('inspection.amend', input, DISCIPLINE)).history).toHaveLength(1);
    expect((await absencesOf([v2.cadres[0]!._id], '2026-05-01', '2026-05-31')).size).toBe(0);
  });

  it('after 24 hours only the county\'s staff', async () => {
    at('2026-05-07T10:30:00+08:00');
    expect(await call('inspection.amend', { id: fresh.id, reason: '补充情况', findings: '村部无人，队员在县城。' }, DISCIPLINE)).toMatchObject({ ok: false, code: 'too_late', message: '记录已超过24小时，只能由县（区）委组织部更正' });
    expect(await call('inspection.amend', { id: fresh.id, reason: '补充情况', findings: '村部无人，队员在县城。' }, CITY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    const r = await ok('inspection.amend', { id: fresh.id, reason: '县委组织部复核补充', findings: '丁书记在村委会议室开会，戊队员在县城办私事。' }, COUNTY_STAFF);
    expect(r.history.map((h: any) => h.byName)).toEqual(['麻建军', '石慧敏']);
    expect(r.findings).toBe('丁书记在村委会议室开会，戊队员在县城办私事。');
  });
});

describe('the written report to the county (书面通报)', () => {
  it('the county sees its reports unread, signs for one once; the city sees them but does not sign', async () => {
    at('2026-05-08T09:00:00+08:00');
    const before = await ok('inspection.reports', { unitId: 'county-huayuan', state: 'unread' }, COUNTY_STAFF);
    expect(before.unread).toBeGreaterThanOrEqual(4);
    expect(before.items.map((i: any) => i.id)).toContain(teamAbsent.id);
    // Reports go to the county: a township reads none of its own, nor its county's.
    expect(await call('inspection.reports', { unitId: 'town-shuanglong' }, TOWN_STAFF)).toMatchObject({ ok: false, code: 'invalid_input', message: '暗访通报按县（区）查看' });
    expect(await call('inspection.reports', { unitId: 'county-huayuan' }, TOWN_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await call('inspection.acknowledge', { id: teamAbsent.id }, CITY_STAFF)).toMatchObject({ ok: false, code: 'forbidden', message: '暗访通报由花垣县委组织部签收' });
    expect(await call('inspection.acknowledge', { id: teamAbsent.id }, TOWN_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });

    const signed = await ok('inspection.acknowledge', { id: teamAbsent.id, note: '已约谈驻村工作队' }, COUNTY_STAFF);
    expect(signed).toMatchObject({ acknowledged: true, canAcknowledge: false, ack: { byName: '石慧敏', note: '已约谈驻村工作队', at: '2026-05-08T01:00:00.000Z' } });
    at('2026-05-08T11:00:00+08:00');
    const again = await ok('inspection.acknowledge', { id: teamAbsent.id, note: '再次签收' }, COUNTY_STAFF);
    expect(again.ack).toEqual(signed.ack);

    const after = await ok('inspection.reports', { unitId: 'county-huayuan', state: 'unread' }, COUNTY_STAFF);
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.map((i: any) => i.id)).not.toContain(teamAbsent.id);
    const city = await ok('inspection.reports', { unitId: 'city-xiangxi', state: 'acknowledged' }, CITY_STAFF);
    expect(city.items.map((i: any) => i.id)).toEqual([teamAbsent.id]);
    expect(await call('inspection.reports', { unitId: 'county-huayuan' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('figures and the ledger', () => {
  it('a month\'s figures by township and village', async () => {
    const county = await ok('inspection.figures', { unitId: 'county-huayuan', month: '2026-04' }, COUNTY_STAFF);
    const town = county.rows.find((r: any) => r.unitId === 'town-shuanglong');
    expect(town).toMatchObject({ inspections: 3, villages: 3, teamsAbsent: 1, partlyAbsent: 1, cadresAbsent: 3, unread: 2 });
    expect(county.total).toMatchObject({ inspections: 3, villages: 3, teamsAbsent: 1, cadresAbsent: 3 });
    const villages = await ok('inspection.figures', { unitId: 'town-shuanglong', month: '2026-04' }, TOWN_STAFF);
    expect(villages.rows.find((r: any) => r.unitId === v1.id)).toMatchObject({ inspections: 1, teamsAbsent: 1, cadresAbsent: 2, unread: 0 });
    const list = await ok('inspection.list', { unitId: 'town-shuanglong', month: '2026-04' }, TOWN_STAFF);
    expect(list.items.map((i: any) => i.villageName)).toEqual(['暗访二村', '暗访一村', '暗访三村']);
  });

  it('the 暗访台账 of the month, read back with exceljs', async () => {
    at('2026-05-20T10:00:00+08:00');
    const a = (await t.invoke('ledger', { action: 'ledger.exportInspections', input: { unitId: 'county-huayuan', month: '2026-04' } }, COUNTY_STAFF)) as Answer;
    expect(a).toMatchObject({ ok: true, data: { fileName: '花垣县2026年4月暗访检查台账.xlsx', rows: 3 } });
    const res = await fetch(a.data.url);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('暗访台账')!;
    expect(ws.getCell('A1').value).toBe('中共花垣县委组织部 2026年4月暗访检查台账');
    expect(String(ws.getCell('A2').value)).toMatch(/^单位：花垣县　期间：2026年4月　导出时间：2026-05-20 10:00　导出人：石慧敏/);
    const headers = (ws.getRow(3).values as unknown[]).slice(1);
    expect(headers).toEqual(['序号', '暗访日期', '时间', '乡镇（街道）', '村（社区）', '检查人员', '驻村干部', '在岗', '不在岗', '请假', '不在岗人员', '请假人员', '暗访结果', '发现问题', '通报签收', '更正记录']);
    const row = (r: number) => Object.fromEntries(headers.map((h, i) => [h, ws.getCell(r, i + 1).value]));
    expect(row(4)).toMatchObject({ 序号: 1, 暗访日期: '2026-04-13', 时间: '补记', 暗访结果: '全员在岗' });
    expect(row(5)).toMatchObject({ 暗访日期: '2026-04-14', 时间: '10:05', '村（社区）': '暗访一村', 检查人员: '石慧敏（花垣县委组织部）、向东、龙梅', 驻村干部: 3, 在岗: 0, 不在岗: 2, 请假: 1, 不在岗人员: '甲书记、乙队员', 请假人员: '丙队员', 暗访结果: '驻村团队不在岗' });
    expect(String(row(5)['通报签收'])).toMatch(/^已签收（石慧敏 2026-05-08 09:00）$/);
    expect(row(6)).toMatchObject({ '村（社区）': '暗访二村', 不在岗人员: '戊队员', 暗访结果: '部分人员不在岗', 通报签收: '未签收' });
    const total = ws.getRow(7);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(9).value).toMatchObject({ formula: 'SUM(I4:I6)', result: 3 });
    const fig = wb.getWorksheet('分单位统计')!;
    expect((fig.getRow(3).values as unknown[]).slice(1)).toEqual(['乡镇（街道）', '暗访次数', '暗访村数', '驻村团队不在岗', '部分人员不在岗', '不在岗人次', '通报未签收']);
    const shuanglong = [4, 5, 6].map((r) => fig.getRow(r)).find((r) => r.getCell(1).value === '双龙镇')!;
    expect([2, 3, 4, 5, 6, 7].map((c) => shuanglong.getCell(c).value)).toEqual([3, 3, 1, 1, 3, 2]);
    // Other counties' staff get nothing of it.
    expect(await t.invoke('ledger', { action: 'ledger.exportInspections', input: { unitId: 'county-huayuan', month: '2026-04' } }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await getUnit('county-huayuan'))!.name).toBe('花垣县');
  });
});

describe('leave that does not cover the visit', () => {
  it('an afternoon\'s leave, or a leave reported back before the visit, leaves a cadre found away 不在岗', async () => {
    // 庚 asks for Tuesday 9 June's afternoon; 辛 for the whole day, and reports back at 09:00.
    at('2026-06-05T09:00:00+08:00');
    const v4 = await village('暗访四村', [['庚书记', 'firstSecretary'], ['辛队员', 'teamMember']]);
    const pm = await freshLeave(v4.id, { personId: v4.cadres[0]!._id, kind: 'personal', start: { date: '2026-06-09', half: 'pm' }, end: { date: '2026-06-09', half: 'pm' } });
    const whole = await freshLeave(v4.id, { personId: v4.cadres[1]!._id, kind: 'personal', start: { date: '2026-06-09', half: 'am' }, end: { date: '2026-06-09', half: 'pm' } });
    await approveLeave(pm, v4.path);
    await approveLeave(whole, v4.path);
    at('2026-06-09T09:00:00+08:00');
    await reportBack({ openid: undefined, source: 'test', person: v4.cadres[1]! }, now(), whole, null);

    at('2026-06-09T10:00:00+08:00');
    const team = await ok('inspection.team', { villageId: v4.id }, COUNTY_STAFF);
    expect(team.team.map((m: any) => [m.name, m.leave])).toEqual([['庚书记', null], ['辛队员', null]]);
    const found = await ok('inspection.record', { clientId: cid(), villageId: v4.id, marks: marks(v4.cadres, ['absent', 'absent']), findings: '上午十点村部无人，两名驻村干部均不在。' }, COUNTY_STAFF);
    expect(found).toMatchObject({ outcome: 'teamAbsent', absent: 2, leave: 0, absentNames: ['庚书记', '辛队员'] });
    expect([...(await absencesOf(v4.cadres.map((c) => c._id), '2026-06-01', '2026-06-30')).keys()].sort()).toEqual(v4.cadres.map((c) => c._id).sort());

    // In the afternoon 庚's leave covers the visit (请假); 辛 came back in the morning.
    at('2026-06-09T15:00:00+08:00');
    const later = await ok('inspection.record', { clientId: cid(), villageId: v4.id, marks: marks(v4.cadres, ['absent', 'absent']), findings: '下午三点再访，村部仍无人。' }, DISCIPLINE);
    expect(later.team.map((m: any) => [m.name, m.statusName])).toEqual([['庚书记', '请假'], ['辛队员', '不在岗']]);
  });
});
