/**
 * 暗访记录 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 石慧敏 (花垣县委组织部) picks 十八洞村, its team of three is listed, she marks each cadre, adds
 * a photo (really uploaded into her folder), writes what she found and submits through the real
 * `inspection.record`; the page goes on to the record. A lost answer retried is one record; a
 * cadre on approved leave may be marked 请假 (and only they); the record is corrected with a
 * reason; what the form lacks shows next to its fields; a cadre cannot record.
 */
import { approveLeave, freshLeave } from '../../../../test/fixtures';
import { DEMO, loseFirstAnswer, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, pick, tap, textOf, type, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/inspection/record/index';
const demo = useDemoCloud();
const STAFF = DEMO.countyStaff;
const FINDINGS = '上午10时到村部，第一书记在办公室接待群众，两名队员不在村。';

async function open(query: Record<string, string> = {}, openid: string = STAFF): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query);
}
const teamShown = (page: Rendered) => waitFor(() => page.data.teamStatus === 'ok' || page.data.teamStatus === 'empty' || page.data.teamStatus === 'error', 'the team');
const submitted = (page: Rendered) => waitFor(() => !page.data.submitting, 'the submit');
function landedOn(redirectTo: jest.SpyInstance): string {
  const url = String((redirectTo.mock.calls.at(-1)?.[0] as { url: string }).url);
  expect(url).toMatch(/^\/pages\/inspection\/detail\/index\?id=ins-[0-9a-f]{24}$/);
  return url.split('=')[1]!;
}
const count = async () => (await demo.tc.call('inspection.list', { unitId: 'vil-shibadong', month: '2026-05' }, STAFF)).data.total as number;

it('records an inspection of a village picked in scope, each cadre marked, with a photo, and lands on it', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open();
  expect(textOf(el(page, '#title'))).toBe('暗访记录');
  const i = page.data.villageLabels.findIndex((l: string) => l.endsWith('十八洞村'));
  expect(page.data.villageLabels[i]).toBe('花垣县 / 双龙镇 / 十八洞村');
  // Nothing chosen: said next to the field.
  await tap(page, '#submit');
  expect(textOf(el(page, '#village-error'))).toBe('请先选择暗访的村（社区）');

  await pick(page, '#village', i);
  await teamShown(page);
  expect(textOf(el(page, '#date-text'))).toBe('今天 5月12日 ▾');
  expect(page.querySelectorAll('.member').map(textOf)).toEqual([
    '蒋文博 第一书记 在岗 不在岗',
    expect.stringMatching(/^(石婷|龙俊杰) 驻村工作队员 在岗 不在岗$/),
    expect.stringMatching(/^(石婷|龙俊杰) 驻村工作队员 在岗 不在岗$/),
  ]);
  await type(page, '#findings', FINDINGS);
  await tap(page, '#present-0');
  await tap(page, '#submit');
  expect(textOf(el(page, '#marks-error'))).toMatch(/^还有(石婷、龙俊杰|龙俊杰、石婷)没有标记$/);
  expect(textOf(el(page, '#form-error'))).toBe('请按红字提示改一改，再点“提交”');
  await tap(page, '#absent-1');
  await tap(page, '#absent-2');
  expect(textOf(el(page, '#present-0'))).toBe('✓ 在岗');
  expect(textOf(el(page, '#absent-1'))).toBe('✓ 不在岗');
  await type(page, '#companions', '向东、龙梅');
  await type(page, '#remarks', '请双龙镇督促队员回村');
  demo.device.media = ['wxfile://tmp/door.jpg'];
  await tap(page, '#add-photo');
  await waitFor(() => page.data.photos.length === 1, 'the photo');
  demo.device.location = { latitude: 28.38, longitude: 109.55, accuracy: 25 };
  await tap(page, '#locate');
  await waitFor(() => !!page.data.locationText, 'the location');
  expect(textOf(el(page, '#location-text'))).toBe('已记录位置（误差约 25 米）');

  const before = await count();
  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect(await count()).toBe(before + 1);
  const r = (await demo.tc.call('inspection.get', { id }, STAFF)).data;
  expect(r).toMatchObject({ villageName: '十八洞村', outcome: 'partlyAbsent', present: 1, absent: 2, photos: 1, companions: ['向东', '龙梅'], remarks: '请双龙镇督促队员回村', location: { lat: 28.38, lng: 109.55, accuracy: 25 } });
  expect(r.report.text).toContain('检查组意见：请双龙镇督促队员回村');
  expect(demo.device.uploadCalls.map((u) => (u.formData as { cloudPath: string }).cloudPath)).toEqual([expect.stringMatching(/^inspections\/p-hy-staff\/[A-Za-z0-9_-]+-[a-z0-9]+-0\.jpg$/)]);
});

