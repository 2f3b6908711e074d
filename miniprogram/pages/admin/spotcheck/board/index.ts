/**
 * 约请看板 for organisation staff (`?unitId=&date=`): the spot checks under a unit on a day
 * (`spotCheck.board`; today by the server's clock unless a day is picked), counted as 待响应 /
 * 按时 / 超时 / 未响应. Open requests count down live from the server's `secondsLeft` (the phone
 * only counts: `secondsLeftNow`); the board is read again when one reaches zero, and every
 * minute while it shows today. Answers show their time, in or out of the village, risk flags and
 * the live photo (a tap opens it full size). Each request can be followed by a call: 视频通话
 * (`spotCheck.callInfo`, then `wx.join1v1Chat` when this WeChat has it and both sides are known),
 * else 拨打电话 (`wx.makePhoneCall`); then 记录结果 — 在岗 / 不在岗 / 未接通 with a note —
 * goes to `spotCheck.recordCall` (不在岗 raises the same-day inquiry on the server). Reading the
 * board is recorded for the cadres whose answers it shows.
 */
import { call } from '../../../../api/index';
import type { OutputOf } from '../../../../api/index';
import { errorText } from '../../../../utils/answer';
import { flagText, placeText } from '../../../../utils/checkin';
import { beijingToday, clockText, dayText, phoneNow } from '../../../../utils/day';
import { go, queryValue, ROUTES, withQuery } from '../../../../utils/nav';
import { fillUnitPicker, openOnUnit, pickUnit, unitPageData } from '../../../../utils/staff-page';
import { CALL_OUTCOME_NAMES, countdownText, secondsLeftNow, STATUS_NAMES } from '../../../../utils/spotcheck';
import type { CallOutcome, SpotCheckStatus } from '../../../../utils/spotcheck';

type Status = 'loading' | 'ok' | 'forbidden' | 'error';
type Board = OutputOf<'spotCheck.board'>;
type BoardItem = Board['items'][number];
type Channel = 'video' | 'phone';

/** The board is read again this often while it shows today. */
const REFRESH_MS = 60_000;

const COUNTS: { key: keyof Board['counts']; label: string }[] = [
  { key: 'open', label: '待响应' },
  { key: 'answered', label: '按时' },
  { key: 'late', label: '超时' },
  { key: 'missed', label: '未响应' },
];

const OUTCOMES: { key: CallOutcome; label: string }[] = (['seenAtPost', 'notAtPost', 'noAnswer'] as const).map((key) => ({ key, label: CALL_OUTCOME_NAMES[key] }));

/** A call being made from one item, and its result being recorded. */
interface Panel {
  /** '' nothing yet; loading: reading the call details; record: the call was made, its result is asked. */
  stage: '' | 'loading' | 'record';
  channel: Channel;
  /** What happened to the call, in words. */
  message: string;
  /** The number to offer 拨打电话 with ('' when there is none or not offered). */
  phone: string;
  note: string;
  busy: boolean;
  error: string;
}

interface Item {
  id: string;
  name: string;
  village: string;
  status: SpotCheckStatus;
  statusText: string;
  issued: string;
  issuedBy: string;
  deadline: string;
  note: string;
  open: boolean;
  /** Seconds left now (open ones), and as words. */
  left: number;
  countdown: string;
  answered: boolean;
  answerTime: string;
  place: string;
  placeClass: 'in' | 'out' | 'none';
  flags: string[];
  photoUrl: string;
  call: { text: string; detail: string; note: string; bad: boolean } | null;
  panel: Panel;
}

/** What the page keeps outside `data`, per page instance. */
interface State {
  board: Board | null;
  /** When (by the phone's clock) the board's answer arrived: countdowns run from there. */
  fetchedAt: number;
  seq: number;
  loading: boolean;
  timer: ReturnType<typeof setInterval> | null;
  panels: Map<string, Panel>;
  gone: boolean;
}

