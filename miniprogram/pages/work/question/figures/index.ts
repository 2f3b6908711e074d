/**
 * 辅导统计 (`?unitId=&month=`), for organisation staff: a unit's questions asked in a month
 * (`question.figures`), by topic with a total row — 提问, 已解答, 已解决, 超时 (went past a
 * deadline unanswered) — the median hours from the ask to the first answer, and how many wait
 * past their deadline now; under it, those questions (`question.list`, overdue), a tap opening one.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, phoneNow } from '../../../../utils/day';
import { go, queryValue, withQuery } from '../../../../utils/nav';
import { fillUnitPicker, monthFromQuery, openOnUnit, pickMonth, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { hoursText, QUESTION_ROUTES, questionItem } from '../question';
import type { QuestionItem } from '../question';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Figures = OutputOf<'question.figures'>;
type FigureRow = Figures['total'];

const COLUMNS = [
  { key: 'asked', label: '提问' },
  { key: 'answered', label: '已解答' },
  { key: 'solved', label: '已解决' },
  { key: 'overdue', label: '超时' },
] as const;

interface Row {
  key: string;
  name: string;
  cells: { key: string; text: string; zero: boolean }[];
}

function rowOf(r: FigureRow): Row {
  return { key: r.topic, name: r.name, cells: COLUMNS.map((c) => ({ key: c.key, text: String(r[c.key]), zero: r[c.key] === 0 })) };
}

const OVERDUE_LIMIT = 20;

Component({
  data: {
    ...unitPageData(),
    month: '',
    monthText: '',
    thisMonth: '',
    columns: COLUMNS.map((c) => ({ key: c.key, label: c.label })),
    figuresStatus: 'loading' as Status,
    figuresError: '',
    byTopic: [] as Row[],
    total: null as Row | null,
    median: '',
    overdueOpen: 0,
    overdueItems: [] as QuestionItem[],
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const thisMonth = beijingToday(phoneNow()).slice(0, 7);
      this.setData({ thisMonth, ...monthFromQuery(query, thisMonth, thisMonth) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadFigures(), fillUnitPicker(this, roots)]);
    },

    async loadFigures(): Promise<void> {
      const { unitId, month } = this.data;
      this.setData({ figuresStatus: 'loading', figuresError: '' });
      const [a, late] = await Promise.all([call('question.figures', { unitId, month }), call('question.list', { unitId, month, overdue: true, skip: 0, limit: OVERDUE_LIMIT })]);
      if (unitId !== this.data.unitId || month !== this.data.month) return;
      if (!a.ok) {
        this.setData({ figuresStatus: a.code === 'forbidden' ? 'forbidden' : 'error', figuresError: errorText(a), byTopic: [], total: null, overdueItems: [] });
        return;
      }
      this.setData({
        figuresStatus: 'ok',
        byTopic: a.data.byTopic.map(rowOf),
        total: rowOf(a.data.total),
        median: hoursText(a.data.medianHours),
        overdueOpen: a.data.overdueOpen,
        overdueItems: late.ok ? late.data.items.map(questionItem) : [],
        ...(this.data.unitName ? {} : { unitName: a.data.unit.name }),
      });
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (pickUnit(this, e.detail.value)) void this.loadFigures();
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      if (pickMonth(this, e.detail.value)) void this.loadFigures();
    },

    onOpen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) go(withQuery(QUESTION_ROUTES.detail, { id }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadFigures();
    },
  },
});
