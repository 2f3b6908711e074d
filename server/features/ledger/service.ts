/**
 * Excel ledgers (台账): six exports of a unit, each one sheet in the county's house style
 * (sheets.ts), and the ledger of villagers' complaints (three sheets: the complaints, the
 * figures by category, by village), saved to storage under `ledgers/<unitId>/` and answered
 * with a temporary download link.
 *
 * The ledger feature owns no collection: every figure comes from the feature that keeps it,
 * through its service (scoring's scores and allowances, spot checks, leave, check-ins), so a
 * ledger shows exactly what the pages show. Each read is paged at 1,000 per get (⌈n/1000⌉
 * reads); the sheet is built in memory, which 10,000 rows keep well under the function's limit.
 */
import { storage, transaction } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { beijing, shanghai } from '../../kernel/clock';
import { audit } from '../audit/service';
import { getUnit, getUnitCached, getUnits } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { CADRE_KIND_NAMES, type PersonDoc } from '../people/schema';
import { cadresStationedUnder } from '../people/service';
import { allowancesUnder, scoresUnder } from '../scoring/service';
import { GRADE_NAMES, METRIC_NAMES, type Metric } from '../scoring/schema';
import { monthUnder as spotChecksUnder } from '../spotcheck/service';
import { CALL_OUTCOME_NAMES, STATUS_NAMES as SPOTCHECK_STATUS_NAMES } from '../spotcheck/schema';
import { ledger as leaveLedger } from '../leave/service';
import { APPROVAL_LEVEL_NAMES, LEAVE_KIND_NAMES, LEAVE_STATUS_NAMES, type ApprovalStep, type HalfDay } from '../leave/schema';
import { attendanceUnder, countyOf, dayStatus, dayUnder, recordAccess, scheduleFor, scheduleFromSettings, type AttendanceRecord, type WindowStatus } from '../checkin/service';
import type { CheckinDoc } from '../checkin/schema';
import type { FlagKind } from '../checkin/flags';
import { figures as complaintFigures, monthPage as complaintMonthPage, type FigureRow } from '../complaint/service';
import { CATEGORY_NAMES, RATING_NAMES, STATUS_NAMES as COMPLAINT_STATUS_NAMES, type ComplaintDoc } from '../complaint/schema';
import { buildSheet, newWorkbook, workbookBuffer, type CellValue, type Column } from './sheets';

export const LEDGERS = ['attendance', 'spotChecks', 'leave', 'location', 'ranking', 'allowance'] as const;
export type LedgerKind = (typeof LEDGERS)[number];

/** What each ledger is called (after the period: `2026年5月驻村干部考勤台账`), and its tab. */
export const LEDGER_NAMES: Record<LedgerKind, { title: string; sheet: string }> = {
  attendance: { title: '驻村干部考勤台账', sheet: '考勤台账' },
  spotChecks: { title: '驻村干部随机约请台账', sheet: '约请台账' },
  leave: { title: '驻村干部请假台账', sheet: '请假台账' },
  location: { title: '驻村干部位置共享台账', sheet: '位置共享台账' },
  ranking: { title: '驻村干部考核排名', sheet: '考核排名' },
  allowance: { title: '驻村补助发放台账', sheet: '驻村补助' },
};

/** The county's own header in its unit settings: `settings.ledger.header`. */
export const SETTINGS_KEY = 'ledger';

/** A ledger larger than this is refused: export it by county or township instead. */
export const MAX_ROWS = 30_000;

/** How long the download link lives (seconds). */
const LINK_SECONDS = 3600;

export interface ExportInput {
  ledger: LedgerKind;
  unitId: string;
  /** `YYYY-MM`: attendance, spotChecks, leave, allowance. */
  month?: string;
  /** `YYYY-MM-DD`: location. */
  date?: string;
  /** `YYYY-MM` or `YYYY-Qn`: ranking. */
  period?: string;
}

export interface ExportResult {
  fileID: string;
  /** A temporary download link (an hour). */
  url: string;
  /** A name for people: `花垣县2026年5月驻村干部考勤台账.xlsx`. */
  fileName: string;
  title: string;
  /** Data rows (without the headers and the 合计 row). */
  rows: number;
}

/** What a ledger builder gives: its columns and rows, for the period named. */
interface Sheet {
  columns: Column[];
  rows: CellValue[][];
}

