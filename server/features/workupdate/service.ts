/**
 * Work updates (工作动态): organisation staff post briefings for their unit, each counted for a
 * district (区/县) and a week (Monday to Sunday, Beijing time); a district is asked for a number
 * of posts a week (its county's setting, else its city's, else 1). The timer reminds the
 * district's staff on the week's last working day when the quota is not met, once per district
 * and week; the figure shows each district's count against its quota.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, shortBeijing } from '../../kernel/clock';
import { isWorkday } from '../../kernel/calendar';
import { log } from '../../kernel/log';
import { audit } from '../audit/service';
import { checkPhotosIn } from '../checkin/photos';
import { getUnitCached, getUnits, listSubtree, setUnitSetting } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { PEOPLE } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { holdersAmong, sendBatch, type Outgoing } from '../notify/service';
import { districtOfPath, metQuota, ownSettings, quotaOf, remindAt, weekEnd, weekKey, type QuotaSource } from './rules';
import { reminderId, type PostInput, type ReminderDoc, type WorkUpdateDoc, type WorkUpdateSettings } from './schema';

export const WORK_UPDATES = 'workUpdates';
/** The weekly reminders sent (see `ReminderDoc`), one per district and week. */
export const REMINDERS = 'workUpdateReminders';
export const SETTINGS_KEY = 'workUpdate';

/** Where a poster's photos are uploaded (the page uploads there; the server checks). */
export const photoFolder = (personId: string) => `workupdates/${personId}/`;

