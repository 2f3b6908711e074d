/**
 * The role × scope matrix over every registered action (ARCHITECTURE.md; issue "People,
 * organisation scopes"): each demo role, calling with a target in its own county and in the
 * sibling county, and an unbound WeChat user. The expected answer of each cell is computed from
 * the action's declared roles and the org tree, independently of the router; exactly the
 * allowed cells succeed, and a refused cell writes nothing.
 *
 * A new action fails this test until it gets an example below: that is how actions added later
 * are covered.
 */
import { actionRoutes, startTestCloud, type TestCloud } from './harness';
import { FAULT_COVERED } from './faults.cases';
import type { AnyAction } from '../server/kernel/action';
import type { Role } from '../server/kernel/roles';
import { seedDemo, demoDocuments } from '../scripts/demo/seed';
import { demoGroupId } from '../scripts/demo/complaints';
import { DEFAULT_COMPLAINT_RULES } from '../server/features/complaint/schema';
import { approveLeave, freshHalfDay, freshLeave, freshAnswerPhoto, freshBoundPerson, freshCadre, freshCheckin, freshCorrection, freshDraw, freshInquiry, freshPerson, freshSpotCheck, missedWindow, unique } from './fixtures';
import { DEFAULT_SPOTCHECK_SETTINGS } from '../server/features/spotcheck/schema';
import { DEFAULT_LEAVE_RULES } from '../server/features/leave/schema';
import { getUnit } from '../server/features/org/service';
import { DEFAULT_CHECKIN_SCHEDULE } from '../server/features/checkin/schedule';
import { DEMO_PEOPLE } from '../scripts/demo/data';
import { now } from '../server/kernel/clock';
import { addPerson, createInvite, getPerson } from '../server/features/people/service';
import { SYSTEM } from './fixtures';
import { DEFAULT_SCORING_RULES } from '../server/features/scoring/schema';
import { publish, recompute, reopenAllowances, SCORES, signAllowances, signoffsOf } from '../server/features/scoring/service';
import { db, storage } from '../server/platform/cloud';
import { policyFolder } from '../server/features/policy/service';
import { write as writeLog } from '../server/features/worklog/service';
import { ask as askQuestion, answer as answerQuestion } from '../server/features/question/service';
import { DEFAULT_QUESTION_RULES } from '../server/features/question/schema';
import { addProject as addResourceProject } from '../server/features/resource/service';
import { freshInspection, presentMarks as inspectionMarks } from '../server/features/inspection/fixtures';
import { closeSurvey as closeAssessSurvey, computeYear, openSurvey as openAssessSurvey, openSurveysOf, proposeTarget, publishYear, setTarget as setAssessTarget } from '../server/features/assessment/service';
import { DEFAULT_ASSESSMENT_SETTINGS } from '../server/features/assessment/schema';
import { endAssignment, startAssignment } from '../server/features/people/service';
import { photoFolder as stationingFolder, setDay as setStationingDay } from '../server/features/stationing/service';
import { freshSubmittedReport } from '../server/features/workreport/fixtures';
import { DEFAULT_WORK_REPORT_SETTINGS } from '../server/features/workreport/schema';
import { enrolIn as enrolInTraining, freshCourse as freshTrainingCourse, freshSession as freshTrainingSession } from '../server/features/training/fixtures';
import { freshGroup as freshVisitGroup, freshHousehold, freshPair as freshVisitPair, importFile as visitImportFile, sideGroup as sideVisitGroup, sideProblem as sideVisitProblem } from '../server/features/visit/fixtures';

/** One county's worth of targets. */
interface Side {
  county: string;
  township: string;
  village: string;
  /**
   * A village of the same township, with a bound group, to which no example adds cadres: where
   * an example needs the whole team (an inspection marks each member, a survey rates each), as
   * `village` gains a fresh cadre with nearly every example.
   */
  teamVillage: string;
}
const SIDES: Record<'huayuan' | 'baojing', Side> = {
  huayuan: { county: 'county-huayuan', township: 'town-shuanglong', village: 'vil-shibadong', teamVillage: 'vil-jinlong' },
  baojing: { county: 'county-baojing', township: 'town-lvdongshan', village: 'vil-hangsha', teamVillage: 'vil-lvdong' },
};
/** The side with its team village as its village. */
const teamSide = (s: Side): Side => ({ ...s, village: s.teamVillage });

interface MatrixCaller {
  label: string;
  personId: string | null;
  openid: string;
  grants: { role: Role; orgUnitId: string }[];
}

interface Example {
  /** The units the caller must cover for the call to be allowed (empty: not scoped). */
  units: string[];
  input: unknown;
  /** A business answer expected instead of success for an allowed caller (e.g. already bound). */
  refusedFor?: (caller: MatrixCaller) => string | undefined;
}

type ExampleFn = (side: Side, caller: MatrixCaller) => Promise<Example> | Example;

