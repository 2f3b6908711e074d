/**
 * 村务公开管理 against a real local cloud seeded with the demo county. 石秀珍, 村群管理员 of 夯沙村,
 * 吕洞村 and 夯吉村, binds 夯沙村's group, where two villagers enter. She publishes 4月's financial
 * statement with a photo and a file from a chat (uploaded into the village's folder, one
 * clientId for the form, kept through a lost answer), sees who read it, withdraws it with a
 * reason, and shares the villagers' home page into the group.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/notice/manage/index';
const demo = useDemoCloud();

const GROUP_ADMIN = 'demo-ga-lvdongshan'; // 石秀珍
const TOWN = 'demo-ld-staff';
const GROUP = 'G-notice-page-hangsha';
const VILLAGERS = ['o-notice-1', 'o-notice-2'];

const cloudId = (openid: string, opengid: string) => demo.tc.cloud.functions.issueCloudId(openid, { opengid });

beforeAll(async () => {
  expect(await demo.tc.call('village.bindGroup', { villageId: 'vil-hangsha', groupCloudId: cloudId(GROUP_ADMIN, GROUP) }, GROUP_ADMIN)).toMatchObject({ ok: true });
  for (const o of VILLAGERS) expect(await demo.tc.call('village.enter', { groupCloudId: cloudId(o, GROUP) }, o)).toMatchObject({ ok: true });
});

async function open(openid: string = GROUP_ADMIN, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || p.data.listStatus !== 'loading'), 'the notices');
}

const notices = (page: Rendered) => page.querySelectorAll('.notice-item').map(textOf);

/** A file picked from a chat (`wx.chooseMessageFile`). */
function chatFile(path: string, name: string): void {
  demo.device.files.set(path, Buffer.from('%PDF-1.4 4月收支明细'));
  jest.spyOn(wx, 'chooseMessageFile').mockImplementation(((o: WechatMiniprogram.ChooseMessageFileOption) =>
    setTimeout(() => o.success?.({ errMsg: 'chooseMessageFile:ok', tempFiles: [{ path, name, size: 2048, time: 0, type: 'file' }] }), 0)) as never);
}

