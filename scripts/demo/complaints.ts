/**
 * The village groups of the demo county and a few villagers' complaints (诉求) in 十八洞村, for
 * `npm start` and the role matrix (`seedDemo({ complaints: true })`; other tests bind their own
 * groups and count their own villagers, so the plain demo seed leaves these out).
 *
 * - Every demo village with a 村群管理员 has its WeChat group bound (`demo-group-<villageId>`, as
 *   `village.bindGroup` would record it), and every demo person holding a villager grant came
 *   from their village's group (as `village.enter` would record it).
 * - The complaints go through the complaint service, step by step, at times in the last ten
 *   days, so their records, deadlines and figures are real: one waiting to be accepted, one
 *   accepted by the 村群管理员, one confidential report for discipline staff, one with 花垣县交通运输局
 *   and a deadline, one answered by 花垣县民政局 awaiting the villager's rating, one closed and rated.
 *
 * Idempotent: groups and villagers are `set` by id, a complaint's id comes from its villager and
 * `clientId`, and each step is taken only when the complaint has not reached it yet.
 */
import { db } from '../../server/platform/cloud';
import type { Caller } from '../../server/kernel/caller';
import type { OrgUnit } from '../../server/features/org/schema';
import type { PersonDoc } from '../../server/features/people/schema';
import { VILLAGE_GROUPS, VILLAGERS } from '../../server/features/village/service';
import type { VillageGroupDoc, VillagerDoc } from '../../server/features/village/schema';
import { accept, answer, dispatch, raise, rate } from '../../server/features/complaint/service';
import { RaiseInput, type Category, type ComplaintDoc, type ComplaintStatus, type Rating } from '../../server/features/complaint/schema';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The id of a demo village's group (a stand-in for its `opengid`). */
export const demoGroupId = (villageId: string) => `demo-group-${villageId}`;

interface DemoDocs {
  units: OrgUnit[];
  people: PersonDoc[];
}

/** The bound groups and the villagers' memberships, as plain documents. */
export function demoVillageDocuments(docs: DemoDocs, now: Date): { groups: VillageGroupDoc[]; villagers: VillagerDoc[] } {
  const units = new Map(docs.units.map((u) => [u._id, u]));
  const groups = new Map<string, VillageGroupDoc>();
  for (const p of docs.people) {
    for (const g of p.grants) {
      const village = units.get(g.orgUnitId);
      if (g.role !== 'groupAdmin' || !village || groups.has(village._id)) continue;
      groups.set(village._id, { _id: demoGroupId(village._id), villageId: village._id, villageName: village.name, villagePath: village.path, boundById: p._id, boundByName: p.name, boundAt: new Date(now.getTime() - 30 * DAY) });
    }
  }
  const villagers: VillagerDoc[] = [];
  for (const p of docs.people) {
    for (const g of p.grants) {
      const group = g.role === 'villager' && p.openid ? groups.get(g.orgUnitId) : undefined;
      if (!group) continue;
      villagers.push({ _id: `${p.openid}.${group.villageId}`, openid: p.openid!, villageId: group.villageId, villageName: group.villageName, villagePath: group.villagePath, groupId: group._id, firstAt: new Date(now.getTime() - 21 * DAY), lastAt: new Date(now.getTime() - 1 * HOUR) });
    }
  }
  return { groups: [...groups.values()], villagers };
}

/** A demo complaint: who raised it, what, and how far it has gone (each step `at` hours before now). */
interface DemoComplaint {
  villager: string;
  clientId: string;
  raisedAt: number;
  input: { text: string; category?: Category; about?: { name: string }; contact?: { name: string; phone: string } };
  accept?: { by: string; category: Category; at: number };
  dispatch?: { by: string; category: Category; departmentId: string; at: number };
  answer?: { by: string; text: string; at: number };
  rate?: { value: Rating; comment: string; at: number };
}

const SHIBADONG = 'vil-shibadong';
const LONG_JINXIU = 'demo-vl-shibadong-1'; // 龙金秀
const SHI_GUANGRONG = 'demo-vl-shibadong-2'; // 施光荣
const GROUP_ADMIN = 'p-ga-shuanglong'; // 龙彩霞, 村群管理员 of 十八洞村
const TOWN = 'p-sl-staff'; // 龙小燕, 双龙镇
const CIVIL = 'p-hy-dept-civil'; // 吴春兰, 花垣县民政局

