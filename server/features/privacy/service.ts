/**
 * 我的个人信息 (PIPL art. 44–45: a person may see what is held about them): everything the
 * backend keeps about the caller, found by their OPENID only, in sections of readable Chinese,
 * and who looked at it (the access log). Served by the `ledger` function (ledger/registry.ts),
 * whose bundle has room for a view over every feature; the `api` bundle is at its size ceiling.
 *
 * Each section is one query on one collection (by the person's id, or for a villager by their
 * OPENID, on the indexes the owners declare), with one row more than it shows to tell whether
 * there is more; a section is paged by opening it alone. The org units records name are read in
 * one query for all sections. This is a read-only view across features: the export of one's own
 * data is the one place that must see every feature's records about a person, so it reads their
 * collections by their owners' names; a feature that comes to hold personal data adds its
 * section here.
 *
 * Left out on purpose: who a confidential report (信访举报) names (kept from them, complaint
 * feature), the anonymous democratic-evaluation responses (salted hashes, linked to nobody), and
 * copies made for speed (`attendanceMonths`, `publishedScores`: the same facts as the sections).
 */
import { db, _ } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { shanghai } from '../../kernel/clock';
import type { Role } from '../../kernel/roles';
import { getUnits } from '../org/service';
import { ASSIGNMENTS, BINDINGS, maskOpenid, personByOpenid } from '../people/service';
import { CADRE_KIND_NAMES, ROLE_NAMES, type AssignmentDoc, type BindingDoc, type PersonDoc } from '../people/schema';
import { ATTENDANCE, CHECKINS, scheduleFor } from '../checkin/service';
import { DEFAULT_CHECKIN_SCHEDULE } from '../checkin/schedule';
import { CORRECTIONS, type CorrectionDoc } from '../checkin/corrections';
import type { CheckinDoc } from '../checkin/schema';
import { LEAVES } from '../leave/service';
import { LEAVE_KIND_NAMES, LEAVE_STATUS_NAMES, type LeaveDoc } from '../leave/schema';
import { ESCALATIONS, SPOTCHECKS } from '../spotcheck/service';
import { CALL_OUTCOME_NAMES, ESCALATION_NAMES, STATUS_NAMES as SPOTCHECK_STATUS, type EscalationDoc, type SpotCheckDoc } from '../spotcheck/schema';
import { STATIONING } from '../stationing/service';
import type { StationingDoc } from '../stationing/schema';
import { WORK_LOGS } from '../worklog/service';
import type { WorkLogDoc } from '../worklog/schema';
import { VISITS } from '../visit/service';
import type { VisitDoc } from '../visit/schema';
import { ENROLMENTS } from '../training/service';
import { ENROLMENT_STATUS_NAMES, type EnrolmentDoc } from '../training/schema';
import { SCORES, unpack } from '../scoring/service';
import type { StoredScore } from '../scoring/schema';
import { PLANS as ASSESS_PLANS } from '../assessment/service';
import { TARGET_STATUS_NAMES, type PlanDoc } from '../assessment/schema';
import { INSPECTIONS } from '../inspection/service';
import { STATUS_NAMES as INSPECTION_STATUS, type InspectionDoc } from '../inspection/schema';
import { REPORTS } from '../workreport/service';
import { STATUS_NAMES as REPORT_STATUS, type WorkReportDoc } from '../workreport/schema';
import { QUESTIONS } from '../question/service';
import { STATUS_NAMES as QUESTION_STATUS, TOPIC_NAMES, type QuestionDoc } from '../question/schema';
import { SHARES } from '../share/service';
import type { ShareDoc } from '../share/schema';
import { VILLAGERS } from '../village/service';
import type { VillagerDoc } from '../village/schema';
import { COMPLAINTS } from '../complaint/engine';
import { STATUS_NAMES as COMPLAINT_STATUS, type ComplaintDoc } from '../complaint/schema';
import { SUBSCRIPTIONS, type SubscriptionDoc } from '../notify/service';
import { TEMPLATE_KEYS, type TemplateKey } from '../notify/templates';
import { AUDIT, type AuditEntry } from '../audit/service';
import { accessAbout } from './access';
import { DATA_KIND_NAMES, OVERVIEW_ROWS, SECTION_KEYS, type AccessLogDoc, type Field, type Item, type MyDataInput, type Section, type SectionKey } from './schema';

