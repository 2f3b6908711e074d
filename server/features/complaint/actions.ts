/**
 * Complaints: villagers raise and follow them (identity: their OPENID, village: the group they
 * came from); the township accepts, classifies and dispatches; departments answer; discipline
 * staff handle confidential reports and supervise the long overdue.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { Month } from '../checkin/schema';
import { cadresStationedUnder } from '../people/service';
import { CADRE_KIND_NAMES } from '../people/schema';
import { villagerOf } from '../village/service';
import { isRaiser } from './engine';
import { isDisciplineOverPath, revealsContact } from './rules';
import { CATEGORIES, CATEGORY_NAMES, ComplaintId, ComplaintRules, RATINGS, RATING_NAMES, RaiseInput, Reason, STATUS_NAMES, AnswerInput, DispatchInput, type ComplaintDoc } from './schema';
import {
  BOXES,
  accept,
  answer,
  answerFolder,
  askExtension,
  boxCounts,
  canSee,
  decideExtension,
  departmentsFor,
  deptInbox,
  dispatch,
  figures,
  getComplaint,
  inbox,
  mine,
  photoFolder,
  raise,
  rate,
  reject,
  rulesFor,
  setRules,
  stepsAllowed,
  transfer,
} from './service';
import { iso, row, timeline, urls } from './views';

const Page = { skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(50).default(20) };

function requireOpenid(ctx: ActionContext): string {
  if (!ctx.caller.openid) throw new AppError('not_bound', '请在微信中打开');
  return ctx.caller.openid;
}

/** What the villager who raised it sees: their words, the steps by unit, the answer, the rating. */
async function villagerView(c: ComplaintDoc) {
  const [photos, answerPhotos] = await Promise.all([urls(c.photoFileIds), urls(c.answer?.photoFileIds ?? [])]);
  return {
    ...row(c),
    text: c.text,
    photos,
    answer: c.answer ? { text: c.answer.text, unitName: c.answer.unitName, at: iso(c.answer.at)!, photos: answerPhotos } : null,
    rating: c.rating ? { value: c.rating.value, name: RATING_NAMES[c.rating.value], comment: c.rating.comment } : null,
    canRate: c.status === 'answered',
    reopened: c.reopened > 0,
    steps: timeline(c, false),
  };
}

/** What a handler sees: never the villager's WeChat identity; the contact only where the category needs it; whom a report names only for discipline staff. */
async function handlerView(caller: Caller, c: ComplaintDoc) {
  const rules = await rulesFor(c.villagePath);
  const [photos, answerPhotos] = await Promise.all([urls(c.photoFileIds), urls(c.answer?.photoFileIds ?? [])]);
  const discipline = isDisciplineOverPath(caller, c.villagePath);
  return {
    ...row(c),
    text: c.text,
    photos,
    location: c.location,
    suggested: c.suggested,
    contact: revealsContact(c, rules) ? c.contact : null,
    anonymous: !revealsContact(c, rules) || !c.contact,
    about: c.confidential && discipline ? c.about : null,
    /** A visit problem: the household visited and the cadre who recorded it. */
    visit: c.visit ? { householdName: c.visit.householdName, householdGroup: c.visit.householdGroup, raisedByName: c.raisedBy?.name ?? '' } : null,
    dept: c.dept,
    stage: c.stage,
    extension: c.extension ? { days: c.extension.days, reason: c.extension.reason, byName: c.extension.byName, at: iso(c.extension.at)! } : null,
    answer: c.answer ? { text: c.answer.text, unitName: c.answer.unitName, byName: c.answer.byName, at: iso(c.answer.at)!, onTime: c.answer.onTime, photos: answerPhotos } : null,
    rating: c.rating ? { value: c.rating.value, name: RATING_NAMES[c.rating.value], comment: c.rating.comment } : null,
    reopened: c.reopened > 0,
    steps: timeline(c, true),
  };
}

/** The router's scope check for an action on one complaint: the caller's grant must cover its village. */
async function complaintScope(ctx: ActionContext, input: { id: string }) {
  const c = await getComplaint(input.id);
  if (!c) return null;
  ctx.memo.set('complaint', c);
  return { path: c.villagePath };
}

