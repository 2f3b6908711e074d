/**
 * Training (培训, seed 003: 任前培训, 专题培训, 市县"干部大讲堂"): courses organised by a city, county or
 * township, their sessions at a venue, who is enrolled, and attendance by a check-in at the venue.
 */
import * as z from 'zod';
import { LatLng, UnitId } from '../org/schema';
import { Day, PersonId } from '../people/schema';

export const TRAINING_KINDS = ['preService', 'topic', 'business'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];
export const TRAINING_KIND_NAMES: Record<TrainingKind, string> = { preService: '任前培训', topic: '专题培训', business: '业务培训' };

const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const CourseId = z.string().regex(/^tc-[0-9a-f]{24}$/);
export const SessionId = z.string().regex(/^ts-[0-9a-f]{24}$/);
/** `HH:mm`, Beijing time. */
export const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');

/** Metres around the venue that count as being there. */
export const MIN_RADIUS_M = 50;
export const MAX_RADIUS_M = 3000;
export const DEFAULT_RADIUS_M = 300;
/** Check-in opens this long before the start; after the start plus the grace, a check-in is late. */
export const OPENS_BEFORE_MIN = 30;
export const LATE_AFTER_MIN = 15;
/** A fix older than this (by the phone's capture time against the server's clock) is not fresh. */
export const FRESH_FIX_S = 120;
/** A fix less precise than this cannot place anyone at a venue. */
export const MAX_ACCURACY_M = 500;
/** Cadres enrolled in one call at most. */
export const MAX_ENROL = 200;

export const CourseInput = z
  .object({
    unitId: UnitId,
    clientId: ClientId,
    name: z.string().trim().min(4, '请填写培训名称（至少4个字）').max(40, '培训名称最多40字'),
    kind: z.enum(TRAINING_KINDS),
    description: z.string().trim().max(500, '培训内容介绍最多500字').default(''),
  })
  .strict();
export type CourseInput = z.output<typeof CourseInput>;

export const SessionInput = z
  .object({
    courseId: CourseId,
    clientId: ClientId,
    date: Day,
    start: Clock,
    end: Clock,
    placeName: z.string().trim().min(2, '请填写培训地点').max(40, '地点最多40字'),
    /** The venue (GCJ-02, as `wx.getLocation({ type: 'gcj02' })` gives it). */
    venue: LatLng.strict(),
    radiusM: z.number().int().min(MIN_RADIUS_M, `签到范围至少${MIN_RADIUS_M}米`).max(MAX_RADIUS_M, `签到范围最多${MAX_RADIUS_M}米`).default(DEFAULT_RADIUS_M),
    /** Cadres stationed under the organiser may enrol themselves. */
    openToUnit: z.boolean().default(false),
  })
  .strict()
  .refine((s) => s.end > s.start, { message: '结束时间应晚于开始时间', path: ['end'] });
export type SessionInput = z.output<typeof SessionInput>;

export const EnrolInput = z
  .object({
    sessionId: SessionId,
    personIds: z
      .array(PersonId)
      .min(1, '请选择要报名的驻村干部')
      .max(MAX_ENROL, `一次最多报名${MAX_ENROL}人`)
      .transform((ids) => [...new Set(ids)]),
  })
  .strict();

/** A check-in at the venue: one fix from the phone, with a clientId kept across retries. */
export const CheckinInput = z
  .object({
    sessionId: SessionId,
    clientId: ClientId,
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracy: z.number().min(0).max(100_000),
    capturedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CheckinInput = z.output<typeof CheckinInput>;

export { UnitId, PersonId };

/** `trainingCourses`, `_id` `tc-<hash of the creator and their clientId>`. */
export interface CourseDoc {
  _id: string;
  name: string;
  kind: TrainingKind;
  description: string;
  /** The organiser (a city, county or township). */
  unitId: string;
  unitName: string;
  unitPath: string[];
  createdById: string;
  createdByName: string;
  createdAt: Date;
}

/** `trainingSessions`, `_id` `ts-<hash of the creator and their clientId>`; the course's name and organiser copied. */
export interface SessionDoc {
  _id: string;
  courseId: string;
  courseName: string;
  kind: TrainingKind;
  unitId: string;
  unitName: string;
  unitPath: string[];
  date: string;
  start: string;
  end: string;
  startsAt: Date;
  endsAt: Date;
  placeName: string;
  venue: { lat: number; lng: number };
  radiusM: number;
  /** The unit whose stationed cadres may enrol themselves (the organiser), or null: staff enrol. */
  openTo: string | null;
  createdById: string;
  createdAt: Date;
}

export type AttendanceStatus = 'present' | 'late';

/** The check-in that recorded attendance. */
export interface SessionCheckin {
  clientId: string;
  at: Date;
  capturedAt: Date;
  lat: number;
  lng: number;
  accuracy: number;
  distanceM: number;
  status: AttendanceStatus;
}

/**
 * `trainingEnrolments`, `_id` `<sessionId>.<personId>`: one per cadre and session, with what the
 * training record shows copied from the session (a cadre's record is one read), and the check-in
 * once there is one.
 */
export interface EnrolmentDoc {
  _id: string;
  sessionId: string;
  courseId: string;
  courseName: string;
  kind: TrainingKind;
  unitName: string;
  date: string;
  start: string;
  end: string;
  startsAt: Date;
  endsAt: Date;
  placeName: string;
  personId: string;
  personName: string;
  villageName: string;
  villagePath: string[];
  /** Who enrolled them: a staff member, or themselves. */
  enrolledBy: { id: string; name: string; self: boolean };
  enrolledAt: Date;
  checkin: SessionCheckin | null;
}

/** How an enrolment stands: checked in (present, late), not yet (pending, before the end), or absent (the session ended). */
export type EnrolmentStatus = AttendanceStatus | 'pending' | 'absent';
export const ENROLMENT_STATUS_NAMES: Record<EnrolmentStatus, string> = { present: '已签到', late: '迟到', pending: '未签到', absent: '缺席' };
