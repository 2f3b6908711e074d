/** Work logs (驻村记实): a cadre's daily record, the basis of the allowance by log days (seed 002). */
import * as z from 'zod';
import { Day } from '../people/schema';

export const MAX_PHOTOS = 9;
const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);
export const WorkLogId = z.string().regex(/^wl-[0-9a-f]{24}$/);

export const WriteInput = z
  .object({
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    text: z.string().trim().min(10, '请至少写10个字').max(2000, '最多2000字'),
    photoFileIds: z.array(FileId).max(MAX_PHOTOS, `照片最多${MAX_PHOTOS}张`).default([]),
    /** A check-in of the same day the log is about (optional). */
    checkinId: z.string().min(1).max(120).nullable().default(null),
  })
  .strict();
export type WriteInput = z.output<typeof WriteInput>;

export const EditInput = z
  .object({
    id: WorkLogId,
    text: WriteInput.shape.text,
    photoFileIds: WriteInput.shape.photoFileIds,
  })
  .strict();

export const CommentInput = z.object({ id: WorkLogId, text: z.string().trim().min(1, '请填写点评').max(300, '点评最多300字') }).strict();
export const DayInput = Day;

/**
 * `workLogs`, `_id` `wl-<hash of the cadre and their clientId>`. `date` is the Beijing day of
 * writing (a log written at 00:30 is the new day's); edits are the same day only, and each keeps
 * the text it replaced in `history`.
 */
export interface WorkLogDoc {
  _id: string;
  personId: string;
  personName: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  date: string;
  month: string;
  text: string;
  photoFileIds: string[];
  checkinId: string | null;
  history: { text: string; photoFileIds: string[]; at: Date }[];
  comments: { id: string; byId: string; byName: string; unitName: string; text: string; at: Date }[];
  createdAt: Date;
  updatedAt: Date;
}
