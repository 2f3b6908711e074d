/**
 * The check-in schedule (签到时段设置) against a real local cloud seeded with the demo county:
 * 石慧敏 of 花垣县 edits the county's windows and rules and saves them; what the server refuses
 * (overlaps, an end before its start, a setting out of range) is shown in its words and nothing
 * is saved; a city's staff picks among its counties; townships, other counties and cadres are
 * refused. The ledger links here for county and city staff.
 */
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';

const PAGE = 'pages/admin/checkin/schedule/index';
const LEDGER = 'pages/admin/checkin/ledger/index';
const demo = useDemoCloud();

const CITY_STAFF = 'demo-city-staff-xiang'; // 向晓岚, staff of 湘西州
const OTHER_COUNTY_STAFF = 'demo-bj-staff'; // 彭雪芳, staff of 保靖县
const OTHER_TOWN_STAFF = 'demo-ld-staff'; // 龙春花, staff of 吕洞山镇 (保靖县)

const DEFAULT = {
  windows: [
    { id: 'am', name: '上午', start: '08:30', end: '10:00', remindBeforeMin: 15 },
    { id: 'pm', name: '下午', start: '14:00', end: '15:30', remindBeforeMin: 15 },
  ],
  lateUploadMaxMin: 120,
  correctionsPerMonth: 3,
  retentionDays: 90,
};

/** The county's schedule as the server keeps it (read by its own staff). */
async function saved(countyId = 'county-huayuan', openid: string = DEMO.countyStaff) {
  const a = await demo.tc.call('checkin.getSchedule', { countyId }, openid);
  expect(a).toMatchObject({ ok: true });
  return a.data;
}

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || page.data.scheduleStatus !== 'loading'), 'the schedule');
  return page;
}

async function save(page: Rendered): Promise<void> {
  await tap(page, '#save');
  await waitFor(() => !page.data.saving && (page.data.notice !== '' || page.data.saveError !== ''), 'the save');
}

const summaries = (page: Rendered) => page.querySelectorAll('.window-summary').map(textOf);

afterEach(async () => {
  // Each test starts from the demo county's schedule.
  expect(await demo.tc.call('checkin.setSchedule', { countyId: 'county-huayuan', schedule: DEFAULT }, DEMO.countyStaff)).toMatchObject({ ok: true });
});

