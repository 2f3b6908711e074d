/**
 * 辅导解答 (`?status=`), for the tutor (驻村辅导师): the questions of their topics from the
 * villages in their scope (`question.inbox`), those waiting for an answer first, newest first
 * within, 20 at a time; tabs 全部 / 待解答 / 已解答 / 已解决 with the server's counts. A question
 * past its deadline is marked 已超时. A tap opens it (to answer); coming back reads the list again.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { QUESTION_ROUTES, questionItem } from '../question';
import type { QuestionItem, QuestionStatus } from '../question';

type Status = 'loading' | 'ok' | 'notTutor' | 'error';
type Inbox = OutputOf<'question.inbox'>;
type Tab = QuestionStatus | 'all';

const PAGE = 20;
const TABS: { key: Tab; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'open', label: '待解答' },
  { key: 'answered', label: '已解答' },
  { key: 'solved', label: '已解决' },
];
const EMPTY: Record<Tab, string> = { all: '您辅导的领域还没有人提问', open: '没有待解答的问题', answered: '没有已解答待确认的问题', solved: '还没有已解决的问题' };
const isTab = (t: string): t is Tab => TABS.some((x) => x.key === t);

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
    tab: 'all' as Tab,
    tabs: TABS.map((t) => ({ ...t, count: 0 })),
    items: [] as QuestionItem[],
    total: 0,
    empty: EMPTY.all,
    loadingMore: false,
    moreError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const tab = queryValue(query, 'status');
      if (isTab(tab)) this.setData({ tab, empty: EMPTY[tab] });
      void this.load();
    },

    onShow(): void {
      if (stateOf(this).loaded && this.data.status === 'ok' && !this.data.loadingMore) void this.load(true);
    },

    input(skip: number) {
      const tab = this.data.tab;
      return tab === 'all' ? { skip, limit: PAGE } : { status: tab, skip, limit: PAGE };
    },

    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ status: 'loading', error: '', moreError: '' });
      const a = await call('question.inbox', this.input(0));
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound') this.setData({ status: 'notTutor' });
        else if (!quiet) this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      s.loaded = true;
      this.show(a.data, a.data.items.map(questionItem));
    },

    show(d: Inbox, items: QuestionItem[]): void {
      const all = d.counts.open + d.counts.answered + d.counts.solved;
      this.setData({
        status: 'ok',
        items,
        total: d.total,
        empty: EMPTY[this.data.tab],
        tabs: TABS.map((t) => ({ ...t, count: t.key === 'all' ? all : d.counts[t.key] })),
      });
    },

    async onMore(): Promise<void> {
      const { items, total, loadingMore } = this.data;
      if (loadingMore || items.length >= total) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('question.inbox', this.input(items.length));
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      const have = new Set(items.map((i) => i.id));
      this.setData({ loadingMore: false });
      this.show(a.data, [...items, ...a.data.items.filter((q) => !have.has(q.id)).map(questionItem)]);
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onTab(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '');
      if (!isTab(key) || key === this.data.tab) return;
      this.setData({ tab: key, empty: EMPTY[key] });
      void this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(QUESTION_ROUTES.detail, { id }));
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