it('publishes with attachments, once through a lost answer, and counts who read it', async () => {
  const share = jest.spyOn(wx, 'showShareMenu');
  const page = await open();
  // The card goes into a group with a share ticket.
  expect(share).toHaveBeenCalledWith(expect.objectContaining({ withShareTicket: true }));
  expect(page.data.villageNames).toEqual(['夯沙村', '吕洞村', '夯吉村']);
  expect(textOf(el(page, '#village-name'))).toBe('夯沙村 ▾');
  expect(textOf(el(page, '#list-title'))).toBe('已发布的公示（本村已进入小程序的村民 2 人）');
  expect(textOf(el(page, '#empty'))).toBe('还没有发布公示');

  await tap(page, '#open-form');
  expect(textOf(el(page, '#kind-name'))).toBe('村务公开 ▾');
  await tap(page, '#publish');
  expect(textOf(el(page, '#form-error'))).toBe('请填写标题（至少 2 个字）');
  await pick(page, '#kind', page.data.kindNames.indexOf('财务公开'));
  await type(page, '#title', '2026年4月村级财务收支公示');
  await tap(page, '#publish');
  expect(textOf(el(page, '#form-error'))).toBe('请填写公示内容');
  await type(page, '#body', '本月收入：上级拨款 20000 元\n本月支出：道路维修 8000 元');
  demo.device.media = ['wxfile://tmp/receipt.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.attachments.length === 1, 'the photo');
  chatFile('wxfile://tmp/zhangmu.pdf', '4月收支明细.pdf');
  await tap(page, '#add-file');
  await waitFor(() => page.data.attachments.length === 2, 'the file');
  expect(page.querySelectorAll('.attachment-name').map(textOf)).toEqual(['图片1.jpg', '4月收支明细.pdf']);

  // The first answer is lost: the page says so; the retry sends the same clientId and the uploaded files once.
  const sent = loseFirstAnswer('publicNotice.publish');
  await tap(page, '#publish');
  await waitFor(() => !page.data.publishing, 'the first try');
  expect(page.data.formError).not.toBe('');
  await tap(page, '#publish');
  await waitFor(() => !page.data.publishing && page.data.notice !== '', 'the retry');
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  expect(demo.device.uploadCalls.map((c) => (c.formData as { cloudPath: string }).cloudPath)).toEqual([`notices/vil-hangsha/${sent[0]}-0.jpg`, `notices/vil-hangsha/${sent[0]}-1.pdf`]);
  expect(textOf(el(page, '#notice'))).toBe('已发布财务公开：2026年4月村级财务收支公示。可以点“分享到村群”告诉村民。');
  await waitFor(() => page.data.items.length === 1, 'the list read again');
  expect(page.querySelector('#form')).toBeUndefined();
  expect(notices(page)[0]).toBe('2026年4月村级财务收支公示 财务公开 本月收入：上级拨款 20000 元\n本月支出：道路维修 8000 元 石秀珍 5月12日 10:00 发布 · 附件 2 个 已读 0 / 2 人 撤回'.replace('\n', ' '));
  expect((await demo.tc.call('publicNotice.manage', { villageId: 'vil-hangsha' }, GROUP_ADMIN)).data.items).toHaveLength(1);

  // Villagers read it (twice for one of them): the count is of readers.
  const id = page.data.items[0].id;
  for (const o of [...VILLAGERS, VILLAGERS[0]!]) expect(await demo.tc.call('publicNotice.read', { id }, o)).toMatchObject({ ok: true, data: { attachments: [{ name: '图片1.jpg' }, { name: '4月收支明细.pdf' }] } });
  const again = await open();
  expect(textOf(el(again, '#reads-0'))).toBe('已读 2 / 2 人');

  // Shared into the group: the villagers' home page.
  expect(again.instance.onShareAppMessage()).toEqual({ title: '夯沙村财务公开：2026年4月村级财务收支公示', path: '/pages/village/home/index' });
  expect(el(again, '#share').dom).toBeDefined();
});

it('withdraws a notice with a reason: villagers no longer see it, it stays on record here', async () => {
  const page = await open();
  expect(page.data.items).toHaveLength(1);
  await tap(page, '#withdraw-0');
  await tap(page, '#confirm-withdraw');
  expect(textOf(el(page, '#withdraw-error'))).toBe('请写明撤回原因（至少 2 个字）');
  await type(page, '#withdraw-reason', '数据有误，更正后重新公示');
  await tap(page, '#confirm-withdraw');
  await waitFor(() => !page.data.withdrawing && page.data.notice !== '', 'the withdrawal');
  expect(textOf(el(page, '#notice'))).toBe('已撤回：2026年4月村级财务收支公示，村民不再看到这条公示');
  await waitFor(() => page.data.items[0]?.withdrawn !== '', 'the list read again');
  expect(notices(page)[0]).toContain('已撤回：数据有误，更正后重新公示（石秀珍 5月12日 10:00）');
  expect(page.querySelector('#withdraw-0')).toBeUndefined();
  expect((await demo.tc.call('publicNotice.list', { villageId: 'vil-hangsha' }, VILLAGERS[0])).data.items).toEqual([]);
  // Nothing left to share: the card says the village's 村务公开.
  expect(page.instance.onShareAppMessage()).toEqual({ title: '夯沙村村务公开', path: '/pages/village/home/index' });
});

it('picks another village: its own notices and villagers', async () => {
  const page = await open();
  await pick(page, '#village', 1);
  await waitFor(() => page.data.villageId === 'vil-lvdong' && page.data.listStatus === 'ok', '吕洞村');
  expect(textOf(el(page, '#list-title'))).toBe('已发布的公示（本村已进入小程序的村民 0 人）');
  expect(textOf(el(page, '#empty'))).toBe('还没有发布公示');
  await tap(page, '#open-form');
  await type(page, '#title', '村民代表大会决议公示');
  await type(page, '#body', '经村民代表大会表决通过，修建村道 2 公里。');
  await tap(page, '#publish');
  await waitFor(() => !page.data.publishing && page.data.items.length === 1, 'the notice');
  expect(notices(page)[0]).toBe('村民代表大会决议公示 村务公开 经村民代表大会表决通过，修建村道 2 公里。 石秀珍 5月12日 10:00 发布 已读 0 / 0 人 撤回');
  expect((await demo.tc.call('publicNotice.manage', { villageId: 'vil-lvdong' }, TOWN)).data.items).toHaveLength(1);
});

it('refuses people who are not a village’s 村群管理员', async () => {
  expect(textOf(el(await open(TOWN), '#forbidden'))).toBe('只有村群管理员可以管理村务公开');
  expect(textOf(el(await open(DEMO.villager), '#forbidden'))).toBe('只有村群管理员可以管理村务公开');
});