it('keeps one record when the answer is lost and 提交 is tapped again', async () => {
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open({ villageId: 'vil-shibadong' });
  await teamShown(page);
  await tap(page, '#all-absent');
  expect(page.data.members.map((m: { status: string }) => m.status)).toEqual(['absent', 'absent', 'absent']);
  await type(page, '#findings', '村部大门紧锁，驻村工作队无人在岗。');
  const sent = loseFirstAnswer('inspection.record');
  const before = await count();
  await tap(page, '#submit');
  await submitted(page);
  expect(textOf(el(page, '#form-error'))).toBe('网络超时，请稍后重试。填写的内容还在，请再点“提交”');
  await tap(page, '#submit');
  await submitted(page);
  const id = landedOn(redirectTo);
  expect(sent).toHaveLength(2);
  expect(sent[0]).toBe(sent[1]);
  expect(await count()).toBe(before + 1);
  expect((await demo.tc.call('inspection.get', { id }, STAFF)).data.outcome).toBe('teamAbsent');
});

it('offers 请假 only for a cadre on approved leave that day, recorded afterwards within the week', async () => {
  const leave = await freshLeave('vil-shibadong', { personId: 'p-tm-shibadong-1', kind: 'sick', start: { date: '2026-05-13', half: 'am' }, end: { date: '2026-05-13', half: 'pm' } });
  await approveLeave(leave, ['city-xiangxi', 'county-huayuan', 'town-shuanglong', 'vil-shibadong']);
  demo.at('2026-05-15T09:00:00+08:00');
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open({ villageId: 'vil-shibadong' });
  await teamShown(page);
  expect(page.querySelector('#leave-mark-0')).toBeUndefined();
  await pick(page, '#date', '2026-05-13');
  await waitFor(() => page.data.teamStatus === 'ok' && page.data.date === '2026-05-13' && page.data.members.some((m: { canLeave: boolean }) => m.canLeave), 'the team of the 13th');
  const onLeave = page.data.members.findIndex((m: { name: string }) => m.name === '石婷');
  expect(textOf(el(page, `#leave-${onLeave}`))).toBe('已请假：病假 5月13日');
  // Marked 请假 already; the others are marked by hand.
  expect(page.data.members[onLeave].status).toBe('leave');
  expect(textOf(el(page, `#leave-mark-${onLeave}`))).toBe('✓ 请假');
  for (let i = 0; i < 3; i++) if (i !== onLeave) await tap(page, `#present-${i}`);
  await type(page, '#findings', '补记：13日暗访，两人在岗，石婷病假。');
  await tap(page, '#submit');
  await submitted(page);
  const r = (await demo.tc.call('inspection.get', { id: landedOn(redirectTo) }, STAFF)).data;
  expect(r).toMatchObject({ date: '2026-05-13', visitedAt: null, outcome: 'allPresent', leave: 1 });
});

it('corrects the inspector’s own record with a reason, keeping what it replaced', async () => {
  const marks = ['p-fs-shibadong', 'p-tm-shibadong-1', 'p-tm-shibadong-2'].map((personId) => ({ personId, status: 'absent' }));
  const made = await demo.tc.call('inspection.record', { clientId: 'page-amend-000001', villageId: 'vil-shibadong', marks, findings: '村部无人，三名驻村干部均不在。' }, STAFF);
  demo.at('2026-05-12T15:00:00+08:00');
  const redirectTo = jest.spyOn(wx, 'redirectTo');
  const page = await open({ id: made.data.id });
  expect(textOf(el(page, '#title'))).toBe('更正暗访记录');
  expect(textOf(el(page, '#edit-note'))).toContain('十八洞村 · 5月12日');
  expect(page.querySelector('#village')).toBeUndefined();
  expect(page.data.findings).toBe('村部无人，三名驻村干部均不在。');
  await tap(page, '#present-0');
  await tap(page, '#submit');
  expect(textOf(el(page, '#reason-error'))).toBe('请填写更正原因');
  await type(page, '#reason', '经核实第一书记在村委会议室开会');
  await tap(page, '#submit');
  await submitted(page);
  expect(landedOn(redirectTo)).toBe(made.data.id);
  const r = (await demo.tc.call('inspection.get', { id: made.data.id }, STAFF)).data;
  expect(r).toMatchObject({ outcome: 'partlyAbsent', absent: 2, history: [{ byName: '石慧敏', reason: '经核实第一书记在村委会议室开会' }] });

  // Someone else's record (a township's staff, not the inspector) cannot be corrected here.
  const other = await open({ id: made.data.id }, DEMO.townStaff);
  expect(textOf(el(other, '#not-editable'))).toBe('这条暗访记录不能再由您更正');
});

it('refuses people who do not inspect', async () => {
  expect(textOf(el(await open({}, DEMO.cadre), '#forbidden'))).toBe('只有组织部门和纪委监委的同志可以记录暗访');
  expect(textOf(el(await open({}, DEMO.villager), '#forbidden'))).toBe('只有组织部门和纪委监委的同志可以记录暗访');
});
