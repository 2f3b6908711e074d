/** Check-ins (签到, 共享位置): what a cadre's phone sends, and what the server keeps. */
import * as z from 'zod';
import type { Flag } from './flags';

/** One check-in as the page sends it: the fix from `wx.getLocation({ type: 'gcj02' })`. */
export const CheckinInput = z
  .object({
    /** Made by the phone once per check-in and kept across retries: the same check-in is recorded once. */
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracy: z.number().min(0).max(100_000),
    speed: z.number().min(-1).max(1000).optional(),
    altitude: z.number().min(-1000).max(10_000).optional(),
    /** When the phone took the fix (its clock: evidence, not truth). */
    capturedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CheckinInput = z.infer<typeof CheckinInput>;

export const CheckinId = z.string().min(1).max(140).regex(/^[A-Za-z0-9_.-]+$/);
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export { Day } from '../people/schema';

export interface CheckinDoc {
  /** `<personId>.<clientId>`: a retried check-in lands on the same document. */
  _id: string;
  personId: string;
  villageId: string;
  villagePath: string[];
  /** `YYYY-MM-DD` (Beijing) of the instant the check-in counts for. */
  date: string;
  /** The window instance it falls in (`2026-05-12:am`), or null outside every window. */
  windowKey: string | null;
  capturedAt: Date;
  countsAt: Date;
  receivedAt: Date;
  lat: number;
  lng: number;
  accuracy: number;
  speed: number | null;
  altitude: number | null;
  /** Inside the village's fence; null when the village had no fence to judge by (flagged `noFence`). */
  inside: boolean | null;
  /** Metres outside the fence (0 inside); null without a fence. */
  distanceM: number | null;
  late: boolean;
  flags: Flag[];
  review: { byId: string; byName: string; at: Date; comment: string } | null;
}

/** A staff member looked at a cadre's location: the cadre can see who, and when. */
export interface AccessDoc {
  _id: string;
  subjectId: string;
  viewerId: string;
  viewerName: string;
  at: Date;
  /** `history` (one person's month), `ledger` (a unit's day) or `spotCheck` (answers to spot checks). */
  what: 'history' | 'ledger' | 'spotCheck';
  detail: string;
}
