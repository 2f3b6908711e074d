/**
 * Work logs. A cadre writes as often as they like; a day with at least one log is a log day (the
 * allowance's basis where a county counts by logs), so two logs of one day count once. Scoring
 * reads log days through `workLogDays` (one aggregation per 1,000 cadres).
 */
import { createHash, randomBytes } from 'node:crypto';
import { db, _, $, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey } from '../../kernel/clock';
import { checkPhotosIn } from '../checkin/photos';
import { getCheckin } from '../checkin/service';
import type { PersonDoc } from '../people/schema';
import type { MetricSource } from '../scoring/service';
import type { Ref } from '../scoring/schema';
import type { WorkLogDoc, WriteInput } from './schema';

export const WORK_LOGS = 'workLogs';
/** Comments kept on a log at most (a log is one person's day: a few comments at most in practice). */
const MAX_COMMENTS = 50;

export const photoFolder = (personId: string) => `worklogs/${personId}/`;
const logId = (personId: string, clientId: string) => `wl-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;

/** The stationed cadre's village, from their station copy (no read). */
function stationOf(person: PersonDoc): { villageId: string; villageName: string; path: string[] } {
  const s = person.station;
  if (!s) throw new AppError('not_stationed', '您目前没有驻村任务，不能写驻村记实');
  return { villageId: s.villageId, villageName: s.villageName, path: s.path };
}

export async function write(person: PersonDoc, now: Date, input: WriteInput): Promise<WorkLogDoc> {
  const id = logId(person._id, input.clientId);
  const { data: have } = await db.collection(WORK_LOGS).doc(id).get<WorkLogDoc>();
  if (have) return have;
  const station = stationOf(person);
  const date = dateKey(now);
  await checkPhotosIn(photoFolder(person._id), input.photoFileIds, '照片未上传成功，请重新上传');
  if (input.checkinId) {
    const c = await getCheckin(input.checkinId);
    if (!c || c.personId !== person._id || c.date !== date) throw new AppError('invalid_input', '只能关联本人当天的签到');
  }
  const doc: WorkLogDoc = { _id: id, personId: person._id, personName: person.name, villageId: station.villageId, villageName: station.villageName, villagePath: station.path, date, month: date.slice(0, 7), text: input.text, photoFileIds: input.photoFileIds, checkinId: input.checkinId, history: [], comments: [], createdAt: now, updatedAt: now };
  try {
    await db.collection(WORK_LOGS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await db.collection(WORK_LOGS).doc(id).get<WorkLogDoc>()).data!;
  }
}

/** An edit, on the day of the log only; the text it replaces is kept. */
export async function edit(person: PersonDoc, now: Date, input: { id: string; text: string; photoFileIds: string[] }): Promise<WorkLogDoc> {
  await checkPhotosIn(photoFolder(person._id), input.photoFileIds, '照片未上传成功，请重新上传');
  return transaction(async (tx) => {
    const { data: log } = await tx.collection(WORK_LOGS).doc(input.id).get<WorkLogDoc>();
    if (!log || log.personId !== person._id) throw new AppError('not_found', '记实不存在');
    if (log.text === input.text && JSON.stringify(log.photoFileIds) === JSON.stringify(input.photoFileIds)) return log; // a retry
    if (dateKey(now) !== log.date) throw new AppError('too_late', '只能修改当天写的记实');
    const before = { text: log.text, photoFileIds: log.photoFileIds, at: log.updatedAt };
    await tx.collection(WORK_LOGS).doc(input.id).update({ data: { text: input.text, photoFileIds: input.photoFileIds, updatedAt: now, history: _.push([before]) } });
    return { ...log, text: input.text, photoFileIds: input.photoFileIds, updatedAt: now, history: [...log.history, before] };
  });
}

export async function getLog(id: string): Promise<WorkLogDoc | null> {
  return (await db.collection(WORK_LOGS).doc(id).get<WorkLogDoc>()).data ?? null;
}

/** A staff member's comment (点评) on a log in their scope. */
export async function comment(caller: Caller, now: Date, log: WorkLogDoc, unitName: string, text: string): Promise<WorkLogDoc> {
  const c = { id: `c-${randomBytes(6).toString('hex')}`, byId: caller.person!._id, byName: caller.person!.name, unitName, text, at: now };
  return transaction(async (tx) => {
    const { data: fresh } = await tx.collection(WORK_LOGS).doc(log._id).get<WorkLogDoc>();
    if (!fresh) throw new AppError('not_found', '记实不存在');
    // A retried comment (same person, same words, within a minute) is the same comment.
    const again = fresh.comments.find((x) => x.byId === c.byId && x.text === text && now.getTime() - new Date(x.at).getTime() < 60_000);
    if (again) return fresh;
    if (fresh.comments.length >= MAX_COMMENTS) throw new AppError('conflict', '点评已达上限');
    await tx.collection(WORK_LOGS).doc(log._id).update({ data: { comments: _.push([c]) } });
    return { ...fresh, comments: [...fresh.comments, c] };
  });
}

/** A cadre's logs of a month, newest first (one read: at most a few a day). */
export async function logsOf(personId: string, month: string): Promise<WorkLogDoc[]> {
  const { data } = await db.collection(WORK_LOGS).where({ personId, month }).orderBy('date', 'desc').orderBy('createdAt', 'desc').limit(1000).get<WorkLogDoc>();
  return data;
}

/** A unit's logs of a day, by cadre (paged), and how many cadres wrote one. */
export async function logsUnder(unitId: string, date: string, skip: number, limit: number): Promise<{ total: number; writers: number; items: WorkLogDoc[] }> {
  const where = { villagePath: unitId, date };
  const [{ total }, { data }, { list }] = await Promise.all([
    db.collection(WORK_LOGS).where(where).count(),
    db.collection(WORK_LOGS).where(where).orderBy('villageId', 'asc').orderBy('personId', 'asc').orderBy('createdAt', 'asc').skip(skip).limit(limit).get<WorkLogDoc>(),
    db.collection(WORK_LOGS).aggregate().match(where).group({ _id: '$personId' }).count('n').end<{ n: number }>(),
  ]);
  return { total, writers: list[0]?.n ?? 0, items: data };
}

export async function photoUrls(ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const urls = await storage.tempUrls(ids, 600);
  return ids.map((id) => urls.get(id) ?? '').filter(Boolean);
}

/**
 * Log days for scoring: each cadre's days of the month with a log, one record per day (its
 * first log). One aggregation per 1,000 cadres (one row per cadre).
 */
export const workLogDays: MetricSource = {
  metric: 'workLogDays',
  async collect(personIds, month) {
    const out = new Map<string, Ref[]>();
    for (let i = 0; i < personIds.length; i += 1000) {
      const { list } = await db
        .collection(WORK_LOGS)
        .aggregate()
        .match({ personId: _.in(personIds.slice(i, i + 1000)), month })
        .sort({ date: 1, createdAt: 1 })
        .group({ _id: '$personId', logs: $.push({ id: '$_id', date: '$date' }) })
        .limit(1000)
        .end<{ _id: string; logs: { id: string; date: string }[] }>();
      for (const g of list) {
        const days = new Map<string, string>();
        for (const l of g.logs) if (!days.has(l.date)) days.set(l.date, l.id);
        out.set(g._id, [...days].map(([date, id]) => ({ id, date, label: '当日有驻村记实' })));
      }
    }
    return out;
  },
};
