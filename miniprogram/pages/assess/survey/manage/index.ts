/**
 * 民主测评管理 (`?unitId=&year=`), for organisation staff: the surveys (民主测评) of a unit's
 * villages in a year, each with its closing day, status and exact response count; on a village,
 * 发起测评 opens one of the village's team (closing day, and whether to ask 工作作风 / 工作实绩 /
 * 群众关系 as well). A survey opens to its results — aggregates only: each cadre's 满意 / 基本满意
 * / 不满意, satisfaction rate and points, and the comments without author or order — and one still
 * running can be closed (结束测评).
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { addDays, beijingToday, phoneNow } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { queryValue } from '../../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { yearsUpTo } from '../../assess';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Survey = OutputOf<'assessment.surveys'>['items'][number];
type Results = OutputOf<'assessment.surveyResults'>;

interface SurveyItem {
  id: string;
  villageName: string;
  /** `截止 11月30日 · 已收到 5 份`. */
  line: string;
  statusName: string;
  open: boolean;
  cadres: string;
}

const item = (s: Survey): SurveyItem => ({
  id: s.id,
  villageName: s.villageName,
  line: `截止 ${Number(s.closesOn.slice(5, 7))}月${Number(s.closesOn.slice(8, 10))}日 · 已收到 ${s.responses ?? 0} 份`,
  statusName: s.statusName,
  open: s.open,
  cadres: s.cadres.map((c) => `${c.name}（${c.kindName}）`).join('、'),
});

interface ResultView {
  personId: string;
  name: string;
  /** `满意 3 · 基本满意 1 · 不满意 1`. */
  tally: string;
  /** `满意率 80.0% · 得分 72.0`. */
  figures: string;
  aspects: { aspect: string; line: string }[];
  comments: string[];
}

const resultView = (c: Results['cadres'][number]): ResultView => ({
  personId: c.personId,
  name: `${c.name}（${c.kindName}）`,
  tally: `满意 ${c.satisfied} · 基本满意 ${c.basicallySatisfied} · 不满意 ${c.unsatisfied}`,
  figures: c.count ? `满意率 ${c.rate!.toFixed(1)}% · 得分 ${c.points!.toFixed(1)}` : '还没有评价',
  aspects: c.aspects.map((a) => ({ aspect: a.aspect, line: `${a.name}：满意 ${a.satisfied} · 基本满意 ${a.basicallySatisfied} · 不满意 ${a.unsatisfied}` })),
  comments: c.comments,
});

let seq = 0;
let clientId = newClientId();

Component({
  data: {
    ...unitPageData(),
    level: '',
    year: '',
    years: [] as string[],
    yearIndex: 0,
    today: '',
    listStatus: 'loading' as Status,
    listError: '',
    items: [] as SurveyItem[],
    closesOn: '',
    lastDay: '',
    aspects: false,
    opening: false,
    formError: '',
    notice: '',
    viewId: '',
    viewStatus: 'loading' as Status,
    viewError: '',
    viewResponses: 0,
    viewOpen: false,
    viewRows: [] as ResultView[],
    closing: false,
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const today = beijingToday(phoneNow());
      const years = yearsUpTo(today);
      const asked = queryValue(query, 'year');
      const year = years.includes(asked) ? asked : years[0]!;
      this.setData({ today, years, year, yearIndex: years.indexOf(year), closesOn: addDays(today, 14), lastDay: addDays(today, 60) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadList(), fillUnitPicker(this, roots)]);
    },

    async loadList(quiet = false): Promise<void> {
      const mine = ++seq;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', items: [], viewId: '' });
      const a = await call('assessment.surveys', { unitId: this.data.unitId, year: this.data.year });
      if (mine !== seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: errorText(a) });
        return;
      }
      this.setData({ listStatus: 'ok', level: a.data.unit.level, items: a.data.items.map(item), ...(this.data.unitName ? {} : { unitName: a.data.unit.name }) });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value, { notice: '', formError: '' })) void this.loadList();
    },

    onPickYear(e: WechatMiniprogram.PickerChange): void {
      const year = this.data.years[Number(e.detail.value)];
      if (year && year !== this.data.year) {
        this.setData({ year, yearIndex: Number(e.detail.value) });
        void this.loadList();
      }
    },

    onPickClose(e: WechatMiniprogram.PickerChange): void {
      this.setData({ closesOn: String(e.detail.value), formError: '' });
    },

    onAspects(e: WechatMiniprogram.SwitchChange): void {
      this.setData({ aspects: !!e.detail.value });
    },

    async onOpenSurvey(): Promise<void> {
      if (this.data.opening) return;
      this.setData({ opening: true, formError: '', notice: '' });
      const a = await call('assessment.openSurvey', { villageId: this.data.unitId, year: this.data.today.slice(0, 4), clientId, closesOn: this.data.closesOn, aspects: this.data.aspects });
      this.setData({ opening: false });
      if (!a.ok) {
        this.setData({ formError: errorText(a, { closesOn: '截止日期' }) });
        return;
      }
      clientId = newClientId();
      this.setData({ notice: `已发起${a.data.villageName}的民主测评，请在村群里告诉村民：点开村群里的小程序卡片即可参加。` });
      await this.loadList(true);
    },

    async onView(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id) return;
      if (id === this.data.viewId) {
        this.setData({ viewId: '' });
        return;
      }
      this.setData({ viewId: id, viewStatus: 'loading', viewError: '', viewRows: [] });
      const a = await call('assessment.surveyResults', { surveyId: id });
      if (this.data.viewId !== id) return;
      if (!a.ok) {
        this.setData({ viewStatus: 'error', viewError: errorText(a) });
        return;
      }
      this.setData({ viewStatus: 'ok', viewResponses: a.data.responses, viewOpen: a.data.survey.open, viewRows: a.data.cadres.map(resultView) });
    },

    async onClose(): Promise<void> {
      if (this.data.closing || !this.data.viewId) return;
      this.setData({ closing: true });
      const a = await call('assessment.closeSurvey', { surveyId: this.data.viewId });
      this.setData({ closing: false });
      if (!a.ok) {
        this.setData({ viewError: errorText(a) });
        return;
      }
      this.setData({ viewOpen: false, notice: `${a.data.villageName}的民主测评已结束` });
      await this.loadList(true);
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
