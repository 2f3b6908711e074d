/**
 * 诉求详情 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026. 石秀珍
 * binds 夯沙村's group; villagers enter from it (a cloudID decrypted for them) and raise through
 * the api. 龙春花 (吕洞山镇) accepts and dispatches on the page; 梁志刚 (保靖县公安局) answers with a
 * photo and asks for more time; the township transfers and decides the extension; a second
 * handler who acted first is reported; a report about the village's first secretary is kept to
 * 张晓红 (保靖县纪委监委), who sees whom it names and answers it herself.
 */
import { DEMO_NOW, useDemoCloud } from '../../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/complaint/detail/index';
const demo = useDemoCloud();

const GROUP_ADMIN = 'demo-ga-lvdongshan'; // 石秀珍, 村群管理员 of 夯沙村, 吕洞村, 夯吉村
const TOWN = 'demo-ld-staff'; // 龙春花, 吕洞山镇
const DISCIPLINE = 'demo-bj-discipline'; // 张晓红, 保靖县纪委监委
const POLICE = 'demo-bj-dept-police'; // 梁志刚, 保靖县公安局
const AGRI = 'demo-bj-dept-agri'; // 田玉兰, 保靖县农业农村局
const GROUP = 'G-detail-hangsha';

const cloudId = (openid: string, opengid: string) => demo.tc.cloud.functions.issueCloudId(openid, { opengid });
let n = 0;

/** A villager of 夯沙村 raises a complaint through the api, a minute after the last. */
async function raise(extra: Record<string, unknown> = {}): Promise<string> {
  const openid = `o-detail-${++n}`;
  expect(await demo.tc.call('village.enter', { groupCloudId: cloudId(openid, GROUP) }, openid)).toMatchObject({ ok: true });
  demo.tc.cloud.clock.advance(60_000);
  const r = await demo.tc.call('complaint.raise', { villageId: 'vil-hangsha', clientId: `detail-page-${n}-abcdefgh`, text: '村口的路灯坏了两个月，晚上看不见路', ...extra }, openid);
  expect(r).toMatchObject({ ok: true });
  return r.data.id;
}

async function dispatched(category = 'service', departmentId = 'dept-baojing-police'): Promise<string> {
  const id = await raise({ category });
  expect(await demo.tc.call('complaint.dispatch', { id, category, unitId: 'county-baojing', departmentId }, TOWN)).toMatchObject({ ok: true });
  return id;
}

const stored = async (id: string) => (await demo.tc.call('complaint.get', { id }, DISCIPLINE)).data.complaint;

beforeAll(async () => {
  expect(await demo.tc.call('village.bindGroup', { villageId: 'vil-hangsha', groupCloudId: cloudId(GROUP_ADMIN, GROUP) }, GROUP_ADMIN)).toMatchObject({ ok: true });
});

async function open(openid: string, id: string): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, { id }, (p) => p.data.status !== 'loading', 'the complaint');
}

/** Tap a confirm button and wait for the action's answer and the read after it. */
async function confirm(page: Rendered, selector: string): Promise<void> {
  await tap(page, selector);
  await waitFor(() => !page.data.busy && (page.data.notice !== '' || page.data.formError !== ''), 'the action');
  await waitFor(() => !page.data.reading, 'the complaint read again');
}

const steps = (page: Rendered) => page.querySelectorAll('.step').map(textOf);
const deptIndex = (page: Rendered, label: string, field = 'deptLabels') => {
  const i = (page.data[field] as string[]).indexOf(label);
  if (i < 0) throw new Error(`no department ${label} among ${page.data[field]}`);
  return i;
};

