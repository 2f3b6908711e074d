/**
 * 驻村补助签核 for staff (`?unitId=&month=`): a unit's stationing allowances of a month
 * (`scoring.allowances`): the totals (人数, 天数, 金额, 待签核 and 已签核), one row per cadre (name,
 * kind, village, days, rate, amount, status), 50 at a time; 签核 signs off every draft of the unit
 * (`scoring.signAllowances`, asked once more, with a clientId made once per attempt and kept
 * across retries), and the month's sign-offs are listed with 撤回 (`scoring.reopenAllowances`,
 * with a reason), which makes their allowances drafts again. A signed allowance is not changed by
 * a recompute until its sign-off is taken back.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { beijingToday, phoneNow, shortTime } from '../../../../utils/day';
import { newClientId } from '../../../../utils/location';
import { queryValue } from '../../../../utils/nav';
import { lastMonthOf, yuanText } from '../../../../utils/scoring';
import { fillUnitPicker, monthFromQuery, openOnUnit, pickMonth, pickUnit, unitPageData } from '../../../../utils/staff-page';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Allowances = OutputOf<'scoring.allowances'>;
type AllowanceRow = Allowances['rows'][number];
type Signoff = Allowances['signoffs'][number];

/** Rows per read. */
const PAGE = 50;

/** Another unit or month: its own sign-off and take-back, asked afresh. */
const RESET = { confirmingSign: false, reopenId: '', notice: '', signError: '' };

interface Row {
  personId: string;
  name: string;
  kindName: string;
  villageName: string;
  days: string;
  rate: string;
  amount: string;
  status: AllowanceRow['status'];
  statusName: string;
}

interface Totals {
  count: number;
  days: number;
  amount: string;
  draft: number;
  signed: number;
}

interface SignoffView {
  id: string;
  /** `6月10日 10:00 石慧敏 签核`. */
  title: string;
  /** `15 人 · 50 元`. */
  line: string;
  /** `已撤回：金额有误（石慧敏 6月11日 09:00）`, or ''. */
  reopened: string;
}

const rowOf = (a: AllowanceRow): Row => ({
  personId: a.personId,
  name: a.name,
  kindName: a.kindName,
  villageName: a.villageName,
  days: a.days === a.counted ? `${a.days} 天` : `${a.days} 天（共 ${a.counted} 天，按上限）`,
  rate: `${yuanText(a.perDay)}/天`,
  amount: yuanText(a.amount),
  status: a.status,
  statusName: a.statusName,
});

const signoffOf = (s: Signoff): SignoffView => ({
  id: s.id,
  title: `${shortTime(s.at)} ${s.byName} 签核`,
  line: `${s.count} 人 · ${yuanText(s.amount)}`,
  reopened: s.reopened ? `已撤回：${s.reopened.reason}（${s.reopened.byName} ${shortTime(s.reopened.at)}）` : '',
});

