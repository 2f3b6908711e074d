/**
 * Subscription message templates. A template's id belongs to one mini program (it is chosen in
 * the WeChat admin console), so ids come from the environment: `SUBSCRIBE_TEMPLATE_<KEY>` (e.g.
 * `SUBSCRIBE_TEMPLATE_CHECKIN_REMINDER`). Without one, a stand-in id is used, which the local
 * cloud accepts and WeChat would refuse (40037).
 */
import type { Role } from '../../kernel/roles';

export const TEMPLATE_KEYS = ['checkinReminder', 'spotCheckRequest', 'leaveApproval', 'complaintDue', 'workUpdateDue', 'questionDue',
  'reportDue',
  // @template-keys-issue11
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** What each template says, by its field keys (their prefixes give WeChat's limits: thing ≤ 20, time…). */
export const TEMPLATE_FIELDS: Record<TemplateKey, string[]> = {
  // 签到提醒: 签到事项 / 签到时间 / 签到地点 / 温馨提示
  checkinReminder: ['thing1', 'time2', 'thing3', 'thing4'],
  // 约请通知: 约请事项 / 截止时间 / 发起人 / 温馨提示
  spotCheckRequest: ['thing1', 'time2', 'thing3', 'thing4'],
  // 审批提醒: 申请人 / 申请事项 / 申请时间 / 温馨提示
  leaveApproval: ['name1', 'thing2', 'time3', 'thing4'],
  // 诉求督办提醒: 诉求内容 / 办结时限 / 所在村 / 温馨提示
  complaintDue: ['thing1', 'time2', 'thing3', 'thing4'],
  // 工作动态提醒: 提醒事项 / 截止时间 / 单位 / 温馨提示
  workUpdateDue: ['thing1', 'time2', 'thing3', 'thing4'],
  // 辅导问题提醒: 问题 / 提问时间 / 提问人 / 温馨提示
  questionDue: ['thing1', 'time2', 'name3', 'thing4'],
  // 工作报告提醒: 提醒事项 / 截止时间 / 所在村 / 温馨提示
  reportDue: ['thing1', 'time2', 'thing3', 'thing4'],
  // @template-fields-issue11
};

/** The environment variable that holds a template's id (`SUBSCRIBE_TEMPLATE_CHECKIN_REMINDER`); deploy sets it on the functions. */
export function envName(key: TemplateKey): string {
  return `SUBSCRIBE_TEMPLATE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export function templateId(key: TemplateKey): string {
  return process.env[envName(key)] || `local-${key}`;
}

/** Who each template is for: a page asks a person only for the messages they can receive. */
export const TEMPLATE_ROLES: Record<TemplateKey, readonly Role[]> = {
  checkinReminder: ['cadre'],
  spotCheckRequest: ['cadre'],
  leaveApproval: ['approver'],
  complaintDue: ['department', 'staff', 'discipline'],
  workUpdateDue: ['staff'],
  questionDue: ['tutor'],
  reportDue: ['cadre'],
  // @template-roles-issue11
};

/** The templates a person holding `roles` may subscribe to (ids for `wx.requestSubscribeMessage`, at most 5 a call). */
export function templateList(roles: readonly Role[]): { key: TemplateKey; templateId: string }[] {
  return TEMPLATE_KEYS.filter((key) => TEMPLATE_ROLES[key].some((r) => roles.includes(r))).map((key) => ({ key, templateId: templateId(key) }));
}
