/** The pure rules of leave: working days on the real calendar, the chain by kind and length, quotas, coverage. */
import { chainFor, countDays, covers, halfEnd, halfStart, quotaProblem, rulesFrom, takenDays } from './rules';
import { DEFAULT_LEAVE_RULES, LeaveRules } from './schema';
import { setLogSink } from '../../kernel/log';

const R = DEFAULT_LEAVE_RULES;
const h = (date: string, half: 'am' | 'pm' = 'am') => ({ date, half });

describe('days taken', () => {
  it('counts working days only, halves as ½', () => {
    expect(countDays(h('2026-05-12'), h('2026-05-12', 'pm')).days).toBe(1);
    expect(countDays(h('2026-05-12', 'pm'), h('2026-05-13', 'am')).days).toBe(1);
    expect(countDays(h('2026-05-12', 'pm'), h('2026-05-12', 'pm')).days).toBe(0.5);
    // Friday to Monday: the weekend is not leave.
    expect(countDays(h('2026-05-15'), h('2026-05-18', 'pm')).days).toBe(2);
  });

  it('across the National Day holiday counts only the working days, the 调休 Saturday included', () => {
    // 2026-09-30 (Wed) … 2026-10-10 (Sat, worked in lieu): 10-01 to 10-07 are the holiday, 10-08/09 working days.
    const taken = takenDays(h('2026-09-30'), h('2026-10-10', 'pm')).map((d) => d.date);
    expect(taken).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    expect(countDays(h('2026-09-30'), h('2026-10-10', 'pm'))).toEqual({ days: 4, months: [{ month: '2026-09', days: 1 }, { month: '2026-10', days: 3 }] });
    expect(countDays(h('2026-10-01'), h('2026-10-07', 'pm')).days).toBe(0);
  });
});

describe('the approval chain', () => {
  it('≤ 2 days the township; 3–7 township then county; more up to the city; official business the township up to 7', () => {
    expect(chainFor(R, 'personal', 2)).toEqual(['township']);
    expect(chainFor(R, 'personal', 2.5)).toEqual(['township', 'county']);
    expect(chainFor(R, 'sick', 7)).toEqual(['township', 'county']);
    expect(chainFor(R, 'family', 7.5)).toEqual(['township', 'county', 'city']);
    expect(chainFor(R, 'official', 5)).toEqual(['township']);
    expect(chainFor(R, 'official', 8)).toEqual(['township', 'county', 'city']);
  });

  it('rules are data: a city may set its own, checked', () => {
    const mine: LeaveRules = { ...R, chain: [{ maxDays: 1, levels: ['township'] }, { maxDays: null, levels: ['township', 'city'] }] };
    expect(LeaveRules.safeParse(mine).success).toBe(true);
    expect(chainFor(mine, 'personal', 3)).toEqual(['township', 'city']);
    expect(LeaveRules.safeParse({ ...R, chain: [{ maxDays: 2, levels: ['township'] }] }).success).toBe(false); // no catch-all
    expect(LeaveRules.safeParse({ ...R, chain: [{ maxDays: null, levels: ['county', 'township'] }] }).success).toBe(false); // top-down
    expect(rulesFrom({ leave: mine }).chain).toHaveLength(2);
    const restore = setLogSink(() => undefined);
    try {
      expect(rulesFrom({ leave: { chain: 'x' } })).toEqual(R);
    } finally {
      restore();
    }
  });
});

describe('quotas', () => {
  const none = { year: 0, months: new Map<string, number>() };
  it('holds the yearly and the monthly maximum of a kind', () => {
    expect(quotaProblem(R, 'personal', { days: 5, months: [{ month: '2026-05', days: 5 }] }, none, '事假')).toBeNull();
    expect(quotaProblem(R, 'personal', { days: 6, months: [{ month: '2026-05', days: 6 }] }, none, '事假')).toMatch(/每月最多 5 天/);
    expect(quotaProblem(R, 'personal', { days: 3, months: [{ month: '2026-06', days: 3 }] }, { year: 13, months: new Map() }, '事假')).toMatch(/每年最多 15 天/);
    expect(quotaProblem(R, 'personal', { days: 2, months: [{ month: '2026-05', days: 2 }] }, { year: 4, months: new Map([['2026-05', 4]]) }, '事假')).toMatch(/2026-05 已用或在审批中 4 天/);
    expect(quotaProblem(R, 'sick', { days: 40, months: [{ month: '2026-05', days: 40 }] }, none, '病假')).toBeNull();
  });
});

describe('coverage', () => {
  it('a leave covers its half-days, and no longer after the report back', () => {
    expect(halfStart(h('2026-05-12', 'pm'))).toEqual(new Date('2026-05-12T12:00:00+08:00'));
    expect(halfEnd(h('2026-05-12', 'pm'))).toEqual(new Date('2026-05-13T00:00:00+08:00'));
    const [s, e] = [h('2026-05-12', 'pm'), h('2026-05-13', 'am')];
    expect(covers(s, e, new Date('2026-05-12T08:30:00+08:00'))).toBe(false);
    expect(covers(s, e, new Date('2026-05-12T14:00:00+08:00'))).toBe(true);
    expect(covers(s, e, new Date('2026-05-13T08:30:00+08:00'))).toBe(true);
    expect(covers(s, e, new Date('2026-05-13T14:00:00+08:00'))).toBe(false);
    expect(covers(s, e, new Date('2026-05-13T08:30:00+08:00'), new Date('2026-05-13T07:00:00+08:00'))).toBe(false);
  });
});
