/**
 * 干部目标 (`?personId=&year=`), for organisation staff over the cadre's village: the cadre's
 * targets of the year with their progress (text, percent, photos). Staff confirm a proposed target
 * or turn it down with a reason, drop a confirmed one not yet scored (with a reason), score a
 * confirmed one once its due month has come (0–100, a change is kept in the audit log), and set
 * new ones (confirmed at once). Each change answers with the plan as it now is.
 */
import { call } from '../../../../api/index';
import type { Answer, OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { shortTime } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { queryValue } from '../../../../utils/nav';
import { fieldErrors, MIN_TEXT, monthName, points, targetItem } from '../../assess';
import type { PlanView, TargetItem } from '../../assess';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Detail = OutputOf<'assessment.cadreTargets'>;

interface Item extends TargetItem {
  entries: { id: string; text: string; when: string; percent: number; photoUrls: string[] }[];
}

const LABELS: Record<string, string> = { text: '目标内容', weight: '权重', dueMonth: '完成时限', score: '评分', note: '说明' };

interface State {
  clientId: string;
  progress: Detail['progress'];
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientId: newClientId(), progress: [] }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    personId: '',
    year: '',
    title: '',
    part: '',
    weightTotal: 0,
    items: [] as Item[],
    /** Per target: the score typed and the note typed. */
    scores: {} as Record<string, string>,
    notes: {} as Record<string, string>,
    busy: '',
    actionError: '',
    notice: '',
    categories: [] as { key: string; name: string }[],
    categoryNames: [] as string[],
    text: '',
    categoryIndex: 0,
    weight: '',
    dueMonth: '',
    dueText: '',
    errors: {} as Record<string, string>,
    formError: '',
    submitting: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ personId: queryValue(query, 'personId'), year: queryValue(query, 'year') });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('assessment.cadreTargets', { personId: this.data.personId, year: this.data.year });
      if (!a.ok) {
        this.setData(a.code === 'forbidden' || a.code === 'not_bound' || a.code === 'invalid_input' ? { status: 'forbidden', error: a.message } : { status: 'error', error: errorText(a) });
        return;
      }
      stateOf(this).progress = a.data.progress;
      const due = this.data.dueMonth || `${this.data.year}-12`;
      this.setData({ categories: a.data.categories, categoryNames: a.data.categories.map((c) => c.name), dueMonth: due, dueText: monthName(due) });
      this.show(a.data.plan);
    },

    show(plan: PlanView): void {
      const progress = stateOf(this).progress;
      const items: Item[] = plan.targets.map((t) => ({
        ...targetItem(t),
        entries: progress.filter((p) => p.targetId === t.id).map((p) => ({ id: p.id, text: p.text, when: shortTime(p.at), percent: p.percent, photoUrls: p.photoUrls })),
      }));
      const scores: Record<string, string> = {};
      for (const t of plan.targets) scores[t.id] = this.data.scores[t.id] ?? (t.score === null ? '' : String(t.score));
      this.setData({ status: 'ok', title: `${plan.name} · ${plan.villageName} · ${plan.kindName}`, part: points(plan.targetPart), weightTotal: plan.weightTotal, items, scores });
    },

    /** A change's answer: the plan as it now is, or the refusal. */
    changed(a: Answer<PlanView>, notice: string): void {
      this.setData({ busy: '' });
      if (!a.ok) {
        this.setData({ actionError: errorText(a, LABELS) });
        return;
      }
      this.setData({ actionError: '', notice });
      this.show(a.data);
    },

    onScoreInput(e: WechatMiniprogram.Input): void {
      this.setData({ [`scores.${String(e.currentTarget.dataset.id)}`]: e.detail.value });
    },

    onNoteInput(e: WechatMiniprogram.Input): void {
      this.setData({ [`notes.${String(e.currentTarget.dataset.id)}`]: e.detail.value });
    },

    async review(e: WechatMiniprogram.TouchEvent, decision: 'confirm' | 'reject' | 'drop'): Promise<void> {
      const targetId = String(e.currentTarget.dataset.id ?? '');
      if (!targetId || this.data.busy) return;
      this.setData({ busy: targetId, actionError: '' });
      const a = await call('assessment.reviewTarget', { personId: this.data.personId, year: this.data.year, targetId, decision, note: (this.data.notes[targetId] ?? '').trim() });
      this.changed(a, decision === 'confirm' ? '已确认该目标' : decision === 'reject' ? '已退回该目标' : '已撤销该目标');
    },

    onConfirm(e: WechatMiniprogram.TouchEvent): Promise<void> {
      return this.review(e, 'confirm');
    },

    onReject(e: WechatMiniprogram.TouchEvent): Promise<void> {
      return this.review(e, 'reject');
    },

    onDrop(e: WechatMiniprogram.TouchEvent): Promise<void> {
      return this.review(e, 'drop');
    },

    async onScore(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const targetId = String(e.currentTarget.dataset.id ?? '');
      if (!targetId || this.data.busy) return;
      const raw = (this.data.scores[targetId] ?? '').trim();
      const score = Number(raw);
      if (!raw || !Number.isFinite(score) || score < 0 || score > 100) {
        this.setData({ actionError: '评分请填0到100之间的数' });
        return;
      }
      this.setData({ busy: targetId, actionError: '' });
      const a = await call('assessment.scoreTarget', { personId: this.data.personId, year: this.data.year, targetId, score, note: (this.data.notes[targetId] ?? '').trim() });
      this.changed(a, '评分已保存');
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
      this.setData({ dueMonth: month, dueText: monthName(month) });
    },

    async onSet(): Promise<void> {
      if (this.data.submitting) return;
      const text = this.data.text.trim();
      const weight = Number(this.data.weight);
      const errors: Record<string, string> = {};
      if (text.length < MIN_TEXT) errors.text = `请写明目标，至少${MIN_TEXT}个字`;
      if (!Number.isInteger(weight) || weight < 1 || weight > 100) errors.weight = '权重请填1到100的整数';
      if (Object.keys(errors).length) {
        this.setData({ errors, formError: '请按红字提示改一改，再点“设定目标”' });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, errors: {}, formError: '' });
      const category = this.data.categories[this.data.categoryIndex]!.key as 'industry';
      const a = await call('assessment.setTarget', { personId: this.data.personId, year: this.data.year, clientId: s.clientId, text, category, weight, dueMonth: this.data.dueMonth });
      this.setData({ submitting: false });
      if (!a.ok) {
        this.setData({ errors: fieldErrors(a.issues), formError: errorText(a, LABELS) });
        return;
      }
      s.clientId = newClientId();
      this.setData({ text: '', weight: '', notice: '目标已设定' });
      this.show(a.data);
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url) wx.previewImage({ urls: [url], current: url });
    },

    onRetry(): void {
      void this.load();
    },
  },
});
