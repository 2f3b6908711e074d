/**
 * A worked month for a small county, every figure checked by hand: three cadres in one village,
 * November 2026 (21 working days, 42 day windows each), their attendance written by the sweep's
 * own writer, spot checks issued and answered through the services, work logs from a registered
 * source (as the work-log feature will register it). Then 一次扣完, the quota for 优秀, the
 * allowance by each rule with its sign-off, and a correction after publication.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { SYSTEM, freshAnswerPhoto, unique } from '../../../test/fixtures';
import type { Caller } from '../../kernel/caller';
import { now } from '../../kernel/clock';
import { isWorkday } from '../../kernel/calendar';
import { createUnit, getUnit } from '../org/service';
import { addPerson, bind, createInvite, endAssignment, getPerson, startAssignment } from '../people/service';
import type { CadreKind, PersonDoc } from '../people/schema';
import { attendanceId, closeWindows, recordAttendance } from '../checkin/sweeps';
import { ATTENDANCE_MONTHS, CLOSED_WINDOWS, logClosedWindows, type AttendanceMonthDoc } from '../checkin/months';
import { requestCorrection } from '../checkin/corrections';
import { answer, issue, recordCall } from '../spotcheck/service';
import { db, _ as command } from '../../platform/cloud';
import { registerMetricSource, scoreMonthJob } from './service';
import { DEFAULT_SCORING_RULES, type ScoringRules } from './schema';
import type { Ref } from './schema';

const CITY_STAFF = 'demo-city-staff-xiang';
const TOWN_STAFF_ELSEWHERE = 'demo-sl-staff';

let t: TestCloud;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const cid = () => `scoring-${unique()}-abcdefgh`;

const NOV_DAYS = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`).filter((d) => isWorkday(d));

let county: string;
let village: string;
const cadres: Record<'A' | 'B' | 'C', { person: PersonDoc; openid: string }> = {} as never;
const logs = new Map<string, Ref[]>();

async function cadre(name: string, kind: CadreKind, where = village): Promise<{ person: PersonDoc; openid: string }> {
  const i = unique();
  const p = await addPerson(SYSTEM, now(), { name, phone: `137${String(10_000_000 + i).slice(-8)}`, orgUnitId: where });
  await startAssignment(SYSTEM, now(), { personId: p._id, villageId: where, kind, dispatchingUnit: '州统计局', start: '2026-10-15' });
  const { code } = await createInvite(SYSTEM, now(), (await getPerson(p._id))!);
  const openid = `o-scoring-${i}`;
  await bind(openid, now(), code);
  return { person: (await getPerson(p._id))!, openid };
}

/** The month's day windows of a cadre, as the sweep would record them, with the exceptions given. */
async function month(personId: string, except: Record<string, 'missed' | 'outside' | 'excused'> = {}, where = village) {
  const v = (await getUnit(where))!;
  const docs = NOV_DAYS.flatMap((date) => ['am', 'pm'].map((windowId) => ({
    _id: attendanceId(personId, { date, windowId }), personId, villageId: where, villagePath: v.path, date, windowKey: `${date}:${windowId}`, windowId,
    status: except[`${date}:${windowId}`] ?? ('present' as const), at: now(),
  })));
  await recordAttendance(docs);
  // As the window-close sweep does once every due cadre has its record: the county's windows settled.
  await logClosedWindows(NOV_DAYS.flatMap((date) => ['am', 'pm'].map((windowId) => ({ countyId: v.path[1]!, date, windowId, night: false }))));
}

async function spotCheck(personId: string, issuedAt: string, how: 'onTime' | 'late' | 'missed' | 'notAtPost') {
  at(issuedAt);
  const staff: Caller = { openid: undefined, source: 'test', person: { _id: 'p-test-staff', name: '测试组织委员', grants: [] } };
  const r = await issue(staff, now(), (await getUnit(village))!, { unitId: village, requestId: cid(), personIds: [personId] });
  const sc = r.issued[0]!;
  const person = (await getPerson(personId))!;
  const v = (await getUnit(village))!;
  const fix = () => ({ clientId: cid(), lat: v.center!.lat, lng: v.center!.lng, accuracy: 15, capturedAt: now().toISOString() });
  if (how === 'onTime' || how === 'notAtPost') {
    t.cloud.clock.set(new Date(now().getTime() + 60_000).toISOString(), { frozen: true });
    await answer({ openid: undefined, source: 'test', person }, now(), { id: sc._id, fix: fix(), photoFileId: await freshAnswerPhoto(personId) });
    if (how === 'notAtPost') await recordCall(staff, now(), sc._id, { channel: 'video', outcome: 'notAtPost', note: '视频中不在村部' });
  } else if (how === 'late') {
    t.cloud.clock.set(new Date(new Date(sc.deadline).getTime() + 5 * 60_000).toISOString(), { frozen: true });
    await answer({ openid: undefined, source: 'test', person }, now(), { id: sc._id, fix: fix(), photoFileId: await freshAnswerPhoto(personId) });
  } else {
    await db.collection('spotChecks').doc(sc._id).update({ data: { status: 'missed', closedAt: now() } });
  }
}

