/**
 * 村务公开 · 详情 against a real local cloud seeded with the demo county: a villager of 十八洞村
 * opens a 财务公开 notice with a photo and a PDF; the read is recorded once per villager (the
 * count says how many villagers read it); the photo opens full screen, the PDF is downloaded and
 * opened in WeChat's document viewer; a withdrawn notice is gone.
 */
import { useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { asVillager, GROUP_ADMIN, published } from '../../../testing/village';
import { fakePhoto } from '../../../testing/wx';

const PAGE = 'pages/notice/detail/index';
const demo = useDemoCloud();
const A = 'o-notice-detail-a';
const B = 'o-notice-detail-b';
let id = '';

beforeAll(async () => {
  await asVillager(demo.tc, A);
  await asVillager(demo.tc, B);
  id = await published(demo.tc, {
    kind: 'finance',
    title: '2026年4月村级财务收支公示',
    body: '本月收入：产业分红 12,000 元\n本月支出：道路维修 3,500 元',
    files: [
      { name: '收支单据.jpg', bytes: fakePhoto('receipt') },
      { name: '4月收支明细.pdf', bytes: Buffer.from('%PDF-1.4 账目') },
    ],
  });
}, 60_000);

async function open(openid: string, noticeId = id): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id: noticeId });
}

it('shows the notice, and counts each villager’s read once', async () => {
  const page = await open(A);
  expect(textOf(el(page, '#kind'))).toBe('财务公开 · 十八洞村');
  expect(textOf(el(page, '#title'))).toBe('2026年4月村级财务收支公示');
  expect(textOf(el(page, '#meta'))).toBe('5月12日 10:00 发布 · 龙彩霞');
  expect(textOf(el(page, '#body'))).toBe('本月收入：产业分红 12,000 元\n本月支出：道路维修 3,500 元'.replace(/\s+/g, ' '));
  expect(page.querySelectorAll('.attachment').map((a) => textOf(a))).toEqual(['收支单据.jpg 打开 ›', '文件 4月收支明细.pdf 打开 ›']);
  expect(textOf(el(page, '#reads'))).toBe('已有 1 位村民看过');

  // Opened again by the same villager: still one; by another: two.
  expect(textOf(el(await open(A), '#reads'))).toBe('已有 1 位村民看过');
  expect(textOf(el(await open(B), '#reads'))).toBe('已有 2 位村民看过');
  const manage = await demo.tc.call('publicNotice.manage', { villageId: 'vil-shibadong' }, GROUP_ADMIN);
  expect(manage.data.items.find((n: { id: string }) => n.id === id)).toMatchObject({ reads: 2 });
});

it('opens a photo full screen, and a PDF in the document viewer', async () => {
  const preview = jest.spyOn(wx, 'previewImage');
  const download = jest.spyOn(wx, 'downloadFile');
  const openDocument = jest.spyOn(wx, 'openDocument');
  const page = await open(A);
  await tap(page, '#attachment-0');
  expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: [page.data.n.attachments[0].url], current: page.data.n.attachments[0].url }));
  expect(download).not.toHaveBeenCalled();

  await tap(page, '#attachment-1');
  await waitFor(() => page.data.opening === -1 && openDocument.mock.calls.length === 1, 'the document viewer');
  expect(download).toHaveBeenCalledWith(expect.objectContaining({ url: page.data.n.attachments[1].url }));
  expect(page.data.n.attachments[1].url).toMatch(/^http/);
  expect(openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'pdf', showMenu: true }));
});

it('says a withdrawn notice is gone, and keeps it from those not of the village', async () => {
  const stranger = await open('o-notice-detail-stranger');
  expect(textOf(el(stranger, '#not-villager'))).toBe('请从本村微信群里的小程序卡片打开');
  await demo.tc.call('publicNotice.withdraw', { id, reason: '数据有误，更正后重新公示' }, GROUP_ADMIN);
  const page = await open(A);
  expect(page.data.status).toBe('notFound');
  expect(textOf(el(page, '#not-found'))).toBe('这条公开已经撤下，或者不存在');
});
