/**
 * One sheet of a ledger (台账) on exceljs, in the county's house style:
 *
 *   row 1  the title (the county's header and the ledger's name), merged across, bold, centred
 *   row 2  the subtitle (unit, period, 导出时间)
 *   row 3  the column headers, bold, filled, bordered; the view is frozen through it
 *   rows   the data
 *   last   合计: SUM formulas, with their results computed here, so that a reader that does not
 *          calculate (WeChat's preview, a phone's viewer) shows the figure too
 *
 * Memory: the workbook is exceljs's streaming writer (`stream.xlsx.WorkbookWriter`), each row
 * committed — turned into XML and zipped — as soon as it is added, into a buffer in memory.
 * `wb.xlsx.writeBuffer()` on a whole-document workbook first builds a model of every cell and
 * the whole sheet's XML: on 10,000 rows of ten columns it grew the process by about 190 MB,
 * where this grows it by about 50 (bench/ledger.bench.ts holds the figures). Styles are set
 * per column (number formats, wrapping) and on the few cells of rows 1–3 and the total row, never cell by
 * cell over the data.
 *
 * exceljs is heavy (about a megabyte of code): it is loaded on first use, so a function that
 * bundles this module without exporting anything does not pay for it at cold start.
 */
import { PassThrough } from 'node:stream';
import type * as ExcelJS from 'exceljs';

let loaded: typeof ExcelJS | null = null;
/** exceljs, required on first use (esbuild keeps a lazy `require` lazy). */
export function excel(): typeof ExcelJS {
  loaded ??= require('exceljs') as typeof ExcelJS;
  return loaded;
}

export type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

const outputs = new WeakMap<Workbook, { chunks: Buffer[]; ended: Promise<void> }>();

/** A new workbook writing into memory (`workbookBuffer` finishes it and gives the bytes). */
export function newWorkbook(creator = '在岗'): Workbook {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Shared strings keep the file readable by every viewer (inline strings are not, everywhere).
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: true, useSharedStrings: true });
  wb.creator = creator;
  wb.created = new Date();
  outputs.set(wb, { chunks, ended });
  return wb;
}

/** Finish the workbook (every sheet committed) and give its bytes, an .xlsx file. */
export async function workbookBuffer(wb: Workbook): Promise<Buffer> {
  const out = outputs.get(wb);
  if (!out) throw new Error('not a workbook made by newWorkbook()');
  await wb.commit();
  await out.ended;
  return Buffer.concat(out.chunks);
}

export type CellValue = string | number | null;

export interface Column {
  header: string;
  key: string;
  /** Characters (Excel's unit). */
  width: number;
  /** Excel's number format of the column, e.g. `0.00` for 元, `0.0` for days. */
  numFmt?: string;
  /** Give the column a SUM in the 合计 row. */
  sum?: boolean;
  /** Wrap long text in the column (e.g. a villager's words), aligned to the top of the row. */
  wrap?: boolean;
}

export interface SheetSpec {
  /** The tab's name (at most 31 characters, none of `\ / ? * [ ] :`). */
  name: string;
  title: string;
  subtitle: string;
  columns: Column[];
  /** One array per row, in the order of `columns` (arrays are what exceljs stores; no copying per row). */
  rows: CellValue[][];
}

export const TITLE_ROW = 1;
export const SUBTITLE_ROW = 2;
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = 4;

const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF999999' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const FONT = '宋体';

/** `A`, `B`, … `Z`, `AA`, … for a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sum of figures kept to two decimals (days in halves, yuan in fen): no 0.30000000000000004. */
const sumOf = (values: number[]) => Math.round(values.reduce((s, v) => s + v, 0) * 100) / 100;

/** Where a sheet's data rows are and, when it has one, its 合计 row. */
export interface SheetLayout {
  firstDataRow: number;
  lastDataRow: number;
  totalRow: number | null;
}

/**
 * Add one sheet to `wb` and commit it (see the file's comment for its layout). The 合计 row is
 * written when a column asks for a sum; the first column carries the word 合计, the second (when
 * it is not summed itself) how many rows there are.
 */
export function buildSheet(wb: Workbook, spec: SheetSpec): SheetLayout {
  const n = spec.columns.length;
  if (n === 0) throw new Error('a sheet needs columns');
  const ws = wb.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }],
    pageSetup: { orientation: n > 8 ? 'landscape' : 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  // Widths and number formats by column: a data cell takes its column's style when it is made.
  // (exceljs leaves out a column whose width is exactly its default, 9, and Excel then shows 8.43.)
  ws.columns = spec.columns.map((c) => {
    const style: Partial<ExcelJS.Style> = { ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(c.wrap ? { alignment: { wrapText: true, vertical: 'top' } } : {}) };
    return { key: c.key, width: c.width === 9 ? 9.5 : c.width, ...(Object.keys(style).length ? { style } : {}) };
  });
  if (n > 1) {
    ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, n);
    ws.mergeCells(SUBTITLE_ROW, 1, SUBTITLE_ROW, n);
  }

  const title = ws.getRow(TITLE_ROW);
  title.height = 30;
  title.getCell(1).value = spec.title;
  title.getCell(1).font = { name: FONT, size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.commit();

  const sub = ws.getRow(SUBTITLE_ROW);
  sub.height = 20;
  sub.getCell(1).value = spec.subtitle;
  sub.getCell(1).font = { name: FONT, size: 10, color: { argb: 'FF595959' } };
  sub.getCell(1).alignment = { horizontal: 'left', vertical: 'middle' };
  sub.commit();

  const head = ws.getRow(HEADER_ROW);
  head.height = 32;
  spec.columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  head.commit();

  // Each data row is written out (and its cells let go) as soon as it is added.
  for (const r of spec.rows) ws.addRow(r).commit();
  const firstDataRow = FIRST_DATA_ROW;
  const lastDataRow = FIRST_DATA_ROW + spec.rows.length - 1;

  let totalRow: number | null = null;
  if (spec.columns.some((c) => c.sum)) {
    totalRow = lastDataRow + 1;
    const total = ws.getRow(totalRow);
    spec.columns.forEach((c, i) => {
      const cell = total.getCell(i + 1);
      if (c.sum) {
        const letter = columnLetter(i + 1);
        const values = spec.rows.map((r) => r[i]).filter((v): v is number => typeof v === 'number');
        // An empty sheet sums nothing: a formula over rows 4..3 would reach back into the headers.
        cell.value = spec.rows.length ? { formula: `SUM(${letter}${firstDataRow}:${letter}${lastDataRow})`, result: sumOf(values) } : 0;
      } else if (i === 0) cell.value = '合计';
      else if (i === 1) cell.value = `共 ${spec.rows.length} 条`;
      cell.font = { name: FONT, size: 11, bold: true };
      cell.fill = TOTAL_FILL;
      cell.border = BOX;
    });
    total.commit();
  }
  ws.commit();
  return { firstDataRow, lastDataRow, totalRow };
}
