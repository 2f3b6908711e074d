/**
 * 村务公开 (`?villageId=`), for the villagers of a village: its public notices
 * (`publicNotice.list`), newest first, 20 at a time, with tabs 全部 / 村务公开 / 党务公开 /
 * 财务公开; a notice not yet opened is marked 未读. A tap opens it; coming back reads the list
 * again, so the one just read is no longer marked. Without `villageId`, the village the villager
 * came from last (`village.mine`).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { shortTime } from '../../../utils/day';
import { go, queryValue, ROUTES, withQuery } from '../../../utils/nav';

type Status = 'loading' | 'ok' | 'notVillager' | 'error';
type List = OutputOf<'publicNotice.list'>;
type Kind = List['kinds'][number]['key'];

const PAGE = 20;
/** The tabs before the server said its kinds (the same, in the same order). */
const DEFAULT_TABS: { key: Kind | ''; label: string }[] = [
  { key: '', label: '全部' },
  { key: 'village', label: '村务公开' },
  { key: 'party', label: '党务公开' },
  { key: 'finance', label: '财务公开' },
];

interface Item {
  id: string;
  title: string;
  kindName: string;
  excerpt: string;
  date: string;
  attachments: number;
  read: boolean;
}

function itemOf(n: List['items'][number]): Item {
  return { id: n.id, title: n.title, kindName: n.kindName, excerpt: n.excerpt, date: shortTime(n.publishedAt), attachments: n.attachments, read: n.read };
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
    villageId: '',
    villageName: '',
    tabs: DEFAULT_TABS,
    kind: '' as Kind | '',
    listLoading: false,
    items: [] as Item[],
    unread: 0,
    more: false,
    loadingMore: false,
    moreError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.start(queryValue(query, 'villageId'));
    },

    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      if (this.data.status === 'ok' && !this.data.loadingMore) void this.load(true);
    },

    async start(villageId: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      let id = villageId;
      if (!id) {
        const mine = await call('village.mine');
        if (!mine.ok) return this.setData({ status: 'error', error: mine.message });
        const first = mine.data.villages[0];
        if (!first) return this.setData({ status: 'notVillager' });
        id = first.id;
      }
      this.setData({ villageId: id });
      await this.load();
    },

    /** The first page of the tab shown (`quiet`: keep the list while reading). */
    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { villageId, kind } = this.data;
      if (!quiet) this.setData({ listLoading: true, moreError: '' });
      const a = await call('publicNotice.list', { villageId, ...(kind ? { kind } : {}), skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (a.code === 'not_villager' || a.code === 'not_bound') this.setData({ status: 'notVillager', listLoading: false });
        else if (!quiet || this.data.status !== 'ok') this.setData({ status: 'error', error: a.message, listLoading: false });
        return;
      }
      const items = a.data.items.map(itemOf);
      this.setData({
        status: 'ok',
        listLoading: false,
        villageName: a.data.village.name,
        tabs: [{ key: '', label: '全部' }, ...a.data.kinds.map((k) => ({ key: k.key, label: k.name }))],
        items,
        unread: items.filter((i) => !i.read).length,
        more: a.data.items.length === PAGE,
      });
    },

    async onMore(): Promise<void> {
      const { items, more, loadingMore, villageId, kind } = this.data;
      if (!more || loadingMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('publicNotice.list', { villageId, ...(kind ? { kind } : {}), skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: a.message });
        return;
      }
      const have = new Set(items.map((i) => i.id));
      const all = [...items, ...a.data.items.filter((n) => !have.has(n.id)).map(itemOf)];
      this.setData({ loadingMore: false, items: all, unread: all.filter((i) => !i.read).length, more: a.data.items.length === PAGE });
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as Kind | '';
      if (key === this.data.kind || !this.data.tabs.some((t) => t.key === key)) return;
      this.setData({ kind: key, items: [], more: false });
      void this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(ROUTES.noticeDetail, { id }));
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.start(this.data.villageId);
    },
  },
});
