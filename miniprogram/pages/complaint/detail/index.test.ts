/**
 * 我的诉求 · 详情 against a real local cloud seeded with the demo county: a complaint 龙金秀 of
 * 十八洞村 raised is dispatched by 双龙镇 to 花垣县民政局, which answers with a photo; she follows
 * every step (by unit, never by name), sees the answer, and rates it through the real
 * `complaint.rate` — 满意 closes it; 不满意 sends it back once, and the second answer's rating
 * is the last.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { answered, asVillager, CIVIL, CIVIL_PERSON, raised, uploadAs } from '../../../testing/village';
import { fakePhoto } from '../../../testing/wx';

const PAGE = 'pages/complaint/detail/index';
const demo = useDemoCloud();
const VILLAGER = DEMO.villager;

beforeAll(async () => {
  await asVillager(demo.tc, VILLAGER);
});

async function open(id: string, openid: string = VILLAGER): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id });
}

const rated = (page: Rendered) => waitFor(() => !page.data.rating, 'complaint.rate');
const stored = async (id: string) => (await demo.tc.call('complaint.get', { id }, DEMO.townStaff)).data.complaint;

it('shows the answer and every step, and 满意 closes it', async () => {
  const id = await raised(demo.tc, VILLAGER);
  const photo = await uploadAs(demo.tc, CIVIL, `complaint-answers/${CIVIL_PERSON}/lamp-fixed.jpg`, fakePhoto('lamp-fixed'));
  await answered(demo.tc, id, '已联系电工，路灯已于5月14日修好', [photo]);

  const page = await open(id);
  expect(textOf(el(page, '#status'))).toBe('已答复待评价');
  expect(textOf(el(page, '#category'))).toBe('便民服务');
  expect(textOf(el(page, '#dept'))).toBe('承办单位：花垣县民政局');
  expect(textOf(el(page, '#answer-text'))).toBe('已联系电工，路灯已于5月14日修好');
  expect(textOf(el(page, '#answer-by'))).toBe('花垣县民政局 · 5月12日 10:00');
  // The record, newest first: which unit, when; the handlers' names stay with the handlers.
  const steps = page.querySelectorAll('.step').map((s) => textOf(s));
  expect(steps[0]).toMatch(/^办结答复 5月12日 10:00 · 花垣县民政局/);
  expect(steps.at(-1)).toBe('村民提出诉求 5月12日 10:00 · 十八洞村');
  expect(steps.join(' ')).toContain('交办部门');
  expect(textOf(page)).not.toContain('吴春兰');

  // The answer's photo opens full screen.
  const preview = jest.spyOn(wx, 'previewImage');
  await tap(page, '#answer-photo-0');
  expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: [expect.stringMatching(/^http/)], current: expect.stringMatching(/^http/) }));

  expect(textOf(el(page, '#rate-hint'))).toBe('选“不满意”，这件事会退回去重新办理一次。');
  await tap(page, '#rate-submit');
  expect(textOf(el(page, '#rate-error'))).toBe('请先点一下“满意”“基本满意”或“不满意”');
  await tap(page, '#rate-satisfied');
  expect(textOf(el(page, '#rate-satisfied'))).toBe('✓ 满意');
  await type(page, '#comment', '路灯修好了，谢谢');
  await tap(page, '#rate-submit');
  await rated(page);
  expect(textOf(el(page, '#notice'))).toBe('谢谢您的评价，这件事已办结。');
  expect(textOf(el(page, '#status'))).toBe('已办结');
  expect(page.querySelector('#rate')).toBeUndefined();
  expect(textOf(el(page, '#rated'))).toBe('您的评价 满意 路灯修好了，谢谢');
  expect(await stored(id)).toMatchObject({ status: 'closed', rating: { value: 'satisfied', comment: '路灯修好了，谢谢' } });
});

it('不满意 sends it back to the department once; the second answer’s rating is the last', async () => {
  const id = await raised(demo.tc, VILLAGER, { text: '低保申请交上去一个月了没有消息' });
  await answered(demo.tc, id, '经核实，材料不全，请补交户口本复印件');
  const page = await open(id);
  await tap(page, '#rate-unsatisfied');
  await type(page, '#comment', '材料早就交齐了');
  await tap(page, '#rate-submit');
  await rated(page);
  expect(textOf(el(page, '#notice'))).toBe('已退回重新办理。办好后会再请您评价。');
  expect(textOf(el(page, '#status'))).toBe('部门办理中');
  expect(textOf(el(page, '#step-0'))).toContain('不满意，重新办理');
  expect(page.querySelector('#rate')).toBeUndefined();
  expect(await stored(id)).toMatchObject({ status: 'dispatched', reopened: true });

  await answered(demo.tc, id, '已上门核实，低保已批准，下月发放');
  const again = await open(id);
  expect(textOf(el(again, '#answer-text'))).toBe('已上门核实，低保已批准，下月发放');
  expect(textOf(el(again, '#rate-hint-last'))).toBe('这是重新办理后的答复，这次评价后就办结了。');
  await tap(again, '#rate-basicallySatisfied');
  await tap(again, '#rate-submit');
  await rated(again);
  expect(textOf(el(again, '#status'))).toBe('已办结');
  expect(await stored(id)).toMatchObject({ status: 'closed', rating: { value: 'basicallySatisfied' } });
});

it('shows a complaint only to the villager who raised it', async () => {
  const id = await raised(demo.tc, VILLAGER, { text: '村里的垃圾没人清运' });
  await asVillager(demo.tc, 'demo-vl-shibadong-2');
  const other = await open(id, 'demo-vl-shibadong-2');
  expect(other.data.status).toBe('notFound');
  expect(textOf(el(other, '#not-found'))).toBe('没有找到这条诉求');
  const own = await open(id);
  expect(own.data.status).toBe('ok');
  expect(own.querySelector('#rate')).toBeUndefined();
  expect(textOf(el(own, '#status'))).toBe('待受理');
});
