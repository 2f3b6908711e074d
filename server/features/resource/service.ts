/**
 * Assistance resources: projects and funds brought to villages, and practical deeds (好事实事).
 *
 * A project is recorded by a cadre stationed in the village (their station copy names it: no
 * read), once per recorder and clientId (a retried add is one project). Staff over the village
 * confirm (核实) a version of it; a confirmed project is locked — it changes only with a stated
 * reason, and the change takes it back to 待核实, the fields changed kept in its history. Every
 * change after the add is one transaction on the one document, with its audit entry.
 *
 * Figures are one aggregation per level of rows (conditional sums by kind, source and status,
 * in integer fen), never a query per village.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey } from '../../kernel/clock';
import { audit } from '../audit/service';
import { checkPhotosIn } from '../checkin/photos';
import { listSubtree } from '../org/service';
import { LEVELS, type Level, type OrgUnit } from '../org/schema';
import type { PersonDoc } from '../people/schema';
import { activeAssignment, cadresStationedUnder } from '../people/service';
import { changesOf, contentsOf, type Contents } from './rules';
import {
  MAX_HISTORY,
  PROJECT_KINDS,
  SOURCES,
  STATUSES,
  type Actor,
  type AddInput,
  type DeedDoc,
  type DeedInput,
  type EditInput,
  type Filter,
  type HistoryEntry,
  type ProjectDoc,
  type ProjectFile,
  type ProjectKind,
  type ProjectStatus,
  type Source,
} from './schema';

export const PROJECTS = 'resourceProjects';
export const DEEDS = 'resourceDeeds';

/** Where a person uploads a project's photos and documents (the page uploads there; the server checks). */
export const resourceFolder = (personId: string) => `resources/${personId}/`;

const hashId = (prefix: string, personId: string, clientId: string) => `${prefix}-${createHash('sha256').update(`${personId}:${clientId}`).digest('hex').slice(0, 24)}`;

/** How far back a deed may be dated (a deed is recorded soon after it is done). */
export const DEED_DAYS_BACK = 366;

interface VillageStation {
  villageId: string;
  villageName: string;
  path: string[];
}

/** The cadre's village, from their station copy (no read). */
export function stationOf(person: PersonDoc): VillageStation {
  const s = person.station;
  if (!s) throw new AppError('not_stationed', '您目前没有驻村任务，不能登记帮扶项目');
  return { villageId: s.villageId, villageName: s.villageName, path: s.path };
}

export async function getProject(id: string): Promise<ProjectDoc | null> {
  return (await db.collection(PROJECTS).doc(id).get<ProjectDoc>()).data ?? null;
}

/** Dates a person states must not be after today (Beijing). */
function checkNotFuture(today: string, input: { plannedOn: string; startedOn: string | null; completedOn: string | null }): void {
  const issues = (['plannedOn', 'startedOn', 'completedOn'] as const).filter((k) => input[k] && input[k]! > today).map((k) => ({ path: k, message: '日期不能晚于今天' }));
  if (issues.length) throw new AppError('invalid_input', '日期不能晚于今天', issues);
}

/** The cadre named as having brought the project: the recorder, or one of the village's stationed cadres (one read). */
async function broughtBy(person: PersonDoc, villageId: string, id: string | undefined, keep?: { id: string; name: string }): Promise<{ id: string; name: string }> {
  if (!id || id === person._id) return { id: person._id, name: person.name };
  if (keep && keep.id === id) return keep;
  const cadre = (await cadresStationedUnder(villageId)).find((c) => c._id === id);
  if (!cadre) throw new AppError('invalid_input', '引进人须是本村的驻村干部', [{ path: 'broughtById', message: '引进人须是本村的驻村干部' }]);
  return { id: cadre._id, name: cadre.name };
}

/** A 派出单位 left unnamed is the cadre's own dispatching unit (their running assignment: one read). */
async function dispatchingUnitOf(personId: string): Promise<string> {
  const a = await activeAssignment(personId);
  if (!a?.dispatchingUnit) throw new AppError('invalid_input', '请填写派出单位名称', [{ path: 'sourceName', message: '请填写派出单位名称' }]);
  return a.dispatchingUnit;
}