const call = <T = any>(action: string, input: unknown, openid = CITY_STAFF) => t.call(action as never, input as never, openid) as Promise<{ ok: boolean; data: T; code?: string; message?: string }>;
const rulesWith = (patch: Partial<ScoringRules>): ScoringRules => ({ ...structuredClone(DEFAULT_SCORING_RULES), ...patch });

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-10-15T10:00:00+08:00');
  await seedDemo();
  const c = await createUnit(SYSTEM, now(), { parentId: 'city-xiangxi', name: `测试县${unique()}` });
  const town = await createUnit(SYSTEM, now(), { parentId: c._id, name: '测试镇' });
  const shibadong = (await getUnit('vil-shibadong'))!;
  const v = await createUnit(SYSTEM, now(), { parentId: town._id, name: '测试村', center: shibadong.center!, fence: shibadong.fence! });
  county = c._id;
  village = v._id;
  cadres.A = await cadre('甲书记', 'firstSecretary');
  cadres.B = await cadre('乙队员', 'teamMember');
  cadres.C = await cadre('丙队员', 'teamMember');
  // The work-log feature's part (issue 10): days with a log, per cadre.
  registerMetricSource({ metric: 'workLogDays', collect: async (ids) => new Map(ids.filter((id) => logs.has(id)).map((id) => [id, logs.get(id)!])) });
  logs.set(cadres.A.person._id, NOV_DAYS.slice(0, 15).map((date) => ({ id: `log-a-${date}`, date, label: '驻村记实' })));
  logs.set(cadres.B.person._id, NOV_DAYS.slice(0, 5).map((date) => ({ id: `log-b-${date}`, date, label: '驻村记实' })));

  at('2026-11-30T18:00:00+08:00');
  // A: every window on post but 11-03 pm (missed, then corrected) and 11-10 (leave all day).
  await month(cadres.A.person._id, { '2026-11-03:pm': 'missed', '2026-11-10:am': 'excused', '2026-11-10:pm': 'excused' });
  // B: 11-05 am missed, 11-06 missed all day, 11-12 pm outside the fence.
  await month(cadres.B.person._id, { '2026-11-05:am': 'missed', '2026-11-06:am': 'missed', '2026-11-06:pm': 'missed', '2026-11-12:pm': 'outside' });
  // C: every window on post.
  await month(cadres.C.person._id);
  // A's correction of 11-03 pm, approved by staff (the month copy follows in the same transaction).
  const a = cadres.A.person;
  await requestCorrection({ openid: a.openid!, source: 'test', person: a }, now(), { date: '2026-11-03', windowId: 'pm', reason: '在村民家调解纠纷，忘记签到', photoFileIds: [], witness: '村支书', workLogId: undefined });
  expect((await call('checkin.decideCorrection', { id: attendanceId(a._id, { date: '2026-11-03', windowId: 'pm' }), approve: true, comment: '情况属实' })).ok).toBe(true);

  await spotCheck(cadres.A.person._id, '2026-11-04T10:00:00+08:00', 'onTime');
  await spotCheck(cadres.B.person._id, '2026-11-11T10:00:00+08:00', 'late');
  await spotCheck(cadres.B.person._id, '2026-11-18T15:00:00+08:00', 'missed');
  await spotCheck(cadres.C.person._id, '2026-11-19T10:00:00+08:00', 'notAtPost');
  at('2026-12-01T09:00:00+08:00');
}, 120_000);

afterAll(() => t?.stop());

