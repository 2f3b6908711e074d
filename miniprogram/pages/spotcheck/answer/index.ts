/**
 * The cadre's spot checks (约请), the page the spot-check message opens (`?id=` names the request
 * it was about; it is shown first). `spotCheck.mine` gives 待响应的约请 — who asked, when, and a
 * live countdown to the deadline, counted on the phone from the server's `secondsLeft`
 * (`secondsLeftNow`: the server's clock decides, the phone only counts); past the deadline a
 * request can still be answered, late, until the end of its day — and 最近的约请 with their
 * status.
 *
 * 响应, one big button per request: a fresh location fix (`wx.getLocation` through
 * utils/location.ts, after privacy consent), then a live photo (`wx.chooseMedia`, camera only),
 * uploaded into the cadre's own folder (`photoFolder` from `spotCheck.mine`), then
 * `spotCheck.answer`. An attempt (its clientId, fix, photo and uploaded file) is kept across a
 * failed submission, so that 重新提交 sends the same answer again without a new photo or upload
 * (the server records it once, by the clientId); only a fix grown too old for the server is taken
 * again, as a new attempt. The result is shown big: on time or late, in the village or not, and
 * the risk flags in plain words.
 *
 * On opening, the page also calls `wx.setEnable1v1Chat({ enable: true })` so that staff can
 * video-call the cadre (PLATFORM.md, "Groups, calls"): the callee must have enabled it since
 * WeChat's last cold start.
 */
import { call, upload } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { distanceText, flagText, placeText } from '../../../utils/checkin';
import { beijingTime, clockText, phoneNow, shortTime } from '../../../utils/day';
import { locate, newClientId, submitInput } from '../../../utils/location';
import type { Fix, LocateFailure } from '../../../utils/location';
import { go, queryValue, ROUTES } from '../../../utils/nav';
import { listenPrivacy, openPrivacyContract, privacySetting, settlePrivacy } from '../../../utils/privacy';
import type { PrivacyResolve } from '../../../utils/privacy';
import { countdownText, secondsLeftNow, STATUS_NAMES } from '../../../utils/spotcheck';
import type { SpotCheckView } from '../../../utils/spotcheck';

type Status = 'loading' | 'ok' | 'unbound' | 'notCadre' | 'error';
/** What the tap is doing now ('' for nothing). */
type Stage = '' | 'locating' | 'photo' | 'uploading' | 'sending';
type Mine = OutputOf<'spotCheck.mine'>;
type Answered = OutputOf<'spotCheck.answer'>;

/**
 * A kept fix older than this (by the phone's clock) is taken again before a retry: the server
 * takes an answer's fix for 5 minutes after it was taken (server/features/spotcheck/rules.ts).
 */
const FIX_FRESH_MS = 4 * 60_000;

const STAGE_WORDS: Record<Exclude<Stage, ''>, string> = {
  locating: '正在定位…',
  photo: '请拍一张现场照片',
  uploading: '正在上传照片…',
  sending: '正在提交…',
};

/** Why a location fix failed, in words for this page (utils/location.ts speaks of 签到). */
const LOCATE_WORDS: Record<LocateFailure, string> = {
  privacy: '您还没有同意《隐私保护指引》，无法获取位置。请再点“响应”，并点“同意”',
  denied: '您没有允许“在岗”使用位置信息，无法响应约请。请点下面的“去设置”，打开“位置信息”后再点“响应”',
  off: '手机没有打开定位，或没有允许微信使用定位。请在手机的设置里打开“定位”（GPS）并允许微信使用，再点“响应”',
  timeout: '定位超时。请走到屋外或开阔处，再点一次“响应”',
  failed: '暂时无法获取位置，请稍后再点一次“响应”',
};

const PHOTO_WORDS = {
  cancel: '没有拍到现场照片。响应约请需要一张现场照片，请再点“响应”，对着您所在的地方拍一张',
  privacy: '您还没有同意《隐私保护指引》，无法拍照。请再点“响应”，并点“同意”',
  failed: '无法打开相机，请稍后再点一次“响应”',
};

const NETWORK_WORDS = '网络不畅，响应还没有送到。定位和照片已保存在手机上，请到信号好的地方点“重新提交”';

/** One answer being made: kept across its retries. */
interface Attempt {
  clientId: string;
  fix: Fix | null;
  /** The photo on the phone (`wx.chooseMedia`), and once uploaded its cloud file id. */
  path: string;
  fileID: string;
}

interface PendingRow {
  id: string;
  who: string;
  village: string;
  issued: string;
  deadline: string;
  note: string;
  left: number;
  countdown: string;
  overdue: boolean;
  focus: boolean;
  /** An earlier attempt was kept: the button says 重新提交. */
  retry: boolean;
}

