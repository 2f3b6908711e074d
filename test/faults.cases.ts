/**
 * The calls that test/faults.test.ts kills between their writes and retries: one or more cases
 * per action that writes more than one document. test/matrix.test.ts records the most writes of
 * one call of every action over its examples and fails for a multi-write action missing here
 * (`FAULT_COVERED`), so an action added later is covered the day it writes twice.
 *
 * A case sets up what the call needs in the shared world (the demo county with its village
 * groups, the clock frozen on Tuesday 12 May 2026 at 10:00) through the features' services and
 * fixtures, and returns the call: its function, caller and input. The test snapshots the
 * database after the set-up, so each crash starts from the same state.
 */
import type { TestCloud } from './harness';
import { approveLeave, freshAnswerPhoto, freshBoundPerson, freshCadre, freshCheckin, freshCorrection, freshHalfDay, freshInquiry, freshLeave, freshPerson, freshSpotCheck, missedWindow, SYSTEM, unique } from './fixtures';
import { now } from '../server/kernel/clock';
import type { Caller } from '../server/kernel/caller';
import { bind, createInvite, getPerson } from '../server/features/people/service';
import type { PersonDoc } from '../server/features/people/schema';
import { getUnit } from '../server/features/org/service';
import { decide as decideLeave } from '../server/features/leave/service';
import { DEFAULT_LEAVE_RULES } from '../server/features/leave/schema';
import { DEFAULT_CHECKIN_SCHEDULE } from '../server/features/checkin/schedule';
import { DEFAULT_COMPLAINT_RULES } from '../server/features/complaint/schema';
import { DEFAULT_SPOTCHECK_SETTINGS } from '../server/features/spotcheck/schema';
import { DEFAULT_SCORING_RULES } from '../server/features/scoring/schema';
import { recompute, reopenAllowances, SCORES, signAllowances, signoffsOf } from '../server/features/scoring/service';
import { DEFAULT_QUESTION_RULES } from '../server/features/question/schema';
import { DEFAULT_ASSESSMENT_SETTINGS } from '../server/features/assessment/schema';
import { closeSurvey as closeAssessSurvey, openSurvey as openAssessSurvey, openSurveysOf, proposeTarget, setTarget as setAssessTarget } from '../server/features/assessment/service';
import { DEFAULT_WORK_REPORT_SETTINGS } from '../server/features/workreport/schema';
import { freshSubmittedReport } from '../server/features/workreport/fixtures';
import { freshInspection } from '../server/features/inspection/fixtures';
import { freshCourse as freshTrainingCourse } from '../server/features/training/fixtures';
import { addProject as addResourceProject } from '../server/features/resource/service';
import { policyFolder } from '../server/features/policy/service';
import { demoGroupId } from '../scripts/demo/complaints';
import { db, storage } from '../server/platform/cloud';

/** One call to kill and retry. */
export interface FaultCall {
  /** The function to call: by default the one that serves the action (miniprogram/api/routes.ts). */
  fn?: 'ledger';
  openid: string;
  input: unknown;
  /**
   * What the comparison may not hold against a retry, by design: applied to the uncrashed
   * run's database and to each retry's before they are compared (documents by collection).
   */
  settle?: (db: Map<string, any[]>) => Map<string, any[]>;
}

export type FaultCase = (t: TestCloud) => Promise<FaultCall>;

// The Huayuan side of the demo county (as the matrix's): Shuanglong township, Shibadong village;
// Jinlong, a village of the same township, for what takes a whole team.
const COUNTY = 'county-huayuan';
const TOWNSHIP = 'town-shuanglong';
const VILLAGE = 'vil-shibadong';
const TEAM_VILLAGE = 'vil-jinlong';
const CITY = 'city-xiangxi';
/** County organisation-department staff (covers the whole county). */
const COUNTY_STAFF = 'demo-hy-staff';
const CITY_STAFF = 'demo-city-staff-xiang';
/** The township's leave approver, then the county's. */
const TOWNSHIP_APPROVER = 'demo-sl-approver';
const COUNTY_APPROVER = 'demo-hy-approver';
const CITY_APPROVER = 'demo-city-approver';
/** The 村群管理员 of Shibadong and Jinlong. */
const GROUP_ADMIN = 'demo-ga-shuanglong';
/** Shibadong's first secretary and a team member (cadres of the county). */
const VILLAGE_CADRE = 'demo-fs-shibadong';
const OTHER_CADRE = 'demo-tm-shibadong-1';
/** The month scored (the clock is in May 2026). */
const SCORED = '2026-04';

