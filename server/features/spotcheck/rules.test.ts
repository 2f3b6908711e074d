/** The pure rules of spot checks: the draw, working hours, fresh fixes, the ladder, settings. */
import { answerableUntil, deadlineOf, draw, drawSize, eligibleHash, ladderStep, outsideWorkHours, rankOf, settingsFrom, staleAnswerFix } from './rules';
import { DEFAULT_SPOTCHECK_SETTINGS, SpotCheckSettings } from './schema';
import { setLogSink, type LogLine } from '../../kernel/log';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p-${String(i).padStart(3, '0')}`);
const bj = (s: string) => new Date(`${s}+08:00`);

describe('the draw', () => {
  it('is reproducible: the same seed and list give the same people, whatever the list’s order', () => {
    const list = ids(50);
    const a = draw('seed-1', list, 7);
    expect(a).toHaveLength(7);
    expect(draw('seed-1', [...list].reverse(), 7)).toEqual(a);
    expect(draw('seed-1', [...list, ...list.slice(0, 5)], 7)).toEqual(a); // duplicates count once
    expect(draw('seed-2', list, 7)).not.toEqual(a);
    // The first k of a larger draw: asking for fewer never changes who comes first.
    expect(draw('seed-1', list, 3)).toEqual(a.slice(0, 3));
  });

  it('is the ids ranked by SHA-256 of seed:id, smallest first', () => {
    const list = ids(10);
    const byHand = [...list].sort((x, y) => (rankOf('s', x) < rankOf('s', y) ? -1 : 1)).slice(0, 4);
    expect(draw('s', list, 4)).toEqual(byHand);
    // What `printf 's:p-000' | sha256sum` prints.
    expect(rankOf('s', 'p-000')).toBe('1c55d798511dd6ef6a927b30c4aac6afb3d8bb9f50b38a2d2a5dcd1a37194222');
  });

  it('gives every eligible cadre the same chance (chi-square over a fixed list of 4,000 seeds)', () => {
    const list = ids(20);
    const counts = new Map(list.map((id) => [id, 0]));
    const SEEDS = 4000;
    const K = 5;
    for (let s = 0; s < SEEDS; s++) for (const id of draw(`chi-${s}`, list, K)) counts.set(id, counts.get(id)! + 1);
    const expected = (SEEDS * K) / list.length; // 1,000 each
    const chi2 = [...counts.values()].reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 0.1 % critical value is 43.82.
    expect(chi2).toBeLessThan(43.82);
    // And a biased draw would fail it: always favouring the first ids.
    const biased = new Map(list.map((id, i) => [id, i < 5 ? expected * 1.2 : expected * (1 - 0.2 / 3)]));
    expect([...biased.values()].reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0)).toBeGreaterThan(43.82);
  });

  it('takes a count (at most everyone) or a percentage (at least one)', () => {
    expect(drawSize(100, { count: 5 })).toBe(5);
    expect(drawSize(3, { count: 5 })).toBe(3);
    expect(drawSize(0, { count: 5 })).toBe(0);
    expect(drawSize(1000, { percent: 2.5 })).toBe(25);
    expect(drawSize(10, { percent: 1 })).toBe(1);
    expect(drawSize(10, { percent: 100 })).toBe(10);
  });

  it('pins the eligible list by a hash that changes with any id', () => {
    expect(eligibleHash(['a', 'b'])).toBe(eligibleHash(['a', 'b']));
    expect(eligibleHash(['a', 'b'])).not.toBe(eligibleHash(['a', 'c']));
  });
});

describe('when a spot check may be issued and answered', () => {
  const S = DEFAULT_SPOTCHECK_SETTINGS;
  it('only inside working hours of a working day on the real calendar', () => {
    expect(outsideWorkHours(bj('2026-05-12T10:00:00'), S)).toBeNull();
    expect(outsideWorkHours(bj('2026-05-12T08:29:00'), S)).toMatch(/工作时间/);
    expect(outsideWorkHours(bj('2026-05-12T17:30:00'), S)).toMatch(/工作时间/);
    expect(outsideWorkHours(bj('2026-05-16T10:00:00'), S)).toMatch(/不是工作日/); // a Saturday
    expect(outsideWorkHours(bj('2026-10-01T10:00:00'), S)).toMatch(/不是工作日/); // 国庆节
    expect(outsideWorkHours(bj('2026-10-10T10:00:00'), S)).toBeNull(); // a Saturday worked in lieu (调休)
  });

  it('has the county’s deadline, and takes late answers until the end of the day', () => {
    expect(deadlineOf(bj('2026-05-12T10:00:00'), { ...S, deadlineMin: 45 })).toEqual(bj('2026-05-12T10:45:00'));
    expect(answerableUntil(bj('2026-05-12T16:00:00'))).toEqual(new Date('2026-05-12T15:59:59.999Z'));
  });

  it('wants a fix taken after the request and at most five minutes old', () => {
    const issued = bj('2026-05-12T10:00:00');
    expect(staleAnswerFix(bj('2026-05-12T10:04:00'), issued, bj('2026-05-12T10:05:00'))).toBeNull();
    expect(staleAnswerFix(bj('2026-05-12T09:59:30'), issued, bj('2026-05-12T10:01:00'))).toBeNull(); // clock skew
    expect(staleAnswerFix(bj('2026-05-12T09:58:00'), issued, bj('2026-05-12T10:01:00'))).toMatch(/早于约请/);
    expect(staleAnswerFix(bj('2026-05-12T10:01:00'), issued, bj('2026-05-12T10:07:00'))).toMatch(/5 分钟/);
  });
});

describe('the ladder and its settings', () => {
  it('raises a notice at noticeAt, a talk at talkAt, a recall from recallAt on', () => {
    const s = { noticeAt: 2, talkAt: 3, recallAt: 5 };
    expect([1, 2, 3, 4, 5, 6].map((n) => ladderStep(n, s))).toEqual([null, 'notice', 'talk', null, 'recall', 'recall']);
  });

  it('validates a county’s settings, and falls back to the defaults on a bad stored value', () => {
    expect(SpotCheckSettings.safeParse({ ...DEFAULT_SPOTCHECK_SETTINGS, talkAt: 2 }).success).toBe(false);
    expect(SpotCheckSettings.safeParse({ ...DEFAULT_SPOTCHECK_SETTINGS, workHours: { start: '18:00', end: '09:00' } }).success).toBe(false);
    expect(settingsFrom({ spotCheck: { ...DEFAULT_SPOTCHECK_SETTINGS, deadlineMin: 20 } }).deadlineMin).toBe(20);
    const logged: LogLine[] = [];
    const restore = setLogSink((l) => logged.push(l));
    try {
      expect(settingsFrom({ spotCheck: { deadlineMin: 'x' } })).toEqual(DEFAULT_SPOTCHECK_SETTINGS);
    } finally {
      restore();
    }
    expect(logged).toEqual([expect.objectContaining({ level: 'error', msg: expect.stringContaining('does not parse') })]);
    expect(settingsFrom(undefined)).toEqual(DEFAULT_SPOTCHECK_SETTINGS);
  });
});
