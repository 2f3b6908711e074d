/** What the experience-sharing pages (互动分享) share: their routes, and a post as they show it. */
import type { OutputOf } from '../../../api/index';
import { shortTime } from '../../../utils/day';

export const SHARE_ROUTES = {
  feed: '/pages/work/share/feed/index',
  post: '/pages/work/share/post/index',
  detail: '/pages/work/share/detail/index',
} as const;

/** The server's limits (server/features/share/schema.ts). */
export const MAX_PHOTOS = 9;
export const MAX_TEXT = 1000;
export const MAX_TITLE = 40;
export const MAX_COMMENT = 200;

export type SharePost = OutputOf<'share.get'>;
type SharedComment = SharePost['comments'][number];

export const FIELD_LABELS: Record<string, string> = { title: '标题', text: '正文', photoFileIds: '照片', reason: '撤回原因' };

export interface CommentView {
  id: string;
  personName: string;
  text: string;
  time: string;
  canDelete: boolean;
}

export interface PostView {
  id: string;
  title: string;
  text: string;
  /** `蒋文博 · 十八洞村`. */
  author: string;
  time: string;
  photos: string[];
  featured: boolean;
  /** `龙小燕 设为精选`, or ''. */
  featuredBy: string;
  likes: number;
  liked: boolean;
  commentCount: number;
  comments: CommentView[];
  mine: boolean;
  canFeature: boolean;
  /** `已撤回：原因` (the author and staff still see it), or ''. */
  withdrawn: string;
}

export function commentView(c: SharedComment): CommentView {
  return { id: c.id, personName: c.personName, text: c.text, time: shortTime(c.at), canDelete: c.canDelete };
}

export function postView(s: SharePost): PostView {
  return {
    id: s.id,
    title: s.title,
    text: s.text,
    author: s.villageName ? `${s.personName} · ${s.villageName}` : s.personName,
    time: shortTime(s.postedAt),
    photos: s.photos.map((p) => p.url).filter(Boolean),
    featured: s.featured,
    featuredBy: s.featured && s.featuredByName ? `${s.featuredByName} 设为精选` : '',
    likes: s.likes,
    liked: s.liked,
    commentCount: s.commentCount,
    comments: s.comments.map(commentView),
    mine: s.mine,
    canFeature: s.canFeature,
    withdrawn: s.withdrawn ? (s.withdrawn.reason ? `已撤回：${s.withdrawn.reason}` : '已撤回') : '',
  };
}

/** A text's length as the server counts it (its limits are in UTF-16 units, as `String.length`). */
export function charCount(text: string): number {
  return text.trim().length;
}