const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) {
    s = { board: null, fetchedAt: 0, seq: 0, loading: false, timer: null, panels: new Map(), gone: false };
    states.set(page, s);
  }
  return s;
}

const emptyPanel = (): Panel => ({ stage: '', channel: 'video', message: '', phone: '', note: '', busy: false, error: '' });

function itemOf(sc: BoardItem, panel: Panel, fetchedAt: number, now: number): Item {
  const open = sc.status === 'open';
  const left = open ? secondsLeftNow(sc.secondsLeft, fetchedAt, now) : 0;
  const a = sc.answer;
  return {
    id: sc.id,
    name: sc.personName,
    village: sc.villageName,
    status: sc.status,
    statusText: STATUS_NAMES[sc.status] ?? sc.status,
    issued: clockText(sc.issuedAt),
    issuedBy: sc.issuedByName,
    deadline: clockText(sc.deadline),
    note: sc.note,
    open,
    left,
    countdown: countdownText(left),
    answered: !!a,
    answerTime: a ? clockText(a.at) : '',
    place: a ? placeText(a) : '',
    placeClass: !a || a.inside === null ? 'none' : a.inside ? 'in' : 'out',
    flags: a ? a.flags.map(flagText) : [],
    photoUrl: a?.photoUrl ?? '',
    call: sc.call
      ? {
          text: `核查结果：${CALL_OUTCOME_NAMES[sc.call.outcome] ?? sc.call.outcome}`,
          detail: `${sc.call.channel === 'video' ? '视频通话' : '电话'} · ${sc.call.byName} ${clockText(sc.call.at)}`,
          note: sc.call.note,
          bad: sc.call.outcome === 'notAtPost',
        }
      : null,
    panel,
  };
}

/** `wx.join1v1Chat` on this WeChat (base library 2.20.1 or later), or null. */
function join1v1(): ((o: WechatMiniprogram.Join1v1ChatOption) => void) | null {
  const fn = (wx as unknown as { join1v1Chat?: unknown }).join1v1Chat;
  return typeof fn === 'function' ? (o) => (fn as (o: WechatMiniprogram.Join1v1ChatOption) => void).call(wx, o) : null;
}

