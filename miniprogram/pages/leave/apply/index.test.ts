/**
 * 请假申请 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026 at
 * 10:00: 蒋文博, first secretary of 十八洞村 (双龙镇, 花垣县), picks a kind, taps days on the
 * calendar, sees the working days and the chain from `leave.quote`, and submits through the real
 * `leave.apply`; the server's refusals (no proof, overlap, no working days, quota) show in its
 * own words and leave the form as it was. Photos are really uploaded, into his leave folder.
 */
import { setTransport, TransportError } from '../../../api/index';
import { localTransport } from '../../../api/client';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, render, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/leave/apply/index';
const demo = useDemoCloud();

async function open(openid: string = DEMO.cadre): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  await waitFor(() => page.data.status !== 'loading', 'the page to load');
  return page;
}

const classOf = (page: Rendered, selector: string) => (el(page, selector).dom as unknown as { className: string }).className;
const quoted = (page: Rendered) => waitFor(() => !page.data.quoting, 'leave.quote');
const submitted = (page: Rendered) => waitFor(() => !page.data.submitting, 'leave.apply');
const mine = async () => (await demo.tc.call('leave.mine', {}, DEMO.cadre)).data.leaves as { id: string; kind: string; status: string; start: unknown; end: unknown; days: number; deputy: string | null; attachments: number; steps: { unitName: string; status: string }[] }[];

/** Choose the days afresh: the first and the last (one tap for one day). */
async function days(page: Rendered, first: string, last: string): Promise<void> {
  if (page.data.startDate) await tap(page, '#clear-days');
  await tap(page, `#day-${first}`);
  if (last !== first) await tap(page, `#day-${last}`);
  else expect(page.data.phase).toBe('end');
  await quoted(page);
}

it('shows what is left of each kind, and a calendar that marks holidays and 调休 days', async () => {
  const page = await open();
  expect(textOf(el(page, '#balance-personal'))).toBe('事假 今年还可请 15 天（每月最多 5 天）');
  expect(textOf(el(page, '#balance-sick'))).toBe('病假 不限天数，须上传证明');
  expect(textOf(el(page, '#balance-annual'))).toBe('年休假 今年还可请 5 天');
  expect(textOf(el(page, '#kind-official'))).toBe('公务外出 不限天数');

  // May 2026 starts on a Friday: four blanks under 一 二 三 四; 5-1 is 劳动节, Saturday 5-9 is worked.
  expect(textOf(el(page, '#month-title'))).toBe('2026年5月');
  expect(page.querySelectorAll('.day-blank')).toHaveLength(4);
  expect(textOf(el(page, '#day-2026-05-01'))).toBe('1 劳动节');
  expect(classOf(page, '#day-2026-05-01')).toContain('day-holiday');
  expect(textOf(el(page, '#day-2026-05-09'))).toBe('9 调休上班');
  expect(classOf(page, '#day-2026-05-09')).toContain('day-makeup');
  expect(textOf(el(page, '#day-2026-05-10'))).toBe('10 休');
  expect(classOf(page, '#day-2026-05-10')).toContain('day-weekend');
  expect(classOf(page, '#day-2026-05-12')).toMatch(/day-workday.*day-today/);
  // Days gone by cannot be chosen (except for sick leave, below).
  expect(classOf(page, '#day-2026-05-11')).toContain('day-past');
  await tap(page, '#day-2026-05-11');
  expect(textOf(el(page, '#day-info'))).toBe('2026年5月11日 已经过去，不能选');
  expect(page.data.startDate).toBe('');
  expect(page.data.canPrev).toBe(false);

  for (let i = 0; i < 5; i++) {
    await tap(page, '#next-month');
    await waitFor(() => page.data.month === `2026-${String(6 + i).padStart(2, '0')}`, 'the next month');
  }
  expect(textOf(el(page, '#month-title'))).toBe('2026年10月');
  expect(textOf(el(page, '#day-2026-10-01'))).toBe('1 国庆节');
  expect(classOf(page, '#day-2026-10-01')).toContain('day-holiday');
  expect(textOf(el(page, '#day-2026-10-07'))).toBe('7 国庆节');
  expect(textOf(el(page, '#day-2026-10-10'))).toBe('10 调休上班');
  expect(classOf(page, '#day-2026-10-10')).toContain('day-makeup');
  expect(classOf(page, '#day-2026-10-11')).toContain('day-weekend');
  expect(classOf(page, '#day-2026-10-08')).toContain('day-workday');
  await tap(page, '#day-2026-10-01');
  expect(textOf(el(page, '#day-info'))).toBe('2026年10月1日 法定节假日（国庆节），不计请假天数');
  await tap(page, '#day-2026-10-10');
  expect(textOf(el(page, '#day-info'))).toBe('2026年10月10日 调休上班（国庆节）');
  expect(classOf(page, '#day-2026-10-01')).toContain('day-start');
  expect(classOf(page, '#day-2026-10-05')).toContain('day-in');
  expect(classOf(page, '#day-2026-10-10')).toContain('day-end');
  // Before a kind is chosen there is nothing to count yet.
  expect(textOf(el(page, '#need-kind'))).toContain('选好请假类别后');
  expect(page.querySelector('#quote')).toBeUndefined();

  // The holiday week counts only its working days: 10-08, 10-09 and the Saturday worked, 10-10.
  await tap(page, '#kind-personal');
  await quoted(page);
  expect(textOf(el(page, '#quote-days'))).toBe('共计 3 个工作日');
});

