/** The week of a work update (Beijing time, ISO weeks), the reminder's day, the quota, who reads a post. */
import { isWorkday } from '../../kernel/calendar';
import type { Grant } from '../../kernel/caller';
import { addWeeks, isWeek, quotaOf, readingGrant, remindAt, weekDays, weekEnd, weekKey, weekLabel, weeksFrom, weeksInYear, weekStart } from './rules';

const at = (s: string) => new Date(s);

describe('the week, in Beijing time', () => {
  it('runs Monday 00:00 to Sunday 24:00 Beijing, which is Sunday 16:00 to Sunday 16:00 UTC', () => {
    expect(weekKey(at('2026-05-11T00:00:00+08:00'))).toBe('2026-W20');
    expect(weekKey(at('2026-05-17T23:59:59+08:00'))).toBe('2026-W20');
    // Monday 00:01 in Beijing is still Sunday in UTC: it belongs to the next week.
    expect(weekKey(at('2026-05-17T16:01:00Z'))).toBe('2026-W21');
    expect(weekKey(at('2026-05-10T23:59:00+08:00'))).toBe('2026-W19');
    expect(weekStart('2026-W20').toISOString()).toBe('2026-05-10T16:00:00.000Z');
    expect(weekEnd('2026-W20').toISOString()).toBe('2026-05-17T16:00:00.000Z');
    expect(weekDays('2026-W20')).toEqual(['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15', '2026-05-16', '2026-05-17']);
    expect(weekLabel('2026-W20')).toBe('2026年第20周（5月11日—5月17日）');
  });

  it('follows ISO weeks across years (week 1 holds the year’s first Thursday)', () => {
    expect(weekKey(at('2025-12-29T08:00:00+08:00'))).toBe('2026-W01');
    expect(weekKey(at('2027-01-01T08:00:00+08:00'))).toBe('2026-W53');
    expect(weekKey(at('2021-01-03T08:00:00+08:00'))).toBe('2020-W53');
    expect([weeksInYear(2026), weeksInYear(2025), weeksInYear(2020)]).toEqual([53, 52, 53]);
    expect([isWeek('2026-W53'), isWeek('2025-W53'), isWeek('2026-W00'), isWeek('2026-20')]).toEqual([true, false, false, false]);
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(weeksFrom('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weeksFrom('2026-W21', '2026-W20')).toEqual([]);
    for (let w = '2026-W01'; w !== '2027-W01'; w = addWeeks(w, 1)) expect(weekKey(weekStart(w))).toBe(w);
  });
});

describe('the reminder’s day: 15:00 on the week’s last working day', () => {
  const day = (w: string) => remindAt(w, isWorkday)?.toISOString() ?? null;
  it('is Friday in an ordinary week', () => expect(day('2026-W20')).toBe('2026-05-15T07:00:00.000Z'));
  it('is Thursday when Friday is a holiday (劳动节 2026)', () => expect(day('2026-W18')).toBe('2026-04-30T07:00:00.000Z'));
  it('is a make-up Saturday (调休)', () => expect(day('2026-W19')).toBe('2026-05-09T07:00:00.000Z'));
  it('is none in a week with no working day (春节 2026)', () => expect(day('2026-W08')).toBeNull());
});

describe('the quota', () => {
  it('is the county’s, else the city’s, else 1; a broken setting is ignored', () => {
    expect(quotaOf({ workUpdate: { weeklyQuota: 3 } }, { workUpdate: { weeklyQuota: 2 } })).toEqual({ quota: 3, from: 'county' });
    expect(quotaOf({}, { workUpdate: { weeklyQuota: 2 } })).toEqual({ quota: 2, from: 'city' });
    expect(quotaOf({ workUpdate: { weeklyQuota: -1 } }, undefined)).toEqual({ quota: 1, from: 'default' });
    expect(quotaOf({ workUpdate: { weeklyQuota: 0 } }, undefined)).toEqual({ quota: 0, from: 'county' });
  });
});

describe('who reads a post', () => {
  const g = (role: Grant['role'], path: string[]): Grant => ({ role, orgUnitId: path[path.length - 1]!, path });
  const township = { unitPath: ['city', 'county-a', 'town-a1'], districtId: 'county-a' };
  const cityAboutA = { unitPath: ['city'], districtId: 'county-a' };
  it('lets staff over the unit, and cadres of the district, read', () => {
    expect(readingGrant([g('staff', ['city', 'county-a'])], township)?.role).toBe('staff');
    expect(readingGrant([g('cadre', ['city', 'county-a', 'town-a2', 'vil-x'])], township)?.role).toBe('cadre');
  });
  it('keeps a sibling township’s staff, and another county’s cadres, out', () => {
    expect(readingGrant([g('staff', ['city', 'county-a', 'town-a2'])], township)).toBeUndefined();
    expect(readingGrant([g('cadre', ['city', 'county-b', 'town-b1', 'vil-y'])], township)).toBeUndefined();
    expect(readingGrant([g('tutor', ['city'])], township)).toBeUndefined();
  });
  it('lets the district’s staff read a city’s post about it', () => {
    expect(readingGrant([g('staff', ['city', 'county-a', 'town-a2'])], cityAboutA)?.role).toBe('staff');
    expect(readingGrant([g('staff', ['city', 'county-b'])], cityAboutA)).toBeUndefined();
    expect(readingGrant([g('cadre', ['city', 'county-b', 'town-b1', 'vil-y'])], { unitPath: ['city'], districtId: null })).toBeUndefined();
  });
});
