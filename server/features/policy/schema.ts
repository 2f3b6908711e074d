/** The policy library (政策文件): documents staff publish for their unit, searched by the cadres and staff they apply to. */
import * as z from 'zod';
import { UnitId } from '../org/schema';
import { Day } from '../people/schema';

export const PolicyId = z.string().regex(/^po-[0-9a-f]{24}$/);
const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);

/** A tag: a short word or phrase, no spaces (e.g. 乡村振兴, 驻村管理). */
export const Tag = z
  .string()
  .trim()
  .min(1, '标签不能为空')
  .max(12, '每个标签最多12字')
  .regex(/^[^\s,，;；]+$/, '标签中不能有空格或标点分隔符');

/** A few tags, each once (in the order given). */
export const Tags = z
  .array(Tag)
  .max(8, '最多8个标签')
  .transform((tags) => [...new Set(tags)]);

export const Summary = z.string().trim().min(1, '请填写内容摘要').max(1000, '摘要最多1000字');

export const PublishInput = z
  .object({
    unitId: UnitId,
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    title: z.string().trim().min(4, '请填写文件标题').max(80, '标题最多80字'),
    issuer: z.string().trim().min(2, '请填写发文机关').max(40, '发文机关最多40字'),
    docNumber: z.string().trim().min(1).max(40, '文号最多40字').optional(),
    issuedOn: Day,
    tags: Tags.default([]),
    summary: Summary,
    file: z.object({ fileId: FileId, name: z.string().trim().min(1).max(60) }).strict(),
  })
  .strict();
export type PublishInput = z.output<typeof PublishInput>;

export const UpdateInput = z
  .object({ id: PolicyId, tags: Tags.optional(), summary: Summary.optional() })
  .strict()
  .refine((v) => v.tags !== undefined || v.summary !== undefined, '请修改标签或摘要');
export type UpdateInput = z.output<typeof UpdateInput>;

export const SearchInput = z
  .object({
    q: z.string().trim().min(1).max(40, '关键词最多40字').optional(),
    tag: Tag.optional(),
    skip: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type SearchInput = z.output<typeof SearchInput>;

/** `policies`, `_id` `po-<hash of the publisher and their clientId>`. */
export interface PolicyDoc {
  _id: string;
  /** The unit the document is published for: it applies to everyone on a path through it. */
  unitId: string;
  unitName: string;
  unitPath: string[];
  title: string;
  /** 发文机关. */
  issuer: string;
  /** 文号 (e.g. 湘组发〔2026〕3号), '' when it has none. */
  docNumber: string;
  /** The issue date, `YYYY-MM-DD`. */
  issuedOn: string;
  tags: string[];
  summary: string;
  file: { fileId: string; name: string };
  publishedById: string;
  publishedByName: string;
  publishedAt: Date;
  updatedAt: Date;
  withdrawn: { at: Date; byId: string; byName: string; reason: string } | null;
}
