/**
 * 我的驻村记实 (`?month=`), for the cadre: a month's logs (`workLog.mine`), newest first, and
 * 本月记实天数 (`logDays`: a day with one log or more counts once; where a county pays the
 * allowance by log days, this is what it counts). The month picker goes back in time; 写记实
 * opens the form; a tap opens a log. Coming back reads the month again (a log just written).
 */
import { call } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { monthText, pickedMonth } from '../../../../utils/day';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { isMonth } from '../../../../utils/scoring';
import { LOG_ROUTES, logItem } from '../log';
import type { LogItem } from '../log';

type Status = 'loading' | 'ok' | 'notCadre' | 'unbound' | 'error';

interface Item extends LogItem {
  canEdit: boolean;
}

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
    month: '',
    monthText: '',
    /** The server's month and day (the picker ends there). */
    thisMonth: '',
    today: '',
    logDays: 0,
    items: [] as Item[],
    /** Logs written today (shown in this month only). */
    todayCount: 0,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const month = queryValue(query, 'month');
      void this.load(isMonth(month) ? month : '');
    },

    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      if (this.data.status === 'ok') void this.load(this.data.month, true);
    },

    /** A month's logs ('' for the server's current month); `quiet` keeps the page while reading. */
    async load(month: string, quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('workLog.mine', month ? { month } : {});
      if (seq !== s.seq) return;
      if (!a.ok) {
        if (a.code === 'forbidden') this.setData({ status: 'notCadre' });
        else if (a.code === 'not_bound') this.setData({ status: 'unbound' });
        else if (!quiet) this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const d = a.data;
      const items = d.items.map((l) => ({ ...logItem(l), canEdit: l.canEdit }));
      this.setData({
        status: 'ok',
        month: d.month,
        monthText: monthText(d.month),
        thisMonth: d.today.slice(0, 7),
        today: d.today,
        logDays: d.logDays,
        items,
        todayCount: items.filter((i) => i.date === d.today).length,
      });
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      const month = pickedMonth(e.detail.value);
      if (!month || month === this.data.month || (this.data.thisMonth && month > this.data.thisMonth)) return;
      this.setData({ month, monthText: monthText(month) });
      void this.load(month);
    },

    onWrite(): void {
      go(LOG_ROUTES.write);
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(LOG_ROUTES.detail, { id }));
    },

    onPullDownRefresh(): void {
      void this.load(this.data.month, true).then(() => wx.stopPullDownRefresh());
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load(this.data.month);
    },
  },
});
