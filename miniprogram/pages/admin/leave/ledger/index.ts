/**
 * 请假台账 for organisation staff and leave approvers (`?unitId=&month=`): the requests under a
 * unit that touch a month (`leave.ledger`), newest first, each with the person, village, kind,
 * span, status, the chain in one line and 逾期未销假 when the report back is overdue; filters by
 * status (with their counts) and a 只看逾期未销假 switch with the overdue count. Below, the
 * month's figures by child unit (`leave.figures`): 请假人次, 批准, 未批准, 审批中, 撤回/取消,
 * 请假天数, and a total row. The month's list is read once per unit and month and filtered here,
 * so every filter shows its count and switching costs no read.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { beijingToday, phoneNow } from '../../../../utils/day';
import { LEAVE_KIND_NAMES, LEAVE_STATUS_NAMES, STEP_STATUS_NAMES, spanText } from '../../../../utils/leave';
import type { LeaveStatus } from '../../../../utils/leave';
import { go, queryValue, ROUTES } from '../../../../utils/nav';
import type { MyRole } from '../../../../utils/org';
import { fillUnitPicker, firstUnit, monthFromQuery, pickMonth, pickUnit, unitPageData } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Leave = OutputOf<'leave.ledger'>['leaves'][number];
type FigureRow = OutputOf<'leave.figures'>['total'];
type Figure = Exclude<keyof FigureRow, 'unitId' | 'name'>;
type Filter = 'all' | LeaveStatus;

const FILTERS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'pending', label: LEAVE_STATUS_NAMES.pending },
  { key: 'approved', label: LEAVE_STATUS_NAMES.approved },
  { key: 'returned', label: LEAVE_STATUS_NAMES.returned },
  { key: 'rejected', label: LEAVE_STATUS_NAMES.rejected },
  { key: 'withdrawn', label: LEAVE_STATUS_NAMES.withdrawn },
  { key: 'cancelled', label: LEAVE_STATUS_NAMES.cancelled },
];

/** The figures' columns (server/features/leave/service.ts, `figures`). */
const COLUMNS: { key: Figure; label: string }[] = [
  { key: 'requests', label: '请假人次' },
  { key: 'approved', label: '批准' },
  { key: 'rejected', label: '未批准' },
  { key: 'pending', label: '审批中' },
  { key: 'withdrawn', label: '撤回/取消' },
  { key: 'days', label: '请假天数' },
];

interface Row {
  id: string;
  personName: string;
  village: string;
  kindText: string;
  span: string;
  status: LeaveStatus;
  statusText: string;
  chain: string;
  /** Approved, its report back (销假) past due and not made. */
  overdue: boolean;
}

interface FigRow {
  unitId: string;
  name: string;
  cells: { key: Figure; n: number }[];
}

const figRowOf = (r: FigureRow): FigRow => ({ unitId: r.unitId, name: r.name, cells: COLUMNS.map((c) => ({ key: c.key, n: r[c.key] })) });

/** `双龙镇 同意 → 花垣县 审批中`. */
const chainText = (l: Leave) => l.steps.map((s) => `${s.unitName} ${STEP_STATUS_NAMES[s.status]}`).join(' → ');

const isOverdue = (l: Leave) => l.overdue && l.status === 'approved';

/** The month's requests of the page, kept outside `data` (only the filtered rows are rendered). */
const ledgers = new WeakMap<object, Leave[]>();

