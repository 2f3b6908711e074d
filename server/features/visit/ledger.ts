/**
 * The visit feature's actions of the `ledger` function (exceljs stays there, out of the `api`
 * bundle): importing a village's households from an uploaded .xlsx, and the problem ledger
 * (走访问题台账) of a unit's month or quarter as an Excel file.
 */
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { beijing } from '../../kernel/clock';
import { storage } from '../../platform/cloud';
import { getUnit, getUnits } from '../org/service';
import type { OrgUnit } from '../org/schema';
import { checkPhotosIn } from '../checkin/photos';
import { periodMonths } from '../scoring/rules';
import { sourcePage, type TicketDoc } from '../complaint/engine';
import { CATEGORY_NAMES, RATING_NAMES, STATUS_NAMES } from '../complaint/schema';
import { deptLabel } from '../complaint/rules';
import { MAX_ROWS, saveLedger, type ExportResult } from '../ledger/service';
import type { CellValue, Column } from '../ledger/sheets';
import { checkRows, type RowError } from './rules';
import { ExportProblemsInput, ImportInput } from './schema';
import { importFolder, importHouseholds, isKeeper, liveFigures, type ImportResult } from './service';
import { readHouseholdSheet } from './sheet';

async function target(ctx: ActionContext, id: string, village: boolean) {
  const unit = await getUnit(id);
  if (!unit || (village && unit.level !== 'village')) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

/** At most this many refused rows are listed (the rest are counted). */
const MAX_ERRORS = 200;

/**
 * Import a village's households from a sheet the staff member or first secretary uploaded to
 * their import folder: every row checked, a refused row named with its number and why; the
 * rows that pass are imported (a dry run only checks and counts). The same sheet again changes
 * nothing.
 */
export const importAction = action({
  name: 'visit.importHouseholds',
  roles: ['staff', 'cadre'],
  input: ImportInput,
  scope: (ctx, input) => target(ctx, input.villageId, true),
  async run(ctx, input): Promise<ImportResult & { errors: RowError[]; refused: number }> {
    const village = ctx.memo.get('unit') as OrgUnit;
    if (!isKeeper(ctx.caller, village)) throw new AppError('forbidden', '只有组织部门或本村第一书记可以导入农户');
    await checkPhotosIn(importFolder(ctx.caller.person!._id), [input.fileId], '文件未上传成功，请重新选择文件');
    const rows = await readHouseholdSheet(await storage.download(input.fileId));
    const { households, errors } = checkRows(village._id, rows);
    if (!households.length && !errors.length) throw new AppError('bad_sheet', '表格里没有农户，请在表头下面逐行填写');
    const result = await importHouseholds(ctx.caller, ctx.now, village, households, input.dryRun);
    return { ...result, refused: errors.length, errors: errors.slice(0, MAX_ERRORS) };
  },
});

const minute = (at: Date | string | null | undefined) => (at ? beijing(at).iso.slice(0, 16).replace('T', ' ') : '');

function problemCells(c: TicketDoc, townName: string): CellValue[] {
  const cat = c.category ?? c.suggested;
  const notes: string[] = [];
  if (c.confidential) notes.push(`信访举报（保密件）${c.about ? `，反映对象：${c.about.name}` : ''}`);
  if (c.reopened > 0) notes.push('回访不满意，已重新办理');
  if (c.extension) notes.push(`申请延期${c.extension.days}个工作日，待审批`);
  return [
    null,
    c._id,
    townName,
    c.villageName,
    c.visit ? `${c.visit.householdName}（${c.visit.householdGroup}）` : '',
    c.text,
    cat ? CATEGORY_NAMES[cat] : '未分类',
    c.raisedBy?.name ?? '',
    minute(c.raisedAt),
    STATUS_NAMES[c.status] ?? c.status,
    c.dept ? deptLabel(c.dept) : '',
    minute(c.deadline),
    minute(c.answer?.at),
    c.overdue ? '是' : '否',
    c.rating ? `${RATING_NAMES[c.rating.value]}${c.rating.comment ? `（${c.rating.comment}）` : ''}` : '',
    notes.join('；'),
  ];
}

/**
 * 走访问题台账: every visit problem of the unit's period the caller may see (a confidential one only
 * for discipline staff over the unit), oldest first, then the figures by village or township
 * (visits, problems raised and resolved, 走访率). Read 1,000 at a time.
 */
async function exportProblems(caller: Caller, now: Date, unit: OrgUnit, period: string): Promise<ExportResult> {
  const months = periodMonths(period);
  const found: TicketDoc[] = [];
  for (let after = ''; ; ) {
    const page = await sourcePage(caller, unit, 'visit', months, after);
    found.push(...page.map((c) => ({ ...c, steps: [] })));
    if (found.length > MAX_ROWS) throw new AppError('too_large', `台账超过 ${MAX_ROWS} 行，请按乡镇（街道）分别导出`);
    if (page.length < 1000) break;
    after = page[page.length - 1]!._id;
  }
  found.sort((a, b) => new Date(a.raisedAt).getTime() - new Date(b.raisedAt).getTime() || (a._id < b._id ? -1 : 1));
  const [towns, fig] = await Promise.all([getUnits([...new Set(found.map((c) => c.villagePath[2] ?? '').filter(Boolean))]), liveFigures(unit, period)]);
  const rows = found.map((c, i) => {
    const cells = problemCells(c, towns.get(c.villagePath[2] ?? '')?.name ?? '');
    cells[0] = i + 1;
    return cells;
  });
  const list: Column[] = [
    { header: '序号', key: 'seq', width: 6 },
    { header: '编号', key: 'id', width: 29 },
    { header: '乡镇（街道）', key: 'town', width: 12 },
    { header: '村（社区）', key: 'village', width: 12 },
    { header: '农户', key: 'household', width: 16 },
    { header: '问题', key: 'text', width: 40, wrap: true },
    { header: '类别', key: 'category', width: 10 },
    { header: '走访干部', key: 'by', width: 10 },
    { header: '发现时间', key: 'raisedAt', width: 17 },
    { header: '状态', key: 'status', width: 12 },
    { header: '责任部门', key: 'dept', width: 18 },
    { header: '办结时限', key: 'deadline', width: 17 },
    { header: '办结时间', key: 'answeredAt', width: 17 },
    { header: '是否逾期', key: 'overdue', width: 9 },
    { header: '回访评价', key: 'rating', width: 14, wrap: true },
    { header: '备注', key: 'note', width: 24, wrap: true },
  ];
  const pct = (v: number | null) => (v === null ? null : v);
  const figureColumns: Column[] = [
    { header: fig.by === 'village' ? '村（社区）' : '乡镇（街道）', key: 'unit', width: 14 },
    { header: '在册户数', key: 'households', width: 10, sum: true },
    { header: '计划走访户次', key: 'planned', width: 12, sum: true },
    { header: '按计划走访户次', key: 'plannedVisited', width: 14, sum: true },
    { header: '走访率（%）', key: 'visitRate', width: 11, numFmt: '0.0' },
    { header: '已走访户数', key: 'visited', width: 11, sum: true },
    { header: '覆盖率（%）', key: 'coverage', width: 11, numFmt: '0.0' },
    { header: '走访次数', key: 'visits', width: 10, sum: true },
    { header: '发现问题', key: 'problems', width: 10, sum: true },
    { header: '已化解', key: 'resolved', width: 9, sum: true },
    { header: '化解率（%）', key: 'resolution', width: 11, numFmt: '0.0' },
    { header: '请假人次', key: 'leaves', width: 10, sum: true },
  ];
  const figureRows = fig.rows.map((r): CellValue[] => [r.name, r.households, r.planned, r.plannedVisited, pct(r.visitRate), r.visitedHouseholds, pct(r.coverageRate), r.visits, r.problems, r.resolved, pct(r.resolutionRate), r.leaves]);
  return saveLedger(caller, now, unit, {
    action: 'visit.exportProblems',
    ledger: 'visitProblems',
    period,
    title: '驻点联系走访问题台账',
    sheets: [
      { name: '问题台账', columns: list, rows },
      { name: fig.by === 'village' ? '分村统计' : '分乡镇统计', columns: figureColumns, rows: figureRows },
    ],
    rows: rows.length,
  });
}

export const exportProblemsAction = action({
  name: 'visit.exportProblems',
  roles: ['staff', 'discipline'],
  input: ExportProblemsInput,
  scope: (ctx, input) => target(ctx, input.unitId, false),
  run: (ctx, input) => exportProblems(ctx.caller, ctx.now, ctx.memo.get('unit') as OrgUnit, input.period),
});

export const visitLedgerActions = [importAction, exportProblemsAction] as const;
