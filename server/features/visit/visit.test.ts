/**
 * Household visits through the api and the ledger function, on the demo county in May 2026:
 * 十八洞村's households imported from a sheet made here with exceljs (read back; bad rows refused
 * with their row numbers; the same sheet again changes nothing), "2+1" groups refused for wrong
 * membership, a plan fulfilled and one not, the visit rate, and a problem raised in a visit
 * going through the complaint engine's workflow (the township accepts and dispatches it, the
 * department answers, the cadre rates it for the household; overdue supervision by the timer).
 */
import ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { freshCadre } from '../../../test/fixtures';
import { db, storage } from '../../platform/cloud';
import { checkRows, householdId } from './rules';
import { importHouseholds } from './service';
import { getUnit } from '../org/service';
import { openTickets, type OpenTicket } from '../complaint/engine';

const VILLAGE = 'vil-shibadong';
const FS = 'demo-fs-shibadong'; // 蒋文博, 第一书记
const FS_ID = 'p-fs-shibadong';
const TM1 = 'demo-tm-shibadong-1'; // 石婷
const TM1_ID = 'p-tm-shibadong-1';
const TM2 = 'demo-tm-shibadong-2'; // 龙俊杰
const TM2_ID = 'p-tm-shibadong-2';
const TOWN = 'demo-sl-staff'; // 龙小燕, 双龙镇
const OTHER_TOWN = 'demo-ld-staff'; // 吕洞山镇 (保靖县)
const CIVIL = 'demo-hy-dept-civil'; // 花垣县民政局
const OTHER_FS = 'demo-fs-jinlong'; // 金龙村

