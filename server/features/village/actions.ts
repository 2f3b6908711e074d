/** Village groups: the 村群管理员 binds the group; villagers are recognised by the group they open the card from. */
import * as z from 'zod';
import { action } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { CloudId } from './schema';
import { bindGroup, enter, groupsOf, villagesOf } from './service';

const village = (v: { villageId: string; villageName: string }) => ({ id: v.villageId, name: v.villageName });

export const bindGroupAction = action({
  name: 'village.bindGroup',
  roles: ['groupAdmin'],
  input: z.object({ villageId: UnitId, groupCloudId: CloudId }).strict(),
  async scope(ctx, input) {
    const unit = await getUnit(input.villageId);
    if (!unit || unit.level !== 'village') return null;
    ctx.memo.set('village', unit);
    return { path: unit.path };
  },
  async run(ctx, input) {
    const g = await bindGroup(ctx.caller, ctx.now, ctx.memo.get('village') as OrgUnit, input.groupCloudId);
    return { village: village(g), boundByName: g.boundByName, boundAt: g.boundAt.toISOString() };
  },
});

export const groupsAction = action({
  name: 'village.groups',
  roles: ['groupAdmin', 'staff'],
  input: z.object({ villageId: UnitId }).strict(),
  scope: (_ctx, input) => input.villageId,
  async run(_ctx, input) {
    const groups = await groupsOf(input.villageId);
    return { groups: groups.map((g) => ({ boundByName: g.boundByName, boundAt: g.boundAt.toISOString() })) };
  },
});

/** A villager opening the card from a village group (no invitation: their identity is their OPENID). */
export const enterAction = action({
  name: 'village.enter',
  roles: 'public',
  input: z.object({ groupCloudId: CloudId }).strict(),
  async run(ctx, input) {
    if (!ctx.caller.openid) throw new AppError('not_bound', '请在微信中打开');
    return { village: village(await enter(ctx.caller.openid, ctx.now, input.groupCloudId)) };
  },
});

/** The villages whose groups this WeChat user came from (the villager's home page). */
export const mineAction = action({
  name: 'village.mine',
  roles: 'public',
  input: z.object({}).strict(),
  async run(ctx) {
    if (!ctx.caller.openid) return { villages: [] };
    return { villages: (await villagesOf(ctx.caller.openid)).map(village) };
  },
});

export const villageActions = [bindGroupAction, groupsAction, enterAction, mineAction] as const;