async function unitScope(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

// ---- villagers -----------------------------------------------------------------------------------

/** The raise page's start: the village, where photos go, the categories, and the cadres a report may name. */
export const formAction = action({
  name: 'complaint.form',
  roles: 'public',
  input: z.object({ villageId: UnitId }).strict(),
  async run(ctx, input) {
    const v = await villagerOf(ctx.caller.openid, input.villageId);
    const cadres = await cadresStationedUnder(v.villageId);
    return {
      village: { id: v.villageId, name: v.villageName },
      uploadFolder: photoFolder(v.openid),
      categories: CATEGORIES.map((key) => ({ key, name: CATEGORY_NAMES[key] })),
      cadres: cadres.map((p) => ({ id: p._id, name: p.name, kindName: CADRE_KIND_NAMES[(p.grants.find((g) => g.role === 'cadre')?.kind as keyof typeof CADRE_KIND_NAMES) ?? 'teamMember'] })),
    };
  },
});

export const raiseAction = action({
  name: 'complaint.raise',
  roles: 'public',
  input: RaiseInput,
  async run(ctx, input) {
    const v = await villagerOf(ctx.caller.openid, input.villageId);
    const c = await raise(v, ctx.now, input);
    return { id: c._id, status: c.status, statusName: STATUS_NAMES[c.status], confidential: c.confidential };
  },
});

export const mineAction = action({
  name: 'complaint.mine',
  roles: 'public',
  input: z.object(Page).strict(),
  async run(ctx, input) {
    const openid = requireOpenid(ctx);
    const { total, items } = await mine(openid, input.skip, input.limit);
    return { total, items: items.map(row) };
  },
});

export const trackAction = action({
  name: 'complaint.track',
  roles: 'public',
  input: z.object({ id: ComplaintId }).strict(),
  async run(ctx, input) {
    const openid = requireOpenid(ctx);
    const c = await getComplaint(input.id);
    if (!c || !isRaiser({ kind: 'villager', openid }, c)) throw new AppError('not_found', '诉求不存在');
    return villagerView(c);
  },
});

export const rateAction = action({
  name: 'complaint.rate',
  roles: 'public',
  input: z.object({ id: ComplaintId, value: z.enum(RATINGS), comment: z.string().trim().max(200).default('') }).strict(),
  async run(ctx, input) {
    const c = await rate(requireOpenid(ctx), ctx.now, input);
    return villagerView(c);
  },
});

// ---- handlers ------------------------------------------------------------------------------------

export const inboxAction = action({
  name: 'complaint.inbox',
  roles: ['staff', 'groupAdmin', 'discipline'],
  input: z.object({ unitId: UnitId, box: z.enum(BOXES), ...Page }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const discipline = isDisciplineOverPath(ctx.caller, unit.path);
    if (input.box === 'discipline' && !discipline) throw new AppError('forbidden', '只有纪委监委可以查看');
    const [{ total, items }, counts] = await Promise.all([inbox(ctx.caller, unit._id, input.box, input.skip, input.limit), boxCounts(ctx.caller, unit._id, discipline)]);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, discipline, total, counts, items: items.map(row) };
  },
});

export const deptInboxAction = action({
  name: 'complaint.deptInbox',
  roles: ['department'],
  input: z.object({ box: z.enum(['doing', 'done']), ...Page }).strict(),
  async run(ctx, input) {
    const { total, counts, items } = await deptInbox(ctx.caller, input.box, input.skip, input.limit);
    return { total, counts, items: items.map(row) };
  },
});

export const getAction = action({
  name: 'complaint.get',
  roles: ['staff', 'groupAdmin', 'discipline', 'department'],
  input: z.object({ id: ComplaintId }).strict(),
  scope: complaintScope,
  async run(ctx) {
    const c = ctx.memo.get('complaint') as ComplaintDoc;
    if (!canSee(ctx.caller, c)) throw new AppError('not_found', '诉求不存在');
    const view = await handlerView(ctx.caller, c);
    const can = stepsAllowed(ctx.caller, c);
    const departments = can.dispatch || can.transfer ? await departmentsFor(c.villagePath) : [];
    const rules = await rulesFor(c.villagePath);
    return { complaint: view, can, departments, maxExtensionDays: rules.maxExtensionDays, categories: CATEGORIES.map((key) => ({ key, name: CATEGORY_NAMES[key] })), answerFolder: ctx.caller.person ? answerFolder(ctx.caller.person._id) : '' };
  },
});

