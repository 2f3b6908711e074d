/**
 * 驻点情况 against a real local cloud seeded with the demo county, on Tuesday 12 May 2026:
 * 双龙镇 stations on Tuesdays and 花垣县 checks in at night. 蒋文博 checked in at 十八洞村 with
 * two photos. 龙小燕 (双龙镇) sees one team of five present, the absent ones with their members,
 * opens 十八洞村's photos, steps back to the holiday week (the day moved to Wednesday), and reads
 * the nights: this week still open for everyone, last week all short. The county sees its
 * townships; staff of another county are refused; a cadre is told the page is for staff.
 */
import { DEFAULT_CHECKIN_SCHEDULE } from '../../../../server/features/checkin/schedule';
import { storage } from '../../../../server/platform/cloud';
import { DEMO, useDemoCloud } from '../../../testing/cloud';
import { el, openPage, tap, textOf, waitFor } from '../../../testing/simulate';
import type { Rendered } from '../../../testing/simulate';

const PAGE = 'pages/stationing/figure/index';
const demo = useDemoCloud();

beforeAll(async () => {
  const schedule = { ...DEFAULT_CHECKIN_SCHEDULE, windows: [...DEFAULT_CHECKIN_SCHEDULE.windows, { id: 'night', name: '夜间', start: '20:00', end: '23:00', remindBeforeMin: 0, night: true }] };
  expect(await demo.tc.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule }, DEMO.countyStaff)).toMatchObject({ ok: true });
  expect(await demo.tc.call('stationing.setDay', { townshipId: 'town-shuanglong', weekday: 2 }, DEMO.townStaff)).toMatchObject({ ok: true });
  demo.at('2026-05-12T09:30:00+08:00');
  const photos = [await storage.upload('stationing/p-fs-shibadong/a.jpg', Buffer.from('jpeg')), await storage.upload('stationing/p-fs-shibadong/b.jpg', Buffer.from('jpeg'))];
  const r = await demo.tc.call('stationing.submit', { clientId: 'figure-page-1-abcdefgh', lat: 28.381476, lng: 109.559549, accuracy: 20, capturedAt: new Date('2026-05-12T09:29:00+08:00').toISOString(), photoFileIds: photos }, DEMO.cadre);
  expect(r).toMatchObject({ ok: true, data: { counted: true } });
});

async function open(openid: string = DEMO.townStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  return openPage(PAGE, query, (p) => p.data.status !== 'loading' && (p.data.status !== 'ok' || (p.data.teamsStatus !== 'loading' && p.data.nightsStatus !== 'loading' && p.data.units.length > 0)), 'the figures');
}
const week = (page: Rendered, key: string) => waitFor(() => page.data.week === key && page.data.teamsStatus === 'ok' && page.data.nightsStatus === 'ok', key);

it('shows the township’s teams on the stationing day, the absent with their members, and a team’s photos', async () => {
  const page = await open();
  expect(textOf(el(page, '#unit-name'))).toBe('双龙镇 ▾');
  // A figure is of a township or above: no villages in the picker.
  expect(page.data.unitLabels).toEqual(['双龙镇']);
  expect(textOf(el(page, '#week-label'))).toBe('2026年第20周（5月11日—5月17日）');
  expect(textOf(el(page, '#teams-line'))).toBe('5 个村有驻点团队，到岗 1 / 5 个');
  expect(textOf(el(page, '#members-line'))).toBe('队员到岗 1 人，未到 8 人');
  expect(textOf(el(page, '#town-town-shuanglong'))).toBe('双龙镇 每周二 · 本周 5月12日 周二 · 今天');
  expect(page.querySelector('#unit-rows')).toBeUndefined();
  const jinlong = textOf(el(page, '#team-vil-jinlong'));
  expect(jinlong).toBe('金龙村 尚未签到（今天是驻点日） 未到：欧阳靖（第一书记）、吴磊（驻村工作队员）');
  expect(textOf(el(page, '#team-vil-shibadong'))).toBe('十八洞村 已到岗 已到：蒋文博（第一书记） 未到：龙俊杰（驻村工作队员）、石婷（驻村工作队员）');
  // Absent teams first.
  expect(page.data.teams.map((t: { status: string }) => t.status)).toEqual(['absent', 'absent', 'absent', 'absent', 'present']);

  await tap(page, '#team-vil-shibadong');
  await waitFor(() => page.data.openTeam && !page.data.openTeam.loading, 'the team’s photos');
  expect(textOf(el(page, '#record-0'))).toBe('蒋文博（第一书记） · 05-12 · 在村内 · 2 张照片');
  expect(page.querySelectorAll('.photo-img')).toHaveLength(2);
  await tap(page, '#team-vil-shibadong');
  expect(page.querySelector('#open-team')).toBeUndefined();
});

