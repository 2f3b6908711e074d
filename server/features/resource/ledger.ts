/**
 * 帮扶项目台账: a unit's assistance projects as an Excel workbook, in the county's house style
 * (ledger/sheets.ts), served by the `ledger` function (exceljs is bundled there only). Four sheets:
 * the projects (with the 合计 of their amounts), the figures by village (with sums), by kind,
 * source and status, and the practical deeds (好事实事). Amounts are written in yuan from the
 * integer fen the projects keep; every sum is computed from the fen and checked to the cent.
 */
import * as z from 'zod';
import { action, type ActionContext } from '../../kernel/action';
import { AppError } from '../../kernel/errors';
import type { Caller } from '../../kernel/caller';
import { dateKey } from '../../kernel/clock';
import { getUnit, getUnits } from '../org/service';
import { UnitId, type OrgUnit } from '../org/schema';
import type { CellValue, Column } from '../ledger/sheets';
import { MAX_ROWS, periodText, saveLedger, type ExportResult } from '../ledger/service';
import { fenToYuan } from './rules';
import { KIND_NAMES, PROJECT_KINDS, SOURCE_NAMES, SOURCES, STATUS_NAMES, STATUSES, type DeedDoc, type ProjectDoc } from './schema';
import { deedsPage, figures, projectsPage } from './service';

export const RESOURCE_LEDGER = { key: 'resources', title: '帮扶项目台账', sheets: { list: '帮扶项目', byVillage: '分村统计', byCategory: '分类统计', deeds: '好事实事' } } as const;

const YUAN = '#,##0.00';

/** Fen as a cell: yuan, to the cent (a double holds every cent of any amount a project may have). */
const yuanCell = (fen: number) => Number(fenToYuan(fen));

const collator = new Intl.Collator('zh-CN');

/** Every page of `page` (1,000 at a time, in `_id` order), refusing more than the ledger's limit. */
async function readAll<T extends { _id: string }>(page: (after: string) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let after = ''; ; ) {
    const got = await page(after);
    out.push(...got);
    if (out.length > MAX_ROWS) throw new AppError('too_large', `台账超过 ${MAX_ROWS} 行，请按县（区）或乡镇（街道）分别导出`);
    if (got.length < 1000) return out;
    after = got[got.length - 1]!._id;
  }
}

function confirmationText(p: ProjectDoc): string {
  if (!p.confirmed || !p.confirmation) return '待核实';
  return `已核实（${p.confirmation.unitName}${p.confirmation.byName}，${dateKey(p.confirmation.at)}）`;
}

