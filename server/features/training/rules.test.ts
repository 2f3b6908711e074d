/** The check-in window of a session and its edges: opens 30 minutes before, present until 15 minutes after the start, open until the end. */
import { decideCheckin, enrolmentStatus, sessionTimes } from './rules';

const venue = { lat: 28.5717, lng: 109.4822 };
const s = { ...sessionTimes('2026-05-20', '09:00', '11:30'), venue, radiusM: 200 };
const at = (hm: string) => new Date(`2026-05-20T${hm}+08:00`);
const here = (now: Date, metresNorth = 0) => ({ lat: venue.lat + metresNorth / 111_195, lng: venue.lng, accuracy: 20, capturedAt: new Date(now.getTime() - 3000) });

it('opens 30 minutes before the start and closes at the end', () => {
  expect(decideCheckin(s, at('08:29:59'), here(at('08:29:59')))).toMatchObject({ ok: false, code: 'too_early' });
  expect(decideCheckin(s, at('08:30:00'), here(at('08:30:00')))).toMatchObject({ ok: true, status: 'present' });
  expect(decideCheckin(s, at('11:30:00'), here(at('11:30:00')))).toMatchObject({ ok: true, status: 'late' });
  expect(decideCheckin(s, at('11:30:01'), here(at('11:30:01')))).toMatchObject({ ok: false, code: 'too_late' });
});

it('is present until 15 minutes past the start, late after', () => {
  expect(decideCheckin(s, at('09:15:00'), here(at('09:15:00')))).toMatchObject({ ok: true, status: 'present' });
  expect(decideCheckin(s, at('09:15:01'), here(at('09:15:01')))).toMatchObject({ ok: true, status: 'late' });
});

it('measures the GCJ-02 distance to the venue against its radius', () => {
  const inside = decideCheckin(s, at('09:00:00'), here(at('09:00:00'), 190));
  expect(inside).toMatchObject({ ok: true });
  expect(inside.distanceM).toBeGreaterThanOrEqual(188);
  expect(inside.distanceM).toBeLessThanOrEqual(192);
  expect(decideCheckin(s, at('09:00:00'), here(at('09:00:00'), 215))).toMatchObject({ ok: false, code: 'outside', message: expect.stringContaining('需在200米以内') });
});

it('wants a fresh fix: taken within two minutes, not from the future', () => {
  const now = at('09:00:00');
  expect(decideCheckin(s, now, { ...here(now), capturedAt: new Date(now.getTime() - 121_000) })).toMatchObject({ ok: false, code: 'stale_fix' });
  expect(decideCheckin(s, now, { ...here(now), capturedAt: new Date(now.getTime() + 120_000) })).toMatchObject({ ok: false, code: 'stale_fix' });
});

it('counts an enrolment without a check-in absent only once the session has ended', () => {
  expect(enrolmentStatus({ checkin: null, endsAt: s.endsAt }, at('11:00:00'))).toBe('pending');
  expect(enrolmentStatus({ checkin: null, endsAt: s.endsAt }, at('11:31:00'))).toBe('absent');
});
