/**
 * 我的请假 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026 at
 * 10:00: 蒋文博 (十八洞村) applies through the api; 石光明 (双龙镇党委) and 吴国平 (花垣县委组织部)
 * decide through the api (`leave.decide`); on the page he follows the chain, withdraws, cancels
 * and reports back (销假), and sees an overdue report back marked — and when the server refuses
 * (an approver was quicker), its words.
 */
import { upload } from '../../../api/index';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/leave/mine/index';
const demo = useDemoCloud();

const TOWN = DEMO.approver; // 石光明, 双龙镇党委书记
const COUNTY = 'demo-hy-approver'; // 吴国平, 花垣县委组织部

const at = (iso: string) => demo.tc.cloud.clock.set(iso, { frozen: true });
const h = (date: string, half: 'am' | 'pm') => ({ date, half });

let n = 0;
async function apply(input: Record<string, unknown>): Promise<string> {
  const r = await demo.tc.call('leave.apply', { clientId: `mine-page-${++n}-abcdefgh`, ...input }, DEMO.cadre);
  if (!r.ok) throw new Error(`leave.apply refused: ${r.message}`);
  expect(r.data.status).toBe('pending');
  return r.data.id;
}

/** A sick note, really uploaded into 蒋文博's leave folder. */
async function sickNote(name: string): Promise<string> {
  const { data } = await demo.tc.call('leave.mine', {}, DEMO.cadre);
  demo.loginAs(DEMO.cadre);
  const up = await upload(`wxfile://tmp/${name}.jpg`, `${data.attachmentFolder}${name}.jpg`);
  if (!up.ok) throw new Error(up.message);
  return up.data.fileID;
}

async function approve(id: string, openid: string, comment = '同意'): Promise<void> {
  expect(await demo.tc.call('leave.decide', { id, approve: true, comment }, openid)).toMatchObject({ ok: true });
}

const serverLeave = async (id: string) => (await demo.tc.call('leave.mine', {}, DEMO.cadre)).data.leaves.find((l: { id: string }) => l.id === id);

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  await waitFor(() => page.data.status !== 'loading', 'leave.mine');
  return page;
}

const steps = (page: Rendered, id: string) => page.querySelectorAll(`#steps-${id} .step`).map((s) => textOf(s));
const trail = (page: Rendered, id: string) => page.querySelectorAll(`#trail-${id} .trail-line`).map((s) => textOf(s));
const buttons = (page: Rendered, id: string) => ['withdraw', 'cancel', 'report'].filter((b) => page.querySelector(`#${b}-${id}`));

/** Tap 确定 in the open confirmation and wait for the answer (and the list read again). */
async function confirm(page: Rendered): Promise<void> {
  await tap(page, '#confirm');
  await waitFor(() => !page.data.busy && (page.data.notice !== '' || page.data.itemError !== ''), 'the answer');
  await new Promise((r) => setTimeout(r, 50));
}

it('lists a request with its chain and trail, and withdraws it while it waits, after asking once more', async () => {
  const id = await apply({ kind: 'personal', start: h('2026-05-13', 'am'), end: h('2026-05-15', 'pm'), reason: '家中老人住院需陪护', deputy: '石婷' });
  const page = await open();
  expect(textOf(el(page, '.year-title'))).toBe('2026年的请假');
  const card = textOf(el(page, `#leave-${id}`));
  expect(card).toContain('事假 审批中');
  expect(card).toContain('5月13日上午 至 5月15日下午（3 天）');
  expect(card).toContain('事由：家中老人住院需陪护');
  expect(card).toContain('代理人：石婷');
  expect(steps(page, id)).toEqual(['乡镇党委（双龙镇）：审批中', '县委组织部（花垣县）：待审批']);
  expect(trail(page, id)).toEqual(['5月12日 10:00 蒋文博 提出申请：事假 3 天：家中老人住院需陪护']);
  expect(buttons(page, id)).toEqual(['withdraw']);

  // 返回 leaves it as it was.
  await tap(page, `#withdraw-${id}`);
  expect(textOf(el(page, '#panel'))).toContain('确定撤回这条请假吗？');
  await tap(page, '#close-panel');
  expect(page.querySelector('#panel')).toBeUndefined();
  expect((await serverLeave(id)).status).toBe('pending');

  await tap(page, `#withdraw-${id}`);
  await confirm(page);
  expect(textOf(el(page, '#notice'))).toBe('已撤回：事假 5月13日上午 至 5月15日下午（3 天）');
  expect(textOf(el(page, `#status-${id}`))).toBe('已撤回');
  expect(buttons(page, id)).toEqual([]);
  expect(trail(page, id)[1]).toBe('5月12日 10:00 蒋文博 本人撤回');
  expect((await serverLeave(id)).status).toBe('withdrawn');
});

