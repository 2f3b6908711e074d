/**
 * 政策文件 for cadres and staff: the documents that apply to them (those published for any unit on
 * their own unit path), newest issue date first — a keyword box (matched in the title, issuing
 * body, 文号, summary and tags), the tags in use as chips (`policy.tags`, one at a time, a second
 * tap takes it back), 加载更多 for the next page. Tapping a document opens it (`policy.open`): its
 * summary shows under it and its file opens on the phone (downloaded into WeChat's document
 * viewer, a picture full screen); 打开文件 opens it again.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { docView, FIELD_LABELS, openFile } from '../policy';
import type { DocView } from '../policy';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Tag = OutputOf<'policy.tags'>['tags'][number];

/** Documents per read. */
const PAGE = 20;

interface State {
  seq: number;
  /** The keyword and tag of the list shown (what 加载更多 continues). */
  q: string;
  tag: string;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, q: '', tag: '' }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    q: '',
    tag: '',
    tags: [] as Tag[],
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as DocView[],
    total: 0,
    /** The words above the list: `共 3 份文件`, `“人居”的搜索结果 1 份`. */
    heading: '',
    hasMore: false,
    loadingMore: false,
    moreError: '',
    /** The document opened (its summary shows), and the one whose file is being fetched. */
    openId: '',
    openingId: '',
    openError: '',
  },

  methods: {
    onLoad(): void {
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const tags = await call('policy.tags', {});
      if (!tags.ok) {
        this.setData({ status: tags.code === 'forbidden' || tags.code === 'not_bound' ? 'forbidden' : 'error', error: tags.message });
        return;
      }
      this.setData({ status: 'ok', tags: tags.data.tags });
      await this.search();
    },

    /** The first page for the keyword typed and the tag chosen. */
    async search(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const q = this.data.q.trim();
      const tag = this.data.tag;
      s.q = q;
      s.tag = tag;
      this.setData({ listStatus: 'loading', listError: '', items: [], total: 0, hasMore: false, moreError: '', openId: '', openError: '' });
      const a = await call('policy.search', { ...(q ? { q } : {}), ...(tag ? { tag } : {}), skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: 'error', listError: errorText(a, FIELD_LABELS) });
        return;
      }
      const items = a.data.items.map(docView);
      this.setData({ listStatus: 'ok', items, total: a.data.total, heading: heading(q, tag, a.data.total), hasMore: items.length < a.data.total });
    },

    async onMore(): Promise<void> {
      const { items, loadingMore, hasMore } = this.data;
      if (loadingMore || !hasMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('policy.search', { ...(s.q ? { q: s.q } : {}), ...(s.tag ? { tag: s.tag } : {}), skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a, FIELD_LABELS) });
        return;
      }
      const have = new Set(items.map((d) => d.id));
      const all = [...items, ...a.data.items.filter((p) => !have.has(p.id)).map(docView)];
      this.setData({ loadingMore: false, items: all, total: a.data.total, heading: heading(s.q, s.tag, a.data.total), hasMore: a.data.items.length === PAGE && all.length < a.data.total });
    },

    onQ(e: WechatMiniprogram.Input): void {
      this.setData({ q: e.detail.value });
    },

    onSearch(): void {
      void this.search();
    },

    onClear(): void {
      this.setData({ q: '', tag: '' });
      void this.search();
    },

    onTag(e: WechatMiniprogram.TouchEvent): void {
      const tag = String(e.currentTarget.dataset.tag ?? '');
      this.setData({ tag: this.data.tag === tag ? '' : tag });
      void this.search();
    },

    /** Open a document: its summary, and its file (a fresh link each time). */
    async onOpen(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id || this.data.openingId) return;
      this.setData({ openId: id, openingId: id, openError: '' });
      const a = await call('policy.open', { id });
      if (!a.ok) {
        this.setData({ openingId: '', openError: a.code === 'not_found' ? '这份文件已撤回，请刷新列表' : errorText(a) });
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      // The summary as it now stands (staff may have edited it).
      const i = this.data.items.findIndex((d) => d.id === id);
      if (i >= 0) this.setData({ [`items[${i}]`]: docView(a.data) });
      await openFile(a.data.url, a.data.fileName);
      this.setData({ openingId: '' });
    },

    onClose(): void {
      this.setData({ openId: '', openError: '' });
    },

    onRetry(): void {
      if (this.data.status !== 'ok') void this.load();
      else void this.search();
    },
  },
});

function heading(q: string, tag: string, total: number): string {
  const what = [q ? `“${q}”` : '', tag ? `标签“${tag}”` : ''].filter(Boolean).join('、');
  return what ? `${what}的搜索结果 ${total} 份` : `共 ${total} 份文件`;
}
