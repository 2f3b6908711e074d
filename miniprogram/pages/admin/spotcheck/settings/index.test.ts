/**
 * 约请规则 against a real local cloud seeded with the demo county: 石慧敏 of 花垣县 reads the
 * defaults, changes the rules and saves them; what the server refuses (thresholds that do not
 * increase, an end of the day before its start, a number out of range) is shown in its words
 * and nothing is saved; a city's staff picks among its counties; townships, other counties and
 * cadres are refused.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/spotcheck/settings/index';
const demo = useDemoCloud();

const CITY_STAFF = 'demo-city-staff-xiang'; // 向晓岚, staff of 湘西州
const OTHER_COUNTY_STAFF = 'demo-bj-staff'; // 彭雪芳, staff of 保靖县

const DEFAULTS = { deadlineMin: 30, workHours: { start: '08:30', end: '17:30' }, periodDays: 90, noticeAt: 2, talkAt: 3, recallAt: 5 };

/** The county's rules as the server keeps them (read by its own staff). */
async function saved(countyId = 'county-huayuan', openid: string = DEMO.countyStaff) {
  const a = await demo.tc.call('spotCheck.getSettings', { countyId }, openid);
  expect(a).toMatchObject({ ok: true });
  return a.data;
}

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || page.data.settingsStatus !== 'loading'), 'the rules');
  return page;
}

async function save(page: Rendered): Promise<void> {
  await tap(page, '#save');
  await waitFor(() => !page.data.saving && (page.data.notice !== '' || page.data.saveError !== ''), 'the save');
}

const form = (page: Rendered) => {
  const d = page.data;
  return { deadline: d.deadlineMin, start: d.start, end: d.end, period: d.periodDays, notice: d.noticeAt, talk: d.talkAt, recall: d.recallAt };
};

afterEach(async () => {
  // Each test starts from the defaults.
  expect(await demo.tc.call('spotCheck.setSettings', { countyId: 'county-huayuan', settings: DEFAULTS }, DEMO.countyStaff)).toMatchObject({ ok: true });
});

it('shows the defaults; a change is saved, read back, and audited', async () => {
  expect(await saved()).toEqual(DEFAULTS);
  const page = await open();
  expect(textOf(el(page, '#county-name'))).toBe('花垣县');
  expect(page.querySelector('#county')).toBeUndefined(); // one county: no picker
  expect(form(page)).toEqual({ deadline: '30', start: '08:30', end: '17:30', period: '90', notice: '2', talk: '3', recall: '5' });
  expect(textOf(el(page, '#start-text'))).toBe('08:30');
  expect(textOf(el(page, '#calendar'))).toBe('约请只在工作日（含调休上班日）的工作时间内发起。');
  expect(textOf(el(page, '#ladder'))).toBe('90 天内第 2 次未响应通报批评，第 3 次约谈，第 5 次起建议召回。');

  await type(page, '#deadline', '20');
  await pick(page, '#start', '09:00');
  await pick(page, '#end', '17:00');
  await type(page, '#period', '60');
  await type(page, '#notice-at', '3');
  await type(page, '#talk-at', '4');
  await type(page, '#recall-at', '6');
  expect(textOf(el(page, '#end-text'))).toBe('17:00');
  expect(textOf(el(page, '#ladder'))).toBe('60 天内第 3 次未响应通报批评，第 4 次约谈，第 6 次起建议召回。');
  await save(page);
  expect(textOf(el(page, '#notice'))).toBe('已保存');
  expect(page.querySelector('#save-error')).toBeUndefined();

  const want = { deadlineMin: 20, workHours: { start: '09:00', end: '17:00' }, periodDays: 60, noticeAt: 3, talkAt: 4, recallAt: 6 };
  expect(await saved()).toEqual(want);
  const log = await demo.tc.call('org.auditLog', { unitId: 'county-huayuan' }, DEMO.countyStaff);
  expect(log.data[0]).toMatchObject({ action: 'spotCheck.setSettings' });
  const again = await open();
  expect(form(again)).toEqual({ deadline: '20', start: '09:00', end: '17:00', period: '60', notice: '3', talk: '4', recall: '6' });

  // The new hours hold: a spot check at 08:45 is now outside them.
  demo.tc.cloud.clock.set('2026-05-12T08:45:00+08:00', { frozen: true });
  expect(await demo.tc.call('spotCheck.issue', { unitId: 'vil-shibadong', requestId: 'settings-page-1-abcdefgh', personIds: ['p-fs-shibadong'] }, DEMO.townStaff)).toMatchObject({ ok: false, message: '约请只能在工作时间（09:00–17:00）内发起' });

  // Editing after a save: the 已保存 goes away until the next save.
  await type(again, '#deadline', '25');
  expect(again.querySelector('#notice')).toBeUndefined();
});

