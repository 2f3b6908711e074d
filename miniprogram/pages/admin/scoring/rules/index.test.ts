/**
 * 考核规则 against a real local cloud seeded with the demo county: 石慧敏 of 花垣县 reads the
 * default rules, changes a deduction, a 一次扣完, the 优秀 quota and the allowance, saves, and
 * reads them back; items whose maxima add up to more than 100 are refused on the page (and by
 * the server), and what else the server refuses is shown in its words; a township's staff can
 * neither read nor save the county's rules. The page's copy of the metric names is held to the
 * server's.
 */
import { DEFAULT_SCORING_RULES, METRICS as SERVER_METRICS, METRIC_NAMES as SERVER_METRIC_NAMES } from '../../../../../server/features/scoring/schema';
import type { ScoringRules } from '../../../../../server/features/scoring/schema';
import { DEMO, useDemoCloud } from '../../../../testing/cloud';
import { el, pick, render, tap, textOf, type, waitFor } from '../../../../testing/simulate';
import type { Rendered } from '../../../../testing/simulate';
import { METRICS, METRIC_NAMES, lineText } from './rules-form';

const PAGE = 'pages/admin/scoring/rules/index';
const COUNTY = 'county-huayuan';
const demo = useDemoCloud();

const defaults = (): ScoringRules => JSON.parse(JSON.stringify(DEFAULT_SCORING_RULES)) as ScoringRules;

/** The county's rules as the server keeps them (read by its own staff). */
async function saved(): Promise<ScoringRules> {
  const a = await demo.tc.call('scoring.getRules', { countyId: COUNTY }, DEMO.countyStaff);
  expect(a).toMatchObject({ ok: true });
  return a.data as ScoringRules;
}

async function open(openid: string = DEMO.countyStaff, query: Record<string, string> = {}): Promise<Rendered> {
  demo.loginAs(openid);
  const page = render(PAGE);
  page.instance.onLoad(query);
  await waitFor(() => page.data.status !== 'loading' && (page.data.status !== 'ok' || page.data.rulesStatus !== 'loading'), 'the rules');
  return page;
}

async function save(page: Rendered): Promise<void> {
  await tap(page, '#save');
  await waitFor(() => !page.data.saving && (page.data.notice !== '' || page.data.saveError !== ''), 'the save');
}

const text = (page: Rendered, selector: string) => textOf(el(page, selector));
/** What the form holds for an item's line (its points as typed, without the sign). */
const points = (page: Rendered, item: number, line: number) => page.data.items[item].lines[line].points as string;

afterEach(async () => {
  // Each test starts from the defaults.
  expect(await demo.tc.call('scoring.setRules', { countyId: COUNTY, rules: defaults() }, DEMO.countyStaff)).toMatchObject({ ok: true });
});

it('keeps the metric names of the server', () => {
  expect(METRIC_NAMES).toEqual(SERVER_METRIC_NAMES);
  expect(METRICS).toEqual([...SERVER_METRICS]);
  expect(lineText('windowsMissed', -1, '2', null)).toBe('每次未签到 -2 分');
  expect(lineText('workLogDays', 1, '1', 20)).toBe('工作记实天数每天 +1 分（封顶 20 分）');
});

