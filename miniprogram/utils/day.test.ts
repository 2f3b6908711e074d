import { beijingTime, beijingToday, dayName, dayText, pickedMonth } from './day';

describe('beijingTime', () => {
  it('reads the server’s +08:00 time as it is', () => {
    expect(beijingTime('2026-10-01T10:00:00.000+08:00')).toBe('2026年10月1日 星期四 10:00');
  });

  it('converts any other offset to Beijing time, whatever the phone’s time zone', () => {
    expect(beijingTime('2026-09-30T18:30:00Z')).toBe('2026年10月1日 星期四 02:30');
    expect(beijingTime('2026-12-31T23:59:00-05:00')).toBe('2027年1月1日 星期五 12:59');
  });

  it('leaves text it cannot read unchanged', () => {
    expect(beijingTime('not a time')).toBe('not a time');
  });
});

describe('dayName', () => {
  it.each([
    [{ kind: 'workday' as const }, '工作日'],
    [{ kind: 'weekend' as const }, '休息日'],
    [{ kind: 'holiday' as const, name: '国庆节' }, '法定节假日（国庆节）'],
    [{ kind: 'makeup' as const, name: '春节' }, '调休上班（春节）'],
  ])('%o → %s', (day, expected) => {
    expect(dayName(day)).toBe(expected);
  });
});

describe('dayText and beijingToday', () => {
  it('writes a day in Chinese', () => {
    expect(dayText('2026-01-05')).toBe('2026年1月5日');
    expect(dayText('soon')).toBe('soon');
  });

  it('takes today in Beijing, whatever the phone’s time zone', () => {
    expect(beijingToday(Date.parse('2026-09-30T17:00:00Z'))).toBe('2026-10-01');
    expect(beijingToday(Date.parse('2026-09-30T15:59:00Z'))).toBe('2026-09-30');
  });
});

it('reads the month a month picker gave', () => {
  expect(pickedMonth('2026-05')).toBe('2026-05');
  expect(pickedMonth('2026-05-01')).toBe('2026-05');
  expect(pickedMonth('2026-13')).toBeNull();
  expect(pickedMonth(undefined)).toBeNull();
});
