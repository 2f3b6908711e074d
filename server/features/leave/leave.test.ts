/**
 * Leave through the api and the timer: apply, the stored chain, level-by-level decisions, the
 * races and refusals, withdraw/cancel/report back, overdue, and the effect on attendance and
 * spot checks.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';
import { closeWindows } from '../checkin/sweeps';
import { flagOverdue } from './service';
import { templateId } from '../notify/templates';

const FS = 'demo-fs-shibadong'; // 蒋文博, 十八洞村 (双龙镇, 花垣县)
const FS_ID = 'p-fs-shibadong';
const TM = 'demo-tm-shibadong-1';
const TOWN_APPROVER = 'demo-sl-approver'; // 双龙镇党委书记
const COUNTY_APPROVER = 'demo-hy-approver';
const CITY_APPROVER = 'demo-city-approver';
const OTHER_APPROVER = 'demo-bj-approver';
const TOWN_STAFF = 'demo-sl-staff';

let t: TestCloud;
let n = 0;
const cid = () => `leave-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const h = (date: string, half: 'am' | 'pm' = 'am') => ({ date, half });

async function upload(openid: string, cloudPath: string): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([Buffer.from('sick note')]), 'tmp.jpg');
  const res = await fetch(`${t.cloud.url}/_local/upload`, { method: 'POST', body: form, headers: { 'x-openid': openid } });
  return ((await res.json()) as { data: { fileID: string } }).data.fileID;
}

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00'); // a Tuesday
  await seedDemo();
}, 60_000);
afterAll(() => t.stop());

describe('applying', () => {
  it('stores the chain the rules give at the moment of applying, counting working days only', async () => {
    // Friday 15th to Tuesday 19th: 3 working days (the weekend is not leave) → township, then county.
    const r = await t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-05-15'), end: h('2026-05-19', 'am'), reason: '家中老人住院需陪护', deputy: '石婷' }, FS);
    expect(r).toMatchObject({ ok: true, data: { status: 'pending', days: 2.5, currentUnitId: 'town-shuanglong' } });
    expect(r.data.steps.map((s: any) => [s.level, s.unitName, s.status])).toEqual([['township', '双龙镇', 'pending'], ['county', '花垣县', 'waiting']]);
    const mine = await t.call('leave.mine', {}, FS);
    expect(mine.data.balances.find((b: any) => b.kind === 'personal')).toMatchObject({ maxDaysPerYear: 15, used: 2.5, left: 12.5 });
    // A retry of the same application is the same request.
    const before = (await db.collection('leaves').count()).total;
    const clientId = cid();
    const a = await t.call('leave.apply', { clientId, kind: 'official', start: h('2026-05-20'), end: h('2026-05-20'), reason: '到县里参加培训' }, FS);
    const b = await t.call('leave.apply', { clientId, kind: 'official', start: h('2026-05-20'), end: h('2026-05-20'), reason: '到县里参加培训' }, FS);
    expect(b.data.id).toBe(a.data.id);
    expect((await db.collection('leaves').count()).total).toBe(before + 1);
  });

  it('refuses what the rules refuse, writing nothing', async () => {
    const writes = t.cloud.database.ops.writes;
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-05-16'), end: h('2026-05-17', 'pm'), reason: '周末回家看看' }, FS)).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringContaining('不是工作日') });
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'sick', start: h('2026-05-21'), end: h('2026-05-21', 'pm'), reason: '发烧需要就医' }, FS)).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringContaining('证明材料') });
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-05-18', 'pm'), end: h('2026-05-18', 'pm'), reason: '去镇上办事' }, FS)).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('重叠') });
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-05-25'), end: h('2026-05-29', 'pm'), reason: '回老家处理家事' }, FS)).toMatchObject({ ok: false, code: 'quota_exceeded', message: expect.stringContaining('每月最多 5 天') });
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-05-11'), end: h('2026-05-11'), reason: '昨天忘了请假' }, FS)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-05-22'), end: h('2026-05-22'), reason: '有事' }, TOWN_APPROVER)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(t.cloud.database.ops.writes).toBe(writes);
  });

  it('two applications at once that the month’s quota holds only one of: exactly one is made', async () => {
    // 石婷 has no 事假 yet: 3 + 3 days would pass the 5-day monthly maximum.
    const both = await Promise.all([
      t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-07-06'), end: h('2026-07-08', 'pm'), reason: '回家照顾病人' }, TM),
      t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-07-13'), end: h('2026-07-15', 'pm'), reason: '回家照顾病人' }, TM),
    ]);
    expect(both.filter((a) => a.ok)).toHaveLength(1);
    expect(both.find((a) => !a.ok)).toMatchObject({ code: 'quota_exceeded' });
    expect((await db.collection('leaves').where({ personId: 'p-tm-shibadong-1', kind: 'personal', startDate: '2026-07-06' }).count()).total + (await db.collection('leaves').where({ personId: 'p-tm-shibadong-1', kind: 'personal', startDate: '2026-07-13' }).count()).total).toBe(1);
  });

  it('takes a sick note only from the cadre’s own folder', async () => {
    const theirs = await upload(TM, 'leave/p-tm-shibadong-1/note.jpg');
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'sick', start: h('2026-05-21'), end: h('2026-05-21', 'pm'), reason: '发烧需要就医', attachmentFileIds: [theirs] }, FS)).toMatchObject({ ok: false, code: 'invalid_input' });
    const mine = await upload(FS, `leave/${FS_ID}/note.jpg`);
    expect(await t.call('leave.apply', { clientId: cid(), kind: 'sick', start: h('2026-05-21'), end: h('2026-05-21', 'pm'), reason: '发烧需要就医', attachmentFileIds: [mine] }, FS)).toMatchObject({ ok: true, data: { steps: [expect.objectContaining({ level: 'township' })] } });
  });
});

describe('deciding, level by level', () => {
  let id: string;
  beforeAll(async () => {
    const r = await t.call('leave.apply', { clientId: cid(), kind: 'family', start: h('2026-06-01'), end: h('2026-06-10', 'pm'), reason: '探望外地父母' }, FS); // 8 working days → up to the city
    id = r.data.id;
  });

  it('each level’s approver decides its step; approval moves it on; the county does not act for the township', async () => {
    expect((await t.call('leave.inbox', {}, COUNTY_APPROVER)).data.map((l: any) => l.id)).not.toContain(id);
    expect(await t.call('leave.decide', { id, approve: true, comment: '同意' }, COUNTY_APPROVER)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('leave.decide', { id, approve: true, comment: '同意' }, OTHER_APPROVER)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await t.call('leave.inbox', {}, TOWN_APPROVER)).data.map((l: any) => l.id)).toContain(id);
    expect(await t.call('leave.decide', { id, approve: true, comment: '工作已安排' }, TOWN_APPROVER)).toMatchObject({ ok: true, data: { status: 'pending', currentUnitId: 'county-huayuan' } });
    expect((await t.call('leave.inbox', {}, COUNTY_APPROVER)).data.map((l: any) => l.id)).toContain(id);
    expect(await t.call('leave.decide', { id, approve: true, comment: '同意' }, COUNTY_APPROVER)).toMatchObject({ ok: true, data: { status: 'pending', currentUnitId: 'city-xiangxi' } });
    const done = await t.call('leave.decide', { id, approve: true, comment: '同意，注意安全' }, CITY_APPROVER);
    expect(done).toMatchObject({ ok: true, data: { status: 'approved', currentUnitId: null } });
    expect(done.data.steps.map((s: any) => [s.status, s.byName])).toEqual([['approved', '石光明'], ['approved', '吴国平'], ['approved', '田茂松']]);
  });

  it('the next approver is told by a subscription message where they banked a grant', async () => {
    t.cloud.messages.grant(COUNTY_APPROVER, templateId('leaveApproval'), 1);
    expect(await t.call('notify.recordGrants', { accepted: ['leaveApproval'] }, COUNTY_APPROVER)).toMatchObject({ ok: true });
    const before = t.cloud.messages.outbox().length;
    const r = await t.call('leave.apply', { clientId: cid(), kind: 'personal', start: h('2026-06-22'), end: h('2026-06-24', 'pm'), reason: '孩子中考需陪同' }, FS);
    expect(t.cloud.messages.outbox()).toHaveLength(before); // the township has no grant banked
    await t.call('leave.decide', { id: r.data.id, approve: true, comment: '同意' }, TOWN_APPROVER);
    const sent = t.cloud.messages.outbox().slice(before);
    expect(sent).toEqual([expect.objectContaining({ touser: COUNTY_APPROVER, page: `pages/admin/leave/inbox/index?id=${r.data.id}`, data: expect.objectContaining({ name1: { value: '蒋文博' }, thing2: { value: '事假3天待您审批' } }) })]);
  });

  it('withdrawing after approval is refused; cancelling an approved future leave works', async () => {
    expect(await t.call('leave.withdraw', { id }, FS)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('leave.cancel', { id, reason: '家中情况好转' }, TM)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('leave.cancel', { id, reason: '家中情况好转' }, FS)).toMatchObject({ ok: true, data: { status: 'cancelled' } });
  });

  it('two approvers at once: exactly one decision counts', async () => {
    // A second approver for 双龙镇.
    const add = await t.call('people.add', { name: '第二审批人', phone: '13966660301', orgUnitId: 'town-shuanglong' }, 'demo-hy-staff');
    expect(await t.call('people.grantRole', { personId: add.data.id, role: 'approver', orgUnitId: 'town-shuanglong' }, 'demo-hy-staff')).toMatchObject({ ok: true });
    const inv = await t.call('people.createInvite', { personId: add.data.id }, 'demo-hy-staff');
    expect(await t.call('people.bind', { code: inv.data.code }, 'o-second-approver')).toMatchObject({ ok: true });
    const r = await t.call('leave.apply', { clientId: cid(), kind: 'official', start: h('2026-06-15'), end: h('2026-06-15'), reason: '到县里开会' }, FS);
    const both = await Promise.all([t.call('leave.decide', { id: r.data.id, approve: true, comment: '同意' }, TOWN_APPROVER), t.call('leave.decide', { id: r.data.id, approve: false, comment: '当天有检查' }, 'o-second-approver')]);
    expect(both.filter((a) => a.ok)).toHaveLength(1);
    expect(both.find((a) => !a.ok)).toMatchObject({ code: 'conflict', message: '该请假已处理' });
    const { data } = await db.collection('leaves').doc(r.data.id).get();
    expect((data as any).steps[0].status).toBe(both[0].ok ? 'approved' : 'rejected');
  });

  it('nobody approves their own request; a rejection ends it', async () => {
    // 双龙镇's approver is also stationed in a village of the township.
    expect(await t.call('people.startAssignment', { personId: 'p-sl-approver', villageId: 'vil-paibi', kind: 'stationedLeader', dispatchingUnit: '双龙镇党委', start: '2026-05-12' }, 'demo-hy-staff')).toMatchObject({ ok: true });
    const own = await t.call('leave.apply', { clientId: cid(), kind: 'official', start: h('2026-06-16'), end: h('2026-06-16'), reason: '到州里开会' }, TOWN_APPROVER);
    expect(own.ok).toBe(true);
    expect((await t.call('leave.inbox', {}, TOWN_APPROVER)).data.map((l: any) => l.id)).not.toContain(own.data.id);
    expect(await t.call('leave.decide', { id: own.data.id, approve: true, comment: '同意' }, TOWN_APPROVER)).toMatchObject({ ok: false, code: 'forbidden', message: '不能审批自己的请假' });
    const rej = await t.call('leave.decide', { id: own.data.id, approve: false, comment: '当天镇里有重要会议' }, 'o-second-approver');
    expect(rej).toMatchObject({ ok: true, data: { status: 'rejected' } });
    expect(await t.call('leave.decide', { id: own.data.id, approve: true, comment: '同意' }, 'o-second-approver')).toMatchObject({ ok: false, code: 'conflict' });
  });
});

describe('report back, overdue, and the effect on attendance', () => {
  it('a begun leave is reported back; one not reported back in time is flagged for the township', async () => {
    at('2026-05-13T08:00:00+08:00');
    const r = await t.call('leave.apply', { clientId: cid(), kind: 'official', start: h('2026-05-13'), end: h('2026-05-13', 'pm'), reason: '到县里参加培训' }, TM);
    expect(await t.call('leave.decide', { id: r.data.id, approve: true, comment: '同意' }, TOWN_APPROVER)).toMatchObject({ ok: true, data: { status: 'approved' } });
    expect(await t.call('leave.reportBack', { id: r.data.id }, TM)).toMatchObject({ ok: true, data: { status: 'returned' } });

    const late = await t.call('leave.apply', { clientId: cid(), kind: 'official', start: h('2026-05-14'), end: h('2026-05-14', 'pm'), reason: '到州里参加培训' }, TM);
    await t.call('leave.decide', { id: late.data.id, approve: true, comment: '同意' }, TOWN_APPROVER);
    at('2026-05-15T23:00:00+08:00'); // the leave ended at the 15th 00:00; the report back is due 24 h later
    expect(await flagOverdue(t.cloud.clock.now())).toEqual({ flagged: 0 });
    at('2026-05-16T00:30:00+08:00');
    expect(await flagOverdue(t.cloud.clock.now())).toEqual({ flagged: 1 });
    expect(await flagOverdue(t.cloud.clock.now())).toEqual({ flagged: 0 });
    const ledger = await t.call('leave.ledger', { unitId: 'town-shuanglong', month: '2026-05', overdueOnly: true }, TOWN_STAFF);
    expect(ledger).toMatchObject({ ok: true, data: { overdue: 1, leaves: [expect.objectContaining({ id: late.data.id, overdue: true })] } });
    const back = await t.call('leave.reportBack', { id: late.data.id, returnedAt: '2026-05-15T08:30:00+08:00' }, TM);
    expect(back.data.trail.at(-1).note).toContain('逾期销假');
  });

  it('approved leave excuses the check-in windows it covers, and keeps the cadre out of spot checks', async () => {
    const TM2 = 'demo-tm-shibadong-2';
    const TM2_ID = 'p-tm-shibadong-2';
    at('2026-05-18T07:00:00+08:00');
    const r = await t.call('leave.apply', { clientId: cid(), kind: 'official', start: h('2026-05-18'), end: h('2026-05-18', 'am'), reason: '到县里送材料' }, TM2);
    expect(await t.call('leave.decide', { id: r.data.id, approve: true, comment: '同意' }, TOWN_APPROVER)).toMatchObject({ ok: true, data: { status: 'approved' } });
    // The morning window closes at 10:00 and settles after the offline tolerance (120 min).
    at('2026-05-18T16:00:00+08:00');
    await closeWindows(new Date('2026-05-18T08:00:00+08:00'), new Date('2026-05-18T12:01:00+08:00'));
    expect((await db.collection('attendance').doc(`${TM2_ID}.2026-05-18.am`).get()).data).toMatchObject({ status: 'excused' });
    // Without leave, the same window is missed.
    expect((await db.collection('attendance').doc(`p-tm-shibadong-1.2026-05-18.am`).get()).data).toMatchObject({ status: 'missed' });
    at('2026-05-18T10:30:00+08:00');
    const named = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: cid(), personIds: [TM2_ID, 'p-tm-shibadong-1'] }, TOWN_STAFF);
    expect(named.data.skipped).toEqual([expect.objectContaining({ personId: TM2_ID, reason: '正在请假' })]);
    const drawn = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: cid(), draw: { percent: 100, includeCheckedToday: true } }, TOWN_STAFF);
    expect(drawn.data.issued.map((i: any) => i.personId)).not.toContain(TM2_ID);
    // In the afternoon the leave is over: she is drawn again.
    at('2026-05-18T14:30:00+08:00');
    const later = await t.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: cid(), draw: { percent: 100, includeCheckedToday: true } }, TOWN_STAFF);
    expect(later.data.issued.map((i: any) => i.personId)).toContain(TM2_ID);
  });

  it('the month’s figures count requests and days by unit', async () => {
    const f = await t.call('leave.figures', { unitId: 'town-shuanglong', month: '2026-05' }, TOWN_STAFF);
    expect(f.ok).toBe(true);
    const shibadong = f.data.rows.find((r: any) => r.unitId === 'vil-shibadong');
    expect(shibadong.requests).toBeGreaterThanOrEqual(6);
    expect(shibadong.approved).toBeGreaterThanOrEqual(3);
    expect(shibadong.days).toBeGreaterThanOrEqual(1.5);
    expect(f.data.total.requests).toBe(f.data.rows.reduce((s: number, r: any) => s + r.requests, 0));
    expect(await t.call('leave.figures', { unitId: 'town-shuanglong', month: '2026-05' }, 'demo-bj-staff')).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
