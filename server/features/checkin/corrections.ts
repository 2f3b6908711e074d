/**
 * Corrections (补卡): a cadre who missed a window asks, with a reason and evidence, for it to
 * count; staff over the village approve or refuse. A few a month at most; every step is kept.
 *
 * Evidence is at least one of: photos, a witness, a work log (驻村记实). Photos are uploaded by
 * the mini program to `evidence/<personId>/…` in cloud storage (`evidenceFolder`); a request
 * takes only photos under the caller's own folder that exist, and staff see them through
 * short-lived temporary URLs. A work log is taken only once the work-log feature registers its
 * check (`registerWorkLogCheck`).
 */
import { ATTENDANCE_MONTHS, entryKey, monthDocId, type AttendanceMonthDoc } from './months';
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { db, _, storage, transaction } from '../../platform/cloud';
import { checkPhotosIn } from './photos';
import { log } from '../../kernel/log';
import { audit } from '../audit/service';
import { getUnit } from '../org/service';
import { UnitId } from '../org/schema';
import { ATTENDANCE, attendanceId, type AttendanceDoc } from './sweeps';
import { correctionsLeft, monthKey, windowsOfDay } from './schedule';
import { callerSchedule } from './service';
import { Day } from './schema';

export const CORRECTIONS = 'corrections';
/** `<personId>.<YYYY-MM>` → `{ used }`: corrections asked for in a month (a refused one gives its place back). */
export const QUOTAS = 'correctionQuotas';

export interface CorrectionDoc {
  /** `<personId>.<date>.<windowId>`: one request per missed window. */
  _id: string;
  personId: string;
  personName: string;
  villageId: string;
  villagePath: string[];
  date: string;
  windowId: string;
  windowName: string;
  month: string;
  reason: string;
  evidence: { photoFileIds: string[]; workLogId: string | null; witness: string | null };
  status: 'pending' | 'approved' | 'refused';
  createdAt: Date;
  decidedByName: string | null;
  decidedAt: Date | null;
  comment: string | null;
  trail: { at: Date; byName: string; action: 'requested' | 'approved' | 'refused'; note: string }[];
}

/**
 * Where a cadre's evidence photos are uploaded: `evidence/<personId>/<anything>`. The folder says
 * whose they are, so that a request cannot name someone else's photo (storage rules do not hold
 * a function back, and a file ID is easy to pass on).
 */
export function evidenceFolder(personId: string): string {
  return `evidence/${personId}/`;
}

/** How long a staff member's link to a photo lives. */
export const PHOTO_URL_MAX_AGE_S = 600;

const PHOTO_REFUSED = '照片未上传成功或不属于您，请重新上传';

/** Every photo must lie in the caller's evidence folder and exist in storage. */
async function checkPhotos(personId: string, fileIds: string[]): Promise<void> {
  await checkPhotosIn(evidenceFolder(personId), fileIds, PHOTO_REFUSED);
}

/**
 * Does the work log (驻村记实) `workLogId` belong to `personId` and record work on `date`? The
 * work-log feature, when it comes, registers its answer here, from its own module, as the leave
 * feature registers its excuses with `registerAbsenceExcuse` (so this feature never reads its
 * collections):
 *
 *     registerWorkLogCheck(async (personId, workLogId, date) => (await getWorkLog(workLogId))?.personId === personId && …);
 *
 * Until one is registered, a request naming a work log is refused, and the cadre's page does not
 * offer the field.
 */
export type WorkLogCheck = (personId: string, workLogId: string, date: string) => Promise<boolean>;
let workLogCheck: WorkLogCheck | null = null;

/** Register the work-log check (replacing any before it); returns a function that puts the previous one back. */
export function registerWorkLogCheck(fn: WorkLogCheck | null): () => void {
  const previous = workLogCheck;
  workLogCheck = fn;
  return () => {
    workLogCheck = previous;
  };
}

async function checkWorkLog(personId: string, workLogId: string | undefined, date: string): Promise<void> {
  if (!workLogId) return;
  if (!workLogCheck) throw new AppError('invalid_input', '工作日志功能尚未开通，请上传照片或填写证明人');
  if (!(await workLogCheck(personId, workLogId, date))) throw new AppError('invalid_input', '找不到您当天的这条驻村记实，请检查编号，或上传照片、填写证明人');
}

const WindowRef = z.object({ date: Day, windowId: z.string().regex(/^[a-z][a-z0-9]{0,15}$/) });

