/**
 * 帮扶项目详情 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026: 龙小燕
 * (双龙镇) reads a project of 十八洞村 and confirms it; 蒋文博 sees it confirmed and locked, changes
 * it with a reason, and its 修改记录 shows what changed and that it went back to 待核实; a confirm
 * of a version changed meanwhile is refused and the page shows the new one; an unconfirmed project
 * is withdrawn with a reason; a cadre of another village finds nothing.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/resource/detail/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
let n = 0;
const form = { kind: 'industry', source: 'dispatchingUnit', status: 'building', plannedOn: '2026-03-01', startedOn: '2026-04-01' };
async function add(name: string, amountYuan: string): Promise<{ id: string }> {
  const r = await demo.tc.call('resource.add', { clientId: `detail-page-${++n}-abcdefgh`, name, amountYuan, ...form }, CADRE);
  expect(r).toMatchObject({ ok: true });
  return r.data;
}

async function open(id: string, openid: string = CADRE): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id });
}

it('lets the township confirm a project, and shows the cadre the change that undid it', async () => {
  const p = await add('猕猴桃产业园扩建', '1200000.5');
  const staff = await open(p.id, DEMO.townStaff);
  expect(textOf(el(staff, '#title'))).toBe('猕猴桃产业园扩建');
  expect(textOf(el(staff, '#confirmed'))).toBe('待核实');
  expect(textOf(el(staff, '#amount'))).toBe('1,200,000.50元（120.00万元）');
  expect(textOf(el(staff, '#source'))).toBe('派出单位 ：湘西州财政局');
  expect(textOf(el(staff, '#edit'))).toBe('更正');
  expect(textOf(el(staff, '#no-history'))).toBe('登记后还没有修改和核实。');
  await tap(staff, '#confirm');
  await waitFor(() => !staff.data.busy && staff.data.p.confirmed, 'the confirmation');
  expect(textOf(el(staff, '#confirmed'))).toBe('已核实：双龙镇龙小燕，5月12日 10:00');
  expect(staff.querySelector('#confirm')).toBeUndefined();
  expect(textOf(el(staff, '#history-0'))).toBe('5月12日 10:00 双龙镇龙小燕核实');

  const cadre = await open(p.id);
  expect(textOf(el(cadre, '#locked-hint'))).toBe('已核实的项目修改时须写明修改说明，改后重新核实。');
  expect(cadre.querySelector('#confirm')).toBeUndefined();
  expect(cadre.querySelector('#open-withdraw')).toBeUndefined();
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(cadre, '#edit');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/resource/edit/index?id=${p.id}` }));

  demo.at('2026-05-12T15:30:00+08:00');
  expect(await demo.tc.call('resource.edit', { id: p.id, version: 1, name: '猕猴桃产业园扩建', amountYuan: '1250000', ...form, reason: '追加配套资金' }, CADRE)).toMatchObject({ ok: true });
  const again = await open(p.id);
  expect(textOf(el(again, '#confirmed'))).toBe('待核实');
  expect(textOf(el(again, '#history-0'))).toBe('5月12日 15:30 蒋文博（驻村干部）修改 金额：1,200,000.50元 → 1,250,000.00元 说明：追加配套资金 修改后回到待核实');
  expect(textOf(el(again, '#history-1'))).toBe('5月12日 10:00 双龙镇龙小燕核实');
});

it('refuses to confirm a version changed meanwhile, and shows the new one', async () => {
  const p = await add('茶叶加工厂', '500000');
  const staff = await open(p.id, DEMO.townStaff);
  expect(await demo.tc.call('resource.edit', { id: p.id, version: 1, name: '茶叶加工厂', amountYuan: '520000', ...form }, CADRE)).toMatchObject({ ok: true });
  await tap(staff, '#confirm');
  await waitFor(() => !staff.data.busy && staff.data.p.version === 2, 'the refusal');
  expect(textOf(el(staff, '#action-error'))).toBe('项目内容已更新，请刷新后再核实');
  expect(textOf(el(staff, '#amount'))).toBe('520,000.00元（52.00万元）');
  await tap(staff, '#confirm');
  await waitFor(() => staff.data.p.confirmed, 'the confirmation');
});

it('withdraws an unconfirmed project with a reason', async () => {
  const p = await add('重复登记的项目', '1000');
  const page = await open(p.id);
  await tap(page, '#open-withdraw');
  await tap(page, '#withdraw');
  expect(textOf(el(page, '#action-error'))).toBe('请填写撤销原因');
  await type(page, '#withdraw-reason', '重复登记');
  await tap(page, '#withdraw');
  await waitFor(() => !!page.data.p.withdrawn, 'the withdrawal');
  expect(textOf(el(page, '#confirmed'))).toBe('已撤销：重复登记（蒋文博，5月12日 10:00）');
  expect(page.querySelector('#actions')).toBeUndefined();
});

it('finds nothing for a cadre of another village', async () => {
  const p = await add('村道硬化', '300000');
  expect(textOf(el(await open(p.id, 'demo-fs-jinlong'), '#not-found'))).toBe('没有找到这个项目');
});