Component({
  data: {
    ...unitPageData(),
    month: '',
    monthText: '',
    filters: FILTERS.map((f) => ({ ...f, count: 0 })),
    filter: 'all' as Filter,
    overdueOnly: false,
    overdueCount: 0,
    ledgerStatus: 'loading' as Status,
    ledgerError: '',
    rows: [] as Row[],
    columns: COLUMNS,
    figuresStatus: 'loading' as Status,
    figuresError: '',
    figRows: [] as FigRow[],
    figTotal: null as FigRow | null,
    /** The caller approves leave somewhere: the inbox is a tap away. */
    isApprover: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData(monthFromQuery(query, beijingToday(phoneNow()).slice(0, 7)));
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const me = await call('people.me');
      if (!me.ok) {
        this.setData({ status: me.code === 'not_bound' ? 'forbidden' : 'error', error: me.message });
        return;
      }
      // Staff and approvers keep the ledger of their units (an approver's own grants count too).
      const roles = me.data.roles.filter((r) => r.role === 'staff' || r.role === 'approver').filter((r, i, all) => all.findIndex((x) => x.orgUnitId === r.orgUnitId) === i);
      if (!roles.length) {
        this.setData({ status: 'forbidden', error: '' });
        return;
      }
      this.setData({ status: 'ok', ...firstUnit(roles, unitId), isApprover: me.data.roles.some((r) => r.role === 'approver') });
      // The ledger and the figures first; the picker's units (a walk down the tree) alongside.
      await Promise.all([this.loadUnit(), this.loadUnits(roles)]);
    },

    async loadUnits(roots: readonly MyRole[]): Promise<void> {
      // The villages' names are known once the units are.
      if (await fillUnitPicker(this, roots)) this.showRows();
    },

    loadUnit(): Promise<unknown> {
      return Promise.all([this.loadLedger(), this.loadFigures()]);
    },

    async loadLedger(): Promise<void> {
      const { unitId, month } = this.data;
      this.setData({ ledgerStatus: 'loading', ledgerError: '' });
      const a = await call('leave.ledger', { unitId, month });
      if (unitId !== this.data.unitId || month !== this.data.month) return;
      if (!a.ok) {
        ledgers.delete(this);
        this.setData({ ledgerStatus: a.code === 'forbidden' ? 'forbidden' : 'error', ledgerError: a.message, rows: [], overdueCount: 0 });
        return;
      }
      ledgers.set(this, a.data.leaves);
      this.setData({ ledgerStatus: 'ok', overdueCount: a.data.overdue });
      this.showRows();
    },

    async loadFigures(): Promise<void> {
      const { unitId, month } = this.data;
      this.setData({ figuresStatus: 'loading', figuresError: '' });
      const a = await call('leave.figures', { unitId, month });
      if (unitId !== this.data.unitId || month !== this.data.month) return;
      if (!a.ok) {
        this.setData({ figuresStatus: a.code === 'forbidden' ? 'forbidden' : 'error', figuresError: a.message, figRows: [], figTotal: null });
        return;
      }
      const named = this.data.unitName ? {} : { unitName: a.data.total.name };
      this.setData({ figuresStatus: 'ok', figRows: a.data.rows.map(figRowOf), figTotal: figRowOf(a.data.total), ...named });
    },

    /** Apply the status filter and the overdue switch; count each filter. */
    showRows(): void {
      const all = ledgers.get(this) ?? [];
      const names = new Map(this.data.units.map((u) => [u.id, u.name] as [string, string]));
      const { filter, overdueOnly } = this.data;
      const shown = all.filter((l) => (filter === 'all' || l.status === filter) && (!overdueOnly || isOverdue(l)));
      this.setData({
        filters: FILTERS.map((f) => ({ ...f, count: f.key === 'all' ? all.length : all.filter((l) => l.status === f.key).length })),
        rows: shown.map((l) => ({
          id: l.id,
          personName: l.personName,
          village: names.get(l.villageId) ?? '',
          kindText: LEAVE_KIND_NAMES[l.kind],
          span: spanText(l),
          status: l.status,
          statusText: LEAVE_STATUS_NAMES[l.status],
          chain: chainText(l),
          overdue: isOverdue(l),
        })),
      });
    },

    onFilter(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? 'all') as Filter;
      if (!FILTERS.some((f) => f.key === key) || key === this.data.filter) return;
      this.setData({ filter: key });
      this.showRows();
    },

    onOverdue(e: WechatMiniprogram.SwitchChange): void {
      this.setData({ overdueOnly: !!e.detail.value });
      this.showRows();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadUnit();
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      if (pickMonth(this, e.detail.value)) void this.loadUnit();
    },

    onInbox(): void {
      go(ROUTES.leaveInbox);
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadUnit();
    },
  },
});
