/**
 * The monthly inspection ledger (暗访台账), an Excel file served by the `ledger` function (this
 * module is bundled there only: it loads exceljs through ledger/sheets.ts). Two sheets in the
 * county's house style: every inspection of the month under the unit, oldest first, and the
 * month's figures by child unit. Saved under `ledgers/<unitId>/`, answered with a link, and the
 * export recorded in the audit log, as every ledger is.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { beijing } from '../../kernel/clock';
import { getUnit } from '../org/service';
import { LEVEL_NAMES, UnitId, type OrgUnit } from '../org/schema';
import { MAX_ROWS, saveLedger, type ExportResult } from '../ledger/service';
import type { CellValue, Column } from '../ledger/sheets';
import { Month, OUTCOME_NAMES, STATUS_NAMES, type InspectionDoc } from './schema';
import { figures, INSPECTOR_ROLES, monthOf, type FigureRow } from './service';

export const INSPECTION_LEDGER = { key: 'inspections', title: '暗访检查台账', sheets: { list: '暗访台账', figures: '分单位统计' } } as const;


const names = (ins: InspectionDoc, status: 'present' | 'absent' | 'leave') =>
  ins.team
    .filter((m) => m.status === status)
    .map((m) => (m.note ? `${m.name}（${m.note}）` : m.name))
    .join('、');

function cells(ins: InspectionDoc, seq: number): CellValue[] {
  return [
    seq,
    ins.date,
    ins.visitedAt ? beijing(ins.visitedAt).iso.slice(11, 16) : '补记',
    ins.townshipName,
    ins.villageName,
    [`${ins.inspectorName}（${ins.inspectorUnitName}）`, ...ins.companions].join('、'),
    ins.teamIds.length,
    ins.presentIds.length,
    ins.absentIds.length,
    ins.leaveIds.length,
    names(ins, 'absent'),
    names(ins, 'leave'),
    OUTCOME_NAMES[ins.outcome],
    ins.findings,
    ins.ack ? `已签收（${ins.ack.byName} ${beijing(ins.ack.at).iso.slice(0, 16).replace('T', ' ')}）` : '未签收',
    ins.history.length ? ins.history.map((h) => `${beijing(h.at).iso.slice(5, 16).replace('T', ' ')} ${h.byName}：${h.reason}`).join('；') : '',
  ];
}

const LIST_COLUMNS: Column[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '暗访日期', key: 'date', width: 12 },
  { header: '时间', key: 'time', width: 7 },
  { header: '乡镇（街道）', key: 'town', width: 12 },
  { header: '村（社区）', key: 'village', width: 12 },
  { header: '检查人员', key: 'inspectors', width: 24, wrap: true },
  { header: '驻村干部', key: 'team', width: 9, sum: true },
  { header: `${STATUS_NAMES.present}`, key: 'present', width: 7, sum: true },
  { header: `${STATUS_NAMES.absent}`, key: 'absent', width: 8, sum: true },
  { header: `${STATUS_NAMES.leave}`, key: 'leave', width: 7, sum: true },
  { header: '不在岗人员', key: 'absentNames', width: 18, wrap: true },
  { header: '请假人员', key: 'leaveNames', width: 14, wrap: true },
  { header: '暗访结果', key: 'outcome', width: 14 },
  { header: '发现问题', key: 'findings', width: 40, wrap: true },
  { header: '通报签收', key: 'ack', width: 24, wrap: true },
  { header: '更正记录', key: 'history', width: 24, wrap: true },
];

const FIGURE_COLUMNS: [Exclude<keyof FigureRow, 'unitId' | 'name'>, string][] = [
  ['inspections', '暗访次数'],
  ['villages', '暗访村数'],
  ['teamsAbsent', '驻村团队不在岗'],
  ['partlyAbsent', '部分人员不在岗'],
  ['cadresAbsent', '不在岗人次'],
  ['unread', '通报未签收'],
];

/** Build, save and link a unit's ledger of the month. */
export async function exportInspections(caller: Caller, now: Date, unit: OrgUnit, month: string): Promise<ExportResult> {
  const [found, fig] = await Promise.all([monthOf(unit._id, month, MAX_ROWS), figures(unit, month)]);
  if (found.length > MAX_ROWS) throw new AppError('too_large', `台账超过 ${MAX_ROWS} 行，请按县（区）或乡镇（街道）分别导出`);
  const rows = found.map((ins, i) => cells(ins, i + 1));
  const childLevel = unit.level === 'city' ? 'county' : unit.level === 'county' ? 'township' : 'village';
  const figureSheet = {
    name: INSPECTION_LEDGER.sheets.figures,
    columns: [{ header: LEVEL_NAMES[childLevel], key: 'unit', width: 14 }, ...FIGURE_COLUMNS.map(([key, header]): Column => ({ header, key, width: Math.max(9, header.length * 2 + 2), sum: true }))],
    rows: fig.rows.map((r) => [r.name, ...FIGURE_COLUMNS.map(([k]) => r[k])]),
  };

  return saveLedger(caller, now, unit, {
    action: 'ledger.exportInspections',
    ledger: INSPECTION_LEDGER.key,
    period: month,
    title: INSPECTION_LEDGER.title,
    sheets: [{ name: INSPECTION_LEDGER.sheets.list, columns: LIST_COLUMNS, rows }, figureSheet],
    rows: rows.length,
  });
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set(`unit:${id}`, unit);
  return { path: unit.path };
}

/** The 暗访台账 of a unit's month, for whoever sees its inspections (staff and discipline staff in scope). */
export const exportInspectionsAction = action({
  name: 'ledger.exportInspections',
  roles: INSPECTOR_ROLES,
  input: z.object({ unitId: UnitId, month: Month }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: (ctx, input) => exportInspections(ctx.caller, ctx.now, ctx.memo.get(`unit:${input.unitId}`) as OrgUnit, input.month),
});
