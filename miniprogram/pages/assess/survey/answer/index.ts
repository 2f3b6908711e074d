/**
 * 民主测评 (`?villageId=`), for villagers and village officials: the village's running survey, one
 * cadre at a time in big text — 满意 / 基本满意 / 不满意 with one tap (and the three aspects when
 * the survey asks them), an optional word — then 提交. Each person answers once and nobody sees
 * who answered what; a retried submit is the same answer. Opened from the 村群管理员's home card
 * (no village in the link), their villages are offered first.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { queryValue } from '../../../../utils/nav';

type Status = 'loading' | 'ok' | 'pick' | 'none' | 'answered' | 'done' | 'notVillager' | 'error';
type Open = OutputOf<'assessment.openSurveys'>;
type Rating = 'satisfied' | 'basicallySatisfied' | 'unsatisfied';
type Aspect = 'style' | 'results' | 'relations';

interface Choice {
  personId: string;
  name: string;
  kindName: string;
  overall: Rating | '';
  aspects: Record<Aspect, Rating | ''>;
  comment: string;
}

const RATINGS: { key: Rating; name: string }[] = [
  { key: 'satisfied', name: '满意' },
  { key: 'basicallySatisfied', name: '基本满意' },
  { key: 'unsatisfied', name: '不满意' },
];

let submitting = false;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    villageId: '',
    villageName: '',
    villages: [] as { id: string; name: string }[],
    surveyId: '',
    closesOn: '',
    askAspects: false,
    aspectNames: [] as { key: Aspect; name: string }[],
    ratings: RATINGS,
    choices: [] as Choice[],
    formError: '',
    sending: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const villageId = queryValue(query, 'villageId');
      this.setData({ villageId });
      void (villageId ? this.load() : this.pickVillage());
    },

    /** No village in the link: the 村群管理员's villages. */
    async pickVillage(): Promise<void> {
      this.setData({ status: 'loading' });
      const me = await call('people.me');
      const villages: { id: string; name: string }[] = [];
      if (me.ok) for (const r of me.data.roles) if (r.role === 'groupAdmin' && !villages.some((v) => v.id === r.orgUnitId)) villages.push({ id: r.orgUnitId, name: r.unitName || r.orgUnitId });
      if (villages.length === 1) {
        this.setData({ villageId: villages[0]!.id });
        return this.load();
      }
      this.setData(villages.length ? { status: 'pick', villages } : { status: 'notVillager', error: '请从本村微信群里的小程序卡片打开' });
    },

    onPickVillage(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id) return;
      this.setData({ villageId: id });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '', formError: '' });
      const a = await call('assessment.openSurveys', { villageId: this.data.villageId });
      if (!a.ok) {
        this.setData(a.code === 'not_villager' || a.code === 'not_bound' ? { status: 'notVillager', error: a.message } : { status: 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(d: Open): void {
      const next = d.surveys.find((s) => !s.answered);
      this.setData({ villageName: d.villageName, aspectNames: d.aspectNames as { key: Aspect; name: string }[] });
      if (!d.surveys.length) return this.setData({ status: 'none' });
      if (!next) return this.setData({ status: 'answered' });
      this.setData({
        status: 'ok',
        surveyId: next.id,
        closesOn: `${Number(next.closesOn.slice(5, 7))}月${Number(next.closesOn.slice(8, 10))}日`,
        askAspects: next.aspects,
        choices: next.cadres.map((c) => ({ personId: c.personId, name: c.name, kindName: c.kindName, overall: '', aspects: { style: '', results: '', relations: '' }, comment: '' })),
      });
    },

    onRate(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      const value = String(e.currentTarget.dataset.value) as Rating;
      const aspect = String(e.currentTarget.dataset.aspect ?? '');
      if (!this.data.choices[i]) return;
      this.setData({ [aspect ? `choices[${i}].aspects.${aspect}` : `choices[${i}].overall`]: value, formError: '' });
    },

    onComment(e: WechatMiniprogram.Input): void {
      this.setData({ [`choices[${Number(e.currentTarget.dataset.index)}].comment`]: e.detail.value });
    },

    async onSubmit(): Promise<void> {
      if (submitting) return;
      const missing = this.data.choices.find((c) => !c.overall || (this.data.askAspects && (!c.aspects.style || !c.aspects.results || !c.aspects.relations)));
      if (missing) {
        this.setData({ formError: `请给${missing.name}选好评价，再点“提交”` });
        return;
      }
      submitting = true;
      this.setData({ sending: true, formError: '' });
      const ratings = this.data.choices.map((c) => ({
        personId: c.personId,
        overall: c.overall as Rating,
        ...(this.data.askAspects ? { aspects: { style: c.aspects.style as Rating, results: c.aspects.results as Rating, relations: c.aspects.relations as Rating } } : {}),
        comment: c.comment.trim(),
      }));
      const a = await call('assessment.answer', { surveyId: this.data.surveyId, ratings });
      submitting = false;
      this.setData({ sending: false });
      if (!a.ok) {
        if (a.code === 'already_answered') return this.setData({ status: 'answered' });
        if (a.code === 'survey_closed') return this.setData({ status: 'none' });
        const message = a.code === 'network' ? `${a.message}。选好的还在，请再点“提交”` : errorText(a);
        this.setData({ formError: message });
        return;
      }
      this.setData({ status: 'done' });
    },

    onRetry(): void {
      void this.load();
    },
  },
});
