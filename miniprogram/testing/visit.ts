/**
 * Test-only: household visits in the demo county (十八洞村), made through the real actions: five
 * households added by 双龙镇's staff, a "2+1" group (蒋文博 and 石婷, with 龙书记 as auxiliary)
 * covering three of them, May's plan of two, and one visit that raised a problem.
 */
import type { TestCloud } from '../../test/harness';

export const VILLAGE = 'vil-shibadong';
export const FS = 'demo-fs-shibadong'; // 蒋文博, 第一书记
export const FS_ID = 'p-fs-shibadong';
export const TM1 = 'demo-tm-shibadong-1'; // 石婷
export const TM1_ID = 'p-tm-shibadong-1';
export const TM2 = 'demo-tm-shibadong-2'; // 龙俊杰
export const TM2_ID = 'p-tm-shibadong-2';
export const TOWN = 'demo-sl-staff';

async function ok(tc: TestCloud, action: string, input: unknown, openid: string): Promise<any> {
  const a = await tc.call(action, input, openid);
  if (!a.ok) throw new Error(`${action} as ${openid}: ${a.code} ${a.message}`);
  return a.data;
}

export interface SeededVisits {
  households: string[];
  groupId: string;
  problemId: string;
}

/** Seed the village's households, the group, May's plan and a visit with a problem (at the clock's now). */
export async function seedVisits(tc: TestCloud): Promise<SeededVisits> {
  const heads: [string, string, string, string | null, string[]][] = [
    ['龙德忠', '一组', '1号', '13800001001', ['脱贫户']],
    ['施成富', '一组', '2号', null, []],
    ['杨秀英', '一组', '3号', '13800001003', ['监测户']],
    ['龙大明', '二组', '5号', null, []],
    ['石二妹', '二组', '6号', null, []],
  ];
  const households: string[] = [];
  for (const [head, group, house, phone, tags] of heads) households.push((await ok(tc, 'visit.addHousehold', { villageId: VILLAGE, head, group, house, phone, tags }, TOWN)).id);
  const g = await ok(tc, 'visit.saveGroup', { villageId: VILLAGE, clientId: 'page-test-group-1', name: '第一组', memberIds: [FS_ID, TM1_ID], auxiliary: { name: '龙书记' } }, TOWN);
  await ok(tc, 'visit.assign', { villageId: VILLAGE, groupId: g.id, add: households.slice(0, 3) }, TOWN);
  await ok(tc, 'visit.savePlan', { villageId: VILLAGE, groupId: g.id, month: '2026-05', householdIds: households.slice(0, 2) }, FS);
  const v = await ok(tc, 'visit.log', { clientId: 'page-test-visit-1', householdId: households[0], memberIds: [FS_ID], notes: '了解产业分红情况', problems: [{ text: '低保年审材料交了一个多月没有结果', category: 'service' }] }, FS);
  return { households, groupId: g.id, problemId: v.problems[0].id };
}
