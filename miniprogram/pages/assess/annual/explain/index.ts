/**
 * 考评明细 (`?countyId=&year=&personId=`), for staff over the cadre: how a cadre's annual result
 * was worked out — the formula by the county's weights, each target with its weight and score,
 * each survey's tally, each inspection (在岗 / 不在岗 / 请假), and the monthly scores averaged.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { queryValue } from '../../../../utils/nav';
import { monthName, points } from '../../assess';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Explanation = OutputOf<'assessment.explain'>;

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    title: '',
    headline: '',
    formula: '',
    parts: [] as { part: string; line: string }[],
    targets: [] as { id: string; line: string }[],
    targetRule: '',
    surveys: [] as { id: string; line: string }[],
    surveyRule: '',
    inspections: [] as { id: string; line: string }[],
    months: [] as { month: string; line: string }[],
    inspectionRule: '',
    monthsLine: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void this.load(queryValue(query, 'countyId'), queryValue(query, 'year'), queryValue(query, 'personId'));
    },

    async load(countyId: string, year: string, personId: string): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const a = await call('assessment.explain', { countyId, year, personId });
      if (!a.ok) {
        this.setData(a.code === 'forbidden' || a.code === 'invalid_input' ? { status: 'forbidden' } : { status: 'error', error: errorText(a) });
        return;
      }
      this.show(a.data);
    },

    show(e: Explanation): void {
      this.setData({
        status: 'ok',
        title: `${e.name} · ${e.villageName} · ${e.kindName}`,
        headline: `${e.year}年度 ${e.total.toFixed(1)} 分 · 全县第 ${e.rank} 名 · 同类第 ${e.kindRank} 名 · ${e.gradeName}`,
        formula: e.formula,
        parts: e.parts.map((p) => ({ part: p.part, line: `${p.name}：${points(p.points)} 分 × ${p.weight}% = ${p.weighted.toFixed(2)}` })),
        targets: e.targets.map((t) => ({ id: t.id, line: `${t.text}（${t.categoryName}，权重 ${t.weight}）：${t.score === null ? '未评分，按0分计' : `${t.score} 分`}，完成进度 ${t.percent}%` })),
        targetRule: e.targetRule,
        surveys: e.surveys.map((s) => ({ id: s.surveyId, line: `${s.villageName}（${s.statusName}）：满意 ${s.satisfied}，基本满意 ${s.basicallySatisfied}，不满意 ${s.unsatisfied}，共 ${s.count} 份` })),
        surveyRule: `${e.surveyRule}。满意率 ${e.satisfactionRate === null ? '缺项' : `${e.satisfactionRate.toFixed(1)}%`}`,
        inspections: e.inspections.map((x) => ({ id: x.inspectionId, line: `${Number(x.date.slice(5, 7))}月${Number(x.date.slice(8, 10))}日 ${x.villageName} 暗访：${x.statusName}` })),
        months: e.months.map((m) => ({ month: m.month, line: `${monthName(m.month)}：${m.total.toFixed(1)} 分` })),
        inspectionRule: e.inspectionRule,
        monthsLine: e.monthsAverage === null ? '全年没有月度考核得分' : `月度平均 ${e.monthsAverage.toFixed(1)} 分，暗访不在岗 ${e.absences} 次`,
      });
    },
  },
});