const Id = { id: ComplaintId };

export const acceptAction = action({
  name: 'complaint.accept',
  roles: ['staff', 'groupAdmin', 'discipline'],
  input: z.object({ ...Id, category: z.enum(CATEGORIES) }).strict(),
  scope: complaintScope,
  run: async (ctx, input) => row(await accept(ctx.caller, ctx.now, input.id, input.category)),
});

export const rejectAction = action({
  name: 'complaint.reject',
  roles: ['staff', 'groupAdmin', 'discipline'],
  input: z.object({ ...Id, reason: Reason }).strict(),
  scope: complaintScope,
  run: async (ctx, input) => row(await reject(ctx.caller, ctx.now, input.id, input.reason)),
});

export const dispatchAction = action({
  name: 'complaint.dispatch',
  roles: ['staff', 'discipline'],
  input: DispatchInput,
  scope: complaintScope,
  run: async (ctx, input) => row(await dispatch(ctx.caller, ctx.now, input, ctx.memo.get('complaint') as ComplaintDoc)),
});

export const transferAction = action({
  name: 'complaint.transfer',
  roles: ['staff', 'discipline'],
  input: z.object({ ...Id, unitId: UnitId, departmentId: DispatchInput.shape.departmentId, reason: Reason }).strict(),
  scope: complaintScope,
  run: async (ctx, input) => row(await transfer(ctx.caller, ctx.now, input, ctx.memo.get('complaint') as ComplaintDoc)),
});

export const askExtensionAction = action({
  name: 'complaint.askExtension',
  roles: ['department'],
  input: z.object({ ...Id, days: z.number().int().min(1).max(60), reason: Reason }).strict(),
  scope: complaintScope,
  run: async (ctx, input) => row(await askExtension(ctx.caller, ctx.now, input, ctx.memo.get('complaint') as ComplaintDoc)),
});

export const decideExtensionAction = action({
  name: 'complaint.decideExtension',
  roles: ['staff', 'discipline'],
  input: z.object({ ...Id, approve: z.boolean(), note: z.string().trim().max(200).default('') }).strict(),
  scope: complaintScope,
  run: async (ctx, input) => row(await decideExtension(ctx.caller, ctx.now, input, ctx.memo.get('complaint') as ComplaintDoc)),
});

export const answerAction = action({
  name: 'complaint.answer',
  roles: ['department', 'discipline'],
  input: AnswerInput,
  scope: complaintScope,
  run: async (ctx, input) => row(await answer(ctx.caller, ctx.now, input, ctx.memo.get('complaint') as ComplaintDoc)),
});

export const figuresAction = action({
  name: 'complaint.figures',
  roles: ['staff', 'discipline'],
  input: z.object({ unitId: UnitId, month: Month }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    return { unit: { id: unit._id, name: unit.name }, month: input.month, ...(await figures(ctx.caller, unit, input.month)) };
  },
});

export const getRulesAction = action({
  name: 'complaint.getRules',
  roles: ['staff'],
  input: z.object({ countyId: UnitId }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.countyId),
  async run(ctx) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    return { rules: await rulesFor(unit.path), categories: CATEGORIES.map((key) => ({ key, name: CATEGORY_NAMES[key] })) };
  },
});

export const setRulesAction = action({
  name: 'complaint.setRules',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, rules: ComplaintRules }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.countyId),
  async run(ctx, input) {
    return { rules: await setRules(ctx.caller, ctx.now, ctx.memo.get('unit') as OrgUnit, input.rules) };
  },
});

export const complaintActions = [
  formAction,
  raiseAction,
  mineAction,
  trackAction,
  rateAction,
  inboxAction,
  deptInboxAction,
  getAction,
  acceptAction,
  rejectAction,
  dispatchAction,
  transferAction,
  askExtensionAction,
  decideExtensionAction,
  answerAction,
  figuresAction,
  getRulesAction,
  setRulesAction,
] as const;

