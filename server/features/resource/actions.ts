/**
 * Assistance resources (帮扶资源): cadres record the projects and funds they bring to their village
 * and the practical deeds they do; staff over the village read them by unit, confirm (核实) or
 * correct them, and read the figures by village, township, county and city. The Excel ledger is
 * `ledger.exportResources` (resource/ledger.ts, served by the `ledger` function).
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { dateKey } from '../../kernel/clock';
import { getUnit, getUnitCached } from '../org/service';
import { within } from '../org/rules';
import { LEVEL_NAMES, type OrgUnit } from '../org/schema';
import { activeAssignmentsOf, cadresStationedUnder, callerPerson } from '../people/service';
import { fenToYuan, wanText, yuanText } from './rules';
import {
  AddInput,
  ConfirmInput,
  DeedInput,
  EditInput,
  FiguresInput,
  KIND_NAMES,
  ListInput,
  PROJECT_KINDS,
  ProjectId,
  SOURCE_NAMES,
  SOURCES,
  STATUS_NAMES,
  STATUSES,
  WithdrawInput,
  type DeedDoc,
  type HistoryEntry,
  type ProjectDoc,
} from './schema';
import {
  addDeed,
  addProject,
  confirmProject,
  editProject,
  figures,
  fileUrls,
  getProject,
  projectsUnder,
  resourceFolder,
  stationOf,
  villageDeeds,
  villageProjects,
  withdrawProject,
  type Bucket,
  type FigureRow,
  type ProjectActor,
} from './service';

const iso = (d: Date | string) => new Date(d).toISOString();
const IMAGE = /\.(jpe?g|png|gif|webp|heic)$/i;

function row(p: ProjectDoc) {
  return {
    id: p._id,
    villageId: p.villageId,
    villageName: p.villageName,
    name: p.name,
    kind: p.kind,
    kindName: KIND_NAMES[p.kind],
    amountFen: p.amountFen,
    amountText: yuanText(p.amountFen),
    source: p.source,
    sourceKindName: SOURCE_NAMES[p.source],
    sourceName: p.sourceName,
    status: p.status,
    statusName: STATUS_NAMES[p.status],
    plannedOn: p.plannedOn,
    startedOn: p.startedOn,
    completedOn: p.completedOn,
    broughtByName: p.broughtByName,
    files: p.files.length,
    version: p.version,
    confirmed: p.confirmed,
    withdrawn: !!p.withdrawn,
    updatedAt: iso(p.updatedAt),
  };
}

const AS_NAMES = { cadre: '驻村干部', staff: '组织部门' } as const;
const HISTORY_NAMES: Record<HistoryEntry['kind'], string> = { edit: '修改', confirm: '核实', withdraw: '撤销' };

interface Allowed {
  /** How the caller stands to the project: a cadre of its village, or staff over it. */
  viewerAs: 'cadre' | 'staff';
  canEdit: boolean;
  canConfirm: boolean;
  canWithdraw: boolean;
}

async function full(p: ProjectDoc, allowed: Allowed) {
  const urls = await fileUrls(p.files);
  return {
    ...row(p),
    amountYuan: fenToYuan(p.amountFen),
    amountWanText: wanText(p.amountFen),
    note: p.note,
    broughtById: p.broughtById,
    recordedByName: p.recordedByName,
    createdAt: iso(p.createdAt),
    files: p.files.map((f) => ({ fileId: f.fileId, name: f.name, url: urls.get(f.fileId) ?? '', image: IMAGE.test(f.name) })),
    confirmation: p.confirmation ? { byName: p.confirmation.byName, unitName: p.confirmation.unitName, at: iso(p.confirmation.at) } : null,
    withdrawal: p.withdrawn ? { byName: p.withdrawn.byName, reason: p.withdrawn.reason, at: iso(p.withdrawn.at) } : null,
    history: p.history.map((h) => ({ at: iso(h.at), kind: h.kind, kindName: HISTORY_NAMES[h.kind], byName: h.byName, asName: AS_NAMES[h.as], unitName: h.unitName, changes: h.changes, reason: h.reason, unconfirmed: h.unconfirmed })),
    ...allowed,
  };
}

