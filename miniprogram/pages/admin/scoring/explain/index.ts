/**
 * 考核得分说明 for staff (`?personId=&period=`, from 考核排名): one cadre's score of a period opened
 * to its records (`scoring.explain`), as the cadre sees it on 我的考核 — the total and grade, each
 * item with its points and how it is counted, a tap opening its lines and the records behind
 * each, an item lost at once (一次扣完) with why; for a quarter, the months it averages.
 */
import { call } from '../../../../api/index';
import { shortTime } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { explanationView, isPeriod, periodText, toggleItem } from '../../../../utils/scoring';
import type { ExplanationView } from '../../../../utils/scoring';
import { staffRoles } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'notFound' | 'error';

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    personId: '',
    period: '',
    periodText: '',
    score: null as ExplanationView | null,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const personId = queryValue(query, 'personId');
      const period = queryValue(query, 'period');
      this.setData({ personId, period: isPeriod(period) ? period : '', periodText: isPeriod(period) ? periodText(period) : '' });
      void this.load();
    },

    async load(): Promise<void> {
      if (!(await staffRoles(this))) return;
      const { personId, period } = this.data;
      if (!personId || !period) {
        this.setData({ status: 'notFound', error: '' });
        return;
      }
      const a = await call('scoring.explain', { personId, period });
      if (!a.ok) {
        // No score of the period is refused like one out of scope.
        this.setData({ status: a.code === 'forbidden' || a.code === 'not_found' || a.code === 'invalid_input' ? 'notFound' : 'error', error: a.message });
        return;
      }
      this.setData({ status: 'ok', score: explanationView(a.data, shortTime(a.data.computedAt)) });
    },

    onItem(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '');
      if (this.data.score) this.setData({ score: toggleItem(this.data.score, key) });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },
  },
});
