/**
 * 请假申请, for the cadre (many are older: big text, one thing per step). 1. the kind, five big
 * buttons, with what is left of each (`leave.mine`'s balances: 事假 今年还可请 12 天, 病假 须上传证明);
 * 2. the days, on a month calendar from `leave.calendar` (working days, weekends, holidays with
 * their names, 调休上班 days, each marked its own way): a tap on the first day, a tap on the last,
 * and 上午/下午 for each end; `leave.quote` then says how many working days count and who approves
 * (双龙镇 → 花垣县); 3. the reason, an optional deputy (代理人) and photos (`wx.chooseMedia`,
 * uploaded to the cadre's own `attachmentFolder`; the kinds that need proof say so). 提交 sends
 * `leave.apply` with a clientId made once per form and kept across retries, so a retry after a
 * lost answer lands on the same request; the stored request is shown with its chain and a link
 * to 我的请假. What the server refuses (overlap, quota, no working days, no proof) is said in its
 * own words, and the form stays as it was.
 */
import { call } from '../../../api/index';
import { choosePhotos, uploadPhotos } from '../../../utils/photos';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { addDays, beijingToday, dayName, dayText, monthText, phoneNow } from '../../../utils/day';
import type { DayKind } from '../../../utils/day';
import { APPROVAL_LEVEL_NAMES, halfDayText, LEAVE_KIND_NAMES, LEAVE_STATUS_NAMES, spanText, STEP_STATUS_NAMES } from '../../../utils/leave';
import type { LeaveKind, LeaveView } from '../../../utils/leave';
import { newClientId } from '../../../utils/location';
import { go, replace, ROUTES } from '../../../utils/nav';
import { listenPrivacy, openPrivacyContract, settlePrivacy } from '../../../utils/privacy';
import type { PrivacyResolve } from '../../../utils/privacy';

type Status = 'loading' | 'ok' | 'unbound' | 'notCadre' | 'error';
type Half = 'am' | 'pm';
type Balance = OutputOf<'leave.mine'>['balances'][number];
type CalendarDay = OutputOf<'leave.calendar'>['days'][number];

const KINDS: LeaveKind[] = ['personal', 'sick', 'annual', 'official', 'family'];
const MAX_PHOTOS = 3;
/** Sick leave may be asked for up to 3 days back (server/features/leave/service.ts). */
const SICK_BACK_DAYS = 3;
/** How many months ahead the calendar goes. */
const MONTHS_AHEAD = 11;
const WEEK_HEAD = ['一', '二', '三', '四', '五', '六', '日'];
const LABELS = { reason: '请假事由', deputy: '代理人', attachmentFileIds: '证明材料', start: '开始时间', end: '结束时间', kind: '请假类别' };

interface KindButton {
  kind: LeaveKind;
  name: string;
  /** `今年还可请 15 天（每月最多 5 天）`, `不限天数，须上传证明`. */
  note: string;
  attachment: boolean;
}

interface Cell {
  key: string;
  /** '' for the blanks before the 1st. */
  date: string;
  day: number;
  /** `国庆节`, `调休上班`, `休`. */
  label: string;
  cls: string;
}

interface Photo {
  path: string;
  /** Set once uploaded (kept across a failed submission, so it is not uploaded twice). */
  fileID: string;
}

interface QuoteView {
  days: number;
  /** `双龙镇 → 花垣县` */
  chain: string;
  /** `乡镇党委 → 县委组织部` */
  levels: string;
  attachment: boolean;
}

interface DoneView {
  kindText: string;
  span: string;
  statusText: string;
  chain: string;
  steps: { key: string; text: string }[];
}

interface State {
  stopPrivacy: (() => void) | null;
  privacyResolve: PrivacyResolve | null;
  /** Months read from `leave.calendar`, by `YYYY-MM`. */
  months: Map<string, CalendarDay[]>;
  /** Made once per form; kept across retries; a new one only after a request was stored. */
  clientId: string;
  /** Each quote asked for gets a number; only the latest one's answer is shown. */
  quoteSeq: number;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { stopPrivacy: null, privacyResolve: null, months: new Map(), clientId: newClientId(), quoteSeq: 0 }));
  return s;
}

/** `今年还可请 15 天（每月最多 5 天）`, `不限天数，须上传证明`. */
function balanceNote(b: Balance): string {
  const parts: string[] = [];
  if (b.left === null) parts.push('不限天数');
  else parts.push(`今年还可请 ${b.left} 天${b.maxDaysPerMonth !== null ? `（每月最多 ${b.maxDaysPerMonth} 天）` : ''}`);
  if (b.attachment) parts.push('须上传证明');
  return parts.join('，');
}

