/**
 * Unannounced inspections (暗访): organisation and discipline staff in scope of a village record a
 * visit and correct it; the village's county reads its written reports (通报) and signs for them
 * (签收); staff see a month's figures. The cadres of the team open the record that counted
 * against them (the records behind their score's `inspectionsAbsent`).
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey } from '../../kernel/clock';
import type { Caller } from '../../kernel/caller';
import { getUnit } from '../org/service';
import { within } from '../org/rules';
import type { OrgUnit } from '../org/schema';
import { CADRE_KIND_NAMES } from '../people/schema';
import { LEAVE_KIND_NAMES } from '../leave/schema';
import { earliestVisitDay } from './rules';
import { AcknowledgeInput, AmendInput, FiguresInput, InspectionId, ListInput, OUTCOME_NAMES, RecordInput, ReportsInput, STATUS_NAMES, TeamInput, type InspectionDoc } from './schema';
import { acknowledge, amend, figures, getInspection, INSPECTOR_ROLES, inspectionsBy, inspectionsUnder, isCountyStaff, mayAmend, photoFolder, photoUrls, record, reportsTo, teamView } from './service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}
const memoUnit = (ctx: ActionContext, id: string) => ctx.memo.get(`unit:${id}`) as OrgUnit;

async function inspectionTarget(ctx: ActionContext, id: string) {
  const ins = await getInspection(id);
  if (!ins) return null;
  ctx.memo.set('inspection', ins);
  return { path: ins.villagePath };
}
const memoInspection = (ctx: ActionContext) => ctx.memo.get('inspection') as InspectionDoc;

/** Does the caller read the record as an inspector (staff or discipline over its village)? */
const inspects = (caller: Caller, ins: InspectionDoc) => !!caller.person?.grants.some((g) => (INSPECTOR_ROLES as readonly string[]).includes(g.role) && within(ins.villagePath, g.orgUnitId));

const counts = (ins: InspectionDoc) => ({ teamSize: ins.teamIds.length, present: ins.presentIds.length, absent: ins.absentIds.length, leave: ins.leaveIds.length });

function row(ins: InspectionDoc) {
  return {
    id: ins._id,
    date: ins.date,
    visitedAt: iso(ins.visitedAt),
    villageId: ins.villageId,
    villageName: ins.villageName,
    townshipName: ins.townshipName,
    countyName: ins.countyName,
    inspectorName: ins.inspectorName,
    inspectorUnitName: ins.inspectorUnitName,
    outcome: ins.outcome,
    outcomeName: OUTCOME_NAMES[ins.outcome],
    ...counts(ins),
    absentNames: ins.team.filter((m) => m.status === 'absent').map((m) => m.name),
    photos: ins.photoFileIds.length,
    acknowledged: !!ins.ack,
    amended: ins.history.length > 0,
    amendedAfterAck: ins.amendedAfterAck,
    reportTitle: ins.report.title,
    createdAt: iso(ins.createdAt)!,
  };
}

/** The whole record, for staff and discipline staff over it; the team's cadres see it without the report and the inspector's remarks. */
async function full(caller: Caller, now: Date, ins: InspectionDoc) {
  const inspector = inspects(caller, ins);
  const mine = caller.person?._id === ins.inspectorId;
  return {
    ...row(ins),
    companions: ins.companions,
    team: ins.team.map((m) => ({
      personId: m.personId,
      name: m.name,
      kindName: CADRE_KIND_NAMES[m.kind],
      status: m.status,
      statusName: STATUS_NAMES[m.status],
      note: m.note,
      leave: m.leave ? { kindName: LEAVE_KIND_NAMES[m.leave.kind], startDate: m.leave.startDate, endDate: m.leave.endDate } : null,
    })),
    findings: ins.findings,
    remarks: inspector ? ins.remarks : '',
    photoUrls: await photoUrls(ins.photoFileIds),
    photoFileIds: inspector && mayAmend(caller, now, ins) ? ins.photoFileIds : [],
    location: inspector ? ins.location : null,
    report: inspector ? ins.report : null,
    ack: ins.ack ? { at: iso(ins.ack.at)!, byName: ins.ack.byName, note: inspector ? ins.ack.note : '' } : null,
    history: inspector ? ins.history.map((h) => ({ at: iso(h.at)!, byName: h.byName, reason: h.reason })) : [],
    canAmend: inspector && mayAmend(caller, now, ins),
    canAcknowledge: isCountyStaff(caller, ins) && !ins.ack,
    uploadFolder: inspector && mayAmend(caller, now, ins) ? photoFolder(caller.person!._id) : null,
    mine,
  };
}

