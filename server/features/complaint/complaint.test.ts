/**
 * Complaints from the village group, through the api and the timer: groups bound by their 村群管理员
 * and villagers recognised only through a cloudID decrypted for them; every workflow step and the
 * forbidden ones; 限时办结 and 跟踪督办 with the timer fired twice; a reopened complaint; and a
 * report about a cadre kept from the township, the village and the cadre in every list and count.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { db } from '../../platform/cloud';
import { sweep } from './service';
import { templateId } from '../notify/templates';

const GROUP_ADMIN = 'demo-ga-lvdongshan'; // 石秀珍, 村群管理员 of 夯沙村 and 吕洞村
const TOWN = 'demo-ld-staff'; // 吕洞山镇 organisation staff
const COUNTY = 'demo-bj-staff';
const DISCIPLINE = 'demo-bj-discipline'; // 保靖县纪委监委
const POLICE = 'demo-bj-dept-police'; // 保靖县公安局
const AGRI = 'demo-bj-dept-agri'; // 保靖县农业农村局
const CADRE = 'demo-fs-hangsha'; // 刘振邦, 夯沙村第一书记
const OTHER_TOWN = 'demo-sl-staff'; // 双龙镇 (花垣县)
const HANGSHA = 'vil-hangsha';
const LVDONG = 'vil-lvdong';
const G_HANGSHA = 'G-hangsha-group-1';
const G_LVDONG = 'G-lvdong-group-1';

let t: TestCloud;
let n = 0;
const cid = () => `complaint-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const cloudId = (openid: string, opengid: string) => t.cloud.functions.issueCloudId(openid, { opengid });
const count = async () => (await db.collection('complaints').count()).total;

async function villager(openid: string, group = G_HANGSHA): Promise<void> {
  const r = await t.call('village.enter', { groupCloudId: cloudId(openid, group) }, openid);
  expect(r.ok).toBe(true);
}

async function raise(openid: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.call('complaint.raise', { villageId: HANGSHA, clientId: cid(), text: '村口的路灯坏了两个月，晚上看不见路', ...extra }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

async function dispatched(openid: string, category = 'service', dept = 'dept-baojing-police'): Promise<string> {
  const id = await raise(openid);
  const r = await t.call('complaint.dispatch', { id, category, unitId: 'county-baojing', departmentId: dept }, TOWN);
  expect(r).toMatchObject({ ok: true, data: { status: 'dispatched' } });
  return id;
}

const steps = async (id: string) => ((await db.collection('complaints').doc(id).get()).data as any).steps.map((s: any) => s.kind);

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00'); // a Tuesday
  await seedDemo();
  expect(await t.call('village.bindGroup', { villageId: HANGSHA, groupCloudId: cloudId(GROUP_ADMIN, G_HANGSHA) }, GROUP_ADMIN)).toMatchObject({ ok: true, data: { village: { id: HANGSHA, name: '夯沙村' } } });
  expect(await t.call('village.bindGroup', { villageId: LVDONG, groupCloudId: cloudId(GROUP_ADMIN, G_LVDONG) }, GROUP_ADMIN)).toMatchObject({ ok: true });
}, 60_000);
afterAll(() => t.stop());

describe('from the group to the village', () => {
  it('recognises a villager only through a cloudID decrypted for them', async () => {
    const r = await t.call('village.enter', { groupCloudId: cloudId('o-vl-a', G_HANGSHA) }, 'o-vl-a');
    expect(r).toMatchObject({ ok: true, data: { village: { id: HANGSHA, name: '夯沙村' } } });
    expect(await t.call('village.mine', {}, 'o-vl-a')).toMatchObject({ ok: true, data: { villages: [{ id: HANGSHA }] } });
  });

  it('refuses a group id typed by the client, a forged cloudID and one issued to someone else', async () => {
    expect(await t.call('village.enter', { groupCloudId: G_HANGSHA }, 'o-vl-b')).toMatchObject({ ok: false, code: 'invalid_group' });
    const real = cloudId('o-vl-b', G_HANGSHA);
    const [head, body] = real.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), d: { opengid: G_LVDONG } })).toString('base64url');
    expect(await t.call('village.enter', { groupCloudId: `${head}.${forgedBody}.${real.split('.')[2]}` }, 'o-vl-b')).toMatchObject({ ok: false, code: 'invalid_group' });
    expect(await t.call('village.enter', { groupCloudId: cloudId('o-vl-somebody-else', G_HANGSHA) }, 'o-vl-b')).toMatchObject({ ok: false, code: 'invalid_group' });
    // An event field shaped as the platform's replaced CloudID is not trusted either: only `cloudID` is read.
    expect(await t.call('village.enter', { groupCloudId: { groupCloudId: real, data: { opengid: G_HANGSHA } } }, 'o-vl-b')).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('village.mine', {}, 'o-vl-b')).toMatchObject({ ok: true, data: { villages: [] } });
  });

  it('refuses an expired cloudID, and a group not yet bound', async () => {
    const id = cloudId('o-vl-c', G_HANGSHA);
    at('2026-05-12T10:06:00+08:00');
    expect(await t.call('village.enter', { groupCloudId: id }, 'o-vl-c')).toMatchObject({ ok: false, code: 'expired' });
    at('2026-05-12T10:00:00+08:00');
    expect(await t.call('village.enter', { groupCloudId: cloudId('o-vl-c', 'G-nobody') }, 'o-vl-c')).toMatchObject({ ok: false, code: 'group_unbound' });
  });

  it('lets only the village’s 村群管理员 bind a group, and a group stays one village', async () => {
    expect(await t.call('village.bindGroup', { villageId: HANGSHA, groupCloudId: cloudId(TOWN, 'G-x') }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('village.bindGroup', { villageId: 'vil-shibadong', groupCloudId: cloudId(GROUP_ADMIN, 'G-y') }, GROUP_ADMIN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('village.bindGroup', { villageId: LVDONG, groupCloudId: cloudId(GROUP_ADMIN, G_HANGSHA) }, GROUP_ADMIN)).toMatchObject({ ok: false, code: 'conflict' });
    // Binding again to the same village is a retry.
    expect(await t.call('village.bindGroup', { villageId: HANGSHA, groupCloudId: cloudId(GROUP_ADMIN, G_HANGSHA) }, GROUP_ADMIN)).toMatchObject({ ok: true });
  });

  it('takes a complaint only for a village whose group the villager came from', async () => {
    await villager('o-vl-lvdong', G_LVDONG);
    const before = await count();
    expect(await t.call('complaint.raise', { villageId: HANGSHA, clientId: cid(), text: '村里的自来水停了三天' }, 'o-vl-lvdong')).toMatchObject({ ok: false, code: 'not_villager' });
    expect(await t.call('complaint.raise', { villageId: HANGSHA, clientId: cid(), text: '村里的自来水停了三天' }, 'o-never-came')).toMatchObject({ ok: false, code: 'not_villager' });
    expect(await count()).toBe(before);
  });
});

describe('raising', () => {
  it('keeps a retried raise as one complaint, and refuses bad input writing nothing', async () => {
    await villager('o-vl-d');
    const clientId = cid();
    const input = { villageId: HANGSHA, clientId, text: '低保申请交上去一个月了没有消息', category: 'service', contact: { name: '石大姐', phone: '13912345678' } };
    const before = await count();
    const a = await t.call('complaint.raise', input, 'o-vl-d');
    const b = await t.call('complaint.raise', input, 'o-vl-d');
    expect(a).toMatchObject({ ok: true, data: { status: 'raised', statusName: '待受理', confidential: false } });
    expect(b.data.id).toBe(a.data.id);
    expect(await count()).toBe(before + 1);
    for (const bad of [{ ...input, clientId: cid(), text: '短' }, { ...input, clientId: cid(), category: 'gossip' }, { ...input, clientId: cid(), photoFileIds: ['cloud://env/elsewhere/x.jpg'] }, { ...input, clientId: cid(), openid: 'o-other' }]) {
      expect((await t.call('complaint.raise', bad, 'o-vl-d')).ok).toBe(false);
    }
    expect(await count()).toBe(before + 1);
  });

  it('shows the villager their own complaints only, and the handlers never their WeChat identity', async () => {
    await villager('o-vl-e');
    const id = await raise('o-vl-e', { category: 'education', contact: { name: '石二哥', phone: '13912345679' } });
    expect((await t.call('complaint.mine', {}, 'o-vl-e')).data.items.map((i: any) => i.id)).toEqual([id]);
    expect(await t.call('complaint.track', { id }, 'o-vl-d')).toMatchObject({ ok: false, code: 'not_found' });
    const seen = await t.call('complaint.get', { id }, TOWN);
    expect(JSON.stringify(seen.data)).not.toContain('o-vl-e');
    // 宣传教育 does not need the contact; 便民服务 does (the county's rules).
    expect(seen.data.complaint).toMatchObject({ contact: null, anonymous: true });
    const service = await raise('o-vl-e', { category: 'service', contact: { name: '石二哥', phone: '13912345679' } });
    expect((await t.call('complaint.get', { id: service }, TOWN)).data.complaint).toMatchObject({ contact: { name: '石二哥', phone: '13912345679' }, anonymous: false });
  });
});

describe('the workflow', () => {
  it('goes 收集 → 受理 → 分类 → 部门办理 → 办结 → 评价, each step with who and when', async () => {
    await villager('o-vl-f');
    const id = await raise('o-vl-f', { category: 'service' });
    const todo = await t.call('complaint.inbox', { unitId: 'town-lvdongshan', box: 'todo' }, TOWN);
    expect(todo.data.items.map((i: any) => i.id)).toContain(id);
    expect(await t.call('complaint.accept', { id, category: 'disclosure' }, GROUP_ADMIN)).toMatchObject({ ok: true, data: { status: 'accepted', category: 'disclosure' } });
    // The village's 村群管理员 accepts, but only the township dispatches.
    expect(await t.call('complaint.dispatch', { id, category: 'service', unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, GROUP_ADMIN)).toMatchObject({ ok: false, code: 'forbidden' });
    const d = await t.call('complaint.dispatch', { id, category: 'service', unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN);
    // 便民服务: 5 working days from Tuesday 12 May → Tuesday 19 May, 18:00.
    expect(d).toMatchObject({ ok: true, data: { status: 'dispatched', deptName: '保靖县公安局', deadline: '2026-05-19T10:00:00.000Z' } });
    expect((await t.call('complaint.deptInbox', { box: 'doing' }, POLICE)).data.items.map((i: any) => i.id)).toContain(id);
    expect((await t.call('complaint.deptInbox', { box: 'doing' }, AGRI)).data.items.map((i: any) => i.id)).not.toContain(id);
    // A department answering what it was not given.
    expect(await t.call('complaint.answer', { id, text: '已安排维修' }, AGRI)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('complaint.answer', { id, text: '已安排维修' }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('complaint.answer', { id, text: '已联系供电所，两个路灯已于今日修复' }, POLICE)).toMatchObject({ ok: true, data: { status: 'answered' } });
    // Only the villager who raised it rates.
    expect(await t.call('complaint.rate', { id, value: 'satisfied' }, 'o-vl-e')).toMatchObject({ ok: false, code: 'not_found' });
    const r = await t.call('complaint.rate', { id, value: 'satisfied', comment: '谢谢' }, 'o-vl-f');
    expect(r).toMatchObject({ ok: true, data: { status: 'closed', rating: { name: '满意' }, canRate: false } });
    expect(r.data.steps.map((s: any) => s.name)).toEqual(['村民提出诉求', '受理', '分类', '交办部门', '办结答复', '村民评价']);
    expect(r.data.steps.every((s: any) => s.at && s.byName === '')).toBe(true);
    const full = await t.call('complaint.get', { id }, TOWN);
    expect(full.data.complaint.steps.map((s: any) => s.byName)).toEqual(['村民', '石秀珍', '龙春花', '龙春花', '梁志刚', '村民']);
  });

  it('refuses steps out of order, and takes a retried step once', async () => {
    await villager('o-vl-g');
    const id = await raise('o-vl-g');
    expect(await t.call('complaint.answer', { id, text: '已处理' }, POLICE)).toMatchObject({ ok: false });
    expect(await t.call('complaint.rate', { id, value: 'satisfied' }, 'o-vl-g')).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('complaint.accept', { id, category: 'service' }, TOWN)).toMatchObject({ ok: true });
    expect(await t.call('complaint.accept', { id, category: 'service' }, TOWN)).toMatchObject({ ok: true });
    expect(await t.call('complaint.accept', { id, category: 'service' }, GROUP_ADMIN)).toMatchObject({ ok: false, code: 'conflict' });
    expect((await steps(id)).filter((k: string) => k === 'accept')).toHaveLength(1);
    // Staff of another township, and a cadre, reach nothing.
    expect(await t.call('complaint.get', { id }, OTHER_TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('complaint.accept', { id, category: 'service' }, CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('complaint.reject', { id, reason: '不属实' }, TOWN)).toMatchObject({ ok: true, data: { status: 'rejected' } });
    expect(await t.call('complaint.dispatch', { id, category: 'service', unitId: 'county-baojing', departmentId: 'dept-baojing-police' }, TOWN)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('transfers between departments and extends a deadline with a reason and an approver', async () => {
    await villager('o-vl-h');
    const id = await dispatched('o-vl-h');
    expect(await t.call('complaint.dispatch', { id, category: 'service', unitId: 'county-baojing', departmentId: 'dept-nowhere' }, TOWN)).toMatchObject({ ok: false });
    expect(await t.call('complaint.transfer', { id, unitId: 'county-baojing', departmentId: 'dept-baojing-agri', reason: '属于农业农村局职责' }, TOWN)).toMatchObject({ ok: true, data: { deptName: '保靖县农业农村局' } });
    expect(await t.call('complaint.answer', { id, text: '已处理' }, POLICE)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('complaint.askExtension', { id, days: 3, reason: '需要等待上级拨付维修资金' }, AGRI)).toMatchObject({ ok: true });
    expect(await t.call('complaint.askExtension', { id, days: 3, reason: '再申请一次' }, AGRI)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('complaint.decideExtension', { id, approve: true }, AGRI)).toMatchObject({ ok: false, code: 'forbidden' });
    const yes = await t.call('complaint.decideExtension', { id, approve: true, note: '同意' }, TOWN);
    // 19 May + 3 working days → Friday 22 May.
    expect(yes).toMatchObject({ ok: true, data: { deadline: '2026-05-22T10:00:00.000Z' } });
    expect(await steps(id)).toEqual(['raise', 'accept', 'dispatch', 'transfer', 'extendAsk', 'extendYes']);
  });

  it('reopens once on 不满意, then closes', async () => {
    await villager('o-vl-i');
    const id = await dispatched('o-vl-i');
    await t.call('complaint.answer', { id, text: '已协调' }, POLICE);
    const again = await t.call('complaint.rate', { id, value: 'unsatisfied', comment: '根本没人来' }, 'o-vl-i');
    expect(again).toMatchObject({ ok: true, data: { status: 'dispatched', reopened: true } });
    expect((await t.call('complaint.deptInbox', { box: 'doing' }, POLICE)).data.items.map((i: any) => i.id)).toContain(id);
    await t.call('complaint.answer', { id, text: '已上门处理并拍照' }, POLICE);
    const end = await t.call('complaint.rate', { id, value: 'unsatisfied' }, 'o-vl-i');
    expect(end).toMatchObject({ ok: true, data: { status: 'closed', rating: { name: '不满意' } } });
    expect(await steps(id)).toEqual(['raise', 'accept', 'dispatch', 'answer', 'rate', 'reopen', 'answer', 'rate']);
  });
});

describe('限时办结 and 跟踪督办', () => {
  it('warns, marks overdue for the township, then hands to discipline staff, once each with the timer fired twice', async () => {
    at('2026-05-12T10:00:00+08:00');
    await villager('o-vl-j');
    const id = await dispatched('o-vl-j', 'opinion'); // 舆情管控: 2 working days → Thursday 14 May 18:00
    // The department banked two grants for the reminder (two taps on 允许, which WeChat also keeps).
    t.cloud.messages.grant(POLICE, templateId('complaintDue'), 2);
    for (let i = 0; i < 2; i++) expect(await t.call('notify.recordGrants', { accepted: ['complaintDue'] }, POLICE)).toMatchObject({ ok: true });
    const sentBefore = t.cloud.messages.outbox().length;
    at('2026-05-13T19:00:00+08:00'); // 23 h before
    await sweep(t.cloud.clock.now());
    await sweep(t.cloud.clock.now());
    expect(await steps(id)).toEqual(['raise', 'accept', 'dispatch', 'warn']);
    // One message for the warning, however often the timer fired.
    const sent = t.cloud.messages.outbox().slice(sentBefore);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('即将到期');
    at('2026-05-14T18:30:00+08:00');
    await t.cloud.timer.fire('tick');
    await t.cloud.timer.fire('tick');
    expect(await steps(id)).toEqual(['raise', 'accept', 'dispatch', 'warn', 'overdue']);
    expect((await t.call('complaint.inbox', { unitId: 'town-lvdongshan', box: 'overdue' }, TOWN)).data.items.map((i: any) => i.id)).toContain(id);
    // Two working days later (Monday 18 May 18:00): discipline staff (at the county) supervise it, and are told once.
    t.cloud.messages.grant(DISCIPLINE, templateId('complaintDue'), 2);
    for (let i = 0; i < 2; i++) await t.call('notify.recordGrants', { accepted: ['complaintDue'] }, DISCIPLINE);
    const beforeEscalation = t.cloud.messages.outbox().length;
    at('2026-05-18T18:05:00+08:00');
    await sweep(t.cloud.clock.now());
    await sweep(t.cloud.clock.now());
    expect(await steps(id)).toEqual(['raise', 'accept', 'dispatch', 'warn', 'overdue', 'escalate']);
    const told = t.cloud.messages.outbox().slice(beforeEscalation).filter((m) => m.touser === DISCIPLINE);
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0])).toContain('转纪委监委');
    expect((await t.call('complaint.inbox', { unitId: 'county-baojing', box: 'discipline' }, DISCIPLINE)).data.items.map((i: any) => i.id)).toContain(id);
    const late = await t.call('complaint.answer', { id, text: '已回应' }, POLICE);
    expect(late).toMatchObject({ ok: true, data: { overdue: true } });
    const fig = await t.call('complaint.figures', { unitId: 'town-lvdongshan', month: '2026-05' }, TOWN);
    expect(fig.data.byCategory.find((r: any) => r.key === 'opinion')).toMatchObject({ received: 1, answered: 1, onTime: 0, overdue: 1 });
    at('2026-05-12T10:00:00+08:00');
  });

  it('closes an answer left unrated when its days are over', async () => {
    at('2026-05-12T10:00:00+08:00');
    await villager('o-vl-k');
    const id = await dispatched('o-vl-k');
    await t.call('complaint.answer', { id, text: '已处理完毕' }, POLICE);
    at('2026-05-19T10:01:00+08:00');
    const r = await sweep(t.cloud.clock.now());
    expect(r.moved.close).toBeGreaterThanOrEqual(1);
    expect((await t.call('complaint.track', { id }, 'o-vl-k')).data).toMatchObject({ status: 'closed', canRate: false });
    at('2026-05-12T10:00:00+08:00');
  });
});

describe('whistleblower isolation', () => {
  it('keeps a report about a cadre from the township, the village and the cadre in every list and count', async () => {
    at('2026-05-12T10:00:00+08:00');
    await villager('o-vl-w');
    const form = await t.call('complaint.form', { villageId: HANGSHA }, 'o-vl-w');
    const cadre = form.data.cadres.find((c: any) => c.name === '刘振邦');
    expect(cadre).toBeTruthy();
    const id = await raise('o-vl-w', { category: 'report', text: '第一书记经常不在村，工作日也在县城', about: { personId: cadre.id, name: '刘振邦' } });
    expect((await t.call('complaint.track', { id }, 'o-vl-w')).data).toMatchObject({ confidential: true, status: 'raised' });

    const everyBox = ['todo', 'doing', 'overdue', 'done'];
    for (const [who, unitId] of [[TOWN, 'town-lvdongshan'], [COUNTY, 'county-baojing'], [GROUP_ADMIN, HANGSHA]] as const) {
      for (const box of everyBox) {
        const r = await t.call('complaint.inbox', { unitId, box }, who);
        expect(r.ok).toBe(true);
        expect(r.data.items.map((i: any) => i.id)).not.toContain(id);
        expect(r.data.discipline).toBe(false);
      }
      expect(await t.call('complaint.inbox', { unitId, box: 'discipline' }, who)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await t.call('complaint.get', { id }, who)).toMatchObject({ ok: false, code: 'not_found' });
      expect(await t.call('complaint.accept', { id, category: 'report' }, who)).toMatchObject({ ok: false });
    }
    // The counts and figures the township and the county can call do not count it.
    const todoBefore = (await t.call('complaint.inbox', { unitId: 'town-lvdongshan', box: 'todo' }, TOWN)).data;
    expect(todoBefore.counts.todo).toBe(todoBefore.total);
    const town = await t.call('complaint.figures', { unitId: 'town-lvdongshan', month: '2026-05' }, TOWN);
    const county = await t.call('complaint.figures', { unitId: 'county-baojing', month: '2026-05' }, COUNTY);
    const all = (await db.collection('complaints').where({ villageId: HANGSHA, month: '2026-05' }).count()).total;
    expect(town.data.total.received).toBe(all - 1);
    expect(county.data.total.received).toBe(all - 1);
    expect(county.data.byTownship).toMatchObject([{ key: 'town-lvdongshan', name: '吕洞山镇', received: all - 1 }]);
    expect(town.data.byCategory.find((r: any) => r.key === 'report').received).toBe(0);
    // The cadre it names reaches no complaint action at all.
    for (const [action, input] of [['complaint.inbox', { unitId: HANGSHA, box: 'todo' }], ['complaint.get', { id }], ['complaint.figures', { unitId: HANGSHA, month: '2026-05' }], ['complaint.deptInbox', { box: 'doing' }]] as const) {
      expect((await t.call(action, input, CADRE)).ok).toBe(false);
    }

    // Discipline staff see it, with whom it names, and handle it.
    const box = await t.call('complaint.inbox', { unitId: 'county-baojing', box: 'discipline' }, DISCIPLINE);
    expect(box.data.items.map((i: any) => i.id)).toContain(id);
    const seen = await t.call('complaint.get', { id }, DISCIPLINE);
    expect(seen.data.complaint).toMatchObject({ confidential: true, about: { name: '刘振邦' } });
    expect(seen.data.can).toMatchObject({ accept: true, answer: false });
    expect(await t.call('complaint.accept', { id, category: 'report' }, DISCIPLINE)).toMatchObject({ ok: true });
    expect((await t.call('complaint.figures', { unitId: 'county-baojing', month: '2026-05' }, DISCIPLINE)).data.total.received).toBe(all);
    // Still hidden once accepted, from the township's every box.
    for (const b of everyBox) expect((await t.call('complaint.inbox', { unitId: 'town-lvdongshan', box: b }, TOWN)).data.items.map((i: any) => i.id)).not.toContain(id);
  });
});
