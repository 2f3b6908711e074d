/**
 * A training session's attendance (`?sessionId=`), for staff: the course, when and where, the
 * counts (报名, 已签到, 迟到, 缺席 once it has ended, else 未签到), and each enrolled cadre with
 * how they stand and when they checked in at the venue. 刷新 reads it again (during the session).
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { clockText } from '../../../utils/day';
import { queryValue } from '../../../utils/nav';
import { sessionLine } from '../training';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';

interface Row {
  id: string;
  name: string;
  village: string;
  /** `已签到 08:45（距培训地点 120 米）`, `迟到 09:20`, `缺席`, `未签到`. */
  state: string;
  status: string;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    sessionId: '',
    title: '',
    line: '',
    counts: '',
    ended: false,
    rows: [] as Row[],
    refreshing: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ sessionId: queryValue(query, 'sessionId') });
      void this.load();
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('training.attendance', { sessionId: this.data.sessionId });
      this.setData({ refreshing: false });
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound' || a.code === 'invalid_input') this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const { session: s, counts: c, items } = a.data;
      this.setData({
        status: 'ok',
        title: `${s.courseName}（${s.kindName}）`,
        line: sessionLine(s),
        ended: s.ended,
        counts: `报名 ${c.enrolled} 人 · 已签到 ${c.present} 人 · 迟到 ${c.late} 人 · ${s.ended ? `缺席 ${c.absent} 人` : `未签到 ${c.pending} 人`}`,
        rows: items.map((e) => ({
          id: e.id,
          name: e.personName,
          village: e.villageName,
          status: e.status,
          state: e.checkedInAt ? `${e.statusName} ${clockText(e.checkedInAt)}${e.distanceM !== null ? `（距培训地点 ${e.distanceM} 米）` : ''}` : e.statusName,
        })),
      });
    },

    onRefresh(): void {
      if (this.data.refreshing) return;
      this.setData({ refreshing: true });
      void this.load(true);
    },

    onRetry(): void {
      void this.load();
    },
  },
});
