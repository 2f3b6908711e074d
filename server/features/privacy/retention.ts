/**
 * Retention (PIPL art. 19: kept no longer than the purpose needs): what of a person's precise
 * location and photos is purged, when, and what is kept as the record of work. The period is
 * each county's `retentionDays` (its check-in schedule, default 90 days), counted from when the
 * data was taken; the access log's own is three years.
 *
 * Purged, by kind:
 * - Raw check-in fixes (`checkins`): the whole raw check-in, by `checkin.purge`
 *   (checkin/sweeps.ts). Kept for good: the settled attendance of each window (`attendance`,
 *   `attendanceMonths`), which is what scoring and the allowance read.
 * - Spot-check answers (`spotChecks.answer`): the coordinates, and the live photo (a face photo
 *   taken to prove presence: the file is deleted from storage, `answer.photoPurgedAt` set).
 *   Kept: when it was answered, inside the fence or not, the distance and accuracy, the flags,
 *   late or not — what the escalation ladder and the figures count.
 * - Stationing-day check-ins (`stationingRecords`): the coordinates. Kept: inside, distance,
 *   accuracy, flags, counted, and the photos (驻点动态照片: the record of the day's work that
 *   `counted` rests on, which staff open team by team).
 * - Household visits (`visits.location`): the coordinates (they also say where a household
 *   lives). Kept: inside, distance, accuracy.
 * - Training check-ins (`trainingEnrolments.checkin`): the coordinates. Kept: present or late,
 *   the time, the distance to the venue.
 * - Inspections (`inspections.location`): the inspector's fix (it judged nothing that would be
 *   kept). Kept: the record, the team's statuses and the photos — evidence of an unannounced
 *   inspection on which a whole item's deduction rests (一次扣完), a record of work.
 * - Complaints and visit problems (`complaints`), once closed or not accepted: the point where
 *   it was raised and the contact (name and phone), which served the handling only. Kept: the
 *   words, the photos of the problem, the steps, the answer and the rating (全程留痕).
 * - Leave attachments (`leaves.attachmentFileIds`: sick notes are health data, sensitive under
 *   PIPL art. 28), once the leave has ended and is decided: the files are deleted from storage,
 *   `attachmentsPurgedAt` set. Kept: the leave, its days, reason and every decision.
 * - The access log (`accessLogs`): after three years.
 *
 * Kept as records of work, not purged here: work-log photos (the allowance is paid by days with
 * a log), correction evidence (it changed attendance and pay), assessment progress photos,
 * work-report attachments, photos their author published for others (questions, 互动分享, work
 * updates, notices), answers' photos; phone numbers of people (their account) and of households
 * (kept by staff while the household is on the list); the audit log. Files in storage that no
 * record names (an upload whose action then failed) cannot be listed through the server SDK and
 * are not handled here.
 *
 * Cost: for each county with its own retention, and once for all the others, one multi-document
 * update per collection (no read), and for the photos one read per 1,000 records, one storage
 * call per 50 files and one update per 1,000 records; the access log is one remove. Every step
 * selects only what is still there to purge, so a second run (or a run after a crash) does
 * nothing more.
 */
import { db, _, storage } from '../../platform/cloud';
import { log } from '../../kernel/log';
import { scheduleSet } from '../checkin/service';
import { DEFAULT_CHECKIN_SCHEDULE } from '../checkin/schedule';
import { purgeAccessLogs } from './access';

/**
 * The collections purged here, by their owners' names (spotcheck, stationing, visit, training,
 * inspection, complaint, leave). Named here, not imported, so that the timer's bundle carries
 * none of those features; retention.test.ts checks the names against their owners'.
 */
export const PURGED = {
  spotChecks: 'spotChecks',
  stationing: 'stationingRecords',
  visits: 'visits',
  enrolments: 'trainingEnrolments',
  inspections: 'inspections',
  complaints: 'complaints',
  leaves: 'leaves',
} as const;

const DAY_MS = 86_400_000;

export interface PurgeOptions {
  /** Records per page of the photo purges (1,000, the most one read returns; tests use fewer). */
  pageSize?: number;
  /** When to stop (epoch ms): an unfinished run says so, and the next tick goes on. */
  deadline?: number;
}

export interface PurgeResult {
  [k: string]: unknown;
  counties: number;
  coordinates: Record<string, number>;
  contacts: number;
  photos: { spotChecks: number; leaves: number; files: number };
  accessLogs: number;
  incomplete?: boolean;
  checkpoint?: Record<string, unknown>;
}

/** One county with its own retention, or every other county (`villagePath` in none of the custom ones). */
interface Scope {
  where: Record<string, unknown>;
  cutoff: Date;
}

async function scopes(now: Date): Promise<Scope[]> {
  const schedules = await scheduleSet();
  const cut = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return [
    ...schedules.custom.map((county) => ({ where: { villagePath: county }, cutoff: cut(schedules.of(county).retentionDays) })),
    { where: schedules.custom.length ? { villagePath: _.nin(schedules.custom) } : {}, cutoff: cut(DEFAULT_CHECKIN_SCHEDULE.retentionDays) },
  ];
}

