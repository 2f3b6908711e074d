/**
 * Semi-annual written reports (半年工作报告): a first secretary writes, saves and submits their
 * report of a half-year to their county and dispatching unit; staff in scope list who owes one
 * (overdue first) and open them; county (and city) staff mark them read, accept them or send them
 * back with a reason; a county sets its deadlines.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey } from '../../kernel/clock';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { callerPerson } from '../people/service';
import { dayLabel, deadlineEnd, endOfDay, focusPeriod, isOverdue, listPeriod, openPeriods, periodLabel, wasSubmitted } from './rules';
import { Period, ReportId, SaveInput, STATUS_NAMES, SubmitInput, WorkReportSettings, type WorkReportDoc } from './schema';
import { attachmentFolder, attachmentUrls, getReport, listFor, mine, review, reviewingGrant, save, setSettings, settingsView } from './service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const signed = (s: { byName: string; at: Date } | null) => (s ? { byName: s.byName, at: iso(s.at)! } : null);

function summary(r: WorkReportDoc) {
  return {
    id: r._id,
    period: r.period,
    periodLabel: periodLabel(r.period),
    personName: r.personName,
    villageName: r.villageName,
    dispatchingUnit: r.dispatchingUnit,
    title: r.title,
    status: r.status,
    statusName: STATUS_NAMES[r.status],
    late: r.late,
    submissions: r.submissions,
    submittedAt: iso(r.submittedAt),
    read: signed(r.read),
    accepted: r.accepted ? { ...signed(r.accepted)!, comment: r.accepted.comment } : null,
    returns: r.returns.map((x) => ({ byName: x.byName, at: iso(x.at)!, reason: x.reason })),
    updatedAt: iso(r.updatedAt)!,
  };
}

/** A report whole. Overdue by the deadline saved with it (the county's when it was last saved). */
async function full(r: WorkReportDoc, opts: { canEdit: boolean; canReview: boolean; now: Date }) {
  return { ...summary(r), body: r.body, attachments: await attachmentUrls(r), deadlineDay: r.deadlineDay, overdue: isOverdue(r.status, endOfDay(r.deadlineDay), opts.now), canEdit: opts.canEdit, canReview: opts.canReview };
}

/** A report, for the router's check: its village (the author is checked in the handler). */
async function reportScope(ctx: ActionContext, id: string) {
  const r = await getReport(id);
  if (!r) return null;
  ctx.memo.set('report', r);
  return { path: r.villagePath };
}

async function unitScope(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

/** The first secretary's page: their two open half-years (the one before, the present), the one to show, and where attachments go. */
export const mineAction = action({
  name: 'workReport.mine',
  roles: ['cadre'],
  input: z.object({ period: Period.optional() }).strict(),
  async run(ctx, input) {
    const m = await mine(ctx.caller, ctx.now);
    const today = dateKey(ctx.now);
    const owes = (p: string) => !!m.periods.find((x) => x.period === p)?.owes;
    const done = (p: string) => wasSubmitted(m.periods.find((x) => x.period === p)?.report?.status);
    const focus = input.period && openPeriods(today).includes(input.period) ? input.period : focusPeriod(today, ctx.now, m.settings, done, owes);
    const shown = m.periods.find((p) => p.period === focus)!;
    const year = Number(today.slice(0, 4));
    return {
      villageName: m.villageName,
      dispatchingUnit: m.dispatchingUnit,
      uploadFolder: attachmentFolder(callerPerson(ctx.caller)._id),
      periods: m.periods.map((p) => ({
        period: p.period,
        label: p.label,
        deadlineDay: p.deadlineDay,
        deadlineText: dayLabel(p.deadlineDay, year),
        pastDeadline: p.pastDeadline,
        owes: p.owes,
        status: p.report?.status ?? null,
        statusName: p.report ? STATUS_NAMES[p.report.status] : p.owes ? STATUS_NAMES.missing : '无需提交',
        overdue: p.owes && isOverdue(p.report?.status, deadlineEnd(p.period, m.settings), ctx.now),
      })),
      period: focus,
      report: shown.report ? await full(shown.report, { canEdit: shown.report.status === 'draft' || shown.report.status === 'returned', canReview: false, now: ctx.now }) : null,
    };
  },
});

export const saveAction = action({
  name: 'workReport.save',
  roles: ['cadre'],
  input: SaveInput,
  run: async (ctx, input) => full(await save(ctx.caller, ctx.now, input, false), { canEdit: true, canReview: false, now: ctx.now }),
});

export const submitAction = action({
  name: 'workReport.submit',
  roles: ['cadre'],
  input: SubmitInput,
  run: async (ctx, input) => full(await save(ctx.caller, ctx.now, input, true), { canEdit: false, canReview: false, now: ctx.now }),
});

const ListFilter = z.enum(['all', 'overdue', 'unread', 'returned', 'missing']);

/** Staff: the first secretaries under a unit who owe the half-year's report, overdue ones first, with the counts. */
export const listAction = action({
  name: 'workReport.list',
  roles: ['staff'],
  input: z
    .object({
      unitId: UnitId,
      period: Period.optional(),
      filter: ListFilter.default('all'),
      skip: z.number().int().min(0).max(10_000).default(0),
      limit: z.number().int().min(1).max(100).default(50),
    })
    .strict(),
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    if (unit.level === 'village') throw new AppError('invalid_input', '请选择县（市、区）或乡镇查看工作报告');
    const today = dateKey(ctx.now);
    const period = input.period ?? listPeriod(today);
    const { rows, counts } = await listFor(unit, period, ctx.now);
    const chosen = rows.filter((r) => {
      switch (input.filter) {
        case 'overdue':
          return r.overdue;
        case 'unread':
          return r.status === 'submitted' && !r.read;
        case 'returned':
          return r.status === 'returned';
        case 'missing':
          return r.status === 'missing' || r.status === 'draft';
        default:
          return true;
      }
    });
    const year = Number(today.slice(0, 4));
    return {
      unit: { id: unit._id, name: unit.name, level: unit.level },
      period,
      periodLabel: periodLabel(period),
      canReview: !!reviewingGrant(ctx.caller, unit.path),
      counts,
      total: chosen.length,
      items: chosen.slice(input.skip, input.skip + input.limit).map((r) => ({ ...r, deadlineText: dayLabel(r.deadlineDay, year), submittedAt: iso(r.submittedAt) })),
    };
  },
});

