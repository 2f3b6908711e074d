/** The check-in schedule: windows on real working days, reminders and closes caught up, offline tolerance, corrections. */
import {
  acceptLateUpload,
  CheckinSchedule,
  closedWindows,
  correctionsLeft,
  DEFAULT_CHECKIN_SCHEDULE as S,
  dueReminders,
  monthKey,
  retentionCutoff,
  windowAt,
  windowKey,
  windowsOfDay,
} from './schedule';

/** An instant from Beijing wall time. */
const bj = (s: string) => new Date(`${s}+08:00`);
const MIN = 60_000;
const keys = (ws: { key: string }[]) => ws.map((w) => w.key);

describe('the schedule', () => {
  it('has a valid default: 上午 08:30–10:00 and 下午 14:00–15:30, reminded 15 minutes before', () => {
    expect(CheckinSchedule.parse(S)).toEqual({
      windows: [
        { id: 'am', name: '上午', start: '08:30', end: '10:00', remindBeforeMin: 15 },
        { id: 'pm', name: '下午', start: '14:00', end: '15:30', remindBeforeMin: 15 },
      ],
      lateUploadMaxMin: 120,
      correctionsPerMonth: 3,
      retentionDays: 90,
    });
    expect(Object.isFrozen(S.windows[0])).toBe(true);
  });

  it('refuses windows that end before they start, overlap, share an id, or remind before midnight', () => {
    const am = S.windows[0]!;
    const ok = (windows: unknown[]) => CheckinSchedule.safeParse({ ...S, windows }).success;
    expect(ok([{ ...am, end: '08:00' }])).toBe(false);
    expect(ok([{ ...am, end: '08:30' }])).toBe(false);
    expect(ok([am, { ...am, id: 'am2', start: '09:30', end: '11:00' }])).toBe(false);
    expect(ok([am, { ...am, start: '10:00', end: '11:00' }])).toBe(false);
    expect(ok([{ ...am, start: '00:10', remindBeforeMin: 15 }])).toBe(false);
    expect(ok([{ ...am, start: '8:30' }])).toBe(false);
    expect(ok([])).toBe(false);
    // Touching windows in any order are fine.
    expect(ok([{ ...am, id: 'noon', start: '10:00', end: '11:00' }, am])).toBe(true);
    expect(CheckinSchedule.safeParse({ ...S, retentionDays: 0 }).success).toBe(false);
  });
});

describe('windows of a day', () => {
  it('opens both windows on a working day, in Beijing time, with stable keys', () => {
    const day = windowsOfDay(S, '2026-05-12');
    expect(day).toEqual([
      { key: '2026-05-12:am', date: '2026-05-12', window: S.windows[0], opensAt: new Date('2026-05-12T00:30:00Z'), closesAt: new Date('2026-05-12T02:00:00Z'), remindAt: new Date('2026-05-12T00:15:00Z') },
      { key: '2026-05-12:pm', date: '2026-05-12', window: S.windows[1], opensAt: new Date('2026-05-12T06:00:00Z'), closesAt: new Date('2026-05-12T07:30:00Z'), remindAt: new Date('2026-05-12T05:45:00Z') },
    ]);
    expect(windowKey('2026-05-12', 'am')).toBe('2026-05-12:am');
  });

  it('follows the real calendar: none on National Day or a weekend, both on the 调休 Saturday', () => {
    expect(windowsOfDay(S, '2026-10-01')).toEqual([]); // 国庆节, a Thursday
    expect(windowsOfDay(S, '2026-10-17')).toEqual([]); // an ordinary Saturday
    expect(windowsOfDay(S, '2026-10-18')).toEqual([]); // an ordinary Sunday
    expect(keys(windowsOfDay(S, '2026-10-10'))).toEqual(['2026-10-10:am', '2026-10-10:pm']); // worked in lieu
    expect(keys(windowsOfDay(S, '2026-10-09'))).toEqual(['2026-10-09:am', '2026-10-09:pm']); // a Friday
  });

  it('lists windows by opening time whatever their order in the schedule', () => {
    const reversed = { ...S, windows: [...S.windows].reverse() };
    expect(keys(windowsOfDay(reversed, '2026-05-12'))).toEqual(['2026-05-12:am', '2026-05-12:pm']);
  });

  it('refuses something that is not a date', () => {
    expect(() => windowsOfDay(S, '2026-02-30')).toThrow(RangeError);
    expect(() => windowsOfDay(S, '2026/05/12')).toThrow(RangeError);
  });
});

