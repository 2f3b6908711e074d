/** Public notices of a village (公示公开: 村务, 党务, 财务), published by its officials and read by its villagers. */
import * as z from 'zod';
import { UnitId } from '../org/schema';

export const NOTICE_KINDS = ['village', 'party', 'finance'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_NAMES: Record<NoticeKind, string> = { village: '村务公开', party: '党务公开', finance: '财务公开' };

export const NoticeId = z.string().regex(/^pn-[0-9a-f]{24}$/);

export const PublishInput = z
  .object({
    villageId: UnitId,
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    kind: z.enum(NOTICE_KINDS),
    title: z.string().trim().min(2, '请填写标题').max(40, '标题最多40字'),
    body: z.string().trim().min(1, '请填写公示内容').max(5000, '内容最多5000字'),
    attachments: z
      .array(z.object({ fileId: z.string().regex(/^cloud:\/\/[^\s]{1,300}$/), name: z.string().trim().min(1).max(60) }).strict())
      .max(9)
      .default([]),
  })
  .strict();
export type PublishInput = z.output<typeof PublishInput>;

/** `publicNotices`, `_id` `pn-<hash of the publisher and their clientId>`. */
export interface PublicNoticeDoc {
  _id: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  kind: NoticeKind;
  title: string;
  body: string;
  attachments: { fileId: string; name: string }[];
  publishedById: string;
  publishedByName: string;
  publishedAt: Date;
  withdrawn: { at: Date; byName: string; reason: string } | null;
}

/** `publicNoticeReads`, `_id` `<noticeId>.<openid>`: a villager has read a notice (once, however often they open it). */
export interface NoticeReadDoc {
  _id: string;
  noticeId: string;
  openid: string;
  at: Date;
}
