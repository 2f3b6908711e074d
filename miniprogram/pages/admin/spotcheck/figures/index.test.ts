/**
 * 约请统计 against a real local cloud: on a Tuesday in May 龙小燕 of 双龙镇 asks three cadres
 * where they are. 蒋文博 (十八洞村) answers on time with a fix and a live photo; a video call
 * finds 欧阳靖 (金龙村) away and he never answers; 唐晓峰 (董马库村) misses that one and the next,
 * which takes him to a notice. The township criticises him on one inquiry and the county
 * publishes the notice. The figures count all of it, by village and in total.
 */
import { upload } from '../../../../api/index';
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, textOf, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { climbLadder, closeExpired } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/spotcheck/figures/index';
const demo = useDemoCloud();

const at = (iso: string | Date) => demo.tc.cloud.clock.set(iso, { frozen: true });

/** The timer, once the deadline and its grace have passed: requests close, the ladder climbs. */
async function timer(iso: string): Promise<void> {
  at(iso);
  const now = demo.tc.cloud.clock.now();
  await closeExpired(now);
  await climbLadder(new Date('2026-05-12T00:00:00+08:00'), now);
}

beforeAll(async () => {
  const town = DEMO.townStaff;
  at('2026-05-12T09:00:00+08:00');
  const first = await demo.tc.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: 'figures-page-1-abcdefgh', personIds: ['p-fs-shibadong', 'p-fs-jinlong', 'p-fs-dongmaku'] }, town);
  expect(first).toMatchObject({ ok: true, data: { skipped: [] } });
  const idOf = (personId: string) => first.data.issued.find((i: { personId: string }) => i.personId === personId).id as string;

  // 蒋文博 answers at 09:05 from his village, with a live photo uploaded as his page uploads it.
  at('2026-05-12T09:05:00+08:00');
  const village = await demo.tc.call('org.getUnit', { id: 'vil-shibadong' }, town);
  demo.loginAs(DEMO.cadre);
  demo.device.files.set('wxfile://tmp/live.jpg', Buffer.from('现场照片'));
  const photo = await upload('wxfile://tmp/live.jpg', 'spotchecks/p-fs-shibadong/figures-1.jpg');
  if (!photo.ok) throw new Error(photo.message);
  demo.loginAs(null);
  const fix = { clientId: 'figures-fix-1-abcdefgh', lat: village.data.center.lat, lng: village.data.center.lng, accuracy: 20, capturedAt: demo.tc.cloud.clock.now().toISOString() };
  expect(await demo.tc.call('spotCheck.answer', { id: idOf('p-fs-shibadong'), fix, photoFileId: photo.data.fileID }, DEMO.cadre)).toMatchObject({ ok: true, data: { status: 'answered' } });

  // A video call finds 欧阳靖 away.
  expect(await demo.tc.call('spotCheck.recordCall', { id: idOf('p-fs-jinlong'), channel: 'video', outcome: 'notAtPost', note: '视频中在县城' }, town)).toMatchObject({ ok: true });

  await timer('2026-05-12T09:33:00+08:00');
  at('2026-05-12T10:00:00+08:00');
  expect(await demo.tc.call('spotCheck.issue', { unitId: 'vil-dongmaku', requestId: 'figures-page-2-abcdefgh', personIds: ['p-fs-dongmaku'] }, town)).toMatchObject({ ok: true });
  await timer('2026-05-12T10:33:00+08:00');

  // The township criticises 唐晓峰 on his first inquiry; the county publishes the notice.
  at('2026-05-12T11:00:00+08:00');
  const tasks = await demo.tc.call('spotCheck.tasks', { unitId: 'vil-dongmaku', status: 'open' }, town);
  const inquiry = tasks.data.find((t: { kind: string; spotCheckIds: string[] }) => t.kind === 'inquiry' && t.spotCheckIds[0] === idOf('p-fs-dongmaku'));
  const notice = tasks.data.find((t: { kind: string }) => t.kind === 'notice');
  expect(notice).toBeDefined();
  expect(await demo.tc.call('spotCheck.resolveTask', { id: inquiry.id, kind: 'inquiry', result: 'criticised', reason: '无正当理由未响应，批评教育' }, town)).toMatchObject({ ok: true });
  expect(await demo.tc.call('spotCheck.resolveTask', { id: notice.id, kind: 'notice', publish: true, title: '关于唐晓峰同志的通报批评', body: '唐晓峰同志两次未响应约请，予以通报批评。' }, DEMO.countyStaff)).toMatchObject({ ok: true });
});

