/**
 * 驻村补助签核 against a real local cloud seeded with the demo county. On Tuesday 12 May 2026
 * 蒋文博 (十八洞村) checks in in the morning and misses the afternoon; everyone else misses both.
 * On 10 June May is computed: half a day on post for him, at 100 元 a day a first secretary.
 * 龙小燕 signs off 双龙镇; 石慧敏 then signs off the rest of 花垣县 (through a lost answer), takes
 * her sign-off back with a reason, and the statuses follow each step.
 */
import { setTransport } from '../../../../api/index';
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { useScoringStory } from '../../../../testing/scoring';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { closeWindows } from '../../../../../server/features/checkin/sweeps';
import { closeExpired } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/scoring/allowance/index';
const demo = useDemoCloud();
const story = useScoringStory(demo, { closeWindows, closeExpired });

beforeAll(async () => {
  await story.playMay12('scoring-allow', false);
  await story.computeMay();
});

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.listStatus !== 'loading' && p.data.units.length > 0)), 'the allowances');
}

const totals = (page: Rendered) => ['#total-count', '#total-days', '#total-amount', '#total-draft', '#total-signed'].map((s) => textOf(el(page, s)));
const statuses = (page: Rendered) => Object.fromEntries(page.data.rows.map((r: { name: string; statusName: string }) => [r.name, r.statusName]));
const settled = (page: Rendered) => waitFor(() => !page.data.signing && !page.data.reopening && page.data.listStatus === 'ok', 'the page to settle');

it('lists the county’s allowances of May with their totals', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(textOf(el(page, '#month-text'))).toBe('2026年5月 ▾');
  expect(textOf(el(page, '#title'))).toBe('花垣县 2026年5月驻村补助');
  expect(totals(page)).toEqual(['15', '0.5', '50 元', '15', '0']);
  expect(textOf(el(page, '#row-p-fs-shibadong'))).toBe('蒋文博 待签核 第一书记 · 十八洞村 0.5 天 × 100 元/天 = 50 元');
  expect(textOf(el(page, '#row-p-tm-shibadong-1'))).toBe('石婷 待签核 驻村工作队员 · 十八洞村 0 天 × 80 元/天 = 0 元');
  expect(textOf(el(page, '#row-p-sl-leader'))).toBe('杨永贵 待签核 驻点干部 · 董马库村 0 天 × 60 元/天 = 0 元');
  expect(page.querySelectorAll('.allowance')).toHaveLength(15);
  expect(textOf(el(page, '#no-signoffs'))).toBe('这个月还没有签核');
  expect(page.querySelector('#more')).toBeUndefined();

  // April was not computed.
  await pick(page, '#month', '2026-04');
  await waitFor(() => page.data.listStatus === 'ok' && page.data.month === '2026-04', 'April');
  expect(totals(page)).toEqual(['0', '0', '0 元', '0', '0']);
  expect(textOf(el(page, '#empty'))).toBe('这个月还没有补助。月度考核计算后自动计算补助。');
  expect(page.querySelector('#sign')).toBeUndefined();
});

