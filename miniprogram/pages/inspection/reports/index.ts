/**
 * 暗访通报 for county and city organisation staff (`?unitId=`): the written reports of
 * inspections addressed to the county (the city's staff: to every county of the city), newest
 * first, 未签收 first shown, with how many are not yet signed for; 已签收 and 全部 too. Each opens
 * the report (签收 there). 20 at a time; 加载更多 reads the next.
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { staffRoles } from '../../../utils/staff-page';
import { FIELD_LABELS, INSPECTION_ROUTES, inspectionItem } from '../inspection';
import type { InspectionItem } from '../inspection';

type Status = 'loading' | 'ok' | 'forbidden' | 'noUnit' | 'error';
type Filter = 'unread' | 'acknowledged' | 'all';
const PAGE = 20;

const FILTERS: { key: Filter; label: string }[] = [
  { key: 'unread', label: '未签收' },
  { key: 'acknowledged', label: '已签收' },
  { key: 'all', label: '全部' },
];

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
    status: 'loading' as Status,
    error: '',
    units: [] as { id: string; name: string }[],
    unitNames: [] as string[],
    unitIndex: 0,
    unitId: '',
    filters: FILTERS,
    filter: 'unread' as Filter,
    listStatus: 'loading' as 'loading' | 'ok' | 'refused' | 'error',
    listError: '',
    items: [] as InspectionItem[],
    total: 0,
    unread: 0,
    more: false,
    loadingMore: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    async load(askedId: string): Promise<void> {
      const roles = await staffRoles(this);
      if (!roles) return;
      // Reports are addressed to a county: its own staff, or the city's, read them.
      const own = roles.filter((r) => r.level === 'county' || r.level === 'city').map((r) => ({ id: r.orgUnitId, name: r.unitName || r.orgUnitId }));
      const units = own.filter((u, i) => own.findIndex((x) => x.id === u.id) === i);
      if (askedId && !units.some((u) => u.id === askedId)) units.unshift({ id: askedId, name: '所选单位' });
      if (!units.length) return this.setData({ status: 'noUnit' });
      const i = Math.max(0, units.findIndex((u) => u.id === askedId));
      this.setData({ status: 'ok', units, unitNames: units.map((u) => u.name), unitIndex: i, unitId: units[i]!.id });
      await this.loadList(false);
    },

    async loadList(more: boolean): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, filter } = this.data;
      const skip = more ? this.data.items.length : 0;
      this.setData(more ? { loadingMore: true } : { listStatus: 'loading', listError: '' });
      const a = await call('inspection.reports', { unitId, state: filter, skip, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, listStatus: a.code === 'forbidden' ? 'refused' : 'error', listError: errorText(a, FIELD_LABELS), items: more ? this.data.items : [] });
        return;
      }
      const items = [...(more ? this.data.items : []), ...a.data.items.map(inspectionItem)];
      const i = this.data.units.findIndex((u) => u.id === a.data.unit.id);
      this.setData({
        listStatus: 'ok',
        loadingMore: false,
        items,
        total: a.data.total,
        unread: a.data.unread,
        more: items.length < a.data.total,
        ...(i >= 0 && this.data.units[i]!.name === '所选单位' ? { [`units[${i}].name`]: a.data.unit.name, [`unitNames[${i}]`]: a.data.unit.name } : {}),
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const u = this.data.units[i];
      if (!u || u.id === this.data.unitId) return;
      this.setData({ unitIndex: i, unitId: u.id });
      void this.loadList(false);
    },

    onFilter(e: WechatMiniprogram.TouchEvent): void {
      const filter = String(e.currentTarget.dataset.key) as Filter;
      if (!FILTERS.some((f) => f.key === filter) || filter === this.data.filter) return;
      this.setData({ filter });
      void this.loadList(false);
    },

    onMore(): void {
      if (this.data.more && !this.data.loadingMore) void this.loadList(true);
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(INSPECTION_ROUTES.detail, { id }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList(false);
    },
  },
});
