/**
 * Reading a sheet of households (an .xlsx uploaded to storage) with exceljs. Imported only by the
 * `ledger` function's visit actions (ledger.ts): exceljs is heavy and stays out of the `api` bundle.
 *
 * The first worksheet is read; its header row is the first of its first ten rows that names the
 * head (户主姓名), the 组 (村民小组) and the house (门牌号或地址) — a title row above it is fine —
 * and the columns are found by their headers (rules.HEADERS), in any order. Every later row is
 * one household, numbered as Excel numbers it.
 */
import { AppError } from '../../kernel/errors';
import { excel } from '../ledger/sheets';
import { fieldOf, type HouseholdField, type SheetRow } from './rules';
import { LIMITS } from './schema';

/** The rows of the sheet, by field; refused (in Chinese) when it is not a sheet of households. */
export async function readHouseholdSheet(bytes: Buffer): Promise<SheetRow[]> {
  if (bytes.length > LIMITS.fileBytes) throw new AppError('bad_sheet', '文件太大（超过5MB），请分村导入');
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('bad_sheet', '无法读取该文件，请上传 Excel（.xlsx）格式的花名册');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('bad_sheet', '表格中没有工作表');
  let headerRow = 0;
  let columns = new Map<number, HouseholdField>();
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const found = new Map<number, HouseholdField>();
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
      const f = fieldOf(cell.text ?? '');
      if (f && ![...found.values()].includes(f)) found.set(col, f);
    });
    const fields = new Set(found.values());
    if (fields.has('head') && fields.has('group') && fields.has('house')) {
      headerRow = r;
      columns = found;
      break;
    }
  }
  if (!headerRow) throw new AppError('bad_sheet', '没有找到表头：表头一行应有“户主姓名”“村民小组”“门牌号或地址”三列');
  const rows: SheetRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const cells: SheetRow['cells'] = {};
    for (const [col, f] of columns) cells[f] = (row.getCell(col).text ?? '').trim();
    rows.push({ row: r, cells });
    if (rows.length > LIMITS.rows) throw new AppError('bad_sheet', `一次最多导入${LIMITS.rows}户，请分村或分组导入`);
  }
  return rows;
}
