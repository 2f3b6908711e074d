/**
 * 我的村, the village group card's landing page, against a real local cloud seeded with the demo
 * county. The card's group arrives as a cloudID the local cloud signs for the person logged in
 * (`POST /_local/cloudid`, as WeChat's `wx.getGroupEnterInfo` gives one), for the group the page
 * query `group=` names. A group bound to no village yet: 龙彩霞, 村群管理员 of 十八洞村 and 金龙村,
 * binds it, a villager then enters from it; someone else is told to ask their 村群管理员; opened
 * elsewhere, the villages the user came from before, or how to open it.
 */
import { setTransport, TransportError } from '../../../api/index';
import { localTransport } from '../../../api/client';
import { LOCAL_GROUP_KEY } from '../../../api/local';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';
import { asVillager, GROUP_ADMIN } from '../../../testing/village';

const PAGE = 'pages/village/home/index';
const demo = useDemoCloud();
/** A group of this file, bound to no village until 龙彩霞 binds it. */
const NEW_GROUP = 'G-village-home-new-group';

async function open(openid: string, query: Record<string, string>): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}

const villagesOf = async (openid: string) => (await demo.tc.call('village.mine', {}, openid)).data.villages as { id: string; name: string }[];

it('lets the 村群管理员 bind a new group, then a villager enters from it and finds the three buttons', async () => {
  // Someone who is no 村群管理员 is told to ask theirs, and nothing is bound.
  const first = await open('o-village-home-early', { group: NEW_GROUP });
  expect(first.data.status).toBe('unbound');
  expect(textOf(el(first, '#unbound-text'))).toBe('本群还没有绑定到村，请联系村群管理员');
  expect(first.querySelector('.bind')).toBeUndefined();

  const admin = await open(GROUP_ADMIN, { group: NEW_GROUP });
  expect(admin.data.status).toBe('unbound');
  expect(admin.querySelectorAll('.bind').map((b) => textOf(b))).toEqual(['这是「十八洞村」的村群', '这是「金龙村」的村群']);
  await tap(admin, '#bind-vil-shibadong');
  await waitFor(() => admin.data.status === 'ok', 'the group bound and entered');
  expect(textOf(el(admin, '#village-name'))).toBe('十八洞村');
  expect(textOf(el(admin, '#notice'))).toContain('本群已绑定为「十八洞村」的村群');
  const groups = await demo.tc.call('village.groups', { villageId: 'vil-shibadong' }, GROUP_ADMIN);
  expect(groups.data.groups).toEqual(expect.arrayContaining([expect.objectContaining({ boundByName: '龙彩霞' })]));

  // A villager opening the card from that group is now of 十八洞村.
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open('o-village-home-villager', { group: NEW_GROUP });
  expect(page.data).toMatchObject({ status: 'ok', fromGroup: true });
  expect(textOf(el(page, '#village-name'))).toBe('十八洞村');
  expect(page.querySelectorAll('.entry-name').map((b) => textOf(b))).toEqual(['我要反映', '我的诉求', '村务公开']);
  expect(await villagesOf('o-village-home-villager')).toEqual([{ id: 'vil-shibadong', name: '十八洞村' }]);
  await tap(page, '#raise');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/complaint/raise/index?villageId=vil-shibadong' }));
  await tap(page, '#mine');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/complaint/mine/index' }));
  await tap(page, '#notices');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/notice/list/index?villageId=vil-shibadong' }));

  // The group a query named is kept: the next card opens from it too.
  expect(demo.storage.get(LOCAL_GROUP_KEY)).toBe(NEW_GROUP);
});

it('lets a 村群管理员 opening another village’s card enter it like anyone in the group', async () => {
  await asVillager(demo.tc, 'o-village-home-hangsha', 'vil-hangsha');
  // 夯沙村's group, bound by 石秀珍: 龙彩霞 is in it as a villager, nothing to bind.
  const page = await open(GROUP_ADMIN, { group: 'demo-group-vil-hangsha' });
  expect(page.data.status).toBe('ok');
  expect(textOf(el(page, '#village-name'))).toBe('夯沙村');
});

it('shows the server’s refusal when the group turns out to be another village’s', async () => {
  const GROUP = 'G-village-home-conflict';
  await demo.tc.call('village.bindGroup', { villageId: 'vil-jinlong', groupCloudId: demo.tc.cloud.functions.issueCloudId(GROUP_ADMIN, { opengid: GROUP }) }, GROUP_ADMIN);
  const page = await open('demo-ga-lvdongshan', { group: 'G-village-home-unbound-2' });
  expect(page.querySelectorAll('.bind').map((b) => textOf(b))).toEqual(['这是「夯沙村」的村群', '这是「吕洞村」的村群', '这是「夯吉村」的村群']);
  // Meanwhile the local group switches to one already bound to 金龙村: the server refuses.
  demo.storage.set(LOCAL_GROUP_KEY, GROUP);
  await tap(page, '#bind-vil-hangsha');
  await waitFor(() => !page.data.binding, 'village.bindGroup');
  expect(textOf(el(page, '#bind-error'))).toBe('该群已绑定为「金龙村」的村群');
  expect(page.data.status).toBe('unbound');
});

