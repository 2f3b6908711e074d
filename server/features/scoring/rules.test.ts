/** The scoring rules as pure functions: items with caps and forfeits, quota cuts with ties, ranks, the allowance. */
import { allowanceOf, attendanceMetrics, closedDays, emptyMetrics, gradeOf, periodMonths, quarterClosedBy, quotaCut, ranks, scoreItems } from './rules';
import { DEFAULT_SCORING_RULES, type GradeRules, type ScoreItem } from './schema';

const grades: GradeRules = { excellent: 90, competent: 75, basicallyCompetent: 60, excellentQuotaPct: 20 };

describe('items', () => {
  const item: ScoreItem = { key: 'a', name: '在岗', max: 40, start: 'full', lines: [{ metric: 'windowsMissed', points: -2, cap: 10 }, { metric: 'windowsOutside', points: -1 }], forfeitOn: ['inspectionsAbsent'] };
  it('deducts per record, caps a line, never below 0', () => {
    const m = { ...emptyMetrics(), windowsMissed: 8, windowsOutside: 3 };
    const { items, total } = scoreItems([item], m);
    expect(items[0]!.lines.map((l) => [l.points, l.capped])).toEqual([[-10, true], [-3, false]]);
    expect(total).toBe(27);
    expect(scoreItems([item], { ...emptyMetrics(), windowsOutside: 60 }).total).toBe(0);
  });
  it('一次扣完: one record of a forfeit metric loses the whole item', () => {
    const r = scoreItems([item], { ...emptyMetrics(), inspectionsAbsent: 1 });
    expect(r.items[0]).toMatchObject({ points: 0, forfeitedBy: 'inspectionsAbsent' });
  });
  it('adds from zero up to the max', () => {
    const add: ScoreItem = { key: 'b', name: '记实', max: 20, start: 'zero', lines: [{ metric: 'workLogDays', points: 1 }], forfeitOn: [] };
    expect(scoreItems([add], { ...emptyMetrics(), workLogDays: 23 }).total).toBe(20);
    expect(scoreItems([add], { ...emptyMetrics(), workLogDays: 7 }).total).toBe(7);
  });
});

describe('grades and the quota', () => {
  // Ten cadres, best first: at most ⌊10 × 20 %⌋ = 2 may be 优秀.
  const totals = [98, 95, 95, 91, 80, 76, 70, 61, 50, 40];
  const cut = quotaCut(grades, totals.length, (k) => totals[k] ?? null);
  it('a tie across the boundary is left out whole', () => {
    expect(cut).toBe(95);
    expect(totals.map((t) => gradeOf(t, grades, cut))).toEqual(['excellent', 'competent', 'competent', 'competent', 'competent', 'competent', 'basicallyCompetent', 'basicallyCompetent', 'incompetent', 'incompetent']);
  });
  it('no quota: thresholds alone', () => {
    const free = { ...grades, excellentQuotaPct: null };
    expect(quotaCut(free, 10, () => 0)).toBeNull();
    expect(totals.filter((t) => gradeOf(t, free, null) === 'excellent')).toHaveLength(4);
  });
  it('ranks share ties', () => {
    expect(ranks([98, 95, 95, 91])).toEqual([1, 2, 2, 4]);
    expect(ranks([95, 90], 2, { total: 95, rank: 2 })).toEqual([2, 4]);
  });
});

describe('days and the allowance', () => {
  const { metrics, dayShares } = attendanceMetrics('p1', '2026-11', { d02_am: 'P', d02_pm: 'E', d03_am: 'M', d03_pm: 'C', d04_am: 'E', d04_pm: 'E' }, { d02_night: 'P' }, (id) => id);
  it('half a day on post counts half', () => {
    expect([metrics.daysOnPost, metrics.daysExcused, metrics.nights, metrics.windowsMissed]).toEqual([1, 1.5, 1, 1]);
  });
  it('by days on post or by work-log days, at the kind’s rate', () => {
    const r = allowanceOf(DEFAULT_SCORING_RULES.allowance, 'firstSecretary', dayShares, []);
    expect(r).toMatchObject({ counted: 1, days: 1, perDayFen: 10_000, amountFen: 10_000 });
    const logs = [{ id: 'l1', date: '2026-11-02', label: '' }, { id: 'l2', date: '2026-11-02', label: '' }, { id: 'l3', date: '2026-11-07', label: '' }];
    const w = allowanceOf({ ...DEFAULT_SCORING_RULES.allowance, basis: 'workLogDays', maxDays: 1 }, 'teamMember', dayShares, logs);
    expect(w).toMatchObject({ counted: 2, days: 1, perDayFen: 8_000, amountFen: 8_000 });
  });
  it('periods', () => {
    expect(periodMonths('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect([quarterClosedBy('2026-12'), quarterClosedBy('2026-11')]).toEqual(['2026-Q4', null]);
  });
});

describe('records of part of a day', () => {
  it('carry their share, so an explanation gives each its part of the points', () => {
    const { refs } = attendanceMetrics('p1', '2026-11', { d02_am: 'P', d02_pm: 'M', d03_am: 'P', d03_pm: 'P' }, {}, (id) => id);
    expect(refs.daysOnPost).toEqual([
      { id: 'p1.2026-11-02', date: '2026-11-02', label: '在岗 0.5 天', share: 0.5 },
      { id: 'p1.2026-11-03', date: '2026-11-03', label: '全天在岗' },
    ]);
  });
});

describe('a cadre stationed all month: the county’s settled windows, with their exceptions', () => {
  const keys = ['d02_am', 'd02_pm', 'd03_am', 'd03_pm', 'd04_am', 'd04_pm'];
  const everyWindow = (letters: Record<string, 'M' | 'E' | 'O' | 'C'>) => Object.fromEntries(keys.map((k) => [k, letters[k] ?? 'P'])) as Record<string, 'P' | 'M' | 'E' | 'O' | 'C'>;
  const keep = new Set(['windowsMissed', 'windowsOutside'] as const);
  it('counts as the whole month would, with or without exceptions', () => {
    const cases: Record<string, 'M' | 'E' | 'O' | 'C'>[] = [{}, { d03_am: 'M' }, { d04_am: 'E', d04_pm: 'E' }, { d05_am: 'O' }];
    for (const exceptions of cases) {
      const closed = closedDays(keys);
      const sparse = attendanceMetrics('p1', '2026-11', exceptions, {}, (id) => id, keep, closed);
      const whole = attendanceMetrics('p1', '2026-11', { ...everyWindow(exceptions), ...exceptions }, {}, (id) => id, keep);
      expect(sparse).toEqual(whole);
    }
  });
  it('a month all on post is counted once per county, and each cadre gets a copy of its figures', () => {
    const closed = closedDays(keys);
    const a = attendanceMetrics('p1', '2026-11', {}, {}, (id) => id, keep, closed);
    a.metrics.spotChecksMissed += 1;
    const b = attendanceMetrics('p2', '2026-11', {}, {}, (id) => id, keep, closed);
    expect(b.metrics.spotChecksMissed).toBe(0);
    expect([b.metrics.windowsDue, b.metrics.daysOnPost]).toEqual([6, 3]);
    expect(b.dayShares).toBe(a.dayShares);
    // Whose days on post are kept as records gets their own.
    expect(attendanceMetrics('p3', '2026-11', {}, {}, (id) => id, new Set(['daysOnPost'] as const), closed).refs.daysOnPost).toHaveLength(3);
  });
});