describe('the worked month', () => {
  it('the month copy holds the windows not on post, the correction included; a cadre always on post has none', async () => {
    const { data } = await db.collection(ATTENDANCE_MONTHS).doc(`${cadres.A.person._id}.2026-11`).get<AttendanceMonthDoc>();
    expect(data!.w).toEqual({ d03_pm: 'C', d10_am: 'E', d10_pm: 'E' });
    expect((await db.collection(ATTENDANCE_MONTHS).doc(`${cadres.C.person._id}.2026-11`).get()).data).toBeNull();
    const { data: log } = await db.collection(CLOSED_WINDOWS).doc(`${county}.2026-11`).get<{ w: Record<string, string> }>();
    expect(Object.keys(log!.w)).toHaveLength(42);
  });

  it('scores every cadre by hand-checked figures, and opens each point to its records', async () => {
    expect(NOV_DAYS).toHaveLength(21);
    const r = await call('scoring.recompute', { unitId: county, period: '2026-11' });
    expect(r).toMatchObject({ ok: true, data: { cadres: 3 } });

    const a = (await call('scoring.explain', { personId: cadres.A.person._id, period: '2026-11' })).data;
    const metric = (e: any, m: string) => e.metrics.find((x: any) => x.metric === m).value;
    expect([metric(a, 'windowsDue'), metric(a, 'windowsPresent'), metric(a, 'windowsCorrected'), metric(a, 'windowsExcused'), metric(a, 'windowsMissed')]).toEqual([42, 39, 1, 2, 0]);
    expect([metric(a, 'daysOnPost'), metric(a, 'daysExcused'), metric(a, 'spotChecksOnTime'), metric(a, 'workLogDays')]).toEqual([20, 1, 1, 15]);
    // 在岗签到 50 (no deduction) + 随机约请 30 + 驻村记实 15 × 1 = 95
    expect(a.items.map((i: any) => i.points)).toEqual([50, 30, 15]);
    expect(a.total).toBe(95);
    // 95 passes 优秀's line (90), but the county's 20 % quota of 3 cadres is ⌊0.6⌋ = 0: 称职.
    expect(a.gradeName).toBe('称职');

    const b = (await call('scoring.explain', { personId: cadres.B.person._id, period: '2026-11' })).data;
    expect([metric(b, 'windowsPresent'), metric(b, 'windowsMissed'), metric(b, 'windowsOutside'), metric(b, 'daysOnPost')]).toEqual([38, 3, 1, 19]);
    // 50 − 3 × 2 − 1 × 1 = 43; 30 − 3 (late) − 10 (missed) = 17; 5 log days = 5 → 65
    expect(b.items.map((i: any) => i.points)).toEqual([43, 17, 5]);
    expect(b.total).toBe(65);
    expect(b.gradeName).toBe('基本称职');
    const missed = b.items[0].lines.find((l: any) => l.metric === 'windowsMissed');
    expect(missed).toMatchObject({ count: 3, per: -2, points: -6 });
    expect(missed.records.map((r: any) => [r.id, r.date, r.label, r.points])).toEqual([
      [`${cadres.B.person._id}.2026-11-05.am`, '2026-11-05', '上午 未签到', -2],
      [`${cadres.B.person._id}.2026-11-06.am`, '2026-11-06', '上午 未签到', -2],
      [`${cadres.B.person._id}.2026-11-06.pm`, '2026-11-06', '下午 未签到', -2],
    ]);
    expect(b.items[1].lines.find((l: any) => l.metric === 'spotChecksMissed').records).toHaveLength(1);
  });

  it('一次扣完: a cadre found not at post loses the whole attendance item at once', async () => {
    const c = (await call('scoring.explain', { personId: cadres.C.person._id, period: '2026-11' })).data;
    expect(c.items[0]).toMatchObject({ key: 'attendance', points: 0, forfeited: { metric: 'spotChecksNotAtPost' } });
    expect(c.items[0].forfeited.records).toHaveLength(1);
    // 0 + 30 (answered on time) + 0 log days
    expect(c.total).toBe(30);
    expect(c.gradeName).toBe('不称职');
  });

  it('ranks within the unit, with the chart of its townships', async () => {
    const r = (await call('scoring.ranking', { unitId: county, period: '2026-11' })).data;
    expect(r.rows.map((x: any) => [x.rank, x.name, x.total])).toEqual([[1, '甲书记', 95], [2, '乙队员', 65], [3, '丙队员', 30]]);
    expect(r.chart).toEqual([expect.objectContaining({ name: '测试镇', count: 3, average: 63.3 })]);
  });

  it('the quota for 优秀: at most its share, a tie across the boundary left out', async () => {
    // Threshold 60 would make A and B 优秀; a 40 % quota of 3 cadres allows one.
    expect((await call('scoring.setRules', { countyId: county, rules: rulesWith({ grades: { excellent: 60, competent: 50, basicallyCompetent: 20, excellentQuotaPct: 40 } }) })).ok).toBe(true);
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const r = (await call('scoring.ranking', { unitId: county, period: '2026-11' })).data;
    expect(r.rows.map((x: any) => x.gradeName)).toEqual(['优秀', '称职', '基本称职']);
    // 34 % of 3 is 1.02: still one.
    await call('scoring.setRules', { countyId: county, rules: rulesWith({ grades: { excellent: 60, competent: 50, basicallyCompetent: 20, excellentQuotaPct: 0 } }) });
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    expect((await call('scoring.ranking', { unitId: county, period: '2026-11' })).data.rows.map((x: any) => x.gradeName)).toEqual(['称职', '称职', '基本称职']);
    await call('scoring.setRules', { countyId: county, rules: rulesWith({}) });
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
  });

  it('the allowance by days on post, signed off, kept through a recompute, reopened with a reason', async () => {
    const list = (await call('scoring.allowances', { unitId: county, month: '2026-11' })).data;
    const by = (n: string) => list.rows.find((r: any) => r.name === n);
    // 第一书记 100 元/天 × 20 天; 队员 80 元/天 × 19 天 and × 21 天
    expect([by('甲书记').days, by('甲书记').amount]).toEqual([20, 2000]);
    expect([by('乙队员').days, by('乙队员').amount]).toEqual([19, 1520]);
    expect([by('丙队员').days, by('丙队员').amount]).toEqual([21, 1680]);
    expect(list.totals).toMatchObject({ count: 3, amount: 5200, draft: 3, signed: 0 });
    expect(by('乙队员').dayList.find((d: any) => d.date === '2026-11-05')).toEqual({ date: '2026-11-05', share: 0.5 });

    const clientId = cid();
    const s = await call('scoring.signAllowances', { unitId: county, month: '2026-11', clientId });
    expect(s).toMatchObject({ ok: true, data: { count: 3, amount: 5200 } });
    expect((await call('scoring.signAllowances', { unitId: county, month: '2026-11', clientId })).data.id).toBe(s.data.id);

    // By work-log days now: the signed allowances stand until the sign-off is taken back.
    await call('scoring.setRules', { countyId: county, rules: rulesWith({ allowance: { ...DEFAULT_SCORING_RULES.allowance, basis: 'workLogDays' } }) });
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    expect((await call('scoring.allowances', { unitId: county, month: '2026-11' })).data.totals).toMatchObject({ amount: 5200, signed: 3 });
    expect((await call('scoring.reopenAllowances', { signoffId: s.data.id, reason: '' })).code).toBe('invalid_input');
    expect((await call('scoring.reopenAllowances', { signoffId: s.data.id, reason: '补助改按工作记实天数计发' })).ok).toBe(true);
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const again = (await call('scoring.allowances', { unitId: county, month: '2026-11' })).data;
    // 15 log days × 100 元, 5 × 80 元, none
    expect(again.rows.map((r: any) => [r.name, r.basisName, r.days, r.amount, r.statusName])).toEqual([
      ['丙队员', '按工作记实天数', 0, 0, '待签核'],
      ['乙队员', '按工作记实天数', 5, 400, '待签核'],
      ['甲书记', '按工作记实天数', 15, 1500, '待签核'],
    ]);
    await call('scoring.setRules', { countyId: county, rules: rulesWith({}) });
  });

  it('the cadre sees their month: each item, its records, and how the allowance was counted', async () => {
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const r = await call('scoring.mine', {}, cadres.B.openid);
    expect(r.ok).toBe(true);
    expect(r.data.period).toBe('2026-11');
    expect(r.data.score.total).toBe(65);
    expect(r.data.allowance).toMatchObject({ basisName: '按在岗天数', days: 19, perDay: 80, amount: 1520 });
    expect((await call('scoring.mine', {}, CITY_STAFF)).code).toBe('forbidden');
  });

  it('publishes frozen figures; a later correction is a new version with a reason', async () => {
    expect((await call('scoring.publish', { unitId: county, period: '2026-12', clientId: cid() })).code).toBe('not_over');
    const v1 = await call('scoring.publish', { unitId: county, period: '2026-11', clientId: cid() });
    expect(v1).toMatchObject({ ok: true, data: { version: 1, count: 3, gradeCounts: { excellent: 0, competent: 1, basicallyCompetent: 1, incompetent: 1 } } });

    // After publication B's missed 11-05 am is corrected: the working figures change…
    const b = cadres.B.person;
    await requestCorrection({ openid: b.openid!, source: 'test', person: b }, now(), { date: '2026-11-05', windowId: 'am', reason: '手机定位故障，有村干部作证', photoFileIds: [], witness: '村主任', workLogId: undefined });
    await call('checkin.decideCorrection', { id: attendanceId(b._id, { date: '2026-11-05', windowId: 'am' }), approve: true, comment: '核实在岗' });
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    expect((await call('scoring.explain', { personId: b._id, period: '2026-11' })).data.total).toBe(67);
    // …the published ones do not.
    const rows1 = (await call('scoring.publication', { pubId: v1.data.id })).data.rows;
    expect(rows1.find((r: any) => r.name === '乙队员').total).toBe(65);

    expect((await call('scoring.publish', { unitId: county, period: '2026-11', clientId: cid() })).code).toBe('reason_required');
    const v2 = await call('scoring.publish', { unitId: county, period: '2026-11', reason: '乙队员11月5日补卡经核实通过', clientId: cid() });
    expect(v2).toMatchObject({ ok: true, data: { version: 2, reason: '乙队员11月5日补卡经核实通过' } });
    expect((await call('scoring.publication', { pubId: v2.data.id })).data.rows.find((r: any) => r.name === '乙队员').total).toBe(67);
    expect((await call('scoring.publication', { pubId: v1.data.id })).data.rows.find((r: any) => r.name === '乙队员').total).toBe(65);
    const versions = (await call('scoring.publications', { unitId: county, period: '2026-11' })).data;
    expect(versions.map((p: any) => p.version)).toEqual([2, 1]);
    // The cadre sees the newest version, with its reason.
    const mine = (await call('scoring.mine', { period: '2026-11' }, cadres.B.openid)).data;
    expect(mine.published).toEqual([expect.objectContaining({ version: 2, total: 67, reason: '乙队员11月5日补卡经核实通过' })]);
    // Only staff whose scope covers the unit publish it.
    expect((await call('scoring.publish', { unitId: county, period: '2026-11', reason: '试一下', clientId: cid() }, TOWN_STAFF_ELSEWHERE)).code).toBe('forbidden');
  });
});

