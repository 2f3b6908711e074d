/** Pure rules of assistance resources: money as people read it, and what an edit changed. */
import { KIND_NAMES, SOURCE_NAMES, STATUS_NAMES, type Change, type ProjectDoc, type ProjectFile } from './schema';

const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 1234567 fen → `12345.67` (exact: integer division, no float). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1234567 fen → `12,345.67元`. */
export function yuanText(fen: number): string {
  const [int, frac] = fenToYuan(fen).split('.');
  return `${grouped(int!)}.${frac}元`;
}

/** 5000_0000_00 fen → `5,000.00万元`: ten-thousands of yuan, rounded half up to the hundredth (integer arithmetic). */
export function wanText(fen: number): string {
  // 1 万元 = 1,000,000 fen; a hundredth of 万元 = 10,000 fen.
  const hundredths = Math.floor((Math.abs(fen) + 5_000) / 10_000);
  const sign = fen < 0 ? '-' : '';
  return `${sign}${grouped(String(Math.floor(hundredths / 100)))}.${String(hundredths % 100).padStart(2, '0')}万元`;
}

/** The contents of a project that an edit may change (what a form carries). */
export type Contents = Pick<ProjectDoc, 'name' | 'kind' | 'amountFen' | 'source' | 'sourceName' | 'status' | 'plannedOn' | 'startedOn' | 'completedOn' | 'broughtById' | 'broughtByName' | 'files' | 'note'>;

const FIELDS: { field: keyof Contents; label: string; text: (c: Contents) => string }[] = [
  { field: 'name', label: '项目名称', text: (c) => c.name },
  { field: 'kind', label: '类别', text: (c) => KIND_NAMES[c.kind] },
  { field: 'amountFen', label: '金额', text: (c) => yuanText(c.amountFen) },
  { field: 'source', label: '来源', text: (c) => SOURCE_NAMES[c.source] },
  { field: 'sourceName', label: '来源单位', text: (c) => c.sourceName },
  { field: 'status', label: '状态', text: (c) => STATUS_NAMES[c.status] },
  { field: 'plannedOn', label: '谋划日期', text: (c) => c.plannedOn },
  { field: 'startedOn', label: '开工日期', text: (c) => c.startedOn ?? '' },
  { field: 'completedOn', label: '完成日期', text: (c) => c.completedOn ?? '' },
  { field: 'broughtById', label: '引进人', text: (c) => c.broughtByName },
  { field: 'files', label: '照片和材料', text: (c) => (c.files.length ? `${c.files.length}个：${c.files.map((f) => f.name).join('、')}` : '无') },
  { field: 'note', label: '备注', text: (c) => c.note },
];

const sameFiles = (a: readonly ProjectFile[], b: readonly ProjectFile[]) => a.length === b.length && a.every((f, i) => f.fileId === b[i]!.fileId && f.name === b[i]!.name);

/** What changed from `before` to `after`, field by field, in words (empty: nothing). */
export function changesOf(before: Contents, after: Contents): Change[] {
  const out: Change[] = [];
  for (const f of FIELDS) {
    const same = f.field === 'files' ? sameFiles(before.files, after.files) : before[f.field] === after[f.field];
    if (!same) out.push({ field: f.field, label: f.label, before: f.text(before), after: f.text(after) });
  }
  return out;
}

export function contentsOf(p: Contents): Contents {
  return { name: p.name, kind: p.kind, amountFen: p.amountFen, source: p.source, sourceName: p.sourceName, status: p.status, plannedOn: p.plannedOn, startedOn: p.startedOn, completedOn: p.completedOn, broughtById: p.broughtById, broughtByName: p.broughtByName, files: p.files, note: p.note };
}
