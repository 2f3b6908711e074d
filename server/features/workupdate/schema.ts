/**
 * Work updates (工作动态): briefings that organisation staff post for their unit (or on behalf of
 * a dispatching unit, 派出单位), counted per district (区/县) and week against a weekly quota.
 */
import * as z from 'zod';
import { UnitId } from '../org/schema';

/** Photos a post may carry at most. */
export const MAX_PHOTOS = 9;

/** The weekly quota of a district when neither its county nor its city set one. */
export const DEFAULT_WEEKLY_QUOTA = 1;

/** A city's or county's setting (`settings.workUpdate`); a county's wins over its city's. */
export const WorkUpdateSettings = z
  .object({
    /** Posts a district is asked for each week (0: none asked). */
    weeklyQuota: z.number().int('请填写整数').min(0, '每周条数不能小于0').max(20, '每周条数最多20'),
  })
  .strict();
export type WorkUpdateSettings = z.infer<typeof WorkUpdateSettings>;

/** An ISO week in Beijing time, `2026-W20` (checked to exist by the rules). */
export const WeekKey = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, '周的格式应为 YYYY-Www，如 2026-W20');

export const WorkUpdateId = z.string().regex(/^wu-[0-9a-f]{24}$/);
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);

export const PostInput = z
  .object({
    /** The unit the briefing is of (a city, county or township in the caller's scope). */
    unitId: UnitId,
    /** A city's post may name the district it is about (it then counts for that district). */
    districtId: UnitId.optional(),
    clientId: ClientId,
    title: z.string().trim().min(2, '请填写标题').max(40, '标题最多40字'),
    body: z.string().trim().min(5, '正文至少5个字').max(5000, '正文最多5000字'),
    photoFileIds: z.array(FileId).max(MAX_PHOTOS, `最多上传${MAX_PHOTOS}张照片`).default([]),
    /** Posted on behalf of a dispatching unit (派出单位): its name. */
    dispatchingUnit: z.string().trim().min(2, '请填写派出单位名称').max(40, '派出单位名称最多40字').optional(),
  })
  .strict()
  .refine((p) => new Set(p.photoFileIds).size === p.photoFileIds.length, { message: '照片不能重复', path: ['photoFileIds'] });
export type PostInput = z.output<typeof PostInput>;

/**
 * `workUpdates`, `_id` `wu-<hash of the poster and their clientId>` (a retried post is the same
 * post). `districtId` is the county on the unit's path, the district a city's post names, or
 * null (a city's post about no district counts for none). `week` is the ISO week of `postedAt`
 * in Beijing time.
 */
export interface WorkUpdateDoc {
  _id: string;
  kind: 'post';
  unitId: string;
  unitName: string;
  unitLevel: 'city' | 'county' | 'township';
  unitPath: string[];
  districtId: string | null;
  districtName: string | null;
  /** `2026-W20` */
  week: string;
  /** `YYYY-MM-DD` of posting (Beijing). */
  date: string;
  title: string;
  body: string;
  photoFileIds: string[];
  dispatchingUnit: string | null;
  postedById: string;
  postedByName: string;
  postedAt: Date;
  withdrawn: { at: Date; byId: string; byName: string; reason: string } | null;
}

/**
 * A reminder of a district's week (kept in `workUpdates` too, `_id` `wr-<week>.<districtId>`;
 * it has no `districtId` or `unitPath`, so no query for posts ever meets it). Written before the
 * messages go out: whatever the timer does, a district is reminded at most once a week.
 */
export interface ReminderDoc {
  _id: string;
  kind: 'reminder';
  reminderOf: string;
  districtName: string;
  week: string;
  /** Posts counted and the quota, when the reminder was decided. */
  count: number;
  quota: number;
  /** The staff it was for (county-level organisation staff of the district). */
  staffIds: string[];
  /** `sending` once claimed, `sent` once the messages went out (a crash between leaves `sending`: never sent twice). */
  status: 'sending' | 'sent';
  at: Date;
}

export const reminderId = (week: string, districtId: string) => `wr-${week}.${districtId}`;