it('shows the county’s windows and rules; an edited time and numbers are saved', async () => {
  expect(await saved()).toEqual(DEFAULT);
  const page = await open();
  expect(el(page, '#county-name').dom!.textContent).toBe('花垣县');
  expect(page.querySelector('#county')).toBeUndefined(); // one county: no picker
  expect(summaries(page)).toEqual(['上午 08:30–10:00，提前 15 分钟提醒', '下午 14:00–15:30，提前 15 分钟提醒']);
  expect(page.data).toMatchObject({ lateUpload: '120', corrections: '3', retention: '90' });
  expect(textOf(el(page, '#calendar'))).toContain('法定节假日和调休');

  await pick(page, '#start-0', '08:00');
  await pick(page, '#end-0', '09:30');
  await type(page, '#remind-0', '20');
  await type(page, '#late-upload', '60');
  await type(page, '#corrections', '5');
  await type(page, '#retention', '180');
  expect(summaries(page)[0]).toBe('上午 08:00–09:30，提前 20 分钟提醒');
  expect(page.querySelector('#notice')).toBeUndefined();
  await save(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已保存');
  expect(page.querySelector('#save-error')).toBeUndefined();

  expect(await saved()).toEqual({
    windows: [
      { id: 'am', name: '上午', start: '08:00', end: '09:30', remindBeforeMin: 20 },
      { id: 'pm', name: '下午', start: '14:00', end: '15:30', remindBeforeMin: 15 },
    ],
    lateUploadMaxMin: 60,
    correctionsPerMonth: 5,
    retentionDays: 180,
  });
  // The change is the county's: the audit log has it, and a page opened afresh shows it.
  const log = await demo.tc.call('org.auditLog', { unitId: 'county-huayuan' }, DEMO.countyStaff);
  expect(log.data[0]).toMatchObject({ action: 'checkin.setSchedule', after: { windows: [{ start: '08:00' }, { start: '14:00' }] } });
  const again = await open();
  expect(summaries(again)[0]).toBe('上午 08:00–09:30，提前 20 分钟提醒');
  expect(again.data).toMatchObject({ lateUpload: '60', corrections: '5', retention: '180' });

  // Editing after a save: the 已保存 goes away until the next save.
  await type(again, '#remind-1', '10');
  expect(again.querySelector('#notice')).toBeUndefined();
});

it('adds windows (up to six, with new ids) and removes them', async () => {
  const page = await open();
  await tap(page, '#add');
  expect(page.data.windows).toHaveLength(3);
  const added = page.data.windows[2];
  expect(added.id).toBe('w3');
  await type(page, '#name-2', '晚上');
  await pick(page, '#start-2', '19:00');
  await pick(page, '#end-2', '19:30');
  await type(page, '#remind-2', '30');
  expect(summaries(page)[2]).toBe('晚上 19:00–19:30，提前 30 分钟提醒');
  await save(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已保存');
  expect((await saved()).windows).toEqual([...DEFAULT.windows, { id: 'w3', name: '晚上', start: '19:00', end: '19:30', remindBeforeMin: 30 }]);

  // Three more make six; then no more can be added. Each new id is fresh and valid.
  await tap(page, '#add');
  await tap(page, '#add');
  await tap(page, '#add');
  const ids = page.data.windows.map((w: { id: string }) => w.id);
  expect(ids).toEqual(['am', 'pm', 'w3', 'w4', 'w5', 'w6']);
  expect(page.querySelector('#add')).toBeUndefined();
  expect(textOf(el(page, '#max'))).toBe('最多 6 个签到时段');

  // Remove 上午 and two new ones: the ids left stay as they were, and a new one takes a free id.
  await tap(page, '#remove-0');
  await tap(page, '#remove-4');
  await tap(page, '#remove-3');
  expect(page.data.windows.map((w: { id: string }) => w.id)).toEqual(['pm', 'w3', 'w4']);
  await tap(page, '#add');
  expect(page.data.windows.map((w: { id: string }) => w.id)).toEqual(['pm', 'w3', 'w4', 'w5']);
  await tap(page, '#remove-3');
  await tap(page, '#remove-2');
  await save(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已保存');
  expect((await saved()).windows.map((w: { id: string }) => w.id)).toEqual(['pm', 'w3']);

  // The last window cannot be removed.
  await tap(page, '#remove-1');
  expect(page.data.windows).toHaveLength(1);
  expect(page.querySelector('#remove-0')).toBeUndefined();
});

it('shows what the server refuses, and saves nothing', async () => {
  const page = await open();
  const before = await saved();

  // 下午 starting inside 上午.
  await pick(page, '#start-1', '09:00');
  await save(page);
  expect(page.querySelector('#notice')).toBeUndefined();
  expect(el(page, '#save-error').dom!.textContent).toBe('提交的内容不符合要求，请检查后重试（签到时段「上午」与「下午」重叠）');
  expect(await saved()).toEqual(before);

  // Editing clears the error; an end before its start is refused too, named by its window.
  await pick(page, '#start-1', '14:00');
  expect(page.querySelector('#save-error')).toBeUndefined();
  await pick(page, '#end-0', '08:00');
  await save(page);
  expect(el(page, '#save-error').dom!.textContent).toBe('提交的内容不符合要求，请检查后重试（上午：结束时间必须晚于开始时间）');
  expect(await saved()).toEqual(before);

  // A setting out of range, named by its label.
  await pick(page, '#end-0', '10:00');
  await type(page, '#retention', '3');
  await save(page);
  expect(el(page, '#save-error').dom!.textContent).toMatch(/^提交的内容不符合要求，请检查后重试（原始定位保留天数：.+7.*）$/);
  expect(await saved()).toEqual(before);

  // A number that is not one is not sent.
  await type(page, '#retention', '90');
  await type(page, '#remind-1', '');
  await save(page);
  expect(el(page, '#save-error').dom!.textContent).toBe('下午：提前提醒的分钟数请填写整数');
  expect(await saved()).toEqual(before);

  // Put right, it saves.
  await type(page, '#remind-1', '5');
  await save(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已保存');
  expect((await saved()).windows[1]).toEqual({ id: 'pm', name: '下午', start: '14:00', end: '15:30', remindBeforeMin: 5 });
});

it('lets a city’s staff pick one of its counties; that county’s schedule alone changes', async () => {
  const page = await open(CITY_STAFF);
  expect(page.data.countyNames).toEqual(expect.arrayContaining(['花垣县', '保靖县']));
  expect(page.data.counties.every((c: { id: string }) => c.id.startsWith('county-'))).toBe(true);
  const i = page.data.counties.findIndex((c: { id: string }) => c.id === 'county-baojing');
  await pick(page, '#county', i);
  await waitFor(() => page.data.countyId === 'county-baojing' && page.data.scheduleStatus === 'ok', '保靖县');
  expect(textOf(el(page, '#county-name'))).toBe('保靖县 ▾');
  await type(page, '#corrections', '2');
  await save(page);
  expect(el(page, '#notice').dom!.textContent).toBe('已保存');
  expect((await saved('county-baojing', OTHER_COUNTY_STAFF)).correctionsPerMonth).toBe(2);
  expect((await saved()).correctionsPerMonth).toBe(3);
  expect(await demo.tc.call('checkin.setSchedule', { countyId: 'county-baojing', schedule: DEFAULT }, OTHER_COUNTY_STAFF)).toMatchObject({ ok: true });
});

it('refuses callers whose scope does not cover the county', async () => {
  // Staff of a township in another county, asking for 花垣县.
  const other = await open(OTHER_TOWN_STAFF, { countyId: 'county-huayuan' });
  expect(other.data.scheduleStatus).toBe('forbidden');
  expect(textOf(el(other, '#refused'))).toBe('您不能查看或设置这个县（区）的签到时段');
  expect(textOf(el(other, '#schedule-error'))).toBe('没有权限进行此操作');
  expect(other.querySelector('#save')).toBeUndefined();
  expect(other.querySelector('.window')).toBeUndefined();

  // Staff of another county, asking for 花垣县: refused, though their own county is in the picker.
  const county = await open(OTHER_COUNTY_STAFF, { countyId: 'county-huayuan' });
  expect(textOf(el(county, '#schedule-error'))).toBe('没有权限进行此操作');
  expect(county.data.counties.map((c: { id: string }) => c.id)).toEqual(['county-huayuan', 'county-baojing']);

  // A township's own staff: the schedule is the county's.
  const town = await open(DEMO.townStaff);
  expect(textOf(el(town, '#forbidden'))).toBe('只有县（区）或市级组织部门的同志可以设置签到时段');
  expect(textOf(el(town, '#forbidden-reason'))).toBe('签到时段按县（区）统一设置');

  // A cadre.
  const cadre = await open(DEMO.cadre);
  expect(textOf(el(cadre, '#forbidden'))).toBe('只有县（区）或市级组织部门的同志可以设置签到时段');
  expect(cadre.querySelector('.window')).toBeUndefined();

  expect(await saved()).toEqual(DEFAULT);
});

it('is linked from the ledger for county and city staff', async () => {
  const navigateTo = jest.spyOn(wx, 'navigateTo');
  demo.loginAs(DEMO.countyStaff);
  const ledger = render(LEDGER);
  ledger.instance.onLoad({});
  await waitFor(() => ledger.data.ledgerStatus === 'ok' && ledger.data.units.length > 0, 'the ledger');
  await tap(ledger, '#to-schedule');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/checkin/schedule/index?countyId=county-huayuan' }));

  // A city's staff opens it without a county: the page offers the city's counties.
  demo.loginAs(CITY_STAFF);
  const city = render(LEDGER);
  city.instance.onLoad({});
  await waitFor(() => city.data.ledgerStatus === 'ok' && city.data.units.length > 0, 'the city ledger');
  await tap(city, '#to-schedule');
  expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/admin/checkin/schedule/index' }));

  // A township's staff has no such link.
  demo.loginAs(DEMO.townStaff);
  const town = render(LEDGER);
  town.instance.onLoad({});
  await waitFor(() => town.data.ledgerStatus === 'ok', 'the township ledger');
  expect(town.querySelector('#to-schedule')).toBeUndefined();
  expect(town.querySelector('#to-corrections')).toBeDefined();
});