/** Who the caller is, as far as what is held about them goes. */
interface Me {
  openid: string;
  person: PersonDoc | null;
  /** Stationed now, or ever (an assignment): the cadre's sections apply. */
  cadre: boolean;
  /** The county's retention of raw fixes and photos (checkin schedule), and its windows' names. */
  retentionDays: number;
  windows: Map<string, string>;
}

interface Source<D = any> {
  title: string;
  /** Whose records: a person's, a (former) cadre's, or a WeChat user's. */
  of: 'person' | 'cadre' | 'openid' | 'anyone';
  note: (me: Me) => string;
  read(me: Me, skip: number, limit: number): Promise<D[]>;
  /** The org units the rows name (read once for all sections). */
  units?: (d: D) => (string | null | undefined)[];
  item(d: D, names: Map<string, string>, me: Me): Item;
}

// ---- words -----------------------------------------------------------------------------------

const time = (d: Date | string | null | undefined) => (d ? shanghai(d).format('YYYY年M月D日 HH:mm') : '');
const day = (s: string | null | undefined) => (s ? `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日` : '');
const excerpt = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);
const GONE = '已按保存期限删除';
const point = (lat: unknown, lng: unknown, accuracy?: number | null) =>
  typeof lat === 'number' && typeof lng === 'number' ? `北纬 ${lat.toFixed(5)}，东经 ${lng.toFixed(5)}${typeof accuracy === 'number' ? `（误差约 ${Math.round(accuracy)} 米）` : ''}` : GONE;
const verdict = (inside: boolean | null | undefined, distanceM: number | null | undefined) =>
  inside === true ? '在村内' : inside === false ? `不在村内，距离约 ${Math.round(distanceM ?? 0)} 米` : '村里未设置范围，未判断';
const count = (n: number, unit: string) => (n ? `${n}${unit}` : '无');
const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

/** Fields with a value (an empty one says nothing). */
const fields = (...pairs: [string, string | number | null | undefined][]): Field[] =>
  pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([label, v]) => ({ label, value: String(v) }));

const AUDIT_NAMES: Record<string, string> = {
  'people.add': '登记人员信息',
  'people.update': '修改人员信息',
  'people.grantRole': '授予角色',
  'people.revokeRole': '撤销角色',
  'people.startAssignment': '派驻到村',
  'people.endAssignment': '结束派驻',
  'people.createInvite': '生成邀请码',
  'people.bind': '绑定微信',
  'people.resetBinding': '解除微信绑定',
};
const ATTENDANCE_NAMES: Record<string, string> = { present: '在岗', outside: '签到不在村内', missed: '未签到', excused: '请假', corrected: '已补卡' };
const TEMPLATE_NAMES: Record<string, string> = {
  checkinReminder: '签到提醒',
  spotCheckRequest: '约请通知',
  leaveApproval: '请假审批提醒',
  complaintDue: '诉求督办提醒',
  workUpdateDue: '工作动态提醒',
  questionDue: '辅导问题提醒',
  reportDue: '工作报告提醒',
};

// ---- queries ---------------------------------------------------------------------------------

/** One query: `where`, newest first by `order`, `limit` rows from `skip`. */
function page<D>(collection: string, where: Record<string, unknown>, order: string, skip: number, limit: number): Promise<D[]> {
  return db.collection(collection).where(where).orderBy(order, 'desc').orderBy('_id', 'asc').skip(skip).limit(limit).get<D>().then((r) => r.data);
}
const pid = (me: Me) => me.person!._id;
const kept = (me: Me) => `原始定位坐标保存 ${me.retentionDays} 天后自动删除，只留下是否在村内和距离。`;

// ---- the sections ----------------------------------------------------------------------------

