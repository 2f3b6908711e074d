/**
 * Who viewed my location (issue 5, item 6): every time staff open a cadre's check-ins — a
 * unit's day in the location ledger, or the cadre's month — the server writes an access record;
 * here the cadre sees who, when (Beijing time) and what.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { beijingTime } from '../../../utils/day';
import { go, ROUTES } from '../../../utils/nav';

type Status = 'loading' | 'ok' | 'unbound' | 'notCadre' | 'error';
type Access = OutputOf<'checkin.viewers'>[number];

const WHAT_NAMES: Record<Access['what'], string> = {
  ledger: '位置共享台账',
  history: '月度签到记录',
  spotCheck: '约请响应',
};

interface Row {
  key: string;
  who: string;
  when: string;
  what: string;
  detail: string;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    rows: [] as Row[],
  },

  lifetimes: {
    attached(): void {
      void this.load();
    },
  },

  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('checkin.viewers', { limit: 100 });
      if (!a.ok) {
        if (a.code === 'not_bound') this.setData({ status: 'unbound' });
        else if (a.code === 'forbidden') this.setData({ status: 'notCadre' });
        else this.setData({ status: 'error', error: a.message });
        return;
      }
      const rows = a.data.map((v, i) => ({ key: `${v.at}-${i}`, who: v.viewerName || '组织部门', when: beijingTime(v.at), what: WHAT_NAMES[v.what] ?? v.what, detail: v.detail }));
      this.setData({ status: 'ok', rows });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    onBind(): void {
      go(ROUTES.bind);
    },
  },
});
