/** Check-in (cadres), the location ledger and flag review (staff), who viewed my location. */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey, shanghai } from '../../kernel/clock';
import { UnitId } from '../org/schema';
import { coveringGrant, getUnit } from '../org/service';
import { PersonId } from '../people/schema';
import { cadresStationedUnder, getPerson } from '../people/service';
import { CheckinSchedule } from './schedule';
import { CheckinId, CheckinInput, Day, Month, type CheckinDoc } from './schema';
import { attendanceOf, attendanceUnder, callerSchedule, countyOf, dayStatus, dayUnder, type AttendanceRecord, getCheckin, monthOf, recordAccess, reviewCheckin, scheduleFor, scheduleFromSettings, setSchedule, submitCheckin, viewersOf } from './service';

/** A check-in as pages see it. */
function view(c: CheckinDoc) {
  return {
    id: c._id,
    personId: c.personId,
    villageId: c.villageId,
    date: c.date,
    windowKey: c.windowKey,
    capturedAt: new Date(c.capturedAt).toISOString(),
    receivedAt: new Date(c.receivedAt).toISOString(),
    lat: c.lat,
    lng: c.lng,
    accuracy: c.accuracy,
    inside: c.inside,
    distanceM: c.distanceM,
    late: c.late,
    flags: c.flags,
    review: c.review ? { byName: c.review.byName, at: new Date(c.review.at).toISOString(), comment: c.review.comment } : null,
  };
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}

export const submit = action({
  name: 'checkin.submit',
  roles: ['cadre'],
  input: CheckinInput,
  run: (ctx, input) => submitCheckin(ctx.caller, ctx.now, input),
});

export const mine = action({
  name: 'checkin.mine',
  roles: ['cadre'],
  input: z.object({ month: Month.optional() }).strict(),
  async run(ctx, input) {
    const person = ctx.caller.person!;
    const month = input.month ?? shanghai(ctx.now).format('YYYY-MM');
    const [list, settled] = await Promise.all([monthOf(person._id, month), attendanceOf(person._id, month)]);
    const grant = person.grants.find((g) => g.role === 'cadre');
    const today = dateKey(ctx.now);
    // Today's windows belong to the current month only.
    const windows = grant && today.startsWith(month) ? dayStatus(await callerSchedule(ctx.caller), today, list.filter((c) => c.date === today), ctx.now, settled.filter((a) => a.date === today)) : [];
    return {
      month,
      today: { date: today, windows },
      checkins: list.map(view),
      // Settled windows of the month: what counts (corrections and leave included), and what a correction can be asked for.
      attendance: settled.map((a) => ({ date: a.date, windowId: a.windowId, windowKey: a.windowKey, status: a.status })),
    };
  },
});

export const viewers = action({
  name: 'checkin.viewers',
  roles: ['cadre'],
  input: z.object({ limit: z.number().int().min(1).max(100).default(50) }).strict(),
  async run(ctx, input) {
    const list = await viewersOf(ctx.caller.person!._id, input.limit);
    return list.map((a) => ({ viewerName: a.viewerName, at: new Date(a.at).toISOString(), what: a.what, detail: a.detail }));
  },
});

export const history = action({
  name: 'checkin.history',
  roles: ['staff'],
  input: z.object({ personId: PersonId, month: Month }).strict(),
  // Staff covering the cadre's home or any unit they hold a role in may open it; they see the
  // check-ins made in villages they cover, and no others.
  scope: async (ctx, input) => {
    const person = await getPerson(input.personId);
    if (!person) return null;
    const paths = [person.homePath, ...person.grants.map((g) => g.path)];
    return { path: paths.find((path) => coveringGrant(ctx.caller, ['staff'], path)) ?? person.homePath };
  },
  async run(ctx, input) {
    const list = (await monthOf(input.personId, input.month)).filter((c) => coveringGrant(ctx.caller, ['staff'], c.villagePath));
    // Opening someone's locations is recorded, and they can see it.
    await recordAccess(ctx.caller, ctx.now, [input.personId], 'history', `${input.month} 的签到位置`);
    return { month: input.month, checkins: list.map(view) };
  },
});

export const ledger = action({
  name: 'checkin.ledger',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, date: Day }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    // The cadres stationed under the unit (not those merely administered from it but stationed elsewhere).
    const [checkins, cadres, settled] = await Promise.all([dayUnder(input.unitId, input.date), cadresStationedUnder(input.unitId), attendanceUnder(input.unitId, input.date)]);
    const settledBy = new Map<string, AttendanceRecord[]>();
    for (const a of settled) settledBy.set(a.personId, [...(settledBy.get(a.personId) ?? []), a]);
    const byPerson = new Map<string, CheckinDoc[]>();
    for (const c of checkins) byPerson.set(c.personId, [...(byPerson.get(c.personId) ?? []), c]);
    const schedules = new Map<string, Awaited<ReturnType<typeof scheduleFor>>>();
    const rows = [];
    for (const p of cadres) {
      const grant = p.grants.find((g) => g.role === 'cadre');
      if (!grant) continue;
      const county = countyOf(grant.path);
      // The cadre's copied station carries the county's schedule; read the county only without one.
      if (!schedules.has(county)) schedules.set(county, p.station?.path[1] === county ? scheduleFromSettings(p.station.countySettings) : await scheduleFor(county));
      const mine = byPerson.get(p._id) ?? [];
      rows.push({ personId: p._id, name: p.name, villageId: grant.orgUnitId, windows: dayStatus(schedules.get(county)!, input.date, mine, ctx.now, settledBy.get(p._id)), checkins: mine.map(view) });
    }
    await recordAccess(ctx.caller, ctx.now, checkins.map((c) => c.personId), 'ledger', `${input.date} 位置共享台账`);
    return { date: input.date, unitId: input.unitId, rows };
  },
});

export const review = action({
  name: 'checkin.review',
  roles: ['staff'],
  input: z.object({ checkinId: CheckinId, comment: z.string().trim().min(1).max(200) }).strict(),
  scope: async (ctx, input) => {
    const c = await getCheckin(input.checkinId);
    if (!c) return null;
    ctx.memo.set('checkin', c);
    return { path: c.villagePath };
  },
  async run(ctx, input) {
    const reviewed = await reviewCheckin(ctx.caller, ctx.now, ctx.memo.get('checkin') as CheckinDoc, input.comment);
    // The answer shows where the cadre was: that is a look at their location too.
    await recordAccess(ctx.caller, ctx.now, [reviewed.personId], 'history', `核实 ${reviewed.date} 的签到位置`);
    return view(reviewed);
  },
});

export const getScheduleAction = action({
  name: 'checkin.getSchedule',
  roles: ['staff'],
  input: z.object({ countyId: UnitId }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.countyId),
  async run(_ctx, input) {
    return scheduleFor(input.countyId);
  },
});

export const setScheduleAction = action({
  name: 'checkin.setSchedule',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, schedule: CheckinSchedule }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.countyId),
  async run(ctx, input) {
    const county = ctx.memo.get(`unit:${input.countyId}`) as Awaited<ReturnType<typeof getUnit>>;
    if (!county) throw new AppError('forbidden');
    return setSchedule(ctx.caller, ctx.now, county, input.schedule);
  },
});

export const checkinActions = [submit, mine, viewers, history, ledger, review, getScheduleAction, setScheduleAction] as const;
