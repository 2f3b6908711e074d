/**
 * 考核排名 for staff (`?unitId=&period=`): a unit's cadres ranked by their score of a month or a
 * quarter (`scoring.ranking`: rank, ties sharing one, name, village, total, grade), 20 at a time
 * with 加载更多; above them a bar chart of the child units' average totals (`<canvas type="2d">`,
 * and the same figures as text below it). 重新计算 computes the period again (`scoring.recompute`,
 * a published version stays as it was); a row opens the cadre's score with its records
 * (考核得分说明), and a county's or the city's ranking links to 考核公布. The picker offers the
 * last 12 months and the last 4 quarters that are over.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, phoneNow, shortTime } from '../../../../utils/day';
import { go, queryValue, ROUTES, withQuery } from '../../../../utils/nav';
import type { Level } from '../../../../utils/roles';
import { emptyPeriodPicker, periodPicker, periodText } from '../../../../utils/scoring';
import type { Grade } from '../../../../utils/scoring';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Ranking = OutputOf<'scoring.ranking'>;
type ChartRow = Ranking['chart'][number];

/** Rows per read. */
const PAGE = 20;

interface Row {
  personId: string;
  rank: number;
  name: string;
  kindName: string;
  villageName: string;
  total: number;
  grade: Grade | null;
  gradeName: string;
}

interface Bar {
  unitId: string;
  name: string;
  average: number;
  /** `双龙镇 平均 76.4 分（8 人）`. */
  text: string;
}

const rowOf = (r: Ranking['rows'][number]): Row => ({ personId: r.personId, rank: r.rank, name: r.name, kindName: r.kindName, villageName: r.villageName, total: r.total, grade: r.grade, gradeName: r.gradeName });
const barOf = (c: ChartRow): Bar => ({ unitId: c.unitId, name: c.name, average: c.average, text: `${c.name} 平均 ${c.average} 分（${c.count} 人）` });

/** The part of a 2d canvas the chart draws with. */
interface Ctx2D {
  fillStyle: string;
  font: string;
  textAlign: string;
  textBaseline: string;
  scale(x: number, y: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
}
interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): Ctx2D | null;
}
interface CanvasInfo {
  node?: CanvasNode;
  width?: number;
  height?: number;
}

function pixelRatio(): number {
  try {
    return wx.getWindowInfo().pixelRatio || 2;
  } catch {
    return 2;
  }
}

/** Horizontal bars, one per child unit: its name, a bar of its average (of 100 points), the figure. */
function drawBars(info: CanvasInfo | null | undefined, bars: readonly Bar[]): boolean {
  const canvas = info?.node;
  if (!canvas || typeof canvas.getContext !== 'function' || !bars.length) return false;
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  const width = info!.width || 320;
  const height = info!.height || bars.length * 40 + 8;
  const dpr = pixelRatio();
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, width, height);
  const rowH = (height - 8) / bars.length;
  const labelW = Math.min(120, width * 0.3);
  const valueW = 48;
  const full = Math.max(10, width - labelW - valueW);
  ctx.font = `${Math.round(Math.max(12, Math.min(18, rowH * 0.45)))}px sans-serif`;
  ctx.textBaseline = 'middle';
  bars.forEach((b, i) => {
    const top = 4 + i * rowH;
    const mid = top + rowH / 2;
    const len = Math.max(2, (full * Math.min(100, Math.max(0, b.average))) / 100);
    ctx.textAlign = 'left';
    ctx.fillStyle = '#1a1a1a';
    ctx.fillText(b.name, 0, mid, labelW - 8);
    ctx.fillStyle = '#1a73e8';
    ctx.fillRect(labelW, top + rowH * 0.2, len, rowH * 0.6);
    ctx.fillStyle = '#1a1a1a';
    ctx.fillText(String(b.average), labelW + len + 8, mid);
  });
  return true;
}

/** The latest read of each page: an answer to an older one is dropped. */
const latest = new WeakMap<object, number>();