// ---- words -------------------------------------------------------------------------------------

const QUARTERS = ['一', '二', '三', '四'];

/** `2026年5月`, `2026年第二季度`, `2026年5月12日`. */
export function periodText(period: string): string {
  const y = period.slice(0, 4);
  if (/^\d{4}-Q[1-4]$/.test(period)) return `${y}年第${QUARTERS[Number(period.slice(6)) - 1]}季度`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return `${y}年${Number(period.slice(5, 7))}月${Number(period.slice(8, 10))}日`;
  return `${y}年${Number(period.slice(5, 7))}月`;
}

/** `2026-05-12 10:05` in Beijing time (dayjs's zone conversion is too slow for 10,000 rows). */
const minuteText = (at: Date | string | null | undefined) => (at ? beijing(at).iso.slice(0, 16).replace('T', ' ') : '');
const secondText = (at: Date | string) => beijing(at).iso.slice(11, 19);
const halfText = (h: HalfDay) => `${h.date} ${h.half === 'am' ? '上午' : '下午'}`;

const WINDOW_STATUS_NAMES: Record<WindowStatus, string> = { present: '已签到', outside: '不在村内', open: '待签到', upcoming: '未开始', missed: '未签到', excused: '已请假', corrected: '已补卡' };
const FLAG_NAMES: Record<FlagKind, string> = { poorAccuracy: '定位不够准确', repeatedFix: '与以前的定位完全相同', impossibleTravel: '与上次定位相距太远', outsideFence: '不在村内范围', noFence: '本村未设签到范围', lateUpload: '延迟上传' };
const STEP_STATUS_NAMES: Record<ApprovalStep['status'], string> = { waiting: '待审批', pending: '审批中', approved: '同意', rejected: '不同意', skipped: '无需审批' };

const collator = new Intl.Collator('zh-CN');

// ---- the header --------------------------------------------------------------------------------

/**
 * The county's header for the title: its own (`settings.ledger.header`) if it set one, else
 * `中共<县名>委组织部`. A city's ledgers carry the city's; a township's or a village's, their county's.
 */
export async function headerFor(unit: OrgUnit): Promise<string> {
  const owner = unit.level === 'city' ? unit : await getUnitCached(unit.path[1] ?? unit._id);
  const own = (owner?.settings?.[SETTINGS_KEY] as { header?: unknown } | undefined)?.header;
  if (typeof own === 'string' && own.trim()) return own.trim();
  return `中共${owner?.name ?? unit.name}委组织部`;
}

// ---- the six ledgers ---------------------------------------------------------------------------

const seq = (): Column => ({ header: '序号', key: 'seq', width: 6 });
const name = (header = '姓名'): Column => ({ header, key: 'name', width: 10 });
const kind = (): Column => ({ header: '干部类别', key: 'kind', width: 14 });
const village = (): Column => ({ header: '驻村（社区）', key: 'village', width: 14 });

/** The metrics of the attendance ledger, in its order. */
const ATTENDANCE_METRICS: Metric[] = ['windowsDue', 'windowsPresent', 'windowsCorrected', 'windowsOutside', 'windowsMissed', 'windowsExcused', 'daysOnPost', 'daysExcused', 'nights', 'spotChecksOnTime', 'spotChecksLate', 'spotChecksMissed', 'spotChecksNotAtPost', 'workLogDays'];

async function attendance(unit: OrgUnit, month: string): Promise<Sheet> {
  const scores = (await scoresUnder(unit._id, month)).map((r) => r.score);
  if (!scores.length) throw new AppError('not_found', '该月还没有考核结果，请先计算本月考核');
  scores.sort((a, b) => collator.compare(a.villageName, b.villageName) || collator.compare(a.name, b.name) || (a.personId < b.personId ? -1 : 1));
  return {
    columns: [seq(), name(), kind(), village(), ...ATTENDANCE_METRICS.map((m): Column => ({ header: METRIC_NAMES[m], key: m, width: Math.max(8, METRIC_NAMES[m].length * 2 + 2), sum: true }))],
    rows: scores.map((s, i) => [i + 1, s.name, CADRE_KIND_NAMES[s.kind] ?? s.kind, s.villageName, ...ATTENDANCE_METRICS.map((m) => s.metrics[m] ?? 0)]),
  };
}

