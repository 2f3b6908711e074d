/** Spot checks: staff issue and follow them; cadres answer; the ladder's tasks; the figures. */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey, shanghai } from '../../kernel/clock';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { Day, Month } from '../checkin/schema';
import { answerableUntil } from './rules';
import {
  AnswerInput,
  CALL_OUTCOMES,
  ESCALATION_KINDS,
  EscalationId,
  INQUIRY_RESULTS,
  IssueInput,
  SpotCheckId,
  SpotCheckSettings,
  type EscalationDoc,
  type SpotCheckDoc,
} from './schema';
import {
  answer,
  board,
  callInfo,
  figures,
  getDraw,
  getEscalation,
  getSpotCheck,
  issue,
  listEscalations,
  mine,
  photoFolder,
  photoUrls,
  recordCall,
  recordViewed,
  resolveEscalation,
  setSettings,
  settingsFor,
  verifyDraw,
  type Resolution,
} from './service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A spot check as pages see it. */
function view(sc: SpotCheckDoc, now: Date, urls?: Map<string, string>) {
  return {
    id: sc._id,
    batchId: sc.batchId,
    drawId: sc.drawId,
    personId: sc.personId,
    personName: sc.personName,
    villageId: sc.villageId,
    villageName: sc.villageName,
    issuedByName: sc.issuedByName,
    issuedAt: iso(sc.issuedAt)!,
    deadline: iso(sc.deadline)!,
    /** Seconds left to the deadline (0 once past), by the server's clock. */
    secondsLeft: Math.max(0, Math.round((new Date(sc.deadline).getTime() - now.getTime()) / 1000)),
    /** The cadre may still answer (late answers are taken until the end of the day). */
    answerable: !sc.answer && now.getTime() <= answerableUntil(new Date(sc.issuedAt)).getTime(),
    note: sc.note,
    status: sc.status,
    answer: sc.answer
      ? { at: iso(sc.answer.at)!, lat: sc.answer.lat, lng: sc.answer.lng, accuracy: sc.answer.accuracy, inside: sc.answer.inside, distanceM: sc.answer.distanceM, flags: sc.answer.flags, late: sc.answer.late, photoUrl: urls?.get(sc.answer.photoFileId) ?? null }
      : null,
    call: sc.call ? { channel: sc.call.channel, outcome: sc.call.outcome, note: sc.call.note, byName: sc.call.byName, at: iso(sc.call.at)! } : null,
  };
}

function escalationView(e: EscalationDoc) {
  return {
    id: e._id,
    kind: e.kind,
    personId: e.personId,
    personName: e.personName,
    villageId: e.villageId,
    villageName: e.villageName,
    dispatchingUnit: e.dispatchingUnit,
    spotCheckIds: e.spotCheckIds,
    missCount: e.missCount,
    periodDays: e.periodDays,
    why: e.why,
    level: e.level,
    createdAt: iso(e.createdAt)!,
    status: e.status,
    outcome: e.outcome,
    decidedByName: e.decidedByName,
    decidedAt: iso(e.decidedAt),
    trail: e.trail.map((t) => ({ ...t, at: iso(t.at)! })),
  };
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}
const memoUnit = (ctx: ActionContext, id: string) => ctx.memo.get(`unit:${id}`) as OrgUnit;

/** Notices and recalls are the county's to decide: a staff grant at county level or above must cover the village. */
function requireCountyStaff(caller: Caller, path: readonly string[]): void {
  const ok = caller.person?.grants.some((g) => g.role === 'staff' && g.path.length <= 2 && path.includes(g.orgUnitId));
  if (!ok) throw new AppError('forbidden', '通报批评和召回由县（区）委组织部处理');
}

export const issueAction = action({
  name: 'spotCheck.issue',
  roles: ['staff'],
  input: IssueInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const r = await issue(ctx.caller, ctx.now, memoUnit(ctx, input.unitId), input);
    return { batchId: r.batchId, drawId: r.drawId, repeated: r.repeated, issued: r.issued.map((sc) => view(sc, ctx.now)), skipped: r.skipped };
  },
});

export const verifyDrawAction = action({
  name: 'spotCheck.verifyDraw',
  roles: ['staff', 'discipline'],
  input: z.object({ drawId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) }).strict(),
  scope: async (ctx, input) => {
    const d = await getDraw(input.drawId);
    if (!d) return null;
    ctx.memo.set('draw', d);
    return { path: d.unitPath };
  },
  async run(ctx) {
    const r = await verifyDraw(ctx.memo.get('draw') as NonNullable<Awaited<ReturnType<typeof getDraw>>>);
    return { ...r, at: iso(r.at)! };
  },
});

export const mineAction = action({
  name: 'spotCheck.mine',
  roles: ['cadre'],
  input: z.object({}).strict(),
  async run(ctx) {
    const list = (await mine(ctx.caller.person!._id, ctx.now)).map((sc) => view(sc, ctx.now));
    return { pending: list.filter((x) => x.answerable), recent: list.filter((x) => !x.answerable), photoFolder: photoFolder(ctx.caller.person!._id), serverTime: ctx.now.toISOString() };
  },
});

export const answerAction = action({
  name: 'spotCheck.answer',
  roles: ['cadre'],
  input: AnswerInput,
  async run(ctx, input) {
    return view(await answer(ctx.caller, ctx.now, input), ctx.now);
  },
});

