/**
 * 走访统计 (`?unitId=&period=`), for organisation staff: a unit's month or quarter — 走访率 (按计划走访的户次
 * / 计划户次), 覆盖率 (走访过的户 / 在册户), 问题化解率 (已办结或已答复 / 走访发现的问题), 请假人次, plans
 * fulfilled and visits — in total and by village (a township) or by township (a county; a city by
 * county too). Where a county or the city has published the period's results, the figures are
 * the ones frozen with that publication (the banner says which); otherwise they are live.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, phoneNow, shortTime } from '../../../utils/day';
import { go, queryValue, withQuery } from '../../../utils/nav';
import { periodText, recentPeriods } from '../../../utils/scoring';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../utils/staff-page';
import { figureView, VISIT_ROUTES } from '../visit';
import type { FigureView } from '../visit';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Figures = OutputOf<'visit.figures'>;

/** This month and quarter (live), then the months and quarters that are over. */
function periodsOn(today: string): { period: string; label: string }[] {
  const month = today.slice(0, 7);
  const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  const over = recentPeriods(today);
  return [{ period: month, label: `${periodText(month)}（本月）` }, ...over.filter((p) => !p.period.includes('Q')), { period: quarter, label: `${periodText(quarter)}（本季度）` }, ...over.filter((p) => p.period.includes('Q'))];
}

Component({
  data: {
    ...unitPageData(),
    periods: [] as { period: string; label: string }[],
    periodLabels: [] as string[],
    periodIndex: 0,
    period: '',
    figuresStatus: 'loading' as Status,
    figuresError: '',
    title: '',
    frozen: '',
    rowsLive: false,
    byLabel: '',
    total: null as FigureView | null,
    rows: [] as FigureView[],
    counties: [] as FigureView[],
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const periods = periodsOn(beijingToday(phoneNow()));
      const asked = queryValue(query, 'period');
      const i = Math.max(0, periods.findIndex((p) => p.period === asked));
      this.setData({ periods, periodLabels: periods.map((p) => p.label), periodIndex: i, period: periods[i]!.period });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadFigures(), fillUnitPicker(this, roots)]);
    },

    async loadFigures(): Promise<void> {
      const { unitId, period } = this.data;
      this.setData({ figuresStatus: 'loading', figuresError: '' });
      const a = await call('visit.figures', { unitId, period });
      if (unitId !== this.data.unitId || period !== this.data.period) return;
      if (!a.ok) {
        this.setData({ figuresStatus: a.code === 'forbidden' ? 'forbidden' : 'error', figuresError: errorText(a), rows: [], total: null, counties: [] });
        return;
      }
      this.show(a.data);
    },

    show(d: Figures): void {
      this.setData({
        figuresStatus: 'ok',
        title: `${d.unit.name} ${d.periodText}驻点联系情况`,
        frozen: d.frozen ? `以下为${d.frozen.unitName}${shortTime(d.frozen.at)}公布（第${d.frozen.version}版）时的数据${d.rowsLive ? '；各村明细为实时数据' : ''}` : '',
        rowsLive: d.rowsLive,
        byLabel: d.by === 'village' ? '村（社区）' : '乡镇（街道）',
        total: figureView(d.total),
        rows: d.rows.map(figureView),
        counties: d.byCounty.map(figureView),
        ...(this.data.unitName ? {} : { unitName: d.unit.name }),
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadFigures();
    },

    onPickPeriod(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const p = this.data.periods[i];
      if (!p || p.period === this.data.period) return;
      this.setData({ periodIndex: i, period: p.period });
      void this.loadFigures();
    },

    onProblems(): void {
      go(withQuery(VISIT_ROUTES.problems, { unitId: this.data.unitId, period: this.data.period }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigures();
    },
  },
});
