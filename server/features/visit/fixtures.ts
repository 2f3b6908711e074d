/**
 * Test fixtures of household visits (for test/matrix.test.ts and the page tests), made through
 * this feature's services on a local cloud seeded with the demo county. Not bundled: only tests
 * import this file.
 */
import ExcelJS from 'exceljs';
import type { Caller } from '../../kernel/caller';
import { now } from '../../kernel/clock';
import { storage } from '../../platform/cloud';
import { getUnit } from '../org/service';
import { getPerson } from '../people/service';
import { freshCadre, unique } from '../../../test/fixtures';
import { addHousehold, assignHouseholds, getHousehold, groupOf, importFolder, logVisit, saveGroup } from './service';
import { LogInput } from './schema';

const SYSTEM: Caller = { openid: undefined, source: 'test', person: null };

async function village(id: string) {
  const v = await getUnit(id);
  if (!v) throw new Error(`no unit ${id}`);
  return v;
}

/** A fresh household of the village. */
export async function freshHousehold(villageId: string): Promise<string> {
  const i = unique();
  return (await addHousehold(SYSTEM, now(), await village(villageId), { villageId, head: `测试户主${i}`, group: '一组', house: `${i}号`, phone: null, members: null, tags: [] }))._id;
}

/** Two fresh cadres of the village (for a new 2+1 group). */
export async function freshPair(villageId: string): Promise<string[]> {
  return [(await freshCadre(villageId)).person._id, (await freshCadre(villageId)).person._id];
}

/** A fresh 2+1 group of two fresh cadres of the village. */
export async function freshGroup(villageId: string): Promise<string> {
  const g = await saveGroup(SYSTEM, now(), await village(villageId), { villageId, clientId: `fixture-${unique()}-vg`, name: `测试组${unique()}`, memberIds: await freshPair(villageId), auxiliary: { name: '村干部', personId: null } });
  return g.id;
}

const sideGroups = new Map<string, Promise<string>>();
/** One group per village that stays. */
export function sideGroup(villageId: string): Promise<string> {
  if (!sideGroups.has(villageId)) sideGroups.set(villageId, freshGroup(villageId));
  return sideGroups.get(villageId)!;
}

/** A problem raised in a visit by a fresh group's cadre, to a fresh household of the village (its ticket id). */
export async function freshProblem(villageId: string): Promise<string> {
  const v = await village(villageId);
  const groupId = await freshGroup(villageId);
  const group = (await groupOf(villageId, groupId))!;
  const hid = await freshHousehold(villageId);
  await assignHouseholds(now(), v, group, [hid], []);
  const person = (await getPerson(group.members[0]!.personId))!;
  const input = LogInput.parse({ clientId: `fixture-${unique()}-vs`, householdId: hid, memberIds: [person._id], notes: '入户了解情况', problems: [{ text: '村道路灯坏了两个月', category: 'service' }] });
  const { tickets } = await logVisit(person, now(), input, (await getHousehold(hid))!);
  return tickets[0]!._id;
}

const sideProblems = new Map<string, Promise<string>>();
export function sideProblem(villageId: string): Promise<string> {
  if (!sideProblems.has(villageId)) sideProblems.set(villageId, freshProblem(villageId));
  return sideProblems.get(villageId)!;
}

/** A sheet of two households, uploaded to the person's import folder (a made-up file for nobody). */
export async function importFile(personId: string | null): Promise<string> {
  if (!personId) return 'cloud://local.bucket/visit-imports/nobody/x.xlsx';
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['户主姓名', '村民小组', '门牌号']);
  const i = unique();
  ws.addRow([`导入户主${i}`, '二组', `${i}号`]);
  ws.addRow([`导入户主${i}乙`, '二组', `${i}号乙`]);
  return storage.upload(`${importFolder(personId)}fixture-${i}.xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
}
