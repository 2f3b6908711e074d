/**
 * 驻村辅导, for the cadre: the questions they asked (`question.mine`), newest first, 20 at a
 * time — each with its status (待解答 / 已解答 / 已解决), topic, date and how many answers; one
 * answered stands out (it waits for them to read it, mark it solved or ask once more). 我要提问
 * opens the form; a tap opens the question; coming back reads the list again.
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { go, withQuery } from '../../../../utils/nav';
import { QUESTION_ROUTES, questionItem } from '../question';
import type { QuestionItem } from '../question';

type Status = 'loading' | 'ok' | 'notCadre' | 'error';

const PAGE = 20;

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
    items: [] as QuestionItem[],
    total: 0,
    loadingMore: false,
    moreError: '',
  },

  methods: {
    onLoad(): void {
      void this.load();
    },

    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      if (this.data.status === 'ok' && !this.data.loadingMore) void this.load(true);
    },

    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ status: 'loading', error: '', moreError: '' });
      const a = await call('question.mine', { skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound') this.setData({ status: 'notCadre' });
        else if (!quiet) this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      this.setData({ status: 'ok', items: a.data.items.map(questionItem), total: a.data.total });
    },

    async onMore(): Promise<void> {
      const { items, total, loadingMore } = this.data;
      if (loadingMore || items.length >= total) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true, moreError: '' });
      const a = await call('question.mine', { skip: items.length, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, moreError: errorText(a) });
        return;
      }
      const have = new Set(items.map((i) => i.id));
      this.setData({ loadingMore: false, total: a.data.total, items: [...items, ...a.data.items.filter((q) => !have.has(q.id)).map(questionItem)] });
    },

    onReachBottom(): void {
      void this.onMore();
    },

    onPullDownRefresh(): void {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },

    onAsk(): void {
      go(QUESTION_ROUTES.ask);
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
