/**
 * 请假台账 against a real local cloud seeded with the demo county. On Tuesday 12 May 2026 the
 * cadres of 双龙镇 apply through the api and the approvers decide: 蒋文博's 事假 goes through the
 * township and the county, his one-day 公务外出 that same day through the township; 欧阳靖 is
 * refused; 唐晓峰 still waits; 彭亚楠 withdraws; 石婷 asks for June, and 胡志强 of 边城镇 for May.
 * 龙小燕 (双龙镇) keeps the ledger; 蒋文博 does not report back from his 公务外出 in time.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { flagOverdue } from '../../../../../server/features/leave/service';

const PAGE = 'pages/admin/leave/ledger/index';
const demo = useDemoCloud();

const TOWN = DEMO.approver; // 石光明, 双龙镇党委书记
const COUNTY = 'demo-hy-approver'; // 吴国平, 花垣县委组织部

const at = (iso: string) => demo.tc.cloud.clock.set(iso, { frozen: true });
const h = (date: string, half: 'am' | 'pm') => ({ date, half });

let n = 0;
async function apply(openid: string, input: Record<string, unknown>): Promise<string> {
  demo.tc.cloud.clock.advance(60_000);
  const r = await demo.tc.call('leave.apply', { clientId: `ledger-page-${++n}-abcdefgh`, ...input }, openid);
  expect(r).toMatchObject({ ok: true, data: { status: 'pending' } });
  return r.data.id;
}
async function decide(openid: string, id: string, approve: boolean, comment = '同意'): Promise<void> {
  expect(await demo.tc.call('leave.decide', { id, approve, comment }, openid)).toMatchObject({ ok: true });
}

let official = '';

beforeAll(async () => {
  at('2026-05-12T08:00:00+08:00');
  const personal = await apply(DEMO.cadre, { kind: 'personal', start: h('2026-05-13', 'am'), end: h('2026-05-15', 'pm'), reason: '家中老人住院需陪护' });
  await decide(TOWN, personal, true);
  await decide(COUNTY, personal, true);
  official = await apply(DEMO.cadre, { kind: 'official', start: h('2026-05-12', 'am'), end: h('2026-05-12', 'pm'), reason: '到县里参加业务培训' });
  await decide(TOWN, official, true);
  const refused = await apply('demo-fs-jinlong', { kind: 'personal', start: h('2026-05-18', 'am'), end: h('2026-05-20', 'pm'), reason: '回老家处理家事' });
  await decide(TOWN, refused, false, '村里正在迎接考核，请改期');
  await apply('demo-fs-dongmaku', { kind: 'personal', start: h('2026-05-14', 'am'), end: h('2026-05-14', 'pm'), reason: '到县医院复查' });
  const withdrawn = await apply('demo-fs-shuanglong', { kind: 'personal', start: h('2026-05-21', 'am'), end: h('2026-05-21', 'am'), reason: '去镇上办理证件' });
  expect(await demo.tc.call('leave.withdraw', { id: withdrawn }, 'demo-fs-shuanglong')).toMatchObject({ ok: true });
  await apply('demo-tm-shibadong-1', { kind: 'family', start: h('2026-06-02', 'am'), end: h('2026-06-03', 'pm'), reason: '回家探望父母' });
  await apply('demo-fs-aimen', { kind: 'personal', start: h('2026-05-19', 'am'), end: h('2026-05-19', 'pm'), reason: '孩子学校开家长会' });
});

beforeEach(() => at('2026-05-12T16:00:00+08:00'));

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(
    () => page.data.status !== 'loading' && (page.data.status !== 'ok' || (page.data.ledgerStatus !== 'loading' && page.data.figuresStatus !== 'loading' && page.data.units.length > 0)),
    'the ledger',
  );
  return page;
}

const names = (page: Rendered) => page.querySelectorAll('.leave .item-name').map((x) => textOf(x).split(' ')[0]);
const rowOf = (page: Rendered, name: string, kind: string) => {
  const found = page.querySelectorAll('.leave').find((r) => textOf(r).startsWith(name) && textOf(r).includes(kind));
  if (!found) throw new Error(`no ${kind} of ${name}; the page: ${textOf(page)}`);
  return textOf(found);
};
/** Each figures row as shown: the unit, then 请假人次 批准 未批准 审批中 撤回/取消 请假天数. */
const figures = (page: Rendered) => page.querySelectorAll('.figure-row').map(textOf);

