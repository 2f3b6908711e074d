/**
 * The mini program package cannot include server files (only miniprogram/ is uploaded), so a few
 * of the server's word lists are copied into utils/. This test holds each copy to its original.
 */
import { ROLE_NAMES as SERVER_ROLE_NAMES, CADRE_KIND_NAMES as SERVER_KIND_NAMES } from '../../server/features/people/schema';
import { ROLE_LEVELS as SERVER_ROLE_LEVELS } from '../../server/features/people/rules';
import { LEVEL_NAMES as SERVER_LEVEL_NAMES } from '../../server/features/org/schema';
import { getUnitAction } from '../../server/features/org/actions';
import { CADRE_KIND_NAMES, READER_ROLES, ROLE_LEVELS, ROLE_NAMES } from './roles';
import { LEVEL_NAMES } from './org';
import { APPROVAL_LEVEL_NAMES as SERVER_LEVELS, LEAVE_KIND_NAMES as SERVER_KINDS, LEAVE_STATUS_NAMES as SERVER_LSTATUS } from '../../server/features/leave/schema';
import { APPROVAL_LEVEL_NAMES, LEAVE_KIND_NAMES, LEAVE_STATUS_NAMES, halfDayText, spanText } from './leave';
import { CALL_OUTCOME_NAMES as SERVER_CALL, ESCALATION_NAMES as SERVER_ESC, INQUIRY_RESULT_NAMES as SERVER_INQ, STATUS_NAMES as SERVER_STATUS } from '../../server/features/spotcheck/schema';
import { CALL_OUTCOME_NAMES, ESCALATION_NAMES, INQUIRY_RESULT_NAMES, STATUS_NAMES, countdownText, secondsLeftNow } from './spotcheck';
import { GRADES as SERVER_GRADES, GRADE_NAMES as SERVER_GRADE_NAMES } from '../../server/features/scoring/schema';
import { GRADES, GRADE_NAMES, gradeCountsText, periodText, recentPeriods, yuanText } from './scoring';

it('keeps the role, level and cadre-kind names of the server', () => {
  expect(ROLE_NAMES).toEqual(SERVER_ROLE_NAMES);
  expect(CADRE_KIND_NAMES).toEqual(SERVER_KIND_NAMES);
  expect(LEVEL_NAMES).toEqual(SERVER_LEVEL_NAMES);
});

it('keeps where each role may be held, and who may browse the tree', () => {
  expect(ROLE_LEVELS).toEqual(SERVER_ROLE_LEVELS);
  expect([...READER_ROLES]).toEqual([...(getUnitAction.roles as readonly string[])]);
});

it('keeps the spot-check word lists of the server', () => {
  expect(STATUS_NAMES).toEqual(SERVER_STATUS);
  expect(CALL_OUTCOME_NAMES).toEqual(SERVER_CALL);
  expect(ESCALATION_NAMES).toEqual(SERVER_ESC);
  expect(INQUIRY_RESULT_NAMES).toEqual(SERVER_INQ);
});

it('counts a spot check down from what the server said', () => {
  expect(countdownText(1800)).toBe('30:00');
  expect(countdownText(65)).toBe('01:05');
  expect(countdownText(3723)).toBe('1:02:03');
  expect(countdownText(0)).toBe('已截止');
  expect(secondsLeftNow(1800, 1_000, 61_000)).toBe(1740);
  expect(secondsLeftNow(30, 1_000, 61_000)).toBe(0);
});

it('keeps the leave word lists of the server, and writes spans plainly', () => {
  expect(LEAVE_KIND_NAMES).toEqual(SERVER_KINDS);
  expect(LEAVE_STATUS_NAMES).toEqual(SERVER_LSTATUS);
  expect(APPROVAL_LEVEL_NAMES).toEqual(SERVER_LEVELS);
  expect(halfDayText({ date: '2026-05-12', half: 'pm' })).toBe('5月12日下午');
  expect(spanText({ start: { date: '2026-05-12', half: 'am' }, end: { date: '2026-05-13', half: 'pm' }, days: 2 })).toBe('5月12日上午 至 5月13日下午（2 天）');
});

it('keeps the grade names of the server, and writes periods and amounts plainly', () => {
  expect(GRADES).toEqual([...SERVER_GRADES]);
  expect(GRADE_NAMES).toEqual(SERVER_GRADE_NAMES);
  expect(gradeCountsText({ excellent: 1, competent: 2, basicallyCompetent: 0, incompetent: 3 })).toBe('优秀 1 · 称职 2 · 基本称职 0 · 不称职 3');
  expect(periodText('2026-05')).toBe('2026年5月');
  expect(periodText('2026-Q4')).toBe('2026年第4季度');
  expect(yuanText(1250)).toBe('1,250 元');
  expect(yuanText(50.5)).toBe('50.5 元');
  expect(yuanText(0.05)).toBe('0.05 元');
  // In January: December back to last February, and the four quarters of last year.
  const periods = recentPeriods('2027-01-15').map((p) => p.period);
  expect(periods.slice(0, 2)).toEqual(['2026-12', '2026-11']);
  expect(periods[11]).toBe('2026-01');
  expect(periods.slice(12)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1']);
  // On the last day of a quarter, that quarter is not over yet.
  expect(recentPeriods('2026-03-31').map((p) => p.period).slice(12)).toEqual(['2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1']);
});
