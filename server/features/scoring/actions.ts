/** Scoring: the county's rules, rankings, a score opened to its records, publication, the allowance and its sign-off. */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import { getUnit } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import { PersonId, CADRE_KIND_NAMES } from '../people/schema';
import { Month } from '../checkin/schema';
import {
  allowancePage,
  childAverages,
  getAllowance,
  getPublication,
  getPublications,
  getScore,
  getSignoff,
  gradeFor,
  latestPublication,
  monthDue,
  publicationsOf,
  publish,
  publishedFor,
  publishedRows,
  rankingPage,
  recompute,
  reopenAllowances,
  rulesFor,
  runsOf,
  setRules,
  signAllowances,
  signoffsOf,
} from './service';
import { unpackDays } from './rules';
import { GRADE_NAMES, METRICS, METRIC_NAMES, Period, ScoringRules, type AllowanceDoc, type Grade, type PublicationDoc, type PublishedScoreDoc, type ScoreDoc, type SignoffDoc } from './schema';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}
function memoUnit(ctx: ActionContext, id: string): OrgUnit {
  const unit = ctx.memo.get(`unit:${id}`) as OrgUnit | undefined;
  if (!unit) throw new AppError('not_found', '单位不存在');
  return unit;
}

const gradeView = (g: Grade | null) => (g ? { grade: g, gradeName: GRADE_NAMES[g] } : { grade: null, gradeName: '未评定' });

/** A score opened to its records: each item, each line, and every record behind it with its points. */
export function explanation(s: ScoreDoc, grade: Grade | null) {
  return {
    personId: s.personId,
    name: s.name,
    kindName: CADRE_KIND_NAMES[s.kind],
    villageName: s.villageName,
    period: s.period,
    total: s.total,
    ...gradeView(grade),
    computedAt: iso(s.computedAt)!,
    metrics: METRICS.filter((m) => m !== 'windowsDue' || s.metrics[m] > 0).map((m) => ({ metric: m, name: METRIC_NAMES[m], value: s.metrics[m] ?? 0 })),
    items: s.items.map((it) => ({
      key: it.key,
      name: it.name,
      max: it.max,
      points: it.points,
      /** How the item starts, in words: 满分 50 分起扣 / 从 0 分起加. */
      basis: it.start === 'full' ? `满分 ${it.max} 分，按下列扣分` : `从 0 分起，按下列加分，最多 ${it.max} 分`,
      forfeited: it.forfeitedBy ? { metric: it.forfeitedBy, name: METRIC_NAMES[it.forfeitedBy], records: s.refs[it.forfeitedBy] ?? [] } : null,
      lines: it.lines.map((l) => ({
        metric: l.metric,
        name: METRIC_NAMES[l.metric],
        count: l.count,
        per: l.per,
        points: l.points,
        capped: l.capped,
        // A record of part of a day (half a day on post) gives that part of the points.
        records: (s.refs[l.metric] ?? []).map((r) => ({ ...r, points: Math.round(l.per * (r.share ?? 1) * 100) / 100 })),
      })),
    })),
    months: s.months ?? null,
  };
}

function allowanceView(a: AllowanceDoc) {
  return {
    personId: a.personId,
    name: a.name,
    kindName: CADRE_KIND_NAMES[a.kind],
    villageName: a.villageName,
    month: a.month,
    basis: a.basis,
    basisName: a.basis === 'daysOnPost' ? '按在岗天数' : '按工作记实天数',
    dayList: unpackDays(a.month, a.dayList),
    counted: a.counted,
    days: a.days,
    perDay: a.perDayFen / 100,
    amount: a.amountFen / 100,
    status: a.status,
    statusName: a.status === 'signed' ? '已签核' : '待签核',
    signedByName: a.signedByName,
    signedAt: iso(a.signedAt),
  };
}

const pubView = (p: PublicationDoc) => ({
  id: p._id,
  unitId: p.unitId,
  unitName: p.unitName,
  period: p.period,
  version: p.version,
  reason: p.reason,
  count: p.count,
  gradeCounts: p.gradeCounts,
  byName: p.byName,
  at: iso(p.at)!,
});

const rowView = (r: PublishedScoreDoc) => ({ personId: r.personId, name: r.name, kindName: CADRE_KIND_NAMES[r.kind], villageName: r.villageName, total: r.total, items: r.items, rank: r.rank, ...gradeView(r.grade), version: r.version, unitId: r.unitId, pubId: r.pubId });

const signoffView = (s: SignoffDoc) => ({ id: s._id, unitName: s.unitName, month: s.month, count: s.count, amount: s.amountFen / 100, byName: s.byName, at: iso(s.at)!, reopened: s.reopened ? { byName: s.reopened.byName, at: iso(s.reopened.at)!, reason: s.reopened.reason } : null });

export const getRulesAction = action({
  name: 'scoring.getRules',
  roles: ['staff'],
  input: z.object({ countyId: UnitId }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.countyId),
  run: (_ctx, input) => rulesFor(input.countyId),
});

export const setRulesAction = action({
  name: 'scoring.setRules',
  roles: ['staff'],
  input: z.object({ countyId: UnitId, rules: ScoringRules }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.countyId),
  run: (ctx, input) => setRules(ctx.caller, ctx.now, memoUnit(ctx, input.countyId), input.rules),
});

export const recomputeAction = action({
  name: 'scoring.recompute',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, period: Period }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: (ctx, input) => recompute(ctx.now, memoUnit(ctx, input.unitId), input.period),
});