const EXAMPLES: Record<string, ExampleFn> = {
  'system.ping': () => ({ units: [], input: {} }),
  'org.getUnit': (s) => ({ units: [s.village], input: { id: s.village } }),
  'org.listUnits': (s) => ({ units: [s.township], input: { parentId: s.township } }),
  'org.createUnit': (s) => ({ units: [s.township], input: { parentId: s.township, name: `新建村${unique()}` } }),
  // A unit is kept by the staff above it: the township must be covered to edit its village.
  'org.updateUnit': (s) => ({ units: [s.township], input: { id: s.village, center: { lat: 28.3, lng: 109.5 + unique() / 1e6 } } }),
  'org.auditLog': (s) => ({ units: [s.county], input: { unitId: s.county } }),
  'people.me': () => ({ units: [], input: {} }),
  'people.bind': async (s) => {
    const p = await freshPerson(s.village, 'villager');
    const { code } = await createInvite(SYSTEM, now(), p);
    return { units: [], input: { code }, refusedFor: (c) => (c.grants.length ? 'already_bound' : undefined) };
  },
  'people.list': (s) => ({ units: [s.county], input: { unitId: s.county } }),
  'people.get': async (s) => ({ units: [s.village], input: { id: (await freshPerson(s.village))._id } }),
  'people.add': (s) => ({ units: [s.village], input: { name: '新增人员', phone: `137${String(10_000_000 + unique()).slice(-8)}`, orgUnitId: s.village, role: 'villager' } }),
  'people.update': async (s) => ({ units: [s.village], input: { id: (await freshPerson(s.village))._id, title: `职务${unique()}` } }),
  'people.grantRole': async (s) => ({ units: [s.village], input: { personId: (await freshPerson(s.village))._id, role: 'groupAdmin', orgUnitId: s.village } }),
  'people.revokeRole': async (s) => ({ units: [s.village], input: { personId: (await freshPerson(s.village, 'villager'))._id, role: 'villager', orgUnitId: s.village } }),
  'people.startAssignment': async (s) => ({
    units: [s.village],
    input: { personId: (await freshPerson(s.village))._id, villageId: s.village, kind: 'firstSecretary', dispatchingUnit: '州财政局', start: '2026-03-01' },
  }),
  'people.endAssignment': async (s) => ({ units: [s.village], input: { assignmentId: (await freshCadre(s.village)).assignmentId, end: '2026-06-30' } }),
  'people.listAssignments': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'people.createInvite': async (s) => ({ units: [s.village], input: { personId: (await freshPerson(s.village))._id } }),
  'people.resetBinding': async (s) => ({ units: [s.village], input: { personId: (await freshBoundPerson(s.village))._id, reason: '更换手机' } }),
  // A cadre checks in at their own village, whatever the side: not scoped.
  'checkin.submit': () => ({ units: [], input: { clientId: `matrix-${unique()}-xxxx`, lat: 28.38, lng: 109.55, accuracy: 30, capturedAt: now().toISOString() } }),
  'checkin.mine': () => ({ units: [], input: {} }),
  'checkin.viewers': () => ({ units: [], input: {} }),
  'checkin.history': async (s) => ({ units: [s.village], input: { personId: (await freshCadre(s.village)).person._id, month: '2026-05' } }),
  'checkin.ledger': (s) => ({ units: [s.township], input: { unitId: s.township, date: '2026-05-12' } }),
  'checkin.review': async (s) => ({ units: [s.village], input: { checkinId: await freshCheckin(s.village), comment: '已电话核实' } }),
  'checkin.getSchedule': (s) => ({ units: [s.county], input: { countyId: s.county } }),
  'checkin.setSchedule': (s) => ({ units: [s.county], input: { countyId: s.county, schedule: DEFAULT_CHECKIN_SCHEDULE } }),
  // A cadre asks to correct a window they missed (on a new day each time).
  'checkin.requestCorrection': async (_s, caller) => {
    const cadre = caller.grants.find((g) => g.role === 'cadre');
    // Working days of May 2026 (1–5 May is the Labour Day holiday); one per cadre cell, within the monthly quota.
    const date = cadre ? ['2026-05-06', '2026-05-07', '2026-05-08'][correctionDay++ % 3]! : '2026-05-06';
    if (cadre && caller.personId) await missedWindow(caller.personId, cadre.orgUnitId, date);
    return { units: [], input: { date, windowId: 'am', reason: '在县里参加培训', witness: '乡镇组织委员' } };
  },
  'checkin.myCorrections': () => ({ units: [], input: {} }),
  'checkin.corrections': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'checkin.decideCorrection': async (s) => ({ units: [s.village], input: { id: await freshCorrection(s.village), approve: true, comment: '情况属实' } }),
  'notify.templates': () => ({ units: [], input: {} }),
  'notify.recordGrants': () => ({ units: [], input: { accepted: ['checkinReminder'] } }),
  'spotCheck.issue': async (s) => ({ units: [s.village], input: { unitId: s.village, requestId: `matrix-${unique()}-xxxx`, personIds: [(await freshCadre(s.village)).person._id] } }),
  'spotCheck.verifyDraw': async (s) => ({ units: [s.village], input: { drawId: await freshDraw(s.village) } }),
  'spotCheck.mine': () => ({ units: [], input: {} }),
  // A cadre answers a spot check sent to them (whatever the side: not scoped; ownership is checked).
  'spotCheck.answer': async (_s, caller) => {
    const cadre = caller.grants.find((g) => g.role === 'cadre');
    if (!cadre || !caller.personId) return { units: [], input: { id: 'b-none.p-none', fix: { clientId: `matrix-${unique()}-xxxx`, lat: 28.38, lng: 109.55, accuracy: 30, capturedAt: now().toISOString() }, photoFileId: 'cloud://local.bucket/spotchecks/p-none/x.jpg' } };
    const id = await freshSpotCheck(cadre.orgUnitId, caller.personId);
    const center = (await getUnit(cadre.orgUnitId))!.center!;
    return { units: [], input: { id, fix: { clientId: `matrix-${unique()}-xxxx`, lat: center.lat, lng: center.lng, accuracy: 30, capturedAt: now().toISOString() }, photoFileId: await freshAnswerPhoto(caller.personId) } };
  },
  'spotCheck.board': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'spotCheck.callInfo': async (s) => ({ units: [s.village], input: { id: await freshSpotCheck(s.village) } }),
  'spotCheck.recordCall': async (s) => ({ units: [s.village], input: { id: await freshSpotCheck(s.village), channel: 'phone', outcome: 'seenAtPost' } }),
  'spotCheck.tasks': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'spotCheck.resolveTask': async (s) => ({ units: [s.village], input: { id: await freshInquiry(s.village), kind: 'inquiry', result: 'reminded', reason: '已电话询问并提醒' } }),
  'spotCheck.figures': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'spotCheck.getSettings': (s) => ({ units: [s.county], input: { countyId: s.county } }),
  'spotCheck.setSettings': (s) => ({ units: [s.county], input: { countyId: s.county, settings: DEFAULT_SPOTCHECK_SETTINGS } }),
  'leave.calendar': () => ({ units: [], input: { month: '2026-05' } }),
  'leave.quote': () => ({ units: [], input: { kind: 'personal', start: { date: '2026-06-02', half: 'am' }, end: { date: '2026-06-03', half: 'pm' } } }),
  // A cadre applies for themselves (a fresh half-day each time: not scoped).
  'leave.apply': () => {
    const day = freshHalfDay();
    return { units: [], input: { clientId: `matrix-${unique()}-xxxx`, kind: 'official', start: day, end: day, reason: '到县里参加培训' } };
  },
  'leave.mine': () => ({ units: [], input: {} }),
  'leave.withdraw': async (_s, caller) => ({ units: [], input: { id: await ownLeave(caller) } }),
  'leave.cancel': async (_s, caller) => {
    const id = await ownLeave(caller);
    if (caller.personId && caller.grants.some((g) => g.role === 'cadre')) await approveLeave(id, pathOf(caller.grants.find((g) => g.role === 'cadre')!.orgUnitId));
    return { units: [], input: { id, reason: '培训取消' } };
  },
  // Reporting back needs a leave that has begun: a sick leave of the days just past.
  'leave.reportBack': async (_s, caller) => {
    const cadre = caller.grants.find((g) => g.role === 'cadre');
    if (!cadre || !caller.personId) return { units: [], input: { id: 'lv-000000000000000000000000' } };
    const day = ([{ date: '2026-05-11', half: 'am' }, { date: '2026-05-11', half: 'pm' }, { date: '2026-05-12', half: 'am' }] as const)[reportDay++ % 3]!;
    const id = await freshLeave(cadre.orgUnitId, { personId: caller.personId, kind: 'sick', start: day, end: day });
    await approveLeave(id, pathOf(cadre.orgUnitId));
    return { units: [], input: { id } };
  },
  'leave.inbox': () => ({ units: [], input: {} }),
  // The township's approver decides the township's step; approvers above it are in scope but not at that level.
  'leave.decide': async (s) => ({
    units: [s.township],
    input: { id: await freshLeave(s.village), approve: true, comment: '同意' },
    refusedFor: (c) => (c.grants.some((g) => g.role === 'approver' && g.orgUnitId === s.township) ? undefined : 'forbidden'),
  }),
  'leave.ledger': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-06' } }),
  'leave.figures': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-06' } }),
  'leave.getRules': () => ({ units: ['city-xiangxi'], input: { cityId: 'city-xiangxi' } }),
  'leave.setRules': () => ({ units: ['city-xiangxi'], input: { cityId: 'city-xiangxi', rules: DEFAULT_LEAVE_RULES } }),
  'scoring.getRules': (s) => ({ units: [s.county], input: { countyId: s.county } }),
  'scoring.setRules': (s) => ({ units: [s.county], input: { countyId: s.county, rules: DEFAULT_SCORING_RULES } }),
  'scoring.recompute': (s) => ({ units: [s.village], input: { unitId: s.village, period: SCORED } }),
  'scoring.ranking': (s) => ({ units: [s.township], input: { unitId: s.township, period: SCORED } }),
  'scoring.explain': async (s) => ({ units: [s.village], input: { personId: (await scoredCadre(s)).personId, period: SCORED } }),
  'scoring.mine': () => ({ units: [], input: { period: SCORED } }),
  'scoring.publish': async (s) => {
    await scoredCadre(s);
    return { units: [s.county], input: { unitId: s.county, period: SCORED, reason: '矩阵测试更正', clientId: `matrix-${unique()}-pub` } };
  },
  'scoring.publications': (s) => ({ units: [s.county], input: { unitId: s.county } }),
  'scoring.publication': async (s) => ({ units: [s.county], input: { pubId: (await freshPublication(s))._id } }),
  'scoring.allowances': (s) => ({ units: [s.township], input: { unitId: s.township, month: SCORED } }),
  'scoring.signAllowances': async (s) => {
    await draftAllowances(s);
    return { units: [s.township], input: { unitId: s.township, month: SCORED, clientId: `matrix-${unique()}-sign` } };
  },
  'scoring.reopenAllowances': async (s) => ({ units: [s.township], input: { signoffId: (await freshSignoff(s))._id, reason: '矩阵测试撤回' } }),
  'workLog.write': () => ({ units: [], input: { clientId: `matrix-${unique()}-xxxx`, text: '走访了三组的五户脱贫户，了解产业分红情况。' } }),
  'workLog.edit': async (_s, caller) => ({ units: [], input: { id: await ownLog(caller), text: `修改后的记实：走访了三组的五户脱贫户${unique()}。`, photoFileIds: [] } }),
  'workLog.mine': () => ({ units: [], input: {} }),
  // Staff in scope read a cadre's log; another cadre of the village is in scope but not its author.
  'workLog.get': async (s) => ({ units: [s.village], input: { id: await freshLog(s.village) }, refusedFor: (c) => (c.grants.some((g) => g.role === 'staff') ? undefined : 'forbidden') }),
  'workLog.list': (s) => ({ units: [s.township], input: { unitId: s.township, date: '2026-05-12' } }),
  'workLog.comment': async (s) => ({ units: [s.village], input: { id: await freshLog(s.village), text: `记录详实${unique()}` } }),
  // Tutoring. A cadre asks and follows their own questions (not scoped); a question for anyone
  // else is a fresh cadre's of the side's village, on 产业发展 (the city-wide demo tutor's topic).
  'question.form': () => ({ units: [], input: {} }),
  'question.ask': () => ({ units: [], input: { clientId: `matrix-${unique()}-qn`, topic: 'industry', title: '猕猴桃园土壤偏酸怎么改良', body: '土壤检测pH只有4.8，叶片发黄，该怎么改良？' } }),
  'question.mine': () => ({ units: [], input: {} }),
  'question.solve': async (_s, c) => ({ units: [], input: { id: await ownQuestion(c, true) } }),
  'question.followUp': async (_s, c) => ({ units: [], input: { id: await ownQuestion(c, true), text: '石灰每亩撒多少合适？' } }),
  'question.inbox': () => ({ units: [], input: {} }),
  'question.answer': async (s) => ({ units: [s.village], input: { id: await sideQuestion(s), text: '每亩撒施生石灰100公斤，配合有机肥。' } }),
  // The asker reads their own question wherever they are; tutors and staff, one of the side's village.
  'question.get': async (s, c) => (isCadre(c) ? { units: [], input: { id: await ownQuestion(c) } } : { units: [s.village], input: { id: await sideQuestion(s) } }),
  'question.list': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'question.figures': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-05' } }),
  'question.getRules': (s) => ({ units: [s.county], input: { countyId: s.county } }),
  'question.setRules': (s) => ({ units: [s.county], input: { countyId: s.county, rules: DEFAULT_QUESTION_RULES } }),
  // The policy library (政策文件): staff over a unit publish for it; cadres and staff read what applies to them (the units on their own path).
  'policy.publish': async (s) => ({
    units: [s.county],
    input: { unitId: s.county, clientId: `matrix-${unique()}-po`, title: '驻村干部管理办法', issuer: '县委组织部', issuedOn: '2026-05-01', tags: ['驻村管理'], summary: '明确驻村干部的职责和考核。', file: { fileId: await policyFile(s), name: '管理办法.pdf' } },
  }),
  'policy.withdraw': async (s) => ({ units: [s.county], input: { id: await freshPolicy(s), reason: '已被新文件替代' } }),
  'policy.update': async (s) => ({ units: [s.county], input: { id: await freshPolicy(s), tags: ['驻村管理', `标签${unique()}`] } }),
  'policy.manage': (s) => ({ units: [s.county], input: { unitId: s.county } }),
  'policy.search': () => ({ units: [], input: { q: '驻村' } }),
  'policy.tags': () => ({ units: [], input: {} }),
  // A county's document reaches the cadres and staff on a path through the county, and the staff above it.
  'policy.open': async (s) => ({ units: [], input: { id: await freshPolicy(s) }, refusedFor: (c) => (readsPolicyOf(c, s.county) ? undefined : 'forbidden') }),

  // Experience sharing (互动分享): a cadre posts for themselves; the county's cadres read, like and comment; staff over the post feature it.
  'share.post': () => ({ units: [], input: { clientId: `matrix-${unique()}-sh`, text: '驻村一年的体会' } }),
  'share.withdraw': async (_s, c) => ({ units: [], input: { id: await ownShare(c) } }),
  'share.feed': (s) => ({ units: [s.county], input: { unitId: s.county } }),
  'share.get': async (s) => ({ units: [], input: { id: await sideShare(s) }, refusedFor: (c) => (cadreOfCounty(c, s) || staffOver(c, s.village) ? undefined : 'forbidden') }),
  'share.feature': async (s) => ({ units: [s.village], input: { id: await sideShare(s), featured: true } }),
  'share.like': async (s) => ({ units: [], input: { id: await sideShare(s), like: true }, refusedFor: (c) => (cadreOfCounty(c, s) ? undefined : 'forbidden') }),
  'share.comment': async (s) => ({ units: [], input: { id: await sideShare(s), clientId: `matrix-${unique()}-cm`, text: '向你们学习' }, refusedFor: (c) => (cadreOfCounty(c, s) ? undefined : 'forbidden') }),
  // The comment is the village cadre's own: of the matrix's callers only staff over the post may delete it.
  'share.deleteComment': async (s) => ({ units: [s.village], input: await freshComment(s), refusedFor: (c) => (staffOver(c, s.village) ? undefined : 'forbidden') }),
  // Work updates (工作动态): staff post for a unit in scope (the side's township); staff over it
  // and the cadres stationed in its county read; the poster withdraws; figures and quotas by county.
  'workUpdate.post': (s) => ({ units: [s.township], input: { unitId: s.township, clientId: `matrix-${unique()}-wu`, title: '乡镇驻村工作例会', body: '本周召开驻村工作例会，部署下周走访任务。' } }),
  'workUpdate.withdraw': async (s, c) => ({ units: [s.township], input: { id: await freshWorkUpdate(s, c), reason: '内容有误，修改后重新发布' } }),
  'workUpdate.list': (s, c) => ({ units: workUpdateReaders(s, c), input: { unitId: s.township } }),
  'workUpdate.get': async (s, c) => ({ units: workUpdateReaders(s, c), input: { id: await freshWorkUpdate(s) } }),
  'workUpdate.figure': (s) => ({ units: [s.county], input: { unitId: s.county, week: '2026-W20' } }),
  'workUpdate.getSettings': (s) => ({ units: [s.county], input: { unitId: s.county } }),
  'workUpdate.setSettings': (s) => ({ units: [s.county], input: { unitId: s.county, settings: { weeklyQuota: 1 } } }),
  // Served by the ledger function (see ROUTES): a township's spot checks of the month, as an Excel file.
  'ledger.export': (s) => ({ units: [s.township], input: { ledger: 'spotChecks', unitId: s.township, month: '2026-05' } }),

  // Village groups. The 村群管理员 binds a new group (a fresh opengid, in a cloudID issued to them).
  'village.bindGroup': (s, c) => ({ units: [s.village], input: { villageId: s.village, groupCloudId: groupCloudId(c.openid, `G-matrix-${unique()}`) } }),
  'village.groups': (s) => ({ units: [s.village], input: { villageId: s.village } }),
  // Anyone opening the card from the village's (seeded) group; the unbound caller's OPENID is
  // made up after the example, so the cloudID was issued to someone else.
  'village.enter': (s, c) => ({ units: [], input: { groupCloudId: groupCloudId(c.openid, demoGroupId(s.village)) }, refusedFor: (x) => (x.openid ? undefined : 'invalid_group') }),
  'village.mine': () => ({ units: [], input: {} }),

  // Complaints, the villager's side: public, for whoever came from the village's group (the
  // caller enters first; the unbound caller cannot, see above).
  'complaint.form': async (s, c) => {
    await enter(c.openid, s);
    return { units: [], input: { villageId: s.village }, refusedFor: notVillager };
  },
  'complaint.raise': async (s, c) => {
    await enter(c.openid, s);
    return { units: [], input: { villageId: s.village, clientId: `matrix-${unique()}-raise`, text: '村口的路灯坏了两个月，晚上看不见路', category: 'service' }, refusedFor: notVillager };
  },
  'complaint.mine': () => ({ units: [], input: {} }),
  // The caller's own complaint (the unbound caller's is someone else's).
  'complaint.track': async (s, c) => ({ units: [], input: { id: await freshComplaint(s, { villager: c.openid }) }, refusedFor: notOwn }),
  'complaint.rate': async (s, c) => ({ units: [], input: { id: await freshComplaint(s, { villager: c.openid, to: 'answered' }), value: 'satisfied', comment: '谢谢' }, refusedFor: notOwn }),

  // The handlers' side, each on a fresh complaint of the side's village (`units`: the router's
  // scope is the complaint's village). Discipline staff handle confidential reports (a 信访举报
  // naming a village official), the township everything else; a department what it was given.
  'complaint.inbox': (s) => ({ units: [s.village], input: { unitId: s.village, box: 'todo' } }),
  'complaint.deptInbox': () => ({ units: [], input: { box: 'doing' } }),
  'complaint.get': async (s, c) => {
    const dept = deptOf(s, c);
    return { units: [s.village], input: { id: await complaintFor('complaint.get', c, s, dept ? { to: 'dispatched', dept } : {}) } };
  },
  'complaint.accept': async (s, c) => ({ units: [s.village], input: { id: await complaintFor('complaint.accept', c, s, { confidential: isDiscipline(c) }), category: isDiscipline(c) ? 'report' : 'service' } }),
  'complaint.reject': async (s, c) => ({ units: [s.village], input: { id: await complaintFor('complaint.reject', c, s, { confidential: isDiscipline(c) }), reason: '经核实，反映的情况不属实' } }),
  'complaint.dispatch': async (s, c) => ({
    units: [s.village],
    input: { id: await complaintFor('complaint.dispatch', c, s, { confidential: isDiscipline(c) }), category: isDiscipline(c) ? 'report' : 'service', unitId: s.county, departmentId: departmentsOf(s)[0]!.id },
  }),
  'complaint.transfer': async (s, c) => ({
    units: [s.village],
    input: { id: await complaintFor('complaint.transfer', c, s, { confidential: isDiscipline(c), to: 'dispatched', dept: departmentsOf(s)[0] }), unitId: s.county, departmentId: departmentsOf(s)[1]!.id, reason: '属于该部门职责' },
  }),
  'complaint.askExtension': async (s, c) => ({ units: [s.village], input: { id: await complaintFor('complaint.askExtension', c, s, { to: 'dispatched', dept: deptOf(s, c) }), days: 3, reason: '需要等待上级拨付维修资金' } }),
  'complaint.decideExtension': async (s, c) => ({ units: [s.village], input: { id: await complaintFor('complaint.decideExtension', c, s, { confidential: isDiscipline(c), to: 'extension' }), approve: true, note: '同意' } }),
  'complaint.answer': async (s, c) => ({ units: [s.village], input: { id: await complaintFor('complaint.answer', c, s, { confidential: isDiscipline(c), to: 'dispatched', dept: deptOf(s, c) }), text: '已安排人员上门处理' } }),
  'complaint.figures': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-05' } }),
  'complaint.getRules': (s) => ({ units: [s.county], input: { countyId: s.county } }),
  'complaint.setRules': (s) => ({ units: [s.county], input: { countyId: s.county, rules: DEFAULT_COMPLAINT_RULES } }),
  // Served by the ledger function: a township's complaints of the month, as an Excel file.
  'ledger.exportComplaints': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-05' } }),

  // Public notices (公示公开): the 村群管理员 publishes and withdraws; villagers read.
  'publicNotice.publish': (s) => ({ units: [s.village], input: { villageId: s.village, clientId: `matrix-${unique()}-pn`, kind: 'village', title: '村民代表大会决议公示', body: '经村民代表大会表决通过……' } }),
  'publicNotice.withdraw': async (s) => ({ units: [s.village], input: { id: await freshNotice(s), reason: '数据有误，更正后重新公示' } }),
  'publicNotice.manage': (s) => ({ units: [s.village], input: { villageId: s.village } }),
  'publicNotice.list': async (s, c) => {
    await enter(c.openid, s);
    return { units: [], input: { villageId: s.village }, refusedFor: notVillager };
  },
  'publicNotice.read': async (s, c) => {
    await enter(c.openid, s);
    return { units: [], input: { id: await sideNotice(s) }, refusedFor: notVillager };
  },
  // Inspections (暗访): staff and discipline staff over a village record it and read it; the
  // inspector corrects their own record (within 24 hours); the county's own staff sign for its report.
  'inspection.team': (s) => ({ units: [s.village], input: { villageId: s.village } }),
  'inspection.record': async (s) => ({ units: [s.teamVillage], input: { clientId: `matrix-${unique()}-ins`, villageId: s.teamVillage, marks: await inspectionMarks(s.teamVillage), findings: '驻村工作队在村部办公。' } }),
  'inspection.amend': async (s, c) => {
    const inspector = c.personId && c.grants.some((g) => (g.role === 'staff' || g.role === 'discipline') && pathOf(s.village).includes(g.orgUnitId)) ? c.personId : DEMO_PEOPLE.find((p) => p.grants.some((g) => g.role === 'staff' && g.orgUnitId === s.county))!.id;
    return { units: [s.village], input: { id: await freshInspection(s.village, inspector), reason: '核实后更正', findings: `核实后更正：驻村工作队在村部办公${unique()}。` } };
  },
  // The village's cadres were all on the team it met (the cadre caller reads it from their own village).
  'inspection.get': async (s) => ({ units: [s.village], input: { id: await freshInspection(s.village, DEMO_PEOPLE.find((p) => p.grants.some((g) => g.role === 'staff' && g.orgUnitId === s.county))!.id) } }),
  'inspection.list': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-05' } }),
  'inspection.mine': () => ({ units: [], input: {} }),
  'inspection.reports': (s) => ({ units: [s.county], input: { unitId: s.county } }),
  // The city's staff read the county's reports; only the county's own staff sign for them.
  'inspection.acknowledge': async (s) => ({
    units: [s.county],
    input: { id: await freshInspection(s.village, DEMO_PEOPLE.find((p) => p.grants.some((g) => g.role === 'staff' && g.orgUnitId === s.county))!.id) },
    refusedFor: (c) => (c.grants.some((g) => g.role === 'staff' && g.orgUnitId === s.county) ? undefined : 'forbidden'),
  }),
  'inspection.figures': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-05' } }),
  // Served by the ledger function: a township's 暗访台账 of the month.
  'ledger.exportInspections': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-05' } }),
  // Assistance resources (帮扶资源): a cadre records for their own village (not scoped); a project
  // is read and changed by the cadres of its village and staff over it, confirmed by staff.
  'resource.mine': () => ({ units: [], input: {} }),
  'resource.add': () => ({ units: [], input: { clientId: `matrix-${unique()}-rp`, name: '猕猴桃产业园', kind: 'industry', amountYuan: '120000', source: 'dispatchingUnit', status: 'planning', plannedOn: '2026-05-01' } }),
  'resource.addDeed': () => ({ units: [], input: { clientId: `matrix-${unique()}-rd`, date: '2026-05-11', text: '帮助五保户修缮屋顶' } }),
  'resource.get': async (s) => ({ units: [s.village], input: { id: await freshResource(s.village) } }),
  'resource.edit': async (s) => ({ units: [s.village], input: { id: await freshResource(s.village), version: 1, name: `村道硬化${unique()}`, kind: 'infrastructure', amountYuan: '350000', source: 'countyDept', sourceName: '县交通运输局', status: 'planning', plannedOn: '2026-05-01', reason: '更正项目名称' } }),
  'resource.confirm': async (s) => ({ units: [s.village], input: { id: await freshResource(s.village), version: 1 } }),
  'resource.withdraw': async (s) => ({ units: [s.village], input: { id: await freshResource(s.village), reason: '重复登记' } }),
  'resource.list': (s) => ({ units: [s.township], input: { unitId: s.township, filter: 'pending' } }),
  'resource.figures': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  // Served by the ledger function: a township's 帮扶项目台账.
  'ledger.exportResources': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  // Stationing contact (驻点联系). A cadre checks in at their own village on the stationing day (not
  // scoped): their township stations on Tuesdays (the matrix's 12 May), with a photo of their own.
  'stationing.today': () => ({ units: [], input: {} }),
  'stationing.submit': async (_s, c) => {
    const cadre = c.grants.find((g) => g.role === 'cadre');
    const fix = { clientId: `matrix-${unique()}-st`, lat: 28.38, lng: 109.55, accuracy: 20, capturedAt: now().toISOString() };
    if (!cadre || !c.personId) return { units: [], input: { ...fix, photoFileIds: ['cloud://local.bucket/stationing/p-none/x.jpg'] } };
    await setStationingDay(SYSTEM, now(), (await getUnit(pathOf(cadre.orgUnitId)[2]!))!, 2);
    const center = (await getUnit(cadre.orgUnitId))!.center!;
    const photo = await storage.upload(`${stationingFolder(c.personId)}matrix-${unique()}.jpg`, Buffer.from('jpeg'));
    return { units: [], input: { ...fix, lat: center.lat, lng: center.lng, photoFileIds: [photo] } };
  },
  'stationing.figure': (s) => ({ units: [s.township], input: { unitId: s.township, week: '2026-W20' } }),
  'stationing.team': (s) => ({ units: [s.village], input: { villageId: s.village, week: '2026-W20' } }),
  'stationing.nights': (s) => ({ units: [s.township], input: { unitId: s.township, week: '2026-W20' } }),
  'stationing.getSettings': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'stationing.setDay': (s) => ({ units: [s.township], input: { townshipId: s.township, weekday: 2 } }),
  'stationing.setNights': (s) => ({ units: [s.county], input: { countyId: s.county, nightsPerWeek: 3 } }),
  // The three-in-one assessment (三位一体综合考评). A cadre proposes and progresses their own
  // targets (not scoped); staff over a cadre's village set, review and score (a fresh cadre's plan).
  'assessment.myTargets': () => ({ units: [], input: {} }),
  'assessment.proposeTarget': () => ({ units: [], input: { year: '2026', clientId: `matrix-${unique()}-at`, text: '发展村级集体经济', category: 'industry', weight: 20, dueMonth: '2026-11' } }),
  'assessment.recordProgress': async (_s, c) => ({ units: [], input: { year: '2026', targetId: await ownAssessTarget(c), clientId: `matrix-${unique()}-ap`, text: '已完成项目选址', percent: 20 } }),
  'assessment.targets': (s) => ({ units: [s.township], input: { unitId: s.township, year: '2026' } }),
  'assessment.cadreTargets': async (s) => ({ units: [s.village], input: { personId: (await freshAssessPlan(s)).personId, year: '2026' } }),
  'assessment.setTarget': async (s) => ({ units: [s.village], input: { personId: (await freshCadre(s.village)).person._id, year: '2026', clientId: `matrix-${unique()}-st`, text: '完成全村危房排查', category: 'livelihood', weight: 30, dueMonth: '2026-08' } }),
  'assessment.reviewTarget': async (s) => ({ units: [s.village], input: { ...(await freshAssessPlan(s, 'proposed')), year: '2026', decision: 'confirm' } }),
  'assessment.scoreTarget': async (s) => ({ units: [s.village], input: { ...(await freshAssessPlan(s)), year: '2026', score: 85 } }),
  // Surveys (民主测评) of the side's team village (each rates the whole team): one runs at a time, so each example's is fresh.
  'assessment.openSurvey': async (s) => {
    await closeAssessSurveys(teamSide(s));
    return { units: [s.teamVillage], input: { villageId: s.teamVillage, year: '2026', clientId: `matrix-${unique()}-sv`, closesOn: '2026-05-30' } };
  },
  'assessment.surveys': (s) => ({ units: [s.township], input: { unitId: s.township, year: '2026' } }),
  'assessment.surveyResults': async (s) => ({ units: [s.teamVillage], input: { surveyId: (await freshAssessSurvey(teamSide(s)))._id } }),
  'assessment.closeSurvey': async (s) => ({ units: [s.teamVillage], input: { surveyId: (await freshAssessSurvey(teamSide(s)))._id } }),
  // Answering is public, for whoever came from the village's group (the caller enters first; the unbound caller cannot).
  'assessment.openSurveys': async (s, c) => {
    await enter(c.openid, teamSide(s));
    return { units: [], input: { villageId: s.teamVillage }, refusedFor: notVillager };
  },
  'assessment.answer': async (s, c) => {
    await enter(c.openid, teamSide(s));
    const survey = await freshAssessSurvey(teamSide(s));
    return { units: [], input: { surveyId: survey._id, ratings: survey.cadres.map((x) => ({ personId: x.personId, overall: 'satisfied' })) }, refusedFor: notVillager };
  },
  'assessment.getSettings': (s) => ({ units: [s.county], input: { countyId: s.county } }),
  'assessment.setSettings': (s) => ({ units: [s.county], input: { countyId: s.county, settings: DEFAULT_ASSESSMENT_SETTINGS } }),
  'assessment.compute': (s) => ({ units: [s.county], input: { countyId: s.county, year: '2026' } }),
  'assessment.ranking': (s) => ({ units: [s.township], input: { unitId: s.township, year: '2026' } }),
  'assessment.explain': async (s) => {
    await computeYear(SYSTEM, now(), (await getUnit(s.county))!, '2026');
    return { units: [s.village], input: { countyId: s.county, year: '2026', personId: villageCadre(s).id } };
  },
  // The year's result is published from 1 December (the matrix's clock is in May): an allowed caller hears so.
  'assessment.publish': (s) => ({ units: [s.county], input: { countyId: s.county, year: '2026', clientId: `matrix-${unique()}-pub` }, refusedFor: () => 'too_early' }),
  'assessment.publications': (s) => ({ units: [s.county], input: { countyId: s.county, year: '2025' } }),
  'assessment.publication': async (s) => ({ units: [s.county], input: { pubId: await assessPublication(s) } }),
  // Semi-annual reports (半年工作报告): a first secretary writes their own (the matrix's cadre is a
  // 驻点干部, told so); staff in scope list and read the side's submitted reports; county and city
  // staff review them (township staff in scope are told it is the county's).
  'workReport.mine': () => ({ units: [], input: {}, refusedFor: notFirstSecretary }),
  'workReport.save': () => ({ units: [], input: { period: '2026-H1', title: '上半年驻村工作报告' }, refusedFor: notFirstSecretary }),
  'workReport.submit': () => ({ units: [], input: { period: '2026-H1', title: '上半年驻村工作报告', body: '上半年围绕产业发展和基层治理开展工作，走访脱贫户一百户，协调落实产业项目两个，帮助村集体经济增收八万元，完成了村级组织换届的各项准备工作。' }, refusedFor: notFirstSecretary }),
  'workReport.list': (s) => ({ units: [s.township], input: { unitId: s.township, period: '2026-H1' } }),
  'workReport.get': async (s) => ({ units: [s.village], input: { id: await freshSubmittedReport(s.village) } }),
  'workReport.markRead': async (s) => ({ units: [s.village], input: { id: await freshSubmittedReport(s.village) }, refusedFor: (c) => (reviewsReportsOf(c, s.village) ? undefined : 'forbidden') }),
  'workReport.accept': async (s) => ({ units: [s.village], input: { id: await freshSubmittedReport(s.village), comment: '同意' }, refusedFor: (c) => (reviewsReportsOf(c, s.village) ? undefined : 'forbidden') }),
  'workReport.sendBack': async (s) => ({ units: [s.village], input: { id: await freshSubmittedReport(s.village), reason: '请补充产业项目进展' }, refusedFor: (c) => (reviewsReportsOf(c, s.village) ? undefined : 'forbidden') }),
  'workReport.getSettings': (s) => ({ units: [s.county], input: { countyId: s.county } }),
  'workReport.setSettings': (s) => ({ units: [s.county], input: { countyId: s.county, settings: DEFAULT_WORK_REPORT_SETTINGS } }),
  // Training: staff over the side's township organise and enrol there (the cadres enrolled must be
  // theirs too); a cadre enrols in a session open to their own township and checks in at one of
  // theirs under way now, at its venue.
  'training.createCourse': (s) => ({ units: [s.township], input: { unitId: s.township, clientId: `matrix-${unique()}-tc`, name: '乡镇驻村干部业务培训', kind: 'business' } }),
  'training.courses': (s) => ({ units: [s.township], input: { unitId: s.township } }),
  'training.course': async (s) => ({ units: [s.township], input: { id: await freshTrainingCourse(s.township) } }),
  'training.addSession': async (s) => ({ units: [s.township], input: { courseId: await freshTrainingCourse(s.township), clientId: `matrix-${unique()}-ts`, date: '2026-05-20', start: '09:00', end: '11:00', placeName: '镇政府会议室', venue: { lat: 28.43, lng: 109.57 } } }),
  'training.candidates': async (s) => ({ units: [s.township], input: { sessionId: await freshTrainingSession(s.township), unitId: s.township } }),
  'training.enrol': async (s) => ({ units: [s.township, s.village], input: { sessionId: await freshTrainingSession(s.township), personIds: [(await freshCadre(s.village)).person._id] } }),
  'training.enrolSelf': async (_s, c) => ({ units: [], input: { sessionId: await ownTrainingSession(c, false) } }),
  'training.mine': () => ({ units: [], input: {} }),
  'training.checkin': async (_s, c) => {
    const sessionId = await ownTrainingSession(c, true);
    const cadre = c.grants.find((g) => g.role === 'cadre');
    const at = cadre ? (await getUnit(cadre.orgUnitId))!.center! : { lat: 28.3, lng: 109.5 };
    return { units: [], input: { sessionId, clientId: `matrix-${unique()}-tci`, lat: at.lat, lng: at.lng, accuracy: 20, capturedAt: now().toISOString() } };
  },
  'training.attendance': async (s) => ({ units: [s.township], input: { sessionId: await freshTrainingSession(s.township) } }),
  'training.record': async (s) => ({ units: [s.village], input: { personId: (await freshCadre(s.village)).person._id } }),
  // Household visits (走访): staff over the village (and its first secretary) keep households and
  // 2+1 groups; a group's cadres plan and log; the cadre who raised a problem rates it; staff see
  // the figures. The matrix's cadre is stationed elsewhere: in scope of none of the sides.
  'visit.home': () => ({ units: [], input: {} }),
  'visit.households': (s) => ({ units: [s.village], input: { villageId: s.village } }),
  'visit.addHousehold': (s) => ({ units: [s.village], input: { villageId: s.village, head: `矩阵户主${unique()}`, group: '一组', house: `${unique()}号` } }),
  'visit.editHousehold': async (s) => ({ units: [s.village], input: { id: await freshHousehold(s.village), phone: null, members: 3, tags: ['脱贫户'], active: true } }),
  'visit.groups': (s) => ({ units: [s.village], input: { villageId: s.village } }),
  'visit.saveGroup': async (s) => ({ units: [s.village], input: { villageId: s.village, clientId: `matrix-${unique()}-vg`, name: `矩阵组${unique()}`, memberIds: await freshVisitPair(s.village), auxiliary: { name: '村干部' } } }),
  'visit.assign': async (s) => ({ units: [s.village], input: { villageId: s.village, groupId: await freshVisitGroup(s.village), add: [await freshHousehold(s.village)] } }),
  'visit.plan': async (s) => ({ units: [s.village], input: { villageId: s.village, groupId: await sideVisitGroup(s.village), month: '2026-05' } }),
  'visit.savePlan': async (s) => ({ units: [s.village], input: { villageId: s.village, groupId: await sideVisitGroup(s.village), month: '2026-05', householdIds: [] } }),
  'visit.log': async (s) => ({ units: [s.village], input: { clientId: `matrix-${unique()}-vs`, householdId: await freshHousehold(s.village), memberIds: ['p-nobody'], notes: '入户了解情况' } }),
  'visit.visits': (s) => ({ units: [s.township], input: { unitId: s.township, month: '2026-05' } }),
  'visit.problems': (s) => ({ units: [s.township], input: { unitId: s.township, period: '2026-05' } }),
  'visit.problem': async (s) => ({ units: [s.village], input: { id: await sideVisitProblem(s.village) } }),
  'visit.rate': async (s) => ({ units: [s.village], input: { id: await sideVisitProblem(s.village), value: 'satisfied' } }),
  'visit.figures': (s) => ({ units: [s.township], input: { unitId: s.township, period: '2026-05' } }),
  // Served by the ledger function: a sheet uploaded to the caller's own folder (checked only), and the problem ledger.
  'visit.importHouseholds': async (s, c) => ({ units: [s.village], input: { villageId: s.village, fileId: await visitImportFile(c.personId), dryRun: true } }),
  'visit.exportProblems': (s) => ({ units: [s.township], input: { unitId: s.township, period: '2026-05' } }),
  // 我的个人信息: any WeChat user asks about themselves (by OPENID), one section paged or all of them.
  'privacy.myData': (_s, c) => ({ units: [], input: c.grants.length ? {} : { section: 'accessLogs', skip: 0, limit: 20 } }),
  // @examples-issue11 (each feature adds its examples above this line)
};

