/**
 * Spot checks (约请): staff ask named cadres, or a random draw from a scope, to show where they
 * are now; the cadre answers with a fresh fix and a live photo; no answer by the deadline is a
 * miss, and misses climb the escalation ladder (inquiry → notice → talk → recall).
 *
 * Cost: an issue reads each cadre of the scope once (⌈N/1000⌉ pages) and writes in batches; the
 * timer's expiry sweep reads each expired request once; nothing loops a query per cadre.
 */
import { createHash, randomBytes } from 'node:crypto';
import { db, _, $, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { beijing, dateKey, shanghai, shortBeijing } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { audit, audited } from '../audit/service';
import { getUnitCached, getUnits, listSubtree, setUnitSetting } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { activeAssignmentsOf, getPeople, getPerson, stationedCadresPage, type StationedRef } from '../people/service';
import type { PersonDoc } from '../people/schema';
import { holdersAmong, sendBatch } from '../notify/service';
import { recordAccessOnce, submitCheckin } from '../checkin/service';
import { checkPhotosIn } from '../checkin/photos';
import { answerableUntil, CLOSE_GRACE_MS, deadlineOf, draw, DRAW_METHOD, drawSize, eligibleHash, ladderStep, outsideWorkHours, settingsFrom, staleAnswerFix } from './rules';
import {
  ESCALATION_NAMES,
  INQUIRY_RESULT_NAMES,
  SpotCheckSettings as SettingsSchema,
  type CallOutcome,
  type DrawChunkDoc,
  type DrawDoc,
  type EscalationDoc,
  type EscalationKind,
  type InquiryResult,
  type IssueInput,
  type SpotCheckDoc,
  type SpotCheckSettings,
} from './schema';
import type { CheckinInput } from '../checkin/schema';

export const SPOTCHECKS = 'spotChecks';
export const DRAWS = 'spotCheckDraws';
export const ESCALATIONS = 'escalations';

/** A county's spot-check rules live in its unit's settings under this key. */
export const SETTINGS_KEY = 'spotCheck';

/** Eligible ids per chunk document of a draw (about 200 KB, well under 512 KB), and chunks per write. */
const CHUNK_IDS = 10_000;
const CHUNKS_PER_ADD = 5;

// ---- the leave hook --------------------------------------------------------------------------

/**
 * The hook by which the leave feature keeps cadres on approved leave out of spot checks: of
 * `personIds`, those on leave at `at`. Called once per issue with every candidate.
 */
export type OnLeave = (personIds: string[], at: Date) => Promise<Set<string>>;
const leaveHooks: OnLeave[] = [];
export function registerOnLeave(fn: OnLeave): () => void {
  leaveHooks.push(fn);
  return () => {
    const i = leaveHooks.indexOf(fn);
    if (i >= 0) leaveHooks.splice(i, 1);
  };
}
async function onLeave(personIds: string[], at: Date): Promise<Set<string>> {
  const out = new Set<string>();
  for (const fn of leaveHooks) for (const id of await fn(personIds, at)) out.add(id);
  return out;
}

// ---- settings --------------------------------------------------------------------------------

export async function settingsFor(countyId: string): Promise<SpotCheckSettings> {
  return settingsFrom((await getUnitCached(countyId))?.settings);
}

export async function setSettings(caller: Caller, now: Date, county: OrgUnit, settings: SpotCheckSettings): Promise<SpotCheckSettings> {
  if (county.level !== 'county') throw new AppError('invalid_input', '约请规则按县（区）设置');
  await setUnitSetting(caller, now, county, SETTINGS_KEY, SettingsSchema.parse(settings), 'spotCheck.setSettings');
  return settings;
}

// ---- issuing ---------------------------------------------------------------------------------

/** A stationed cadre as an issue needs them. */
interface Candidate {
  personId: string;
  name: string;
  openid: string | null;
  villageId: string;
  villageName: string;
  villagePath: string[];
  settings: SpotCheckSettings;
}

function candidateOf(p: PersonDoc, unitId: string, settings: SpotCheckSettings): Candidate | null {
  const g = p.grants.find((x) => x.role === 'cadre' && x.path.includes(unitId));
  if (!g) return null;
  const s = p.station?.villageId === g.orgUnitId ? p.station : null;
  return { personId: p._id, name: p.name, openid: p.openid, villageId: g.orgUnitId, villageName: s?.villageName ?? '', villagePath: g.path, settings };
}

/** The cadre's county settings from their copied station (full person documents carry it). */
function ownSettings(p: PersonDoc): SpotCheckSettings {
  return settingsFrom(p.station?.countySettings);
}

/** Everyone spot-checked today under a unit (one read: an aggregation of distinct people). */
async function checkedToday(unitId: string, date: string): Promise<Set<string>> {
  const { list } = await db.collection(SPOTCHECKS).aggregate().match({ villagePath: unitId, date }).group({ _id: null, ids: $.addToSet('$personId') }).limit(1).end<{ ids: string[] }>();
  return new Set(list[0]?.ids ?? []);
}

const batchIdOf = (caller: Caller, requestId: string) => `b-${createHash('sha256').update(`${caller.person?._id ?? ''}:${requestId}`).digest('hex').slice(0, 20)}`;

/** Add documents with fixed ids, once: a rerun (a retry, a crash half-way) adds only the missing ones. */
async function addOnce(collection: string, docs: { _id: string }[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < docs.length; i += 1000) {
    const part = docs.slice(i, i + 1000);
    try {
      await db.collection(collection).add({ data: part });
      added += part.length;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const { data } = await db.collection(collection).where({ _id: _.in(part.map((d) => d._id)) }).field({ _id: true }).limit(1000).get<{ _id: string }>();
      const have = new Set(data.map((d) => d._id));
      const missing = part.filter((d) => !have.has(d._id));
      if (missing.length) await db.collection(collection).add({ data: missing });
      added += missing.length;
    }
  }
  return added;
}

export interface Skipped {
  personId: string;
  name: string;
  reason: string;
}

/**
 * Make (or, on a retry, find) the auditable draw of `batchId` from the cadres stationed under
 * `unit`, and the drawn cadres' documents. Reads: the record, ⌈N/1000⌉ pages of ids, the
 * counties' rules, who was spot-checked today, and the drawn people (one read per 1,000).
 */
async function makeDraw(caller: Caller, now: Date, unit: OrgUnit, batchId: string, ask: NonNullable<IssueInput['draw']>): Promise<{ draw: DrawDoc; picked: Candidate[]; outsideHours: string | null; available: number }> {
  const existing = (await db.collection(DRAWS).doc(batchId).get<DrawDoc>()).data;
  const cadres: StationedRef[] = [];
  let after = '';
  for (;;) {
    const page = await stationedCadresPage(unit._id, after);
    cadres.push(...page.cadres);
    if (!page.lastId) break;
    after = page.lastId;
  }
  // Each county's rules and working hours, once (the calendar and the clock are not free).
  const counties = await getUnits([...new Set(cadres.map((c) => c.villagePath[1] ?? ''))].filter(Boolean));
  const byCounty = new Map<string, { settings: SpotCheckSettings; why: string | null }>();
  const ofCounty = (id: string) => {
    let e = byCounty.get(id);
    if (!e) {
      const settings = settingsFrom(counties.get(id)?.settings);
      e = { settings, why: outsideWorkHours(now, settings) };
      byCounty.set(id, e);
    }
    return e;
  };
  let outsideHours: string | null = null;
  const available: string[] = [];
  for (const c of cadres) {
    const why = ofCounty(c.villagePath[1] ?? '').why;
    if (why) outsideHours = why;
    else available.push(c.personId);
  }

  let doc = existing;
  if (!doc) {
    const [leave, today] = await Promise.all([onLeave(available, now), ask.includeCheckedToday ? Promise.resolve(new Set<string>()) : checkedToday(unit._id, dateKey(now))]);
    const eligible = [...new Set(available)].filter((id) => !leave.has(id) && !today.has(id)).sort();
    const seed = randomBytes(16).toString('hex');
    const size = drawSize(eligible.length, ask);
    const made: DrawDoc = {
      _id: batchId,
      kind: 'draw',
      method: DRAW_METHOD,
      seed,
      unitId: unit._id,
      unitPath: unit.path,
      includeCheckedToday: ask.includeCheckedToday,
      eligibleCount: eligible.length,
      eligibleHash: eligibleHash(eligible),
      chunks: Math.ceil(eligible.length / CHUNK_IDS),
      size,
      picked: draw(seed, eligible, size),
      byId: caller.person?._id ?? '',
      byName: caller.person?.name ?? '',
      at: now,
    };
    const chunks: DrawChunkDoc[] = [];
    // Chunk ids carry the seed: an attempt that crashed before its record leaves only orphans.
    for (let k = 0; k * CHUNK_IDS < eligible.length; k++) chunks.push({ _id: `${batchId}.${seed.slice(0, 12)}.e${k}`, kind: 'eligible', drawId: batchId, seed, k, ids: eligible.slice(k * CHUNK_IDS, (k + 1) * CHUNK_IDS) });
    // The eligible list first, the record last: a record exists only with its whole list.
    for (let i = 0; i < chunks.length; i += CHUNKS_PER_ADD) await addOnce(DRAWS, chunks.slice(i, i + CHUNKS_PER_ADD));
    doc = made;
    try {
      await db.collection(DRAWS).add({ data: made });
    } catch (err) {
      // Two tries of one issue raced: the first draw stands.
      if (!isDuplicateKey(err)) throw err;
      doc = (await db.collection(DRAWS).doc(batchId).get<DrawDoc>()).data;
      if (!doc) throw err;
    }
  }
  const people = await getPeople(doc.picked);
  const picked = doc.picked
    .map((id) => people.get(id))
    .map((p) => (p ? candidateOf(p, unit._id, ofCounty(p.grants.find((g) => g.role === 'cadre')?.path[1] ?? '').settings) : null))
    .filter((c): c is Candidate => !!c);
  return { draw: doc, picked, outsideHours, available: available.length };
}

export async function issue(caller: Caller, now: Date, unit: OrgUnit, input: IssueInput) {
  const batchId = batchIdOf(caller, input.requestId);
  const skipped: Skipped[] = [];
  let targets: Candidate[];
  let drawDoc: DrawDoc | null = null;
  if (input.draw) {
    const made = await makeDraw(caller, now, unit, batchId, input.draw);
    drawDoc = made.draw;
    if (drawDoc.size === 0) throw new AppError('invalid_input', made.outsideHours && made.available === 0 ? made.outsideHours : '该范围内没有可抽查的驻村干部（已请假或今天已被约请的不参与抽取）');
    targets = made.picked;
  } else {
    const ids = [...new Set(input.personIds!)];
    const people = await getPeople(ids);
    const leave = await onLeave(ids, now);
    targets = [];
    for (const id of ids) {
      const p = people.get(id);
      const c = p?.active ? candidateOf(p, unit._id, ownSettings(p)) : null;
      if (!c) {
        skipped.push({ personId: id, name: p?.name ?? '', reason: '不是该范围内的驻村干部' });
        continue;
      }
      const why = outsideWorkHours(now, c.settings);
      if (why) skipped.push({ personId: id, name: c.name, reason: why });
      else if (leave.has(id)) skipped.push({ personId: id, name: c.name, reason: '正在请假' });
      else targets.push(c);
    }
    if (targets.length === 0) throw new AppError('invalid_input', skipped[0]?.reason ?? '没有可约请的人员');
  }

  const by = { id: caller.person?._id ?? '', name: caller.person?.name ?? '' };
  const docs: SpotCheckDoc[] = targets.map((c) => ({
    _id: `${batchId}.${c.personId}`,
    batchId,
    drawId: drawDoc?._id ?? null,
    personId: c.personId,
    personName: c.name,
    openid: c.openid,
    villageId: c.villageId,
    villageName: c.villageName,
    villagePath: c.villagePath,
    issuedById: by.id,
    issuedByName: by.name,
    issuedAt: now,
    deadline: deadlineOf(now, c.settings),
    date: dateKey(now),
    month: beijing(now).iso.slice(0, 7),
    note: input.note ?? '',
    status: 'open',
    answer: null,
    closedAt: null,
    call: null,
  }));
  const added = await addOnce(SPOTCHECKS, docs);
  // The batch's audit entry has a fixed id: a retry of a call that died after adding the spot
  // checks (nothing new to add) finds it missing, and records it and notifies then.
  const auditId = `spotCheck.issue.${batchId}`;
  if (added > 0 || !(await audited(auditId))) {
    await transaction(async (tx) => {
      await audit(tx, caller, now, { action: 'spotCheck.issue', target: { collection: SPOTCHECKS, id: batchId }, unitPath: unit.path, before: null, after: { count: docs.length, drawId: drawDoc?._id ?? null, personIds: docs.map((d) => d.personId).slice(0, 200), note: input.note ?? '' } }, auditId);
    });
    await notify(docs.filter((d) => d.openid), by.name);
  }
  return { batchId, drawId: drawDoc?._id ?? null, repeated: added === 0, issued: docs, skipped };
}

/** A subscription message to each cadre with a banked grant; the app shows the request regardless. */
async function notify(docs: SpotCheckDoc[], byName: string): Promise<void> {
  if (!docs.length) return;
  try {
    const subs = new Map((await holdersAmong('spotCheckRequest', docs.map((d) => d.personId))).map((s) => [s.personId, s]));
    const batch = docs
      .filter((d) => subs.has(d.personId))
      .map((d) => ({
        sub: subs.get(d.personId)!,
        page: `pages/spotcheck/answer/index?id=${d._id}`,
        data: {
          thing1: { value: '请上传当前位置和现场照片' },
          time2: { value: shanghai(d.deadline).format('YYYY年M月D日 HH:mm') },
          thing3: { value: (byName || '组织部门').slice(0, 20) },
          thing4: { value: '请在截止时间前打开小程序响应' },
        },
      }));
    if (batch.length) await sendBatch('spotCheckRequest', batch);
  } catch (err) {
    // A message is a courtesy: the request stands, and the cadre sees it on opening the app.
    log.warn('spot-check messages not sent', { error: String((err as Error)?.message ?? err) });
  }
}

// ---- reading a draw back ---------------------------------------------------------------------

export async function getDraw(id: string): Promise<DrawDoc | null> {
  const d = (await db.collection(DRAWS).doc(id).get<DrawDoc>()).data;
  return d?.kind === 'draw' ? d : null;
}

/** Recompute a draw from its stored seed and eligible list: the same people, or the record was changed. */
export async function verifyDraw(d: DrawDoc) {
  const { data: chunks } = await db.collection(DRAWS).where({ drawId: d._id, kind: 'eligible', seed: d.seed }).orderBy('k', 'asc').limit(1000).get<DrawChunkDoc>();
  const eligible = chunks.flatMap((c) => c.ids);
  const recomputed = draw(d.seed, eligible, d.size);
  const names = await getPeople(d.picked);
  return {
    id: d._id,
    method: d.method,
    seed: d.seed,
    at: d.at,
    byName: d.byName,
    unitId: d.unitId,
    includeCheckedToday: d.includeCheckedToday,
    eligibleCount: d.eligibleCount,
    eligibleHashMatches: eligible.length === d.eligibleCount && eligibleHash(eligible) === d.eligibleHash,
    size: d.size,
    picked: d.picked.map((id) => ({ personId: id, name: names.get(id)?.name ?? '' })),
    recomputed,
    matches: recomputed.length === d.picked.length && recomputed.every((id, i) => id === d.picked[i]),
  };
}

// ---- answering -------------------------------------------------------------------------------

export async function getSpotCheck(id: string): Promise<SpotCheckDoc | null> {
  return (await db.collection(SPOTCHECKS).doc(id).get<SpotCheckDoc>()).data;
}

/** Where the cadre uploads the live photo of an answer. */
export const photoFolder = (personId: string) => `spotchecks/${personId}/`;

export async function answer(caller: Caller, now: Date, input: { id: string; fix: CheckinInput; photoFileId: string }): Promise<SpotCheckDoc> {
  const person = caller.person!;
  const sc = await getSpotCheck(input.id);
  // Someone else's request is as unknown as one that does not exist.
  if (!sc || sc.personId !== person._id) throw new AppError('forbidden', '找不到发给您的这条约请');
  const checkinId = `${person._id}.${input.fix.clientId}`;
  if (sc.answer) {
    if (sc.answer.checkinId === checkinId) return sc; // a retry of the answer that counted
    throw new AppError('conflict', '这条约请已经响应过了');
  }
  if (now.getTime() > answerableUntil(new Date(sc.issuedAt)).getTime()) throw new AppError('expired', '这条约请已结束，不能再响应');
  const stale = staleAnswerFix(new Date(input.fix.capturedAt), new Date(sc.issuedAt), now);
  if (stale) throw new AppError('invalid_input', stale);
  await checkPhotosIn(photoFolder(person._id), [input.photoFileId], '现场照片未上传成功，请重新拍照');

  // The fix is judged and kept exactly as a check-in (fence, flags, retries once).
  const fix = await submitCheckin(caller, now, input.fix);
  return transaction(async (tx) => {
    const { data: current } = await tx.collection(SPOTCHECKS).doc(sc._id).get<SpotCheckDoc>();
    if (!current) throw new AppError('forbidden');
    if (current.answer) {
      if (current.answer.checkinId === checkinId) return current;
      throw new AppError('conflict', '这条约请已经响应过了');
    }
    // The server's time at the call decides: before the deadline is on time, whatever the timer did since.
    const late = now.getTime() >= new Date(current.deadline).getTime();
    const ans = { at: now, checkinId: fix.id, lat: input.fix.lat, lng: input.fix.lng, accuracy: input.fix.accuracy, inside: fix.inside, distanceM: fix.distanceM, flags: fix.flags, photoFileId: input.photoFileId, late };
    const status = late ? 'late' : 'answered';
    await tx.collection(SPOTCHECKS).doc(sc._id).update({ data: { status, answer: _.set(ans), closedAt: current.closedAt ?? now } });
    // An answer that reached the server in time but was written after the timer closed the
    // request (possible only past the close grace): the miss was not one, and its inquiry is void.
    if (current.status === 'missed' && !late) {
      const inquiryId = `inquiry.${sc._id}`;
      const { data: inq } = await tx.collection(ESCALATIONS).doc(inquiryId).get<EscalationDoc>();
      if (inq?.status === 'open') {
        const note = '约请已按时响应（响应与超时结算同时发生），无需询问';
        await tx.collection(ESCALATIONS).doc(inquiryId).update({ data: { status: 'dismissed', outcome: _.set({ reason: note }), decidedAt: now, decidedByName: '系统', trail: _.push({ at: now, byName: '系统', action: 'dismissed', note }) } });
      }
    }
    return { ...current, status, answer: ans, closedAt: current.closedAt ?? now };
  });
}

/** A cadre's spot checks of the last week, newest first. */
export async function mine(personId: string, now: Date): Promise<SpotCheckDoc[]> {
  const { data } = await db.collection(SPOTCHECKS).where({ personId, issuedAt: _.gte(new Date(now.getTime() - 7 * 86_400_000)) }).orderBy('issuedAt', 'desc').limit(50).get<SpotCheckDoc>();
  return data;
}

// ---- staff: the board, calls ------------------------------------------------------------------

/** The spot checks under a unit on a day, newest first (paged at the 1,000-document limit). */
export async function board(unitId: string, date: string): Promise<SpotCheckDoc[]> {
  const out: SpotCheckDoc[] = [];
  for (;;) {
    const { data } = await db.collection(SPOTCHECKS).where({ villagePath: unitId, date }).orderBy('issuedAt', 'desc').orderBy('_id', 'asc').skip(out.length).limit(1000).get<SpotCheckDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/** Temporary links to the live photos (one storage call per 50); none when storage fails. */
export async function photoUrls(docs: SpotCheckDoc[]): Promise<Map<string, string>> {
  const ids = docs.map((d) => d.answer?.photoFileId).filter((x): x is string => !!x);
  if (!ids.length) return new Map();
  try {
    return await storage.tempUrls(ids, 600);
  } catch (err) {
    log.warn('spot-check photos: no temporary URLs', { error: String((err as Error)?.message ?? err) });
    return new Map();
  }
}

/** The board shows where cadres answered from: a look at their location, recorded once per viewer and day. */
export async function recordViewed(caller: Caller, now: Date, docs: SpotCheckDoc[], detail: string): Promise<void> {
  await recordAccessOnce(caller, now, docs.filter((d) => d.answer).map((d) => d.personId), 'spotCheck', detail);
}

/** What a staff member's phone needs to call the cadre (1-to-1 video needs both openids). */
export async function callInfo(caller: Caller, sc: SpotCheckDoc) {
  const p = await getPerson(sc.personId);
  return { spotCheckId: sc._id, cadreName: sc.personName, cadreOpenid: p?.openid ?? null, phone: p?.phone ?? null, myName: caller.person?.name ?? '', myOpenid: caller.openid ?? null };
}

function inquiryOf(sc: SpotCheckDoc, now: Date, why: string): EscalationDoc {
  return escalation('inquiry', sc, now, { spotCheckIds: [sc._id], missCount: 0, periodDays: 0, why, dispatchingUnit: null });
}

function escalation(kind: EscalationKind, sc: Pick<SpotCheckDoc, '_id' | 'personId' | 'personName' | 'villageId' | 'villageName' | 'villagePath'>, now: Date, more: Pick<EscalationDoc, 'spotCheckIds' | 'missCount' | 'periodDays' | 'why' | 'dispatchingUnit'>): EscalationDoc {
  return {
    _id: `${kind}.${sc._id}`,
    kind,
    personId: sc.personId,
    personName: sc.personName,
    villageId: sc.villageId,
    villageName: sc.villageName,
    villagePath: sc.villagePath,
    ...more,
    level: kind === 'notice' || kind === 'recall' ? 'county' : 'township',
    createdAt: now,
    date: dateKey(now),
    month: beijing(now).iso.slice(0, 7),
    status: 'open',
    outcome: null,
    decidedById: null,
    decidedByName: null,
    decidedAt: null,
    trail: [{ at: now, byName: '系统', action: 'created', note: more.why }],
  };
}

/** Staff record how a call went; "not at post" raises the same-day inquiry a miss would. */
export async function recordCall(caller: Caller, now: Date, id: string, input: { channel: 'video' | 'phone'; outcome: CallOutcome; note?: string }): Promise<SpotCheckDoc> {
  const call = { ...input, note: input.note ?? '', byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', at: now };
  return transaction(async (tx) => {
    const { data: sc } = await tx.collection(SPOTCHECKS).doc(id).get<SpotCheckDoc>();
    if (!sc) throw new AppError('forbidden');
    await tx.collection(SPOTCHECKS).doc(id).update({ data: { call: _.set(call) } });
    if (input.outcome === 'notAtPost') {
      const inq = inquiryOf(sc, now, `${shanghai(now).format('M月D日 HH:mm')} ${call.byName}${input.channel === 'video' ? '视频' : '电话'}核查：不在岗`);
      const { data: existing } = await tx.collection(ESCALATIONS).doc(inq._id).get<EscalationDoc>();
      if (!existing) {
        const { _id, ...data } = inq;
        await tx.collection(ESCALATIONS).doc(_id).set({ data });
      }
    }
    await audit(tx, caller, now, { action: 'spotCheck.recordCall', target: { collection: SPOTCHECKS, id }, unitPath: sc.villagePath, before: { call: sc.call ? { outcome: sc.call.outcome } : null }, after: { channel: input.channel, outcome: input.outcome, note: call.note } });
    return { ...sc, call };
  });
}

// ---- the timer: expiry and the ladder -----------------------------------------------------------

export interface SweepOptions {
  deadline?: number;
  pageSize?: number;
}

/**
 * Close every open request whose deadline (and grace) has passed as `missed`, each with its
 * same-day inquiry for the township. One read per 1,000 requests; inquiries first, statuses
 * second, so a crash between leaves the requests open for the next tick, whose inquiries are
 * already there (fixed ids). A request answered meanwhile keeps its answer (the update names
 * only open ones).
 */
export async function closeExpired(now: Date, opts: SweepOptions = {}) {
  const limit = opts.pageSize ?? 1000;
  const cutoff = new Date(now.getTime() - CLOSE_GRACE_MS);
  let closed = 0;
  let reads = 0;
  let after = '';
  for (;;) {
    const { data } = await db.collection(SPOTCHECKS).where({ status: 'open', deadline: _.lt(cutoff), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get<SpotCheckDoc>();
    reads += 1;
    if (data.length === 0) return { closed, reads };
    await addOnce(ESCALATIONS, data.map((sc) => inquiryOf(sc, now, `${shortBeijing(sc.issuedAt)} 发出的约请，截止 ${shortBeijing(sc.deadline).slice(-5)} 未响应`)));
    const r = await db.collection(SPOTCHECKS).where({ _id: _.in(data.map((d) => d._id)), status: 'open' }).update({ data: { status: 'missed', closedAt: now } });
    closed += r.stats.updated ?? 0;
    if (data.length < limit) return { closed, reads };
    after = data[data.length - 1]!._id;
    if (opts.deadline && Date.now() > opts.deadline) return { closed, reads, incomplete: true, checkpoint: {} };
  }
}

/** How far back each ladder run looks before its `since`: longer than one tick can run (60 s). */
const LADDER_OVERLAP_MS = 2 * 60_000;

/**
 * The ladder over the misses closed in (since, now]: each miss counted with the cadre's misses
 * in the county's period ending at it; at the thresholds, a notice draft, a talk task, a recall
 * suggestion (ids fixed by the miss that reached them: a rerun adds nothing).
 */
export async function climbLadder(since: Date | undefined, now: Date, opts: SweepOptions = {}) {
  const limit = opts.pageSize ?? 1000;
  // A miss is closed at its tick's start but written up to a minute later: an overlapping tick's
  // ladder may have run past it first. Each run looks back that far again (ids fixed by the miss
  // make the repeat add nothing).
  const from = since ? new Date(since.getTime() - LADDER_OVERLAP_MS) : new Date(now.getTime() - 86_400_000);
  let after = '';
  let raised = 0;
  let reads = 0;
  for (;;) {
    const { data: misses } = await db.collection(SPOTCHECKS).where({ status: 'missed', closedAt: _.gt(from).and(_.lte(now)), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get<SpotCheckDoc>();
    reads += 1;
    if (misses.length === 0) break;
    const settings = new Map<string, SpotCheckSettings>();
    for (const county of new Set(misses.map((m) => m.villagePath[1] ?? ''))) settings.set(county, await settingsFor(county));
    const longest = Math.max(...[...settings.values()].map((s) => s.periodDays));
    const persons = [...new Set(misses.map((m) => m.personId))];
    const { list } = await db
      .collection(SPOTCHECKS)
      .aggregate()
      .match({ personId: _.in(persons), status: 'missed', closedAt: _.gt(new Date(now.getTime() - (longest + 1) * 86_400_000)) })
      .group({ _id: '$personId', misses: $.push({ id: '$_id', at: '$closedAt' }) })
      .limit(1000)
      .end<{ _id: string; misses: { id: string; at: Date }[] }>();
    reads += 1;
    const history = new Map(list.map((g) => [g._id, g.misses.map((m) => ({ id: m.id, at: new Date(m.at).getTime() })).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))]));
    const steps: EscalationDoc[] = [];
    for (const m of misses) {
      const s = settings.get(m.villagePath[1] ?? '')!;
      const at = new Date(m.closedAt!).getTime();
      const mine = (history.get(m.personId) ?? []).filter((x) => x.at > at - s.periodDays * 86_400_000 && (x.at < at || (x.at === at && x.id <= m._id)));
      const kind = ladderStep(mine.length, s);
      if (!kind) continue;
      steps.push(escalation(kind, m, now, { spotCheckIds: mine.map((x) => x.id).reverse(), missCount: mine.length, periodDays: s.periodDays, why: `${s.periodDays} 天内第 ${mine.length} 次未响应约请，按规定进入“${ESCALATION_NAMES[kind]}”`, dispatchingUnit: null }));
    }
    const talks = steps.filter((x) => x.kind === 'talk');
    if (talks.length) {
      const assignments = await activeAssignmentsOf(talks.map((x) => x.personId));
      reads += 1;
      for (const x of talks) x.dispatchingUnit = assignments.get(x.personId)?.dispatchingUnit ?? null;
    }
    raised += await addOnce(ESCALATIONS, steps);
    if (misses.length < limit) break;
    after = misses[misses.length - 1]!._id;
    if (opts.deadline && Date.now() > opts.deadline) return { raised, reads, incomplete: true, checkpoint: {} };
  }
  return { raised, reads };
}

// ---- escalation tasks -------------------------------------------------------------------------

export async function getEscalation(id: string): Promise<EscalationDoc | null> {
  return (await db.collection(ESCALATIONS).doc(id).get<EscalationDoc>()).data;
}

export async function listEscalations(unitId: string, opts: { status?: EscalationDoc['status']; kind?: EscalationKind; skip: number; limit: number }): Promise<EscalationDoc[]> {
  const q: Record<string, unknown> = { villagePath: unitId };
  if (opts.status) q.status = opts.status;
  if (opts.kind) q.kind = opts.kind;
  const { data } = await db.collection(ESCALATIONS).where(q).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(opts.skip).limit(opts.limit).get<EscalationDoc>();
  return data;
}

export type Resolution =
  | { kind: 'inquiry'; result: InquiryResult; reason: string }
  | { kind: 'notice'; publish: true; title: string; body: string }
  | { kind: 'notice'; publish: false; reason: string }
  | { kind: 'talk'; note: string }
  | { kind: 'recall'; decision: 'accepted' | 'declined'; reason: string };

/** Close a ladder step with who, when and why; exactly one of two staff acting at once counts. */
export async function resolveEscalation(caller: Caller, now: Date, id: string, r: Resolution): Promise<EscalationDoc> {
  const byName = caller.person?.name ?? '';
  return transaction(async (tx) => {
    const { data: e } = await tx.collection(ESCALATIONS).doc(id).get<EscalationDoc>();
    if (!e) throw new AppError('forbidden');
    if (e.kind !== r.kind) throw new AppError('invalid_input', `这是一条“${ESCALATION_NAMES[e.kind]}”任务`);
    if (e.status !== 'open') throw new AppError('conflict', '该任务已处理');
    if (caller.person?._id === e.personId) throw new AppError('forbidden', '不能处理关于自己的任务');
    let status: EscalationDoc['status'] = 'done';
    let outcome: NonNullable<EscalationDoc['outcome']>;
    let note: string;
    if (r.kind === 'inquiry') {
      outcome = { result: r.result, reason: r.reason };
      note = `${INQUIRY_RESULT_NAMES[r.result]}：${r.reason}`;
    } else if (r.kind === 'notice') {
      if (r.publish) {
        outcome = { title: r.title, body: r.body };
        note = `发布通报：${r.title}`;
      } else {
        status = 'dismissed';
        outcome = { reason: r.reason };
        note = `不予通报：${r.reason}`;
      }
    } else if (r.kind === 'talk') {
      outcome = { note: r.note };
      note = r.note;
    } else {
      outcome = { decision: r.decision, reason: r.reason };
      note = `${r.decision === 'accepted' ? '同意召回' : '暂不召回'}：${r.reason}`;
    }
    const step = { at: now, byName, action: r.kind === 'notice' && r.publish ? 'published' : status, note };
    await tx.collection(ESCALATIONS).doc(id).update({ data: { status, outcome: _.set(outcome), decidedById: caller.person?._id ?? null, decidedByName: byName, decidedAt: now, trail: _.push(step) } });
    await audit(tx, caller, now, { action: `spotCheck.resolve.${e.kind}`, target: { collection: ESCALATIONS, id }, unitPath: e.villagePath, before: { status: 'open' }, after: { status, ...outcome } });
    return { ...e, status, outcome, decidedById: caller.person?._id ?? null, decidedByName: byName, decidedAt: now, trail: [...e.trail, step] };
  });
}

// ---- figures ----------------------------------------------------------------------------------

export interface FigureRow {
  unitId: string;
  name: string;
  issued: number;
  onTime: number;
  late: number;
  missed: number;
  open: number;
  notAtPost: number;
  /** Inquiries raised (misses, and calls that found the cadre away). */
  problemsFound: number;
  /** Inquiries followed up. */
  problemsFixed: number;
  /** Inquiries ending in criticism, and notices published. */
  criticisms: number;
  talks: number;
  recalls: number;
}

const emptyRow = (unitId: string, name: string): FigureRow => ({ unitId, name, issued: 0, onTime: 0, late: 0, missed: 0, open: 0, notAtPost: 0, problemsFound: 0, problemsFixed: 0, criticisms: 0, talks: 0, recalls: 0 });

/** The month's figures under a unit, by its child units (a village: itself), and in total. Three reads. */
export async function figures(unit: OrgUnit, month: string): Promise<{ rows: FigureRow[]; total: FigureRow }> {
  const depth = unit.level === 'village' ? unit.path.length - 1 : unit.path.length;
  const child = $.arrayElemAt(['$villagePath', depth]);
  const [children, checks, steps] = await Promise.all([
    unit.level === 'village' ? Promise.resolve([unit]) : listSubtree(unit._id, { parentId: unit._id }),
    db.collection(SPOTCHECKS).aggregate().match({ villagePath: unit._id, month }).group({ _id: { u: child, s: '$status', c: '$call.outcome' }, n: $.sum(1) }).limit(10000).end<{ _id: { u: string; s: string; c?: string | null }; n: number }>(),
    db.collection(ESCALATIONS).aggregate().match({ villagePath: unit._id, month }).group({ _id: { u: child, k: '$kind', st: '$status', r: '$outcome.result', d: '$outcome.decision' }, n: $.sum(1) }).limit(10000).end<{ _id: { u: string; k: EscalationKind; st: string; r?: string; d?: string }; n: number }>(),
  ]);
  const rows = new Map(children.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((u) => [u._id, emptyRow(u._id, u.name)]));
  const total = emptyRow(unit._id, unit.name);
  for (const g of checks.list) {
    for (const row of [rows.get(g._id.u), total]) {
      if (!row) continue;
      row.issued += g.n;
      if (g._id.s === 'answered') row.onTime += g.n;
      else if (g._id.s === 'late') row.late += g.n;
      else if (g._id.s === 'missed') row.missed += g.n;
      else row.open += g.n;
      if (g._id.c === 'notAtPost') row.notAtPost += g.n;
    }
  }
  for (const g of steps.list) {
    for (const row of [rows.get(g._id.u), total]) {
      if (!row) continue;
      if (g._id.k === 'inquiry') {
        row.problemsFound += g.n;
        if (g._id.st === 'done') row.problemsFixed += g.n;
        if (g._id.r === 'criticised') row.criticisms += g.n;
      } else if (g._id.k === 'notice' && g._id.st === 'done') row.criticisms += g.n;
      else if (g._id.k === 'talk' && g._id.st === 'done') row.talks += g.n;
      else if (g._id.k === 'recall' && g._id.d === 'accepted') row.recalls += g.n;
    }
  }
  return { rows: [...rows.values()], total };
}

// ---- for scoring -----------------------------------------------------------------------------

/** These cadres' spot checks issued in a month, by person: one aggregation per 1,000 cadres. */
export async function monthFacts(personIds: string[], month: string): Promise<Map<string, { id: string; date: string; status: SpotCheckDoc['status']; notAtPost: boolean }[]>> {
  const out = new Map<string, { id: string; date: string; status: SpotCheckDoc['status']; notAtPost: boolean }[]>();
  for (let i = 0; i < personIds.length; i += 1000) {
    const { list } = await db.collection(SPOTCHECKS).aggregate()
      .match({ personId: _.in(personIds.slice(i, i + 1000)), month })
      .group({ _id: '$personId', c: $.push({ id: '$_id', d: '$date', s: '$status', o: '$call.outcome' }) })
      .limit(1000)
      .end<{ _id: string; c: { id: string; d: string; s: SpotCheckDoc['status']; o?: string | null }[] }>();
    for (const g of list) out.set(g._id, g.c.map((c) => ({ id: c.id, date: c.d, status: c.s, notAtPost: c.o === 'notAtPost' })));
  }
  return out;
}

// ---- for the ledgers ---------------------------------------------------------------------------

/** The spot checks under a unit issued in a month, oldest first (paged at the 1,000-document limit): the ledger. */
export async function monthUnder(unitId: string, month: string): Promise<SpotCheckDoc[]> {
  const out: SpotCheckDoc[] = [];
  for (;;) {
    const { data } = await db.collection(SPOTCHECKS).where({ villagePath: unitId, month }).orderBy('issuedAt', 'asc').orderBy('_id', 'asc').skip(out.length).limit(1000).get<SpotCheckDoc>();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}