describe('the window at an instant', () => {
  it('is open from its start up to, not including, its end', () => {
    expect(windowAt(S, bj('2026-05-12T08:29:59.999'))).toBeNull();
    expect(windowAt(S, bj('2026-05-12T08:30:00'))?.key).toBe('2026-05-12:am');
    expect(windowAt(S, bj('2026-05-12T09:59:59.999'))?.key).toBe('2026-05-12:am');
    expect(windowAt(S, bj('2026-05-12T10:00:00'))).toBeNull();
    expect(windowAt(S, bj('2026-05-12T12:00:00'))).toBeNull();
    expect(windowAt(S, bj('2026-05-12T15:00:00'))?.window.name).toBe('下午');
  });

  it('reads the day in Beijing time and on the real calendar', () => {
    expect(windowAt(S, new Date('2026-10-08T01:00:00Z'))?.key).toBe('2026-10-08:am'); // 09:00 on the first day back
    expect(windowAt(S, bj('2026-10-01T09:00:00'))).toBeNull();
    expect(windowAt(S, bj('2026-10-10T14:30:00'))?.key).toBe('2026-10-10:pm');
    expect(windowAt(S, bj('2026-10-11T09:00:00'))).toBeNull();
  });
});

describe('reminders due since the last run', () => {
  it('finds the reminder in (since, now], and nothing more on the next run or a repeated one', () => {
    expect(keys(dueReminders(S, bj('2026-05-12T08:14:00'), bj('2026-05-12T08:15:00')))).toEqual(['2026-05-12:am']);
    expect(keys(dueReminders(S, bj('2026-05-12T08:15:00'), bj('2026-05-12T08:16:00')))).toEqual([]);
    // The timer fired twice for the same minute.
    expect(dueReminders(S, bj('2026-05-12T08:15:00'), bj('2026-05-12T08:15:00'))).toEqual([]);
    expect(keys(dueReminders(S, bj('2026-05-12T08:00:00'), bj('2026-05-12T08:14:59')))).toEqual([]);
  });

  it('catches up on a skipped tick while the window is still open', () => {
    expect(keys(dueReminders(S, bj('2026-05-12T08:10:00'), bj('2026-05-12T09:40:00')))).toEqual(['2026-05-12:am']);
  });

  it('drops a reminder whose window has already closed', () => {
    expect(keys(dueReminders(S, bj('2026-05-12T08:10:00'), bj('2026-05-12T10:00:00')))).toEqual([]);
    expect(keys(dueReminders(S, bj('2026-05-11T16:00:00'), bj('2026-05-12T14:05:00')))).toEqual(['2026-05-12:pm']);
  });

  it('sends none on a holiday and some on the 调休 Saturday', () => {
    expect(dueReminders(S, bj('2026-10-01T00:00:00'), bj('2026-10-01T23:59:00'))).toEqual([]);
    expect(keys(dueReminders(S, bj('2026-10-10T08:00:00'), bj('2026-10-10T08:20:00')))).toEqual(['2026-10-10:am']);
  });
});

describe('windows closed since the last run', () => {
  it('catches up every window closed over a skipped weekend with a 调休 Saturday, oldest first', () => {
    expect(keys(closedWindows(S, bj('2026-10-09T09:00:00'), bj('2026-10-12T16:00:00')))).toEqual([
      '2026-10-09:am', '2026-10-09:pm', '2026-10-10:am', '2026-10-10:pm', '2026-10-12:am', '2026-10-12:pm',
    ]);
  });

  it('finds nothing over the National Day holiday', () => {
    expect(keys(closedWindows(S, bj('2026-09-30T16:00:00'), bj('2026-10-08T10:00:00')))).toEqual(['2026-10-08:am']);
    expect(closedWindows(S, bj('2026-10-01T00:00:00'), bj('2026-10-07T23:59:59'))).toEqual([]);
  });

  it('takes a close at `now` and not one at `since`, so consecutive runs never repeat a window', () => {
    expect(keys(closedWindows(S, bj('2026-05-12T09:59:00'), bj('2026-05-12T10:00:00')))).toEqual(['2026-05-12:am']);
    expect(closedWindows(S, bj('2026-05-12T10:00:00'), bj('2026-05-12T10:01:00'))).toEqual([]);
    expect(closedWindows(S, bj('2026-05-12T10:00:00'), bj('2026-05-12T10:00:00'))).toEqual([]);
    // A clock that went backwards finds nothing.
    expect(closedWindows(S, bj('2026-05-12T16:00:00'), bj('2026-05-12T11:00:00'))).toEqual([]);
  });

  it('looks back at most 7 days, also on a first run', () => {
    const now = bj('2026-05-29T12:00:00'); // a Friday
    const lastWeek = ['2026-05-22:pm', '2026-05-25:am', '2026-05-25:pm', '2026-05-26:am', '2026-05-26:pm', '2026-05-27:am', '2026-05-27:pm', '2026-05-28:am', '2026-05-28:pm', '2026-05-29:am'];
    expect(keys(closedWindows(S, bj('2026-04-01T00:00:00'), now))).toEqual(lastWeek);
    expect(keys(closedWindows(S, undefined, now))).toEqual(lastWeek);
    expect(keys(closedWindows(S, undefined, now, { catchUpDays: 1 }))).toEqual(['2026-05-28:pm', '2026-05-29:am']);
  });
});

