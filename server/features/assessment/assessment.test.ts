/**
 * The three-in-one assessment of a small county worked by hand: one township, two villages, five
 * cadres stationed from March 2026. Their targets are set, proposed, confirmed, progressed and
 * scored; March and April are scored by the scoring feature (missed windows, and an inspection in
 * April that finds one cadre absent); each village's villagers and its 村群管理员 answer a survey
 * once each, anonymously. In December the county computes the year: every part, total, rank and
 * grade below was worked out by hand, 优秀 within the quota; publication freezes the figures and
 * a correction is a new version with a reason.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { SYSTEM, freshCadre, freshPerson, missedWindow, unique } from '../../../test/fixtures';
import { now } from '../../kernel/clock';
import { db, storage } from '../../platform/cloud';
import { createUnit, getUnit } from '../org/service';
import { addPerson, bind, createInvite, endAssignment, getAssignment, getPerson, startAssignment } from '../people/service';
import type { CadreKind } from '../people/schema';
import { DEFAULT_SCORING_RULES } from '../scoring/schema';
import { closeDue, photoFolder, PUBLISHED, RESPONSES, SURVEYS } from './service';
import type { ResponseDoc, SurveyDoc } from './schema';

const STAFF = 'demo-city-staff-xiang';
/** Staff of another county: never in scope. */
const OTHER_STAFF = 'demo-bj-staff';

let t: TestCloud;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const cid = () => `assess-${unique()}-abcdefgh`;
const call = (action: string, input: unknown, openid = STAFF) => t.call(action, input, openid);
async function ok(action: string, input: unknown, openid = STAFF): Promise<any> {
  const r = await call(action, input, openid);
  if (!r.ok) throw new Error(`${action} as ${openid}: ${r.code} ${r.message}`);
  return r.data;
}
const cloudId = (openid: string, opengid: string) => t.cloud.functions.issueCloudId(openid, { opengid });

let county = '';
let town = '';
const V: Record<'one' | 'two', string> = { one: '', two: '' };
const C: Record<'A' | 'B' | 'C' | 'D' | 'E', { id: string; openid: string }> = {} as never;
/** Each village's 村群管理员, and its group. */
const admin: Record<'one' | 'two', { id: string; openid: string }> = {} as never;
const group = (v: 'one' | 'two') => `G-assess-${v}`;

async function bound(personId: string): Promise<string> {
  const { code } = await createInvite(SYSTEM, now(), (await getPerson(personId))!);
  const openid = `o-assess-${unique()}`;
  await bind(openid, now(), code);
  return openid;
}

async function cadre(name: string, kind: CadreKind, village: string) {
  const i = unique();
  const p = await addPerson(SYSTEM, now(), { name, phone: `136${String(10_000_000 + i).slice(-8)}`, orgUnitId: village });
  await startAssignment(SYSTEM, now(), { personId: p._id, villageId: village, kind, dispatchingUnit: '州发改委', start: '2026-03-01' });
  return { id: p._id, openid: await bound(p._id) };
}

/** A villager of the village: they opened the card from its group. */
async function villager(v: 'one' | 'two'): Promise<string> {
  const openid = `o-assess-villager-${unique()}`;
  await ok('village.enter', { groupCloudId: cloudId(openid, group(v)) }, openid);
  return openid;
}

/** Staff set a confirmed target; its id. */
async function target(who: keyof typeof C, text: string, weight: number, dueMonth = '2026-11', category = 'industry'): Promise<string> {
  const plan = await ok('assessment.setTarget', { personId: C[who].id, year: '2026', clientId: cid(), text, category, weight, dueMonth });
  return plan.targets.find((x: any) => x.text === text).id;
}

