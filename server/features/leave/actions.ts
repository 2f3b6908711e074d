/** Leave: cadres apply and follow; approvers decide level by level; staff keep the ledger and figures. */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey, shanghai } from '../../kernel/clock';
import { dayKind } from '../../kernel/calendar';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { Month } from '../checkin/schema';
import { countDays, spanProblem } from './rules';
import { ApplyInput, HalfDay, LEAVE_KINDS, LeaveRules, type LeaveDoc } from './schema';
import { apply, attachmentFolder, balances, chainOf, cancel, decide, figures, getLeave, inbox, leavesOf, ledger, reportBack, rulesFor, setRules, withdraw } from './service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const LeaveId = z.string().regex(/^lv-[0-9a-f]{24}$/);

function view(l: LeaveDoc) {
  return {
    id: l._id,
    personId: l.personId,
    personName: l.personName,
    villageId: l.villageId,
    kind: l.kind,
    start: l.start,
    end: l.end,
    days: l.days,
    reason: l.reason,
    deputy: l.deputy,
    attachments: l.attachmentFileIds.length,
    status: l.status,
    steps: l.steps.map((s) => ({ level: s.level, unitId: s.unitId, unitName: s.unitName, status: s.status, byName: s.byName, at: iso(s.at), comment: s.comment })),
    currentUnitId: l.currentUnitId,
    createdAt: iso(l.createdAt)!,
    decidedAt: iso(l.decidedAt),
    reportBackDue: iso(l.reportBackDue)!,
    returnedAt: iso(l.returnedAt),
    overdue: l.overdue,
    trail: l.trail.map((t) => ({ ...t, at: iso(t.at)! })),
  };
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}

export const calendarAction = action({
  name: 'leave.calendar',
  roles: 'bound',
  input: z.object({ month: Month }).strict(),
  run(_ctx, input) {
    const days = [];
    for (let d = 1; d <= 31; d++) {
      const date = `${input.month}-${String(d).padStart(2, '0')}`;
      if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) break;
      days.push(dayKind(date));
    }
    return { month: input.month, days };
  },
});

export const quoteAction = action({
  name: 'leave.quote',
  roles: ['cadre'],
  input: z.object({ kind: z.enum(LEAVE_KINDS), start: HalfDay, end: HalfDay }).strict(),
  async run(ctx, input) {
    const grant = ctx.caller.person!.grants.find((g) => g.role === 'cadre')!;
    // The same bounds as an application: a span of thousands of years would count day by day.
    const span = spanProblem(input.start, input.end);
    if (span) throw new AppError('invalid_input', span);
    const rules = await rulesFor(grant.path);
    const { days, months } = countDays(input.start, input.end);
    const chain = await chainOf(rules, grant.path, input.kind, days);
    return { days, months, attachment: rules.kinds[input.kind].attachment, chain: chain.map(({ level, unitName }) => ({ level, unitName })) };
  },
});

export const applyAction = action({
  name: 'leave.apply',
  roles: ['cadre'],
  input: ApplyInput,
  async run(ctx, input) {
    return view(await apply(ctx.caller, ctx.now, input));
  },
});

export const mineAction = action({
  name: 'leave.mine',
  roles: ['cadre'],
  input: z.object({ year: z.number().int().min(2020).max(2100).optional() }).strict(),
  async run(ctx, input) {
    const person = ctx.caller.person!;
    const grant = person.grants.find((g) => g.role === 'cadre')!;
    const year = input.year ?? Number(dateKey(ctx.now).slice(0, 4));
    const [list, rules] = await Promise.all([leavesOf(person._id, year), rulesFor(grant.path)]);
    return { year, today: dateKey(ctx.now), attachmentFolder: attachmentFolder(person._id), balances: balances(rules, list), leaves: list.map(view) };
  },
});

async function ownLeave(ctx: ActionContext, id: string) {
  const l = await getLeave(id);
  if (!l || l.personId !== ctx.caller.person!._id) throw new AppError('forbidden', '找不到您的这条请假');
  return l;
}

