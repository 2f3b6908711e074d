/**
 * 督办任务 against a real local cloud: 花垣县 sets a strict ladder (通报批评 at 2 misses, 约谈 at
 * 3, 召回 at 4), 龙小燕 of 双龙镇 asks 唐晓峰 of 董马库村 four times on a Tuesday and he never
 * answers; the timer (the spot-check service's own sweep and ladder) closes each request and
 * climbs the ladder. Then the township follows up inquiries and talks, the county publishes the
 * notice and decides the recall, and each side is refused what is not theirs.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { climbLadder, closeExpired } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/spotcheck/tasks/index';
const demo = useDemoCloud();

const CADRE = 'p-fs-dongmaku'; // 唐晓峰, 董马库村 (双龙镇), dispatched by 中国农业银行湘西分行
const OTHER_COUNTY_STAFF = 'demo-bj-staff'; // 彭雪芳, 保靖县
/** After the last task was raised. */
const LATER = '2026-05-12T16:00:00+08:00';

const at = (iso: string | Date) => demo.tc.cloud.clock.set(iso, { frozen: true });

/** A spot check 唐晓峰 never answers: issued at `iso`, closed by the timer past its deadline and grace. */
async function miss(iso: string, n: number): Promise<string> {
  at(iso);
  const r = await demo.tc.call('spotCheck.issue', { unitId: 'vil-dongmaku', requestId: `tasks-page-${n}-abcdefgh`, personIds: [CADRE] }, DEMO.townStaff);
  expect(r).toMatchObject({ ok: true, data: { issued: [expect.objectContaining({ personId: CADRE })] } });
  const after = new Date(Date.parse(iso) + 33 * 60_000); // 30 minutes to answer, 2 of grace
  at(after);
  expect((await closeExpired(after)).closed).toBe(1);
  await climbLadder(new Date(Date.parse(iso) - 60_000), after);
  return r.data.issued[0].id as string;
}

let misses: string[] = [];

beforeAll(async () => {
  const strict = { deadlineMin: 30, workHours: { start: '08:30', end: '17:30' }, periodDays: 90, noticeAt: 2, talkAt: 3, recallAt: 4 };
  expect(await demo.tc.call('spotCheck.setSettings', { countyId: 'county-huayuan', settings: strict }, DEMO.countyStaff)).toMatchObject({ ok: true });
  misses = [];
  for (const [n, iso] of ['2026-05-12T09:00:00+08:00', '2026-05-12T10:00:00+08:00', '2026-05-12T11:00:00+08:00', '2026-05-12T14:00:00+08:00'].entries()) misses.push(await miss(iso, n));
});

beforeEach(() => at(LATER));

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = { unitId: 'town-shuanglong' }): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || page.data.listStatus !== 'loading'), 'the tasks');
  return page;
}

async function filter(page: Rendered, selector: string): Promise<void> {
  await tap(page, selector);
  await waitFor(() => page.data.listStatus !== 'loading', 'the list');
}

const indexOf = (page: Rendered, kind: string) => page.data.items.findIndex((i: { kind: string }) => i.kind === kind);
const taskText = (page: Rendered, i: number) => textOf(el(page, `#task-${i}`));

async function submit(page: Rendered, selector: string): Promise<void> {
  await tap(page, selector);
  await waitFor(() => page.data.busyId === '' && page.data.listStatus !== 'loading', 'the answer');
}

/** The tasks as the server keeps them (read by the county). */
async function tasks(status: 'open' | 'done' | 'dismissed', kind?: string) {
  const a = await demo.tc.call('spotCheck.tasks', { unitId: 'town-shuanglong', status, ...(kind ? { kind } : {}) }, DEMO.countyStaff);
  expect(a).toMatchObject({ ok: true });
  return a.data as { id: string; kind: string; status: string; outcome: Record<string, string> | null; decidedByName: string | null }[];
}

