/** The half-years, a county's deadlines (the second half's in the next year), the reminder window, and the periods a page opens on. */
import { DEFAULT_WORK_REPORT_SETTINGS, WorkReportSettings } from './schema';
import { deadlineDay, deadlineEnd, dayLabel, focusPeriod, isOverdue, listPeriod, nextPeriod, openPeriods, owesReport, periodDays, periodLabel, periodOfDay, previousPeriod, remindFrom, remindOpen, settingsOf } from './rules';

const D = DEFAULT_WORK_REPORT_SETTINGS;
const at = (iso: string) => new Date(iso);

it('names the half-years and walks across the year', () => {
  expect(periodOfDay('2026-06-30')).toBe('2026-H1');
  expect(periodOfDay('2026-07-01')).toBe('2026-H2');
  expect(previousPeriod('2026-H1')).toBe('2025-H2');
  expect(nextPeriod('2026-H2')).toBe('2027-H1');
  expect(periodDays('2026-H2')).toEqual({ first: '2026-07-01', last: '2026-12-31' });
  expect(periodLabel('2026-H2')).toBe('2026年下半年');
  expect(openPeriods('2027-01-05')).toEqual(['2026-H2', '2027-H1']);
});

it('puts the first half’s deadline in its year and the second half’s in the next (or in December)', () => {
  expect(deadlineDay('2026-H1', D)).toBe('2026-07-10');
  expect(deadlineDay('2026-H2', D)).toBe('2027-01-10');
  expect(deadlineDay('2026-H2', { ...D, h2Deadline: '12-25' })).toBe('2026-12-25');
  // The deadline is the whole day, Beijing time.
  expect(deadlineEnd('2026-H2', D).toISOString()).toBe('2027-01-10T16:00:00.000Z');
  expect(isOverdue(null, deadlineEnd('2026-H2', D), at('2027-01-10T23:59:00+08:00'))).toBe(false);
  expect(isOverdue('draft', deadlineEnd('2026-H2', D), at('2027-01-11T00:00:00+08:00'))).toBe(true);
  expect(isOverdue('returned', deadlineEnd('2026-H2', D), at('2027-01-11T00:00:00+08:00'))).toBe(false);
});

it('opens the reminders N days before the deadline at 09:00, until the deadline ends', () => {
  expect(remindFrom('2026-H1', D).toISOString()).toBe(at('2026-07-03T09:00:00+08:00').toISOString());
  expect(remindFrom('2026-H2', { ...D, remindDaysBefore: 12 }).toISOString()).toBe(at('2026-12-29T09:00:00+08:00').toISOString());
  expect(remindOpen('2026-H2', D, at('2027-01-03T08:59:00+08:00'))).toBe(false);
  expect(remindOpen('2026-H2', D, at('2027-01-03T09:00:00+08:00'))).toBe(true);
  expect(remindOpen('2026-H2', D, at('2027-01-10T23:00:00+08:00'))).toBe(true);
  expect(remindOpen('2026-H2', D, at('2027-01-11T00:00:00+08:00'))).toBe(false);
});

it('takes a county’s own settings only when they are sound', () => {
  expect(settingsOf({ workReport: { h1Deadline: '07-20', h2Deadline: '01-15', remindDaysBefore: 5 } })).toEqual({ h1Deadline: '07-20', h2Deadline: '01-15', remindDaysBefore: 5 });
  expect(settingsOf({ workReport: { h1Deadline: '13-01' } })).toEqual(D);
  expect(settingsOf(undefined)).toEqual(D);
  expect(WorkReportSettings.safeParse({ ...D, h1Deadline: '02-29' }).success).toBe(false);
  expect(WorkReportSettings.safeParse({ ...D, h1Deadline: '05-31' }).success).toBe(false);
  expect(WorkReportSettings.safeParse({ ...D, h2Deadline: '11-30' }).success).toBe(false);
  expect(WorkReportSettings.safeParse({ ...D, h2Deadline: '12-31' }).success).toBe(true);
});

it('owes a report when stationed before the half-year ended', () => {
  expect(owesReport('2026-H1', '2026-06-30')).toBe(true);
  expect(owesReport('2026-H1', '2026-07-01')).toBe(false);
});

it('opens pages on the half-year that is due', () => {
  const none = () => false;
  const all = () => true;
  // Before H1's deadline: H1; after it, with H1 submitted: H2; after it, H1 still missing: H1.
  expect(focusPeriod('2026-07-05', at('2026-07-05T10:00:00+08:00'), D, none, all)).toBe('2026-H1');
  expect(focusPeriod('2026-07-20', at('2026-07-20T10:00:00+08:00'), D, all, all)).toBe('2026-H2');
  expect(focusPeriod('2026-07-20', at('2026-07-20T10:00:00+08:00'), D, none, all)).toBe('2026-H1');
  // Not owed (stationed later): the present one.
  expect(focusPeriod('2026-07-05', at('2026-07-05T10:00:00+08:00'), D, none, (p) => p === '2026-H2')).toBe('2026-H2');
  expect(listPeriod('2026-05-12')).toBe('2026-H1');
  expect(listPeriod('2026-07-15')).toBe('2026-H1');
  expect(listPeriod('2027-01-11')).toBe('2026-H2');
  expect(dayLabel('2027-01-10', 2026)).toBe('2027年1月10日');
  expect(dayLabel('2027-01-10', 2027)).toBe('1月10日');
});
