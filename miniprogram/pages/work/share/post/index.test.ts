/**
 * 我要分享 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 蒋文博, first secretary of 十八洞村, writes a title and his experience, adds photos (really
 * uploaded into the folder the server names) and publishes; a lost answer retried is one post,
 * and the page goes on to the post. Staff do not post.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/work/share/post/index';
const demo = useDemoCloud();

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE);
}

const submitted = (page: Rendered) => waitFor(() => !page.data.submitting, 'share.post');
const mine = async () => ((await demo.tc.call('share.feed', { unitId: 'vil-shibadong', limit: 30 }, DEMO.cadre)).data.items as { id: string; title: string; text: string; photos: unknown[] }[]);
function landedOn(redirectTo: jest.SpyInstance): string {
  const url = String((redirectTo.mock.calls.at(-1)?.[0] as { url: string }).url);
  expect(url).toMatch(/^\/pages\/work\/share\/detail\/index\?id=sh-[0-9a-f]{24}$/);
  return url.split('=')[1]!;
}

it('publishes a post with photos once through a lost answer, and lands on it', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  await tap(page, '#submit');
  expect(textOf(el(page, '#text-error'))).toBe('请写下您的体会');
  await type(page, '#title', '猕猴桃丰收了');
  await type(page, '#text', '今年十八洞村猕猴桃亩产提高两成，合作社分红到户。');
  expect(textOf(el(page, '#count'))).toBe('24 / 1000 字');
  expect(page.querySelector('#text-error')).toBeUndefined();
  demo.device.media = ['wxfile://tmp/kiwi-1.jpg', 'wxfile://tmp/kiwi-2.jpg', 'wxfile://tmp/kiwi-3.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 3, 'the photos');
  await tap(page, '#remove-photo-2');
  expect(page.data.photos).toHaveLength(2);

  const before = (await mine()).length;
  const sent = loseFirstAnswer('share.post');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。写的内容还在，请再点“发布”');
  expect(redirectTo).not.toHaveBeenCalled();
  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  const now = await mine();
  expect(now).toHaveLength(before + 1);
  expect(now.find((p) => p.id === id)).toMatchObject({ title: '猕猴桃丰收了', text: '今年十八洞村猕猴桃亩产提高两成，合作社分红到户。' });
  expect(now.find((p) => p.id === id)!.photos).toHaveLength(2);
  // Each photo uploaded once, into his folder.
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([
    expect.stringMatching(/^shares\/p-fs-shibadong\/[A-Za-z0-9_-]+-[a-z0-9]+-0\.jpg$/),
    expect.stringMatching(/^shares\/p-fs-shibadong\/[A-Za-z0-9_-]+-[a-z0-9]+-1\.jpg$/),
  ]);
});

it('takes at most 9 photos, and a post without a title or photos', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  demo.device.media = Array.from({ length: 10 }, (_x, i) => `wxfile://tmp/p-${i}.jpg`);
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 9, 'nine photos');
  expect(page.querySelector('#add-photo')).toBeUndefined();
  for (let i = 0; i < 9; i++) await tap(page, '#remove-photo-0');
  expect(page.data.photos).toHaveLength(0);
  await type(page, '#text', '入户走访的第一百户。');
  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect((await demo.tc.call('share.get', { id }, DEMO.cadre)).data).toMatchObject({ title: '', text: '入户走访的第一百户。', photos: [] });
});

it('is for cadres only', async () => {
  expect(textOf(el(await open(DEMO.countyStaff), '#forbidden'))).toBe('只有驻村干部可以分享驻村体会');
  expect(textOf(el(await open('demo-tutor'), '#forbidden'))).toBe('只有驻村干部可以分享驻村体会');
});
