/**
 * 我的目标 (`?year=`), for the stationed cadre: their targets of the year (目标管理) — each with
 * its category, weight, due month, status (待确认 / 已确认 / 未通过 / 已撤销), progress and, at
 * year end, its score — the target part as it stands, and the published annual results. 提出目标
 * proposes one (staff confirm it); 记录进展 opens the progress form of a target.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { shortTime } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { ASSESS_ROUTES, fieldErrors, MIN_TEXT, monthName, points, targetItem, yearsUpTo } from '../../assess';
import type { TargetItem } from '../../assess';

type Status = 'loading' | 'ok' | 'notCadre' | 'error';
type Mine = OutputOf<'assessment.myTargets'>;

interface Item extends TargetItem {
  entries: { id: string; text: string; when: string; percent: number; photos: number }[];
}

interface State {
  clientId: string;
  seq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), seq: 0 }));
  return s;
}

const LABELS: Record<string, string> = { text: '目标内容', weight: '权重', dueMonth: '完成时限', category: '类别' };

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    year: '',
    years: [] as string[],
    yearIndex: 0,
    name: '',
    villageName: '',
    items: [] as Item[],
    targetPart: '',
    weightTotal: 0,
    results: [] as { key: string; line: string }[],
    categories: [] as { key: string; name: string }[],
    categoryNames: [] as string[],
    // The proposal form.
    formOpen: false,
    text: '',
    categoryIndex: 0,
    weight: '',
    dueMonth: '',
    dueText: '',
    errors: {} as Record<string, string>,
    formError: '',
    submitting: false,
    notice: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const y = queryValue(query, 'year');
      void this.load(/^20\d{2}$/.test(y) ? y : '');
    },

    onShow(): void {
      // Back from the progress form: its entry shows.
      if (this.data.status === 'ok') void this.load(this.data.year, true);
    },

    async load(year: string, quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('assessment.myTargets', year ? { year } : {});
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData(a.code === 'forbidden' || a.code === 'not_bound' ? { status: 'notCadre' } : { status: 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(d: Mine): void {
      const years = yearsUpTo(d.today);
      const items: Item[] = d.plan.targets.map((t) => ({
        ...targetItem(t),
        entries: d.progress.filter((p) => p.targetId === t.id).map((p) => ({ id: p.id, text: p.text, when: shortTime(p.at), percent: p.percent, photos: p.photoUrls.length })),
      }));
      this.setData({
        status: 'ok',
        year: d.year,
        years,
        yearIndex: Math.max(0, years.indexOf(d.year)),
        name: d.plan.name,
        villageName: d.plan.villageName,
        items,
        targetPart: points(d.plan.targetPart),
        weightTotal: d.plan.weightTotal,
        results: d.results.map((r) => ({ key: `${r.year}-${r.version}`, line: `${r.year}年度：${r.total.toFixed(1)} 分，第 ${r.rank} 名，${r.gradeName}${r.version > 1 ? `（第 ${r.version} 版）` : ''}` })),
        categories: d.categories,
        categoryNames: d.categories.map((c) => c.name),
        dueMonth: this.data.dueMonth || `${d.year}-12`,
        dueText: monthName(this.data.dueMonth || `${d.year}-12`),
      });
    },

    onPickYear(e: WechatMiniprogram.PickerChange): void {
      const year = this.data.years[Number(e.detail.value)];
      if (year && year !== this.data.year) void this.load(year);
    },

    onOpenForm(): void {
      this.setData({ formOpen: !this.data.formOpen, formError: '', errors: {} });
    },

    onText(e: WechatMiniprogram.Input): void {
      this.setData({ text: e.detail.value, 'errors.text': '' });
    },

    onWeight(e: WechatMiniprogram.Input): void {
      this.setData({ weight: e.detail.value, 'errors.weight': '' });
    },

    onPickCategory(e: WechatMiniprogram.PickerChange): void {
      this.setData({ categoryIndex: Number(e.detail.value) });
    },

    onPickDue(e: WechatMiniprogram.PickerChange): void {
      const month = String(e.detail.value).slice(0, 7);
      this.setData({ dueMonth: month, dueText: monthName(month), 'errors.dueMonth': '' });
    },

    async onPropose(): Promise<void> {
      if (this.data.submitting) return;
      const text = this.data.text.trim();
      const weight = Number(this.data.weight);
      const errors: Record<string, string> = {};
      if (text.length < MIN_TEXT) errors.text = `请写明目标，至少${MIN_TEXT}个字`;
      if (!Number.isInteger(weight) || weight < 1 || weight > 100) errors.weight = '权重请填1到100的整数';
      if (Object.keys(errors).length) {
        this.setData({ errors, formError: '请按红字提示改一改，再点“提交”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, errors: {}, formError: '' });
      const category = this.data.categories[this.data.categoryIndex]!.key as 'industry';
      const a = await call('assessment.proposeTarget', { year: this.data.year, clientId: s.clientId, text, category, weight, dueMonth: this.data.dueMonth });
      if (!a.ok) {
        this.setData({ submitting: false, errors: fieldErrors(a.issues), formError: errorText(a, LABELS) });
        return;
      }
      s.clientId = newClientId();
      this.setData({ formOpen: false, text: '', weight: '' });
      await this.load(this.data.year, true);
      this.setData({ submitting: false, notice: '目标已提交，等待组织部门确认' });
    },

    onProgress(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(ASSESS_ROUTES.progress, { targetId: id, year: this.data.year }));
    },

    onRetry(): void {
      void this.load(this.data.year);
    },
  },
});