/** The form: the village's team on the day (today, or a day of the last week recorded afterwards), who is on leave, and where photos go. */
export const teamAction = action({
  name: 'inspection.team',
  roles: INSPECTOR_ROLES,
  input: TeamInput,
  scope: (ctx, input) => unitTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx, input.villageId);
    if (village.level !== 'village') throw new AppError('invalid_input', '暗访对象应为村（社区）');
    const today = dateKey(ctx.now);
    const { date, team } = await teamView(village, ctx.now, input.date);
    return {
      village: { id: village._id, name: village.name },
      date,
      today,
      earliest: earliestVisitDay(today),
      uploadFolder: photoFolder(ctx.caller.person!._id),
      team: team.map((m) => ({ personId: m.personId, name: m.name, kindName: CADRE_KIND_NAMES[m.kind], leave: m.leave ? { kindName: LEAVE_KIND_NAMES[m.leave.kind], startDate: m.leave.startDate, endDate: m.leave.endDate } : null })),
    };
  },
});

export const recordAction = action({
  name: 'inspection.record',
  roles: INSPECTOR_ROLES,
  input: RecordInput,
  scope: (ctx, input) => unitTarget(ctx, input.villageId),
  run: async (ctx, input) => full(ctx.caller, ctx.now, await record(ctx.caller, ctx.now, memoUnit(ctx, input.villageId), input)),
});

/** Correct a record with a reason: its inspector within 24 hours, the county's staff later (the service decides). */
export const amendAction = action({
  name: 'inspection.amend',
  roles: INSPECTOR_ROLES,
  input: AmendInput,
  scope: (ctx, input) => inspectionTarget(ctx, input.id),
  run: async (ctx, input) => full(ctx.caller, ctx.now, await amend(ctx.caller, ctx.now, input)),
});

/** One record: staff and discipline staff over its village, or a cadre of the team it met. */
export const getAction = action({
  name: 'inspection.get',
  roles: [...INSPECTOR_ROLES, 'cadre'],
  input: z.object({ id: InspectionId }).strict(),
  scope: (ctx, input) => inspectionTarget(ctx, input.id),
  async run(ctx) {
    const ins = memoInspection(ctx);
    if (!inspects(ctx.caller, ins) && !ins.teamIds.includes(ctx.caller.person!._id)) throw new AppError('forbidden');
    return full(ctx.caller, ctx.now, ins);
  },
});

/** A unit's inspections of a month. */
export const listAction = action({
  name: 'inspection.list',
  roles: INSPECTOR_ROLES,
  input: ListInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx, input.unitId);
    const { total, items } = await inspectionsUnder(unit._id, input.month, input.skip, input.limit);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, month: input.month, total, items: items.map(row) };
  },
});

/** The caller's own records, newest first, and which of them they may still correct. */
export const mineAction = action({
  name: 'inspection.mine',
  roles: INSPECTOR_ROLES,
  input: z.object({}).strict(),
  async run(ctx) {
    const items = await inspectionsBy(ctx.caller.person!._id);
    return { items: items.map((i) => ({ ...row(i), canAmend: mayAmend(ctx.caller, ctx.now, i) })) };
  },
});

/**
 * The written reports (书面通报) to a county, for its staff, or to every county of the city, for
 * the city's: a page, with how many are not yet signed for.
 */
export const reportsAction = action({
  name: 'inspection.reports',
  roles: ['staff'],
  input: ReportsInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx, input.unitId);
    if (unit.level !== 'county' && unit.level !== 'city') throw new AppError('invalid_input', '暗访通报按县（区）查看');
    const { total, unread, items } = await reportsTo(unit, input);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, total, unread, items: items.map(row) };
  },
});

/** The county signs for a report (签收): once per report, by a staff member of the county itself. */
export const acknowledgeAction = action({
  name: 'inspection.acknowledge',
  roles: ['staff'],
  input: AcknowledgeInput,
  async scope(ctx, input) {
    const ins = await getInspection(input.id);
    if (!ins) return null;
    ctx.memo.set('inspection', ins);
    return { path: ins.villagePath.slice(0, 2) };
  },
  run: async (ctx, input) => full(ctx.caller, ctx.now, await acknowledge(ctx.caller, ctx.now, input.id, input.note)),
});

/** A month's figures by child unit: inspections, villages inspected, teams found absent, cadres found absent, reports not signed for. */
export const figuresAction = action({
  name: 'inspection.figures',
  roles: INSPECTOR_ROLES,
  input: FiguresInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx, input.unitId);
    const f = await figures(unit, input.month);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, month: input.month, ...f };
  },
});

export const inspectionActions = [teamAction, recordAction, amendAction, getAction, listAction, mineAction, reportsAction, acknowledgeAction, figuresAction] as const;
