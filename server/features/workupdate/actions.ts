/**
 * Work updates (工作动态): organisation staff post and withdraw briefings; staff in scope and the
 * county's stationed cadres read them; staff see each district's week against its quota and set
 * the quota of a city or county.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Grant } from '../../kernel/caller';
import { getUnit, listSubtree } from '../org/service';
import { within } from '../org/rules';
import { UnitId, type OrgUnit } from '../org/schema';
import { isCadreGrant, isWeek, MAX_FIGURE_WEEKS, readingGrant, weekEnd, weekKey, weekLabel, weeksFrom, weekStart } from './rules';
import { MAX_PHOTOS, PostInput, WeekKey, WorkUpdateId, WorkUpdateSettings, type WorkUpdateDoc } from './schema';
import { figure, getPost, photoFolder, photoUrls, post, postsOf, quotaView, setQuota, withdraw } from './service';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const Page = { skip: z.number().int().min(0).max(10_000).default(0), limit: z.number().int().min(1).max(50).default(20) };
const Week = WeekKey.refine(isWeek, '该周不存在');

function row(p: WorkUpdateDoc, me: string | undefined) {
  return {
    id: p._id,
    unitId: p.unitId,
    unitName: p.unitName,
    unitLevel: p.unitLevel,
    districtId: p.districtId,
    districtName: p.districtName,
    week: p.week,
    weekLabel: weekLabel(p.week),
    date: p.date,
    title: p.title,
    excerpt: p.body.length > 60 ? `${p.body.slice(0, 60)}…` : p.body,
    photos: p.photoFileIds.length,
    dispatchingUnit: p.dispatchingUnit,
    postedByName: p.postedByName,
    postedAt: iso(p.postedAt)!,
    withdrawn: p.withdrawn ? { at: iso(p.withdrawn.at)!, byName: p.withdrawn.byName, reason: p.withdrawn.reason } : null,
    mine: !!me && p.postedById === me,
  };
}

const grantsOf = (ctx: ActionContext): Grant[] => ctx.caller.person?.grants ?? [];
const staffOver = (ctx: ActionContext, path: readonly string[]) => grantsOf(ctx).some((g) => g.role === 'staff' && within(path, g.orgUnitId));

/** For actions on a unit that staff alone may reach: the unit, for the router's check. */
async function unitScope(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

/**
 * Reading a unit's posts: staff over the unit, or a cadre stationed in the county the unit (a
 * county or township) belongs to. A cadre reads the county's posts without covering the county,
 * so their own station is what the router checks their grant against.
 */
async function readUnitScope(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  if (staffOver(ctx, unit.path)) return { path: unit.path };
  const cadre = unit.level === 'county' || unit.level === 'township' ? grantsOf(ctx).find((g) => g.role === 'cadre' && g.path[1] === unit.path[1]) : undefined;
  if (!cadre) return { path: unit.path };
  ctx.memo.set('asCadre', true);
  return { path: cadre.path };
}

/** Reading one post: the grant the rules say lets the caller read it (see `readingGrant`). */
async function readPostScope(ctx: ActionContext, id: string) {
  const p = await getPost(id);
  if (!p) return null;
  ctx.memo.set('post', p);
  const g = readingGrant(grantsOf(ctx), p);
  if (!g) return { path: p.unitPath };
  ctx.memo.set('grant', g);
  return { path: g.path };
}

export const postAction = action({
  name: 'workUpdate.post',
  roles: ['staff'],
  input: PostInput,
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  run: async (ctx, input) => row(await post(ctx.caller, ctx.now, ctx.memo.get('unit') as OrgUnit, input), ctx.caller.person?._id),
});

export const withdrawAction = action({
  name: 'workUpdate.withdraw',
  roles: ['staff'],
  input: z.object({ id: WorkUpdateId, reason: z.string().trim().min(2, '请填写撤回原因').max(200, '撤回原因最多200字') }).strict(),
  async scope(ctx, input) {
    const p = await getPost(input.id);
    return p ? { path: p.unitPath } : null;
  },
  run: async (ctx, input) => row(await withdraw(ctx.caller, ctx.now, input.id, input.reason), ctx.caller.person?._id),
});

/** A unit's posts, newest first (withdrawn ones, marked, for staff only); for staff, where photos go and (for a city) its districts. */
export const listAction = action({
  name: 'workUpdate.list',
  roles: ['staff', 'cadre'],
  /** Without a unit: a cadre's county, or a staff member's first unit. */
  input: z.object({ unitId: UnitId.optional(), week: Week.optional(), ...Page }).strict(),
  scope: (ctx, input) => {
    const own = grantsOf(ctx).find((g) => g.role === 'staff') ?? grantsOf(ctx).find((g) => g.role === 'cadre');
    const id = input.unitId ?? (own?.role === 'cadre' ? own.path[1] : own?.orgUnitId);
    return id ? readUnitScope(ctx, id) : null;
  },
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const asCadre = ctx.memo.get('asCadre') === true;
    const me = ctx.caller.person?._id;
    const canPost = !asCadre && unit.level !== 'village';
    const [{ total, items }, districts] = await Promise.all([
      postsOf(unit, { week: input.week, withWithdrawn: !asCadre, skip: input.skip, limit: input.limit }),
      canPost && unit.level === 'city' ? listSubtree(unit._id, { level: 'county' }) : Promise.resolve([]),
    ]);
    return {
      unit: { id: unit._id, name: unit.name, level: unit.level },
      week: input.week ?? null,
      currentWeek: weekKey(ctx.now),
      total,
      items: items.map((p) => row(p, me)),
      canPost,
      uploadFolder: canPost && me ? photoFolder(me) : null,
      maxPhotos: MAX_PHOTOS,
      districts: districts.map((d) => ({ id: d._id, name: d.name })),
    };
  },
});

