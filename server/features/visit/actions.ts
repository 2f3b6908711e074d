/**
 * Household visits (走访) through the api. Cadres of the village act: the first secretary keeps
 * the households and the 2+1 groups (as staff over the village may), a group's cadres make its
 * monthly plan and log its visits, and the cadre who raised a problem follows it and does the
 * 回访 for the household. Staff of the township and above, in scope, see everything (and keep
 * the households and groups); the figures are theirs. The spreadsheet import and the problem
 * ledger's Excel file are served by the `ledger` function (ledger.ts).
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey } from '../../kernel/clock';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { Month } from '../checkin/schema';
import { cadresStationedUnder, callerPerson } from '../people/service';
import { CADRE_KIND_NAMES } from '../people/schema';
import { cadreMaySee, grantCovers, isRaiser, rateTicket, type TicketDoc } from '../complaint/engine';
import { row as ticketRow, timeline, urls } from '../complaint/views';
import { RATING_NAMES, sourceOf } from '../complaint/schema';
import { periodText, planFulfilled, planMonths } from './rules';
import {
  AddHouseholdInput,
  AssignInput,
  EditHouseholdInput,
  FiguresInput,
  HouseholdsInput,
  LogInput,
  PlanInput,
  ProblemInput,
  ProblemsInput,
  RateInput,
  SaveGroupInput,
  SavePlanInput,
  VisitsInput,
  COMMON_TAGS,
  type HouseholdDoc,
  type PlanDoc,
  type VisitDoc,
  type VisitGroup,
} from './schema';
import {
  addHousehold,
  assignHouseholds,
  cadreVillageOf,
  coverageCounts,
  editHousehold,
  figuresFor,
  getHousehold,
  getPlan,
  getTicket,
  groupsInVillage,
  householdsOfGroup,
  importFolder,
  isFirstSecretaryOf,
  isKeeper,
  listHouseholds,
  logVisit,
  mayPlan,
  plansOf,
  problemsUnder,
  raisedByPerson,
  rosterOf,
  saveGroup,
  savePlan,
  visitsUnder,
} from './service';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

// ---- targets -------------------------------------------------------------------------------------

/**
 * The router's scope check on one document: what `load` finds (and `pathOf` accepts: null
 * refuses it) is kept in the memo under `key` for the handler, and its path is the target.
 */
async function target<K extends keyof Memo>(ctx: ActionContext, key: K, load: Promise<Memo[K] | null>, pathOf: (d: Memo[K]) => readonly string[] | null) {
  const d = await load;
  const path = d ? pathOf(d) : null;
  if (!d || !path) return null;
  ctx.memo.set(key, d);
  return { path: [...path] };
}

interface Memo {
  unit: OrgUnit;
  household: HouseholdDoc;
  ticket: TicketDoc;
}

const memo = <K extends keyof Memo>(ctx: ActionContext, key: K) => ctx.memo.get(key) as Memo[K];

const unitTarget = (ctx: ActionContext, id: string) => target(ctx, 'unit', getUnit(id), (u) => u.path);
const villageTarget = (ctx: ActionContext, id: string) => target(ctx, 'unit', getUnit(id), (u) => (u.level === 'village' ? u.path : null));
const householdTarget = (ctx: ActionContext, id: string) => target(ctx, 'household', getHousehold(id), (h) => h.villagePath);
/** A visit problem (a ticket of source `visit`), for the cadres of its village. */
const problemTarget = (ctx: ActionContext, id: string) => target(ctx, 'ticket', getTicket(id), (c) => (sourceOf(c) === 'visit' ? c.villagePath : null));

const memoUnit = (ctx: ActionContext) => memo(ctx, 'unit');

/** Keeping a village's households and groups: staff over it, or its first secretary. */
function requireKeeper(ctx: ActionContext, village: Pick<OrgUnit, '_id' | 'path'>): void {
  if (!isKeeper(ctx.caller, village)) throw new AppError('forbidden', '只有组织部门或本村第一书记可以管理农户和走访小组');
}

async function groupIn(village: OrgUnit, id: string): Promise<VisitGroup> {
  const g = (await rosterOf(village._id))?.groups.find((x) => x.id === id);
  if (!g) throw new AppError('not_found', '小组不存在');
  return g;
}

// ---- views ---------------------------------------------------------------------------------------

function householdView(h: HouseholdDoc, groupNames: Map<string, string>, month: string) {
  return {
    id: h._id,
    head: h.head,
    group: h.group,
    house: h.house,
    phone: h.phone,
    members: h.members,
    tags: h.tags,
    groupId: h.groupId,
    groupName: h.groupId ? (groupNames.get(h.groupId) ?? '') : null,
    visitedThisMonth: h.visitedMonths.includes(month),
    lastVisitAt: iso(h.lastVisitAt),
    active: h.active,
  };
}

