/**
 * 工作动态完成情况 for city and county organisation staff (`?unitId=&week=`): a week's districts
 * (区/县) against their weekly quota (`workUpdate.figure`) — each district's quota (and whether its
 * county, its city or the default set it), the posts counted, 达标 or 未达标 — and how many met
 * it. This week by default; 上一周 / 下一周, or any day picked, shows that day's week.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, phoneNow } from '../../../../utils/day';
import { queryValue } from '../../../../utils/nav';
import { staffRoles } from '../../../../utils/staff-page';
import { addDays, FIELD_LABELS, weekOfDay } from '../update';

type Status = 'loading' | 'ok' | 'forbidden' | 'noUnit' | 'error';
type Figure = OutputOf<'workUpdate.figure'>;
type QuotaFrom = Figure['districts'][number]['quotaFrom'];

const QUOTA_FROM: Record<QuotaFrom, string> = { county: '县（区）设定', city: '市设定', default: '默认' };

interface Row {
  id: string;
  name: string;
  quota: string;
  count: number;
  met: boolean;
  result: string;
}

interface State {
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { seq: 0 }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    units: [] as { id: string; name: string }[],
    unitNames: [] as string[],
    unitIndex: 0,
    unitId: '',
    today: '',
    /** The week asked for ('' : this week, as the server counts it) and the one shown. */
    week: '',
    weekLabel: '',
    /** The Monday of the week shown (`YYYY-MM-DD`): the steps to the weeks around it. */
    monday: '',
    isCurrent: true,
    figureStatus: 'loading' as 'loading' | 'ok' | 'refused' | 'error',
    figureError: '',
    rows: [] as Row[],
    met: 0,
    total: 0,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const asked = queryValue(query, 'week');
      this.setData({ today: beijingToday(phoneNow()), week: /^\d{4}-W\d{2}$/.test(asked) ? asked : '' });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(askedId: string): Promise<void> {
      const roles = await staffRoles(this);
      if (!roles) return;
      // The figure is of a city or a county: the caller's own (the link's first, the server decides on it).
      const units = roles.filter((r) => r.level === 'city' || r.level === 'county').map((r) => ({ id: r.orgUnitId, name: r.unitName || r.orgUnitId }));
      const own = units.filter((u, i) => units.findIndex((x) => x.id === u.id) === i);
      if (askedId && !own.some((u) => u.id === askedId)) own.unshift({ id: askedId, name: '所选单位' });
      if (!own.length) return this.setData({ status: 'noUnit' });
      const i = Math.max(0, own.findIndex((u) => u.id === askedId));
      this.setData({ status: 'ok', units: own, unitNames: own.map((u) => u.name), unitIndex: i, unitId: own[i]!.id });
      await this.loadFigure();
    },

    async loadFigure(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, week } = this.data;
      this.setData({ figureStatus: 'loading', figureError: '' });
      const a = await call('workUpdate.figure', { unitId, ...(week ? { week } : {}) });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ figureStatus: a.code === 'forbidden' ? 'refused' : 'error', figureError: errorText(a, FIELD_LABELS), rows: [] });
        return;
      }
      const w = a.data.weeks[0]!;
      const rows = a.data.districts.map((d): Row => {
        const cell = d.weeks[0] ?? { count: 0, met: d.quota === 0 };
        return { id: d.id, name: d.name, quota: `${d.quota} 条（${QUOTA_FROM[d.quotaFrom] ?? ''}）`, count: cell.count, met: cell.met, result: cell.met ? '达标' : '未达标' };
      });
      const i = this.data.units.findIndex((u) => u.id === a.data.unit.id);
      this.setData({
        figureStatus: 'ok',
        week: w.week,
        weekLabel: w.label,
        monday: beijingToday(Date.parse(w.start)),
        isCurrent: w.current,
        rows,
        met: a.data.byWeek[0]?.met ?? a.data.met,
        total: a.data.total,
        ...(i >= 0 && this.data.units[i]!.name === '所选单位' ? { [`units[${i}].name`]: a.data.unit.name, [`unitNames[${i}]`]: a.data.unit.name } : {}),
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const u = this.data.units[i];
      if (!u || u.id === this.data.unitId) return;
      this.setData({ unitIndex: i, unitId: u.id });
      void this.loadFigure();
    },

    showWeek(week: string): void {
      if (!week || week === this.data.week || this.data.figureStatus === 'loading') return;
      this.setData({ week });
      void this.loadFigure();
    },

    onPrevWeek(): void {
      if (this.data.monday) this.showWeek(weekOfDay(addDays(this.data.monday, -7)));
    },

    onNextWeek(): void {
      if (this.data.monday && !this.data.isCurrent) this.showWeek(weekOfDay(addDays(this.data.monday, 7)));
    },

    onThisWeek(): void {
      this.showWeek(weekOfDay(beijingToday(phoneNow())));
    },

    onPickDay(e: WechatMiniprogram.PickerChange): void {
      this.showWeek(weekOfDay(String(e.detail.value)));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigure();
    },
  },
});
