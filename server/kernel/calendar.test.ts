/** Working days from the real Chinese calendar (2026 schedule of the State Council). */
import { dayKind, hasOfficialSchedule, isWorkday } from './calendar';

it('knows statutory holidays and make-up working days', () => {
  expect(dayKind('2026-10-01')).toEqual({ date: '2026-10-01', workday: false, kind: 'holiday', name: '国庆节' });
  // 2026-10-10 is a Saturday worked in lieu of the National Day holiday (调休).
  expect(dayKind('2026-10-10')).toEqual({ date: '2026-10-10', workday: true, kind: 'makeup', name: '国庆节' });
  expect(dayKind('2026-11-24')).toEqual({ date: '2026-11-24', workday: true, kind: 'workday' });
  expect(dayKind('2026-11-28')).toEqual({ date: '2026-11-28', workday: false, kind: 'weekend' });
});

it('reads an instant in Beijing time', () => {
  // 2026-10-08 00:30 Beijing = 2026-10-07 16:30 UTC; the 7th is a holiday, the 8th a working day.
  expect(isWorkday(new Date('2026-10-07T16:30:00Z'))).toBe(true);
  expect(isWorkday(new Date('2026-10-07T15:30:00Z'))).toBe(false);
});

it('falls back to Monday–Friday for a year whose schedule is not yet published', () => {
  expect(hasOfficialSchedule(2026)).toBe(true);
  expect(hasOfficialSchedule(2031)).toBe(false);
  expect(isWorkday('2031-10-01')).toBe(true); // a Wednesday, no schedule known
  expect(isWorkday('2031-10-04')).toBe(false); // a Saturday
});
