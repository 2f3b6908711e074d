/**
 * A shared post against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 蒋文博 (十八洞村) posted with a photo. 石婷 (十八洞村) likes it and comments (once through a
 * lost answer) and deletes her comment; 龙小燕 (双龙镇 staff) features it and deletes another
 * cadre's comment; 蒋文博 withdraws it, and then it is gone for everyone else.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { uploadAs } from '../../../../testing/village';

const PAGE = 'pages/work/share/detail/index';
const demo = useDemoCloud();

const TM = 'demo-tm-shibadong-1'; // 石婷, 十八洞村
const AIMEN = 'demo-fs-aimen'; // 胡志强, 隘门村 (花垣县)
const HANGSHA = 'demo-fs-hangsha'; // 夯沙村 (保靖县)
let id = '';

beforeAll(async () => {
  const photo = await uploadAs(demo.tc, DEMO.cadre, 'shares/p-fs-shibadong/night-school.jpg', Buffer.from('jpeg'));
  const r = await demo.tc.call('share.post', { clientId: 'share-detail-1-abcdefgh', title: '夜校开课了', text: '村里的夜校开课了，教大家用手机卖山货。', photoFileIds: [photo] }, DEMO.cadre);
  expect(r).toMatchObject({ ok: true });
  id = r.data.id;
});

async function open(openid: string = TM, postId: string = id): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id: postId });
}

const comments = (page: Rendered) => page.querySelectorAll('.comment').map(textOf);

it('shows the post; a cadre of the county likes it, comments once through a lost answer, and deletes the comment', async () => {
  const preview = jest.spyOn(wx, 'previewImage');
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('夜校开课了');
  expect(textOf(el(page, '#author'))).toBe('蒋文博 · 十八洞村 · 5月12日 10:00');
  expect(textOf(el(page, '#text'))).toBe('村里的夜校开课了，教大家用手机卖山货。');
  await tap(page, '#photo-0');
  expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: [page.data.p.photos[0]] }));
  expect(page.data.p.photos[0]).toMatch(/^http/);
  // Not hers: no 撤回, no 精选.
  expect(page.querySelector('#manage')).toBeUndefined();
  expect(textOf(el(page, '#no-comments'))).toBe('还没有评论');

  await tap(page, '#like');
  await waitFor(() => page.data.p.liked, 'the like');
  expect(textOf(el(page, '#like'))).toBe('♥ 已赞 1');

  await tap(page, '#send-comment');
  expect(textOf(el(page, '#comment-error'))).toBe('请填写评论');
  await type(page, '#comment', '向你们学习！');
  const sent = loseFirstAnswer('share.comment');
  await tap(page, '#send-comment');
  await waitFor(() => !page.data.commenting, 'the first try');
  expect(textOf(el(page, '#comment-error'))).toBe('网络超时，请稍后重试。评论还在，请再点“发表”');
  await tap(page, '#send-comment');
  await waitFor(() => !page.data.commenting && page.data.p.comments.length === 1, 'the retry');
  expect(sent[1]).toBe(sent[0]);
  expect(page.data.comment).toBe('');
  expect(textOf(el(page, '#comment-count'))).toBe('评论 1');
  expect(comments(page)).toEqual(['石婷 5月12日 10:00 向你们学习！ 删除']);
  expect((await demo.tc.call('share.get', { id }, TM)).data.commentCount).toBe(1);

  // Deleting asks once more.
  await tap(page, '#delete-comment-0');
  await tap(page, '#cancel-delete');
  expect(page.data.p.comments).toHaveLength(1);
  await tap(page, '#delete-comment-0');
  await tap(page, '#confirm-delete');
  await waitFor(() => !page.data.deleting && page.data.p.comments.length === 0, 'the deletion');
  expect(textOf(el(page, '#comment-count'))).toBe('评论 0');
  expect(textOf(el(page, '#notice'))).toBe('评论已删除');
});

it('lets staff over the post feature it and delete a cadre’s comment, without liking or commenting', async () => {
  expect(await demo.tc.call('share.comment', { id, clientId: 'share-detail-c2-abcdefgh', text: '夜校教什么？' }, AIMEN)).toMatchObject({ ok: true });
  const page = await open(DEMO.townStaff);
  expect(page.querySelector('#like')).toBeUndefined();
  expect(textOf(el(page, '#likes'))).toBe('赞 1');
  expect(page.querySelector('#comment')).toBeUndefined();
  expect(page.querySelector('#withdraw')).toBeUndefined();

  await tap(page, '#feature');
  await waitFor(() => !page.data.featuring && page.data.p.featured, '精选');
  expect(textOf(el(page, '#featured-by'))).toBe('龙小燕 设为精选');
  expect(textOf(el(page, '#feature'))).toBe('取消精选');
  expect(textOf(el(page, '#notice'))).toBe('已设为精选，在“精选在前”中排在前面');
  expect((await demo.tc.call('share.get', { id }, TM)).data).toMatchObject({ featured: true, featuredByName: '龙小燕' });

  expect(comments(page)).toEqual(['胡志强 5月12日 10:00 夜校教什么？ 删除']);
  await tap(page, '#delete-comment-0');
  await tap(page, '#confirm-delete');
  await waitFor(() => !page.data.deleting && page.data.p.comments.length === 0, 'the deletion');
  expect((await demo.tc.call('share.get', { id }, AIMEN)).data.commentCount).toBe(0);

  // 花垣县's staff may take the feature back; the cadre sees it plain again.
  const county = await open(DEMO.countyStaff);
  await tap(county, '#feature');
  await waitFor(() => !county.data.featuring && !county.data.p.featured, '取消精选');
  expect(textOf(el(county, '#notice'))).toBe('已取消精选');
  expect((await open()).querySelector('#featured')).toBeUndefined();
});

it('lets the author withdraw the post; then others are told it is gone', async () => {
  const page = await open(DEMO.cadre);
  expect(page.querySelector('#feature')).toBeUndefined();
  await tap(page, '#withdraw');
  await type(page, '#withdraw-reason', '内容有误');
  await tap(page, '#confirm-withdraw');
  await waitFor(() => !page.data.withdrawing && page.data.p.withdrawn !== '', 'the withdrawal');
  expect(textOf(el(page, '#withdrawn'))).toBe('已撤回：内容有误');
  expect(textOf(el(page, '#notice'))).toBe('已撤回，其他人不再看到这条分享');
  expect(page.querySelector('#like')).toBeUndefined();
  expect(page.querySelector('#comments')).toBeUndefined();
  expect(textOf(el(await open(TM), '#not-found'))).toBe('这条分享已撤回，或者不存在');
});

it('keeps a post from another county’s cadres, and says a missing post is not there', async () => {
  expect(textOf(el(await open(HANGSHA), '#forbidden'))).toBe('您不能查看这条分享');
  expect(textOf(el(await open(TM, ''), '#not-found'))).toBe('这条分享已撤回，或者不存在');
});