const call = (openid: string, input: unknown, fn?: 'ledger'): FaultCall => ({ ...(fn ? { fn } : {}), openid, input });

/**
 * A draw is random: who is drawn first differs between runs (so lists of the drawn are sorted),
 * and an attempt that died before its record leaves its eligible-list chunks behind, named by its
 * own seed and read by nobody (so chunks whose seed is not their draw record's are dropped).
 */
function settleDraws(db: Map<string, any[]>): Map<string, any[]> {
  const out = new Map(db);
  const draws = db.get('spotCheckDraws') ?? [];
  const seeds = new Map(draws.filter((d) => d.kind === 'draw').map((d) => [d._id, d.seed]));
  out.set('spotCheckDraws', draws.filter((d) => d.kind !== 'eligible' || seeds.get(d.drawId) === d.seed).map((d) => (d.kind === 'draw' ? { ...d, picked: [...d.picked].sort() } : d)));
  out.set('audit', (db.get('audit') ?? []).map((a) => (a.action === 'spotCheck.issue' && Array.isArray(a.after?.personIds) ? { ...a, after: { ...a.after, personIds: [...a.after.personIds].sort() } } : a)));
  return out;
}

async function must(t: TestCloud, action: string, input: unknown, openid: string): Promise<any> {
  const r = await t.call(action, input, openid);
  if (!r.ok) throw new Error(`fixture ${action} by ${openid} failed: ${JSON.stringify(r)}`);
  return r.data;
}

/** A fresh cadre of `villageId` bound to a WeChat user of their own: they can call actions. */
async function boundCadre(villageId = VILLAGE): Promise<{ person: PersonDoc; openid: string }> {
  const { person } = await freshCadre(villageId);
  const { code } = await createInvite(SYSTEM, now(), person);
  const openid = `o-fault-cadre-${unique()}`;
  return { person: await bind(openid, now(), code), openid };
}

const cloudId = (t: TestCloud, openid: string, opengid: string) => t.cloud.functions.issueCloudId(openid, { opengid });

// ---- fixtures borrowed from the matrix's examples -------------------------------------------------

async function freshPolicy(t: TestCloud): Promise<string> {
  const fileId = await storage.upload(`${policyFolder(COUNTY)}fault-${unique()}.pdf`, Buffer.from('%PDF-1.4'));
  const input = { unitId: COUNTY, clientId: `fault-${unique()}-po`, title: '驻村工作队考勤细则', issuer: '县委组织部', issuedOn: '2026-05-01', tags: ['驻村管理'], summary: '驻村工作队员每日签到。', file: { fileId, name: '考勤细则.pdf' } };
  return (await must(t, 'policy.publish', input, COUNTY_STAFF)).id as string;
}

async function freshNotice(t: TestCloud): Promise<string> {
  const n = await must(t, 'publicNotice.publish', { villageId: VILLAGE, clientId: `fault-${unique()}-pn`, kind: 'finance', title: '村级财务收支公示', body: '本月收入：……\n本月支出：……' }, GROUP_ADMIN);
  return n.id as string;
}

async function freshShare(t: TestCloud): Promise<string> {
  return (await must(t, 'share.post', { clientId: `fault-${unique()}-sh`, text: '入户走访的第一百户' }, VILLAGE_CADRE)).id as string;
}

async function freshResource(villageId = VILLAGE): Promise<string> {
  const { person } = await freshCadre(villageId);
  const p = await addResourceProject(person, now(), { clientId: `fault-${unique()}-rp`, name: '稻花鱼养殖基地', kind: 'industry', amountYuan: 80_000_00, source: 'dispatchingUnit', sourceName: '', status: 'planning', plannedOn: '2026-05-01', startedOn: null, completedOn: null, files: [], note: '' });
  return p._id;
}

