/**
 * 考核公布 for county and city staff (`?unitId=&period=`): the publications of a unit's period
 * (`scoring.publications`, newest first: version, when, by whom, how many, how many of each grade,
 * and a correction's reason), each opening its frozen rows (`scoring.publication`, 50 at a time).
 * 公布 publishes the period's current figures as version 1; once a version exists the button is
 * 更正并发布新版本 and needs a reason. Each asks once more before it goes, and sends
 * `scoring.publish` with a clientId made once per attempt and kept across retries, so a retry after
 * a lost answer gets the version it made instead of another one. Township staff are told that
 * results are published by a county or the city.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, phoneNow, shortTime } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { queryValue } from '../../../../utils/nav';
import { emptyPeriodPicker, gradeCountsText, periodPicker, periodText } from '../../../../utils/scoring';
import type { Grade } from '../../../../utils/scoring';
import { pickUnit, staffRoles } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Publication = OutputOf<'scoring.publications'>[number];
type PublishedRow = OutputOf<'scoring.publication'>['rows'][number];

/** Rows of a publication per read. */
const ROWS = 50;
const LABELS = { reason: '更正理由', period: '考核期', unitId: '单位' };

interface UnitChoice {
  id: string;
  name: string;
}

interface PubView {
  id: string;
  version: number;
  title: string;
  /** `6月10日 10:00 石慧敏 公布 · 15 人`. */
  line: string;
  grades: string;
  reason: string;
  count: number;
}

interface RowView {
  personId: string;
  rank: number;
  name: string;
  villageName: string;
  total: number;
  grade: Grade | null;
  gradeName: string;
}

const pubView = (p: Publication): PubView => ({
  id: p.id,
  version: p.version,
  title: `第 ${p.version} 版${p.version > 1 ? '（更正）' : ''}`,
  line: `${shortTime(p.at)} ${p.byName} 公布 · ${p.count} 人`,
  grades: gradeCountsText(p.gradeCounts),
  reason: p.reason,
  count: p.count,
});

const rowView = (r: PublishedRow): RowView => ({ personId: r.personId, rank: r.rank, name: r.name, villageName: r.villageName, total: r.total, grade: r.grade, gradeName: r.gradeName });

