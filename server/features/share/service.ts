/**
 * Experience sharing: a cadre posts (one document per cadre and clientId, so a retry is the same
 * post); the feed of a unit is every post under it; staff in scope feature the best. A like is
 * one `shareLikes` document per person and post, created or removed in the same transaction that
 * moves the post's count, so the count is exact whatever is retried. Comments live on the post,
 * up to a bound, each with an id from its author's clientId (a retried comment is one comment).
 */
import { createHash } from 'node:crypto';
import { db, _, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { audit } from '../audit/service';
import { checkPhotosIn } from '../checkin/photos';
import { getUnitCached } from '../org/service';
import type { PersonDoc } from '../people/schema';
import { cadreGrant } from './rules';
import { MAX_COMMENTS, type CommentInput, type PostInput, type ShareComment, type ShareDoc, type ShareLikeDoc } from './schema';

export const SHARES = 'shares';
export const SHARE_LIKES = 'shareLikes';

/** Where a cadre uploads a post's photos (the page uploads there; the server checks). */
export const photoFolder = (personId: string) => `shares/${personId}/`;

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const shareId = (personId: string, clientId: string) => `sh-${hash(`${personId}:${clientId}`).slice(0, 24)}`;
const commentId = (id: string, personId: string, clientId: string) => `c-${hash(`${id}:${personId}:${clientId}`).slice(0, 16)}`;
export const likeId = (id: string, personId: string) => `${id}.${personId}`;

const GONE = '这条分享不存在或已撤回';

export async function getShare(id: string): Promise<ShareDoc | null> {
  return (await db.collection(SHARES).doc(id).get<ShareDoc>()).data ?? null;
}

export async function post(caller: Caller, now: Date, input: PostInput): Promise<ShareDoc> {
  const person = caller.person as PersonDoc;
  const grant = cadreGrant(person.grants);
  if (!grant) throw new AppError('forbidden', '您当前没有驻村任务');
  const id = shareId(person._id, input.clientId);
  const have = await getShare(id);
  if (have) return have; // a retry of the same post
  await checkPhotosIn(photoFolder(person._id), input.photoFileIds, '照片未上传成功，请重新上传');
  const villageName = person.station?.villageId === grant.orgUnitId ? person.station.villageName : (await getUnitCached(grant.orgUnitId))?.name ?? '';
  const doc: ShareDoc = {
    _id: id,
    personId: person._id,
    personName: person.name,
    villageId: grant.orgUnitId,
    villageName,
    unitPath: grant.path,
    title: input.title ?? '',
    text: input.text,
    photoFileIds: input.photoFileIds,
    postedAt: now,
    featured: false,
    featuredAt: null,
    featuredBy: null,
    likes: 0,
    comments: [],
    commentCount: 0,
    withdrawn: null,
  };
  try {
    await db.collection(SHARES).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await getShare(id))!; // the same post, sent twice at once
  }
}

/** The author takes their post down. */
export async function withdraw(now: Date, id: string, reason: string): Promise<ShareDoc> {
  return transaction(async (tx) => {
    const { data: s } = await tx.collection(SHARES).doc(id).get<ShareDoc>();
    if (!s) throw new AppError('not_found', GONE);
    if (s.withdrawn) return s;
    const withdrawn = { at: now, reason };
    await tx.collection(SHARES).doc(id).update({ data: { withdrawn } });
    return { ...s, withdrawn };
  });
}

/** Staff feature a post (or take the feature back), with who and when. */
export async function feature(caller: Caller, now: Date, id: string, on: boolean): Promise<ShareDoc> {
  const person = caller.person!;
  return transaction(async (tx) => {
    const { data: s } = await tx.collection(SHARES).doc(id).get<ShareDoc>();
    if (!s || s.withdrawn) throw new AppError('not_found', GONE);
    if (s.featured === on) return s;
    const set = on ? { featured: true, featuredAt: now, featuredBy: { id: person._id, name: person.name } } : { featured: false, featuredAt: null, featuredBy: null };
    await tx.collection(SHARES).doc(id).update({ data: set });
    await audit(tx, caller, now, { action: on ? 'share.feature' : 'share.unfeature', target: { collection: SHARES, id }, unitPath: s.unitPath, before: { featured: s.featured, featuredBy: s.featuredBy?.name ?? null }, after: { featured: on } });
    return { ...s, ...set };
  });
}

