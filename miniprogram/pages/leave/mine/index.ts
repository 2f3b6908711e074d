/**
 * 我的请假, for the cadre: this year's requests (`leave.mine`), newest first, each with its kind,
 * span, status, the chain of steps (who decided, when, and what they wrote) and its trail. What can
 * be done depends on the state: 撤回 while it waits (`leave.withdraw`), 取消 an approved leave that
 * has not begun (`leave.cancel`, with a reason), 销假 once it has (`leave.reportBack`, now or at the
 * actual time of return); an approved leave past its report-back time is marked 逾期未销假. Each
 * action asks once more before it goes. The server decides what is allowed: when it refuses (an
 * approver acted meanwhile), its message shows at the request and the list is read again.
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { beijingToday, clockText, phoneNow, shortTime } from '../../../utils/day';
import { APPROVAL_LEVEL_NAMES, LEAVE_KIND_NAMES, LEAVE_STATUS_NAMES, spanText, STEP_STATUS_NAMES } from '../../../utils/leave';
import type { LeaveStatus, LeaveView } from '../../../utils/leave';
import { go, ROUTES } from '../../../utils/nav';

type Status = 'loading' | 'ok' | 'unbound' | 'notCadre' | 'error';
type Action = 'withdraw' | 'cancel' | 'report';
type Step = LeaveView['steps'][number];

interface Item {
  id: string;
  kindText: string;
  span: string;
  /** The first date (`YYYY-MM-DD`): the 销假 date picker starts there. */
  startDate: string;
  status: LeaveStatus;
  statusText: string;
  reason: string;
  deputy: string;
  attachments: string;
  steps: { key: string; text: string; comment: string; status: Step['status'] }[];
  trail: string[];
  overdue: boolean;
  /** `请在 5月16日 00:00 前销假`, for an approved leave. */
  due: string;
  /** `5月12日 09:30 已返岗`. */
  returned: string;
  canWithdraw: boolean;
  canCancel: boolean;
  canReportBack: boolean;
}

/** The instant a half-day begins (Beijing): what decides between 取消 and 销假 on screen (the server decides for real). */
const halfStartMs = (h: { date: string; half: 'am' | 'pm' }) => Date.parse(`${h.date}T${h.half === 'am' ? '00:00' : '12:00'}:00+08:00`);

/** `乡镇党委（双龙镇）：同意 · 石光明 5月12日 10:00`, and the comment. */
function stepLine(s: Step, i: number): Item['steps'][number] {
  const who = s.byName ? ` · ${s.byName}${s.at ? ` ${shortTime(s.at)}` : ''}` : '';
  return { key: `${i}`, text: `${APPROVAL_LEVEL_NAMES[s.level]}（${s.unitName}）：${STEP_STATUS_NAMES[s.status]}${who}`, comment: s.comment ?? '', status: s.status };
}

/** One line of the trail: `5月12日 10:00 石光明 同意（双龙镇：同意）`. */
function trailLine(t: LeaveView['trail'][number]): string {
  const when = `${shortTime(t.at)} ${t.byName}`;
  if (t.action === 'applied') return `${when} 提出申请：${t.note}`;
  if (t.action === 'approved') return `${when} 同意（${t.note}）`;
  if (t.action === 'rejected') return `${when} 不同意（${t.note}）`;
  return `${when} ${t.note}`;
}

function itemOf(l: LeaveView, nowMs: number): Item {
  const begun = nowMs >= halfStartMs(l.start);
  return {
    id: l.id,
    kindText: LEAVE_KIND_NAMES[l.kind],
    span: spanText(l),
    startDate: l.start.date,
    status: l.status,
    statusText: LEAVE_STATUS_NAMES[l.status],
    reason: l.reason,
    deputy: l.deputy ?? '',
    attachments: l.attachments > 0 ? `${l.attachments} 张` : '',
    steps: l.steps.map(stepLine),
    trail: l.trail.map(trailLine),
    overdue: l.status === 'approved' && l.overdue,
    due: l.status === 'approved' ? `返岗后请销假（${shortTime(l.reportBackDue)} 前）` : '',
    returned: l.returnedAt ? `${shortTime(l.returnedAt)} 已返岗` : '',
    canWithdraw: l.status === 'pending',
    canCancel: l.status === 'approved' && !begun,
    canReportBack: l.status === 'approved' && begun,
  };
}

const DONE: Record<Action, string> = { withdraw: '已撤回', cancel: '已取消', report: '已销假' };

