/**
 * Stationing contact (驻点联系): cadres check in on their township's stationing day with photos;
 * staff in scope read the teams present and the nights at the workplace (住夜) by unit and week,
 * open a team's photos, and set a township's day and a county's nights.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { weekOf } from './rules';
import { CountySetting, Day, StationingWeekday, SubmitInput, WeekKey } from './schema';
import { myWeek, nightsFigure, setDay, setNights, settingsOf, submit, teamRecords, teamsFigure, weekOrNow } from './service';

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}
const unitOf = (ctx: ActionContext) => ctx.memo.get('unit') as OrgUnit;

/** The calling cadre's week: is today 驻点日, their record, their team, their nights so far. */
export const todayAction = action({
  name: 'stationing.today',
  roles: ['cadre'],
  input: z.object({}).strict(),
  run: (ctx) => myWeek(ctx.caller, ctx.now),
});

/** A cadre checks in at their village on the stationing day, with a fresh fix and 1–9 photos. Not scoped: their own village. */
export const submitAction = action({
  name: 'stationing.submit',
  roles: ['cadre'],
  input: SubmitInput,
  run: (ctx, input) => submit(ctx.caller, ctx.now, input),
});

/** Staff: the teams present on the stationing day under a township, county or city, for a week (or one day). */
export const figureAction = action({
  name: 'stationing.figure',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, week: WeekKey.optional(), date: Day.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const week = input.date && !input.week ? weekOf(input.date) : weekOrNow(input.week, ctx.now);
    return teamsFigure(unitOf(ctx), week, input.date ?? null, ctx.now);
  },
});

/** Staff: one team's stationing records of a week, with their photos. */
export const teamAction = action({
  name: 'stationing.team',
  roles: ['staff'],
  input: z.object({ villageId: UnitId, week: WeekKey.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = unitOf(ctx);
    if (village.level !== 'village') throw new AppError('invalid_input', '请选择村（社区）');
    return teamRecords(village, weekOrNow(input.week, ctx.now));
  },
});

/** Staff: nights at the workplace (住夜) under a unit for a week: the figure and who is short. */
export const nightsAction = action({
  name: 'stationing.nights',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, week: WeekKey.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: (ctx, input) => nightsFigure(unitOf(ctx), weekOrNow(input.week, ctx.now), ctx.now),
});

/** Staff over a township or county: its stationing day(s) and its county's nights a week. */
export const getSettingsAction = action({
  name: 'stationing.getSettings',
  roles: ['staff'],
  input: z.object({ unitId: UnitId }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: (ctx) => settingsOf(ctx.caller, unitOf(ctx), ctx.now),
});

/** Staff of the township or above fix its weekly stationing day (null: none fixed). */
export const setDayAction = action({
  name: 'stationing.setDay',
  roles: ['staff'],
  input: z.object({ townshipId: UnitId, weekday: StationingWeekday.nullable() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.townshipId),
  async run(ctx, input) {
    return settingsOf(ctx.caller, await setDay(ctx.caller, ctx.now, unitOf(ctx), input.weekday), ctx.now);
  },
});

/** Staff of the county or above set its nights a week (null: back to the default, 3). */
export const setNightsAction = action({
  name: 'stationing.setNights',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, nightsPerWeek: CountySetting.shape.nightsPerWeek.nullable() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.countyId),
  async run(ctx, input) {
    return { county: { id: unitOf(ctx)._id, name: unitOf(ctx).name, ...(await setNights(ctx.caller, ctx.now, unitOf(ctx), input.nightsPerWeek)) } };
  },
});

export const stationingActions = [todayAction, submitAction, figureAction, teamAction, nightsAction, getSettingsAction, setDayAction, setNightsAction] as const;