it('shows the default rules; changes are saved, read back and audited', async () => {
  expect(await saved()).toEqual(defaults());
  const page = await open();
  expect(text(page, '#county-name')).toBe('花垣县');
  expect(page.querySelector('#county')).toBeUndefined(); // one county: no picker

  // The items, as the defaults have them.
  expect(text(page, '#total')).toBe('各项满分合计 100 分（不能超过 100 分）');
  expect(page.querySelector('#total-error')).toBeUndefined();
  expect(['attendance', 'spotCheck', 'workLog'].map((k) => text(page, `#name-${k}`))).toEqual(['在岗签到', '随机约请', '驻村记实']);
  expect(page.data.items.map((i: { max: string }) => i.max)).toEqual(['50', '30', '20']);
  expect(text(page, '#start-attendance')).toBe('起算方式：满分起扣');
  expect(text(page, '#start-workLog')).toBe('起算方式：从0分起加');
  expect(text(page, '#line-attendance-0')).toBe('每次未签到 -2 分');
  expect(text(page, '#line-attendance-1')).toBe('每次不在驻村范围签到 -1 分');
  expect(text(page, '#line-spotCheck-0')).toBe('每次约请未响应 -10 分');
  expect(text(page, '#line-spotCheck-1')).toBe('每次约请超时响应 -3 分');
  expect(text(page, '#line-workLog-0')).toBe('工作记实天数每天 +1 分');
  expect(text(page, '#forfeit-attendance')).toBe('一次扣完：暗访发现不在岗、抽查发现不在岗');
  expect(text(page, '#forfeit-spotCheck')).toBe('一次扣完：无');
  expect(points(page, 0, 0)).toBe('2');

  // The grades and the allowance.
  expect(text(page, '#grade-text')).toBe('90 分及以上为优秀，75 分及以上为称职，60 分及以上为基本称职，其余为不称职。');
  expect(page.data.quotaOn).toBe(true);
  expect(page.data.quotaPct).toBe('20');
  expect(text(page, '#quota-on')).toBe('● 优秀人数不超过全县的一定比例');
  expect(text(page, '#basis-daysOnPost')).toBe('● 在岗天数');
  expect(page.data.rates.map((r: { name: string; yuan: string }) => `${r.name} ${r.yuan}`)).toEqual(['第一书记 100', '驻村工作队员 80', '驻点干部 60']);
  expect(page.data.maxDays).toBe('31');

  // A deduction, a 一次扣完, the quota and the allowance changed.
  await type(page, '#points-attendance-0', '3');
  expect(text(page, '#line-attendance-0')).toBe('每次未签到 -3 分');
  await tap(page, '#forfeit-open-spotCheck');
  await tap(page, '#forfeit-spotCheck-spotChecksMissed');
  expect(text(page, '#forfeit-spotCheck')).toBe('一次扣完：约请未响应');
  await type(page, '#quota', '15');
  expect(text(page, '#quota-text')).toBe('达到优秀分数线的人数超过全县 15% 时，按得分从高到低取优秀，其余评为称职。');
  await tap(page, '#basis-workLogDays');
  expect(text(page, '#basis-workLogDays')).toBe('● 工作记实天数');
  await type(page, '#rate-teamMember', '85.5');
  await type(page, '#max-days', '22');
  await save(page);
  expect(text(page, '#notice')).toBe('已保存');
  expect(page.querySelector('#save-error')).toBeUndefined();

  const want = defaults();
  want.items[0]!.lines[0]!.points = -3;
  want.items[1]!.forfeitOn = ['spotChecksMissed'];
  want.grades.excellentQuotaPct = 15;
  want.allowance = { basis: 'workLogDays', perDay: { firstSecretary: 100, teamMember: 85.5, stationedLeader: 60 }, maxDays: 22 };
  expect(await saved()).toEqual(want);
  const log = await demo.tc.call('org.auditLog', { unitId: COUNTY }, DEMO.countyStaff);
  expect(log.data[0]).toMatchObject({ action: 'scoring.setRules' });

  // Opened again: the new values.
  const again = await open();
  expect(text(again, '#line-attendance-0')).toBe('每次未签到 -3 分');
  expect(points(again, 0, 0)).toBe('3');
  expect(text(again, '#forfeit-spotCheck')).toBe('一次扣完：约请未响应');
  expect(again.data.quotaPct).toBe('15');
  expect(text(again, '#basis-workLogDays')).toBe('● 工作记实天数');
  expect(again.data.rates.map((r: { yuan: string }) => r.yuan)).toEqual(['100', '85.5', '60']);
  expect(again.data.maxDays).toBe('22');

  // No quota, and a line turned into an addition.
  await tap(again, '#quota-none');
  expect(again.querySelector('#quota')).toBeUndefined();
  await pick(again, '#sign-attendance-1', 1);
  expect(text(again, '#line-attendance-1')).toBe('每次不在驻村范围签到 +1 分');
  expect(again.querySelector('#notice')).toBeUndefined(); // editing after a save: 已保存 goes away
  await save(again);
  expect(text(again, '#notice')).toBe('已保存');
  const after = await saved();
  expect(after.grades.excellentQuotaPct).toBeNull();
  expect(after.items[0]!.lines[1]).toEqual({ metric: 'windowsOutside', points: 1 });
});

