/**
 * 我的诉求 against a real local cloud seeded with the demo county: a villager of 十八洞村 who has
 * raised 23 complaints over three weeks sees the newest 20, then the rest with 再看更早的; one that
 * has an answer asks to be rated; a tap opens it. Someone who raised nothing is told how to.
 */
import { useDemoCloud } from '../../../testing/cloud';
import { el, render, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { answered, asVillager, raised } from '../../../testing/village';

const PAGE = 'pages/complaint/mine/index';
const demo = useDemoCloud();
/** A villager of this file alone: the list is exactly what it raised. */
const VILLAGER = 'o-mine-page-villager';
let ids: string[] = [];

beforeAll(async () => {
  await asVillager(demo.tc, VILLAGER);
  // One a day from 20 April, at 09:00 Beijing time.
  for (let i = 0; i < 23; i++) {
    demo.at(new Date(Date.parse('2026-04-20T09:00:00+08:00') + i * 86_400_000));
    ids.push(await raised(demo.tc, VILLAGER, { text: `第${i + 1}件事：村里的水渠需要清理` }));
  }
  ids = ids.reverse(); // newest first, as the list shows them
  demo.at('2026-05-12T10:00:00+08:00');
  await answered(demo.tc, ids[1]!);
}, 60_000);

async function open(openid: string = VILLAGER): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  await waitFor(() => page.data.status !== 'loading', 'complaint.mine');
  return page;
}

it('lists the newest 20 with their state, category and date, then the earlier ones', async () => {
  const page = await open();
  expect(page.querySelectorAll('.complaint')).toHaveLength(20);
  expect(textOf(el(page, '#complaint-0'))).toBe('待受理 未分类 第23件事：村里的水渠需要清理 5月12日 09:00 · 十八洞村');
  // Answered, waiting for her rating.
  expect(textOf(el(page, '#status-1'))).toBe('已答复待评价');
  expect(textOf(el(page, '#complaint-1'))).toContain('便民服务');
  expect(textOf(el(page, '#complaint-1'))).toContain('已有答复，请点开评价 ›');
  expect(page.querySelector('#end')).toBeUndefined();

  await tap(page, '#more');
  await waitFor(() => !page.data.loadingMore, 'the next page');
  expect(page.querySelectorAll('.complaint')).toHaveLength(23);
  expect(textOf(el(page, '#complaint-22'))).toContain('第1件事：村里的水渠需要清理 4月20日 09:00');
  expect(page.querySelector('#more')).toBeUndefined();
  expect(textOf(el(page, '#end'))).toBe('没有更早的了');
  expect(page.data.items.map((i: { id: string }) => i.id)).toEqual(ids);
});

it('opens a complaint, and reads the list again on coming back', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open();
  page.instance.onShow();
  await tap(page, '#complaint-1');
  expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: `/pages/complaint/detail/index?id=${ids[1]}` }));

  await demo.tc.call('complaint.rate', { id: ids[1], value: 'satisfied' }, VILLAGER);
  page.instance.onShow();
  await waitFor(() => page.data.items[1]?.statusName === '已办结', 'the list read again');
  expect(page.querySelector('.rate-call')).toBeUndefined();
});

it('tells someone who raised nothing where to start', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open('o-mine-page-newcomer');
  expect(textOf(el(page, '#empty'))).toContain('您还没有反映过诉求');
  await tap(page, '#to-village');
  expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/village/home/index' }));
});