/** One post, its body and its photos (temporary URLs). */
export const getAction = action({
  name: 'workUpdate.get',
  roles: ['staff', 'cadre'],
  input: z.object({ id: WorkUpdateId }).strict(),
  scope: (ctx, input) => readPostScope(ctx, input.id),
  async run(ctx) {
    const p = ctx.memo.get('post') as WorkUpdateDoc;
    const g = ctx.memo.get('grant') as Grant | undefined;
    if (p.withdrawn && isCadreGrant(g)) throw new AppError('not_found', '该工作动态已撤回');
    const me = ctx.caller.person?._id;
    return { ...row(p, me), body: p.body, photos: await photoUrls(p), canWithdraw: !p.withdrawn && p.postedById === me };
  },
});

const FigureInput = z
  .object({ unitId: UnitId, week: Week.optional(), from: Week.optional(), to: Week.optional() })
  .strict()
  .superRefine((v, c) => {
    if (v.week && (v.from || v.to)) c.addIssue({ code: 'custom', path: ['week'], message: '请只选一周，或选起止周' });
    if (!v.from !== !v.to) c.addIssue({ code: 'custom', path: [v.from ? 'to' : 'from'], message: '请同时选择起止周' });
    if (v.from && v.to && isWeek(v.from) && isWeek(v.to)) {
      const n = weeksFrom(v.from, v.to).length;
      if (n === 0) c.addIssue({ code: 'custom', path: ['to'], message: '结束周不能早于开始周' });
      if (n > MAX_FIGURE_WEEKS) c.addIssue({ code: 'custom', path: ['to'], message: `最多统计${MAX_FIGURE_WEEKS}周` });
    }
  });

/** 工作动态完成情况: a city's or county's districts, each week's count against the quota, and how many met it. */
export const figureAction = action({
  name: 'workUpdate.figure',
  roles: ['staff'],
  input: FigureInput,
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    const weeks = input.from && input.to ? weeksFrom(input.from, input.to) : [input.week ?? weekKey(ctx.now)];
    const f = await figure(unit, weeks);
    return {
      unit: { id: unit._id, name: unit.name, level: unit.level },
      weeks: weeks.map((week) => ({ week, label: weekLabel(week), start: iso(weekStart(week))!, end: iso(weekEnd(week))!, current: week === weekKey(ctx.now) })),
      ...f,
    };
  },
});

const SettingsUnit = z.object({ unitId: UnitId }).strict();

export const getSettingsAction = action({
  name: 'workUpdate.getSettings',
  roles: ['staff'],
  input: SettingsUnit,
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    if (unit.level !== 'city' && unit.level !== 'county') throw new AppError('invalid_input', '工作动态的每周条数按市或县（区）设置');
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, ...(await quotaView(unit)) };
  },
});

export const setSettingsAction = action({
  name: 'workUpdate.setSettings',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, settings: WorkUpdateSettings.nullable() }).strict(),
  scope: (ctx, input) => unitScope(ctx, input.unitId),
  async run(ctx, input) {
    const unit = ctx.memo.get('unit') as OrgUnit;
    return { unit: { id: unit._id, name: unit.name, level: unit.level }, ...(await setQuota(ctx.caller, ctx.now, unit, input.settings)) };
  },
});

export const workUpdateActions = [postAction, withdrawAction, listAction, getAction, figureAction, getSettingsAction, setSettingsAction] as const;
