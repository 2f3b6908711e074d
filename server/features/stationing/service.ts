/**
 * Stationing contact (驻点联系): the township's weekly stationing day and the teams' check-ins
 * with photos on it; the rule of nights at the workplace (住夜); the figures by unit.
 *
 * Costs. A stationing check-in: the caller (1 read, by the router), the township (cached for a
 * minute), the record (1 read and 1 write in one single-document transaction); photos are checked
 * in storage (not billed). The teams figure: the townships (1 read per 1,000), the cadres stationed
 * under the unit (1 read per 1,000) and one aggregation of the week's records. The nights figure:
 * the cadres (1 read per 1,000), their counties (1 read), and per 1,000 cadres one aggregation of
 * night attendance (checkin's service) and one read of leave (leave's service).
 */
import { db, _, $, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey } from '../../kernel/clock';
import { coveringGrant, getUnitCached, getUnits, listSubtree, setUnitSetting } from '../org/service';
import type { Fence, OrgUnit } from '../org/schema';
import { cadresStationedUnder, callerPerson } from '../people/service';
import { CADRE_KIND_NAMES, type CadreKind, type PersonDoc, type StoredGrant } from '../people/schema';
import { checkPhotosIn } from '../checkin/photos';
import { fenceDecision } from '../checkin/geo';
import { noFenceFlag, riskFlags, sortFlags, type Fix } from '../checkin/flags';
import { nightsOnPost, scheduleFromSettings } from '../checkin/service';
import { daysOnLeaveAt, type LeaveOnDay } from '../leave/service';
import { dayLabel, isWeek, nightStatus, nightsFromSettings, nightsOwed, stationingDay, weekDays, weekLabel, weekOf, weekSpan, weekdayFromSettings, workingDays, type NightStatus, type StationingDay } from './rules';
import { SETTINGS_KEY, WEEKDAY_NAMES, type StationingDoc, type SubmitInput } from './schema';

export const STATIONING = 'stationingRecords';

/** Where a cadre's stationing photos go (the page uploads there; the server takes them only from there). */
export const photoFolder = (personId: string) => `stationing/${personId}/`;
const recordId = (personId: string, date: string) => `${personId}.${date}`;

/** A fix older than this (minutes, by the phone's capture time) is not fresh: locate again. */
export const FRESH_MIN = 10;
/** The instant of a day whose leave excuses that day's night (leave is by half-day: the afternoon half). */
const EVENING = ['20:00'];
/** A leave covering either half of the stationing day excuses a member that day. */
const WORKING_HOURS = ['10:00', '15:00'];
/** Rows a figure lists at most (teams, or cadres short of nights); the totals count all. */
export const LISTED_MAX = 500;

const kindName = (k: CadreKind | undefined) => CADRE_KIND_NAMES[k ?? 'teamMember'];
const KIND_ORDER: Record<CadreKind, number> = { firstSecretary: 0, stationedLeader: 1, teamMember: 2 };
/** A team in the order people name it: the first secretary, the stationed leader, then the members, by name. */
const teamOrder = (a: { name: string; kind?: CadreKind }, b: { name: string; kind?: CadreKind }) => KIND_ORDER[a.kind ?? 'teamMember'] - KIND_ORDER[b.kind ?? 'teamMember'] || a.name.localeCompare(b.name, 'zh-CN');

// ---- weeks and days ---------------------------------------------------------------------------------

/** The week asked for (checked to exist), or the week of `now`. */
export function weekOrNow(week: string | undefined, now: Date): string {
  if (week === undefined) return weekOf(dateKey(now));
  if (!isWeek(week)) throw new AppError('invalid_input', '没有这一周');
  return week;
}

/** A week as pages show it. */
export function weekView(week: string, now: Date) {
  const days = weekDays(week);
  const { start, end } = weekSpan(week);
  return { week, label: weekLabel(week), start: days[0]!, end: days[6]!, current: now >= start && now < end, past: now >= end, workdays: workingDays(week) };
}

