/** Work logs (驻村记实): cadres write and edit the same day; staff in scope read by unit and day, and comment. */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey } from '../../kernel/clock';
import { getUnit, getUnits } from '../org/service';
import { within } from '../org/rules';
import { UnitId, type OrgUnit } from '../org/schema';
import { Month } from '../checkin/schema';
import { callerPerson } from '../people/service';
import { CommentInput, DayInput, EditInput, WorkLogId, WriteInput, type WorkLogDoc } from './schema';
import { comment, edit, getLog, logsOf, logsUnder, photoFolder, photoUrls, write } from './service';

const iso = (d: Date | string) => new Date(d).toISOString();

function row(l: WorkLogDoc) {
  return {
    id: l._id,
    personId: l.personId,
    personName: l.personName,
    villageName: l.villageName,
    date: l.date,
    excerpt: l.text.length > 80 ? `${l.text.slice(0, 80)}…` : l.text,
    photos: l.photoFileIds.length,
    checkinId: l.checkinId,
    edited: l.history.length > 0,
    comments: l.comments.length,
    createdAt: iso(l.createdAt),
  };
}

async function full(l: WorkLogDoc, canEdit: boolean) {
  return {
    ...row(l),
    text: l.text,
    photoUrls: await photoUrls(l.photoFileIds),
    photoFileIds: canEdit ? l.photoFileIds : [],
    history: l.history.map((h) => ({ text: h.text, photos: h.photoFileIds.length, at: iso(h.at) })),
    comments: l.comments.map((c) => ({ byName: c.byName, unitName: c.unitName, text: c.text, at: iso(c.at) })),
    canEdit,
  };
}

async function logScope(ctx: ActionContext, input: { id: string }) {
  const l = await getLog(input.id);
  if (!l) return null;
  ctx.memo.set('log', l);
  return { path: l.villagePath };
}

export const writeAction = action({
  name: 'workLog.write',
  roles: ['cadre'],
  input: WriteInput,
  async run(ctx, input) {
    return full(await write(callerPerson(ctx.caller), ctx.now, input), true);
  },
});

export const editAction = action({
  name: 'workLog.edit',
  roles: ['cadre'],
  input: EditInput,
  async run(ctx, input) {
    const l = await edit(callerPerson(ctx.caller), ctx.now, input);
    return full(l, dateKey(ctx.now) === l.date);
  },
});

/** A cadre's month: their logs and how many log days it has (what an allowance by log days counts). */
export const mineAction = action({
  name: 'workLog.mine',
  roles: ['cadre'],
  input: z.object({ month: Month.optional() }).strict(),
  async run(ctx, input) {
    const person = callerPerson(ctx.caller);
    const today = dateKey(ctx.now);
    const month = input.month ?? today.slice(0, 7);
    const logs = await logsOf(person._id, month);
    return { month, today, uploadFolder: photoFolder(person._id), logDays: new Set(logs.map((l) => l.date)).size, items: logs.map((l) => ({ ...row(l), canEdit: l.date === today })) };
  },
});

/** One log: its author, or staff in scope (reading it is in their work). */
export const getAction = action({
  name: 'workLog.get',
  roles: ['cadre', 'staff'],
  input: z.object({ id: WorkLogId }).strict(),
  scope: logScope,
  async run(ctx) {
    const l = ctx.memo.get('log') as WorkLogDoc;
    const mine = ctx.caller.person?._id === l.personId;
    const staff = !!ctx.caller.person?.grants.some((g) => g.role === 'staff' && within(l.villagePath, g.orgUnitId));
    if (!mine && !staff) throw new AppError('forbidden');
    return full(l, mine && dateKey(ctx.now) === l.date);
  },
});

/** Staff read a unit's logs of a day (and how many cadres wrote one). */
export const listAction = action({
  name: 'workLog.list',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, date: DayInput, skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(50).default(20) }).strict(),
  async scope(ctx, input) {
    const unit = await getUnit(input.unitId);
    if (!unit) return null;
    ctx.memo.set('unit', unit);
    return { path: unit.path };
  },
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const { total, writers, items } = await logsUnder(unit._id, input.date, input.skip, input.limit);
    return { unit: { id: unit._id, name: unit.name }, date: input.date, total, writers, items: items.map(row) };
  },
});

export const commentAction = action({
  name: 'workLog.comment',
  roles: ['staff'],
  input: CommentInput,
  scope: logScope,
  async run(ctx, input) {
    const l = ctx.memo.get('log') as WorkLogDoc;
    const grant = ctx.caller.person!.grants.find((g) => g.role === 'staff' && within(l.villagePath, g.orgUnitId))!;
    const unitName = (await getUnits([grant.orgUnitId])).get(grant.orgUnitId)?.name ?? '';
    return full(await comment(ctx.caller, ctx.now, l, unitName, input.text), false);
  },
});

export const workLogActions = [writeAction, editAction, mineAction, getAction, listAction, commentAction] as const;