const postId = (personId: string, clientId: string) => `wu-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;

// ---- posting -------------------------------------------------------------------------------------

/**
 * Post a briefing for `unit` (a city, county or township the caller's staff grant covers). A
 * retry with the same `clientId` is the same post, whatever else it says.
 */
export async function post(caller: Caller, now: Date, unit: OrgUnit, input: PostInput): Promise<WorkUpdateDoc> {
  const person = caller.person;
  if (!person) throw new AppError('not_bound');
  const id = postId(person._id, input.clientId);
  const { data: have } = await db.collection(WORK_UPDATES).doc(id).get<WorkUpdateDoc>();
  if (have) return have;
  if (unit.level === 'village') throw new AppError('invalid_input', '工作动态按市、县（区）、乡镇（街道）发布，请选择本单位');
  const district = await districtFor(unit, input.districtId);
  await checkPhotosIn(photoFolder(person._id), input.photoFileIds, '照片未上传成功，请重新选择照片');
  const doc: WorkUpdateDoc = {
    _id: id,
    kind: 'post',
    unitId: unit._id,
    unitName: unit.name,
    unitLevel: unit.level,
    unitPath: unit.path,
    districtId: district?._id ?? null,
    districtName: district?.name ?? null,
    week: weekKey(now),
    date: dateKey(now),
    title: input.title,
    body: input.body,
    photoFileIds: input.photoFileIds,
    dispatchingUnit: input.dispatchingUnit ?? null,
    postedById: person._id,
    postedByName: person.name,
    postedAt: now,
    withdrawn: null,
  };
  try {
    return await transaction(async (tx) => {
      const { data: again } = await tx.collection(WORK_UPDATES).doc(id).get<WorkUpdateDoc>();
      if (again) return again;
      const { _id, ...body } = doc;
      await tx.collection(WORK_UPDATES).doc(_id).set({ data: body });
      await audit(tx, caller, now, { action: 'workUpdate.post', target: { collection: WORK_UPDATES, id }, unitPath: unit.path, before: null, after: { title: doc.title, week: doc.week, districtId: doc.districtId, photos: doc.photoFileIds.length, dispatchingUnit: doc.dispatchingUnit } });
      return doc;
    });
  } catch (err) {
    // Two tries of the same post at once: the other one wrote it.
    if (!isDuplicateKey(err)) throw err;
    return (await getPost(id))!;
  }
}

/** The district a post of `unit` counts for: the county on its path; for a city, the county it names (one of its own), or none. */
async function districtFor(unit: OrgUnit, named: string | undefined): Promise<OrgUnit | null> {
  if (unit.level !== 'city') {
    const id = districtOfPath(unit.path)!;
    if (named && named !== id) throw new AppError('invalid_input', '只有市级发布的工作动态可以指定所属县（区）');
    return unit.level === 'county' ? unit : await getUnitCached(id);
  }
  if (!named) return null;
  const county = await getUnitCached(named);
  if (!county || county.level !== 'county' || county.parentId !== unit._id) throw new AppError('invalid_input', '请选择本市下辖的县（区）');
  return county;
}

/** The poster takes a post down, with a reason; it stays on record (marked withdrawn) and no longer counts. */
export async function withdraw(caller: Caller, now: Date, id: string, reason: string): Promise<WorkUpdateDoc> {
  const me = caller.person?._id;
  return transaction(async (tx) => {
    const { data: p } = await tx.collection(WORK_UPDATES).doc(id).get<WorkUpdateDoc>();
    if (!p || p.kind !== 'post') throw new AppError('not_found', '工作动态不存在');
    if (p.postedById !== me) throw new AppError('forbidden', '只能撤回自己发布的工作动态');
    if (p.withdrawn) return p;
    const withdrawn = { at: now, byId: p.postedById, byName: caller.person?.name ?? '', reason };
    await tx.collection(WORK_UPDATES).doc(id).update({ data: { withdrawn } });
    await audit(tx, caller, now, { action: 'workUpdate.withdraw', target: { collection: WORK_UPDATES, id }, unitPath: p.unitPath, before: { withdrawn: null }, after: { reason } });
    return { ...p, withdrawn };
  });
}

export async function getPost(id: string): Promise<WorkUpdateDoc | null> {
  const { data } = await db.collection(WORK_UPDATES).doc(id).get<WorkUpdateDoc>();
  return data && data.kind === 'post' ? data : null;
}

/**
 * Posts of a unit's subtree, newest first. A county's are those counting for it (its own
 * subtree's, and its city's posts about it); a city's or township's, those of its subtree.
 */
export async function postsOf(unit: OrgUnit, opts: { week?: string; withWithdrawn: boolean; skip: number; limit: number }): Promise<{ total: number; items: WorkUpdateDoc[] }> {
  const where: Record<string, unknown> = unit.level === 'county' ? { districtId: unit._id } : { unitPath: unit._id };
  if (opts.week) where.week = opts.week;
  if (!opts.withWithdrawn) where.withdrawn = null;
  const [{ total }, { data }] = await Promise.all([
    db.collection(WORK_UPDATES).where(where).count(),
    db.collection(WORK_UPDATES).where(where).orderBy('postedAt', 'desc').skip(opts.skip).limit(opts.limit).get<WorkUpdateDoc>(),
  ]);
  return { total, items: data };
}

export async function photoUrls(p: WorkUpdateDoc): Promise<{ fileId: string; url: string }[]> {
  if (!p.photoFileIds.length) return [];
  const urls = await storage.tempUrls(p.photoFileIds, 600);
  return p.photoFileIds.map((fileId) => ({ fileId, url: urls.get(fileId) ?? '' }));
}

// ---- the quota -----------------------------------------------------------------------------------

export interface QuotaView {
  /** The unit's own setting, or null (it follows its city, or the default). */
  own: WorkUpdateSettings | null;
  /** What applies to the unit's districts: for a county, its quota; for a city, its counties' default. */
  weeklyQuota: number;
  from: QuotaSource;
}

export async function quotaView(unit: OrgUnit): Promise<QuotaView> {
  const own = ownSettings(unit.settings);
  const { quota, from } = unit.level === 'city' ? quotaOf(null, unit.settings) : quotaOf(unit.settings, (await getUnitCached(unit.path[0]!))?.settings);
  return { own, weeklyQuota: quota, from };
}

/** Set (or, with null, clear) a city's or county's weekly quota. */
export async function setQuota(caller: Caller, now: Date, unit: OrgUnit, settings: WorkUpdateSettings | null): Promise<QuotaView> {
  if (unit.level !== 'city' && unit.level !== 'county') throw new AppError('invalid_input', '工作动态的每周条数按市或县（区）设置');
  const updated = await setUnitSetting(caller, now, unit, SETTINGS_KEY, settings);
  return quotaView(updated);
}

// ---- counting ------------------------------------------------------------------------------------

/** Posts that count (not withdrawn) per district and week: one aggregation per ≤ 1,000 groups. */
export async function countsFor(districtIds: readonly string[], weeks: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!districtIds.length || !weeks.length) return out;
  const step = Math.max(1, Math.floor(1000 / weeks.length));
  for (let i = 0; i < districtIds.length; i += step) {
    const { list } = await db
      .collection(WORK_UPDATES)
      .aggregate()
      .match({ districtId: _.in(districtIds.slice(i, i + step)), week: _.in([...weeks]), withdrawn: null })
      .group({ _id: { d: '$districtId', w: '$week' }, n: $.sum(1) })
      .limit(1000)
      .end<{ _id: { d: string; w: string }; n: number }>();
    for (const g of list) out.set(`${g._id.d}|${g._id.w}`, g.n);
  }
  return out;
}

export interface DistrictFigure {
  id: string;
  name: string;
  quota: number;
  quotaFrom: QuotaSource;
  weeks: { week: string; count: number; met: boolean }[];
  /** Weeks of the range in which it met its quota. */
  metWeeks: number;
  /** Met in every week of the range. */
  met: boolean;
}

/**
 * The figure of a city or a county over some weeks: each district's count against its quota,
 * whether it met it, and how many districts met it (each week, and in every week).
 */
export async function figure(unit: OrgUnit, weeks: string[]): Promise<{ districts: DistrictFigure[]; byWeek: { week: string; districts: number; met: number }[]; met: number; total: number }> {
  if (unit.level !== 'city' && unit.level !== 'county') throw new AppError('invalid_input', '工作动态统计按市或县（区）查看');
  const [counties, city] = unit.level === 'city' ? [await listSubtree(unit._id, { level: 'county' }), unit] : [[unit], await getUnitCached(unit.path[0]!)];
  const counts = await countsFor(counties.map((c) => c._id), weeks);
  const districts = counties.map((c): DistrictFigure => {
    const { quota, from } = quotaOf(c.settings, city?.settings);
    const rows = weeks.map((week) => {
      const count = counts.get(`${c._id}|${week}`) ?? 0;
      return { week, count, met: metQuota(count, quota) };
    });
    const metWeeks = rows.filter((r) => r.met).length;
    return { id: c._id, name: c.name, quota, quotaFrom: from, weeks: rows, metWeeks, met: metWeeks === weeks.length };
  });
  const byWeek = weeks.map((week, i) => ({ week, districts: districts.length, met: districts.filter((d) => d.weeks[i]!.met).length }));
  return { districts, byWeek, met: districts.filter((d) => d.met).length, total: districts.length };
}

// ---- the reminder --------------------------------------------------------------------------------

/** Districts the reminder can reach: the county-level organisation staff of each (one read per 1,000 staff). */
async function countyStaff(): Promise<{ byDistrict: Map<string, string[]>; cities: Map<string, string> }> {
  const byDistrict = new Map<string, string[]>();
  const cities = new Map<string, string>();
  let after = '';
  for (;;) {
    const { data } = await db
      .collection(PEOPLE)
      .where({ _id: _.gt(after), active: true, grants: _.elemMatch({ role: 'staff' }) })
      .field({ grants: true })
      .orderBy('_id', 'asc')
      .limit(1000)
      .get<Pick<PersonDoc, '_id' | 'grants'>>();
    for (const p of data) {
      for (const g of p.grants) {
        if (g.role !== 'staff' || g.path.length !== 2) continue;
        const d = g.path[1]!;
        const list = byDistrict.get(d) ?? [];
        if (!list.includes(p._id)) list.push(p._id);
        byDistrict.set(d, list);
        cities.set(d, g.path[0]!);
      }
    }
    if (data.length < 1000) break;
    after = data[data.length - 1]!._id;
  }
  return { byDistrict, cities };
}

/** Districts handled per batch: one claim each, then one read of their staff's grants and one send. */
const BATCH = 100;

/**
 * The week's reminder: once 15:00 of the week's last working day has come (and until the week
 * ends), every district short of its quota is reminded, its county-level staff told by the
 * `workUpdateDue` message. A district's reminder is claimed (its record written) before any
 * message goes: a rerun, an overlapping run or a retried tick finds it and sends nothing again.
 * `since` (the last completed run) lets later ticks of the week skip every read.
 */
export async function remindDue(now: Date, opts: { since?: Date; deadline?: number } = {}): Promise<Record<string, unknown> & { incomplete?: boolean }> {
  const week = weekKey(now);
  const at = remindAt(week, isWorkday);
  if (!at || now < at) return { week, due: false };
  if (opts.since && opts.since >= at && weekKey(opts.since) === week) return { week, due: true, done: true };

  const { byDistrict, cities } = await countyStaff();
  const ids = [...byDistrict.keys()].sort();
  const units = await getUnits([...ids, ...new Set(cities.values())]);
  const counts = await countsFor(ids, [week]);
  const short = ids
    .map((id) => {
      const county = units.get(id);
      const { quota } = quotaOf(county?.settings, units.get(cities.get(id) ?? '')?.settings);
      return { id, name: county?.name ?? '', quota, count: counts.get(`${id}|${week}`) ?? 0 };
    })
    .filter((d) => !metQuota(d.count, d.quota));
  // Those already reminded this week (one read per 1,000).
  const done = new Set<string>();
  for (let i = 0; i < short.length; i += 1000) {
    const { data } = await db.collection(REMINDERS).where({ _id: _.in(short.slice(i, i + 1000).map((d) => reminderId(week, d.id))) }).field({ _id: true }).limit(1000).get<{ _id: string }>();
    for (const r of data) done.add(r._id);
  }
  const todo = short.filter((d) => !done.has(reminderId(week, d.id)));
  const due = shortBeijing(weekEnd(week).getTime() - 60_000);
  let reminded = 0;
  let sent = 0;
  for (let i = 0; i < todo.length; i += BATCH) {
    const claimed: typeof todo = [];
    for (const d of todo.slice(i, i + BATCH)) {
      const doc: ReminderDoc = { _id: reminderId(week, d.id), kind: 'reminder', reminderOf: d.id, districtName: d.name, week, count: d.count, quota: d.quota, staffIds: byDistrict.get(d.id) ?? [], status: 'sending', at: now };
      try {
        await db.collection(REMINDERS).add({ data: doc });
        claimed.push(d);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // another run claimed it
      }
    }
    if (!claimed.length) continue;
    reminded += claimed.length;
    const subs = new Map((await holdersAmong('workUpdateDue', claimed.flatMap((d) => byDistrict.get(d.id) ?? []))).map((s) => [s.personId, s]));
    const out: Outgoing[] = [];
    const told = new Set<string>();
    for (const d of claimed) {
      for (const personId of byDistrict.get(d.id) ?? []) {
        const sub = subs.get(personId);
        if (!sub || told.has(personId)) continue;
        told.add(personId);
        out.push({
          sub,
          page: `pages/work/update/list/index?unitId=${d.id}`,
          data: { thing1: { value: '本周工作动态尚未完成' }, time2: { value: due }, thing3: { value: d.name.slice(0, 20) }, thing4: { value: `本周已发${d.count}条，应发${d.quota}条`.slice(0, 20) } },
        });
      }
    }
    if (out.length) {
      const r = await sendBatch('workUpdateDue', out).catch((err: unknown) => {
        log.warn('work update reminders failed', { error: String(err) });
        return { sent: 0, failed: out.length };
      });
      sent += r.sent;
    }
    await db.collection(REMINDERS).where({ _id: _.in(claimed.map((d) => reminderId(week, d.id))) }).update({ data: { status: 'sent' } });
    // Out of time: the next tick goes on (what is claimed is done).
    if (opts.deadline && Date.now() > opts.deadline && i + BATCH < todo.length) return { week, due: true, reminded, sent, incomplete: true };
  }
  return { week, due: true, short: short.length, reminded, sent };
}

/** A district's reminder of a week, if one was sent (for tests and the figure page). */
export async function reminderOf(week: string, districtId: string): Promise<ReminderDoc | null> {
  const { data } = await db.collection(REMINDERS).doc(reminderId(week, districtId)).get<ReminderDoc>();
  return data && data.kind === 'reminder' ? data : null;
}