function dayView(d: StationingDay | null) {
  return d ? { date: d.date, label: dayLabel(d.date), moved: d.moved, fixedDate: d.fixedDate, fixedLabel: dayLabel(d.fixedDate) } : null;
}

// ---- settings ---------------------------------------------------------------------------------------

/** Fix a township's weekday (null: none); the township as it now is. */
export async function setDay(caller: Caller, now: Date, township: OrgUnit, weekday: number | null): Promise<OrgUnit> {
  if (township.level !== 'township') throw new AppError('invalid_input', '驻点日按乡镇（街道）设定');
  return setUnitSetting(caller, now, township, SETTINGS_KEY, weekday === null ? null : { weekday }, 'stationing.setDay');
}

export async function setNights(caller: Caller, now: Date, county: OrgUnit, nightsPerWeek: number | null) {
  if (county.level !== 'county') throw new AppError('invalid_input', '每周住夜晚数按县（区）设定');
  const updated = await setUnitSetting(caller, now, county, SETTINGS_KEY, nightsPerWeek === null ? null : { nightsPerWeek }, 'stationing.setNights');
  return nightsFromSettings(updated.settings);
}

function townshipView(t: OrgUnit, week: string) {
  const weekday = weekdayFromSettings(t.settings);
  return { id: t._id, name: t.name, weekday, weekdayName: weekday ? WEEKDAY_NAMES[weekday]! : '', thisWeek: weekday ? dayView(stationingDay(week, weekday)) : null };
}

/**
 * The settings a township or county page shows: a township's day and its county's nights, or a
 * county's nights and each of its townships' days; and whether the caller may set the nights
 * (staff over the county).
 */