export const boardAction = action({
  name: 'spotCheck.board',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, date: Day.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const date = input.date ?? dateKey(ctx.now);
    const list = await board(input.unitId, date);
    const urls = await photoUrls(list);
    // The answers show where cadres were: a look at their location, recorded for them to see.
    await recordViewed(ctx.caller, ctx.now, list, `${date} 约请响应`);
    const items = list.map((sc) => view(sc, ctx.now, urls));
    const count = (s: string) => items.filter((i) => i.status === s).length;
    return { date, serverTime: ctx.now.toISOString(), counts: { open: count('open'), answered: count('answered'), late: count('late'), missed: count('missed') }, items };
  },
});

async function spotCheckTarget(ctx: ActionContext, id: string) {
  const sc = await getSpotCheck(id);
  if (!sc) return null;
  ctx.memo.set('spotCheck', sc);
  return { path: sc.villagePath };
}

export const callInfoAction = action({
  name: 'spotCheck.callInfo',
  roles: ['staff'],
  input: z.object({ id: SpotCheckId }).strict(),
  scope: (ctx, input) => spotCheckTarget(ctx, input.id),
  run: (ctx) => callInfo(ctx.caller, ctx.memo.get('spotCheck') as SpotCheckDoc),
});

export const recordCallAction = action({
  name: 'spotCheck.recordCall',
  roles: ['staff'],
  input: z.object({ id: SpotCheckId, channel: z.enum(['video', 'phone']), outcome: z.enum(CALL_OUTCOMES), note: z.string().trim().max(200).optional() }).strict(),
  scope: (ctx, input) => spotCheckTarget(ctx, input.id),
  async run(ctx, input) {
    return view(await recordCall(ctx.caller, ctx.now, input.id, input), ctx.now);
  },
});

export const tasksAction = action({
  name: 'spotCheck.tasks',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, status: z.enum(['open', 'done', 'dismissed']).optional(), kind: z.enum(ESCALATION_KINDS).optional(), skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(30) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(_ctx, input) {
    return (await listEscalations(input.unitId, input)).map(escalationView);
  },
});

const Reason = z.string().trim().min(2, '请填写情况说明（至少2个字）').max(300);
export const ResolveInput = z.discriminatedUnion('kind', [
  z.object({ id: EscalationId, kind: z.literal('inquiry'), result: z.enum(INQUIRY_RESULTS), reason: Reason }).strict(),
  // Publish with a title and text, or decline with a reason.
  z
    .object({ id: EscalationId, kind: z.literal('notice'), publish: z.boolean(), title: z.string().trim().min(4, '标题至少4个字').max(40).optional(), body: z.string().trim().min(10, '正文至少10个字').max(2000).optional(), reason: Reason.optional() })
    .strict()
    .superRefine((v, ctx) => {
      if (v.publish && (!v.title || !v.body)) ctx.addIssue({ code: 'custom', path: ['body'], message: '发布通报需填写标题和正文' });
      if (!v.publish && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请说明不予通报的理由' });
    }),
  z.object({ id: EscalationId, kind: z.literal('talk'), note: Reason }).strict(),
  z.object({ id: EscalationId, kind: z.literal('recall'), decision: z.enum(['accepted', 'declined']), reason: Reason }).strict(),
]);

export const resolveAction = action({
  name: 'spotCheck.resolveTask',
  roles: ['staff'],
  input: ResolveInput,
  scope: async (ctx, input) => {
    const e = await getEscalation(input.id);
    if (!e) return null;
    ctx.memo.set('escalation', e);
    return { path: e.villagePath };
  },
  async run(ctx, input) {
    const e = ctx.memo.get('escalation') as EscalationDoc;
    if (e.level === 'county') requireCountyStaff(ctx.caller, e.villagePath);
    const { id, ...rest } = input;
    const r: Resolution = rest.kind === 'notice' ? (rest.publish ? { kind: 'notice', publish: true, title: rest.title!, body: rest.body! } : { kind: 'notice', publish: false, reason: rest.reason! }) : rest;
    return escalationView(await resolveEscalation(ctx.caller, ctx.now, id, r));
  },
});

export const figuresAction = action({
  name: 'spotCheck.figures',
  roles: ['staff', 'discipline'],
  input: z.object({ unitId: UnitId, month: Month.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const month = input.month ?? shanghai(ctx.now).format('YYYY-MM');
    return { month, ...(await figures(memoUnit(ctx, input.unitId), month)) };
  },
});

export const getSettingsAction = action({
  name: 'spotCheck.getSettings',
  roles: ['staff'],
  input: z.object({ countyId: UnitId }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.countyId),
  run: (_ctx, input) => settingsFor(input.countyId),
});

export const setSettingsAction = action({
  name: 'spotCheck.setSettings',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, settings: SpotCheckSettings }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.countyId),
  run: (ctx, input) => setSettings(ctx.caller, ctx.now, memoUnit(ctx, input.countyId), input.settings),
});

export const spotCheckActions = [issueAction, verifyDrawAction, mineAction, answerAction, boardAction, callInfoAction, recordCallAction, tasksAction, resolveAction, figuresAction, getSettingsAction, setSettingsAction] as const;
