/**
 * 考核公布 against a real local cloud seeded with the demo county. On Tuesday 12 May 2026 蒋文博
 * (十八洞村) checks in in the morning and misses the afternoon; everyone else misses both; a video
 * call finds 欧阳靖 (金龙村) away. On 10 June 石慧敏 (花垣县) computes May and publishes it as
 * version 1. Then the records of 13 May turn up (蒋文博 on post all day, the others away), May is
 * computed again, and she publishes a correction, version 2, with its reason; version 1 stays as
 * it was. A lost answer does not publish twice.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { CITY, useScoringStory } from '../../../../testing/scoring';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { closeWindows } from '../../../../../server/features/checkin/sweeps';
import { closeExpired } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/scoring/publish/index';
const demo = useDemoCloud();
const story = useScoringStory(demo, { closeWindows, closeExpired });

beforeAll(async () => {
  await story.playMay12('scoring-pub', true);
  await story.computeMay();
});

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.listStatus !== 'loading'), 'the publications');
}

const pubs = (page: Rendered) => page.querySelectorAll('.pub').map((p) => textOf(p).replace(/ (查看|收起)名单.*$/, ''));

it('publishes May as version 1, then a correction with its reason as version 2', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(textOf(el(page, '#period-text'))).toBe('2026年5月 ▾');
  expect(textOf(el(page, '#state'))).toBe('花垣县2026年5月考核结果尚未公布');
  expect(textOf(el(page, '#empty'))).toBe('这个考核期还没有公布过');
  expect(page.querySelector('#reason')).toBeUndefined();
  expect(textOf(el(page, '#publish'))).toBe('公布');

  // Asked once more; 返回 goes back without publishing.
  await tap(page, '#publish');
  expect(textOf(el(page, '#confirm-text'))).toBe('确定公布花垣县2026年5月的考核结果吗？');
  await tap(page, '#cancel-publish');
  expect(page.querySelector('#confirm')).toBeUndefined();
  expect((await demo.tc.call('scoring.publications', { unitId: 'county-huayuan', period: '2026-05' }, DEMO.countyStaff)).data).toEqual([]);

  await tap(page, '#publish');
  await tap(page, '#confirm-publish');
  await waitFor(() => !page.data.publishing && page.data.listStatus === 'ok' && page.data.latestVersion === 1, 'version 1');
  expect(textOf(el(page, '#notice'))).toBe('已公布花垣县2026年5月考核结果第 1 版，共 15 人');
  expect(textOf(el(page, '#state'))).toBe('花垣县2026年5月已公布第 1 版');
  expect(pubs(page)).toEqual(['第 1 版 6月10日 10:00 石慧敏 公布 · 15 人 优秀 0 · 称职 14 · 基本称职 0 · 不称职 1']);
  expect(textOf(el(page, '#publish'))).toBe('更正并发布新版本');

  // A correction needs a reason: without one nothing is sent.
  await tap(page, '#publish');
  expect(textOf(el(page, '#form-error'))).toBe('已公布第 1 版，更正须写明理由');
  expect(page.querySelector('#confirm')).toBeUndefined();

  // The records of 13 May turn up; May is computed again.
  await story.checkIn('scoring-pub-0513am-abcdefgh', '2026-05-13T09:00:00+08:00');
  await story.checkIn('scoring-pub-0513pm-abcdefgh', '2026-05-13T14:30:00+08:00');
  await story.closeDay('2026-05-13');
  demo.at('2026-06-11T09:00:00+08:00');
  expect(await demo.tc.call('scoring.recompute', { unitId: 'county-huayuan', period: '2026-05' }, DEMO.countyStaff)).toMatchObject({ ok: true });

  await type(page, '#reason', '补录5月13日签到记录后重新计算');
  await tap(page, '#publish');
  expect(textOf(el(page, '#confirm-text'))).toBe('确定更正并发布第 2 版吗？');
  await tap(page, '#confirm-publish');
  await waitFor(() => !page.data.publishing && page.data.listStatus === 'ok' && page.data.latestVersion === 2, 'version 2');
  expect(textOf(el(page, '#notice'))).toBe('已公布花垣县2026年5月考核结果第 2 版，共 15 人');
  expect(pubs(page)).toEqual([
    '第 2 版（更正） 6月11日 09:00 石慧敏 公布 · 15 人 优秀 0 · 称职 1 · 基本称职 13 · 不称职 1 更正理由：补录5月13日签到记录后重新计算',
    '第 1 版 6月10日 10:00 石慧敏 公布 · 15 人 优秀 0 · 称职 14 · 基本称职 0 · 不称职 1',
  ]);
  expect(page.data.reason).toBe('');

  // Each version keeps its own rows.
  await tap(page, '#view-v1');
  await waitFor(() => page.data.viewStatus === 'ok', 'version 1’s rows');
  const v1 = page.querySelectorAll('#rows-v1 .pub-row').map(textOf);
  expect(v1).toHaveLength(15);
  expect(v1[0]).toBe('第 1 名 蒋文博 十八洞村 78 分 称职');
  expect(v1[1]).toMatch(/^第 2 名 \S+ \S+ 76 分 称职$/);
  expect(v1[14]).toBe('第 15 名 欧阳靖 金龙村 20 分 不称职');
  expect(textOf(el(page, '#view-v1'))).toBe('收起名单');
  await tap(page, '#view-v2');
  await waitFor(() => page.data.viewStatus === 'ok' && page.data.viewId.endsWith('.v2'), 'version 2’s rows');
  expect(page.querySelector('#rows-v1')).toBeUndefined();
  const v2 = page.querySelectorAll('#rows-v2 .pub-row').map(textOf);
  expect(v2[0]).toBe('第 1 名 蒋文博 十八洞村 78 分 称职');
  expect(v2[1]).toMatch(/^第 2 名 \S+ \S+ 72 分 基本称职$/);
  await tap(page, '#view-v2');
  expect(page.querySelector('#rows-v2')).toBeUndefined();
});

it('keeps the clientId across a retry, so a lost answer publishes once', async () => {
  const sent = loseFirstAnswer('scoring.publish');
  // 保靖县's April, by the city.
  expect(await demo.tc.call('scoring.recompute', { unitId: 'county-baojing', period: '2026-04' }, CITY)).toMatchObject({ ok: true });
  const page = await open(CITY, { unitId: 'county-baojing', period: '2026-04' });
  expect(textOf(el(page, '#unit-name'))).toBe('保靖县 ▾');
  expect(page.data.unitNames).toEqual(['湘西土家族苗族自治州', '保靖县', '花垣县']);
  await tap(page, '#publish');
  await tap(page, '#confirm-publish');
  await waitFor(() => !page.data.publishing, 'the lost answer');
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试');
  // The version was made; the retry gets it back instead of a second one.
  await tap(page, '#confirm-publish');
  await waitFor(() => !page.data.publishing && page.data.latestVersion === 1, 'the retry');
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  expect(textOf(el(page, '#notice'))).toBe('已公布保靖县2026年4月考核结果第 1 版，共 14 人');
  expect(pubs(page)).toEqual(['第 1 版 6月10日 10:00 向晓岚 公布 · 14 人 优秀 0 · 称职 14 · 基本称职 0 · 不称职 0']);
});

it('says what the server refuses: a period not computed', async () => {
  const page = await open();
  await pick(page, '#period', page.data.periods.findIndex((p: { period: string }) => p.period === '2026-03'));
  await waitFor(() => page.data.listStatus === 'ok' && page.data.period === '2026-03', 'March');
  await tap(page, '#publish');
  await tap(page, '#confirm-publish');
  await waitFor(() => !page.data.publishing && !!page.data.formError, 'the refusal');
  expect(textOf(el(page, '#form-error'))).toBe('该考核期还没有考核结果，请先计算');
  expect(page.data.latestVersion).toBe(0);
});

it('tells township staff that a county or the city publishes, and refuses a unit out of scope', async () => {
  const town = await open(DEMO.townStaff);
  expect(textOf(el(town, '#forbidden'))).toBe('考核结果由县（区）或市委组织部门公布');
  const other = await open('demo-bj-staff', { unitId: 'county-huayuan' });
  expect(other.data.listStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能公布这个单位的考核结果');
  expect(other.querySelector('#publish')).toBeUndefined();
});