function groupView(g: VisitGroup) {
  return { id: g.id, name: g.name, members: g.members.map((m) => ({ personId: m.personId, name: m.name })), auxiliary: { name: g.auxiliary.name, personId: g.auxiliary.personId } };
}

function planView(p: PlanDoc | null | undefined) {
  const ids = p?.planned ? p.householdIds : [];
  const visited = new Set(p?.visitedIds ?? []);
  return { made: !!p?.planned, madeAt: iso(p?.madeAt), madeByName: p?.madeByName ?? '', total: ids.length, visited: ids.filter((id) => visited.has(id)).length, fulfilled: !!p && planFulfilled(p), visitedOutside: (p?.visitedIds ?? []).filter((id) => !ids.includes(id)).length };
}

function visitView(v: VisitDoc) {
  return {
    id: v._id,
    householdId: v.householdId,
    householdName: v.householdName,
    householdGroup: v.householdGroup,
    villageName: v.villageName,
    groupName: v.groupName,
    at: iso(v.at)!,
    byName: v.byName,
    present: v.present.map((p) => (p.auxiliary ? `${p.name}（辅助）` : p.name)),
    location: v.location ? { inside: v.location.inside, distanceM: v.location.distanceM, accuracy: Math.round(v.location.accuracy) } : null,
    notes: v.notes,
    problems: v.problemIds.length,
  };
}

/** A visit problem in a list: the ticket's line, with the household it came from. */
function problemRow(c: TicketDoc) {
  return { ...ticketRow(c), householdName: c.visit?.householdName ?? '', householdGroup: c.visit?.householdGroup ?? '', raisedByName: c.raisedBy?.name ?? '' };
}

// ---- the cadre's page ----------------------------------------------------------------------------

/** 入户走访: the cadre's village, their 2+1 group, the group's households with this month's plan, and the problems they raised. */
export const homeAction = action({
  name: 'visit.home',
  roles: ['cadre'],
  input: z.object({}).strict(),
  async run(ctx) {
    const person = callerPerson(ctx.caller);
    const villageId = cadreVillageOf(person);
    const today = dateKey(ctx.now);
    const month = today.slice(0, 7);
    if (!villageId) return { me: person._id, village: null, month, today, firstSecretary: false, group: null, plan: planView(null), households: [], problems: [] };
    const village = await getUnit(villageId);
    const [roster, mineProblems] = await Promise.all([rosterOf(villageId), raisedByPerson(person._id, villageId, 30)]);
    const group = roster?.groups.find((g) => g.members.some((m) => m.personId === person._id)) ?? null;
    const [plan, households] = group ? await Promise.all([getPlan(group.id, month), householdsOfGroup(group.id)]) : [null, []];
    const planned = new Set(plan?.planned ? plan.householdIds : []);
    const names = new Map(group ? [[group.id, group.name]] : []);
    return {
      me: person._id,
      village: { id: villageId, name: village?.name ?? person.station?.villageName ?? '' },
      month,
      today,
      firstSecretary: isFirstSecretaryOf(ctx.caller, villageId),
      group: group ? groupView(group) : null,
      plan: planView(plan),
      households: households.map((h) => ({ ...householdView(h, names, month), planned: planned.has(h._id) })).sort((a, b) => Number(a.visitedThisMonth) - Number(b.visitedThisMonth) || Number(b.planned) - Number(a.planned)),
      problems: mineProblems.map((c) => ({ ...problemRow(c), canRate: c.status === 'answered' })),
    };
  },
});

// ---- households ----------------------------------------------------------------------------------

export const householdsAction = action({
  name: 'visit.households',
  roles: ['staff', 'cadre'],
  input: HouseholdsInput,
  scope: (ctx, input) => villageTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx);
    const month = dateKey(ctx.now).slice(0, 7);
    const [{ total, items }, roster, groups, coverage] = await Promise.all([listHouseholds(village._id, input), rosterOf(village._id), groupsInVillage(village._id), coverageCounts(village._id)]);
    const names = new Map((roster?.groups ?? []).map((g) => [g.id, g.name]));
    const keeps = isKeeper(ctx.caller, village);
    return {
      village: { id: village._id, name: village.name },
      total,
      all: groups.reduce((n, g) => n + g.n, 0),
      uncovered: coverage.get(null) ?? 0,
      groups: groups.map((g) => ({ name: g.group, count: g.n })),
      visitGroups: (roster?.groups ?? []).map((g) => ({ id: g.id, name: g.name, count: coverage.get(g.id) ?? 0 })),
      canEdit: keeps,
      importFolder: keeps && ctx.caller.person ? importFolder(ctx.caller.person._id) : '',
      commonTags: [...COMMON_TAGS],
      items: items.map((h) => householdView(h, names, month)),
    };
  },
});