it('the township accepts with a category, then dispatches to a department with its deadline', async () => {
  const id = await raise({ category: 'service', contact: { name: '石大姐', phone: '13912345678' }, location: { latitude: 28.4215, longitude: 109.6496 } });
  demo.at('2026-05-12T10:30:00+08:00');
  const page = await open(TOWN, id);
  expect(textOf(el(page, '#head'))).toBe('便民服务 待受理');
  expect(textOf(el(page, '#raised'))).toBe('夯沙村 · 5月12日 10:01 提出');
  expect(textOf(el(page, '#text'))).toBe('村口的路灯坏了两个月，晚上看不见路');
  // 便民服务 needs the contact (the county's rules): shown, with a call button.
  expect(textOf(el(page, '#contact'))).toBe('石大姐 13912345678');
  expect(el(page, '#call')).toBeDefined();
  expect(textOf(el(page, '#location'))).toBe('北纬 28.42150，东经 109.64960');
  expect(textOf(el(page, '#dept'))).toBe('未交办');
  expect(page.querySelector('#about')).toBeUndefined();
  expect(steps(page)).toEqual(['5月12日 10:01 村民提出诉求 夯沙村 村民']);
  // What the township may do with a complaint waiting to be accepted.
  expect(page.data.can).toMatchObject({ accept: true, reject: true, dispatch: true, transfer: false, answer: false, askExtension: false });
  expect(page.querySelector('#open-answer')).toBeUndefined();

  // 受理 without a category is not sent; with one it is.
  await tap(page, '#open-accept');
  expect(textOf(el(page, '#category-name'))).toBe('便民服务 ▾');
  await pick(page, '#category', -1);
  await tap(page, '#confirm-accept');
  expect(textOf(el(page, '#form-error'))).toBe('请选择诉求类别');
  await pick(page, '#category', page.data.categoryNames.indexOf('公示公开'));
  await confirm(page, '#confirm-accept');
  expect(textOf(el(page, '#notice'))).toBe('已受理，分类为公示公开');
  expect(textOf(el(page, '#head'))).toBe('公示公开 已受理');
  // 公示公开 keeps the contact hidden.
  expect(textOf(el(page, '#contact'))).toBe('匿名');
  expect(page.querySelector('#open-accept')).toBeUndefined();

  // 交办: the category is classified again on the way (便民服务), the department picked.
  await tap(page, '#open-dispatch');
  expect(textOf(el(page, '#category-name'))).toBe('公示公开 ▾');
  await tap(page, '#confirm-dispatch');
  expect(textOf(el(page, '#form-error'))).toBe('请选择承办部门');
  await pick(page, '#category', page.data.categoryNames.indexOf('便民服务'));
  await pick(page, '#dept-picker', deptIndex(page, '保靖县公安局'));
  expect(textOf(el(page, '#dept-name'))).toBe('保靖县公安局 ▾');
  await confirm(page, '#confirm-dispatch');
  // 便民服务: 5 working days from Tuesday 12 May → Tuesday 19 May, 18:00.
  expect(textOf(el(page, '#notice'))).toBe('已交办保靖县公安局，5月19日 18:00前办结');
  expect(textOf(el(page, '#head'))).toBe('便民服务 部门办理中');
  expect(textOf(el(page, '#dept'))).toBe('保靖县公安局');
  expect(textOf(el(page, '#deadline'))).toBe('5月19日 18:00');
  expect(steps(page)).toEqual([
    '5月12日 10:01 村民提出诉求 夯沙村 村民',
    '5月12日 10:30 受理 吕洞山镇 龙春花 公示公开',
    '5月12日 10:30 分类 吕洞山镇 龙春花 便民服务',
    '5月12日 10:30 交办部门 吕洞山镇 龙春花 保靖县公安局，5月19日 18:00前办结',
  ]);
  expect(page.data.can).toMatchObject({ accept: false, dispatch: false, transfer: true, decideExtension: false, answer: false });
  expect(await stored(id)).toMatchObject({ status: 'dispatched', category: 'service', dept: { unitId: 'county-baojing', id: 'dept-baojing-police' }, deadline: '2026-05-19T10:00:00.000Z' });
});

