/**
 * The bind page against a real local cloud seeded with the demo county: a staff member of
 * 花垣县 adds a person and makes an invitation through the api, and a new WeChat user types the
 * code (or opens the page from its QR code) and taps 绑定.
 */
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, render, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/people/bind/index';
const demo = useDemoCloud();

let phone = 13900001000;
/** A new villager of 十八洞村 and an invitation for them, made by the county's staff. */
async function invitation(validDays?: number): Promise<{ personId: string; code: string; qrText: string }> {
  const added = await demo.tc.call('people.add', { name: '吴小梅', phone: String(++phone), orgUnitId: 'vil-shibadong', role: 'villager' }, DEMO.countyStaff);
  expect(added.ok).toBe(true);
  const invite = await demo.tc.call('people.createInvite', { personId: added.data.id, ...(validDays ? { validDays } : {}) }, DEMO.countyStaff);
  expect(invite.ok).toBe(true);
  return { personId: added.data.id, code: invite.data.code, qrText: invite.data.qrText };
}

const settled = (page: Rendered) => waitFor(() => page.data.status !== 'binding', 'the bind call to answer');

async function bindWith(typed: string): Promise<Rendered> {
  const page = render(PAGE);
  page.instance.onLoad({});
  await type(page, '#code', typed);
  await tap(page, '#bind');
  await settled(page);
  return page;
}

it('binds a new WeChat user with a good code typed by hand, and shows who they now are', async () => {
  const { personId, code } = await invitation();
  demo.loginAs('o-new-phone-1');
  const reLaunch = jest.spyOn(wx, 'reLaunch');

  const page = render(PAGE);
  page.instance.onLoad({});
  // Lower case with a space, as an elderly person might type it: shown in capitals, without the space.
  await type(page, '#code', `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`);
  expect(page.data.code).toBe(code);
  await tap(page, '#bind');
  await waitFor(() => page.data.status === 'done', 'the binding');

  const text = textOf(page);
  expect(text).toContain('绑定成功');
  expect(el(page, '#name').dom!.textContent).toBe('吴小梅');
  expect(text).toContain('村民 · 十八洞村');
  expect(page.querySelector('#code')).toBeUndefined();

  // The server agrees, and 进入首页 goes home.
  expect(await demo.tc.call('people.me', {}, 'o-new-phone-1')).toMatchObject({ ok: true, data: { id: personId, name: '吴小梅' } });
  await tap(page, '#go-home');
  expect(reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index/index' }));
});

it('opened from the invitation’s QR code, the code is filled in and one tap binds', async () => {
  const { qrText } = await invitation();
  demo.loginAs('o-new-phone-2');
  const page = render(PAGE);
  // WeChat opens `pages/people/bind/index?code=XXXX` and hands the page its query.
  const query = Object.fromEntries(new URLSearchParams(qrText.split('?')[1]));
  page.instance.onLoad({ code: query.code!.toLowerCase() });
  await waitFor(() => page.data.fromQr, 'the code from the query');
  expect(textOf(page)).toContain('已从二维码读出邀请码');
  expect(page.data.code).toBe(query.code);
  await tap(page, '#bind');
  await waitFor(() => page.data.status === 'done', 'the binding');
  expect(textOf(page)).toContain('绑定成功 吴小梅 村民 · 十八洞村');
});

it('refuses a wrong code with a clear Chinese reason and lets the person try again', async () => {
  demo.loginAs('o-new-phone-3');
  const page = await bindWith('ZZZZ2222');
  expect(page.data.status).toBe('idle');
  expect(el(page, '#error').dom!.textContent).toBe('邀请码不正确，请核对后重新输入');
  expect(textOf(page)).not.toContain('绑定成功');
  expect(await demo.tc.call('people.me', {}, 'o-new-phone-3')).toMatchObject({ ok: false, code: 'not_bound' });

  // Typing again clears the error.
  await type(page, '#code', 'ZZZZ');
  expect(page.querySelector('#error')).toBeUndefined();
});

it('says so before calling when the code is too short or empty', async () => {
  demo.loginAs('o-new-phone-4');
  const page = await bindWith('ABC');
  expect(el(page, '#error').dom!.textContent).toBe('邀请码是 8 位字母和数字，您输入了 3 位，请核对');
  await type(page, '#code', '');
  await tap(page, '#bind');
  expect(el(page, '#error').dom!.textContent).toBe('请先输入邀请码');
});

it('explains a used code and an expired code', async () => {
  const used = await invitation();
  expect(await demo.tc.call('people.bind', { code: used.code }, 'o-someone-else')).toMatchObject({ ok: true });
  demo.loginAs('o-new-phone-5');
  const page = await bindWith(used.code);
  expect(el(page, '#error').dom!.textContent).toBe('该邀请码已被使用，请向组织部门重新申请');

  const expiring = await invitation(1);
  demo.tc.cloud.clock.advance(2 * 86_400_000);
  const late = await bindWith(expiring.code);
  expect(el(late, '#error').dom!.textContent).toBe('该邀请码已过期，请向组织部门重新申请');
});

it('tells someone already bound, and offers the way home', async () => {
  const { code } = await invitation();
  demo.loginAs(DEMO.cadre);
  const page = await bindWith(code);
  expect(el(page, '#error').dom!.textContent).toBe('您的微信已绑定身份，无需重复绑定');
  expect(textOf(el(page, '#home'))).toBe('回到首页');
});

it('reads the code from a scanned invitation QR code', async () => {
  const { code, qrText } = await invitation();
  demo.loginAs('o-new-phone-6');
  // The camera is the phone's: the scan answers with the QR code's text, as WeChat does.
  jest.spyOn(wx, 'scanCode').mockImplementation(((options: WechatMiniprogram.ScanCodeOption) => {
    options.success?.({ result: qrText, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' });
  }) as typeof wx.scanCode);
  const page = render(PAGE);
  page.instance.onLoad({});
  await tap(page, '#scan');
  expect(page.data.code).toBe(code);
  expect(textOf(page)).toContain('已从二维码读出邀请码');
  await tap(page, '#bind');
  await waitFor(() => page.data.status === 'done', 'the binding');
  expect(textOf(page)).toContain('绑定成功');
});
