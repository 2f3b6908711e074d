/**
 * 我的考核, for the cadre (`scoring.mine`): a month's score (the month the server scored last
 * unless another is picked), its grade, each item with its points and how it is counted; a tap
 * on an item opens its lines (未签到 1 次，每次 -2 分) and the records behind each (5月12日 下午
 * 未签到 -2 分). An item lost at once (一次扣完) says why, with its records, open or not. Below,
 * the month's stationing allowance (驻村补助: basis, days counted, rate, amount, 已签核/待签核, and
 * each day counted with its share) and what was published of the month (unit, version, rank,
 * grade, and a correction's reason). A month not scored yet says so (本月考核尚未计算).
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { beijingToday, pickedMonth, phoneNow, shortTime } from '../../../utils/day';
import { go, queryValue, ROUTES } from '../../../utils/nav';
import { explanationView, lastMonthOf, periodText, shareText, shortDate, toggleItem, yuanText } from '../../../utils/scoring';
import type { ExplanationView } from '../../../utils/scoring';

type Status = 'loading' | 'ok' | 'unbound' | 'notCadre' | 'error';
type Mine = OutputOf<'scoring.mine'>;
type Allowance = NonNullable<Mine['allowance']>;

interface AllowanceView {
  basisName: string;
  /** `0.5 天` (and `，按上限计 22 天` when capped). */
  days: string;
  perDay: string;
  amount: string;
  status: Allowance['status'];
  statusName: string;
  /** `石慧敏 6月10日 10:00 签核`. */
  signed: string;
  dayList: { key: string; text: string }[];
}

interface PublishedView {
  key: string;
  /** `花垣县 第 1 版`. */
  title: string;
  /** `第 1 名 · 称职 · 78 分`. */
  line: string;
  reason: string;
  at: string;
}

function allowanceView(a: Allowance): AllowanceView {
  return {
    basisName: a.basisName,
    days: a.days === a.counted ? `${a.days} 天` : `${a.counted} 天，按上限计 ${a.days} 天`,
    perDay: `${yuanText(a.perDay)}/天`,
    amount: yuanText(a.amount),
    status: a.status,
    statusName: a.statusName,
    signed: a.status === 'signed' && a.signedByName ? `${a.signedByName}${a.signedAt ? ` ${shortTime(a.signedAt)}` : ''} 签核` : '',
    dayList: a.dayList.map((d) => ({ key: d.date, text: `${shortDate(d.date)} ${shareText(d.share)}` })),
  };
}

function publishedView(p: Mine['published'][number]): PublishedView {
  return {
    key: p.pubId,
    title: `${p.unitName} 第 ${p.version} 版`,
    line: `第 ${p.rank} 名 · ${p.gradeName} · ${p.total} 分`,
    reason: p.reason,
    at: p.at ? shortTime(p.at) : '',
  };
}

/** The latest read of each page: an answer to an older one is dropped. */
const latest = new WeakMap<object, number>();

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    /** The month shown (`YYYY-MM`), as the server answered. */
    period: '',
    periodText: '',
    /** The picker's last month: the month before this one. */
    lastMonth: '',
    reading: false,
    score: null as ExplanationView | null,
    allowance: null as AllowanceView | null,
    published: [] as PublishedView[],
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ lastMonth: lastMonthOf(beijingToday(phoneNow())) });
      const asked = queryValue(query, 'period');
      void this.load(/^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : '');
    },

    /** Read a month (''): the one the server scored last). */
    async load(period: string): Promise<void> {
      const seq = (latest.get(this) ?? 0) + 1;
      latest.set(this, seq);
      this.setData(this.data.status === 'ok' ? { reading: true, error: '' } : { status: 'loading', error: '' });
      const a = await call('scoring.mine', period ? { period } : {});
      if (latest.get(this) !== seq) return;
      if (!a.ok) {
        if (a.code === 'not_bound') this.setData({ status: 'unbound', reading: false });
        else if (a.code === 'forbidden') this.setData({ status: 'notCadre', reading: false });
        else this.setData({ status: 'error', error: a.message, reading: false });
        return;
      }
      const d = a.data;
      this.setData({
        status: 'ok',
        reading: false,
        period: d.period,
        periodText: periodText(d.period),
        score: d.score ? explanationView(d.score, shortTime(d.score.computedAt)) : null,
        allowance: d.allowance ? allowanceView(d.allowance) : null,
        published: d.published.map(publishedView),
      });
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      const month = pickedMonth(e.detail.value);
      if (!month || month === this.data.period) return;
      this.setData({ period: month, periodText: periodText(month) });
      void this.load(month);
    },

    /** Open or close an item's lines and records. */
    onItem(e: WechatMiniprogram.TouchEvent): void {
      const key = String(e.currentTarget.dataset.key ?? '');
      if (this.data.score) this.setData({ score: toggleItem(this.data.score, key) });
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load(this.data.period);
    },

    onBind(): void {
      go(ROUTES.bind);
    },
  },
});