it('shows who approved each step, when and what they wrote; 取消 an approved leave that has not begun', async () => {
  const id = await apply({ kind: 'personal', start: h('2026-05-13', 'am'), end: h('2026-05-15', 'pm'), reason: '回单位参加培训' });
  await approve(id, TOWN, '同意，注意安全');
  at('2026-05-12T10:30:00+08:00');
  await approve(id, COUNTY);
  const page = await open();
  expect(textOf(el(page, `#status-${id}`))).toBe('已批准');
  expect(steps(page, id)).toEqual(['乡镇党委（双龙镇）：同意 · 石光明 5月12日 10:00 意见：同意，注意安全', '县委组织部（花垣县）：同意 · 吴国平 5月12日 10:30 意见：同意']);
  expect(trail(page, id).slice(1)).toEqual(['5月12日 10:00 石光明 同意（双龙镇：同意，注意安全）', '5月12日 10:30 吴国平 同意（花垣县：同意）']);
  expect(textOf(el(page, `#leave-${id}`))).toContain('返岗后请销假（5月17日 00:00 前）');
  expect(page.querySelector(`#overdue-${id}`)).toBeUndefined();
  // Approved and not begun: it can be cancelled, no longer withdrawn, not yet reported back.
  expect(buttons(page, id)).toEqual(['cancel']);

  await tap(page, `#cancel-${id}`);
  await tap(page, '#confirm');
  expect(textOf(el(page, `#error-${id}`))).toBe('请写明取消的原因（至少 2 个字）');
  await type(page, '#cancel-reason', '工作安排有变');
  await confirm(page);
  expect(textOf(el(page, '#notice'))).toBe('已取消：事假 5月13日上午 至 5月15日下午（3 天）');
  expect(textOf(el(page, `#status-${id}`))).toBe('已取消');
  expect(buttons(page, id)).toEqual([]);
  expect(trail(page, id).slice(-1)).toEqual(['5月12日 10:30 蒋文博 取消：工作安排有变']);
  expect(await serverLeave(id)).toMatchObject({ status: 'cancelled' });
});

it('shows the server’s words when the township approved before the withdrawal, and then what is true', async () => {
  const id = await apply({ kind: 'personal', start: h('2026-05-18', 'am'), end: h('2026-05-18', 'pm'), reason: '到县医院复查身体' });
  const page = await open();
  expect(buttons(page, id)).toEqual(['withdraw']);
  await approve(id, TOWN);

  await tap(page, `#withdraw-${id}`);
  await confirm(page);
  expect(textOf(el(page, `#error-${id}`))).toBe('已批准的请假不能撤回；尚未开始的可以取消');
  await waitFor(() => textOf(el(page, `#status-${id}`)) === '已批准', 'the list read again');
  expect(buttons(page, id)).toEqual(['cancel']);
  expect(steps(page, id)).toEqual(['乡镇党委（双龙镇）：同意 · 石光明 5月12日 10:00 意见：同意']);
  expect((await serverLeave(id)).status).toBe('approved');
});