export const addHouseholdAction = action({
  name: 'visit.addHousehold',
  roles: ['staff', 'cadre'],
  input: AddHouseholdInput,
  scope: (ctx, input) => villageTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx);
    requireKeeper(ctx, village);
    return householdView(await addHousehold(ctx.caller, ctx.now, village, input), new Map(), dateKey(ctx.now).slice(0, 7));
  },
});

export const editHouseholdAction = action({
  name: 'visit.editHousehold',
  roles: ['staff', 'cadre'],
  input: EditHouseholdInput,
  scope: (ctx, input) => householdTarget(ctx, input.id),
  async run(ctx, input) {
    const h = memo(ctx, 'household');
    requireKeeper(ctx, { _id: h.villageId, path: h.villagePath });
    const names = new Map(((await rosterOf(h.villageId))?.groups ?? []).map((g) => [g.id, g.name]));
    return householdView(await editHousehold(ctx.caller, ctx.now, h, input), names, dateKey(ctx.now).slice(0, 7));
  },
});

// ---- groups and plans ----------------------------------------------------------------------------

/** A village's 2+1 groups, how many households each covers and this month's plan, and the cadres who may be members. */
export const groupsAction = action({
  name: 'visit.groups',
  roles: ['staff', 'cadre'],
  input: z.object({ villageId: UnitId, month: Month.optional() }).strict(),
  scope: (ctx, input) => villageTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx);
    const month = input.month ?? dateKey(ctx.now).slice(0, 7);
    const [roster, coverage, plans, cadres] = await Promise.all([rosterOf(village._id), coverageCounts(village._id), plansOf(village._id, month), cadresStationedUnder(village._id)]);
    const groups = roster?.groups ?? [];
    const groupOfPerson = new Map(groups.flatMap((g) => g.members.map((m) => [m.personId, g.name] as const)));
    return {
      village: { id: village._id, name: village.name },
      month,
      canManage: isKeeper(ctx.caller, village),
      me: ctx.caller.person?._id ?? '',
      uncovered: coverage.get(null) ?? 0,
      groups: groups.map((g) => ({ ...groupView(g), households: coverage.get(g.id) ?? 0, plan: planView(plans.get(g.id)) })),
      cadres: cadres.map((p) => {
        const grant = p.grants.find((x) => x.role === 'cadre');
        return { id: p._id, name: p.name, kindName: CADRE_KIND_NAMES[grant?.kind ?? 'teamMember'], groupName: groupOfPerson.get(p._id) ?? null };
      }),
    };
  },
});

export const saveGroupAction = action({
  name: 'visit.saveGroup',
  roles: ['staff', 'cadre'],
  input: SaveGroupInput,
  scope: (ctx, input) => villageTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx);
    requireKeeper(ctx, village);
    return groupView(await saveGroup(ctx.caller, ctx.now, village, input));
  },
});

/** 包干: households given to a group, or taken back. */
export const assignAction = action({
  name: 'visit.assign',
  roles: ['staff', 'cadre'],
  input: AssignInput,
  scope: (ctx, input) => villageTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx);
    requireKeeper(ctx, village);
    const group = await groupIn(village, input.groupId);
    return { group: groupView(group), ...(await assignHouseholds(ctx.now, village, group, input.add, input.remove)), households: (await coverageCounts(village._id)).get(group.id) ?? 0 };
  },
});

/** A group's plan for a month: the households it covers, which are planned, which visited; and whether the caller may change it. */
export const planAction = action({
  name: 'visit.plan',
  roles: ['staff', 'cadre'],
  input: PlanInput,
  scope: (ctx, input) => villageTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx);
    const group = await groupIn(village, input.groupId);
    const [plan, households] = await Promise.all([getPlan(group.id, input.month), householdsOfGroup(group.id)]);
    const planned = new Set(plan?.planned ? plan.householdIds : []);
    const visited = new Set(plan?.visitedIds ?? []);
    const today = dateKey(ctx.now);
    const { current, next } = planMonths(today);
    const mine = mayPlan(ctx.caller, village._id, group);
    return {
      village: { id: village._id, name: village.name },
      group: groupView(group),
      month: input.month,
      monthText: periodText(input.month),
      plan: planView(plan),
      canEdit: mine && (input.month === current || input.month === next),
      /** This month's plan is under way: households may be added, not taken out. */
      addOnly: input.month === current && !!plan?.planned,
      months: [current, next],
      households: households.map((h) => ({ id: h._id, head: h.head, group: h.group, house: h.house, tags: h.tags, planned: planned.has(h._id), visited: visited.has(h._id) })),
    };
  },
});