it('事假 of 3 working days: the quote shows a chain of two steps, and the request lands as 审批中', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  await tap(page, '#kind-personal');
  expect(classOf(page, '#kind-personal')).toContain('kind-on');
  expect(textOf(el(page, '#kind-note'))).toBe('今年还可请 15 天（每月最多 5 天）');

  await tap(page, '#day-2026-05-13');
  expect(textOf(el(page, '#tap-hint'))).toBe('请点最后一天（只请一天就不用再点）');
  await tap(page, '#day-2026-05-15');
  await quoted(page);
  expect(textOf(el(page, '#tap-hint'))).toBe('已选好。要重选，请点新的第一天');
  expect(textOf(el(page, '#start-row'))).toContain('从 5月13日上午');
  expect(textOf(el(page, '#end-row'))).toContain('到 5月15日下午');
  expect(textOf(el(page, '#quote-days'))).toBe('共计 3 个工作日');
  expect(textOf(el(page, '#chain'))).toBe('双龙镇 → 花垣县');
  expect(textOf(el(page, '#chain-levels'))).toBe('乡镇党委 → 县委组织部');

  // Ending on Friday morning counts half a day less, and two days go to the township alone.
  await tap(page, '#end-am');
  await quoted(page);
  expect(textOf(el(page, '#quote-days'))).toBe('共计 2.5 个工作日');
  expect(textOf(el(page, '#chain'))).toBe('双龙镇 → 花垣县');
  await tap(page, '#start-pm');
  await quoted(page);
  expect(textOf(el(page, '#quote-days'))).toBe('共计 2 个工作日');
  expect(textOf(el(page, '#chain'))).toBe('双龙镇');
  await tap(page, '#start-am');
  await tap(page, '#end-pm');
  await quoted(page);
  expect(textOf(el(page, '#quote-days'))).toBe('共计 3 个工作日');

  await tap(page, '#submit');
  expect(textOf(el(page, '#form-error'))).toBe('请填写请假事由（至少 4 个字）');
  await type(page, '#reason', '家中老人住院需陪护');
  await type(page, '#deputy', '石婷');
  await tap(page, '#submit');
  await submitted(page);

  expect(textOf(el(page, '#done-what'))).toBe('事假 5月13日上午 至 5月15日下午（3 天）');
  expect(textOf(el(page, '#done-status'))).toBe('审批中');
  expect(textOf(el(page, '#done-chain'))).toBe('双龙镇 → 花垣县');
  expect(page.querySelectorAll('.step').map((s) => textOf(s))).toEqual(['乡镇党委（双龙镇）：审批中', '县委组织部（花垣县）：待审批']);
  expect(await mine()).toEqual([expect.objectContaining({
    kind: 'personal', status: 'pending', days: 3, deputy: '石婷', attachments: 0,
    start: { date: '2026-05-13', half: 'am' }, end: { date: '2026-05-15', half: 'pm' },
    steps: [expect.objectContaining({ unitName: '双龙镇', status: 'pending' }), expect.objectContaining({ unitName: '花垣县', status: 'waiting' })],
  })]);

  await tap(page, '#to-mine');
  expect(redirectTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/leave/mine/index' }));

  // 再请一次: a fresh form, and the balance counts the request just made.
  await tap(page, '#again');
  await waitFor(() => page.data.status === 'ok', 'the balances again');
  expect(textOf(el(page, '#balance-personal'))).toBe('事假 今年还可请 12 天（每月最多 5 天）');
  expect(page.data).toMatchObject({ kind: '', startDate: '', reason: '', deputy: '', photos: [] });
});