async function spotChecks(unit: OrgUnit, month: string): Promise<Sheet> {
  const list = await spotChecksUnder(unit._id, month);
  const inside = (v: boolean | null | undefined) => (v === true ? '在村内' : v === false ? '不在村内' : '未设围栏');
  return {
    columns: [
      seq(),
      { header: '日期', key: 'date', width: 12 },
      name('驻村干部'),
      village(),
      { header: '发起人', key: 'by', width: 10 },
      { header: '发出时间', key: 'issuedAt', width: 17 },
      { header: '截止时间', key: 'deadline', width: 17 },
      { header: '状态', key: 'status', width: 10 },
      { header: '响应时间', key: 'answeredAt', width: 17 },
      { header: '响应位置', key: 'inside', width: 10 },
      { header: '视频/电话核查', key: 'call', width: 16 },
      { header: '核查人', key: 'callBy', width: 10 },
      { header: '备注', key: 'note', width: 20 },
    ],
    rows: list.map((sc, i) => [
      i + 1,
      sc.date,
      sc.personName,
      sc.villageName,
      sc.issuedByName,
      minuteText(sc.issuedAt),
      minuteText(sc.deadline),
      SPOTCHECK_STATUS_NAMES[sc.status] ?? sc.status,
      minuteText(sc.answer?.at),
      sc.answer ? inside(sc.answer.inside) : '',
      sc.call ? `${sc.call.channel === 'video' ? '视频' : '电话'}：${CALL_OUTCOME_NAMES[sc.call.outcome] ?? sc.call.outcome}` : '',
      sc.call?.byName ?? '',
      [sc.note, sc.call?.note].filter(Boolean).join('；'),
    ]),
  };
}

async function leave(unit: OrgUnit, month: string): Promise<Sheet> {
  const list = await leaveLedger(unit._id, month, {});
  list.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : collator.compare(a.personName, b.personName) || (a._id < b._id ? -1 : 1)));
  const villages = await getUnits(list.map((l) => l.villageId));
  const approvers = (steps: ApprovalStep[]) => steps.map((s) => `${s.unitName || APPROVAL_LEVEL_NAMES[s.level]}${s.byName ? ` ${s.byName}` : ''}：${STEP_STATUS_NAMES[s.status] ?? s.status}${s.comment ? `（${s.comment}）` : ''}`).join('；');
  return {
    columns: [
      seq(),
      name('驻村干部'),
      village(),
      { header: '请假类别', key: 'kind', width: 10 },
      { header: '开始', key: 'start', width: 16 },
      { header: '结束', key: 'end', width: 16 },
      { header: '请假天数', key: 'days', width: 10, sum: true },
      { header: '其中本月天数', key: 'monthDays', width: 12, sum: true },
      { header: '事由', key: 'reason', width: 24 },
      { header: '状态', key: 'status', width: 10 },
      { header: '审批情况', key: 'approvers', width: 36 },
      { header: '销假时间', key: 'returnedAt', width: 17 },
    ],
    rows: list.map((l, i) => [
      i + 1,
      l.personName,
      villages.get(l.villageId)?.name ?? '',
      LEAVE_KIND_NAMES[l.kind] ?? l.kind,
      halfText(l.start),
      halfText(l.end),
      l.days,
      l.months.find((m) => m.month === month)?.days ?? 0,
      l.reason,
      `${LEAVE_STATUS_NAMES[l.status] ?? l.status}${l.overdue && l.status === 'approved' ? '（逾期未销假）' : ''}`,
      approvers(l.steps),
      minuteText(l.returnedAt),
    ]),
  };
}