describe('the monthly job', () => {
  it('scores the month once after it ends, in pages, and a rerun does nothing', async () => {
    at('2026-12-01T04:00:00+08:00');
    const first = await scoreMonthJob(now(), { pageSize: 50 });
    expect(first).toMatchObject({ month: '2026-11' });
    expect(first.incomplete).toBeUndefined();
    expect((await call('scoring.explain', { personId: cadres.B.person._id, period: '2026-11' })).data.total).toBe(67);
    expect(await scoreMonthJob(now())).toMatchObject({ month: '2026-11', skipped: true });
    // Once a completed run has seen the month due, the next ones do not even read.
    expect(await scoreMonthJob(now(), { since: now() })).toMatchObject({ month: '2026-11', skipped: true });
  });

  it('the window-close sweep starts the new month', async () => {
    at('2026-12-01T12:30:00+08:00'); // the morning window settles 2 h (the offline tolerance) after it closes
    await closeWindows(new Date('2026-12-01T09:00:00+08:00'), now());
    const { data } = await db.collection(ATTENDANCE_MONTHS).doc(`${cadres.C.person._id}.2026-12`).get<AttendanceMonthDoc>();
    expect(data!.w.d01_am).toBe('M');
  });

  it('refuses bad input and periods not over', async () => {
    expect((await call('scoring.recompute', { unitId: county, period: '2026-13' })).code).toBe('invalid_input');
    expect((await call('scoring.recompute', { unitId: county, period: '2026-12' })).code).toBe('not_over');
    expect((await call('scoring.setRules', { countyId: county, rules: rulesWith({ items: [...DEFAULT_SCORING_RULES.items, { key: 'extra', name: '额外', max: 10, start: 'zero', lines: [], forfeitOn: [] }] }) })).code).toBe('invalid_input');
  });
});

