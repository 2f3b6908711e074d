/**
 * The cadre's check-in (签到), the page the reminder message opens. One very big button: a tap
 * asks for privacy consent first when the person has not given it, the first tap also asks
 * whether to be reminded (a subscription grant, banked on the server), then takes one location
 * fix and sends it (`checkin.submit`). The server judges it; the page shows the answer big and
 * plain. When the network is down the fix is kept on the phone with its capture time and its
 * clientId, and sent again when the page shows, when the network returns, or on 重新上传: the
 * server records it once, and refuses it after the tolerance (it is then dropped, saying so).
 * Below: today's windows, this month's last check-ins, and the ways to 补卡 and to see who
 * looked at my location. Above, when spot checks (约请) wait for an answer, a banner leads to them.
 */
import { call, recordGrants } from '../../../api/index';
import type { Template } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { checkinRow, outcome, windowRows } from '../../../utils/checkin';
import type { CheckinRow, Outcome, Submitted, WindowRow } from '../../../utils/checkin';
import { shortTime } from '../../../utils/day';
import { dropPending, keepPending, locate, newClientId, pendingCheckins, submitInput } from '../../../utils/location';
import type { PendingCheckin } from '../../../utils/location';
import { go, ROUTES, withQuery } from '../../../utils/nav';
import { listenPrivacy, openPrivacyContract, privacySetting, settlePrivacy } from '../../../utils/privacy';
import type { PrivacyResolve } from '../../../utils/privacy';

type Status = 'loading' | 'ok' | 'unbound' | 'notCadre' | 'error';
/** What a tap is doing now ('' for nothing). */
type Stage = '' | 'locating' | 'sending';

/** How many of this month's check-ins the page lists. */
const RECENT = 10;

/** What the page keeps outside `data`, per page instance. */
interface State {
  templates: Template[];
  /** The subscription was asked on this page already (once per visit). */
  asked: boolean;
  /** Start a check-in once the person agreed to the privacy guide. */
  afterConsent: boolean;
  /** WeChat holds a privacy API until this is called. */
  privacyResolve: PrivacyResolve | null;
  stopPrivacy: (() => void) | null;
  onNetwork: WechatMiniprogram.OnNetworkStatusChangeCallback | null;
  flushing: boolean;
  gone: boolean;
  /** A `spotCheck.mine` for the banner has answered (the page shows again: ask again). */
  spotChecksRead: boolean;
}

const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) {
    s = { templates: [], asked: false, afterConsent: false, privacyResolve: null, stopPrivacy: null, onNetwork: null, flushing: false, gone: false, spotChecksRead: false };
    states.set(page, s);
  }
  return s;
}

/** Ask for the templates in one dialog (must start inside a tap); the accepted ones. */
function askSubscribe(templates: Template[]): Promise<Template[]> {
  return new Promise((resolve) => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: templates.map((t) => t.templateId),
        success: (res) => resolve(templates.filter((t) => (res as unknown as Record<string, string>)[t.templateId] === 'accept')),
        fail: () => resolve([]),
      });
    } catch {
      resolve([]);
    }
  });
}

/**
 * A failure that a later try may get past: the network, or the server busy (`internal`: the
 * database throttled, a function that timed out). The check-in is safe to send again (its
 * clientId makes a repeat the same record), so it stays on the phone.
 */
function retryLater(code: string): boolean {
  return code === 'network' || code === 'internal';
}