interface RecentRow {
  id: string;
  issued: string;
  who: string;
  status: SpotCheckView['status'] | 'ended';
  statusText: string;
  /** `10:05 响应 · 在村内`, or '' when there was no answer. */
  detail: string;
  focus: boolean;
}

interface Result {
  id: string;
  late: boolean;
  /** 已按时响应 / 已响应（超时） */
  headline: string;
  /** In the village, or how far away. */
  place: string;
  inside: boolean;
  /** The server's time of the answer. */
  time: string;
  flags: string[];
}

interface State {
  mine: Mine | null;
  /** When (by the phone's clock) `mine` arrived: countdowns run from there. */
  fetchedAt: number;
  seq: number;
  attempts: Map<string, Attempt>;
  timer: ReturnType<typeof setInterval> | null;
  /** The request to answer once the person agreed to the privacy guide ('' for none). */
  afterConsent: string;
  privacyResolve: PrivacyResolve | null;
  stopPrivacy: (() => void) | null;
  gone: boolean;
}

const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) {
    s = { mine: null, fetchedAt: 0, seq: 0, attempts: new Map(), timer: null, afterConsent: '', privacyResolve: null, stopPrivacy: null, gone: false };
    states.set(page, s);
  }
  return s;
}

/** `wx.setEnable1v1Chat({ enable: true })` when this WeChat has it; a failure only costs the video call. */
function enable1v1Chat(): void {
  const fn = (wx as unknown as { setEnable1v1Chat?: unknown }).setEnable1v1Chat;
  if (typeof fn !== 'function') return;
  try {
    (fn as (o: WechatMiniprogram.SetEnable1v1ChatOption) => void).call(wx, {
      enable: true,
      fail: (err) => console.warn('[spotcheck] setEnable1v1Chat failed', err),
    });
  } catch (err) {
    console.warn('[spotcheck] setEnable1v1Chat failed', err);
  }
}

type Shot = { ok: true; path: string } | { ok: false; reason: keyof typeof PHOTO_WORDS };

/** A live photo: the back camera, no album. */
function takePhoto(): Promise<Shot> {
  return new Promise((resolve) => {
    try {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: ['camera'],
        camera: 'back',
        success: (res) => {
          const path = res.tempFiles[0]?.tempFilePath;
          resolve(path ? { ok: true, path } : { ok: false, reason: 'cancel' });
        },
        fail: (err) => {
          const text = String(err?.errMsg ?? '');
          resolve({ ok: false, reason: /privacy/i.test(text) ? 'privacy' : /cancel/i.test(text) ? 'cancel' : 'failed' });
        },
      });
    } catch (err) {
      console.warn('[spotcheck] chooseMedia failed', err);
      resolve({ ok: false, reason: 'failed' });
    }
  });
}

/** The photo's name in the cadre's folder: the request's id, in characters any storage takes. */
function photoName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_').slice(0, 120)}.jpg`;
}

function resultOf(r: Answered): Result | null {
  const a = r.answer;
  if (!a) return null;
  const place = a.inside === null ? '本村未设签到范围，位置已记录' : a.inside ? '您在村内' : `不在村内范围，距离约 ${distanceText(a.distanceM ?? 0)}`;
  return {
    id: r.id,
    late: a.late,
    headline: a.late ? '已响应（超时）' : '已按时响应',
    place,
    inside: a.inside !== false,
    time: beijingTime(a.at),
    flags: a.flags.filter((f) => f.kind !== 'outsideFence').map(flagText),
  };
}

function pendingRow(sc: SpotCheckView, left: number, focusId: string, attempts: Map<string, Attempt>): PendingRow {
  const a = attempts.get(sc.id);
  return {
    id: sc.id,
    who: sc.issuedByName || '组织部门',
    village: sc.villageName,
    issued: clockText(sc.issuedAt),
    deadline: clockText(sc.deadline),
    note: sc.note,
    left,
    countdown: left > 0 ? `剩余 ${countdownText(left)}` : '已超时，仍可补充响应',
    overdue: left <= 0,
    focus: sc.id === focusId,
    retry: !!a && !!(a.fix || a.fileID),
  };
}

function recentRow(sc: SpotCheckView, focusId: string): RecentRow {
  // Open but no longer answerable: its day is over, and the timer will count it as a miss.
  const ended = sc.status === 'open';
  const a = sc.answer;
  return {
    id: sc.id,
    issued: shortTime(sc.issuedAt),
    who: sc.issuedByName || '组织部门',
    status: ended ? 'ended' : sc.status,
    statusText: ended ? STATUS_NAMES.missed : STATUS_NAMES[sc.status],
    detail: a ? `${clockText(a.at)} 响应 · ${placeText(a)}` : '',
    focus: sc.id === focusId,
  };
}