// ---- villagers, complaints and notices, made through the actions --------------------------------

/** A cloudID of the group `opengid`, issued by the local cloud to `openid` (as WeChat does for the card's viewer). */
const groupCloudId = (openid: string, opengid: string) => t.cloud.functions.issueCloudId(openid, { opengid });
/** Only someone who came from the village's group may act as its villager (the unbound caller could not enter). */
const notVillager = (c: MatrixCaller) => (c.openid ? undefined : 'not_villager');
/** A villager reaches only their own complaints. */
const notOwn = (c: MatrixCaller) => (c.openid ? undefined : 'not_found');
const isDiscipline = (c: MatrixCaller) => c.grants.some((g) => g.role === 'discipline');

interface Dept {
  id: string;
  /** A person of the department (who answers and asks for more time). */
  openid: string;
}
/** The side's county departments, from the demo data. */
function departmentsOf(s: Side): Dept[] {
  return DEMO_PEOPLE.flatMap((p) => p.grants.flatMap((g) => (g.role === 'department' && g.orgUnitId === s.county ? [{ id: g.department.id, openid: p.openid }] : [])));
}
/** The caller's own department in the side's county, if they hold one. */
function deptOf(s: Side, c: MatrixCaller): Dept | undefined {
  return departmentsOf(s).find((d) => d.openid === c.openid);
}
/** Who does the township's (or, for a confidential report, discipline staff's) steps on the side. */
function dispatcherOf(s: Side, confidential: boolean): string {
  const person = DEMO_PEOPLE.find((p) => p.grants.some((g) => (confidential ? g.role === 'discipline' && g.orgUnitId === s.county : g.role === 'staff' && g.orgUnitId === s.township)));
  return person!.openid;
}

