/**
 * 考核得分说明 against a real local cloud seeded with the demo county. On Tuesday 12 May 2026 蒋文博
 * (十八洞村) checks in in the morning and misses the afternoon; a video call finds 欧阳靖 (金龙村)
 * away and he never answers. On 10 June 石慧敏 (花垣县) computes May and the first quarter, and
 * opens a cadre's score from the ranking: every item, its lines, the records behind them.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { useScoringStory } from '../../../../testing/scoring';
import { el, openPage, tap, textOf } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { closeWindows } from '../../../../../server/features/checkin/sweeps';
import { closeExpired } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/scoring/explain/index';
const demo = useDemoCloud();
const story = useScoringStory(demo, { closeWindows, closeExpired });

beforeAll(async () => {
  await story.playMay12('scoring-explain', true);
  await story.computeMay();
  expect(await demo.tc.call('scoring.recompute', { unitId: 'vil-shibadong', period: '2026-Q1' }, DEMO.countyStaff)).toMatchObject({ ok: true });
});

async function open(query: Record<string, string>, openid: string = DEMO.countyStaff): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, undefined, 'the explanation');
}

it('opens a cadre’s month to its items, lines and records', async () => {
  const page = await open({ personId: 'p-fs-shibadong', period: '2026-05' });
  expect(textOf(el(page, '#who'))).toBe('蒋文博 · 第一书记 · 十八洞村');
  expect(textOf(el(page, '#total'))).toBe('78');
  expect(textOf(el(page, '#grade'))).toBe('称职');
  expect(textOf(el(page, '#computed'))).toBe('2026年5月考核，6月10日 10:00 计算');
  expect(page.querySelectorAll('.score-item .item-score').map(textOf)).toEqual(['48 / 50 分', '30 / 30 分', '0 / 20 分']);
  expect(page.querySelector('.line')).toBeUndefined();

  await tap(page, '#open-attendance');
  expect(textOf(el(page, '#line-attendance-windowsMissed'))).toBe('未签到 1 次，每次 -2 分 -2 分 5月12日 下午 未签到 -2 分');
  await tap(page, '#open-workLog');
  expect(textOf(el(page, '#line-workLog-workLogDays'))).toBe('工作记实天数 0 天，每天 +1 分 0 分 没有记录');
  await tap(page, '#open-attendance');
  expect(page.querySelector('#lines-attendance')).toBeUndefined();
  expect(el(page, '#lines-workLog')).toBeDefined();
  expect(page.querySelector('#months')).toBeUndefined();
});

it('says why an item was lost at once (一次扣完)', async () => {
  const page = await open({ personId: 'p-fs-jinlong', period: '2026-05' });
  expect(textOf(el(page, '#total'))).toBe('20');
  expect(textOf(el(page, '#grade'))).toBe('不称职');
  expect(textOf(el(page, '#forfeit-attendance'))).toBe('一次扣完：抽查发现不在岗，本项计 0 分 5月12日 视频/电话抽查不在岗');
  expect(textOf(el(page, '#metrics'))).toContain('抽查发现不在岗 1');
});

it('shows a quarter as the mean of its months', async () => {
  const page = await open({ personId: 'p-fs-shibadong', period: '2026-Q1' });
  expect(textOf(el(page, '#total'))).toBe('80');
  expect(textOf(el(page, '#computed'))).toBe('2026年第1季度考核，6月10日 10:00 计算');
  expect(page.querySelectorAll('.month-score').map(textOf)).toEqual(['2026年1月 80 分', '2026年2月 80 分', '2026年3月 80 分']);
});

it('refuses a score that does not exist, one out of scope, and people who are not staff', async () => {
  const none = await open({ personId: 'p-fs-shibadong', period: '2026-04' });
  expect(textOf(el(none, '#not-found'))).toBe('没有这位干部2026年4月的考核结果，或您不能查看');
  const other = await open({ personId: 'p-fs-shibadong', period: '2026-05' }, 'demo-bj-staff');
  expect(other.data.status).toBe('notFound');
  expect(textOf(el(other, '#explain-error'))).toBe('没有权限进行此操作');
  expect(other.querySelector('#total')).toBeUndefined();
  const cadre = await open({ personId: 'p-fs-shibadong', period: '2026-05' }, DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门的同志可以查看考核得分说明');
});