export async function settingsOf(caller: Caller, unit: OrgUnit, now: Date) {
  const week = weekOf(dateKey(now));
  if (unit.level === 'township') {
    const county = await getUnitCached(unit.path[1]!);
    if (!county) throw new AppError('not_found', '找不到所属县（区）');
    return { level: 'township' as const, week, township: townshipView(unit, week), townships: [townshipView(unit, week)], county: { id: county._id, name: county.name, ...nightsFromSettings(county.settings) }, canSetNights: !!coveringGrant(caller, ['staff'], county.path) };
  }
  if (unit.level === 'county') {
    const townships = (await listSubtree(unit._id, { level: 'township' })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return { level: 'county' as const, week, township: null, townships: townships.map((t) => townshipView(t, week)), county: { id: unit._id, name: unit.name, ...nightsFromSettings(unit.settings) }, canSetNights: true };
  }
  throw new AppError('invalid_input', '驻点日按乡镇（街道）设定，住夜晚数按县（区）设定，请选择乡镇或县（区）');
}

// ---- the cadre's side ----------------------------------------------------------------------------------

interface CadreStation {
  person: PersonDoc;
  grant: StoredGrant;
  villageId: string;
  villageName: string;
  path: string[];
  fence: Fence | null;
  countySettings: Record<string, unknown>;
}

/** Where the calling cadre is stationed: their station copy (no read), else the units (cached). */
async function stationOfCaller(caller: Caller): Promise<CadreStation> {
  const person = callerPerson(caller);
  const grant = person.grants.find((g) => g.role === 'cadre');
  if (!grant) throw new AppError('not_stationed', '您目前没有驻村任务，无需驻点签到');
  const s = person.station;
  if (s && s.villageId === grant.orgUnitId) return { person, grant, villageId: s.villageId, villageName: s.villageName, path: s.path, fence: s.fence, countySettings: s.countySettings ?? {} };
  const village = await getUnitCached(grant.orgUnitId);
  if (!village) throw new AppError('not_stationed', '您目前没有驻村任务，无需驻点签到');
  const county = village.path[1] ? await getUnitCached(village.path[1]) : null;
  return { person, grant, villageId: village._id, villageName: village.name, path: village.path, fence: village.fence ?? null, countySettings: county?.settings ?? {} };
}

/** The township's stationing day in the week of `today`, and why there is none. */
async function dayOfTownship(townshipId: string | undefined, week: string) {
  const township = townshipId ? await getUnitCached(townshipId) : null;
  const weekday = weekdayFromSettings(township?.settings);
  return { township, weekday, day: weekday ? stationingDay(week, weekday) : null };
}

function recordView(r: StationingDoc) {
  return {
    id: r._id,
    date: r.date,
    inside: r.inside,
    distanceM: r.distanceM,
    counted: r.counted,
    photos: r.photoFileIds.length,
    flags: r.flags,
    attempts: r.attempts,
    at: new Date(r.updatedAt).toISOString(),
  };
}

/**
 * A stationing-day check-in. Refused on any other day, with a stale fix, or without photos from
 * the cadre's own folder. One record per cadre per day: a retry (same clientId) answers the
 * record as it stands; a new attempt replaces the fix and photos only while the record does not
 * count yet, so walking into the village after a fix outside it counts, and nothing undoes a
 * counted record.
 */
export async function submit(caller: Caller, now: Date, input: SubmitInput) {
  const st = await stationOfCaller(caller);
  const today = dateKey(now);
  const week = weekOf(today);
  const { township, weekday, day } = await dayOfTownship(st.path[2], week);
  if (!weekday) throw new AppError('no_stationing_day', `${township?.name ?? '本乡镇（街道）'}还没有设定驻点日，请联系乡镇（街道）组织委员`);
  if (!day) throw new AppError('not_stationing_day', '本周没有驻点日：驻点日遇节假日，本周已没有工作日可以顺延');
  if (day.date !== today) throw new AppError('not_stationing_day', `今天不是驻点日，本周驻点日是${dayLabel(day.date)}`);
  const capturedAt = new Date(input.capturedAt);
  const lagMs = now.getTime() - capturedAt.getTime();
  if (!Number.isFinite(lagMs) || lagMs > FRESH_MIN * 60_000 || (lagMs > 0 && dateKey(capturedAt) !== today)) {
    throw new AppError('stale_fix', `这次定位已超过${FRESH_MIN}分钟，请重新定位后再提交`);
  }
  await checkPhotosIn(photoFolder(st.person._id), input.photoFileIds, '照片未上传成功，请重新上传');

  const fix: Fix = { lat: input.lat, lng: input.lng, accuracy: input.accuracy, speed: input.speed, altitude: input.altitude, capturedAt };
  // A village without a fence cannot judge the fix: it counts, flagged for staff (as check-ins do).
  const decision = st.fence ? fenceDecision(st.fence, fix) : null;
  const flags = riskFlags(fix, null, { serverTime: now, fence: decision });
  if (!decision) flags.push(noFenceFlag());
  const inside = decision ? decision.inside : null;
  const attempt = {
    clientId: input.clientId,
    lat: input.lat,
    lng: input.lng,
    accuracy: input.accuracy,
    capturedAt,
    receivedAt: now,
    inside,
    distanceM: decision ? Math.round(decision.distanceM * 10) / 10 : null,
    flags: sortFlags(flags),
    photoFileIds: input.photoFileIds,
    counted: inside !== false,
    updatedAt: now,
  };
  const id = recordId(st.person._id, today);
  const { doc, repeated } = await transaction(async (tx) => {
    const { data: have } = await tx.collection(STATIONING).doc(id).get<StationingDoc>();
    if (have && (have.clientId === input.clientId || have.counted)) return { doc: have, repeated: true };
    if (!have) {
      const fresh: StationingDoc = { _id: id, personId: st.person._id, personName: st.person.name, kind: st.grant.kind ?? 'teamMember', villageId: st.villageId, villageName: st.villageName, villagePath: st.path, date: today, week, ...attempt, attempts: 1, createdAt: now };
      const { _id, ...data } = fresh;
      await tx.collection(STATIONING).doc(_id).set({ data });
      return { doc: fresh, repeated: false };
    }
    const { flags: f, photoFileIds: p, ...plain } = attempt;
    await tx.collection(STATIONING).doc(id).update({ data: { ...plain, flags: _.set(f), photoFileIds: _.set(p), attempts: _.inc(1) } });
    return { doc: { ...have, ...attempt, attempts: have.attempts + 1 }, repeated: false };
  });
  return { ...recordView(doc), repeated, day: dayView(day) };
}

/** The calling cadre's week: the stationing day (and why there is none), their team's check-ins, and their nights so far. */
export async function myWeek(caller: Caller, now: Date) {
  const st = await stationOfCaller(caller);
  const today = dateKey(now);
  const week = weekOf(today);
  const { township, weekday, day } = await dayOfTownship(st.path[2], week);
  const [team, { data: records }] = await Promise.all([
    cadresStationedUnder(st.villageId),
    db.collection(STATIONING).where({ villageId: st.villageId, week }).limit(1000).get<StationingDoc>(),
  ]);
  const mine = records.find((r) => r.personId === st.person._id && r.date === day?.date) ?? null;
  const counted = new Set(records.filter((r) => r.counted && r.date === day?.date).map((r) => r.personId));
  const nights = await cadreNights(st, week, today);
  return {
    today,
    todayLabel: dayLabel(today),
    week: weekView(week, now),
    village: { id: st.villageId, name: st.villageName },
    township: { id: township?._id ?? st.path[2] ?? '', name: township?.name ?? '', weekday, weekdayName: weekday ? WEEKDAY_NAMES[weekday]! : '' },
    day: dayView(day),
    isToday: !!day && day.date === today,
    state: !weekday ? ('unset' as const) : !day ? ('none' as const) : day.date === today ? ('today' as const) : day.date > today ? ('upcoming' as const) : ('past' as const),
    mine: mine ? recordView(mine) : null,
    team: team
      .map((p) => ({ personId: p._id, name: p.name, kind: p.grants.find((g) => g.role === 'cadre')?.kind }))
      .sort(teamOrder)
      .map((p) => ({ personId: p.personId, name: p.name, kindName: kindName(p.kind), me: p.personId === st.person._id, present: counted.has(p.personId) })),
    teamPresent: counted.size > 0,
    uploadFolder: photoFolder(st.person._id),
    freshMinutes: FRESH_MIN,
    nights,
  };
}

/** One cadre's nights of the week so far (their county's rule, from their station copy). */
async function cadreNights(st: CadreStation, week: string, today: string) {
  const { nightsPerWeek } = nightsFromSettings(st.countySettings);
  const measured = scheduleFromSettings(st.countySettings).windows.some((w) => w.night);
  const days = weekDays(week);
  const workdays = workingDays(week);
  if (!workdays.length) return { measured, nightsPerWeek, required: 0, had: 0, leaveDays: 0, status: 'met' as NightStatus };
  const [nights, leave] = await Promise.all([nightsOnPost([st.person._id], workdays), daysOnLeaveAt([st.person._id], days[0]!, days[6]!, EVENING)]);
  const onLeave = new Set([...(leave.get(st.person._id)?.keys() ?? [])].filter((d) => workdays.includes(d)));
  const owed = nightsOwed(nightsPerWeek, workdays, onLeave, dateKey(st.grant.since));
  const had = nights.get(st.person._id)?.size ?? 0;
  return { measured, nightsPerWeek, required: owed.required, had, leaveDays: onLeave.size, status: nightStatus(had, owed.required, owed.available.filter((d) => d >= today).length) };
}

// ---- staff: the teams present on the stationing day ---------------------------------------------------------

/** A team on the week's stationing day: present, absent, every member on leave, the day still to come, no day this week, no day fixed. */
type TeamStatus = 'present' | 'absent' | 'excused' | 'upcoming' | 'noDay' | 'unset';
const TEAM_ORDER: Record<TeamStatus, number> = { absent: 0, present: 1, excused: 2, upcoming: 3, noDay: 4, unset: 5 };

interface Totals {
  teams: number;
  present: number;
  absent: number;
  excused: number;
  upcoming: number;
  noDay: number;
  unset: number;
  membersPresent: number;
  membersAbsent: number;
  membersOnLeave: number;
}
const emptyTotals = (): Totals => ({ teams: 0, present: 0, absent: 0, excused: 0, upcoming: 0, noDay: 0, unset: 0, membersPresent: 0, membersAbsent: 0, membersOnLeave: 0 });

/** The cadre grant of each stationed person under the unit, and the villages' names (from the station copies; missing ones read at once). */
async function stationedUnder(unit: OrgUnit) {
  const people = await cadresStationedUnder(unit._id);
  const cadres = people.map((p) => ({ p, g: p.grants.find((g) => g.role === 'cadre' && g.path.includes(unit._id)) })).filter((x): x is { p: PersonDoc; g: StoredGrant } => !!x.g);
  const names = new Map<string, string>();
  for (const { p, g } of cadres) if (p.station?.villageId === g.orgUnitId) names.set(g.orgUnitId, p.station.villageName);
  const missing = [...new Set(cadres.map((c) => c.g.orgUnitId))].filter((id) => !names.has(id));
  if (missing.length) for (const [id, u] of await getUnits(missing)) names.set(id, u.name);
  return { cadres, villageName: (id: string) => names.get(id) ?? '' };
}

/** The unit's children (a city's counties, a county's townships), by name; a township has none here (its teams are listed). */
async function childrenOf(unit: OrgUnit): Promise<OrgUnit[]> {
  if (unit.level !== 'city' && unit.level !== 'county') return [];
  return (await listSubtree(unit._id, { parentId: unit._id })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * The teams figure of a township, county or city for a week (or, with `date`, for the townships
 * whose stationing day that date is): the villages with a team, teams present (a member's counted
 * record of the week: each record was made on its township's stationing day), absent, not yet
 * due, and without a day; members present and absent; by child unit; the townships' days; and
 * the teams, absent first.
 */
export async function teamsFigure(unit: OrgUnit, week: string, date: string | null, now: Date) {
  if (unit.level === 'village') throw new AppError('invalid_input', '驻点情况按乡镇（街道）、县（区）或市查看');
  if (date && weekOf(date) !== week) throw new AppError('invalid_input', '日期不在所选的周内');
  const today = dateKey(now);
  const [children, townships, { cadres, villageName }, { list }] = await Promise.all([
    childrenOf(unit),
    unit.level === 'township' ? Promise.resolve([unit]) : listSubtree(unit._id, { level: 'township' }),
    stationedUnder(unit),
    db
      .collection(STATIONING)
      .aggregate()
      .match({ villagePath: unit._id, week, counted: true, ...(date ? { date } : {}) })
      .group({ _id: '$villageId', ids: $.addToSet('$personId') })
      .limit(10_000)
      .end<{ _id: string; ids: string[] }>(),
  ]);
  const presentBy = new Map(list.map((g) => [g._id, new Set(g.ids)]));
  const towns = new Map(townships.map((t) => [t._id, { unit: t, weekday: weekdayFromSettings(t.settings), day: null as StationingDay | null }]));
  for (const t of towns.values()) t.day = t.weekday ? stationingDay(week, t.weekday) : null;
  // Members on approved leave on their township's day are excused, not absent.
  const due = cadres.filter((c) => !!towns.get(c.g.path[2] ?? '')?.day).map((c) => c.p._id);
  const days = weekDays(week);
  const leave = due.length ? await daysOnLeaveAt(due, days[0]!, days[6]!, WORKING_HOURS) : new Map<string, Map<string, LeaveOnDay>>();

  // The teams: the cadres stationed in one village.
  const teams = new Map<string, { villageId: string; path: string[]; members: { p: PersonDoc; g: StoredGrant }[] }>();
  for (const c of [...cadres].sort((a, b) => teamOrder({ name: a.p.name, kind: a.g.kind }, { name: b.p.name, kind: b.g.kind }))) {
    const team = teams.get(c.g.orgUnitId) ?? { villageId: c.g.orgUnitId, path: c.g.path, members: [] };
    team.members.push(c);
    teams.set(c.g.orgUnitId, team);
  }

  const totals = emptyTotals();
  const depth = unit.path.length;
  const rows = new Map(children.map((u) => [u._id, { id: u._id, name: u.name, ...emptyTotals() }]));
  type Who = { name: string; kindName: string };
  const listed: { villageId: string; villageName: string; townshipName: string; status: TeamStatus; date: string | null; ongoing: boolean; present: Who[]; absent: Who[]; onLeave: Who[] }[] = [];
  for (const team of teams.values()) {
    const town = towns.get(team.path[2] ?? '');
    const d = town?.day ?? null;
    if (date && d?.date !== date) continue; // a day's figure: only the townships whose day it is
    const here = presentBy.get(team.villageId) ?? new Set<string>();
    // Members due on the day: stationed by then (all of them where there is no day), and not on leave.
    const stationed = d ? team.members.filter((m) => dateKey(m.g.since) <= d.date) : team.members;
    if (!stationed.length && !team.members.some((m) => here.has(m.p._id))) continue;
    const present = team.members.filter((m) => here.has(m.p._id));
    const onLeave = d ? stationed.filter((m) => !here.has(m.p._id) && !!leave.get(m.p._id)?.has(d.date)) : [];
    const absent = stationed.filter((m) => !here.has(m.p._id) && !onLeave.includes(m));
    const status: TeamStatus = !town?.weekday ? 'unset' : !d ? 'noDay' : present.length ? 'present' : !absent.length ? 'excused' : d.date > today ? 'upcoming' : 'absent';
    const counts = status === 'present' || status === 'absent' || status === 'excused';
    for (const t of [totals, rows.get(team.path[depth] ?? '')]) {
      if (!t) continue;
      t.teams += 1;
      t[status] += 1;
      if (counts) {
        t.membersPresent += present.length;
        t.membersAbsent += absent.length;
        t.membersOnLeave += onLeave.length;
      }
    }
    const who = (m: { p: PersonDoc; g: StoredGrant }) => ({ name: m.p.name, kindName: kindName(m.g.kind) });
    listed.push({
      villageId: team.villageId,
      villageName: villageName(team.villageId),
      townshipName: town?.unit.name ?? '',
      status,
      date: d?.date ?? null,
      ongoing: !!d && d.date === today && status === 'absent',
      present: present.map(who),
      absent: counts ? absent.map(who) : [],
      onLeave: counts ? onLeave.map(who) : [],
    });
  }
  listed.sort((a, b) => TEAM_ORDER[a.status] - TEAM_ORDER[b.status] || a.townshipName.localeCompare(b.townshipName, 'zh-CN') || a.villageName.localeCompare(b.villageName, 'zh-CN'));
  const townshipRows = [...towns.values()]
    .filter((t) => !date || t.day?.date === date)
    .sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'zh-CN'))
    .map((t) => ({
      id: t.unit._id,
      name: t.unit.name,
      weekday: t.weekday,
      weekdayName: t.weekday ? WEEKDAY_NAMES[t.weekday]! : '',
      day: dayView(t.day),
      state: !t.weekday ? ('unset' as const) : !t.day ? ('none' as const) : t.day.date === today ? ('today' as const) : t.day.date > today ? ('upcoming' as const) : ('past' as const),
    }));
  return { unit: { id: unit._id, name: unit.name, level: unit.level }, week: weekView(week, now), date, totals, rows: [...rows.values()], townships: townshipRows, teams: listed.slice(0, LISTED_MAX), teamsListed: Math.min(listed.length, LISTED_MAX), teamsTotal: listed.length };
}

/** A village's stationing records of a week, with their photos (staff open a team). */
export async function teamRecords(village: OrgUnit, week: string) {
  const { data } = await db.collection(STATIONING).where({ villageId: village._id, week }).orderBy('date', 'asc').orderBy('personName', 'asc').limit(1000).get<StationingDoc>();
  const ids = data.flatMap((r) => r.photoFileIds);
  const urls = ids.length ? await storage.tempUrls(ids, 600) : new Map<string, string>();
  return {
    village: { id: village._id, name: village.name },
    week,
    records: data.map((r) => ({ ...recordView(r), personName: r.personName, kindName: kindName(r.kind), photoUrls: r.photoFileIds.map((id) => urls.get(id) ?? '').filter(Boolean) })),
  };
}

// ---- staff: nights at the workplace ---------------------------------------------------------------------------

/**
 * The nights figure of a unit for a week: each stationed cadre's nights on post (a night
 * window's record, present or corrected, on a working day of the week) against what they owe
 * (their county's N, or fewer: the week's working days not covered by approved leave, from the
 * day they were stationed); a county without a night window in its check-in schedule cannot be
 * measured. Totals and rows by child unit (cadres, met, short, still open, unmeasured), and the
 * cadres not met, short first.
 */
export async function nightsFigure(unit: OrgUnit, week: string, now: Date) {
  const today = dateKey(now);
  const days = weekDays(week);
  const workdays = workingDays(week);
  const [children, { cadres, villageName }] = await Promise.all([childrenOf(unit), stationedUnder(unit)]);
  const counties = await getUnits([...new Set(cadres.map((c) => c.g.path[1] ?? ''))].filter(Boolean));
  const rule = new Map([...counties].map(([id, c]) => [id, { ...nightsFromSettings(c.settings), measured: scheduleFromSettings(c.settings).windows.some((w) => w.night) }]));
  const ids = cadres.map((c) => c.p._id);
  const [nights, leave] = workdays.length && ids.length ? await Promise.all([nightsOnPost(ids, workdays), daysOnLeaveAt(ids, days[0]!, days[6]!, EVENING)]) : [new Map<string, Set<string>>(), new Map<string, Map<string, LeaveOnDay>>()];

  type Status = NightStatus | 'unmeasured';
  const empty = () => ({ cadres: 0, met: 0, short: 0, open: 0, unmeasured: 0 });
  const totals = empty();
  const depth = unit.path.length;
  const rows = new Map(children.map((u) => [u._id, { id: u._id, name: u.name, ...empty() }]));
  const notMet: { personId: string; name: string; kindName: string; villageName: string; nights: number; required: number; leaveDays: number; nightsPerWeek: number; status: Status; dates: string[] }[] = [];
  for (const { p, g } of cadres) {
    const r = rule.get(g.path[1] ?? '') ?? { ...nightsFromSettings(null), measured: false };
    const onLeave = new Set([...(leave.get(p._id)?.keys() ?? [])].filter((d) => workdays.includes(d)));
    const owed = nightsOwed(r.nightsPerWeek, workdays, onLeave, dateKey(g.since));
    const had = [...(nights.get(p._id) ?? [])].sort();
    const status: Status = r.measured ? nightStatus(had.length, owed.required, owed.available.filter((d) => d >= today).length) : 'unmeasured';
    for (const t of [totals, rows.get(g.path[depth] ?? '')]) {
      if (!t) continue;
      t.cadres += 1;
      t[status] += 1;
    }
    if (status === 'short' || status === 'open') {
      notMet.push({ personId: p._id, name: p.name, kindName: kindName(g.kind), villageName: villageName(g.orgUnitId), nights: had.length, required: owed.required, leaveDays: onLeave.size, nightsPerWeek: r.nightsPerWeek, status, dates: had });
    }
  }
  notMet.sort((a, b) => (a.status === b.status ? 0 : a.status === 'short' ? -1 : 1) || a.nights - a.required - (b.nights - b.required) || a.villageName.localeCompare(b.villageName, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
  return { unit: { id: unit._id, name: unit.name, level: unit.level }, week: weekView(week, now), totals, rows: [...rows.values()], shortfall: notMet.slice(0, LISTED_MAX), shortfallTotal: notMet.length };
}
