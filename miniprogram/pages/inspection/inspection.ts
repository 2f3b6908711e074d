/**
 * What the inspection pages (暗访, subpackage `pages/inspection/`) share: their routes, the
 * server's limits and words, an inspection as a list shows it, the privacy dialog of the photo
 * picker, and opening the 暗访台账 in Excel (the `ledger` function).
 */
import { callFunction } from '../../api/index';
import type { InputOf, OutputOf } from '../../api/index';
import { shortTime } from '../../utils/day';
import { openMade } from '../../utils/ledger';
import type { Role } from '../../utils/roles';

export const INSPECTION_ROUTES = {
  record: '/pages/inspection/record/index',
  detail: '/pages/inspection/detail/index',
  reports: '/pages/inspection/reports/index',
  figures: '/pages/inspection/figures/index',
} as const;

/** Who records and reads inspections (server/features/inspection/service.ts, INSPECTOR_ROLES). */
export const INSPECTOR_ROLES: readonly Role[] = ['staff', 'discipline'];

/** The server's limits (server/features/inspection/schema.ts). */
export const MAX_PHOTOS = 9;
export const MIN_FINDINGS = 5;
export const MAX_FINDINGS = 2000;
export const MAX_COMPANIONS = 10;

export type MemberStatus = 'present' | 'absent' | 'leave';
/** The server's words (schema.ts, STATUS_NAMES). */
export const STATUS_NAMES: Record<MemberStatus, string> = { present: '在岗', absent: '不在岗', leave: '请假' };

export const FIELD_LABELS: Record<string, string> = { findings: '暗访发现', remarks: '检查组意见', companions: '同行检查人员', marks: '在岗情况', photoFileIds: '照片', reason: '更正原因', date: '暗访日期', note: '签收意见', month: '月份', unitId: '单位' };

export type InspectionRow = OutputOf<'inspection.list'>['items'][number];
export type InspectionFull = OutputOf<'inspection.get'>;

/** `5月12日` for a day `YYYY-MM-DD`. */
export function shortDay(day: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[1])}月${Number(m[2])}日` : day;
}

/** An inspection as a list shows it. */
export interface InspectionItem {
  id: string;
  /** `暗访一村 · 双龙镇`. */
  place: string;
  /** `5月12日 10:05` (补记: the day only). */
  when: string;
  outcomeName: string;
  /** `驻村干部 3 人：在岗 1 · 不在岗 1 · 请假 1`. */
  counts: string;
  /** `不在岗：甲书记、乙队员`, or ''. */
  absent: string;
  inspector: string;
  bad: boolean;
  acknowledged: boolean;
  amended: boolean;
}

export function inspectionItem(r: InspectionRow): InspectionItem {
  return {
    id: r.id,
    place: r.townshipName ? `${r.villageName} · ${r.townshipName}` : r.villageName,
    when: r.visitedAt ? shortTime(r.visitedAt) : `${shortDay(r.date)}（补记）`,
    outcomeName: r.outcomeName,
    counts: `驻村干部 ${r.teamSize} 人：在岗 ${r.present} · 不在岗 ${r.absent} · 请假 ${r.leave}`,
    absent: r.absentNames.length ? `不在岗：${r.absentNames.join('、')}` : '',
    inspector: `${r.inspectorName}（${r.inspectorUnitName}）`,
    bad: r.absent > 0,
    acknowledged: r.acknowledged,
    amended: r.amended,
  };
}

/** `向东、龙梅` or `向东 龙梅` typed by the inspector: the names, each trimmed. */
export function companionsOf(text: string): string[] {
  return text
    .split(/[、，,；;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// ---- the privacy dialog of the photo picker ---------------------------------------------------

export { answerPrivacy, privacyHolder, startPrivacy, stopPrivacy, type PrivacyHolder } from '../../utils/privacy';

// ---- the 暗访台账 ----------------------------------------------------------------------------------

export type LedgerInput = InputOf<'ledger.exportInspections', 'ledger'>;

/**
 * Make the month's 暗访台账 (`ledger.exportInspections`), download it under its own name and open
 * it in WeChat's document viewer (whose menu forwards or saves it). The file's name once opened,
 * or null after a Chinese toast saying what went wrong.
 */
export async function openInspectionsLedger(input: LedgerInput): Promise<string | null> {
  const made = await openMade(() => callFunction('ledger', 'ledger.exportInspections', input));
  return made?.fileName ?? null;
}
