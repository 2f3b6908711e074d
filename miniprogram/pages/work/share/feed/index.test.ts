/**
 * 互动分享 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 蒋文博 (十八洞村) and 隘门村's first secretary have posted, 蒋文博 with two photos; 龙小燕
 * (双龙镇) featured the older post. 石婷, a team member of 十八洞村, reads the county's feed,
 * likes and unlikes with a tap, puts 精选 first and opens a post; staff see the likes only.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { uploadAs } from '../../../../testing/village';

const PAGE = 'pages/work/share/feed/index';
const demo = useDemoCloud();

const TM = 'demo-tm-shibadong-1'; // 石婷, 十八洞村
const AIMEN = 'demo-fs-aimen'; // 胡志强, 隘门村 (边城镇, 花垣县)
const HANGSHA = 'demo-fs-hangsha'; // 夯沙村 (保靖县)
let n = 0;
let older = '';
let newer = '';

async function share(openid: string, text: string, extra: object = {}): Promise<string> {
  const r = await demo.tc.call('share.post', { clientId: `share-feed-${++n}-abcdefgh`, text, ...extra }, openid);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id as string;
}

beforeAll(async () => {
  const photos = [await uploadAs(demo.tc, DEMO.cadre, 'shares/p-fs-shibadong/a.jpg', Buffer.from('jpeg a')), await uploadAs(demo.tc, DEMO.cadre, 'shares/p-fs-shibadong/b.jpg', Buffer.from('jpeg b'))];
  demo.at('2026-05-11T09:00:00+08:00');
  older = await share(DEMO.cadre, '今年十八洞村猕猴桃亩产提高两成，合作社分红到户。', { title: '猕猴桃丰收了', photoFileIds: photos });
  demo.at('2026-05-12T09:00:00+08:00');
  newer = await share(AIMEN, '边城镇隘门村开了第一场院坝会。');
  expect(await demo.tc.call('share.feature', { id: older, featured: true }, DEMO.townStaff)).toMatchObject({ ok: true });
  expect(await demo.tc.call('share.like', { id: older, like: true }, AIMEN)).toMatchObject({ ok: true });
});

async function open(openid: string = TM): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE);
}

const ids = (page: Rendered) => page.data.items.map((p: { id: string }) => p.id);

it('shows a cadre the county’s posts newest first, with photos, likes and comments, and 我要分享', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const preview = jest.spyOn(wx, 'previewImage');
  const page = await open();
  expect(ids(page)).toEqual([newer, older]);
  expect(textOf(el(page, '#total'))).toBe('共 2 篇');
  expect(textOf(el(page, '#post-0'))).toBe('胡志强 · 隘门村 · 5月12日 09:00 边城镇隘门村开了第一场院坝会。 ♡ 赞 0 评论 0');
  expect(textOf(el(page, '#post-1'))).toBe('精选 猕猴桃丰收了 蒋文博 · 十八洞村 · 5月11日 09:00 今年十八洞村猕猴桃亩产提高两成，合作社分红到户。 ♡ 赞 1 评论 0');
  expect(page.querySelectorAll('#post-1 .photo-img')).toHaveLength(2);

  // A photo opens full screen, not the post.
  await tap(page, '#photo-1-1');
  expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: page.data.items[1].photos, current: page.data.items[1].photos[1] }));
  expect(navigateTo).not.toHaveBeenCalled();

  // Like, then unlike: the count as the server keeps it.
  await tap(page, '#like-1');
  await waitFor(() => page.data.items[1].liked, 'the like');
  expect(textOf(el(page, '#like-1'))).toBe('♥ 已赞 2');
  expect((await demo.tc.call('share.get', { id: older }, TM)).data).toMatchObject({ likes: 2, liked: true });
  await tap(page, '#like-1');
  await waitFor(() => !page.data.items[1].liked, 'the unlike');
  expect(textOf(el(page, '#like-1'))).toBe('♡ 赞 1');
  expect(navigateTo).not.toHaveBeenCalled();

  // The post opens; 我要分享 opens the form.
  await tap(page, '#post-1');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/work/share/detail/index?id=${older}` }));
  await tap(page, '#post');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/work/share/post/index' }));
});

it('puts featured posts first on request, and reads the feed again on coming back', async () => {
  const page = await open();
  await tap(page, '#sort-featured');
  await waitFor(() => page.data.status === 'ok' && page.data.featuredFirst, '精选在前');
  expect(ids(page)).toEqual([older, newer]);
  await tap(page, '#sort-new');
  await waitFor(() => page.data.status === 'ok' && !page.data.featuredFirst, '最新');
  expect(ids(page)).toEqual([newer, older]);

  const another = await share(DEMO.cadre, '村里的夜校开课了。');
  page.instance.onShow();
  await waitFor(() => page.data.items.length === 3, 'the feed read again');
  expect(ids(page)[0]).toBe(another);
});

it('shows staff the likes without a like button, and no 我要分享', async () => {
  const page = await open(DEMO.countyStaff);
  expect(page.data.items.length).toBeGreaterThanOrEqual(2);
  expect(page.querySelector('#post')).toBeUndefined();
  expect(page.querySelector('#like-0')).toBeUndefined();
  const i = ids(page).indexOf(older);
  expect(textOf(el(page, `#likes-${i}`))).toBe('赞 1');
});

it('says when the county has no posts yet, and refuses those who are neither cadres nor staff', async () => {
  const empty = await open(HANGSHA);
  expect(textOf(el(empty, '#empty'))).toBe('还没有人分享，点“我要分享”写下您的驻村体会');
  expect(textOf(el(await open('demo-tutor'), '#forbidden'))).toBe('互动分享供驻村干部和组织部门的同志使用');
});