async function must(action: string, input: unknown, openid: string): Promise<any> {
  const r = await t.call(action, input, openid);
  if (!r.ok) throw new Error(`fixture ${action} by ${openid} failed: ${JSON.stringify(r)}`);
  return r.data;
}

/**
 * The complaint a handler's example acts on: a fresh one for a caller holding one of the
 * action's roles (in scope or not: the scope check must meet a real complaint), a made-up id for
 * anyone else (refused by role first).
 */
async function complaintFor(action: string, c: MatrixCaller, s: Side, opts: Parameters<typeof freshComplaint>[1]): Promise<string> {
  const roles = ROUTES.find((r) => r.name === action)!.def.roles;
  if (Array.isArray(roles) && !c.grants.some((g) => roles.includes(g.role))) return 'cp-000000000000000000000000';
  return freshComplaint(s, opts);
}

/** A fresh notice of the side's village, published by its 村群管理员. */
async function freshNotice(s: Side): Promise<string> {
  const admin = DEMO_PEOPLE.find((p) => p.grants.some((g) => g.role === 'groupAdmin' && g.orgUnitId === s.village))!;
  const n = await must('publicNotice.publish', { villageId: s.village, clientId: `matrix-${unique()}-pn`, kind: 'finance', title: '村级财务收支公示', body: '本月收入：……\n本月支出：……' }, admin.openid);
  return n.id as string;
}
/** One notice per side that stays up, for the villagers to read. */
const sideNotices = new Map<string, Promise<string>>();
function sideNotice(s: Side): Promise<string> {
  if (!sideNotices.has(s.village)) sideNotices.set(s.village, freshNotice(s));
  return sideNotices.get(s.village)!;
}