it('lists the township’s requests of the month, newest first, filtered by status', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇 ▾');
  expect(textOf(el(page, '#month-text'))).toBe('2026年5月 ▾');
  // Not 石婷's June leave, not 边城镇's.
  expect(names(page)).toEqual(['彭亚楠', '唐晓峰', '欧阳靖', '蒋文博', '蒋文博']);
  expect(page.querySelectorAll('.tab').map(textOf)).toEqual(['全部 5', '审批中 1', '已批准 2', '已销假 0', '未批准 1', '已撤回 1', '已取消 0']);

  expect(rowOf(page, '蒋文博', '事假')).toBe('蒋文博 十八洞村 已批准 事假 5月13日上午 至 5月15日下午（3 天） 审批：双龙镇 同意 → 花垣县 同意');
  expect(rowOf(page, '蒋文博', '公务外出')).toBe('蒋文博 十八洞村 已批准 公务外出 5月12日上午 至 5月12日下午（1 天） 审批：双龙镇 同意');
  expect(rowOf(page, '欧阳靖', '事假')).toBe('欧阳靖 金龙村 未批准 事假 5月18日上午 至 5月20日下午（3 天） 审批：双龙镇 不同意 → 花垣县 无需审批');
  expect(rowOf(page, '唐晓峰', '事假')).toBe('唐晓峰 董马库村 审批中 事假 5月14日上午 至 5月14日下午（1 天） 审批：双龙镇 审批中');
  expect(rowOf(page, '彭亚楠', '事假')).toContain('彭亚楠 双龙村 已撤回');
  expect(textOf(el(page, '#overdue-label'))).toBe('只看逾期未销假（0）');
  expect(page.querySelector('.overdue')).toBeUndefined();

  await tap(page, '#filter-approved');
  expect(names(page)).toEqual(['蒋文博', '蒋文博']);
  await tap(page, '#filter-rejected');
  expect(names(page)).toEqual(['欧阳靖']);
  await tap(page, '#filter-pending');
  expect(names(page)).toEqual(['唐晓峰']);
  await tap(page, '#filter-cancelled');
  expect(names(page)).toEqual([]);
  expect(textOf(el(page, '#empty'))).toBe('这个月没有符合条件的请假');
  await tap(page, '#filter-all');
  expect(names(page)).toHaveLength(5);
});

it('counts the month by village, with a total row', async () => {
  const page = await open();
  expect(textOf(el(page, '#figures-title'))).toBe('双龙镇 2026年5月请假情况');
  expect(textOf(el(page, '#head'))).toBe('单位 请假人次 批准 未批准 审批中 撤回/取消 请假天数');
  expect(figures(page)).toEqual(
    expect.arrayContaining(['十八洞村 2 2 0 0 0 4', '金龙村 1 0 1 0 0 0', '董马库村 1 0 0 1 0 0', '双龙村 1 0 0 0 1 0', '排碧村 0 0 0 0 0 0']),
  );
  expect(figures(page)).toHaveLength(5);
  expect(textOf(el(page, '#total'))).toBe('合计 5 2 1 1 1 4');

  // The county's approver keeps the ledger too: his rows are the townships.
  const county = await open(COUNTY);
  expect(textOf(el(county, '#unit-name'))).toBe('花垣县 ▾');
  expect(figures(county)).toEqual(expect.arrayContaining(['双龙镇 5 2 1 1 1 4', '边城镇 1 0 0 1 0 0']));
  expect(textOf(el(county, '#total'))).toBe('合计 6 2 1 2 1 4');
  expect(names(county)).toHaveLength(6);
  expect(el(county, '#to-inbox')).toBeDefined();
  // Staff who approve nothing get no inbox button.
  expect(page.querySelector('#to-inbox')).toBeUndefined();
});