describe('crashes, retries and edges', () => {
  it('a signed allowance survives a recompute that crashed half-way (its frozen copy stands)', async () => {
    at('2026-12-02T10:00:00+08:00');
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const s = (await call('scoring.signAllowances', { unitId: county, month: '2026-11', clientId: cid() })).data;
    expect(s.count).toBe(3);
    // A recompute removed the month's scores and died before adding them again…
    await db.collection('scores').where({ villagePath: county, period: '2026-11' }).remove();
    // …the next one writes them with the signed allowances as they were signed.
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const list = (await call('scoring.allowances', { unitId: county, month: '2026-11' })).data;
    expect(list.totals).toMatchObject({ count: 3, signed: 3, draft: 0 });
    // Signing again under a withdrawn sign-off is refused, not a silent re-sign.
    expect((await call('scoring.reopenAllowances', { signoffId: s.id, reason: '重新核对天数' })).ok).toBe(true);
    const again = await call('scoring.signAllowances', { unitId: county, month: '2026-11', clientId: s.id.split('.').at(-1) });
    expect(again.code).toBe('conflict');
    expect((await call('scoring.allowances', { unitId: county, month: '2026-11' })).data.totals).toMatchObject({ signed: 0, draft: 3 });
  });

  it('pays by work-log days even when no item scores them, counting two logs of a day once', async () => {
    const a = cadres.A.person._id;
    const before = logs.get(a)!;
    logs.set(a, [...before, { id: 'log-a-extra', date: before[0]!.date, label: '驻村记实' }]);
    const noLogItem = rulesWith({ items: DEFAULT_SCORING_RULES.items.filter((i) => i.key !== 'workLog'), allowance: { ...DEFAULT_SCORING_RULES.allowance, basis: 'workLogDays' } });
    expect((await call('scoring.setRules', { countyId: county, rules: noLogItem })).ok).toBe(true);
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const row = (await call('scoring.allowances', { unitId: county, month: '2026-11' })).data.rows.find((r: any) => r.name === '甲书记');
    expect([row.days, row.amount]).toEqual([15, 1500]);
    logs.set(a, before);
    await call('scoring.setRules', { countyId: county, rules: rulesWith({}) });
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
  });

  it('staff recompute repairs a month copy that lost records, or holds one too many', async () => {
    const id = `${cadres.B.person._id}.2026-11`;
    await db.collection(ATTENDANCE_MONTHS).doc(id).update({ data: { w: command.set({ d02_am: 'M' }) } });
    await db.collection(ATTENDANCE_MONTHS).doc(`${cadres.C.person._id}.2026-11`).set({ data: { personId: cadres.C.person._id, month: '2026-11', w: { d20_pm: 'M' }, n: {} } });
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const { data } = await db.collection(ATTENDANCE_MONTHS).doc(id).get<AttendanceMonthDoc>();
    expect(data!.w).toEqual({ d05_am: 'C', d06_am: 'M', d06_pm: 'M', d12_pm: 'O' }); // 11-05 am was corrected above
    expect((await db.collection(ATTENDANCE_MONTHS).doc(`${cadres.C.person._id}.2026-11`).get()).data).toBeNull();
    expect((await call('scoring.explain', { personId: cadres.B.person._id, period: '2026-11' })).data.total).toBe(67);
  });

  it('a crashed publication attempt leaves no rows among the published ones', async () => {
    const crashed = cid();
    // The attempt wrote its rows and died before its publication (simulated: the publication removed).
    const p = await call('scoring.publish', { unitId: county, period: '2026-11', reason: '第三版', clientId: crashed });
    await db.collection('publications').doc(p.data.id).remove();
    const v3 = await call('scoring.publish', { unitId: county, period: '2026-11', reason: '第三版（重发）', clientId: cid() });
    expect(v3).toMatchObject({ ok: true, data: { version: 3, count: 3 } });
    expect((await call('scoring.publication', { pubId: v3.data.id, limit: 100 })).data.rows).toHaveLength(3);
    expect((await db.collection('publishedScores').where({ pubId: v3.data.id }).count()).total).toBe(3);
  });

  it('nothing is computed, published or signed before the month has settled (03:00 on the 1st)', async () => {
    at('2026-12-01T00:10:00+08:00');
    expect((await call('scoring.recompute', { unitId: county, period: '2026-11' })).code).toBe('not_over');
    expect((await call('scoring.signAllowances', { unitId: county, month: '2026-11', clientId: cid() })).code).toBe('not_over');
    at('2026-12-02T10:00:00+08:00');
  });

  it('a run resumed after the next month became due hands the next month to the next tick', async () => {
    at('2026-12-01T04:00:00+08:00');
    await db.collection('scoreRuns').doc('all.2026-11').remove();
    await db.collection('scores').where({ period: '2026-11' }).remove();
    const part = await scoreMonthJob(now(), { pageSize: 1, deadline: Date.now() - 1 });
    expect(part).toMatchObject({ month: '2026-11', incomplete: true, checkpoint: { phase: 'month', after: expect.any(String) } });
    // The checkpoint is past the one page written, and only that page (a page's write completes before the run stops).
    const { data: written } = await db.collection('scores').where({ period: '2026-11' }).get<{ personId: string }>();
    expect(written.map((d) => d.personId)).toEqual([(part.checkpoint as { after: string }).after]);
    at('2027-01-01T04:00:00+08:00');
    const done = await scoreMonthJob(now(), { checkpoint: part.checkpoint, deadline: Date.now() + 60_000 });
    expect(done).toMatchObject({ month: '2026-11', doneUntil: new Date('2026-12-01T03:00:00+08:00') });
    at('2026-12-02T10:00:00+08:00');
  });

  it('a cadre whose stationing ended mid-month is scored and paid for the days served', async () => {
    at('2026-12-02T10:00:00+08:00');
    const i = unique();
    const p = await addPerson(SYSTEM, now(), { name: '丁队员', phone: `136${String(10_000_000 + i).slice(-8)}`, orgUnitId: village });
    const a = await startAssignment(SYSTEM, now(), { personId: p._id, villageId: village, kind: 'teamMember', dispatchingUnit: '州统计局', start: '2026-10-15' });
    const v = (await getUnit(village))!;
    const served = NOV_DAYS.filter((d) => d <= '2026-11-13');
    await recordAttendance(served.flatMap((date) => ['am', 'pm'].map((windowId) => ({ _id: attendanceId(p._id, { date, windowId }), personId: p._id, villageId: village, villagePath: v.path, date, windowKey: `${date}:${windowId}`, windowId, status: 'present' as const, at: now() }))));
    await endAssignment(SYSTEM, now(), a, '2026-11-13');
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const row = (await call('scoring.allowances', { unitId: county, month: '2026-11' })).data.rows.find((r: any) => r.name === '丁队员');
    expect([row.days, row.amount]).toEqual([10, 800]);
    // The timer's run finds them too.
    await db.collection('scores').doc(`${p._id}.2026-11`).remove();
    await db.collection('scoreRuns').doc('all.2026-11').remove();
    at('2026-12-01T04:00:00+08:00');
    expect((await scoreMonthJob(now(), { pageSize: 2 })).incomplete).toBeUndefined();
    expect((await db.collection('scores').doc(`${p._id}.2026-11`).get()).data).toMatchObject({ total: expect.any(Number) });
    at('2026-12-02T10:00:00+08:00');
  });

  it('a cadre stationed during the month is due only in the windows since, read from their records', async () => {
    at('2026-11-16T07:00:00+08:00');
    const i = unique();
    const p = await addPerson(SYSTEM, now(), { name: '戊队员', phone: `135${String(10_000_000 + i).slice(-8)}`, orgUnitId: village });
    await startAssignment(SYSTEM, now(), { personId: p._id, villageId: village, kind: 'teamMember', dispatchingUnit: '州统计局', start: '2026-11-16' });
    const v = (await getUnit(village))!;
    const since = NOV_DAYS.filter((d) => d >= '2026-11-16');
    await recordAttendance(since.flatMap((date) => ['am', 'pm'].map((windowId) => ({ _id: attendanceId(p._id, { date, windowId }), personId: p._id, villageId: village, villagePath: v.path, date, windowKey: `${date}:${windowId}`, windowId, status: date === '2026-11-20' ? 'missed' as const : 'present' as const, at: now() }))));
    at('2026-12-02T10:00:00+08:00');
    await call('scoring.recompute', { unitId: county, period: '2026-11' });
    const e = (await call('scoring.explain', { personId: p._id, period: '2026-11' })).data;
    const metric = (m: string) => e.metrics.find((x: any) => x.metric === m).value;
    // Not the county's 42 windows: the 22 from the 16th on, two of them missed.
    const figures = [2 * since.length, 2 * since.length - 2, 2, since.length - 1];
    expect([metric('windowsDue'), metric('windowsPresent'), metric('windowsMissed'), metric('daysOnPost')]).toEqual(figures);
    // The timer's run reads them the same way.
    await db.collection('scores').doc(`${p._id}.2026-11`).remove();
    await db.collection('scoreRuns').doc('all.2026-11').remove();
    at('2026-12-01T04:00:00+08:00');
    expect((await scoreMonthJob(now(), { pageSize: 3 })).incomplete).toBeUndefined();
    at('2026-12-02T10:00:00+08:00');
    const again = (await call('scoring.explain', { personId: p._id, period: '2026-11' })).data;
    expect(['windowsDue', 'windowsPresent', 'windowsMissed', 'daysOnPost'].map((m) => again.metrics.find((x: any) => x.metric === m).value)).toEqual(figures);
  });
});