Component({
  data: {
    ...unitPageData(),
    unitLevel: '' as Level | '',
    ...emptyPeriodPicker(),
    rankStatus: 'loading' as Status,
    rankError: '',
    count: 0,
    rows: [] as Row[],
    loadingMore: false,
    chart: [] as Bar[],
    /** Drawn on the canvas (false where there is no canvas: the text below says the same). */
    chartDrawn: false,
    /** `已公布第 1 版（6月10日 10:00 石慧敏）`, or '' when not published. */
    publication: '',
    recomputing: false,
    notice: '',
    actionError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData(periodPicker(beijingToday(phoneNow()), queryValue(query, 'period')));
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      // With the shown unit's level: a county's or the city's ranking links to 考核公布.
      const roots = await openOnUnit(this, unitId, (role) => ({ unitLevel: role?.level ?? '' }));
      if (roots) await Promise.all([this.loadRanking(), fillUnitPicker(this, roots, { also: (u) => ({ unitLevel: u.level }) })]);
    },

    /** The first page of the ranking, with the chart and the latest publication. */
    async loadRanking(): Promise<void> {
      const seq = (latest.get(this) ?? 0) + 1;
      latest.set(this, seq);
      const { unitId, period } = this.data;
      this.setData({ rankStatus: 'loading', rankError: '', rows: [], count: 0, chart: [], chartDrawn: false, publication: '' });
      const a = await call('scoring.ranking', { unitId, period, skip: 0, limit: PAGE });
      if (latest.get(this) !== seq) return;
      if (!a.ok) {
        this.setData({ rankStatus: a.code === 'forbidden' ? 'forbidden' : 'error', rankError: a.message });
        return;
      }
      const p = a.data.publication;
      const named = this.data.unitName ? {} : { unitName: a.data.unitName };
      this.setData(
        {
          rankStatus: 'ok',
          count: a.data.count,
          rows: a.data.rows.map(rowOf),
          chart: a.data.chart.map(barOf),
          publication: p ? `已公布第 ${p.version} 版（${shortTime(p.at)} ${p.byName}）` : '',
          ...named,
        },
        () => this.drawChart(),
      );
    },

    /** Draw the chart on the canvas, where there is one (not in every base library, nor in tests). */
    drawChart(): void {
      const bars = this.data.chart;
      if (!bars.length) return;
      try {
        if (typeof wx.createSelectorQuery !== 'function') return;
        const query = wx.createSelectorQuery().in(this as unknown as WechatMiniprogram.Component.TrivialInstance);
        const ref = query.select('#chart');
        if (!ref || typeof ref.fields !== 'function') return;
        ref.fields({ node: true, size: true }, () => undefined).exec((res: unknown[]) => {
          try {
            if (bars !== this.data.chart) return; // read again meanwhile
            if (drawBars((res?.[0] ?? null) as CanvasInfo | null, bars)) this.setData({ chartDrawn: true });
          } catch {
            // A canvas that cannot draw: the figures are listed under it.
          }
        });
      } catch {
        // No selector query here: the figures are listed under the chart.
      }
    },

    async onMore(): Promise<void> {
      const { unitId, period, rows, count, loadingMore } = this.data;
      if (loadingMore || rows.length >= count) return;
      const seq = latest.get(this);
      this.setData({ loadingMore: true, actionError: '' });
      const a = await call('scoring.ranking', { unitId, period, skip: rows.length, limit: PAGE });
      if (latest.get(this) !== seq) return;
      if (!a.ok) {
        this.setData({ loadingMore: false, actionError: a.message });
        return;
      }
      const have = new Set(rows.map((r) => r.personId));
      const all = [...rows];
      // The list is read in order from the top, so a later page's ranks follow from the rows above
      // it: a tie keeps the rank of its first row, any other row ranks by its place (the server's
      // ranks past a tie that began on an earlier page count from that tie, not from the top).
      for (const r of a.data.rows.filter((x) => !have.has(x.personId)).map(rowOf)) {
        const prev = all[all.length - 1];
        all.push({ ...r, rank: prev && prev.total === r.total ? prev.rank : all.length + 1 });
      }
      this.setData({ loadingMore: false, count: a.data.count, rows: all });
    },

    async onRecompute(): Promise<void> {
      const { unitId, period, unitName, recomputing } = this.data;
      if (recomputing) return;
      this.setData({ recomputing: true, notice: '', actionError: '' });
      const a = await call('scoring.recompute', { unitId, period });
      if (!a.ok) {
        this.setData({ recomputing: false, actionError: errorText(a) });
        return;
      }
      this.setData({ recomputing: false, notice: `已重新计算${unitName}${periodText(a.data.period)}的考核，共 ${a.data.cadres} 名驻村干部` });
      await this.loadRanking();
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value, (u) => ({ unitLevel: u.level, notice: '', actionError: '' }))) void this.loadRanking();
    },

    onPickPeriod(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const p = this.data.periods[i];
      if (!p || p.period === this.data.period) return;
      this.setData({ periodIndex: i, period: p.period, periodText: p.label, notice: '', actionError: '' });
      void this.loadRanking();
    },

    onExplain(e: WechatMiniprogram.TouchEvent): void {
      const personId = String(e.currentTarget.dataset.id ?? '');
      if (personId) go(withQuery(ROUTES.scoringExplain, { personId, period: this.data.period }));
    },

    onPublish(): void {
      go(withQuery(ROUTES.scoringPublish, { unitId: this.data.unitId, period: this.data.period }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadRanking();
    },
  },
});