it('lists the open tasks with why, the misses, the evidence and the trail; filters by kind', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇');
  expect(page.data.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['inquiry', 'inquiry', 'inquiry', 'inquiry', 'notice', 'recall', 'talk']);
  expect(page.data.items.every((i: { personName: string }) => i.personName === '唐晓峰')).toBe(true);

  const talk = taskText(page, indexOf(page, 'talk'));
  expect(talk).toContain('唐晓峰 约谈 待处理');
  expect(talk).toContain('董马库村');
  expect(talk).toContain('90 天内第 3 次未响应约请，按规定进入“约谈”');
  expect(talk).toContain('统计：90 天内未响应 3 次');
  expect(talk).toContain('依据：约请记录 3 条');
  expect(talk).toContain('派出单位：中国农业银行湘西分行');
  expect(talk).toContain('5月12日 11:33 生成');
  expect(talk).toContain('5月12日 11:33 系统生成：90 天内第 3 次未响应约请');
  expect(talk).not.toContain('由县（区）委组织部处理');
  expect(taskText(page, indexOf(page, 'notice'))).toContain('由县（区）委组织部处理');
  expect(taskText(page, indexOf(page, 'recall'))).toContain('依据：约请记录 4 条');
  const inquiry = taskText(page, indexOf(page, 'inquiry'));
  expect(inquiry).toMatch(/5月12日 \d\d:00 发出的约请，截止 \d\d:30 未响应/);
  expect(inquiry).toContain('依据：约请记录 1 条');
  expect(inquiry).not.toContain('统计：');
  expect(inquiry).not.toContain('派出单位');

  await filter(page, '#kind-inquiry');
  expect(page.data.items).toHaveLength(4);
  expect(page.querySelectorAll('.task').map((t) => textOf(t).split(' ').slice(0, 3).join(' '))).toEqual(Array(4).fill('唐晓峰 电话询问 待处理'));
  await filter(page, '#kind-recall');
  expect(page.data.items.map((i: { kind: string }) => i.kind)).toEqual(['recall']);
  await filter(page, '#tab-closed');
  expect(textOf(el(page, '#empty'))).toBe('没有已处理的督办任务');
});

it('township staff follow up an inquiry; it is done, and moves to 已处理', async () => {
  const page = await open();
  await filter(page, '#kind-inquiry');
  const id = page.data.items[0].id as string;

  // No result chosen: not sent.
  await tap(page, '#submit-0');
  expect(taskText(page, 0)).toContain('请选择处理结果');
  // Too short a reason: the server says so, and nothing is decided.
  await tap(page, '#result-0-reminded');
  expect(page.data.forms[0].result).toBe('reminded');
  await type(page, '#reason-0', '忙');
  await submit(page, '#submit-0');
  expect(taskText(page, 0)).toContain('请填写情况说明（至少2个字）');
  expect((await tasks('open', 'inquiry')).map((t) => t.id)).toContain(id);

  await type(page, '#reason-0', '电话询问：在镇里开会，手机静音，已提醒提前报备');
  await submit(page, '#submit-0');
  expect(textOf(el(page, '#notice'))).toBe('已记录电话询问结果：唐晓峰（董马库村）');
  const done = taskText(page, 0);
  expect(done).toContain('唐晓峰 电话询问 已办结');
  expect(done).toContain('处理结果：提醒');
  expect(done).toContain('5月12日 16:00 龙小燕：提醒：电话询问：在镇里开会，手机静音，已提醒提前报备');
  expect(page.querySelector('#submit-0')).toBeUndefined();

  const closed = await tasks('done', 'inquiry');
  expect(closed).toEqual([expect.objectContaining({ id, status: 'done', decidedByName: '龙小燕', outcome: { result: 'reminded', reason: '电话询问：在镇里开会，手机静音，已提醒提前报备' } })]);
  expect((await tasks('open', 'inquiry')).map((t) => t.id)).not.toContain(id);

  // 已处理 lists it; 待处理 no longer does.
  await filter(page, '#tab-closed');
  expect(page.data.items.map((i: { id: string }) => i.id)).toEqual([id]);
  expect(taskText(page, 0)).toContain('已办结');
  await filter(page, '#kind-all');
  expect(page.data.items.map((i: { id: string }) => i.id)).toEqual([id]);
  await filter(page, '#tab-open');
  expect(page.data.items.map((i: { id: string }) => i.id)).not.toContain(id);
  expect(page.data.items).toHaveLength(6);
});

it('a notice is the county’s: township staff are refused in the server’s words; county staff publish the draft', async () => {
  const town = await open();
  await filter(town, '#kind-notice');
  expect(town.data.items).toHaveLength(1);
  // The draft names the cadre and why, without the ladder's own words.
  expect(town.data.forms[0].title).toBe('关于唐晓峰同志未按要求响应约请的通报批评');
  expect(town.data.forms[0].body).toContain('董马库村驻村干部唐晓峰同志90 天内第 2 次未响应约请');
  expect(town.data.forms[0].body).not.toContain('按规定进入');
  await submit(town, '#publish-0');
  expect(taskText(town, 0)).toContain('通报批评和召回由县（区）委组织部处理');
  expect(taskText(town, 0)).toContain('待处理');
  expect(await tasks('open', 'notice')).toHaveLength(1);

  const county = await open(DEMO.countyStaff, {});
  expect(textOf(el(county, '#unit-name'))).toBe('花垣县');
  await filter(county, '#kind-notice');
  // 不予通报 needs a reason.
  await tap(county, '#decline-0');
  expect(taskText(county, 0)).toContain('请说明不予通报的理由');
  await type(county, '#title-0', '关于唐晓峰同志的通报批评');
  await submit(county, '#publish-0');
  expect(textOf(el(county, '#notice'))).toBe('已发布通报批评：唐晓峰（董马库村）');
  expect(taskText(county, 0)).toContain('已发布通报：关于唐晓峰同志的通报批评');
  expect(taskText(county, 0)).toContain('石慧敏：发布通报：关于唐晓峰同志的通报批评');
  const [published] = await tasks('done', 'notice');
  expect(published).toMatchObject({ status: 'done', decidedByName: '石慧敏', outcome: { title: '关于唐晓峰同志的通报批评', body: expect.stringContaining('予以通报批评') } });

  // 已处理 on the county's page has it, with its trail.
  await filter(county, '#tab-closed');
  expect(county.data.items.map((i: { kind: string }) => i.kind)).toEqual(['notice']);
  expect(taskText(county, 0)).toContain('唐晓峰 通报批评 已办结');
});

