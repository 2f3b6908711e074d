/**
 * 走访问题 (`?id=`), for the cadres of the village: a problem raised in a visit, where it stands
 * (each step by unit and time), the department's answer, and — for the cadre who raised it, or
 * one present at the visit, once it is answered — the 回访 on the household's behalf (满意 /
 * 基本满意 / 不满意, with a word; 不满意 sends it back to the department once).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { shortTime } from '../../../utils/day';
import { undoubled } from '../../../utils/complaint-staff';
import { queryValue } from '../../../utils/nav';

type Status = 'loading' | 'ok' | 'forbidden' | 'notFound' | 'error';
type Problem = OutputOf<'visit.problem'>;

const RATINGS = [
  { key: 'satisfied', label: '满意' },
  { key: 'basicallySatisfied', label: '基本满意' },
  { key: 'unsatisfied', label: '不满意' },
] as const;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    id: '',
    household: '',
    text: '',
    statusName: '',
    categoryName: '',
    dept: '',
    deadline: '',
    overdue: false,
    answer: null as { text: string; unit: string; at: string } | null,
    rating: '',
    canRate: false,
    reopened: false,
    steps: [] as { key: string; name: string; at: string; unit: string; note: string }[],
    ratings: RATINGS.map((r) => ({ key: r.key, label: r.label })),
    chosen: '',
    comment: '',
    rateError: '',
    rating_: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ id: queryValue(query, 'id') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('visit.problem', { id: this.data.id });
      if (!a.ok) {
        this.setData({ status: a.code === 'forbidden' ? 'forbidden' : a.code === 'not_found' || a.code === 'invalid_input' ? 'notFound' : 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(p: Problem): void {
      this.setData({
        status: 'ok',
        household: `${p.householdName}（${p.householdGroup}）`,
        text: p.text,
        statusName: p.statusName,
        categoryName: p.categoryName,
        dept: undoubled(p.deptName),
        deadline: p.deadline ? shortTime(p.deadline) : '',
        overdue: p.overdue,
        answer: p.answer ? { text: p.answer.text, unit: undoubled(p.answer.unitName), at: shortTime(p.answer.at) } : null,
        rating: p.rating ? `${p.rating.name}${p.rating.comment ? `：${p.rating.comment}` : ''}` : '',
        canRate: p.canRate,
        reopened: p.reopened,
        steps: p.steps.map((s, i) => ({ key: `${i}`, name: s.name, at: shortTime(s.at), unit: undoubled(s.unitName), note: undoubled(s.note) })),
      });
    },

    onChoose(e: WechatMiniprogram.TouchEvent): void {
      this.setData({ chosen: String(e.currentTarget.dataset.key ?? ''), rateError: '' });
    },

    onComment(e: WechatMiniprogram.Input): void {
      this.setData({ comment: e.detail.value });
    },

    async onRate(): Promise<void> {
      if (this.data.rating_) return;
      const value = RATINGS.find((r) => r.key === this.data.chosen)?.key;
      if (!value) {
        this.setData({ rateError: '请先选择群众的评价' });
        return;
      }
      this.setData({ rating_: true, rateError: '' });
      const a = await call('visit.rate', { id: this.data.id, value, comment: this.data.comment.trim() });
      if (!a.ok) {
        this.setData({ rating_: false, rateError: errorText(a) });
        return;
      }
      this.setData({ rating_: false, chosen: '', comment: '' });
      wx.showToast({ title: a.data.reopened && a.data.status === 'dispatched' ? '已退回部门重新办理' : '已回访', icon: 'none', duration: 2000 });
      void this.load();
    },

    onRetry(): void {
      void this.load();
    },
  },
});
