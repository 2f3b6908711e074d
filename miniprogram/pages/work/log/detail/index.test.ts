/**
 * 驻村记实 · 详情 against a real local cloud seeded with the demo county: 蒋文博 (十八洞村) wrote a
 * log with two photos on Tuesday 12 May 2026. 龙小燕 (双龙镇) reads it and comments through the
 * real `workLog.comment`; he sees the comment and, that day only, 修改; staff of another county
 * are not shown it.
 */
import { upload } from '../../../../api/index';
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/log/detail/index';
const demo = useDemoCloud();
const CADRE = DEMO.cadre;
const CADRE_ID = 'p-fs-shibadong';
const WORDS = '上午到三组走访了五户脱贫户，了解产业分红和医保缴纳情况';

/** A photo in his folder, uploaded as the page uploads it. */
async function photo(name: string): Promise<string> {
  demo.loginAs(CADRE);
  const up = await upload(`wxfile://tmp/${name}`, `worklogs/${CADRE_ID}/${name}`);
  if (!up.ok) throw new Error(up.message);
  return up.data.fileID;
}

let id = '';
beforeAll(async () => {
  demo.at('2026-05-12T09:00:00+08:00');
  const photos = [await photo('a.jpg'), await photo('b.jpg')];
  const w = await demo.tc.call('workLog.write', { clientId: 'log-detail-1-abcdefgh', text: WORDS, photoFileIds: photos }, CADRE);
  expect(w).toMatchObject({ ok: true });
  id = w.data.id;
});

async function open(openid: string, query: Record<string, string> = { id }): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}

it('lets staff in scope read the log and comment on it', async () => {
  const page = await open(DEMO.townStaff);
  expect(textOf(el(page, '#who'))).toBe('蒋文博');
  expect(textOf(el(page, '#village'))).toBe('十八洞村');
  expect(textOf(el(page, '#when'))).toBe('5月12日 星期二 09:00');
  expect(textOf(el(page, '#text'))).toBe(WORDS);
  expect(page.querySelectorAll('.photo-img')).toHaveLength(2);
  expect(page.querySelector('#edit')).toBeUndefined();
  expect(page.querySelector('#history')).toBeUndefined();
  expect(textOf(el(page, '#no-comments'))).toBe('还没有点评');

  const preview = jest.spyOn(wx, 'previewImage').mockImplementation(() => undefined as never);
  await tap(page, '#photo-1');
  expect(preview).toHaveBeenCalledWith({ urls: page.data.log.photos, current: page.data.log.photos[1] });

  await tap(page, '#send-comment');
  expect(textOf(el(page, '#comment-error'))).toBe('请先写点评');
  await type(page, '#comment', '走访记录详实，继续保持');
  await tap(page, '#send-comment');
  await waitFor(() => !page.data.commenting, 'the comment');
  expect(textOf(el(page, '#comment-0'))).toBe('龙小燕 · 双龙镇 · 5月12日 10:00 走访记录详实，继续保持');
  expect(textOf(el(page, '#notice'))).toBe('点评已发出，写记实的同志能看到');
  expect(page.data.comment).toBe('');
  expect((await demo.tc.call('workLog.get', { id }, CADRE)).data.comments).toHaveLength(1);
});

it('shows the author the comments, and 修改 on the day of the log only', async () => {
  const page = await open(CADRE);
  expect(page.querySelector('#comment-box')).toBeUndefined();
  expect(textOf(el(page, '#comment-0'))).toContain('走访记录详实，继续保持');
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#edit');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/work/log/write/index?id=${id}` }));

  demo.at('2026-05-13T08:00:00+08:00');
  const next = await open(CADRE);
  expect(next.querySelector('#edit')).toBeUndefined();
});

it('shows the server’s refusal of a comment', async () => {
  const page = await open(DEMO.countyStaff);
  await type(page, '#comment', '好'.repeat(301));
  await tap(page, '#send-comment');
  await waitFor(() => !page.data.commenting, 'the refusal');
  expect(textOf(el(page, '#comment-error'))).toContain('点评最多300字');
});

it('does not show the log outside its scope', async () => {
  expect(textOf(el(await open('demo-bj-staff'), '#not-found'))).toBe('没有找到这篇记实');
  expect(textOf(el(await open('demo-tm-shibadong-1'), '#not-found'))).toBe('没有找到这篇记实');
  expect(textOf(el(await open(CADRE, {}), '#not-found'))).toBe('没有找到这篇记实');
});
