/**
 * 走访问题 against a real local cloud with the demo county: the problem 蒋文博 raised, dispatched
 * to 花垣县民政局 and answered; he does the 回访 for the household (满意), and the record shows every
 * step; 石婷, of the village but not at that visit, follows it without rating.
 */
import { useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import { FS, seedVisits, TM2, TOWN } from '../../../testing/visit';
import type { SeededVisits } from '../../../testing/visit';

const PAGE = 'pages/visit/problem/index';
const demo = useDemoCloud();
let seeded: SeededVisits;

beforeAll(async () => {
  seeded = await seedVisits(demo.tc);
  await demo.tc.call('complaint.dispatch', { id: seeded.problemId, category: 'service', unitId: 'county-huayuan', departmentId: 'dept-huayuan-civil' }, TOWN);
  await demo.tc.call('complaint.answer', { id: seeded.problemId, text: '已核实，年审通过，本月起按时发放' }, 'demo-hy-dept-civil');
});

async function open(openid: string) {
  demo.loginAs(openid);
  return openPage(PAGE, { id: seeded.problemId });
}

it('lets the cadre who raised it rate the answer for the household', async () => {
  const page = await open(FS);
  expect(textOf(el(page, '#household'))).toBe('龙德忠（一组）');
  expect(textOf(el(page, '#status'))).toBe('已答复待评价');
  expect(textOf(el(page, '#answer-text'))).toBe('已核实，年审通过，本月起按时发放');
  await tap(page, '#submit-rate');
  expect(textOf(el(page, '#rate-error'))).toBe('请先选择群众的评价');
  await tap(page, '#rate-satisfied');
  await type(page, '#comment', '老人很满意');
  await tap(page, '#submit-rate');
  await waitFor(() => page.data.status === 'ok' && !page.data.canRate, 'the rating');
  expect(textOf(el(page, '#rating'))).toBe('满意：老人很满意');
  expect(textOf(el(page, '#status'))).toBe('已办结');
  expect(page.querySelectorAll('.step').map((s) => textOf(s).split(' ')[0])).toEqual(['走访发现问题', '受理', '交办部门', '办结答复', '走访干部回访评价']);
});

it('lets another cadre of the village follow it, without rating', async () => {
  const page = await open(TM2);
  expect(textOf(el(page, '#household'))).toBe('龙德忠（一组）');
  expect(page.querySelector('#rate')).toBeUndefined();
  const none = await (async () => {
    demo.loginAs(FS);
    return openPage(PAGE, { id: 'cp-000000000000000000000000' });
  })();
  expect(none.data.status === 'forbidden' || none.data.status === 'notFound').toBe(true);
});