const surveys: Record<'one' | 'two', string> = { one: '', two: '' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-03-02T10:00:00+08:00');
  await seedDemo();
  county = (await createUnit(SYSTEM, now(), { parentId: 'city-xiangxi', name: `考评县${unique()}` }))._id;
  town = (await createUnit(SYSTEM, now(), { parentId: county, name: '考评镇' }))._id;
  const shibadong = (await getUnit('vil-shibadong'))!;
  V.one = (await createUnit(SYSTEM, now(), { parentId: town, name: '一村', center: shibadong.center!, fence: shibadong.fence! }))._id;
  V.two = (await createUnit(SYSTEM, now(), { parentId: town, name: '二村', center: shibadong.center!, fence: shibadong.fence! }))._id;
  C.A = await cadre('甲书记', 'firstSecretary', V.one);
  C.B = await cadre('乙队员', 'teamMember', V.one);
  C.C = await cadre('丙书记', 'firstSecretary', V.two);
  C.D = await cadre('丁队员', 'teamMember', V.two);
  C.E = await cadre('戊队员', 'teamMember', V.two);
  for (const v of ['one', 'two'] as const) {
    const p = await freshPerson(V[v], 'groupAdmin');
    admin[v] = { id: p._id, openid: await bound(p._id) };
    await ok('village.bindGroup', { villageId: V[v], groupCloudId: cloudId(admin[v].openid, group(v)) }, admin[v].openid);
  }
  // 优秀 from 79, at most 20% of the county (one of five): the quota bites below.
  await ok('scoring.setRules', { countyId: county, rules: { ...structuredClone(DEFAULT_SCORING_RULES), grades: { excellent: 79, competent: 75, basicallyCompetent: 60, excellentQuotaPct: 20 } } });

  // The targets of the year, set by staff (A, C, D, E) or proposed by the cadre (B's second).
  ids.A1 = await target('A', '发展猕猴桃产业200亩', 60);
  ids.A2 = await target('A', '建成村级党群服务中心', 40, '2026-09', 'partyBuilding');
  ids.B1 = await target('B', '完成全村危房改造排查', 50, '2026-06', 'livelihood');
  ids.C1 = await target('C', '村集体经济收入达到10万元', 100);
  ids.D1 = await target('D', '组织劳务输出培训两期', 30);
  ids.D2 = await target('D', '修通组级公路3公里', 70);
  ids.E1 = await target('E', '建立村级电商服务站', 50);
  ids.E2 = await target('E', '新建蓄水池两座', 50);
  ids.E3 = await target('E', '完成厕所改造30户', 20, '2026-10', 'livelihood');

  // March: missed windows (−2 each from 在岗签到's 50; 随机约请 30; no work logs): A 76, B 80, C 78, D 80, E 70.
  for (const [who, days] of [['A', ['2026-03-03:am', '2026-03-04:pm']], ['C', ['2026-03-05:am']], ['E', ['2026-03-09:am', '2026-03-09:pm', '2026-03-10:am', '2026-03-11:am', '2026-03-12:pm']]] as const) {
    for (const d of days) await missedWindow(C[who].id, who === 'A' ? V.one : V.two, d.slice(0, 10), d.slice(11));
  }
  // April: B misses three windows (74); an inspection of 二村 on 15 April finds D absent (在岗签到 lost at once: 30).
  for (const d of ['2026-04-07:am', '2026-04-08:am', '2026-04-08:pm']) await missedWindow(C.B.id, V.one, d.slice(0, 10), d.slice(11));
  at('2026-04-15T10:30:00+08:00');
  ids.inspection = (await ok('inspection.record', {
    clientId: cid(),
    villageId: V.two,
    marks: [{ personId: C.C.id, status: 'present' }, { personId: C.D.id, status: 'absent', note: '电话联系称在县城办事' }, { personId: C.E.id, status: 'present' }],
    findings: '上午10时到村部，第一书记和一名队员在岗，丁队员不在岗',
  })).id;
  at('2026-05-06T10:00:00+08:00');
  for (const month of ['2026-03', '2026-04']) await ok('scoring.recompute', { unitId: county, period: month });
}, 180_000);

afterAll(() => t?.stop());