it('refuses maxima above 100 in all, and shows what else the server refuses; nothing is saved', async () => {
  const page = await open();

  // 50 + 30 + 25: refused on the page, before anything is sent.
  await type(page, '#max-workLog', '25');
  expect(text(page, '#total')).toBe('各项满分合计 105 分（不能超过 100 分）');
  expect(text(page, '#total-error')).toBe('各项满分合计 105 分，不能超过 100 分，请先调低某一项的满分');
  await save(page);
  expect(page.querySelector('#notice')).toBeUndefined();
  expect(text(page, '#save-error')).toBe('各项满分合计 105 分，不能超过 100 分，请先调低某一项的满分');
  expect(await saved()).toEqual(defaults());
  // The server refuses it too.
  const over = defaults();
  over.items[2]!.max = 25;
  expect(await demo.tc.call('scoring.setRules', { countyId: COUNTY, rules: over }, DEMO.countyStaff)).toMatchObject({
    ok: false,
    code: 'invalid_input',
    issues: [{ message: '各项满分合计 105 分，不能超过 100 分' }],
  });

  // Put right, the warning goes; grades out of order are the server's to refuse, in its words.
  await type(page, '#max-workLog', '15');
  expect(text(page, '#total')).toBe('各项满分合计 95 分（不能超过 100 分）');
  expect(page.querySelector('#total-error')).toBeUndefined();
  expect(page.querySelector('#save-error')).toBeUndefined();
  await type(page, '#competent', '95');
  await save(page);
  expect(text(page, '#save-error')).toBe('提交的内容不符合要求，请检查后重试（等次分数线应从高到低）');
  expect(await saved()).toEqual(defaults());

  // A deduction out of range, named by its item and line.
  await type(page, '#competent', '75');
  await type(page, '#points-spotCheck-0', '200');
  await save(page);
  expect(text(page, '#save-error')).toMatch(/^提交的内容不符合要求，请检查后重试（随机约请中“约请未响应”的分值：.*100.*）$/);
  expect(await saved()).toEqual(defaults());

  // A number that is not one is not sent.
  await type(page, '#points-spotCheck-0', '');
  await save(page);
  expect(text(page, '#save-error')).toBe('随机约请中“约请未响应”的分值请填写数字');

  // At most four metrics lose an item at once.
  await tap(page, '#forfeit-open-attendance');
  await tap(page, '#forfeit-attendance-windowsMissed');
  await tap(page, '#forfeit-attendance-spotChecksMissed');
  await tap(page, '#forfeit-attendance-nights');
  expect(text(page, '#save-error')).toBe('“在岗签到”的一次扣完最多选 4 项，请先取消一项');
  expect(text(page, '#forfeit-attendance')).toBe('一次扣完：暗访发现不在岗、抽查发现不在岗、未签到、约请未响应');
  await tap(page, '#forfeit-attendance-windowsMissed');
  expect(text(page, '#forfeit-attendance')).toBe('一次扣完：暗访发现不在岗、抽查发现不在岗、约请未响应');
  expect(page.querySelector('#save-error')).toBeUndefined();

  // Put right, it saves.
  await type(page, '#points-spotCheck-0', '8');
  await save(page);
  expect(text(page, '#notice')).toBe('已保存');
  const want = defaults();
  want.items[2]!.max = 15;
  want.items[1]!.lines[0]!.points = -8;
  want.items[0]!.forfeitOn = ['inspectionsAbsent', 'spotChecksNotAtPost', 'spotChecksMissed'];
  expect(await saved()).toEqual(want);
});

it('shows a township’s staff the server’s refusal: they cannot read or save the county’s rules', async () => {
  // Asking for 花垣县's rules: the server refuses, and there is nothing to save.
  const town = await open(DEMO.townStaff, { countyId: COUNTY });
  expect(town.data.rulesStatus).toBe('forbidden');
  expect(text(town, '#refused')).toBe('您不能查看或设置这个县（区）的考核规则');
  expect(text(town, '#rules-error')).toBe('没有权限进行此操作');
  expect(town.querySelector('#save')).toBeUndefined();
  const tried = defaults();
  tried.grades.excellentQuotaPct = 50;
  expect(await demo.tc.call('scoring.setRules', { countyId: COUNTY, rules: tried }, DEMO.townStaff)).toMatchObject({ ok: false, code: 'forbidden', message: '没有权限进行此操作' });

  // Opened plainly: the rules are the county's.
  const plain = await open(DEMO.townStaff);
  expect(text(plain, '#forbidden')).toBe('只有县（区）或市级组织部门的同志可以设置考核规则');
  expect(text(plain, '#forbidden-reason')).toBe('考核规则按县（区）统一设置');

  expect(await saved()).toEqual(defaults());
});
