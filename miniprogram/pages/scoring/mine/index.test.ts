/**
 * 我的考核 against a real local cloud seeded with the demo county. On Tuesday 12 May 2026 蒋文博
 * (十八洞村) checks in in the morning and misses the afternoon; a video call of 龙小燕 (双龙镇)
 * finds 欧阳靖 (金龙村) away, and he never answers the spot check. The windows close; on 10 June
 * 石慧敏 (花垣县) computes May. Each cadre opens the score, its items, the records behind them and
 * the allowance; later the county publishes May (and corrects it) and signs the allowances off.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { useScoringStory } from '../../../testing/scoring';
import { el, openPage, pick, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { closeWindows } from '../../../../server/features/checkin/sweeps';
import { closeExpired } from '../../../../server/features/spotcheck/service';

const PAGE = 'pages/scoring/mine/index';
const demo = useDemoCloud();
const story = useScoringStory(demo, { closeWindows, closeExpired });

beforeAll(async () => {
  await story.playMay12('scoring-mine', true);
  await story.computeMay();
});

async function open(openid: string = DEMO.cadre, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, undefined, 'the score');
}

const records = (page: Rendered, selector: string) => page.querySelectorAll(`${selector} .record`).map(textOf);

it('shows the month the server scored last: the total, the grade and each item, opened to its records', async () => {
  const page = await open();
  expect(textOf(el(page, '#month-text'))).toBe('2026年5月 ▾');
  expect(textOf(el(page, '#total'))).toBe('78');
  expect(textOf(el(page, '#grade'))).toBe('称职');
  expect(textOf(el(page, '#who'))).toBe('蒋文博 · 第一书记 · 十八洞村');
  expect(textOf(el(page, '#computed'))).toBe('2026年5月考核，6月10日 10:00 计算');
  expect(page.querySelectorAll('.score-item').map(textOf)).toEqual([
    '在岗签到 48 / 50 分 满分 50 分，按下列扣分 展开 1 条记录 ▾',
    '随机约请 30 / 30 分 满分 30 分，按下列扣分 展开 ▾',
    '驻村记实 0 / 20 分 从 0 分起，按下列加分，最多 20 分 展开 ▾',
  ]);
  expect(page.querySelector('#lines-attendance')).toBeUndefined();

  await tap(page, '#open-attendance');
  expect(page.querySelectorAll('#lines-attendance .line-head').map(textOf)).toEqual(['未签到 1 次，每次 -2 分 -2 分', '不在驻村范围签到 0 次，每次 -1 分 0 分']);
  expect(records(page, '#line-attendance-windowsMissed')).toEqual(['5月12日 下午 未签到 -2 分']);
  expect(textOf(el(page, '#line-attendance-windowsOutside'))).toContain('没有记录');
  expect(textOf(el(page, '#item-attendance'))).toContain('收起 ▴');
  await tap(page, '#open-attendance');
  expect(page.querySelector('#lines-attendance')).toBeUndefined();

  expect(textOf(el(page, '#metrics'))).toBe('本月数据 应签到时段 2 按时签到 1 未签到 1 在岗天数 0.5');
  expect(page.querySelector('.forfeit')).toBeUndefined();
});

it('shows the allowance: basis, days, rate, amount, status and the days counted', async () => {
  const page = await open();
  expect(textOf(el(page, '#allowance-status'))).toBe('待签核');
  expect(textOf(el(page, '#allowance-basis'))).toBe('按在岗天数');
  expect(textOf(el(page, '#allowance-days'))).toBe('0.5 天');
  expect(textOf(el(page, '#allowance-rate'))).toBe('100 元/天');
  expect(textOf(el(page, '#allowance-amount'))).toBe('50 元');
  expect(page.querySelectorAll('.allowance-day').map(textOf)).toEqual(['5月12日 0.5 天']);
  expect(page.querySelector('#allowance-signed')).toBeUndefined();
  expect(textOf(el(page, '#not-published'))).toBe('本月考核结果尚未公布');
});

it('says why an item was lost at once (一次扣完), with its records', async () => {
  const page = await open('demo-fs-jinlong');
  expect(textOf(el(page, '#total'))).toBe('20');
  expect(textOf(el(page, '#grade'))).toBe('不称职');
  // Shown without opening the item.
  expect(textOf(el(page, '#forfeit-attendance'))).toBe('一次扣完：抽查发现不在岗，本项计 0 分 5月12日 视频/电话抽查不在岗');
  expect(textOf(el(page, '#item-attendance'))).toContain('在岗签到 0 / 50 分');
  await tap(page, '#open-spotCheck');
  expect(textOf(el(page, '#line-spotCheck-spotChecksMissed'))).toBe('约请未响应 1 次，每次 -10 分 -10 分 5月12日 约请未响应 -10 分');
  expect(textOf(el(page, '#item-spotCheck'))).toContain('随机约请 20 / 30 分');
  // 欧阳靖 was on post no day: no allowance.
  expect(textOf(el(page, '#allowance-amount'))).toBe('0 元');
  expect(textOf(el(page, '#allowance'))).toContain('没有计入的日子');
});

it('picks a month not scored yet, and back', async () => {
  const page = await open();
  expect(page.data.lastMonth).toBe('2026-05');
  await pick(page, '#month', '2026-04');
  await waitFor(() => !page.data.reading && page.data.period === '2026-04', 'April');
  expect(textOf(el(page, '#month-text'))).toBe('2026年4月 ▾');
  expect(textOf(el(page, '#empty'))).toContain('本月考核尚未计算');
  expect(page.querySelector('#total')).toBeUndefined();
  expect(page.querySelector('#allowance')).toBeUndefined();

  await pick(page, '#month', '2026-05');
  await waitFor(() => !page.data.reading && page.data.period === '2026-05', 'May');
  expect(textOf(el(page, '#total'))).toBe('78');
  expect(page.querySelector('#empty')).toBeUndefined();
});

it('shows the published results, a correction’s reason, and a signed allowance', async () => {
  expect(await demo.tc.call('scoring.publish', { unitId: 'county-huayuan', period: '2026-05', clientId: 'scoring-mine-pub-1' }, DEMO.countyStaff)).toMatchObject({ ok: true, data: { version: 1 } });
  demo.at('2026-06-11T09:00:00+08:00');
  expect(await demo.tc.call('scoring.publish', { unitId: 'county-huayuan', period: '2026-05', reason: '补录抽查记录后重新公布', clientId: 'scoring-mine-pub-2' }, DEMO.countyStaff)).toMatchObject({ ok: true, data: { version: 2 } });
  expect(await demo.tc.call('scoring.signAllowances', { unitId: 'county-huayuan', month: '2026-05', clientId: 'scoring-mine-sign-1' }, DEMO.countyStaff)).toMatchObject({ ok: true });

  const page = await open();
  // Only the newest version of each unit.
  expect(page.querySelectorAll('.publication').map(textOf)).toEqual(['花垣县 第 2 版 第 1 名 · 称职 · 78 分 更正理由：补录抽查记录后重新公布 6月11日 09:00 公布']);
  expect(textOf(el(page, '#allowance-status'))).toBe('已签核');
  expect(textOf(el(page, '#allowance-signed'))).toBe('石慧敏 6月11日 09:00 签核');
});

it('tells staff and people not bound that there is no score of theirs', async () => {
  const staff = await open(DEMO.countyStaff);
  expect(textOf(el(staff, '#not-cadre'))).toBe('您当前没有驻村任务，没有考核');
  const nobody = await open('o-not-bound-yet');
  expect(nobody.data.status).toBe('unbound');
  expect(el(nobody, '#bind')).toBeDefined();
});
