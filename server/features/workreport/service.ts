/**
 * Semi-annual written reports. A first secretary drafts, submits, and — when the county sends it
 * back (退回修改) — edits and submits again; county staff read and accept. Who owes a report of a
 * half-year: every first secretary stationed before it ended and stationed now (their running
 * assignment began on or before its last day). The timer reminds those who have not submitted,
 * once per person and half-year, in the days before their county's deadline; staff see who is
 * overdue.
 *
 * Costs: a first secretary's page reads their assignment and their two reports (2 reads besides
 * the caller); a save is one transaction on the report. A staff list reads the cadres stationed
 * under the unit, their assignments and the half-year's reports, one read per 1,000 each, and the
 * counties' settings in one read.
 */
import { db, _, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, beijing, shortBeijing } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { audit } from '../audit/service';
import { checkPhotosIn } from '../checkin/photos';
import { getUnitCached, getUnits, setUnitSetting, unitsWithSetting } from '../org/service';
import { within } from '../org/rules';
import type { OrgUnit } from '../org/schema';
import { activeAssignment, activeAssignmentsOf, cadrePage, cadresStationedUnder, callerPerson } from '../people/service';
import type { PersonDoc, StoredGrant } from '../people/schema';
import { holdersAmong, sendBatch, type Outgoing } from '../notify/service';
import { deadlineDay, deadlineEnd, isOverdue, openPeriods, owesReport, periodLabel, remindOpen, SEND_HOURS, settingsOf, wasSubmitted } from './rules';
import { STATUS_NAMES, type ReminderDoc, type RowStatus, type SaveInput, type SubmitInput, type WorkReportDoc, type WorkReportSettings } from './schema';

export const REPORTS = 'workReports';
export const REMINDERS = 'workReportReminders';
export const SETTINGS_KEY = 'workReport';

/** Where a first secretary's attachments are uploaded (the page uploads there; the server checks). */
export const attachmentFolder = (personId: string) => `workreports/${personId}/`;
export const reportId = (personId: string, period: string) => `${personId}.${period}`;
const reminderId = (period: string, countyId: string) => `${period}.${countyId}`;

const NOT_FIRST_SECRETARY = '半年工作报告由第一书记提交，您不是第一书记，无需提交';

/** The caller's first-secretary grant, or the refusal. */
export function firstSecretaryGrant(person: PersonDoc): StoredGrant {
  const g = person.grants.find((x) => x.role === 'cadre');
  if (!g || g.kind !== 'firstSecretary') throw new AppError('not_first_secretary', NOT_FIRST_SECRETARY);
  return g;
}

/** Where the caller is stationed and their county's deadlines (from the copy on their person: no read, unless it is missing). */
async function stationOfCaller(person: PersonDoc, grant: StoredGrant): Promise<{ villageId: string; villageName: string; path: string[]; settings: WorkReportSettings }> {
  const s = person.station;
  if (s && s.villageId === grant.orgUnitId) return { villageId: s.villageId, villageName: s.villageName, path: s.path, settings: settingsOf(s.countySettings) };
  const village = await getUnitCached(grant.orgUnitId);
  const county = grant.path[1] ? await getUnitCached(grant.path[1]) : null;
  return { villageId: grant.orgUnitId, villageName: village?.name ?? '', path: grant.path, settings: settingsOf(county?.settings) };
}

export async function getReport(id: string): Promise<WorkReportDoc | null> {
  return (await db.collection(REPORTS).doc(id).get<WorkReportDoc>()).data ?? null;
}

// ---- the first secretary's side -------------------------------------------------------------------

export interface MyPeriod {
  period: string;
  label: string;
  deadlineDay: string;
  /** Past the deadline now. */
  pastDeadline: boolean;
  /** Stationed before the half-year ended: a report is owed. */
  owes: boolean;
  report: WorkReportDoc | null;
}