beforeEach(() => at('2026-05-12T16:00:00+08:00'));

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || (page.data.figuresStatus !== 'loading' && page.data.units.length > 0)), 'the figures');
  return page;
}

/** Each row as shown: the unit, then 发起 按时 超时 未响应 不在岗 发现问题 已整改 批评 约谈 召回. */
const rows = (page: Rendered) => page.querySelectorAll('.figure-row').map(textOf);

it('counts the month by village, with a total row', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇 ▾');
  expect(textOf(el(page, '#month-text'))).toBe('2026年5月 ▾');
  expect(textOf(el(page, '#head'))).toBe('单位 发起 按时 超时 未响应 不在岗 发现问题 已整改 批评 约谈 召回');
  const shown = rows(page);
  expect(shown).toHaveLength(5);
  expect(shown).toEqual(
    expect.arrayContaining([
      '十八洞村 1 1 0 0 0 0 0 0 0 0',
      '金龙村 1 0 0 1 1 1 0 0 0 0',
      '董马库村 2 0 0 2 0 2 1 2 0 0',
      '双龙村 0 0 0 0 0 0 0 0 0 0',
      '排碧村 0 0 0 0 0 0 0 0 0 0',
    ]),
  );
  expect(textOf(el(page, '#total'))).toBe('合计 4 1 0 3 1 3 1 2 0 0');
  expect(page.querySelector('#open')).toBeUndefined();
});

it('picks another month, and a village', async () => {
  const page = await open();
  await pick(page, '#month', '2026-04');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.month === '2026-04', 'April');
  expect(textOf(el(page, '#month-text'))).toBe('2026年4月 ▾');
  expect(textOf(el(page, '#total'))).toBe('合计 0 0 0 0 0 0 0 0 0 0');
  expect(rows(page)).toHaveLength(5);

  await pick(page, '#month', '2026-05');
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.month === '2026-05', 'May');
  const i = page.data.units.findIndex((u: { id: string }) => u.id === 'vil-dongmaku');
  expect(page.data.unitLabels[i]).toBe('双龙镇 / 董马库村');
  await pick(page, '#unit', i);
  await waitFor(() => page.data.figuresStatus === 'ok' && page.data.unitId === 'vil-dongmaku', '董马库村');
  expect(rows(page)).toEqual(['董马库村 2 0 0 2 0 2 1 2 0 0']);
  expect(textOf(el(page, '#total'))).toBe('合计 2 0 0 2 0 2 1 2 0 0');
});

it('shows requests still waiting, counted as issued only', async () => {
  at('2026-05-12T15:00:00+08:00');
  expect(await demo.tc.call('spotCheck.issue', { unitId: 'vil-paibi', requestId: 'figures-page-3-abcdefgh', personIds: ['p-fs-paibi'] }, DEMO.townStaff)).toMatchObject({ ok: true });
  const page = await open(DEMO.countyStaff);
  // The county's rows are its townships.
  expect(textOf(el(page, '#unit-name'))).toBe('花垣县 ▾');
  expect(rows(page)).toContain('双龙镇 5 1 0 3 1 3 1 2 0 0');
  expect(textOf(el(page, '#open'))).toBe('另有 1 次约请正在等待响应，计入“发起”。');
});

it('refuses a caller out of scope, and people who are not staff', async () => {
  const other = await open('demo-bj-staff', { unitId: 'town-shuanglong' });
  expect(other.data.figuresStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看这个单位的约请统计');
  expect(textOf(el(other, '#figures-error'))).toBe('没有权限进行此操作');
  expect(other.querySelector('#total')).toBeUndefined();

  demo.loginAs(DEMO.cadre);
  const cadre = render(PAGE);
  cadre.instance.onLoad({});
  await waitFor(() => cadre.data.status !== 'loading', 'the cadre’s page');
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门的同志可以查看约请统计');
});
