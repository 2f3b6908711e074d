/**
 * 年度考评 (`?countyId=&year=`), for county (and city) staff: the year's three-in-one result of a
 * county's cadres. 计算 computes it (`assessment.compute`: targets, the surveys, inspections and
 * monthly scores, by the county's weights); the ranking shows each cadre's parts, total, rank and
 * grade (优秀 within the quota), all of them or one cadre kind (分类排位); a tap opens the
 * explanation. 公布 freezes the figures as version 1; once published, a correction needs a new
 * computation and a reason, and is a new version. 权重设置 changes the county's weights.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, phoneNow, shortTime } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { gradeCountsText } from '../../../../utils/scoring';
import { openOnCounty, pickCounty } from '../../../../utils/staff-page';
import { ASSESS_ROUTES, points, yearsUpTo } from '../../assess';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Ranking = OutputOf<'assessment.ranking'>;

interface RowView {
  personId: string;
  rank: number;
  name: string;
  where: string;
  parts: string;
  total: string;
  grade: string;
  gradeName: string;
}

const KINDS = [{ key: '', name: '全部' }, { key: 'firstSecretary', name: '第一书记' }, { key: 'teamMember', name: '驻村工作队员' }, { key: 'stationedLeader', name: '驻点干部' }] as const;

const rowView = (r: Ranking['rows'][number], byKind: boolean): RowView => ({
  personId: r.personId,
  rank: byKind ? r.kindRank : r.rank,
  name: r.name,
  where: `${r.villageName} · ${r.kindName}`,
  parts: `目标 ${points(r.parts.targets)} · 测评 ${points(r.parts.survey)} · 检查 ${points(r.parts.inspection)}`,
  total: r.total.toFixed(1),
  grade: r.grade,
  gradeName: r.gradeName,
});

let seq = 0;
let clientId = newClientId();

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    counties: [] as { id: string; name: string }[],
    countyNames: [] as string[],
    countyIndex: 0,
    countyId: '',
    year: '',
    years: [] as string[],
    yearIndex: 0,
    kinds: KINDS.map((k) => k.name),
    kindIndex: 0,
    listStatus: 'loading' as Status,
    listError: '',
    run: null as Ranking['run'],
    runLine: '',
    gapsLine: '',
    rows: [] as RowView[],
    count: 0,
    publication: '',
    published: false,
    changed: false,
    reason: '',
    computing: false,
    publishing: false,
    actionError: '',
    notice: '',
    settingsOpen: false,
    weights: { targets: '', survey: '', inspection: '' },
    settingsError: '',
    saving: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const years = yearsUpTo(beijingToday(phoneNow()));
      const asked = queryValue(query, 'year');
      const year = years.includes(asked) ? asked : years[0]!;
      this.setData({ years, year, yearIndex: years.indexOf(year) });
      void this.load(queryValue(query, 'countyId'));
    },

    async load(countyId: string): Promise<void> {
      if (await openOnCounty(this, countyId, '年度考评由县（区）委组织部计算和公布')) await this.loadList();
    },

    async loadList(quiet = false): Promise<void> {
      const mine = ++seq;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', rows: [] });
      const kind = KINDS[this.data.kindIndex]!.key;
      const a = await call('assessment.ranking', { unitId: this.data.countyId, year: this.data.year, ...(kind ? { kind } : {}), skip: 0, limit: 100 });
      if (mine !== seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a) });
        return;
      }
      const d = a.data;
      const pub = d.publication;
      this.setData({
        listStatus: 'ok',
        run: d.run,
        runLine: d.run ? `${shortTime(d.run.computedAt)} ${d.run.byName || ''}计算 · ${d.run.count} 人 · 权重 目标管理 ${d.run.weights.targets}% / 民主测评 ${d.run.weights.survey}% / 检查评价 ${d.run.weights.inspection}%` : '',
        gapsLine: d.run ? d.run.gaps.filter((g) => g.count > 0).map((g) => `${g.name}缺项 ${g.count} 人`).join('，') : '',
        rows: d.rows.map((r) => rowView(r, !!kind)),
        count: d.count,
        publication: pub ? `已公布第 ${pub.version} 版（${shortTime(pub.at)} ${pub.byName}）：${gradeCountsText(pub.gradeCounts)}${pub.reason ? `；更正理由：${pub.reason}` : ''}` : '',
        published: !!pub,
        changed: d.changedSincePublication,
      });
    },

    onPickCounty(e: WechatMiniprogram.PickerChange): void {
      if (pickCounty(this, e.detail.value)) void this.loadList();
    },

    onPickYear(e: WechatMiniprogram.PickerChange): void {
      const year = this.data.years[Number(e.detail.value)];
      if (year && year !== this.data.year) {
        this.setData({ year, yearIndex: Number(e.detail.value) });
        void this.loadList();
      }
    },

    onPickKind(e: WechatMiniprogram.PickerChange): void {
      this.setData({ kindIndex: Number(e.detail.value) });
      void this.loadList();
    },

    async onCompute(): Promise<void> {
      if (this.data.computing) return;
      this.setData({ computing: true, actionError: '', notice: '' });
      const a = await call('assessment.compute', { countyId: this.data.countyId, year: this.data.year });
      this.setData({ computing: false });
      if (!a.ok) {
        this.setData({ actionError: errorText(a) });
        return;
      }
      this.setData({ notice: `已计算 ${a.data.count} 名驻村干部的年度考评结果` });
      await this.loadList(true);
    },

    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value, actionError: '' });
    },

    async onPublish(): Promise<void> {
      if (this.data.publishing) return;
      const reason = this.data.reason.trim();
      if (this.data.published && !reason) {
        this.setData({ actionError: '已公布过，发布更正版须写明更正理由' });
        return;
      }
      this.setData({ publishing: true, actionError: '', notice: '' });
      const a = await call('assessment.publish', { countyId: this.data.countyId, year: this.data.year, reason, clientId });
      this.setData({ publishing: false });
      if (!a.ok) {
        this.setData({ actionError: errorText(a, { reason: '更正理由' }) });
        return;
      }
      clientId = newClientId();
      this.setData({ reason: '', notice: `已公布第 ${a.data.version} 版，共 ${a.data.count} 人` });
      await this.loadList(true);
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const personId = String(e.currentTarget.dataset.id ?? '');
      if (personId) go(withQuery(ASSESS_ROUTES.explain, { countyId: this.data.countyId, year: this.data.year, personId }));
    },

    async onSettings(): Promise<void> {
      if (this.data.settingsOpen) return this.setData({ settingsOpen: false });
      const a = await call('assessment.getSettings', { countyId: this.data.countyId });
      if (!a.ok) return this.setData({ actionError: errorText(a) });
      const w = a.data.weights;
      this.setData({ settingsOpen: true, settingsError: '', weights: { targets: String(w.targets), survey: String(w.survey), inspection: String(w.inspection) } });
    },

    onWeight(e: WechatMiniprogram.Input): void {
      this.setData({ [`weights.${String(e.currentTarget.dataset.part)}`]: e.detail.value, settingsError: '' });
    },

    async onSaveSettings(): Promise<void> {
      if (this.data.saving) return;
      const w = { targets: Number(this.data.weights.targets), survey: Number(this.data.weights.survey), inspection: Number(this.data.weights.inspection) };
      if (Object.values(w).some((n) => !Number.isInteger(n) || n < 0) || w.targets + w.survey + w.inspection !== 100) {
        this.setData({ settingsError: '三项权重应为整数，合计100' });
        return;
      }
      const got = await call('assessment.getSettings', { countyId: this.data.countyId });
      if (!got.ok) return this.setData({ settingsError: errorText(got) });
      this.setData({ saving: true });
      const a = await call('assessment.setSettings', { countyId: this.data.countyId, settings: { ...got.data, weights: w } });
      this.setData({ saving: false });
      if (!a.ok) return this.setData({ settingsError: errorText(a) });
      this.setData({ settingsOpen: false, notice: '权重已保存，重新计算后生效' });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.countyId);
      else void this.loadList();
    },
  },
});
