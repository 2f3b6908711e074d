/** Experience sharing (互动分享, 驻村体会我来谈): cadres post short pieces; staff feature the best; cadres like and comment. */
import * as z from 'zod';
import { UnitId } from '../org/schema';

export const ShareId = z.string().regex(/^sh-[0-9a-f]{24}$/);
export const CommentId = z.string().regex(/^c-[0-9a-f]{16}$/);
const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);

export const MAX_PHOTOS = 9;
export const MAX_TEXT = 1000;
/** Comments kept on a post (deleted ones included: their ids stay, so a retried comment is not added again). */
export const MAX_COMMENTS = 200;

export const PostInput = z
  .object({
    clientId: ClientId,
    title: z.string().trim().max(40, '标题最多40字').optional(),
    text: z.string().trim().min(1, '请写下您的体会').max(MAX_TEXT, `正文最多${MAX_TEXT}字`),
    photoFileIds: z
      .array(FileId)
      .max(MAX_PHOTOS, `最多上传${MAX_PHOTOS}张照片`)
      .refine((ids) => new Set(ids).size === ids.length, '照片重复了')
      .default([]),
  })
  .strict();
export type PostInput = z.output<typeof PostInput>;

export const FeedInput = z
  .object({
    /** A unit to read under (staff: in their scope; a cadre: their own village). Default: a cadre's county, a staff member's unit. */
    unitId: UnitId.optional(),
    featuredFirst: z.boolean().default(false),
    skip: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(30).default(10),
  })
  .strict();
export type FeedInput = z.output<typeof FeedInput>;

export const CommentInput = z
  .object({ id: ShareId, clientId: ClientId, text: z.string().trim().min(1, '请填写评论').max(200, '评论最多200字') })
  .strict();
export type CommentInput = z.output<typeof CommentInput>;

export interface ShareComment {
  id: string;
  personId: string;
  personName: string;
  text: string;
  at: Date;
  /** Set when deleted (the text is cleared): by the author, or by staff. */
  deleted: { at: Date; byId: string; byName: string } | null;
}

/** `shares`, `_id` `sh-<hash of the cadre and their clientId>`. */
export interface ShareDoc {
  _id: string;
  personId: string;
  personName: string;
  villageId: string;
  villageName: string;
  /** The author's village path at posting (the feed of a unit is `{ unitPath: unitId }`). */
  unitPath: string[];
  title: string;
  text: string;
  photoFileIds: string[];
  postedAt: Date;
  featured: boolean;
  /** Who featured it and when (null when not featured). */
  featuredAt: Date | null;
  featuredBy: { id: string; name: string } | null;
  /** Exactly the number of `shareLikes` of the post: both change in one transaction. */
  likes: number;
  comments: ShareComment[];
  /** Comments not deleted. */
  commentCount: number;
  withdrawn: { at: Date; reason: string } | null;
}

/** `shareLikes`, `_id` `<shareId>.<personId>`: one like per person and post. */
export interface ShareLikeDoc {
  _id: string;
  shareId: string;
  personId: string;
  at: Date;
}
