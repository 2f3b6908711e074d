/**
 * 帮扶项目 (the cadre's) against a real local cloud seeded with the demo county, on Tuesday 12 May
 * 2026: 蒋文博 (十八洞村) sees his village's projects — his and his teammate's — with their count,
 * amount and how many are confirmed; 登记帮扶项目 and a tap go on to the form and the project; he
 * records a 好事实事, once although the first answer is lost; someone who is not a cadre is told.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/resource/mine/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const TEAMMATE = 'demo-tm-shibadong-1';
let n = 0;
const add = async (openid: string, fields: Record<string, unknown>) => {
  const r = await demo.tc.call('resource.add', { clientId: `mine-page-${++n}-abcdefgh`, kind: 'industry', source: 'dispatchingUnit', status: 'planning', plannedOn: '2026-04-01', ...fields }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data;
};

let kiwi = '';
beforeAll(async () => {
  demo.at('2026-05-12T09:00:00+08:00');
  kiwi = (await add(CADRE, { name: '猕猴桃产业园扩建', amountYuan: '1200000.50', status: 'building', startedOn: '2026-04-10' })).id;
  demo.at('2026-05-12T09:05:00+08:00');
  await add(TEAMMATE, { name: '苗绣技能培训班', kind: 'talent', amountYuan: '8000', source: 'social', sourceName: '湘西苗绣有限公司' });
  expect(await demo.tc.call('resource.confirm', { id: kiwi, version: 1 }, DEMO.townStaff)).toMatchObject({ ok: true });
});

async function open(openid: string = CADRE): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE);
}

it('shows the village’s projects, their amount and how many are confirmed', async () => {
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('十八洞村的帮扶项目');
  expect(textOf(el(page, '#total'))).toBe('2 个');
  expect(textOf(el(page, '#amount'))).toBe('1,208,000.50元');
  expect(textOf(el(page, '#confirmed'))).toBe('1 个，1,200,000.50元');
  expect(page.querySelectorAll('.project').map(textOf)).toEqual([
    '苗绣技能培训班 待核实 人才培训 · 社会帮扶（湘西苗绣有限公司） 8,000.00元 谋划中 引进人：石婷',
    '猕猴桃产业园扩建 已核实 产业项目 · 派出单位（湘西州财政局） 1,200,000.50元 在建 引进人：蒋文博',
  ]);
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#project-1');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/resource/detail/index?id=${kiwi}` }));
  await tap(page, '#add');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/resource/edit/index' }));
});

it('records a 好事实事 once, although the first answer is lost', async () => {
  const page = await open();
  expect(textOf(el(page, '#deed-date-text'))).toBe('2026年5月12日 ▾');
  await tap(page, '#add-deed');
  expect(textOf(el(page, '#deed-error'))).toBe('请写清楚办了什么事（至少4个字）');
  await type(page, '#deed-text', '帮助五保户龙大爷修缮漏雨的屋顶');
  const sent = loseFirstAnswer('resource.addDeed');
  await tap(page, '#add-deed');
  await waitFor(() => !page.data.deedSubmitting, 'the deed');
  expect(textOf(el(page, '#deed-error'))).toBe('网络超时，请稍后重试。写的内容还在，请再点“记一件”');
  await tap(page, '#add-deed');
  await waitFor(() => !page.data.deedSubmitting && page.data.deedTotal === 1, 'the deed again');
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  expect(textOf(el(page, '#deed-done'))).toBe('已记下：2026年5月12日 帮助五保户龙大爷修缮漏雨的屋顶');
  expect(textOf(el(page, '#deeds'))).toContain('好事实事（共 1 件）');
  expect(textOf(el(page, '#deed-0'))).toBe('2026年5月12日 · 蒋文博 帮助五保户龙大爷修缮漏雨的屋顶');
  expect(page.data.deedText).toBe('');
});

it('tells someone who is not a cadre', async () => {
  const page = await open(DEMO.townStaff);
  expect(textOf(el(page, '#not-cadre'))).toBe('只有驻村干部可以登记帮扶项目');
});