function deedView(d: DeedDoc) {
  return { id: d._id, date: d.date, text: d.text, personName: d.personName, villageName: d.villageName };
}

/** The project of the call, read once for the scope check (its village) and kept for the handler. */
async function projectTarget(ctx: ActionContext, input: { id: string }) {
  const p = await getProject(input.id);
  if (!p) return null;
  ctx.memo.set('project', p);
  return { path: p.villagePath };
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

/**
 * Who acts on a project, as what: staff over its village (named with their unit), else a cadre
 * stationed in it now. Anyone else (a cadre whose grant outlived their station) is refused.
 */
async function actorFor(ctx: ActionContext, p: ProjectDoc): Promise<ProjectActor> {
  const person = callerPerson(ctx.caller);
  const grant = person.grants.find((g) => g.role === 'staff' && within(p.villagePath, g.orgUnitId));
  if (grant) return { person, byId: person._id, byName: person.name, as: 'staff', unitName: (await getUnitCached(grant.orgUnitId))?.name ?? '' };
  if (person.station?.villageId === p.villageId) return { person, byId: person._id, byName: person.name, as: 'cadre', unitName: '' };
  throw new AppError('forbidden', '只有本村的驻村干部和上级组织部门可以查看和修改这个项目');
}

function allowedFor(a: ProjectActor, p: ProjectDoc): Allowed {
  const open = !p.withdrawn;
  return { viewerAs: a.as, canEdit: open, canConfirm: open && a.as === 'staff' && !p.confirmed, canWithdraw: open && (a.as === 'staff' || !p.confirmed) };
}

const memoProject = (ctx: ActionContext) => ctx.memo.get('project') as ProjectDoc;

/** The cadre's village: its projects, its figures and deeds, and what the form needs (defaults, the village's cadres, where files go). */
export const mineAction = action({
  name: 'resource.mine',
  roles: ['cadre'],
  input: z.object({ skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(100).default(50) }).strict(),
  async run(ctx, input) {
    const person = callerPerson(ctx.caller);
    const station = stationOf(person);
    const village: OrgUnit = { _id: station.villageId, name: station.villageName, level: 'village', parentId: station.path[2] ?? null, path: station.path, createdAt: ctx.now, updatedAt: ctx.now };
    const [[cadres, units], items, fig, deeds] = await Promise.all([
      // The village's cadres, and each one's dispatching unit (a 派出单位 left unnamed is the bringer's).
      cadresStationedUnder(station.villageId).then(async (list) => [list, await activeAssignmentsOf([person._id, ...list.map((c) => c._id)])] as const),
      villageProjects(station.villageId, input.skip, input.limit),
      figures(village, { confirmedOnly: false }),
      villageDeeds(station.villageId, 20),
    ]);
    const t = fig.total;
    return {
      village: { id: station.villageId, name: station.villageName },
      today: dateKey(ctx.now),
      uploadFolder: resourceFolder(person._id),
      me: { id: person._id, name: person.name },
      dispatchingUnit: units.get(person._id)?.dispatchingUnit ?? '',
      cadres: cadres.map((c) => ({ id: c._id, name: c.name, dispatchingUnit: units.get(c._id)?.dispatchingUnit ?? '' })),
      total: t.count,
      amountText: yuanText(t.amountFen),
      confirmedCount: t.confirmedCount,
      confirmedAmountText: yuanText(t.confirmedAmountFen),
      items: items.map(row),
      deeds: { total: t.deeds, items: deeds.map(deedView) },
    };
  },
});

export const addAction = action({
  name: 'resource.add',
  roles: ['cadre'],
  input: AddInput,
  async run(ctx, input) {
    const p = await addProject(callerPerson(ctx.caller), ctx.now, input);
    return full(p, { viewerAs: 'cadre', canEdit: !p.withdrawn, canConfirm: false, canWithdraw: !p.withdrawn && !p.confirmed });
  },
});

/** A cadre of the village changes a project, or staff over it correct one (with a reason). */
export const editAction = action({
  name: 'resource.edit',
  roles: ['cadre', 'staff'],
  input: EditInput,
  scope: projectTarget,
  async run(ctx, input) {
    const p = memoProject(ctx);
    const actor = await actorFor(ctx, p);
    const changed = await editProject(ctx.caller, ctx.now, actor, p, input);
    return full(changed, allowedFor(actor, changed));
  },
});

export const getAction = action({
  name: 'resource.get',
  roles: ['cadre', 'staff'],
  input: z.object({ id: ProjectId }).strict(),
  scope: projectTarget,
  async run(ctx) {
    const p = memoProject(ctx);
    const actor = await actorFor(ctx, p);
    return full(p, allowedFor(actor, p));
  },
});

export const confirmAction = action({
  name: 'resource.confirm',
  roles: ['staff'],
  input: ConfirmInput,
  scope: projectTarget,
  async run(ctx, input) {
    const actor = await actorFor(ctx, memoProject(ctx));
    const p = await confirmProject(ctx.caller, ctx.now, actor, input.id, input.version);
    return full(p, allowedFor(actor, p));
  },
});

export const withdrawAction = action({
  name: 'resource.withdraw',
  roles: ['cadre', 'staff'],
  input: WithdrawInput,
  scope: projectTarget,
  async run(ctx, input) {
    const actor = await actorFor(ctx, memoProject(ctx));
    const p = await withdrawProject(ctx.caller, ctx.now, actor, input.id, input.reason);
    return full(p, allowedFor(actor, p));
  },
});

/** Staff: the projects under a unit (待核实 first), by confirmation, kind and status. */
export const listAction = action({
  name: 'resource.list',
  roles: ['staff'],
  input: ListInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const { total, items } = await projectsUnder(unit._id, input);
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, filter: input.filter, total, items: items.map(row) };
  },
});