/** The location ledger of a unit on a day, as `checkin.ledger` shows it: each cadre's windows, with every check-in. */
async function location(caller: Caller, now: Date, unit: OrgUnit, date: string): Promise<Sheet> {
  const [checkins, cadres, settled] = await Promise.all([dayUnder(unit._id, date), cadresStationedUnder(unit._id), attendanceUnder(unit._id, date)]);
  const settledBy = new Map<string, AttendanceRecord[]>();
  for (const a of settled) settledBy.set(a.personId, [...(settledBy.get(a.personId) ?? []), a]);
  const byPerson = new Map<string, CheckinDoc[]>();
  for (const c of checkins) byPerson.set(c.personId, [...(byPerson.get(c.personId) ?? []), c]);
  const grantOf = (p: PersonDoc) => p.grants.find((g) => g.role === 'cadre');
  const villages = await getUnits(cadres.map((p) => grantOf(p)?.orgUnitId ?? '').filter(Boolean));
  const schedules = new Map<string, Awaited<ReturnType<typeof scheduleFor>>>();
  const rows: CellValue[][] = [];
  const fence = (c: CheckinDoc) => (c.inside === true ? '是' : c.inside === false ? '否' : '未设围栏');
  const flags = (c: CheckinDoc) => c.flags.map((f) => FLAG_NAMES[f.kind] ?? f.kind).join('、');
  const row = (p: PersonDoc, villageName: string, windowText: string, status: string, c: CheckinDoc | null): CellValue[] => [
    rows.length + 1,
    p.name,
    villageName,
    windowText,
    status,
    c ? secondText(c.countsAt) : '',
    c ? fence(c) : '',
    c?.distanceM ?? null,
    c ? Math.round(c.accuracy) : null,
    c ? flags(c) : '',
    c?.review ? `${c.review.byName}：${c.review.comment}` : '',
  ];
  for (const p of cadres) {
    const grant = grantOf(p);
    if (!grant) continue;
    const county = countyOf(grant.path);
    // The cadre's copied station carries the county's schedule; read the county only without one.
    if (!schedules.has(county)) schedules.set(county, p.station?.path[1] === county ? scheduleFromSettings(p.station.countySettings) : await scheduleFor(county));
    const mine = (byPerson.get(p._id) ?? []).sort((a, b) => new Date(a.countsAt).getTime() - new Date(b.countsAt).getTime());
    const villageName = villages.get(grant.orgUnitId)?.name ?? p.station?.villageName ?? '';
    const windows = dayStatus(schedules.get(county)!, date, mine, now, settledBy.get(p._id));
    for (const w of windows) {
      const inWindow = mine.filter((c) => c.windowKey === w.key);
      const text = `${w.name} ${w.start}—${w.end}`;
      const status = WINDOW_STATUS_NAMES[w.status] ?? w.status;
      if (!inWindow.length) rows.push(row(p, villageName, text, status, null));
      for (const c of inWindow) rows.push(row(p, villageName, text, status, c));
    }
    for (const c of mine.filter((x) => !windows.some((w) => w.key === x.windowKey))) rows.push(row(p, villageName, '时段外', '—', c));
  }
  // Exporting where cadres were is a look at their locations: recorded, and they can see it.
  await recordAccess(caller, now, checkins.map((c) => c.personId), 'ledger', `${date} 位置共享台账（导出）`);
  return {
    columns: [
      seq(),
      name('驻村干部'),
      village(),
      { header: '签到时段', key: 'window', width: 18 },
      { header: '签到情况', key: 'status', width: 10 },
      { header: '签到时间', key: 'time', width: 10 },
      { header: '在围栏内', key: 'inside', width: 9 },
      { header: '距围栏（米）', key: 'distance', width: 12, numFmt: '0.0' },
      { header: '定位精度（米）', key: 'accuracy', width: 13 },
      { header: '风险提示', key: 'flags', width: 28 },
      { header: '核实情况', key: 'review', width: 24 },
    ],
    rows,
  };
}

async function ranking(unit: OrgUnit, period: string): Promise<Sheet> {
  const list = await scoresUnder(unit._id, period);
  if (!list.length) throw new AppError('not_found', '该考核期还没有考核结果，请先计算');
  // The items of every county in the unit, in the order they first appear (a city's counties may score differently).
  const items = new Map<string, { name: string; max: number }>();
  for (const { score } of list) for (const it of score.items) if (!items.has(it.key)) items.set(it.key, { name: it.name, max: it.max });
  const keys = [...items.keys()];
  return {
    columns: [
      { header: '名次', key: 'rank', width: 6 },
      name(),
      kind(),
      village(),
      ...keys.map((k): Column => ({ header: `${items.get(k)!.name}（${items.get(k)!.max}分）`, key: `item_${k}`, width: 14 })),
      { header: '总分', key: 'total', width: 8 },
      { header: '等次', key: 'grade', width: 10 },
    ],
    rows: list.map(({ score: s, rank, grade }) => {
      const points = new Map(s.items.map((it) => [it.key, it.points]));
      return [rank, s.name, CADRE_KIND_NAMES[s.kind] ?? s.kind, s.villageName, ...keys.map((k) => points.get(k) ?? null), s.total, grade ? GRADE_NAMES[grade] : '未评定'];
    }),
  };
}

