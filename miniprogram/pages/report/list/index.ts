/**
 * 工作报告 (`?unitId=&period=`), for staff: the first secretaries of a unit they pick (their own
 * and those below, not villages) who owe a half-year's report (`workReport.list`), overdue ones
 * first, with the counts (应交, 已交, 逾期未交, 待审阅, 退回修改); a filter (全部, 逾期未交, 待审阅,
 * 退回修改); a tap on a submitted report opens it (阅、通过、退回修改 there).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, phoneNow, shortTime } from '../../../utils/day';
import { go, queryValue, withQuery } from '../../../utils/nav';
import type { MyRole } from '../../../utils/org';
import { fillUnitPicker, pickUnit, staffRoles, unitPageData } from '../../../utils/staff-page';
import { periodLabel, recentPeriods, REPORT_ROUTES } from '../report';

type Filter = 'all' | 'overdue' | 'unread' | 'returned';
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'overdue', label: '逾期未交' },
  { key: 'unread', label: '待审阅' },
  { key: 'returned', label: '退回修改' },
];

interface Row {
  key: string;
  reportId: string;
  name: string;
  /** `十八洞村 · 派出单位：湘西州财政局`. */
  where: string;
  /** `已提交 6月20日 10:00`, `逾期未交（截止7月10日）`… */
  state: string;
  overdue: boolean;
  left: boolean;
}

/** Lines per read. */
const PAGE = 50;

type Item = OutputOf<'workReport.list'>['items'][number];

function rowOf(r: Item): Row {
  return {
    key: `${r.personId}.${r.reportId ?? ''}`,
    reportId: r.reportId && r.status !== 'draft' ? r.reportId : '',
    name: r.personName,
    where: `${r.villageName}${r.dispatchingUnit ? ` · 派出单位：${r.dispatchingUnit}` : ''}${r.left ? ' · 已离任' : ''}`,
    state: r.overdue
      ? `逾期未交（截止${r.deadlineText}）${r.status === 'draft' ? '，有草稿' : ''}`
      : r.status === 'missing' || r.status === 'draft'
        ? `${r.statusName}（截止${r.deadlineText}）`
        : `${r.status === 'submitted' && r.read ? '已阅' : r.status === 'submitted' ? '待审阅' : r.statusName}${r.submittedAt ? ` · ${shortTime(r.submittedAt)}提交` : ''}${r.late ? ' · 逾期提交' : ''}`,
    overdue: r.overdue,
    left: r.left,
  };
}

interface State {
  seq: number;
}
const states = new WeakMap<object, State>();
const stateOf = (page: object): State => {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0 }));
  return s;
};

Component({
  data: {
    ...unitPageData(),
    periods: [] as string[],
    periodLabels: [] as string[],
    periodIndex: 0,
    period: '',
    filters: FILTERS,
    filter: 'all' as Filter,
    listStatus: 'loading' as 'loading' | 'ok' | 'forbidden' | 'error',
    listError: '',
    counts: '',
    canReview: false,
    rows: [] as Row[],
    total: 0,
    hasMore: false,
    loadingMore: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'), queryValue(query, 'period'));
    },

    onShow(): void {
      if (this.data.listStatus === 'ok') void this.loadList(true);
    },

    async load(askedId: string, askedPeriod: string): Promise<void> {
      const roles = await staffRoles(this);
      if (!roles) return;
      const periods = recentPeriods(beijingToday(phoneNow()));
      const i = periods.indexOf(askedPeriod);
      const unitId = askedId || roles[0]!.orgUnitId;
      const unitName = roles.find((r) => r.orgUnitId === unitId)?.unitName ?? '';
      this.setData({
        status: 'ok',
        unitId,
        unitName,
        unitLabels: unitName ? [unitName] : [],
        periods,
        periodLabels: periods.map(periodLabel),
        // '' lets the server choose: the half-year whose reports are due now.
        periodIndex: Math.max(0, i),
        period: i >= 0 ? askedPeriod : '',
      });
      await Promise.all([this.loadList(), this.fillPicker(roles)]);
    },

    async fillPicker(roots: MyRole[]): Promise<void> {
      if (!(await fillUnitPicker(this, roots))) return;
      const units = this.data.units.filter((u) => u.level !== 'village' || u.id === this.data.unitId);
      this.setData({ units, unitLabels: units.map((u) => u.label), unitIndex: Math.max(0, units.findIndex((u) => u.id === this.data.unitId)) });
    },

    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, period, filter } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '' });
      else this.setData({ listError: '' });
      const a = await call('workReport.list', { unitId, ...(period ? { period } : {}), filter, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) return this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), rows: [] });
      const d = a.data;
      const c = d.counts;
      const rows = d.items.map(rowOf);
      const periodIndex = this.data.periods.indexOf(d.period);
      this.setData({
        listStatus: 'ok',
        unitName: this.data.unitName || d.unit.name,
        period: d.period,
        ...(periodIndex >= 0 ? { periodIndex } : { periods: [d.period, ...this.data.periods], periodLabels: [d.periodLabel, ...this.data.periodLabels], periodIndex: 0 }),
        canReview: d.canReview,
        counts: `应交 ${c.due} 人 · 已交 ${c.submitted} 人 · 逾期未交 ${c.overdue} 人 · 待审阅 ${c.unread} 份 · 退回修改 ${c.returned} 份`,
        rows,
        total: d.total,
        hasMore: rows.length < d.total,
      });
    },

    /** The next lines of the same list. */
    async onMore(): Promise<void> {
      if (this.data.loadingMore || !this.data.hasMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      const { unitId, period, filter, rows } = this.data;
      this.setData({ loadingMore: true });
      const a = await call('workReport.list', { unitId, period, filter, skip: rows.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) return this.setData({ loadingMore: false, listError: errorText(a) });
      const all = [...rows, ...a.data.items.map(rowOf)];
      this.setData({ loadingMore: false, rows: all, total: a.data.total, hasMore: a.data.items.length === PAGE && all.length < a.data.total });
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadList();
    },

    onPickPeriod(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const period = this.data.periods[i];
      if (period && period !== this.data.period) {
        this.setData({ periodIndex: i, period });
        void this.loadList();
      }
    },

    onFilter(e: WechatMiniprogram.TouchEvent): void {
      const filter = String(e.currentTarget.dataset.filter ?? '') as Filter;
      if (FILTERS.some((f) => f.key === filter) && filter !== this.data.filter) {
        this.setData({ filter });
        void this.loadList();
      }
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(REPORT_ROUTES.detail, { id }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId, this.data.period);
      else void this.loadList();
    },
  },
});