const SOURCES: Record<Exclude<SectionKey, 'profile' | 'accessLogs'>, Source> = {
  bindings: {
    title: '微信绑定',
    of: 'person',
    note: () => '您的身份与这个微信的绑定关系，用于识别是您本人在使用。',
    read: (me, skip, limit) => page<BindingDoc>(BINDINGS, { personId: pid(me) }, 'boundAt', skip, limit),
    item: (b: BindingDoc) => ({ id: `binding.${maskOpenid(b._id)}`, title: `绑定于 ${time(b.boundAt)}`, fields: fields(['微信', maskOpenid(b._id)]) }),
  } satisfies Source<BindingDoc>,
  assignments: {
    title: '派驻记录',
    of: 'cadre',
    note: () => '组织部门登记的派驻任务，长期保存。',
    read: (me, skip, limit) => page<AssignmentDoc>(ASSIGNMENTS, { personId: pid(me) }, 'start', skip, limit),
    units: (a: AssignmentDoc) => [a.villageId],
    item: (a: AssignmentDoc, names) => ({
      id: a._id,
      title: `${CADRE_KIND_NAMES[a.kind]} · ${names.get(a.villageId) ?? a.villageId}`,
      fields: fields(['派出单位', a.dispatchingUnit], ['派驻时间', a.end ? `${day(a.start)}至${day(a.end)}` : `${day(a.start)}起`], ['状态', a.active ? '在派' : '已结束']),
    }),
  } satisfies Source<AssignmentDoc>,
  checkins: {
    title: '签到定位记录',
    of: 'cadre',
    note: kept,
    read: (me, skip, limit) => page<CheckinDoc>(CHECKINS, { personId: pid(me) }, 'capturedAt', skip, limit),
    item: (c: CheckinDoc) => ({
      id: c._id,
      title: `${time(c.capturedAt)} 签到`,
      fields: fields(['位置', point(c.lat, c.lng, c.accuracy)], ['结果', verdict(c.inside, c.distanceM)], ['上传', c.late ? `网络恢复后补传（${time(c.receivedAt)}）` : ''], ['提示', c.flags.map((f) => f.detail).join('；')]),
    }),
  } satisfies Source<CheckinDoc>,
  attendance: {
    title: '考勤结果',
    of: 'cadre',
    note: () => '每个签到时段结束后记下的结果，是考核和驻村补助的依据，长期保存。',
    read: (me, skip, limit) => page<{ _id: string; date: string; windowId: string; status: string; night?: boolean }>(ATTENDANCE, { personId: pid(me) }, 'date', skip, limit),
    item: (a, _names, me) => ({ id: a._id, title: `${day(a.date)} ${me.windows.get(a.windowId) ?? (a.night ? '夜间' : a.windowId)}签到`, fields: fields(['结果', ATTENDANCE_NAMES[a.status] ?? a.status]) }),
  },
  corrections: {
    title: '补卡申请',
    of: 'cadre',
    note: () => '补卡申请和证明照片是改动考勤的依据，长期保存。',
    read: (me, skip, limit) => page<CorrectionDoc>(CORRECTIONS, { personId: pid(me) }, 'createdAt', skip, limit),
    item: (c: CorrectionDoc) => ({
      id: c._id,
      title: `${day(c.date)} ${c.windowName} 补卡`,
      fields: fields(['理由', c.reason], ['证明照片', count(c.evidence.photoFileIds.length, '张')], ['证明人', c.evidence.witness], ['状态', { pending: '待审核', approved: '已同意', refused: '未同意' }[c.status]], ['审核意见', c.comment]),
    }),
  } satisfies Source<CorrectionDoc>,
  leaves: {
    title: '请假记录',
    of: 'cadre',
    note: (me) => `请假及审批记录长期保存；病假证明等附件在假期结束 ${me.retentionDays} 天后自动删除。`,
    read: (me, skip, limit) => page<LeaveDoc & { attachmentsPurgedAt?: Date }>(LEAVES, { personId: pid(me) }, 'createdAt', skip, limit),
    item: (l: LeaveDoc & { attachmentsPurgedAt?: Date }) => ({
      id: l._id,
      title: `${LEAVE_KIND_NAMES[l.kind]} ${day(l.startDate)}至${day(l.endDate)}`,
      fields: fields(['天数', `${l.days} 天`], ['事由', l.reason], ['附件', l.attachmentsPurgedAt ? GONE : count(l.attachmentFileIds.length, '份')], ['状态', LEAVE_STATUS_NAMES[l.status]], ['申请时间', time(l.createdAt)]),
    }),
  },
  spotChecks: {
    title: '约请抽查',
    of: 'cadre',
    note: (me) => `约请和响应的结果长期保存；响应时的定位坐标和现场照片保存 ${me.retentionDays} 天后自动删除。`,
    read: (me, skip, limit) => page<SpotCheckDoc>(SPOTCHECKS, { personId: pid(me) }, 'issuedAt', skip, limit),
    item: (s: SpotCheckDoc) => {
      const a = s.answer as (SpotCheckDoc['answer'] & { photoPurgedAt?: Date }) | null;
      return {
        id: s._id,
        title: `${time(s.issuedAt)} 约请`,
        fields: fields(
          ['发起人', s.issuedByName],
          ['状态', SPOTCHECK_STATUS[s.status]],
          ['响应时间', a ? time(a.at) : ''],
          ['响应位置', a ? point(a.lat, a.lng, a.accuracy) : ''],
          ['结果', a ? verdict(a.inside, a.distanceM) : ''],
          ['现场照片', a ? (a.photoFileId ? '已保存 1 张' : GONE) : ''],
          ['联系情况', s.call ? `${s.call.channel === 'video' ? '视频' : '电话'}：${CALL_OUTCOME_NAMES[s.call.outcome]}` : ''],
        ),
      };
    },
  },
  escalations: {
    title: '约请后续处理',
    of: 'cadre',
    note: () => '未按时响应约请后的询问、通报、约谈、召回记录，长期保存。',
    read: (me, skip, limit) => page<EscalationDoc>(ESCALATIONS, { personId: pid(me) }, 'createdAt', skip, limit),
    item: (e: EscalationDoc) => ({
      id: e._id,
      title: `${day(e.date)} ${ESCALATION_NAMES[e.kind]}`,
      fields: fields(['原因', e.why], ['状态', { open: '处理中', done: '已处理', dismissed: '已撤销' }[e.status]], ['处理人', e.decidedByName]),
    }),
  } satisfies Source<EscalationDoc>,
  stationing: {
    title: '驻点签到',
    of: 'cadre',
    note: (me) => `${kept(me)}驻点照片是驻点工作的记录，长期保存。`,
    read: (me, skip, limit) => page<StationingDoc>(STATIONING, { personId: pid(me) }, 'date', skip, limit),
    item: (r: StationingDoc) => ({
      id: r._id,
      title: `${day(r.date)} 驻点签到 · ${r.villageName}`,
      fields: fields(['位置', point(r.lat, r.lng, r.accuracy)], ['结果', verdict(r.inside, r.distanceM)], ['照片', count(r.photoFileIds.length, '张')], ['计入驻点', r.counted ? '是' : '否']),
    }),
  } satisfies Source<StationingDoc>,
  workLogs: {
    title: '驻村记实',
    of: 'cadre',
    note: () => '驻村记实和照片是驻村补助的依据，长期保存。',
    read: (me, skip, limit) => page<WorkLogDoc>(WORK_LOGS, { personId: pid(me) }, 'date', skip, limit),
    item: (l: WorkLogDoc) => ({ id: l._id, title: `${day(l.date)} 驻村记实`, fields: fields(['内容', excerpt(l.text)], ['照片', count(l.photoFileIds.length, '张')], ['评论', count(l.comments.length, '条')]) }),
  } satisfies Source<WorkLogDoc>,
  visits: {
    title: '入户走访',
    of: 'cadre',
    note: kept,
    read: (me, skip, limit) => page<VisitDoc>(VISITS, { present: { personId: pid(me) } }, 'at', skip, limit),
    item: (v: VisitDoc) => ({
      id: v._id,
      title: `${time(v.at)} 走访 ${v.householdName}（${v.householdGroup}）`,
      fields: fields(['同行', v.present.map((p) => p.name).join('、')], ['位置', v.location ? point(v.location.lat, v.location.lng, v.location.accuracy) : '未定位'], ['结果', v.location ? verdict(v.location.inside, v.location.distanceM) : ''], ['记录', excerpt(v.notes)]),
    }),
  } satisfies Source<VisitDoc>,
  training: {
    title: '培训签到',
    of: 'cadre',
    note: (me) => `培训出勤长期保存；签到时的定位坐标保存 ${me.retentionDays} 天后自动删除。`,
    read: (me, skip, limit) => page<EnrolmentDoc>(ENROLMENTS, { personId: pid(me) }, 'startsAt', skip, limit),
    item: (e: EnrolmentDoc) => ({
      id: e._id,
      title: `${day(e.date)} ${e.courseName}`,
      fields: fields(['地点', e.placeName], ['签到', e.checkin ? `${time(e.checkin.at)}，${ENROLMENT_STATUS_NAMES[e.checkin.status]}` : '未签到'], ['签到位置', e.checkin ? point(e.checkin.lat, e.checkin.lng, e.checkin.accuracy) : ''], ['距离培训地点', e.checkin ? `约 ${Math.round(e.checkin.distanceM)} 米` : '']),
    }),
  } satisfies Source<EnrolmentDoc>,
  scores: {
    title: '考核与驻村补助',
    of: 'cadre',
    note: () => '每月考核得分和补助由考勤、记实等记录算出，长期保存。',
    read: async (me, skip, limit) => (await page<StoredScore>(SCORES, { personId: pid(me) }, 'period', skip, limit)).map(unpack),
    item: (s: StoredScore) => ({
      id: s._id,
      title: `${s.period} 考核`,
      fields: fields(['得分', s.total], ['驻村补助', s.allowance ? `${yuan(s.allowance.amountFen)}（计 ${s.allowance.counted} 天）` : ''], ['补助状态', s.allowance ? (s.allowance.status === 'signed' ? '已签核' : '待签核') : '']),
    }),
  } satisfies Source<StoredScore>,
  assessPlans: {
    title: '年度工作目标',
    of: 'cadre',
    note: () => '年度目标和完成情况是年度考评的依据，长期保存。',
    read: (me, skip, limit) => page<PlanDoc>(ASSESS_PLANS, { personId: pid(me) }, 'year', skip, limit),
    item: (p: PlanDoc) => ({ id: p._id, title: `${p.year}年度目标 · ${p.villageName}`, fields: p.targets.map((t, i) => ({ label: `目标${i + 1}`, value: `${t.text}（权重 ${t.weight}，${TARGET_STATUS_NAMES[t.status]}）` })) }),
  } satisfies Source<PlanDoc>,
  inspections: {
    title: '暗访中的记录',
    of: 'cadre',
    note: () => '暗访时记下的您的在岗情况和照片，是考核的依据，长期保存。',
    read: (me, skip, limit) => page<InspectionDoc>(INSPECTIONS, { teamIds: pid(me) }, 'date', skip, limit),
    item: (ins: InspectionDoc, _names, me) => {
      const m = ins.team.find((x) => x.personId === me.person?._id);
      return { id: ins._id, title: `${day(ins.date)} 暗访 · ${ins.villageName}`, fields: fields(['您的情况', m ? INSPECTION_STATUS[m.status] : ''], ['说明', m?.note], ['检查人', ins.inspectorName], ['照片', count(ins.photoFileIds.length, '张')]) };
    },
  } satisfies Source<InspectionDoc>,
  workReports: {
    title: '半年工作报告',
    of: 'cadre',
    note: () => '您提交的工作报告，长期保存。',
    read: (me, skip, limit) => page<WorkReportDoc>(REPORTS, { personId: pid(me) }, 'period', skip, limit),
    item: (r: WorkReportDoc) => ({ id: r._id, title: `${r.period} ${r.title}`, fields: fields(['状态', REPORT_STATUS[r.status]], ['附件', count(r.attachments.length, '份')]) }),
  } satisfies Source<WorkReportDoc>,
  questions: {
    title: '驻村辅导提问',
    of: 'cadre',
    note: () => '您向辅导员提的问题和解答，长期保存。',
    read: (me, skip, limit) => page<QuestionDoc & { askedAt: Date }>(QUESTIONS, { askerId: pid(me) }, 'askedAt', skip, limit),
    item: (q: QuestionDoc & { askedAt: Date }) => ({ id: q._id, title: q.title, fields: fields(['领域', TOPIC_NAMES[q.topic]], ['状态', QUESTION_STATUS[q.status]], ['提问时间', time(q.askedAt)], ['照片', count(q.photoFileIds.length, '张')]) }),
  },
  shares: {
    title: '互动分享',
    of: 'person',
    note: () => '您发布的分享，您可以自己撤回。',
    read: (me, skip, limit) => page<ShareDoc>(SHARES, { personId: pid(me) }, 'postedAt', skip, limit),
    item: (s: ShareDoc) => ({ id: s._id, title: s.title || excerpt(s.text, 20), fields: fields(['发布时间', time(s.postedAt)], ['内容', excerpt(s.text)], ['照片', count(s.photoFileIds.length, '张')], ['点赞', s.likes]) }),
  } satisfies Source<ShareDoc>,
  villages: {
    title: '我来自的村群',
    of: 'openid',
    note: () => '您从哪个村的微信群打开过小程序，用于确认您是本村村民。不保存您的微信昵称和头像。',
    read: (me, skip, limit) => page<VillagerDoc>(VILLAGERS, { openid: me.openid }, 'lastAt', skip, limit),
    item: (v: VillagerDoc) => ({ id: v._id, title: v.villageName, fields: fields(['第一次打开', time(v.firstAt)], ['最近打开', time(v.lastAt)]) }),
  } satisfies Source<VillagerDoc>,
  complaints: {
    title: '我反映的诉求',
    of: 'openid',
    note: (me) => `您反映的诉求和办理过程长期保存；办结 ${me.retentionDays} 天后，您留下的位置和联系电话自动删除。`,
    read: (me, skip, limit) => page<ComplaintDoc>(COMPLAINTS, { openid: me.openid }, 'raisedAt', skip, limit),
    item: (c: ComplaintDoc & { contactPurgedAt?: Date }) => ({
      id: c._id,
      title: `${time(c.raisedAt)} ${c.villageName}`,
      fields: fields(
        ['内容', excerpt(c.text)],
        ['照片', count(c.photoFileIds.length, '张')],
        ['位置', c.location ? point(c.location.latitude, c.location.longitude) : c.contactPurgedAt ? GONE : '未提供'],
        ['联系方式', c.contact ? `${c.contact.name} ${c.contact.phone}` : c.contactPurgedAt ? GONE : '未留'],
        ['状态', COMPLAINT_STATUS[c.status]],
      ),
    }),
  },
  subscriptions: {
    title: '消息提醒',
    of: 'person',
    note: () => '您点“允许”后，小程序才能给您发一次提醒；这里是还能发送的次数。',
    // By primary key (`<personId>.<template>`): one read for every template.
    read: (me, skip, limit) =>
      db.collection(SUBSCRIPTIONS).where({ _id: _.in(TEMPLATE_KEYS.map((k) => `${pid(me)}.${k}`)) }).orderBy('_id', 'asc').skip(skip).limit(limit).get<SubscriptionDoc>().then((r) => r.data),
    item: (s: SubscriptionDoc) => ({ id: s._id, title: TEMPLATE_NAMES[s.template as TemplateKey] ?? s.template, fields: fields(['可提醒次数', s.count]) }),
  } satisfies Source<SubscriptionDoc>,
  audit: {
    title: '我的信息的修改记录',
    of: 'person',
    note: () => '组织部门每次修改您的人员信息、角色或绑定，都会留下记录。',
    read: (me, skip, limit) => page<AuditEntry>(AUDIT, { target: { id: pid(me) } }, 'at', skip, limit),
    item: (a: AuditEntry) => ({ id: a._id, title: `${time(a.at)} ${AUDIT_NAMES[a.action] ?? a.action}`, fields: fields(['操作人', a.actorName ?? '系统'], ['原因', a.reason]) }),
  } satisfies Source<AuditEntry>,
};

