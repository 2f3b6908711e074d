/**
 * 帮扶项目 (`?unitId=&filter=`), for organisation staff: the projects under a unit
 * (`resource.list`), 待核实 first, 20 at a time — village, name, kind and source, amount, status,
 * who brought it — filtered by 全部 / 待核实 / 已核实. 核实 on a project confirms the version
 * listed (`resource.confirm`; one changed meanwhile is refused and the list read again); a tap
 * opens it (to read its history, correct or withdraw it). 统计 opens the unit's figures.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../utils/staff-page';
import { projectItem, RESOURCE_ROUTES } from '../resource';
import type { ProjectItem } from '../resource';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Filter = OutputOf<'resource.list'>['filter'];

const PAGE = 20;
const FILTERS: { key: Filter; name: string }[] = [
  { key: 'pending', name: '待核实' },
  { key: 'confirmed', name: '已核实' },
  { key: 'all', name: '全部' },
];

interface State {
  seq: number;
  shown: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, shown: false }));
  return s;
}

Component({
  data: {
    ...unitPageData(),
    filters: FILTERS,
    filter: 'pending' as Filter,
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as ProjectItem[],
    total: 0,
    loadingMore: false,
    confirming: '',
    notice: '',
    actionError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const asked = queryValue(query, 'filter') as Filter;
      if (FILTERS.some((f) => f.key === asked)) this.setData({ filter: asked });
      void this.load(queryValue(query, 'unitId'));
    },

    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      // Back from a project: it may have been confirmed, corrected or withdrawn.
      if (this.data.listStatus === 'ok') void this.loadList(true);
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadList(), fillUnitPicker(this, roots)]);
    },

    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, filter } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', items: [], total: 0 });
      const a = await call('resource.list', { unitId, filter, skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [], total: 0 });
        return;
      }
      this.setData({ listStatus: 'ok', items: a.data.items.map(projectItem), total: a.data.total, ...(this.data.unitName ? {} : { unitName: a.data.unit.name }) });
    },

    async onMore(): Promise<void> {
      if (this.data.loadingMore || this.data.items.length >= this.data.total) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true });
      const a = await call('resource.list', { unitId: this.data.unitId, filter: this.data.filter, skip: this.data.items.length, limit: PAGE });
      if (seq !== s.seq) return;
      this.setData({ loadingMore: false });
      if (a.ok) this.setData({ items: [...this.data.items, ...a.data.items.map(projectItem)], total: a.data.total });
      else this.setData({ actionError: errorText(a) });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value, { notice: '', actionError: '' })) void this.loadList();
    },

    onFilter(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as Filter;
      if (key === this.data.filter || !FILTERS.some((f) => f.key === key)) return;
      this.setData({ filter: key, notice: '', actionError: '' });
      void this.loadList();
    },

    async onConfirm(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const id = String(e.currentTarget.dataset.id ?? '');
      const item = this.data.items.find((i) => i.id === id);
      if (!item || this.data.confirming) return;
      this.setData({ confirming: id, notice: '', actionError: '' });
      const a = await call('resource.confirm', { id, version: item.version });
      this.setData({ confirming: '' });
      if (!a.ok) {
        this.setData({ actionError: `“${item.name}”${a.message}` });
        if (a.code === 'conflict') await this.loadList(true);
        return;
      }
      this.setData({ notice: `已核实：${item.name}` });
      await this.loadList(true);
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(RESOURCE_ROUTES.detail, { id }));
    },

    onFigures(): void {
      go(withQuery(RESOURCE_ROUTES.figures, { unitId: this.data.unitId }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
