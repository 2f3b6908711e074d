/**
 * Scoring a month (or a quarter) for every cadre, grading within each county, publishing frozen
 * versions, and the allowance with its sign-off.
 *
 * Scoring reads each cadre once, by pages of 1,000: their month of attendance in one document
 * (checkin/months.ts), their spot checks in one aggregation per page, and whatever other features
 * contribute (`registerMetricSource`: work logs, inspections). About ten operations per 1,000
 * cadres, whatever N is.
 */
import { createHash } from 'node:crypto';
import { db, _, $, isDuplicateKey, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { beijing } from '../../kernel/clock';
import { log } from '../../kernel/log';
import { audit } from '../audit/service';
import { getUnit, getUnitCached, getUnits, setUnitSetting } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { cadrePage, cadreRef, cadresStationedUnder, formerCadresPage, type CadreRef } from '../people/service';
import { closedDaysOf, monthsOf, rebuildMonths, type AttendanceMonthDoc } from '../checkin/months';
import { scheduleFromSettings } from '../checkin/service';
import { monthFacts } from '../spotcheck/service';
import { addSpotChecks, allowanceOf, type SpotCheckFact, attendanceMetrics, closedDays, type ClosedDays, emptyMetrics, gradeOf, isQuarter, periodMonths, quarterClosedBy, quotaCut, ranks, round1, scoreItems } from './rules';
import {
  DEFAULT_SCORING_RULES,
  GRADES,
  METRICS,
  ScoringRules,
  type AllowanceDoc,
  type Grade,
  type Metric,
  type PublicationDoc,
  type PublishedScoreDoc,
  type Ref,
  type ScoreDoc,
  type ScoreRunDoc,
  type StoredScore,
  type StoredAllowance,
  type RuleSetDoc,
  type SignoffDoc,
} from './schema';

export const SCORES = 'scores';
export const SCORE_RUNS = 'scoreRuns';
export const PUBLICATIONS = 'publications';
export const PUBLISHED = 'publishedScores';
export const SIGNOFFS = 'allowanceSignoffs';
export const SETTINGS_KEY = 'scoring';
export const RULE_SETS = 'scoreRuleSets';
/** Frozen copies of signed allowances (`_id` `<personId>.<YYYY-MM>`), kept until their sign-off is taken back. */
export const ALLOWANCES = 'allowances';

// ---- rules -------------------------------------------------------------------------------------

export function rulesFrom(settings: Record<string, unknown> | undefined | null): ScoringRules {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined || raw === null) return DEFAULT_SCORING_RULES;
  const parsed = ScoringRules.safeParse(raw);
  if (!parsed.success) {
    log.warn('scoring rules unreadable; using the defaults', { issues: parsed.error.issues.length });
    return DEFAULT_SCORING_RULES;
  }
  return parsed.data;
}

export async function rulesFor(countyId: string): Promise<ScoringRules> {
  return rulesFrom((await getUnitCached(countyId))?.settings);
}

export async function setRules(caller: Caller, now: Date, county: OrgUnit, rules: ScoringRules): Promise<ScoringRules> {
  if (county.level !== 'county') throw new AppError('invalid_input', '考核规则按县（区）设置');
  const parsed = ScoringRules.parse(rules);
  await setUnitSetting(caller, now, county, SETTINGS_KEY, parsed, 'scoring.setRules');
  return parsed;
}

// ---- what other features contribute -----------------------------------------------------------

/**
 * A feature that knows a metric of cadres' months (work logs: `workLogDays`; inspections:
 * `inspectionsAbsent`) registers how to read it for a page of cadres at once.
 */
export interface MetricSource {
  metric: Extract<Metric, 'workLogDays' | 'inspectionsAbsent'>;
  collect(personIds: string[], month: string): Promise<Map<string, Ref[]>>;
}
const sources: MetricSource[] = [];
export function registerMetricSource(src: MetricSource): () => void {
  sources.push(src);
  return () => {
    const i = sources.indexOf(src);
    if (i >= 0) sources.splice(i, 1);
  };
}

// ---- scoring a page of cadres ------------------------------------------------------------------

const countyOfPath = (path: readonly string[]) => path[1] ?? path[0]!;
const monthEnd = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1, -8));
const monthStart = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1, -8));

/** Units read once per run (counties for their rules and schedules, villages for their names). */
class UnitCache {
  private readonly units = new Map<string, OrgUnit | null>();
  async load(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.units.has(id));
    for (let i = 0; i < missing.length; i += 1000) {
      const got = await getUnits(missing.slice(i, i + 1000));
      for (const id of missing.slice(i, i + 1000)) this.units.set(id, got.get(id) ?? null);
    }
  }
  get(id: string): OrgUnit | null {
    return this.units.get(id) ?? null;
  }
  private readonly rules = new Map<string, { rules: ScoringRules; rulesId: string; windowName: (id: string) => string }>();
  /** A county's scoring rules (and their rule set's id) and window names, read from its settings once. */
  countyRules(countyId: string) {
    let r = this.rules.get(countyId);
    if (!r) {
      const settings = this.get(countyId)?.settings;
      const schedule = scheduleFromSettings(settings);
      const rules = rulesFrom(settings);
      r = { rules, rulesId: ruleSetId(rules), windowName: (id: string) => schedule.windows.find((w) => w.id === id)?.name ?? id };
      this.rules.set(countyId, r);
    }
    return r;
  }
  private readonly closed = new Map<string, ClosedDays>();
  /** These counties' settled day windows of the month (checkin/months.ts), read once per run. */
  async loadClosed(countyIds: string[], month: string): Promise<void> {
    const missing = [...new Set(countyIds)].filter((c) => !this.closed.has(`${c}.${month}`));
    if (!missing.length) return;
    for (const [c, keys] of await closedDaysOf(missing, month)) this.closed.set(`${c}.${month}`, closedDays(keys));
  }
  closedIn(countyId: string, month: string): ClosedDays {
    return this.closed.get(`${countyId}.${month}`) ?? closedDays([]);
  }
  /** Score rows of plain cadres (scoring/computePage), by month, time, village and kind: null when one would name its cadre. */
  readonly plain = new Map<string, Omit<ScoreRow, '_id' | 'personId' | 'name'> | null>();
  private readonly kept = new Set<string>();
  /** Keep the rule sets these scores were computed by (one write per new set). */
  async keepRuleSets(now: Date): Promise<void> {
    for (const { rules, rulesId } of this.rules.values()) {
      if (this.kept.has(rulesId)) continue;
      await db.collection(RULE_SETS).doc(rulesId).set({ data: { rules, at: now } });
      this.kept.add(rulesId);
    }
  }
}