export async function exportResources(caller: Caller, now: Date, unit: OrgUnit, confirmedOnly: boolean): Promise<ExportResult> {
  const [projects, deeds, fig] = await Promise.all([
    readAll<ProjectDoc>((after) => projectsPage(unit._id, confirmedOnly, after)),
    readAll<DeedDoc>((after) => deedsPage(unit._id, after)),
    figures(unit, { confirmedOnly, by: 'village' }),
  ]);
  const towns = await getUnits([...new Set([...projects.map((p) => p.townshipId), ...deeds.map((d) => d.townshipId), ...fig.rows.map((r) => r.parentId)].filter(Boolean))]);
  const town = (id: string) => towns.get(id)?.name ?? '';

  projects.sort((a, b) => collator.compare(town(a.townshipId), town(b.townshipId)) || collator.compare(a.villageName, b.villageName) || (a.plannedOn < b.plannedOn ? -1 : a.plannedOn > b.plannedOn ? 1 : 0) || (a._id < b._id ? -1 : 1));
  const listColumns: Column[] = [
    { header: '序号', key: 'seq', width: 6 },
    { header: '乡镇（街道）', key: 'town', width: 12 },
    { header: '村（社区）', key: 'village', width: 12 },
    { header: '项目名称', key: 'name', width: 28, wrap: true },
    { header: '类别', key: 'kind', width: 10 },
    { header: '来源', key: 'source', width: 10 },
    { header: '来源单位', key: 'sourceName', width: 18, wrap: true },
    { header: '金额（元）', key: 'amount', width: 16, numFmt: YUAN, sum: true },
    { header: '状态', key: 'status', width: 8 },
    { header: '谋划日期', key: 'plannedOn', width: 12 },
    { header: '开工日期', key: 'startedOn', width: 12 },
    { header: '完成日期', key: 'completedOn', width: 12 },
    { header: '引进人', key: 'broughtBy', width: 10 },
    { header: '核实情况', key: 'confirmed', width: 26, wrap: true },
    { header: '备注', key: 'note', width: 24, wrap: true },
  ];
  const listRows: CellValue[][] = projects.map((p, i) => [
    i + 1,
    town(p.townshipId),
    p.villageName,
    p.name,
    KIND_NAMES[p.kind],
    SOURCE_NAMES[p.source],
    p.sourceName,
    yuanCell(p.amountFen),
    STATUS_NAMES[p.status],
    p.plannedOn,
    p.startedOn ?? '',
    p.completedOn ?? '',
    p.broughtByName,
    confirmationText(p),
    p.note,
  ]);

  const villageRows = [...fig.rows].sort((a, b) => collator.compare(town(a.parentId), town(b.parentId)) || collator.compare(a.name, b.name));
  const byVillageColumns: Column[] = [
    { header: '乡镇（街道）', key: 'town', width: 12 },
    { header: '村（社区）', key: 'village', width: 12 },
    { header: '项目数', key: 'count', width: 8, sum: true },
    { header: '金额（元）', key: 'amount', width: 16, numFmt: YUAN, sum: true },
    { header: '已核实项目数', key: 'confirmedCount', width: 10, sum: true },
    { header: '已核实金额（元）', key: 'confirmedAmount', width: 16, numFmt: YUAN, sum: true },
    ...PROJECT_KINDS.map((k): Column => ({ header: `${KIND_NAMES[k]}（元）`, key: `kind_${k}`, width: 14, numFmt: YUAN, sum: true })),
    { header: '好事实事（件）', key: 'deeds', width: 10, sum: true },
  ];
  const byVillage: CellValue[][] = villageRows.map((r) => [town(r.parentId), r.name, r.count, yuanCell(r.amountFen), r.confirmedCount, yuanCell(r.confirmedAmountFen), ...PROJECT_KINDS.map((k) => yuanCell(r.byKind[k].amountFen)), r.deeds]);

  const t = fig.total;
  const byCategory: CellValue[][] = [
    ...PROJECT_KINDS.map((k) => ['按类别', KIND_NAMES[k], t.byKind[k].count, yuanCell(t.byKind[k].amountFen)]),
    ...SOURCES.map((k) => ['按来源', SOURCE_NAMES[k], t.bySource[k].count, yuanCell(t.bySource[k].amountFen)]),
    ...STATUSES.map((k) => ['按状态', STATUS_NAMES[k], t.byStatus[k].count, yuanCell(t.byStatus[k].amountFen)]),
    ['全部', '合计', t.count, yuanCell(t.amountFen)],
  ];

  deeds.sort((a, b) => collator.compare(town(a.townshipId), town(b.townshipId)) || collator.compare(a.villageName, b.villageName) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a._id < b._id ? -1 : 1));
  const deedRows: CellValue[][] = deeds.map((d, i) => [i + 1, town(d.townshipId), d.villageName, d.date, d.personName, d.text]);

  const names = RESOURCE_LEDGER.sheets;
  return saveLedger(caller, now, unit, {
    action: 'ledger.exportResources',
    ledger: RESOURCE_LEDGER.key,
    period: dateKey(now),
    title: RESOURCE_LEDGER.title,
    ledgerTitle: `截至${periodText(dateKey(now))}${RESOURCE_LEDGER.title}${confirmedOnly ? '（已核实）' : ''}`,
    scope: `口径：${confirmedOnly ? '只含已核实的项目' : '全部项目（含待核实）'}`,
    sheets: [
      { name: names.list, columns: listColumns, rows: listRows },
      { name: names.byVillage, columns: byVillageColumns, rows: byVillage },
      {
        name: names.byCategory,
        columns: [
          { header: '统计口径', key: 'dimension', width: 10 },
          { header: '分类', key: 'category', width: 12 },
          { header: '项目数', key: 'count', width: 8 },
          { header: '金额（元）', key: 'amount', width: 16, numFmt: YUAN },
        ],
        rows: byCategory,
      },
      {
        name: names.deeds,
        columns: [
          { header: '序号', key: 'seq', width: 6 },
          { header: '乡镇（街道）', key: 'town', width: 12 },
          { header: '村（社区）', key: 'village', width: 12 },
          { header: '日期', key: 'date', width: 12 },
          { header: '驻村干部', key: 'person', width: 10 },
          { header: '办理的好事实事', key: 'text', width: 48, wrap: true },
        ],
        rows: deedRows,
      },
    ],
    rows: listRows.length,
    audit: { confirmedOnly, amountFen: fig.total.amountFen },
  });
}

async function unitTarget(ctx: ActionContext, id: string) {
  const unit = await getUnit(id);
  if (!unit) return null;
  ctx.memo.set('unit', unit);
  return { path: unit.path };
}

/** Staff: a unit's 帮扶项目台账 (all projects, or the confirmed only). */
export const exportResourcesAction = action({
  name: 'ledger.exportResources',
  roles: ['staff'],
  input: z.object({ unitId: UnitId, confirmedOnly: z.boolean().default(false) }).strict(),
  scope: (ctx, input) => unitTarget(ctx, input.unitId),
  run: (ctx, input) => exportResources(ctx.caller, ctx.now, ctx.memo.get('unit') as OrgUnit, input.confirmedOnly),
});

export const resourceLedgerActions = [exportResourcesAction] as const;
