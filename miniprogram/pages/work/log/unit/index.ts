/**
 * 驻村记实查阅 (`?unitId=&date=`), for organisation staff: a unit's logs of one day
 * (`workLog.list`), by village and cadre, 20 at a time — who wrote, where, when, the excerpt,
 * photos and comments — and how many cadres wrote one that day. A unit picker (the caller's units
 * down the tree), a day picker with 前一天 / 后一天; a tap opens the log (to read it and comment).
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { addDays, beijingToday, phoneNow } from '../../../../utils/day';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { dayWithWeekday, LOG_ROUTES, logItem } from '../log';
import type { LogItem } from '../log';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type List = OutputOf<'workLog.list'>;

/** Logs per read. */
const PAGE = 20;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface State {
  seq: number;
  loaded: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, loaded: false }));
  return s;
}

Component({
  data: {
    ...unitPageData(),
    date: '',
    dateText: '',
    today: '',
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as LogItem[],
    total: 0,
    writers: 0,
    loadingMore: false,
    moreError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const today = beijingToday(phoneNow());
      const asked = queryValue(query, 'date');
      const date = DAY.test(asked) && asked <= today ? asked : today;
      this.setData({ today, date, dateText: dayWithWeekday(date) });
      void this.load(queryValue(query, 'unitId'));
    },

    onShow(): void {
      // Back from a log: its comments may have changed.
      if (stateOf(this).loaded && this.data.listStatus === 'ok' && !this.data.loadingMore) void this.loadList(true);
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadList(), fillUnitPicker(this, roots)]);
    },

    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, date } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', items: [], total: 0, writers: 0, moreError: '' });
      const a = await call('workLog.list', { unitId, date, skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a), items: [], total: 0, writers: 0 });
        return;
      }
      s.loaded = true;
      this.show(a.data, a.data.items.map(logItem));
    },

    show(d: List, items: LogItem[]): void {
      this.setData({ listStatus: 'ok', items, total: d.total, writers: d.writers, ...(this.data.unitName ? {} : { unitName: d.unit.name }) });
    },

    async onMore(): Promise<void> {
      const { unitId, date, items, total, loadingMore } = this.data;
      if (loadingMore || items.length >= total) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('workLog.list', { unitId, date, skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      const have = new Set(items.map((i) => i.id));
      this.setData({ loadingMore: false });
      this.show(a.data, [...items, ...a.data.items.filter((l) => !have.has(l.id)).map(logItem)]);
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadList();
    },

    setDay(date: string): void {
      if (!DAY.test(date) || date > this.data.today || date === this.data.date) return;
      this.setData({ date, dateText: dayWithWeekday(date) });
      void this.loadList();
    },

    onPickDay(e: WechatMiniprogram.PickerChange): void {
      this.setDay(String(e.detail.value).slice(0, 10));
    },

    onPrevDay(): void {
      this.setDay(addDays(this.data.date, -1));
    },

    onNextDay(): void {
      this.setDay(addDays(this.data.date, 1));
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(LOG_ROUTES.detail, { id }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