export const ruleSetId = (rules: ScoringRules) => `rs-${createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 24)}`;

/**
 * A score as stored: what queries, sorts and sums use stays fields (name, total, unit path,
 * period, the allowance's status, amount and days, its sign-off); what only opening a score
 * reads (the metrics, the records behind them, each item's points, the cadre's kind and
 * village, the rule set, how the allowance was counted) is kept as one JSON text, `detail`.
 * A month of 100,000 cadres is written whole, and the database's cost is per value.
 */
type RowAllowance = Pick<StoredAllowance, 'status' | 'amountFen' | 'days'> & Partial<Pick<StoredAllowance, 'signoffId' | 'signedByName' | 'signedAt'>>;
type ScoreRow = Omit<StoredScore, 'metrics' | 'refs' | 'points' | 'kind' | 'villageId' | 'villageName' | 'rulesId' | 'allowance'> & { allowance?: RowAllowance; detail: string };
interface Detail {
  m: StoredScore['metrics'];
  r: StoredScore['refs'];
  p: number[];
  k: StoredScore['kind'];
  v: string;
  vn: string;
  rs: string;
  a?: Pick<StoredAllowance, 'basis' | 'dayList' | 'counted' | 'perDayFen'>;
}

function pack(s: StoredScore): ScoreRow {
  const { metrics, refs, points, kind, villageId, villageName, rulesId, allowance, ...rest } = s;
  const d: Detail = { m: metrics, r: refs, p: points, k: kind, v: villageId, vn: villageName, rs: rulesId };
  if (!allowance) return { ...rest, detail: JSON.stringify(d) };
  const { basis, dayList, counted, perDayFen, status, amountFen, days, signoffId, signedByName, signedAt } = allowance;
  d.a = { basis, dayList, counted, perDayFen };
  // A draft carries no sign-off fields (queries on a sign-off look for its id).
  const a: RowAllowance = status === 'draft' && signoffId === null ? { status, amountFen, days } : { status, amountFen, days, signoffId, signedByName, signedAt };
  return { ...rest, allowance: a, detail: JSON.stringify(d) };
}

/** A stored score as the rest of scoring reads it (a row as written by `pack`). */
export function unpack(row: ScoreRow | StoredScore): StoredScore {
  if (!('detail' in row)) return row;
  const { detail, allowance, ...rest } = row;
  const d = JSON.parse(detail) as Detail;
  const out: StoredScore = { ...rest, kind: d.k, villageId: d.v, villageName: d.vn, rulesId: d.rs, metrics: d.m, refs: d.r, points: d.p };
  if (allowance && d.a) out.allowance = { ...d.a, ...allowance, signoffId: allowance.signoffId ?? null, signedByName: allowance.signedByName ?? null, signedAt: allowance.signedAt ?? null };
  return out;
}

/** Rule sets by id (one read). */
async function ruleSets(ids: string[]): Promise<Map<string, ScoringRules>> {
  const want = [...new Set(ids)];
  if (!want.length) return new Map();
  const { data } = await db.collection(RULE_SETS).where({ _id: _.in(want) }).limit(1000).get<RuleSetDoc>();
  return new Map(data.map((d) => [d._id, d.rules]));
}

/** Stored scores as read: every metric, each item worked out again from its rule set (a quarter keeps its averaged points). */
export async function hydrate(read: (StoredScore | ScoreRow)[]): Promise<ScoreDoc[]> {
  const stored = read.map(unpack);
  const sets = await ruleSets(stored.map((s) => s.rulesId));
  return stored.map((s) => {
    const metrics = { ...emptyMetrics(), ...s.metrics };
    const rules = sets.get(s.rulesId) ?? DEFAULT_SCORING_RULES;
    const items = isQuarter(s.period)
      ? rules.items.map((it, i) => ({ key: it.key, name: it.name, max: it.max, start: it.start, points: s.points[i] ?? 0, lines: [], forfeitedBy: null }))
      : scoreItems(rules.items, metrics).items;
    return { ...s, metrics, items };
  });
}

/** What scoring a page of cadres reads: their month documents, spot checks, other sources' records and signed allowances. */
interface PageInput {
  due: CadreRef[];
  /** Cadres stationed in their village since before the month: their month is their county's settled windows, with their exceptions. */
  whole: Set<string>;
  months: Map<string, AttendanceMonthDoc>;
  spot: Map<string, SpotCheckFact[]>;
  extra: { metric: Metric; byPerson: Map<string, Ref[]> }[];
  signed: Map<string, AllowanceDoc>;
}

/** Read what a page of cadres' month is scored from (reads only: the job reads the next page while it writes this one). */
async function readPage(cadres: CadreRef[], month: string, units: UnitCache): Promise<PageInput> {
  const due = cadres.filter((c) => c.since.getTime() < monthEnd(month).getTime());
  if (!due.length) return { due, whole: new Set(), months: new Map(), spot: new Map(), extra: [], signed: new Map() };
  const ids = due.map((c) => c.personId);
  const start = monthStart(month).getTime();
  const whole = due.filter((c) => !c.ended && c.since.getTime() < start);
  const [, months, spot, extra, signed] = await Promise.all([
    units.load([...due.map((c) => c.villageId), ...due.map((c) => countyOfPath(c.villagePath))]),
    monthsOf(whole.map((c) => c.personId), month),
    monthFacts(ids, month),
    Promise.all(sources.map(async (s) => ({ metric: s.metric, byPerson: await s.collect(ids, month) }))),
    signedAllowances(ids.map((id) => `${id}.${month}`)),
    units.loadClosed(whole.map((c) => countyOfPath(c.villagePath)), month),
  ]);
  // Stationed, moved or gone during the month: read from the records.
  const wholeIds = new Set(whole.map((c) => c.personId));
  const partial = ids.filter((id) => !wholeIds.has(id));
  if (partial.length) for (const [id, doc] of await rebuildMonths(partial, month)) months.set(id, doc);
  return { due, whole: wholeIds, months, spot, extra, signed };
}