describe('target management (目标管理)', () => {
  it('a cadre proposes a target; staff confirm it or, with a reason, reject one; a retry is the same target', async () => {
    at('2026-05-08T09:00:00+08:00');
    const input = { year: '2026', clientId: cid(), text: '带动20户发展黄牛养殖', category: 'industry', weight: 50, dueMonth: '2026-11' };
    const first = await ok('assessment.proposeTarget', input, C.B.openid);
    const again = await ok('assessment.proposeTarget', input, C.B.openid);
    const mine = first.targets.filter((x: any) => x.text === '带动20户发展黄牛养殖');
    expect(mine).toHaveLength(1);
    expect(again.targets).toHaveLength(first.targets.length);
    expect(mine[0]).toMatchObject({ status: 'proposed', statusName: '待确认', originName: '本人提出', setByName: '乙队员' });
    ids.B2 = mine[0].id;
    // Outside the year: said next to the field.
    expect(await call('assessment.proposeTarget', { ...input, clientId: cid(), dueMonth: '2027-01' }, C.B.openid)).toMatchObject({ ok: false, code: 'invalid_input', issues: [{ path: 'dueMonth', message: '完成时限应在考评年度内' }] });

    const junk = (await ok('assessment.proposeTarget', { ...input, clientId: cid(), text: '多开几次会', weight: 10 }, C.B.openid)).targets.find((x: any) => x.text === '多开几次会');
    expect(await call('assessment.reviewTarget', { personId: C.B.id, year: '2026', targetId: junk.id, decision: 'reject' })).toMatchObject({ ok: false, message: '请写明不通过的理由' });
    const rejected = await ok('assessment.reviewTarget', { personId: C.B.id, year: '2026', targetId: junk.id, decision: 'reject', note: '目标不具体，无法考核' });
    expect(rejected.targets.find((x: any) => x.id === junk.id)).toMatchObject({ status: 'rejected', reviewNote: '目标不具体，无法考核', reviewedByName: '向晓岚' });
    const confirmed = await ok('assessment.reviewTarget', { personId: C.B.id, year: '2026', targetId: ids.B2, decision: 'confirm' });
    expect(confirmed.targets.find((x: any) => x.id === ids.B2)).toMatchObject({ status: 'confirmed' });
    // Confirmed already: a rejection now is refused; confirming again is the same.
    expect(await call('assessment.reviewTarget', { personId: C.B.id, year: '2026', targetId: ids.B2, decision: 'reject', note: '不行' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await call('assessment.reviewTarget', { personId: C.B.id, year: '2026', targetId: ids.B2, decision: 'confirm' })).toMatchObject({ ok: true });
    // E's second target is dropped (confirmed, not scored): it no longer counts.
    const dropped = await ok('assessment.reviewTarget', { personId: C.E.id, year: '2026', targetId: ids.E2, decision: 'drop', note: '项目已由县水利局统一实施' });
    expect(dropped.targets.find((x: any) => x.id === ids.E2).status).toBe('dropped');
    // Staff of another county cannot touch the plan.
    expect(await call('assessment.reviewTarget', { personId: C.B.id, year: '2026', targetId: ids.B2, decision: 'confirm' }, OTHER_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await call('assessment.cadreTargets', { personId: C.B.id, year: '2026' }, OTHER_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('the cadre records progress with photos from their own folder; a retry counts once; the latest percent shows', async () => {
    at('2026-06-10T16:00:00+08:00');
    const photo = await storage.upload(`${photoFolder(C.A.id)}kiwi-1.jpg`, Buffer.from('jpeg'));
    const elsewhere = await storage.upload(`worklogs/${C.A.id}/kiwi.jpg`, Buffer.from('jpeg'));
    const base = { year: '2026', targetId: ids.A1, text: '已流转土地120亩，完成育苗' };
    expect(await call('assessment.recordProgress', { ...base, clientId: cid(), percent: 30, photoFileIds: [elsewhere] }, C.A.openid)).toMatchObject({ ok: false, message: '照片未上传成功，请重新上传' });
    const first = { ...base, clientId: cid(), percent: 30, photoFileIds: [photo] };
    await ok('assessment.recordProgress', first, C.A.openid);
    const again = await ok('assessment.recordProgress', first, C.A.openid);
    expect(again.plan.targets.find((x: any) => x.id === ids.A1)).toMatchObject({ percent: 30, progressCount: 1 });
    at('2026-09-20T16:00:00+08:00');
    const later = await ok('assessment.recordProgress', { ...base, clientId: cid(), text: '200亩全部栽种，成活率95%', percent: 100 }, C.A.openid);
    expect(later.plan.targets.find((x: any) => x.id === ids.A1)).toMatchObject({ percent: 100, progressCount: 2, progressAt: '2026-09-20T08:00:00.000Z' });
    const mine = await ok('assessment.myTargets', { year: '2026' }, C.A.openid);
    expect(mine.uploadFolder).toBe(`assessment/${C.A.id}/`);
    expect(mine.progress.map((p: any) => [p.percent, p.photoUrls.length])).toEqual([[100, 0], [30, 1]]);
    // Another cadre's target is not theirs to progress.
    expect(await call('assessment.recordProgress', { ...base, clientId: cid(), percent: 50 }, C.B.openid)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('staff score a confirmed target once it is due, 0–100, a change audited; a proposed one cannot be scored', async () => {
    at('2026-10-20T10:00:00+08:00');
    expect(await call('assessment.scoreTarget', { personId: C.A.id, year: '2026', targetId: ids.A1, score: 90 })).toMatchObject({ ok: false, code: 'too_early', message: '该目标的完成时限是11月，到期后才能评分' });
    expect(await call('assessment.scoreTarget', { personId: C.A.id, year: '2026', targetId: ids.A2, score: 101 })).toMatchObject({ ok: false, code: 'invalid_input' });
    const p = await ok('assessment.proposeTarget', { year: '2026', clientId: cid(), text: '开展技能培训三次', category: 'other', weight: 10, dueMonth: '2026-05' }, C.C.openid);
    const proposed = p.targets.find((x: any) => x.status === 'proposed').id;
    expect(await call('assessment.scoreTarget', { personId: C.C.id, year: '2026', targetId: proposed, score: 80 })).toMatchObject({ ok: false, code: 'conflict' });
    await ok('assessment.reviewTarget', { personId: C.C.id, year: '2026', targetId: proposed, decision: 'reject', note: '已含在村集体经济目标中' });
    const scored = await ok('assessment.scoreTarget', { personId: C.A.id, year: '2026', targetId: ids.A2, score: 70, note: '主体完工' });
    expect(scored.targets.find((x: any) => x.id === ids.A2)).toMatchObject({ score: 70, scoreNote: '主体完工', scoredByName: '向晓岚' });
    expect(scored.targetPart).toBe(28); // 70 × 40 / 100: A1 (60) not scored yet counts 0
    const changed = await ok('assessment.scoreTarget', { personId: C.A.id, year: '2026', targetId: ids.A2, score: 80, note: '已投入使用' });
    expect(changed.targets.find((x: any) => x.id === ids.A2).score).toBe(80);
    const { data: trail } = await db.collection('audit').where({ action: 'assessment.scoreTarget', 'target.id': `${C.A.id}.2026` }).orderBy('at', 'asc').get<{ before: { score: number | null }; after: { score: number } }>();
    expect(trail.map((a) => [a.before.score, a.after.score])).toEqual([[null, 70], [70, 80]]);
  });
});

describe('the democratic evaluation (民主测评): one anonymous response per person', () => {
  /** Ratings of the cadres in `personIds`' order; `comment` goes with 甲书记's. */
  const rate = (personIds: string[], overall: string[], comment = '') => ({ ratings: personIds.map((personId, i) => ({ personId, overall: overall[i], ...(comment && personId === C.A.id ? { comment } : {}) })) });
  let v1: string[] = [];
  let v2: string[] = [];

  beforeAll(async () => {
    at('2026-11-20T09:00:00+08:00');
    v1 = [await villager('one'), await villager('one'), await villager('one'), await villager('one')];
    v2 = [await villager('two'), await villager('two'), await villager('two'), await villager('two')];
  });

  it('staff open a survey of each village’s team, one running at a time', async () => {
    const s1 = await ok('assessment.openSurvey', { villageId: V.one, year: '2026', clientId: cid(), closesOn: '2026-11-30' });
    expect(s1.cadres.map((c: any) => c.name).sort()).toEqual(['乙队员', '甲书记']);
    expect(s1).toMatchObject({ open: true, responses: 0, closesOn: '2026-11-30' });
    surveys.one = s1.id;
    at('2026-11-20T09:01:00+08:00');
    surveys.two = (await ok('assessment.openSurvey', { villageId: V.two, year: '2026', clientId: cid(), closesOn: '2026-11-30', aspects: true })).id;
    expect(await call('assessment.openSurvey', { villageId: V.one, year: '2026', clientId: cid(), closesOn: '2026-11-28' })).toMatchObject({ ok: false, code: 'conflict', message: '一村已有正在进行的民主测评（2026-11-30截止）' });
    expect(await call('assessment.openSurvey', { villageId: V.one, year: '2026', clientId: cid(), closesOn: '2026-11-19' })).toMatchObject({ ok: false, message: '截止日期不能早于今天' });
    // The salt never leaves the server.
    expect(JSON.stringify(s1)).not.toMatch(/salt/);
  });

  it('takes one response per person: a retry is the same response, a second submit is refused', async () => {
    const open = await ok('assessment.openSurveys', { villageId: V.one }, v1[0]);
    expect(open).toMatchObject({ villageName: '一村', as: 'villager', surveys: [{ id: surveys.one, answered: false }] });
    const order = open.surveys[0].cadres.map((c: any) => c.personId);
    const ab = (a: string, b: string) => order.map((p: string) => (p === C.A.id ? a : b));
    const mine = rate(order, ab('satisfied', 'satisfied'), '经常入户，办实事');
    expect(await ok('assessment.answer', { surveyId: surveys.one, ...mine }, v1[0])).toEqual({ surveyId: surveys.one, again: false });
    expect(await ok('assessment.answer', { surveyId: surveys.one, ...mine }, v1[0])).toEqual({ surveyId: surveys.one, again: true });
    expect(await call('assessment.answer', { surveyId: surveys.one, ...rate(order, ab('unsatisfied', 'unsatisfied')) }, v1[0])).toMatchObject({ ok: false, code: 'already_answered', message: '您已参加过本次民主测评，每人只能提交一次' });
    expect((await ok('assessment.openSurveys', { villageId: V.one }, v1[0])).surveys[0].answered).toBe(true);
    // Every cadre must be rated.
    expect(await call('assessment.answer', { surveyId: surveys.one, ratings: [{ personId: C.A.id, overall: 'satisfied' }] }, v1[1])).toMatchObject({ ok: false, message: '请对每一位驻村干部都作出评价' });
    // The rest of 一村: A s,s,s,b,u; B s,b,b,b,s (the last by the village's 村群管理员).
    await ok('assessment.answer', { surveyId: surveys.one, ...rate(order, ab('satisfied', 'basicallySatisfied')) }, v1[1]);
    await ok('assessment.answer', { surveyId: surveys.one, ...rate(order, ab('satisfied', 'basicallySatisfied')) }, v1[2]);
    await ok('assessment.answer', { surveyId: surveys.one, ...rate(order, ab('basicallySatisfied', 'basicallySatisfied'), '希望多来组里') }, v1[3]);
    expect((await ok('assessment.openSurveys', { villageId: V.one }, admin.one.openid)).as).toBe('official');
    await ok('assessment.answer', { surveyId: surveys.one, ...rate(order, ab('unsatisfied', 'satisfied')) }, admin.one.openid);
    const results = await ok('assessment.surveyResults', { surveyId: surveys.one });
    expect(results.responses).toBe(5);
    const byName = Object.fromEntries(results.cadres.map((c: any) => [c.name, c]));
    expect(byName['甲书记']).toMatchObject({ satisfied: 3, basicallySatisfied: 1, unsatisfied: 1, count: 5, rate: 80, points: 72 });
    expect(byName['乙队员']).toMatchObject({ satisfied: 2, basicallySatisfied: 3, unsatisfied: 0, rate: 100, points: 76 });
    // Comments by cadre, in the order of their text, never of their coming.
    expect(byName['甲书记'].comments).toEqual(['希望多来组里', '经常入户，办实事'].sort());
  });

  it('refuses a villager of another village, anyone who came from no group, and a cadre', async () => {
    const order = [C.A.id, C.B.id];
    const answer = rate(order, ['satisfied', 'satisfied']);
    expect(await call('assessment.answer', { surveyId: surveys.one, ...answer }, v2[0])).toMatchObject({ ok: false, code: 'not_villager', message: '只有本村村民和村干部可以参加本村的民主测评，请从本村的村群卡片打开' });
    expect(await call('assessment.openSurveys', { villageId: V.one }, v2[0])).toMatchObject({ ok: false, code: 'not_villager' });
    expect(await call('assessment.answer', { surveyId: surveys.one, ...answer }, 'o-assess-stranger')).toMatchObject({ ok: false, code: 'not_villager' });
    expect(await call('assessment.answer', { surveyId: surveys.one, ...answer }, C.A.openid)).toMatchObject({ ok: false, code: 'not_villager' });
    // 二村's 村群管理员 is no official of 一村.
    expect(await call('assessment.answer', { surveyId: surveys.one, ...answer }, admin.two.openid)).toMatchObject({ ok: false, code: 'not_villager' });
    expect((await ok('assessment.surveyResults', { surveyId: surveys.one })).responses).toBe(5);
  });

  it('asks 二村 every aspect too; C s,s,s,s; D u,u,b,s; E s,b,u,b', async () => {
    const open = await ok('assessment.openSurveys', { villageId: V.two }, v2[0]);
    const order: string[] = open.surveys[0].cadres.map((c: any) => c.personId);
    const want: Record<string, string[]> = { [C.C.id]: ['satisfied', 'satisfied', 'satisfied', 'satisfied'], [C.D.id]: ['unsatisfied', 'unsatisfied', 'basicallySatisfied', 'satisfied'], [C.E.id]: ['satisfied', 'basicallySatisfied', 'unsatisfied', 'basicallySatisfied'] };
    expect(await call('assessment.answer', { surveyId: surveys.two, ...rate(order, order.map((p) => want[p]![0]!)) }, v2[0])).toMatchObject({ ok: false, message: '请对每一位驻村干部的工作作风、工作实绩、群众关系分别作出评价' });
    for (let i = 0; i < 4; i++) {
      const ratings = order.map((personId) => ({ personId, overall: want[personId]![i], aspects: { style: want[personId]![i], results: 'satisfied', relations: want[personId]![i] } }));
      await ok('assessment.answer', { surveyId: surveys.two, ratings }, v2[i]);
    }
    const results = await ok('assessment.surveyResults', { surveyId: surveys.two });
    const d = results.cadres.find((c: any) => c.personId === C.D.id);
    expect(d).toMatchObject({ satisfied: 1, basicallySatisfied: 1, unsatisfied: 2, rate: 50, points: 40 });
    expect(d.aspects).toEqual([
      { aspect: 'style', name: '工作作风', satisfied: 1, basicallySatisfied: 1, unsatisfied: 2 },
      { aspect: 'results', name: '工作实绩', satisfied: 4, basicallySatisfied: 0, unsatisfied: 0 },
      { aspect: 'relations', name: '群众关系', satisfied: 1, basicallySatisfied: 1, unsatisfied: 2 },
    ]);
  });

  it('keeps no OPENID, person or time in a stored response', async () => {
    const { data } = await db.collection(RESPONSES).where({ surveyId: surveys.one }).get<ResponseDoc>();
    expect(data).toHaveLength(5);
    const text = JSON.stringify(data);
    for (const o of [...v1, admin.one.openid]) expect(text).not.toContain(o);
    expect(text).not.toContain(admin.one.id);
    for (const r of data) {
      expect(Object.keys(r).sort()).toEqual(['_id', 'countyId', 'date', 'r', 'surveyId', 'villageId', 'year']);
      expect(r._id).toMatch(/^sr-[0-9a-f]{32}$/);
      expect(r.date).toBe('2026-11-20');
    }
  });

  it('refuses answers once closed, by staff or by the closing day, and forgets the salt', async () => {
    const late = await villager('one');
    at('2026-12-01T08:00:00+08:00');
    const answer = rate([C.A.id, C.B.id], ['satisfied', 'satisfied']);
    expect(await call('assessment.answer', { surveyId: surveys.one, ...answer }, late)).toMatchObject({ ok: false, code: 'survey_closed', message: '本次民主测评已结束' });
    expect(await closeDue(now())).toEqual({ closed: 2 });
    expect(await closeDue(now())).toEqual({ closed: 0 });
    const { data } = await db.collection(SURVEYS).doc(surveys.one).get<SurveyDoc>();
    expect(data).toMatchObject({ status: 'closed' });
    expect(data!.salt).toBeUndefined();
    // Closed by staff before its day: refused at once.
    at('2026-12-02T09:00:00+08:00');
    const s3 = await ok('assessment.openSurvey', { villageId: V.one, year: '2026', clientId: cid(), closesOn: '2026-12-10' });
    expect((await ok('assessment.closeSurvey', { surveyId: s3.id })).open).toBe(false);
    expect(await call('assessment.answer', { surveyId: s3.id, ...rate(s3.cadres.map((c: any) => c.personId), ['satisfied', 'satisfied']) }, late)).toMatchObject({ ok: false, code: 'survey_closed' });
    expect(await ok('assessment.openSurveys', { villageId: V.one }, late)).toMatchObject({ surveys: [] });
    expect((await ok('assessment.surveys', { unitId: town, year: '2026' })).items.map((x: any) => [x.villageName, x.responses, x.open])).toEqual([['一村', 0, false], ['二村', 4, false], ['一村', 5, false]]);
  });
});

describe('the annual result', () => {
  const row = (rows: any[], who: keyof typeof C) => rows.find((r) => r.personId === C[who].id);

  it('is computed from targets, surveys, inspections and monthly scores, every figure as worked by hand', async () => {
    at('2026-12-05T10:00:00+08:00');
    const score = (who: keyof typeof C, targetId: string, s: number) => ok('assessment.scoreTarget', { personId: C[who].id, year: '2026', targetId, score: s });
    await score('A', ids.A1, 90);
    await score('B', ids.B1, 70);
    await score('B', ids.B2, 100);
    await score('C', ids.C1, 95);
    await score('D', ids.D1, 60);
    await score('D', ids.D2, 50);
    await score('E', ids.E1, 80);
    // E3 (weight 20) stays unscored: it counts 0.
    expect(await call('assessment.publish', { countyId: county, year: '2026', clientId: cid() })).toMatchObject({ ok: false, code: 'not_found' });
    const run = await ok('assessment.compute', { countyId: county, year: '2026' });
    expect(run).toMatchObject({ count: 5, weights: { targets: 40, survey: 30, inspection: 30 }, excellentAbove: 79.9, gaps: [{ part: 'targets', count: 0 }, { part: 'survey', count: 0 }, { part: 'inspection', count: 0 }] });

    const ranking = await ok('assessment.ranking', { unitId: county, year: '2026' });
    // targets: A (90×60 + 80×40)/100 = 86; B (70×50 + 100×50)/100 = 85; C 95; D (60×30 + 50×70)/100 = 53; E 80×50/70 = 57.1
    // survey: A 72, B 76 (above); C 100; D (100 + 60)/4 = 40; E (100 + 60 + 60)/4 = 55
    // inspection: months' mean: A (76+80)/2 = 78; B (80+74)/2 = 77; C (78+80)/2 = 79; D (80+30)/2 = 55 − 10 (one absence) = 45; E (70+80)/2 = 75
    // total 40/30/30: A 34.4+21.6+23.4 = 79.4; B 34+22.8+23.1 = 79.9; C 38+30+23.7 = 91.7; D 21.2+12+13.5 = 46.7; E 22.84+16.5+22.5 = 61.8
    expect(ranking.rows.map((r: any) => [r.name, r.parts.targets, r.parts.survey, r.parts.inspection, r.total, r.rank, r.kindRank, r.gradeName])).toEqual([
      ['丙书记', 95, 100, 79, 91.7, 1, 1, '优秀'],
      ['乙队员', 85, 76, 77, 79.9, 2, 1, '称职'],
      ['甲书记', 86, 72, 78, 79.4, 3, 2, '称职'],
      ['戊队员', 57.1, 55, 75, 61.8, 4, 2, '基本称职'],
      ['丁队员', 53, 40, 45, 46.7, 5, 3, '不称职'],
    ]);
    // 乙 and 甲 pass 79 but the quota (one of five) stops 优秀 above 79.9.
    expect(row(ranking.rows, 'A')).toMatchObject({ satisfactionRate: 80, surveyCount: 5, absences: 0 });
    expect(row(ranking.rows, 'D')).toMatchObject({ satisfactionRate: 50, surveyCount: 4, absences: 1 });
    // 分类排位: the first secretaries, and one township.
    const fs = await ok('assessment.ranking', { unitId: county, year: '2026', kind: 'firstSecretary' });
    expect(fs.rows.map((r: any) => [r.name, r.kindRank, r.rank])).toEqual([['丙书记', 1, 1], ['甲书记', 2, 3]]);
    const one = await ok('assessment.ranking', { unitId: V.one, year: '2026' });
    expect(one.rows.map((r: any) => [r.name, r.rank])).toEqual([['乙队员', 2], ['甲书记', 3]]);

    const d = await ok('assessment.explain', { countyId: county, year: '2026', personId: C.D.id });
    expect(d.formula).toBe('目标管理 53.0 × 40% + 民主测评 40.0 × 30% + 检查评价 45.0 × 30% = 46.7');
    expect(d.targets.map((x: any) => [x.weight, x.score])).toEqual([[30, 60], [70, 50]]);
    expect(d.surveys).toEqual([expect.objectContaining({ surveyId: surveys.two, villageName: '二村', satisfied: 1, basicallySatisfied: 1, unsatisfied: 2, count: 4 })]);
    expect(d.inspections).toEqual([{ inspectionId: ids.inspection, date: '2026-04-15', status: 'absent', statusName: '不在岗', villageName: '二村' }]);
    expect(d.months).toEqual([{ month: '2026-03', total: 80 }, { month: '2026-04', total: 30 }]);
    expect(d.monthsAverage).toBe(55);
    const c = await ok('assessment.explain', { countyId: county, year: '2026', personId: C.C.id });
    expect(c.inspections).toEqual([expect.objectContaining({ status: 'present', statusName: '在岗' })]);
    const e = await ok('assessment.explain', { countyId: county, year: '2026', personId: C.E.id });
    expect(e.targets.map((x: any) => [x.text, x.weight, x.score])).toEqual([['建立村级电商服务站', 50, 80], ['完成厕所改造30户', 20, null]]);
    // Out of scope.
    expect(await call('assessment.explain', { countyId: county, year: '2026', personId: C.D.id }, OTHER_STAFF)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await call('assessment.compute', { countyId: county, year: '2026' }, 'demo-hy-staff')).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('computing again changes nothing (idempotent)', async () => {
    const before = (await ok('assessment.ranking', { unitId: county, year: '2026' })).rows;
    at('2026-12-05T10:05:00+08:00');
    await ok('assessment.compute', { countyId: county, year: '2026' });
    expect((await ok('assessment.ranking', { unitId: county, year: '2026' })).rows).toEqual(before);
  });

  it('publication freezes the figures; a correction is a new version with a reason', async () => {
    at('2026-12-06T09:00:00+08:00');
    const clientId = cid();
    const v1 = await ok('assessment.publish', { countyId: county, year: '2026', clientId });
    expect(v1).toMatchObject({ version: 1, count: 5, gradeCounts: { excellent: 1, competent: 2, basicallyCompetent: 1, incompetent: 1 } });
    expect(await ok('assessment.publish', { countyId: county, year: '2026', clientId })).toEqual(v1);
    expect(await call('assessment.publish', { countyId: county, year: '2026', clientId: cid(), reason: '重复' })).toMatchObject({ ok: false, code: 'unchanged' });

    // E's last target is scored after all: the working figures change, the publication does not.
    await ok('assessment.scoreTarget', { personId: C.E.id, year: '2026', targetId: ids.E3, score: 80 });
    await ok('assessment.compute', { countyId: county, year: '2026' });
    const now1 = await ok('assessment.ranking', { unitId: county, year: '2026' });
    // E: targets (80×50 + 80×20)/70 = 80; total 32 + 16.5 + 22.5 = 71
    expect(row(now1.rows, 'E')).toMatchObject({ total: 71, rank: 4, gradeName: '基本称职' });
    expect(now1.changedSincePublication).toBe(true);
    const frozen = await ok('assessment.publication', { pubId: v1.id });
    expect(frozen.rows.find((r: any) => r.personId === C.E.id)).toMatchObject({ total: 61.8, parts: { targets: 57.1 } });

    expect(await call('assessment.publish', { countyId: county, year: '2026', clientId: cid() })).toMatchObject({ ok: false, code: 'reason_required', message: '该年度已公布第 1 版，更正须说明理由' });
    const v2 = await ok('assessment.publish', { countyId: county, year: '2026', clientId: cid(), reason: '补评戊队员厕所改造目标' });
    expect(v2).toMatchObject({ version: 2, reason: '补评戊队员厕所改造目标' });
    expect((await ok('assessment.publication', { pubId: v2.id })).rows.find((r: any) => r.personId === C.E.id).total).toBe(71);
    expect((await ok('assessment.publication', { pubId: v1.id })).rows.find((r: any) => r.personId === C.E.id).total).toBe(61.8);
    expect((await ok('assessment.publications', { countyId: county, year: '2026' })).map((p: any) => [p.version, p.reason])).toEqual([[2, '补评戊队员厕所改造目标'], [1, '']]);
    expect((await db.collection(PUBLISHED).where({ pubId: v1.id }).count()).total).toBe(5);
    // The cadre sees the newest version on their page.
    expect((await ok('assessment.myTargets', { year: '2026' }, C.E.openid)).results).toEqual([expect.objectContaining({ year: '2026', version: 2, total: 71, gradeName: '基本称职' })]);
  });

  it('is not published before December, and only by a county', async () => {
    at('2026-12-06T10:00:00+08:00');
    expect(await call('assessment.publish', { countyId: town, year: '2026', clientId: cid() })).toMatchObject({ ok: false, code: 'forbidden' });
    at('2027-03-01T10:00:00+08:00');
    await ok('assessment.compute', { countyId: county, year: '2027' });
    expect(await call('assessment.publish', { countyId: county, year: '2027', clientId: cid() })).toMatchObject({ ok: false, code: 'too_early', message: '2027年度考评结果从12月1日起才能公布' });
  });
});

describe('a cadre moved to another county', () => {
  it('is the new county’s: the old county’s staff no longer reach the plan, the new county’s do', async () => {
    at('2027-03-02T10:00:00+08:00');
    const { person, assignmentId } = await freshCadre('vil-shibadong');
    const plan = await ok('assessment.setTarget', { personId: person._id, year: '2027', clientId: cid(), text: '发展黄金茶产业100亩', category: 'industry', weight: 100, dueMonth: '2027-03' }, 'demo-hy-staff');
    const targetId = plan.targets[0].id;
    expect((await ok('assessment.cadreTargets', { personId: person._id, year: '2027' }, 'demo-hy-staff')).plan.targets).toHaveLength(1);
    // Moved from 花垣县十八洞村 to 保靖县夯沙村.
    await endAssignment(SYSTEM, now(), (await getAssignment(assignmentId))!, '2027-03-02');
    await startAssignment(SYSTEM, now(), { personId: person._id, villageId: 'vil-hangsha', kind: 'teamMember', dispatchingUnit: '测试派出单位', start: '2027-03-02' });
    for (const [action, input] of [
      ['assessment.cadreTargets', {}],
      ['assessment.scoreTarget', { targetId, score: 90 }],
      ['assessment.reviewTarget', { targetId, decision: 'drop', note: '已调离本县' }],
    ] as const) {
      expect(await call(action, { personId: person._id, year: '2027', ...input }, 'demo-hy-staff')).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect((await ok('assessment.cadreTargets', { personId: person._id, year: '2027' }, 'demo-bj-staff')).plan.targets.map((x: any) => x.id)).toEqual([targetId]);
    expect((await ok('assessment.scoreTarget', { personId: person._id, year: '2027', targetId, score: 90 }, 'demo-bj-staff')).targets[0].score).toBe(90);
  });
});