it('a talk is recorded by the township; a recall is decided by the county', async () => {
  const town = await open();
  await filter(town, '#kind-talk');
  await submit(town, '#talk-0');
  expect(taskText(town, 0)).toContain('请填写约谈地点');
  await pick(town, '#talk-date-0', '2026-05-12');
  await pick(town, '#talk-time-0', '15:30');
  await type(town, '#place-0', '双龙镇党委会议室');
  await submit(town, '#talk-0');
  expect(taskText(town, 0)).toContain('请填写参加约谈的人员');
  await type(town, '#who-0', '龙小燕、中国农业银行湘西分行王主任');
  await type(town, '#note-0', '本人作出书面检讨');
  await submit(town, '#talk-0');
  expect(textOf(el(town, '#notice'))).toBe('已记录约谈：唐晓峰（董马库村）');
  expect(taskText(town, 0)).toContain('已约谈');
  const note = '约谈时间：2026年5月12日 15:30；地点：双龙镇党委会议室；参加人员：龙小燕、中国农业银行湘西分行王主任；约谈情况：本人作出书面检讨';
  expect(await tasks('done', 'talk')).toEqual([expect.objectContaining({ status: 'done', outcome: { note } })]);

  // The recall: refused to the township in the server's words.
  await filter(town, '#kind-recall');
  await type(town, '#reason-0', '屡次不在岗');
  await submit(town, '#accept-0');
  expect(taskText(town, 0)).toContain('通报批评和召回由县（区）委组织部处理');

  const county = await open(DEMO.countyStaff, { unitId: 'town-shuanglong' });
  await filter(county, '#kind-recall');
  await tap(county, '#keep-0');
  expect(taskText(county, 0)).toContain('请写明暂不召回的理由');
  await type(county, '#reason-0', '已约谈，本人作出检讨，观察一个月');
  await submit(county, '#keep-0');
  expect(textOf(el(county, '#notice'))).toBe('已决定暂不召回：唐晓峰（董马库村）');
  expect(taskText(county, 0)).toContain('暂不召回');
  expect(await tasks('done', 'recall')).toEqual([expect.objectContaining({ outcome: { decision: 'declined', reason: '已约谈，本人作出检讨，观察一个月' } })]);
});

it('two staff at once: the second is told 该任务已处理 and the list is read again', async () => {
  const page = await open();
  await filter(page, '#kind-inquiry');
  const before = page.data.items.map((i: { id: string }) => i.id) as string[];
  expect(before).toHaveLength(3);
  const id = before[0]!;
  // The county decides it while the township is typing.
  expect(await demo.tc.call('spotCheck.resolveTask', { id, kind: 'inquiry', result: 'criticised', reason: '无正当理由，批评教育' }, DEMO.countyStaff)).toMatchObject({ ok: true });
  await tap(page, '#result-0-excused');
  await type(page, '#reason-0', '当时在村里入户走访，信号不好');
  await submit(page, '#submit-0');
  expect(textOf(el(page, '#alert'))).toBe('唐晓峰的电话询问：该任务已处理');
  expect(page.data.items.map((i: { id: string }) => i.id)).toEqual(before.slice(1));
  // The county's decision stands.
  expect((await tasks('done', 'inquiry')).find((t) => t.id === id)).toMatchObject({ decidedByName: '石慧敏', outcome: { result: 'criticised' } });
});

it('refuses callers out of scope, and people who are not staff', async () => {
  const other = await open(OTHER_COUNTY_STAFF, { unitId: 'town-shuanglong' });
  expect(other.data.listStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的督办任务');
  expect(textOf(el(other, '#list-error'))).toBe('没有权限进行此操作');
  expect(other.querySelector('.task')).toBeUndefined();
  expect(await demo.tc.call('spotCheck.resolveTask', { id: `inquiry.${misses[3]}`, kind: 'inquiry', result: 'excused', reason: '越权处理' }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });

  const cadre = await open(DEMO.cadre, {});
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门的同志可以处理督办任务');
});