/**
 * A signed allowance stands until its sign-off is taken back: its frozen copy (which no
 * recompute touches, so a crash half-way cannot lose it) is what the score carries (one read per 1,000).
 */
async function signedAllowances(ids: string[]): Promise<Map<string, AllowanceDoc>> {
  const keep = new Map<string, AllowanceDoc>();
  for (let i = 0; i < ids.length; i += 1000) {
    const { data } = await db.collection(ALLOWANCES).where({ _id: _.in(ids.slice(i, i + 1000)) }).limit(1000).get<AllowanceDoc>();
    for (const d of data) keep.set(d._id, d);
  }
  return keep;
}

async function writeScores(rows: ScoreRow[], now: Date, units: UnitCache): Promise<void> {
  await units.keepRuleSets(now);
  await replace(SCORES, rows);
}

/** A page's score rows (and allowances inside them), from what was read; no database operation. */
function computePage(input: PageInput, month: string, now: Date, units: UnitCache): ScoreRow[] {
  const { due, whole, months, spot, extra, signed } = input;
  const rows: ScoreRow[] = [];
  for (const c of due) {
    const _id = `${c.personId}.${month}`;
    const m: AttendanceMonthDoc | undefined = months.get(c.personId);
    // Most cadres: stationed all month, on post in every settled window, nothing else recorded.
    // Their scores differ only in who they are: one is worked out per village and kind, and
    // the others are written as it is (when it keeps no record, which would name the cadre).
    const plain = whole.has(c.personId) && !m && !spot.get(c.personId)?.length && !signed.has(_id) && extra.every((e) => !e.byPerson.get(c.personId)?.length);
    const key = plain ? `${month}|${now.getTime()}|${c.villageId}|${c.kind}` : null;
    const template = key ? units.plain.get(key) : undefined;
    if (template) {
      rows.push({ _id, personId: c.personId, name: c.name, ...template });
      continue;
    }
    const score = scoreOf(c, input, month, now, units);
    const row = pack(score);
    rows.push(row);
    if (key && template === undefined) {
      const { _id: _i, personId: _p, name: _n, ...rest } = row;
      units.plain.set(key, Object.keys(score.refs).length ? null : rest);
    }
  }
  return rows;
}

/** One cadre's score for a month, worked out from what was read. */
function scoreOf(c: CadreRef, input: PageInput, month: string, now: Date, units: UnitCache): StoredScore {
  const { whole, months, spot, extra, signed } = input;
  const countyId = countyOfPath(c.villagePath);
  const { rules, rulesId, windowName } = units.countyRules(countyId);
  const m: AttendanceMonthDoc | undefined = months.get(c.personId);
  const used = usedMetrics(rules);
  const closed = whole.has(c.personId) ? units.closedIn(countyId, month) : undefined;
  const { metrics, refs, dayShares } = attendanceMetrics(c.personId, month, m?.w ?? {}, m?.n ?? {}, windowName, used, closed);
  addSpotChecks(metrics, refs, spot.get(c.personId) ?? []);
  // Sources of one metric add up (their records together).
  const byMetric = new Map<Metric, Ref[]>();
  for (const e of extra) byMetric.set(e.metric, [...(byMetric.get(e.metric) ?? []), ...(e.byPerson.get(c.personId) ?? [])]);
  for (const [metric, list] of byMetric) {
    // Two logs on one day are one log day (the allowance counts days).
    metrics[metric] = metric === 'workLogDays' ? new Set(list.map((r) => r.date)).size : list.length;
    if (list.length) refs[metric] = list;
  }
  const a = allowanceOf(rules.allowance, c.kind, dayShares, refs.workLogDays ?? []);
  const { items, total } = scoreItems(rules.items, metrics);
  // The records kept are those that gave or took points under the county's rules (and the
  // forfeits): what the score opens to. The rest are counted only.
  for (const k of Object.keys(refs) as Metric[]) if (!used.has(k)) delete refs[k];
  const villageName = units.get(c.villageId)?.name ?? '';
  const nonZero: Partial<Record<Metric, number>> = {};
  for (const k of Object.keys(metrics) as Metric[]) if (metrics[k] !== 0) nonZero[k] = metrics[k];
  const _id = `${c.personId}.${month}`;
  const kept = signed.get(_id);
  const allowance = kept ? storedAllowanceOf(kept) : { basis: rules.allowance.basis, ...a, status: 'draft' as const, signoffId: null, signedByName: null, signedAt: null };
  return { _id, personId: c.personId, name: c.name, kind: c.kind, villageId: c.villageId, villageName, villagePath: c.villagePath, countyId, period: month, metrics: nonZero, refs, points: items.map((i) => i.points), total, rulesId, allowance, computedAt: now };
}

/** Score a page of cadres for a month, and count their allowance. Writes both (signed allowances are kept). */
export async function scorePage(cadres: CadreRef[], month: string, now: Date, units: UnitCache): Promise<ScoreRow[]> {
  const rows = computePage(await readPage(cadres, month, units), month, now, units);
  await writeScores(rows, now, units);
  return rows;
}

/** The allowance part of a frozen copy, as the score document carries it. */
const ALLOWANCE_KEYS = ['basis', 'dayList', 'counted', 'days', 'perDayFen', 'amountFen', 'status', 'signoffId', 'signedByName', 'signedAt'] as const satisfies readonly (keyof StoredAllowance)[];
function storedAllowanceOf(a: AllowanceDoc): StoredAllowance {
  return Object.fromEntries(ALLOWANCE_KEYS.map((k) => [k, a[k]])) as unknown as StoredAllowance;
}

/** A month's score document as its allowance. */
export function allowanceFrom(row: ScoreRow | StoredScore): AllowanceDoc {
  const s = unpack(row);
  const a = s.allowance!;
  return { _id: s._id, personId: s.personId, name: s.name, kind: s.kind, villageId: s.villageId, villageName: s.villageName, villagePath: s.villagePath, month: s.period, ...a, computedAt: s.computedAt };
}