it('signs off a township, then the rest of the county through a lost answer, and takes it back with a reason', async () => {
  // 龙小燕 signs off 双龙镇's nine.
  const town = await open(DEMO.townStaff);
  expect(textOf(el(town, '#unit-name'))).toBe('双龙镇 ▾');
  expect(totals(town)).toEqual(['9', '0.5', '50 元', '9', '0']);
  await tap(town, '#sign');
  expect(textOf(el(town, '#confirm-sign-text'))).toBe('确定签核双龙镇2026年5月待签核的 9 人补助吗？');
  await tap(town, '#confirm-sign');
  await settled(town);
  await waitFor(() => town.data.totals?.signed === 9, 'the sign-off');
  expect(textOf(el(town, '#notice'))).toBe('已签核双龙镇2026年5月补助：9 人，合计 50 元');
  expect(totals(town)).toEqual(['9', '0.5', '50 元', '0', '9']);
  expect(textOf(el(town, '#all-signed'))).toBe('本月补助已全部签核');
  expect(textOf(el(town, '#row-p-fs-shibadong'))).toContain('蒋文博 已签核');
  expect(textOf(el(town, '#signoff-0'))).toBe('6月10日 10:00 龙小燕 签核 9 人 · 50 元 撤回');

  // The county: 双龙镇's nine signed, 边城镇's six still drafts. The first answer is lost.
  const sent = loseFirstAnswer('scoring.signAllowances');
  demo.at('2026-06-11T09:00:00+08:00');
  const page = await open();
  expect(totals(page)).toEqual(['15', '0.5', '50 元', '6', '9']);
  expect(statuses(page)).toMatchObject({ 蒋文博: '已签核', 欧阳靖: '已签核', 胡志强: '待签核', 梁海燕: '待签核' });
  await tap(page, '#sign');
  expect(textOf(el(page, '#confirm-sign-text'))).toBe('确定签核花垣县2026年5月待签核的 6 人补助吗？');
  await tap(page, '#confirm-sign');
  await settled(page);
  expect(textOf(el(page, '#sign-error'))).toBe('网络超时，请稍后重试');
  await tap(page, '#confirm-sign');
  await settled(page);
  await waitFor(() => page.data.totals?.draft === 0, 'the retry');
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  expect(textOf(el(page, '#notice'))).toBe('已签核花垣县2026年5月补助：6 人，合计 0 元');
  expect(totals(page)).toEqual(['15', '0.5', '50 元', '0', '15']);
  expect(Object.values(statuses(page))).toEqual(Array(15).fill('已签核'));
  // One sign-off of the county, not two.
  expect(page.querySelectorAll('.signoff').map(textOf)).toEqual(['6月11日 09:00 石慧敏 签核 6 人 · 0 元 撤回']);
  setTransport(null);

  // A recompute does not touch what is signed.
  expect(await demo.tc.call('scoring.recompute', { unitId: 'county-huayuan', period: '2026-05' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  expect(totals(await open())).toEqual(['15', '0.5', '50 元', '0', '15']);

  // 撤回 needs a reason.
  await tap(page, '#reopen-0');
  await tap(page, '#confirm-reopen');
  expect(textOf(el(page, '#reopen-error'))).toBe('请写明撤回理由（至少 2 个字）');
  await type(page, '#reopen-reason', '边城镇天数有误，重新核对');
  await tap(page, '#confirm-reopen');
  await settled(page);
  await waitFor(() => page.data.totals?.draft === 6, 'the reopening');
  expect(textOf(el(page, '#notice'))).toBe('已撤回签核：6 人的补助恢复为待签核');
  expect(textOf(el(page, '#signoff-0'))).toBe('6月11日 09:00 石慧敏 签核 6 人 · 0 元 已撤回：边城镇天数有误，重新核对（石慧敏 6月11日 09:00）');
  expect(page.querySelector('#reopen-0')).toBeUndefined();
  expect(totals(page)).toEqual(['15', '0.5', '50 元', '6', '9']);
  expect(statuses(page)).toMatchObject({ 蒋文博: '已签核', 胡志强: '待签核', 梁海燕: '待签核' });
  expect(el(page, '#sign')).toBeDefined();

  // The township's own sign-off still stands; the county takes it back too.
  const i = page.data.units.findIndex((u: { id: string }) => u.id === 'town-shuanglong');
  await pick(page, '#unit', i);
  await waitFor(() => page.data.listStatus === 'ok' && page.data.unitId === 'town-shuanglong', '双龙镇');
  expect(page.querySelectorAll('.signoff').map(textOf)).toEqual(['6月10日 10:00 龙小燕 签核 9 人 · 50 元 撤回']);
  await tap(page, '#reopen-0');
  await type(page, '#reopen-reason', '与县里核对后重签');
  await tap(page, '#confirm-reopen');
  await settled(page);
  await waitFor(() => page.data.totals?.draft === 9, 'the township reopened');
  expect(textOf(el(page, '#row-p-fs-shibadong'))).toContain('蒋文博 待签核');
});

it('refuses a unit out of scope, and people who are not staff', async () => {
  const other = await open('demo-bj-staff', { unitId: 'county-huayuan' });
  expect(other.data.listStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能签核这个单位的驻村补助');
  expect(other.querySelectorAll('.allowance')).toHaveLength(0);

  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门的同志可以签核驻村补助');
});
