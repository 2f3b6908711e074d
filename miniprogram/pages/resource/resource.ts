/**
 * What the assistance-resource pages (帮扶项目, the subpackage `pages/resource/`) share: their
 * routes, the server's choices and limits, a project as a list shows it, the server's refusals
 * field by field, the privacy dialog of the form that picks photos, and opening the Excel ledger.
 */
import { callFunction } from '../../api/index';
import type { ErrorAnswer, InputOf, OutputOf } from '../../api/index';
import { LEDGER_MESSAGES, openMade } from '../../utils/ledger';

export const RESOURCE_ROUTES = {
  mine: '/pages/resource/mine/index',
  edit: '/pages/resource/edit/index',
  detail: '/pages/resource/detail/index',
  unit: '/pages/resource/unit/index',
  figures: '/pages/resource/figures/index',
} as const;

type Project = OutputOf<'resource.get'>;
export type ProjectKind = Project['kind'];
export type Source = Project['source'];
export type ProjectStatus = Project['status'];
export type ProjectRow = OutputOf<'resource.list'>['items'][number];

/** The server's names (server/features/resource/schema.ts), in its order. */
export const KINDS: { key: ProjectKind; name: string }[] = [
  { key: 'industry', name: '产业项目' },
  { key: 'infrastructure', name: '基础设施' },
  { key: 'livelihood', name: '民生实事' },
  { key: 'talent', name: '人才培训' },
  { key: 'other', name: '其他' },
];
export const SOURCES: { key: Source; name: string }[] = [
  { key: 'dispatchingUnit', name: '派出单位' },
  { key: 'countyDept', name: '县级部门' },
  { key: 'social', name: '社会帮扶' },
  { key: 'other', name: '其他' },
];
export const STATUSES: { key: ProjectStatus; name: string }[] = [
  { key: 'planning', name: '谋划中' },
  { key: 'building', name: '在建' },
  { key: 'done', name: '已完成' },
];

/** The server's limits. */
export const MAX_FILES = 9;
export const MAX_NAME = 60;
export const MAX_NOTE = 500;
export const MAX_DEED = 300;

export const FIELD_LABELS: Record<string, string> = {
  name: '项目名称',
  kind: '类别',
  amountYuan: '金额',
  source: '来源',
  sourceName: '来源单位',
  status: '状态',
  plannedOn: '谋划日期',
  startedOn: '开工日期',
  completedOn: '完成日期',
  broughtById: '引进人',
  files: '照片',
  note: '备注',
  reason: '修改说明',
  date: '日期',
  text: '内容',
};

export type Field = 'name' | 'amountYuan' | 'sourceName' | 'plannedOn' | 'startedOn' | 'completedOn' | 'broughtById' | 'files' | 'note' | 'reason';
const FIELDS: readonly Field[] = ['name', 'amountYuan', 'sourceName', 'plannedOn', 'startedOn', 'completedOn', 'broughtById', 'files', 'note', 'reason'];

/** The server's refusal, field by field (the first message of each). */
export function fieldErrors(a: ErrorAnswer): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const issue of a.issues ?? []) {
    const head = issue.path.split('.')[0] as Field;
    if (FIELDS.includes(head) && !out[head]) out[head] = issue.message;
  }
  // Files not found in the person's folder: the server says so in words only.
  if (!a.issues?.length && a.code === 'invalid_input' && /照片|材料|文件/.test(a.message)) out.files = a.message;
  if (a.code === 'locked' && !out.reason) out.reason = a.message;
  return out;
}

/** A project as a list shows it. */
export interface ProjectItem {
  id: string;
  name: string;
  villageName: string;
  /** `产业项目 · 派出单位（湘西州财政局）`. */
  line: string;
  amountText: string;
  statusName: string;
  status: ProjectStatus;
  broughtByName: string;
  confirmed: boolean;
  version: number;
}

export function projectItem(p: ProjectRow): ProjectItem {
  return {
    id: p.id,
    name: p.name,
    villageName: p.villageName,
    line: `${p.kindName} · ${p.sourceKindName}${p.sourceName ? `（${p.sourceName}）` : ''}`,
    amountText: p.amountText,
    statusName: p.statusName,
    status: p.status,
    broughtByName: p.broughtByName,
    confirmed: p.confirmed,
    version: p.version,
  };
}

/** `2026年5月12日` for `2026-05-12`, '' for none. */
export function dateText(day: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

// ---- the privacy dialog (choosing photos is a privacy API) --------------------------------------

export { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy, type PrivacyHolder } from '../../utils/privacy';

// ---- the Excel ledger ---------------------------------------------------------------------------

export type LedgerInput = InputOf<'ledger.exportResources', 'ledger'>;
export type LedgerExport = OutputOf<'ledger.exportResources', 'ledger'>;

export { LEDGER_MESSAGES };

/**
 * Export the 帮扶项目台账 (`ledger.exportResources`, the `ledger` function), download it and open
 * it in WeChat's viewer (whose menu forwards or saves it). The export once open, or null after a
 * Chinese toast saying what went wrong; it never rejects.
 */
export function openResourceLedger(input: LedgerInput): Promise<LedgerExport | null> {
  return openMade(() => callFunction('ledger', 'ledger.exportResources', input));
}
