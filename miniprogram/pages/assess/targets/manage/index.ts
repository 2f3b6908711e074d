/**
 * 目标管理 (`?unitId=&year=`), for organisation staff: the cadres stationed under a unit with their
 * targets of the year (`assessment.targets`: how many set, waiting for confirmation, scored, and
 * the target part as it stands), and the unit's figures. A unit picker (the caller's units down
 * the tree) and a year picker; a tap opens the cadre's targets (to set, confirm and score them).
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, phoneNow } from '../../../../utils/day';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { ASSESS_ROUTES, points, yearsUpTo } from '../../assess';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Row = OutputOf<'assessment.targets'>['rows'][number];

const PAGE = 50;

interface RowView {
  personId: string;
  name: string;
  /** `十八洞村 · 第一书记`. */
  where: string;
  /** `目标 3 项（待确认 1），已评分 2 项`. */
  line: string;
  part: string;
  proposed: number;
}

const rowView = (r: Row): RowView => ({
  personId: r.personId,
  name: r.name,
  where: `${r.villageName} · ${r.kindName}`,
  line: r.targets ? `目标 ${r.targets} 项${r.proposed ? `（待确认 ${r.proposed}）` : ''}，已评分 ${r.scored} 项` : '尚未设定目标',
  part: points(r.targetPart),
  proposed: r.proposed,
});

let seq = 0;

Component({
  data: {
    ...unitPageData(),
    year: '',
    years: [] as string[],
    yearIndex: 0,
    listStatus: 'loading' as Status,
    listError: '',
    rows: [] as RowView[],
    figures: { cadres: 0, withTargets: 0, proposed: 0, confirmed: 0, scored: 0 },
    loadingMore: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const years = yearsUpTo(beijingToday(phoneNow()));
      const asked = queryValue(query, 'year');
      const year = years.includes(asked) ? asked : years[0]!;
      this.setData({ years, year, yearIndex: years.indexOf(year) });
      void this.load(queryValue(query, 'unitId'));
    },

    onShow(): void {
      if (this.data.listStatus === 'ok') void this.loadList(true);
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadList(), fillUnitPicker(this, roots)]);
    },

    async loadList(quiet = false): Promise<void> {
      const mine = ++seq;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', rows: [] });
      const a = await call('assessment.targets', { unitId: this.data.unitId, year: this.data.year, skip: 0, limit: PAGE });
      if (mine !== seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a) });
        return;
      }
      this.setData({ listStatus: 'ok', rows: a.data.rows.map(rowView), figures: a.data.figures, ...(this.data.unitName ? {} : { unitName: a.data.unit.name }) });
    },

    async onMore(): Promise<void> {
      if (this.data.loadingMore || this.data.rows.length >= this.data.figures.cadres) return;
      this.setData({ loadingMore: true });
      const a = await call('assessment.targets', { unitId: this.data.unitId, year: this.data.year, skip: this.data.rows.length, limit: PAGE });
      this.setData({ loadingMore: false, ...(a.ok ? { rows: [...this.data.rows, ...a.data.rows.map(rowView)] } : { listError: errorText(a) }) });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadList();
    },

    onPickYear(e: WechatMiniprogram.PickerChange): void {
      const year = this.data.years[Number(e.detail.value)];
      if (year && year !== this.data.year) {
        this.setData({ year, yearIndex: Number(e.detail.value) });
        void this.loadList();
      }
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const personId = String(e.currentTarget.dataset.id ?? '');
      if (personId) go(withQuery(ASSESS_ROUTES.cadre, { personId, year: this.data.year }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