/** `openid` opens the card from the village's group (once per village). */
const entered = new Set<string>();
async function enter(openid: string, s: Side): Promise<void> {
  if (!openid || entered.has(`${openid}.${s.village}`)) return;
  await must('village.enter', { groupCloudId: groupCloudId(openid, demoGroupId(s.village)) }, openid);
  entered.add(`${openid}.${s.village}`);
}

/**
 * A fresh complaint of the side's village, raised by `villager` (default: a matrix villager),
 * confidential or not, and taken as far as `to`: dispatched to `dept` (default: the county's
 * first department), with an extension asked by that department, or answered by it.
 */
async function freshComplaint(s: Side, opts: { villager?: string; confidential?: boolean; to?: 'raised' | 'dispatched' | 'extension' | 'answered'; dept?: Dept } = {}): Promise<string> {
  const villager = opts.villager || 'o-matrix-villager';
  const confidential = !!opts.confidential;
  await enter(villager, s);
  const text = confidential ? '反映村干部在低保评定中优亲厚友' : '村里的自来水停了三天，还没有人来修';
  const raised = await must('complaint.raise', { villageId: s.village, clientId: `matrix-${unique()}-cp`, text, category: confidential ? 'report' : 'service', ...(confidential ? { about: { name: '村委会干部' } } : {}) }, villager);
  const id = raised.id as string;
  const to = opts.to ?? 'raised';
  if (to === 'raised') return id;
  const dept = opts.dept ?? departmentsOf(s)[0]!;
  await must('complaint.dispatch', { id, category: confidential ? 'report' : 'service', unitId: s.county, departmentId: dept.id }, dispatcherOf(s, confidential));
  if (to === 'extension') await must('complaint.askExtension', { id, days: 2, reason: '需要协调供水公司' }, dept.openid);
  if (to === 'answered') await must('complaint.answer', { id, text: '已联系供水公司，今日恢复供水' }, dept.openid);
  return id;
}