const COMPLAINTS: DemoComplaint[] = [
  {
    villager: LONG_JINXIU,
    clientId: 'demo-cp-shibadong-1',
    raisedAt: 240,
    input: { text: '村里老人的高龄补贴这个季度还没到账，想问问什么时候发', category: 'service', contact: { name: '龙金秀', phone: '13800000051' } },
    dispatch: { by: TOWN, category: 'service', departmentId: 'dept-huayuan-civil', at: 216 },
    answer: { by: CIVIL, text: '经核实，本季度高龄补贴因银行系统升级推迟发放，已于今日发放到户，请查收社保卡（一卡通）。', at: 170 },
    rate: { value: 'satisfied', comment: '钱已经到账了，谢谢', at: 150 },
  },
  {
    villager: LONG_JINXIU,
    clientId: 'demo-cp-shibadong-2',
    raisedAt: 144,
    input: { text: '低保年审材料交到村里一个多月了，一直没有消息', category: 'service', contact: { name: '龙金秀', phone: '13800000051' } },
    accept: { by: GROUP_ADMIN, category: 'service', at: 142 },
    dispatch: { by: TOWN, category: 'service', departmentId: 'dept-huayuan-civil', at: 120 },
    answer: { by: CIVIL, text: '您家的低保年审已审核通过，保障标准不变，本月起按时发放。如有疑问可到双龙镇便民服务中心咨询。', at: 20 },
  },
  {
    villager: SHI_GUANGRONG,
    clientId: 'demo-cp-shibadong-3',
    raisedAt: 50,
    input: { text: '去排碧的通组公路有一段塌方，下雨天摩托车和三轮车都过不去', category: 'service', contact: { name: '施光荣', phone: '13800000052' } },
    dispatch: { by: TOWN, category: 'service', departmentId: 'dept-huayuan-transport', at: 26 },
  },
  {
    villager: SHI_GUANGRONG,
    clientId: 'demo-cp-shibadong-4',
    raisedAt: 30,
    input: { text: '希望村里把今年猕猴桃产业分红的明细在群里公示一下', category: 'disclosure' },
    accept: { by: GROUP_ADMIN, category: 'disclosure', at: 28 },
  },
  {
    villager: SHI_GUANGRONG,
    clientId: 'demo-cp-shibadong-5',
    raisedAt: 6,
    input: { text: '反映村里危房改造补助的名额没有公开评议，有人优先照顾了亲戚', category: 'report', about: { name: '村委会干部' } },
  },
  {
    villager: LONG_JINXIU,
    clientId: 'demo-cp-shibadong-6',
    raisedAt: 3,
    input: { text: '村小学门口那段路没有路灯，晚上接孩子看不清路' },
  },
];

const ORDER: readonly ComplaintStatus[] = ['raised', 'accepted', 'dispatched', 'answered', 'closed'];
/** Has the complaint got to `status` (or left the way, rejected)? */
const reached = (c: ComplaintDoc, status: ComplaintStatus) => c.status === 'rejected' || ORDER.indexOf(c.status) >= ORDER.indexOf(status);

/**
 * Write the groups, the villagers and the complaints (the demo people and units must be there;
 * the city may not be yet). Returns the complaints as they stand.
 */
export async function seedDemoComplaints(now: Date, docs: DemoDocs): Promise<ComplaintDoc[]> {
  const { groups, villagers } = demoVillageDocuments(docs, now);
  for (const [collection, list] of [[VILLAGE_GROUPS, groups], [VILLAGERS, villagers]] as const) {
    for (const doc of list) {
      const { _id, ...rest } = doc;
      await db.collection(collection).doc(_id).set({ data: rest });
    }
  }
  const people = new Map(docs.people.map((p) => [p._id, p]));
  const as = (personId: string): Caller => {
    const person = people.get(personId);
    if (!person) throw new Error(`no demo person ${personId}`);
    return { openid: person.openid ?? undefined, source: 'seed', person };
  };
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const out: ComplaintDoc[] = [];
  for (const d of COMPLAINTS) {
    const villager = villagers.find((v) => v.openid === d.villager && v.villageId === SHIBADONG);
    if (!villager) throw new Error(`no demo villager ${d.villager} of ${SHIBADONG}`);
    let c = await raise(villager, at(d.raisedAt), RaiseInput.parse({ villageId: SHIBADONG, clientId: d.clientId, ...d.input }));
    if (d.accept && !reached(c, 'accepted')) c = await accept(as(d.accept.by), at(d.accept.at), c._id, d.accept.category);
    if (d.dispatch && !reached(c, 'dispatched')) c = await dispatch(as(d.dispatch.by), at(d.dispatch.at), { id: c._id, category: d.dispatch.category, unitId: 'county-huayuan', departmentId: d.dispatch.departmentId });
    if (d.answer && !reached(c, 'answered')) c = await answer(as(d.answer.by), at(d.answer.at), { id: c._id, text: d.answer.text, photoFileIds: [] });
    if (d.rate && !reached(c, 'closed')) c = await rate(d.villager, at(d.rate.at), { id: c._id, value: d.rate.value, comment: d.rate.comment });
    out.push(c);
  }
  return out;
}
