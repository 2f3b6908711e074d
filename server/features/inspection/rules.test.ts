/** The day of a visit recorded afterwards: calendar arithmetic that does not depend on the server's time zone. */
import { earliestVisitDay, visitDay } from './rules';

describe('visitDay', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it.each(['UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Honolulu'])('allows exactly the last 7 days, in %s', (tz) => {
    process.env.TZ = tz;
    expect(earliestVisitDay('2026-04-10')).toBe('2026-04-03');
    expect(earliestVisitDay('2026-03-01')).toBe('2026-02-22');
    expect(visitDay('2026-04-10', '2026-04-03')).toBe('2026-04-03');
    expect(() => visitDay('2026-04-10', '2026-04-02')).toThrow('只能补记7天内的暗访');
    expect(() => visitDay('2026-04-10', '2026-04-11')).toThrow('暗访日期不能晚于今天');
    expect(visitDay('2026-04-10', undefined)).toBe('2026-04-10');
  });
});
