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
import { beijingToday, monthText, pickedMonth, phoneNow } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { browsableUnits, myStaffRoles } from '../../../../utils/org';
import type { MyRole, UnitOption } from '../../../../utils/org';

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
    status: 'loading' as Status,
    error: '',
    units: [] as UnitOption[],
    unitLabels: [] as string[],
    unitIndex: 0,
    unitId: '',
    unitName: '',
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
      const asked = queryValue(query, 'month');
      const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) && asked <= thisMonth ? asked : thisMonth;
      this.setData({ thisMonth, month, monthText: monthText(month) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const mine = await myStaffRoles();
      if ('status' in mine) {
        this.setData({ status: mine.status, error: mine.error });
        return;
      }
      const first = unitId || mine.roles[0]!.orgUnitId;
      const name = mine.roles.find((r) => r.orgUnitId === first)?.unitName ?? '';
      this.setData({ status: 'ok', unitId: first, unitName: name, units: [], unitLabels: name ? [name] : [], unitIndex: 0 });
      // The figures first; the picker's units (a walk down the tree) alongside.
      await Promise.all([this.loadFigures(), this.loadUnits(mine.roles)]);
    },

    async loadUnits(roots: readonly MyRole[]): Promise<void> {
      const units = await browsableUnits(roots);
      if (!units.ok) return;
      const list = [...units.data];
      let i = list.findIndex((u) => u.id === this.data.unitId);
      if (i < 0) {
        // A unit asked for by the link, outside the caller's own: keep it first, by the name the figures gave.
        list.unshift({ id: this.data.unitId, name: this.data.unitName || '所选单位', level: 'village', label: this.data.unitName || '所选单位' });
        i = 0;
      }
      this.setData({ units: list, unitLabels: list.map((u) => u.label), unitIndex: i });
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
      const i = Number(e.detail.value);
      const unit = this.data.units[i];
      if (!unit || unit.id === this.data.unitId) return;
      this.setData({ unitIndex: i, unitId: unit.id, unitName: unit.name });
      void this.loadFigures();
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      const month = pickedMonth(e.detail.value);
      if (!month || month === this.data.month) return;
      this.setData({ month, monthText: monthText(month) });
      void this.loadFigures();
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigures();
    },
  },
});