it('销假 on a begun leave, at the actual time of return; a time after now is refused', async () => {
  const id = await apply({ kind: 'sick', start: h('2026-05-12', 'am'), end: h('2026-05-12', 'pm'), reason: '发烧到镇卫生院输液', attachmentFileIds: [await sickNote('today-note')] });
  await approve(id, TOWN);
  const page = await open();
  expect(textOf(el(page, `#leave-${id}`))).toContain('证明材料：1 张');
  // Begun (today, since midnight): reported back, not cancelled.
  expect(buttons(page, id)).toEqual(['report']);

  await tap(page, `#report-${id}`);
  expect(textOf(el(page, '#panel'))).toContain('销假：我已返岗');
  expect(page.data).toMatchObject({ returnDate: '2026-05-12', returnTime: '10:00', returnStart: '2026-05-12', returnEnd: '2026-05-12' });
  await pick(page, '#return-time', '11:00');
  await confirm(page);
  expect(textOf(el(page, `#error-${id}`))).toBe('返岗时间不能晚于现在');
  expect(page.data.openId).toBe(id);

  await pick(page, '#return-time', '09:30');
  await confirm(page);
  expect(textOf(el(page, '#notice'))).toBe('已销假：病假 5月12日上午 至 5月12日下午（1 天）');
  expect(textOf(el(page, `#status-${id}`))).toBe('已销假');
  expect(textOf(el(page, `#leave-${id}`))).toContain('5月12日 09:30 已返岗');
  expect(buttons(page, id)).toEqual([]);
  expect(trail(page, id).slice(-1)).toEqual(['5月12日 10:00 蒋文博 销假，5月12日 09:30 返岗']);
  expect(await serverLeave(id)).toMatchObject({ status: 'returned', returnedAt: '2026-05-12T01:30:00.000Z' });
});

it('marks 逾期未销假 once the report back is late, and 销假 now clears the mark', async () => {
  const id = await apply({ kind: 'sick', start: h('2026-05-11', 'am'), end: h('2026-05-11', 'pm'), reason: '昨日急性肠胃炎就医', attachmentFileIds: [await sickNote('monday-note')] });
  await approve(id, TOWN);
  // Due 24 hours after the leave ended (Tuesday 00:00): the timer flags it on Wednesday.
  at('2026-05-13T09:00:00+08:00');
  const { result } = await demo.tc.cloud.functions.invoke('tick', { Type: 'Timer' }, { source: 'wx_trigger' });
  expect(result).toMatchObject({ ok: true });
  const page = await open();
  expect(textOf(el(page, `#overdue-${id}`))).toBe('逾期未销假');
  expect(textOf(el(page, `#leave-${id}`))).toContain('返岗后请销假（5月13日 00:00 前）');
  expect(buttons(page, id)).toEqual(['report']);

  await tap(page, `#report-${id}`);
  await confirm(page);
  expect(textOf(el(page, `#status-${id}`))).toBe('已销假');
  expect(page.querySelector(`#overdue-${id}`)).toBeUndefined();
  expect(trail(page, id).slice(-1)).toEqual(['5月13日 09:00 蒋文博 销假，5月13日 09:00 返岗（逾期销假）']);
  expect(await serverLeave(id)).toMatchObject({ status: 'returned', returnedAt: '2026-05-13T01:00:00.000Z' });
});

it('opens 请假申请 from 我要请假, and shows the new request when it is shown again', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  const page = await open();
  page.instance.onShow(); // the first show, right after loading
  const before = page.data.items.length;
  await tap(page, '#to-apply');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/leave/apply/index' }));

  const id = await apply({ kind: 'annual', start: h('2026-06-01', 'am'), end: h('2026-06-01', 'pm'), reason: '回老家探望父母' });
  page.instance.onShow();
  await waitFor(() => page.data.items.length === before + 1, 'the list read again');
  expect(textOf(el(page, `#leave-${id}`))).toContain('年休假 审批中');
});

it('tells someone who is not a stationed cadre that there is no leave here', async () => {
  const page = await open(DEMO.villager);
  expect(textOf(el(page, '#not-cadre'))).toBe('您当前没有驻村任务，无需请假');
});
