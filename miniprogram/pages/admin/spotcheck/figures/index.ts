/**
 * 约请统计 for staff (`?unitId=`, `?month=`): the month's spot-check figures under a unit
 * (`spotCheck.figures`), one row per child unit (a village: itself) and a total row — 发起,
 * 按时, 超时, 未响应, 不在岗 (a call found the cadre away), 发现问题 (inquiries raised),
 * 已整改 (inquiries followed up), 批评 (criticised on inquiry, and notices published), 约谈 (talks
 * held), 召回 (recalls agreed). The unit picker walks the caller's own units down the tree; the
 * month picker defaults to this month (Beijing).
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { beijingToday, phoneNow } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { fillUnitPicker, monthFromQuery, openOnUnit, pickMonth, pickUnit, unitPageData } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Figures = OutputOf<'spotCheck.figures'>;
type FigureRow = Figures['total'];
type Figure = Exclude<keyof FigureRow, 'unitId' | 'name' | 'open'>;

/** The columns, in the order the county's own ledgers keep them. */
const COLUMNS: { key: Figure; label: string }[] = [
  { key: 'issued', label: '发起' },
  { key: 'onTime', label: '按时' },
  { key: 'late', label: '超时' },
  { key: 'missed', label: '未响应' },
  { key: 'notAtPost', label: '不在岗' },
  { key: 'problemsFound', label: '发现问题' },
  { key: 'problemsFixed', label: '已整改' },
  { key: 'criticisms', label: '批评' },
  { key: 'talks', label: '约谈' },
  { key: 'recalls', label: '召回' },
];

interface Row {
  unitId: string;
  name: string;
  cells: { key: Figure; n: number }[];
}

const rowOf = (r: FigureRow): Row => ({ unitId: r.unitId, name: r.name, cells: COLUMNS.map((c) => ({ key: c.key, n: r[c.key] })) });

Component({
  data: {
    ...unitPageData(),
    month: '',
    monthText: '',
    thisMonth: '',
    columns: COLUMNS,
    figuresStatus: 'loading' as Status,
    figuresError: '',
    rows: [] as Row[],
    total: null as Row | null,
    /** Requests still waiting for an answer (in 发起, in no other column). */
    open: 0,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const thisMonth = beijingToday(phoneNow()).slice(0, 7);
      this.setData({ thisMonth, ...monthFromQuery(query, thisMonth, thisMonth) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      // The figures first; the picker's units (a walk down the tree) alongside. A unit of the link
      // outside the caller's own is kept first, by the name the figures gave.
      if (roots) await Promise.all([this.loadFigures(), fillUnitPicker(this, roots)]);
    },

    async loadFigures(): Promise<void> {
      const { unitId, month } = this.data;
      this.setData({ figuresStatus: 'loading', figuresError: '' });
      const a = await call('spotCheck.figures', { unitId, month });
      if (unitId !== this.data.unitId || month !== this.data.month) return;
      if (!a.ok) {
        this.setData({ figuresStatus: a.code === 'forbidden' ? 'forbidden' : 'error', figuresError: a.message, rows: [], total: null, open: 0 });
        return;
      }
      const named = this.data.unitName ? {} : { unitName: a.data.total.name };
      this.setData({ figuresStatus: 'ok', rows: a.data.rows.map(rowOf), total: rowOf(a.data.total), open: a.data.total.open, ...named });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadFigures();
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      if (pickMonth(this, e.detail.value)) void this.loadFigures();
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigures();
    },
  },
});