describe('cadres with nothing recorded but their month on post', () => {
  let other: string;
  const villages: string[] = [];
  const people: Record<string, PersonDoc> = {};
  beforeAll(async () => {
    at('2026-10-15T10:00:00+08:00');
    const c = await createUnit(SYSTEM, now(), { parentId: 'city-xiangxi', name: `测试县${unique()}` });
    const town = await createUnit(SYSTEM, now(), { parentId: c._id, name: '测试镇' });
    const shibadong = (await getUnit('vil-shibadong'))!;
    for (const name of ['一村', '二村']) villages.push((await createUnit(SYSTEM, now(), { parentId: town._id, name, center: shibadong.center!, fence: shibadong.fence! }))._id);
    other = c._id;
    const who: [string, CadreKind, number][] = [['己队员', 'teamMember', 0], ['庚队员', 'teamMember', 0], ['辛书记', 'firstSecretary', 0], ['壬队员', 'teamMember', 1]];
    for (const [name, kind, v] of who) people[name] = (await cadre(name, kind, villages[v])).person;
    at('2026-11-30T18:00:00+08:00');
    for (const [name, , v] of who) await month(people[name]!._id, {}, villages[v]);
    at('2026-12-01T09:00:00+08:00');
  }, 60_000);

  const stored = async () => (await db.collection('scores').where({ countyId: other, period: '2026-11' }).orderBy('name', 'asc').get<Record<string, any>>()).data;

  it('are scored in full, each under their own name, village and kind, in rows of few values', async () => {
    expect((await call('scoring.recompute', { unitId: other, period: '2026-11' })).ok).toBe(true);
    const rows = await stored();
    expect(rows.map((r) => r.name)).toEqual(['壬队员', '己队员', '庚队员', '辛书记']);
    for (const r of rows) {
      // What queries use are fields; the rest is in the row's one text.
      expect(Object.keys(r).sort()).toEqual(['_id', 'allowance', 'computedAt', 'countyId', 'detail', 'name', 'period', 'personId', 'total', 'villagePath']);
      expect(r._id).toBe(`${r.personId}.2026-11`);
    }
    // 21 days × 80 元 for a team member, × 100 元 for a first secretary.
    expect(rows.map((r) => [r.total, r.allowance])).toEqual([
      [80, { status: 'draft', amountFen: 168_000, days: 21 }],
      [80, { status: 'draft', amountFen: 168_000, days: 21 }],
      [80, { status: 'draft', amountFen: 168_000, days: 21 }],
      [80, { status: 'draft', amountFen: 210_000, days: 21 }],
    ]);
    const list = (await call('scoring.allowances', { unitId: other, month: '2026-11' })).data;
    expect(list.rows.map((r: any) => [r.name, r.kindName, r.villageName, r.days, r.amount])).toEqual([
      ['壬队员', '驻村工作队员', '二村', 21, 1680],
      ['己队员', '驻村工作队员', '一村', 21, 1680],
      ['庚队员', '驻村工作队员', '一村', 21, 1680],
      ['辛书记', '第一书记', '一村', 21, 2100],
    ]);
    const e = (await call('scoring.explain', { personId: people['庚队员']!._id, period: '2026-11' })).data;
    expect(['windowsDue', 'windowsPresent', 'daysOnPost'].map((m) => e.metrics.find((x: any) => x.metric === m).value)).toEqual([42, 42, 21]);
  });

  it('a county whose rules keep the records of days on post gets each cadre their own records', async () => {
    const rules = rulesWith({});
    // Half a point a day on post, in the work item.
    rules.items = rules.items.map((i) => (i.key === 'workLog' ? { ...i, lines: [...i.lines, { metric: 'daysOnPost' as const, points: 0.5 }] } : i));
    expect((await call('scoring.setRules', { countyId: other, rules })).ok).toBe(true);
    expect((await call('scoring.recompute', { unitId: other, period: '2026-11' })).ok).toBe(true);
    const rows = await stored();
    expect(rows.map((r) => r.total)).toEqual([90.5, 90.5, 90.5, 90.5]);
    for (const r of rows) {
      const refs = JSON.parse(r.detail).r.daysOnPost as Ref[];
      expect(refs).toHaveLength(21);
      expect(refs.every((ref) => ref.id.startsWith(`${r.personId}.`))).toBe(true);
    }
    // A signed allowance's row carries its sign-off; the records are read back whole.
    const s = await call('scoring.signAllowances', { unitId: other, month: '2026-11', clientId: cid() });
    expect(s).toMatchObject({ ok: true, data: { count: 4 } });
    const signed = await stored();
    expect(signed.every((r) => r.allowance.status === 'signed' && r.allowance.signoffId === s.data.id && r.allowance.signedByName)).toBe(true);
    const list = (await call('scoring.allowances', { unitId: other, month: '2026-11' })).data;
    expect(list.rows.map((r: any) => [r.name, r.statusName, r.days, r.amount])).toEqual([
      ['壬队员', '已签核', 21, 1680],
      ['己队员', '已签核', 21, 1680],
      ['庚队员', '已签核', 21, 1680],
      ['辛书记', '已签核', 21, 2100],
    ]);
  });
});
