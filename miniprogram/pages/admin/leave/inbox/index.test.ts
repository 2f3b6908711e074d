/**
 * 请假审批 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * cadres of 双龙镇 apply through the api; 石光明 (双龙镇党委) and 吴国平 (花垣县委组织部) decide
 * on their pages in turn; 向勇 of 保靖县 sees none of it; and when two approvers of 双龙镇 act
 * on the same request, the second is told it was already handled.
 */
import { upload } from '../../../../api/index';
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/leave/inbox/index';
const demo = useDemoCloud();

const TOWN = DEMO.approver; // 石光明, 双龙镇党委书记
const COUNTY = 'demo-hy-approver'; // 吴国平, 花垣县委组织部
const OTHER_COUNTY = 'demo-bj-approver'; // 向勇, 保靖县委组织部

const at = (iso: string) => demo.tc.cloud.clock.set(iso, { frozen: true });
const h = (date: string, half: 'am' | 'pm') => ({ date, half });

let n = 0;
async function apply(openid: string, input: Record<string, unknown>): Promise<{ id: string }> {
  const r = await demo.tc.call('leave.apply', { clientId: `inbox-page-${++n}-abcdefgh`, ...input }, openid);
  expect(r).toMatchObject({ ok: true, data: { status: 'pending' } });
  return r.data;
}

async function open(openid: string, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading', 'the inbox');
  return page;
}

const requests = (page: Rendered) => page.querySelectorAll('.request');
const requestOf = (page: Rendered, name: string) => {
  const found = requests(page).find((r) => textOf(r).startsWith(name));
  if (!found) throw new Error(`no request of ${name}; the page: ${textOf(page)}`);
  return found;
};
const indexOf = (page: Rendered, name: string) => requests(page).findIndex((r) => textOf(r).startsWith(name));

/** Tap a button of a request and wait for the page to say what happened. */
async function decide(page: Rendered, button: 'approve' | 'refuse', i: number): Promise<void> {
  await tap(page, `#${button}-${i}`);
  await waitFor(() => page.data.busyId === '' && page.data.notice !== '', 'the decision');
}

const leaveOf = async (id: string) => (await demo.tc.call('leave.ledger', { unitId: 'town-shuanglong', month: '2026-05' }, DEMO.townStaff)).data.leaves.find((l: { id: string }) => l.id === id);

it('the township approves, the request moves to the county, and the county’s approval ends it', async () => {
  at('2026-05-12T10:00:00+08:00');
  const { id } = await apply(DEMO.cadre, { kind: 'personal', start: h('2026-05-13', 'am'), end: h('2026-05-15', 'pm'), reason: '家中老人住院需陪护', deputy: '石婷' });

  // Still at the township: the county's approver does not see it, nor does 保靖县's.
  expect(textOf(el(await open(COUNTY), '#empty'))).toBe('没有待您审批的请假');
  expect(textOf(el(await open(OTHER_COUNTY), '#empty'))).toBe('没有待您审批的请假');

  at('2026-05-12T10:05:00+08:00');
  const town = await open(TOWN);
  expect(requests(town)).toHaveLength(1);
  const shown = textOf(requestOf(town, '蒋文博'));
  expect(shown).toContain('蒋文博 十八洞村 事假');
  expect(shown).toContain('5月13日上午 至 5月15日下午（3 天）');
  expect(shown).toContain('事由：家中老人住院需陪护');
  expect(shown).toContain('代管工作：石婷');
  expect(shown).toContain('证明材料：无');
  expect(shown).toContain('申请时间：5月12日 10:00');
  expect(shown).toContain('乡镇党委（双龙镇）：待您审批 县委组织部（花垣县）：待审批');

  await type(town, '#comment-0', '情况属实，同意请假');
  await decide(town, 'approve', 0);
  expect(textOf(el(town, '#notice'))).toBe('已同意蒋文博的事假，转县委组织部审批');
  expect(requests(town)).toHaveLength(0);
  expect(textOf(el(town, '#empty'))).toBe('没有待您审批的请假');
  expect(await leaveOf(id)).toMatchObject({ status: 'pending', currentUnitId: 'county-huayuan', steps: [{ status: 'approved', byName: '石光明', comment: '情况属实，同意请假' }, { status: 'pending' }] });

  // At the county now: 吴国平 opens it from the message (`?id=`) and sees what the township said.
  at('2026-05-12T11:00:00+08:00');
  const county = await open(COUNTY, { id });
  expect(requests(county)).toHaveLength(1);
  expect(county.data.items[0]).toMatchObject({ id, highlighted: true });
  const chain = textOf(requestOf(county, '蒋文博'));
  expect(chain).toContain('乡镇党委（双龙镇）：同意 · 石光明 5月12日 10:05 意见：情况属实，同意请假 县委组织部（花垣县）：待您审批');
  expect(county.querySelector('#gone')).toBeUndefined();
  // Neither 保靖县's approver nor the township (it has decided) sees it.
  expect(textOf(el(await open(OTHER_COUNTY), '#empty'))).toBe('没有待您审批的请假');
  expect(textOf(el(await open(TOWN), '#empty'))).toBe('没有待您审批的请假');

  // 同意 with nothing typed sends the default comment, and the last level's approval ends it.
  demo.loginAs(COUNTY);
  await decide(county, 'approve', 0);
  expect(textOf(el(county, '#notice'))).toBe('已批准蒋文博的事假');
  expect(requests(county)).toHaveLength(0);
  expect(await leaveOf(id)).toMatchObject({ status: 'approved', currentUnitId: null, steps: [{ status: 'approved' }, { status: 'approved', byName: '吴国平', comment: '同意' }] });
  const mine = await demo.tc.call('leave.mine', {}, DEMO.cadre);
  expect(mine.data.leaves.find((l: { id: string }) => l.id === id)).toMatchObject({ status: 'approved' });
});

