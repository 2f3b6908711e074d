/**
 * 我的诉求 · 详情 (`?id=`), for the villager who raised it: `complaint.track` gives their words
 * and photos, the record of every step (what, which unit, when, and its note — never who), the
 * answer with its photos, and the rating. When it can be rated (`canRate`), three big buttons
 * 满意 / 基本满意 / 不满意 and an optional comment; a tap picks one, 提交评价 sends
 * `complaint.rate`. 不满意 sends it back to be handled again, once; the page says so before.
 * Photos open full screen (`wx.previewImage`).
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { shortTime } from '../../../utils/day';
import { go, queryValue, ROUTES } from '../../../utils/nav';
import { RATINGS, statusClass, unitText } from '../villager';
import type { Rating, Tracked } from '../villager';

type Status = 'loading' | 'ok' | 'notFound' | 'noId' | 'error';

interface StepRow {
  key: string;
  name: string;
  unit: string;
  time: string;
  note: string;
}

interface View {
  id: string;
  text: string;
  categoryName: string;
  statusName: string;
  statusCls: string;
  raised: string;
  village: string;
  dept: string;
  confidential: boolean;
  photos: string[];
  steps: StepRow[];
  answer: { text: string; unit: string; time: string; photos: string[] } | null;
  rating: { name: string; comment: string } | null;
  canRate: boolean;
  /** It was sent back once already: this answer's rating is the last. */
  reopened: boolean;
}

function viewOf(c: Tracked): View {
  return {
    id: c.id,
    text: c.text,
    categoryName: c.categoryName,
    statusName: c.statusName,
    statusCls: statusClass(c.status),
    raised: shortTime(c.raisedAt),
    village: c.villageName,
    dept: unitText(c.deptName ?? ''),
    confidential: c.confidential,
    photos: c.photos,
    // Newest first: the villager wants to know where it stands now.
    steps: c.steps
      .map((s, i) => ({ key: `${i}`, name: s.name, unit: unitText(s.unitName), time: shortTime(s.at), note: unitText(s.note) }))
      .reverse(),
    answer: c.answer ? { text: c.answer.text, unit: unitText(c.answer.unitName), time: shortTime(c.answer.at), photos: c.answer.photos } : null,
    rating: c.rating ? { name: c.rating.name, comment: c.rating.comment } : null,
    canRate: c.canRate,
    reopened: c.reopened,
  };
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    c: null as View | null,
    ratings: RATINGS,
    /** The rating picked, before it is sent. */
    picked: '' as Rating | '',
    comment: '',
    rating: false,
    rateError: '',
    /** Said after a rating went through. */
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const id = queryValue(query, 'id');
      this.setData({ id });
      if (!id) {
        this.setData({ status: 'noId' });
        return;
      }
      void this.load();
    },

    /** `quiet`: keep the page while reading. */
    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('complaint.track', { id: this.data.id });
      if (!a.ok) {
        if (a.code === 'not_found' || a.code === 'invalid_input') this.setData({ status: 'notFound' });
        else if (!quiet) this.setData({ status: 'error', error: a.message });
        return;
      }
      this.setData({ status: 'ok', c: viewOf(a.data) });
    },

    onPick(e: WechatMiniprogram.TouchEvent): void {
      const value = String(e.currentTarget.dataset.value ?? '') as Rating;
      if (!RATINGS.some((r) => r.value === value) || this.data.rating) return;
      this.setData({ picked: value, rateError: '' });
    },

    onComment(e: WechatMiniprogram.Input): void {
      this.setData({ comment: e.detail.value, rateError: '' });
    },

    async onRate(): Promise<void> {
      const { picked, comment, id, rating } = this.data;
      if (rating) return;
      if (!picked) {
        this.setData({ rateError: '请先点一下“满意”“基本满意”或“不满意”' });
        return;
      }
      this.setData({ rating: true, rateError: '' });
      const a = await call('complaint.rate', { id, value: picked, comment: comment.trim() });
      if (!a.ok) {
        this.setData({ rating: false, rateError: errorText(a, { comment: '意见' }) });
        // Rated meanwhile (on another phone), or closed: show how it stands now.
        if (a.code === 'conflict') await this.load(true);
        return;
      }
      const back = a.data.status === 'dispatched';
      this.setData({
        rating: false,
        picked: '',
        comment: '',
        c: viewOf(a.data),
        notice: back ? '已退回重新办理。办好后会再请您评价。' : '谢谢您的评价，这件事已办结。',
      });
      wx.showToast({ title: '评价已提交', icon: 'success', duration: 1500 });
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const which = String(e.currentTarget.dataset.which ?? '');
      const url = String(e.currentTarget.dataset.url ?? '');
      const c = this.data.c;
      if (!c || !url) return;
      const urls = which === 'answer' ? (c.answer?.photos ?? []) : c.photos;
      wx.previewImage({ urls, current: url });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    onMine(): void {
      go(ROUTES.complaintMine);
    },
  },
});