export const rankingAction = action({
  name: 'scoring.ranking',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, period: Period, skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(50) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(ctx, input) {
    const unit = memoUnit(ctx, input.unitId);
    const [{ count, rows }, chart, latest] = await Promise.all([
      rankingPage(unit._id, input.period, input.skip, input.limit),
      input.skip === 0 && unit.level !== 'village' ? childAverages(unit, input.period) : Promise.resolve([]),
      latestPublication(unit._id, input.period),
    ]);
    return {
      unitName: unit.name,
      period: input.period,
      count,
      rows: rows.map((r) => ({ rank: r.rank, personId: r.score.personId, name: r.score.name, kindName: CADRE_KIND_NAMES[r.score.kind], villageName: r.score.villageName, total: r.score.total, items: r.score.items.map((i) => ({ key: i.key, name: i.name, points: i.points, max: i.max })), ...gradeView(r.grade) })),
      chart,
      publication: latest ? pubView(latest) : null,
    };
  },
});

export const explainAction = action({
  name: 'scoring.explain',
  roles: ['staff'],
  input: z.object({ personId: PersonId, period: Period }).strict(),
  async scope(ctx, input) {
    const score = await getScore(input.personId, input.period);
    if (!score) return null;
    ctx.memo.set('score', score);
    return { path: score.villagePath };
  },
  async run(ctx) {
    const score = ctx.memo.get('score') as ScoreDoc;
    const runs = await runsOf([score.countyId], score.period);
    return explanation(score, gradeFor(score, runs));
  },
});

export const mineAction = action({
  name: 'scoring.mine',
  roles: ['cadre'],
  input: z.object({ period: Period.optional() }).strict(),
  async run(ctx, input) {
    const person = ctx.caller.person!;
    const period = input.period ?? monthDue(ctx.now);
    const [score, published, allowance] = await Promise.all([getScore(person._id, period), publishedFor(person._id, period), period.includes('Q') ? Promise.resolve(null) : getAllowance(person._id, period)]);
    const runs = score ? await runsOf([score.countyId], period) : new Map();
    // The newest version of each unit's publication; rows of an attempt that did not publish are not figures.
    const pubOf = await getPublications(published.map((r) => r.pubId));
    const latest = new Map<string, PublishedScoreDoc>();
    for (const r of published) {
      if (pubOf.get(r.pubId)?.clientId !== r.attempt) continue;
      if (!latest.has(r.unitId) || latest.get(r.unitId)!.version < r.version) latest.set(r.unitId, r);
    }
    const pubs = [...latest.values()].map((r) => ({ row: rowView(r), pub: pubOf.get(r.pubId)! }));
    return {
      period,
      score: score ? explanation(score, gradeFor(score, runs)) : null,
      allowance: allowance ? allowanceView(allowance) : null,
      published: pubs.map((p) => ({ ...p.row, unitName: p.pub?.unitName ?? '', reason: p.pub?.reason ?? '', at: iso(p.pub?.at) })),
    };
  },
});

export const publishAction = action({
  name: 'scoring.publish',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, period: Period, reason: z.string().trim().max(200).default(''), clientId: ClientId }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: async (ctx, input) => pubView(await publish(ctx.caller, ctx.now, memoUnit(ctx, input.unitId), input)),
});

export const publicationsAction = action({
  name: 'scoring.publications',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, period: Period.optional() }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: async (_ctx, input) => (await publicationsOf(input.unitId, input.period)).map(pubView),
});

export const publicationAction = action({
  name: 'scoring.publication',
  roles: ['staff'],
  input: z.object({ pubId: z.string().min(1).max(160).regex(/^[A-Za-z0-9_.-]+$/), skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(50) }).strict(),
  async scope(ctx, input) {
    const pub = await getPublication(input.pubId);
    if (!pub) return null;
    ctx.memo.set('pub', pub);
    return { path: pub.unitPath };
  },
  async run(ctx, input) {
    const pub = ctx.memo.get('pub') as PublicationDoc;
    return { publication: pubView(pub), rows: (await publishedRows(pub._id, input.skip, input.limit)).map(rowView) };
  },
});

export const allowancesAction = action({
  name: 'scoring.allowances',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, month: Month, skip: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(100).default(50) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  async run(_ctx, input) {
    const [{ rows, totals }, signoffs] = await Promise.all([allowancePage(input.unitId, input.month, input.skip, input.limit), signoffsOf(input.unitId, input.month)]);
    return { rows: rows.map(allowanceView), totals: { ...totals, amount: totals.amountFen / 100 }, signoffs: signoffs.map(signoffView) };
  },
});

export const signAllowancesAction = action({
  name: 'scoring.signAllowances',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, month: Month, clientId: ClientId }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: async (ctx, input) => signoffView(await signAllowances(ctx.caller, ctx.now, memoUnit(ctx, input.unitId), input)),
});

export const reopenAllowancesAction = action({
  name: 'scoring.reopenAllowances',
  roles: ['staff'],
  input: z.object({ signoffId: z.string().min(1).max(200).regex(/^[A-Za-z0-9_.-]+$/), reason: z.string().trim().min(2, '请写明撤回理由').max(200) }).strict(),
  async scope(ctx, input) {
    const s = await getSignoff(input.signoffId);
    if (!s) return null;
    ctx.memo.set('signoff', s);
    return { path: s.unitPath };
  },
  run: async (ctx, input) => signoffView(await reopenAllowances(ctx.caller, ctx.now, ctx.memo.get('signoff') as SignoffDoc, input.reason)),
});

export const scoringActions = [
  getRulesAction,
  setRulesAction,
  recomputeAction,
  rankingAction,
  explainAction,
  mineAction,
  publishAction,
  publicationsAction,
  publicationAction,
  allowancesAction,
  signAllowancesAction,
  reopenAllowancesAction,
] as const;
