/**
 * 记录走访 against a real local cloud with the demo county: 蒋文博 records a visit to 施成富 with 石婷
 * and the auxiliary member, a fresh fix and two problems; the visit and its tickets are on the
 * server (the problems in the township's complaint inbox). A lost answer retried is one visit;
 * what the form lacks is said next to it; a household outside his group is not offered.
 */
import { loseFirstAnswer, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import { FS, seedVisits, TOWN } from '../../../testing/visit';
import type { SeededVisits } from '../../../testing/visit';

const PAGE = 'pages/visit/log/index';
const demo = useDemoCloud();
let seeded: SeededVisits;

beforeAll(async () => {
  seeded = await seedVisits(demo.tc);
});

async function open(householdId: string) {
  demo.loginAs(FS);
  return openPage(PAGE, { householdId });
}
const visitsOf = async (householdId: string) => (await demo.tc.call('visit.visits', { unitId: 'vil-shibadong', month: '2026-05', householdId }, TOWN)).data;

it('records a visit with who went, the fix and the problems raised', async () => {
  const page = await open(seeded.households[1]!);
  expect(textOf(el(page, '#title'))).toBe('记录走访 · 施成富');
  expect(textOf(el(page, '#member-0'))).toBe('✓ 蒋文博（本人）');
  // The one logging cannot be taken off; the other member and the auxiliary can be ticked.
  await tap(page, '#member-0');
  expect(page.data.members[0].on).toBe(true);
  await tap(page, '#member-1');
  await tap(page, '#auxiliary');
  demo.device.location = { latitude: 28.381476, longitude: 109.559549, accuracy: 25 };
  await tap(page, '#locate');
  await waitFor(() => !!page.data.located, 'the fix');
  expect(textOf(el(page, '#located'))).toBe('已定位（精度约 25 米）');

  // Nothing written: said next to the field.
  await tap(page, '#submit');
  expect(textOf(el(page, '#notes-error'))).toBe('请写一写走访了解到的情况');
  await type(page, '#notes', '了解家庭收入和孩子上学情况');
  await tap(page, '#add-problem');
  await tap(page, '#add-problem');
  await type(page, '#problem-text-0', '村口路灯坏了两个月');
  await type(page, '#problem-text-1', '短');
  await tap(page, '#submit');
  expect(textOf(el(page, '#problem-error-1'))).toContain('问题请至少写5个字');
  await tap(page, '#remove-problem-1');
  el(page, '#problem-category-0').dispatchEvent('change', { detail: { value: 1 } });
  await tap(page, '#submit');
  await waitFor(() => page.data.status === 'done', 'the visit');
  expect(textOf(el(page, '#done'))).toBe('已记录走访，1 个问题已交乡镇受理');

  const v = await visitsOf(seeded.households[1]!);
  expect(v.items).toEqual([expect.objectContaining({ present: ['蒋文博', '石婷', '龙书记（辅助）'], location: expect.objectContaining({ inside: true }), problems: 1, notes: '了解家庭收入和孩子上学情况' })]);
  const inbox = await demo.tc.call('complaint.inbox', { unitId: 'town-shuanglong', box: 'todo' }, TOWN);
  expect(inbox.data.items.find((i: any) => i.text === '村口路灯坏了两个月')).toMatchObject({ source: 'visit', category: 'service' });
});

it('keeps one visit when the answer is lost and 提交 is tapped again', async () => {
  const page = await open(seeded.households[2]!);
  await type(page, '#notes', '老人身体还好，了解医保缴纳');
  const sent = loseFirstAnswer('visit.log');
  await tap(page, '#submit');
  await waitFor(() => !page.data.submitting, 'the first submit');
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。写的内容还在，请再点“提交”');
  await tap(page, '#submit');
  await waitFor(() => page.data.status === 'done', 'the retry');
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  expect((await visitsOf(seeded.households[2]!)).total).toBe(1);
});

it('does not offer a household outside the cadre’s group', async () => {
  const page = await open(seeded.households[4]!);
  expect(textOf(el(page, '#not-found'))).toBe('这户不在您小组的包干范围内');
});