/** The files of a form: each one already on the project, or uploaded into the person's own folder (and there). */
async function checkFiles(personId: string, files: readonly ProjectFile[], kept: readonly ProjectFile[] = []): Promise<void> {
  const have = new Set(kept.map((f) => f.fileId));
  const fresh = files.filter((f) => !have.has(f.fileId)).map((f) => f.fileId);
  if (new Set(files.map((f) => f.fileId)).size !== files.length) throw new AppError('invalid_input', '同一个文件只能添加一次');
  await checkPhotosIn(resourceFolder(personId), fresh, '照片或材料未上传成功，请重新上传');
}

/** Record a project for the cadre's village. A retried add (the same clientId) is the same project. */
export async function addProject(person: PersonDoc, now: Date, input: AddInput): Promise<ProjectDoc> {
  const id = hashId('rp', person._id, input.clientId);
  const have = await getProject(id);
  if (have) return have;
  const station = stationOf(person);
  checkNotFuture(dateKey(now), input);
  await checkFiles(person._id, input.files);
  const [by, sourceName] = await Promise.all([
    broughtBy(person, station.villageId, input.broughtById),
    input.source === 'dispatchingUnit' && !input.sourceName ? dispatchingUnitOf(input.broughtById && input.broughtById !== person._id ? input.broughtById : person._id) : Promise.resolve(input.sourceName),
  ]);
  const doc: ProjectDoc = {
    _id: id,
    villageId: station.villageId,
    villageName: station.villageName,
    villagePath: station.path,
    townshipId: station.path[2] ?? '',
    countyId: station.path[1] ?? '',
    name: input.name,
    kind: input.kind,
    amountFen: input.amountYuan,
    source: input.source,
    sourceName,
    status: input.status,
    plannedOn: input.plannedOn,
    startedOn: input.startedOn,
    completedOn: input.completedOn,
    broughtById: by.id,
    broughtByName: by.name,
    files: input.files,
    note: input.note,
    recordedById: person._id,
    recordedByName: person.name,
    version: 1,
    confirmed: false,
    confirmation: null,
    withdrawn: null,
    history: [],
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(PROJECTS).add({ data: doc });
    return doc;
  } catch (err) {
    // Two copies of one add, side by side: the other one stored it.
    if (!isDuplicateKey(err)) throw err;
    return (await getProject(id))!;
  }
}

/** Who is acting on a project, as what: staff over its village, else one of its village's cadres. */
export interface ProjectActor extends Actor {
  person: PersonDoc;
}

const actorOf = (a: ProjectActor): Actor => ({ byId: a.byId, byName: a.byName, as: a.as, unitName: a.unitName });

/**
 * Change a project (the whole form). Nothing changed: the project as it is (a retried edit too).
 * Changed since the form was filled: refused. Confirmed: only with a reason, and back to 待核实.
 * Staff correct with a reason always.
 */