/** The caller's two open half-years, with their reports (one read for both) and deadlines. */
export async function mine(caller: Caller, now: Date): Promise<{ villageName: string; dispatchingUnit: string; settings: WorkReportSettings; periods: MyPeriod[] }> {
  const person = callerPerson(caller);
  const grant = firstSecretaryGrant(person);
  const today = dateKey(now);
  const periods = openPeriods(today);
  const [station, assignment, { data: reports }] = await Promise.all([
    stationOfCaller(person, grant),
    activeAssignment(person._id),
    db.collection(REPORTS).where({ _id: _.in(periods.map((p) => reportId(person._id, p))) }).limit(2).get<WorkReportDoc>(),
  ]);
  const start = assignment?.start ?? dateKey(grant.since);
  const byPeriod = new Map(reports.map((r) => [r.period, r]));
  return {
    villageName: station.villageName,
    dispatchingUnit: assignment?.dispatchingUnit ?? '',
    settings: station.settings,
    periods: periods.map((period) => ({
      period,
      label: periodLabel(period),
      deadlineDay: deadlineDay(period, station.settings),
      pastDeadline: now >= deadlineEnd(period, station.settings),
      owes: owesReport(period, start),
      report: byPeriod.get(period) ?? null,
    })),
  };
}

const sameContent = (r: WorkReportDoc, input: { title: string; body: string; attachments: { fileId: string; name: string }[] }) =>
  r.title === input.title && r.body === input.body && JSON.stringify(r.attachments) === JSON.stringify(input.attachments);

/**
 * Save a draft (`submit` false) or submit (true) the caller's report of a half-year. Allowed
 * while it is a draft or sent back; a submitted or accepted report is the county's until it is
 * sent back. A retried submit of the same text is the same submission.
 */
export async function save(caller: Caller, now: Date, input: SaveInput | SubmitInput, submit: boolean): Promise<WorkReportDoc> {
  const person = callerPerson(caller);
  const grant = firstSecretaryGrant(person);
  const today = dateKey(now);
  if (!openPeriods(today).includes(input.period)) throw new AppError('invalid_input', '只能填写本半年或上一个半年的工作报告');
  const [station, assignment] = await Promise.all([stationOfCaller(person, grant), activeAssignment(person._id)]);
  if (!assignment) throw new AppError('not_stationed', '您目前没有驻村任务，无需提交半年工作报告');
  if (!owesReport(input.period, assignment.start)) throw new AppError('invalid_input', `您在${periodLabel(input.period)}结束后才开始驻村，无需提交该半年的报告`);
  await checkPhotosIn(attachmentFolder(person._id), input.attachments.map((a) => a.fileId), '附件未上传成功，请重新选择');
  const id = reportId(person._id, input.period);
  const end = deadlineEnd(input.period, station.settings);
  const place = { personName: person.name, villageId: station.villageId, villageName: station.villageName, villagePath: station.path, countyId: station.path[1] ?? '', dispatchingUnit: assignment.dispatchingUnit, deadlineDay: deadlineDay(input.period, station.settings) };
  const content = { title: input.title, body: input.body, attachments: input.attachments };
  return transaction(async (tx) => {
    const { data: have } = await tx.collection(REPORTS).doc(id).get<WorkReportDoc>();
    if (have && (have.status === 'submitted' || have.status === 'accepted')) {
      if (submit && have.status === 'submitted' && sameContent(have, content)) return have; // a retried submit
      throw new AppError('conflict', have.status === 'accepted' ? '报告已审核通过，不能再修改' : '报告已提交，县委组织部退回修改后才能再改');
    }
    if (have && !submit && sameContent(have, content)) return have; // nothing new to keep
    const submission = submit ? { status: 'submitted' as const, submittedAt: now, firstSubmittedAt: have?.firstSubmittedAt ?? now, late: have?.firstSubmittedAt ? have.late : now >= end, submissions: (have?.submissions ?? 0) + 1, read: null } : {};
    if (have) {
      const set = { ...place, villagePath: _.set(place.villagePath), ...content, attachments: _.set(content.attachments), ...submission, updatedAt: now };
      await tx.collection(REPORTS).doc(id).update({ data: set });
      if (submit) await audit(tx, caller, now, { action: 'workReport.submit', target: { collection: REPORTS, id }, unitPath: station.path, before: { status: have.status }, after: { status: 'submitted', submissions: submission.submissions } });
      return { ...have, ...place, ...content, ...submission, updatedAt: now };
    }
    const doc: WorkReportDoc = {
      _id: id,
      personId: person._id,
      ...place,
      period: input.period,
      ...content,
      status: 'draft',
      firstSubmittedAt: null,
      submittedAt: null,
      late: false,
      submissions: 0,
      read: null,
      accepted: null,
      returns: [],
      createdAt: now,
      updatedAt: now,
      ...submission,
    };
    const { _id, ...data } = doc;
    await tx.collection(REPORTS).doc(_id).set({ data });
    if (submit) await audit(tx, caller, now, { action: 'workReport.submit', target: { collection: REPORTS, id }, unitPath: station.path, before: null, after: { status: 'submitted', submissions: 1 } });
    return doc;
  });
}