let t: TestCloud;
let n = 0;
const cid = () => `visit-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const ledger = (action: string, input: unknown, openid: string) => t.invoke('ledger', { action, input }, openid) as Promise<any>;

/** A sheet of households as a village keeps it: a title row, then the header, then one row per household. */
async function sheet(rows: (string | number | null)[][], header = ['户主姓名', '村民小组', '门牌号', '联系电话', '家庭人口', '标签']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['十八洞村农户花名册']);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function uploadSheet(personId: string, bytes: Buffer): Promise<string> {
  return storage.upload(`visit-imports/${personId}/${cid()}.xlsx`, bytes);
}

const GOOD = [
  ['龙德忠', '一组', '1号', '13800001001', 4, '脱贫户'],
  ['施成富', '一组', '2号', null, 3, ''],
  ['杨秀英', '一组', '3号', '13800001003', 2, '监测户、低保户'],
  ['龙大明', '二组', '5号', null, 5, '脱贫户'],
  ['石二妹', '二组', '6号', null, null, ''],
];
const hid = (head: string, group: string, house: string) => householdId(VILLAGE, head, group, house);
const H1 = hid('龙德忠', '一组', '1号');
const H2 = hid('施成富', '一组', '2号');
const H3 = hid('杨秀英', '一组', '3号');
const H4 = hid('龙大明', '二组', '5号');
const H5 = hid('石二妹', '二组', '6号');

let groupA = '';
let groupB = '';

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-04T09:00:00+08:00');
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

describe('households from a spreadsheet', () => {
  it('imports a sheet the first secretary uploaded, reads it back, and refuses bad rows by number', async () => {
    const bytes = await sheet([
      ...GOOD.slice(0, 3),
      ['', '一组', '4号', null, null, ''], // row 6: no head
      ['龙大明', '二组', '5号', '1380000', null, ''], // row 7: a bad phone
      ...GOOD.slice(3),
      ['龙德忠', '一组', '1号', null, null, ''], // row 10: row 3 again
      [null, null, null, null, null, null], // an empty row is skipped
      ['杨老三', '三组', '9号', null, 40, ''], // row 12: too many members
    ]);
    const fileId = await uploadSheet(FS_ID, bytes);
    const dry = await ledger('visit.importHouseholds', { villageId: VILLAGE, fileId, dryRun: true }, FS);
    expect(dry).toMatchObject({ ok: true, data: { dryRun: true, rows: 5, created: 5, updated: 0, refused: 4 } });
    expect((await db.collection('visitHouseholds').where({ villageId: VILLAGE }).count()).total).toBe(0);
    expect(dry.data.errors.map((e: any) => e.message)).toEqual([
      '第6行：户主姓名不能为空',
      '第7行：联系电话应为11位手机号码',
      '第10行：与第3行是同一户（户主姓名、村民小组、门牌号或地址都相同）',
      '第12行：家庭人口应为1至30的整数',
    ]);
    const done = await ledger('visit.importHouseholds', { villageId: VILLAGE, fileId }, FS);
    expect(done).toMatchObject({ ok: true, data: { dryRun: false, created: 5, refused: 4 } });
    const list = await t.call('visit.households', { villageId: VILLAGE }, TOWN);
    expect(list.data).toMatchObject({ total: 5, uncovered: 5, groups: [{ name: '一组', count: 3 }, { name: '二组', count: 2 }] });
    expect(list.data.items.find((h: any) => h.id === H3)).toMatchObject({ head: '杨秀英', group: '一组', house: '3号', phone: '13800001003', members: 2, tags: ['监测户', '低保户'], groupName: null });
    expect(list.data.items.find((h: any) => h.id === H5)).toMatchObject({ phone: null, members: null, tags: [] });
  });

  it('updates on a second import of a changed sheet, and writes nothing for the same sheet', async () => {
    const changed = GOOD.map((r) => (r[0] === '施成富' ? ['施成富', '一组', '2号', '13800001002', 3, '脱贫户'] : r));
    const a = await ledger('visit.importHouseholds', { villageId: VILLAGE, fileId: await uploadSheet(FS_ID, await sheet(changed)) }, FS);
    expect(a.data).toMatchObject({ created: 0, updated: 1, unchanged: 4, refused: 0 });
    const again = await t.cloud.functions.invoke('ledger', { action: 'visit.importHouseholds', input: { villageId: VILLAGE, fileId: await uploadSheet(FS_ID, await sheet(changed)) } }, { openid: FS });
    expect(again.result).toMatchObject({ ok: true, data: { created: 0, updated: 0, unchanged: 5 } });
    expect(again.invocation.ops.writes).toBe(0);
    expect((await db.collection('visitHouseholds').where({ villageId: VILLAGE }).count()).total).toBe(5);
    expect((await t.call('visit.households', { villageId: VILLAGE, q: '施成富' }, FS)).data.items[0]).toMatchObject({ phone: '13800001002', tags: ['脱贫户'] });
  });

  it('refuses a sheet without the header, a file from someone else’s folder, and a team member or other village', async () => {
    const noHeader = await ledger('visit.importHouseholds', { villageId: VILLAGE, fileId: await uploadSheet(FS_ID, await sheet(GOOD, ['姓名', '住址'])) }, FS);
    expect(noHeader).toMatchObject({ ok: false, code: 'bad_sheet' });
    expect(noHeader.message).toContain('户主姓名');
    const elsewhere = await uploadSheet(TM1_ID, await sheet(GOOD));
    expect(await ledger('visit.importHouseholds', { villageId: VILLAGE, fileId: elsewhere }, FS)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await ledger('visit.importHouseholds', { villageId: VILLAGE, fileId: elsewhere }, TM1)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await ledger('visit.importHouseholds', { villageId: VILLAGE, fileId: await uploadSheet('p-fs-jinlong', await sheet(GOOD)) }, OTHER_FS)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('visit.households', { villageId: VILLAGE }, OTHER_TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('adds and edits one household by hand, the same one twice being one', async () => {
    const input = { villageId: VILLAGE, head: '吴老四', group: '三组', house: '12号', phone: '13800001012', members: 2, tags: ['脱贫户'] };
    const a = await t.call('visit.addHousehold', input, TOWN);
    expect(a).toMatchObject({ ok: true, data: { id: hid('吴老四', '三组', '12号'), head: '吴老四' } });
    expect((await t.call('visit.addHousehold', input, TOWN)).data.id).toBe(a.data.id);
    expect(await t.call('visit.addHousehold', { ...input, phone: null }, FS)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('visit.addHousehold', { ...input, head: '吴老五' }, TM1)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('visit.addHousehold', { ...input, head: '吴' }, TOWN)).toMatchObject({ ok: false, code: 'invalid_input' });
    // 注销: off the list (and the figures).
    expect(await t.call('visit.editHousehold', { id: a.data.id, phone: null, members: 2, tags: [], active: false }, FS)).toMatchObject({ ok: true, data: { active: false, phone: null } });
    expect((await t.call('visit.households', { villageId: VILLAGE }, FS)).data.total).toBe(5);
    expect((await t.call('visit.households', { villageId: VILLAGE, inactive: true }, FS)).data.items.map((h: any) => h.head)).toEqual(['吴老四']);
  });
});

describe('"2+1" groups', () => {
  const aux = { name: '龙书记' };

  it('refuses a group of the wrong membership', async () => {
    const { person: outsider } = await freshCadre('vil-jinlong');
    const save = (memberIds: string[], auxiliary: Record<string, unknown> = aux) => t.call('visit.saveGroup', { villageId: VILLAGE, clientId: cid(), name: '第一组', memberIds, auxiliary }, FS);
    expect(await save([FS_ID])).toMatchObject({ ok: false, code: 'bad_group', message: '“2+1”小组须有2名驻村团队成员，现在是1名' });
    expect(await save([FS_ID, TM1_ID, TM2_ID])).toMatchObject({ ok: false, code: 'bad_group' });
    expect(await save([FS_ID, FS_ID])).toMatchObject({ ok: false, code: 'bad_group', message: '2名团队成员不能是同一个人' });
    expect(await save([FS_ID, outsider._id])).toMatchObject({ ok: false, code: 'bad_group', message: '团队成员须是驻在本村的驻村干部' });
    expect(await save([FS_ID, 'p-sl-staff'])).toMatchObject({ ok: false, code: 'bad_group' });
    expect(await save([FS_ID, TM1_ID], { name: '蒋文博', personId: FS_ID })).toMatchObject({ ok: false, code: 'bad_group', message: '辅助团队成员不能是本组的团队成员' });
    // Only the first secretary (or staff) sets groups up.
    expect(await t.call('visit.saveGroup', { villageId: VILLAGE, clientId: cid(), name: '第一组', memberIds: [FS_ID, TM1_ID], auxiliary: aux }, TM1)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await db.collection('visitGroups').doc(VILLAGE).get()).data).toBeNull();
  });

  it('makes groups, one per cadre, and gives each its households', async () => {
    const clientId = cid();
    const a = await t.call('visit.saveGroup', { villageId: VILLAGE, clientId, name: '第一组', memberIds: [FS_ID, TM1_ID], auxiliary: aux }, FS);
    expect(a).toMatchObject({ ok: true, data: { name: '第一组', members: [{ name: '蒋文博' }, { name: '石婷' }], auxiliary: { name: '龙书记', personId: null } } });
    groupA = a.data.id;
    // The same form again is the same group.
    expect((await t.call('visit.saveGroup', { villageId: VILLAGE, clientId, name: '第一组', memberIds: [FS_ID, TM1_ID], auxiliary: aux }, FS)).data.id).toBe(groupA);
    // 石婷 is in 第一组 already.
    expect(await t.call('visit.saveGroup', { villageId: VILLAGE, clientId: cid(), name: '第二组', memberIds: [TM2_ID, TM1_ID], auxiliary: { name: '施大姐' } }, TOWN)).toMatchObject({ ok: false, code: 'bad_group', message: '该干部已在本村“第一组”中，一人只能参加一个小组' });
    const { person: fourth } = await freshCadre(VILLAGE);
    const b = await t.call('visit.saveGroup', { villageId: VILLAGE, clientId: cid(), name: '第二组', memberIds: [TM2_ID, fourth._id], auxiliary: { name: '施大姐' } }, TOWN);
    expect(b.ok).toBe(true);
    groupB = b.data.id;
    expect(await t.call('visit.assign', { villageId: VILLAGE, groupId: groupA, add: [H1, H2, H3] }, FS)).toMatchObject({ ok: true, data: { added: 3, households: 3 } });
    // A household is covered by one group.
    expect(await t.call('visit.assign', { villageId: VILLAGE, groupId: groupB, add: [H3, H4, H5] }, FS)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('visit.assign', { villageId: VILLAGE, groupId: groupB, add: [H4, H5] }, FS)).toMatchObject({ ok: true, data: { added: 2 } });
    const g = await t.call('visit.groups', { villageId: VILLAGE }, TM2);
    expect(g.data).toMatchObject({ canManage: false, uncovered: 0, groups: [{ name: '第一组', households: 3 }, { name: '第二组', households: 2 }] });
    expect(g.data.cadres.find((c: any) => c.id === TM1_ID)).toMatchObject({ groupName: '第一组' });
  });
});

describe('monthly plans and visits', () => {
  const fix = () => ({ lat: 28.381476, lng: 109.559549, accuracy: 25, capturedAt: t.cloud.clock.now().toISOString() });
  const log = (openid: string, householdId: string, extra: Record<string, unknown> = {}) => t.call('visit.log', { clientId: cid(), householdId, memberIds: [openid === FS ? FS_ID : openid === TM1 ? TM1_ID : TM2_ID], notes: '了解家庭收入和产业情况', ...extra }, openid);

  it('makes a plan at the start of the month, which then takes households added but not taken out', async () => {
    at('2026-05-04T09:30:00+08:00');
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-05', householdIds: [H1, H4] }, FS)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-05', householdIds: [H1, H2] }, TM2)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-05', householdIds: [H1, H2] }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-05', householdIds: [H1, H2] }, TM1)).toMatchObject({ ok: true, data: { made: true, total: 2, visited: 0, fulfilled: false } });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-05', householdIds: [H1] }, TM1)).toMatchObject({ ok: false, code: 'plan_locked' });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-05', householdIds: [H1, H2, H3] }, TM1)).toMatchObject({ ok: true, data: { total: 3 } });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-04', householdIds: [H1] }, TM1)).toMatchObject({ ok: false, code: 'plan_locked' });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupA, month: '2026-07', householdIds: [H1] }, TM1)).toMatchObject({ ok: false, code: 'plan_locked' });
    expect(await t.call('visit.savePlan', { villageId: VILLAGE, groupId: groupB, month: '2026-05', householdIds: [H4, H5] }, TM2)).toMatchObject({ ok: true });
  });

  it('logs a visit by a member of the household’s group, with who was there, the fix and a retry kept as one', async () => {
    at('2026-05-06T15:00:00+08:00');
    expect(await log(TM2, H1)).toMatchObject({ ok: false, code: 'not_in_group' });
    expect(await log(OTHER_FS, H1)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await log(FS, H1, { location: { ...fix(), capturedAt: '2026-05-06T14:30:00+08:00' } })).toMatchObject({ ok: false, code: 'stale_location' });
    const input = { clientId: cid(), householdId: H1, memberIds: [FS_ID, TM1_ID], auxiliaryPresent: true, location: fix(), notes: '了解产业分红和医保缴纳情况' };
    const v = await t.call('visit.log', input, FS);
    expect(v).toMatchObject({ ok: true, data: { visit: { householdName: '龙德忠', groupName: '第一组', present: ['蒋文博', '石婷', '龙书记（辅助）'], location: { inside: true }, at: '2026-05-06T07:00:00.000Z' } } });
    expect((await t.call('visit.log', input, FS)).data.visit.id).toBe(v.data.visit.id);
    expect((await db.collection('visits').where({ householdId: H1 }).count()).total).toBe(1);
    expect(await log(FS, H1, { memberIds: [FS_ID, TM2_ID] })).toMatchObject({ ok: false, code: 'invalid_input' });
    const home = await t.call('visit.home', {}, TM1);
    expect(home.data).toMatchObject({ group: { name: '第一组' }, plan: { made: true, total: 3, visited: 1, fulfilled: false } });
    expect(home.data.households.find((h: any) => h.id === H1)).toMatchObject({ planned: true, visitedThisMonth: true });
  });

  it('fulfils one group’s plan and not the other’s, and gives the village’s visit rate', async () => {
    at('2026-05-07T10:00:00+08:00');
    expect((await log(TM1, H2)).ok).toBe(true);
    expect((await log(FS, H3)).ok).toBe(true);
    expect((await log(TM2, H4)).ok).toBe(true);
    const g = await t.call('visit.groups', { villageId: VILLAGE, month: '2026-05' }, TOWN);
    expect(g.data.groups.map((x: any) => [x.name, x.plan])).toEqual([
      ['第一组', expect.objectContaining({ total: 3, visited: 3, fulfilled: true })],
      ['第二组', expect.objectContaining({ total: 2, visited: 1, fulfilled: false })],
    ]);
    const f = await t.call('visit.figures', { unitId: VILLAGE, period: '2026-05' }, TOWN);
    // Planned 5, visited in their month 4: 80%; all 5 households, 4 visited.
    expect(f.data.total).toMatchObject({ households: 5, planned: 5, plannedVisited: 4, visitRate: 80, visitedHouseholds: 4, coverageRate: 80, plans: 2, plansFulfilled: 1, visits: 4 });
    expect(f.data.frozen).toBeNull();
    const visits = await t.call('visit.visits', { unitId: 'town-shuanglong', month: '2026-05' }, TOWN);
    expect(visits.data.total).toBe(4);
  });
});

describe('a visit problem through the ticket workflow', () => {
  it('goes from the visit to the township, the department, the answer and the cadre’s 回访', async () => {
    at('2026-05-12T10:00:00+08:00'); // a Tuesday
    const v = await t.call('visit.log', { clientId: cid(), householdId: H3, memberIds: [FS_ID], notes: '老人反映低保年审的事', problems: [{ text: '低保年审材料交了一个多月还没有结果', category: 'service' }] }, FS);
    expect(v).toMatchObject({ ok: true, data: { problems: [{ source: 'visit', sourceName: '走访问题', status: 'raised', householdName: '杨秀英', raisedByName: '蒋文博' }] } });
    const id = v.data.problems[0].id;
    // In the township's complaint inbox, marked as from a visit; the household's phone is its contact.
    const todo = await t.call('complaint.inbox', { unitId: 'town-shuanglong', box: 'todo' }, TOWN);
    expect(todo.data.items.find((i: any) => i.id === id)).toMatchObject({ source: 'visit', sourceName: '走访问题' });
    const seen = await t.call('complaint.get', { id }, TOWN);
    expect(seen.data.complaint).toMatchObject({ visit: { householdName: '杨秀英', householdGroup: '一组', raisedByName: '蒋文博' }, contact: { name: '杨秀英', phone: '13800001003' } });
    expect(seen.data.complaint.steps[0]).toMatchObject({ name: '走访发现问题', byName: '蒋文博' });
    // Not a villager's complaint: the villager figures do not count it.
    expect((await t.call('complaint.figures', { unitId: 'town-shuanglong', month: '2026-05' }, TOWN)).data.total.received).toBe(0);
    expect(await t.call('complaint.accept', { id, category: 'service' }, TOWN)).toMatchObject({ ok: true, data: { status: 'accepted' } });
    const d = await t.call('complaint.dispatch', { id, category: 'service', unitId: 'county-huayuan', departmentId: 'dept-huayuan-civil' }, TOWN);
    expect(d).toMatchObject({ ok: true, data: { status: 'dispatched', deadline: '2026-05-19T10:00:00.000Z' } });
    expect((await t.call('complaint.deptInbox', { box: 'doing' }, CIVIL)).data.items.map((i: any) => i.id)).toContain(id);
    // The cadre cannot rate before the answer; a villager's rate does not reach it.
    expect(await t.call('visit.rate', { id, value: 'satisfied' }, FS)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('complaint.rate', { id, value: 'satisfied' }, 'o-some-villager')).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('complaint.answer', { id, text: '已核实，年审通过，本月起按时发放' }, CIVIL)).toMatchObject({ ok: true, data: { status: 'answered' } });
    const p = await t.call('visit.problem', { id }, FS);
    expect(p.data).toMatchObject({ canRate: true, answer: { text: '已核实，年审通过，本月起按时发放' } });
    // Another cadre of the village sees it, but it is not theirs to rate.
    expect(await t.call('visit.problem', { id }, TM2)).toMatchObject({ ok: true, data: { canRate: false } });
    expect(await t.call('visit.rate', { id, value: 'satisfied' }, TM2)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('visit.problem', { id }, OTHER_FS)).toMatchObject({ ok: false, code: 'forbidden' });
    const r = await t.call('visit.rate', { id, value: 'satisfied', comment: '老人很满意' }, FS);
    expect(r).toMatchObject({ ok: true, data: { status: 'closed', rating: { name: '满意' }, canRate: false } });
    expect(r.data.steps.map((s: any) => s.name)).toEqual(['走访发现问题', '受理', '交办部门', '办结答复', '走访干部回访评价']);
    const full = await t.call('complaint.get', { id }, TOWN);
    expect(full.data.complaint.steps.at(-1)).toMatchObject({ byName: '蒋文博', note: '代杨秀英户回访：满意：老人很满意' });
    const ledgerList = await t.call('visit.problems', { unitId: 'town-shuanglong', period: '2026-05' }, TOWN);
    expect(ledgerList.data.items.map((i: any) => i.id)).toEqual([id]);
  });

  it('keeps a report about a village official from the township, the village and the figures, as for a villager', async () => {
    at('2026-05-12T10:30:00+08:00');
    const v = await t.call('visit.log', { clientId: cid(), householdId: H2, memberIds: [TM1_ID], notes: '反映村干部的问题', problems: [{ text: '危房改造名额没有公开评议，村干部优先照顾亲戚', category: 'report', about: { name: '村委会干部' } }] }, TM1);
    const id = v.data.problems[0].id;
    expect(v.data.problems[0]).toMatchObject({ confidential: true });
    for (const box of ['todo', 'doing', 'overdue', 'done']) expect((await t.call('complaint.inbox', { unitId: 'town-shuanglong', box }, TOWN)).data.items.map((i: any) => i.id)).not.toContain(id);
    expect(await t.call('complaint.get', { id }, TOWN)).toMatchObject({ ok: false, code: 'not_found' });
    expect((await t.call('visit.problems', { unitId: 'town-shuanglong', period: '2026-05' }, TOWN)).data.items.map((i: any) => i.id)).not.toContain(id);
    expect((await t.call('visit.problems', { unitId: VILLAGE, period: '2026-05' }, FS)).data.items.map((i: any) => i.id)).not.toContain(id);
    expect(await t.call('visit.problem', { id }, FS)).toMatchObject({ ok: false, code: 'not_found' });
    // The cadre who recorded it follows it; discipline staff handle it.
    expect(await t.call('visit.problem', { id }, TM1)).toMatchObject({ ok: true, data: { confidential: true } });
    expect((await t.call('complaint.inbox', { unitId: 'county-huayuan', box: 'discipline' }, 'demo-hy-discipline')).data.items.map((i: any) => i.id)).toContain(id);
    expect((await t.call('visit.problems', { unitId: 'county-huayuan', period: '2026-05' }, 'demo-hy-discipline')).data.items.map((i: any) => i.id)).toContain(id);
    const f = await t.call('visit.figures', { unitId: VILLAGE, period: '2026-05' }, TOWN);
    expect(f.data.total.problems).toBe(1);
  });

  it('is supervised by the timer when overdue, like a villager’s complaint', async () => {
    at('2026-05-12T11:00:00+08:00');
    const v = await t.call('visit.log', { clientId: cid(), householdId: H4, memberIds: [TM2_ID], notes: '反映通组公路塌方', problems: [{ text: '通组公路塌方，下雨天过不去' }, { text: '自来水管冬天冻裂需要更换', category: 'service' }] }, TM2);
    const [p1, p2] = v.data.problems.map((p: any) => p.id);
    expect(await t.call('complaint.dispatch', { id: p1, category: 'opinion', unitId: 'county-huayuan', departmentId: 'dept-huayuan-transport' }, TOWN)).toMatchObject({ ok: true });
    // 舆情管控: 2 working days → Thursday 14 May 18:00; warned the evening before.
    at('2026-05-13T19:00:00+08:00');
    await t.cloud.timer.fire('tick');
    at('2026-05-14T18:30:00+08:00');
    await t.cloud.timer.fire('tick');
    await t.cloud.timer.fire('tick');
    const got = (await db.collection('complaints').doc(p1).get()).data as any;
    expect(got.steps.map((s: any) => s.kind)).toEqual(['raise', 'accept', 'dispatch', 'warn', 'overdue']);
    expect((await t.call('complaint.inbox', { unitId: 'town-shuanglong', box: 'overdue' }, TOWN)).data.items.map((i: any) => i.id)).toContain(p1);
    expect((await t.call('visit.problems', { unitId: 'town-shuanglong', period: '2026-05', open: true }, TOWN)).data.items.map((i: any) => i.id).sort()).toEqual([p1, p2].sort());
    const home = await t.call('visit.home', {}, TM2);
    expect(home.data.problems.map((p: any) => p.id).sort()).toEqual([p1, p2].sort());
    expect(home.data.problems.find((p: any) => p.id === p1)).toMatchObject({ overdue: true });
  });
});

describe('what the review found', () => {
  it('keeps a problem naming a cadre from that cadre, even one present at the visit', async () => {
    at('2026-05-15T09:00:00+08:00');
    // Not yet classified as a 信访举报, so not confidential: the village's other cadres see it.
    const v = await t.call('visit.log', { clientId: cid(), householdId: H1, memberIds: [FS_ID, TM1_ID], notes: '反映驻村干部的问题', problems: [{ text: '驻村干部石婷很少到组里来', about: { personId: TM1_ID, name: '石婷' } }] }, FS);
    expect(v).toMatchObject({ ok: true, data: { problems: [{ confidential: false }] } });
    const id = v.data.problems[0].id;
    expect(await t.call('visit.problem', { id }, FS)).toMatchObject({ ok: true, data: { canRate: false } });
    expect(await t.call('visit.problem', { id }, TM2)).toMatchObject({ ok: true });
    expect(await t.call('visit.problem', { id }, TM1)).toMatchObject({ ok: false, code: 'not_found' });
    expect((await t.call('visit.home', {}, TM1)).data.problems.map((p: any) => p.id)).not.toContain(id);
    expect((await t.call('visit.home', {}, FS)).data.problems.map((p: any) => p.id)).toContain(id);
    expect((await t.call('visit.problems', { unitId: VILLAGE, period: '2026-05' }, TM1)).data.items.map((i: any) => i.id)).not.toContain(id);
  });

  it('refuses the same visit form again for another household', async () => {
    const clientId = cid();
    expect(await t.call('visit.log', { clientId, householdId: H2, memberIds: [TM1_ID], notes: '了解春耕情况' }, TM1)).toMatchObject({ ok: true, data: { visit: { householdName: '施成富' } } });
    expect(await t.call('visit.log', { clientId, householdId: H3, memberIds: [TM1_ID], notes: '了解春耕情况', problems: [{ text: '家里的水管漏水了' }] }, TM1)).toMatchObject({ ok: false, code: 'conflict' });
    expect((await db.collection('visits').where({ householdId: H3, date: '2026-05-15' }).count()).total).toBe(0);
  });

  it('reads whom the problems of a visit name once, however many they are', async () => {
    const reads = async (problems: unknown[], householdId: string) => {
      const r = await t.cloud.functions.invoke('field', { action: 'visit.log', input: { clientId: cid(), householdId, memberIds: [FS_ID], notes: '了解医保缴纳情况', problems } }, { openid: FS });
      expect(r.result).toMatchObject({ ok: true });
      return r.invocation.ops.reads;
    };
    const about = (personId: string, name: string) => ({ text: `反映${name}工作作风的问题`, category: 'report', about: { personId, name } });
    const one = await reads([about(TM2_ID, '龙俊杰')], H2);
    const three = await reads([about(TM2_ID, '龙俊杰'), about(TM1_ID, '石婷'), { ...about(TM2_ID, '龙俊杰'), text: '反映龙俊杰的另一个问题' }], H3);
    expect(three).toBe(one);
  });

  /** The next add of many to `collection` finds its first document already there (a racing retry put it), as on CloudBase. */
  function raceFirstAdd(collection: string) {
    const calls = { add: 0, set: 0 };
    const real = db.collection.bind(db);
    const spy = jest.spyOn(db, 'collection').mockImplementation(((name: string) => {
      const c = real(name) as any;
      if (name !== collection) return c;
      const add = c.add.bind(c);
      c.add = async (arg: { data: any }) => {
        calls.add += 1;
        if (calls.add === 1 && Array.isArray(arg.data)) {
          const { _id, ...rest } = arg.data[0];
          await real(name).doc(_id).set({ data: rest });
        }
        return add(arg);
      };
      c.doc = (id: string) => {
        const d = real(name).doc(id) as any;
        const set = d.set.bind(d);
        d.set = (a: unknown) => ((calls.set += 1), set(a));
        return d;
      };
      return c;
    }) as never);
    return { calls, restore: () => spy.mockRestore() };
  }

  it('adds what a racing raise left missing in one more write, not one by one', async () => {
    const village = (await getUnit('vil-jinlong'))!;
    const ticket = (i: number): OpenTicket => ({ id: `cp-${'ab'.repeat(11)}0${i}`, source: 'visit', raiser: { kind: 'person', personId: 'p-fs-jinlong', name: '金龙第一书记' }, village: { id: village._id, name: village.name, path: village.path }, text: `走访发现的第${i}个问题`, photoFileIds: [], location: null, category: 'service', about: null, contact: null, visit: null, note: '' });
    const race = raceFirstAdd('complaints');
    try {
      const got = await openTickets([ticket(1), ticket(2), ticket(3)], t.cloud.clock.now());
      expect(got.map((c) => c.text)).toEqual(['走访发现的第1个问题', '走访发现的第2个问题', '走访发现的第3个问题']);
      expect(race.calls.add).toBe(2);
    } finally {
      race.restore();
    }
    expect((await db.collection('complaints').where({ _id: db.command.in([1, 2, 3].map((i) => ticket(i).id)) }).count()).total).toBe(3);
  });

  it('imports what a racing import left missing in one more write, not one by one', async () => {
    const village = (await getUnit('vil-jinlong'))!;
    const { households } = checkRows(village._id, [1, 2, 3].map((i) => ({ row: i + 1, cells: { head: `金龙户主${i}`, group: '一组', house: `${i}号` } })));
    const race = raceFirstAdd('visitHouseholds');
    try {
      expect(await importHouseholds({ openid: undefined, source: 'test', person: null }, t.cloud.clock.now(), village, households, false)).toMatchObject({ created: 3 });
      expect(race.calls).toEqual({ add: 2, set: 0 });
    } finally {
      race.restore();
    }
    expect((await db.collection('visitHouseholds').where({ villageId: village._id }).count()).total).toBe(3);
  });
});