async function allowance(unit: OrgUnit, month: string): Promise<Sheet> {
  const list = await allowancesUnder(unit._id, month);
  if (!list.length) throw new AppError('not_found', '该月还没有补助结果，请先计算本月考核');
  return {
    columns: [
      seq(),
      name(),
      kind(),
      village(),
      { header: '计发依据', key: 'basis', width: 14 },
      { header: '计发天数', key: 'days', width: 10, sum: true },
      { header: '标准（元/天）', key: 'perDay', width: 13, numFmt: '0.00' },
      { header: '金额（元）', key: 'amount', width: 12, numFmt: '#,##0.00', sum: true },
      { header: '状态', key: 'status', width: 10 },
      { header: '签核人', key: 'signedBy', width: 10 },
    ],
    rows: list.map((a, i) => [
      i + 1,
      a.name,
      CADRE_KIND_NAMES[a.kind] ?? a.kind,
      a.villageName,
      a.basis === 'daysOnPost' ? '按在岗天数' : '按工作记实天数',
      a.days,
      a.perDayFen / 100,
      a.amountFen / 100,
      a.status === 'signed' ? '已签核' : '待签核',
      a.signedByName ?? '',
    ]),
  };
}

// ---- the export --------------------------------------------------------------------------------

/** The period a ledger is of, from its input (the action's schema made sure it is there). */
export function periodOf(input: ExportInput): string {
  const p = input.ledger === 'location' ? input.date : input.ledger === 'ranking' ? input.period : input.month;
  if (!p) throw new AppError('invalid_input', '请选择台账的月份、日期或考核期');
  return p;
}

/**
 * Build a ledger of `unit` (read when not given), save it under
 * `ledgers/<unitId>/<ledger>-<period>-<timestamp>.xlsx` and answer with its download link. The
 * export is recorded in the audit log (who took which figures out, and when).
 */
export async function exportLedger(caller: Caller, now: Date, input: ExportInput, known?: OrgUnit): Promise<ExportResult> {
  const unit = known ?? (await getUnit(input.unitId));
  if (!unit) throw new AppError('not_found', '单位不存在');
  const period = periodOf(input);
  const sheet =
    input.ledger === 'attendance' ? await attendance(unit, period)
    : input.ledger === 'spotChecks' ? await spotChecks(unit, period)
    : input.ledger === 'leave' ? await leave(unit, period)
    : input.ledger === 'location' ? await location(caller, now, unit, period)
    : input.ledger === 'ranking' ? await ranking(unit, period)
    : await allowance(unit, period);
  if (sheet.rows.length > MAX_ROWS) throw tooLarge();
  const names = LEDGER_NAMES[input.ledger];
  return saveLedger(caller, now, unit, { action: 'ledger.export', ledger: input.ledger, period, title: names.title, sheets: [{ name: names.sheet, ...sheet }], rows: sheet.rows.length });
}

const tooLarge = () => new AppError('too_large', `台账超过 ${MAX_ROWS} 行，请按县（区）或乡镇（街道）分别导出`);

interface Book {
  /** The action recorded in the audit log. */
  action: string;
  /** The ledger's key, in the file's name and the audit entry. */
  ledger: string;
  period: string;
  /** What the ledger is called, after its period (`驻村干部考勤台账`). */
  title: string;
  sheets: (Sheet & { name: string })[];
  /** Its data rows (of the first sheet: the ledger's records). */
  rows: number;
  /** The whole title after the county's header, when it is not `<period><title>` (`截至2026年5月12日帮扶项目台账`). */
  ledgerTitle?: string;
  /** What the subtitle says after the unit, when not `期间：<period>` (`口径：只含已核实的项目`). */
  scope?: string;
  /** More for the audit entry (what the export was asked for). */
  audit?: Record<string, unknown>;
}