const bucketView = (key: string, name: string, b: Bucket) => ({ key, name, count: b.count, amountFen: b.amountFen, amountText: yuanText(b.amountFen) });

function figureRowView(r: FigureRow) {
  return {
    id: r.id,
    name: r.name,
    count: r.count,
    amountFen: r.amountFen,
    amountText: yuanText(r.amountFen),
    wanText: wanText(r.amountFen),
    confirmedCount: r.confirmedCount,
    confirmedAmountFen: r.confirmedAmountFen,
    confirmedAmountText: yuanText(r.confirmedAmountFen),
    deeds: r.deeds,
  };
}

/** Staff: a unit's figures — projects and amount by kind, source and status, and by village, township or county; confirmed only, or all. */
export const figuresAction = action({
  name: 'resource.figures',
  roles: ['staff'],
  input: FiguresInput,
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const f = await figures(unit, { confirmedOnly: input.confirmedOnly, by: input.by });
    return {
      unit: { id: unit._id, name: unit.name, level: unit.level },
      by: f.by,
      byName: LEVEL_NAMES[f.by],
      confirmedOnly: f.confirmedOnly,
      total: figureRowView(f.total),
      byKind: PROJECT_KINDS.map((k) => bucketView(k, KIND_NAMES[k], f.total.byKind[k])),
      bySource: SOURCES.map((k) => bucketView(k, SOURCE_NAMES[k], f.total.bySource[k])),
      byStatus: STATUSES.map((k) => bucketView(k, STATUS_NAMES[k], f.total.byStatus[k])),
      rows: f.rows.map(figureRowView),
    };
  },
});

export const addDeedAction = action({
  name: 'resource.addDeed',
  roles: ['cadre'],
  input: DeedInput,
  run: async (ctx, input) => deedView(await addDeed(callerPerson(ctx.caller), ctx.now, input)),
});

export const resourceActions = [mineAction, addAction, editAction, getAction, confirmAction, withdrawAction, listAction, figuresAction, addDeedAction] as const;