/** The month scored in the matrix (the clock is in May 2026). */
const SCORED = '2026-04';
async function scoredCadre(s: Side) {
  await recompute(now(), (await getUnit(s.village))!, SCORED);
  const { data } = await db.collection(SCORES).where({ villagePath: s.village, period: SCORED }).limit(1).get<{ personId: string }>();
  return data[0]!;
}
async function freshPublication(s: Side) {
  await scoredCadre(s);
  return publish(SYSTEM, now(), (await getUnit(s.county))!, { period: SCORED, reason: '矩阵测试', clientId: `matrix-${unique()}-pub` });
}
/** The township's allowances for the month as drafts again (every sign-off taken back), then recomputed. */
async function draftAllowances(s: Side) {
  for (const so of await signoffsOf(s.township, SCORED)) if (!so.reopened) await reopenAllowances(SYSTEM, now(), so, '矩阵测试撤回');
  await recompute(now(), (await getUnit(s.township))!, SCORED);
}
async function freshSignoff(s: Side) {
  await draftAllowances(s);
  return signAllowances(SYSTEM, now(), (await getUnit(s.township))!, { month: SCORED, clientId: `matrix-${unique()}-sign` });
}
/** A work log of a fresh cadre of the village (through the service: fixtures have no openid to call with). */
async function freshLog(villageId: string): Promise<string> {
  const { person } = await freshCadre(villageId);
  return (await writeLog(person, now(), { clientId: `matrix-${unique()}-log`, text: '走访了三组的五户脱贫户，了解产业分红情况。', photoFileIds: [], checkinId: null }))._id;
}
/** A project of a fresh cadre of the village (through the service, as `freshLog`). */
async function freshResource(villageId: string): Promise<string> {
  const { person } = await freshCadre(villageId);
  const p = await addResourceProject(person, now(), { clientId: `matrix-${unique()}-rp`, name: '稻花鱼养殖基地', kind: 'industry', amountYuan: 80_000_00, source: 'dispatchingUnit', sourceName: '', status: 'planning', plannedOn: '2026-05-01', startedOn: null, completedOn: null, files: [], note: '' });
  return p._id;
}
/** The calling cadre's own log of today, or a made-up id for anyone else (refused by role first). */
async function ownLog(caller: MatrixCaller): Promise<string> {
  if (!caller.personId || !caller.grants.some((g) => g.role === 'cadre')) return 'wl-000000000000000000000000';
  const person = (await getPerson(caller.personId))!;
  return (await writeLog(person, now(), { clientId: `matrix-${unique()}-own`, text: '走访了三组的五户脱贫户，了解产业分红情况。', photoFileIds: [], checkinId: null }))._id;
}
const isCadre = (c: MatrixCaller) => !!c.personId && c.grants.some((g) => g.role === 'cadre');
/** A question on 产业发展 by `personId` (a cadre), answered by the demo tutor if `answered`. */
async function freshQuestion(personId: string, answered = false): Promise<string> {
  const q = await askQuestion((await getPerson(personId))!, now(), { clientId: `matrix-${unique()}-qn`, topic: 'industry', title: '猕猴桃园土壤偏酸怎么改良', body: '土壤检测pH只有4.8，叶片发黄，该怎么改良？', photoFileIds: [] });
  if (answered) await answerQuestion({ openid: undefined, source: 'test', person: (await getPerson('p-tutor'))! }, now(), q._id, '每亩撒施生石灰100公斤，配合有机肥。');
  return q._id;
}
/** The calling cadre's own question, or a made-up id for anyone else (refused by role first). */
const ownQuestion = async (c: MatrixCaller, answered = false) => (isCadre(c) ? freshQuestion(c.personId!, answered) : 'qn-000000000000000000000000');
/** A question of a fresh cadre of the side's village. */
const sideQuestion = async (s: Side) => freshQuestion((await freshCadre(s.village)).person._id);
// ---- the policy library and experience sharing, made through the actions -----------------------