async function freshWorkUpdate(t: TestCloud): Promise<string> {
  return (await must(t, 'workUpdate.post', { unitId: TOWNSHIP, clientId: `fault-${unique()}-wu`, title: '乡镇驻村工作动态', body: '本周组织驻村干部走访脱贫户。' }, COUNTY_STAFF)).id as string;
}

async function freshAssessPlan(status: 'confirmed' | 'proposed' = 'confirmed'): Promise<{ personId: string; targetId: string }> {
  const { person } = await freshCadre(VILLAGE);
  const target = { year: '2026', clientId: `fault-${unique()}-fp`, text: '完成本月走访全覆盖', category: 'governance' as const, weight: 40, dueMonth: '2026-05' };
  const plan = status === 'proposed' ? await proposeTarget(SYSTEM, person, now(), target) : await setAssessTarget(SYSTEM, person, now(), { ...target, personId: person._id });
  return { personId: person._id, targetId: plan.targets[0]!.id };
}

async function closeAssessSurveys(villageId: string): Promise<void> {
  for (const sv of await openSurveysOf(villageId, now())) await closeAssessSurvey(SYSTEM, now(), sv);
}

async function scoredMonth(unitId: string): Promise<void> {
  await recompute(now(), (await getUnit(unitId))!, SCORED);
  const { data } = await db.collection(SCORES).where({ villagePath: unitId, period: SCORED }).limit(1).get<{ personId: string }>();
  if (!data[0]) throw new Error(`no scores of ${unitId} for ${SCORED}`);
}

/** The township's allowances of the month as drafts again (every sign-off taken back), recomputed. */
async function draftAllowances(): Promise<void> {
  for (const so of await signoffsOf(TOWNSHIP, SCORED)) if (!so.reopened) await reopenAllowances(SYSTEM, now(), so, '故障测试撤回');
  await recompute(now(), (await getUnit(TOWNSHIP))!, SCORED);
}

/** Decide a leave's step at `unitId` as its approver would (the fixture's approver of record). */
async function approvesAt(unitId: string, id: string): Promise<void> {
  const approver: Caller = { openid: undefined, source: 'test', person: { _id: `p-fixture-approver-${unitId}`, name: '测试审批人', grants: [{ role: 'approver', orgUnitId: unitId, path: [] }] } };
  const l = await decideLeave(approver, now(), id, true, '同意');
  if (l.status !== 'pending') throw new Error(`leave ${id} is ${l.status} after the step at ${unitId}`);
}

/** A pending leave of a fresh cadre over `days` working days (whole days): longer ones climb higher. */
async function longLeave(kind: 'personal' | 'family', days: number): Promise<string> {
  const start = freshHalfDay();
  let last = start;
  for (let i = 1; i < days; i++) last = freshHalfDay();
  return freshLeave(VILLAGE, { kind, start, end: { date: last.date, half: 'pm' } });
}

const pathOf = async (unitId: string) => (await getUnit(unitId))!.path;

// ---- the cases ----------------------------------------------------------------------------------------