const usedCache = new WeakMap<ScoringRules, Set<Metric>>();
/** The metrics a county's rules give or take points for (and forfeit on): their records are kept. */
function usedMetrics(rules: ScoringRules): Set<Metric> {
  let used = usedCache.get(rules);
  if (!used) {
    used = new Set(rules.items.flatMap((i) => [...i.lines.map((l) => l.metric), ...i.forfeitOn]));
    usedCache.set(rules, used);
  }
  return used;
}

/** Write documents of fixed ids: one write adds them; where some exist (a recompute), one removes the old and one adds again (per 1,000). */
export async function replace(collection: string, docs: { _id: string }[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) {
    const batch = docs.slice(i, i + 1000);
    try {
      await db.collection(collection).add({ data: batch });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await db.collection(collection).where({ _id: _.in(batch.map((d) => d._id)) }).remove();
      await db.collection(collection).add({ data: batch });
    }
  }
}

/** A quarter of a page of cadres: the mean of their scored months' totals and items (3 reads per 1,000). */
export async function scoreQuarterPage(personIds: string[], quarter: string, now: Date): Promise<StoredScore[]> {
  const months = periodMonths(quarter);
  const byPerson = new Map<string, StoredScore[]>();
  for (const month of months) {
    for (let i = 0; i < personIds.length; i += 1000) {
      const { data } = await db.collection(SCORES).where({ _id: _.in(personIds.slice(i, i + 1000).map((p) => `${p}.${month}`)) }).limit(1000).get<ScoreRow>();
      for (const d of data.map(unpack)) byPerson.set(d.personId, [...(byPerson.get(d.personId) ?? []), d]);
    }
  }
  const out: StoredScore[] = [];
  for (const [personId, list] of byPerson) {
    list.sort((a, b) => a.period.localeCompare(b.period));
    const last = list[list.length - 1]!;
    const metrics: Partial<Record<Metric, number>> = {};
    for (const d of list) for (const k of METRICS) if (d.metrics[k]) metrics[k] = round1((metrics[k] ?? 0) + d.metrics[k]!);
    // Months scored by another rule set (the county changed its rules) are averaged item by item as they stand.
    const points = last.points.map((_p, i) => round1(list.reduce((s, d) => s + (d.points[i] ?? 0), 0) / list.length));
    const total = round1(list.reduce((s, d) => s + d.total, 0) / list.length);
    const { allowance: _a, ...rest } = last;
    out.push({ ...rest, _id: `${personId}.${quarter}`, period: quarter, metrics, refs: {}, points, total, months: list.map((d) => ({ month: d.period, total: d.total })), computedAt: now });
  }
  await replace(SCORES, out.map(pack));
  return out;
}

/** Grade a county's period: where 优秀 stops under its quota (two reads), kept in its run. */
export async function gradeCounty(countyId: string, period: string, now: Date): Promise<ScoreRunDoc> {
  // The county's rules as they are now (not the minute's cache): its scores were just computed by them.
  const rules = rulesFrom((await getUnit(countyId))?.settings);
  const { total: count } = await db.collection(SCORES).where({ countyId, period }).count();
  let next: number | null = null;
  const k = rules.grades.excellentQuotaPct === null ? count : Math.floor((count * rules.grades.excellentQuotaPct) / 100 + 1e-9);
  if (k < count) {
    const { data } = await db.collection(SCORES).where({ countyId, period }).orderBy('total', 'desc').skip(k).limit(1).field({ total: true }).get<{ total: number }>();
    next = data[0]?.total ?? null;
  }
  const run: ScoreRunDoc = { _id: `${countyId}.${period}`, countyId, period, count, excellentAbove: quotaCut(rules.grades, count, () => next), grades: rules.grades, computedAt: now };
  const { _id: _rid, ...body } = run;
  await db.collection(SCORE_RUNS).doc(run._id).set({ data: body });
  return run;
}

// ---- the monthly job ---------------------------------------------------------------------------

/** A period can be computed, published or signed once its last month is due for the timer (settled). */
export function periodOver(period: string, now: Date): boolean {
  return periodMonths(period).at(-1)! <= monthDue(now);
}

/** Scoring a month waits until this hour of the next month's first day (the last windows settled, spot checks closed). */
const SCORE_AT_HOUR = 3;
/** Pages of cadres the monthly job reads ahead of the one it writes. */
const LOOKAHEAD = 2;

/** When a month becomes due: 03:00 (Beijing) on the next month's first day. */
export function dueAt(month: string): Date {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1, SCORE_AT_HOUR - 8));
}