const monthOf = (date: string) => date.slice(0, 7);
function shiftMonth(month: string, by: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + by;
  const year = y + Math.floor(m / 12);
  return `${year}-${String(((m % 12) + 12) % 12 + 1).padStart(2, '0')}`;
}
/** Monday 0 … Sunday 6. */
const weekdayOf = (date: string) => (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;

const LABEL_OF: Record<DayKind, (d: CalendarDay) => string> = {
  workday: () => '',
  weekend: () => '休',
  holiday: (d) => d.name ?? '节假日',
  makeup: () => '调休上班',
};

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    today: '',
    kinds: [] as KindButton[],
    kind: '' as LeaveKind | '',
    kindNote: '',
    attachmentFolder: '',

    month: '',
    monthTitle: '',
    canPrev: false,
    canNext: true,
    weekHead: WEEK_HEAD,
    cells: [] as Cell[],
    calendarError: '',
    /** What the last tapped day is: `2026年10月1日 法定节假日（国庆节），不计请假天数`. */
    dayInfo: '',

    startDate: '',
    startHalf: 'am' as Half,
    endDate: '',
    endHalf: 'pm' as Half,
    /** The next tap on the calendar sets the first day (`start`) or the last (`end`). */
    phase: 'start' as 'start' | 'end',
    startText: '',
    endText: '',

    quote: null as QuoteView | null,
    quoting: false,
    quoteError: '',

    reason: '',
    deputy: '',
    photos: [] as Photo[],
    maxPhotos: MAX_PHOTOS,
    needsProof: false,

    submitting: false,
    formError: '',
    done: null as DoneView | null,
    privacyOpen: false,
  },

  lifetimes: {
    attached(): void {
      const s = stateOf(this);
      s.stopPrivacy = listenPrivacy((resolve) => {
        s.privacyResolve = resolve;
        this.setData({ privacyOpen: true });
      });
      void this.load();
    },

    detached(): void {
      const s = stateOf(this);
      s.stopPrivacy?.();
      settlePrivacy(s, false);
    },
  },

  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', error: '' });
      const phoneMonth = monthOf(beijingToday(phoneNow()));
      const [mine] = await Promise.all([call('leave.mine'), this.readMonth(phoneMonth)]);
      if (!mine.ok) {
        if (mine.code === 'not_bound') this.setData({ status: 'unbound' });
        else if (mine.code === 'forbidden') this.setData({ status: 'notCadre' });
        else this.setData({ status: 'error', error: mine.message });
        return;
      }
      const kinds = KINDS.map((kind) => {
        const b = mine.data.balances.find((x) => x.kind === kind);
        return { kind, name: LEAVE_KIND_NAMES[kind], note: b ? balanceNote(b) : '', attachment: !!b?.attachment };
      });
      const today = mine.data.today;
      this.setData({ status: 'ok', today, kinds, attachmentFolder: mine.data.attachmentFolder });
      if (this.data.kind) this.setData({ kindNote: kinds.find((k) => k.kind === this.data.kind)?.note ?? '' });
      await this.showMonth(this.data.month || monthOf(today));
    },

    /** A month's days from the server (once per page). */
    async readMonth(month: string): Promise<CalendarDay[] | null> {
      const s = stateOf(this);
      const known = s.months.get(month);
      if (known) return known;
      const a = await call('leave.calendar', { month });
      if (!a.ok) {
        this.setData({ calendarError: a.message });
        return null;
      }
      s.months.set(month, a.data.days);
      return a.data.days;
    },

    async showMonth(month: string): Promise<void> {
      const days = await this.readMonth(month);
      if (!days) return;
      const first = monthOf(this.earliest());
      const last = shiftMonth(monthOf(this.data.today), MONTHS_AHEAD);
      this.setData({ month, monthTitle: monthText(month), canPrev: month > first, canNext: month < last, calendarError: '' });
      this.drawCells();
    },

    /** The first day this kind may be asked for: today, or 3 days back for sick leave. */
    earliest(): string {
      return this.data.kind === 'sick' ? addDays(this.data.today, -SICK_BACK_DAYS) : this.data.today;
    },

    drawCells(): void {
      const days = stateOf(this).months.get(this.data.month) ?? [];
      const earliest = this.earliest();
      const { startDate, endDate, today } = this.data;
      const blanks: Cell[] = days.length ? Array.from({ length: weekdayOf(days[0]!.date) }, (_x, i) => ({ key: `b${i}`, date: '', day: 0, label: '', cls: 'day-blank' })) : [];
      const cells = days.map((d) => {
        const cls = [`day-${d.kind}`];
        if (d.date < earliest) cls.push('day-past');
        if (d.date === today) cls.push('day-today');
        if (startDate && d.date >= startDate && d.date <= (endDate || startDate)) cls.push(d.date === startDate ? 'day-start' : d.date === endDate ? 'day-end' : 'day-in');
        return { key: d.date, date: d.date, day: Number(d.date.slice(8, 10)), label: LABEL_OF[d.kind](d), cls: cls.join(' ') };
      });
      this.setData({ cells: [...blanks, ...cells] });
    },

    onPrevMonth(): void {
      if (this.data.canPrev) void this.showMonth(shiftMonth(this.data.month, -1));
    },

    onNextMonth(): void {
      if (this.data.canNext) void this.showMonth(shiftMonth(this.data.month, 1));
    },

    // ── 1. the kind ───────────────────────────────────────────────────────────────────────────
    onKind(e: WechatMiniprogram.TouchEvent): void {
      const k = this.data.kinds.find((x) => x.kind === e.currentTarget.dataset.kind);
      if (!k) return;
      this.setData({ kind: k.kind, kindNote: k.note, needsProof: k.attachment, formError: '' });
      // A day chosen for sick leave (back-dated) may be too early for another kind: choose again.
      if (this.data.startDate && this.data.startDate < this.earliest()) {
        this.setData({ startDate: '', endDate: '', phase: 'start', dayInfo: '所选的日子已经过去，请重新选择', quote: null });
      }
      this.drawCells();
      this.showSpan();
      void this.requote();
    },

    // ── 2. the days ───────────────────────────────────────────────────────────────────────────
    onDay(e: WechatMiniprogram.TouchEvent): void {
      const date = String(e.currentTarget.dataset.date ?? '');
      const day = (stateOf(this).months.get(this.data.month) ?? []).find((d) => d.date === date);
      if (!day) return;
      const counted = day.workday ? '' : '，不计请假天数';
      if (date < this.earliest()) {
        this.setData({ dayInfo: `${dayText(date)} 已经过去，不能选${this.data.kind === 'sick' ? '（病假最多补请 3 天前的）' : ''}` });
        return;
      }
      const { phase, startDate } = this.data;
      if (phase === 'start' || date < startDate) {
        this.setData({ startDate: date, endDate: date, phase: 'end' });
      } else {
        this.setData({ endDate: date, phase: 'start' });
      }
      // One day, from the afternoon: it can only end in the afternoon.
      if (this.data.startDate === this.data.endDate && this.data.startHalf === 'pm') this.setData({ endHalf: 'pm' });
      this.setData({ dayInfo: `${dayText(date)} ${dayName(day)}${counted}`, formError: '' });
      this.drawCells();
      this.showSpan();
      void this.requote();
    },

    onClearDays(): void {
      this.setData({ startDate: '', endDate: '', startHalf: 'am', endHalf: 'pm', phase: 'start', dayInfo: '', formError: '' });
      this.drawCells();
      this.showSpan();
      void this.requote();
    },

    onHalf(e: WechatMiniprogram.TouchEvent): void {
      const which = e.currentTarget.dataset.which as 'start' | 'end';
      const half = e.currentTarget.dataset.half as Half;
      if (half !== 'am' && half !== 'pm') return;
      const sameDay = this.data.startDate === this.data.endDate;
      if (which === 'start') {
        this.setData({ startHalf: half });
        // One day, from the afternoon: it can only end in the afternoon.
        if (sameDay && half === 'pm') this.setData({ endHalf: 'pm' });
      } else {
        this.setData({ endHalf: half });
        if (sameDay && half === 'am') this.setData({ startHalf: 'am' });
      }
      this.setData({ formError: '' });
      this.showSpan();
      void this.requote();
    },

    showSpan(): void {
      const { startDate, startHalf, endDate, endHalf } = this.data;
      this.setData({
        startText: startDate ? halfDayText({ date: startDate, half: startHalf }) : '',
        endText: endDate ? halfDayText({ date: endDate, half: endHalf }) : '',
      });
    },

    /** How many working days the choice counts, and who approves it (`leave.quote`). */
    async requote(): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.quoteSeq;
      const { kind, startDate, startHalf, endDate, endHalf } = this.data;
      if (!kind || !startDate) {
        this.setData({ quote: null, quoting: false, quoteError: '' });
        return;
      }
      this.setData({ quoting: true, quoteError: '' });
      const a = await call('leave.quote', { kind, start: { date: startDate, half: startHalf }, end: { date: endDate || startDate, half: endHalf } });
      if (seq !== s.quoteSeq) return; // the choice changed meanwhile
      if (!a.ok) {
        this.setData({ quoting: false, quote: null, quoteError: errorText(a, LABELS) });
        return;
      }
      this.setData({
        quoting: false,
        quote: {
          days: a.data.days,
          chain: a.data.chain.map((c) => c.unitName).join(' → '),
          levels: a.data.chain.map((c) => APPROVAL_LEVEL_NAMES[c.level]).join(' → '),
          attachment: a.data.attachment,
        },
      });
    },

    // ── 3. reason, deputy, photos ─────────────────────────────────────────────────────────────
    onReason(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value, formError: '' });
    },

    onDeputy(e: WechatMiniprogram.Input): void {
      this.setData({ deputy: e.detail.value, formError: '' });
    },

    async onAddPhoto(): Promise<void> {
      const r = await choosePhotos(MAX_PHOTOS - this.data.photos.length);
      if ('added' in r) {
        if (r.added.length) this.setData({ photos: [...this.data.photos, ...r.added].slice(0, MAX_PHOTOS), formError: '' });
      } else if (r.refused === 'privacy') this.setData({ formError: '您没有同意隐私保护指引，无法选择照片' });
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent): void {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_p, j) => j !== i) });
    },

    /** What is missing before the request can go, in words; '' when nothing is. The server checks the rest. */
    missing(): string {
      const { kind, startDate, reason, deputy } = this.data;
      if (!kind) return '请先选择请假类别';
      if (!startDate) return '请在日历上点选请假的日子';
      if (reason.trim().length < 4) return '请填写请假事由（至少 4 个字）';
      if (deputy.trim().length === 1) return '代理人请填写姓名（至少 2 个字），没有可以不填';
      return '';
    },

    async onSubmit(): Promise<void> {
      if (this.data.submitting) return;
      const missing = this.missing();
      if (missing) {
        this.setData({ formError: missing });
        return;
      }
      const s = stateOf(this);
      this.setData({ submitting: true, formError: '' });
      // Photos first, into the cadre's own folder: the request takes their cloud:// ids.
      const { photos, error } = await uploadPhotos(this.data.photos, this.data.attachmentFolder, s.clientId);
      if (error) {
        this.setData({ submitting: false, photos, formError: error });
        return;
      }
      this.setData({ photos });
      const { kind, startDate, startHalf, endDate, endHalf } = this.data;
      if (!kind) {
        this.setData({ submitting: false });
        return;
      }
      const deputy = this.data.deputy.trim();
      const a = await call('leave.apply', {
        clientId: s.clientId,
        kind,
        start: { date: startDate, half: startHalf },
        end: { date: endDate || startDate, half: endHalf },
        reason: this.data.reason.trim(),
        attachmentFileIds: photos.map((p) => p.fileID),
        ...(deputy ? { deputy } : {}),
      });
      if (!a.ok) {
        // Nothing was stored: the same clientId goes again with the corrected form.
        this.setData({ submitting: false, formError: errorText(a, LABELS) });
        return;
      }
      // Stored: the next request on this page is another one.
      s.clientId = newClientId();
      this.setData({ submitting: false, done: doneView(a.data) });
    },

    /** 再请一次: a fresh form, with the balances read again. */
    onAgain(): void {
      this.setData({
        done: null,
        kind: '',
        kindNote: '',
        needsProof: false,
        startDate: '',
        endDate: '',
        startHalf: 'am',
        endHalf: 'pm',
        phase: 'start',
        startText: '',
        endText: '',
        dayInfo: '',
        quote: null,
        reason: '',
        deputy: '',
        photos: [],
        formError: '',
      });
      void this.load();
    },

    onMine(): void {
      go(ROUTES.leaveMine);
    },

    /** From the stored request on to 我的请假, where it is followed. */
    onDoneMine(): void {
      replace(ROUTES.leaveMine);
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    onBind(): void {
      go(ROUTES.bind);
    },

    // ── Privacy (choosing photos is a privacy API) ──────────────────────────────────────────
    onAgreePrivacy(): void {
      const s = stateOf(this);
      this.setData({ privacyOpen: false });
      settlePrivacy(s, true);
    },

    onDisagreePrivacy(): void {
      const s = stateOf(this);
      this.setData({ privacyOpen: false });
      settlePrivacy(s, false);
    },

    onOpenContract(): void {
      openPrivacyContract();
    },
  },
});

function doneView(l: LeaveView): DoneView {
  return {
    kindText: LEAVE_KIND_NAMES[l.kind],
    span: spanText(l),
    statusText: LEAVE_STATUS_NAMES[l.status],
    chain: l.steps.map((s) => s.unitName).join(' → '),
    steps: l.steps.map((s, i) => ({ key: `${i}`, text: `${APPROVAL_LEVEL_NAMES[s.level]}（${s.unitName}）：${STEP_STATUS_NAMES[s.status]}` })),
  };
}
