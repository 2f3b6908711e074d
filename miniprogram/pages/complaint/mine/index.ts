/**
 * 我的诉求, for the villager: what they raised (`complaint.mine`), newest first, 20 at a time —
 * each with its state, category, village and date; 已答复待评价 stands out (it waits for them).
 * A tap opens the complaint; coming back reads the list again (it may have moved on).
 */
import { call } from '../../../api/index';
import { shortTime } from '../../../utils/day';
import { go, ROUTES, withQuery } from '../../../utils/nav';
import { statusClass } from '../villager';
import type { ComplaintRow } from '../villager';

type Status = 'loading' | 'ok' | 'error';

/** Rows per read. */
const PAGE = 20;

interface Item {
  id: string;
  text: string;
  categoryName: string;
  statusName: string;
  statusCls: string;
  village: string;
  raised: string;
  toRate: boolean;
}

function itemOf(c: ComplaintRow): Item {
  return {
    id: c.id,
    text: c.text,
    categoryName: c.categoryName,
    statusName: c.statusName,
    statusCls: statusClass(c.status),
    village: c.villageName,
    raised: shortTime(c.raisedAt),
    toRate: c.status === 'answered',
  };
}

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
    status: 'loading' as Status,
    error: '',
    items: [] as Item[],
    /** The last read came back full: there may be more. */
    more: false,
    loadingMore: false,
    moreError: '',
  },

  lifetimes: {
    attached(): void {
      void this.load();
    },
  },

  methods: {
    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      if (this.data.status === 'ok' && !this.data.loadingMore) void this.load(true);
    },

    /** The first page (`quiet`: keep the list while reading). */
    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ status: 'loading', error: '', moreError: '' });
      const a = await call('complaint.mine', { skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (!quiet || this.data.status !== 'ok') this.setData({ status: 'error', error: a.message });
        return;
      }
      this.setData({ status: 'ok', items: a.data.items.map(itemOf), more: a.data.items.length === PAGE });
    },

    async onMore(): Promise<void> {
      const { items, more, loadingMore } = this.data;
      if (!more || loadingMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('complaint.mine', { skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: a.message });
        return;
      }
      const have = new Set(items.map((i) => i.id));
      this.setData({
        loadingMore: false,
        items: [...items, ...a.data.items.filter((c) => !have.has(c.id)).map(itemOf)],
        more: a.data.items.length === PAGE,
      });
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onPullDownRefresh(): void {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(ROUTES.complaintDetail, { id }));
    },

    onVillage(): void {
      go(ROUTES.villageHome);
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