/** A file uploaded to the county's policy folder (as the staff's page does). */
const policyFile = (s: Side) => storage.upload(`${policyFolder(s.county)}matrix-${unique()}.pdf`, Buffer.from('%PDF-1.4'));
/** A fresh document of the side's county, published by its staff. */
async function freshPolicy(s: Side): Promise<string> {
  const staff = DEMO_PEOPLE.find((p) => p.grants.some((g) => g.role === 'staff' && g.orgUnitId === s.county))!;
  const input = { unitId: s.county, clientId: `matrix-${unique()}-po`, title: '驻村工作队考勤细则', issuer: '县委组织部', issuedOn: '2026-05-01', tags: ['驻村管理'], summary: '驻村工作队员每日签到。', file: { fileId: await policyFile(s), name: '考勤细则.pdf' } };
  return (await must('policy.publish', input, staff.openid)).id as string;
}
/** Does a document of `unitId` reach the caller: a cadre or staff grant on a path through it, or a staff grant above it? */
const readsPolicyOf = (c: MatrixCaller, unitId: string) =>
  c.grants.some((g) => (g.role === 'cadre' || g.role === 'staff') && (pathOf(g.orgUnitId).includes(unitId) || (g.role === 'staff' && pathOf(unitId).includes(g.orgUnitId))));

const cadreOfCounty = (c: MatrixCaller, s: Side) => c.grants.some((g) => g.role === 'cadre' && pathOf(g.orgUnitId)[1] === s.county);
const staffOver = (c: MatrixCaller, unitId: string) => c.grants.some((g) => g.role === 'staff' && pathOf(unitId).includes(g.orgUnitId));
/** The first cadre of the side's village (never a matrix caller's own village). */
const villageCadre = (s: Side) => DEMO_PEOPLE.find((p) => p.grants.some((g) => g.role === 'cadre' && g.orgUnitId === s.village))!;
/** A fresh post of the side's village cadre. */
async function freshShare(s: Side): Promise<string> {
  return (await must('share.post', { clientId: `matrix-${unique()}-sh`, text: '入户走访的第一百户' }, villageCadre(s).openid)).id as string;
}
/** One post per side that stays up, to read, like and comment on. */
const sideShares = new Map<string, Promise<string>>();
function sideShare(s: Side): Promise<string> {
  if (!sideShares.has(s.village)) sideShares.set(s.village, freshShare(s));
  return sideShares.get(s.village)!;
}
/** A comment of the village cadre on a fresh post of theirs. */
async function freshComment(s: Side): Promise<{ id: string; commentId: string }> {
  const id = await freshShare(s);
  const r = await must('share.comment', { id, clientId: `matrix-${unique()}-cm`, text: '补充一点' }, villageCadre(s).openid);
  return { id, commentId: r.comment.id as string };
}
/** A post of the calling cadre, or a made-up id for anyone else (refused by role first). */
async function ownShare(c: MatrixCaller): Promise<string> {
  if (!c.personId || !c.grants.some((g) => g.role === 'cadre')) return 'sh-000000000000000000000000';
  return (await must('share.post', { clientId: `matrix-${unique()}-sh`, text: '写错了，撤回' }, c.openid)).id as string;
}
/**
 * What a caller must cover to read the side's work updates: a cadre stationed in the side's
 * county reads them from their own village (the router checks their station); anyone else must
 * cover the township.
 */
function workUpdateReaders(s: Side, c: MatrixCaller): string[] {
  const cadre = c.grants.find((g) => g.role === 'cadre' && pathOf(g.orgUnitId)[1] === s.county);
  return cadre ? [cadre.orgUnitId] : [s.township];
}

/** A fresh work update of the side's township: the caller's own when they are staff over it, else the county staff's. */
async function freshWorkUpdate(s: Side, c?: MatrixCaller): Promise<string> {
  const own = !!c && c.grants.some((g) => g.role === 'staff' && pathOf(s.township).includes(g.orgUnitId));
  const openid = own ? c.openid : DEMO_PEOPLE.find((p) => p.grants.some((g) => g.role === 'staff' && g.orgUnitId === s.county))!.openid;
  const p = await must('workUpdate.post', { unitId: s.township, clientId: `matrix-${unique()}-wu`, title: '乡镇驻村工作动态', body: '本周组织驻村干部走访脱贫户。' }, openid);
  return p.id as string;
}

// ---- the assessment, made through its service ------------------------------------------------------

/** The calling cadre's own proposed target (one per cadre), or a made-up id for anyone else (refused by role first). */
const ownAssessTargets = new Map<string, Promise<string>>();
function ownAssessTarget(c: MatrixCaller): Promise<string> {
  if (!isCadre(c)) return Promise.resolve('t-0000000000000000');
  if (!ownAssessTargets.has(c.personId!)) {
    ownAssessTargets.set(c.personId!, (async () => {
      const person = (await getPerson(c.personId!))!;
      const plan = await proposeTarget(SYSTEM, person, now(), { year: '2026', clientId: `matrix-${unique()}-own`, text: '建成村级电商服务站', category: 'industry', weight: 30, dueMonth: '2026-10' });
      return plan.targets.at(-1)!.id;
    })());
  }
  return ownAssessTargets.get(c.personId!)!;
}
/** A fresh cadre of the side's village with one target of this month: confirmed (set by staff), or proposed by the cadre. */
async function freshAssessPlan(s: Side, status: 'confirmed' | 'proposed' = 'confirmed'): Promise<{ personId: string; targetId: string }> {
  const { person } = await freshCadre(s.village);
  const target = { year: '2026', clientId: `matrix-${unique()}-fp`, text: '完成本月走访全覆盖', category: 'governance' as const, weight: 40, dueMonth: '2026-05' };
  const plan = status === 'proposed' ? await proposeTarget(SYSTEM, person, now(), target) : await setAssessTarget(SYSTEM, person, now(), { ...target, personId: person._id });
  return { personId: person._id, targetId: plan.targets[0]!.id };
}
/** Close the side's village's running surveys (one runs at a time). */
async function closeAssessSurveys(s: Side): Promise<void> {
  for (const sv of await openSurveysOf(s.village, now())) await closeAssessSurvey(SYSTEM, now(), sv);
}
/** A fresh survey of the side's village (the one running before it closed). */
async function freshAssessSurvey(s: Side) {
  await closeAssessSurveys(s);
  return openAssessSurvey(SYSTEM, now(), (await getUnit(s.village))!, { villageId: s.village, year: '2026', clientId: `matrix-${unique()}-fs`, closesOn: '2026-05-30', aspects: false });
}
/**
 * One publication of 2025 per side: a cadre stationed in the side's village from March 2025 to
 * January 2026 (the demo's cadres came in 2026), the year computed and published.
 */
