/**
 * Semi-annual written reports through the api and the timer: a draft, the submission, 退回修改 and
 * the resubmission, acceptance; who may write and who may review; attachments from the first
 * secretary's own folder; the deadline reminders sent once however often the timer fires, to
 * nobody who submitted, by each county's own deadline; the overdue list after the deadline; and
 * the second half-year, whose deadline falls in the next year.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { freshPerson, SYSTEM } from '../../../test/fixtures';
import { db, storage } from '../../platform/cloud';
import { now } from '../../kernel/clock';
import { startAssignment } from '../people/service';
import { templateId } from '../notify/templates';
import { attachmentFolder, remindDue, remindedOf, REPORTS } from './service';

const FS = 'demo-fs-shibadong'; // 蒋文博, 十八洞村 (双龙镇, 花垣县), p-fs-shibadong
const FS_JINLONG = 'demo-fs-jinlong'; // 欧阳靖, 金龙村 (双龙镇)
const FS_AIMEN = 'demo-fs-aimen'; // 胡志强, 隘门村 (边城镇, 花垣县)
const FS_HANGSHA = 'demo-fs-hangsha'; // 刘振邦, 夯沙村 (保靖县)
const TEAM = 'demo-tm-shibadong-1'; // a team member, not a first secretary
const HY = 'demo-hy-staff'; // 花垣县
const SL = 'demo-sl-staff'; // 双龙镇
const BJ = 'demo-bj-staff'; // 保靖县
const CITY = 'demo-city-staff-xiang';

let t: TestCloud;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const body = (s: string) => `${s}：上半年围绕产业发展和基层治理开展工作，走访脱贫户一百二十户，协调落实产业项目三个，帮助村集体经济增收八万元，完成村级组织换届的各项准备。`;
const reportMessages = () => t.cloud.messages.outbox().filter((m) => m.templateId === templateId('reportDue'));

async function grant(openid: string, n = 2) {
  t.cloud.messages.grant(openid, templateId('reportDue'), n);
  for (let i = 0; i < n; i++) expect(await t.call('notify.recordGrants', { accepted: ['reportDue'] }, openid)).toMatchObject({ ok: true });
}

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00');
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

describe('writing, submitting, sending back', () => {
  let id: string;

  it('keeps a draft, then submits it with the dispatching unit recorded; a retried submit is the same', async () => {
    at('2026-06-20T10:00:00+08:00');
    const mine = await t.call('workReport.mine', {}, FS);
    expect(mine).toMatchObject({ ok: true, data: { villageName: '十八洞村', dispatchingUnit: '湘西州财政局', period: '2026-H1', report: null, uploadFolder: 'workreports/p-fs-shibadong/' } });
    expect(mine.data.periods).toEqual([
      expect.objectContaining({ period: '2025-H2', owes: false, statusName: '无需提交' }),
      expect.objectContaining({ period: '2026-H1', owes: true, deadlineDay: '2026-07-10', deadlineText: '7月10日', status: null, statusName: '未提交', overdue: false }),
    ]);
    const draft = await t.call('workReport.save', { period: '2026-H1', title: '十八洞村上半年工作', body: '先写个开头' }, FS);
    expect(draft).toMatchObject({ ok: true, data: { status: 'draft', statusName: '草稿未提交', dispatchingUnit: '湘西州财政局', canEdit: true } });
    id = draft.data.id;
    expect(id).toBe('p-fs-shibadong.2026-H1');
    // Too short to submit: nothing changes.
    expect(await t.call('workReport.submit', { period: '2026-H1', title: '十八洞村上半年工作', body: '太短了' }, FS)).toMatchObject({ ok: false, code: 'invalid_input' });
    // A draft is the author's: staff do not see it yet.
    expect(await t.call('workReport.get', { id }, HY)).toMatchObject({ ok: false, code: 'not_found' });

    const input = { period: '2026-H1', title: '十八洞村2026年上半年驻村工作报告', body: body('一') };
    const sub = await t.call('workReport.submit', input, FS);
    expect(sub).toMatchObject({ ok: true, data: { status: 'submitted', statusName: '已提交', late: false, submissions: 1, canEdit: false } });
    const again = await t.call('workReport.submit', input, FS);
    expect(again).toMatchObject({ ok: true, data: { submittedAt: sub.data.submittedAt, submissions: 1 } });
    // Submitted: the county's until it sends it back.
    expect(await t.call('workReport.save', { ...input, body: body('改') }, FS)).toMatchObject({ ok: false, code: 'conflict', message: '报告已提交，县委组织部退回修改后才能再改' });
    expect(await t.call('workReport.submit', { ...input, body: body('改') }, FS)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('lets township staff read but only county (or city) staff review', async () => {
    const r = await t.call('workReport.get', { id }, SL);
    expect(r).toMatchObject({ ok: true, data: { title: '十八洞村2026年上半年驻村工作报告', canReview: false } });
    expect(await t.call('workReport.sendBack', { id, reason: '请补充产业项目的进展' }, SL)).toMatchObject({ ok: false, code: 'forbidden', message: '工作报告由县（市、区）委组织部审阅' });
    expect(await t.call('workReport.get', { id }, BJ)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workReport.get', { id }, TEAM)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workReport.markRead', { id }, HY)).toMatchObject({ ok: true, data: { read: { byName: '石慧敏' }, status: 'submitted' } });
  });

  it('sends it back with a reason; the first secretary edits and submits again; the county accepts', async () => {
    at('2026-06-22T10:00:00+08:00');
    const back = await t.call('workReport.sendBack', { id, reason: '请补充产业项目的资金到位情况' }, HY);
    expect(back).toMatchObject({ ok: true, data: { status: 'returned', statusName: '退回修改', returns: [{ byName: '石慧敏', reason: '请补充产业项目的资金到位情况' }] } });
    // Repeated: one return.
    expect((await t.call('workReport.sendBack', { id, reason: '请补充产业项目的资金到位情况' }, HY)).data.returns).toHaveLength(1);
    expect(await t.call('workReport.accept', { id }, HY)).toMatchObject({ ok: false, code: 'conflict' });

    const mine = await t.call('workReport.mine', { period: '2026-H1' }, FS);
    expect(mine.data.report).toMatchObject({ status: 'returned', canEdit: true, returns: [{ reason: '请补充产业项目的资金到位情况' }] });
    const input = { period: '2026-H1', title: '十八洞村2026年上半年驻村工作报告', body: body('补充资金到位情况') };
    const re = await t.call('workReport.submit', input, FS);
    expect(re).toMatchObject({ ok: true, data: { status: 'submitted', submissions: 2, read: null, late: false } });
    const ok = await t.call('workReport.accept', { id, comment: '内容详实' }, CITY);
    expect(ok).toMatchObject({ ok: true, data: { status: 'accepted', statusName: '已通过', accepted: { byName: '向晓岚', comment: '内容详实' } } });
    expect(await t.call('workReport.save', input, FS)).toMatchObject({ ok: false, code: 'conflict', message: '报告已审核通过，不能再修改' });
    expect(await t.call('workReport.sendBack', { id, reason: '再改一改吧' }, HY)).toMatchObject({ ok: false, code: 'conflict' });
    const { data } = await db.collection('audit').where({ 'target.id': id }).get<{ action: string }>();
    expect(data.map((a) => a.action).sort()).toEqual(['workReport.accept', 'workReport.sendBack', 'workReport.submit', 'workReport.submit']);
  });

  it('refuses anyone but a first secretary, and half-years no longer open', async () => {
    expect(await t.call('workReport.mine', {}, TEAM)).toMatchObject({ ok: false, code: 'not_first_secretary', message: '半年工作报告由第一书记提交，您不是第一书记，无需提交' });
    expect(await t.call('workReport.submit', { period: '2026-H1', title: '工作队员的报告', body: body('队员') }, TEAM)).toMatchObject({ ok: false, code: 'not_first_secretary' });
    expect(await t.call('workReport.submit', { period: '2026-H1', title: '工作报告', body: body('县里') }, HY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workReport.save', { period: '2025-H1', title: '去年的报告' }, FS_JINLONG)).toMatchObject({ ok: false, code: 'invalid_input', message: '只能填写本半年或上一个半年的工作报告' });
    // Stationed in 2026 only: nothing owed for 2025's second half.
    expect(await t.call('workReport.save', { period: '2025-H2', title: '去年下半年' }, FS_JINLONG)).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('takes attachments from the first secretary’s own folder only', async () => {
    const own = await storage.upload(`${attachmentFolder('p-fs-jinlong')}产业项目清单.xlsx`, Buffer.from('xlsx'));
    const others = await storage.upload(`${attachmentFolder('p-fs-shibadong')}x.pdf`, Buffer.from('pdf'));
    expect(await t.call('workReport.save', { period: '2026-H1', title: '金龙村上半年', attachments: [{ fileId: others, name: 'x.pdf' }] }, FS_JINLONG)).toMatchObject({ ok: false, code: 'invalid_input', message: '附件未上传成功，请重新选择' });
    const r = await t.call('workReport.save', { period: '2026-H1', title: '金龙村上半年', attachments: [{ fileId: own, name: '产业项目清单.xlsx' }] }, FS_JINLONG);
    expect(r).toMatchObject({ ok: true, data: { status: 'draft', attachments: [{ fileId: own, name: '产业项目清单.xlsx', url: expect.stringMatching(/^http/) }] } });
  });
});

describe('reminders and the overdue list', () => {
  let late: string; // a first secretary stationed after the half-year ended

  beforeAll(async () => {
    at('2026-07-01T10:00:00+08:00');
    for (const who of [FS, FS_JINLONG, FS_AIMEN, FS_HANGSHA, TEAM]) await grant(who);
    // 保靖县 gives its first secretaries until 20 July.
    expect(await t.call('workReport.setSettings', { countyId: 'county-baojing', settings: { h1Deadline: '07-20', h2Deadline: '01-15', remindDaysBefore: 5 } }, BJ)).toMatchObject({ ok: true, data: { own: { h1Deadline: '07-20' } } });
    expect(await t.call('workReport.setSettings', { countyId: 'county-baojing', settings: null }, HY)).toMatchObject({ ok: false, code: 'forbidden' });
    const p = await freshPerson('vil-paibi');
    await startAssignment(SYSTEM, now(), { personId: p._id, villageId: 'vil-shuanglong', kind: 'firstSecretary', dispatchingUnit: '县农业农村局', start: '2026-07-01' });
    late = p._id;
  });

  it('reminds, from 09:00 seven days before the deadline, each first secretary who has not submitted, once however often the timer fires', async () => {
    const before = reportMessages().length;
    at('2026-07-03T08:30:00+08:00');
    expect(await remindDue(now())).toMatchObject({ due: false });
    await t.cloud.timer.fire('tick');
    expect(reportMessages()).toHaveLength(before);

    at('2026-07-03T09:05:00+08:00');
    await t.cloud.timer.fire('tick');
    await t.cloud.timer.fire('tick');
    expect(await remindDue(now())).toMatchObject({ due: true, reminded: 0, sent: 0 });
    at('2026-07-03T10:05:00+08:00');
    await t.cloud.timer.fire('tick');
    at('2026-07-06T15:00:00+08:00');
    await t.cloud.timer.fire('tick');

    const sent = reportMessages().slice(before);
    // 蒋文博 submitted; 石婷 is a team member; 保靖县's window opens on the 15th.
    expect(sent.map((m) => m.touser).sort()).toEqual([FS_AIMEN, FS_JINLONG].sort());
    expect(sent[0]!.data).toEqual({ thing1: { value: '2026年上半年工作报告待提交' }, time2: { value: '7月10日 23:59' }, thing3: { value: expect.stringMatching(/村$/) }, thing4: { value: '请按时向县委组织部提交书面报告' } });
    expect(sent[0]!.page).toBe('pages/report/mine/index?period=2026-H1');
    expect((await remindedOf('2026-H1', 'county-huayuan')).sort()).toEqual(['p-fs-aimen', 'p-fs-jinlong']);
  });

  it('follows a county’s own deadline, and sends nothing at night', async () => {
    const before = reportMessages().length;
    at('2026-07-15T08:55:00+08:00');
    await t.cloud.timer.fire('tick');
    expect(reportMessages()).toHaveLength(before);
    at('2026-07-15T09:10:00+08:00');
    await t.cloud.timer.fire('tick');
    expect(reportMessages().slice(before).map((m) => m.touser)).toEqual([FS_HANGSHA]);
    expect(reportMessages().at(-1)!.data.time2).toEqual({ value: '7月20日 23:59' });
    at('2026-07-15T22:30:00+08:00');
    expect(await remindDue(now())).toMatchObject({ due: false, quiet: true });
  });

  it('lists the overdue in scope after the deadline, with the counts', async () => {
    at('2026-07-10T23:00:00+08:00');
    const onTime = await t.call('workReport.list', { unitId: 'county-huayuan', period: '2026-H1' }, HY);
    expect(onTime).toMatchObject({ ok: true, data: { periodLabel: '2026年上半年', canReview: true, counts: { due: 10, submitted: 1, accepted: 1, overdue: 0, missing: 9 } } });

    at('2026-07-11T09:00:00+08:00');
    const list = await t.call('workReport.list', { unitId: 'county-huayuan', period: '2026-H1', filter: 'overdue' }, HY);
    expect(list.data.counts).toMatchObject({ due: 10, submitted: 1, overdue: 9, missing: 9 });
    expect(list.data.total).toBe(9);
    expect(list.data.items.every((r: any) => r.overdue && r.deadlineText === '7月10日')).toBe(true);
    // The draft 欧阳靖 kept is overdue too; the newly stationed one owes nothing for this half.
    expect(list.data.items.find((r: any) => r.personId === 'p-fs-jinlong')).toMatchObject({ status: 'draft', statusName: '草稿未提交', dispatchingUnit: '湘西州文化旅游广电局', villageName: '金龙村' });
    expect(list.data.items.some((r: any) => r.personId === late)).toBe(false);
    // The township sees its own five; 保靖县's deadline has not passed.
    const town = await t.call('workReport.list', { unitId: 'town-shuanglong', period: '2026-H1' }, SL);
    expect(town.data).toMatchObject({ canReview: false, counts: { due: 5, overdue: 4 } });
    const bj = await t.call('workReport.list', { unitId: 'county-baojing', period: '2026-H1' }, BJ);
    expect(bj.data.counts).toMatchObject({ due: 10, overdue: 0 });
    expect(await t.call('workReport.list', { unitId: 'county-baojing', period: '2026-H1' }, HY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('workReport.save', { period: '2026-H1', title: '晚到的' }, 'demo-none')).toMatchObject({ ok: false, code: 'not_bound' });

    // A late report leaves the overdue list, marked late.
    expect(await t.call('workReport.submit', { period: '2026-H1', title: '金龙村2026年上半年工作报告', body: body('补交') }, FS_JINLONG)).toMatchObject({ ok: true, data: { late: true } });
    const after = await t.call('workReport.list', { unitId: 'county-huayuan', period: '2026-H1' }, HY);
    expect(after.data.counts).toMatchObject({ submitted: 2, overdue: 8, late: 1, unread: 1 });
    expect(after.data.items.slice(0, 8).every((r: any) => r.overdue)).toBe(true);
  });

  it('reminds and lists the second half-year across the year change', async () => {
    const before = reportMessages().length;
    at('2027-01-02T10:00:00+08:00');
    await t.cloud.timer.fire('tick');
    expect(reportMessages()).toHaveLength(before);
    at('2027-01-03T09:30:00+08:00');
    expect((await t.call('workReport.mine', {}, FS)).data).toMatchObject({ period: '2026-H2', periods: [{ period: '2026-H2', deadlineText: '1月10日' }, { period: '2027-H1' }] });
    await t.cloud.timer.fire('tick');
    const sent = reportMessages().slice(before);
    // The one stationed in July owes this half's report; 保靖县's falls on the 15th.
    expect(sent.map((m) => m.touser).sort()).toEqual([FS, FS_AIMEN, FS_JINLONG].sort());
    expect(sent[0]!.data.thing1).toEqual({ value: '2026年下半年工作报告待提交' });
    expect(sent[0]!.data.time2).toEqual({ value: '1月10日 23:59' });
    expect(sent[0]!.page).toBe('pages/report/mine/index?period=2026-H2');
    expect(await t.call('workReport.submit', { period: '2026-H2', title: '十八洞村2026年下半年驻村工作报告', body: body('下半年') }, FS)).toMatchObject({ ok: true, data: { late: false, deadlineDay: '2027-01-10' } });

    at('2027-01-11T09:00:00+08:00');
    const list = await t.call('workReport.list', { unitId: 'county-huayuan' }, HY);
    expect(list.data).toMatchObject({ period: '2026-H2', counts: { due: 11, submitted: 1, overdue: 10 } });
    expect(list.data.items.find((r: any) => r.personId === late)).toMatchObject({ overdue: true, status: 'missing', dispatchingUnit: '县农业农村局' });
    expect((await t.call('workReport.list', { unitId: 'county-baojing' }, BJ)).data.counts).toMatchObject({ overdue: 0 });
    expect((await t.call('workReport.list', { unitId: 'city-xiangxi', filter: 'overdue' }, CITY)).data.total).toBe(10);
    expect((await db.collection(REPORTS).where({ period: '2026-H2' }).count()).total).toBe(1);
  });
});