describe('offline tolerance', () => {
  const server = bj('2026-05-12T11:00:00');
  const capturedBefore = (ms: number) => new Date(server.getTime() - ms);

  it('accepts a fresh fix as not late, counting at its capture time', () => {
    expect(acceptLateUpload(capturedBefore(30_000), server, S)).toEqual({ accepted: true, late: false, lagMs: 30_000, countsAt: capturedBefore(30_000) });
    expect(acceptLateUpload(capturedBefore(2 * MIN), server, S)).toMatchObject({ accepted: true, late: false });
  });

  it('accepts a fix kept offline up to the tolerance, flagged late, and refuses it after', () => {
    expect(acceptLateUpload(capturedBefore(2 * MIN + 1), server, S)).toMatchObject({ accepted: true, late: true });
    expect(acceptLateUpload(capturedBefore(120 * MIN), server, S)).toEqual({ accepted: true, late: true, lagMs: 120 * MIN, countsAt: bj('2026-05-12T09:00:00') });
    expect(acceptLateUpload(capturedBefore(120 * MIN + 1), server, S)).toEqual({
      accepted: false,
      lagMs: 120 * MIN + 1,
      reason: '这次定位已超过 120 分钟未上传，不能再提交，请重新定位签到',
    });
  });

  it('follows the schedule and the flag threshold', () => {
    const strict = { ...S, lateUploadMaxMin: 30 };
    expect(acceptLateUpload(capturedBefore(31 * MIN), server, strict).accepted).toBe(false);
    expect(acceptLateUpload(capturedBefore(29 * MIN), server, strict).accepted).toBe(true);
    expect(acceptLateUpload(capturedBefore(6 * MIN), server, S, { lateUploadMin: 5 })).toMatchObject({ accepted: true, late: true });
  });

  it('accepts a capture time in the future but counts it at the server time', () => {
    expect(acceptLateUpload(capturedBefore(-90 * MIN), server, S)).toEqual({ accepted: true, late: false, lagMs: -90 * MIN, countsAt: server });
    expect(acceptLateUpload(new Date(Number.NaN), server, S)).toMatchObject({ accepted: false, reason: '定位时间无效，请重新定位' });
  });
});

describe('corrections and months', () => {
  it('counts corrections left in the month', () => {
    expect([0, 1, 2, 3, 4].map((used) => correctionsLeft(used, S))).toEqual([3, 2, 1, 0, 0]);
    expect(correctionsLeft(-1, S)).toBe(3);
    expect(correctionsLeft(0, { ...S, correctionsPerMonth: 5 })).toBe(5);
  });

  it('keys the month in Beijing time', () => {
    expect(monthKey(new Date('2026-04-30T15:59:59Z'))).toBe('2026-04');
    expect(monthKey(new Date('2026-04-30T16:00:00Z'))).toBe('2026-05'); // 00:00 on 1 May in Beijing
    expect(monthKey(bj('2026-12-31T23:59:59'))).toBe('2026-12');
  });

  it('puts the retention cutoff the configured number of days back', () => {
    expect(retentionCutoff(S, bj('2026-05-12T03:00:00'))).toEqual(bj('2026-02-11T03:00:00'));
    expect(retentionCutoff({ ...S, retentionDays: 30 }, bj('2026-05-12T03:00:00'))).toEqual(bj('2026-04-12T03:00:00'));
  });
});