it('opened elsewhere: the villages the user came from before, or how to open it', async () => {
  await asVillager(demo.tc, DEMO.villager);
  const page = await open(DEMO.villager, { from: 'home' });
  expect(page.data).toMatchObject({ status: 'ok', fromGroup: false });
  expect(textOf(el(page, '#village-name'))).toBe('十八洞村');

  // Someone who never came from a group, opening it with no group (`group=none`).
  const none = await open('o-village-home-nobody', { group: 'none' });
  expect(none.data.status).toBe('none');
  expect(textOf(el(none, '#none-text'))).toBe('请从本村微信群里的小程序卡片打开');
  expect(none.querySelector('#share')).toBeUndefined();
  expect(await villagesOf('o-village-home-nobody')).toEqual([]);

  // A 村群管理员 there is shown how to share the card into the group.
  const admin = await open('demo-ga-lvdongshan', { from: 'home' });
  expect(admin.data.status).toBe('none');
  expect(textOf(el(admin, '#admin-hint'))).toContain('把这张卡片转发到本村的微信群');
  expect(textOf(el(admin, '#share'))).toBe('转发到本村微信群');
});

it('shares the card with a shareTicket, pointing at this page', async () => {
  const showShareMenu = jest.spyOn(wx, 'showShareMenu');
  const page = await open('o-village-home-villager', { group: NEW_GROUP });
  expect(showShareMenu).toHaveBeenCalledWith(expect.objectContaining({ withShareTicket: true, menus: ['shareAppMessage'] }));
  expect(page.instance.onShareAppMessage()).toEqual({ title: '十八洞村村民服务：反映诉求、查看村务公开', path: '/pages/village/home/index' });
});

it('asks to open it in WeChat when nobody is there to be recognised', async () => {
  // Nobody logged in: the local cloud signs the cloudID for no one, as WeChat would not.
  const page = await open('', { group: NEW_GROUP });
  expect(page.data.status).toBe('wechat');
  expect(textOf(el(page, '#wechat'))).toBe('请在微信里打开');
});

it('says what went wrong on the way, and 重试 tries again', async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  let lose = true;
  setTransport(async (req) => {
    if (req.action === 'village.enter' && lose) {
      lose = false;
      throw new TransportError('offline');
    }
    return localTransport(req);
  });
  const page = await open('o-village-home-villager', { group: NEW_GROUP });
  expect(page.data.status).toBe('error');
  expect(textOf(el(page, '#error'))).toBe('网络不畅，请检查网络后重试');
  await tap(page, '#retry');
  await waitFor(() => page.data.status === 'ok', 'the retry');
  expect(textOf(el(page, '#village-name'))).toBe('十八洞村');
});

it('offers 民主测评 while a survey of the village runs that the villager has not answered', async () => {
  await asVillager(demo.tc, 'o-village-home-survey', 'vil-shibadong');
  const before = await open('o-village-home-survey', { from: 'home' });
  expect(before.querySelector('#survey')).toBeUndefined();
  const s = await demo.tc.call('assessment.openSurvey', { villageId: 'vil-shibadong', year: '2026', clientId: 'village-home-survey-1', closesOn: '2026-05-31' }, 'demo-sl-staff');
  expect(s).toMatchObject({ ok: true });

  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open('o-village-home-survey', { from: 'home' });
  await waitFor(() => page.data.survey, 'the survey entry');
  expect(page.querySelectorAll('.entry-name').map((b) => textOf(b))).toEqual(['我要反映', '我的诉求', '村务公开', '民主测评']);
  await tap(page, '#survey');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/assess/survey/answer/index?villageId=vil-shibadong' }));

  // Answered: the entry goes.
  const ratings = s.data.cadres.map((c: { personId: string }) => ({ personId: c.personId, overall: 'satisfied' }));
  expect(await demo.tc.call('assessment.answer', { surveyId: s.data.id, ratings }, 'o-village-home-survey')).toMatchObject({ ok: true });
  const after = await open('o-village-home-survey', { from: 'home' });
  await new Promise((r) => setTimeout(r, 200));
  expect(after.data.survey).toBe(false);
  expect(after.querySelector('#survey')).toBeUndefined();
});
