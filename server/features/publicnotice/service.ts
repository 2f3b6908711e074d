/**
 * Public notices: a village's officials (its 村群管理员) publish; villagers who came from the
 * village's group read. A read is one document per villager and notice, so the read count is
 * exact whatever is retried; counts are aggregated when officials list their notices.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { audit } from '../audit/service';
import { checkPhotosIn } from '../checkin/photos';
import type { OrgUnit } from '../org/schema';
import type { NoticeKind, NoticeReadDoc, PublicNoticeDoc, PublishInput } from './schema';

export const PUBLIC_NOTICES = 'publicNotices';
export const NOTICE_READS = 'publicNoticeReads';

/** Where a village's attachments are uploaded (the page uploads there; the server checks). */
export const attachmentFolder = (villageId: string) => `notices/${villageId}/`;

const noticeId = (personId: string, clientId: string) => `pn-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;

export async function publish(caller: Caller, now: Date, village: OrgUnit, input: PublishInput): Promise<PublicNoticeDoc> {
  const person = caller.person!;
  const id = noticeId(person._id, input.clientId);
  const { data: have } = await db.collection(PUBLIC_NOTICES).doc(id).get<PublicNoticeDoc>();
  if (have) return have;
  await checkPhotosIn(attachmentFolder(village._id), input.attachments.map((a) => a.fileId), '附件未上传成功，请重新上传');
  const doc: PublicNoticeDoc = { _id: id, villageId: village._id, villageName: village.name, villagePath: village.path, kind: input.kind, title: input.title, body: input.body, attachments: input.attachments, publishedById: person._id, publishedByName: person.name, publishedAt: now, withdrawn: null };
  return transaction(async (tx) => {
    const { data: again } = await tx.collection(PUBLIC_NOTICES).doc(id).get<PublicNoticeDoc>();
    if (again) return again;
    const { _id, ...body } = doc;
    await tx.collection(PUBLIC_NOTICES).doc(_id).set({ data: body });
    await audit(tx, caller, now, { action: 'publicNotice.publish', target: { collection: PUBLIC_NOTICES, id }, unitPath: village.path, before: null, after: { kind: input.kind, title: input.title } });
    return doc;
  });
}

/** Take a notice down, with a reason (it stays on record for officials, not for villagers). */
export async function withdraw(caller: Caller, now: Date, id: string, reason: string): Promise<PublicNoticeDoc> {
  return transaction(async (tx) => {
    const { data: n } = await tx.collection(PUBLIC_NOTICES).doc(id).get<PublicNoticeDoc>();
    if (!n) throw new AppError('not_found', '公示不存在');
    if (n.withdrawn) return n;
    const withdrawn = { at: now, byName: caller.person?.name ?? '', reason };
    await tx.collection(PUBLIC_NOTICES).doc(id).update({ data: { withdrawn } });
    await audit(tx, caller, now, { action: 'publicNotice.withdraw', target: { collection: PUBLIC_NOTICES, id }, unitPath: n.villagePath, before: { withdrawn: null }, after: { reason } });
    return { ...n, withdrawn };
  });
}

export async function getNotice(id: string): Promise<PublicNoticeDoc | null> {
  return (await db.collection(PUBLIC_NOTICES).doc(id).get<PublicNoticeDoc>()).data ?? null;
}

/** A village's notices, newest first (withdrawn ones only for officials). */
export async function noticesOf(villageId: string, opts: { kind?: NoticeKind; withWithdrawn: boolean; skip: number; limit: number }): Promise<{ total: number; items: PublicNoticeDoc[] }> {
  const where: Record<string, unknown> = { villageId };
  if (opts.kind) where.kind = opts.kind;
  if (!opts.withWithdrawn) where.withdrawn = null;
  const [{ total }, { data }] = await Promise.all([db.collection(PUBLIC_NOTICES).where(where).count(), db.collection(PUBLIC_NOTICES).where(where).orderBy('publishedAt', 'desc').skip(opts.skip).limit(opts.limit).get<PublicNoticeDoc>()]);
  return { total, items: data };
}

/** Read counts of some notices (one aggregation). */
export async function readCounts(ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const { list } = await db.collection(NOTICE_READS).aggregate().match({ noticeId: _.in(ids) }).group({ _id: '$noticeId', n: $.sum(1) }).limit(1000).end<{ _id: string; n: number }>();
  return new Map(list.map((g) => [g._id, g.n]));
}

/** Which of these notices this villager has read (one read). */
export async function readBy(openid: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { data } = await db.collection(NOTICE_READS).where({ _id: _.in(ids.map((id) => `${id}.${openid}`)) }).field({ noticeId: true }).limit(1000).get<Pick<NoticeReadDoc, 'noticeId'>>();
  return new Set(data.map((d) => d.noticeId));
}

/** A villager opens a notice: their read is recorded once. */
export async function markRead(openid: string, now: Date, notice: PublicNoticeDoc): Promise<void> {
  try {
    await db.collection(NOTICE_READS).add({ data: { _id: `${notice._id}.${openid}`, noticeId: notice._id, openid, at: now } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

export async function readCount(id: string): Promise<number> {
  return (await db.collection(NOTICE_READS).where({ noticeId: id }).count()).total;
}

export async function attachmentUrls(n: PublicNoticeDoc): Promise<{ name: string; url: string; fileId: string }[]> {
  if (!n.attachments.length) return [];
  const urls = await storage.tempUrls(n.attachments.map((a) => a.fileId), 600);
  return n.attachments.map((a) => ({ name: a.name, fileId: a.fileId, url: urls.get(a.fileId) ?? '' }));
}