it('the department answers with a photo into its own folder; the answer and the record show', async () => {
  const id = await dispatched();
  demo.at('2026-05-13T09:00:00+08:00');
  const page = await open(POLICE, id);
  expect(page.data.can).toMatchObject({ answer: true, askExtension: true, accept: false, dispatch: false, transfer: false });
  await tap(page, '#open-answer');
  await tap(page, '#confirm-answer');
  expect(textOf(el(page, '#form-error'))).toBe('请填写答复内容，村民会看到');

  await type(page, '#answer-input', '已联系供电所，两个路灯已于今日修复');
  demo.device.media = ['wxfile://tmp/fixed.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 1, 'the photo');
  await confirm(page, '#confirm-answer');
  expect(textOf(el(page, '#notice'))).toBe('已答复办结，等待村民评价');
  expect(textOf(el(page, '#head'))).toBe('便民服务 已答复待评价');
  expect(textOf(el(page, '#answer-text'))).toBe('已联系供电所，两个路灯已于今日修复');
  expect(textOf(el(page, '#answer-who'))).toBe('保靖县公安局 梁志刚 5月13日 09:00 按时办结');
  expect(el(page, '#answer-photo-0')).toBeDefined();
  expect(page.data.c.answer.photos[0]).toMatch(/^http/);
  expect(steps(page).pop()).toBe('5月13日 09:00 办结答复 保靖县公安局 梁志刚 已联系供电所，两个路灯已于今日修复');
  expect(page.querySelector('#actions')).toBeUndefined();
  // The photo went up once, into the handler's own folder, and the answer holds it.
  expect(demo.device.uploadCalls).toHaveLength(1);
  expect(String((demo.device.uploadCalls[0]!.formData as { cloudPath: string }).cloudPath)).toMatch(new RegExp(`^complaint-answers/p-bj-dept-police/${id}-`));
  expect(await stored(id)).toMatchObject({ status: 'answered', answer: { text: '已联系供电所，两个路灯已于今日修复', onTime: true } });
  expect((await stored(id)).answer.photos).toHaveLength(1);

  // The villager rates it: the rating shows to the handlers.
  const openid = `o-detail-${n}`;
  expect(await demo.tc.call('complaint.rate', { id, value: 'basicallySatisfied', comment: '修得挺快' }, openid)).toMatchObject({ ok: true });
  const town = await open(TOWN, id);
  expect(textOf(el(town, '#rating'))).toBe('基本满意：修得挺快');
});

it('transfers to another department, which asks for more days; the township approves', async () => {
  const id = await dispatched();
  demo.at('2026-05-12T11:00:00+08:00');
  const town = await open(TOWN, id);
  await tap(town, '#open-transfer');
  // Not to the department it is with.
  expect(town.data.transferLabels).not.toContain('保靖县公安局');
  await pick(town, '#transfer-picker', deptIndex(town, '保靖县农业农村局', 'transferLabels'));
  await tap(town, '#confirm-transfer');
  expect(textOf(el(town, '#form-error'))).toBe('请写明转办理由');
  await type(town, '#reason', '属于农业农村局职责');
  await confirm(town, '#confirm-transfer');
  expect(textOf(el(town, '#notice'))).toBe('已转办保靖县农业农村局，5月19日 18:00前办结');
  expect(textOf(el(town, '#dept'))).toBe('保靖县农业农村局');
  expect(steps(town).pop()).toBe('5月12日 11:00 转办 吕洞山镇 龙春花 转至保靖县农业农村局：属于农业农村局职责');

  // The police see it no more; agriculture asks for three more working days.
  demo.loginAs(POLICE);
  const gone = await openPage(PAGE, { id }, (p) => p.data.status !== 'loading');
  expect(textOf(el(gone, '#missing'))).toBe('诉求不存在，或您无权查看');
  const agri = await open(AGRI, id);
  await tap(agri, '#open-ask');
  await type(agri, '#days', '0');
  await tap(agri, '#confirm-ask');
  expect(textOf(el(agri, '#form-error'))).toBe('请填写要延期的工作日天数（1 到 60 天）');
  await type(agri, '#days', '3');
  await type(agri, '#reason', '需要等待上级拨付维修资金');
  await confirm(agri, '#confirm-ask');
  expect(textOf(el(agri, '#notice'))).toBe('已申请延期 3 个工作日，等待审批');
  expect(textOf(el(agri, '#extension'))).toBe('申请延期 3 个工作日：需要等待上级拨付维修资金（田玉兰 5月12日 11:00）（待审批）');
  expect(agri.data.can).toMatchObject({ askExtension: false, answer: true });

  // The township decides: 不同意 needs a reason; 同意 moves the deadline by three working days.
  const again = await open(TOWN, id);
  expect(again.data.can.decideExtension).toBe(true);
  await tap(again, '#open-decide');
  expect(textOf(el(again, '#decide-what'))).toContain('申请延期 3 个工作日');
  await tap(again, '#refuse');
  expect(textOf(el(again, '#form-error'))).toBe('不同意延期时请写明理由，承办部门会看到');
  await type(again, '#note', '同意，请抓紧');
  await confirm(again, '#approve');
  expect(textOf(el(again, '#notice'))).toBe('已同意延期，5月22日 18:00前办结');
  expect(textOf(el(again, '#deadline'))).toBe('5月22日 18:00');
  expect(again.querySelector('#extension')).toBeUndefined();
  expect(steps(again).slice(-2)).toEqual([
    '5月12日 11:00 申请延期 保靖县农业农村局 田玉兰 3个工作日：需要等待上级拨付维修资金',
    '5月12日 11:00 同意延期 吕洞山镇 龙春花 延期3个工作日，5月22日 18:00前办结：同意，请抓紧',
  ]);
});

it('不予受理 needs a reason; a handler who comes second is told and sees the complaint as it is', async () => {
  const id = await raise({ category: 'education' });
  const page = await open(TOWN, id);
  await tap(page, '#open-reject');
  await tap(page, '#confirm-reject');
  expect(textOf(el(page, '#form-error'))).toBe('请写明不予受理的理由，村民会看到');
  await tap(page, '#cancel');
  expect(page.querySelector('#panel-reject')).toBeUndefined();

  // 石秀珍 accepts it from her village meanwhile; 龙春花's 受理 is refused with the server's words.
  expect(await demo.tc.call('complaint.accept', { id, category: 'education' }, GROUP_ADMIN)).toMatchObject({ ok: true });
  demo.loginAs(TOWN);
  await tap(page, '#open-accept');
  await confirm(page, '#confirm-accept');
  expect(textOf(el(page, '#notice'))).toBe('该诉求已受理，不能受理');
  expect(textOf(el(page, '#head'))).toBe('宣传教育 已受理');
  expect(page.querySelector('#open-accept')).toBeUndefined();

  await tap(page, '#open-reject');
  await type(page, '#reason', '已在村民大会上答复，不属于诉求');
  await confirm(page, '#confirm-reject');
  expect(textOf(el(page, '#notice'))).toBe('已不予受理，村民会看到理由');
  expect(textOf(el(page, '#head'))).toBe('宣传教育 不予受理');
  expect(page.querySelector('#actions')).toBeUndefined();
  expect(steps(page).pop()).toBe('5月12日 10:01 不予受理 吕洞山镇 龙春花 已在村民大会上答复，不属于诉求');
});

it('keeps a report about the first secretary to discipline staff, who see whom it names and answer it', async () => {
  const openid = 'o-detail-whistle';
  expect(await demo.tc.call('village.enter', { groupCloudId: cloudId(openid, GROUP) }, openid)).toMatchObject({ ok: true });
  const form = await demo.tc.call('complaint.form', { villageId: 'vil-hangsha' }, openid);
  const cadre = form.data.cadres.find((c: { name: string }) => c.name === '刘振邦');
  const r = await demo.tc.call('complaint.raise', { villageId: 'vil-hangsha', clientId: 'detail-page-whistle-1', category: 'report', text: '第一书记经常不在村，工作日也在县城', about: { personId: cadre.id, name: '刘振邦' } }, openid);
  expect(r).toMatchObject({ ok: true, data: { confidential: true } });
  const id = r.data.id;

  // Neither the township, nor the village's 村群管理员, nor the cadre it names can open it.
  for (const who of [TOWN, GROUP_ADMIN]) expect(textOf(el(await open(who, id), '#missing'))).toBe('诉求不存在，或您无权查看');
  expect(textOf(el(await open('demo-fs-hangsha', id), '#forbidden'))).toBe('您不能查看这条诉求');

  demo.at(DEMO_NOW);
  const page = await open(DISCIPLINE, id);
  expect(textOf(el(page, '#head'))).toBe('信访举报 待受理 信访举报·保密');
  expect(textOf(el(page, '#about'))).toBe('刘振邦');
  expect(page.data.can).toMatchObject({ accept: true, dispatch: true, answer: false });
  await tap(page, '#open-accept');
  expect(textOf(el(page, '#category-name'))).toBe('信访举报 ▾');
  await confirm(page, '#confirm-accept');
  expect(textOf(el(page, '#notice'))).toBe('已受理，分类为信访举报');
  expect(steps(page).pop()).toBe('5月12日 10:00 受理 保靖县 张晓红 信访举报');

  // They give it to a department, and may answer a confidential one themselves.
  await tap(page, '#open-dispatch');
  await pick(page, '#dept-picker', deptIndex(page, '保靖县公安局'));
  await confirm(page, '#confirm-dispatch');
  expect(textOf(el(page, '#notice'))).toBe('已交办保靖县公安局，6月2日 18:00前办结');
  expect(page.data.can).toMatchObject({ answer: true, transfer: true });
  await tap(page, '#open-answer');
  await type(page, '#answer-input', '经核查，该同志已按规定请假外出，已提醒其严格落实驻村要求');
  await confirm(page, '#confirm-answer');
  expect(textOf(el(page, '#notice'))).toBe('已答复办结，等待村民评价');
  expect(textOf(el(page, '#answer-who'))).toBe('保靖县 张晓红 5月12日 10:00 按时办结');
});

it('says so for a link without a complaint, and for someone who handles none', async () => {
  demo.loginAs(TOWN);
  const none = await openPage(PAGE, {}, (p) => p.data.status !== 'loading');
  expect(textOf(el(none, '#missing'))).toBe('诉求不存在，或您无权查看');
  const id = await raise();
  expect(textOf(el(await open('demo-vl-hangsha', id), '#forbidden'))).toBe('您不能查看这条诉求');
});
