/**
 * 诉求统计 for staff and discipline staff (`?unitId=&month=`): a unit's complaints of a month
 * (`complaint.figures`), by category and by village, with a total row — 收到, 受理, 按时办结,
 * 逾期, 满意度 ((满意 + 基本满意) / 已评价). Confidential reports count for discipline staff only
 * (the server decides). 导出台账 opens the month's complaints ledger in Excel (the `ledger`
 * function's `ledger.exportComplaints`, through `openComplaintsLedger`).
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { satisfactionText } from '../../../../utils/complaint-staff';
import { beijingToday, phoneNow } from '../../../../utils/day';
import { openComplaintsLedger } from '../../../../utils/ledger';
import { queryValue } from '../../../../utils/nav';
import type { Role } from '../../../../utils/roles';
import { fillUnitPicker, monthFromQuery, openOnUnitAs, pickMonth, pickUnit, unitPageData } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Figures = OutputOf<'complaint.figures'>;
type FigureRow = Figures['total'];

/** Who keeps the figures (server/features/complaint/actions.ts, `complaint.figures`). */
const ROLES: readonly Role[] = ['staff', 'discipline'];

const COLUMNS = [
  { key: 'received', label: '收到' },
  { key: 'accepted', label: '受理' },
  { key: 'onTime', label: '按时办结' },
  { key: 'overdue', label: '逾期' },
  { key: 'satisfaction', label: '满意度' },
] as const;

interface Row {
  key: string;
  name: string;
  cells: { key: string; text: string; zero: boolean }[];
}

function rowOf(r: FigureRow): Row {
  return {
    key: r.key,
    name: r.name,
    cells: COLUMNS.map((c) => {
      const text = c.key === 'satisfaction' ? satisfactionText(r) : String(r[c.key]);
      return { key: c.key, text, zero: text === '0' || text === '—' };
    }),
  };
}

Component({
  data: {
    ...unitPageData(),
    month: '',
    monthText: '',
    thisMonth: '',
    columns: COLUMNS.map((c) => ({ key: c.key, label: c.label })),
    figuresStatus: 'loading' as Status,
    figuresError: '',
    byCategory: [] as Row[],
    byTownship: [] as Row[],
    byVillage: [] as Row[],
    total: null as Row | null,
    /** 已评价 of the month, and 不予受理 (in 收到, not in 受理). */
    rated: 0,
    rejected: 0,
    exporting: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const thisMonth = beijingToday(phoneNow()).slice(0, 7);
      this.setData({ thisMonth, ...monthFromQuery(query, thisMonth, thisMonth) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnitAs(this, unitId, ROLES);
      if (roots) await Promise.all([this.loadFigures(), fillUnitPicker(this, roots)]);
    },

    async loadFigures(): Promise<void> {
      const { unitId, month } = this.data;
      this.setData({ figuresStatus: 'loading', figuresError: '' });
      const a = await call('complaint.figures', { unitId, month });
      if (unitId !== this.data.unitId || month !== this.data.month) return;
      if (!a.ok) {
        this.setData({ figuresStatus: a.code === 'forbidden' ? 'forbidden' : 'error', figuresError: errorText(a), byCategory: [], byTownship: [], byVillage: [], total: null });
        return;
      }
      const t = a.data.total;
      const named = this.data.unitName ? {} : { unitName: a.data.unit.name };
      this.setData({
        figuresStatus: 'ok',
        // 未分类 only when some are (a complaint not yet accepted, raised without a category).
        byCategory: a.data.byCategory.filter((r) => r.key !== 'none' || r.received > 0).map(rowOf),
        byTownship: a.data.byTownship.map(rowOf),
        byVillage: a.data.byVillage.map(rowOf),
        total: rowOf(t),
        rated: t.satisfied + t.basicallySatisfied + t.unsatisfied,
        rejected: t.rejected,
        ...named,
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadFigures();
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      if (pickMonth(this, e.detail.value)) void this.loadFigures();
    },

    async onExport(): Promise<void> {
      const { unitId, month, exporting } = this.data;
      if (exporting || !unitId || !month) return;
      this.setData({ exporting: true });
      await openComplaintsLedger({ unitId, month });
      this.setData({ exporting: false });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigures();
    },
  },
});