export async function editProject(caller: Caller, now: Date, actor: ProjectActor, project: ProjectDoc, input: EditInput): Promise<ProjectDoc> {
  checkNotFuture(dateKey(now), input);
  await checkFiles(actor.person._id, input.files, project.files);
  const keep = { id: project.broughtById, name: project.broughtByName };
  // Left out: the bringer stays who they were.
  const wanted = input.broughtById ?? project.broughtById;
  const bringer = actor.as === 'cadre' ? await broughtBy(actor.person, project.villageId, wanted, keep) : await staffBroughtBy(project, wanted);
  let sourceName = input.sourceName;
  if (input.source === 'dispatchingUnit' && !sourceName) sourceName = project.source === 'dispatchingUnit' && project.sourceName ? project.sourceName : await dispatchingUnitOf(bringer.id);
  const next: Contents = {
    name: input.name,
    kind: input.kind,
    amountFen: input.amountYuan,
    source: input.source,
    sourceName,
    status: input.status,
    plannedOn: input.plannedOn,
    startedOn: input.startedOn,
    completedOn: input.completedOn,
    broughtById: bringer.id,
    broughtByName: bringer.name,
    files: input.files,
    note: input.note,
  };
  return transaction(async (tx) => {
    const { data: fresh } = await tx.collection(PROJECTS).doc(project._id).get<ProjectDoc>();
    if (!fresh) throw new AppError('not_found', '项目不存在');
    if (fresh.withdrawn) throw new AppError('conflict', '该项目已撤销，不能修改');
    const changes = changesOf(contentsOf(fresh), next);
    if (!changes.length) return fresh;
    if (fresh.version !== input.version) throw new AppError('conflict', '项目已被他人修改，请刷新后重试');
    if (actor.as === 'staff' && !input.reason) throw new AppError('invalid_input', '请填写更正说明', [{ path: 'reason', message: '请填写更正说明' }]);
    if (fresh.confirmed && !input.reason) throw new AppError('locked', '该项目已核实，修改须填写修改说明，修改后需重新核实');
    if (fresh.history.length >= MAX_HISTORY) throw new AppError('conflict', '该项目修改次数过多，请联系组织部门');
    const entry: HistoryEntry = { ...actorOf(actor), at: now, kind: 'edit', changes, reason: input.reason, unconfirmed: fresh.confirmed };
    const { files, ...rest } = next;
    await tx.collection(PROJECTS).doc(fresh._id).update({ data: { ...rest, files: _.set(files), version: fresh.version + 1, confirmed: false, confirmation: null, updatedAt: now, history: _.push([entry]) } });
    await audit(tx, caller, now, { action: 'resource.edit', target: { collection: PROJECTS, id: fresh._id }, unitPath: fresh.villagePath, before: { version: fresh.version, confirmed: fresh.confirmed }, after: { version: fresh.version + 1, changes }, ...(input.reason ? { reason: input.reason } : {}) });
    return { ...fresh, ...next, version: fresh.version + 1, confirmed: false, confirmation: null, updatedAt: now, history: [...fresh.history, entry] };
  });
}

/** Staff name the bringer among the village's stationed cadres, or keep the one recorded. */
async function staffBroughtBy(project: ProjectDoc, id: string | undefined): Promise<{ id: string; name: string }> {
  if (!id || id === project.broughtById) return { id: project.broughtById, name: project.broughtByName };
  const cadre = (await cadresStationedUnder(project.villageId)).find((c) => c._id === id);
  if (!cadre) throw new AppError('invalid_input', '引进人须是本村的驻村干部', [{ path: 'broughtById', message: '引进人须是本村的驻村干部' }]);
  return { id: cadre._id, name: cadre.name };
}

/** Staff confirm (核实) the version they read. Confirming it again is the same confirmation. */
export async function confirmProject(caller: Caller, now: Date, actor: ProjectActor, id: string, version: number): Promise<ProjectDoc> {
  return transaction(async (tx) => {
    const { data: fresh } = await tx.collection(PROJECTS).doc(id).get<ProjectDoc>();
    if (!fresh) throw new AppError('not_found', '项目不存在');
    if (fresh.withdrawn) throw new AppError('conflict', '该项目已撤销');
    if (fresh.confirmed && fresh.confirmation?.version === fresh.version && fresh.version === version) return fresh;
    if (fresh.version !== version) throw new AppError('conflict', '项目内容已更新，请刷新后再核实');
    const confirmation = { ...actorOf(actor), at: now, version };
    const entry: HistoryEntry = { ...actorOf(actor), at: now, kind: 'confirm', changes: [], reason: '', unconfirmed: false };
    await tx.collection(PROJECTS).doc(id).update({ data: { confirmed: true, confirmation: _.set(confirmation), updatedAt: now, history: _.push([entry]) } });
    await audit(tx, caller, now, { action: 'resource.confirm', target: { collection: PROJECTS, id }, unitPath: fresh.villagePath, before: { confirmed: false }, after: { confirmed: true, version, amountFen: fresh.amountFen } });
    return { ...fresh, confirmed: true, confirmation, updatedAt: now, history: [...fresh.history, entry] };
  });
}