Component({
  data: {
    status: 'loading' as Status,
    loadError: '',
    /** The request the message opened the page for ('' for none). */
    focusId: '',
    pending: [] as PendingRow[],
    recent: [] as RecentRow[],
    /** Said about `?id=` when that request is not among the cadre's. */
    notice: '',
    /** The request being answered, and what the tap is doing. */
    busyId: '',
    stage: '' as Stage,
    stageText: '',
    result: null as Result | null,
    /** Why the last tap did not answer, and for which request. */
    message: '',
    messageKind: '',
    messageId: '',
    /** The message's request is no longer pending (answered already, or ended): it shows on its own. */
    messageElsewhere: false,
    privacyOpen: false,
    privacyNeeded: false,
    privacyName: '《在岗小程序隐私保护指引》',
  },

  lifetimes: {
    attached(): void {
      const s = stateOf(this);
      s.gone = false;
      enable1v1Chat();
      s.stopPrivacy = listenPrivacy((resolve) => {
        if (s.gone) return resolve({ event: 'disagree' });
        s.privacyResolve = resolve;
        this.setData({ privacyOpen: true });
      });
      void privacySetting().then((p) => !s.gone && this.setData({ privacyNeeded: p.needed, privacyName: p.name }));
      if (!s.timer) s.timer = setInterval(() => this.tick(), 1000);
      void this.load();
    },

    detached(): void {
      const s = stateOf(this);
      s.gone = true;
      if (s.timer) clearInterval(s.timer);
      s.timer = null;
      s.stopPrivacy?.();
      s.privacyResolve?.({ event: 'disagree' });
      s.privacyResolve = null;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const focusId = queryValue(query, 'id');
      if (!focusId) return;
      this.setData({ focusId });
      if (stateOf(this).mine) this.show();
    },

    onShow(): void {
      if (this.data.status === 'error') void this.load();
    },

    /** The cadre's requests; `quiet` keeps what is shown when the read fails. */
    async load(quiet = false): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      if (!quiet) this.setData({ loadError: '' });
      const a = await call('spotCheck.mine', {});
      if (seq !== s.seq || s.gone) return;
      if (!a.ok) {
        if (a.code === 'not_bound') this.setData({ status: 'unbound' });
        else if (a.code === 'forbidden') this.setData({ status: 'notCadre' });
        else if (!(quiet && s.mine)) this.setData({ status: 'error', loadError: errorText(a) });
        return;
      }
      s.mine = a.data;
      s.fetchedAt = phoneNow();
      // Attempts of requests no longer pending have nothing left to send.
      const open = new Set(a.data.pending.map((x) => x.id));
      for (const id of [...s.attempts.keys()]) if (!open.has(id)) s.attempts.delete(id);
      this.setData({ status: 'ok' });
      this.show();
    },

    /** The rows from the last read: the message's request first, then by deadline. */
    show(): void {
      const s = stateOf(this);
      const mine = s.mine;
      if (!mine) return;
      const { focusId } = this.data;
      const now = phoneNow();
      const pending = mine.pending
        .map((sc) => pendingRow(sc, secondsLeftNow(sc.secondsLeft, s.fetchedAt, now), focusId, s.attempts))
        .sort((x, y) => Number(y.focus) - Number(x.focus) || x.left - y.left);
      const recent = mine.recent.map((sc) => recentRow(sc, focusId));
      const known = !focusId || pending.some((r) => r.focus) || recent.some((r) => r.focus);
      const { message, messageId } = this.data;
      this.setData({
        pending,
        recent,
        notice: known ? '' : '没有找到消息里的这条约请，它可能已经结束。下面是您现在的约请。',
        messageElsewhere: !!message && !!messageId && !pending.some((r) => r.id === messageId),
      });
    },

    /** Every second: the countdowns (from the server's seconds, counted by the phone). */
    tick(): void {
      const s = stateOf(this);
      if (s.gone || !s.mine) return;
      const now = phoneNow();
      const changes: Record<string, unknown> = {};
      this.data.pending.forEach((row, i) => {
        const sc = s.mine!.pending.find((x) => x.id === row.id);
        if (!sc) return;
        const left = secondsLeftNow(sc.secondsLeft, s.fetchedAt, now);
        if (left === row.left) return;
        changes[`pending[${i}].left`] = left;
        changes[`pending[${i}].overdue`] = left <= 0;
        changes[`pending[${i}].countdown`] = left > 0 ? `剩余 ${countdownText(left)}` : '已超时，仍可补充响应';
      });
      if (Object.keys(changes).length) this.setData(changes);
    },

    // ── The tap ─────────────────────────────────────────────────────────────────────────────
    onAnswer(e: WechatMiniprogram.TouchEvent): void {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id || this.data.busyId || !this.data.pending.some((r) => r.id === id)) return;
      if (this.data.privacyNeeded) {
        // Consent first: the agree button's tap goes on with the answer.
        stateOf(this).afterConsent = id;
        this.setData({ privacyOpen: true });
        return;
      }
      void this.answer(id);
    },

    setStage(id: string, stage: Stage): void {
      this.setData({ busyId: stage ? id : '', stage, stageText: stage ? STAGE_WORDS[stage] : '' });
    },

    /** Stop with a message next to the request's button. */
    fail(id: string, message: string, kind: string): void {
      this.setStage(id, '');
      this.setData({ message, messageKind: kind, messageId: id });
      this.show();
    },

    /** Location, photo, upload, answer: each step that an earlier try of this attempt did is not done again. */
    async answer(id: string): Promise<void> {
      const s = stateOf(this);
      let at = s.attempts.get(id);
      if (!at) {
        at = { clientId: newClientId(), fix: null, path: '', fileID: '' };
        s.attempts.set(id, at);
      }
      this.setData({ message: '', messageKind: '', messageId: '', messageElsewhere: false, result: null });

      if (!at.fix || phoneNow() - Date.parse(at.fix.capturedAt) > FIX_FRESH_MS) {
        this.setStage(id, 'locating');
        const located = await locate();
        if (s.gone) return;
        if (!located.ok) return this.fail(id, LOCATE_WORDS[located.reason], located.reason);
        // A new fix is a new attempt: the old one's clientId named the old fix.
        if (at.fix) at.clientId = newClientId();
        at.fix = located.fix;
      }

      if (!at.fileID) {
        if (!at.path) {
          this.setStage(id, 'photo');
          const shot = await takePhoto();
          if (s.gone) return;
          if (!shot.ok) return this.fail(id, PHOTO_WORDS[shot.reason], `photo-${shot.reason}`);
          at.path = shot.path;
        }
        this.setStage(id, 'uploading');
        const folder = s.mine?.photoFolder ?? '';
        const up = await upload(at.path, `${folder}${photoName(id)}`);
        if (s.gone) return;
        // The photo stays on the phone: 重新提交 uploads the same one, without a new shot.
        if (!up.ok) return this.fail(id, `${up.message}。定位和照片已保存，请点“重新提交”`, 'network');
        at.fileID = up.data.fileID;
      }

      this.setStage(id, 'sending');
      const a = await call('spotCheck.answer', { id, fix: submitInput({ clientId: at.clientId, fix: at.fix }), photoFileId: at.fileID });
      if (s.gone) return;
      if (a.ok) {
        s.attempts.delete(id);
        this.setStage(id, '');
        this.setData({ result: resultOf(a.data) });
        await this.load(true);
        return;
      }
      if (a.code === 'network') return this.fail(id, NETWORK_WORDS, 'network');
      if (a.code === 'invalid_input') {
        // The fix went stale, or the photo was not taken: the next tap takes what was refused again.
        at.fix = null;
        if ((a.issues ?? []).some((i) => i.path.startsWith('photoFileId')) || /照片/.test(a.message)) {
          at.path = '';
          at.fileID = '';
        }
      }
      this.fail(id, errorText(a), a.code);
      // Answered already, ended, or not this cadre's: the lists say how it stands now.
      if (a.code === 'conflict' || a.code === 'expired' || a.code === 'forbidden') {
        s.attempts.delete(id);
        await this.load(true);
      }
    },

    // ── Privacy ─────────────────────────────────────────────────────────────────────────────
    /** `<button open-type="agreePrivacyAuthorization">`: WeChat has recorded the consent. */
    onAgreePrivacy(): void {
      const s = stateOf(this);
      this.setData({ privacyOpen: false, privacyNeeded: false });
      if (settlePrivacy(s, true)) return;
      if (s.afterConsent) {
        const id = s.afterConsent;
        s.afterConsent = '';
        void this.answer(id);
      }
    },

    onDisagreePrivacy(): void {
      const s = stateOf(this);
      const id = s.afterConsent;
      s.afterConsent = '';
      this.setData({ privacyOpen: false });
      if (settlePrivacy(s, false)) return;
      if (id) this.setData({ message: '您没有同意隐私保护指引，无法定位和拍照。需要响应时请再点“响应”，并点“同意”', messageKind: 'privacy', messageId: id });
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

    onCheckin(): void {
      go(ROUTES.checkin);
    },

    onBind(): void {
      go(ROUTES.bind);
    },
  },
});
