/** Public notices (公示公开): the village's 村群管理员 publishes; villagers of the village read; officials see read counts. */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { villagerCounts, villagerOf } from '../village/service';
import { NOTICE_KINDS, NOTICE_KIND_NAMES, NoticeId, PublishInput, type PublicNoticeDoc } from './schema';
import { attachmentFolder, attachmentUrls, getNotice, markRead, noticesOf, publish, readBy, readCount, readCounts, withdraw } from './service';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const Page = { skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(50).default(20) };

function row(n: PublicNoticeDoc) {
  return {
    id: n._id,
    kind: n.kind,
    kindName: NOTICE_KIND_NAMES[n.kind],
    title: n.title,
    excerpt: n.body.length > 50 ? `${n.body.slice(0, 50)}…` : n.body,
    attachments: n.attachments.length,
    publishedByName: n.publishedByName,
    publishedAt: iso(n.publishedAt)!,
    withdrawn: n.withdrawn ? { at: iso(n.withdrawn.at)!, byName: n.withdrawn.byName, reason: n.withdrawn.reason } : null,
  };
}

async function villageScope(ctx: ActionContext, villageId: string) {
  const unit = await getUnit(villageId);
  if (!unit || unit.level !== 'village') return null;
  ctx.memo.set('village', unit);
  return { path: unit.path };
}

export const publishAction = action({
  name: 'publicNotice.publish',
  roles: ['groupAdmin'],
  input: PublishInput,
  scope: (ctx, input) => villageScope(ctx, input.villageId),
  run: async (ctx, input) => row(await publish(ctx.caller, ctx.now, ctx.memo.get('village') as OrgUnit, input)),
});

export const withdrawAction = action({
  name: 'publicNotice.withdraw',
  roles: ['groupAdmin'],
  input: z.object({ id: NoticeId, reason: z.string().trim().min(2, '请填写撤回原因').max(200) }).strict(),
  async scope(ctx, input) {
    const n = await getNotice(input.id);
    return n ? { path: n.villagePath } : null;
  },
  run: async (ctx, input) => row(await withdraw(ctx.caller, ctx.now, input.id, input.reason)),
});

/** The officials' list: every notice of the village (withdrawn too) with its read count, and where attachments go. */
export const manageAction = action({
  name: 'publicNotice.manage',
  roles: ['groupAdmin', 'staff'],
  input: z.object({ villageId: UnitId, ...Page }).strict(),
  scope: (ctx, input) => villageScope(ctx, input.villageId),
  async run(ctx, input) {
    const village = ctx.memo.get('village') as OrgUnit;
    const { total, items: list } = await noticesOf(village._id, { withWithdrawn: true, skip: input.skip, limit: input.limit });
    const [counts, villagers] = await Promise.all([readCounts(list.map((n) => n._id)), villagerCounts([village._id])]);
    return {
      village: { id: village._id, name: village.name },
      villagers: villagers.get(village._id) ?? 0,
      uploadFolder: attachmentFolder(village._id),
      kinds: NOTICE_KINDS.map((key) => ({ key, name: NOTICE_KIND_NAMES[key] })),
      total,
      items: list.map((n) => ({ ...row(n), body: n.body, reads: counts.get(n._id) ?? 0 })),
    };
  },
});

/** A villager's list of their village's notices, with which they have read. */
export const listAction = action({
  name: 'publicNotice.list',
  roles: 'public',
  input: z.object({ villageId: UnitId, kind: z.enum(NOTICE_KINDS).optional(), ...Page }).strict(),
  async run(ctx, input) {
    const v = await villagerOf(ctx.caller.openid, input.villageId);
    const { total, items: list } = await noticesOf(v.villageId, { kind: input.kind, withWithdrawn: false, skip: input.skip, limit: input.limit });
    const read = await readBy(v.openid, list.map((n) => n._id));
    return { village: { id: v.villageId, name: v.villageName }, total, kinds: NOTICE_KINDS.map((key) => ({ key, name: NOTICE_KIND_NAMES[key] })), items: list.map((n) => ({ ...row(n), read: read.has(n._id) })) };
  },
});

/** A villager opens a notice (their read counted once). */
export const readAction = action({
  name: 'publicNotice.read',
  roles: 'public',
  input: z.object({ id: NoticeId }).strict(),
  async run(ctx, input) {
    const n = await getNotice(input.id);
    if (!n || n.withdrawn) throw new AppError('not_found', '该公示不存在或已撤回');
    const v = await villagerOf(ctx.caller.openid, n.villageId);
    await markRead(v.openid, ctx.now, n);
    const [attachments, reads] = await Promise.all([attachmentUrls(n), readCount(n._id)]);
    return { ...row(n), body: n.body, villageId: n.villageId, villageName: n.villageName, attachments, reads };
  },
});

export const publicNoticeActions = [publishAction, withdrawAction, manageAction, listAction, readAction] as const;