const assessPublications = new Map<string, Promise<string>>();
function assessPublication(s: Side): Promise<string> {
  if (!assessPublications.has(s.county)) {
    assessPublications.set(s.county, (async () => {
      const p = await freshPerson(s.village);
      const a = await startAssignment(SYSTEM, now(), { personId: p._id, villageId: s.village, kind: 'teamMember', dispatchingUnit: '测试派出单位', start: '2025-03-01' });
      await endAssignment(SYSTEM, now(), a, '2026-01-10');
      const county = (await getUnit(s.county))!;
      await computeYear(SYSTEM, now(), county, '2025');
      return (await publishYear(SYSTEM, now(), county, { year: '2025', reason: '', clientId: `matrix-${unique()}-ap` }))._id;
    })());
  }
  return assessPublications.get(s.county)!;
}

/** Semi-annual reports are a first secretary's: anyone else holding the cadre role is told so. */
const notFirstSecretary = (c: MatrixCaller) => (DEMO_PEOPLE.find((p) => p.id === c.personId)?.grants.some((g) => g.role === 'cadre' && g.kind === 'firstSecretary') ? undefined : 'not_first_secretary');
/** County (or city) staff over the village review its reports. */
const reviewsReportsOf = (c: MatrixCaller, villageId: string) => c.grants.some((g) => g.role === 'staff' && pathOf(g.orgUnitId).length <= 2 && pathOf(villageId).includes(g.orgUnitId));
/**
 * A session of the calling cadre's own township, under way now at their village's centre (open
 * to the township's cadres when `enrolled` is false; with the caller enrolled when true); a
 * made-up id for anyone else (refused by role first).
 */
async function ownTrainingSession(c: MatrixCaller, enrolled: boolean): Promise<string> {
  const cadre = c.grants.find((g) => g.role === 'cadre');
  if (!cadre || !c.personId) return 'ts-000000000000000000000000';
  const village = (await getUnit(cadre.orgUnitId))!;
  const id = await freshTrainingSession(village.path[2]!, { openToUnit: !enrolled, venue: village.center });
  if (enrolled) await enrolInTraining(id, [c.personId]);
  return id;
}

let reportDay = 0;

/** A pending leave of the calling cadre, or a made-up id for anyone else (refused by role first). */
async function ownLeave(caller: MatrixCaller): Promise<string> {
  const cadre = caller.grants.find((g) => g.role === 'cadre');
  if (!cadre || !caller.personId) return 'lv-000000000000000000000000';
  return freshLeave(cadre.orgUnitId, { personId: caller.personId });
}
let correctionDay = 0;

/** One demo person per (role, level of the grant), and an unbound user. */
function callers(): MatrixCaller[] {
  const units = new Map(demoDocuments().units.map((u) => [u._id, u]));
  const seen = new Set<string>();
  const out: MatrixCaller[] = [];
  for (const p of DEMO_PEOPLE) {
    const g = p.grants[0]!;
    const key = `${g.role}@${units.get(g.orgUnitId)!.level}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label: `${key} ${p.id}`, personId: p.id, openid: p.openid, grants: p.grants.map((x) => ({ role: x.role, orgUnitId: x.orgUnitId })) });
  }
  return out;
}

function pathOf(unitId: string): string[] {
  const u = demoDocuments().units.find((x) => x._id === unitId);
  if (!u) throw new Error(`no demo unit ${unitId}`);
  return u.path;
}

function allowed(def: AnyAction, caller: MatrixCaller, example: Example): boolean {
  if (def.roles === 'public') return true;
  if (def.roles === 'timer' || caller.grants.length === 0) return false;
  const roles = def.roles === 'bound' ? undefined : def.roles;
  const held = caller.grants.filter((g) => !roles || roles.includes(g.role));
  if (held.length === 0) return false;
  // From the example's units alone, not from whether the action declares a scope: an action
  // that acts on units but forgets its scope check shows up as a leak.
  return example.units.every((u) => held.some((g) => pathOf(u).includes(g.orgUnitId)));
}

/**
 * Every action once, with the function that serves it (the system actions every function shares
 * are covered as the api's; the ledger's own exports through the ledger).
 */
const ROUTES = actionRoutes();

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
  t.cloud.clock.set('2026-05-12T10:00:00+08:00', { frozen: true });
  // With the bound village groups the villagers' examples come through.
  await seedDemo({ complaints: true });
}, 60_000);
afterAll(() => t.stop());

it('has an example for every registered action', () => {
  expect(ROUTES.map((r) => r.name).filter((n) => !EXAMPLES[n])).toEqual([]);
});

it('every action that acts on org units declares a scope check', async () => {
  const unscoped: string[] = [];
  for (const { name, def } of ROUTES) {
    const example = await EXAMPLES[name]!(SIDES.huayuan, { label: 'x', personId: null, openid: '', grants: [] });
    if (example.units.length > 0 && !def.scope) unscoped.push(name);
  }
  expect(unscoped).toEqual([]);
});

it('allows exactly the allowed cells, and refused cells write nothing', async () => {
  const who = [...callers(), { label: 'unbound', personId: null, openid: '', grants: [] }];
  expect(who.length).toBeGreaterThanOrEqual(10);
  const mismatches: string[] = [];
  let cells = 0;
  // MATRIX_ONLY=visit.,inspection. runs the cells of those actions only (while building a feature).
  const only = process.env.MATRIX_ONLY?.split(',').filter(Boolean);
  const routes = only ? ROUTES.filter((r) => only.some((p) => r.name.startsWith(p))) : ROUTES;
  for (const { name, fn, def } of routes) {
    for (const caller of who) {
      for (const [sideName, side] of Object.entries(SIDES)) {
        const example = await EXAMPLES[name]!(side, caller);
        const openid = caller.openid || `o-unbound-${unique()}`;
        const { result, invocation } = await t.cloud.functions.invoke(fn, { action: name, input: example.input }, { openid });
        const answer = result as { ok: boolean; code?: string };
        const expectAllowed = allowed(def, caller, example);
        cells += 1;
        const where = `${name} by ${caller.label} on ${sideName}`;
        if (expectAllowed) {
          const business = example.refusedFor?.(caller);
          if (business ? answer.code !== business : !answer.ok) mismatches.push(`${where}: expected ${business ?? 'ok'}, got ${JSON.stringify(result)}`);
          else if (!business) writesPerCall.set(name, Math.max(writesPerCall.get(name) ?? 0, invocation.ops.writes));
        } else {
          if (answer.ok || !['forbidden', 'not_bound'].includes(answer.code!)) mismatches.push(`${where}: expected refusal, got ${JSON.stringify(result)}`);
          if (invocation.ops.writes !== 0) mismatches.push(`${where}: refused but wrote ${invocation.ops.writes}`);
        }
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(cells).toBe(routes.length * (callers().length + 1) * 2);
}, 300_000);

/** The most billed writes of one successful call of each action, over the cells above. */
const writesPerCall = new Map<string, number>();

// An action that writes more than one document can be killed between its writes: test/faults.test.ts
// crashes it after each of them and retries. A new multi-write action fails here until it has a case there.
it('crash-tests every action that writes more than once (test/faults.cases.ts)', () => {
  const multi = [...writesPerCall].filter(([, w]) => w > 1).map(([n]) => n);
  expect(multi.filter((n) => !FAULT_COVERED.has(n)).sort()).toEqual([]);
});

it('gives the same answer for a target that does not exist as for one out of scope', async () => {
  const staff = DEMO_PEOPLE.find((p) => p.id === 'p-hy-staff')!;
  const missing = await t.call('people.get', { id: 'p-does-not-exist' }, staff.openid);
  const person = await addPerson(SYSTEM, now(), { name: '外县人员', phone: '13612345678', orgUnitId: 'vil-hangsha' });
  const foreign = await t.call('people.get', { id: person._id }, staff.openid);
  expect(missing).toEqual(foreign);
  expect(missing).toMatchObject({ ok: false, code: 'forbidden' });
});
