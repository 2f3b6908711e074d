/**
 * Semi-annual written reports (半年工作报告, seed 003: "第一书记每半年以书面形式向所在县（市、区）委组织部
 * 和派出单位汇报一次工作情况"): what a first secretary sends, what a county sets, what is kept.
 */
import * as z from 'zod';

/** A half-year: `2026-H1` (January–June) or `2026-H2` (July–December). */
export const Period = z
  .string()
  .regex(/^\d{4}-H[12]$/, '半年度格式应为 YYYY-H1 或 YYYY-H2')
  .refine((p) => Number(p.slice(0, 4)) >= 2000 && Number(p.slice(0, 4)) <= 2999, '年份无效');
export type Period = z.infer<typeof Period>;

/** `MM-DD`, a day that exists in every year (29 February does not). */
const MonthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, '日期格式应为 MM-DD')
  .refine((md) => {
    const t = new Date(`2025-${md}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(5, 10) === md;
  }, '日期无效');
const monthOf = (md: string) => Number(md.slice(0, 2));

/**
 * A county's deadlines (`settings.workReport` of the county's unit): the first half's report is
 * due by a day of June–September of the same year, the second half's by a day of December of the
 * same year or January–March of the next; reminders go out `remindDaysBefore` days before.
 */
export const WorkReportSettings = z
  .object({
    h1Deadline: MonthDay.refine((md) => monthOf(md) >= 6 && monthOf(md) <= 9, '上半年报告的截止日期应在6月至9月之间'),
    h2Deadline: MonthDay.refine((md) => monthOf(md) === 12 || monthOf(md) <= 3, '下半年报告的截止日期应在12月至次年3月之间'),
    remindDaysBefore: z.number().int().min(1, '至少提前1天提醒').max(30, '最多提前30天提醒'),
  })
  .strict();
export type WorkReportSettings = z.infer<typeof WorkReportSettings>;

export const DEFAULT_WORK_REPORT_SETTINGS: WorkReportSettings = { h1Deadline: '07-10', h2Deadline: '01-10', remindDaysBefore: 7 };

const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);
export const MAX_ATTACHMENTS = 5;
export const MAX_BODY = 5000;
export const MIN_BODY = 50;

export const Attachment = z.object({ fileId: FileId, name: z.string().trim().min(1).max(60) }).strict();
export type Attachment = z.infer<typeof Attachment>;

const Attachments = z
  .array(Attachment)
  .max(MAX_ATTACHMENTS, `附件最多${MAX_ATTACHMENTS}个`)
  .refine((list) => new Set(list.map((a) => a.fileId)).size === list.length, '附件重复了')
  .default([]);

/** A draft: anything the first secretary has written so far. */
export const SaveInput = z
  .object({
    period: Period,
    title: z.string().trim().max(60, '标题最多60字').default(''),
    body: z.string().trim().max(MAX_BODY, `正文最多${MAX_BODY}字`).default(''),
    attachments: Attachments,
  })
  .strict();
export type SaveInput = z.output<typeof SaveInput>;

/** What goes to the county and the dispatching unit: a title and a real account of the half-year. */
export const SubmitInput = z
  .object({
    period: Period,
    title: z.string().trim().min(4, '请填写报告标题（至少4个字）').max(60, '标题最多60字'),
    body: z.string().trim().min(MIN_BODY, `正文至少${MIN_BODY}字`).max(MAX_BODY, `正文最多${MAX_BODY}字`),
    attachments: Attachments,
  })
  .strict();
export type SubmitInput = z.output<typeof SubmitInput>;

export const ReportId = z.string().min(8).max(100).regex(/^[A-Za-z0-9_-]+\.\d{4}-H[12]$/);

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How a row of the staff's list stands: no report yet (`missing`), or the report's status. */
export type RowStatus = ReportStatus | 'missing';

export const STATUS_NAMES: Record<RowStatus, string> = { missing: '未提交', draft: '草稿未提交', submitted: '已提交', returned: '退回修改', accepted: '已通过' };

export interface Signed {
  byId: string;
  byName: string;
  at: Date;
}

/**
 * `workReports`, `_id` `<personId>.<period>`: one report per first secretary and half-year,
 * written as a draft, submitted, sent back with a reason (退回修改) and submitted again, read and
 * accepted by the county. The station and dispatching unit are those of the last save.
 */
export interface WorkReportDoc {
  _id: string;
  personId: string;
  personName: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  countyId: string;
  /** 派出单位, from the running assignment. */
  dispatchingUnit: string;
  period: string;
  title: string;
  body: string;
  attachments: Attachment[];
  status: ReportStatus;
  /** The county's deadline day (`YYYY-MM-DD`) when it was last saved. */
  deadlineDay: string;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  /** The first submission came after the deadline (逾期提交). */
  late: boolean;
  submissions: number;
  read: Signed | null;
  accepted: (Signed & { comment: string }) | null;
  returns: (Signed & { reason: string })[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * `workReportReminders`, `_id` `<period>.<countyId>`: whom the deadline reminder of a half-year
 * was sent to in a county. A person is added (in a transaction on this one document) before their
 * message goes out, so however often the timer fires, nobody is reminded twice.
 */
export interface ReminderDoc {
  _id: string;
  period: string;
  countyId: string;
  personIds: string[];
  updatedAt: Date;
}
