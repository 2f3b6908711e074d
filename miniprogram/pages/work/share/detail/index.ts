/**
 * A shared post (`?id=`): its title, text and photos (full screen on a tap), author, village and
 * time, 精选 (and who chose it), likes and every comment. Cadres of the county like it and
 * comment (a clientId per comment, so a retried comment is one); a comment is deleted by its
 * author or by staff over the post (the server says which, `canDelete`), after a confirming tap;
 * staff over the post 设为精选 / 取消精选; the author 撤回 it (with an optional reason).
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { newClientId } from '../../../../utils/location';
import { queryValue } from '../../../../utils/nav';
import { commentView, FIELD_LABELS, MAX_COMMENT, postView } from '../share';
import type { PostView } from '../share';

type Status = 'loading' | 'ok' | 'forbidden' | 'notFound' | 'error';

interface State {
  /** Made once per comment, kept across its retries. */
  commentClientId: string;
  gone: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { commentClientId: newClientId(), gone: false }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    p: null as PostView | null,
    isCadre: false,
    liking: false,
    comment: '',
    maxComment: MAX_COMMENT,
    commenting: false,
    commentError: '',
    /** The comment whose 删除 was tapped (a second tap deletes it). */
    deleteId: '',
    deleting: false,
    featuring: false,
    withdrawOpen: false,
    withdrawReason: '',
    withdrawing: false,
    actionError: '',
    notice: '',
  },

  lifetimes: {
    attached(): void {
      stateOf(this).gone = false;
    },
    detached(): void {
      stateOf(this).gone = true;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      this.setData({ id });
      void this.load();
    },

    async load(): Promise<void> {
      const { id } = this.data;
      if (!id) return this.setData({ status: 'notFound' });
      this.setData({ status: 'loading', error: '' });
      const [a, me] = await Promise.all([call('share.get', { id }), call('people.me')]);
      if (stateOf(this).gone) return;
      if (!a.ok) {
        const status: Status = a.code === 'not_found' ? 'notFound' : a.code === 'forbidden' || a.code === 'not_bound' ? 'forbidden' : 'error';
        this.setData({ status, error: a.message });
        return;
      }
      this.setData({ status: 'ok', p: postView(a.data), isCadre: me.ok && me.data.roles.some((r) => r.role === 'cadre') });
    },

    /** Read the post again, keeping the page (after an action whose answer does not carry it all). */
    async reload(): Promise<void> {
      const a = await call('share.get', { id: this.data.id });
      if (stateOf(this).gone) return;
      if (a.ok) this.setData({ p: postView(a.data) });
      else if (a.code === 'not_found') this.setData({ status: 'notFound', error: a.message });
    },

    onPhoto(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (this.data.p && url) wx.previewImage({ urls: this.data.p.photos, current: url });
    },

    async onLike(): Promise<void> {
      const p = this.data.p;
      if (!p || !this.data.isCadre || this.data.liking || p.withdrawn) return;
      this.setData({ liking: true, actionError: '' });
      const a = await call('share.like', { id: p.id, like: !p.liked });
      if (stateOf(this).gone) return;
      if (!a.ok) return this.setData({ liking: false, actionError: errorText(a) });
      this.setData({ liking: false, 'p.likes': a.data.likes, 'p.liked': a.data.liked });
    },

    // ── Comments ───────────────────────────────────────────────────────────────────────────────
    onComment(e: WechatMiniprogram.Input): void {
      this.setData({ comment: e.detail.value, commentError: '' });
    },

    async onSendComment(): Promise<void> {
      const p = this.data.p;
      const text = this.data.comment.trim();
      if (!p || this.data.commenting) return;
      if (!text) return this.setData({ commentError: '请填写评论' });
      if (text.length > MAX_COMMENT) return this.setData({ commentError: `评论最多${MAX_COMMENT}字` });
      const s = stateOf(this);
      this.setData({ commenting: true, commentError: '' });
      const a = await call('share.comment', { id: p.id, clientId: s.commentClientId, text });
      if (s.gone) return;
      if (!a.ok) {
        const retry = a.code === 'network' ? '。评论还在，请再点“发表”' : '';
        this.setData({ commenting: false, commentError: `${errorText(a)}${retry}` });
        return;
      }
      s.commentClientId = newClientId();
      const have = this.data.p!.comments.some((c) => c.id === a.data.comment.id);
      this.setData({
        commenting: false,
        comment: '',
        'p.commentCount': a.data.commentCount,
        ...(have ? {} : { 'p.comments': [...this.data.p!.comments, commentView(a.data.comment)] }),
      });
    },

    onDeleteComment(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!this.data.deleting) this.setData({ deleteId: this.data.deleteId === id ? '' : id, actionError: '' });
    },

    onCancelDelete(): void {
      if (!this.data.deleting) this.setData({ deleteId: '' });
    },

    async onConfirmDelete(): Promise<void> {
      const { p, deleteId, deleting } = this.data;
      if (!p || !deleteId || deleting) return;
      this.setData({ deleting: true, actionError: '' });
      const a = await call('share.deleteComment', { id: p.id, commentId: deleteId });
      if (stateOf(this).gone) return;
      if (!a.ok) return this.setData({ deleting: false, actionError: errorText(a) });
      this.setData({ deleting: false, deleteId: '', 'p.commentCount': a.data.commentCount, 'p.comments': this.data.p!.comments.filter((c) => c.id !== deleteId), notice: '评论已删除' });
    },

    // ── Staff: 精选 ────────────────────────────────────────────────────────────────────────────
    async onFeature(): Promise<void> {
      const p = this.data.p;
      if (!p || !p.canFeature || this.data.featuring) return;
      this.setData({ featuring: true, actionError: '', notice: '' });
      const a = await call('share.feature', { id: p.id, featured: !p.featured });
      if (stateOf(this).gone) return;
      if (!a.ok) return this.setData({ featuring: false, actionError: errorText(a) });
      this.setData({
        featuring: false,
        'p.featured': a.data.featured,
        'p.featuredBy': a.data.featured && a.data.featuredByName ? `${a.data.featuredByName} 设为精选` : '',
        notice: a.data.featured ? '已设为精选，在“精选在前”中排在前面' : '已取消精选',
      });
    },

    // ── The author: 撤回 ───────────────────────────────────────────────────────────────────────
    onWithdraw(): void {
      if (!this.data.withdrawing) this.setData({ withdrawOpen: true, withdrawReason: '', actionError: '', notice: '' });
    },

    onWithdrawReason(e: WechatMiniprogram.Input): void {
      this.setData({ withdrawReason: e.detail.value });
    },

    onCancelWithdraw(): void {
      if (!this.data.withdrawing) this.setData({ withdrawOpen: false });
    },

    async onConfirmWithdraw(): Promise<void> {
      const p = this.data.p;
      if (!p || this.data.withdrawing) return;
      this.setData({ withdrawing: true, actionError: '' });
      const a = await call('share.withdraw', { id: p.id, reason: this.data.withdrawReason.trim() });
      if (stateOf(this).gone) return;
      if (!a.ok) return this.setData({ withdrawing: false, actionError: errorText(a, FIELD_LABELS) });
      this.setData({ withdrawing: false, withdrawOpen: false, notice: '已撤回，其他人不再看到这条分享' });
      await this.reload();
    },

    onRetry(): void {
      void this.load();
    },
  },
});