Component({
  data: {
    ...unitPageData(),
    /** The day shown ('' until the server says which day today is). */
    date: '',
    dateText: '',
    /** Today by the server's clock. */
    today: '',
    boardStatus: 'loading' as Status,
    boardError: '',
    counts: COUNTS.map((c) => ({ ...c, n: 0 })),
    items: [] as Item[],
    openCount: 0,
    doneCount: 0,
    outcomes: OUTCOMES,
    notice: '',
  },

  lifetimes: {
    attached(): void {
      const s = stateOf(this);
      s.gone = false;
      if (!s.timer) s.timer = setInterval(() => this.tick(), 1000);
    },
    detached(): void {
      const s = stateOf(this);
      s.gone = true;
      if (s.timer) clearInterval(s.timer);
      s.timer = null;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const date = queryValue(query, 'date');
      if (/^\d{4}-\d{2}-\d{2}$/.test(date)) this.setData({ date, dateText: dayText(date) });
      void this.load(queryValue(query, 'unitId'));
    },

    async load(unitId: string): Promise<void> {
      const roots = await openOnUnit(this, unitId);
      if (roots) await Promise.all([this.loadBoard(false), fillUnitPicker(this, roots, { keepLinked: false })]);
    },

    /** Read the board; `quiet` (the timer's reads) keeps the items on screen meanwhile. */
    async loadBoard(quiet: boolean): Promise<void> {
      const s = stateOf(this);
      const seq = ++s.seq;
      const { unitId, date } = this.data;
      s.loading = true;
      if (!quiet) this.setData({ boardStatus: 'loading', boardError: '' });
      const a = await call('spotCheck.board', { unitId, ...(date ? { date } : {}) });
      if (seq !== s.seq) return;
      s.loading = false;
      if (s.gone) return;
      if (!a.ok) {
        if (quiet && s.board) return; // keep what is shown; the next minute tries again
        s.board = null;
        this.setData({ boardStatus: a.code === 'forbidden' ? 'forbidden' : 'error', boardError: errorText(a), items: [] });
        return;
      }
      s.board = a.data;
      s.fetchedAt = phoneNow();
      this.setData({
        boardStatus: 'ok',
        date: a.data.date,
        dateText: dayText(a.data.date),
        // Today by the server's clock (the date picker ends there).
        today: beijingToday(Date.parse(a.data.serverTime)),
        counts: COUNTS.map((c) => ({ ...c, n: a.data.counts[c.key] })),
      });
      this.show();
    },

    /** Rebuild the items from the board and the calls in progress. */
    show(): void {
      const s = stateOf(this);
      const now = phoneNow();
      const items = (s.board?.items ?? []).map((sc) => itemOf(sc, s.panels.get(sc.id) ?? emptyPanel(), s.fetchedAt, now));
      // Open ones first (soonest deadline first), then the rest as the server sorted them (newest first).
      const open = items.filter((i) => i.open).sort((x, y) => x.left - y.left);
      const done = items.filter((i) => !i.open);
      this.setData({ items: [...open, ...done], openCount: open.length, doneCount: done.length });
    },

    /** Every second: the countdowns; a read when one reaches zero, and every minute on today's board. */
    tick(): void {
      const s = stateOf(this);
      if (s.gone || !s.board || this.data.boardStatus !== 'ok') return;
      const now = phoneNow();
      const changes: Record<string, unknown> = {};
      let reachedZero = false;
      this.data.items.forEach((it, i) => {
        if (!it.open) return;
        const sc = s.board!.items.find((x) => x.id === it.id);
        if (!sc) return;
        const left = secondsLeftNow(sc.secondsLeft, s.fetchedAt, now);
        if (left === it.left) return;
        if (left === 0 && it.left > 0) reachedZero = true;
        changes[`items[${i}].left`] = left;
        changes[`items[${i}].countdown`] = countdownText(left);
      });
      if (Object.keys(changes).length) this.setData(changes);
      const showsToday = !!this.data.today && this.data.date === this.data.today;
      if (!s.loading && (reachedZero || (showsToday && now - s.fetchedAt >= REFRESH_MS))) void this.loadBoard(true);
    },

    onPickUnit(e: WechatMiniprogram.PickerChange): void {
      if (!pickUnit(this, e.detail.value, { notice: '' })) return;
      stateOf(this).panels.clear();
      void this.loadBoard(false);
    },

    onPickDate(e: WechatMiniprogram.PickerChange): void {
      const date = String(e.detail.value);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date === this.data.date) return;
      stateOf(this).panels.clear();
      this.setData({ date, dateText: dayText(date), notice: '' });
      void this.loadBoard(false);
    },

    onPreview(e: WechatMiniprogram.TouchEvent): void {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (!url) return;
      const urls = this.data.items.map((i) => i.photoUrl).filter(Boolean);
      wx.previewImage({ current: url, urls });
    },

    /** The item a button belongs to (`data-i`: its place in `items`). */
    itemAt(e: WechatMiniprogram.BaseEvent): Item | null {
      return this.data.items[Number(e.currentTarget.dataset.i)] ?? null;
    },

    panelOf(id: string): Panel {
      const s = stateOf(this);
      let p = s.panels.get(id);
      if (!p) {
        p = emptyPanel();
        s.panels.set(id, p);
      }
      return p;
    },

    setPanel(id: string, change: Partial<Panel>): void {
      Object.assign(this.panelOf(id), change);
      this.show();
    },

    async onVideo(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const item = this.itemAt(e);
      if (!item || item.panel.stage === 'loading') return;
      const id = item.id;
      this.setPanel(id, { stage: 'loading', error: '', message: '' });
      const info = await call('spotCheck.callInfo', { id });
      if (stateOf(this).gone) return;
      if (!info.ok) {
        this.setPanel(id, { stage: '', error: errorText(info) });
        return;
      }
      const { cadreName, cadreOpenid, phone, myName, myOpenid } = info.data;
      const join = join1v1();
      const phoneText = phone ?? '';
      if (!join || !cadreOpenid || !myOpenid) {
        const why = !join ? '当前微信版本不支持小程序内视频通话' : !cadreOpenid ? `${cadreName}还没有在小程序中绑定微信，无法视频通话` : '您的微信身份无法识别，无法视频通话';
        this.setPanel(id, { stage: '', channel: 'phone', phone: phoneText, message: phoneText ? `${why}，可以改为拨打电话` : `${why}，也没有登记手机号` });
        return;
      }
      join({
        caller: { nickname: myName || '组织部门', openid: myOpenid },
        listener: { nickname: cadreName, openid: cadreOpenid },
        roomType: 'video',
        success: () => this.setPanel(id, { stage: 'record', channel: 'video', phone: '', message: `已向${cadreName}发起视频通话；通话后请记录结果` }),
        fail: (err) => {
          const reason = (err as { errMsg?: string } | undefined)?.errMsg ?? '';
          this.setPanel(id, { stage: 'record', channel: 'video', phone: phoneText, message: `视频通话没有接通${reason ? `（${reason}）` : ''}${phoneText ? '，可以改为拨打电话' : ''}` });
        },
      });
    },

    onPhone(e: WechatMiniprogram.TouchEvent): void {
      const item = this.itemAt(e);
      const phone = item?.panel.phone;
      if (!item || !phone) return;
      const id = item.id;
      wx.makePhoneCall({
        phoneNumber: phone,
        success: () => this.setPanel(id, { stage: 'record', channel: 'phone', message: `已拨打 ${phone}；通话后请记录结果` }),
        fail: () => this.setPanel(id, { stage: 'record', channel: 'phone', message: `没有拨出 ${phone}` }),
      });
    },

    onNote(e: WechatMiniprogram.Input): void {
      const item = this.itemAt(e);
      // Kept without redrawing: the input shows what is typed.
      if (item) this.panelOf(item.id).note = e.detail.value;
    },

    async onRecord(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const item = this.itemAt(e);
      const outcome = String(e.currentTarget.dataset.outcome ?? '') as CallOutcome;
      if (!item || !OUTCOMES.some((o) => o.key === outcome)) return;
      const id = item.id;
      const panel = this.panelOf(id);
      if (panel.busy) return;
      this.setPanel(id, { busy: true, error: '' });
      const note = panel.note.trim().slice(0, 200);
      const a = await call('spotCheck.recordCall', { id, channel: panel.channel, outcome, ...(note ? { note } : {}) });
      const s = stateOf(this);
      if (s.gone) return;
      if (!a.ok) {
        this.setPanel(id, { busy: false, error: errorText(a, { note: '备注' }) });
        return;
      }
      // The answer's view has no photo link: keep the board's item, with the call recorded.
      const sc = s.board?.items.find((x) => x.id === id);
      if (sc) sc.call = a.data.call;
      s.panels.delete(id);
      this.setData({ notice: `已记录：${item.name} ${CALL_OUTCOME_NAMES[outcome]}${outcome === 'notAtPost' ? '，已生成当天的电话询问任务' : ''}` });
      this.show();
    },

    onCancelRecord(e: WechatMiniprogram.TouchEvent): void {
      const item = this.itemAt(e);
      if (!item) return;
      stateOf(this).panels.delete(item.id);
      this.show();
    },

    onIssue(): void {
      go(withQuery(ROUTES.spotCheckIssue, { unitId: this.data.unitId }));
    },

    onTasks(): void {
      go(withQuery(ROUTES.spotCheckTasks, { unitId: this.data.unitId }));
    },

    onFigures(): void {
      go(withQuery(ROUTES.spotCheckFigures, { unitId: this.data.unitId }));
    },

    onRetry(): void {
      if (this.data.status === 'error') void this.load(this.data.unitId);
      else void this.loadBoard(false);
    },
  },
});