interface State {
  /** Shown once: onShow after that reads the list again (back from 请假申请). */
  shown: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { shown: false }));
  return s;
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    year: 0,
    items: [] as Item[],
    notice: '',
    /** The request whose action is being confirmed, and which action. */
    openId: '',
    openAction: '' as Action | '',
    cancelReason: '',
    /** 销假: the time of return, `YYYY-MM-DD` and `HH:mm` (now unless changed). */
    returnDate: '',
    returnTime: '',
    returnStart: '',
    returnEnd: '',
    nowDate: '',
    nowTime: '',
    busy: false,
    errorId: '',
    itemError: '',
  },

  lifetimes: {
    attached(): void {
      void this.load();
    },
  },

  methods: {
    onShow(): void {
      const s = stateOf(this);
      if (!s.shown) {
        s.shown = true;
        return;
      }
      if (this.data.status === 'ok' && !this.data.busy) void this.load(true);
    },

    /** Read the year's requests (`quiet`: keep the page as it is while reading). */
    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('leave.mine');
      if (!a.ok) {
        if (a.code === 'not_bound') this.setData({ status: 'unbound' });
        else if (a.code === 'forbidden') this.setData({ status: 'notCadre' });
        else this.setData({ status: 'error', error: a.message });
        return;
      }
      const now = phoneNow();
      this.setData({ status: 'ok', year: a.data.year, items: a.data.leaves.map((l) => itemOf(l, now)) });
    },

    /** 撤回, 取消 or 销假: open the request's confirmation. */
    onAction(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      const action = e.currentTarget.dataset.action as Action;
      const item = this.data.items.find((x) => x.id === id);
      if (!item || this.data.busy) return;
      const now = phoneNow();
      const nowDate = beijingToday(now);
      const nowTime = clockText(new Date(now).toISOString());
      this.setData({
        openId: id,
        openAction: action,
        cancelReason: '',
        nowDate,
        nowTime,
        returnDate: nowDate,
        returnTime: nowTime,
        returnEnd: nowDate,
        returnStart: item.startDate < nowDate ? item.startDate : nowDate,
        errorId: '',
        itemError: '',
        notice: '',
      });
    },

    onClosePanel(): void {
      this.setData({ openId: '', openAction: '', itemError: '', errorId: '' });
    },

    onCancelReason(e: WechatMiniprogram.Input): void {
      this.setData({ cancelReason: e.detail.value, itemError: '' });
    },

    onReturnDate(e: WechatMiniprogram.PickerChange): void {
      this.setData({ returnDate: String(e.detail.value), itemError: '' });
    },

    onReturnTime(e: WechatMiniprogram.PickerChange): void {
      this.setData({ returnTime: String(e.detail.value), itemError: '' });
    },

    async onConfirm(): Promise<void> {
      const { openId: id, openAction: action, busy } = this.data;
      if (!id || !action || busy) return;
      if (action === 'cancel' && this.data.cancelReason.trim().length < 2) {
        this.setData({ errorId: id, itemError: '请写明取消的原因（至少 2 个字）' });
        return;
      }
      this.setData({ busy: true, errorId: '', itemError: '' });
      const a = await this.send(id, action);
      if (!a.ok) {
        // Refused (an approver acted meanwhile, or the time does not fit): say why, show what is true now.
        this.setData({ busy: false, errorId: id, itemError: errorText(a, { reason: '原因', returnedAt: '返岗时间' }) });
        if (a.code === 'conflict') {
          this.setData({ openId: '', openAction: '' });
          await this.load(true);
        }
        return;
      }
      this.setData({ busy: false, openId: '', openAction: '', notice: `${DONE[action]}：${LEAVE_KIND_NAMES[a.data.kind]} ${spanText(a.data)}` });
      await this.load(true);
    },

    send(id: string, action: Action) {
      if (action === 'withdraw') return call('leave.withdraw', { id });
      if (action === 'cancel') return call('leave.cancel', { id, reason: this.data.cancelReason.trim() });
      const { returnDate, returnTime, nowDate, nowTime } = this.data;
      // Left at now: the server takes its own time; changed: the time picked, Beijing time.
      const changed = returnDate !== nowDate || returnTime !== nowTime;
      return call('leave.reportBack', changed ? { id, returnedAt: `${returnDate}T${returnTime}:00+08:00` } : { id });
    },

    onApply(): void {
      go(ROUTES.leaveApply);
    },

    onRetry(): void {
      if (this.data.status !== 'loading') void this.load();
    },

    onBind(): void {
      go(ROUTES.bind);
    },
  },
});