/** Take a project out (recorded by mistake, or never came): a cadre only while it is unconfirmed; staff always, with a reason. */
export async function withdrawProject(caller: Caller, now: Date, actor: ProjectActor, id: string, reason: string): Promise<ProjectDoc> {
  return transaction(async (tx) => {
    const { data: fresh } = await tx.collection(PROJECTS).doc(id).get<ProjectDoc>();
    if (!fresh) throw new AppError('not_found', '项目不存在');
    if (fresh.withdrawn) return fresh;
    if (fresh.confirmed && actor.as === 'cadre') throw new AppError('locked', '该项目已核实，不能撤销；确有错误请联系乡镇（县）组织部门');
    const withdrawn = { ...actorOf(actor), at: now, reason };
    const entry: HistoryEntry = { ...actorOf(actor), at: now, kind: 'withdraw', changes: [], reason, unconfirmed: fresh.confirmed };
    await tx.collection(PROJECTS).doc(id).update({ data: { withdrawn: _.set(withdrawn), confirmed: false, updatedAt: now, history: _.push([entry]) } });
    await audit(tx, caller, now, { action: 'resource.withdraw', target: { collection: PROJECTS, id }, unitPath: fresh.villagePath, before: { confirmed: fresh.confirmed }, after: { withdrawn: true }, reason });
    return { ...fresh, withdrawn, confirmed: false, updatedAt: now, history: [...fresh.history, entry] };
  });
}

/** A village's projects in force, newest first (the cadres' list). */
export async function villageProjects(villageId: string, skip: number, limit: number): Promise<ProjectDoc[]> {
  const { data } = await db.collection(PROJECTS).where({ villageId, withdrawn: null }).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(skip).limit(limit).get<ProjectDoc>();
  return data;
}

/** The projects in force under a unit, to be confirmed first, then the latest changed (the staff's list). */
export async function projectsUnder(unitId: string, opts: { filter: Filter; kind?: ProjectKind; status?: ProjectStatus; skip: number; limit: number }): Promise<{ total: number; items: ProjectDoc[] }> {
  const where: Record<string, unknown> = { villagePath: unitId, withdrawn: null };
  if (opts.filter !== 'all') where.confirmed = opts.filter === 'confirmed';
  if (opts.kind) where.kind = opts.kind;
  if (opts.status) where.status = opts.status;
  const [{ total }, { data }] = await Promise.all([
    db.collection(PROJECTS).where(where).count(),
    db.collection(PROJECTS).where(where).orderBy('confirmed', 'asc').orderBy('updatedAt', 'desc').orderBy('_id', 'asc').skip(opts.skip).limit(opts.limit).get<ProjectDoc>(),
  ]);
  return { total, items: data };
}

/** One page of a unit's projects in force (confirmed only, or all), in `_id` order after `afterId` (the ledger). */
export async function projectsPage(unitId: string, confirmedOnly: boolean, afterId: string, limit = 1000): Promise<ProjectDoc[]> {
  const where: Record<string, unknown> = { villagePath: unitId, withdrawn: null, _id: _.gt(afterId) };
  if (confirmedOnly) where.confirmed = true;
  const { data } = await db.collection(PROJECTS).where(where).orderBy('_id', 'asc').limit(limit).field({ history: false }).get<ProjectDoc>();
  return data;
}

export async function fileUrls(files: readonly ProjectFile[]): Promise<Map<string, string>> {
  if (!files.length) return new Map();
  return storage.tempUrls(files.map((f) => f.fileId), 600);
}

// ---- figures -----------------------------------------------------------------------------------

export interface Bucket {
  count: number;
  amountFen: number;
}

export interface FigureRow extends Bucket {
  id: string;
  name: string;
  /** The unit's parent ('' when it is not in the tree any more). */
  parentId: string;
  /** Of `count`, how many are confirmed, and their amount. */
  confirmedCount: number;
  confirmedAmountFen: number;
  /** 好事实事 recorded. */
  deeds: number;
  byKind: Record<ProjectKind, Bucket>;
  bySource: Record<Source, Bucket>;
  byStatus: Record<ProjectStatus, Bucket>;
}

