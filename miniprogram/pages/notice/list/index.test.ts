/**
 * 村务公开 against a real local cloud seeded with the demo county: 十八洞村's 村群管理员 has
 * published three notices (村务, 党务, 财务); a villager who came from the village's group sees
 * them newest first, all 未读, filters them by kind, opens one — the detail page really records
 * the read — and back on the list it is no longer marked. Someone from elsewhere sees nothing.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { asVillager, published, SHIBADONG } from '../../../testing/village';

const PAGE = 'pages/notice/list/index';
const demo = useDemoCloud();
const VILLAGER = 'o-notice-list-villager';
const ids: Record<string, string> = {};

beforeAll(async () => {
  await asVillager(demo.tc, VILLAGER);
  demo.at('2026-05-08T09:00:00+08:00');
  ids.village = await published(demo.tc, { kind: 'village', title: '村民代表大会决议公示', body: '经村民代表大会表决，同意修建村口到二组的通组路。' });
  demo.at('2026-05-10T09:00:00+08:00');
  ids.party = await published(demo.tc, { kind: 'party', title: '2026年第一季度党费收缴情况', body: '本季度应缴党员32名，实缴32名。' });
  demo.at('2026-05-11T09:00:00+08:00');
  ids.finance = await published(demo.tc, { kind: 'finance', title: '2026年4月村级财务收支公示', body: '本月收入：……\n本月支出：……', files: [{ name: '4月收支明细.pdf', bytes: Buffer.from('%PDF-1.4 账目') }] });
  demo.at('2026-05-12T10:00:00+08:00');
}, 60_000);

async function open(openid: string = VILLAGER, query: Record<string, string> = { villageId: SHIBADONG }): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}

/** The notices of this file (the demo seed may hold others of the village). */
const ours = (page: Rendered) => (page.data.items as { id: string; title: string; read: boolean }[]).filter((i) => Object.values(ids).includes(i.id));

it('lists the village’s notices newest first, unread marked, and filters them by kind', async () => {
  const page = await open();
  expect(textOf(el(page, '.page-title'))).toBe('村务公开 · 十八洞村');
  expect(page.querySelectorAll('.tab').map((t) => textOf(t))).toEqual(['全部', '村务公开', '党务公开', '财务公开']);
  expect(ours(page).map((i) => [i.title, i.read])).toEqual([
    ['2026年4月村级财务收支公示', false],
    ['2026年第一季度党费收缴情况', false],
    ['村民代表大会决议公示', false],
  ]);
  const i = page.data.items.findIndex((n: { id: string }) => n.id === ids.finance);
  expect(textOf(el(page, `#notice-${i}`))).toBe('未读 2026年4月村级财务收支公示 本月收入：…… 本月支出：…… 财务公开 · 5月11日 09:00 · 附件 1 个');
  expect(textOf(el(page, '#unread'))).toMatch(/^有 \d+ 条您还没看过$/);

  await tap(page, '#tab-party');
  await waitFor(() => !page.data.listLoading, 'the 党务公开 tab');
  expect(page.data.items.every((n: { kindName: string }) => n.kindName === '党务公开')).toBe(true);
  expect(ours(page).map((n) => n.title)).toEqual(['2026年第一季度党费收缴情况']);
  await tap(page, '#tab-all');
  await waitFor(() => !page.data.listLoading, 'the 全部 tab');
  expect(ours(page)).toHaveLength(3);
});

it('opens a notice; its read is counted, and the list marks it read on coming back', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open();
  page.instance.onShow();
  const i = page.data.items.findIndex((n: { id: string }) => n.id === ids.village);
  await tap(page, `#notice-${i}`);
  expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: `/pages/notice/detail/index?id=${ids.village}` }));

  // The page it opens records the read.
  const detail = await openPage('pages/notice/detail/index', { id: ids.village });
  expect(textOf(el(detail, '#title'))).toBe('村民代表大会决议公示');
  expect(textOf(el(detail, '#reads'))).toBe('已有 1 位村民看过');

  page.instance.onShow();
  await waitFor(() => ours(page).find((n) => n.id === ids.village)?.read === true, 'the list read again');
  expect(ours(page).filter((n) => !n.read).map((n) => n.id).sort()).toEqual([ids.finance, ids.party].sort());
  expect(textOf(el(page, `#notice-${i}`))).not.toContain('未读');
});

it('shows nothing to someone who did not come from the village’s group', async () => {
  const page = await open('o-notice-list-stranger');
  expect(page.data.status).toBe('notVillager');
  expect(textOf(el(page, '#not-villager'))).toBe('请从本村微信群里的小程序卡片打开');
  // Without a village in the link: the one the villager came from last.
  await asVillager(demo.tc, DEMO.villager);
  const own = await open(DEMO.villager, {});
  expect(own.data).toMatchObject({ status: 'ok', villageId: SHIBADONG });
});