/** Temporary links to a report's attachments (ten minutes). */
export async function attachmentUrls(r: WorkReportDoc): Promise<{ fileId: string; name: string; url: string }[]> {
  if (!r.attachments.length) return [];
  const urls = await storage.tempUrls(r.attachments.map((a) => a.fileId), 600);
  return r.attachments.map((a) => ({ ...a, url: urls.get(a.fileId) ?? '' }));
}

// ---- the county's side ----------------------------------------------------------------------------

/** May this caller review (read, accept, send back) a report of `path`? County or city staff over it. */
export function reviewingGrant(caller: Caller, path: readonly string[]) {
  return caller.person?.grants.find((g) => g.role === 'staff' && g.path.length <= 2 && within(path, g.orgUnitId));
}

type Review = { kind: 'read' } | { kind: 'accept'; comment: string } | { kind: 'sendBack'; reason: string };

/** Mark read, accept, or send back (退回修改, with a reason) a submitted report. Repeating one is harmless. */
export async function review(caller: Caller, now: Date, id: string, r: Review): Promise<WorkReportDoc> {
  const me = caller.person!;
  const by = { byId: me._id, byName: me.name, at: now };
  return transaction(async (tx) => {
    const { data: rep } = await tx.collection(REPORTS).doc(id).get<WorkReportDoc>();
    if (!rep) throw new AppError('not_found', '报告不存在');
    if (r.kind === 'read') {
      if (rep.read || rep.status !== 'submitted') return rep;
      await tx.collection(REPORTS).doc(id).update({ data: { read: _.set(by), updatedAt: now } });
      return { ...rep, read: by, updatedAt: now };
    }
    if (r.kind === 'accept') {
      if (rep.status === 'accepted') return rep;
      if (rep.status !== 'submitted') throw new AppError('conflict', rep.status === 'returned' ? '报告已退回修改，等第一书记重新提交后再审核' : '报告还没有提交');
      const accepted = { ...by, comment: r.comment };
      const read = rep.read ?? by;
      await tx.collection(REPORTS).doc(id).update({ data: { status: 'accepted', accepted: _.set(accepted), read: _.set(read), updatedAt: now } });
      await audit(tx, caller, now, { action: 'workReport.accept', target: { collection: REPORTS, id }, unitPath: rep.villagePath, before: { status: rep.status }, after: { status: 'accepted', comment: r.comment } });
      return { ...rep, status: 'accepted', accepted, read, updatedAt: now };
    }
    const last = rep.returns[rep.returns.length - 1];
    if (rep.status === 'returned' && last?.reason === r.reason) return rep; // a retry
    if (rep.status !== 'submitted') throw new AppError('conflict', rep.status === 'accepted' ? '报告已审核通过，不能退回' : rep.status === 'returned' ? '报告已退回修改' : '报告还没有提交');
    const back = { ...by, reason: r.reason };
    await tx.collection(REPORTS).doc(id).update({ data: { status: 'returned', returns: _.push([back]), read: _.set(rep.read ?? by), updatedAt: now } });
    await audit(tx, caller, now, { action: 'workReport.sendBack', target: { collection: REPORTS, id }, unitPath: rep.villagePath, before: { status: rep.status }, after: { status: 'returned' }, reason: r.reason });
    return { ...rep, status: 'returned', returns: [...rep.returns, back], read: rep.read ?? by, updatedAt: now };
  });
}