it('picks another month and a village', async () => {
  const page = await open();
  await pick(page, '#month', '2026-06');
  await waitFor(() => page.data.ledgerStatus === 'ok' && page.data.figuresStatus === 'ok' && page.data.month === '2026-06', 'June');
  expect(textOf(el(page, '#month-text'))).toBe('2026年6月 ▾');
  expect(names(page)).toEqual(['石婷']);
  expect(rowOf(page, '石婷', '探亲假')).toContain('6月2日上午 至 6月3日下午（2 天）');
  expect(textOf(el(page, '#total'))).toBe('合计 1 0 0 1 0 0');

  await pick(page, '#month', '2026-05');
  await waitFor(() => page.data.ledgerStatus === 'ok' && page.data.figuresStatus === 'ok' && page.data.month === '2026-05', 'May');
  const i = page.data.units.findIndex((u: { id: string }) => u.id === 'vil-shibadong');
  expect(page.data.unitLabels[i]).toBe('双龙镇 / 十八洞村');
  await pick(page, '#unit', i);
  await waitFor(() => page.data.ledgerStatus === 'ok' && page.data.figuresStatus === 'ok' && page.data.unitId === 'vil-shibadong', '十八洞村');
  expect(names(page)).toEqual(['蒋文博', '蒋文博']);
  expect(figures(page)).toEqual(['十八洞村 2 2 0 0 0 4']);
});

it('shows the requests whose report back is overdue', async () => {
  // The 公务外出 ended at midnight; the report back is due 24 hours later. Not yet at 23:00 the next day.
  at('2026-05-13T23:00:00+08:00');
  expect(await flagOverdue(demo.tc.cloud.clock.now())).toEqual({ flagged: 0 });
  at('2026-05-14T00:30:00+08:00');
  expect(await flagOverdue(demo.tc.cloud.clock.now())).toEqual({ flagged: 1 });

  const page = await open();
  expect(textOf(el(page, '#overdue-label'))).toBe('只看逾期未销假（1）');
  expect(rowOf(page, '蒋文博', '公务外出')).toBe('蒋文博 十八洞村 已批准 逾期未销假 公务外出 5月12日上午 至 5月12日下午（1 天） 审批：双龙镇 同意');
  // His 事假 (on now) is not overdue.
  expect(rowOf(page, '蒋文博', '事假')).not.toContain('逾期未销假');
  await pick(page, '#overdue', true);
  expect(page.querySelectorAll('.leave').map(textOf)).toEqual(['蒋文博 十八洞村 已批准 逾期未销假 公务外出 5月12日上午 至 5月12日下午（1 天） 审批：双龙镇 同意']);
  // With a status filter too: none of the pending ones is overdue.
  await tap(page, '#filter-pending');
  expect(names(page)).toEqual([]);
  expect(textOf(el(page, '#empty'))).toBe('没有逾期未销假的请假');
  await tap(page, '#filter-all');
  await pick(page, '#overdue', false);
  expect(names(page)).toHaveLength(5);

  // Once he reports back it is no longer 未销假.
  expect(await demo.tc.call('leave.reportBack', { id: official }, DEMO.cadre)).toMatchObject({ ok: true, data: { status: 'returned' } });
  const after = await open();
  expect(textOf(el(after, '#overdue-label'))).toBe('只看逾期未销假（0）');
  expect(rowOf(after, '蒋文博', '公务外出')).toContain('已销假');
  expect(rowOf(after, '蒋文博', '公务外出')).not.toContain('逾期未销假');
  await pick(after, '#overdue', true);
  expect(names(after)).toEqual([]);
  // A reported-back leave still counts as approved, with its days.
  expect(textOf(el(after, '#total'))).toBe('合计 5 2 1 1 1 4');
});

it('refuses a caller out of scope, and people who are neither staff nor approvers', async () => {
  const other = await open('demo-bj-staff', { unitId: 'town-shuanglong' });
  expect(other.data.ledgerStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的请假台账');
  expect(textOf(el(other, '#ledger-error'))).toBe('没有权限进行此操作');
  expect(other.querySelectorAll('.leave')).toHaveLength(0);
  expect(other.querySelector('#total')).toBeUndefined();
  expect(other.data.figRows).toEqual([]);

  demo.loginAs(DEMO.cadre);
  const cadre = render(PAGE);
  cadre.instance.onLoad({});
  await waitFor(() => cadre.data.status !== 'loading', 'the cadre’s page');
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门和请假审批的同志可以查看请假台账');
});
