/**
 * 登记帮扶项目 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 蒋文博 (十八洞村) records a project with its kind, amount in yuan, source, status and dates and a
 * photo (really uploaded into his folder), names his teammate as its bringer, and lands on it; the
 * 派出单位 left unnamed is his own; a lost answer retried is one project; what the form lacks and
 * what the server refuses show next to the fields. A confirmed project asks for a 修改说明 and goes
 * back to 待核实; staff correct with a 更正说明, keeping the bringer.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { KIND_NAMES, SOURCE_NAMES, STATUS_NAMES } from '../../../../server/features/resource/schema';
import { KINDS, SOURCES, STATUSES } from '../resource';

const PAGE = 'pages/resource/edit/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const CADRE_ID = 'p-fs-shibadong';

async function open(query: Record<string, string> = {}, openid: string = CADRE): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}
const saved = (page: Rendered) => waitFor(() => !page.data.submitting, 'the save');
const count = async () => (await demo.tc.call('resource.mine', {}, CADRE)).data.total as number;
function landedOn(redirectTo: jest.SpyInstance): string {
  const url = String((redirectTo.mock.calls.at(-1)?.[0] as { url: string }).url);
  expect(url).toMatch(/^\/pages\/resource\/detail\/index\?id=rp-[0-9a-f]{24}$/);
  return url.split('=')[1]!;
}

it('records a project with its dates, a photo and the bringer, and lands on it', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('登记帮扶项目 · 十八洞村');
  expect(textOf(el(page, '#source-hint'))).toBe('不填就是引进人的派出单位：湘西州财政局');
  expect(textOf(el(page, '#planned-text'))).toBe('2026年5月12日 ▾');

  // Nothing typed: said next to the fields, nothing goes.
  const before = await count();
  await tap(page, '#submit');
  expect(textOf(el(page, '#name-error'))).toBe('请填写项目名称');
  expect(textOf(el(page, '#amount-error'))).toBe('请填写金额（元），没有资金填 0');
  expect(textOf(el(page, '#form-error'))).toBe('请按红字提示改一改，再点“保存”');

  await type(page, '#name', '村集体光伏电站');
  await pick(page, '#kind', 1);
  expect(textOf(el(page, '#kind-name'))).toBe('基础设施 ▾');
  await type(page, '#amount', '420,000.5');
  await pick(page, '#status', 2);
  await tap(page, '#submit');
  expect(textOf(el(page, '#startedOn-error'))).toBe('请填写开工日期');
  expect(textOf(el(page, '#completedOn-error'))).toBe('请填写完成日期');
  await pick(page, '#planned', '2026-03-01');
  await pick(page, '#started', '2026-03-20');
  await pick(page, '#completed', '2026-05-10');
  expect(textOf(el(page, '#completed-text'))).toBe('2026年5月10日 ▾');
  const i = page.data.cadreNames.indexOf('石婷');
  expect(i).toBeGreaterThanOrEqual(0);
  await pick(page, '#brought', i);
  // 派出单位 left unnamed is the bringer's own.
  expect(textOf(el(page, '#source-hint'))).toBe('不填就是引进人的派出单位：花垣县人民医院');
  demo.device.media = ['wxfile://tmp/solar-1.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 1, 'the photo');
  await type(page, '#note', '年发电收益约3万元');

  await tap(page, '#submit');
  await saved(page);
  const id = landedOn(redirectTo);
  expect(await count()).toBe(before + 1);
  const p = (await demo.tc.call('resource.get', { id }, CADRE)).data;
  expect(p).toMatchObject({ name: '村集体光伏电站', kind: 'infrastructure', amountFen: 42_000_050, source: 'dispatchingUnit', sourceName: '花垣县人民医院', status: 'done', plannedOn: '2026-03-01', startedOn: '2026-03-20', completedOn: '2026-05-10', broughtByName: '石婷', note: '年发电收益约3万元', recordedByName: '蒋文博' });
  expect(p.files).toEqual([expect.objectContaining({ name: '照片1.jpg', image: true })]);
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([expect.stringMatching(new RegExp(`^resources/${CADRE_ID}/[A-Za-z0-9_-]+-[a-z0-9]+-0\\.jpg$`))]);
});

it('keeps one project when the answer is lost and 保存 is tapped again', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  await type(page, '#name', '稻花鱼养殖基地');
  await type(page, '#amount', '80000');
  const sent = loseFirstAnswer('resource.add');
  const before = await count();
  await tap(page, '#submit');
  await saved(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。填的内容还在，请再点“保存”');
  expect(redirectTo).not.toHaveBeenCalled();
  await tap(page, '#submit');
  await saved(page);
  landedOn(redirectTo);
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  expect(await count()).toBe(before + 1);
});

it('shows the server’s refusal next to its field', async () => {
  const page = await open();
  await type(page, '#name', '测试项目');
  await type(page, '#amount', '12.345');
  await pick(page, '#source', 2);
  await type(page, '#source-name', '某公司');
  const before = await count();
  await tap(page, '#submit');
  await saved(page);
  expect(textOf(el(page, '#amount-error'))).toBe('金额请填数字（元），最多两位小数，例如 30000 或 12.5');
  expect(textOf(el(page, '#form-error'))).toContain('提交的内容不符合要求');
  expect(await count()).toBe(before);
});

it('asks for a 修改说明 on a confirmed project, which goes back to 待核实', async () => {
  const made = await demo.tc.call('resource.add', { clientId: 'edit-page-confirmed-1', name: '猕猴桃产业园扩建', kind: 'industry', amountYuan: '1200000', source: 'dispatchingUnit', status: 'building', plannedOn: '2026-02-01', startedOn: '2026-03-01' }, CADRE);
  expect(await demo.tc.call('resource.confirm', { id: made.data.id, version: 1 }, DEMO.townStaff)).toMatchObject({ ok: true });
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open({ id: made.data.id });
  expect(textOf(el(page, '#title'))).toBe('修改帮扶项目 · 十八洞村');
  expect(textOf(el(page, '#locked-note'))).toContain('这个项目已核实');
  expect(page.data).toMatchObject({ name: '猕猴桃产业园扩建', amountYuan: '1200000.00', statusIndex: 1, startedOn: '2026-03-01' });
  expect(textOf(el(page, '#submit'))).toBe('保存修改');
  await pick(page, '#status', 2);
  await pick(page, '#completed', '2026-05-11');
  await tap(page, '#submit');
  expect(textOf(el(page, '#reason-error'))).toBe('该项目已核实，请写明修改说明');
  await type(page, '#reason', '项目已完工验收');
  await tap(page, '#submit');
  await saved(page);
  expect(landedOn(redirectTo)).toBe(made.data.id);
  const p = (await demo.tc.call('resource.get', { id: made.data.id }, CADRE)).data;
  expect(p).toMatchObject({ confirmed: false, status: 'done', version: 2, history: [{ kind: 'confirm' }, { kind: 'edit', reason: '项目已完工验收', unconfirmed: true }] });
});

it('lets staff correct with a 更正说明, keeping the bringer and the photos', async () => {
  const made = await demo.tc.call('resource.add', { clientId: 'edit-page-staff-1', name: '村道硬化', kind: 'infrastructure', amountYuan: '350000', source: 'countyDept', sourceName: '县交通局', status: 'planning', plannedOn: '2026-04-01', broughtById: 'p-tm-shibadong-1' }, CADRE);
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open({ id: made.data.id }, DEMO.townStaff);
  expect(textOf(el(page, '#title'))).toBe('更正帮扶项目 · 十八洞村');
  expect(textOf(el(page, '#brought-name'))).toBe('石婷');
  expect(page.querySelector('#add-photo')).toBeUndefined();
  await type(page, '#source-name', '花垣县交通运输局');
  await tap(page, '#submit');
  expect(textOf(el(page, '#reason-error'))).toBe('请填写更正说明');
  await type(page, '#reason', '规范单位名称');
  await tap(page, '#submit');
  await saved(page);
  landedOn(redirectTo);
  const p = (await demo.tc.call('resource.get', { id: made.data.id }, CADRE)).data;
  expect(p).toMatchObject({ sourceName: '花垣县交通运输局', broughtByName: '石婷', history: [{ asName: '组织部门', unitName: '双龙镇', changes: [{ label: '来源单位', before: '县交通局', after: '花垣县交通运输局' }] }] });
});

it('tells someone who is not a cadre, and an unknown project', async () => {
  expect(textOf(el(await open({}, DEMO.townStaff), '#not-cadre'))).toBe('只有驻村干部可以登记帮扶项目');
  expect(textOf(el(await open({ id: 'rp-000000000000000000000000' }), '#not-found'))).toBe('没有找到这个项目');
});

it('offers the server’s choices, in its order', () => {
  expect(Object.fromEntries(KINDS.map((k) => [k.key, k.name]))).toEqual(KIND_NAMES);
  expect(Object.fromEntries(SOURCES.map((k) => [k.key, k.name]))).toEqual(SOURCE_NAMES);
  expect(Object.fromEntries(STATUSES.map((k) => [k.key, k.name]))).toEqual(STATUS_NAMES);
  expect(KINDS.map((k) => k.key)).toEqual(Object.keys(KIND_NAMES));
});
