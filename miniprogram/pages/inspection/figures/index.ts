/**
 * 暗访统计 for organisation and discipline staff (`?unitId=&month=`): a unit's inspections of a
 * month by child unit (a city's counties, a county's townships, a township's villages) —
 * 暗访次数, 暗访村数, 团队不在岗 (nobody of the team at post), 部分不在岗, 不在岗人次, 未签收 —
 * with the total; then the month's inspections, each opening its record and report. 导出台账
 * opens the month's 暗访台账 in Excel (`ledger.exportInspections`).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, phoneNow } from '../../../utils/day';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { fillUnitPicker, monthFromQuery, openOnUnitAs, pickMonth, pickUnit, unitPageData } from '../../../utils/staff-page';
import { FIELD_LABELS, INSPECTION_ROUTES, inspectionItem, INSPECTOR_ROLES, openInspectionsLedger } from '../inspection';
import type { InspectionItem } from '../inspection';

type Figures = OutputOf<'inspection.figures'>;
type FigureRow = Figures['total'];

const COLUMNS = [
  { key: 'inspections', label: '暗访次数' },
  { key: 'villages', label: '暗访村数' },
  { key: 'teamsAbsent', label: '团队不在岗' },
  { key: 'partlyAbsent', label: '部分不在岗' },
  { key: 'cadresAbsent', label: '不在岗人次' },
  { key: 'unread', label: '未签收' },
] as const;

const CHILD_NAMES: Record<string, string> = { city: '县（区）', county: '乡镇（街道）', township: '村（社区）', village: '村（社区）' };
const PAGE = 20;

interface Row {
  key: string;
  name: string;
  cells: { key: string; text: string; zero: boolean }[];
}

const rowOf = (r: FigureRow): Row => ({ key: r.unitId, name: r.name, cells: COLUMNS.map((c) => ({ key: c.key, text: String(r[c.key]), zero: r[c.key] === 0 })) });

interface State {
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0 }));
  return s;
}

Component({
  data: {
    ...unitPageData(),
    month: '',
    monthText: '',
    thisMonth: '',
    columns: COLUMNS.map((c) => ({ key: c.key, label: c.label })),
    childName: '',
    figuresStatus: 'loading' as 'loading' | 'ok' | 'forbidden' | 'error',
    figuresError: '',
    rows: [] as Row[],
    total: null as Row | null,
    items: [] as InspectionItem[],
    itemsTotal: 0,
    more: false,
    exporting: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const thisMonth = beijingToday(phoneNow()).slice(0, 7);
      this.setData({ thisMonth, ...monthFromQuery(query, thisMonth, thisMonth) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnitAs(this, unitId, INSPECTOR_ROLES);
      if (roots) await Promise.all([this.loadFigures(), fillUnitPicker(this, roots)]);
    },

    async loadFigures(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, month } = this.data;
      this.setData({ figuresStatus: 'loading', figuresError: '' });
      const [f, list] = await Promise.all([call('inspection.figures', { unitId, month }), call('inspection.list', { unitId, month, limit: PAGE })]);
      if (seq !== s.seq) return;
      if (!f.ok || !list.ok) {
        const bad = !f.ok ? f : list.ok ? null : list;
        this.setData({ figuresStatus: bad?.code === 'forbidden' ? 'forbidden' : 'error', figuresError: bad ? errorText(bad, FIELD_LABELS) : '', rows: [], total: null, items: [] });
        return;
      }
      this.setData({
        figuresStatus: 'ok',
        childName: CHILD_NAMES[f.data.unit.level] ?? '',
        rows: f.data.rows.map(rowOf),
        total: rowOf(f.data.total),
        items: list.data.items.map(inspectionItem),
        itemsTotal: list.data.total,
        more: list.data.items.length < list.data.total,
        ...(this.data.unitName ? {} : { unitName: f.data.unit.name }),
      });
    },

    async onMore(): Promise<void> {
      const { unitId, month, items } = this.data;
      const a = await call('inspection.list', { unitId, month, skip: items.length, limit: PAGE });
      if (!a.ok || unitId !== this.data.unitId || month !== this.data.month) return;
      const all = [...items, ...a.data.items.map(inspectionItem)];
      this.setData({ items: all, more: all.length < a.data.total });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadFigures();
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      if (pickMonth(this, e.detail.value)) void this.loadFigures();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(INSPECTION_ROUTES.detail, { id }));
    },

    onRecord(): void {
      go(INSPECTION_ROUTES.record);
    },

    async onExport(): Promise<void> {
      const { unitId, month, exporting } = this.data;
      if (exporting || !unitId || !month) return;
      this.setData({ exporting: true });
      await openInspectionsLedger({ unitId, month });
      this.setData({ exporting: false });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigures();
    },
  },
});
