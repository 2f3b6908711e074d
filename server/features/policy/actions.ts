/**
 * The policy library (政策文件): staff publish documents for a unit in their scope, withdraw them
 * or edit their tags and summary; cadres and staff search the documents that apply to them (those
 * of every unit on their own unit path) and open one.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { grantApplying, manages, READER_ROLES, unitsApplying } from './rules';
import { PolicyId, PublishInput, SearchInput, UpdateInput, type PolicyDoc } from './schema';
import { fileUrl, getPolicy, policyFolder, publish, publishedUnder, search, tagsInUse, update, withdraw } from './service';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

function row(p: PolicyDoc) {
  return {
    id: p._id,
    unitId: p.unitId,
    unitName: p.unitName,
    title: p.title,
    issuer: p.issuer,
    docNumber: p.docNumber,
    issuedOn: p.issuedOn,
    tags: p.tags,
    summary: p.summary,
    fileName: p.file.name,
    publishedByName: p.publishedByName,
    publishedAt: iso(p.publishedAt)!,
    withdrawn: p.withdrawn ? { at: iso(p.withdrawn.at)!, byName: p.withdrawn.byName, reason: p.withdrawn.reason } : null,
  };
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}

/** A document, for the staff who manage it (its unit is in their scope). */
async function policyTarget(ctx: ActionContext, id: string) {
  const p = await getPolicy(id);
  if (!p) return null;
  ctx.memo.set('policy', p);
  return { path: p.unitPath };
}

export const publishAction = action({
  name: 'policy.publish',
  roles: ['staff'],
  input: PublishInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: async (ctx, input) => row(await publish(ctx.caller, ctx.now, ctx.memo.get(`unit:${input.unitId}`) as OrgUnit, input)),
});

export const withdrawAction = action({
  name: 'policy.withdraw',
  roles: ['staff'],
  input: z.object({ id: PolicyId, reason: z.string().trim().min(2, '请填写撤回原因').max(200) }).strict(),
  scope: (ctx, input) => policyTarget(ctx, input.id),
  run: async (ctx, input) => row(await withdraw(ctx.caller, ctx.now, input.id, input.reason)),
});

export const updateAction = action({
  name: 'policy.update',
  roles: ['staff'],
  input: UpdateInput,
  scope: (ctx, input) => policyTarget(ctx, input.id),
  run: async (ctx, input) => row(await update(ctx.caller, ctx.now, input)),
});

/** The staff's list: every document published for the unit or below it (withdrawn ones too), and where files go. */
export const manageAction = action({
  name: 'policy.manage',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(50).default(20) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get(`unit:${input.unitId}`) as OrgUnit;
    const { total, items } = await publishedUnder(unit._id, input);
    return { unit: { id: unit._id, name: unit.name }, uploadFolder: policyFolder(unit._id), total, items: items.map(row) };
  },
});

/** Search the documents that apply to the caller (their own unit path), by keyword and tag, newest issue date first. */
export const searchAction = action({
  name: 'policy.search',
  roles: READER_ROLES,
  input: SearchInput,
  async run(ctx, input) {
    const { total, items } = await search(unitsApplying(ctx.caller.person!.grants), input);
    return { total, items: items.map(row) };
  },
});

/** The tags in use on the documents that apply to the caller, with how many documents carry each. */
export const tagsAction = action({
  name: 'policy.tags',
  roles: READER_ROLES,
  input: z.object({}).strict(),
  run: async (ctx) => ({ tags: await tagsInUse(unitsApplying(ctx.caller.person!.grants)) }),
});

/** Open a document: its record and a temporary link to its file. */
export const openAction = action({
  name: 'policy.open',
  roles: READER_ROLES,
  input: z.object({ id: PolicyId }).strict(),
  // A document reaches the caller through the grant whose unit path runs through its unit (the
  // caller's own unit is the target), or, for staff above it, through its own unit.
  async scope(ctx, input) {
    const p = await getPolicy(input.id);
    if (!p) return null;
    ctx.memo.set('policy', p);
    const through = grantApplying(ctx.caller.person!.grants, p.unitId);
    return { path: through ? through.path : p.unitPath };
  },
  async run(ctx) {
    const p = ctx.memo.get('policy') as PolicyDoc;
    const managing = manages(ctx.caller.person!.grants, p.unitPath);
    if (p.withdrawn && !managing) throw new AppError('not_found', '该文件已撤回');
    return { ...row(p), url: await fileUrl(p), canManage: managing };
  },
});

export const policyActions = [publishAction, withdrawAction, updateAction, manageAction, searchAction, tagsAction, openAction] as const;
