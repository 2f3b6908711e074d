/**
 * 部门办理, a department's complaints (`complaint.deptInbox`): the tabs 办理中 (nearest deadline
 * first, as the server orders them) and 已办结 (latest first), each with its count. Each row:
 * category, village, excerpt, status, deadline (red when overdue); 20 at a time. A tap opens the
 * complaint, where the department answers it or asks for more time; coming back reads the list again.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { STAFF_COMPLAINT_ROUTES, complaintRow } from '../../../../utils/complaint-staff';
import type { ComplaintRow } from '../../../../utils/complaint-staff';
import { go, queryValue, withQuery } from '../../../../utils/nav';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Box = 'doing' | 'done';
type Inbox = OutputOf<'complaint.deptInbox'>;

/** Rows per read. */
const PAGE = 20;

const TABS: { key: Box; label: string }[] = [
  { key: 'doing', label: '办理中' },
  { key: 'done', label: '已办结' },
];

const EMPTY: Record<Box, string> = { doing: '没有正在办理的诉求', done: '还没有办结的诉求' };

const isBox = (b: string): b is Box => b === 'doing' || b === 'done';
const other = (b: Box): Box => (b === 'doing' ? 'done' : 'doing');

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
    status: 'loading' as Status,
    error: '',
    box: 'doing' as Box,
    tabs: TABS.map((t) => ({ ...t, count: 0 })),
    items: [] as ComplaintRow[],
    total: 0,
    empty: EMPTY.doing,
    /** Reading another box (the page itself stays). */
    listLoading: false,
    loadingMore: false,
    moreError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const box = queryValue(query, 'box');
      if (isBox(box)) this.setData({ box, empty: EMPTY[box] });
      void this.load();
    },

    onShow(): void {
      if (stateOf(this).loaded && this.data.status === 'ok' && !this.data.loadingMore) void this.load(true);
    },

    /** The box shown, and the other box's count (`quiet`: keep the page while reading). */
    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { box } = this.data;
      if (!quiet && this.data.status !== 'ok') this.setData({ status: 'loading', error: '' });
      else if (!quiet) this.setData({ listLoading: true, items: [], total: 0, moreError: '' });
      const [a, b] = await Promise.all([call('complaint.deptInbox', { box, skip: 0, limit: PAGE }), call('complaint.deptInbox', { box: other(box), skip: 0, limit: 1 })]);
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' || a.code === 'not_bound' ? 'forbidden' : 'error', error: errorText(a), listLoading: false });
        return;
      }
      s.loaded = true;
      const counts: Record<Box, number> = { [box]: a.data.total, [other(box)]: b.ok ? b.data.total : 0 } as Record<Box, number>;
      this.setData({ status: 'ok', listLoading: false, tabs: TABS.map((t) => ({ ...t, count: counts[t.key] })), empty: EMPTY[box] });
      this.show(a.data, a.data.items.map(complaintRow));
    },

    show(d: Inbox, items: ComplaintRow[]): void {
      this.setData({ items, total: d.total, [`tabs[${TABS.findIndex((t) => t.key === this.data.box)}].count`]: d.total });
    },

    async onMore(): Promise<void> {
      const { box, items, total, loadingMore } = this.data;
      if (loadingMore || items.length >= total) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('complaint.deptInbox', { box, skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      const have = new Set(items.map((i) => i.id));
      this.setData({ loadingMore: false });
      this.show(a.data, [...items, ...a.data.items.filter((i) => !have.has(i.id)).map(complaintRow)]);
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '');
      if (!isBox(key) || key === this.data.box) return;
      this.setData({ box: key, empty: EMPTY[key] });
      void this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(STAFF_COMPLAINT_ROUTES.detail, { id }));
    },

    onRetry(): void {
      void this.load();
    },
  },
});