export const RequestInput = WindowRef.extend({
  reason: z.string().trim().min(4, '请说明未能签到的原因（至少4个字）').max(300),
  photoFileIds: z.array(z.string().regex(/^cloud:\/\/[^\s]{1,300}$/, '照片须先上传')).max(3).default([])
    .transform((ids) => [...new Set(ids)]),
  workLogId: z.string().min(1).max(64).optional(),
  witness: z.string().trim().min(2).max(40).optional(),
})
  .strict()
  .refine((v) => v.photoFileIds.length > 0 || !!v.workLogId || !!v.witness, { message: '请至少提供一项证明：照片、工作日志或证明人' });

function view(c: CorrectionDoc) {
  return {
    id: c._id,
    personId: c.personId,
    personName: c.personName,
    villageId: c.villageId,
    date: c.date,
    windowId: c.windowId,
    windowName: c.windowName,
    reason: c.reason,
    evidence: c.evidence,
    status: c.status,
    createdAt: new Date(c.createdAt).toISOString(),
    decidedByName: c.decidedByName,
    decidedAt: c.decidedAt ? new Date(c.decidedAt).toISOString() : null,
    comment: c.comment,
    trail: c.trail.map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
  };
}

export async function requestCorrection(caller: Caller, now: Date, input: z.output<typeof RequestInput>): Promise<CorrectionDoc> {
  const person = caller.person!;
  const grant = person.grants.find((g) => g.role === 'cadre');
  if (!grant) throw new AppError('forbidden', '您当前没有驻村任务');
  await checkPhotos(person._id, input.photoFileIds);
  await checkWorkLog(person._id, input.workLogId, input.date);
  const schedule = await callerSchedule(caller);
  const w = windowsOfDay(schedule, input.date).find((x) => x.window.id === input.windowId);
  if (!w) throw new AppError('invalid_input', '这一天没有该签到时段');
  if (w.closesAt.getTime() > now.getTime()) throw new AppError('invalid_input', '该时段尚未结束，请直接签到');
  const id = attendanceId(person._id, { date: input.date, windowId: input.windowId });
  const month = monthKey(w.opensAt);
  const { data: record } = await db.collection(ATTENDANCE).doc(id).get<AttendanceDoc>();
  if (!record) throw new AppError('invalid_input', '该时段的考勤尚未结算，请稍后再申请');
  if (record.status !== 'missed' && record.status !== 'outside') throw new AppError('invalid_input', '该时段无需补卡');
  const doc: CorrectionDoc = {
    _id: id,
    personId: person._id,
    personName: person.name,
    villageId: grant.orgUnitId,
    villagePath: grant.path,
    date: input.date,
    windowId: input.windowId,
    windowName: w.window.name,
    month,
    reason: input.reason,
    evidence: { photoFileIds: input.photoFileIds, workLogId: input.workLogId ?? null, witness: input.witness ?? null },
    status: 'pending',
    createdAt: now,
    decidedByName: null,
    decidedAt: null,
    comment: null,
    trail: [{ at: now, byName: person.name, action: 'requested', note: input.reason }],
  };
  const { _id, ...data } = doc;
  // The month's count and the request in one transaction: parallel requests cannot pass the quota.
  await transaction(async (tx) => {
    const { data: existing } = await tx.collection(CORRECTIONS).doc(_id).get<CorrectionDoc>();
    if (existing) throw new AppError('conflict', '该时段已申请过补卡');
    const quotaId = `${person._id}.${month}`;
    const { data: quota } = await tx.collection(QUOTAS).doc(quotaId).get<{ used: number }>();
    const used = quota?.used ?? 0;
    if (correctionsLeft(used, schedule) <= 0) throw new AppError('quota_exceeded', `本月补卡次数已用完（每月 ${schedule.correctionsPerMonth} 次）`);
    await tx.collection(QUOTAS).doc(quotaId).set({ data: { personId: person._id, month, used: used + 1 } });
    await tx.collection(CORRECTIONS).doc(_id).set({ data });
  });
  return doc;
}

