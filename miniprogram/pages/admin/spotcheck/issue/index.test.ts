/**
 * 发起约请 against a real local cloud seeded with the demo county, on Tuesday 2026-05-12 at
 * 10:00: 龙小燕 of 双龙镇 asks two named cadres (a lost answer retried is made once), draws two
 * by count and has the draw recomputed (一致, and 不一致 once the record is tampered with), and
 * is told the server's reason out of hours.
 */
import { createHash } from 'node:crypto';
import { localTransport } from '../../../../api/client';
import { setTransport, TransportError } from '../../../../api/index';
import type { CallRequest } from '../../../../api/index';
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { db } from '../../../../../server/platform/cloud';
import { registerOnLeave } from '../../../../../server/features/spotcheck/service';

const PAGE = 'pages/admin/spotcheck/issue/index';
const demo = useDemoCloud();

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  // The cadres, and the picker's units (so that no call is left running when the test ends).
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || (page.data.listStatus === 'idle' && page.data.units.length > 0)), 'the cadres');
  return page;
}

const cadreNames = (page: Rendered) => page.querySelectorAll('.cadre .item-name').map((n) => textOf(n));
const issued = (page: Rendered) => page.querySelectorAll('.issued').map((n) => textOf(n));

/** Every issue request the page sends passes through here (and may lose its first answer). */
function watchIssues(loseFirstAnswer = false): CallRequest[] {
  const sent: CallRequest[] = [];
  let lose = loseFirstAnswer;
  setTransport(async (req) => {
    const answer = await localTransport(req);
    if (req.action === 'spotCheck.issue') {
      sent.push(req);
      if (lose) {
        lose = false;
        // The server made the issue; the phone never heard back.
        throw new TransportError('timeout', 'answer lost');
      }
    }
    return answer;
  });
  return sent;
}

it('asks named cadres of the township and lists them with their deadlines; a retry after a lost answer is made once', async () => {
  const page = await open();
  expect(el(page, '#unit-name').dom!.textContent).toBe('双龙镇 ▾');
  // The cadres stationed under 双龙镇, not its staff.
  const names = cadreNames(page);
  expect(names).toEqual(expect.arrayContaining(['蒋文博', '石婷', '欧阳靖']));
  expect(names).not.toContain('龙小燕');

  // Nobody ticked: nothing is sent.
  const sent = watchIssues(true);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  await tap(page, '#issue');
  expect(el(page, '#form-error').dom!.textContent).toBe('请至少选择一名驻村干部');
  expect(sent).toHaveLength(0);

  // Search narrows the list; a tick survives the search being cleared.
  await type(page, '#q', '蒋');
  await tap(page, '#search');
  await waitFor(() => page.data.listStatus === 'idle' && page.data.searched === '蒋', 'the search');
  expect(cadreNames(page)).toEqual(['蒋文博']);
  await tap(page, '#cadre-p-fs-shibadong');
  await tap(page, '#clear');
  await waitFor(() => page.data.listStatus === 'idle' && page.data.cadres.length > 1, 'the whole list');
  await tap(page, '#cadre-p-tm-shibadong-1');
  expect(el(page, '#selected').dom!.textContent).toBe('已选 2 人：蒋文博、石婷');
  expect(page.data.cadres.filter((c: { checked: boolean }) => c.checked).map((c: { id: string }) => c.id).sort()).toEqual(['p-fs-shibadong', 'p-tm-shibadong-1']);
  await type(page, '#note', '例行抽查');

  // The first answer is lost on the way back: the page says so and keeps the form.
  await tap(page, '#issue');
  await waitFor(() => !page.data.busy, 'the first try');
  expect(el(page, '#form-error').dom!.textContent).toBe('网络超时，请稍后重试');
  expect(warn).toHaveBeenCalledWith('[api] api/spotCheck.issue: timeout', 'answer lost');
  expect(page.querySelector('#result')).toBeUndefined();
  // 发起 again: the same requestId, and the server says it was made already.
  await tap(page, '#issue');
  await waitFor(() => !!page.data.result, 'the issue');
  expect(sent).toHaveLength(2);
  const [a, b] = sent.map((r) => (r.input as { requestId: string }).requestId);
  expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(b).toBe(a);
  expect(sent[1]!.input).toEqual({ unitId: 'town-shuanglong', note: '例行抽查', personIds: ['p-fs-shibadong', 'p-tm-shibadong-1'], requestId: a });

  expect(el(page, '#result-title').dom!.textContent).toBe('已向 2 人发起约请');
  expect(el(page, '#repeated').dom!.textContent).toContain('没有重复发送');
  expect(issued(page).sort()).toEqual(['石婷 十八洞村 截止 10:30（5月12日 10:30）', '蒋文博 十八洞村 截止 10:30（5月12日 10:30）']);
  expect(page.querySelector('#draw')).toBeUndefined();
  // One request each on the server, with the note.
  const board = await demo.tc.call('spotCheck.board', { unitId: 'vil-shibadong' }, DEMO.townStaff);
  const mine = board.data.items.filter((i: { note: string }) => i.note === '例行抽查');
  expect(mine.map((i: { personName: string }) => i.personName).sort()).toEqual(['石婷', '蒋文博']);

  // The board is a tap away; 再发起一次 is a new form, with a new requestId.
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  await tap(page, '#to-board');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/spotcheck/board/index?unitId=town-shuanglong' }));
  await tap(page, '#again');
  expect(el(page, '#selected').dom!.textContent).toBe('已选 0 人');
  await tap(page, '#cadre-p-fs-shibadong');
  await tap(page, '#issue');
  await waitFor(() => !!page.data.result, 'the second issue');
  expect((sent[2]!.input as { requestId: string }).requestId).not.toBe(a);
  expect(page.querySelector('#repeated')).toBeUndefined();
});