export const savePlanAction = action({
  name: 'visit.savePlan',
  roles: ['cadre'],
  input: SavePlanInput,
  scope: (ctx, input) => villageTarget(ctx, input.villageId),
  async run(ctx, input) {
    const village = memoUnit(ctx);
    const group = await groupIn(village, input.groupId);
    if (!mayPlan(ctx.caller, village._id, group)) throw new AppError('forbidden', '只有本组成员或本村第一书记可以制定走访计划');
    return planView(await savePlan(ctx.caller, ctx.now, village, group, input.month, input.householdIds));
  },
});

// ---- visits --------------------------------------------------------------------------------------

export const logAction = action({
  name: 'visit.log',
  roles: ['cadre'],
  input: LogInput,
  scope: (ctx, input) => householdTarget(ctx, input.householdId),
  async run(ctx, input) {
    const { visit, tickets } = await logVisit(callerPerson(ctx.caller), ctx.now, input, memo(ctx, 'household'));
    return { visit: visitView(visit), problems: tickets.map(problemRow) };
  },
});

export const visitsAction = action({
  name: 'visit.visits',
  roles: ['staff', 'cadre'],
  input: VisitsInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx);
    const { total, items } = await visitsUnder(unit._id, input.month, input.householdId, input.skip, input.limit);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, month: input.month, total, items: items.map(visitView) };
  },
});

// ---- the problem ledger (问题台账) ------------------------------------------------------------------

export const problemsAction = action({
  name: 'visit.problems',
  roles: ['staff', 'discipline', 'cadre'],
  input: ProblemsInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx);
    const { total, items } = await problemsUnder(ctx.caller, unit, input.period, input.open, input.skip, input.limit);
    const handler = grantCovers(ctx.caller, ['staff', 'discipline'], unit.path);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, period: input.period, periodText: periodText(input.period), handler, total, items: items.map(problemRow) };
  },
});

/** One visit problem, for the cadres of its village: its record, the answer, and the 回访 if it is theirs to do. */
export const problemAction = action({
  name: 'visit.problem',
  roles: ['cadre'],
  input: ProblemInput,
  scope: (ctx, input) => problemTarget(ctx, input.id),
  async run(ctx) {
    const c = memo(ctx, 'ticket');
    const me = ctx.caller.person!;
    const raiser = { kind: 'person', personId: me._id, name: me.name } as const;
    if (!cadreMaySee(raiser, c)) throw new AppError('not_found', '问题不存在');
    const mine = isRaiser(raiser, c);
    const answerPhotos = await urls(c.answer?.photoFileIds ?? []);
    return {
      ...problemRow(c),
      text: c.text,
      answer: c.answer ? { text: c.answer.text, unitName: c.answer.unitName, at: iso(c.answer.at)!, photos: answerPhotos } : null,
      rating: c.rating ? { value: c.rating.value, name: RATING_NAMES[c.rating.value], comment: c.rating.comment } : null,
      canRate: mine && c.status === 'answered',
      reopened: c.reopened > 0,
      steps: timeline(c, false),
    };
  },
});

/** 回访: the cadre who raised the problem (or one present at the visit) rates the answer for the household. */
export const rateAction = action({
  name: 'visit.rate',
  roles: ['cadre'],
  input: RateInput,
  scope: (ctx, input) => problemTarget(ctx, input.id),
  async run(ctx, input) {
    const me = ctx.caller.person!;
    const c = await rateTicket({ kind: 'person', personId: me._id, name: me.name }, ctx.now, input, memo(ctx, 'ticket'));
    return { ...problemRow(c), rating: c.rating ? { value: c.rating.value, name: RATING_NAMES[c.rating.value], comment: c.rating.comment } : null, canRate: c.status === 'answered', reopened: c.reopened > 0, steps: timeline(c, false) };
  },
});

// ---- figures -------------------------------------------------------------------------------------

/** 走访统计: a unit's month or quarter, by village or township (and county for a city); frozen with the publication that covers it. */
export const figuresAction = action({
  name: 'visit.figures',
  roles: ['staff'],
  input: FiguresInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx);
    return { ...(await figuresFor(unit, input.period, input.pubId)), periodText: periodText(input.period) };
  },
});

export const visitActions = [
  homeAction,
  householdsAction,
  addHouseholdAction,
  editHouseholdAction,
  groupsAction,
  saveGroupAction,
  assignAction,
  planAction,
  savePlanAction,
  logAction,
  visitsAction,
  problemsAction,
  problemAction,
  rateAction,
  figuresAction,
] as const;