export const FAULT_CASES: Record<string, FaultCase[]> = {
  // Leave: the approval chain, the applicant's own steps.
  'leave.apply': [
    async () => {
      const { openid } = await boundCadre();
      const day = freshHalfDay();
      return call(openid, { clientId: `fault-${unique()}-lv`, kind: 'official', start: day, end: day, reason: '到县里参加培训' });
    },
  ],
  'leave.decide': [
    // The township's step (the request goes on to the county's).
    async () => call(TOWNSHIP_APPROVER, { id: await freshLeave(VILLAGE), approve: true, comment: '同意' }),
    // The county's step, after the township's (three days of personal leave end there).
    async () => {
      const id = await longLeave('personal', 3);
      await approvesAt(TOWNSHIP, id);
      return call(COUNTY_APPROVER, { id, approve: true, comment: '同意' });
    },
    // The city's, the last of three (eight days of family leave).
    async () => {
      const id = await longLeave('family', 8);
      await approvesAt(TOWNSHIP, id);
      await approvesAt(COUNTY, id);
      return call(CITY_APPROVER, { id, approve: true, comment: '同意' });
    },
    // A rejection ends the chain.
    async () => call(TOWNSHIP_APPROVER, { id: await freshLeave(VILLAGE), approve: false, comment: '近期有检查，请另行安排' }),
    // A sick leave of days just past, approved at its step: attendance already settled is excused.
    async () => {
      const { person } = await freshCadre(VILLAGE);
      await missedWindow(person._id, VILLAGE, '2026-05-11');
      const id = await freshLeave(VILLAGE, { personId: person._id, kind: 'sick', start: { date: '2026-05-11', half: 'am' }, end: { date: '2026-05-11', half: 'am' } });
      return call(TOWNSHIP_APPROVER, { id, approve: true, comment: '同意' });
    },
  ],
  'leave.withdraw': [
    async () => {
      const { person, openid } = await boundCadre();
      return call(openid, { id: await freshLeave(VILLAGE, { personId: person._id }) });
    },
  ],
  'leave.cancel': [
    async () => {
      const { person, openid } = await boundCadre();
      const id = await freshLeave(VILLAGE, { personId: person._id });
      await approveLeave(id, await pathOf(VILLAGE));
      return call(openid, { id, reason: '培训取消' });
    },
  ],
  'leave.reportBack': [
    async () => {
      const { person, openid } = await boundCadre();
      const id = await freshLeave(VILLAGE, { personId: person._id, kind: 'sick', start: { date: '2026-05-11', half: 'am' }, end: { date: '2026-05-11', half: 'pm' } });
      await approveLeave(id, await pathOf(VILLAGE));
      return call(openid, { id });
    },
  ],
  'leave.setRules': [async () => call(CITY_STAFF, { cityId: CITY, rules: { ...DEFAULT_LEAVE_RULES } })],

  // Check-in: corrections (asked, decided), review, schedule.
  'checkin.requestCorrection': [
    async () => {
      const { person, openid } = await boundCadre();
      await missedWindow(person._id, VILLAGE, '2026-05-11');
      return call(openid, { date: '2026-05-11', windowId: 'am', reason: '在县里参加培训', witness: '乡镇组织委员' });
    },
  ],
  'checkin.decideCorrection': [
    async () => call(COUNTY_STAFF, { id: await freshCorrection(VILLAGE), approve: true, comment: '情况属实' }),
    async () => call(COUNTY_STAFF, { id: await freshCorrection(VILLAGE), approve: false, comment: '证明材料不足' }),
  ],
  'checkin.review': [async () => call(COUNTY_STAFF, { checkinId: await freshCheckin(VILLAGE), comment: '已电话核实' })],
  'checkin.setSchedule': [async () => call(COUNTY_STAFF, { countyId: COUNTY, schedule: { ...DEFAULT_CHECKIN_SCHEDULE, lateUploadMaxMin: 90 } })],

  // Spot checks: issue, answer, call, follow-up, settings.
  'spotCheck.issue': [
    async () => call(COUNTY_STAFF, { unitId: VILLAGE, requestId: `fault-${unique()}-sc`, personIds: [(await freshCadre(VILLAGE)).person._id, (await freshCadre(VILLAGE)).person._id] }),
    // A random draw of all the team village's cadres (the draw is recorded first).
    async () => ({ ...call(COUNTY_STAFF, { unitId: TEAM_VILLAGE, requestId: `fault-${unique()}-sd`, draw: { percent: 100, includeCheckedToday: true } }), settle: settleDraws }),
  ],
  'spotCheck.answer': [
    async () => {
      const { person, openid } = await boundCadre();
      const id = await freshSpotCheck(VILLAGE, person._id);
      const center = (await getUnit(VILLAGE))!.center!;
      return call(openid, { id, fix: { clientId: `fault-${unique()}-sa`, lat: center.lat, lng: center.lng, accuracy: 30, capturedAt: now().toISOString() }, photoFileId: await freshAnswerPhoto(person._id) });
    },
  ],
  'spotCheck.recordCall': [
    async () => call(COUNTY_STAFF, { id: await freshSpotCheck(VILLAGE), channel: 'phone', outcome: 'seenAtPost' }),
    async () => call(COUNTY_STAFF, { id: await freshSpotCheck(VILLAGE), channel: 'phone', outcome: 'notAtPost' }),
  ],
  'spotCheck.resolveTask': [async () => call(COUNTY_STAFF, { id: await freshInquiry(VILLAGE), kind: 'inquiry', result: 'reminded', reason: '已电话询问并提醒' })],
  'spotCheck.setSettings': [async () => call(COUNTY_STAFF, { countyId: COUNTY, settings: { ...DEFAULT_SPOTCHECK_SETTINGS } })],

  // Scoring: recompute, publication, allowance sign-off and its reopening, rules.
  'scoring.recompute': [async () => call(COUNTY_STAFF, { unitId: VILLAGE, period: SCORED })],
  'scoring.publish': [
    async () => {
      await scoredMonth(VILLAGE);
      return call(COUNTY_STAFF, { unitId: COUNTY, period: SCORED, reason: '故障测试', clientId: `fault-${unique()}-pub` });
    },
  ],
  'scoring.signAllowances': [
    async () => {
      await draftAllowances();
      return call(COUNTY_STAFF, { unitId: TOWNSHIP, month: SCORED, clientId: `fault-${unique()}-sign` });
    },
  ],
  'scoring.reopenAllowances': [
    async () => {
      await draftAllowances();
      const so = await signAllowances(SYSTEM, now(), (await getUnit(TOWNSHIP))!, { month: SCORED, clientId: `fault-${unique()}-sign` });
      return call(COUNTY_STAFF, { signoffId: so._id, reason: '故障测试撤回' });
    },
  ],
  'scoring.setRules': [async () => call(COUNTY_STAFF, { countyId: COUNTY, rules: { ...DEFAULT_SCORING_RULES } })],

  // People: invites, binding, roles, assignments.
  'people.add': [async () => call(COUNTY_STAFF, { name: '新增人员', phone: `137${String(10_000_000 + unique()).slice(-8)}`, orgUnitId: VILLAGE, role: 'villager' })],
  'people.update': [async () => call(COUNTY_STAFF, { id: (await freshPerson(VILLAGE))._id, title: `职务${unique()}` })],
  'people.createInvite': [async () => call(COUNTY_STAFF, { personId: (await freshPerson(VILLAGE))._id })],
  'people.bind': [
    async () => {
      const p = await freshPerson(VILLAGE, 'villager');
      const { code } = await createInvite(SYSTEM, now(), p);
      return call(`o-fault-bind-${unique()}`, { code });
    },
  ],
  'people.resetBinding': [async () => call(COUNTY_STAFF, { personId: (await freshBoundPerson(VILLAGE))._id, reason: '更换手机' })],
  'people.grantRole': [async () => call(COUNTY_STAFF, { personId: (await freshPerson(VILLAGE))._id, role: 'groupAdmin', orgUnitId: VILLAGE })],
  'people.revokeRole': [async () => call(COUNTY_STAFF, { personId: (await freshPerson(VILLAGE, 'villager'))._id, role: 'villager', orgUnitId: VILLAGE })],
  'people.startAssignment': [async () => call(COUNTY_STAFF, { personId: (await freshPerson(VILLAGE))._id, villageId: VILLAGE, kind: 'firstSecretary', dispatchingUnit: '州财政局', start: '2026-03-01' })],
  'people.endAssignment': [async () => call(COUNTY_STAFF, { assignmentId: (await freshCadre(VILLAGE)).assignmentId, end: '2026-06-30' })],

  // Organisation and village groups.
  'org.createUnit': [async () => call(COUNTY_STAFF, { parentId: TOWNSHIP, name: `新建村${unique()}` })],
  'org.updateUnit': [async () => call(COUNTY_STAFF, { id: VILLAGE, center: { lat: 28.3, lng: 109.5 + unique() / 1e6 } })],
  'village.bindGroup': [async (t) => call(GROUP_ADMIN, { villageId: VILLAGE, groupCloudId: cloudId(t, GROUP_ADMIN, `G-fault-${unique()}`) })],
  // A villager opening the card again (the first time is one write).
  'village.enter': [
    async (t) => {
      const openid = `o-fault-villager-${unique()}`;
      const input = { groupCloudId: cloudId(t, openid, demoGroupId(VILLAGE)) };
      await must(t, 'village.enter', input, openid);
      return call(openid, input);
    },
  ],

  // Complaint rules (the complaint's own steps write one document each).
  'complaint.setRules': [async () => call(COUNTY_STAFF, { countyId: COUNTY, rules: { ...DEFAULT_COMPLAINT_RULES } })],
  'question.setRules': [async () => call(COUNTY_STAFF, { countyId: COUNTY, rules: { ...DEFAULT_QUESTION_RULES } })],

  // Policy library, public notices, experience sharing, work updates.
  'policy.publish': [
    async () => {
      const fileId = await storage.upload(`${policyFolder(COUNTY)}fault-${unique()}.pdf`, Buffer.from('%PDF-1.4'));
      return call(COUNTY_STAFF, { unitId: COUNTY, clientId: `fault-${unique()}-po`, title: '驻村干部管理办法', issuer: '县委组织部', issuedOn: '2026-05-01', tags: ['驻村管理'], summary: '明确驻村干部的职责和考核。', file: { fileId, name: '管理办法.pdf' } });
    },
  ],
  'policy.update': [async (t) => call(COUNTY_STAFF, { id: await freshPolicy(t), tags: ['驻村管理', `标签${unique()}`] })],
  'policy.withdraw': [async (t) => call(COUNTY_STAFF, { id: await freshPolicy(t), reason: '已被新文件替代' })],
  'publicNotice.publish': [async () => call(GROUP_ADMIN, { villageId: VILLAGE, clientId: `fault-${unique()}-pn`, kind: 'village', title: '村民代表大会决议公示', body: '经村民代表大会表决通过……' })],
  'publicNotice.withdraw': [async (t) => call(GROUP_ADMIN, { id: await freshNotice(t), reason: '数据有误，更正后重新公示' })],
  'share.feature': [async (t) => call(COUNTY_STAFF, { id: await freshShare(t), featured: true })],
  'share.like': [async (t) => call(OTHER_CADRE, { id: await freshShare(t), like: true })],
  'share.deleteComment': [
    async (t) => {
      const id = await freshShare(t);
      const r = await must(t, 'share.comment', { id, clientId: `fault-${unique()}-cm`, text: '补充一点' }, OTHER_CADRE);
      return call(COUNTY_STAFF, { id, commentId: r.comment.id as string });
    },
  ],
  'workUpdate.post': [async () => call(COUNTY_STAFF, { unitId: TOWNSHIP, clientId: `fault-${unique()}-wu`, title: '乡镇驻村工作例会', body: '本周召开驻村工作例会，部署下周走访任务。' })],
  'workUpdate.withdraw': [async (t) => call(COUNTY_STAFF, { id: await freshWorkUpdate(t), reason: '内容有误，修改后重新发布' })],
  'workUpdate.setSettings': [async () => call(COUNTY_STAFF, { unitId: COUNTY, settings: { weeklyQuota: 2 } })],

  // Inspections, resources, stationing, training, semi-annual reports.
  'inspection.amend': [async () => call(COUNTY_STAFF, { id: await freshInspection(VILLAGE, 'p-hy-staff'), reason: '核实后更正', findings: `核实后更正：驻村工作队在村部办公${unique()}。` })],
  'resource.edit': [async () => call(COUNTY_STAFF, { id: await freshResource(), version: 1, name: `村道硬化${unique()}`, kind: 'infrastructure', amountYuan: '350000', source: 'countyDept', sourceName: '县交通运输局', status: 'planning', plannedOn: '2026-05-01', reason: '更正项目名称' })],
  'resource.confirm': [async () => call(COUNTY_STAFF, { id: await freshResource(), version: 1 })],
  'resource.withdraw': [async () => call(COUNTY_STAFF, { id: await freshResource(), reason: '重复登记' })],
  'stationing.setDay': [async () => call(COUNTY_STAFF, { townshipId: TOWNSHIP, weekday: 3 })],
  'stationing.setNights': [async () => call(COUNTY_STAFF, { countyId: COUNTY, nightsPerWeek: 4 })],
  'training.createCourse': [async () => call(COUNTY_STAFF, { unitId: TOWNSHIP, clientId: `fault-${unique()}-tc`, name: '乡镇驻村干部业务培训', kind: 'business' })],
  'training.addSession': [async () => call(COUNTY_STAFF, { courseId: await freshTrainingCourse(TOWNSHIP), clientId: `fault-${unique()}-ts`, date: '2026-05-20', start: '09:00', end: '11:00', placeName: '镇政府会议室', venue: { lat: 28.43, lng: 109.57 } })],
  'workReport.accept': [async () => call(COUNTY_STAFF, { id: await freshSubmittedReport(VILLAGE), comment: '同意' })],
  'workReport.sendBack': [async () => call(COUNTY_STAFF, { id: await freshSubmittedReport(VILLAGE), reason: '请补充产业项目进展' })],
  'workReport.setSettings': [async () => call(COUNTY_STAFF, { countyId: COUNTY, settings: { ...DEFAULT_WORK_REPORT_SETTINGS } })],

  // The three-in-one assessment.
  'assessment.setTarget': [async () => call(COUNTY_STAFF, { personId: (await freshCadre(VILLAGE)).person._id, year: '2026', clientId: `fault-${unique()}-st`, text: '完成全村危房排查', category: 'livelihood', weight: 30, dueMonth: '2026-08' })],
  'assessment.reviewTarget': [async () => call(COUNTY_STAFF, { ...(await freshAssessPlan('proposed')), year: '2026', decision: 'confirm' })],
  'assessment.scoreTarget': [async () => call(COUNTY_STAFF, { ...(await freshAssessPlan()), year: '2026', score: 85 })],
  'assessment.recordProgress': [
    async () => {
      const { person, openid } = await boundCadre();
      const plan = await proposeTarget(SYSTEM, (await getPerson(person._id))!, now(), { year: '2026', clientId: `fault-${unique()}-own`, text: '建成村级电商服务站', category: 'industry', weight: 30, dueMonth: '2026-10' });
      return call(openid, { year: '2026', targetId: plan.targets.at(-1)!.id, clientId: `fault-${unique()}-ap`, text: '已完成项目选址', percent: 20 });
    },
  ],
  'assessment.openSurvey': [
    async () => {
      await closeAssessSurveys(TEAM_VILLAGE);
      return call(COUNTY_STAFF, { villageId: TEAM_VILLAGE, year: '2026', clientId: `fault-${unique()}-sv`, closesOn: '2026-05-30' });
    },
  ],
  'assessment.closeSurvey': [
    async () => {
      await closeAssessSurveys(TEAM_VILLAGE);
      const survey = await openAssessSurvey(SYSTEM, now(), (await getUnit(TEAM_VILLAGE))!, { villageId: TEAM_VILLAGE, year: '2026', clientId: `fault-${unique()}-fs`, closesOn: '2026-05-30', aspects: false });
      return call(COUNTY_STAFF, { surveyId: survey._id });
    },
  ],
  'assessment.compute': [async () => call(COUNTY_STAFF, { countyId: COUNTY, year: '2026' })],
  'assessment.setSettings': [async () => call(COUNTY_STAFF, { countyId: COUNTY, settings: { ...DEFAULT_ASSESSMENT_SETTINGS } })],
};

/** The actions crash-tested (test/matrix.test.ts fails for a multi-write action not among them). */
export const FAULT_COVERED: ReadonlySet<string> = new Set(Object.keys(FAULT_CASES));
