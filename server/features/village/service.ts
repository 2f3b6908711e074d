/**
 * Village groups and villagers. A group's `opengid` is read only from a cloudID that WeChat (or
 * the local cloud) decrypts for the calling user, on the server (`openData`): a group id typed by
 * a client never reaches this code. The 村群管理员 binds the group to the village the first time;
 * a villager who opens the card from that group is then of that village.
 */
import { db, _, $, isDuplicateKey, openData, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { audit } from '../audit/service';
import type { OrgUnit } from '../org/schema';
import type { VillageGroupDoc, VillagerDoc } from './schema';

export const VILLAGE_GROUPS = 'villageGroups';
export const VILLAGERS = 'villagers';

const villagerId = (openid: string, villageId: string) => `${openid}.${villageId}`;

/** The `opengid` inside a cloudID issued to this caller; refused when forged, expired or someone else's. */
export async function groupOf(cloudId: string): Promise<string> {
  const [item] = await openData([cloudId]);
  const gid = item && 'data' in item ? item.data.opengid : undefined;
  if (typeof gid !== 'string' || !gid) {
    const expired = item && 'errCode' in item && item.errCode === -601006;
    throw new AppError(expired ? 'expired' : 'invalid_group', expired ? '群信息已过期，请从村群里的卡片重新打开' : '无法确认所在的村群，请从村群里的卡片打开');
  }
  return gid;
}

/** Bind the group a cloudID names to a village (its 村群管理员, once; a group is one village for good). */
export async function bindGroup(caller: Caller, now: Date, village: OrgUnit, cloudId: string): Promise<VillageGroupDoc> {
  const gid = await groupOf(cloudId);
  const person = caller.person!;
  const doc: VillageGroupDoc = { _id: gid, villageId: village._id, villageName: village.name, villagePath: village.path, boundById: person._id, boundByName: person.name, boundAt: now };
  return transaction(async (tx) => {
    const { data: have } = await tx.collection(VILLAGE_GROUPS).doc(gid).get<VillageGroupDoc>();
    if (have) {
      if (have.villageId !== village._id) throw new AppError('conflict', `该群已绑定为「${have.villageName}」的村群`);
      return have;
    }
    const { _id, ...body } = doc;
    await tx.collection(VILLAGE_GROUPS).doc(_id).set({ data: body });
    await audit(tx, caller, now, { action: 'village.bindGroup', target: { collection: VILLAGE_GROUPS, id: gid }, unitPath: village.path, before: null, after: { villageId: village._id } });
    return doc;
  });
}

/** The groups bound to a village. */
export async function groupsOf(villageId: string): Promise<VillageGroupDoc[]> {
  const { data } = await db.collection(VILLAGE_GROUPS).where({ villageId }).limit(100).get<VillageGroupDoc>();
  return data;
}

/** A villager opening the card from a group: recognised as of the group's village (two reads, one write). */
export async function enter(openid: string, now: Date, cloudId: string): Promise<VillagerDoc> {
  const gid = await groupOf(cloudId);
  const { data: group } = await db.collection(VILLAGE_GROUPS).doc(gid).get<VillageGroupDoc>();
  if (!group) throw new AppError('group_unbound', '本群还没有绑定到村，请联系村群管理员');
  const id = villagerId(openid, group.villageId);
  const doc: VillagerDoc = { _id: id, openid, villageId: group.villageId, villageName: group.villageName, villagePath: group.villagePath, groupId: gid, firstAt: now, lastAt: now };
  const { _id, ...body } = doc;
  try {
    await db.collection(VILLAGERS).add({ data: { _id, ...body } });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await db.collection(VILLAGERS).doc(id).update({ data: { lastAt: now, groupId: gid } });
    const { data } = await db.collection(VILLAGERS).doc(id).get<VillagerDoc>();
    return data ?? doc;
  }
}

/** The villages a villager came from (their own groups). */
export async function villagesOf(openid: string): Promise<VillagerDoc[]> {
  const { data } = await db.collection(VILLAGERS).where({ openid }).orderBy('lastAt', 'desc').limit(20).get<VillagerDoc>();
  return data;
}

/** The villager's membership of a village, or a refusal: a villager acts only for a village whose group they came from. */
export async function villagerOf(openid: string | undefined, villageId: string): Promise<VillagerDoc> {
  if (!openid) throw new AppError('not_bound', '请在微信中打开');
  const { data } = await db.collection(VILLAGERS).doc(villagerId(openid, villageId)).get<VillagerDoc>();
  if (!data) throw new AppError('not_villager', '请从本村的村群卡片打开小程序');
  return data;
}

/** How many villagers of each village (for staff pages). */
export async function villagerCounts(villageIds: string[]): Promise<Map<string, number>> {
  if (!villageIds.length) return new Map();
  const { list } = await db.collection(VILLAGERS).aggregate().match({ villageId: _.in(villageIds) }).group({ _id: '$villageId', n: $.sum(1) }).limit(1000).end<{ _id: string; n: number }>();
  return new Map(list.map((g) => [g._id, g.n]));
}