export interface Figures {
  by: RowLevel;
  confirmedOnly: boolean;
  total: FigureRow;
  rows: FigureRow[];
}

/** The levels figures come in rows of (a city's rows are its counties, or lower). */
export type RowLevel = Exclude<Level, 'city'>;
const KEY_OF: Record<RowLevel, string> = { county: '$countyId', township: '$townshipId', village: '$villageId' };
const collator = new Intl.Collator('zh-CN');
const one = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }));
const fen = (cond: unknown) => $.sum($.cond({ if: cond, then: '$amountFen', else: 0 }));

/** The level of rows a unit's figures take: `by` when it is under the unit (a village: itself), else the level under it. */
export function rowLevel(unit: OrgUnit, by?: RowLevel): RowLevel {
  const mine = LEVELS.indexOf(unit.level);
  if (unit.level === 'village') return 'village';
  if (by && LEVELS.indexOf(by) > mine) return by;
  return LEVELS[mine + 1] as RowLevel;
}

const emptyBuckets = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, { count: 0, amountFen: 0 }])) as Record<K, Bucket>;
const emptyRow = (id: string, name: string, parentId = ''): FigureRow => ({ id, name, parentId, count: 0, amountFen: 0, confirmedCount: 0, confirmedAmountFen: 0, deeds: 0, byKind: emptyBuckets(PROJECT_KINDS), bySource: emptyBuckets(SOURCES), byStatus: emptyBuckets(STATUSES) });

function addInto(t: FigureRow, r: FigureRow): void {
  t.count += r.count;
  t.amountFen += r.amountFen;
  t.confirmedCount += r.confirmedCount;
  t.confirmedAmountFen += r.confirmedAmountFen;
  t.deeds += r.deeds;
  const plus = (a: Bucket, b: Bucket) => {
    a.count += b.count;
    a.amountFen += b.amountFen;
  };
  for (const k of PROJECT_KINDS) plus(t.byKind[k], r.byKind[k]);
  for (const k of SOURCES) plus(t.bySource[k], r.bySource[k]);
  for (const k of STATUSES) plus(t.byStatus[k], r.byStatus[k]);
}

/** Every group of an aggregation over 1,000 at a time (sorted by key; a city's villages may be thousands). */
async function groupsOf<G>(collection: string, match: Record<string, unknown>, group: Record<string, unknown>): Promise<G[]> {
  const out: G[] = [];
  for (;;) {
    const { list } = await db.collection(collection).aggregate().match(match).group(group).sort({ _id: 1 }).skip(out.length).limit(1000).end<G>();
    out.push(...list);
    if (list.length < 1000) return out;
  }
}

/**
 * A unit's figures: rows at one level (its villages, townships or counties, every one of them,
 * those with nothing too) and their total. One aggregation of projects and one of deeds per
 * 1,000 rows, and one read of the units per 1,000.
 */
