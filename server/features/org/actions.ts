/** Organisation tree administration, for organisation-department staff within their subtree. */
import * as z from 'zod';
import { action } from '../../kernel/action';
import { Fence, LatLng, UnitId, UnitName, type OrgUnit } from './schema';
import { createUnit, getUnit, listSubtree, updateUnit } from './service';
import { listAudit } from '../audit/service';

/** A unit as pages see it. */
function view(u: OrgUnit) {
  return { id: u._id, name: u.name, level: u.level, parentId: u.parentId, path: u.path, center: u.center ?? null, fence: u.fence ?? null, groupBound: !!u.group };
}

/** Reads a unit once, for both the scope check and the handler. */
async function unitTarget(memo: Map<string, unknown>, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}

const READERS = ['staff', 'approver', 'discipline'] as const;

export const getUnitAction = action({
  name: 'org.getUnit',
  roles: READERS,
  input: z.object({ id: UnitId }).strict(),
  scope: (ctx, input) => unitTarget(ctx.memo, input.id),
  run(ctx, input) {
    return view(ctx.memo.get(`unit:${input.id}`) as OrgUnit);
  },
});

export const listUnits = action({
  name: 'org.listUnits',
  roles: READERS,
  input: z.object({ parentId: UnitId }).strict(),
  scope: (ctx, input) => unitTarget(ctx.memo, input.parentId),
  async run(_ctx, input) {
    const children = await listSubtree(input.parentId, { parentId: input.parentId });
    return children.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map(view);
  },
});

export const createUnitAction = action({
  name: 'org.createUnit',
  roles: ['staff'],
  input: z.object({ parentId: UnitId, name: UnitName, center: LatLng.optional(), fence: Fence.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx.memo, input.parentId),
  async run(ctx, input) {
    return view(await createUnit(ctx.caller, ctx.now, input, ctx.memo));
  },
});

export const updateUnitAction = action({
  name: 'org.updateUnit',
  roles: ['staff'],
  input: z
    .object({ id: UnitId, name: UnitName.optional(), center: LatLng.optional(), fence: Fence.nullable().optional() })
    .strict()
    .refine((v) => v.name !== undefined || v.center !== undefined || v.fence !== undefined, { message: '没有要修改的内容' }),
  // A unit is kept by the staff above it: a township's staff edit its villages, not the township.
  scope: async (ctx, input) => {
    const target = await unitTarget(ctx.memo, input.id);
    return target && target.path.length > 1 ? { path: target.path.slice(0, -1) } : null;
  },
  async run(ctx, input) {
    const { id, ...changes } = input;
    return view(await updateUnit(ctx.caller, ctx.now, id, changes, ctx.memo));
  },
});

export const auditLog = action({
  name: 'org.auditLog',
  roles: ['staff', 'discipline'],
  input: z.object({ unitId: UnitId, targetId: z.string().min(1).max(64).optional(), before: z.iso.datetime({ offset: true }).optional(), limit: z.number().int().min(1).max(100).default(50) }).strict(),
  scope: (ctx, input) => unitTarget(ctx.memo, input.unitId),
  async run(_ctx, input) {
    const entries = await listAudit(input.unitId, { targetId: input.targetId, limit: input.limit, before: input.before ? new Date(input.before) : undefined });
    return entries.map((e) => ({ id: e._id, at: new Date(e.at).toISOString(), actorName: e.actorName, action: e.action, target: e.target, before: e.before, after: e.after, reason: e.reason ?? null }));
  },
});

export const orgActions = [getUnitAction, listUnits, createUnitAction, updateUnitAction, auditLog] as const;