it('reads the nights: open while the week lasts, short once it is over', async () => {
  const page = await open();
  await tap(page, '#tab-nights');
  expect(textOf(el(page, '#nights-line'))).toBe('住夜达标 0 / 9 人，未达标 0 人，尚可补足 9 人');
  expect(textOf(el(page, '#nights-note'))).toBe('本周 5 个工作日');
  expect(textOf(el(page, '#short-p-tm-shibadong-1'))).toBe('石婷（驻村工作队员） 已住 0 晚 / 需 3 晚 十八洞村 · 本周还可补足');

  // Last week: 劳动节 week, 4 working days, the day moved to Wednesday; nobody stayed a night.
  await tap(page, '#prev-week');
  await week(page, '2026-W19');
  expect(textOf(el(page, '#week-label'))).toBe('2026年第19周（5月4日—5月10日）');
  expect(textOf(el(page, '#nights-line'))).toBe('住夜达标 0 / 9 人，未达标 9 人');
  expect(textOf(el(page, '#nights-note'))).toBe('本周 4 个工作日');
  expect(textOf(el(page, '#short-p-fs-shibadong'))).toBe('蒋文博（第一书记） 已住 0 晚 / 需 3 晚 十八洞村');
  await tap(page, '#tab-teams');
  expect(textOf(el(page, '#town-town-shuanglong'))).toBe('双龙镇 每周二 · 本周 5月6日 周三（5月5日 周二是节假日，顺延）');
  expect(textOf(el(page, '#teams-line'))).toBe('5 个村有驻点团队，到岗 0 / 5 个');
  expect(textOf(el(page, '#team-vil-jinlong'))).toBe('金龙村 未到岗 未到：欧阳靖（第一书记）、吴磊（驻村工作队员）');

  await tap(page, '#this-week');
  await week(page, '2026-W20');
  expect(page.querySelector('#this-week')).toBeUndefined();
});

it('shows a county by township', async () => {
  const page = await open(DEMO.countyStaff);
  expect(textOf(el(page, '#team-row-town-shuanglong'))).toBe('双龙镇 到岗 1 / 5 个团队');
  expect(textOf(el(page, '#team-row-town-biancheng'))).toBe('边城镇 到岗 0 / 0 个团队，未设定 5');
  expect(textOf(el(page, '#town-town-biancheng'))).toBe('边城镇 未设定驻点日');
  await tap(page, '#tab-nights');
  expect(textOf(el(page, '#night-row-town-shuanglong'))).toBe('双龙镇 达标 0 / 9 人，未达标 0 人，尚可补足 9');
});

it('refuses another county’s staff, and tells a cadre the page is for staff', async () => {
  const page = await open('demo-bj-staff', { unitId: 'town-shuanglong' });
  expect(textOf(el(page, '#teams-refused'))).toBe('您不能查看这个单位的驻点情况');
  await tap(page, '#tab-nights');
  expect(textOf(el(page, '#nights-refused'))).toBe('您不能查看这个单位的住夜情况');
  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有组织部门的同志可以查看驻点情况');
});