interface State {
  /** Made once per attempt; kept across retries; a new one only after a version was made. */
  clientId: string;
  /** Each read of the list gets a number; only the latest one's answer is shown. */
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), seq: 0 }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    units: [] as UnitChoice[],
    unitNames: [] as string[],
    unitIndex: 0,
    unitId: '',
    unitName: '',
    ...emptyPeriodPicker(),
    listStatus: 'loading' as Status,
    listError: '',
    pubs: [] as PubView[],
    /** The newest version of the period (0: not published). */
    latestVersion: 0,
    reason: '',
    confirming: false,
    publishing: false,
    formError: '',
    notice: '',
    /** The publication opened, and its rows. */
    viewId: '',
    viewStatus: 'loading' as Status,
    viewError: '',
    viewRows: [] as RowView[],
    viewCount: 0,
    viewMore: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData(periodPicker(beijingToday(phoneNow()), queryValue(query, 'period')));
      void this.load(queryValue(query, 'unitId'));
    },

    async load(askedId: string): Promise<void> {
      const roles = await staffRoles(this);
      if (!roles) return;
      // A county publishes its own figures; the city its own and any of its counties'.
      const units: UnitChoice[] = [];
      const add = (u: UnitChoice) => {
        if (!units.some((x) => x.id === u.id)) units.push(u);
      };
      for (const r of roles) if (r.level === 'city' || r.level === 'county') add({ id: r.orgUnitId, name: r.unitName || r.orgUnitId });
      const cities = roles.filter((r) => r.level === 'city');
      const answers = await Promise.all(cities.map((r) => call('org.listUnits', { parentId: r.orgUnitId })));
      for (const a of answers) if (a.ok) a.data.filter((u) => u.level === 'county').forEach((u) => add({ id: u.id, name: u.name }));
      if (askedId && !units.some((u) => u.id === askedId)) {
        if (units.length === 0) {
          this.setData({ status: 'forbidden', error: '' });
          return;
        }
        const unit = await call('org.getUnit', { id: askedId });
        units.unshift({ id: askedId, name: unit.ok ? unit.data.name : '所选单位' });
      }
      if (units.length === 0) {
        this.setData({ status: 'forbidden', error: '' });
        return;
      }
      const i = Math.max(0, units.findIndex((u) => u.id === askedId));
      this.setData({ status: 'ok', units, unitNames: units.map((u) => u.name), unitIndex: i, unitId: units[i]!.id, unitName: units[i]!.name });
      await this.loadList();
    },

    async loadList(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, period } = this.data;
      this.setData({ listStatus: 'loading', listError: '', viewId: '', viewRows: [] });
      const a = await call('scoring.publications', { unitId, period });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: a.message, pubs: [], latestVersion: 0 });
        return;
      }
      const pubs = [...a.data].sort((x, y) => y.version - x.version).map(pubView);
      this.setData({ listStatus: 'ok', pubs, latestVersion: pubs[0]?.version ?? 0 });
    },

    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value, formError: '' });
    },

    /** 公布 / 更正并发布新版本: check the reason, then ask once more. */
    onPublish(): void {
      if (this.data.publishing) return;
      if (this.data.latestVersion > 0 && !this.data.reason.trim()) {
        this.setData({ formError: `已公布第 ${this.data.latestVersion} 版，更正须写明理由`, confirming: false });
        return;
      }
      this.setData({ confirming: true, formError: '', notice: '' });
    },

    onCancelPublish(): void {
      if (!this.data.publishing) this.setData({ confirming: false });
    },

    async onConfirmPublish(): Promise<void> {
      const { unitId, unitName, period, periodText: pText, publishing, latestVersion } = this.data;
      if (publishing) return;
      const s = stateOf(this);
      this.setData({ publishing: true, formError: '' });
      const a = await call('scoring.publish', { unitId, period, reason: latestVersion > 0 ? this.data.reason.trim() : '', clientId: s.clientId });
      if (!a.ok) {
        // Nothing was made (or the answer was lost): the same clientId goes again on the next try.
        this.setData({ publishing: false, formError: errorText(a, LABELS) });
        if (a.code === 'conflict' || a.code === 'reason_required') {
          this.setData({ confirming: false });
          await this.loadList();
        }
        return;
      }
      s.clientId = newClientId();
      this.setData({ publishing: false, confirming: false, reason: '', notice: `已公布${unitName}${pText}考核结果第 ${a.data.version} 版，共 ${a.data.count} 人` });
      await this.loadList();
    },

    /** Open (or close) a publication's rows. */
    async onView(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id) return;
      if (id === this.data.viewId) {
        this.setData({ viewId: '', viewRows: [] });
        return;
      }
      const pub = this.data.pubs.find((p) => p.id === id);
      this.setData({ viewId: id, viewStatus: 'loading', viewError: '', viewRows: [], viewCount: pub?.count ?? 0 });
      await this.readRows(0);
    },

    async onMoreRows(): Promise<void> {
      if (!this.data.viewMore && this.data.viewRows.length < this.data.viewCount) await this.readRows(this.data.viewRows.length);
    },

    async readRows(skip: number): Promise<void> {
      const id = this.data.viewId;
      this.setData({ viewMore: skip > 0 });
      const a = await call('scoring.publication', { pubId: id, skip, limit: ROWS });
      if (id !== this.data.viewId) return;
      if (!a.ok) {
        this.setData({ viewStatus: a.code === 'forbidden' ? 'forbidden' : 'error', viewError: a.message, viewMore: false });
        return;
      }
      this.setData({ viewStatus: 'ok', viewMore: false, viewCount: a.data.publication.count, viewRows: [...(skip > 0 ? this.data.viewRows : []), ...a.data.rows.map(rowView)] });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (!this.data.publishing && pickUnit(this, e.detail.value, { confirming: false, formError: '', notice: '' })) void this.loadList();
    },

    onPickPeriod(e: WechatMiniprogram.PickerChange): void {
      const i = Number(e.detail.value);
      const p = this.data.periods[i];
      if (!p || p.period === this.data.period || this.data.publishing) return;
      this.setData({ periodIndex: i, period: p.period, periodText: periodText(p.period), confirming: false, formError: '', notice: '' });
      void this.loadList();
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
