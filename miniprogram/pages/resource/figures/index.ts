/**
 * 帮扶统计 (`?unitId=`), for organisation staff: a unit's projects and funds (`resource.figures`)
 * — how many, how much (元 and 万元), how many confirmed (核实), how many 好事实事 — with bars by
 * village, township or county (a county or city picks the level of its rows), and by kind, source
 * and status; 只看已核实 counts the confirmed projects only. 导出台账 makes the 帮扶项目台账
 * (the `ledger` function) and opens it.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { queryValue } from '../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../utils/staff-page';
import { openResourceLedger } from '../resource';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Figures = OutputOf<'resource.figures'>;
type By = Figures['by'];

interface Bar {
  key: string;
  name: string;
  /** `3 个 · 1,558,001.25元`. */
  text: string;
  /** The bar's width, percent of the largest amount shown with it (at least a sliver when it has any). */
  width: number;
  zero: boolean;
}

function bars(list: { key: string; name: string; count: number; amountFen: number; amountText: string }[], extra: (i: number) => string = () => ''): Bar[] {
  const max = Math.max(0, ...list.map((b) => b.amountFen));
  return list.map((b, i) => ({
    key: b.key,
    name: b.name,
    text: `${b.count} 个 · ${b.amountText}${extra(i)}`,
    width: max > 0 ? Math.max(b.amountFen > 0 ? 2 : 0, Math.round((b.amountFen / max) * 100)) : 0,
    zero: b.count === 0,
  }));
}

/** The levels a unit's rows may be at (under it). */
const BY_CHOICES: Record<string, { key: By; name: string }[]> = {
  city: [
    { key: 'county', name: '按县（区）' },
    { key: 'township', name: '按乡镇（街道）' },
    { key: 'village', name: '按村（社区）' },
  ],
  county: [
    { key: 'township', name: '按乡镇（街道）' },
    { key: 'village', name: '按村（社区）' },
  ],
};

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
    ...unitPageData(),
    confirmedOnly: false,
    by: '' as By | '',
    byChoices: [] as { key: By; name: string }[],
    figuresStatus: 'loading' as Status,
    figuresError: '',
    total: null as Figures['total'] | null,
    byName: '',
    rows: [] as Bar[],
    byKind: [] as Bar[],
    bySource: [] as Bar[],
    byStatus: [] as Bar[],
    exporting: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadFigures(), fillUnitPicker(this, roots)]);
    },

    async loadFigures(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, confirmedOnly, by } = this.data;
      this.setData({ figuresStatus: 'loading', figuresError: '' });
      const a = await call('resource.figures', { unitId, confirmedOnly, ...(by ? { by } : {}) });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ figuresStatus: a.code === 'forbidden' ? 'forbidden' : 'error', figuresError: errorText(a), total: null, rows: [] });
        return;
      }
      const f = a.data;
      const rowBars = bars(
        f.rows.map((r) => ({ key: r.id, name: r.name, count: r.count, amountFen: r.amountFen, amountText: r.amountText })),
        (i) => (confirmedOnly ? '' : `，已核实 ${f.rows[i]!.confirmedCount} 个`),
      );
      this.setData({
        figuresStatus: 'ok',
        total: f.total,
        by: f.by,
        byName: f.byName,
        byChoices: BY_CHOICES[f.unit.level] ?? [],
        rows: f.unit.level === 'village' ? [] : rowBars,
        byKind: bars(f.byKind),
        bySource: bars(f.bySource),
        byStatus: bars(f.byStatus),
        ...(this.data.unitName ? {} : { unitName: f.unit.name }),
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value, { by: '' })) void this.loadFigures();
    },

    onConfirmedOnly(e: WechatMiniprogram.TouchEvent): void {
      const on = String(e.currentTarget.dataset.on) === 'true';
      if (on === this.data.confirmedOnly) return;
      this.setData({ confirmedOnly: on });
      void this.loadFigures();
    },

    onBy(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '') as By;
      if (key === this.data.by || !this.data.byChoices.some((c) => c.key === key)) return;
      this.setData({ by: key });
      void this.loadFigures();
    },

    async onExport(): Promise<void> {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      await openResourceLedger({ unitId: this.data.unitId, confirmedOnly: this.data.confirmedOnly });
      this.setData({ exporting: false });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigures();
    },
  },
});