Component({
  data: {
    status: 'loading' as Status,
    loadError: '',
    /** Today's windows and how each stands. */
    windows: [] as WindowRow[],
    /** Today is not a working day (no windows). */
    restDay: false,
    /** Today's date by the server, `YYYY-MM-DD`. */
    today: '',
    recent: [] as CheckinRow[],
    stage: '' as Stage,
    result: null as Outcome | null,
    /** Why the last tap did not check in (location refused, an error…). */
    message: '',
    /** `denied`: offer 去设置; `network`: the fix was kept. */
    messageKind: '',
    pendingCount: 0,
    /** 已补传 1 条签到 / an offline check-in dropped as too late. */
    pendingNotice: '',
    pendingError: '',
    /** The privacy dialog. */
    privacyOpen: false,
    privacyNeeded: false,
    privacyName: '《在岗小程序隐私保护指引》',
    /** 已开启签到提醒 / 未开启签到提醒 ('' before asking). */
    reminder: '',
    /** Spot checks waiting for this cadre's answer (the banner). */
    spotCheckPending: 0,
  },

  lifetimes: {
    attached(): void {
      const s = stateOf(this);
      s.gone = false;
      s.stopPrivacy = listenPrivacy((resolve) => {
        if (s.gone) return resolve({ event: 'disagree' });
        s.privacyResolve = resolve;
        this.setData({ privacyOpen: true });
      });
      s.onNetwork = (res) => {
        if (!res.isConnected || s.gone) return;
        // Back online: the lists if they could not load (which then sends what is pending), else just send.
        if (this.data.status === 'error') void this.load();
        else void this.flush();
      };
      try {
        wx.onNetworkStatusChange(s.onNetwork);
      } catch (err) {
        console.warn('[checkin] onNetworkStatusChange is not available', err);
      }
      this.setData({ pendingCount: pendingCheckins().length });
      void privacySetting().then((p) => !s.gone && this.setData({ privacyNeeded: p.needed, privacyName: p.name }));
      void this.load();
      void this.loadTemplates();
    },

    detached(): void {
      const s = stateOf(this);
      s.gone = true;
      s.stopPrivacy?.();
      s.privacyResolve?.({ event: 'disagree' });
      s.privacyResolve = null;
      try {
        // The typings give off's listener another type than on's: it is the same function.
        if (s.onNetwork) wx.offNetworkStatusChange(s.onNetwork as unknown as WechatMiniprogram.OffNetworkStatusChangeCallback);
      } catch {
        // An old base library without offNetworkStatusChange: the listener checks `gone`.
      }
    },
  },

  methods: {
    /** Today's windows and this month's check-ins; then send what is pending. */
    async load(): Promise<void> {
      this.setData({ loadError: '' });
      void this.loadSpotChecks();
      const mine = await call('checkin.mine');
      if (!mine.ok) {
        if (mine.code === 'not_bound') this.setData({ status: 'unbound' });
        else if (mine.code === 'forbidden') this.setData({ status: 'notCadre', loadError: mine.message });
        // Offline: the button still works (the fix is kept); the lists wait for the network.
        else this.setData({ status: 'error', loadError: mine.message });
        return;
      }
      const windows = mine.data.today.windows;
      this.setData({
        status: 'ok',
        today: mine.data.today.date,
        windows: windowRows(windows),
        restDay: windows.length === 0,
        recent: mine.data.checkins.slice(0, RECENT).map((c) => checkinRow(c, windows)),
      });
      void this.flush();
    },

    /** How many spot checks wait for an answer (the banner); a failure shows none. */
    async loadSpotChecks(): Promise<void> {
      const a = await call('spotCheck.mine', {});
      const s = stateOf(this);
      if (s.gone) return;
      s.spotChecksRead = true;
      if (a.ok) this.setData({ spotCheckPending: a.data.pending.length });
    },

    async loadTemplates(): Promise<void> {
      const t = await call('notify.templates');
      if (t.ok) stateOf(this).templates = t.data;
    },

    onShow(): void {
      if (this.data.status === 'error') void this.load();
      else {
        void this.flush();
        // Back from answering: the banner follows (not on the first show: load() asks then).
        if (stateOf(this).spotChecksRead) void this.loadSpotChecks();
      }
    },

    // ── The tap ─────────────────────────────────────────────────────────────────────────────
    onCheckin(): void {
      if (this.data.stage || this.data.status === 'unbound' || this.data.status === 'notCadre') return;
      if (this.data.privacyNeeded) {
        // Consent first: the agree button's tap goes on with the check-in.
        stateOf(this).afterConsent = true;
        this.setData({ privacyOpen: true });
        return;
      }
      void this.start();
    },

    /** Runs inside a tap (the 签到 button or the privacy dialog's agree button). */
    async start(): Promise<void> {
      const s = stateOf(this);
      this.setData({ stage: 'locating', message: '', messageKind: '', result: null, pendingNotice: '', pendingError: '' });
      if (!s.asked && s.templates.length) {
        // Asked at once, still inside the tap, as WeChat requires; location waits for the answer.
        s.asked = true;
        const accepted = await askSubscribe(s.templates);
        void this.bank(accepted);
      }
      const located = await locate();
      if (s.gone) return;
      if (!located.ok) {
        this.setData({ stage: '', message: located.message, messageKind: located.reason });
        return;
      }
      await this.send({ clientId: newClientId(), fix: located.fix });
    },

    async bank(accepted: Template[]): Promise<void> {
      if (accepted.length === 0) {
        this.setData({ reminder: '未开启签到提醒。下次点“签到”时可以再选择“允许”' });
        return;
      }
      const a = await recordGrants(accepted);
      if (a?.ok) this.setData({ reminder: '已开启签到提醒：签到前会收到一次微信提醒' });
    },

    /** Send one attempt; on a network failure keep it for later. */
    async send(item: PendingCheckin): Promise<void> {
      this.setData({ stage: 'sending' });
      const a = await call('checkin.submit', submitInput(item));
      if (stateOf(this).gone) return;
      if (a.ok) {
        dropPending(item.clientId);
        this.showResult(a.data);
        this.setData({ stage: '', pendingCount: pendingCheckins().length });
        // The network works: send anything older too (this result stays on screen).
        void this.flush({ show: false });
        return;
      }
      if (retryLater(a.code)) {
        keepPending(item);
        this.setData({
          stage: '',
          message: a.code === 'network'
            ? `网络不畅，这次签到已保存在手机上（定位时间 ${shortTime(item.fix.capturedAt)}），网络恢复后会自动上传`
            : `系统繁忙，这次签到已保存在手机上（定位时间 ${shortTime(item.fix.capturedAt)}），稍后可点“重新上传”`,
          messageKind: 'network',
          pendingCount: pendingCheckins().length,
        });
        return;
      }
      this.setData({ stage: '', message: errorText(a), messageKind: a.code });
    },

    showResult(r: Submitted): void {
      const windows = r.today.windows;
      const row = checkinRow({ id: r.id, capturedAt: r.capturedAt, windowKey: r.window?.key ?? null, inside: r.inside, distanceM: r.distanceM, flags: r.flags }, windows.length ? windows : this.data.windows);
      this.setData({
        today: r.today.date,
        result: outcome(r),
        windows: windowRows(windows),
        restDay: windows.length === 0,
        recent: r.repeated && this.data.recent.some((c) => c.id === r.id) ? this.data.recent : [row, ...this.data.recent.filter((c) => c.id !== r.id)].slice(0, RECENT),
      });
    },

    /**
     * Send the pending check-ins, oldest first, until the network fails again. `manual`: the
     * person tapped 重新上传 (say so if it still fails); `show`: show the last one's result.
     */
    async flush(opts: { manual?: boolean; show?: boolean } = {}): Promise<void> {
      const { manual = false, show = true } = opts;
      const s = stateOf(this);
      if (s.flushing || s.gone) return;
      const items = pendingCheckins();
      if (items.length === 0) {
        this.setData({ pendingCount: 0 });
        return;
      }
      s.flushing = true;
      let sent = 0;
      let offline = false;
      const dropped: string[] = [];
      let last: Submitted | null = null;
      for (const item of items) {
        const a = await call('checkin.submit', submitInput(item));
        if (a.ok) {
          dropPending(item.clientId);
          sent++;
          last = a.data;
        } else if (retryLater(a.code)) {
          offline = true;
          break;
        } else {
          // Refused for good (too late, or no longer allowed): retrying would never help.
          dropPending(item.clientId);
          dropped.push(a.code === 'too_late' ? `定位于 ${shortTime(item.fix.capturedAt)} 的离线签到超过了上传时限，已作废：${a.message}` : `定位于 ${shortTime(item.fix.capturedAt)} 的离线签到未能上传，已作废：${errorText(a)}`);
        }
      }
      s.flushing = false;
      if (s.gone) return;
      if (last && show) this.showResult(last);
      const notices = [sent ? `已补传 ${sent} 条签到` : '', ...dropped].filter(Boolean);
      this.setData({
        pendingCount: pendingCheckins().length,
        pendingNotice: notices.join('\n'),
        pendingError: offline && manual ? '仍然连不上网络，签到还保存在手机上，请稍后再试' : '',
        ...(sent && this.data.messageKind === 'network' ? { message: '', messageKind: '' } : {}),
      });
    },

    onUploadPending(): void {
      void this.flush({ manual: true });
    },

    // ── Privacy ─────────────────────────────────────────────────────────────────────────────
    /** `<button open-type="agreePrivacyAuthorization">`: WeChat has recorded the consent. */
    onAgreePrivacy(): void {
      const s = stateOf(this);
      this.setData({ privacyOpen: false, privacyNeeded: false });
      if (settlePrivacy(s, true)) return;
      if (s.afterConsent) {
        s.afterConsent = false;
        void this.start();
      }
    },

    onDisagreePrivacy(): void {
      const s = stateOf(this);
      s.afterConsent = false;
      this.setData({ privacyOpen: false });
      if (settlePrivacy(s, false)) return;
      this.setData({ message: '您没有同意隐私保护指引，无法获取位置签到。需要签到时请再点“签到”，并点“同意”', messageKind: 'privacy' });
    },

    onOpenContract(): void {
      openPrivacyContract();
    },

    // ── Elsewhere ───────────────────────────────────────────────────────────────────────────
    onOpenSetting(): void {
      wx.openSetting({});
    },

    onRetryLoad(): void {
      void this.load();
    },

    onViewers(): void {
      go(ROUTES.viewers);
    },

    onLeave(): void {
      go(ROUTES.leaveMine);
    },

    onCorrection(e: WechatMiniprogram.TouchEvent): void {
      const windowId = String(e.currentTarget.dataset.window ?? '');
      go(withQuery(ROUTES.correction, windowId ? { date: this.data.today, windowId } : {}));
    },

    onSpotChecks(): void {
      go(ROUTES.spotCheckAnswer);
    },

    onMe(): void {
      go(ROUTES.me);
    },

    onBind(): void {
      go(ROUTES.bind);
    },
  },
});