it('病假 without a photo is refused by the server and the form stays; with one it goes', async () => {
  const page = await open();
  await tap(page, '#kind-sick');
  expect(textOf(el(page, '#photo-label'))).toContain('证明材料（必须上传');
  // Sick leave may be asked for up to three days back.
  expect(classOf(page, '#day-2026-05-11')).not.toContain('day-past');
  expect(classOf(page, '#day-2026-05-08')).toContain('day-past');
  await days(page, '2026-05-19', '2026-05-19');
  expect(textOf(el(page, '#quote-days'))).toBe('共计 1 个工作日');
  expect(textOf(el(page, '#chain'))).toBe('双龙镇');
  await type(page, '#reason', '发烧需到县医院就诊');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('病假须上传证明材料（如病历、诊断证明的照片）');
  expect(page.data).toMatchObject({ kind: 'sick', startDate: '2026-05-19', endDate: '2026-05-19', reason: '发烧需到县医院就诊', done: null });
  expect((await mine()).filter((l) => l.kind === 'sick')).toEqual([]);

  demo.device.media = ['wxfile://tmp/sick-note.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 1, 'the photo');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#done-what'))).toBe('病假 5月19日上午 至 5月19日下午（1 天）');
  expect(page.querySelectorAll('.step').map((s) => textOf(s))).toEqual(['乡镇党委（双龙镇）：审批中']);

  // The photo went up once, into his own leave folder, and the request holds it.
  expect(demo.device.uploadCalls).toEqual([expect.objectContaining({ url: `${demo.tc.cloud.url}/_local/upload`, filePath: 'wxfile://tmp/sick-note.jpg', formData: { cloudPath: expect.stringMatching(/^leave\/p-fs-shibadong\/[A-Za-z0-9_-]+\.jpg$/) } })]);
  expect((await mine()).filter((l) => l.kind === 'sick')).toEqual([expect.objectContaining({ status: 'pending', attachments: 1 })]);
});

it('shows the server’s words for an overlap, a span without working days and a quota, keeping the form', async () => {
  const page = await open();
  await tap(page, '#kind-personal');
  await days(page, '2026-05-14', '2026-05-14');
  await type(page, '#reason', '回单位办理手续');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('与已有的请假（2026-05-13 至 2026-05-15）时间重叠');
  expect(page.data).toMatchObject({ kind: 'personal', startDate: '2026-05-14', reason: '回单位办理手续', done: null });

  // A weekend counts no working days: the quote says so, and so does the server.
  await days(page, '2026-05-16', '2026-05-17');
  expect(textOf(el(page, '#quote-days'))).toBe('共计 0 个工作日');
  expect(textOf(el(page, '#quote-zero'))).toBe('所选的日子都不是工作日，不用请假');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('所选时间都不是工作日（节假日、周末不计请假天数），无需请假');

  // May already holds 3 days of 事假; 3 more would pass the 5 a month.
  await days(page, '2026-05-20', '2026-05-22');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('事假每月最多 5 天，2026-05 已用或在审批中 3 天，本次 3 天超出');

  // The same form, corrected, goes.
  await days(page, '2026-05-20', '2026-05-20');
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#done-what'))).toBe('事假 5月20日上午 至 5月20日下午（1 天）');
  expect((await mine()).filter((l) => l.kind === 'personal').map((l) => l.days).sort()).toEqual([1, 3]);
});

it('makes one request when the answer was lost and 提交 is tapped again', async () => {
  const page = await open();
  await tap(page, '#kind-annual');
  await days(page, '2026-05-25', '2026-05-26');
  await type(page, '#reason', '回老家探望父母');

  // The server stores the request, but its answer never reaches the phone.
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  setTransport(async (r) => {
    const answer = await localTransport(r);
    if (r.action === 'leave.apply') throw new TransportError('offline', 'the answer was lost');
    return answer;
  });
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络不畅，请检查网络后重试');
  expect((await mine()).filter((l) => l.kind === 'annual')).toHaveLength(1);

  setTransport(null);
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#done-what'))).toBe('年休假 5月25日上午 至 5月26日下午（2 天）');
  expect((await mine()).filter((l) => l.kind === 'annual')).toHaveLength(1);
});

it('tells someone who is not a stationed cadre that there is no leave to ask for', async () => {
  const page = await open(DEMO.villager);
  expect(page.data.status).toBe('notCadre');
  expect(textOf(el(page, '#not-cadre'))).toBe('您当前没有驻村任务，无需请假');
  expect(page.querySelector('#submit')).toBeUndefined();
});
