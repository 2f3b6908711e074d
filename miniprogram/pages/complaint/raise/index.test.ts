/**
 * 我要反映 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 龙金秀, a villager of 十八洞村 who came from the village's group, writes what happened, adds
 * photos (really uploaded into her folder), picks a category, leaves a contact and her location,
 * and submits through the real `complaint.raise`; the page goes on to the complaint. A lost
 * answer retried is one complaint; a 信访举报 can name a stationed cadre; what the form lacks and
 * what the server refuses show next to the fields.
 */
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { asVillager, SHIBADONG } from '../../../testing/village';

const PAGE = 'pages/complaint/raise/index';
const demo = useDemoCloud();
const VILLAGER = DEMO.villager; // 龙金秀

beforeAll(async () => {
  await asVillager(demo.tc, VILLAGER);
});

async function open(openid: string = VILLAGER, villageId: string = SHIBADONG): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, villageId ? { villageId } : {});
}

const submitted = (page: Rendered) => waitFor(() => !page.data.submitting, 'complaint.raise');
const mine = async (openid = VILLAGER) => (await demo.tc.call('complaint.mine', { limit: 50 }, openid)).data.items as { id: string; text: string }[];
const track = async (id: string, openid = VILLAGER) => (await demo.tc.call('complaint.track', { id }, openid)).data;
/** The complaint id the page went on to. */
function landedOn(redirectTo: jest.SpyInstance): string {
  const url = String((redirectTo.mock.calls.at(-1)?.[0] as { url: string }).url);
  expect(url).toMatch(/^\/pages\/complaint\/detail\/index\?id=cp-[0-9a-f]{24}$/);
  return url.split('=')[1]!;
}

it('raises a complaint with photos, a category, a contact and the location, and lands on it', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  expect(textOf(el(page, '.page-title'))).toBe('我要反映 · 十八洞村');
  expect(page.querySelectorAll('.choice-name').map((c) => textOf(c))).toEqual(['宣传教育', '公示公开', '便民服务', '信访举报', '舆情管控']);
  // 反映对象 only for 信访举报.
  expect(page.querySelector('#about')).toBeUndefined();

  // Too short: said next to the field, and nothing goes.
  await type(page, '#text', '路灯');
  expect(textOf(el(page, '.count'))).toBe('已写 2 个字，至少 5 个字');
  await tap(page, '#submit');
  expect(textOf(el(page, '#text-error'))).toBe('请至少写5个字，说清楚是什么事');
  expect(textOf(el(page, '#form-error'))).toBe('请按红字提示改一改，再点“提交”');
  const before = (await mine()).length;

  await type(page, '#text', '村口的路灯坏了两个月，晚上看不见路，老人出门不方便');
  expect(page.querySelector('#text-error')).toBeUndefined();
  demo.device.media = ['wxfile://tmp/lamp-1.jpg', 'wxfile://tmp/lamp-2.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 2, 'the photos');
  await tap(page, '#category-service');
  expect(page.data.category).toBe('service');
  expect(textOf(el(page, '#category-service'))).toContain('✓ 便民服务');
  // A second tap takes the choice back, a third makes it again.
  await tap(page, '#category-service');
  expect(page.data.category).toBe('');
  await tap(page, '#category-service');

  // A contact needs both a name and a valid phone.
  await type(page, '#contact-name', '龙大姐');
  await tap(page, '#submit');
  expect(textOf(el(page, '#contact-phone-error'))).toBe('留了称呼，请再填手机号码；不想留可以把称呼删掉');
  await type(page, '#contact-phone', '1391234567');
  await tap(page, '#submit');
  expect(textOf(el(page, '#contact-phone-error'))).toBe('请输入11位手机号码');
  await type(page, '#contact-phone', '13912345678');
  expect(textOf(el(page, '#contact'))).toContain('只在办理需要时给经办的工作人员看');

  demo.device.location = { latitude: 28.3547, longitude: 109.4621, accuracy: 25 };
  await tap(page, '#locate');
  await waitFor(() => !!page.data.location, 'the location');
  expect(textOf(el(page, '#located'))).toBe('✓ 已加上您现在的位置');
  expect(demo.device.locationCalls).toEqual([expect.objectContaining({ type: 'gcj02' })]);

  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect(await mine()).toHaveLength(before + 1);
  const c = await track(id);
  expect(c).toMatchObject({ text: '村口的路灯坏了两个月，晚上看不见路，老人出门不方便', category: 'service', categoryName: '便民服务', status: 'raised', statusName: '待受理', villageName: '十八洞村', confidential: false });
  expect(c.photos).toHaveLength(2);
  // Uploaded once each, into her own folder.
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([
    expect.stringMatching(/^complaints\/demo-vl-shibadong-1\/[A-Za-z0-9_-]+-[a-z0-9]+-0\.jpg$/),
    expect.stringMatching(/^complaints\/demo-vl-shibadong-1\/[A-Za-z0-9_-]+-[a-z0-9]+-1\.jpg$/),
  ]);
  // The page it lands on shows it, as the villager will follow it.
  const detail = await openPage('pages/complaint/detail/index', { id });
  expect(textOf(el(detail, '#text'))).toBe('村口的路灯坏了两个月，晚上看不见路，老人出门不方便');
  expect(textOf(el(detail, '#status'))).toBe('待受理');
  expect(textOf(el(detail, '#step-0'))).toContain('村民提出诉求');
  expect(detail.querySelectorAll('#what .photo-img')).toHaveLength(2);
  // Handlers of a 便民服务 complaint see the contact and the place.
  const handler = await demo.tc.call('complaint.get', { id }, DEMO.townStaff);
  expect(handler.data.complaint).toMatchObject({ contact: { name: '龙大姐', phone: '13912345678' }, location: { latitude: 28.3547, longitude: 109.4621 } });
});