/** Title every sheet in the county's style, write the workbook, save it, link it, record the export (other features' ledgers too). */
export async function saveLedger(caller: Caller, now: Date, unit: OrgUnit, book: Book): Promise<ExportResult> {
  const ledgerTitle = book.ledgerTitle ?? `${periodText(book.period)}${book.title}`;
  const title = `${await headerFor(unit)} ${ledgerTitle}`;
  const by = caller.person?.name ? `　导出人：${caller.person.name}` : '';
  const subtitle = `单位：${unit.name}　${book.scope ?? `期间：${periodText(book.period)}`}　导出时间：${shanghai(now).format('YYYY-MM-DD HH:mm')}${by}`;

  const wb = newWorkbook();
  wb.title = title;
  for (const sheet of book.sheets) buildSheet(wb, { name: sheet.name, title, subtitle, columns: sheet.columns, rows: sheet.rows });
  const bytes = await workbookBuffer(wb);

  const cloudPath = `ledgers/${unit._id}/${book.ledger}-${book.period}-${shanghai(now).format('YYYYMMDDHHmmss')}.xlsx`;
  const fileID = await storage.upload(cloudPath, bytes);
  const url = (await storage.tempUrls([fileID], LINK_SECONDS)).get(fileID);
  if (!url) throw new Error(`no temporary URL for ${fileID}`);
  await transaction(async (tx) => {
    await audit(tx, caller, now, { action: book.action, target: { collection: 'storage', id: cloudPath }, unitPath: unit.path, before: null, after: { ledger: book.ledger, period: book.period, rows: book.rows, bytes: bytes.length, ...book.audit } });
  });
  return { fileID, url, fileName: `${unit.name}${ledgerTitle}.xlsx`, title, rows: book.rows };
}

// ---- villagers' complaints (诉求) ----------------------------------------------------------------

export const COMPLAINT_LEDGER = { key: 'complaints', title: '村民诉求办理台账', sheets: { list: '诉求台账', byCategory: '分类统计', byTownship: '分乡镇统计', byVillage: '分村统计' } } as const;

/** The figures of the complaints ledger, in its order (complaint.figures's rows). */
const FIGURE_COLUMNS: [Exclude<keyof FigureRow, 'key' | 'name'>, string][] = [
  ['received', '收到'],
  ['accepted', '受理'],
  ['rejected', '不予受理'],
  ['answered', '已办结'],
  ['onTime', '按时办结'],
  ['overdue', '逾期'],
  ['satisfied', '满意'],
  ['basicallySatisfied', '基本满意'],
  ['unsatisfied', '不满意'],
];

const figureColumns = (): Column[] => FIGURE_COLUMNS.map(([key, header]): Column => ({ header, key, width: Math.max(8, header.length * 2 + 2), sum: true }));
const figureCells = (r: FigureRow): CellValue[] => FIGURE_COLUMNS.map(([key]) => r[key]);

/** `保靖县公安局`, not `保靖县保靖县公安局`: a department whose name already says its unit. */
const deptText = (d: ComplaintDoc['dept']) => (d ? (d.name.startsWith(d.unitName) ? d.name : `${d.unitName}${d.name}`) : '');

/** What the 备注 column says: reopened, a pending extension, why it was not accepted; whom a confidential report names (discipline staff only ever get those). */
function complaintNote(c: ComplaintDoc): string {
  const notes: string[] = [];
  if (c.confidential) notes.push(`信访举报（保密件）${c.about ? `，反映对象：${c.about.name}` : ''}`);
  if (c.status === 'rejected') {
    const why = [...c.steps].reverse().find((s) => s.kind === 'reject')?.note;
    notes.push(`不予受理${why ? `：${why}` : ''}`);
  }
  if (c.reopened > 0) notes.push('村民不满意，已重新办理');
  if (c.extension) notes.push(`申请延期${c.extension.days}个工作日，待审批`);
  return notes.join('；');
}

/**
 * One row of a complaint. Never the villager's WeChat identity (`openid`) nor their contact:
 * a ledger leaves the system, and the contact is shown to handlers only where the category needs it.
 */