const updated = (r: { stats: { updated?: number } }) => r.stats.updated ?? 0;

/** Coordinates and contacts past retention: one update per collection in the scope, no read. */
async function purgeCoordinates(s: Scope, now: Date, out: PurgeResult): Promise<void> {
  const add = (k: string, n: number) => (out.coordinates[k] = (out.coordinates[k] ?? 0) + n);
  const before = _.lt(s.cutoff);
  add(PURGED.spotChecks, updated(await db.collection(PURGED.spotChecks).where({ ...s.where, answer: { at: before, lat: _.exists(true) } }).update({ data: { answer: { lat: _.remove(), lng: _.remove(), coordinatesPurgedAt: now } } })));
  add(PURGED.stationing, updated(await db.collection(PURGED.stationing).where({ ...s.where, receivedAt: before, lat: _.exists(true) }).update({ data: { lat: _.remove(), lng: _.remove(), coordinatesPurgedAt: now } })));
  add(PURGED.visits, updated(await db.collection(PURGED.visits).where({ ...s.where, at: before, location: { lat: _.exists(true) } }).update({ data: { location: { lat: _.remove(), lng: _.remove() }, coordinatesPurgedAt: now } })));
  add(PURGED.enrolments, updated(await db.collection(PURGED.enrolments).where({ ...s.where, checkin: { at: before, lat: _.exists(true) } }).update({ data: { checkin: { lat: _.remove(), lng: _.remove() }, coordinatesPurgedAt: now } })));
  add(PURGED.inspections, updated(await db.collection(PURGED.inspections).where({ ...s.where, createdAt: before, location: _.neq(null) }).update({ data: { location: null, coordinatesPurgedAt: now } })));
  // A closed complaint's point and contact go together: one update.
  const closed = await db
    .collection(PURGED.complaints)
    .where(_.and([{ ...s.where, status: _.in(['closed', 'rejected']), closedAt: before }, _.or([{ location: _.neq(null) }, { contact: _.neq(null) }])]))
    .update({ data: { location: null, contact: null, contactPurgedAt: now } });
  out.contacts += updated(closed);
}

/**
 * Photos past retention, a page of records at a time: the page's files deleted from storage,
 * then one update takes them off the page's records. Deleting first: a crash in between leaves
 * records naming deleted files, which the next run deletes again (a no-op) and clears.
 */
async function purgePhotoPages(
  collection: string,
  where: Record<string, unknown>,
  filesOf: (doc: any) => string[],
  clear: Record<string, unknown>,
  opts: PurgeOptions & { deadline: number },
): Promise<{ records: number; files: number; done: boolean }> {
  const size = opts.pageSize ?? 1000;
  let records = 0;
  let files = 0;
  for (;;) {
    const { data } = await db.collection(collection).where(where).orderBy('_id', 'asc').limit(size).get();
    if (data.length) {
      const ids = data.flatMap(filesOf);
      if (ids.length) await storage.remove(ids);
      await db.collection(collection).where({ _id: _.in(data.map((d) => d._id)) }).update({ data: clear });
      records += data.length;
      files += ids.length;
    }
    if (data.length < size) return { records, files, done: true };
    if (Date.now() > opts.deadline) return { records, files, done: false };
  }
}

/** The daily purge (`privacy.purge`): every kind above, for every county, then the access log's own. */
export async function purgePersonalData(now: Date, opts: PurgeOptions = {}): Promise<PurgeResult> {
  const deadline = opts.deadline ?? Date.now() + 45_000;
  const out: PurgeResult = { counties: 0, coordinates: {}, contacts: 0, photos: { spotChecks: 0, leaves: 0, files: 0 }, accessLogs: 0 };
  const all = await scopes(now);
  out.counties = all.length;
  for (const s of all) {
    await purgeCoordinates(s, now, out);
    const before = _.lt(s.cutoff);
    const answers = await purgePhotoPages(PURGED.spotChecks, { ...s.where, answer: { at: before, photoFileId: _.exists(true) } }, (d) => [d.answer.photoFileId], { answer: { photoFileId: _.remove(), photoPurgedAt: now } }, { ...opts, deadline });
    out.photos.spotChecks += answers.records;
    out.photos.files += answers.files;
    const leaves = answers.done
      ? await purgePhotoPages(PURGED.leaves, { ...s.where, status: _.neq('pending'), endsAt: before, 'attachmentFileIds.0': _.exists(true) }, (d) => d.attachmentFileIds, { attachmentFileIds: _.set([]), attachmentsPurgedAt: now }, { ...opts, deadline })
      : { records: 0, files: 0, done: false };
    out.photos.leaves += leaves.records;
    out.photos.files += leaves.files;
    if (!leaves.done) {
      // What is left is found again by the same queries: the next tick simply runs this again.
      log.info('personal data purge: unfinished, goes on at the next tick', { ...out });
      return { ...out, incomplete: true, checkpoint: { resume: true } };
    }
  }
  out.accessLogs = await purgeAccessLogs(now);
  log.info('personal data purged', { ...out });
  return out;
}