/** One first secretary's line in the staff's list. */
export interface ReportRow {
  personId: string;
  personName: string;
  villageId: string;
  villageName: string;
  dispatchingUnit: string;
  deadlineDay: string;
  status: RowStatus;
  statusName: string;
  overdue: boolean;
  late: boolean;
  read: boolean;
  /** Has left the post since (a report of theirs is kept and shown). */
  left: boolean;
  reportId: string | null;
  title: string;
  submittedAt: Date | null;
}

export interface ReportCounts {
  due: number;
  submitted: number;
  accepted: number;
  returned: number;
  unread: number;
  missing: number;
  overdue: number;
  late: number;
}

/** Reports of a half-year under a unit (paged at 1,000), without their text. */
async function reportsUnder(unitId: string, period: string): Promise<WorkReportDoc[]> {
  const out: WorkReportDoc[] = [];
  for (;;) {
    const { data } = await db
      .collection(REPORTS)
      .where({ villagePath: unitId, period })
      .orderBy('_id', 'asc')
      .skip(out.length)
      .limit(1000)
      .field({ body: false, attachments: false, returns: false })
      .get<WorkReportDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

const ORDER: Record<string, number> = { overdue: 0, returned: 1, unread: 2, draft: 3, missing: 4, submitted: 5, accepted: 6 };
const rank = (r: ReportRow) => ORDER[r.overdue ? 'overdue' : r.status === 'submitted' && !r.read ? 'unread' : r.status] ?? 9;

/**
 * The first secretaries of a unit's subtree who owe the half-year's report, each with how their
 * report stands against their county's deadline (overdue first), and the counts; and the reports
 * of those who have left since.
 */
export async function listFor(unit: OrgUnit, period: string, now: Date): Promise<{ rows: ReportRow[]; counts: ReportCounts }> {
  const [cadres, reports] = await Promise.all([cadresStationedUnder(unit._id), reportsUnder(unit._id, period)]);
  const fs = cadres.filter((p) => p.grants.some((g) => g.role === 'cadre' && g.kind === 'firstSecretary'));
  const assignments = await activeAssignmentsOf(fs.map((p) => p._id));
  const byPerson = new Map(reports.map((r) => [r.personId, r]));
  const counties = await getUnits([...new Set([...fs.map((p) => p.grants.find((g) => g.role === 'cadre')!.path[1] ?? ''), ...reports.map((r) => r.countyId)].filter(Boolean))]);
  const settings = (countyId: string) => settingsOf(counties.get(countyId)?.settings);
  const rows: ReportRow[] = [];
  const seen = new Set<string>();
  const line = (p: { personId: string; personName: string; villageId: string; villageName: string; countyId: string; dispatchingUnit: string }, r: WorkReportDoc | undefined, left: boolean): ReportRow => {
    const s = settings(p.countyId);
    const status: RowStatus = r?.status ?? 'missing';
    return {
      ...p,
      deadlineDay: deadlineDay(period, s),
      status,
      statusName: STATUS_NAMES[status],
      overdue: isOverdue(r?.status, deadlineEnd(period, s), now),
      late: !!r?.late,
      read: !!r?.read,
      left,
      reportId: r?._id ?? null,
      title: r?.title ?? '',
      submittedAt: r?.submittedAt ?? null,
    };
  };
  for (const p of fs) {
    const g = p.grants.find((x) => x.role === 'cadre')!;
    const a = assignments.get(p._id);
    if (!owesReport(period, a?.start ?? dateKey(g.since))) continue;
    seen.add(p._id);
    const station = p.station?.villageId === g.orgUnitId ? p.station : null;
    rows.push(line({ personId: p._id, personName: p.name, villageId: g.orgUnitId, villageName: station?.villageName ?? byPerson.get(p._id)?.villageName ?? '', countyId: g.path[1] ?? '', dispatchingUnit: a?.dispatchingUnit ?? '' }, byPerson.get(p._id), false));
  }
  // Reports of people no longer owing here (left the post, or moved elsewhere): kept, and only when submitted or begun.
  for (const r of reports) if (!seen.has(r.personId)) rows.push(line({ personId: r.personId, personName: r.personName, villageId: r.villageId, villageName: r.villageName, countyId: r.countyId, dispatchingUnit: r.dispatchingUnit }, r, true));
  rows.sort((a, b) => rank(a) - rank(b) || a.villageName.localeCompare(b.villageName, 'zh-CN') || a.personId.localeCompare(b.personId));
  const owed = rows.filter((r) => !r.left);
  const counts: ReportCounts = {
    due: owed.length,
    submitted: owed.filter((r) => wasSubmitted(r.status === 'missing' ? null : r.status)).length,
    accepted: owed.filter((r) => r.status === 'accepted').length,
    returned: owed.filter((r) => r.status === 'returned').length,
    unread: owed.filter((r) => r.status === 'submitted' && !r.read).length,
    missing: owed.filter((r) => r.status === 'missing' || r.status === 'draft').length,
    overdue: owed.filter((r) => r.overdue).length,
    late: owed.filter((r) => r.late).length,
  };
  return { rows, counts };
}

// ---- settings -------------------------------------------------------------------------------------

export function settingsView(county: OrgUnit): { own: WorkReportSettings | null; settings: WorkReportSettings } {
  const own = county.settings?.[SETTINGS_KEY] ? settingsOf(county.settings) : null;
  return { own, settings: settingsOf(county.settings) };
}

/** Set (or, with null, clear) a county's deadlines. */
export async function setSettings(caller: Caller, now: Date, county: OrgUnit, value: WorkReportSettings | null) {
  if (county.level !== 'county') throw new AppError('invalid_input', '半年工作报告的截止日期按县（市、区）设置');
  return settingsView(await setUnitSetting(caller, now, county, SETTINGS_KEY, value, 'workReport.setSettings'));
}

// ---- the reminder ---------------------------------------------------------------------------------

/** People handled per claim and send. */
const BATCH = 500;

interface Due {
  personId: string;
  countyId: string;
  period: string;
}

/**
 * The deadline reminders: for each half-year whose reminder window is open in some county (from
 * `remindDaysBefore` days before its deadline, 09:00, until the deadline ends), every first
 * secretary of such a county who owes the report, has not submitted it and has banked a
 * `reportDue` grant gets one message. A person is written into the half-year's reminder record of
 * their county (one transaction per county and batch) before the message goes: a second run, an
 * overlapping one or a late one finds them there and sends nothing again. Outside the day's
 * sending hours nothing goes (the next morning's tick sends).
 */
export async function remindDue(now: Date, opts: { deadline?: number } = {}): Promise<Record<string, unknown> & { incomplete?: boolean }> {
  const hour = beijing(now).h;
  if (hour < SEND_HOURS.from || hour >= SEND_HOURS.to) return { due: false, quiet: true };
  const today = dateKey(now);
  const periods = openPeriods(today);
  const custom = new Map((await unitsWithSetting(SETTINGS_KEY)).map((u) => [u._id, settingsOf(u.settings)]));
  const anyOpen = (s: WorkReportSettings) => periods.some((p) => remindOpen(p, s, now));
  const defaultOpen = anyOpen(settingsOf(null));
  if (!defaultOpen && ![...custom.values()].some(anyOpen)) return { due: false };
  const settings = (countyId: string) => custom.get(countyId) ?? settingsOf(null);

  // Every first secretary in a county whose window is open (keyset paging over active cadres).
  const candidates: (Due & { start: string })[] = [];
  let after = '';
  for (;;) {
    const { cadres, lastId } = await cadrePage(after);
    for (const c of cadres) {
      if (c.kind !== 'firstSecretary') continue;
      const countyId = c.villagePath[1] ?? '';
      const s = settings(countyId);
      const period = periods.find((p) => remindOpen(p, s, now));
      if (period) candidates.push({ personId: c.personId, countyId, period, start: dateKey(c.since) });
    }
    if (!lastId) break;
    after = lastId;
  }
  if (!candidates.length) return { due: true, candidates: 0, sent: 0 };

  const ids = candidates.map((c) => c.personId);
  const [assignments, holders] = await Promise.all([activeAssignmentsOf(ids), holdersAmong('reportDue', ids)]);
  const subs = new Map(holders.map((h) => [h.personId, h]));
  // Only those who can be told (a banked grant), owe the report, and have not submitted it.
  const reachable = candidates.filter((c) => subs.has(c.personId) && owesReport(c.period, assignments.get(c.personId)?.start ?? c.start));
  const submitted = new Set<string>();
  for (let i = 0; i < reachable.length; i += 1000) {
    const { data } = await db
      .collection(REPORTS)
      .where({ _id: _.in(reachable.slice(i, i + 1000).map((c) => reportId(c.personId, c.period))) })
      .field({ _id: true, status: true })
      .limit(1000)
      .get<Pick<WorkReportDoc, '_id' | 'status'>>();
    for (const r of data) if (wasSubmitted(r.status)) submitted.add(r._id);
  }
  const todo = reachable.filter((c) => !submitted.has(reportId(c.personId, c.period)));

  let claimedCount = 0;
  let sent = 0;
  for (let i = 0; i < todo.length; i += BATCH) {
    const batch = todo.slice(i, i + BATCH);
    // Claim, per county and half-year: who in this batch is not on the record yet, added to it.
    const groups = new Map<string, Due[]>();
    for (const c of batch) {
      const key = reminderId(c.period, c.countyId);
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const claimed: Due[] = [];
    for (const [key, group] of groups) {
      const fresh = await transaction(async (tx) => {
        const { data: rec } = await tx.collection(REMINDERS).doc(key).get<ReminderDoc>();
        const done = new Set(rec?.personIds ?? []);
        const add = group.filter((c) => !done.has(c.personId));
        if (!add.length) return [];
        const personIds = [...(rec?.personIds ?? []), ...add.map((c) => c.personId)];
        await tx.collection(REMINDERS).doc(key).set({ data: { period: group[0]!.period, countyId: group[0]!.countyId, personIds, updatedAt: now } });
        return add;
      });
      claimed.push(...fresh);
    }
    claimedCount += claimed.length;
    const out: Outgoing[] = claimed.map((c) => {
      const sub = subs.get(c.personId)!;
      const s = settings(c.countyId);
      return {
        sub,
        page: `pages/report/mine/index?period=${c.period}`,
        data: {
          thing1: { value: `${periodLabel(c.period)}工作报告待提交`.slice(0, 20) },
          time2: { value: shortBeijing(deadlineEnd(c.period, s).getTime() - 60_000) },
          thing3: { value: (sub.villageName ?? '驻村工作').slice(0, 20) },
          thing4: { value: '请按时向县委组织部提交书面报告'.slice(0, 20) },
        },
      };
    });
    if (out.length) {
      const r = await sendBatch('reportDue', out).catch((err: unknown) => {
        log.warn('work report reminders failed', { error: String(err) });
        return { sent: 0, failed: out.length };
      });
      sent += r.sent;
    }
    if (opts.deadline && Date.now() > opts.deadline && i + BATCH < todo.length) return { due: true, candidates: candidates.length, reminded: claimedCount, sent, incomplete: true };
  }
  return { due: true, candidates: candidates.length, reminded: claimedCount, sent };
}

/** Whom a county's reminder of a half-year went to (for tests and staff). */
export async function remindedOf(period: string, countyId: string): Promise<string[]> {
  const { data } = await db.collection(REMINDERS).doc(reminderId(period, countyId)).get<ReminderDoc>();
  return data?.personIds ?? [];
}
