/**
 * 我的培训, for the cadre: the sessions they are enrolled in that have not ended (签到 at the venue
 * during the session: from 30 minutes before the start to the end, one location fix taken on the
 * tap, `wx.getLocation`, judged by the server — in the venue's radius, late after 15 minutes),
 * the sessions open to their unit (报名), and their training record (已签到, 迟到, 缺席). A
 * retried 签到 is the same record. The privacy dialog comes first when the person has not agreed.
 */
import { call } from '../../../api/index';
import type { OutputOf } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { shortTime } from '../../../utils/day';
import { locate, newClientId } from '../../../utils/location';
import { listenPrivacy, openPrivacyContract, settlePrivacy } from '../../../utils/privacy';
import type { PrivacyResolve } from '../../../utils/privacy';
import { sessionLine } from '../training';

type Status = 'loading' | 'ok' | 'notCadre' | 'error';
type Mine = OutputOf<'training.mine'>;

interface Upcoming {
  sessionId: string;
  title: string;
  line: string;
  /** `已签到 08:45`, `未签到 · 5月20日 08:30 起可签到`… */
  state: string;
  canCheckin: boolean;
  done: boolean;
}

interface OpenItem {
  id: string;
  title: string;
  line: string;
}

interface RecordItem {
  id: string;
  title: string;
  line: string;
  state: string;
  status: string;
}

interface State {
  /** One clientId per session's check-in, kept across its retries. */
  clientIds: Map<string, string>;
  privacyResolve: PrivacyResolve | null;
  stopPrivacy: (() => void) | null;
  gone: boolean;
}
const states = new WeakMap<object, State>();
function stateOf(page: object): State {
  let s = states.get(page);
  if (!s) states.set(page, (s = { clientIds: new Map(), privacyResolve: null, stopPrivacy: null, gone: false }));
  return s;
}

const title = (e: { courseName: string; kindName: string }) => `${e.courseName}（${e.kindName}）`;

function upcoming(e: Mine['upcoming'][number]): Upcoming {
  const state = e.checkedInAt
    ? `${e.statusName} ${shortTime(e.checkedInAt)}`
    : e.canCheckin
      ? '未签到：到培训地点后点“签到”'
      : `未签到 · ${shortTime(e.checkinFrom)} 起可签到`;
  return { sessionId: e.sessionId, title: title(e), line: sessionLine(e), state, canCheckin: e.canCheckin, done: !!e.checkedInAt };
}

Component({
  data: {
    status: 'loading' as Status,
    error: '',
    upcoming: [] as Upcoming[],
    open: [] as OpenItem[],
    record: [] as RecordItem[],
    counts: '',
    busyId: '',
    /** The answer to the last 签到 or 报名, shown under its session. */
    resultFor: '',
    result: '',
    resultOk: false,
    notice: '',
    privacyOpen: false,
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
    },
    detached(): void {
      const s = stateOf(this);
      s.gone = true;
      s.stopPrivacy?.();
      settlePrivacy(s, false);
    },
  },

  methods: {
    onLoad(): void {
      void this.load();
    },

    onShow(): void {
      if (this.data.status === 'ok') void this.load(true);
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading', error: '' });
      const a = await call('training.mine', {});
      if (stateOf(this).gone) return;
      if (!a.ok) {
        if (a.code === 'forbidden' || a.code === 'not_bound') this.setData({ status: 'notCadre' });
        else this.setData({ status: 'error', error: errorText(a) });
        return;
      }
      const d = a.data;
      this.setData({
        status: 'ok',
        upcoming: d.upcoming.map(upcoming),
        open: d.open.map((s) => ({ id: s.id, title: `${title(s)} · ${s.unitName}`, line: sessionLine(s) })),
        record: d.record.map((e) => ({ id: e.id, title: title(e), line: sessionLine(e), state: e.checkedInAt ? `${e.statusName} ${shortTime(e.checkedInAt)}` : e.statusName, status: e.status })),
        counts: d.counts.total ? `共参加 ${d.counts.total} 次培训：已签到 ${d.counts.present} 次，迟到 ${d.counts.late} 次，缺席 ${d.counts.absent} 次` : '',
      });
    },

    /** 签到: one fix now, sent with the session's clientId. */
    async onCheckin(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const sessionId = String(e.currentTarget.dataset.id ?? '');
      if (!sessionId || this.data.busyId) return;
      const s = stateOf(this);
      this.setData({ busyId: sessionId, resultFor: sessionId, result: '正在获取位置…', resultOk: false, notice: '' });
      const located = await locate();
      if (s.gone) return;
      if (!located.ok) return this.setData({ busyId: '', result: located.message, resultOk: false });
      this.setData({ result: '正在签到…' });
      let clientId = s.clientIds.get(sessionId);
      if (!clientId) s.clientIds.set(sessionId, (clientId = newClientId()));
      const { fix } = located;
      const a = await call('training.checkin', { sessionId, clientId, lat: fix.lat, lng: fix.lng, accuracy: fix.accuracy, capturedAt: fix.capturedAt });
      if (s.gone) return;
      if (!a.ok) {
        const again = a.code === 'network' ? '，请再点一次“签到”' : '';
        return this.setData({ busyId: '', result: `${a.message}${again}`, resultOk: false });
      }
      this.setData({ busyId: '', result: `签到成功：${a.data.statusName}${a.data.distanceM !== null ? `（距培训地点约 ${a.data.distanceM} 米）` : ''}`, resultOk: true });
      await this.load(true);
    },

    async onJoin(e: WechatMiniprogram.TouchEvent): Promise<void> {
      const sessionId = String(e.currentTarget.dataset.id ?? '');
      if (!sessionId || this.data.busyId) return;
      this.setData({ busyId: sessionId, resultFor: sessionId, result: '', notice: '' });
      const a = await call('training.enrolSelf', { sessionId });
      if (stateOf(this).gone) return;
      if (!a.ok) return this.setData({ busyId: '', result: a.message, resultOk: false });
      this.setData({ busyId: '', resultFor: '', result: '', notice: `已报名：${a.data.courseName}，${sessionLine(a.data)}` });
      await this.load(true);
    },

    onAgreePrivacy(): void {
      this.setData({ privacyOpen: false });
      settlePrivacy(stateOf(this), true);
    },

    onDisagreePrivacy(): void {
      this.setData({ privacyOpen: false });
      settlePrivacy(stateOf(this), false);
    },

    onOpenContract(): void {
      openPrivacyContract();
    },

    onRetry(): void {
      void this.load();
    },
  },
});
