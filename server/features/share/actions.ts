/**
 * Experience sharing (互动分享, 驻村体会): cadres post short pieces with photos and withdraw their
 * own; the feed of a unit's subtree (a cadre's county by default; staff in their scope), newest
 * first or featured first; staff in scope feature the best; cadres of the county like and
 * comment; a comment is deleted by its author or by staff in scope.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { getUnit } from '../org/service';
import { cadreGrant, cadreReaching, countyOf, staffCovering } from './rules';
import { CommentId, CommentInput, FeedInput, PostInput, ShareId, type ShareComment, type ShareDoc } from './schema';
import { comment, deleteComment, feature, feed, getShare, like, likedBy, photoFolder, photoUrls, post, withdraw } from './service';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
/** Comments shown with a post in the feed (all of them when it is opened). */
const FEED_COMMENTS = 3;

function commentView(c: ShareComment, caller: Caller, post: ShareDoc) {
  return { id: c.id, personId: c.personId, personName: c.personName, text: c.text, at: iso(c.at)!, canDelete: c.personId === caller.person!._id || staffCovering(caller.person!.grants, post) };
}

function view(s: ShareDoc, caller: Caller, extra: { liked: boolean; urls: Map<string, string>; comments: number | 'all' }) {
  const live = s.comments.filter((c) => !c.deleted);
  const shown = extra.comments === 'all' ? live : live.slice(-extra.comments);
  return {
    id: s._id,
    personId: s.personId,
    personName: s.personName,
    villageId: s.villageId,
    villageName: s.villageName,
    title: s.title,
    text: s.text,
    photos: s.photoFileIds.map((fileId) => ({ fileId, url: extra.urls.get(fileId) ?? '' })),
    postedAt: iso(s.postedAt)!,
    featured: s.featured,
    featuredAt: iso(s.featuredAt),
    featuredByName: s.featuredBy?.name ?? null,
    likes: s.likes,
    liked: extra.liked,
    commentCount: s.commentCount,
    comments: shown.map((c) => commentView(c, caller, s)),
    mine: s.personId === caller.person!._id,
    canFeature: staffCovering(caller.person!.grants, s),
    withdrawn: s.withdrawn ? { at: iso(s.withdrawn.at)!, reason: s.withdrawn.reason } : null,
  };
}

/**
 * A post, for the scope check: a cadre reaches it through their own grant when it is of their
 * county (their own unit is the target); anyone else only if a grant covers the post's village.
 */
async function postTarget(ctx: ActionContext, id: string) {
  const s = await getShare(id);
  if (!s) return null;
  ctx.memo.set('share', s);
  const through = cadreReaching(ctx.caller.person!.grants, s);
  return { path: through ? through.path : s.unitPath };
}

const memoPost = (ctx: ActionContext) => ctx.memo.get('share') as ShareDoc;

export const postAction = action({
  name: 'share.post',
  roles: ['cadre'],
  input: PostInput,
  async run(ctx, input) {
    const s = await post(ctx.caller, ctx.now, input);
    return view(s, ctx.caller, { liked: false, urls: await photoUrls([s]), comments: FEED_COMMENTS });
  },
});

export const withdrawAction = action({
  name: 'share.withdraw',
  roles: ['cadre'],
  input: z.object({ id: ShareId, reason: z.string().trim().max(200).default('') }).strict(),
  async run(ctx, input) {
    const s = await getShare(input.id);
    if (!s || s.personId !== ctx.caller.person!._id) throw new AppError('forbidden', '只能撤回自己的分享');
    const w = await withdraw(ctx.now, input.id, input.reason);
    return { id: w._id, withdrawn: { at: iso(w.withdrawn!.at)!, reason: w.withdrawn!.reason } };
  },
});