/** Like (or unlike) a post: idempotent, and the post's count moves with the like document. */
export async function like(caller: Caller, now: Date, id: string, on: boolean): Promise<{ likes: number; liked: boolean }> {
  const personId = caller.person!._id;
  const lid = likeId(id, personId);
  return transaction(async (tx) => {
    const { data: s } = await tx.collection(SHARES).doc(id).get<ShareDoc>();
    if (!s || s.withdrawn) throw new AppError('not_found', GONE);
    const { data: have } = await tx.collection(SHARE_LIKES).doc(lid).get<ShareLikeDoc>();
    if (!!have === on) return { likes: s.likes, liked: on };
    const likes = Math.max(0, s.likes + (on ? 1 : -1));
    if (on) await tx.collection(SHARE_LIKES).doc(lid).set({ data: { shareId: id, personId, at: now } });
    else await tx.collection(SHARE_LIKES).doc(lid).remove();
    await tx.collection(SHARES).doc(id).update({ data: { likes } });
    return { likes, liked: on };
  });
}

/** Which of these posts a person has liked (one read). */
export async function likedBy(personId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { data } = await db.collection(SHARE_LIKES).where({ _id: _.in(ids.map((id) => likeId(id, personId))) }).field({ shareId: true }).limit(1000).get<Pick<ShareLikeDoc, 'shareId'>>();
  return new Set(data.map((d) => d.shareId));
}

export async function comment(caller: Caller, now: Date, input: CommentInput): Promise<{ post: ShareDoc; comment: ShareComment }> {
  const person = caller.person!;
  const cid = commentId(input.id, person._id, input.clientId);
  return transaction(async (tx) => {
    const { data: s } = await tx.collection(SHARES).doc(input.id).get<ShareDoc>();
    if (!s || s.withdrawn) throw new AppError('not_found', GONE);
    const have = s.comments.find((c) => c.id === cid);
    if (have) return { post: s, comment: have }; // a retry
    if (s.comments.length >= MAX_COMMENTS) throw new AppError('quota_exceeded', `这条分享的评论已满${MAX_COMMENTS}条`);
    const c: ShareComment = { id: cid, personId: person._id, personName: person.name, text: input.text, at: now, deleted: null };
    await tx.collection(SHARES).doc(input.id).update({ data: { comments: _.push([c]), commentCount: s.commentCount + 1 } });
    return { post: { ...s, comments: [...s.comments, c], commentCount: s.commentCount + 1 }, comment: c };
  });
}

/**
 * Delete a comment: its author may, and staff covering the post (`asStaff`, audited); anyone
 * else is refused. Deleting twice is deleting once.
 */
export async function deleteComment(caller: Caller, now: Date, id: string, cid: string, asStaff: boolean): Promise<ShareDoc> {
  const person = caller.person!;
  return transaction(async (tx) => {
    const { data: s } = await tx.collection(SHARES).doc(id).get<ShareDoc>();
    if (!s) throw new AppError('not_found', GONE);
    const c = s.comments.find((x) => x.id === cid);
    if (!c) throw new AppError('not_found', '评论不存在');
    const own = c.personId === person._id;
    if (!own && !asStaff) throw new AppError('forbidden', '只能删除自己的评论');
    if (c.deleted) return s;
    const deleted = { at: now, byId: person._id, byName: person.name };
    const comments = s.comments.map((x) => (x.id === cid ? { ...x, text: '', deleted } : x));
    const commentCount = comments.filter((x) => !x.deleted).length;
    await tx.collection(SHARES).doc(id).update({ data: { comments: _.set(comments), commentCount } });
    if (!own) await audit(tx, caller, now, { action: 'share.deleteComment', target: { collection: SHARES, id }, unitPath: s.unitPath, before: { commentId: cid, by: c.personName, text: c.text }, after: null });
    return { ...s, comments, commentCount };
  });
}

/** Posts under a unit (not withdrawn), newest first, or featured ones first. */
export async function feed(rootId: string, opts: { featuredFirst: boolean; skip: number; limit: number }): Promise<{ total: number; items: ShareDoc[] }> {
  const where = { unitPath: rootId, withdrawn: null };
  let q = db.collection(SHARES).where(where);
  if (opts.featuredFirst) q = q.orderBy('featured', 'desc');
  const [{ total }, { data }] = await Promise.all([db.collection(SHARES).where(where).count(), q.orderBy('postedAt', 'desc').skip(opts.skip).limit(opts.limit).get<ShareDoc>()]);
  return { total, items: data };
}

/** Temporary links to the posts' photos (storage calls, 50 files each). */
export async function photoUrls(posts: ShareDoc[]): Promise<Map<string, string>> {
  const ids = posts.flatMap((p) => p.photoFileIds);
  return ids.length ? storage.tempUrls(ids, 600) : new Map();
}