it('puts the request from the message first; 不同意 needs a reason and ends the request', async () => {
  at('2026-05-12T13:00:00+08:00');
  // 滕建华's sick leave carries a sick note, uploaded as his page uploads it.
  demo.loginAs('demo-fs-paibi');
  demo.device.files.set('wxfile://tmp/note.jpg', Buffer.from('诊断证明'));
  const note = await upload('wxfile://tmp/note.jpg', 'leave/p-fs-paibi/note.jpg');
  if (!note.ok) throw new Error(note.message);
  await apply('demo-fs-paibi', { kind: 'sick', start: h('2026-05-12', 'pm'), end: h('2026-05-12', 'pm'), reason: '发烧需要就医', attachmentFileIds: [note.data.fileID] });
  at('2026-05-12T13:01:00+08:00');
  const ouyang = await apply('demo-fs-jinlong', { kind: 'personal', start: h('2026-05-18', 'am'), end: h('2026-05-20', 'pm'), reason: '回老家处理家事' });
  at('2026-05-12T13:02:00+08:00');
  const shiting = await apply('demo-tm-shibadong-1', { kind: 'family', start: h('2026-05-13', 'am'), end: h('2026-05-13', 'pm'), reason: '回家探望父母' });

  at('2026-05-12T14:00:00+08:00');
  const page = await open(TOWN, { id: shiting.id });
  // The one the message named first and marked; the others oldest first.
  expect(requests(page).map((r) => textOf(r).split(' ')[0])).toEqual(['石婷', '滕建华', '欧阳靖']);
  expect(page.data.items.map((x: { highlighted: boolean }) => x.highlighted)).toEqual([true, false, false]);
  expect((el(page, '#request-0').dom as unknown as { className: string }).className).toContain('highlighted');
  expect((el(page, '#request-1').dom as unknown as { className: string }).className).not.toContain('highlighted');
  expect(textOf(requestOf(page, '滕建华'))).toContain('证明材料：1 份');
  expect(textOf(requestOf(page, '滕建华'))).toContain('5月12日下午 至 5月12日下午（0.5 天）');
  expect(textOf(requestOf(page, '欧阳靖'))).toContain('代管工作：未填写');

  // 不同意 without a reason (or with a bare “同意”) is not sent.
  const i = indexOf(page, '欧阳靖');
  await tap(page, `#refuse-${i}`);
  expect(textOf(requestOf(page, '欧阳靖'))).toContain('不同意时请写明理由，驻村干部会看到');
  await type(page, `#comment-${i}`, '同意');
  await tap(page, `#refuse-${i}`);
  expect(textOf(requestOf(page, '欧阳靖'))).toContain('不同意时请写明理由，驻村干部会看到');
  expect(await leaveOf(ouyang.id)).toMatchObject({ status: 'pending' });

  await type(page, `#comment-${i}`, '村里正在迎接考核，请改期');
  await decide(page, 'refuse', i);
  expect(textOf(el(page, '#notice'))).toBe('已退回欧阳靖的事假（不同意）');
  expect(requests(page).map((r) => textOf(r).split(' ')[0])).toEqual(['石婷', '滕建华']);
  // Refused at the township, it never reaches the county.
  expect(await leaveOf(ouyang.id)).toMatchObject({ status: 'rejected', currentUnitId: null, steps: [{ status: 'rejected', comment: '村里正在迎接考核，请改期' }, { status: 'skipped' }] });
  expect(textOf(el(await open(COUNTY), '#empty'))).toBe('没有待您审批的请假');

  // One day of 探亲假 needs only the township: its approval is final. The typed comments stay with their requests.
  demo.loginAs(TOWN);
  await type(page, '#comment-1', '注意按时返岗');
  await decide(page, 'approve', 0);
  expect(textOf(el(page, '#notice'))).toBe('已批准石婷的探亲假');
  expect(requests(page).map((r) => textOf(r).split(' ')[0])).toEqual(['滕建华']);
  expect(page.data.comments).toEqual(['注意按时返岗']);
  expect(await leaveOf(shiting.id)).toMatchObject({ status: 'approved', steps: [{ status: 'approved', comment: '同意' }] });
  await decide(page, 'approve', 0);
  expect(textOf(el(page, '#notice'))).toBe('已批准滕建华的病假');
  expect(textOf(el(page, '#empty'))).toBe('没有待您审批的请假');

  // Opened again from the message once it is decided, the page says so.
  const again = await open(TOWN, { id: shiting.id });
  expect(textOf(el(again, '#gone'))).toBe('您从消息打开的这条请假已处理，或不需要您审批。');
});