async function decide(caller: Caller, now: Date, id: string, approve: boolean, comment: string): Promise<CorrectionDoc> {
  const byName = caller.person?.name ?? '';
  return transaction(async (tx) => {
    const { data: c } = await tx.collection(CORRECTIONS).doc(id).get<CorrectionDoc>();
    if (!c) throw new AppError('forbidden');
    if (c.status !== 'pending') throw new AppError('conflict', '该申请已处理');
    if (caller.person?._id === c.personId) throw new AppError('forbidden', '不能审批自己的补卡申请');
    const status = approve ? 'approved' : 'refused';
    const step = { at: now, byName, action: status, note: comment } as const;
    await tx.collection(CORRECTIONS).doc(id).update({ data: { status, decidedByName: byName, decidedAt: now, comment, trail: _.push(step) } });
    if (!approve) {
      const quotaId = `${c.personId}.${c.month}`;
      const { data: q } = await tx.collection(QUOTAS).doc(quotaId).get<{ used: number }>();
      if (q) await tx.collection(QUOTAS).doc(quotaId).update({ data: { used: Math.max(0, q.used - 1) } });
    }
    if (approve) {
      const { data: a } = await tx.collection(ATTENDANCE).doc(id).get<AttendanceDoc>();
      if (!a) throw new AppError('conflict', '考勤记录不存在');
      await tx.collection(ATTENDANCE).doc(id).update({ data: { status: 'corrected', correctedFrom: a.status, correctionId: id, at: now } });
      // The month copy follows (months.ts: a corrected window is kept in it, day or night).
      const month = a.date.slice(0, 7);
      const monthId = monthDocId(a.personId, month);
      const map = a.night ? 'n' : 'w';
      const { data: m } = await tx.collection(ATTENDANCE_MONTHS).doc(monthId).get<AttendanceMonthDoc>();
      if (m) await tx.collection(ATTENDANCE_MONTHS).doc(monthId).update({ data: { [`${map}.${entryKey(a.date, a.windowId)}`]: 'C' } });
      else {
        const fresh: Omit<AttendanceMonthDoc, '_id'> = { personId: a.personId, month, w: {}, n: {} };
        fresh[map][entryKey(a.date, a.windowId)] = 'C';
        await tx.collection(ATTENDANCE_MONTHS).doc(monthId).set({ data: fresh });
      }
    }
    await audit(tx, caller, now, { action: `checkin.${status}Correction`, target: { collection: CORRECTIONS, id }, unitPath: c.villagePath, before: { status: 'pending' }, after: { status, comment } });
    return { ...c, status, decidedByName: byName, decidedAt: now, comment, trail: [...c.trail, step] };
  });
}

export const request = action({
  name: 'checkin.requestCorrection',
  roles: ['cadre'],
  input: RequestInput,
  async run(ctx, input) {
    return view(await requestCorrection(ctx.caller, ctx.now, input));
  },
});

export const mineCorrections = action({
  name: 'checkin.myCorrections',
  roles: ['cadre'],
  input: z.object({}).strict(),
  async run(ctx) {
    const person = ctx.caller.person!;
    const grant = person.grants.find((g) => g.role === 'cadre');
    const month = monthKey(ctx.now);
    const { data } = await db.collection(CORRECTIONS).where({ personId: person._id }).orderBy('createdAt', 'desc').limit(50).get<CorrectionDoc>();
    const used = data.filter((c) => c.month === month && c.status !== 'refused').length;
    const left = grant ? correctionsLeft(used, await callerSchedule(ctx.caller)) : 0;
    return { month, left, corrections: data.map(view) };
  },
});

/** Temporary URLs of the photos of a page of requests, in one call; a storage failure shows no photos rather than no requests. */
async function photoUrls(fileIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(fileIds)];
  if (unique.length === 0) return new Map();
  try {
    return await storage.tempUrls(unique, PHOTO_URL_MAX_AGE_S);
  } catch (err) {
    log.warn('checkin.corrections: no temporary URLs for the photos', { error: String((err as Error)?.message ?? err) });
    return new Map();
  }
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  return unit ? { path: unit.path } : null;
}

export const listCorrections = action({
  name: 'checkin.corrections',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, status: z.enum(['pending', 'approved', 'refused']).optional(), skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(20) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(_ctx, input) {
    const q: Record<string, unknown> = { villagePath: input.unitId };
    if (input.status) q.status = input.status;
    const { data } = await db.collection(CORRECTIONS).where(q).orderBy('createdAt', 'desc').skip(input.skip).limit(input.limit).get<CorrectionDoc>();
    const urls = await photoUrls(data.flatMap((c) => c.evidence.photoFileIds));
    // Each photo as a temporary URL (a photo no longer in storage is left out); viewing changes nothing.
    return data.map((c) => ({ ...view(c), photoUrls: c.evidence.photoFileIds.map((id) => urls.get(id)).filter((u): u is string => !!u) }));
  },
});

export const decideCorrection = action({
  name: 'checkin.decideCorrection',
  roles: ['staff'],
  input: z.object({ id: z.string().min(1).max(120).regex(/^[A-Za-z0-9_.-]+$/), approve: z.boolean(), comment: z.string().trim().min(1).max(200) }).strict(),
  scope: async (_ctx, input) => {
    const { data } = await db.collection(CORRECTIONS).doc(input.id).get<CorrectionDoc>();
    return data ? { path: data.villagePath } : null;
  },
  async run(ctx, input) {
    return view(await decide(ctx.caller, ctx.now, input.id, input.approve, input.comment));
  },
});

export const correctionActions = [request, mineCorrections, listCorrections, decideCorrection] as const;