/** A report: its author, or staff in scope (county and city staff may review it). */
export const getAction = action({
  name: 'workReport.get',
  roles: ['cadre', 'staff'],
  input: z.object({ id: ReportId }).strict(),
  scope: (ctx, input) => reportScope(ctx, input.id),
  async run(ctx) {
    const r = ctx.memo.get('report') as WorkReportDoc;
    const mineToo = ctx.caller.person?._id === r.personId;
    const staff = ctx.caller.person?.grants.some((g) => g.role === 'staff' && r.villagePath.includes(g.orgUnitId));
    if (!mineToo && !staff) throw new AppError('forbidden');
    if (!mineToo && r.status === 'draft') throw new AppError('not_found', '该报告还没有提交');
    return full(r, { canEdit: mineToo && (r.status === 'draft' || r.status === 'returned'), canReview: !!reviewingGrant(ctx.caller, r.villagePath), now: ctx.now });
  },
});

/** The review actions are the county's (县委组织部) or the city's: township staff read but do not review. */
function reviewer(ctx: ActionContext): WorkReportDoc {
  const r = ctx.memo.get('report') as WorkReportDoc;
  if (!reviewingGrant(ctx.caller, r.villagePath)) throw new AppError('forbidden', '工作报告由县（市、区）委组织部审阅');
  return r;
}

export const markReadAction = action({
  name: 'workReport.markRead',
  roles: ['staff'],
  input: z.object({ id: ReportId }).strict(),
  scope: (ctx, input) => reportScope(ctx, input.id),
  async run(ctx, input) {
    const r = reviewer(ctx);
    if (r.status === 'draft') throw new AppError('not_found', '该报告还没有提交');
    return full(await review(ctx.caller, ctx.now, input.id, { kind: 'read' }), { canEdit: false, canReview: true, now: ctx.now });
  },
});

export const acceptAction = action({
  name: 'workReport.accept',
  roles: ['staff'],
  input: z.object({ id: ReportId, comment: z.string().trim().max(200, '审核意见最多200字').default('') }).strict(),
  scope: (ctx, input) => reportScope(ctx, input.id),
  async run(ctx, input) {
    reviewer(ctx);
    return full(await review(ctx.caller, ctx.now, input.id, { kind: 'accept', comment: input.comment }), { canEdit: false, canReview: true, now: ctx.now });
  },
});

/** 退回修改: the report goes back to its author, with what to change; they edit and submit again. */
export const sendBackAction = action({
  name: 'workReport.sendBack',
  roles: ['staff'],
  input: z.object({ id: ReportId, reason: z.string().trim().min(4, '请写明退回原因（至少4个字）').max(300, '退回原因最多300字') }).strict(),
  scope: (ctx, input) => reportScope(ctx, input.id),
  async run(ctx, input) {
    reviewer(ctx);
    return full(await review(ctx.caller, ctx.now, input.id, { kind: 'sendBack', reason: input.reason }), { canEdit: false, canReview: true, now: ctx.now });
  },
});

export const getSettingsAction = action({
  name: 'workReport.getSettings',
  roles: ['staff'],
  input: z.object({ countyId: UnitId }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.countyId),
  run(ctx) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    if (unit.level !== 'county') throw new AppError('invalid_input', '半年工作报告的截止日期按县（市、区）设置');
    return { county: { id: unit._id, name: unit.name }, ...settingsView(unit) };
  },
});

export const setSettingsAction = action({
  name: 'workReport.setSettings',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, settings: WorkReportSettings.nullable() }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.countyId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    return { county: { id: unit._id, name: unit.name }, ...(await setSettings(ctx.caller, ctx.now, unit, input.settings)) };
  },
});

export const workReportActions = [mineAction, saveAction, submitAction, listAction, getAction, markReadAction, acceptAction, sendBackAction, getSettingsAction, setSettingsAction] as const;