it('keeps one complaint when the answer is lost and 提交 is tapped again', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  await type(page, '#text', '自来水停了三天，一直没人来修');
  const sent = loseFirstAnswer('complaint.raise');
  const before = (await mine()).length;
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。写的内容还在，请再点“提交”');
  expect(page.data.text).toBe('自来水停了三天，一直没人来修');
  expect(redirectTo).not.toHaveBeenCalled();
  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  // The same clientId both times: the server stored it once.
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  const now = await mine();
  expect(now).toHaveLength(before + 1);
  expect(now.find((c) => c.id === id)).toMatchObject({ text: '自来水停了三天，一直没人来修' });
});

it('lets a 信访举报 name a cadre stationed in the village, or someone by name, and keeps it confidential', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  await tap(page, '#category-report');
  expect(textOf(el(page, '#about'))).toContain('您反映的内容只交给纪委监委');
  const cadres = page.querySelectorAll('.about-cadre').map((b) => textOf(b));
  expect(cadres).toContain('蒋文博（第一书记）');
  const jiang = page.data.cadres.find((c: { name: string }) => c.name === '蒋文博');
  await tap(page, `#about-${jiang.id}`);
  expect(page.data).toMatchObject({ aboutId: jiang.id, aboutName: '蒋文博' });
  // Typing a name replaces the cadre picked, and one character is too short.
  await type(page, '#about-name', '张');
  expect(page.data.aboutId).toBe('');
  await type(page, '#text', '村会计报销的账目对不上，请上级查一查');
  await tap(page, '#submit');
  expect(textOf(el(page, '#about-error'))).toBe('名字请至少写2个字');
  await tap(page, `#about-${jiang.id}`);
  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect(await track(id)).toMatchObject({ category: 'report', confidential: true });
  // Kept from the township; discipline staff see whom it names.
  expect(await demo.tc.call('complaint.get', { id }, DEMO.townStaff)).toMatchObject({ ok: false });
  expect((await demo.tc.call('complaint.get', { id }, 'demo-hy-discipline')).data.complaint.about).toEqual({ personId: jiang.id, name: '蒋文博' });
});

it('shows the server’s refusal next to its field, and as a toast', async () => {
  const toast = jest.spyOn(wx, 'showToast');
  const page = await open();
  // The text box stops at 1,000 characters; pasted past it, the server says so.
  await type(page, '#text', '路'.repeat(1001));
  const before = (await mine()).length;
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#text-error'))).toBe('最多1000字');
  expect(textOf(el(page, '#form-error'))).toContain('提交的内容不符合要求');
  expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ title: expect.stringContaining('提交的内容不符合要求'), icon: 'none' }));
  expect(await mine()).toHaveLength(before);
});

it('asks for privacy consent before the location, and a refused location leaves the form usable', async () => {
  const page = await open();
  demo.device.privacyNeeded = true;
  await tap(page, '#locate');
  await waitFor(() => page.data.privacyOpen, 'the privacy dialog');
  expect(textOf(el(page, '#privacy'))).toContain('照片和位置只交给办理您诉求的工作人员');
  demo.device.privacyNeeded = false;
  el(page, '#agree-privacy').dispatchEvent('agreeprivacyauthorization', {});
  await waitFor(() => !!page.data.location, 'the location after consent');
  expect(page.querySelector('#privacy')).toBeUndefined();
  await tap(page, '#remove-location');
  expect(page.data.location).toBeNull();

  demo.device.location = { errMsg: 'getLocation:fail auth deny' };
  await tap(page, '#locate');
  await waitFor(() => !page.data.locating, 'the refused fix');
  expect(textOf(el(page, '#location-error'))).toContain('位置可以不加');
  expect(page.querySelector('#open-setting')).toBeDefined();
});

it('sends someone who did not come from the village’s group back to the group card', async () => {
  const page = await open('o-never-came-from-a-group');
  expect(page.data.status).toBe('notVillager');
  expect(textOf(el(page, '#not-villager'))).toBe('请从本村微信群里的小程序卡片打开');
  // Without a village in the link, the one she came from last.
  const own = await open(VILLAGER, '');
  expect(own.data).toMatchObject({ status: 'ok', villageId: SHIBADONG });
});
