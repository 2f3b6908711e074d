/**
 * 问题台账 (`?unitId=&period=`): the problems raised in household visits under a unit in a month or
 * quarter — household, problem, who raised it, status, department, deadline — all, still being
 * handled, or done. Staff and discipline staff pick a unit of theirs and open a problem where
 * they handle tickets (the complaint pages: accept, dispatch, supervise); a cadre sees their
 * village's and opens a problem to follow it. Staff export the ledger as an Excel file.
 */
import { call, callFunction } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, phoneNow } from '../../../utils/day';
import { openMade } from '../../../utils/ledger';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { periodText, recentPeriods } from '../../../utils/scoring';
import { fillUnitPicker, openOnUnitAs, pickUnit, unitPageData } from '../../../utils/staff-page';
import { HANDLE_ROUTE, problemItem, VISIT_ROUTES } from '../visit';
import type { ProblemItem } from '../visit';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Problems = OutputOf<'visit.problems'>;
const FILTERS = [
  { key: 'all', label: '全部' },
  { key: 'open', label: '办理中' },
  { key: 'done', label: '已办结' },
] as const;
type Filter = (typeof FILTERS)[number]['key'];
const PAGE = 20;

function periodsOn(today: string): { period: string; label: string }[] {
  const month = today.slice(0, 7);
  const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  return [{ period: month, label: periodText(month) }, { period: quarter, label: periodText(quarter) }, ...recentPeriods(today)];
}

Component({
  data: {
    ...unitPageData(),
    cadre: false,
    periods: [] as { period: string; label: string }[],
    periodLabels: [] as string[],
    periodIndex: 0,
    period: '',
    filters: FILTERS.map((f) => ({ key: f.key, label: f.label })),
    filter: 'all' as Filter,
    listStatus: 'loading' as Status,
    listError: '',
    handler: false,
    total: 0,
    items: [] as ProblemItem[],
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const periods = periodsOn(beijingToday(phoneNow()));
      const asked = queryValue(query, 'period');
      const i = Math.max(0, periods.findIndex((p) => p.period === asked));
      this.setData({ periods, periodLabels: periods.map((p) => p.label), periodIndex: i, period: periods[i]!.period });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roles = await openOnUnitAs(this, unitId, ['staff', 'discipline', 'cadre']);
      if (!roles) return;
      const handlers = roles.filter((r) => r.role !== 'cadre');
      this.setData({ cadre: !handlers.length });
      await Promise.all([this.loadList(), handlers.length ? fillUnitPicker(this, handlers) : Promise.resolve(true)]);
    },

    async loadList(more = false): Promise<void> {
      const { unitId, period, filter } = this.data;
      if (!more) this.setData({ listStatus: 'loading', listError: '' });
      const a = await call('visit.problems', { unitId, period, ...(filter === 'all' ? {} : { open: filter === 'open' }), skip: more ? this.data.items.length : 0, limit: PAGE });
      if (unitId !== this.data.unitId || period !== this.data.period || filter !== this.data.filter) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [], total: 0 });
        return;
      }
      this.show(a.data, more);
    },

    show(d: Problems, more: boolean): void {
      const items = d.items.map(problemItem);
      this.setData({ listStatus: 'ok', handler: d.handler, total: d.total, items: more ? [...this.data.items, ...items] : items, ...(this.data.unitName ? {} : { unitName: d.unit.name }) });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadList();
    },

    onPickPeriod(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const p = this.data.periods[i];
      if (!p || p.period === this.data.period) return;
      this.setData({ periodIndex: i, period: p.period });
      void this.loadList();
    },

    onFilter(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as Filter;
      if (!FILTERS.some((f) => f.key === key) || key === this.data.filter) return;
      this.setData({ filter: key });
      void this.loadList();
    },

    onMore(): void {
      void this.loadList(true);
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id) return;
      go(withQuery(this.data.handler ? HANDLE_ROUTE : VISIT_ROUTES.problem, { id }));
    },

    onExport(): void {
      const { unitId, period } = this.data;
      void openMade(() => callFunction('ledger', 'visit.exportProblems', { unitId, period }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