it('shows what the server refuses, and saves nothing', async () => {
  const page = await open();

  // The talk threshold not above the notice's.
  await type(page, '#talk-at', '2');
  await save(page);
  expect(page.querySelector('#notice')).toBeUndefined();
  expect(textOf(el(page, '#save-error'))).toBe('提交的内容不符合要求，请检查后重试（次数应依次增加：通报批评 < 约谈 < 召回）');
  expect(await saved()).toEqual(DEFAULTS);

  // Editing clears the error; the end of the day before its start is refused too.
  await type(page, '#talk-at', '4');
  expect(page.querySelector('#save-error')).toBeUndefined();
  await pick(page, '#end', '08:00');
  await save(page);
  expect(textOf(el(page, '#save-error'))).toBe('提交的内容不符合要求，请检查后重试（工作时间：下班时间必须晚于上班时间）');
  expect(await saved()).toEqual(DEFAULTS);

  // A number out of range, named by its label.
  await pick(page, '#end', '17:30');
  await type(page, '#deadline', '3');
  await save(page);
  expect(textOf(el(page, '#save-error'))).toMatch(/^提交的内容不符合要求，请检查后重试（响应时限：.*5.*）$/);
  expect(await saved()).toEqual(DEFAULTS);

  // A number that is not one is not sent.
  await type(page, '#deadline', '');
  await save(page);
  expect(textOf(el(page, '#save-error'))).toBe('响应时限请填写整数');
  expect(await saved()).toEqual(DEFAULTS);

  // Put right, it saves.
  await type(page, '#deadline', '45');
  await save(page);
  expect(textOf(el(page, '#notice'))).toBe('已保存');
  expect(await saved()).toEqual({ ...DEFAULTS, deadlineMin: 45, talkAt: 4 });
});

it('lets a city’s staff pick one of its counties; that county’s rules alone change', async () => {
  const page = await open(CITY_STAFF);
  expect(page.data.countyNames).toEqual(expect.arrayContaining(['花垣县', '保靖县']));
  const i = page.data.counties.findIndex((c: { id: string }) => c.id === 'county-baojing');
  await pick(page, '#county', i);
  await waitFor(() => page.data.countyId === 'county-baojing' && page.data.settingsStatus === 'ok', '保靖县');
  expect(textOf(el(page, '#county-name'))).toBe('保靖县 ▾');
  await type(page, '#deadline', '15');
  await save(page);
  expect(textOf(el(page, '#notice'))).toBe('已保存');
  expect((await saved('county-baojing', OTHER_COUNTY_STAFF)).deadlineMin).toBe(15);
  expect(await saved()).toEqual(DEFAULTS);
  expect(await demo.tc.call('spotCheck.setSettings', { countyId: 'county-baojing', settings: DEFAULTS }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: true });
});

it('refuses callers whose scope does not cover the county', async () => {
  // Staff of another county, asking for 花垣县.
  const other = await open(OTHER_COUNTY_STAFF, { countyId: 'county-huayuan' });
  expect(other.data.settingsStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看或设置这个县（区）的约请规则');
  expect(textOf(el(other, '#settings-error'))).toBe('没有权限进行此操作');
  expect(other.querySelector('#save')).toBeUndefined();
  expect(await demo.tc.call('spotCheck.setSettings', { countyId: 'county-huayuan', settings: { ...DEFAULTS, deadlineMin: 10 } }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });

  // A township's own staff: the rules are the county's.
  const town = await open(DEMO.townStaff);
  expect(textOf(el(town, '#forbidden'))).toBe('只有县（区）或市级组织部门的同志可以设置约请规则');
  expect(textOf(el(town, '#forbidden-reason'))).toBe('约请规则按县（区）统一设置');

  // A cadre.
  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有县（区）或市级组织部门的同志可以设置约请规则');
  expect(cadre.querySelector('#deadline')).toBeUndefined();

  expect(await saved()).toEqual(DEFAULTS);
});
