/** Village WeChat groups (bound to their village by its 村群管理员) and the villagers who came through them. */
import * as z from 'zod';

/**
 * A cloudID from `wx.getGroupEnterInfo` (or the local cloud's), sent as a plain string (not
 * wrapped in `wx.cloud.CloudID`): only the server turns it into a group id, with `openData`.
 * The field is `groupCloudId`, never a lone `cloudID`, which the platform would replace.
 */
export const CloudId = z.string().trim().min(8).max(2048).regex(/^[\w.~+/=:-]+$/, '群信息无效，请从村群里的卡片重新打开');

/** `villageGroups`, `_id` the group's `opengid`: which village a WeChat group is. */
export interface VillageGroupDoc {
  _id: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  boundById: string;
  boundByName: string;
  boundAt: Date;
}

/**
 * `villagers`, `_id` `<openid>.<villageId>`: a WeChat user who opened the mini program from a
 * village's group. Villagers have no invitation and no person: their identity is their OPENID.
 */
export interface VillagerDoc {
  _id: string;
  openid: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  groupId: string;
  firstAt: Date;
  lastAt: Date;
}
