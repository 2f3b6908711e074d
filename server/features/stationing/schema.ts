/**
 * Stationing contact (驻点联系, seed 004): each township's fixed weekly stationing day (驻点日),
 * on which every team checks in at its village with photos (驻点动态照片), and the rule of living
 * at the workplace (住夜): at least N nights a week on working weeks.
 */
import * as z from 'zod';
import { Day } from '../people/schema';
import type { Flag } from '../checkin/flags';
import type { CadreKind } from '../people/schema';

/** The key of this feature's unit settings (a township's weekday, a county's nights). */
export const SETTINGS_KEY = 'stationing';

/** Nights a week a county asks for where it sets none (seed 004: 每周工作日在工作地居住不少于3天). */
export const DEFAULT_NIGHTS_PER_WEEK = 3;

export const MAX_PHOTOS = 9;

/** ISO weekdays, Monday 1 … Sunday 7; a stationing day is fixed on a weekday (Monday to Friday). */
export const WEEKDAY_NAMES: Record<number, string> = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' };
export const StationingWeekday = z.number().int('请选择星期几').min(1, '驻点日须为周一至周五').max(5, '驻点日须为周一至周五');

/** A township's setting (`settings.stationing` on the township unit). */
export const TownshipSetting = z.object({ weekday: StationingWeekday }).strict();
export type TownshipSetting = z.infer<typeof TownshipSetting>;

/** A county's setting (`settings.stationing` on the county unit). */
export const CountySetting = z.object({ nightsPerWeek: z.number().int('请填写整数').min(0, '不能少于0晚').max(7, '每周最多7晚') }).strict();
export type CountySetting = z.infer<typeof CountySetting>;

/** An ISO week in Beijing time, `2026-W20` (checked to exist by the rules). */
export const WeekKey = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, '周的格式应为 YYYY-Www，如 2026-W20');
export { Day };

const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);

/** A cadre's stationing-day check-in: a fresh fix from `wx.getLocation({ type: 'gcj02' })` and 1–9 photos. */
export const SubmitInput = z
  .object({
    /** Made by the phone once per attempt and kept across its retries. */
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracy: z.number().min(0).max(100_000),
    speed: z.number().min(-1).max(1000).optional(),
    altitude: z.number().min(-1000).max(10_000).optional(),
    capturedAt: z.iso.datetime({ offset: true }),
    photoFileIds: z.array(FileId).min(1, '请至少上传1张驻点照片').max(MAX_PHOTOS, `驻点照片最多${MAX_PHOTOS}张`),
  })
  .strict();
export type SubmitInput = z.infer<typeof SubmitInput>;

/**
 * `stationingRecords`, `_id` `<personId>.<date>`: one per cadre per stationing day. A retry (same
 * clientId) is the same record; a new attempt the same day replaces the fix and photos only while
 * the record does not count yet (outside the fence), so a counted record is never undone.
 */
export interface StationingDoc {
  _id: string;
  personId: string;
  personName: string;
  kind: CadreKind;
  villageId: string;
  villageName: string;
  villagePath: string[];
  /** `YYYY-MM-DD` (Beijing): the township's stationing day it was made on. */
  date: string;
  /** `2026-W20`. */
  week: string;
  clientId: string;
  lat: number;
  lng: number;
  accuracy: number;
  capturedAt: Date;
  receivedAt: Date;
  /** Inside the village's fence; null when the village had no fence to judge by (flagged `noFence`). */
  inside: boolean | null;
  distanceM: number | null;
  flags: Flag[];
  photoFileIds: string[];
  /** Inside the fence (or no fence to judge by) with photos: the team was there. */
  counted: boolean;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}