interface State {
  /** Made once per sign-off attempt; kept across retries; a new one only after a sign-off was made. */
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
    ...unitPageData(),
    month: '',
    monthText: '',
    lastMonth: '',
    listStatus: 'loading' as Status,
    listError: '',
    totals: null as Totals | null,
    rows: [] as Row[],
    loadingMore: false,
    signoffs: [] as SignoffView[],
    confirmingSign: false,
    signing: false,
    signError: '',
    notice: '',
    /** The sign-off being taken back, and why. */
    reopenId: '',
    reopenReason: '',
    reopening: false,
    reopenError: '',
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const lastMonth = lastMonthOf(beijingToday(phoneNow()));
      this.setData({ lastMonth, ...monthFromQuery(query, lastMonth) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadList(), fillUnitPicker(this, roots)]);
    },

    /** The first page of rows, the totals and the sign-offs (`quiet`: keep the page while reading). */
    async loadList(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, month } = this.data;
      if (!quiet) this.setData({ listStatus: 'loading', listError: '', rows: [], totals: null, signoffs: [] });
      const a = await call('scoring.allowances', { unitId, month, skip: 0, limit: PAGE });
      if (seq !== s.seq) return;
      if (!a.ok) {
        this.setData({ listStatus: a.code === 'forbidden' ? 'forbidden' : 'error', listError: a.message, rows: [], totals: null, signoffs: [] });
        return;
      }
      this.show(a.data, a.data.rows.map(rowOf));
    },

    show(d: Allowances, rows: Row[]): void {
      const t = d.totals;
      this.setData({
        listStatus: 'ok',
        rows,
        totals: { count: t.count, days: t.days, amount: yuanText(t.amount), draft: t.draft, signed: t.signed },
        signoffs: d.signoffs.map(signoffOf),
      });
    },

    async onMore(): Promise<void> {
      const { unitId, month, rows, totals, loadingMore } = this.data;
      if (loadingMore || !totals || rows.length >= totals.count) return;
      const s = stateOf(this);
      const seq = s.seq;
      this.setData({ loadingMore: true });
      const a = await call('scoring.allowances', { unitId, month, skip: rows.length, limit: PAGE });
      if (seq !== s.seq) return;
      this.setData({ loadingMore: false });
      if (!a.ok) {
        this.setData({ signError: a.message });
        return;
      }
      const have = new Set(rows.map((r) => r.personId));
      this.show(a.data, [...rows, ...a.data.rows.filter((r) => !have.has(r.personId)).map(rowOf)]);
    },

    // ── 签核 ──────────────────────────────────────────────────────────────────────────────────
    onSign(): void {
      if (!this.data.totals?.draft || this.data.signing) return;
      this.setData({ confirmingSign: true, signError: '', notice: '', reopenId: '' });
    },

    onCancelSign(): void {
      if (!this.data.signing) this.setData({ confirmingSign: false });
    },

    async onConfirmSign(): Promise<void> {
      const { unitId, unitName, month, monthText: mText, signing } = this.data;
      if (signing) return;
      const s = stateOf(this);
      this.setData({ signing: true, signError: '' });
      const a = await call('scoring.signAllowances', { unitId, month, clientId: s.clientId });
      if (!a.ok) {
        // Nothing was signed (or the answer was lost): the same clientId goes again on the next try.
        this.setData({ signing: false, signError: errorText(a) });
        return;
      }
      s.clientId = newClientId();
      this.setData({ signing: false, confirmingSign: false, notice: `已签核${unitName}${mText}补助：${a.data.count} 人，合计 ${yuanText(a.data.amount)}` });
      await this.loadList(true);
    },

    // ── 撤回 ──────────────────────────────────────────────────────────────────────────────────
    onReopen(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id || this.data.reopening) return;
      this.setData({ reopenId: id, reopenReason: '', reopenError: '', notice: '', confirmingSign: false });
    },

    onReopenReason(e: WechatMiniprogram.Input): void {
      this.setData({ reopenReason: e.detail.value, reopenError: '' });
    },

    onCancelReopen(): void {
      if (!this.data.reopening) this.setData({ reopenId: '', reopenError: '' });
    },

    async onConfirmReopen(): Promise<void> {
      const { reopenId, reopening } = this.data;
      const reason = this.data.reopenReason.trim();
      if (!reopenId || reopening) return;
      if (reason.length < 2) {
        this.setData({ reopenError: '请写明撤回理由（至少 2 个字）' });
        return;
      }
      this.setData({ reopening: true, reopenError: '' });
      const a = await call('scoring.reopenAllowances', { signoffId: reopenId, reason });
      if (!a.ok) {
        this.setData({ reopening: false, reopenError: errorText(a, { reason: '撤回理由' }) });
        if (a.code === 'conflict') await this.loadList(true);
        return;
      }
      this.setData({ reopening: false, reopenId: '', reopenReason: '', notice: `已撤回签核：${a.data.count} 人的补助恢复为待签核` });
      await this.loadList(true);
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (this.data.signing || this.data.reopening) return;
      if (pickUnit(this, e.detail.value, RESET)) void this.loadList();
    },

    onPickMonth(e: WechatMiniprogram.PickerChange): void {
      if (this.data.signing || this.data.reopening) return;
      if (pickMonth(this, e.detail.value, RESET)) void this.loadList();
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadList();
    },
  },
});
