/**
 * 考核得分说明 against a real local cloud seeded with the demo county. On Tuesday 12 May 2026 蒋文博
 * (十八洞村) checks in in the morning and misses the afternoon; a video call finds 欧阳靖 (金龙村)
 * away and he never answers. On 10 June 石慧敏 (花垣县) computes May and the first quarter, and
 * opens a cadre's score from the ranking: every item, its lines, the records behind them.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, render, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { closeWindows } from '../../../../../server/features/checkin/sweeps';
import { closeExpired } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/scoring/explain/index';
const demo = useDemoCloud();
const JUNE = '2026-06-10T10:00:00+08:00';

const at = (iso: string) => demo.tc.cloud.clock.set(iso, { frozen: true });

beforeAll(async () => {
  at('2026-05-12T09:00:00+08:00');
  const { data: village } = await demo.tc.call('org.getUnit', { id: 'vil-shibadong' }, DEMO.townStaff);
  const fix = { clientId: 'scoring-explain-am-abcdefgh', lat: village.center.lat, lng: village.center.lng, accuracy: 18, capturedAt: new Date('2026-05-12T09:00:00+08:00').toISOString() };
  expect(await demo.tc.call('checkin.submit', fix, DEMO.cadre)).toMatchObject({ ok: true, data: { inside: true } });
  const sc = await demo.tc.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: 'scoring-explain-sc-abcdefgh', personIds: ['p-fs-jinlong'] }, DEMO.townStaff);
  expect(await demo.tc.call('spotCheck.recordCall', { id: sc.data.issued[0].id, channel: 'video', outcome: 'notAtPost', note: '视频中在县城' }, DEMO.townStaff)).toMatchObject({ ok: true });
  at('2026-05-12T18:00:00+08:00');
  await closeExpired(demo.tc.cloud.clock.now());
  await closeWindows(new Date('2026-05-12T00:00:00+08:00'), demo.tc.cloud.clock.now());
  at(JUNE);
  expect(await demo.tc.call('scoring.recompute', { unitId: 'county-huayuan', period: '2026-05' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  expect(await demo.tc.call('scoring.recompute', { unitId: 'vil-shibadong', period: '2026-Q1' }, DEMO.countyStaff)).toMatchObject({ ok: true });
});

beforeEach(() => at(JUNE));

async function open(query: Record<string, string>, openid: string = DEMO.countyStaff): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading', 'the explanation');
  return page;
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