it('two approvers at once: the second is told it was handled, and the list is read again', async () => {
  at('2026-05-12T15:00:00+08:00');
  // 龙小燕 becomes a second approver of 双龙镇.
  expect(await demo.tc.call('people.grantRole', { personId: 'p-sl-staff', role: 'approver', orgUnitId: 'town-shuanglong' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  const { id } = await apply('demo-fs-dongmaku', { kind: 'personal', start: h('2026-05-14', 'am'), end: h('2026-05-14', 'pm'), reason: '到县医院复查' });
  at('2026-05-12T15:01:00+08:00');
  const other = await apply('demo-tm-shibadong-2', { kind: 'personal', start: h('2026-05-22', 'am'), end: h('2026-05-22', 'pm'), reason: '回县城办理房产手续' });

  const his = await open(TOWN);
  const hers = await open(DEMO.townStaff);
  expect(requests(his).map((r) => textOf(r).split(' ')[0])).toEqual(['唐晓峰', '龙俊杰']);
  expect(requests(hers).map((r) => textOf(r).split(' ')[0])).toEqual(['唐晓峰', '龙俊杰']);

  // She approves 唐晓峰's first.
  await decide(hers, 'approve', 0);
  expect(textOf(el(hers, '#notice'))).toBe('已批准唐晓峰的事假');

  // He, still looking at it, refuses: the server's answer shows, and his list is read again,
  // keeping what he typed for the other request.
  demo.loginAs(TOWN);
  await type(his, '#comment-1', '按时返岗');
  await type(his, '#comment-0', '请先安排好村里工作');
  await tap(his, '#refuse-0');
  await waitFor(() => his.data.busyId === '' && his.data.notice !== '' && his.data.items.length === 1, 'the refused decision');
  expect(textOf(el(his, '#notice'))).toBe('唐晓峰的事假：该请假已处理');
  expect(requests(his).map((r) => textOf(r).split(' ')[0])).toEqual(['龙俊杰']);
  expect(his.data.comments).toEqual(['按时返岗']);
  // Her decision stands.
  expect(await leaveOf(id)).toMatchObject({ status: 'approved', steps: [{ status: 'approved', byName: '龙小燕' }] });

  await decide(his, 'approve', 0);
  expect(textOf(el(his, '#notice'))).toBe('已批准龙俊杰的事假');
  expect(textOf(el(his, '#empty'))).toBe('没有待您审批的请假');
  expect(await leaveOf(other.id)).toMatchObject({ status: 'approved', steps: [{ status: 'approved', byName: '石光明', comment: '按时返岗' }] });
});

it('the cadre withdrawing while the approver looks: the approver is told', async () => {
  at('2026-05-12T16:00:00+08:00');
  const { id } = await apply('demo-fs-shuanglong', { kind: 'personal', start: h('2026-05-21', 'am'), end: h('2026-05-21', 'am'), reason: '去镇上办理证件' });
  const page = await open(TOWN);
  expect(requests(page).map((r) => textOf(r).split(' ')[0])).toEqual(['彭亚楠']);
  expect(await demo.tc.call('leave.withdraw', { id }, 'demo-fs-shuanglong')).toMatchObject({ ok: true, data: { status: 'withdrawn' } });
  demo.loginAs(TOWN);
  await tap(page, '#approve-0');
  await waitFor(() => page.data.busyId === '' && page.data.notice !== '' && page.data.items.length === 0, 'the refused decision');
  expect(textOf(el(page, '#notice'))).toBe('彭亚楠的事假：该请假已处理');
  expect(await leaveOf(id)).toMatchObject({ status: 'withdrawn' });
});

it('refuses people who are not leave approvers', async () => {
  expect(textOf(el(await open(DEMO.countyStaff), '#forbidden'))).toBe('只有请假审批人可以审批请假');
  expect(textOf(el(await open(DEMO.cadre), '#forbidden'))).toBe('只有请假审批人可以审批请假');
});