function complaintCells(c: ComplaintDoc, townName: string): CellValue[] {
  const category = c.category ? CATEGORY_NAMES[c.category] : c.suggested ? `未分类（村民选：${CATEGORY_NAMES[c.suggested]}）` : '未分类';
  return [
    null, // 序号, once sorted
    c._id,
    townName,
    c.villageName,
    category,
    c.text,
    minuteText(c.raisedAt),
    COMPLAINT_STATUS_NAMES[c.status] ?? c.status,
    deptText(c.dept),
    minuteText(c.deadline),
    minuteText(c.answer?.at),
    c.answer ? (c.answer.onTime ? '是' : '否') : '',
    c.overdue ? '是' : '否',
    c.rating ? `${RATING_NAMES[c.rating.value]}${c.rating.comment ? `（${c.rating.comment}）` : ''}` : '',
    complaintNote(c),
  ];
}

/**
 * The complaints ledger of a unit's month: every complaint the caller may see (a confidential
 * report only for discipline staff over the unit, never one naming the caller: complaint's
 * `monthPage`, read 1,000 at a time), oldest first; then complaint's figures by category and by
 * village, with their sums. Who may export it is who may call `complaint.figures`.
 */
export async function exportComplaints(caller: Caller, now: Date, unit: OrgUnit, month: string): Promise<ExportResult> {
  const PAGE = 1000;
  const found: { at: number; id: string; town: string; c: ComplaintDoc }[] = [];
  for (let after = ''; ; ) {
    const page = await complaintMonthPage(caller, unit, month, after, PAGE);
    // Only what a row needs is kept (a complaint's whole record of steps is let go).
    for (const c of page) found.push({ at: new Date(c.raisedAt).getTime(), id: c._id, town: c.villagePath[2] ?? '', c: { ...c, steps: c.status === 'rejected' ? c.steps.filter((s) => s.kind === 'reject') : [] } });
    if (found.length > MAX_ROWS) throw tooLarge();
    if (page.length < PAGE) break;
    after = page[page.length - 1]!._id;
  }
  found.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const [towns, fig] = await Promise.all([getUnits([...new Set(found.map((f) => f.town).filter(Boolean))]), complaintFigures(caller, unit, month)]);
  const rows = found.map((f, i) => {
    const cells = complaintCells(f.c, towns.get(f.town)?.name ?? '');
    cells[0] = i + 1;
    return cells;
  });
  found.length = 0;
  const list: Column[] = [
    seq(),
    { header: '编号', key: 'id', width: 29 },
    { header: '乡镇（街道）', key: 'town', width: 12 },
    { header: '村（社区）', key: 'village', width: 12 },
    { header: '类别', key: 'category', width: 12 },
    { header: '诉求内容', key: 'text', width: 40, wrap: true },
    { header: '提出时间', key: 'raisedAt', width: 17 },
    { header: '状态', key: 'status', width: 12 },
    { header: '承办部门', key: 'dept', width: 18 },
    { header: '办结时限', key: 'deadline', width: 17 },
    { header: '办结时间', key: 'answeredAt', width: 17 },
    { header: '是否按时', key: 'onTime', width: 9 },
    { header: '是否逾期', key: 'overdue', width: 9 },
    { header: '评价', key: 'rating', width: 14, wrap: true },
    { header: '备注', key: 'note', width: 24, wrap: true },
  ];
  const names = COMPLAINT_LEDGER.sheets;
  return saveLedger(caller, now, unit, {
    action: 'ledger.exportComplaints',
    ledger: COMPLAINT_LEDGER.key,
    period: month,
    title: COMPLAINT_LEDGER.title,
    sheets: [
      { name: names.list, columns: list, rows },
      { name: names.byCategory, columns: [{ header: '类别', key: 'category', width: 12 }, ...figureColumns()], rows: fig.byCategory.map((r) => [r.name, ...figureCells(r)]) },
      // A county's or a city's ledger also by township (a township's would be one row).
      ...(fig.byTownship.length > 1 ? [{ name: names.byTownship, columns: [{ header: '乡镇（街道）', key: 'township', width: 14 }, ...figureColumns()], rows: fig.byTownship.map((r) => [r.name, ...figureCells(r)]) }] : []),
      { name: names.byVillage, columns: [{ header: '村（社区）', key: 'village', width: 14 }, ...figureColumns()], rows: fig.byVillage.map((r) => [r.name, ...figureCells(r)]) },
    ],
    rows: rows.length,
  });
}