/** The posts under a unit: by default a cadre's county, or a staff member's own unit. */
export const feedAction = action({
  name: 'share.feed',
  roles: ['cadre', 'staff'],
  input: FeedInput,
  async scope(ctx, input) {
    if (input.unitId) {
      const unit = await getUnit(input.unitId);
      return unit ? { path: unit.path } : null;
    }
    // No unit named: the caller's own (their grant is the target).
    const grants = ctx.caller.person!.grants;
    const own = cadreGrant(grants) ?? grants.find((g) => g.role === 'staff');
    return own ? { path: own.path } : null;
  },
  async run(ctx, input) {
    const person = ctx.caller.person!;
    const cadre = cadreGrant(person.grants);
    const rootId = input.unitId ?? (cadre ? countyOf(cadre) : undefined) ?? person.grants.find((g) => g.role === 'staff')!.orgUnitId;
    const { total, items } = await feed(rootId, input);
    const ids = items.map((s) => s._id);
    const [liked, urls] = await Promise.all([likedBy(person._id, ids), photoUrls(items)]);
    return {
      unitId: rootId,
      total,
      uploadFolder: cadre ? photoFolder(person._id) : null,
      items: items.map((s) => view(s, ctx.caller, { liked: liked.has(s._id), urls, comments: FEED_COMMENTS })),
    };
  },
});

/** Open a post with all its comments. */
export const getAction = action({
  name: 'share.get',
  roles: ['cadre', 'staff'],
  input: z.object({ id: ShareId }).strict(),
  scope: (ctx, input) => postTarget(ctx, input.id),
  async run(ctx) {
    const s = memoPost(ctx);
    if (s.withdrawn && s.personId !== ctx.caller.person!._id && !staffCovering(ctx.caller.person!.grants, s)) throw new AppError('not_found', '这条分享已撤回');
    const [liked, urls] = await Promise.all([likedBy(ctx.caller.person!._id, [s._id]), photoUrls([s])]);
    return view(s, ctx.caller, { liked: liked.has(s._id), urls, comments: 'all' });
  },
});

export const featureAction = action({
  name: 'share.feature',
  roles: ['staff'],
  input: z.object({ id: ShareId, featured: z.boolean() }).strict(),
  async scope(ctx, input) {
    const s = await getShare(input.id);
    return s ? { path: s.unitPath } : null;
  },
  async run(ctx, input) {
    const s = await feature(ctx.caller, ctx.now, input.id, input.featured);
    return { id: s._id, featured: s.featured, featuredAt: iso(s.featuredAt), featuredByName: s.featuredBy?.name ?? null };
  },
});

export const likeAction = action({
  name: 'share.like',
  roles: ['cadre'],
  input: z.object({ id: ShareId, like: z.boolean() }).strict(),
  scope: (ctx, input) => postTarget(ctx, input.id),
  async run(ctx, input) {
    return { id: input.id, ...(await like(ctx.caller, ctx.now, input.id, input.like)) };
  },
});

export const commentAction = action({
  name: 'share.comment',
  roles: ['cadre'],
  input: CommentInput,
  scope: (ctx, input) => postTarget(ctx, input.id),
  async run(ctx, input) {
    const { post: s, comment: c } = await comment(ctx.caller, ctx.now, input);
    return { id: s._id, commentCount: s.commentCount, comment: commentView(c, ctx.caller, s) };
  },
});

export const deleteCommentAction = action({
  name: 'share.deleteComment',
  roles: ['cadre', 'staff'],
  input: z.object({ id: ShareId, commentId: CommentId }).strict(),
  scope: (ctx, input) => postTarget(ctx, input.id),
  async run(ctx, input) {
    const s = await deleteComment(ctx.caller, ctx.now, input.id, input.commentId, staffCovering(ctx.caller.person!.grants, memoPost(ctx)));
    return { id: s._id, commentCount: s.commentCount };
  },
});

export const shareActions = [postAction, withdrawAction, feedAction, getAction, featureAction, likeAction, commentAction, deleteCommentAction] as const;