export const withdrawAction = action({
  name: 'leave.withdraw',
  roles: ['cadre'],
  input: z.object({ id: LeaveId }).strict(),
  async run(ctx, input) {
    await ownLeave(ctx, input.id);
    return view(await withdraw(ctx.caller, ctx.now, input.id));
  },
});

export const cancelAction = action({
  name: 'leave.cancel',
  roles: ['cadre'],
  input: z.object({ id: LeaveId, reason: z.string().trim().min(2).max(200) }).strict(),
  async run(ctx, input) {
    await ownLeave(ctx, input.id);
    return view(await cancel(ctx.caller, ctx.now, input.id, input.reason));
  },
});

export const reportBackAction = action({
  name: 'leave.reportBack',
  roles: ['cadre'],
  input: z.object({ id: LeaveId, returnedAt: z.iso.datetime({ offset: true }).optional() }).strict(),
  async run(ctx, input) {
    await ownLeave(ctx, input.id);
    return view(await reportBack(ctx.caller, ctx.now, input.id, input.returnedAt ? new Date(input.returnedAt) : null));
  },
});

export const inboxAction = action({
  name: 'leave.inbox',
  roles: ['approver'],
  input: z.object({}).strict(),
  async run(ctx) {
    const units = ctx.caller.person!.grants.filter((g) => g.role === 'approver').map((g) => g.orgUnitId);
    return (await inbox(units)).filter((l) => l.personId !== ctx.caller.person!._id).map(view);
  },
});

export const decideAction = action({
  name: 'leave.decide',
  roles: ['approver'],
  input: z.object({ id: LeaveId, approve: z.boolean(), comment: z.string().trim().min(1, '请填写审批意见').max(200) }).strict(),
  // The approver of the step's unit decides; anyone else is out of scope.
  scope: async (ctx, input) => {
    const l = await getLeave(input.id);
    if (!l) return null;
    const step = l.steps.find((s) => s.status === 'pending') ?? l.steps[l.steps.length - 1]!;
    return { path: l.villagePath.slice(0, l.villagePath.indexOf(step.unitId) + 1) };
  },
  async run(ctx, input) {
    return view(await decide(ctx.caller, ctx.now, input.id, input.approve, input.comment));
  },
});

export const ledgerAction = action({
  name: 'leave.ledger',
  roles: ['staff', 'approver'],
  input: z.object({ unitId: UnitId, month: Month.optional(), status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'cancelled', 'returned']).optional(), overdueOnly: z.boolean().default(false) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const month = input.month ?? shanghai(ctx.now).format('YYYY-MM');
    const list = await ledger(input.unitId, month, input);
    return { month, overdue: list.filter((l) => l.overdue && l.status === 'approved').length, leaves: list.map(view) };
  },
});

export const figuresAction = action({
  name: 'leave.figures',
  roles: ['staff', 'approver'],
  input: z.object({ unitId: UnitId, month: Month.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const month = input.month ?? shanghai(ctx.now).format('YYYY-MM');
    return { month, ...(await figures(ctx.memo.get(`unit:${input.unitId}`) as OrgUnit, month)) };
  },
});

export const getRulesAction = action({
  name: 'leave.getRules',
  roles: ['staff', 'approver'],
  input: z.object({ cityId: UnitId }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.cityId),
  run: (ctx, input) => rulesFor((ctx.memo.get(`unit:${input.cityId}`) as OrgUnit).path),
});

export const setRulesAction = action({
  name: 'leave.setRules',
  roles: ['staff'],
  input: z.object({ cityId: UnitId, rules: LeaveRules }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.cityId),
  run: (ctx, input) => setRules(ctx.caller, ctx.now, ctx.memo.get(`unit:${input.cityId}`) as OrgUnit, input.rules),
});

export const leaveActions = [calendarAction, quoteAction, applyAction, mineAction, withdrawAction, cancelAction, reportBackAction, inboxAction, decideAction, ledgerAction, figuresAction, getRulesAction, setRulesAction] as const;