export async function figures(unit: OrgUnit, opts: { confirmedOnly: boolean; by?: RowLevel }): Promise<Figures> {
  const by = rowLevel(unit, opts.by);
  const key = KEY_OF[by];
  const match: Record<string, unknown> = { villagePath: unit._id, withdrawn: null };
  if (opts.confirmedOnly) match.confirmed = true;
  const sums: Record<string, unknown> = {
    _id: key,
    villageName: $.first('$villageName'),
    count: $.sum(1),
    amountFen: $.sum('$amountFen'),
    confirmedCount: one($.eq(['$confirmed', true])),
    confirmedAmountFen: fen($.eq(['$confirmed', true])),
  };
  // Per kind, source and status: how many (n…) and how much (f…), as conditional sums.
  const sumBy = (field: string, tag: string, keys: readonly string[]) => {
    for (const k of keys) {
      sums[`n${tag}_${k}`] = one($.eq([`$${field}`, k]));
      sums[`f${tag}_${k}`] = fen($.eq([`$${field}`, k]));
    }
  };
  sumBy('kind', 'k', PROJECT_KINDS);
  sumBy('source', 's', SOURCES);
  sumBy('status', 't', STATUSES);
  type G = Record<string, number> & { _id: string; villageName: string };
  const [groups, deeds, units] = await Promise.all([
    groupsOf<G>(PROJECTS, match, sums),
    groupsOf<{ _id: string; n: number }>(DEEDS, { villagePath: unit._id }, { _id: key, n: $.sum(1) }),
    unit.level === by ? Promise.resolve([unit]) : listSubtree(unit._id, { level: by }),
  ]);
  const rows = new Map<string, FigureRow>(units.map((u) => [u._id, emptyRow(u._id, u.name, u.parentId ?? '')]));
  const rowOf = (id: string, name: string) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = emptyRow(id, name)));
    return r;
  };
  for (const g of groups) {
    const r = rowOf(g._id, by === 'village' ? g.villageName : '');
    r.count = g.count!;
    r.amountFen = g.amountFen!;
    r.confirmedCount = g.confirmedCount!;
    r.confirmedAmountFen = g.confirmedAmountFen!;
    for (const k of PROJECT_KINDS) r.byKind[k] = { count: g[`nk_${k}`]!, amountFen: g[`fk_${k}`]! };
    for (const k of SOURCES) r.bySource[k] = { count: g[`ns_${k}`]!, amountFen: g[`fs_${k}`]! };
    for (const k of STATUSES) r.byStatus[k] = { count: g[`nt_${k}`]!, amountFen: g[`ft_${k}`]! };
  }
  for (const d of deeds) rowOf(d._id, '').deeds = d.n;
  const list = [...rows.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  const total = emptyRow(unit._id, unit.name, unit.parentId ?? '');
  for (const r of list) addInto(total, r);
  return { by, confirmedOnly: opts.confirmedOnly, total, rows: list };
}

// ---- deeds (好事实事) -----------------------------------------------------------------------------

/** Record a practical deed done in the cadre's village. A retried add is the same deed. */
export async function addDeed(person: PersonDoc, now: Date, input: DeedInput): Promise<DeedDoc> {
  const id = hashId('rd', person._id, input.clientId);
  const { data: have } = await db.collection(DEEDS).doc(id).get<DeedDoc>();
  if (have) return have;
  const station = stationOf(person);
  const today = dateKey(now);
  if (input.date > today) throw new AppError('invalid_input', '日期不能晚于今天', [{ path: 'date', message: '日期不能晚于今天' }]);
  const earliest = dateKey(new Date(now.getTime() - DEED_DAYS_BACK * 86_400_000));
  if (input.date < earliest) throw new AppError('invalid_input', '只能登记一年以内办的事', [{ path: 'date', message: '只能登记一年以内办的事' }]);
  const doc: DeedDoc = { _id: id, personId: person._id, personName: person.name, villageId: station.villageId, villageName: station.villageName, villagePath: station.path, townshipId: station.path[2] ?? '', countyId: station.path[1] ?? '', date: input.date, text: input.text, createdAt: now };
  try {
    await db.collection(DEEDS).add({ data: doc });
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await db.collection(DEEDS).doc(id).get<DeedDoc>()).data!;
  }
}

/** A village's latest deeds, newest first (their number is in the village's figures). */
export async function villageDeeds(villageId: string, limit: number): Promise<DeedDoc[]> {
  const { data } = await db.collection(DEEDS).where({ villageId }).orderBy('date', 'desc').orderBy('createdAt', 'desc').limit(limit).get<DeedDoc>();
  return data;
}

/** One page of a unit's deeds in `_id` order after `afterId` (the ledger). */
export async function deedsPage(unitId: string, afterId: string, limit = 1000): Promise<DeedDoc[]> {
  const { data } = await db.collection(DEEDS).where({ villagePath: unitId, _id: _.gt(afterId) }).orderBy('_id', 'asc').limit(limit).get<DeedDoc>();
  return data;
}
