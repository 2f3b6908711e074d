/**
 * 考核规则 of a county for organisation staff (`?countyId=`, else a picker of the counties the
 * caller's staff grants cover: their county, or the counties under their city). Each item shows
 * its name, 满分, 起算方式 (满分起扣 / 从0分起加), its lines (`每次未签到 -2 分`, with 封顶 when
 * capped) and its 一次扣完 metrics; staff edit each item's 满分, each line's points (扣分 or 加分,
 * and how many), which metrics lose the item at once (from the list of metrics), the grade
 * thresholds and the 优秀 quota (or none), and the allowance (驻村补助): what a day is counted
 * by, the yuan per day of each kind of cadre, and the most days paid in a month. The items'
 * maxima are added up as they are typed, and a total above 100 is refused here (the server
 * refuses it too). 保存 sends the rules to `scoring.setRules`, which judges them and answers in
 * Chinese; each issue is named by what it is about.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { queryValue } from '../../../../utils/nav';
import { openOnCounty, pickCounty } from '../../../../utils/staff-page';
import type { County } from '../../../../utils/org';
import { BASIS_NAMES, MAX_FORFEIT, MAX_TOTAL, forfeitChoices, forfeitText, formOf, lineText, overTotalText, rulesError, rulesOfForm, totalOf } from './rules-form';
import type { ItemForm, Metric, RateForm, RulesForm } from './rules-form';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Basis = OutputOf<'scoring.getRules'>['allowance']['basis'];

/** The plain fields of the form, typed into by `data-field`. */
const FIELDS = new Set(['excellent', 'competent', 'basicallyCompetent', 'quotaPct', 'maxDays']);
const SIGN_NAMES = ['扣分', '加分'];