const ACCESS_TITLE = '谁查看过我的信息';

function accessItem(a: AccessLogDoc): Item {
  const roles = a.viewerRoles.map((r: Role) => ROLE_NAMES[r]).join('、');
  return { id: a._id, title: `${time(a.at)} ${a.viewerName || '工作人员'}${roles ? `（${roles}）` : ''}`, fields: fields(['查看了', a.detail], ['涉及', a.kinds.map((k) => DATA_KIND_NAMES[k]).join('、')]) };
}

function profileItems(p: PersonDoc, names: Map<string, string>): Item[] {
  return [
    { id: p._id, title: p.name, fields: fields(['手机号', p.phone], ['职务', p.title], ['所属单位', names.get(p.orgUnitId) ?? p.orgUnitId], ['微信', p.openid ? '已绑定本微信' : '未绑定'], ['状态', p.active ? '在用' : '已停用'], ['登记时间', time(p.createdAt)]) },
    ...p.grants.map((g, i) => ({
      id: `${p._id}.grant.${i}`,
      title: g.kind ? CADRE_KIND_NAMES[g.kind] : ROLE_NAMES[g.role],
      fields: fields(['角色', ROLE_NAMES[g.role]], ['单位', names.get(g.orgUnitId) ?? g.orgUnitId], ['部门', g.department?.name], ['起始时间', time(g.since)]),
    })),
  ];
}