/** The month due for scoring at `now` (the last one, once its first hours are past). */
export function monthDue(now: Date): string {
  const b = beijing(now);
  const back = b.d === 1 && b.h < SCORE_AT_HOUR ? 2 : 1;
  const d = new Date(Date.UTC(b.y, b.mo - 1 - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}


interface MonthCheckpoint {
  month: string;
  /** Stationed cadres' month, then those whose stationing ended in it, then (closing a quarter) both again for the quarter, then the grades. */
  phase: 'month' | 'former' | 'quarter' | 'formerQuarter' | 'grades';
  after: string;
  counties: string[];
}

export interface ScoreOptions {
  checkpoint?: Record<string, unknown>;
  deadline?: number;
  pageSize?: number;
}

/**
 * The timer's scoring of the month due: every active cadre's score and allowance, the quarter
 * when the month ends one, then each county graded.
 * Runs once per month (a done marker), resumes from a checkpoint, and a rerun rewrites the same
 * documents.
 */
export async function scoreMonthJob(now: Date, opts: ScoreOptions & { since?: Date } = {}): Promise<{ month: string; skipped?: boolean; pages?: number; counties?: number; incomplete?: boolean; checkpoint?: Record<string, unknown>; doneUntil?: Date }> {
  const cp = opts.checkpoint as MonthCheckpoint | undefined;
  const month = cp?.month ?? monthDue(now);
  const marker = `all.${month}`;
  if (!cp) {
    // A run that completed since this month became due scored it (or found it scored): nothing to read.
    if (opts.since && monthDue(opts.since) === month) return { month, skipped: true };
    const { data } = await db.collection(SCORE_RUNS).doc(marker).get();
    if (data) return { month, skipped: true };
  }
  const deadline = opts.deadline ?? Date.now() + 45_000;
  const quarter = quarterClosedBy(month);
  const units = new UnitCache();
  const counties = new Set(cp?.counties ?? []);
  let phase = cp?.phase ?? 'month';
  let after = cp?.after ?? '';
  let pages = 0;
  const stop = () => ({ month, pages, incomplete: true, checkpoint: { month, phase, after, counties: [...counties] } as Record<string, unknown> });
  const next = { month: 'former', former: quarter ? 'quarter' : 'grades', quarter: 'formerQuarter', formerQuarter: 'grades', grades: 'grades' } as const;
  // Pages are read ahead of their writing, up to LOOKAHEAD pages: a month page's reads do not
  // depend on the writes before it. A quarter page reads the month's scores itself, so the
  // quarter's pages are read only once every month page is written.
  type Fetched = { phase: MonthCheckpoint['phase']; cadres: CadreRef[]; lastId: string | null; input: PageInput | null };
  const fetch = async (ph: MonthCheckpoint['phase'], from: string): Promise<Fetched> => {
    const former = ph === 'former' || ph === 'formerQuarter';
    const since = ph === 'formerQuarter' ? `${periodMonths(quarter!)[0]}-01` : `${month}-01`;
    const page = former ? await formerCadresPage(since, { after: from, limit: opts.pageSize }) : await cadrePage(from, opts.pageSize);
    const input = ph === 'month' || ph === 'former' ? await readPage(page.cadres, month, units) : null;
    return { phase: ph, ...page, input };
  };
  /** Where reading goes on after a page (null: the end, or a phase that must wait for the writes). */
  const after_ = (f: Fetched, mayWait: boolean): { phase: MonthCheckpoint['phase']; after: string } | null => {
    const ph = f.lastId ? f.phase : next[f.phase];
    if (ph === 'grades') return null;
    if (mayWait && ph === 'quarter' && f.phase !== 'quarter') return null;
    return { phase: ph, after: f.lastId ?? '' };
  };
  const ahead: Promise<Fetched | null>[] = [];
  const readAhead = () => {
    while (ahead.length < LOOKAHEAD) {
      const prev = ahead[ahead.length - 1]!;
      const p = prev.then((f) => {
        const n = f && after_(f, true);
        return n ? fetch(n.phase, n.after) : null;
      });
      // An abandoned read (past the deadline) must not surface as an unhandled rejection.
      p.catch(() => undefined);
      ahead.push(p);
    }
  };
  // The checkpoint (phase, after) moves past a page only once its write has completed.
  let inFlight: { write: Promise<void>; next: { phase: MonthCheckpoint['phase']; after: string } } | null = null;
  const settle = async () => {
    if (!inFlight) return;
    const { write, next: n } = inFlight;
    inFlight = null;
    await write;
    phase = n.phase;
    after = n.after;
  };
  if (phase !== 'grades') ahead.push(fetch(phase, after));
  while (ahead.length) {
    readAhead();
    const f = await ahead.shift()!;
    if (!f) {
      await settle();
      // The reads ahead stopped at a phase that waits for the writes (or at the end): go on from where the writes are.
      ahead.length = 0;
      if (phase !== 'grades') ahead.push(fetch(phase, after));
      continue;
    }
    pages += 1;
    const n = after_(f, false);
    const next = { phase: n ? n.phase : ('grades' as const), after: n ? n.after : '' };
    if (f.input) {
      // A month page is scored while the page before is still being written (one write in flight).
      const scores = computePage(f.input, month, now, units);
      for (const sc of scores) counties.add(sc.countyId);
      await settle();
      const write = writeScores(scores, now, units);
      write.catch(() => undefined); // awaited by settle(); not an unhandled rejection meanwhile
      inFlight = { write, next };
    } else {
      await settle();
      await scoreQuarterPage(f.cadres.map((c) => c.personId), quarter!, now);
      phase = next.phase;
      after = next.after;
    }
    if (Date.now() > deadline) {
      await settle();
      return stop();
    }
  }
  await settle();
  for (const county of counties) {
    await gradeCounty(county, month, now);
    if (quarter) await gradeCounty(county, quarter, now);
  }
  await db.collection(SCORE_RUNS).doc(marker).set({ data: { month, counties: [...counties], doneAt: now } });
  log.info('month scored', { month, counties: counties.size });
  // A run resumed after the next month became due did only the older one: the next tick looks again.
  if (monthDue(now) !== month) return { month, pages, counties: counties.size, doneUntil: dueAt(month) };
  return { month, pages, counties: counties.size };
}

/** Staff's recompute of a unit's period (before or after publication: a publication stays as it was). */
export async function recompute(now: Date, unit: OrgUnit, period: string): Promise<{ period: string; cadres: number }> {
  if (!periodOver(period, now)) throw new AppError('not_over', '考核期尚未结束（次月1日3时后结算），结束后才能计算');
  const cadres = (await cadresStationedUnder(unit._id)).map(cadreRef).filter((c): c is CadreRef => !!c);
  // And those whose stationing under the unit ended during the period.
  for (let after: string | null = ''; after !== null; ) {
    const page = await formerCadresPage(`${periodMonths(period)[0]}-01`, { unitId: unit._id, after });
    const have = new Set(cadres.map((c) => c.personId));
    cadres.push(...page.cadres.filter((c) => !have.has(c.personId)));
    after = page.lastId;
  }
  const units = new UnitCache();
  const counties = new Set<string>();
  for (let i = 0; i < cadres.length; i += 1000) {
    const page = cadres.slice(i, i + 1000);
    // Staff's recompute is also the repair: the month copies are made again from the records.
    for (const month of periodMonths(period)) await rebuildMonths(page.map((c) => c.personId), month, { store: true });
    if (isQuarter(period)) {
      for (const month of periodMonths(period)) await scorePage(page, month, now, units);
      (await scoreQuarterPage(page.map((c) => c.personId), period, now)).forEach((s) => counties.add(s.countyId));
    } else {
      (await scorePage(page, period, now, units)).forEach((s) => counties.add(s.countyId));
    }
  }
  for (const county of counties) {
    if (isQuarter(period)) for (const month of periodMonths(period)) await gradeCounty(county, month, now);
    await gradeCounty(county, period, now);
  }
  return { period, cadres: cadres.length };
}

// ---- reading scores ----------------------------------------------------------------------------

export async function runsOf(countyIds: string[], period: string): Promise<Map<string, ScoreRunDoc>> {
  const ids = [...new Set(countyIds)].map((c) => `${c}.${period}`);
  if (!ids.length) return new Map();
  const { data } = await db.collection(SCORE_RUNS).where({ _id: _.in(ids) }).limit(1000).get<ScoreRunDoc>();
  return new Map(data.map((r) => [r.countyId, r]));
}

export function gradeFor(s: Pick<ScoreDoc, 'total' | 'countyId'>, runs: Map<string, ScoreRunDoc>): Grade | null {
  const run = runs.get(s.countyId);
  return run ? gradeOf(s.total, run.grades, run.excellentAbove) : null;
}

export async function getScore(personId: string, period: string): Promise<ScoreDoc | null> {
  const { data } = await db.collection(SCORES).doc(`${personId}.${period}`).get<ScoreRow>();
  return data ? (await hydrate([data]))[0]! : null;
}

/**
 * The totals of cadres' scores for some periods (months of a year, say), by cadre, in period
 * order: one aggregation per 1,000 cadres (the annual assessment reads a county's year with it).
 */
export async function totalsOf(personIds: readonly string[], periods: readonly string[]): Promise<Map<string, { period: string; total: number }[]>> {
  const out = new Map<string, { period: string; total: number }[]>();
  const ids = [...new Set(personIds)];
  for (let i = 0; i < ids.length && periods.length; i += 1000) {
    const { list } = await db.collection(SCORES).aggregate()
      .match({ personId: _.in(ids.slice(i, i + 1000)), period: _.in([...periods]) })
      .sort({ period: 1 })
      .group({ _id: '$personId', rows: $.push({ period: '$period', total: '$total' }) })
      .limit(1000)
      .end<{ _id: string; rows: { period: string; total: number }[] }>();
    for (const g of list) out.set(g._id, g.rows);
  }
  return out;
}

/** A page of a unit's ranking (best first, ties sharing a rank): two reads, and one for the grades. */
export async function rankingPage(unitId: string, period: string, skip: number, limit: number) {
  const where = { villagePath: unitId, period };
  const { total: count } = await db.collection(SCORES).where(where).count();
  const data = await hydrate((await db.collection(SCORES).where(where).orderBy('total', 'desc').orderBy('personId', 'asc').skip(skip).limit(limit).get<ScoreRow>()).data);
  // A tie that began on an earlier page keeps its rank: the first row's rank is 1 + those above it.
  const above = data.length && skip > 0 ? (await db.collection(SCORES).where({ ...where, total: _.gt(data[0]!.total) }).count()).total : 0;
  const rs = ranks(data.map((d) => d.total), skip, data.length && skip > 0 ? { total: data[0]!.total, rank: above + 1 } : undefined);
  const runs = await runsOf(data.map((d) => d.countyId), period);
  return { count, rows: data.map((d, i) => ({ score: d, rank: rs[i]!, grade: gradeFor(d, runs) })) };
}

/** The mean total of each child unit of `unit` (one aggregation): the ranking page's chart. */
export async function childAverages(unit: OrgUnit, period: string): Promise<{ unitId: string; name: string; count: number; average: number }[]> {
  const depth = unit.path.length;
  const { list } = await db.collection(SCORES).aggregate()
    .match({ villagePath: unit._id, period })
    .group({ _id: $.arrayElemAt(['$villagePath', depth]), count: $.sum(1), sum: $.sum('$total') })
    .limit(1000)
    .end<{ _id: string | null; count: number; sum: number }>();
  const named = await getUnits(list.map((g) => g._id).filter((x): x is string => !!x));
  return list
    .filter((g) => g._id)
    .map((g) => ({ unitId: g._id!, name: named.get(g._id!)?.name ?? g._id!, count: g.count, average: round1(g.sum / g.count) }))
    .sort((a, b) => b.average - a.average || a.name.localeCompare(b.name));
}

/** Every score of a unit's period, best first (⌈n/1000⌉ reads): the ledgers. */
export async function scoresUnder(unitId: string, period: string): Promise<{ score: ScoreDoc; rank: number; grade: Grade | null }[]> {
  const stored: ScoreRow[] = [];
  for (;;) {
    const { data } = await db.collection(SCORES).where({ villagePath: unitId, period }).orderBy('total', 'desc').orderBy('personId', 'asc').skip(stored.length).limit(1000).get<ScoreRow>();
    stored.push(...data);
    if (data.length < 1000) break;
  }
  const out = await hydrate(stored);
  const runs = await runsOf(out.map((d) => d.countyId), period);
  const rs = ranks(out.map((d) => d.total));
  return out.map((d, i) => ({ score: d, rank: rs[i]!, grade: gradeFor(d, runs) }));
}

// ---- publication -------------------------------------------------------------------------------

/**
 * A feature whose own figures are published with the scores (the visit figures: 走访率, 问题化解率,
 * 请假人次) registers a freezer: `publish` runs it after the rows are written and before the
 * publication is, keyed by the publication's id and the publishing attempt (its `clientId`), so a
 * crash half-way publishes nothing, a retry freezes again, and only the attempt that published
 * counts (as with `publishedScores`).
 */
export type PublicationFreezer = (p: { pubId: string; attempt: string; unit: OrgUnit; period: string; now: Date }) => Promise<void>;
const freezers: PublicationFreezer[] = [];
export function registerPublicationFreezer(f: PublicationFreezer): () => void {
  freezers.push(f);
  return () => {
    const i = freezers.indexOf(f);
    if (i >= 0) freezers.splice(i, 1);
  };
}

export async function latestPublication(unitId: string, period: string): Promise<PublicationDoc | null> {
  const { data } = await db.collection(PUBLICATIONS).where({ unitId, period }).orderBy('version', 'desc').limit(1).get<PublicationDoc>();
  return data[0] ?? null;
}

export async function publicationsOf(unitId: string, period?: string): Promise<PublicationDoc[]> {
  const { data } = await db.collection(PUBLICATIONS).where(period ? { unitId, period } : { unitId }).orderBy('period', 'desc').orderBy('version', 'desc').limit(100).get<PublicationDoc>();
  return data;
}

export async function getPublication(id: string): Promise<PublicationDoc | null> {
  const { data } = await db.collection(PUBLICATIONS).doc(id).get<PublicationDoc>();
  return data ?? null;
}

/** Publications by id (one read). */
export async function getPublications(ids: string[]): Promise<Map<string, PublicationDoc>> {
  const want = [...new Set(ids)];
  if (!want.length) return new Map();
  const { data } = await db.collection(PUBLICATIONS).where({ _id: _.in(want) }).limit(1000).get<PublicationDoc>();
  return new Map(data.map((p) => [p._id, p]));
}

export async function publishedRows(pubId: string, skip: number, limit: number): Promise<PublishedScoreDoc[]> {
  const pub = await getPublication(pubId);
  if (!pub) return [];
  const { data } = await db.collection(PUBLISHED).where({ pubId, attempt: pub.clientId }).orderBy('rank', 'asc').orderBy('personId', 'asc').skip(skip).limit(limit).get<PublishedScoreDoc>();
  return data;
}

/** A cadre's published rows for a period (every unit, every version), newest first. */
export async function publishedFor(personId: string, period: string): Promise<PublishedScoreDoc[]> {
  const { data } = await db.collection(PUBLISHED).where({ personId, period }).orderBy('version', 'desc').limit(100).get<PublishedScoreDoc>();
  return data;
}

/**
 * Publish a unit's figures for a period (county or city staff): the rows are frozen as they are
 * now, ranked within the unit. A unit already published gets a new version, which needs a reason
 * (a correction). The rows are written first and the publication last, so a crash half-way
 * publishes nothing; the same `clientId` again returns what it made.
 */
export async function publish(caller: Caller, now: Date, unit: OrgUnit, input: { period: string; reason: string; clientId: string }): Promise<PublicationDoc> {
  if (unit.level !== 'county' && unit.level !== 'city') throw new AppError('invalid_input', '考核结果由县（区）或市公布');
  if (!periodOver(input.period, now)) throw new AppError('not_over', '考核期尚未结束（次月1日3时后结算），结束后才能公布');
  const latest = await latestPublication(unit._id, input.period);
  if (latest?.clientId === input.clientId) return latest;
  if (latest && !input.reason.trim()) throw new AppError('reason_required', `该考核期已公布第 ${latest.version} 版，更正须说明理由`);
  const rows = await scoresUnder(unit._id, input.period);
  if (!rows.length) throw new AppError('not_found', '该考核期还没有考核结果，请先计算');
  if (rows.some((r) => r.grade === null)) throw new AppError('not_found', '部分县（区）尚未评定等次，请先重新计算');
  const version = (latest?.version ?? 0) + 1;
  const pubId = `pub.${unit._id}.${input.period}.v${version}`;
  const frozen: PublishedScoreDoc[] = rows.map(({ score: s, rank, grade }) => ({
    // Rows of this attempt: a concurrent or crashed attempt's rows never mix with the one published.
    _id: `${pubId}.${input.clientId}.${s.personId}`,
    pubId,
    attempt: input.clientId,
    unitId: unit._id,
    period: input.period,
    version,
    personId: s.personId,
    name: s.name,
    kind: s.kind,
    villageName: s.villageName,
    villagePath: s.villagePath,
    total: s.total,
    items: s.items.map((i) => ({ key: i.key, name: i.name, points: i.points, max: i.max })),
    grade: grade!,
    rank,
  }));
  // A retried attempt (same clientId) after a crash writes its rows again.
  await db.collection(PUBLISHED).where({ pubId, attempt: input.clientId }).remove();
  for (let i = 0; i < frozen.length; i += 1000) await db.collection(PUBLISHED).add({ data: frozen.slice(i, i + 1000) });
  // Other features' figures frozen with it (by this attempt, before the publication exists).
  for (const freeze of freezers) await freeze({ pubId, attempt: input.clientId, unit, period: input.period, now });
  const gradeCounts = Object.fromEntries(GRADES.map((g) => [g, frozen.filter((r) => r.grade === g).length])) as Record<Grade, number>;
  const pub: PublicationDoc = {
    _id: pubId,
    unitId: unit._id,
    unitName: unit.name,
    unitPath: unit.path,
    period: input.period,
    version,
    reason: input.reason.trim(),
    clientId: input.clientId,
    count: frozen.length,
    gradeCounts,
    byId: caller.person?._id ?? '',
    byName: caller.person?.name ?? '',
    at: now,
  };
  const { _id: _pid, ...body } = pub;
  if (await getPublication(pubId)) throw new AppError('conflict', '另一位工作人员刚刚公布了这一版，请刷新后再看');
  await transaction(async (tx) => {
    const { data: taken } = await tx.collection(PUBLICATIONS).doc(pubId).get();
    if (taken) throw new AppError('conflict', '另一位工作人员刚刚公布了这一版，请刷新后再看');
    await tx.collection(PUBLICATIONS).doc(pubId).set({ data: body });
    await audit(tx, caller, now, { action: 'scoring.publish', target: { collection: PUBLICATIONS, id: pubId }, unitPath: unit.path, before: latest ? { version: latest.version } : null, after: { version, count: frozen.length, reason: pub.reason } });
  });
  // Rows of attempts that lost (another staff member published this version first) are dropped.
  await db.collection(PUBLISHED).where({ pubId, attempt: _.neq(input.clientId) }).remove();
  return pub;
}

// ---- allowance ----------------------------------------------------------------------------------

export async function getAllowance(personId: string, month: string): Promise<AllowanceDoc | null> {
  const { data } = await db.collection(SCORES).doc(`${personId}.${month}`).get<ScoreRow>();
  return data?.allowance ? allowanceFrom(data) : null;
}

/** A page of a unit's allowances for a month, by name, with the totals (one aggregation). */
export async function allowancePage(unitId: string, month: string, skip: number, limit: number) {
  const where = { villagePath: unitId, period: month };
  const { data } = await db.collection(SCORES).where(where).orderBy('name', 'asc').orderBy('personId', 'asc').skip(skip).limit(limit).get<ScoreRow>();
  const { list } = await db.collection(SCORES).aggregate().match(where).group({ _id: '$allowance.status', n: $.sum(1), fen: $.sum('$allowance.amountFen'), days: $.sum('$allowance.days') }).limit(10).end<{ _id: AllowanceDoc['status']; n: number; fen: number; days: number }>();
  const totals = { count: 0, amountFen: 0, days: 0, draft: 0, signed: 0 };
  for (const g of list) {
    totals.count += g.n;
    totals.amountFen += g.fen;
    totals.days = round1(totals.days + g.days);
    totals[g._id] += g.n;
  }
  return { rows: data.map(allowanceFrom), totals };
}

export async function allowancesUnder(unitId: string, month: string): Promise<AllowanceDoc[]> {
  const out: AllowanceDoc[] = [];
  for (;;) {
    const { data } = await db.collection(SCORES).where({ villagePath: unitId, period: month }).orderBy('name', 'asc').orderBy('personId', 'asc').skip(out.length).limit(1000).get<ScoreRow>();
    out.push(...data.map(allowanceFrom));
    if (data.length < 1000) return out;
  }
}

export async function signoffsOf(unitId: string, month: string): Promise<SignoffDoc[]> {
  const { data } = await db.collection(SIGNOFFS).where({ unitId, month }).orderBy('at', 'desc').limit(50).get<SignoffDoc>();
  return data;
}

/**
 * Sign off a unit's draft allowances for a month: the sign-off (with its totals) is written
 * first under the caller's `clientId`, then the drafts are marked with it; a rerun finishes the
 * marking. A signed allowance is not recomputed until its sign-off is taken back.
 */
export async function signAllowances(caller: Caller, now: Date, unit: OrgUnit, input: { month: string; clientId: string }): Promise<SignoffDoc> {
  if (!periodOver(input.month, now)) throw new AppError('not_over', '该月尚未结算（次月1日3时后），结算后才能签核');
  const id = `${unit._id}.${input.month}.${input.clientId}`;
  let signoff = (await db.collection(SIGNOFFS).doc(id).get<SignoffDoc>()).data ?? null;
  if (signoff?.reopened) throw new AppError('conflict', '该签核已撤回，请重新签核');
  if (!signoff) {
    const drafts = { villagePath: unit._id, period: input.month, 'allowance.status': 'draft' };
    const { list } = await db.collection(SCORES).aggregate().match(drafts).group({ _id: null, n: $.sum(1), fen: $.sum('$allowance.amountFen') }).limit(1).end<{ n: number; fen: number }>();
    if (!list[0]?.n) throw new AppError('not_found', '没有待签核的补助，请先计算本月考核');
    const made: SignoffDoc = { _id: id, unitId: unit._id, unitName: unit.name, unitPath: unit.path, month: input.month, count: list[0].n, amountFen: list[0].fen, byId: caller.person?._id ?? '', byName: caller.person?.name ?? '', at: now, reopened: null };
    signoff = await transaction(async (tx) => {
      const { data: have } = await tx.collection(SIGNOFFS).doc(id).get<SignoffDoc>();
      if (have) return have;
      const { _id: _sid, ...body } = made;
      await tx.collection(SIGNOFFS).doc(id).set({ data: body });
      await audit(tx, caller, now, { action: 'scoring.signAllowances', target: { collection: SIGNOFFS, id }, unitPath: unit.path, before: null, after: { count: made.count, amountFen: made.amountFen } });
      return made;
    });
  }
  // The drafts counted (none recomputed since the sign-off), a page at a time: their frozen
  // copies first, then the mark on the score. A rerun finds the drafts still unmarked.
  const counted = { villagePath: unit._id, period: input.month, 'allowance.status': 'draft', computedAt: _.lte(signoff.at) };
  for (;;) {
    const { data } = await db.collection(SCORES).where(counted).orderBy('_id', 'asc').limit(1000).get<ScoreRow>();
    if (!data.length) break;
    const copies: AllowanceDoc[] = data.map((d) => ({ ...allowanceFrom(d), status: 'signed', signoffId: id, signedByName: signoff!.byName, signedAt: signoff!.at }));
    try {
      await db.collection(ALLOWANCES).add({ data: copies });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const { data: have } = await db.collection(ALLOWANCES).where({ _id: _.in(copies.map((c) => c._id)) }).field({ _id: true }).limit(1000).get<{ _id: string }>();
      const got = new Set(have.map((h) => h._id));
      const rest = copies.filter((c) => !got.has(c._id));
      if (rest.length) await db.collection(ALLOWANCES).add({ data: rest });
    }
    await db.collection(SCORES).where({ _id: _.in(data.map((d) => d._id)), 'allowance.status': 'draft' }).update({ data: { 'allowance.status': 'signed', 'allowance.signoffId': id, 'allowance.signedByName': signoff.byName, 'allowance.signedAt': signoff.at } });
    if (data.length < 1000) break;
  }
  return signoff;
}

/** Take a sign-off back, with a reason: its allowances are drafts again (and follow a recompute). */
export async function reopenAllowances(caller: Caller, now: Date, signoff: SignoffDoc, reason: string): Promise<SignoffDoc> {
  if (signoff.reopened && signoff.reopened.reason !== reason) throw new AppError('conflict', '该签核已撤回');
  const reopened = { byName: caller.person?.name ?? '', at: now, reason };
  await transaction(async (tx) => {
    const { data: have } = await tx.collection(SIGNOFFS).doc(signoff._id).get<SignoffDoc>();
    if (!have) throw new AppError('not_found', '签核记录不存在');
    if (have.reopened) return; // a rerun: finish the marking below
    await tx.collection(SIGNOFFS).doc(signoff._id).update({ data: { reopened } });
    await audit(tx, caller, now, { action: 'scoring.reopenAllowances', target: { collection: SIGNOFFS, id: signoff._id }, unitPath: signoff.unitPath, before: { reopened: null }, after: { reason } });
  });
  // The frozen copies go first: a score still marked signed without its copy becomes a draft at the next recompute.
  await db.collection(ALLOWANCES).where({ signoffId: signoff._id }).remove();
  await db.collection(SCORES).where({ 'allowance.signoffId': signoff._id }).update({ data: { 'allowance.status': 'draft', 'allowance.signoffId': null, 'allowance.signedByName': null, 'allowance.signedAt': null } });
  return { ...signoff, reopened };
}

export async function getSignoff(id: string): Promise<SignoffDoc | null> {
  const { data } = await db.collection(SIGNOFFS).doc(id).get<SignoffDoc>();
  return data ?? null;
}

export { getUnit };