const dataset = (e: { currentTarget: { dataset: Record<string, unknown> } }) => e.currentTarget.dataset;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    counties: [] as County[],
    countyNames: [] as string[],
    countyIndex: 0,
    countyId: '',
    rulesStatus: 'loading' as Status,
    rulesError: '',
    items: [] as ItemForm[],
    excellent: '',
    competent: '',
    basicallyCompetent: '',
    quotaOn: true,
    quotaPct: '',
    basis: 'daysOnPost' as Basis,
    basisNames: BASIS_NAMES,
    rates: [] as RateForm[],
    maxDays: '',
    signNames: SIGN_NAMES,
    maxTotal: MAX_TOTAL,
    maxForfeit: MAX_FORFEIT,
    /** The items' maxima added up, and what is wrong with it (above 100). */
    total: 0,
    totalError: '',
    saving: false,
    saveError: '',
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'countyId'));
    },

    async load(countyId: string): Promise<void> {
      if (await openOnCounty(this, countyId, '考核规则按县（区）统一设置')) await this.loadRules();
    },

    async loadRules(): Promise<void> {
      const { countyId } = this.data;
      this.setData({ rulesStatus: 'loading', rulesError: '', saveError: '', notice: '' });
      const a = await call('scoring.getRules', { countyId });
      if (countyId !== this.data.countyId) return;
      if (!a.ok) {
        this.setData({ rulesStatus: a.code === 'forbidden' ? 'forbidden' : 'error', rulesError: errorText(a) });
        return;
      }
      this.show(formOf(a.data));
      this.setData({ rulesStatus: 'ok' });
    },

    /** The form on the page, with its total. */
    show(form: RulesForm): void {
      this.setData({ ...form, ...this.totals(form.items) });
    },

    totals(items: readonly ItemForm[]): { total: number; totalError: string } {
      const total = totalOf(items);
      return { total, totalError: total > MAX_TOTAL ? overTotalText(total) : '' };
    },

    form(): RulesForm {
      const d = this.data;
      return { items: d.items, excellent: d.excellent, competent: d.competent, basicallyCompetent: d.basicallyCompetent, quotaOn: d.quotaOn, quotaPct: d.quotaPct, basis: d.basis, rates: d.rates, maxDays: d.maxDays };
    },

    onPickCounty(e: WechatMiniprogram.PickerChange): void {
      if (pickCounty(this, e.detail.value)) void this.loadRules();
    },

    /** Something was changed: the last answer is no longer current. */
    edited(changes: Record<string, unknown>): void {
      this.setData({ ...changes, saveError: '', notice: '' });
    },

    /** A grade threshold, the quota or the most days (`data-field`). */
    onField(e: WechatMiniprogram.Input): void {
      const field = String(dataset(e).field ?? '');
      if (FIELDS.has(field)) this.edited({ [field]: String(e.detail.value ?? '') });
    },

    /** An item's 满分 (`data-item`: its index). */
    onMax(e: WechatMiniprogram.Input): void {
      const i = Number(dataset(e).item);
      if (!this.data.items[i]) return;
      const items = this.data.items.map((it, n) => (n === i ? { ...it, max: String(e.detail.value ?? '') } : it));
      this.edited({ [`items[${i}].max`]: items[i]!.max, ...this.totals(items) });
    },

    /** A line's points, without the sign (`data-item`, `data-line`). */
    onPoints(e: WechatMiniprogram.Input): void {
      const i = Number(dataset(e).item);
      const j = Number(dataset(e).line);
      const line = this.data.items[i]?.lines[j];
      if (!line) return;
      const points = String(e.detail.value ?? '');
      this.edited({ [`items[${i}].lines[${j}].points`]: points, [`items[${i}].lines[${j}].text`]: lineText(line.metric, line.sign, points, line.cap) });
    },

    /** A line made a deduction (扣分, 0) or an addition (加分, 1). */
    onSign(e: WechatMiniprogram.PickerChange): void {
      const i = Number(dataset(e).item);
      const j = Number(dataset(e).line);
      const line = this.data.items[i]?.lines[j];
      if (!line) return;
      const sign = Number(e.detail.value) === 1 ? 1 : -1;
      this.edited({ [`items[${i}].lines[${j}].sign`]: sign, [`items[${i}].lines[${j}].text`]: lineText(line.metric, sign, line.points, line.cap) });
    },

    /** The list of metrics an item may be lost at once by, opened or closed. */
    onForfeitOpen(e: WechatMiniprogram.BaseEvent): void {
      const i = Number(dataset(e).item);
      const it = this.data.items[i];
      if (it) this.setData({ [`items[${i}].forfeitOpen`]: !it.forfeitOpen });
    },

    /** A metric put in or taken out of an item's 一次扣完 (at most four). */
    onForfeit(e: WechatMiniprogram.BaseEvent): void {
      const i = Number(dataset(e).item);
      const metric = String(dataset(e).metric ?? '') as Metric;
      const it = this.data.items[i];
      if (!it || !it.forfeitChoices.some((c) => c.metric === metric)) return;
      const on = it.forfeitOn.includes(metric);
      if (!on && it.forfeitOn.length >= MAX_FORFEIT) {
        this.setData({ saveError: `“${it.name}”的一次扣完最多选 ${MAX_FORFEIT} 项，请先取消一项`, notice: '' });
        return;
      }
      const forfeitOn = on ? it.forfeitOn.filter((m) => m !== metric) : [...it.forfeitOn, metric];
      this.edited({ [`items[${i}].forfeitOn`]: forfeitOn, [`items[${i}].forfeitText`]: forfeitText(forfeitOn), [`items[${i}].forfeitChoices`]: forfeitChoices(forfeitOn) });
    },

    /** 不限 or 限定 the share of 优秀 (`data-on`). */
    onQuota(e: WechatMiniprogram.BaseEvent): void {
      const quotaOn = dataset(e).on === 'yes';
      if (quotaOn !== this.data.quotaOn) this.edited({ quotaOn });
    },

    /** What an allowance day is counted by (`data-basis`). */
    onBasis(e: WechatMiniprogram.BaseEvent): void {
      const basis = String(dataset(e).basis ?? '');
      if ((basis === 'daysOnPost' || basis === 'workLogDays') && basis !== this.data.basis) this.edited({ basis });
    },

    /** A cadre kind's yuan per day (`data-rate`: its index). */
    onRate(e: WechatMiniprogram.Input): void {
      const i = Number(dataset(e).rate);
      if (this.data.rates[i]) this.edited({ [`rates[${i}].yuan`]: String(e.detail.value ?? '') });
    },

    async onSave(): Promise<void> {
      if (this.data.saving || this.data.rulesStatus !== 'ok') return;
      const form = this.form();
      const rules = rulesOfForm(form);
      if (typeof rules === 'string') {
        this.setData({ saveError: rules, notice: '' });
        return;
      }
      const { countyId } = this.data;
      this.setData({ saving: true, saveError: '', notice: '' });
      const a = await call('scoring.setRules', { countyId, rules });
      if (countyId !== this.data.countyId) {
        this.setData({ saving: false });
        return;
      }
      if (!a.ok) {
        this.setData({ saving: false, saveError: rulesError(a, form) });
        return;
      }
      this.show(formOf(a.data));
      this.setData({ saving: false, notice: '已保存' });
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.countyId);
      else void this.loadRules();
    },
  },
});