// ---- the export ------------------------------------------------------------------------------

async function whoAmI(caller: Caller): Promise<Me> {
  const openid = caller.openid;
  if (!openid) throw new AppError('not_bound', '无法识别您的微信身份，请在微信中打开小程序');
  // A public action: the router looked nobody up (a villager is usually no person).
  const person = (caller.person as PersonDoc | null) ?? ((await personByOpenid(openid)) as PersonDoc | null);
  const cadreGrant = person?.grants.find((g) => g.role === 'cadre');
  // A villager's county is that of their village, which only their sections tell: the default applies.
  const county = person?.station?.path[1] ?? cadreGrant?.path[1] ?? person?.homePath[1];
  const schedule = county ? await scheduleFor(county) : DEFAULT_CHECKIN_SCHEDULE;
  return { openid, person, cadre: !!cadreGrant, retentionDays: schedule.retentionDays, windows: new Map(schedule.windows.map((w) => [w.id, w.name])) };
}

function applies(s: Source, me: Me): boolean {
  if (s.of === 'openid' || s.of === 'anyone') return true;
  if (!me.person) return false;
  return s.of === 'person' || me.cadre;
}

/** Who the caller is, and the sections held about them (or one section, paged). */
export async function myData(caller: Caller, now: Date, input: MyDataInput) {
  const me = await whoAmI(caller);
  // A former cadre (no cadre grant now, but assignments) still has a cadre's records.
  if (me.person && !me.cadre && (!input.section || SOURCES[input.section as keyof typeof SOURCES]?.of === 'cadre')) {
    me.cadre = (await page<AssignmentDoc>(ASSIGNMENTS, { personId: me.person._id }, 'start', 0, 1)).length > 0;
  }
  const keys = input.section ? [input.section] : [...SECTION_KEYS];
  const limit = input.section ? input.limit : OVERVIEW_ROWS;
  const skip = input.section ? input.skip : 0;
  const read = await Promise.all(
    keys.map(async (key): Promise<{ key: SectionKey; docs: any[] } | null> => {
      if (key === 'profile') return me.person ? { key, docs: [me.person] } : null;
      if (key === 'accessLogs') return { key, docs: await accessAbout({ personId: me.person?._id ?? null, openid: me.openid }, { skip, limit: limit + 1 }) };
      const s = SOURCES[key];
      return applies(s, me) ? { key, docs: await s.read(me, skip, limit + 1) } : null;
    }),
  );
  const found = read.filter((r): r is { key: SectionKey; docs: any[] } => !!r);
  const unitIds = found.flatMap(({ key, docs }) => {
    if (key === 'profile') return [me.person!.orgUnitId, ...me.person!.grants.map((g) => g.orgUnitId)];
    const units = key === 'accessLogs' ? undefined : SOURCES[key].units;
    return units ? docs.flatMap(units) : [];
  });
  const names = new Map([...(await getUnits(unitIds.filter((x): x is string => !!x)))].map(([id, u]) => [id, u.name]));
  const sections: Section[] = found.map(({ key, docs }) => {
    if (key === 'profile') return { key, title: '个人信息与角色', note: '由组织部门登记和维护；如有错误，请联系组织部门更正。', items: profileItems(me.person!, names), more: false, skip: 0 };
    const shown = docs.slice(0, limit);
    if (key === 'accessLogs') return { key, title: ACCESS_TITLE, note: '工作人员每次查看您的位置、照片、手机号等信息，都会记下是谁、什么时候、看了什么；记录保存三年。', items: shown.map(accessItem), more: docs.length > limit, skip };
    const s = SOURCES[key];
    return { key, title: s.title, note: s.note(me), items: shown.map((d) => s.item(d, names, me)), more: docs.length > limit, skip };
  });
  return {
    name: me.person?.name ?? '',
    /** A villager who is no person (or one holding the villager role only): the page shows large text. */
    villager: !me.person || me.person.grants.every((g) => g.role === 'villager'),
    generatedAt: now.toISOString(),
    sections,
  };
}
