/** The Beijing calendar fields computed directly agree with dayjs's Asia/Shanghai everywhere we look. */
import fc from 'fast-check';
import { beijing, dateKey, shanghai, shortBeijing } from './clock';

it('agrees with dayjs (Asia/Shanghai) on instants from 1992 to 2100', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
      const z = shanghai(t);
      const b = beijing(t);
      expect([b.y, b.mo, b.d, b.h, b.mi]).toEqual([z.year(), z.month() + 1, z.date(), z.hour(), z.minute()]);
      expect(dateKey(t)).toBe(z.format('YYYY-MM-DD'));
      expect(shortBeijing(t)).toBe(z.format('M月D日 HH:mm'));
    }),
    { numRuns: 2000 },
  );
  // Around midnight in Beijing (16:00 UTC).
  expect(dateKey(new Date('2026-05-11T15:59:59.999Z'))).toBe('2026-05-11');
  expect(dateKey(new Date('2026-05-11T16:00:00.000Z'))).toBe('2026-05-12');
  expect(dateKey('2026-05-12T00:00:00+08:00')).toBe('2026-05-12');
});