it('picks a unit under the township; a cadre on leave is skipped, with the reason', async () => {
  const page = await open(DEMO.townStaff, { unitId: 'vil-shibadong' });
  expect(el(page, '#unit-name').dom!.textContent).toBe('双龙镇 / 十八洞村 ▾');
  expect(cadreNames(page).sort()).toEqual(['石婷', '蒋文博', '龙俊杰'].sort());
  // Switching units clears the ticks and lists the other unit's cadres.
  await tap(page, '#cadre-p-tm-shibadong-2');
  const jinlong = page.data.units.findIndex((u: { id: string }) => u.id === 'vil-jinlong');
  await pick(page, '#unit', jinlong);
  await waitFor(() => page.data.listStatus === 'idle' && page.data.unitId === 'vil-jinlong', 'the other village');
  expect(cadreNames(page).sort()).toEqual(['吴磊', '欧阳靖'].sort());
  expect(page.data.selectedCount).toBe(0);
  await tap(page, '#cadre-p-fs-jinlong');
  await tap(page, '#cadre-p-tm-jinlong');
  // 吴磊 is on approved leave today.
  const undo = registerOnLeave(async (ids) => new Set(ids.filter((id) => id === 'p-tm-jinlong')));
  try {
    await tap(page, '#issue');
    await waitFor(() => !!page.data.result, 'the issue');
  } finally {
    undo();
  }
  expect(el(page, '#result-title').dom!.textContent).toBe('已向 1 人发起约请');
  expect(issued(page)).toEqual(['欧阳靖 金龙村 截止 10:30（5月12日 10:30）']);
  expect(textOf(el(page, '#skipped'))).toBe('未约请 1 人 吴磊 正在请假');
});

it('draws two by count, and the draw recomputes: 一致, and 不一致 once the record is changed', async () => {
  const page = await open();
  await tap(page, '#mode-draw');
  // A count is needed.
  await tap(page, '#issue');
  expect(el(page, '#form-error').dom!.textContent).toBe('请填写抽取人数（1–5000 的整数）');
  await type(page, '#amount', '2');
  await pick(page, '#include-today', true);
  const sent = watchIssues();
  await tap(page, '#issue');
  await waitFor(() => !!page.data.result, 'the draw');
  expect(sent[0]!.input).toMatchObject({ unitId: 'town-shuanglong', draw: { count: 2, includeCheckedToday: true } });
  expect(el(page, '#result-title').dom!.textContent).toBe('已向 2 人发起约请');
  const drawn = page.data.result.issued as { personId: string; name: string; deadline: string }[];
  expect(drawn).toHaveLength(2);
  expect(drawn.every((d) => d.deadline === '10:30')).toBe(true);

  await tap(page, '#verify');
  await waitFor(() => page.data.verifyStatus !== 'loading', 'the check');
  expect(el(page, '#verdict').dom!.textContent).toBe('一致');
  const seed = el(page, '#seed').dom!.textContent!;
  expect(seed).toMatch(/^[0-9a-f]{32}$/);
  expect(el(page, '#picked').dom!.textContent).toBe(drawn.map((d) => d.name).join('、'));
  expect(textOf(el(page, '#how'))).toContain('“种子:人员编号”的 SHA-256，按结果从小到大排列，取最小的 2 个');

  // Recomputed here by hand, from the stored list, exactly as the page explains it.
  const drawId = page.data.result.drawId as string;
  const { data: chunks } = await db.collection('spotCheckDraws').where({ drawId, kind: 'eligible' }).get<{ ids: string[] }>();
  const eligible = chunks.flatMap((c) => c.ids);
  expect(el(page, '#eligible').dom!.textContent).toBe(String(eligible.length));
  const rank = (id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  const byHand = [...eligible].sort((x, y) => (rank(x) < rank(y) ? -1 : 1)).slice(0, 2);
  expect(byHand).toEqual(drawn.map((d) => d.personId));

  // Someone changes the record: the check says so.
  await db.collection('spotCheckDraws').doc(drawId).update({ data: { seed: '0'.repeat(32) } });
  await tap(page, '#verify');
  await waitFor(() => page.data.verifyStatus !== 'loading' && page.data.verify.seed !== seed, 'the second check');
  expect(el(page, '#verdict').dom!.textContent).toBe('不一致');
});

it('out of working hours: the server’s reason, and nothing issued', async () => {
  demo.tc.cloud.clock.set('2026-05-12T18:00:00+08:00', { frozen: true });
  const before = (await db.collection('spotChecks').count()).total;
  const page = await open();
  await tap(page, '#cadre-p-fs-dongmaku');
  await tap(page, '#issue');
  await waitFor(() => !page.data.busy && page.data.formError !== '', 'the refusal');
  expect(el(page, '#form-error').dom!.textContent).toBe('约请只能在工作时间（08:30–17:30）内发起');
  expect(page.querySelector('#result')).toBeUndefined();
  expect((await db.collection('spotChecks').count()).total).toBe(before);
});

it('is only for organisation staff', async () => {
  const page = await open(DEMO.cadre);
  expect(el(page, '#forbidden').dom!.textContent).toBe('只有组织部门的同志可以发起约请');
});
