/**
 * 互动分享 for cadres and staff: the posts of the caller's area (`share.feed`: a cadre's county, a
 * staff member's own unit), newest first or 精选在前; each with its author and village, text,
 * photos (full screen on a tap), likes and comment count. Cadres like and unlike with a tap and
 * have 我要分享; staff see the likes. A tap on a post opens it; coming back reads the feed again.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { go, withQuery } from '../../../../utils/nav';
import { postView, SHARE_ROUTES } from '../share';
import type { PostView } from '../share';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';

/** Posts per read. */
const PAGE = 10;

interface State {
  seq: number;
  /** Shown once: onShow reads the feed again (back from a post, or from posting). */
  loaded: boolean;
  /** Posts with a like on its way. */
  liking: Set<string>;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0, loaded: false, liking: new Set() }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    featuredFirst: false,
    /** Cadres like, comment and post (the server gives them a photo folder). */
    isCadre: false,
    items: [] as PostView[],
    total: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
    /** Refreshing with the list kept. */
    refreshing: false,
  },

  methods: {
    onLoad(): void {
      void this.load();
    },

    onShow(): void {
      if (stateOf(this).loaded && this.data.status === 'ok') void this.load(true);
    },

    onPullDownRefresh(): void {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },

    /** The first page (`quiet`: keep what is shown while reading). */
    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ status: 'loading', error: '', items: [], hasMore: false, moreError: '' });
      else this.setData({ refreshing: true });
      const a = await call('share.feed', { featuredFirst: this.data.featuredFirst, skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (quiet && a.code === 'network') return this.setData({ refreshing: false, moreError: errorText(a) });
        this.setData({ status: a.code === 'forbidden' || a.code === 'not_bound' ? 'forbidden' : 'error', error: a.message, refreshing: false });
        return;
      }
      s.loaded = true;
      const items = a.data.items.map(postView);
      this.setData({ status: 'ok', refreshing: false, isCadre: a.data.uploadFolder !== null, items, total: a.data.total, hasMore: items.length < a.data.total });
    },

    async onMore(): Promise<void> {
      const { items, loadingMore, hasMore, featuredFirst } = this.data;
      if (loadingMore || !hasMore) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('share.feed', { featuredFirst, skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      const have = new Set(items.map((p) => p.id));
      const all = [...items, ...a.data.items.filter((p) => !have.has(p.id)).map(postView)];
      this.setData({ loadingMore: false, items: all, total: a.data.total, hasMore: a.data.items.length === PAGE && all.length < a.data.total });
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onSort(e: WechatMiniprogram.TouchEvent): void {
      const featuredFirst = e.currentTarget.dataset.featured === true || e.currentTarget.dataset.featured === 'true';
      if (featuredFirst === this.data.featuredFirst) return;
      this.setData({ featuredFirst });
      void this.load();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(SHARE_ROUTES.detail, { id }));
    },

    onPost(): void {
      go(SHARE_ROUTES.post);
    },

    onPhoto(e: WechatMiniprogram.TouchEvent): void {
      const post = this.data.items[Number(e.currentTarget.dataset.i)];
      const url = String(e.currentTarget.dataset.url ?? '');
      if (post && url) wx.previewImage({ urls: post.photos, current: url });
    },

    /** Like or unlike (cadres): the count as the server answers it. */
    async onLike(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const i = Number(e.currentTarget.dataset.i);
      const post = this.data.items[i];
      const s = stateOf(this);
      if (!post || !this.data.isCadre || s.liking.has(post.id)) return;
      s.liking.add(post.id);
      const a = await call('share.like', { id: post.id, like: !post.liked });
      s.liking.delete(post.id);
      const j = this.data.items.findIndex((p) => p.id === post.id);
      if (!a.ok) {
        wx.showToast({ title: a.message, icon: 'none', duration: 3000 });
        return;
      }
      if (j >= 0) this.setData({ [`items[${j}].likes`]: a.data.likes, [`items[${j}].liked`]: a.data.liked });
    },

    onRetry(): void {
      void this.load();
    },
  },
});
